// gridcase-figures: a unit's figures straight from the database file, with timings — for
// checks after an import and for the benchmark (gridcase-bench can call it, or time the same
// GetFigures call over the wire).
//
//   gridcase-figures --db PATH [--unit CODE] (--year YYYY | --month YYYY-MM | --from D --to D)
//                    [--period day|week|month|quarter|year] [--by-child] [--repeat N]
//
// Prints one JSON object: the unit, the period, every count and rate (numerator/denominator),
// the work summary, and the query time in milliseconds (min and median over --repeat runs,
// after one warm-up run). Runs as the system actor: the whole tree is in scope.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "gridcase/engine.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/open_store.hpp"

using namespace gridcase;

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

int fail(const std::string& message) {
  std::cerr << "gridcase-figures: " << message
            << "\nusage: gridcase-figures --db PATH|CONNINFO [--unit CODE] (--year YYYY | --month YYYY-MM | "
               "--from YYYY-MM-DD --to YYYY-MM-DD) [--period P] [--by-child] [--repeat N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  log::set_level(log::Level::kWarn);
  std::string db, unit_code;
  FigureQuery q;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db = value();
    else if (a == "--unit") unit_code = value();
    else if (a == "--year") {
      const int y = std::atoi(value().c_str());
      q.from_day = day_from_date(y, 1, 1);
      q.to_day = day_from_date(y + 1, 1, 1);
    } else if (a == "--month") {
      auto d = parse_day(value() + "-01");
      if (!d) return fail("--month YYYY-MM");
      q.from_day = *d;
      q.to_day = period_end(*d, Period::kMonth);
    } else if (a == "--from" || a == "--to") {
      auto d = parse_day(value());
      if (!d) return fail(a + " YYYY-MM-DD");
      (a == "--from" ? q.from_day : q.to_day) = *d;
    } else if (a == "--period") {
      auto p = parse_period(value());
      if (!p) return fail("--period day|week|month|quarter|year");
      q.period = *p;
    } else if (a == "--by-child") q.by_child_unit = true;
    else if (a == "--repeat") repeat = std::max(1, std::atoi(value().c_str()));
    else return fail("unknown option " + a);
  }
  if (db.empty() || q.from_day >= q.to_day) return fail("--db and a period are required");

  storage::StoreOptions options;
  options.sqlite.create_if_missing = false;
  auto store = storage::open_store(db, options);
  if (!store) return fail("cannot open " + storage::store_label(db) + ": " + store.status().to_string());
  Repository& repo = store->repo();
  net::SodiumCrypto crypto;
  SystemClock clock;
  Engine engine(repo, crypto, clock, nullptr);
  if (Status s = engine.load(); !s) return fail("cannot load: " + s.to_string());
  if (!unit_code.empty()) {
    for (const auto& u : engine.tree()->units()) {
      if (u.code == unit_code) q.unit_id = u.id;
    }
    if (q.unit_id == 0) return fail("no unit " + unit_code);
  } else {
    for (const auto& u : engine.tree()->units()) {
      if (u.parent_id == 0) {
        q.unit_id = u.id;
        break;
      }
    }
  }
  FigureService figures(engine, repo);
  Result<FigureReport> report = figures.figures(kSystemActor, q);  // warm-up
  if (!report) return fail(report.status().to_string());
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    report = figures.figures(kSystemActor, q);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!report) return fail(report.status().to_string());
  }
  std::sort(ms.begin(), ms.end());

  std::cout << "{\"unit\":" << json_string(report->unit.code) << ",\"unit_name\":" << json_string(report->unit.name)
            << ",\"from\":\"" << format_day(q.from_day) << "\",\"to\":\"" << format_day(q.to_day) << "\",\"counts\":{";
  bool first = true;
  for (const auto& f : figure_info()) {
    std::cout << (first ? "" : ",") << "\"" << f.code << "\":" << report->total[f.figure];
    first = false;
  }
  std::cout << "},\"rates\":{";
  first = true;
  for (const auto& r : rate_info()) {
    const Ratio ratio = rate(report->total, r.rate);
    std::cout << (first ? "" : ",") << "\"" << r.code << "\":[" << ratio.numerator << "," << ratio.denominator << "]";
    first = false;
  }
  std::cout << "},\"cells\":" << report->cells.size()
            << ",\"summary\":" << json_string(work_summary(report->unit.name, format_day(q.from_day) + "至" + format_day(q.to_day - 1), report->total))
            << ",\"ms\":{\"min\":" << ms.front() << ",\"median\":" << ms[ms.size() / 2] << ",\"runs\":" << ms.size()
            << "}}\n";
  store->close();
  return 0;
}
