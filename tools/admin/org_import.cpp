#include "org_import.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "gridcase/names.hpp"

namespace gridcase::admin {

namespace {

struct Row {
  int line = 0;
  std::string code;
  std::string parent_code;
  UnitType type = UnitType::kUnspecified;
  std::string name;
  std::string case_prefix;
};

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

bool split_csv_line(const std::string& line, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  if (quoted) return false;
  fields.push_back(trim(field));
  return true;
}

ImportReport import_org_csv(Engine& engine, const std::string& csv) {
  ImportReport report;
  std::vector<Row> rows;
  std::set<std::string> codes_in_file;
  std::istringstream in(csv);
  std::string line;
  int number = 0;
  std::vector<std::string> f;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line = line.substr(3);  // BOM
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    if (!split_csv_line(line, f)) {
      report.problems.push_back({number, "unterminated quote"});
      continue;
    }
    if (number == 1 && !f.empty() && f[0] == "code") continue;  // header
    ++report.rows;
    if (f.size() < 4 || f.size() > 5) {
      report.problems.push_back({number, "expected 4 or 5 fields (code,parent_code,type,name,case_prefix), got " +
                                             std::to_string(f.size())});
      continue;
    }
    Row r;
    r.line = number;
    r.code = f[0];
    r.parent_code = f[1];
    r.name = f[3];
    r.case_prefix = f.size() > 4 ? f[4] : "";
    auto type = parse_name<UnitType>(f[2]);
    if (!type || *type == UnitType::kUnspecified) {
      report.problems.push_back({number, "unknown unit type '" + f[2] + "'"});
      continue;
    }
    r.type = *type;
    if (r.code.empty() || r.name.empty()) {
      report.problems.push_back({number, "code and name are required"});
      continue;
    }
    if (!codes_in_file.insert(r.code).second) {
      report.problems.push_back({number, "code " + r.code + " appears twice in the file"});
      continue;
    }
    rows.push_back(std::move(r));
  }

  std::map<std::string, UnitId> known;
  std::set<std::string> failed;  // codes of rows that could not be created
  for (const auto& u : engine.tree()->units()) known[u.code] = u.id;

  // Parents first: create what can be created until a pass makes no progress.
  std::vector<bool> done(rows.size(), false);
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (done[i]) continue;
      const Row& r = rows[i];
      UnitId parent = 0;
      if (!r.parent_code.empty()) {
        auto it = known.find(r.parent_code);
        if (it == known.end()) continue;  // perhaps a later row creates it
        parent = it->second;
      }
      done[i] = true;
      progress = true;
      if (known.count(r.code)) {
        report.problems.push_back({r.line, "unit " + r.code + " already exists"});
        failed.insert(r.code);
        continue;
      }
      OrgUnit u;
      u.parent_id = parent;
      u.type = r.type;
      u.code = r.code;
      u.name = r.name;
      u.case_prefix = r.case_prefix;
      auto made = engine.admin().create_unit_sync(kSystemActor, u);
      if (!made) {
        report.problems.push_back({r.line, made.status().to_string()});
        failed.insert(r.code);
        continue;
      }
      known[r.code] = made->id;
      ++report.created;
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (done[i]) continue;
    const std::string& parent = rows[i].parent_code;
    if (failed.count(parent) || codes_in_file.count(parent)) {
      report.problems.push_back({rows[i].line, "parent " + parent + " was not created"});
    } else {
      report.problems.push_back({rows[i].line, "parent " + parent + " is neither in the database nor in the file"});
    }
  }
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
  return report;
}

}  // namespace gridcase::admin
