// Figures, rankings and the work summary over a scenario whose every number is worked out by
// hand (in the comments), and the fold of events that today's engine cannot produce yet
// (hotline callbacks and appeals, visits of several people).
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/figures.hpp"

namespace gridcase::testing {
namespace {

using F = Figure;

struct Scenario : World {
  FigureService figures{engine, repo};
  CaseId c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0;
  int today = shanghai_day(kStart);

  CaseId make(UnitId where, CaseKind kind, const std::string& category, Channel channel) {
    NewCase n = new_case(where, kind, category);
    n.channel = channel;
    auto r = engine.commands().create_case_sync(supervisor, n);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c.id;
  }
  void step(CaseId id, Action a) { act_ok(supervisor, a, id); }
  void steps(CaseId id, std::initializer_list<Action> actions) {
    for (Action a : actions) step(id, a);
  }

  // Eight cases registered on 2026-03-16 in the sub-district (all at 10:00):
  //  c1 grid A, incident: accept, dispatch, resolve, close            closed on time at grid
  //  c2 grid A, incident: ... resolve, reopen, resolve, close         + reopened once
  //  c3 grid B, incident: accept, extension approved, ..., close      + extended once
  //  c4 grid C, incident: accept, escalate MANUAL, urge x2, dispatch, resolve, close
  //                                                                   closed at community
  //  c5 grid A, incident: accept; its 4 working-hour RESOLVE clock runs out at 15:30 and
  //                       escalates it (DEADLINE) to the community    overdue, open, due
  //  c6 grid B, incident: reject                                      not accepted
  //  c7 grid A, dispute by a visit (WALK_IN): accept, dispatch, resolve, close
  //  c8 grid C, hotline order (HOTLINE): accept in time, dispatch, resolve, close
  Scenario() {
    using A = Action;
    c1 = make(grid_a, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
    steps(c1, {A::kAccept, A::kDispatch, A::kResolve, A::kClose});
    c2 = make(grid_a, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
    steps(c2, {A::kAccept, A::kDispatch, A::kResolve, A::kReopen, A::kResolve, A::kClose});
    c3 = make(grid_b, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPhone);
    steps(c3, {A::kAccept, A::kDecideExtension, A::kDispatch, A::kResolve, A::kClose});
    c4 = make(grid_c, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
    steps(c4, {A::kAccept, A::kEscalate, A::kUrge, A::kUrge});
    CaseCommand d = command(A::kDispatch, c4);
    d.unit_id = jinghan;
    REQUIRE(engine.commands().act_sync(supervisor, d).is_ok());
    steps(c4, {A::kResolve, A::kClose});
    c5 = make(grid_a, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
    step(c5, A::kAccept);
    c6 = make(grid_b, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
    step(c6, A::kReject);
    c7 = make(grid_a, CaseKind::kDispute, "DSP.NEIGHBOR.NOISE", Channel::kWalkIn);
    steps(c7, {A::kAccept, A::kDispatch});
    CaseCommand r = command(A::kResolve, c7);
    r.outcome = Outcome::kResolved;  // (AGREEMENT comes only from a signed mediation agreement)
    REQUIRE(engine.commands().act_sync(supervisor, r).is_ok());
    step(c7, A::kClose);
    c8 = make(grid_c, CaseKind::kHotline, "HOT.SERVICE.CONSULT", Channel::kHotline);
    steps(c8, {A::kAccept, A::kDispatch, A::kResolve, A::kClose});
    clock.set(kStart + 6LL * 3600 * 1000);  // 16:00
    REQUIRE(engine.deadlines().run_due(clock.now()).is_ok());
    auto five = engine.queries().get_case(kSystemActor, c5);
    REQUIRE(five.is_ok());
    REQUIRE(five->c.level == Level::kCommunity);
  }

  FigureReport report(UserId actor, UnitId unit, FigureQuery q = {}) {
    q.unit_id = unit;
    if (q.from_day == 0) {
      q.from_day = day_from_date(2026, 3, 1);
      q.to_day = day_from_date(2026, 4, 1);
    }
    auto r = figures.figures(actor, q);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return *r;
  }
};

void check_counts(const FigureCounts& c, const std::map<F, std::int64_t>& expected) {
  for (const auto& i : figure_info()) {
    auto it = expected.find(i.figure);
    const std::int64_t want = it == expected.end() ? 0 : it->second;
    INFO(i.code);
    CHECK(c[i.figure] == want);
  }
}

TEST_CASE("the definitions table lists every figure and rate in enum order") {
  REQUIRE(static_cast<int>(figure_info().size()) == kFigureCount);
  for (int i = 0; i < kFigureCount; ++i) CHECK(static_cast<int>(figure_info()[i].figure) == i);
  REQUIRE(static_cast<int>(rate_info().size()) == kRateCount);
  for (int i = 0; i < kRateCount; ++i) CHECK(static_cast<int>(rate_info()[i].rate) == i);
  CHECK(parse_figure("closed_on_time") == F::kClosedOnTime);
  CHECK(parse_rate("on_time") == RateKind::kOnTime);
  // Rates and counts never share a code (reports look both up by code).
  for (const auto& r : rate_info()) CHECK_FALSE(parse_figure(r.code).has_value());
}

TEST_CASE("every figure and rate is defined in Chinese for the Chinese interface") {
  auto chinese = [](const std::string& s) {
    return s.find("\xE4") != std::string::npos || s.find("\xE5") != std::string::npos ||
           s.find("\xE6") != std::string::npos || s.find("\xE7") != std::string::npos;
  };
  for (const auto& f : figure_info()) {
    INFO(f.code);
    REQUIRE(f.definition_zh != nullptr);
    CHECK(chinese(f.definition_zh));
    CHECK(std::string(f.definition_zh) != f.definition);
  }
  CHECK(std::string(info(F::kDue).definition_zh).find("分母") != std::string::npos);
  CHECK(rate_definition(info(RateKind::kClosure), true) == "结案 ÷ 应结案");
  CHECK(rate_definition(info(RateKind::kClosure), false) == "closed / due");
  CHECK(rate_definition(info(RateKind::kCommunityLevel), true) == "网格结案 + 社区结案 ÷ 结案");
  CHECK(rate_definition(info(RateKind::kWhistleLate), true) == "迟到报到 ÷ 报到");
}

TEST_CASE("a sub-district's figures for a month match the hand count, figure by figure") {
  Scenario s;
  FigureReport r = s.report(s.supervisor, s.sub_district);
  check_counts(r.total, {{F::kReceived, 8},       {F::kAccepted, 7},
                         {F::kNotAccepted, 1},    {F::kOpen, 1},
                         {F::kDue, 7},            {F::kClosed, 6},
                         {F::kClosedOnTime, 6},   {F::kOverdue, 1},
                         {F::kReopened, 1},       {F::kReopenTimes, 1},
                         {F::kExtended, 1},       {F::kExtensionTimes, 1},
                         {F::kEscalated, 2},      {F::kEscalationsManual, 1},
                         {F::kEscalationsDeadline, 1}, {F::kTopCommunity, 2},
                         {F::kUrged, 1},          {F::kUrgeTimes, 2},
                         {F::kClosedAtGrid, 5},   {F::kClosedAtCommunity, 1},
                         {F::kVisitBatches, 1},   {F::kVisitPersons, 1},
                         {F::kOnlineAssigned, 1}, {F::kOnlineHandled, 1},
                         {F::kDisputesResolved, 1}, {F::kHotlineOrders, 1},
                         {F::kHotlineResponded, 1}});
  // 结案率 6/7, 按期结案率 6/7, 返工率 1/6, 延期率 1/7, 小事不出网格 5/6, 大事不出社区 6/6,
  // 响应率 1/1; no callbacks yet: 解决率 and 满意率 undefined.
  CHECK(format_percent(rate(r.total, RateKind::kClosure)) == "85.7%");
  CHECK(format_percent(rate(r.total, RateKind::kOnTime)) == "85.7%");
  CHECK(format_percent(rate(r.total, RateKind::kRework)) == "16.7%");
  CHECK(format_percent(rate(r.total, RateKind::kExtension)) == "14.3%");
  CHECK(format_percent(rate(r.total, RateKind::kGridLevel)) == "83.3%");
  CHECK(format_percent(rate(r.total, RateKind::kCommunityLevel)) == "100.0%");
  CHECK(format_percent(rate(r.total, RateKind::kHotlineResponse)) == "100.0%");
  CHECK(format_percent(rate(r.total, RateKind::kHotlineSolved)) == "—");
  CHECK(format_percent(rate(r.total, RateKind::kHotlineSatisfied)) == "—");

  CHECK(work_summary("新城街道", "2026年3月", r.total) ==
        "2026年3月，新城街道共受理各类事项8件，应结案7件，已结案6件，结案率85.7%，按期结案率85.7%；"
        "接待来访群众1批1人次，办理网上交办件1件，化解矛盾1起；83.3%的事项在网格内办结，"
        "100.0%在社区及以下办结；上报2件，督办2次，返工1件，超期1件。");
}

TEST_CASE("figures break down by child unit, kind, channel and period, and sum to the total") {
  Scenario s;
  FigureQuery q;
  q.by_child_unit = true;
  FigureReport r = s.report(s.supervisor, s.sub_district, q);
  std::map<UnitId, FigureCounts> by_unit;
  for (const auto& c : r.cells) by_unit[c.unit_id] += c.counts;
  CHECK(by_unit[s.hepan][F::kReceived] == 6);
  CHECK(by_unit[s.hepan][F::kClosed] == 4);
  CHECK(by_unit[s.jinghan][F::kReceived] == 2);
  CHECK(by_unit[s.jinghan][F::kClosedAtCommunity] == 1);

  FigureQuery k;
  k.by_kind = true;
  k.by_channel = true;
  FigureReport kinds = s.report(s.supervisor, s.sub_district, k);
  FigureCounts sum;
  for (const auto& c : kinds.cells) {
    sum += c.counts;
    if (c.kind == CaseKind::kDispute) CHECK(c.channel == Channel::kWalkIn);
  }
  CHECK(sum == kinds.total);

  FigureQuery only_hotline;
  only_hotline.kind = CaseKind::kHotline;
  CHECK(s.report(s.supervisor, s.sub_district, only_hotline).total[F::kReceived] == 1);
  FigureQuery only_rubbish;
  only_rubbish.category = "INC.ENV";
  CHECK(s.report(s.supervisor, s.sub_district, only_rubbish).total[F::kReceived] == 6);

  FigureQuery trend;
  trend.period = Period::kDay;
  trend.from_day = s.today - 3;
  trend.to_day = s.today + 4;
  FigureReport days = s.report(s.supervisor, s.sub_district, trend);
  REQUIRE(days.cells.size() == 1);
  CHECK(days.cells[0].period_start == s.today);
  CHECK(period_label(days.cells[0].period_start, Period::kWeek) == "2026-W12");

  FigureQuery year;
  year.period = Period::kQuarter;
  year.from_day = day_from_date(2026, 1, 1);
  year.to_day = day_from_date(2027, 1, 1);
  FigureReport quarters = s.report(s.supervisor, s.sub_district, year);
  REQUIRE(quarters.cells.size() == 1);
  CHECK(period_label(quarters.cells[0].period_start, Period::kQuarter) == "2026-Q1");
  CHECK(quarters.total == r.total);

  // A period of some days and whole months reads both kinds of sums.
  FigureQuery split;
  split.from_day = day_from_date(2026, 3, 10);
  split.to_day = day_from_date(2026, 5, 1);
  CHECK(s.report(s.supervisor, s.sub_district, split).total == r.total);
  split.from_day = day_from_date(2026, 2, 1);
  split.to_day = s.today + 1;
  CHECK(s.report(s.supervisor, s.sub_district, split).total == r.total);

  // The day before: nothing.
  FigureQuery before;
  before.from_day = s.today - 1;
  before.to_day = s.today;
  CHECK(s.report(s.supervisor, s.sub_district, before).total.zero());
}

TEST_CASE("communities are ranked by composite score with colour bands") {
  Scenario s;
  // 河畔: closure 4/5, on time 4/5, rework 1/4, grid 4/4:
  //   0.3*80 + 0.4*80 + 0.15*(100-25) + 0.15*100 = 82.25 → yellow (75 <= score < 90)
  // 京汉: closure 2/2, on time 2/2, rework 0/2, grid 1/2:
  //   0.3*100 + 0.4*100 + 0.15*100 + 0.15*50 = 92.5 → green
  RankingConfig config;
  auto r = s.figures.ranking(s.supervisor, s.sub_district, day_from_date(2026, 3, 1),
                             day_from_date(2026, 4, 1), config);
  REQUIRE(r.is_ok());
  REQUIRE(r->entries.size() == 2);  // the department beside them is not ranked
  CHECK(r->entries[0].unit == s.jinghan);
  CHECK(r->entries[0].rank == 1);
  CHECK(*r->entries[0].score == Approx(92.5));
  CHECK(r->entries[0].colour == Colour::kGreen);
  CHECK(r->entries[1].unit == s.hepan);
  CHECK(*r->entries[1].score == Approx(82.25));
  CHECK(r->entries[1].colour == Colour::kYellow);

  // Other weights and bands: on-time only, green from 95, yellow from 85.
  auto weights = parse_weights("on_time=1");
  REQUIRE(weights.is_ok());
  config.weights = *weights;
  config.green_min = 95;
  config.yellow_min = 85;
  r = s.figures.ranking(s.supervisor, s.sub_district, day_from_date(2026, 3, 1),
                        day_from_date(2026, 4, 1), config);
  REQUIRE(r.is_ok());
  CHECK(*r->entries[0].score == Approx(100));
  CHECK(r->entries[0].colour == Colour::kGreen);
  CHECK(*r->entries[1].score == Approx(80));
  CHECK(r->entries[1].colour == Colour::kRed);
  CHECK_FALSE(parse_weights("speed=1").is_ok());

  // Grids of 河畔: A (c1 c2 c5 c7) and B (c3 c6).
  auto grids = s.figures.ranking(s.hepan_supervisor, s.hepan, day_from_date(2026, 3, 1),
                                 day_from_date(2026, 4, 1), RankingConfig{});
  REQUIRE(grids.is_ok());
  REQUIRE(grids->entries.size() == 2);
  CHECK(grids->entries[0].unit == s.grid_b);  // 1/1 closed on time, no rework: 100
}

TEST_CASE("each figure drills down to the cases behind it") {
  Scenario s;
  FigureDrill d;
  d.unit_id = s.sub_district;
  d.from_day = s.today;
  d.to_day = s.today + 1;
  auto ids = [&](F f) {
    d.figure = f;
    auto page = s.figures.figure_cases(s.supervisor, d);
    REQUIRE(page.is_ok());
    std::vector<CaseId> out;
    for (const auto& c : page->cases) out.push_back(c.id);
    return out;
  };
  CHECK(ids(F::kOverdue) == std::vector<CaseId>{s.c5});
  CHECK(ids(F::kClosedAtCommunity) == std::vector<CaseId>{s.c4});
  CHECK(ids(F::kReopened) == std::vector<CaseId>{s.c2});
  CHECK(ids(F::kNotAccepted) == std::vector<CaseId>{s.c6});
  CHECK(ids(F::kClosed) == std::vector<CaseId>{s.c8, s.c7, s.c4, s.c3, s.c2, s.c1});

  d.figure = F::kReceived;
  d.page_size = 3;
  auto first = s.figures.figure_cases(s.supervisor, d);
  REQUIRE(first.is_ok());
  CHECK(first->cases.size() == 3);
  REQUIRE_FALSE(first->next_page_token.empty());
  d.page_token = first->next_page_token;
  auto second = s.figures.figure_cases(s.supervisor, d);
  REQUIRE(second.is_ok());
  CHECK(second->cases.size() == 3);
  CHECK(second->cases.front().id < first->cases.back().id);
  // Personal data stays masked in drill-down lists.
  CHECK(first->cases.front().parties.at(0).phone == "138****1234");
}

TEST_CASE("figures stay inside the caller's subtree") {
  Scenario s;
  FigureQuery q;
  q.unit_id = s.jinghan;
  q.from_day = s.today;
  q.to_day = s.today + 1;
  auto r = s.figures.figures(s.hepan_supervisor, q);
  CHECK(r.status().code() == Code::kNotFound);
  q.unit_id = 0;  // the caller's own scope
  r = s.figures.figures(s.worker_a, q);
  REQUIRE(r.is_ok());
  CHECK(r->unit.id == s.grid_a);
  CHECK(r->total[F::kReceived] == 4);
  q.unit_id = s.hepan;  // the grid worker's community is above their grid: outside their scope
  CHECK(s.figures.figures(s.worker_a, q).status().code() == Code::kNotFound);
  q.unit_id = 0;
  q.to_day = q.from_day;
  CHECK(s.figures.figures(s.supervisor, q).status().code() == Code::kInvalidArgument);
}

TEST_CASE("drill-down hides a confidential party from the unit complained about") {
  World w;
  FigureService figures{w.engine, w.repo};
  NewCase n = w.new_case(w.grid_a);
  n.parties[0].confidential = true;
  n.complained_unit_id = w.grid_a;
  auto created = w.engine.commands().create_case_sync(w.supervisor, n);
  REQUIRE(created.is_ok());
  FigureDrill d;
  d.from_day = shanghai_day(kStart);
  d.to_day = d.from_day + 1;
  auto theirs = figures.figure_cases(w.worker_a, d);
  REQUIRE(theirs.is_ok());
  REQUIRE(theirs->cases.size() == 1);
  CHECK(theirs->cases[0].parties.empty());
  auto supervisors = figures.figure_cases(w.supervisor, d);
  REQUIRE(supervisors.is_ok());
  REQUIRE(supervisors->cases.size() == 1);
  CHECK(supervisors->cases[0].parties.size() == 1);
}

Event event(CaseId id, Action a, std::map<std::string, std::string> details = {},
            CaseState to = CaseState::kUnspecified) {
  Event e;
  e.case_id = id;
  e.at = kStart;
  e.action = a;
  e.to_state = to;
  e.to_level = Level::kGrid;
  e.case_kind = CaseKind::kHotline;
  e.location_unit_id = 7;
  e.details = std::move(details);
  return e;
}

TEST_CASE("双考核: each department's check-ins and ratings after a whistle are figures, add up and are ranked") {
  Scenario s;
  using A = Action;
  const UnitId police = s.unit(s.sub_district, UnitType::kDepartment, "DEP9", "新城派出所");
  const UserId officer = s.user("officer9", Role::kHandler, police);
  auto whistle = [&](CaseId id, std::vector<UnitId> departments, TimeMs within) {
    CaseCommand cmd = s.command(A::kWhistle, id);
    cmd.whistle.departments = std::move(departments);
    cmd.whistle.report_by = s.clock.now() + within;
    auto r = s.engine.commands().act_sync(s.supervisor, cmd);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
  };
  auto check_in = [&](UserId who, CaseId id) {
    CaseCommand cmd = s.command(A::kCheckIn, id);
    cmd.reason = "到场处置";
    REQUIRE(s.engine.commands().act_sync(who, cmd).is_ok());
  };
  auto rate_department = [&](CaseId id, UnitId department, int rating) {
    CaseCommand cmd = s.command(A::kRateDepartment, id);
    cmd.reason = "评价";
    cmd.whistle.department_id = department;
    cmd.whistle.rating = rating;
    REQUIRE(s.engine.commands().act_sync(s.supervisor, cmd).is_ok());
  };
  constexpr TimeMs kHour = 3600LL * 1000;
  // c5 (grid A, open): both departments, an hour to report in. 城管科 in time, rated 5; the
  // police two hours later (late), rated 2.
  // c4 (grid C, closed) cannot be whistled; c8 is closed too. A new open case of grid C: the
  // police only, not yet checked in.
  whistle(s.c5, {s.department, police}, kHour);
  s.clock.advance(kHour / 2);
  check_in(s.handler, s.c5);
  s.clock.advance(2 * kHour);
  check_in(officer, s.c5);
  rate_department(s.c5, s.department, 5);
  rate_department(s.c5, police, 2);
  const CaseId c9 = s.make(s.grid_c, CaseKind::kIncident, "INC.ENV.RUBBISH", Channel::kPatrol);
  s.step(c9, A::kAccept);
  whistle(c9, {police}, kHour);

  FigureQuery q;
  q.by_department = true;
  q.by_child_unit = true;
  FigureReport r = s.report(s.supervisor, s.sub_district, q);
  CHECK(r.total[F::kWhistled] == 2);
  CHECK(r.total[F::kWhistleCalls] == 3);
  CHECK(r.total[F::kWhistleCheckIns] == 2);
  CHECK(r.total[F::kWhistleCheckInsLate] == 1);
  CHECK(r.total[F::kWhistleRatings] == 2);
  CHECK(r.total[F::kWhistleRatingsGood] == 1);
  CHECK(r.total[F::kWhistleRatingPoints] == 7);
  CHECK(format_percent(rate(r.total, RateKind::kWhistleCheckIn)) == "66.7%");
  CHECK(format_percent(rate(r.total, RateKind::kWhistleLate)) == "50.0%");
  CHECK(format_percent(rate(r.total, RateKind::kWhistleGood)) == "50.0%");

  // Per department, adding up to the total.
  REQUIRE(r.departments.size() == 2);
  REQUIRE(r.department_units.size() == 2);
  CHECK(r.departments[0].unit_id == s.department);
  CHECK(r.department_units[0].name == "城管科");
  CHECK(r.departments[1].unit_id == police);
  CHECK(r.department_units[1].name == "新城派出所");
  const FigureCounts& cg = r.departments[0].counts;
  const FigureCounts& pcs = r.departments[1].counts;
  CHECK(cg[F::kWhistleCalls] == 1);
  CHECK(cg[F::kWhistleCheckIns] == 1);
  CHECK(cg[F::kWhistleCheckInsLate] == 0);
  CHECK(cg[F::kWhistleRatings] == 1);
  CHECK(cg[F::kWhistleRatingPoints] == 5);
  CHECK(pcs[F::kWhistled] == 2);
  CHECK(pcs[F::kWhistleCalls] == 2);
  CHECK(pcs[F::kWhistleCheckIns] == 1);
  CHECK(pcs[F::kWhistleCheckInsLate] == 1);
  CHECK(pcs[F::kWhistleRatings] == 1);
  CHECK(pcs[F::kWhistleRatingsGood] == 0);
  CHECK(pcs[F::kWhistleRatingPoints] == 2);
  FigureCounts sum = cg;
  sum += pcs;
  for (Figure f : {F::kWhistleCalls, F::kWhistleCheckIns, F::kWhistleCheckInsLate, F::kWhistleRatings,
                   F::kWhistleRatingsGood, F::kWhistleRatingPoints}) {
    INFO(info(f).code);
    CHECK(sum[f] == r.total[f]);
  }
  // By grid: c5 lies in grid A's community 河畔, c9 in grid C's 京汉.
  std::map<UnitId, FigureCounts> by_unit;
  for (const auto& cell : r.cells) by_unit[cell.unit_id] += cell.counts;
  CHECK(by_unit[s.hepan][F::kWhistleCalls] == 2);
  CHECK(by_unit[s.jinghan][F::kWhistleCalls] == 1);

  // A community sees the departments whistled into its own cases only.
  FigureQuery hq;
  hq.by_department = true;
  FigureReport hepan = s.report(s.hepan_supervisor, s.hepan, hq);
  REQUIRE(hepan.departments.size() == 2);
  CHECK(hepan.departments[1].counts[F::kWhistleCalls] == 1);

  // The ranking ranks the departments after the communities: 城管科 checked in (100%), on time
  // (late 0% → 100), rated good (100%): 100, green. The police: checked in 1/2 (50), late 1/1
  // (100 - 100 = 0), good 0/1 (0): 0.3*50 + 0.3*0 + 0.4*0 = 15, red.
  auto ranked = s.figures.ranking(s.supervisor, s.sub_district, day_from_date(2026, 3, 1),
                                  day_from_date(2026, 4, 1), RankingConfig{});
  REQUIRE(ranked.is_ok());
  REQUIRE(ranked->department_entries.size() == 2);
  CHECK(ranked->department_entries[0].unit == s.department);
  CHECK(ranked->department_entries[0].rank == 1);
  CHECK(*ranked->department_entries[0].score == Approx(100));
  CHECK(ranked->department_entries[0].colour == Colour::kGreen);
  CHECK(ranked->department_entries[1].unit == police);
  CHECK(*ranked->department_entries[1].score == Approx(15));
  CHECK(ranked->department_entries[1].colour == Colour::kRed);
  CHECK(ranked->departments.size() == 2);

  // The definitions name them.
  CHECK(parse_figure("whistle_check_ins_late") == F::kWhistleCheckInsLate);
  CHECK(parse_rate("whistle_good") == RateKind::kWhistleGood);
}

TEST_CASE("hotline callbacks feed the solved and satisfied rates, upheld appeals are left out") {
  // What the hotline branch's callback and appeal events will carry (figures.hpp).
  auto order = [](CaseId id, const char* solved, const char* satisfied, bool appeal) {
    CaseFacts f;
    fold(f, event(id, Action::kCreate, {{"category", "HOT.SERVICE.CONSULT"}, {"channel", "HOTLINE"}},
                  CaseState::kReported));
    fold(f, event(id, Action::kAccept, {}, CaseState::kAccepted));
    fold(f, event(id, Action::kComment, {{"callback_solved", solved}, {"callback_satisfied", satisfied}}));
    if (appeal) fold(f, event(id, Action::kComment, {{"appeal_upheld", "true"}}));
    return counts_of(f);
  };
  FigureCounts total;
  total += order(1, "true", "true", false);
  total += order(2, "true", "false", false);
  total += order(3, "false", "false", false);
  total += order(4, "false", "false", true);  // appeal upheld: out of the rates
  CHECK(total[F::kHotlineOrders] == 4);
  CHECK(total[F::kHotlineResponded] == 4);
  CHECK(total[F::kHotlineCallbacks] == 3);
  CHECK(format_percent(rate(total, RateKind::kHotlineSolved)) == "66.7%");
  CHECK(format_percent(rate(total, RateKind::kHotlineSatisfied)) == "33.3%");
}

TEST_CASE("a visit's person-times come from its CREATE detail") {
  CaseFacts f;
  Event e = event(1, Action::kCreate, {{"channel", "WALK_IN"}, {"visitors", "5"}}, CaseState::kReported);
  e.case_kind = CaseKind::kPetition;
  fold(f, e);
  CHECK(counts_of(f)[F::kVisitBatches] == 1);
  CHECK(counts_of(f)[F::kVisitPersons] == 5);
  CaseFacts back;
  REQUIRE(decode_facts(encode_facts(f), back));
  CHECK(encode_facts(back) == encode_facts(f));
  CHECK_FALSE(decode_facts("f1|1|2", back));
}

TEST_CASE("days, periods and labels follow the Shanghai calendar") {
  const int d = shanghai_day(kStart);
  CHECK(format_day(d) == "2026-03-16");
  CHECK(parse_day("2026-03-16") == d);
  CHECK_FALSE(parse_day("2026-02-30").has_value());
  CHECK(period_start(d, Period::kWeek) == d);  // a Monday
  CHECK(period_label(period_start(d, Period::kMonth), Period::kMonth) == "2026-03");
  CHECK(period_end(d, Period::kQuarter) == day_from_date(2026, 4, 1));
  CHECK(whole_months(day_from_date(2026, 1, 1), day_from_date(2027, 1, 1)));
  CHECK_FALSE(whole_months(d, day_from_date(2026, 4, 1)));
  // 23:30 UTC on 2026-03-15 is already the 16th in Shanghai; 15:30 UTC is not.
  CHECK(shanghai_day(kStart - 2LL * 3600 * 1000 - 30LL * 60 * 1000) == d);
  CHECK(shanghai_day(kStart - 10LL * 3600 * 1000 - 30LL * 60 * 1000) == d - 1);
}

}  // namespace
}  // namespace gridcase::testing
