// Privacy: personal data masked for everyone, revealed only by an audited call; confidential
// parties invisible to the unit complained about; the audit log; login throttling; passwords.
#include "fixture.hpp"
#include "gridcase/access.hpp"

using namespace gridcase;
using testing::World;
using A = Action;

namespace {

std::vector<AuditEntry> audit_of(World& w, AuditKind kind) {
  auto entries = w.engine.queries().list_audit_sync(w.admin, kind, 0, 100);
  REQUIRE(entries.is_ok());
  return *entries;
}

// A petition from 李四光 (confidential) about the department, with a reporter who is not.
Case petition_about_department(World& w) {
  NewCase nc = w.new_case(w.grid_a, CaseKind::kPetition, "PET.CONDUCT");
  nc.channel = Channel::kLetter;
  nc.title = "反映城管科工作人员作风问题";
  nc.complained_unit_id = w.department;
  nc.parties[0].name = "李四光";
  nc.parties[0].confidential = true;
  nc.parties[0].role = PartyRole::kApplicant;
  CaseParty other;
  other.name = "王五";
  other.phone = "13900001111";
  other.role = PartyRole::kOther;
  nc.parties.push_back(other);
  auto r = w.engine.commands().create_case_sync(w.clerk, nc);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

}  // namespace

TEST_CASE("phone and ID numbers come masked to everyone, supervisors included") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  for (UserId who : {w.worker_a, w.supervisor, w.clerk, w.hepan_supervisor}) {
    auto seen = w.engine.queries().get_case(who, c.id);
    REQUIRE(seen.is_ok());
    CHECK(seen->c.parties[0].phone == "138****1234");
    CHECK(seen->c.parties[0].id_number == "110***********1234");
    CHECK(seen->c.parties[0].name == "张三");  // not confidential
  }
  auto created = w.engine.commands().create_case_sync(w.supervisor, w.new_case(w.grid_a));
  REQUIRE(created.is_ok());
  CHECK(created->c.parties[0].phone == "138****1234");
  auto listed = w.engine.queries().list_cases(w.supervisor, {});
  REQUIRE(listed.is_ok());
  for (const auto& x : listed->cases) CHECK(x.parties[0].phone == "138****1234");
}

TEST_CASE("a reveal shows one party unmasked to a role that may, and is audited with the reason") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  auto revealed = w.engine.queries().reveal_party_sync(w.clerk, c.id, 0, "电话回访当事人");
  REQUIRE(revealed.is_ok());
  CHECK(revealed->phone == "13812341234");
  CHECK(revealed->id_number == "110109199003071234");
  auto reveals = audit_of(w, AuditKind::kReveal);
  REQUIRE(reveals.size() == 1);
  CHECK(reveals[0].actor_id == w.clerk);
  CHECK(reveals[0].case_id == c.id);
  CHECK_THAT(reveals[0].detail, Catch::Contains("电话回访当事人"));
  CHECK_THAT(reveals[0].detail, Catch::Contains(c.number));

  CHECK(w.engine.queries().reveal_party_sync(w.clerk, c.id, 0, "").status().reason() == "MISSING_FIELD");
  CHECK(w.engine.queries().reveal_party_sync(w.clerk, c.id, 7, "x").status().reason() == "PARTY_NOT_FOUND");
  CHECK(w.engine.queries().reveal_party_sync(w.worker_b, c.id, 0, "x").status().code() == Code::kNotFound);
  auto refused = w.engine.queries().reveal_party_sync(w.worker_a, c.id, 0, "想看看");
  CHECK(refused.status().code() == Code::kPermissionDenied);
  auto denials = audit_of(w, AuditKind::kPermissionDenied);
  REQUIRE(denials.size() == 1);
  CHECK(denials[0].actor_id == w.worker_a);
  CHECK(audit_of(w, AuditKind::kReveal).size() == 1);  // the refused one is not a reveal
}

TEST_CASE("a confidential party is invisible to the unit complained about, in every view") {
  World w;
  Case c = petition_about_department(w);
  // Dispatched to the department it complains about (it must answer for itself).
  CaseCommand to_dep = w.command(A::kAccept, c.id);
  REQUIRE(w.engine.commands().act_sync(w.clerk, to_dep).is_ok());
  CaseCommand dispatch = w.command(A::kDispatch, c.id);
  dispatch.unit_id = w.department;
  auto dispatched = w.engine.commands().act_sync(w.clerk, dispatch);
  REQUIRE(dispatched.is_ok());

  auto as_handler = w.engine.queries().get_case(w.handler, c.id);
  REQUIRE(as_handler.is_ok());
  REQUIRE(as_handler->c.parties.size() == 1);
  CHECK(as_handler->c.parties[0].name == "王五");
  for (const auto& e : as_handler->history) {
    for (const auto& [key, value] : e.details) CHECK(value.find("李四光") == std::string::npos);
  }
  auto listed = w.engine.queries().list_cases(w.handler, {});
  REQUIRE(listed.is_ok());
  REQUIRE(listed->cases.size() == 1);
  CHECK(listed->cases[0].parties.size() == 1);
  CaseQuery by_name;
  by_name.text = "李四光";
  CHECK(w.engine.queries().list_cases(w.handler, by_name)->cases.empty());
  // The handler's own reply to an action shows no more.
  auto commented = w.act(w.handler, A::kComment, c.id);
  REQUIRE(commented.is_ok());
  CHECK(commented->c.parties.size() == 1);
  CHECK(w.engine.queries().reveal_party_sync(w.handler, c.id, 0, "x").status().code() == Code::kNotFound);
  // Everyone else still sees that there is a confidential party (masked).
  auto as_clerk = w.engine.queries().get_case(w.clerk, c.id);
  REQUIRE(as_clerk->c.parties.size() == 2);
  CHECK(as_clerk->c.parties[0].name == "李**");
}

TEST_CASE("logins, failures and password changes are in the audit log, for admins only") {
  World w;
  REQUIRE(w.engine.sessions().login("grid_a", "password-grid_a", "10.0.0.7").is_ok());
  CHECK_FALSE(w.engine.sessions().login("grid_a", "nope", "10.0.0.7").is_ok());
  CHECK_FALSE(w.engine.sessions().login("ghost", "nope", "10.0.0.8").is_ok());
  auto logins = audit_of(w, AuditKind::kLogin);
  REQUIRE(logins.size() == 1);
  CHECK(logins[0].actor_id == w.worker_a);
  CHECK(logins[0].address == "10.0.0.7");
  auto failures = audit_of(w, AuditKind::kLoginFailed);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].username == "ghost");  // newest first
  CHECK(failures[1].detail == "wrong password");
  CHECK(w.engine.queries().list_audit_sync(w.supervisor, AuditKind::kUnspecified, 0, 10).status().code() == Code::kPermissionDenied);
  auto all = w.engine.queries().list_audit_sync(w.admin, AuditKind::kUnspecified, 0, 2);
  REQUIRE(all.is_ok());
  REQUIRE(all->size() == 2);
  auto older = w.engine.queries().list_audit_sync(w.admin, AuditKind::kUnspecified, (*all)[1].id, 100);
  REQUIRE(older.is_ok());
  for (const auto& e : *older) CHECK(e.id < (*all)[1].id);
}

TEST_CASE("failed logins are throttled per user and per address, with a clear error") {
  World w;
  for (int i = 0; i < 5; ++i) CHECK(w.engine.sessions().login("grid_a", "wrong", "10.0.0.1").status().reason() == "BAD_CREDENTIALS");
  // Now even the right password waits for the window to pass.
  auto locked = w.engine.sessions().login("grid_a", "password-grid_a", "10.0.0.2");
  CHECK(locked.status().code() == Code::kResourceExhausted);
  CHECK(locked.status().reason() == "LOGIN_THROTTLED");
  CHECK(w.engine.sessions().login("grid_b", "password-grid_b", "10.0.0.2").is_ok());  // other users are unaffected
  w.clock.advance(16LL * 60 * 1000);
  CHECK(w.engine.sessions().login("grid_a", "password-grid_a", "10.0.0.2").is_ok());

  // One address trying many names.
  for (int i = 0; i < 20; ++i) w.engine.sessions().login("user" + std::to_string(i), "wrong", "10.9.9.9");
  CHECK(w.engine.sessions().login("grid_b", "password-grid_b", "10.9.9.9").status().reason() == "LOGIN_THROTTLED");
  CHECK(w.engine.sessions().login("grid_b", "password-grid_b", "10.9.9.10").is_ok());
}

TEST_CASE("passwords have a minimum strength") {
  World w;
  NewUser u;
  u.username = "newcomer";
  u.role = Role::kGridWorker;
  u.scope_unit_id = w.grid_a;
  for (const char* weak : {"short1", "abcdefghij", "1234567890", "password1", "newcomer"}) {
    u.password = weak;
    INFO(weak);
    CHECK(w.engine.admin().create_user_sync(w.admin, u).status().reason() == "WEAK_PASSWORD");
  }
  u.password = "河畔网格2026";
  CHECK(w.engine.admin().create_user_sync(w.admin, u).is_ok());
}

TEST_CASE("a user changes their own password, an admin ends someone's sessions") {
  World w;
  auto session = w.engine.sessions().login("grid_a", "password-grid_a");
  REQUIRE(session.is_ok());
  CHECK(w.engine.sessions().change_password(w.worker_a, "wrong", "new-pass-2026").reason() == "BAD_CREDENTIALS");
  CHECK(w.engine.sessions().change_password(w.worker_a, "password-grid_a", "short").reason() == "WEAK_PASSWORD");
  REQUIRE(w.engine.sessions().change_password(w.worker_a, "password-grid_a", "new-pass-2026").is_ok());
  CHECK_FALSE(w.engine.sessions().authenticate(session->token).is_ok());
  auto again = w.engine.sessions().login("grid_a", "new-pass-2026");
  REQUIRE(again.is_ok());
  CHECK(w.engine.sessions().revoke_sessions(w.supervisor, w.worker_a).code() == Code::kPermissionDenied);
  REQUIRE(w.engine.sessions().revoke_sessions(w.admin, w.worker_a).is_ok());
  CHECK_FALSE(w.engine.sessions().authenticate(again->token).is_ok());
  CHECK(audit_of(w, AuditKind::kPasswordChanged).size() == 1);
  CHECK(audit_of(w, AuditKind::kSessionsRevoked).size() == 1);
}

TEST_CASE("a refused action is recorded as a permission denial") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  CHECK(w.act(w.worker_a, A::kUrge, c.id).status().code() == Code::kPermissionDenied);
  auto denials = audit_of(w, AuditKind::kPermissionDenied);
  REQUIRE(denials.size() == 1);
  CHECK(denials[0].case_id == c.id);
  CHECK_THAT(denials[0].detail, Catch::Contains("URGE"));
}
