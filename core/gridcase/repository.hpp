// The storage port: what the core needs from a store. storage/ implements it over SQLite;
// memory_repository.hpp is the in-memory fake. One contract test suite runs against both.
//
// Consistency model: every read runs on a consistent snapshot; writes run one at a time, each
// inside its own all-or-nothing unit, in the order they were queued. A write's `done` is called
// only once its changes are durable (or have failed and left nothing behind).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/audit.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/org.hpp"
#include "gridcase/population.hpp"
#include "gridcase/property.hpp"
#include "gridcase/project.hpp"
#include "gridcase/related.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"
#include "gridcase/warning.hpp"

namespace gridcase {

// What rules a candidate of a duplicate suggestion out by its place and kind alone, before the
// rest of it is read (ReadView::cases_near): false when the case located at `unit` and
// `address`, of `kind`, cannot be suggested. duplicates.cpp gives it.
using NearFilter = std::function<bool(UnitId unit, CaseKind kind, const std::string& address)>;

// The order of a case list.
enum class CaseOrder {
  kUnspecified = 0,  // newest first
  kNewest = 1,       // id descending
  // Cases with a running clock, earliest deadline first (earliest_deadline in deadlines.hpp;
  // ties by id ascending), then the cases without one, newest first.
  kDeadline = 2,
};

// Filters for listing cases. Empty vectors and zero ids mean "no restriction".
struct CaseFilter {
  std::vector<CaseKind> kinds;
  std::vector<CaseState> states;
  std::vector<std::string> category_codes;  // exact codes (the engine expands a subtree)
  Level level = Level::kUnspecified;
  // Visibility: a case matches when its location unit or its handling unit is in this set.
  std::vector<UnitId> units;
  // Visibility, too: a case also matches when a department its whistle names (whistle.hpp) is
  // in this set. Only consulted when `units` is not empty.
  std::vector<UnitId> whistled_units;
  UserId assignee = 0;
  UserId leader = 0;
  // Substring of the title or description (any length, Chinese included).
  std::string text;
  // Only cases that need a supervisor's attention: colour yellow or red, or level above GRID.
  bool needs_attention = false;
  // Only cases with a running clock whose deadline is provisional (a year's calendar missing).
  bool provisional_only = false;
  CaseOrder order = CaseOrder::kNewest;
  // Paging, newest first: only ids below before_id when it is non-zero.
  CaseId before_id = 0;
  // Paging, by deadline: only cases after (after_deadline, after_id) in that order when after_id
  // is non-zero. after_deadline 0 means the last case seen had no deadline: only cases without
  // one and with an id below after_id follow.
  TimeMs after_deadline = 0;
  CaseId after_id = 0;
  int limit = 50;  // at most this many; none when <= 0
};

// A mutation's idempotency key and what it produced (AIP-155): a resend answers from it.
struct RequestRecord {
  UserId user_id = 0;
  std::string request_id;
  std::string fingerprint;  // digest of the request's content: a reuse with other content is refused
  CaseId case_id = 0;        // the case the first call changed or made (0: none)
  std::int64_t version = 0;  // that case's version the first call left (0: no case)
  TimeMs at = 0;
  // What else the first call made, by id: the attachment of an upload, the inspection of a
  // recorded inspection, the plan of a new inspection plan (0: nothing else).
  std::int64_t made_id = 0;
};

// Counters that move with the changes a server keeps in memory (configuration.hpp), so that
// servers sharing a store follow each other's changes: `config` with every change to the org
// tree (units, Party posts), the categories, the deadline policies or the working calendar;
// `accounts` with every change to a user and every session ended. Each moves in the same write
// unit as its change, and never goes back.
struct StoreGenerations {
  std::int64_t config = 0;
  std::int64_t accounts = 0;
};

// Failed logins counted for throttling (sessions.hpp).
struct LoginFailures {
  std::int64_t by_user = 0;
  std::int64_t by_address = 0;
};

class ReadView {
 public:
  virtual ~ReadView() = default;

  // The store's generations. A store that only one server uses at a time (SQLite: the server
  // adopts its own changes as it makes them) may keep none and answer zeros.
  virtual Result<StoreGenerations> generations() { return StoreGenerations{}; }

  // Org tree, Party posts and categories, whole.
  virtual Result<std::vector<OrgUnit>> load_units() = 0;
  virtual Result<std::vector<PartyPost>> load_party_posts() = 0;
  virtual Result<std::vector<Category>> load_categories() = 0;

  // Users. NOT_FOUND when absent.
  virtual Result<User> get_user(UserId id) = 0;
  virtual Result<User> get_user_by_name(const std::string& username) = 0;
  virtual Result<std::vector<User>> list_users() = 0;
  virtual Result<SessionRecord> get_session(const std::string& token_digest) = 0;

  // Cases. NOT_FOUND when absent.
  virtual Result<Case> get_case(CaseId id) = 0;
  virtual Result<Case> get_case_by_number(const std::string& number) = 0;
  virtual Result<std::vector<Case>> list_cases(const CaseFilter& filter) = 0;
  virtual Result<std::map<CaseState, std::int64_t>> count_cases_by_state() = 0;
  // Cases with a party whose ID number is exactly `id_number` (non-empty), newest first, at
  // most `limit`: how a petitioner's earlier petitions are found across channels, levels and
  // years.
  virtual Result<std::vector<Case>> cases_by_id_number(const std::string& id_number, int limit) = 0;
  // Cases with a party named exactly `name` (non-empty; phone empty) or with exactly the phone
  // `phone` as stored (non-empty; name empty), newest first, at most `limit`: a person looked up
  // by name or phone. Not indexed: a scan of the parties, for an audited look-up now and then.
  virtual Result<std::vector<Case>> cases_by_party(const std::string& name, const std::string& phone, int limit) = 0;
  // Cases located in one of `units` and registered at a time within [from, to], of one of
  // `category_codes` (empty: any category), newest first (by registration time), at most
  // `limit`: the candidates of a duplicate suggestion (duplicates.hpp), found by place and time
  // without reading the other cases of those units. A store may give each case in part, with
  // what rules a candidate in or out before its text is compared and no more: id, number,
  // kind, category, title, location (unit and address), handling unit, state, merged_into,
  // created_at, the whistle record, and for petitions the petition record and the parties. The
  // description may be left out: description_openings reads it for the candidates still in. A
  // suggestion to be shown is read again in full (get_case). With `keep`, the newest `limit`
  // are chosen first and those `keep` refuses are then left out: a filter never lets an older
  // case in.
  virtual Result<std::vector<Case>> cases_near(const std::vector<UnitId>& units,
                                               const std::vector<std::string>& category_codes, TimeMs from,
                                               TimeMs to, int limit, const NearFilter& keep = {}) = 0;
  // The first `chars` characters of the descriptions of the cases `ids`, by id; unknown ids
  // are left out. What a duplicate comparison reads of a candidate's description.
  virtual Result<std::map<CaseId, std::string>> description_openings(const std::vector<CaseId>& ids,
                                                                     int chars) = 0;
  // The hotline order received by `sub_district` under the centre's number `order_no` (12345工单:
  // numbers are unique within a receiving sub-district). NOT_FOUND when there is none.
  virtual Result<Case> find_hotline_order(UnitId sub_district, const std::string& order_no) = 0;

  // History: one case's events in seq order (empty for an unknown case); or every event with
  // seq >= from, at most `limit`.
  virtual Result<std::vector<Event>> case_history(CaseId id) = 0;
  virtual Result<std::vector<Event>> events_since(Seq from, int limit) = 0;
  // The seq of the last event, 0 when there is none.
  virtual Result<Seq> last_seq() = 0;

  // NOT_FOUND when this user has not used this request_id.
  virtual Result<RequestRecord> find_request(UserId user_id, const std::string& request_id) = 0;

  // Deadline policies: the current version of each, by id.
  virtual Result<std::vector<DeadlinePolicy>> load_policies() = 0;
  // The stored working-calendar years: year → text (the format of core/calendar/*.cal).
  virtual Result<std::map<int, std::string>> load_calendar_years() = 0;
  // 人口底数 (population.hpp): every count loaded, by unit and date; the target lines.
  virtual Result<std::vector<PopulationCount>> load_population_counts() = 0;
  virtual Result<std::vector<ComplaintTarget>> load_complaint_targets() = 0;
  // Ids of cases whose next_due is non-zero and <= until, earliest next_due first.
  virtual Result<std::vector<CaseId>> due_cases(TimeMs until, int limit) = 0;
  // The earliest non-zero next_due of any case; 0 when none.
  virtual Result<TimeMs> earliest_due() = 0;

  // The failed logins audited (AuditKind::kLoginFailed) at or after `since`, other than the
  // attempts refused for throttling (detail "throttled"): those of `username` after its last
  // login (AuditKind::kLogin), and those from `address` (0 when it is empty). How servers sharing
  // a store throttle logins together. A store that only one server uses at a time may count none
  // and answer zeros (SQLite): that server counts in memory.
  virtual Result<LoginFailures> login_failures(const std::string& username, const std::string& address,
                                               TimeMs since) {
    (void)username, (void)address, (void)since;
    return LoginFailures{};
  }

  // Audit entries, newest first: of `kind` (kUnspecified: all), with id < before_id (0: from
  // the newest), at most `limit`.
  virtual Result<std::vector<AuditEntry>> list_audit(AuditKind kind, std::int64_t before_id, int limit) = 0;

  // Figures (figures.hpp): the sums of the cells kept by append_event, grouped as asked; and the
  // ids of the cases behind one figure, newest first.
  virtual Result<std::vector<FigureRow>> figure_rows(const FigureRowQuery& query) = 0;
  virtual Result<std::vector<CaseId>> figure_cases(const FigureCaseQuery& query) = 0;

  // Evidence (evidence.hpp): a case's attachments, oldest first (empty for an unknown case);
  // one attachment by id, NOT_FOUND when absent.
  virtual Result<std::vector<Attachment>> list_attachments(CaseId case_id) = 0;
  virtual Result<Attachment> get_attachment(AttachmentId id) = 0;

  // Related cases (related.hpp): the links of a case (on either side), oldest first; the ids
  // of the cases merged into `parent`, ascending.
  virtual Result<std::vector<CaseLink>> list_links(CaseId case_id) = 0;
  virtual Result<std::vector<CaseId>> merged_children(CaseId parent) = 0;
  // Hazards (hazard.hpp): inspections and recurring plans. NOT_FOUND when absent.
  virtual Result<Inspection> get_inspection(std::int64_t id) = 0;
  virtual Result<InspectionPlan> get_inspection_plan(std::int64_t id) = 0;
  // Those whose site unit is in `units` (empty: all), newest (highest id) first, at most
  // `limit`; inspections of `state` only unless kUnspecified.
  virtual Result<std::vector<Inspection>> list_inspections(const std::vector<UnitId>& units,
                                                           InspectionState state, int limit) = 0;
  virtual Result<std::vector<InspectionPlan>> list_inspection_plans(const std::vector<UnitId>& units,
                                                                    int limit) = 0;
  // Ids of active plans whose next_due_at is <= until, earliest first, at most `limit`; and the
  // earliest next_due_at of any active plan (0: none).
  virtual Result<std::vector<std::int64_t>> due_inspection_plans(TimeMs until, int limit) = 0;
  virtual Result<TimeMs> earliest_plan_due() = 0;
  // Property companies and forums (property.hpp): every estate, by id; one forum (NOT_FOUND
  // FORUM_NOT_FOUND when absent); the forums held by one of `units` (empty: all), newest (highest
  // id) first, at most `limit` (none when <= 0).
  virtual Result<std::vector<Estate>> load_estates() = 0;
  virtual Result<Forum> get_forum(std::int64_t id) = 0;
  virtual Result<std::vector<Forum>> list_forums(const std::vector<UnitId>& units, int limit) = 0;

  // Early warnings (warning.hpp). NOT_FOUND "WARNING_NOT_FOUND" when absent; latest_warning:
  // the newest warning raised under `key`, NOT_FOUND when none ever was.
  virtual Result<Warning> get_warning(std::int64_t id) = 0;
  virtual Result<Warning> latest_warning(const std::string& key) = 0;
  virtual Result<std::vector<Warning>> list_warnings(const WarningFilter& filter) = 0;
  // The signal counters of `key` (day: days since 1970-01-01 in Shanghai time): the non-zero
  // (day, count) pairs with from_day <= day <= to_day, day ascending.
  virtual Result<std::vector<std::pair<int, int>>> signal_counts(const std::string& key, int from_day,
                                                                 int to_day) = 0;
  // Every stored version of the warning policy, oldest first (empty: the built-in one holds).
  virtual Result<std::vector<WarningPolicy>> load_warning_policies() = 0;
  // 久拖未动: the watch kept for case `id` (a StallWatch with case_id 0 when it is not watched);
  // the watched cases with no stalled warning standing whose last activity is before `before`,
  // the longest quiet first (ties by case id), at most `limit`. Indexed: a deadline round reads
  // only those.
  virtual Result<StallWatch> stall_watch(CaseId id) = 0;
  virtual Result<std::vector<StallWatch>> quiet_cases(TimeMs before, int limit) = 0;
  // Livelihood projects (project.hpp). NOT_FOUND PROJECT_NOT_FOUND when absent. Listed: those
  // whose responsible unit or one of whose estates' units is in `units` (empty: all), of
  // `state` unless kUnspecified, newest (highest id) first, at most `limit`.
  virtual Result<Project> get_project(ProjectId id) = 0;
  virtual Result<std::vector<Project>> list_projects(const std::vector<UnitId>& units, ProjectState state,
                                                     int limit) = 0;
};

class WriteView : public ReadView {
 public:
  // Inserts assign the new id into the argument and return it.
  virtual Result<CaseId> insert_case(Case& c) = 0;
  // Replaces the stored case with the same id. NOT_FOUND when absent; ALREADY_EXISTS when the
  // number would clash with another case's (likewise for units' codes and usernames below).
  virtual Status update_case(const Case& c) = 0;
  // Appends with seq = last_seq() + 1 (gapless), stored into e.seq and returned. In the same
  // write unit, folds the event into its case's figure facts and its cell's sums (figures.hpp).
  virtual Result<Seq> append_event(Event& e) = 0;
  // The next number in the (prefix, year) series, starting at 1.
  virtual Result<std::int64_t> next_case_sequence(const std::string& prefix, int year) = 0;
  // ALREADY_EXISTS when (user_id, request_id) is taken.
  virtual Status save_request(const RequestRecord& r) = 0;
  // Forgets at most `limit` records of requests people made before `before`, oldest first, and
  // says how many it forgot: a resend after that is a new request (EngineOptions::
  // request_retention). The system's own records (user kSystemActor: what an import brought
  // in) are kept for ever.
  virtual Result<int> forget_requests(TimeMs before, int limit) = 0;

  virtual Result<UnitId> insert_unit(OrgUnit& u) = 0;  // ALREADY_EXISTS on a duplicate code
  virtual Status update_unit(const OrgUnit& u) = 0;
  virtual Result<std::int64_t> insert_party_post(PartyPost& p) = 0;
  virtual Status upsert_category(const Category& c) = 0;
  // Stores a policy: id 0 assigns the next id (returned in p.id). A stored id is replaced by
  // this version as the current one; earlier versions stay stored for the cases made under them.
  virtual Status save_policy(DeadlinePolicy& p) = 0;
  virtual Status save_calendar_year(int year, const std::string& text) = 0;
  // Adds a count, replacing the unit's count of the same date; replaces the unit's target.
  virtual Status save_population_count(const PopulationCount& count) = 0;
  virtual Status save_complaint_target(const ComplaintTarget& target) = 0;
  // Appends with the next id (stored into e.id).
  virtual Status append_audit(AuditEntry& e) = 0;
  // Inserts assign the next id; updates replace the stored row (NOT_FOUND when absent).
  virtual Result<std::int64_t> insert_inspection(Inspection& i) = 0;
  virtual Status update_inspection(const Inspection& i) = 0;
  virtual Result<std::int64_t> insert_inspection_plan(InspectionPlan& p) = 0;
  virtual Status update_inspection_plan(const InspectionPlan& p) = 0;
  // Estates: ALREADY_EXISTS ESTATE_EXISTS for a name the community has already. Forums: updates
  // replace the stored forum (NOT_FOUND FORUM_NOT_FOUND when absent).
  virtual Result<std::int64_t> insert_estate(Estate& e) = 0;
  virtual Result<std::int64_t> insert_forum(Forum& f) = 0;
  virtual Status update_forum(const Forum& f) = 0;
  virtual Result<ProjectId> insert_project(Project& p) = 0;
  virtual Status update_project(const Project& p) = 0;  // NOT_FOUND PROJECT_NOT_FOUND when absent

  virtual Result<UserId> insert_user(User& u) = 0;  // ALREADY_EXISTS on a duplicate username
  virtual Status update_user(const User& u) = 0;
  // A repeated digest replaces the session; revoking an unknown digest is OK.
  virtual Status insert_session(const SessionRecord& s) = 0;
  virtual Status revoke_session(const std::string& token_digest) = 0;
  virtual Status revoke_user_sessions(UserId user_id) = 0;

  // Evidence: appends with the next id (stored into a.id and returned).
  virtual Result<AttachmentId> insert_attachment(Attachment& a) = 0;
  // Related cases: ALREADY_EXISTS "ALREADY_LINKED" for a pair linked already (either order);
  // NOT_FOUND "NOT_LINKED" when removing a pair that is not.
  virtual Status insert_link(const CaseLink& link) = 0;
  virtual Status delete_link(CaseId a, CaseId b) = 0;
  // Early warnings: an insert assigns the next id (stored into w.id and returned); an update
  // replaces the stored one (NOT_FOUND "WARNING_NOT_FOUND" when absent).
  virtual Result<std::int64_t> insert_warning(Warning& w) = 0;
  virtual Status update_warning(const Warning& w) = 0;
  // Adds `delta` to the counter of (key, day).
  virtual Status add_signal_count(const std::string& key, int day, int delta) = 0;
  // Stores `p` as the next version (one past the newest stored, set into p.version).
  virtual Status save_warning_policy(WarningPolicy& p) = 0;
  // Sets the watch of `w.case_id` (replacing any); removes it (OK when there is none).
  virtual Status watch_stall(const StallWatch& w) = 0;
  virtual Status unwatch_stall(CaseId id) = 0;
};

class Repository {
 public:
  virtual ~Repository() = default;

  // Runs fn on a consistent snapshot and returns its status. Thread-safe; may run while writes
  // are in flight. The view is valid only during the call.
  virtual Status read(const std::function<Status(ReadView&)>& fn) = 0;

  // Queues fn to run in a write unit. fn's changes are kept only when it returns OK; then
  // `done(OK)` is called once they are durable. When fn fails, or the commit fails, nothing of
  // fn remains and `done` gets the error. Several queued writes may share one durable commit
  // (group commit), each isolated from the others' failures. Thread-safe. `done` may run on
  // the store's writer thread: it must be quick and must not call write_sync.
  virtual void write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) = 0;

  // Queues fn and waits for its `done`. Must not be called from a `done` callback.
  Status write_sync(std::function<Status(WriteView&)> fn);

  // The store's generations (ReadView::generations) outside any read: one round trip where the
  // store is a server away. Thread-safe.
  virtual Result<StoreGenerations> generations();

  // Whether this server should run the deadline rounds now (deadline_runner.hpp). A store
  // shared by several servers answers true on one of them at a time: the one holding a lock
  // that ends with its database session, so that another takes over when that server dies; the
  // others get false and ask again later. A store served by one server (SQLite, in memory)
  // always answers true. Correctness never rests on it: a deadline write re-reads the case under
  // the writers' lock and records only what is still due (deadline_work.hpp). Thread-safe.
  virtual bool lead_deadline_work() { return true; }
};

}  // namespace gridcase
