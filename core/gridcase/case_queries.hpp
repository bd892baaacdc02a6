// Case queries (查询): what a user may read — cases and their history, the org tree and
// categories, the board, person look-ups, dossiers, inspections, attachments, related cases,
// the audit log and the event stream. One of the engine's services (engine.hpp:
// engine.queries()). Nothing here changes a case; a look at personal data is audited.
//
// Every query answers only what lies in the caller's scope: NOT_FOUND for a case outside it,
// as for a missing one. Besides its own reasons, any call may answer UNAUTHENTICATED
// UNKNOWN_USER or USER_DISABLED for the caller's account, and UNAVAILABLE STORAGE_FAULT.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gridcase/audit.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/duplicates.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/org.hpp"
#include "gridcase/petition.hpp"
#include "gridcase/project.hpp"
#include "gridcase/related.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct CaseDetail {
  Case c;                      // masked for the caller
  std::vector<Event> history;
  std::vector<Action> actions_now;  // what the caller can do to it now (access.hpp)
  // Display names of the users the case and its history name (reporter, assignee, leader,
  // mediators, signers, who acted): whoever may read the case may read who worked on it.
  std::map<UserId, std::string> user_names;
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

struct OrgSubtree {
  std::vector<OrgUnit> units;       // parents before children
  std::vector<PartyPost> party_posts;
};

// Who a person look-up is for: exactly one of an ID number, a party's name (as registered) or
// a phone (any mainland form; compared as stored, digits only).
struct PersonKey {
  std::string id_number;
  std::string name;
  std::string phone;
};

struct EngineCore;

class CaseQueries {
 public:
  explicit CaseQueries(EngineCore& core) : core_(core) {}

  // ---- Cases, users and the org tree ----
  Result<User> user(UserId id);
  Result<OrgSubtree> org_tree(UserId actor, UnitId root, bool include_retired);
  // Every unit of the tree, parents before children, for any logged-in user: names of units
  // are not secret (a case names the district it went up to, a department, the police
  // station). No party posts (they name people). UNAUTHENTICATED for an unknown actor.
  Result<OrgSubtree> all_units(UserId actor, bool include_retired);
  std::vector<Category> categories(CaseKind kind) const;  // kUnspecified: all
  // NOT_FOUND for a case outside the actor's scope, as for a missing one.
  Result<CaseDetail> get_case(UserId actor, CaseId id);
  Result<CaseDetail> get_case_by_number(UserId actor, const std::string& number);
  Result<CasePage> list_cases(UserId actor, const CaseQuery& query);
  // Phone and ID numbers always come masked; a role that may see personal data reveals one
  // party with a reason, and the reveal is audited. NOT_FOUND for a case or party the caller
  // cannot see; PERMISSION_DENIED for a role that may not reveal.
  // `done` runs once the reveal's audit entry is durable, possibly on the store's writer thread.
  void reveal_party(UserId actor, CaseId id, int party_index, const std::string& reason,
                    std::function<void(Result<CaseParty>)> done);
  Result<CaseParty> reveal_party_sync(UserId actor, CaseId id, int party_index, const std::string& reason);
  // Admins: the audit log, newest first, once the entries asked for before it are stored
  // (`done` possibly on the store's writer thread).
  void list_audit(UserId actor, AuditKind kind, std::int64_t before_id, int page_size,
                  std::function<void(Result<std::vector<AuditEntry>>)> done);
  Result<std::vector<AuditEntry>> list_audit_sync(UserId actor, AuditKind kind, std::int64_t before_id, int page_size);
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
  // The case file printed for the archive (归档): as dossier, with the parties' basic details in
  // full (人民调解法 art. 29: name, sex and age from the ID number, ethnicity, occupation,
  // address, phone, ID number). A reveal: roles that may see personal data only
  // (PERMISSION_DENIED ROLE_MAY_NOT otherwise, audited as a denial), with a reason
  // (INVALID_ARGUMENT otherwise), audited. `done` runs once the audit entry is durable,
  // possibly on the store's writer thread.
  void archive_dossier(UserId actor, CaseId id, const std::string& reason, std::function<void(Result<std::string>)> done);
  Result<std::string> archive_dossier_sync(UserId actor, CaseId id, const std::string& reason);
  // A person's cases found by their ID number (the same person across channels, levels and
  // years), newest first, at most 200, those in the caller's scope only, presented as in
  // list_cases. Looking a person up is a use of personal data: roles that may reveal it only
  // (PERMISSION_DENIED otherwise), with a reason, and audited as a reveal.
  // `done` runs once the look-up's audit entry is durable, possibly on the store's writer thread.
  void cases_of_person(UserId actor, const std::string& id_number, const std::string& reason,
                       std::function<void(Result<std::vector<Case>>)> done);
  Result<std::vector<Case>> cases_of_person_sync(UserId actor, const std::string& id_number, const std::string& reason);
  // The same by ID number, a party's name or phone (PersonKey: exactly one; INVALID_ARGUMENT
  // MISSING_FIELD otherwise, BAD_PHONE for a phone that is not one): a party's name or phone
  // finds their cases for the roles that may see personal data, audited as a reveal.
  void cases_of_person(UserId actor, const PersonKey& who, const std::string& reason,
                       std::function<void(Result<std::vector<Case>>)> done);
  Result<std::vector<Case>> cases_of_person_sync(UserId actor, const PersonKey& who, const std::string& reason);

  // ---- The board (督办看板) ----
  // The open cases of a subtree (0: the caller's) that are yellow, red or escalated, most
  // urgent first, at most `limit` (1..500), and the counts per child unit. A case counts once:
  // in the child holding its handling unit, or, when the board's unit itself handles it, in the
  // child holding its place; so the children's rows add up to the total.
  Result<Board> board(UserId actor, UnitId unit, int limit = 200);

  // ---- Inspections and plans (core/src/hazard.cpp) ----
  // The plans and inspections of a subtree (0: the caller's scope), newest first, at most 500.
  // kUnspecified state: all.
  Result<std::vector<InspectionPlan>> list_inspection_plans(UserId actor, UnitId unit);
  Result<std::vector<Inspection>> list_inspections(UserId actor, UnitId unit, InspectionState state);

  // ---- Livelihood projects (core/src/project.cpp, project.hpp) ----
  // A project page: NOT_FOUND PROJECT_NOT_FOUND outside the caller's scope, as for none.
  Result<ProjectPage> project(UserId actor, ProjectId id);
  // The projects of a subtree (0: the caller's scope) the caller sees, red first, then yellow,
  // then green, newest first within a colour; kUnspecified state: all. At most 500; each page
  // without its complaints' summaries (the project's links are there).
  Result<std::vector<ProjectPage>> list_projects(UserId actor, UnitId unit, ProjectState state);
  // The figures of those projects (project.hpp: ProjectFigures).
  Result<ProjectFigures> project_figures(UserId actor, UnitId unit);

  // ---- One matter, many sources; evidence (core/src/duplicates.cpp, core/src/evidence.cpp) ----
  // The cases a new one (given as its draft) likely duplicates, newest first, at most
  // `limit` (1..200): see duplicates.hpp. Only cases the caller may see.
  Result<std::vector<Case>> find_duplicates(UserId actor, const DuplicateQuery& query);
  // May the caller attach a file to this case? NOT_FOUND as get_case; PERMISSION_DENIED for a
  // role that may not comment on cases; FAILED_PRECONDITION "CASE_CLOSED" for a finished case.
  // Asked before an upload starts, so that no bytes travel for nothing.
  Status check_attach(UserId actor, CaseId id);
  // A case's attachments, oldest first; one attachment. NOT_FOUND for a case (or an
  // attachment of a case) the caller cannot see, as get_case.
  Result<std::vector<Attachment>> attachments(UserId actor, CaseId id);
  Result<Attachment> attachment(UserId actor, AttachmentId id);
  // The cases linked to a case and the cases merged into it, those the caller may see.
  Result<RelatedCases> related_cases(UserId actor, CaseId id);

  // ---- Early warnings (core/src/warnings.cpp, warning.hpp) ----
  // The warnings of a subtree (0: the caller's scope; NOT_FOUND "UNIT_NOT_FOUND" outside it),
  // of `kinds` and `states` (empty: all), newest first, below `before_id` (0: from the newest),
  // at most page_size (1..500, default 50). Supervisors only (PERMISSION_DENIED ROLE_MAY_NOT).
  // A person shows masked (warning.hpp).
  Result<std::vector<Warning>> list_warnings(UserId actor, UnitId unit, const WarningFilter& filter);
  // One warning; NOT_FOUND "WARNING_NOT_FOUND" outside the caller's scope, as for a missing one.
  Result<Warning> get_warning(UserId actor, std::int64_t id);
  // The thresholds in force (version 0: the built-in ones) and every stored version, oldest
  // first. Supervisors and admins.
  Result<std::vector<WarningPolicy>> warning_policies(UserId actor);

  // ---- The event stream (subscriptions) ----
  Result<std::vector<Event>> events_since(Seq from, int limit);
  Result<Seq> last_seq();

 private:
  // The case file as `actor` may read it, and the audit entry of an archive copy (with `reason`).
  Result<std::pair<std::string, AuditEntry>> read_dossier(UserId actor, CaseId id, bool archive,
                                                         const std::string* reason);
  EngineCore& core_;
};

}  // namespace gridcase
