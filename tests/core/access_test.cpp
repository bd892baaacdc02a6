// Who may do what: the role × action matrix, subtree scoping and masking.
#include <map>
#include <set>

#include "fixture.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/access.hpp"
#include "gridcase/names.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;

// The specification of the role × action matrix, written out independently of the action
// table. Attaching and linking go with commenting, unmerging with merging.
const std::map<Role, std::set<A>>& matrix() {
  static const std::map<Role, std::set<A>> kSpec = {
      {Role::kGridWorker,
       {A::kCreate, A::kAccept, A::kDispatch, A::kReturn, A::kEscalate, A::kResolve, A::kComment,
        A::kRequestExtension, A::kSignOrder, A::kFirstContact, A::kReturnOrder, A::kReplyOrder,
        A::kAppealRating, A::kReportRectification, A::kReinspect, A::kAttach, A::kLink, A::kUnlink,
        A::kRequestMediation, A::kCompleteMilestone, A::kProjectUpdate, A::kLinkComplaint,
        A::kUnlinkComplaint}},
      {Role::kMediator,
       {A::kCreate, A::kAccept, A::kReturn, A::kEscalate, A::kResolve, A::kClose, A::kComment,
        A::kRequestExtension, A::kAssignMediation, A::kRecordConsent, A::kRecordSession,
        A::kDraftAgreement, A::kSignAgreement, A::kFollowUp, A::kRefer, A::kAttach, A::kLink, A::kUnlink,
        A::kAgreementNotPerformed, A::kLinkComplaint, A::kUnlinkComplaint}},
      {Role::kHandler,
       {A::kReturn, A::kEscalate, A::kResolve, A::kComment, A::kRequestExtension, A::kDecidePetition,
        A::kSignOrder, A::kFirstContact, A::kReturnOrder, A::kReplyOrder, A::kAppealRating,
        A::kReportRectification, A::kCheckIn, A::kAttach, A::kLink, A::kUnlink, A::kRequestMediation,
        A::kSetMilestone, A::kCompleteMilestone, A::kProjectUpdate, A::kLinkComplaint, A::kUnlinkComplaint}},
      {Role::kIntakeClerk,
       {A::kCreate, A::kAccept, A::kReject, A::kDispatch, A::kEscalate, A::kClose, A::kReopen,
        A::kSuspend, A::kResume, A::kMerge, A::kComment, A::kRequestExtension, A::kAssignMediation,
        A::kDecidePetition, A::kRequestReview, A::kDecideReview, A::kRequestReReview,
        A::kDecideReReview, A::kDecideReturn, A::kRecordCallback, A::kDecideAppeal,
        A::kReportRectification, A::kWhistle, A::kRateDepartment, A::kAttach, A::kLink, A::kUnlink,
        A::kUnmerge, A::kRequestMediation, A::kAgreementNotPerformed, A::kCreateProject, A::kSetMilestone,
        A::kCompleteMilestone, A::kProjectUpdate, A::kLinkComplaint, A::kUnlinkComplaint, A::kFinishProject}},
      {Role::kSupervisor,
       {A::kCreate, A::kAccept, A::kReject, A::kDispatch, A::kReturn, A::kEscalate, A::kResolve,
        A::kClose, A::kReopen, A::kSuspend, A::kResume, A::kMerge, A::kComment, A::kUrge,
        A::kAssignLeader, A::kRequestExtension, A::kDecideExtension, A::kAssignMediation,
        A::kRecordConsent, A::kRecordSession, A::kDraftAgreement, A::kSignAgreement, A::kFollowUp,
        A::kRefer, A::kDecidePetition, A::kRequestReview, A::kDecideReview, A::kRequestReReview,
        A::kDecideReReview, A::kSignOrder, A::kFirstContact, A::kReturnOrder, A::kDecideReturn,
        A::kReplyOrder, A::kRecordCallback, A::kAppealRating, A::kDecideAppeal,
        A::kReportRectification, A::kReinspect, A::kWhistle, A::kCheckIn, A::kRateDepartment,
        A::kAttach, A::kLink, A::kUnlink, A::kUnmerge, A::kRequestMediation, A::kAgreementNotPerformed,
        A::kCreateProject, A::kSetMilestone, A::kCompleteMilestone, A::kProjectUpdate, A::kLinkComplaint,
        A::kUnlinkComplaint, A::kFinishProject}},
      {Role::kAdmin, {}},
  };
  return kSpec;
}

// A state in which the lifecycle allows `a`, so that only the role decides.
CaseState state_allowing(A a) {
  switch (a) {
    case A::kAccept: case A::kReject: return CaseState::kReported;
    case A::kDispatch: case A::kSuspend: case A::kMerge: return CaseState::kAccepted;
    case A::kReturn: case A::kResolve: case A::kEscalate: case A::kComment: case A::kUrge:
    case A::kAssignLeader: case A::kRequestExtension: case A::kDecideExtension:
      return CaseState::kInProgress;
    case A::kClose: case A::kReopen: return CaseState::kResolved;
    case A::kResume: return CaseState::kSuspended;
    default: return CaseState::kReported;
  }
}

}  // namespace

TEST_CASE("the role x action matrix decides who may take each action") {
  for (const auto& [role, allowed] : matrix()) {
    for (int a = static_cast<int>(A::kCreate); a < kActionCount; ++a) {
      if (!is_action(a)) continue;
      const A action = static_cast<A>(a);
      CHECK(role_may(role, action) == (allowed.count(action) == 1));
    }
  }
}

TEST_CASE("every role is refused the actions its row does not list, and may take the others") {
  for (const auto& [role, allowed] : matrix()) {
    // The common actions on an incident; the steps of disputes and petitions are driven by
    // mediation_test.cpp and petition_test.cpp on cases of their kind.
    for (int a = static_cast<int>(A::kAccept); a < static_cast<int>(A::kAssignMediation); ++a) {
      const A action = static_cast<A>(a);
      if (!is_command(action)) continue;
      DYNAMIC_SECTION(name(role) << " " << name(action)) {
        World w;
        // Every role's user, scoped so that grid A's case is inside their subtree.
        std::map<Role, UserId> actor = {
            {Role::kGridWorker, w.worker_a}, {Role::kMediator, w.mediator},
            {Role::kHandler, w.community_handler}, {Role::kIntakeClerk, w.clerk},
            {Role::kSupervisor, w.supervisor}, {Role::kAdmin, w.admin}};
        Case c = w.case_in(state_allowing(action));
        CaseCommand cmd = w.command(action, c.id);
        auto r = w.engine.commands().act_sync(actor[role], cmd);
        if (allowed.count(action)) {
          INFO(r.status().to_string());
          CHECK(r.is_ok());
        } else {
          REQUIRE_FALSE(r.is_ok());
          CHECK(r.status().code() == Code::kPermissionDenied);
        }
      }
    }
  }
}

TEST_CASE("a grid worker cannot see or touch another grid's cases") {
  World w;
  Case in_b = w.create(w.worker_b, w.grid_b);
  CHECK(w.engine.queries().get_case(w.worker_a, in_b.id).status().code() == Code::kNotFound);
  auto acted = w.act(w.worker_a, A::kAccept, in_b.id);
  CHECK(acted.status().code() == Code::kNotFound);
  CHECK(acted.status().reason() == "CASE_NOT_FOUND");
  auto listed = w.engine.queries().list_cases(w.worker_a, {});
  REQUIRE(listed.is_ok());
  CHECK(listed->cases.empty());
  // Nor create one there.
  auto created = w.engine.commands().create_case_sync(w.worker_a, w.new_case(w.grid_b));
  CHECK(created.status().code() == Code::kNotFound);
}

TEST_CASE("a case outside one's subtree answers exactly as a missing case does") {
  World w;
  Case in_b = w.create(w.worker_b, w.grid_b);
  auto hidden = w.engine.queries().get_case(w.worker_a, in_b.id);
  auto missing = w.engine.queries().get_case(w.worker_a, 999999);
  CHECK(hidden.status().code() == missing.status().code());
  CHECK(hidden.status().reason() == missing.status().reason());
  CHECK(hidden.status().message() == missing.status().message());
}

TEST_CASE("a community supervisor sees every grid of the community and nothing beyond") {
  World w;
  Case a = w.create(w.worker_a, w.grid_a);
  Case b = w.create(w.worker_b, w.grid_b);
  Case c = w.create(w.supervisor, w.grid_c);  // 京汉, another community
  auto page = w.engine.queries().list_cases(w.hepan_supervisor, {});
  REQUIRE(page.is_ok());
  std::set<CaseId> seen;
  for (const auto& x : page->cases) seen.insert(x.id);
  CHECK(seen == std::set<CaseId>{a.id, b.id});
  CHECK(w.engine.queries().get_case(w.hepan_supervisor, c.id).status().code() == Code::kNotFound);
  // The sub-district supervisor sees all three.
  auto all = w.engine.queries().list_cases(w.supervisor, {});
  REQUIRE(all.is_ok());
  CHECK(all->cases.size() == 3);
}

TEST_CASE("a grid worker still sees a case of their grid after it is escalated") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  c = w.act_ok(w.worker_a, A::kEscalate, c.id);
  CHECK(c.level == Level::kCommunity);
  CHECK(c.handling_unit_id == w.hepan);
  CHECK(w.engine.queries().get_case(w.worker_a, c.id).is_ok());
}

TEST_CASE("a department handler sees only what is dispatched to the department") {
  World w;
  Case c = w.case_in(CaseState::kAccepted);
  CHECK(w.engine.queries().get_case(w.handler, c.id).status().code() == Code::kNotFound);
  CaseCommand cmd = w.command(A::kDispatch, c.id);
  cmd.unit_id = w.department;
  REQUIRE(w.engine.commands().act_sync(w.supervisor, cmd).is_ok());
  CHECK(w.engine.queries().get_case(w.handler, c.id).is_ok());
  auto resolved = w.act(w.handler, A::kResolve, c.id);
  CHECK(resolved.is_ok());
}

TEST_CASE("a grid worker cannot dispatch outside their reach") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  c = w.act_ok(w.worker_a, A::kAccept, c.id);
  CaseCommand cmd = w.command(A::kDispatch, c.id);
  cmd.unit_id = w.grid_c;
  CHECK(w.engine.commands().act_sync(w.worker_a, cmd).status().code() == Code::kNotFound);
  cmd.request_id = w.request_id();
  cmd.unit_id = w.department;  // a department of the sub-district above: reachable
  CHECK(w.engine.commands().act_sync(w.worker_a, cmd).is_ok());
}

TEST_CASE("masking keeps both ends and hides the middle") {
  CHECK(mask_phone("13812341234") == "138****1234");
  CHECK(mask_phone("") == "");
  CHECK(mask_phone("12345") == "12*45");
  CHECK(mask_id_number("110109199003071234") == "110***********1234");
  CHECK(mask_name("张三丰") == "张**");
  CHECK(mask_name("A") == "*");
}

TEST_CASE("only admins manage users and units") {
  World w;
  NewUser nu;
  nu.username = "newbie";
  nu.password = "long-enough";
  nu.role = Role::kGridWorker;
  nu.scope_unit_id = w.grid_a;
  CHECK(w.engine.admin().create_user_sync(w.supervisor, nu).status().code() == Code::kPermissionDenied);
  CHECK(w.engine.admin().create_user_sync(w.admin, nu).is_ok());
  OrgUnit grid;
  grid.parent_id = w.hepan;
  grid.type = UnitType::kGrid;
  grid.code = "G9";
  grid.name = "河畔第九网格";
  CHECK(w.engine.admin().create_unit_sync(w.supervisor, grid).status().code() == Code::kPermissionDenied);
  CHECK(w.engine.admin().create_unit_sync(w.admin, grid).is_ok());
}

TEST_CASE("a case offers each user only what they can do to it now") {
  World w;
  const Case c = w.create(w.worker_a, w.grid_a);
  auto now_for = [&](UserId user) {
    auto detail = w.engine.queries().get_case(user, c.id);
    REQUIRE(detail.is_ok());
    std::set<A> out(detail->actions_now.begin(), detail->actions_now.end());
    return out;
  };
  // A plain reported incident: no whistle to check in to or rate, no extension to decide, and
  // for the grid worker nothing only a supervisor may do.
  auto worker = now_for(w.worker_a);
  CHECK(worker.count(A::kAccept) == 1);
  CHECK(worker.count(A::kCheckIn) == 0);
  CHECK(worker.count(A::kRateDepartment) == 0);
  CHECK(worker.count(A::kDecideExtension) == 0);
  CHECK(worker.count(A::kUrge) == 0);
  CHECK(worker.count(A::kRequestMediation) == 0);  // not a dispute
  for (A a : worker) CHECK(role_may(Role::kGridWorker, a));

  // An extension asked for: the supervisor may decide it, and no second one may be asked.
  CaseCommand ask = w.command(A::kRequestExtension, c.id);
  REQUIRE(w.engine.commands().act_sync(w.worker_a, ask).is_ok());
  CHECK(now_for(w.supervisor).count(A::kDecideExtension) == 1);
  CHECK(now_for(w.worker_a).count(A::kRequestExtension) == 0);
  // A refused step names the same list.
  auto refused = w.act(w.worker_a, A::kResolve, c.id);  // a reported case is accepted first
  REQUIRE(refused.status().reason() == "TRANSITION_NOT_ALLOWED");
  std::set<std::string> named(refused.status().details().begin(), refused.status().details().end());
  std::set<std::string> listed;
  for (A a : now_for(w.worker_a)) listed.insert(name(a));
  CHECK(named == listed);
}

TEST_CASE("a refused role is told which roles may do it") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  auto merge = w.engine.commands().act_sync(w.worker_a, w.command(A::kMerge, c.id));
  REQUIRE_FALSE(merge.is_ok());
  CHECK(merge.status().reason() == "ROLE_MAY_NOT");
  CHECK(merge.status().details() == std::vector<std::string>{"INTAKE_CLERK", "SUPERVISOR"});
  // A permission rather than an action: only admins read the audit log.
  auto audit = w.engine.queries().list_audit_sync(w.supervisor, AuditKind::kUnspecified, 0, 10);
  REQUIRE_FALSE(audit.is_ok());
  CHECK(audit.status().details() == std::vector<std::string>{"ADMIN"});
  CHECK(roles_that_may(A::kUrge) == std::vector<Role>{Role::kSupervisor});
}

TEST_CASE("a case names the people who worked on it, and every unit's name can be read") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  REQUIRE(w.engine.commands().act_sync(w.clerk, w.command(A::kAccept, c.id)).is_ok());
  // The mediator's scope holds no list of users that has the grid worker or the clerk in it.
  auto detail = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(detail.is_ok());
  CHECK(detail->user_names.at(w.worker_a) == "grid_a");
  CHECK(detail->user_names.at(w.clerk) == "clerk");
  CHECK(detail->user_names.count(w.mediator) == 0);

  // A grid worker's own tree is its grid; the names of all units are there for the asking.
  auto own = w.engine.queries().org_tree(w.worker_a, 0, false);
  REQUIRE(own.is_ok());
  auto all = w.engine.queries().all_units(w.worker_a, false);
  REQUIRE(all.is_ok());
  std::set<UnitId> ids;
  for (const auto& u : all->units) ids.insert(u.id);
  CHECK(all->units.size() > own->units.size());
  CHECK(ids.count(w.district) == 1);
  CHECK(ids.count(w.department) == 1);
  CHECK(all->party_posts.empty());
  CHECK(w.engine.queries().all_units(424242, false).status().code() == Code::kUnauthenticated);
}
