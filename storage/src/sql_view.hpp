// The ReadView / WriteView over one SQLite connection. The caller owns the transaction: the
// repository wraps reads in BEGIN/COMMIT and writes in a savepoint of the batch transaction.
// Every method maps SQLite failures to a Status; none throws.
#pragma once

#include "connection.hpp"
#include "gridcase/repository.hpp"

namespace gridcase::storage {

class SqlView final : public WriteView {
 public:
  explicit SqlView(Connection& connection) : c_(connection) {}

  // Writes the search terms of the cases listed as pending (schema migration 17) into the
  // full-text index and empties the list, once at least `at_least` are listed. The writer calls
  // it once per batch, outside the writes' savepoints, just before COMMIT, with
  // kIndexPendingEvery: FTS5 writes and merges a segment each time, however few the cases, so
  // a few at a time cost the writer far more per case. A search reads the cases still listed
  // from their rows (list_cases). Throws SQLite::Exception.
  static constexpr std::int64_t kIndexPendingEvery = 64;
  void index_pending_text(std::int64_t at_least = 1);

  Result<std::vector<OrgUnit>> load_units() override;
  Result<std::vector<PartyPost>> load_party_posts() override;
  Result<std::vector<Category>> load_categories() override;

  Result<User> get_user(UserId id) override;
  Result<User> get_user_by_name(const std::string& username) override;
  Result<std::vector<User>> list_users() override;
  Result<SessionRecord> get_session(const std::string& token_digest) override;

  Result<Case> get_case(CaseId id) override;
  Result<Case> get_case_by_number(const std::string& number) override;
  Result<std::vector<Case>> list_cases(const CaseFilter& filter) override;
  Result<std::map<CaseState, std::int64_t>> count_cases_by_state() override;
  Result<std::vector<Case>> cases_by_id_number(const std::string& id_number, int limit) override;
  Result<std::vector<Case>> cases_by_party(const std::string& name, const std::string& phone, int limit) override;
  Result<std::vector<Case>> cases_near(const std::vector<UnitId>& units, const std::vector<std::string>& category_codes,
                                       TimeMs from, TimeMs to, int limit, const NearFilter& keep) override;
  Result<std::map<CaseId, std::string>> description_openings(const std::vector<CaseId>& ids, int chars) override;
  Result<Case> find_hotline_order(UnitId sub_district, const std::string& order_no) override;

  Result<std::vector<Event>> case_history(CaseId id) override;
  Result<std::vector<Event>> events_since(Seq from, int limit) override;
  Result<Seq> last_seq() override;

  Result<RequestRecord> find_request(UserId user_id, const std::string& request_id) override;

  Result<std::vector<DeadlinePolicy>> load_policies() override;
  Result<std::map<int, std::string>> load_calendar_years() override;
  Result<std::vector<PopulationCount>> load_population_counts() override;
  Result<std::vector<ComplaintTarget>> load_complaint_targets() override;
  Result<std::vector<CaseId>> due_cases(TimeMs until, int limit) override;
  Result<TimeMs> earliest_due() override;
  Result<std::vector<AuditEntry>> list_audit(AuditKind kind, std::int64_t before_id, int limit) override;
  Result<std::vector<FigureRow>> figure_rows(const FigureRowQuery& query) override;
  Result<std::vector<CaseId>> figure_cases(const FigureCaseQuery& query) override;
  Result<std::vector<Attachment>> list_attachments(CaseId case_id) override;
  Result<Attachment> get_attachment(AttachmentId id) override;
  Result<std::vector<CaseLink>> list_links(CaseId case_id) override;
  Result<std::vector<CaseId>> merged_children(CaseId parent) override;
  Result<Inspection> get_inspection(std::int64_t id) override;
  Result<InspectionPlan> get_inspection_plan(std::int64_t id) override;
  Result<std::vector<Inspection>> list_inspections(const std::vector<UnitId>& units, InspectionState state,
                                                   int limit) override;
  Result<std::vector<InspectionPlan>> list_inspection_plans(const std::vector<UnitId>& units, int limit) override;
  Result<Project> get_project(ProjectId id) override;
  Result<std::vector<Project>> list_projects(const std::vector<UnitId>& units, ProjectState state,
                                             int limit) override;
  Result<std::vector<std::int64_t>> due_inspection_plans(TimeMs until, int limit) override;
  Result<TimeMs> earliest_plan_due() override;
  Result<std::vector<Estate>> load_estates() override;
  Result<Forum> get_forum(std::int64_t id) override;
  Result<std::vector<Forum>> list_forums(const std::vector<UnitId>& units, int limit) override;

  Result<CaseId> insert_case(Case& c) override;
  Status update_case(const Case& c) override;
  Result<Seq> append_event(Event& e) override;
  Result<std::int64_t> next_case_sequence(const std::string& prefix, int year) override;
  Status save_request(const RequestRecord& r) override;
  Result<int> forget_requests(TimeMs before, int limit) override;

  Result<UnitId> insert_unit(OrgUnit& u) override;
  Status update_unit(const OrgUnit& u) override;
  Result<std::int64_t> insert_party_post(PartyPost& p) override;
  Status upsert_category(const Category& c) override;
  Status save_policy(DeadlinePolicy& p) override;
  Status save_calendar_year(int year, const std::string& text) override;
  Status save_population_count(const PopulationCount& count) override;
  Status save_complaint_target(const ComplaintTarget& target) override;
  Status append_audit(AuditEntry& e) override;
  Result<std::int64_t> insert_inspection(Inspection& i) override;
  Status update_inspection(const Inspection& i) override;
  Result<std::int64_t> insert_inspection_plan(InspectionPlan& p) override;
  Status update_inspection_plan(const InspectionPlan& p) override;
  Result<std::int64_t> insert_estate(Estate& e) override;
  Result<std::int64_t> insert_forum(Forum& f) override;
  Status update_forum(const Forum& f) override;
  Result<Warning> get_warning(std::int64_t id) override;
  Result<Warning> latest_warning(const std::string& key) override;
  Result<std::vector<Warning>> list_warnings(const WarningFilter& filter) override;
  Result<std::vector<std::pair<int, int>>> signal_counts(const std::string& key, int from_day, int to_day) override;
  Result<std::vector<WarningPolicy>> load_warning_policies() override;
  Result<StallWatch> stall_watch(CaseId id) override;
  Result<std::vector<StallWatch>> quiet_cases(TimeMs before, int limit) override;
  Result<std::int64_t> insert_warning(Warning& w) override;
  Status update_warning(const Warning& w) override;
  Status add_signal_count(const std::string& key, int day, int delta) override;
  Status save_warning_policy(WarningPolicy& p) override;
  Status watch_stall(const StallWatch& w) override;
  Status unwatch_stall(CaseId id) override;
  Result<ProjectId> insert_project(Project& p) override;
  Status update_project(const Project& p) override;

  Result<UserId> insert_user(User& u) override;
  Status update_user(const User& u) override;
  Status insert_session(const SessionRecord& s) override;
  Status revoke_session(const std::string& token_digest) override;
  Status revoke_user_sessions(UserId user_id) override;
  Result<AttachmentId> insert_attachment(Attachment& a) override;
  Status insert_link(const CaseLink& link) override;
  Status delete_link(CaseId a, CaseId b) override;

 private:
  Result<Case> get_one_case(const std::string& sql, const std::function<void(SQLite::Statement&)>& bind);
  Result<User> get_one_user(const std::string& sql, const std::function<void(SQLite::Statement&)>& bind);
  Result<std::vector<Event>> query_events(const std::string& sql, const std::function<void(SQLite::Statement&)>& bind);
  // Fills in the parties of `cases` (one query for all of them).
  void load_parties(std::vector<Case>& cases);
  // Whether the kinds (a JSON array) have fewer cases than a list reads and sorts whole.
  bool few_of_kinds(const std::string& kinds);
  void store_parties(const Case& c);
  // Keeps case_whistles in step with c.whistle (whistle.hpp), when they differ.
  void store_whistles(const Case& c);
  // True when the stored parties of c.id are c.parties, in order.
  bool parties_stored(const Case& c);

  Connection& c_;
};

}  // namespace gridcase::storage
