// How a hazard's record, a case's whistle and an inspection's findings are kept in rows: each in
// one TEXT column as a JSON object of strings (encode_string_map), lists flattened into numbered
// keys ("r.0.note"), as kind_rows.hpp does for mediations and petitions. An empty record is
// stored as an empty string.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gridcase/hazard.hpp"
#include "gridcase/whistle.hpp"

// The columns of an inspection and of an inspection plan after their id, in the order both
// stores read and bind them.
#define GC_INSPECTION_FIELDS                                                                  \
  "plan_id, site_unit_id, site, inspector_user_id, state, due_at, done_at, note, findings, " \
  "version, created_at"
#define GC_PLAN_FIELDS                                                                        \
  "site_unit_id, site, period_days, inspector_user_id, next_due_at, active, created_by, "    \
  "created_at, inspections_made"

namespace gridcase::storage {

std::string encode_hazard(const Hazard& h);
// False when `text` is neither empty nor what encode_hazard writes.
bool decode_hazard(std::string_view text, Hazard& out);

std::string encode_whistle(const Whistle& w);
bool decode_whistle(std::string_view text, Whistle& out);

std::string encode_findings(const std::vector<Finding>& findings);
bool decode_findings(std::string_view text, std::vector<Finding>& out);

}  // namespace gridcase::storage
