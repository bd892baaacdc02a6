// gridcase-import: loads historical cases from a CSV file through the historical-import path
// (core/gridcase/history_import.hpp), with a mapping file for columns, values, categories and
// the units (the demo city) it creates. Run against the database file, server stopped or not;
// --db may also name a PostgreSQL database (postgresql://... or "host=... dbname=...").
//
//   gridcase-import --db var/gridcase.db --mapping tools/import/mappings/boston311.map
//                   [--limit N] [--as-of YYYY-MM-DD] [--batch N] [--quiet] FILE.csv|-
//
// Rows are read whole, checked (rejected rows are summed up by reason at the end), and their
// steps applied in time order, --batch steps per write unit. Interrupted, it resumes: steps
// already applied are skipped. Exit codes: 0 done, 1 failed (rerun to resume), 2 usage.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "csv_reader.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/history_import.hpp"
#include "gridcase/log.hpp"
#include "gridcase/names.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/open_store.hpp"
#include "mapping.hpp"

using namespace gridcase;
using namespace gridcase::import;

namespace {

struct Usage {
  std::string message;
};

struct Options {
  std::string db = "var/gridcase.db";
  std::string mapping;
  std::string input;
  long limit = 0;
  TimeMs as_of = 0;
  int batch = 2000;
  bool quiet = false;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw Usage{a + " needs a value"};
      return argv[++i];
    };
    if (a == "--db") o.db = value();
    else if (a == "--mapping") o.mapping = value();
    else if (a == "--limit") o.limit = std::stol(value());
    else if (a == "--batch") o.batch = std::max(1, std::stoi(value()));
    else if (a == "--quiet") o.quiet = true;
    else if (a == "--as-of") {
      auto day = parse_day(value());
      if (!day) throw Usage{"--as-of YYYY-MM-DD"};
      o.as_of = static_cast<TimeMs>(*day) * 86400000LL - 8LL * 3600 * 1000;
    } else if (!a.empty() && a[0] == '-' && a != "-") throw Usage{"unknown option " + a};
    else if (o.input.empty()) o.input = a;
    else throw Usage{"one input file only"};
  }
  if (o.mapping.empty() || o.input.empty()) throw Usage{"--mapping and an input file are required"};
  return o;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A precinct code WWPP read from its leading number: "503.0" → ward 5, precinct 3; "0502A" →
// ward 5, precinct 2.
bool split_wwpp(const std::string& text, int& ward, int& precinct) {
  std::size_t at = text.find_first_not_of(" \t");
  if (at == std::string::npos) return false;
  std::size_t end = at;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  if (end == at) return false;
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  }
  const double v = std::strtod(text.substr(at, end - at).c_str(), nullptr);
  if (v < 100 || v >= 10000) return false;
  const int code = static_cast<int>(v + 0.5);
  ward = code / 100;
  precinct = code % 100;
  return ward > 0 && precinct > 0;
}

void progress(bool quiet, std::size_t done, std::size_t total) {
  if (quiet || total == 0) return;
  const int width = 40;
  const int filled = static_cast<int>(width * done / total);
  std::cerr << "\r导入 import [" << std::string(filled, '#') << std::string(width - filled, ' ') << "] "
            << done << "/" << total << " steps (" << (100 * done / total) << "%)" << std::flush;
  if (done == total) std::cerr << '\n';
}

class Importer {
 public:
  Importer(const Options& o, Mapping m) : o_(o), m_(std::move(m)) {}

  int run() {
    auto opened = storage::open_store(o_.db);
    if (!opened) {
      throw std::runtime_error("cannot open " + storage::store_label(o_.db) + ": " + opened.status().to_string());
    }
    store_ = std::move(*opened);
    repo_ = &store_.repo();
    ensure_categories();
    engine_ = std::make_unique<Engine>(*repo_, crypto_, clock_, nullptr);
    check(engine_->load(), "loading the database");
    categories_ = engine_->queries().categories(CaseKind::kUnspecified);
    ensure_city();

    std::ifstream file;
    std::istream* in = &std::cin;
    if (o_.input != "-") {
      file.open(o_.input, std::ios::binary);
      if (!file) throw std::runtime_error("cannot read " + o_.input);
      in = &file;
    }
    CsvReader csv(*in);
    std::vector<std::string> header, fields;
    if (!csv.next(header)) throw std::runtime_error("the input is empty");
    for (std::size_t i = 0; i < header.size(); ++i) column_[header[i]] = i;

    std::vector<HistoricalCase> cases;
    long rows = 0;
    std::map<std::string, long> rejected;
    std::map<std::string, std::string> example;
    while ((o_.limit == 0 || rows < o_.limit) && csv.next(fields)) {
      ++rows;
      HistoricalCase c;
      Status s = map_row(fields, c);
      if (s) s = check_historical_case(c, *engine_->tree(), categories_);
      if (!s) {
        ++rejected[s.reason()];
        if (!example.count(s.reason())) example[s.reason()] = "row " + std::to_string(rows) + ": " + s.message();
        continue;
      }
      cases.push_back(std::move(c));
    }

    TimeMs as_of = o_.as_of;
    if (as_of == 0) {
      for (const auto& c : cases) as_of = std::max({as_of, c.opened_at, c.closed_at});
      as_of += 1;
    }
    struct Step {
      TimedStep step;
      std::size_t index;
    };
    std::vector<Step> steps;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      for (const auto& s : import_steps(cases[i], as_of)) steps.push_back({s, i});
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
      if (a.step.at != b.step.at) return a.step.at < b.step.at;
      if (a.index != b.index) return a.index < b.index;
      return a.step.step < b.step.step;
    });

    OrgTreePtr tree = engine_->tree();
    long applied = 0, skipped = 0;
    for (std::size_t from = 0; from < steps.size(); from += static_cast<std::size_t>(o_.batch)) {
      const std::size_t to = std::min(steps.size(), from + static_cast<std::size_t>(o_.batch));
      long batch_applied = 0, batch_skipped = 0;
      Status s = repo_->write_sync([&](WriteView& view) -> Status {
        batch_applied = batch_skipped = 0;
        for (std::size_t i = from; i < to; ++i) {
          auto r = apply_import_step(view, *tree, cases[steps[i].index], steps[i].step);
          if (!r) return r.status();
          (*r ? batch_applied : batch_skipped)++;
        }
        return Status{};
      });
      if (!s) {
        std::cerr << "\nimport stopped at step " << from << ": " << s.to_string()
                  << "\nrun the same command again to resume.\n";
        return 1;
      }
      applied += batch_applied;
      skipped += batch_skipped;
      progress(o_.quiet, to, steps.size());
    }

    long closed = 0;
    for (const auto& c : cases) closed += c.closed_at != 0;
    std::cout << "rows read: " << rows << "\n"
              << "cases imported or present: " << cases.size() << " (closed " << closed << ")\n"
              << "steps applied: " << applied << ", already applied before (resumed): " << skipped << "\n"
              << "rows rejected: " << (rows - static_cast<long>(cases.size())) << "\n";
    for (const auto& [reason, n] : rejected) {
      std::cout << "  " << reason << ": " << n << "  (e.g. " << example[reason] << ")\n";
    }
    engine_.reset();
    store_.close();
    return 0;
  }

 private:
  static void check(const Status& s, const std::string& what) {
    if (!s) throw std::runtime_error(what + ": " + s.to_string());
  }

  std::string cell(const std::vector<std::string>& fields, const std::string& column) const {
    auto it = column_.find(column);
    if (it == column_.end() || it->second >= fields.size()) return "";
    return fields[it->second];
  }

  Status map_row(const std::vector<std::string>& f, HistoricalCase& c) {
    const std::string format = m_.get("time_format");
    c.key = m_.get("name") + ":" + cell(f, m_.get("key"));
    if (cell(f, m_.get("key")).empty()) return Status(reason::BAD_KEY, "no key");
    c.kind = m_.kind;
    c.title = cell(f, m_.get("title"));
    if (!m_.get("description").empty()) c.description = cell(f, m_.get("description"));
    if (c.title.size() > 200) c.title.resize(200);
    if (c.description.size() > 4000) c.description.resize(4000);
    auto opened = parse_time(cell(f, m_.get("opened")), format, m_.utc_offset_ms);
    if (!opened) return Status(reason::BAD_OPENED, "unreadable opening time");
    c.opened_at = *opened;
    if (!m_.get("target").empty()) {
      const std::string t = cell(f, m_.get("target"));
      if (!t.empty()) {
        auto target = parse_time(t, format, m_.utc_offset_ms);
        if (!target) return Status(reason::BAD_TARGET, "unreadable target time");
        c.target_at = *target;
      }
    }
    bool closed = true;
    if (const std::string cond = m_.get("closed_if"); !cond.empty()) {
      const auto eq = cond.find('=');
      closed = cell(f, cond.substr(0, eq)) == cond.substr(eq + 1);
    }
    if (closed && !m_.get("closed").empty()) {
      const std::string t = cell(f, m_.get("closed"));
      if (!t.empty()) {
        auto at = parse_time(t, format, m_.utc_offset_ms);
        if (!at) return Status(reason::BAD_CLOSED, "unreadable closing time");
        c.closed_at = *at;
      }
    }
    if (!m_.channel.column.empty()) {
      auto ch = m_.channel.lookup(cell(f, m_.channel.column));
      if (!ch) return Status(reason::UNMAPPED_CHANNEL, "no channel for " + cell(f, m_.channel.column));
      c.channel = *parse_name<Channel>(*ch);
    }
    auto cat = m_.category.lookup(cell(f, m_.category.column));
    if (!cat) return Status(reason::UNMAPPED_CATEGORY, "no category for " + cell(f, m_.category.column));
    c.category_code = *cat;
    int ward = 0, precinct = 0;
    if (!split_wwpp(cell(f, m_.city.count("grid_column") ? m_.city.at("grid_column") : ""), ward, precinct)) {
      return Status(reason::NO_LOCATION, "no ward and precinct");
    }
    auto grid = grid_unit(ward, precinct);
    if (!grid) return grid.status();
    c.unit_id = *grid;
    return {};
  }

  std::string city(const std::string& key, int part) const {
    auto it = m_.city.find(key);
    if (it == m_.city.end()) return "";
    std::vector<std::string> parts;
    std::string s = it->second;
    for (std::size_t at = 0;;) {
      const auto bar = s.find('|', at);
      std::string p = s.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
      const auto b = p.find_first_not_of(' ');
      const auto e = p.find_last_not_of(' ');
      parts.push_back(b == std::string::npos ? "" : p.substr(b, e - b + 1));
      if (bar == std::string::npos) break;
      at = bar + 1;
    }
    return part < static_cast<int>(parts.size()) ? parts[part] : "";
  }

  // The unit with `code`, created under `parent` when missing.
  Result<UnitId> unit(const std::string& code, const std::string& name, UnitType type, UnitId parent,
                      const std::string& prefix = "") {
    auto known = by_code_.find(code);
    if (known != by_code_.end()) return known->second;
    for (const auto& u : engine_->tree()->units()) {
      if (u.code == code) return by_code_[code] = u.id;
    }
    OrgUnit u;
    u.parent_id = parent;
    u.type = type;
    u.code = code;
    u.name = name;
    u.case_prefix = prefix;
    auto made = engine_->admin().create_unit_sync(kSystemActor, u);
    if (!made) return made.status();
    return by_code_[code] = made->id;
  }

  void ensure_city() {
    auto district = unit(city("district", 0), city("district", 1), UnitType::kDistrict, 0);
    check(district.status(), "creating the district");
    auto sd = unit(city("sub_district", 0), city("sub_district", 1), UnitType::kSubDistrict, *district,
                   city("sub_district", 2));
    check(sd.status(), "creating the sub-district");
    sub_district_ = *sd;
  }

  Result<UnitId> grid_unit(int ward, int precinct) {
    std::map<std::string, std::string> v = {{"sd", city("sub_district", 0)},
                                            {"ward", std::to_string(ward)},
                                            {"precinct", std::to_string(precinct)}};
    auto community = unit(fill(m_.city["community_code"], v), fill(m_.city["community_name"], v),
                          UnitType::kCommunity, sub_district_);
    if (!community) return community.status();
    return unit(fill(m_.city["grid_code"], v), fill(m_.city["grid_name"], v), UnitType::kGrid, *community);
  }

  void ensure_categories() {
    if (m_.new_categories.empty()) return;
    check(repo_->write_sync([&](WriteView& view) -> Status {
            auto existing = view.load_categories();
            if (!existing) return existing.status();
            for (const auto& n : m_.new_categories) {
              if (std::any_of(existing->begin(), existing->end(), [&](const Category& c) { return c.code == n.code; })) {
                continue;
              }
              Category c;
              c.code = n.code;
              c.kind = m_.kind;
              c.parent_code = n.parent;
              c.name = n.name;
              c.default_handler = n.parent.empty() ? UnitType::kUnspecified : UnitType::kGrid;
              GRIDCASE_RETURN_IF_ERROR(view.upsert_category(c));
            }
            return Status{};
          }),
          "creating categories");
  }

  const Options& o_;
  Mapping m_;
  net::SodiumCrypto crypto_;
  SystemClock clock_;
  storage::Store store_;
  Repository* repo_ = nullptr;  // store_'s
  std::unique_ptr<Engine> engine_;
  std::vector<Category> categories_;
  std::map<std::string, std::size_t> column_;
  std::map<std::string, UnitId> by_code_;
  UnitId sub_district_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  log::set_level(log::Level::kWarn);
  try {
    const Options o = parse(argc, argv);
    auto mapping = parse_mapping(read_file(o.mapping));
    if (!mapping) {
      std::cerr << "gridcase-import: " << mapping.status().to_string() << '\n';
      return 2;
    }
    Importer importer(o, std::move(*mapping));
    return importer.run();
  } catch (const Usage& u) {
    std::cerr << "gridcase-import: " << u.message
              << "\nusage: gridcase-import --db PATH|CONNINFO --mapping FILE [--limit N] [--as-of YYYY-MM-DD] "
                 "[--batch N] [--quiet] FILE.csv|-\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "gridcase-import: " << e.what() << '\n';
    return 1;
  }
}
