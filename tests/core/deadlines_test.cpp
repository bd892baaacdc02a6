// Deadline policies and the life of one case clock, on the real working calendar.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "gridcase/deadlines.hpp"
#include "gridcase/names.hpp"

using namespace gridcase;

namespace {

TimeMs local(const char* date, int hour, int minute = 0) {
  CivilDate d;
  REQUIRE(parse_date(date, d));
  return (days_from_civil(d) * 1440 + hour * 60 + minute - 480) * 60000LL;
}

const DeadlinePolicy& policy_for(CaseKind kind, const std::string& category,
                                 Priority priority = Priority::kNormal) {
  const DeadlinePolicy* p =
      match_policy(default_policies(), builtin_categories(), kind, category, priority);
  REQUIRE(p != nullptr);
  return *p;
}

const ClockPolicy& clock_of(const DeadlinePolicy& p, ClockKind kind) {
  for (const auto& c : p.clocks) {
    if (c.kind == kind) return c;
  }
  FAIL("no such clock");
  return p.clocks.front();
}

}  // namespace

TEST_CASE("the default policies are valid and follow DOMAIN.md") {
  for (const auto& p : default_policies()) {
    INFO(p.id);
    CHECK(check_policy(p).is_ok());
  }
  const auto& hotline = policy_for(CaseKind::kHotline, "HOT.URBAN.NOISE");
  CHECK(clock_of(hotline, ClockKind::kResolve).amount == 5);
  CHECK(clock_of(hotline, ClockKind::kResolve).unit == BudgetUnit::kWorkingDays);
  CHECK(clock_of(hotline, ClockKind::kReturnWindow).amount == 2);
  const auto& petition = policy_for(CaseKind::kPetition, "PET.SOCIAL.PENSION");
  CHECK(clock_of(petition, ClockKind::kResponse).amount == 15);
  CHECK(clock_of(petition, ClockKind::kResolve).amount == 60);
  CHECK(clock_of(petition, ClockKind::kResolve).unit == BudgetUnit::kCalendarDays);
  CHECK(clock_of(policy_for(CaseKind::kDispute, "DSP.NEIGHBOR.LEAK"), ClockKind::kResolve).amount == 30);
  const auto& rubbish = policy_for(CaseKind::kIncident, "INC.ENV.RUBBISH");
  CHECK(clock_of(rubbish, ClockKind::kResolve).unit == BudgetUnit::kWorkingHours);
  CHECK(clock_of(rubbish, ClockKind::kResolve).amount == 4);
}

TEST_CASE("the most specific policy wins: category, then its ancestors, then the kind") {
  CHECK(policy_for(CaseKind::kHotline, "HOT.PROPERTY.HEATING").id == 2);
  CHECK(policy_for(CaseKind::kHotline, "HOT.PROPERTY.ELEVATOR").id == 1);
  CHECK(policy_for(CaseKind::kIncident, "INC.FAC.STREETLIGHT").id == 7);
  std::vector<DeadlinePolicy> mine = default_policies();
  DeadlinePolicy urgent = mine[6];
  urgent.id = 99;
  urgent.priority = Priority::kUrgent;
  mine.push_back(urgent);
  DeadlinePolicy family = mine[4];
  family.id = 98;
  family.category_code = "DSP.FAMILY";
  mine.push_back(family);
  auto find = [&](CaseKind k, const char* cat, Priority pr) {
    return match_policy(mine, builtin_categories(), k, cat, pr)->id;
  };
  CHECK(find(CaseKind::kIncident, "INC.FAC.STREETLIGHT", Priority::kUrgent) == 99);
  CHECK(find(CaseKind::kIncident, "INC.FAC.STREETLIGHT", Priority::kNormal) == 7);
  CHECK(find(CaseKind::kDispute, "DSP.FAMILY.INHERIT", Priority::kNormal) == 98);
  CHECK(find(CaseKind::kDispute, "DSP.NEIGHBOR.NOISE", Priority::kNormal) == 5);
}

TEST_CASE("a policy that cannot work is refused") {
  DeadlinePolicy p = default_policies()[0];
  p.clocks[0].amount = 0;
  CHECK(check_policy(p).reason() == "BAD_POLICY");
  p = default_policies()[0];
  p.clocks[0].warn_percent = 100;
  CHECK_FALSE(check_policy(p).is_ok());
  p = default_policies()[0];
  p.clocks.push_back(p.clocks[0]);
  CHECK_FALSE(check_policy(p).is_ok());
  p = default_policies()[0];
  p.clocks[0].on_expiry = ExpiryAction::kEscalate;  // a RESPONSE clock
  CHECK_FALSE(check_policy(p).is_ok());
  p.clocks.clear();
  CHECK_FALSE(check_policy(p).is_ok());
}

TEST_CASE("a working-hours clock warns at 75% and goes red when spent") {
  const WorkingCalendar cal = WorkingCalendar::builtin();
  const auto& rule = clock_of(policy_for(CaseKind::kIncident, "INC.ENV.RUBBISH"), ClockKind::kResolve);
  CaseClock c = start_clock(rule, local("2025-09-16", 10), cal);
  CHECK(c.warn_at == local("2025-09-16", 14, 30));  // 3 of 4 working hours, over the lunch break
  CHECK(c.deadline == local("2025-09-16", 15, 30));
  CHECK(next_due(c) == c.warn_at);
  CHECK(advance_colour(c, local("2025-09-16", 14, 29)).empty());
  CHECK(advance_colour(c, local("2025-09-16", 14, 30)) == std::vector<Colour>{Colour::kYellow});
  CHECK(next_due(c) == c.deadline);
  CHECK(advance_colour(c, local("2025-09-16", 14, 45)).empty());  // once per threshold
  CHECK(advance_colour(c, local("2025-09-16", 15, 30)) == std::vector<Colour>{Colour::kRed});
  CHECK(next_due(c) == 0);
  CHECK(advance_colour(c, local("2025-09-17", 9)).empty());
  auto s = clock_status(c, local("2025-09-16", 16, 30), cal);
  CHECK(s.remaining_ms == -3600000);
  CHECK(s.colour == Colour::kRed);
}

TEST_CASE("a clock found late past both thresholds reports yellow then red, once") {
  const WorkingCalendar cal = WorkingCalendar::builtin();
  const auto& rule = clock_of(policy_for(CaseKind::kIncident, "INC.ENV.RUBBISH"), ClockKind::kResolve);
  CaseClock c = start_clock(rule, local("2025-09-16", 10), cal);
  CHECK(advance_colour(c, local("2025-09-20", 10)) == std::vector<Colour>{Colour::kYellow, Colour::kRed});
  CHECK(advance_colour(c, local("2025-09-21", 10)).empty());
}

TEST_CASE("suspension pauses a clock and resume goes on with what was left") {
  const WorkingCalendar cal = WorkingCalendar::builtin();
  const auto& rule = clock_of(policy_for(CaseKind::kIncident, "INC.ENV.RUBBISH"), ClockKind::kResolve);
  CaseClock c = start_clock(rule, local("2025-09-16", 10), cal);
  pause_clock(c, local("2025-09-16", 11), cal);  // one hour used
  CHECK(c.run == ClockRun::kPaused);
  CHECK(next_due(c) == 0);
  CHECK(clock_status(c, local("2025-09-18", 11), cal).used_ms == 3600000);  // paused: no time passes
  resume_clock(c, local("2025-09-19", 9), cal);  // Friday 09:00, three hours left
  CHECK(c.deadline == local("2025-09-19", 12));
  CHECK(c.warn_at == local("2025-09-19", 11));
  stop_clock(c, local("2025-09-19", 10), cal);
  CHECK(c.run == ClockRun::kStopped);
  CHECK(c.used_ms == 2 * 3600000);
  CHECK(next_due(c) == 0);
}

TEST_CASE("an extension adds budget and can bring a clock back to green") {
  const WorkingCalendar cal = WorkingCalendar::builtin();
  const auto& rule = clock_of(policy_for(CaseKind::kHotline, "HOT.URBAN.NOISE"), ClockKind::kResolve);
  // Received Friday before National Day 2025: due at the end of Friday 10 October.
  CaseClock c = start_clock(rule, local("2025-09-26", 14), cal);
  CHECK(c.deadline == local("2025-10-11", 0));
  advance_colour(c, local("2025-10-09", 20));  // 3.83 of 5 days used
  CHECK(c.colour == Colour::kYellow);
  extend_clock(c, 5 * 86400000LL, local("2025-10-09", 20), cal);
  CHECK(c.extensions == 1);
  CHECK(c.colour == Colour::kGreen);
  // Five more working days: 11 (adjusted Saturday), 13, 14, 15, 16 October.
  CHECK(c.deadline == local("2025-10-17", 0));
}

TEST_CASE("the worst colour and the next due instant of a case's clocks") {
  const WorkingCalendar cal = WorkingCalendar::builtin();
  const auto& p = policy_for(CaseKind::kHotline, "HOT.URBAN.NOISE");
  std::vector<CaseClock> clocks;
  for (const auto& rule : p.clocks) clocks.push_back(start_clock(rule, local("2025-09-16", 10), cal));
  CHECK(worst_colour(clocks) == Colour::kGreen);
  TimeMs first = next_due(clocks);
  for (const auto& c : clocks) CHECK(first <= c.warn_at);
  advance_colour(clocks[0], local("2025-09-16", 17, 0));
  CHECK(worst_colour(clocks) == Colour::kRed);
  stop_clock(clocks[0], local("2025-09-16", 17, 0), cal);
  CHECK(worst_colour(clocks) == Colour::kGreen);
}

TEST_CASE("the default clocks are the README's table, kind by kind") {
  // README "Deadlines (clocks)": each row's clocks, in the policy a case of that kind and
  // category gets. The hotline RESPONSE clock's stop on signing for (签收) is the hotline
  // rules' (hotline.cpp moves it from ACCEPT to SIGN_ORDER), not the policy's, so it is not in
  // this table; hotline_test.cpp covers it.
  struct Expected {
    ClockKind kind;
    std::int64_t amount;
    BudgetUnit unit;
    Action starts_on;  // kUnspecified: not said by the README
  };
  struct Row {
    CaseKind kind;
    const char* category;
    std::vector<Expected> clocks;
  };
  using A = Action;
  using K = ClockKind;
  using U = BudgetUnit;
  const A any = A::kUnspecified;
  const std::vector<Row> table = {
      // 12345 hotline: RESPONSE 4 working hours, RETURN_WINDOW 2 working days, RESOLVE 5 working days
      {CaseKind::kHotline, "HOT.URBAN.NOISE",
       {{K::kResponse, 4, U::kWorkingHours, A::kCreate},
        {K::kReturnWindow, 2, U::kWorkingDays, A::kCreate},
        {K::kResolve, 5, U::kWorkingDays, A::kCreate}}},
      // ... (water/heating: 1)
      {CaseKind::kHotline, "HOT.PROPERTY.WATER", {{K::kResponse, 2, U::kWorkingHours, any}, {K::kResolve, 1, U::kWorkingDays, any}}},
      {CaseKind::kHotline, "HOT.PROPERTY.HEATING", {{K::kResponse, 2, U::kWorkingHours, any}, {K::kResolve, 1, U::kWorkingDays, any}}},
      // petition: RESPONSE 15 calendar days (from registration), RESOLVE 60 calendar days from acceptance
      {CaseKind::kPetition, "PET.SOCIAL.PENSION",
       {{K::kResponse, 15, U::kCalendarDays, A::kCreate}, {K::kResolve, 60, U::kCalendarDays, A::kAccept}}},
      // dispute: RESPONSE 2 working days, RESOLVE 30 calendar days from acceptance
      {CaseKind::kDispute, "DSP.NEIGHBOR.LEAK",
       {{K::kResponse, 2, U::kWorkingDays, A::kCreate}, {K::kResolve, 30, U::kCalendarDays, A::kAccept}}},
      // hazard: RESPONSE 1 working day, RESOLVE 7 working days
      {CaseKind::kHazard, "HAZ.FIRE.PASSAGE",
       {{K::kResponse, 1, U::kWorkingDays, A::kCreate}, {K::kResolve, 7, U::kWorkingDays, any}}},
      // incident: RESPONSE 2 working hours, RESOLVE 3 working days
      {CaseKind::kIncident, "INC.FAC.STREETLIGHT",
       {{K::kResponse, 2, U::kWorkingHours, A::kCreate}, {K::kResolve, 3, U::kWorkingDays, any}}},
      // ... exposed rubbish 4 and road cleaning 2 working hours
      {CaseKind::kIncident, "INC.ENV.RUBBISH", {{K::kResponse, 1, U::kWorkingHours, any}, {K::kResolve, 4, U::kWorkingHours, any}}},
      {CaseKind::kIncident, "INC.ENV.CLEANING", {{K::kResponse, 1, U::kWorkingHours, any}, {K::kResolve, 2, U::kWorkingHours, any}}},
  };
  for (const auto& row : table) {
    for (Priority pr : {Priority::kLow, Priority::kNormal, Priority::kHigh, Priority::kUrgent}) {
      const DeadlinePolicy& p = policy_for(row.kind, row.category, pr);
      INFO(name(row.kind) << " " << row.category << ": policy " << p.id);
      // Exactly the clocks of the row, no more.
      REQUIRE(p.clocks.size() == row.clocks.size());
      for (const auto& want : row.clocks) {
        const ClockPolicy& got = clock_of(p, want.kind);
        INFO("clock " << name(want.kind));
        CHECK(got.amount == want.amount);
        CHECK(got.unit == want.unit);
        if (want.starts_on != any) CHECK(got.starts_on == want.starts_on);
        CHECK(got.warn_percent == 75);  // yellow at 75% of the budget
        // A red RESOLVE clock escalates the case; the others only flag.
        CHECK(got.on_expiry == (want.kind == K::kResolve ? ExpiryAction::kEscalate : ExpiryAction::kFlag));
      }
    }
  }
}
