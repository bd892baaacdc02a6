// The case engine: every command and query of gridcase, over the Repository and Crypto ports.
//
// Commands go in three steps: validate the request (pure), check it against what is stored
// (the caller, the case, its version, the caller's scope), then apply it in one write unit that
// updates the case and appends its events together. Events are published to the EventSink only
// after the commit is durable.
//
// Thread safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gridcase/access.hpp"
#include "gridcase/audit.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/category.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/configuration.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/duplicates.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/event_sink.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/org.hpp"
#include "gridcase/related.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/sessions.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct EngineOptions {
  SessionOptions sessions;  // token life and login throttling (sessions.hpp)
  CalendarConfig calendar;  // working hours and time zone of the deadlines
  // Duplicate suggestions (duplicates.hpp): cases registered this close in time to a new one.
  TimeMs duplicate_window = 7LL * 24 * 3600 * 1000;
};

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
  std::string reason;              // required for reject, return, reopen, suspend, escalate, urge, comment
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
};

struct CaseDetail {
  Case c;                      // masked for the caller
  std::vector<Event> history;
};

struct CaseQuery {
  std::vector<CaseKind> kinds;
  std::vector<CaseState> states;
  std::string category_code;   // the category and its descendants
  Level level = Level::kUnspecified;
  UnitId unit_id = 0;          // subtree; 0: the caller's scope
  UserId assignee = 0;
  UserId leader = 0;
  std::string text;
  CaseOrder order = CaseOrder::kUnspecified;  // newest first unless kDeadline
  int page_size = 50;          // 1..500; 0 means 50
  std::string page_token;      // from a page of the same order
};

struct CasePage {
  std::vector<Case> cases;     // masked for the caller
  std::string next_page_token; // empty on the last page
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string password;
  Role role = Role::kUnspecified;
  UnitId scope_unit_id = 0;
  bool demo_password = false;
};

struct UserUpdate {
  UserId user_id = 0;
  Role role = Role::kUnspecified;     // kUnspecified: unchanged
  UnitId scope_unit_id = 0;           // 0: unchanged
  std::string display_name;           // empty: unchanged
  std::optional<bool> disabled;
  std::string new_password;           // empty: unchanged; set: every session of the user ends
};

struct UnitUpdate {
  UnitId unit_id = 0;
  std::string name;          // empty: unchanged
  UnitId new_parent_id = 0;  // 0: unchanged
  bool retire = false;
};

// The supervisor's board (督办看板): the open cases of a subtree that are yellow, red or
// escalated, most urgent first, and the counts per child unit.
struct BoardCount {
  UnitId unit_id = 0;
  int red = 0;
  int yellow = 0;
  int escalated = 0;
};
struct Board {
  std::vector<Case> cases;          // masked for the caller; red, then yellow, then escalated
  BoardCount total;                 // unit_id: the board's unit
  std::vector<BoardCount> children; // one per child unit, in tree order
};

// The working calendar as loaded, and what depends on missing years.
struct CalendarInfo {
  std::vector<int> years;           // loaded years
  std::vector<int> missing_years;   // years that provisional deadlines reach into
  int provisional_clocks = 0;       // running clocks with a provisional deadline
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

struct OrgSubtree {
  std::vector<OrgUnit> units;       // parents before children
  std::vector<PartyPost> party_posts;
};

// The pipeline every case mutation runs through (core/src/command_pipeline.hpp).
class CommandPipeline;
class MutationWrite;
struct Mutation;

class Engine {
 public:
  using CaseCallback = std::function<void(Result<CaseResult>)>;

  // The engine does not own its collaborators; they must outlive it. `sink` may be null.
  // `config` is shared with other readers of the configuration (the subscription hub's
  // visibility rule); null: the engine keeps its own, under options.calendar.
  Engine(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink,
         EngineOptions options = {}, std::shared_ptr<Configuration> config = nullptr);
  ~Engine();

  // How many case mutations have been run through the command pipeline (command_pipeline.hpp),
  // each as one write unit of the store.
  std::uint64_t mutations_run() const;

  // Loads the configuration (org tree, categories, policies, calendar) from the store. Call
  // once before anything else.
  Status load();

  // ---- Sessions ----
  // Logging in and out, tokens, passwords and throttling (sessions.hpp).
  Sessions& sessions() { return sessions_; }

  // ---- Queries ----
  Result<User> user(UserId id);
  Result<OrgSubtree> org_tree(UserId actor, UnitId root, bool include_retired);
  std::vector<Category> categories(CaseKind kind) const;  // kUnspecified: all
  // NOT_FOUND for a case outside the actor's scope, as for a missing one.
  Result<CaseDetail> get_case(UserId actor, CaseId id);
  Result<CaseDetail> get_case_by_number(UserId actor, const std::string& number);
  Result<CasePage> list_cases(UserId actor, const CaseQuery& query);
  // Phone and ID numbers always come masked; a role that may see personal data reveals one
  // party with a reason, and the reveal is audited. NOT_FOUND for a case or party the caller
  // cannot see; PERMISSION_DENIED for a role that may not reveal.
  Result<CaseParty> reveal_party(UserId actor, CaseId id, int party_index, const std::string& reason);
  // Admins: the audit log, newest first.
  Result<std::vector<AuditEntry>> list_audit(UserId actor, AuditKind kind, std::int64_t before_id, int page_size);
  Result<std::map<CaseState, std::int64_t>> count_cases_by_state();

  // ---- Disputes and petitions (core/src/kind_queries.cpp) ----
  // The acceptance check of a REPORTED petition (信访工作条例 art. 19, 20, 31, 36): the rule that
  // applies, if any, with its article and the same person's petitions on the same matter.
  // NOT_FOUND as get_case; FAILED_PRECONDITION "NOT_A_PETITION" for other kinds.
  Result<AcceptanceCheck> check_petition(UserId actor, CaseId id);
  // The case file (卷宗) of a dispute as one printable HTML page in Chinese: application, intake
  // register, investigation record, mediation records, agreement, follow-up. Parties are
  // presented as get_case presents them to the caller (masked). NOT_FOUND as get_case;
  // FAILED_PRECONDITION "NOT_A_DISPUTE" for other kinds.
  Result<std::string> dossier(UserId actor, CaseId id);
  // A person's cases found by their ID number (the same person across channels, levels and
  // years), newest first, at most 200, those in the caller's scope only, presented as in
  // list_cases. Looking a person up is a use of personal data: roles that may reveal it only
  // (PERMISSION_DENIED otherwise), with a reason, and audited as a reveal.
  Result<std::vector<Case>> cases_of_person(UserId actor, const std::string& id_number, const std::string& reason);

  // ---- Case commands ----
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
  // create_case: a new REPORTED case at grid level with its CREATE event and clocks.
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
  // The plans and inspections of a subtree (0: the caller's scope), newest first, at most 500.
  // kUnspecified state: all.
  Result<std::vector<InspectionPlan>> list_inspection_plans(UserId actor, UnitId unit);
  Result<std::vector<Inspection>> list_inspections(UserId actor, UnitId unit, InspectionState state);
  // Supervisors (or kSystemActor): makes the inspections due by now at once; returns how many.
  // The deadline runner does the same in Engine::run_due.
  Result<int> run_due_plans(UserId actor);

  // ---- Administration (admins, or kSystemActor) ----
  Result<User> create_user(UserId actor, const NewUser& request);
  Result<User> update_user(UserId actor, const UserUpdate& update);
  Result<std::vector<User>> list_users(UserId actor, UnitId unit);
  Result<OrgUnit> create_unit(UserId actor, OrgUnit unit);
  Result<OrgUnit> update_unit(UserId actor, const UnitUpdate& update);
  Result<PartyPost> create_party_post(UserId actor, PartyPost post);

  // ---- Deadlines ----
  // Records the colour changes due by `now` (CLOCK_WARNING, CLOCK_EXPIRED) and the DEADLINE
  // escalations they cause, for at most `max_cases` cases, and creates the inspections of the
  // recurring plans due by `now` (hazard.hpp). Each change happens once: the
  // colour reached is stored with the clock in the same commit. Returns the next instant
  // something is due (0: nothing), or `now` when cases are left over for another call.
  Result<TimeMs> run_due(TimeMs now, int max_cases = 200);
  // Called after any commit that leaves a case due at `at`, so that a runner sleeping past
  // `at` can wake up. Set once, before use; it runs on the store's writer thread.
  void set_due_listener(std::function<void(TimeMs)> listener);
  Result<Board> board(UserId actor, UnitId unit, int limit = 200);
  // The store the engine works on, for read-side services built beside it (figure_service.hpp).
  Repository& repository() const { return repo_; }
  // The current time of the engine's clock (for rendering clocks' remaining budget).
  TimeMs now() const { return clock_.now(); }
  std::shared_ptr<const WorkingCalendar> calendar() const;
  std::vector<DeadlinePolicy> policies() const;
  // Admins: a new policy (id 0) or a new version of one; applies to cases created after it.
  Result<DeadlinePolicy> set_policy(UserId actor, DeadlinePolicy policy);
  Result<CalendarInfo> calendar_info(UserId actor);
  // Admins: adds or replaces a year (the text format of core/calendar/*.cal) and recomputes
  // every deadline that was provisional.
  Result<CalendarInfo> set_calendar_year(UserId actor, const std::string& text);

  // ---- One matter, many sources; evidence (core/src/duplicates.cpp, core/src/evidence.cpp) ----
  // The cases a new one (given as its draft) likely duplicates, newest first, at most
  // `limit` (1..200): see duplicates.hpp. Only cases the caller may see.
  Result<std::vector<Case>> find_duplicates(UserId actor, const DuplicateQuery& query);
  // May the caller attach a file to this case? NOT_FOUND as get_case; PERMISSION_DENIED for a
  // role that may not comment on cases; FAILED_PRECONDITION "CASE_CLOSED" for a finished case.
  // Asked before an upload starts, so that no bytes travel for nothing.
  Status check_attach(UserId actor, CaseId id);
  // Records a verified upload as an attachment of its case, with an ATTACH event, in one write
  // unit (the same checks as check_attach, a request_id as for case commands).
  using AttachmentCallback = std::function<void(Result<AttachmentResult>)>;
  void add_attachment(UserId actor, NewAttachment request, AttachmentCallback done);
  Result<AttachmentResult> add_attachment_sync(UserId actor, NewAttachment request);
  // A case's attachments, oldest first; one attachment. NOT_FOUND for a case (or an
  // attachment of a case) the caller cannot see, as get_case.
  Result<std::vector<Attachment>> attachments(UserId actor, CaseId id);
  Result<Attachment> attachment(UserId actor, AttachmentId id);
  // Admins: whether a category (and the categories below it) requires evidence before a case
  // may be resolved. NOT_FOUND "UNKNOWN_CATEGORY" for an unknown code.
  Result<Category> set_category_evidence(UserId actor, const std::string& code, bool required);

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
  // The cases linked to a case and the cases merged into it, those the caller may see.
  Result<RelatedCases> related_cases(UserId actor, CaseId id);

  // ---- Subscriptions ----
  // The current tree (replaced, never mutated, when units change).
  OrgTreePtr tree() const;
  // The configuration the engine reads and adopts its changes into.
  const Configuration& configuration() const { return *config_; }
  Result<std::vector<Event>> events_since(Seq from, int limit);
  Result<Seq> last_seq();

 // What a case mutation's closures hand to its reply: the result, and the acting user to
  // present the case to.
  struct CaseMutation {
    CaseResult result;
    User viewer;
  };

 private:
  // Runs a case mutation through the pipeline and presents its case to the actor. A resend
  // answers the case as it is now (unless `m` brings its own replay).
  void run_case_mutation(UserId actor, Mutation m, std::shared_ptr<CaseMutation> state, CaseCallback done);
  Status check_case_command(const CaseCommand& cmd) const;
  // Validation of a new case (pure), and its insertion with its CREATE event inside a write.
  Status check_new_case(NewCase& req) const;
  Status insert_new_case(MutationWrite& w, const NewCase& req, Case& c, Event& e,
                         const std::string& intake_digest = {}) const;
  // Creates the inspections of the plans due by `now`; returns the next instant a plan is due
  // (0: none), or `now` when plans are left over for another call.
  Result<TimeMs> make_due_inspections(TimeMs now, int max_plans, int* made = nullptr);
  Result<TimeMs> run_due_cases(TimeMs now, int max_cases);
  // Checks `cmd` against the stored case and applies it through `w` (the pipeline's write).
  Status apply_command(MutationWrite& w, const CaseCommand& cmd, CaseResult& out);
  void publish(const std::vector<Event>& events);
  // The org tree as a write leaves it, numbered in commit order (Configuration::adopt_tree).
  struct TreeChange {
    OrgTreePtr tree;
    std::uint64_t number = 0;
  };
  Status tree_after_write(WriteView& view, TreeChange& out);
  // Appends an audit entry in a write of its own (not waited for).
  void audit(AuditEntry entry);
  void audit_denial(UserId actor, CaseId case_id, const std::string& what, const Status& denial);
  // Starts, stops, pauses and restarts the case's clocks after `action` moved it, and
  // refreshes its next_due and colour.
  void apply_clock_hooks(Case& c, Action action, TimeMs now, const WorkingCalendar& cal) const;
  Status process_due(WriteView& view, CaseId id, TimeMs now, std::vector<Event>& published);
  // FAILED_PRECONDITION "EVIDENCE_REQUIRED" when the case's category (or one above it) requires
  // evidence and the case has no attachment (core/src/evidence.cpp).
  Status check_evidence(ReadView& view, const Case& c) const;
  // The children merged into `parent` follow it when it has just resolved or closed: each
  // gets its own RESOLVE or CLOSE event, its clocks stopped as the parent's (related.cpp).
  Status follow_parent(MutationWrite& w, const Case& parent);
  void notify_due(TimeMs at);

  Repository& repo_;
  Crypto& crypto_;
  const Clock& clock_;
  EventSink* sink_;
  EngineOptions options_;

  // The org tree, categories, calendar and policies: one snapshot, shared with whoever else
  // reads them (configuration.hpp).
  std::shared_ptr<Configuration> config_;
  Sessions sessions_;
  std::unique_ptr<CommandPipeline> pipeline_;
  std::function<void(TimeMs)> due_listener_;

};

}  // namespace gridcase
