// Importing an org tree from CSV: `code,parent_code,type,name,case_prefix`, one unit a line.
//
// type is a UNIT_TYPE name without its prefix (DISTRICT, SUB_DISTRICT, COMMUNITY, GRID,
// BUILDING_GROUP, MEDIATION_COMMITTEE, PROPERTY_COMPANY, DEPARTMENT), case-insensitive.
// parent_code names a unit already in the database or one earlier or later in the file (rows are
// created parents first); empty for a root. case_prefix is for sub-districts only. A first line
// starting with "code" is a header. Fields may be quoted ("...", with "" for a quote).
#pragma once

#include <string>
#include <vector>

#include "gridcase/engine.hpp"

namespace gridcase::admin {

struct ImportProblem {
  int line = 0;  // 1-based line of the CSV file
  std::string message;
};

struct ImportReport {
  int rows = 0;     // data rows read
  int created = 0;  // units created
  std::vector<ImportProblem> problems;
};

// Splits one CSV line into fields. False when a quote is left open.
bool split_csv_line(const std::string& line, std::vector<std::string>& fields);

// Creates the units of `csv` (the file's text) through `engine`, acting as kSystemActor.
// Rows with problems are skipped and reported; the others are created.
ImportReport import_org_csv(Engine& engine, const std::string& csv);

}  // namespace gridcase::admin
