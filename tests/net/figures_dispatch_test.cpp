// The figures calls through the dispatcher: GetFigures, GetRanking and ListFigureCases.
#include <catch2/catch.hpp>

#include <optional>

#include "fake_crypto.hpp"
#include "frames.hpp"
#include "gridcase/memory_repository.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/figures_convert.hpp"
#include "org_fixture.hpp"

using namespace gridcase;
using namespace gridcase::net;
using namespace gridcase::testing;

namespace {

constexpr TimeMs kStart = 1773626400000LL;  // 2026-03-16 10:00 Asia/Shanghai

struct FiguresHarness {
  MemoryRepository repo;
  FakeCrypto crypto;
  ManualClock clock{kStart};
  Engine engine{repo, crypto, clock, nullptr};
  Dispatcher dispatcher{engine};
  Org org;
  SessionContext ctx;
  std::uint64_t next_call = 1;

  FiguresHarness() {
    REQUIRE(engine.load().is_ok());
    org = build_org(engine);
  }

  v1::Reply call(v1::ClientFrame f) {
    f.set_call_id(next_call++);
    std::optional<v1::Reply> later;
    auto now = dispatcher.dispatch(ctx, f, [&](v1::Reply r) { later = std::move(r); });
    if (now) return *now;
    REQUIRE(later);
    return *later;
  }
  void login(const std::string& username) {
    auto r = call(frames::login(username, password_of(username)));
    REQUIRE_FALSE(r.has_error());
  }
};

v1::ClientFrame figures(std::int64_t unit, const std::string& from, const std::string& to) {
  v1::ClientFrame f;
  auto* req = f.mutable_get_figures();
  req->set_unit_id(unit);
  req->set_from(from);
  req->set_to(to);
  return f;
}

}  // namespace

TEST_CASE("GetFigures answers counts, rates, definitions and the summary of the caller's subtree") {
  FiguresHarness h;
  h.login("supervisor");
  for (int i = 0; i < 3; ++i) {
    auto r = h.call(frames::create_case("c" + std::to_string(i), i == 2 ? h.org.grid_b : h.org.grid_a));
    REQUIRE(r.has_case_result());
  }
  auto f = h.call(figures(h.org.sub_district, "2026-03-01", "2026-04-01"));
  INFO(f.error().reason());
  REQUIRE(f.has_figures());
  CHECK(f.figures().total().counts().at("received") == 3);
  CHECK(f.figures().definitions_size() == kFigureCount + kRateCount);
  CHECK(f.figures().summary().find("共受理各类事项3件") != std::string::npos);
  CHECK(f.figures().summary().rfind("2026年3月，新城街道", 0) == 0);

  auto by_unit = figures(h.org.community, "2026-03-01", "2026-04-01");
  by_unit.mutable_get_figures()->set_by_child_unit(true);
  by_unit.mutable_get_figures()->set_period(v1::PERIOD_WEEK);
  f = h.call(by_unit);
  REQUIRE(f.has_figures());
  REQUIRE(f.figures().cells_size() == 2);
  CHECK(f.figures().cells(0).unit_id() == h.org.grid_a);
  CHECK(f.figures().cells(0).period_label() == "2026-W12");
  CHECK(f.figures().cells(0).figures().counts().at("received") == 2);

  v1::ClientFrame drill;
  auto* d = drill.mutable_list_figure_cases();
  d->set_unit_id(h.org.sub_district);
  d->set_from("2026-03-16");
  d->set_to("2026-03-17");
  d->set_figure("open");
  d->set_page_size(2);
  auto page = h.call(drill);
  REQUIRE(page.has_figure_cases());
  CHECK(page.figure_cases().cases_size() == 2);
  CHECK_FALSE(page.figure_cases().next_page_token().empty());
  CHECK(page.figure_cases().cases(0).parties(0).phone() == "138****1234");

  v1::ClientFrame ranking;
  auto* rq = ranking.mutable_get_ranking();
  rq->set_unit_id(h.org.community);
  rq->set_from("2026-01-01");
  rq->set_to("2027-01-01");
  auto ranked = h.call(ranking);
  REQUIRE(ranked.has_ranking());
  CHECK(ranked.ranking().entries_size() == 2);  // no case is due yet: no scores
  CHECK_FALSE(ranked.ranking().entries(0).has_score());
}

TEST_CASE("figures calls refuse bad dates, unknown figures and units outside the caller's scope") {
  FiguresHarness h;
  h.login("grid_a");
  auto r = h.call(figures(0, "2026-02-30", "2026-04-01"));
  CHECK(r.error().reason() == "BAD_DATE");
  r = h.call(figures(h.org.community, "2026-03-01", "2026-04-01"));
  CHECK(r.error().code() == static_cast<int>(Code::kNotFound));
  r = h.call(figures(0, "2026-03-01", "2026-04-01"));
  REQUIRE(r.has_figures());
  CHECK(r.figures().unit().id() == h.org.grid_a);
  v1::ClientFrame drill;
  drill.mutable_list_figure_cases()->set_from("2026-03-01");
  drill.mutable_list_figure_cases()->set_to("2026-04-01");
  drill.mutable_list_figure_cases()->set_figure("speed");
  CHECK(h.call(drill).error().reason() == "UNKNOWN_FIGURE");
  v1::ClientFrame ranking;
  ranking.mutable_get_ranking()->set_from("2026-01-01");
  ranking.mutable_get_ranking()->set_to("2027-01-01");
  ranking.mutable_get_ranking()->set_weights("closure=abc");
  CHECK(h.call(ranking).error().reason() == "BAD_WEIGHTS");
}

TEST_CASE("the summary names whole years, quarters and months") {
  CHECK(summary_period(day_from_date(2026, 1, 1), day_from_date(2027, 1, 1)) == "2026年");
  CHECK(summary_period(day_from_date(2026, 4, 1), day_from_date(2026, 7, 1)) == "2026年第二季度");
  CHECK(summary_period(day_from_date(2026, 3, 1), day_from_date(2026, 4, 1)) == "2026年3月");
  CHECK(summary_period(day_from_date(2026, 3, 1), day_from_date(2026, 3, 16)) == "2026-03-01至2026-03-15");
}
