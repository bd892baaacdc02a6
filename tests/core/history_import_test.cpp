// The historical-import path: cases with their real times, their own deadlines, in time order,
// idempotent step by step.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/history_import.hpp"

namespace gridcase::testing {
namespace {

constexpr TimeMs kHour = 3600LL * 1000;

HistoricalCase historical(const World& w, const std::string& key, TimeMs opened, TimeMs target, TimeMs closed) {
  HistoricalCase c;
  c.key = "test:" + key;
  c.kind = CaseKind::kIncident;
  c.category_code = "INC.ENV.RUBBISH";
  c.channel = Channel::kPhone;
  c.title = "历史事项 " + key;
  c.unit_id = w.grid_a;
  c.opened_at = opened;
  c.target_at = target;
  c.closed_at = closed;
  return c;
}

Result<bool> apply(World& w, const HistoricalCase& c, const TimedStep& s) {
  Result<bool> out = false;
  Status st = w.repo.write_sync([&](WriteView& view) {
    out = apply_import_step(view, *w.engine.tree(), c, s);
    return out ? Status{} : out.status();
  });
  if (!st) return st;
  return out;
}

TEST_CASE("imported cases keep their real times and their own deadlines, and count in the figures") {
  World w;
  const TimeMs t0 = kStart - 30 * 24 * kHour;  // a month before "now"
  std::vector<HistoricalCase> cases = {
      historical(w, "on-time", t0, t0 + 48 * kHour, t0 + 24 * kHour),
      historical(w, "late", t0 + kHour, t0 + 10 * kHour, t0 + 72 * kHour),
      historical(w, "open-overdue", t0 + 2 * kHour, t0 + 5 * kHour, 0),
      historical(w, "no-target", t0 + 3 * kHour, 0, t0 + 4 * kHour),
  };
  for (const auto& c : cases) REQUIRE(check_historical_case(c, *w.engine.tree(), w.engine.queries().categories(CaseKind::kUnspecified)).is_ok());
  struct S {
    TimedStep step;
    std::size_t i;
  };
  std::vector<S> steps;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    for (const auto& s : import_steps(cases[i], kStart)) steps.push_back({s, i});
  }
  CHECK(steps.size() == 4 + 2 + 3);  // opens, closes, expiries of "late" and "open-overdue"
  std::stable_sort(steps.begin(), steps.end(), [](const S& a, const S& b) { return a.step.at < b.step.at; });
  for (const auto& s : steps) {
    auto r = apply(w, cases[s.i], s.step);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    CHECK(*r);
  }
  // Again: nothing is applied twice.
  for (const auto& s : steps) CHECK_FALSE(*apply(w, cases[s.i], s.step));

  // The history reads as it happened: every event at its real time, seq order = time order.
  auto events = w.engine.queries().events_since(1, 1000);
  REQUIRE(events.is_ok());
  std::vector<Event> imported;
  for (const auto& e : *events) {
    if (e.actor_id == kSystemActor && e.case_number.rfind("XC-", 0) == 0) imported.push_back(e);
  }
  REQUIRE(imported.size() == 2 * 4 + 2 * 3 + 2);  // create+accept, resolve+close, expiries
  for (std::size_t i = 1; i < imported.size(); ++i) CHECK(imported[i].at >= imported[i - 1].at);

  FigureService figures(w.engine, w.repo);
  FigureQuery q;
  q.unit_id = w.sub_district;
  q.from_day = shanghai_day(t0) - 1;
  q.to_day = shanghai_day(kStart) + 1;
  auto r = figures.figures(w.supervisor, q);
  REQUIRE(r.is_ok());
  CHECK(r->total[Figure::kReceived] == 4);
  CHECK(r->total[Figure::kClosed] == 3);
  CHECK(r->total[Figure::kClosedOnTime] == 2);  // on-time and no-target
  CHECK(r->total[Figure::kOverdue] == 2);       // late and open-overdue
  CHECK(r->total[Figure::kDue] == 4);
  CHECK(r->total[Figure::kClosedAtGrid] == 3);
  auto first = w.engine.queries().get_case_by_number(w.supervisor, imported[0].case_number);
  REQUIRE(first.is_ok());
  CHECK(first->c.created_at == t0);
}

TEST_CASE("a step before its case's opening, or a bad row, is refused") {
  World w;
  HistoricalCase c = historical(w, "x", kStart, kStart + kHour, kStart + 2 * kHour);
  auto r = apply(w, c, {kStart + 2 * kHour, ImportStep::kClose});
  CHECK(r.status().reason() == "IMPORT_OUT_OF_ORDER");
  const auto cats = w.engine.queries().categories(CaseKind::kUnspecified);
  HistoricalCase bad = c;
  bad.closed_at = kStart - 1;
  CHECK(check_historical_case(bad, *w.engine.tree(), cats).reason() == "CLOSED_BEFORE_OPENED");
  bad = c;
  bad.unit_id = w.hepan;
  CHECK(check_historical_case(bad, *w.engine.tree(), cats).reason() == "BAD_LOCATION");
  bad = c;
  bad.category_code = "INC.ENV";
  CHECK(check_historical_case(bad, *w.engine.tree(), cats).reason() == "UNKNOWN_CATEGORY");
}

}  // namespace
}  // namespace gridcase::testing
