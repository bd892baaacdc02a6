// Case commands (案件办理): every change to a case, and to the inspections and plans that make
// hazard cases. One of the engine's services (engine.hpp: engine.commands()).
//
// Every call here runs through the one command pipeline (core/src/command_pipeline.hpp): the
// actor, the request_id, the mutation's own checks and changes in one write unit, commit,
// publish. What a case kind adds to a step is in its rules file (core/src/kind_rules.hpp); which
// action applies to which kind, in which state, for which role, is in the action table
// (action_table.hpp).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/duplicates.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/property.hpp"
#include "gridcase/project.hpp"
#include "gridcase/related.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/warning.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct NewCase {
  std::string request_id;  // idempotency key (required)
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  Channel channel = Channel::kUnspecified;
  std::string title;
  std::string description;
  Location location;
  std::vector<CaseParty> parties;
  Priority priority = Priority::kNormal;
  UnitId complained_unit_id = 0;  // optional: the unit the case complains about
  PetitionIntake petition;        // PETITION: the matter, levels, legal route, visit (petition.hpp)
  HotlineIntake hotline;          // HOTLINE: the order number, deadline class, dispatch time (hotline.hpp)
  Hazard hazard;                  // HAZARD from an inspection: site, severity, responsible, period
};

// One lifecycle action on an existing case. Which fields matter depends on the action.
struct CaseCommand {
  Action action = Action::kUnspecified;
  std::string request_id;          // idempotency key (required)
  CaseId case_id = 0;
  std::int64_t expected_version = 0;  // 0: not checked
  std::string reason;              // required for reject, return, reopen, suspend, escalate, urge, comment,
                                   // and a merge across categories or places
  UnitId unit_id = 0;              // dispatch: the handling unit
  UserId user_id = 0;              // dispatch: the assignee (optional); assign leader: the leader
  Outcome outcome = Outcome::kUnspecified;                      // resolve
  EscalationReason escalation_reason = EscalationReason::kUnspecified;  // escalate
  bool police_notified = false;    // escalate with RISK
  CaseId into_case_id = 0;         // merge
  ClockKind clock = ClockKind::kUnspecified;  // request extension: which clock (default RESOLVE)
  std::int64_t extension_amount = 0;          // request extension: hours or days, in the clock's unit
  bool approve = false;                       // decide extension
  TimeMs target_at = 0;                       // urge: an optional new target time
  MediationStep mediation;  // the mediation steps of disputes (mediation.hpp)
  PetitionStep petition;    // ACCEPT override, the petition decision and review answers (petition.hpp)
  HotlineStep hotline;      // first contact and callback answers of hotline orders (hotline.hpp)
  HazardStep hazard;        // rectification evidence, re-inspection verdict (hazard.hpp)
  WhistleStep whistle;      // departments, report-by time, rating (whistle.hpp)
};

struct CaseResult {
  Case c;                      // masked for the caller
  std::vector<Event> events;   // what this call appended (empty on a replay)
  bool replayed = false;       // the request_id had been seen; nothing changed
  std::int64_t applied_version = 0;
  // create_case: the cases the new one likely repeats (duplicates.hpp), the most alike first, at
  // most kCreateDuplicates, masked for the caller; empty for other calls and on a replay.
  std::vector<Case> duplicates;
};

// Hazards (hazard.hpp): an inspection done and its findings. Either a PLANNED inspection made
// by a plan (inspection_id), or a new one at a site (site_unit_id, site).
struct InspectionReport {
  std::string request_id;             // idempotency key (required)
  std::int64_t inspection_id = 0;     // a PLANNED inspection; 0: a new one
  std::int64_t expected_version = 0;  // of the planned inspection; 0: not checked
  UnitId site_unit_id = 0;            // new inspections: the grid or building group
  std::string site;                   // new inspections: the building, shop or site
  std::string note;
  std::vector<Finding> findings;      // hazards become HAZARD cases (at most 50 findings)
};

struct NewInspectionPlan {
  std::string request_id;     // idempotency key (required)
  UnitId site_unit_id = 0;    // a grid or building group in the caller's scope
  std::string site;
  int period_days = 0;        // 1..366
  UserId inspector_user_id = 0;  // an active user who sees the site
  TimeMs first_due_at = 0;    // 0: now
};

// A forum's opinion turned into a case (property.hpp): the new case, located in the forum's
// unit (a grid or building group under it), its CREATE event naming the forum.
struct OpinionCase {
  std::int64_t forum_id = 0;
  int opinion = 0;  // 1-based
  NewCase c;        // request_id, kind, category, title (default: the opinion), location...
};

struct EngineCore;
class MutationWrite;
struct Mutation;

class CaseCommands {
 public:
  using CaseCallback = std::function<void(Result<CaseResult>)>;

  explicit CaseCommands(EngineCore& core) : core_(core) {}

  // Every case mutation runs through one pipeline (core/src/command_pipeline.hpp): the actor,
  // the request_id, the mutation's checks and changes, commit, publish. `done` runs once the
  // outcome is known (after the durable commit on success), possibly on the store's writer
  // thread: keep it quick. Every mutation may answer, besides its own reasons:
  //   UNAUTHENTICATED UNKNOWN_USER, USER_DISABLED        the actor's account is gone or disabled
  //   INVALID_ARGUMENT REQUEST_ID_REUSED                 the request_id came with other content
  //   UNAVAILABLE STORAGE_FAULT, COMMIT_UNCERTAIN         the store could not commit (resend)
  //   INVALID_ARGUMENT MISSING_FIELD, INVALID_TEXT, TEXT_TOO_LONG, INVALID_ENUM_VALUE
  //                                                      a field is missing or malformed
  // A resend with the same request_id and content changes nothing and answers the first
  // result (replayed).
  //
  // create_case: a new REPORTED case at grid level with its CREATE event and clocks, answered
  // with its likely duplicates (CaseResult::duplicates) to merge it into or link it with.
  //   INVALID_ARGUMENT UNKNOWN_CATEGORY, CATEGORY_NOT_LEAF, BAD_LOCATION, BAD_COORDINATES,
  //     BAD_UNIT, TOO_MANY_PARTIES, and the kinds' intake reasons (NOT_A_PETITION_INTAKE, ...)
  //   PERMISSION_DENIED ROLE_MAY_NOT (audited); NOT_FOUND UNIT_NOT_FOUND outside one's scope
  //   FAILED_PRECONDITION NO_SUB_DISTRICT; ALREADY_EXISTS HOTLINE_ORDER_EXISTS
  void create_case(UserId actor, NewCase request, CaseCallback done);
  // act: one lifecycle or kind step on a case (the action table, action_table.hpp).
  //   INVALID_ARGUMENT NOT_A_COMMAND, BAD_VERSION, BAD_MERGE_TARGET, BAD_EXTENSION, BAD_TARGET,
  //     DEADLINE_ESCALATION_IS_AUTOMATIC, BAD_UNIT, BAD_ASSIGNEE, BAD_LEADER, and the kinds'
  //     step reasons (core/src/kind_rules.hpp)
  //   NOT_FOUND CASE_NOT_FOUND (also for a case outside one's scope), UNIT_NOT_FOUND
  //   PERMISSION_DENIED ROLE_MAY_NOT (audited)
  //   ABORTED STALE_VERSION (expected_version is not the case's)
  //   FAILED_PRECONDITION MERGE_NEEDS_REASON: a merge into a case of another category or at
  //     another place (compare_places, duplicates.hpp) says why, in its reason
  //   FAILED_PRECONDITION TRANSITION_NOT_ALLOWED (with the actions allowed now), NOT_A_DISPUTE,
  //     NOT_A_PETITION, NOT_A_HOTLINE_ORDER, NOT_A_HAZARD, EVIDENCE_REQUIRED, NO_HIGHER_LEVEL,
  //     MERGE_INTO_CHILD, MERGE_TARGET_CLOSED, HAS_MERGED_CASES, CLOCK_NOT_RUNNING,
  //     DEADLINE_PASSED, EXTENSION_PENDING, NO_PENDING_EXTENSION, and the kinds' own
  void act(UserId actor, CaseCommand command, CaseCallback done);
  // Blocking forms, for tools and tests.
  Result<CaseResult> create_case_sync(UserId actor, NewCase request);
  Result<CaseResult> act_sync(UserId actor, CaseCommand command);

  // ---- Hazards: inspections and plans (core/src/hazard.cpp) ----
  // Records an inspection (a planned one, or a new one) and creates one HAZARD case per hazard
  // finding, all in one write unit. Roles that may create cases; the site must be in the
  // caller's scope (NOT_FOUND "UNIT_NOT_FOUND" otherwise); a planned inspection is done by its
  // inspector or a supervisor (PERMISSION_DENIED "NOT_THE_INSPECTOR"), once
  // (FAILED_PRECONDITION "INSPECTION_DONE"). A resent request_id replays the stored inspection.
  using InspectionCallback = std::function<void(Result<Inspection>)>;
  void record_inspection(UserId actor, InspectionReport report, InspectionCallback done);
  Result<Inspection> record_inspection_sync(UserId actor, InspectionReport report);
  // Supervisors and intake clerks: a recurring plan for a site in their scope.
  using PlanCallback = std::function<void(Result<InspectionPlan>)>;
  void create_inspection_plan(UserId actor, NewInspectionPlan plan, PlanCallback done);
  Result<InspectionPlan> create_inspection_plan_sync(UserId actor, NewInspectionPlan plan);

  // ---- Property companies and residents' forums (core/src/property.cpp, property.hpp) ----
  // Supervisors and admins: an estate served by a company, in a community of their scope.
  //   INVALID_ARGUMENT BAD_ESTATE; NOT_FOUND NOT_A_PROPERTY_COMPANY (no such company, or one
  //   the caller may not dispatch to), ESTATE_OUTSIDE_SCOPE; ALREADY_EXISTS ESTATE_EXISTS
  Result<Estate> add_estate(UserId actor, NewEstate request);
  // Roles that may create cases: a forum held by a community or grid of their scope.
  //   INVALID_ARGUMENT BAD_FORUM; NOT_FOUND UNIT_NOT_FOUND
  Result<Forum> record_forum(UserId actor, NewForum request);
  // An opinion answered on the spot, or turned into a case (with its CREATE event), once:
  //   NOT_FOUND FORUM_NOT_FOUND, OPINION_NOT_FOUND; FAILED_PRECONDITION OPINION_HANDLED; and
  //   create_case's reasons for the case. A resend answers the forum as it is.
  Result<Forum> answer_opinion(UserId actor, OpinionAnswer request);
  Result<Forum> opinion_case(UserId actor, OpinionCase request);
  // ---- Livelihood projects (core/src/project.cpp, project.hpp) ----
  // One action on a project (CREATE_PROJECT ... FINISH_PROJECT), through the pipeline, each
  // with its request_id; answers the project as it is afterwards. Besides the common reasons:
  //   INVALID_ARGUMENT NOT_A_PROJECT_ACTION, BAD_DATE, BAD_BUDGET, BAD_ESTATE, BAD_PHOTO,
  //     MILESTONE_BEFORE_START (a milestone's or an actual date before the start date),
  //     DATE_IN_FUTURE (an actual or completion date after today), TOO_MANY_ITEMS
  //   NOT_FOUND PROJECT_NOT_FOUND (also outside one's scope), UNIT_NOT_FOUND, MILESTONE_NOT_FOUND,
  //     CASE_NOT_FOUND (a complaint the caller cannot see), COMPLAINT_NOT_LINKED
  //   PERMISSION_DENIED ROLE_MAY_NOT (the action table's roles; audited)
  //   ABORTED STALE_VERSION; ALREADY_EXISTS COMPLAINT_ALREADY_LINKED
  //   FAILED_PRECONDITION PROJECT_FINISHED, MILESTONE_DONE, MILESTONES_OPEN
  // A refused command changes nothing.
  using ProjectCallback = std::function<void(Result<Project>)>;
  void project_command(UserId actor, ProjectCommand command, ProjectCallback done);
  Result<Project> project_command_sync(UserId actor, ProjectCommand command);

  // ---- Evidence (core/src/evidence.cpp) ----
  // Records a verified upload as an attachment of its case, with an ATTACH event, in one write
  // unit (the checks of CaseQueries::check_attach, a request_id as for case commands).
  using AttachmentCallback = std::function<void(Result<AttachmentResult>)>;
  void add_attachment(UserId actor, NewAttachment request, AttachmentCallback done);
  Result<AttachmentResult> add_attachment_sync(UserId actor, NewAttachment request);

  // ---- Related cases (core/src/related.cpp, related.hpp) ----
  // LINK (link = true) or UNLINK two cases the caller may see (NOT_FOUND otherwise), with an
  // event on each; roles that may comment. The reply shows cmd.case_id. ALREADY_EXISTS
  // "ALREADY_LINKED" / NOT_FOUND "NOT_LINKED"; INVALID_ARGUMENT "BAD_LINK_TARGET" for itself.
  void link_cases(UserId actor, RelateCommand cmd, bool link, CaseCallback done);
  Result<CaseResult> link_cases_sync(UserId actor, RelateCommand cmd, bool link);
  // UNMERGE a merged case while its parent is open (FAILED_PRECONDITION "PARENT_NOT_OPEN"
  // after; "NOT_MERGED" for a case that is not merged): it returns to the state it had, its
  // clocks running again; both histories record it. Roles that may merge.
  void unmerge_case(UserId actor, RelateCommand cmd, CaseCallback done);
  Result<CaseResult> unmerge_case_sync(UserId actor, RelateCommand cmd);

  // ---- Early warnings (core/src/warnings.cpp, warning.hpp) ----
  // One handling step on a warning of the caller's scope (NOT_FOUND "WARNING_NOT_FOUND"
  // otherwise), supervisors only (PERMISSION_DENIED ROLE_MAY_NOT, audited): ACKNOWLEDGE an open
  // one; MAKE_CASE (a new case at the warning's first case's place, with its category, kind
  // and title unless given; the case's CREATE event names the warning), LINK_CASE (a case the
  // caller sees) or DISMISS (a reason, required) an open or acknowledged one. Each step is kept
  // in the warning and appended to the audit log (AuditKind::kWarning), in the same write.
  //   INVALID_ARGUMENT BAD_WARNING_ACTION, MISSING_FIELD; FAILED_PRECONDITION WARNING_SETTLED;
  //   ABORTED STALE_VERSION; NOT_FOUND CASE_NOT_FOUND (LINK_CASE); the reasons of create_case
  //   (MAKE_CASE). A resent request_id answers the warning as it is now.
  using WarningCallback = std::function<void(Result<Warning>)>;
  void handle_warning(UserId actor, WarningCommand cmd, WarningCallback done);
  Result<Warning> handle_warning_sync(UserId actor, WarningCommand cmd);

 private:
  // What a case mutation's closures hand to its reply: the result, and the acting user to
  // present the case to.
  struct CaseMutation {
    CaseResult result;
    User viewer;
  };
  // Runs a case mutation through the pipeline and presents its case to the actor. A resend
  // answers the case as it is now (unless `m` brings its own replay).
  void run_case_mutation(UserId actor, Mutation m, std::shared_ptr<CaseMutation> state, CaseCallback done);
  Status check_case_command(const CaseCommand& cmd) const;
  // Validation of a new case (pure), and its insertion with its CREATE event inside a write.
  Status check_new_case(NewCase& req) const;
  Status insert_new_case(MutationWrite& w, const NewCase& req, Case& c, Event& e,
                         const std::string& intake_digest = {}) const;
  // The early warnings a new case feeds (core/src/warning_signals.cpp), inside its write.
  Status feed_signals(MutationWrite& w, const Case& c) const;
  // Checks `cmd` against the stored case and applies it through `w` (the pipeline's write).
  Status apply_command(MutationWrite& w, const CaseCommand& cmd, CaseResult& out);
  // FAILED_PRECONDITION "EVIDENCE_REQUIRED" when the case's category (or one above it) requires
  // evidence and the case has no attachment; for a hazard, when its last rectification report
  // cites none (core/src/evidence.cpp).
  Status check_evidence(ReadView& view, const Case& c) const;
  // The children merged into `parent` follow it when it has just resolved or closed: each
  // gets its own RESOLVE or CLOSE event, its clocks stopped as the parent's (related.cpp).
  Status follow_parent(MutationWrite& w, const Case& parent);

  EngineCore& core_;
};

}  // namespace gridcase
