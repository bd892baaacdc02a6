// 吹哨报到: the sub-district whistles functional departments into a case with a time to report
// in by; each department checks in once (late or not) with its contribution; the sub-district
// rates each after its check-in. A department's people see the cases they were whistled into,
// and only those.
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/visibility.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;
using S = CaseState;

constexpr TimeMs kHour = 3600LL * 1000;

struct Whistled {
  World w;
  UnitId police = 0;        // a second department
  UserId officer = 0;       // its user
  Case c;                   // the case both were whistled into
  Case other;               // a case of the same grid that nobody whistled
  TimeMs report_by = 0;

  Whistled() {
    police = w.unit(w.sub_district, UnitType::kDepartment, "DEP2", "新城派出所");
    officer = w.user("officer", Role::kHandler, police);
    c = w.case_in(S::kInProgress);
    other = w.create(w.supervisor, w.grid_a);
    report_by = w.clock.now() + 2 * kHour;
    auto r = w.engine.commands().act_sync(w.supervisor, blow({w.department, police}));
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    c = r->c;
  }

  CaseCommand step(A action, CaseId id, const std::string& reason = "") {
    CaseCommand cmd;
    cmd.action = action;
    cmd.request_id = w.request_id();
    cmd.case_id = id;
    cmd.reason = reason;
    return cmd;
  }
  CaseCommand blow(std::vector<UnitId> departments, CaseId id = 0) {
    CaseCommand cmd = step(A::kWhistle, id == 0 ? c.id : id);
    cmd.whistle.departments = std::move(departments);
    cmd.whistle.report_by = report_by;
    return cmd;
  }
  CaseCommand check_in(const std::string& contribution = "已到场，负责现场秩序") {
    return step(A::kCheckIn, c.id, contribution);
  }
  CaseCommand rate(UnitId department, int rating) {
    CaseCommand cmd = step(A::kRateDepartment, c.id, "响应及时");
    cmd.whistle.department_id = department;
    cmd.whistle.rating = rating;
    return cmd;
  }
  const WhistleCall& call(const Case& x, UnitId department) {
    auto it = std::find_if(x.whistle.calls.begin(), x.whistle.calls.end(),
                           [&](const WhistleCall& k) { return k.department_id == department; });
    REQUIRE(it != x.whistle.calls.end());
    return *it;
  }
};

}  // namespace

TEST_CASE("a whistle with two departments, one reporting in late, both rated afterwards") {
  Whistled t;
  World& w = t.w;
  REQUIRE(t.c.whistle.calls.size() == 2);
  CHECK(t.c.state == S::kInProgress);  // the state is kept
  CHECK(t.call(t.c, w.department).report_by == t.report_by);
  CHECK(t.call(t.c, w.department).whistled_by == w.supervisor);

  // The first department reports in within the time.
  w.clock.advance(kHour);
  auto first = w.engine.commands().act_sync(w.handler, t.check_in("城管科到场清理占道"));
  INFO(first.status().to_string());
  REQUIRE(first.is_ok());
  CHECK(t.call(first->c, w.department).checked_in_at == w.clock.now());
  CHECK_FALSE(t.call(first->c, w.department).late);
  CHECK(t.call(first->c, w.department).contribution == "城管科到场清理占道");
  CHECK(first->events[0].details.at("late") == "false");

  // The police have not checked in: they cannot be rated yet.
  auto early = w.engine.commands().act_sync(w.supervisor, t.rate(t.police, 4));
  REQUIRE_FALSE(early.is_ok());
  CHECK(early.status().reason() == "NOT_CHECKED_IN");

  // The second department reports in after the time: late.
  w.clock.advance(2 * kHour);
  auto second = w.engine.commands().act_sync(t.officer, t.check_in());
  REQUIRE(second.is_ok());
  CHECK(t.call(second->c, t.police).late);
  CHECK(second->events[0].details.at("late") == "true");

  // The sub-district rates each.
  auto rated = w.engine.commands().act_sync(w.supervisor, t.rate(w.department, 5));
  REQUIRE(rated.is_ok());
  rated = w.engine.commands().act_sync(w.clerk, t.rate(t.police, 2));
  REQUIRE(rated.is_ok());
  CHECK(t.call(rated->c, w.department).rating == 5);
  CHECK(t.call(rated->c, t.police).rating == 2);
  CHECK(t.call(rated->c, t.police).rating_comment == "响应及时");
  CHECK(t.call(rated->c, t.police).rated_by == w.clerk);
  // Once only.
  CHECK(w.engine.commands().act_sync(w.supervisor, t.rate(w.department, 3)).status().reason() == "ALREADY_RATED");
  // The record stays with the case as it moves on.
  Case later = w.act_ok(w.supervisor, A::kResolve, t.c.id);
  CHECK(later.whistle.calls.size() == 2);
}

TEST_CASE("a department's user sees the cases it was whistled into, and only those") {
  Whistled t;
  World& w = t.w;

  auto seen = w.engine.queries().get_case(w.handler, t.c.id);
  REQUIRE(seen.is_ok());
  CHECK(seen->c.parties[0].phone == "138****1234");  // presented as to anyone: masked
  auto refused = w.engine.queries().get_case(w.handler, t.other.id);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().code() == Code::kNotFound);
  CHECK(refused.status().reason() == "CASE_NOT_FOUND");
  CHECK(w.engine.queries().get_case_by_number(w.handler, t.other.number).status().reason() == "CASE_NOT_FOUND");

  auto listed = w.engine.queries().list_cases(w.handler, {});
  REQUIRE(listed.is_ok());
  REQUIRE(listed->cases.size() == 1);
  CHECK(listed->cases[0].id == t.c.id);
  CaseQuery search;
  search.text = "垃圾";  // both cases' titles match
  auto found = w.engine.queries().list_cases(w.handler, search);
  REQUIRE(found.is_ok());
  REQUIRE(found->cases.size() == 1);
  CHECK(found->cases[0].id == t.c.id);

  // A department nobody whistled sees neither.
  UnitId housing = w.unit(w.sub_district, UnitType::kDepartment, "DEP3", "住建科");
  UserId clerk3 = w.user("housing", Role::kHandler, housing);
  CHECK(w.engine.queries().list_cases(clerk3, {})->cases.empty());
  CHECK(w.engine.queries().get_case(clerk3, t.c.id).status().reason() == "CASE_NOT_FOUND");

  // Acting on a case it was not whistled into is refused as for a missing case.
  auto acted = w.engine.commands().act_sync(w.handler, t.step(A::kComment, t.other.id, "看看"));
  CHECK(acted.status().reason() == "CASE_NOT_FOUND");
  auto checked = w.engine.commands().act_sync(clerk3, t.check_in());
  CHECK(checked.status().reason() == "CASE_NOT_FOUND");

  // Events: those of the whistled case reach the department's subscriptions, others do not.
  auto user = w.engine.queries().user(w.handler);
  REQUIRE(user.is_ok());
  Case commented = w.act_ok(w.supervisor, A::kComment, t.c.id);
  Case commented_other = w.act_ok(w.supervisor, A::kComment, t.other.id);
  std::vector<Event> published;
  {
    std::lock_guard<std::mutex> lock(w.sink.mu);
    published = w.sink.published;
  }
  int visible = 0, hidden = 0;
  ScopeVisibility visibility(w.repo, w.engine.configuration());
  for (const auto& e : published) {
    if (e.action != A::kComment) continue;
    if (visibility.visible(*user, 0, e)) {
      CHECK(e.case_id == t.c.id);
      ++visible;
    } else {
      CHECK(e.case_id == t.other.id);
      ++hidden;
    }
  }
  CHECK(visible == 1);
  CHECK(hidden == 1);
}

TEST_CASE("whistle steps refuse bad input and forbidden steps and leave the case as it was") {
  Whistled t;
  World& w = t.w;
  const std::int64_t version = t.c.version;
  auto unchanged = [&] { CHECK(w.engine.queries().get_case(w.supervisor, t.c.id)->c.version == version); };

  SECTION("whistling a unit that is not a department") {
    auto r = w.engine.commands().act_sync(w.supervisor, t.blow({w.grid_b}, t.other.id));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().reason() == "NOT_A_DEPARTMENT");
    CHECK(w.engine.queries().get_case(w.supervisor, t.other.id)->c.whistle.calls.empty());
  }
  SECTION("whistling a department twice into the same case") {
    CHECK(w.engine.commands().act_sync(w.supervisor, t.blow({w.department})).status().reason() == "ALREADY_WHISTLED");
    unchanged();
  }
  SECTION("a community supervisor is not the sub-district") {
    auto r = w.engine.commands().act_sync(w.hepan_supervisor, t.blow({w.department}, t.other.id));
    CHECK(r.status().code() == Code::kPermissionDenied);
    CHECK(r.status().reason() == "NOT_SUB_DISTRICT");
  }
  SECTION("a grid worker may not whistle") {
    CHECK(w.engine.commands().act_sync(w.worker_a, t.blow({w.department}, t.other.id)).status().code() ==
          Code::kPermissionDenied);
  }
  SECTION("a report-by time in the past, or none") {
    CaseCommand cmd = t.blow({w.department}, t.other.id);
    cmd.whistle.report_by = w.clock.now() - kHour;
    CHECK(w.engine.commands().act_sync(w.supervisor, cmd).status().reason() == "BAD_TIME");
    cmd.whistle.report_by = 0;
    CHECK(w.engine.commands().act_sync(w.supervisor, cmd).status().reason() == "MISSING_FIELD");
  }
  SECTION("checking in twice") {
    REQUIRE(w.engine.commands().act_sync(w.handler, t.check_in()).is_ok());
    auto again = w.engine.commands().act_sync(w.handler, t.check_in("再次报到"));
    REQUIRE_FALSE(again.is_ok());
    CHECK(again.status().code() == Code::kFailedPrecondition);
    CHECK(again.status().reason() == "ALREADY_CHECKED_IN");
  }
  SECTION("checking in without a contribution") {
    CHECK(w.engine.commands().act_sync(w.handler, t.check_in("")).status().reason() == "MISSING_FIELD");
    unchanged();
  }
  SECTION("rating out of range, or a department not whistled") {
    REQUIRE(w.engine.commands().act_sync(w.handler, t.check_in()).is_ok());
    CHECK(w.engine.commands().act_sync(w.supervisor, t.rate(w.department, 6)).status().reason() == "BAD_RATING");
    CHECK(w.engine.commands().act_sync(w.supervisor, t.rate(w.department, 0)).status().reason() == "BAD_RATING");
    CHECK(w.engine.commands().act_sync(w.supervisor, t.rate(w.committee, 3)).status().reason() == "NOT_WHISTLED");
  }
  SECTION("a department user may not rate") {
    REQUIRE(w.engine.commands().act_sync(w.handler, t.check_in()).is_ok());
    CHECK(w.engine.commands().act_sync(w.handler, t.rate(w.department, 5)).status().code() == Code::kPermissionDenied);
  }
  SECTION("an unknown action value (in the gap between the hotline and hazard steps)") {
    CaseCommand cmd = t.check_in();
    cmd.action = static_cast<A>(48);
    auto r = w.engine.commands().act_sync(w.handler, cmd);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "INVALID_ENUM_VALUE");
    unchanged();
  }
  SECTION("a stale version") {
    CaseCommand cmd = t.check_in();
    cmd.expected_version = version - 1;
    auto r = w.engine.commands().act_sync(w.handler, cmd);
    CHECK(r.status().reason() == "STALE_VERSION");
    unchanged();
  }
  SECTION("a resent check-in replays; the same request_id with other content is refused") {
    CaseCommand cmd = t.check_in();
    REQUIRE(w.engine.commands().act_sync(w.handler, cmd).is_ok());
    auto again = w.engine.commands().act_sync(w.handler, cmd);
    REQUIRE(again.is_ok());
    CHECK(again->replayed);
    cmd.reason = "另一段说明";
    CHECK(w.engine.commands().act_sync(w.handler, cmd).status().reason() == "REQUEST_ID_REUSED");
  }
  SECTION("a closed case cannot be whistled") {
    Case closed = w.case_in(S::kClosed);
    CHECK(w.engine.commands().act_sync(w.supervisor, t.blow({w.department}, closed.id)).status().reason() ==
          "TRANSITION_NOT_ALLOWED");
  }
}
