// The case engine: creation, idempotency, versions, history, escalation, sessions, org changes.
#include <set>

#include "fixture.hpp"

using namespace gridcase;
using testing::World;
using A = Action;

namespace {

std::size_t event_count(World& w) { return static_cast<std::size_t>(*w.engine.queries().last_seq()); }

std::size_t case_count(World& w) {
  std::size_t n = 0;
  auto counts = w.engine.queries().count_cases_by_state();
  REQUIRE(counts.is_ok());
  for (const auto& [state, count] : *counts) n += count;
  return n;
}

}  // namespace

TEST_CASE("a new case gets a number of its sub-district's prefix, the year and a sequence") {
  World w;
  Case first = w.create(w.worker_a, w.grid_a);
  Case second = w.create(w.worker_a, w.building_a1);
  CHECK(first.number == "XC-2026-000001");
  CHECK(second.number == "XC-2026-000002");
  CHECK(first.state == CaseState::kReported);
  CHECK(first.level == Level::kGrid);
  CHECK(first.handling_unit_id == w.grid_a);
  CHECK(second.handling_unit_id == w.grid_a);  // a building group's case is its grid's
  CHECK(first.reporter_user_id == w.worker_a);
  CHECK(first.version == 1);
  auto by_number = w.engine.queries().get_case_by_number(w.worker_a, "XC-2026-000002");
  REQUIRE(by_number.is_ok());
  CHECK(by_number->c.id == second.id);
}

TEST_CASE("a case number is found as typed, and a wrong one is named back with the format") {
  World w;
  const Case c = w.create(w.worker_a, w.grid_a);
  auto lower = w.engine.queries().get_case_by_number(w.worker_a, "xc-2026-000001");
  REQUIRE(lower.is_ok());
  CHECK(lower->c.id == c.id);
  auto missing = w.engine.queries().get_case_by_number(w.worker_a, "XC-2026-009999");
  CHECK(missing.status().reason() == "CASE_NOT_FOUND");
  CHECK(missing.status().message().find("XC-2026-009999") != std::string::npos);
  CHECK(missing.status().message().find("编号形如 XC-2026-000036") != std::string::npos);
  // Outside one's scope: the same answer as a number that does not exist.
  auto elsewhere = w.engine.queries().get_case_by_number(w.worker_b, "xc-2026-000001");
  CHECK(elsewhere.status().reason() == "CASE_NOT_FOUND");
  CHECK(elsewhere.status().message().find("xc-2026-000001") != std::string::npos);
}

TEST_CASE("the sequence restarts with the year in Asia/Shanghai") {
  World w;
  w.create(w.supervisor, w.grid_a);
  // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Shanghai.
  w.clock.set(1798734600000LL);
  CHECK(w.create(w.supervisor, w.grid_a).number == "XC-2027-000001");
}

TEST_CASE("a resent create returns the first result and creates nothing new") {
  World w;
  NewCase nc = w.new_case(w.grid_a);
  auto first = w.engine.commands().create_case_sync(w.worker_a, nc);
  REQUIRE(first.is_ok());
  const auto events = event_count(w);
  const auto published = w.sink.published.size();
  auto again = w.engine.commands().create_case_sync(w.worker_a, nc);
  REQUIRE(again.is_ok());
  CHECK(again->replayed);
  CHECK(again->c.id == first->c.id);
  CHECK(again->applied_version == 1);
  CHECK(again->events.empty());
  CHECK(case_count(w) == 1);
  CHECK(event_count(w) == events);
  CHECK(w.sink.published.size() == published);
}

TEST_CASE("a resent action returns the first result even after the case moved on") {
  World w;
  Case c = w.create(w.supervisor, w.grid_a);
  CaseCommand accept = w.command(A::kAccept, c.id);
  auto first = w.engine.commands().act_sync(w.supervisor, accept);
  REQUIRE(first.is_ok());
  w.act_ok(w.supervisor, A::kDispatch, c.id);
  auto again = w.engine.commands().act_sync(w.supervisor, accept);
  REQUIRE(again.is_ok());
  CHECK(again->replayed);
  CHECK(again->applied_version == first->c.version);
  CHECK(again->c.state == CaseState::kInProgress);
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->history.size() == 3);
}

TEST_CASE("a request's record answers its resends for the retention, then a deadline round forgets it") {
  World w;
  constexpr TimeMs kDay = 24LL * 3600 * 1000;
  NewCase nc = w.new_case(w.grid_a);
  auto first = w.engine.commands().create_case_sync(w.worker_a, nc);
  REQUIRE(first.is_ok());
  // A day short of the 30 days kept: the round keeps it, and a resend answers the first call.
  w.clock.advance(29 * kDay);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  auto within = w.engine.commands().create_case_sync(w.worker_a, nc);
  REQUIRE(within.is_ok());
  CHECK(within->replayed);
  CHECK(within->c.id == first->c.id);
  CHECK(case_count(w) == 1);
  // Past the retention the round forgets it: the same request is made again, as a new one.
  w.clock.advance(2 * kDay);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  auto after = w.engine.commands().create_case_sync(w.worker_a, nc);
  REQUIRE(after.is_ok());
  CHECK_FALSE(after->replayed);
  CHECK(after->c.id != first->c.id);
  CHECK(case_count(w) == 2);
}

TEST_CASE("a request_id reused with different content is refused") {
  World w;
  NewCase nc = w.new_case(w.grid_a);
  REQUIRE(w.engine.commands().create_case_sync(w.worker_a, nc).is_ok());
  nc.title = "另一件事";
  auto r = w.engine.commands().create_case_sync(w.worker_a, nc);
  CHECK(r.status().code() == Code::kInvalidArgument);
  CHECK(r.status().reason() == "REQUEST_ID_REUSED");
  CHECK(case_count(w) == 1);
}

TEST_CASE("request ids are per user: two users may use the same one") {
  World w;
  NewCase nc = w.new_case(w.grid_a);
  REQUIRE(w.engine.commands().create_case_sync(w.worker_a, nc).is_ok());
  auto other = w.engine.commands().create_case_sync(w.supervisor, nc);
  REQUIRE(other.is_ok());
  CHECK_FALSE(other->replayed);
  CHECK(case_count(w) == 2);
}

TEST_CASE("a stale version is refused with ABORTED and changes nothing") {
  World w;
  Case c = w.create(w.supervisor, w.grid_a);
  CaseCommand cmd = w.command(A::kAccept, c.id);
  cmd.expected_version = c.version;
  REQUIRE(w.engine.commands().act_sync(w.supervisor, cmd).is_ok());
  CaseCommand stale = w.command(A::kComment, c.id);
  stale.expected_version = c.version;  // the version before the accept
  auto r = w.engine.commands().act_sync(w.supervisor, stale);
  CHECK(r.status().code() == Code::kAborted);
  CHECK(r.status().reason() == "STALE_VERSION");
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.version == 2);
}

TEST_CASE("the history is gapless, ordered and published once per event after commit") {
  World w;
  Case a = w.create(w.supervisor, w.grid_a);
  Case b = w.create(w.supervisor, w.grid_b);
  w.act_ok(w.supervisor, A::kAccept, a.id);
  w.act_ok(w.supervisor, A::kAccept, b.id);
  w.act_ok(w.supervisor, A::kDispatch, a.id);
  auto all = w.engine.queries().events_since(1, 1000);
  REQUIRE(all.is_ok());
  REQUIRE(all->size() == 5);
  for (std::size_t i = 0; i < all->size(); ++i) CHECK((*all)[i].seq == static_cast<Seq>(i + 1));
  REQUIRE(w.sink.published.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(w.sink.published[i].seq == (*all)[i].seq);
  auto history = w.engine.queries().get_case(w.supervisor, a.id)->history;
  REQUIRE(history.size() == 3);
  CHECK(history[0].action == A::kCreate);
  CHECK(history[1].action == A::kAccept);
  CHECK(history[2].action == A::kDispatch);
  CHECK(history[2].actor_id == w.supervisor);
}

TEST_CASE("a failed commit publishes nothing and leaves nothing behind") {
  World w;
  Case c = w.create(w.supervisor, w.grid_a);
  const auto published = w.sink.published.size();
  w.repo.set_fail_commits(true);
  auto r = w.act(w.supervisor, A::kAccept, c.id);
  CHECK(r.status().code() == Code::kUnavailable);
  auto created = w.engine.commands().create_case_sync(w.supervisor, w.new_case(w.grid_a));
  CHECK(created.status().code() == Code::kUnavailable);
  w.repo.set_fail_commits(false);
  CHECK(w.sink.published.size() == published);
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.state == CaseState::kReported);
  CHECK(case_count(w) == 1);
  // Reads kept working throughout, and the same request succeeds once the store is back.
  CHECK(w.act(w.supervisor, A::kAccept, c.id).is_ok());
}

TEST_CASE("escalation climbs grid, community, sub-district, district and stops at the top") {
  World w;
  Case c = w.create(w.worker_a, w.building_a1);
  CaseCommand up = w.command(A::kEscalate, c.id);
  up.escalation_reason = EscalationReason::kRisk;
  up.police_notified = true;
  auto r = w.engine.commands().act_sync(w.worker_a, up);
  REQUIRE(r.is_ok());
  CHECK(r->c.level == Level::kCommunity);
  CHECK(r->c.handling_unit_id == w.hepan);
  CHECK(r->events[0].from_level == Level::kGrid);
  CHECK(r->events[0].to_level == Level::kCommunity);
  CHECK(r->events[0].details.at("escalation_reason") == "RISK");
  CHECK(r->events[0].details.at("police_notified") == "true");
  c = w.act_ok(w.supervisor, A::kEscalate, c.id);
  CHECK(c.level == Level::kSubDistrict);
  CHECK(c.handling_unit_id == w.sub_district);
  c = w.act_ok(w.supervisor, A::kEscalate, c.id);
  CHECK(c.level == Level::kDistrict);
  CHECK(c.handling_unit_id == w.district);
  auto top = w.act(w.supervisor, A::kEscalate, c.id);
  CHECK(top.status().code() == Code::kFailedPrecondition);
  CHECK(top.status().reason() == "NO_HIGHER_LEVEL");
}

TEST_CASE("DEADLINE escalations cannot be made by hand") {
  World w;
  Case c = w.create(w.supervisor, w.grid_a);
  CaseCommand cmd = w.command(A::kEscalate, c.id);
  cmd.escalation_reason = EscalationReason::kDeadline;
  CHECK(w.engine.commands().act_sync(w.supervisor, cmd).status().reason() == "DEADLINE_ESCALATION_IS_AUTOMATIC");
}

TEST_CASE("return sends the case back to its level's intake and clears the assignee") {
  World w;
  Case c = w.case_in(CaseState::kAccepted);
  CaseCommand cmd = w.command(A::kDispatch, c.id);
  cmd.unit_id = w.department;
  cmd.user_id = w.handler;
  c = w.engine.commands().act_sync(w.supervisor, cmd)->c;
  CHECK(c.assignee_user_id == w.handler);
  CHECK(c.handling_unit_id == w.department);
  CHECK(c.level == Level::kGrid);  // dispatch does not change the level
  c = w.act_ok(w.handler, A::kReturn, c.id);
  CHECK(c.state == CaseState::kAccepted);
  CHECK(c.handling_unit_id == w.grid_a);
  CHECK(c.assignee_user_id == 0);
}

TEST_CASE("reopen is counted, urge is counted, a leader is named") {
  World w;
  Case c = w.case_in(CaseState::kResolved);
  c = w.act_ok(w.supervisor, A::kReopen, c.id);
  CHECK(c.reopen_count == 1);
  CHECK(c.outcome == Outcome::kUnspecified);
  c = w.act_ok(w.supervisor, A::kUrge, c.id);
  c = w.act_ok(w.supervisor, A::kUrge, c.id);
  CHECK(c.urge_count == 2);
  c = w.act_ok(w.supervisor, A::kAssignLeader, c.id);
  CHECK(c.leader_user_id == w.supervisor);
  CaseCommand bad = w.command(A::kAssignLeader, c.id);
  bad.user_id = w.worker_a;  // leaders are supervisors
  CHECK(w.engine.commands().act_sync(w.supervisor, bad).status().reason() == "BAD_LEADER");
}

TEST_CASE("a merge shows in both the child's and the parent's history") {
  World w;
  Case parent = w.create(w.supervisor, w.grid_a);
  Case child = w.create(w.supervisor, w.grid_a);
  CaseCommand cmd = w.command(A::kMerge, child.id);
  cmd.into_case_id = parent.id;
  auto r = w.engine.commands().act_sync(w.supervisor, cmd);
  REQUIRE(r.is_ok());
  CHECK(r->c.state == CaseState::kMerged);
  CHECK(r->c.merged_into == parent.id);
  auto p = w.engine.queries().get_case(w.supervisor, parent.id);
  REQUIRE(p.is_ok());
  CHECK(p->history.back().action == A::kMerge);
  CHECK(p->history.back().details.at("merged") == child.number);
  CHECK(p->c.state == CaseState::kReported);
  // A closed case cannot take a merge.
  Case closed = w.case_in(CaseState::kClosed);
  Case other = w.create(w.supervisor, w.grid_a);
  CaseCommand into_closed = w.command(A::kMerge, other.id);
  into_closed.into_case_id = closed.id;
  CHECK(w.engine.commands().act_sync(w.supervisor, into_closed).status().reason() == "MERGE_TARGET_CLOSED");
}

TEST_CASE("bad requests get a clear INVALID_ARGUMENT and change nothing") {
  World w;
  auto refuse = [&](NewCase nc, const char* reason) {
    auto r = w.engine.commands().create_case_sync(w.worker_a, nc);
    INFO(reason << " / " << r.status().to_string());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().reason() == reason);
  };
  NewCase nc = w.new_case(w.grid_a);
  nc.title = "";
  refuse(nc, "MISSING_FIELD");
  nc = w.new_case(w.grid_a);
  nc.title = std::string("bad \xff\xfe utf8");
  refuse(nc, "INVALID_TEXT");
  nc = w.new_case(w.grid_a);
  nc.title = std::string(201, 'x');
  refuse(nc, "TEXT_TOO_LONG");
  nc = w.new_case(w.grid_a);
  nc.kind = static_cast<CaseKind>(42);
  refuse(nc, "INVALID_ENUM_VALUE");
  nc = w.new_case(w.grid_a);
  nc.category_code = "INC.ENV";  // not a leaf
  refuse(nc, "CATEGORY_NOT_LEAF");
  nc = w.new_case(w.grid_a);
  nc.category_code = "DSP.NEIGHBOR.NOISE";  // a dispute category on an incident
  refuse(nc, "UNKNOWN_CATEGORY");
  nc = w.new_case(w.hepan);  // a community is not a place
  refuse(nc, "BAD_LOCATION");
  nc = w.new_case(w.grid_a);
  nc.request_id = "";
  refuse(nc, "MISSING_FIELD");
  CHECK(case_count(w) == 0);

  Case c = w.create(w.supervisor, w.grid_a);
  CaseCommand reject = w.command(A::kReject, c.id);
  reject.reason = "";
  CHECK(w.engine.commands().act_sync(w.supervisor, reject).status().reason() == "MISSING_FIELD");
  CaseCommand resolve = w.command(A::kResolve, c.id);
  resolve.outcome = Outcome::kUnspecified;
  CHECK(w.engine.commands().act_sync(w.supervisor, resolve).status().reason() == "INVALID_ENUM_VALUE");
}

TEST_CASE("SQL metacharacters in text are kept verbatim") {
  World w;
  NewCase nc = w.new_case(w.grid_a);
  nc.title = "'); DROP TABLE cases; --";
  auto r = w.engine.commands().create_case_sync(w.supervisor, nc);
  REQUIRE(r.is_ok());
  CHECK(w.engine.queries().get_case(w.supervisor, r->c.id)->c.title == nc.title);
}

TEST_CASE("listing pages through cases newest first with opaque tokens") {
  World w;
  std::set<CaseId> made;
  for (int i = 0; i < 7; ++i) made.insert(w.create(w.supervisor, w.grid_a).id);
  CaseQuery q;
  q.page_size = 3;
  std::set<CaseId> seen;
  CaseId last = 0;
  int pages = 0;
  do {
    auto page = w.engine.queries().list_cases(w.supervisor, q);
    REQUIRE(page.is_ok());
    for (const auto& c : page->cases) {
      if (last != 0) CHECK(c.id < last);
      last = c.id;
      seen.insert(c.id);
    }
    q.page_token = page->next_page_token;
    ++pages;
  } while (!q.page_token.empty() && pages < 10);
  CHECK(pages == 3);
  CHECK(seen == made);
  q.page_token = "garbage";
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "BAD_PAGE_TOKEN");
  q.page_token.clear();
  q.page_size = -1;
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "PAGE_SIZE_OUT_OF_RANGE");
  q.page_size = 100000;
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "PAGE_SIZE_OUT_OF_RANGE");
}

TEST_CASE("listing filters by kind, state, category subtree, unit and text") {
  World w;
  Case noise = w.engine.commands().create_case_sync(w.supervisor, [&] {
    NewCase nc = w.new_case(w.grid_a, CaseKind::kDispute, "DSP.NEIGHBOR.NOISE");
    nc.title = "楼上噪音扰民";
    return nc;
  }())->c;
  Case leak = w.engine.commands().create_case_sync(w.supervisor, [&] {
    NewCase nc = w.new_case(w.grid_b, CaseKind::kDispute, "DSP.NEIGHBOR.LEAK");
    nc.title = "三楼漏水严重";
    return nc;
  }())->c;
  Case rubbish = w.create(w.supervisor, w.grid_c);
  w.act_ok(w.supervisor, A::kAccept, rubbish.id);
  auto ids = [&](CaseQuery q) {
    std::set<CaseId> out;
    auto page = w.engine.queries().list_cases(w.supervisor, q);
    REQUIRE(page.is_ok());
    for (const auto& c : page->cases) out.insert(c.id);
    return out;
  };
  CaseQuery q;
  q.kinds = {CaseKind::kDispute};
  CHECK(ids(q) == std::set<CaseId>{noise.id, leak.id});
  q = {};
  q.category_code = "DSP.NEIGHBOR";
  CHECK(ids(q) == std::set<CaseId>{noise.id, leak.id});
  q = {};
  q.states = {CaseState::kAccepted};
  CHECK(ids(q) == std::set<CaseId>{rubbish.id});
  q = {};
  q.unit_id = w.hepan;
  CHECK(ids(q) == std::set<CaseId>{noise.id, leak.id});
  q = {};
  q.text = "漏水";
  CHECK(ids(q) == std::set<CaseId>{leak.id});
  q = {};
  q.category_code = "NO.SUCH";
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "UNKNOWN_CATEGORY");
}

TEST_CASE("login gives an expiring token, logout and disabling end it") {
  World w;
  CHECK(w.engine.sessions().login("grid_a", "wrong").status().reason() == "BAD_CREDENTIALS");
  CHECK(w.engine.sessions().login("nobody", "password-grid_a").status().reason() == "BAD_CREDENTIALS");
  auto login = w.engine.sessions().login("grid_a", "password-grid_a");
  REQUIRE(login.is_ok());
  CHECK(login->user.id == w.worker_a);
  CHECK(login->user.password_hash.empty());
  CHECK(login->expires_at > w.clock.now());
  auto who = w.engine.sessions().authenticate(login->token);
  REQUIRE(who.is_ok());
  CHECK(who->user.id == w.worker_a);
  CHECK(who->user.password_hash.empty());
  CHECK(who->expires_at == login->expires_at);
  CHECK(who->token == login->token);
  const auto generation = w.engine.sessions().session_generation();
  REQUIRE(w.engine.sessions().logout(login->token).is_ok());
  CHECK(w.engine.sessions().session_generation() > generation);
  CHECK(w.engine.sessions().authenticate(login->token).status().code() == Code::kUnauthenticated);

  // A token lives 12 hours exactly: valid up to the last millisecond before, refused at 12 h.
  constexpr TimeMs kTwelveHours = 12LL * 3600 * 1000;
  const TimeMs logged_in_at = w.clock.now();
  auto again = w.engine.sessions().login("grid_a", "password-grid_a");
  REQUIRE(again.is_ok());
  CHECK(again->expires_at == logged_in_at + kTwelveHours);
  w.clock.advance(kTwelveHours - 1);
  CHECK(w.engine.sessions().authenticate(again->token).is_ok());
  w.clock.advance(1);
  auto expired = w.engine.sessions().authenticate(again->token);
  CHECK(expired.status().code() == Code::kUnauthenticated);
  CHECK(expired.status().reason() == "INVALID_TOKEN");
}

TEST_CASE("a password change or a disabled account ends every session of the user") {
  World w;
  auto one = w.engine.sessions().login("grid_a", "password-grid_a");
  auto two = w.engine.sessions().login("grid_a", "password-grid_a");
  REQUIRE(one.is_ok());
  REQUIRE(two.is_ok());
  UserUpdate up;
  up.user_id = w.worker_a;
  up.new_password = "a-new-password";
  REQUIRE(w.engine.admin().update_user_sync(w.admin, up).is_ok());
  CHECK_FALSE(w.engine.sessions().authenticate(one->token).is_ok());
  CHECK_FALSE(w.engine.sessions().authenticate(two->token).is_ok());
  CHECK_FALSE(w.engine.sessions().login("grid_a", "password-grid_a").is_ok());
  auto fresh = w.engine.sessions().login("grid_a", "a-new-password");
  REQUIRE(fresh.is_ok());
  UserUpdate off;
  off.user_id = w.worker_a;
  off.disabled = true;
  REQUIRE(w.engine.admin().update_user_sync(w.admin, off).is_ok());
  CHECK_FALSE(w.engine.sessions().authenticate(fresh->token).is_ok());
  CHECK(w.engine.sessions().login("grid_a", "a-new-password").status().reason() == "BAD_CREDENTIALS");
  // A disabled user's calls are refused even with a user id in hand.
  CHECK(w.engine.commands().create_case_sync(w.worker_a, w.new_case(w.grid_a)).status().code() ==
        Code::kUnauthenticated);
}

TEST_CASE("an admin changes a user's role and scope, and access follows") {
  World w;
  Case in_b = w.create(w.worker_b, w.grid_b);
  CHECK_FALSE(w.engine.queries().get_case(w.worker_a, in_b.id).is_ok());
  UserUpdate up;
  up.user_id = w.worker_a;
  up.scope_unit_id = w.hepan;
  up.role = Role::kSupervisor;
  auto r = w.engine.admin().update_user_sync(w.admin, up);
  REQUIRE(r.is_ok());
  CHECK(r->role == Role::kSupervisor);
  CHECK(w.engine.queries().get_case(w.worker_a, in_b.id).is_ok());
  CHECK(w.act(w.worker_a, A::kUrge, in_b.id).is_ok());
}
