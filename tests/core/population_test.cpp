// 人口底数 and 12345 complaints per 10,000 residents (population.hpp): the CSV an admin loads,
// what it refuses, and the monthly rates against a recount of the orders.
#include <catch2/catch.hpp>

#include <map>

#include "fixture.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/population.hpp"

namespace gridcase::testing {
namespace {

constexpr TimeMs kHour = 3600LL * 1000;
constexpr TimeMs kDay = 24 * kHour;

struct Rates : World {
  FigureService figures{engine, repo};
  int order_count = 0;

  // A 12345 order located in `unit`, received now.
  CaseId order(UnitId unit) {
    NewCase n = new_case(unit, CaseKind::kHotline, "HOT.URBAN.NOISE");
    n.channel = Channel::kHotline;
    n.title = "夜间施工噪音扰民";
    n.parties[0].id_number.clear();
    n.hotline.order_no = "GD" + std::to_string(++order_count);
    n.hotline.deadline_class = HotlineDeadlineClass::kNormal;
    n.hotline.dispatched_at = clock.now() - kHour;
    auto r = engine.commands().create_case_sync(clerk, n);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c.id;
  }
  ComplaintRates rates(UnitId unit, const std::string& from, const std::string& to) {
    auto r = figures.complaint_rates(supervisor, unit, *parse_day(from), *parse_day(to));
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return *r;
  }
  Status load(const std::string& csv) {
    auto r = engine.admin().load_population_sync(admin, csv);
    return r.status();
  }
};

const ComplaintRateRow& row_of(const ComplaintRates& r, UnitId unit) {
  for (const auto& c : r.children) {
    if (c.unit_id == unit) return c;
  }
  FAIL("no row for unit " << unit);
  return r.total;
}

TEST_CASE("population: a CSV is checked whole, and a bad one loads nothing") {
  Rates w;
  const std::string header = "单位编码,统计日期,人口,户数\n";
  auto refused = [&](const std::string& rows, const std::string& says) {
    const Status s = w.load(header + rows);
    INFO(s.to_string());
    CHECK(s.reason() == "BAD_POPULATION_CSV");
    CHECK(s.message().find(says) != std::string::npos);
  };
  // The good first row is not kept when a later one is wrong.
  refused("G1,2026-01-01,3000,1100\nG2,2026-01-01,-5,10\n", "第3行: 人口和户数不能为负数");
  refused("G1,2026-01-01,3000,1100\nG9,2026-01-01,2000,700\n", "第3行: 没有编码为“G9”的单位");
  refused("G1,2026-01-01,3000,1100\nG1,2026-01-01,3100,1100\n", "第3行: “河畔第一网格”2026-01-01的人口重复出现");
  refused("DEP1,2026-01-01,3000,1100\n", "不是社区或网格");
  refused("G1,2026-02-30,3000,1100\n", "统计日期“2026-02-30”无效");
  refused("G1,2026-01-01,3000\n", "应有4列");
  refused("G1,2026-01-01,三千,1100\n", "应为整数");
  refused("G1,2026-01-01,300,1100\n", "户数多于人口");
  refused("", "没有数据行");
  CHECK(w.load("unit,date,people\nG1,2026-01-01,3000,1100\n").reason() == "BAD_POPULATION_CSV");
  CHECK(w.load("").reason() == "BAD_POPULATION_CSV");
  CHECK(w.rates(w.grid_a, "2026-03-01", "2026-04-01").total.residents[0] == std::nullopt);

  SECTION("only admins load, and only units in their scope") {
    CHECK(w.engine.admin().load_population_sync(w.supervisor, header + "G1,2026-01-01,3000,1100\n").status().reason() ==
          "ROLE_MAY_NOT");
    const UserId other_admin = w.user("jh_admin", Role::kAdmin, w.jinghan);
    const auto r = w.engine.admin().load_population_sync(other_admin, header + "G1,2026-01-01,3000,1100\n");
    CHECK(r.status().message().find("不在您的管辖范围内") != std::string::npos);
  }
  SECTION("a good file is kept whole, with English headers and a spreadsheet's BOM too") {
    auto r = w.engine.admin().load_population_sync(
        w.admin, "\xEF\xBB\xBFunit_code,counted_on,residents,households\r\nG1,2026-01-01,3000,1100\r\n\r\nG2,2026-01-01,2000,800\r\n");
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    CHECK(*r == 2);
    CHECK(w.rates(w.hepan, "2026-03-01", "2026-04-01").total.residents[0] == 5000);
  }
}

TEST_CASE("population: complaints per 10,000 residents by month equal a recount, units without a population shown so") {
  Rates w;
  // Counts: grid A counted twice (its second count in force from March on), grid B once in
  // March (so January and February take it too), grid C (京汉) never: 京汉社区 has no population.
  REQUIRE(w.load("单位编码,统计日期,人口,户数\n"
                 "G1,2026-01-01,4000,1500\n"
                 "G1,2026-03-10,5000,1800\n"
                 "G2,2026-03-01,2500,900\n")
              .is_ok());
  // Orders: placed by the clock in January, February and March 2026 (kStart is 2026-03-16).
  struct Placed {
    const char* day;
    UnitId unit;
  };
  const std::vector<Placed> placed = {
      {"2026-01-05", w.grid_a}, {"2026-01-20", w.grid_a}, {"2026-01-21", w.grid_b}, {"2026-02-03", w.grid_c},
      {"2026-02-04", w.grid_a}, {"2026-03-02", w.building_a1}, {"2026-03-03", w.grid_b}, {"2026-03-04", w.grid_b},
      {"2026-03-05", w.grid_c},
  };
  for (const auto& p : placed) {
    w.clock.set(static_cast<TimeMs>(*parse_day(p.day)) * kDay + 2 * kHour);  // 10:00 in Beijing
    w.order(p.unit);
  }
  // Not a complaint: an ordinary case in the same grid.
  w.create(w.worker_a, w.grid_a);

  const ComplaintRates r = w.rates(w.sub_district, "2026-01-01", "2026-04-01");
  REQUIRE(r.months.size() == 3);
  CHECK(format_day(r.months[0]) == "2026-01-01");

  // The recount, from the cases themselves.
  std::map<std::pair<UnitId, int>, std::int64_t> recount;  // (community, month) -> orders
  CaseFilter all;
  all.kinds = {CaseKind::kHotline};
  all.limit = 1000;
  std::vector<Case> cases;
  REQUIRE(w.repo.read([&](ReadView& v) -> Status {
                 auto found = v.list_cases(all);
                 if (!found) return found.status();
                 cases = std::move(*found);
                 return Status{};
               }).is_ok());
  for (const Case& c : cases) {
    const OrgUnit* community = w.engine.tree()->ancestor_of_type(c.location.unit_id, UnitType::kCommunity);
    REQUIRE(community != nullptr);
    ++recount[{community->id, period_start(shanghai_day(c.created_at), Period::kMonth)}];
  }
  REQUIRE(cases.size() == placed.size());
  for (UnitId community : {w.hepan, w.jinghan}) {
    const ComplaintRateRow& row = row_of(r, community);
    for (std::size_t m = 0; m < r.months.size(); ++m) {
      CHECK(row.complaints[m] == recount[{community, r.months[m]}]);
    }
  }
  CHECK(r.total.complaints == std::vector<std::int64_t>{3, 2, 4});

  // 河畔社区 has no count of its own: its grids' sum. Jan: 4000 + 2500, Feb the same, Mar 5000 + 2500.
  const ComplaintRateRow& hepan = row_of(r, w.hepan);
  CHECK(hepan.residents == std::vector<std::optional<std::int64_t>>{6500, 6500, 7500});
  // (3 + 1 + 3) orders over 6500 + 6500 + 7500 residents-months, per 10,000.
  REQUIRE(hepan.period_rate.has_value());
  CHECK(*hepan.period_rate == Approx(7.0 * 10000 / 20500));
  CHECK(hepan.rank == 1);
  // 京汉社区: no population, never a rate of zero; ranked after the others, unranked.
  const ComplaintRateRow& jinghan = row_of(r, w.jinghan);
  CHECK(jinghan.residents[0] == std::nullopt);
  CHECK_FALSE(jinghan.period_rate.has_value());
  CHECK(jinghan.rank == 0);
  CHECK(r.children.back().unit_id == w.jinghan);
  CHECK(r.child_units.back().id == w.jinghan);
  // The sub-district needs every community counted: it has no population either.
  CHECK_FALSE(r.total.period_rate.has_value());

  SECTION("a community's grids, ranked by their rate") {
    const ComplaintRates g = w.rates(w.hepan, "2026-01-01", "2026-04-01");
    // Grid A (its building group included): 2 + 1 + 1 = 4 over 4000 + 4000 + 5000; grid B:
    // 1 + 0 + 2 = 3 over 2500 × 3. B's rate is the higher: A ranks first.
    REQUIRE(g.children.size() == 2);
    CHECK(g.children[0].unit_id == w.grid_a);
    CHECK(*g.children[0].period_rate == Approx(4.0 * 10000 / 13000));
    CHECK(g.children[1].unit_id == w.grid_b);
    CHECK(*g.children[1].period_rate == Approx(3.0 * 10000 / 7500));
    CHECK(g.children[1].rank == 2);
    CHECK(g.total.complaints == std::vector<std::int64_t>{3, 1, 3});
  }
  SECTION("once 京汉 is counted, the sub-district has a rate, and a later count applies from its month") {
    REQUIRE(w.load("单位编码,统计日期,人口,户数\nC2,2026-02-15,10000,3500\n").is_ok());
    const ComplaintRates again = w.rates(w.sub_district, "2026-01-01", "2026-04-01");
    CHECK(row_of(again, w.jinghan).residents == std::vector<std::optional<std::int64_t>>{10000, 10000, 10000});
    CHECK(*again.total.period_rate == Approx(9.0 * 10000 / (16500 + 16500 + 17500)));
  }
  SECTION("the sub-district's target line applies below it; only admins set it, on a sub-district") {
    CHECK_FALSE(r.target.has_value());
    ComplaintTarget t{w.sub_district, 3.5};
    REQUIRE(w.engine.admin().set_complaint_target_sync(w.admin, t).is_ok());
    const ComplaintRates g = w.rates(w.grid_a, "2026-03-01", "2026-04-01");
    REQUIRE(g.target.has_value());
    CHECK(g.target->unit_id == w.sub_district);
    CHECK(g.target->per_10k == 3.5);
    CHECK(w.engine.admin().set_complaint_target_sync(w.admin, {w.hepan, 2}).status().reason() ==
          "BAD_COMPLAINT_TARGET");
    CHECK(w.engine.admin().set_complaint_target_sync(w.admin, {w.sub_district, 0}).status().reason() ==
          "BAD_COMPLAINT_TARGET");
    CHECK(w.engine.admin().set_complaint_target_sync(w.supervisor, {w.sub_district, 4}).status().reason() ==
          "ROLE_MAY_NOT");
  }
  SECTION("a unit outside the caller's scope answers as a missing one") {
    auto outside = w.figures.complaint_rates(w.worker_b, w.grid_a, *parse_day("2026-01-01"), *parse_day("2026-04-01"));
    CHECK(outside.status().reason() == "UNIT_NOT_FOUND");
  }
}

}  // namespace
}  // namespace gridcase::testing
