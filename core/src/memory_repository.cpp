#include "gridcase/memory_repository.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "gridcase/text.hpp"

namespace gridcase {

struct MemoryRepository::Data {
  std::map<UnitId, OrgUnit> units;
  std::map<std::int64_t, PartyPost> party_posts;
  std::map<std::string, Category> categories;
  std::map<UserId, User> users;
  std::map<std::string, SessionRecord> sessions;
  std::map<CaseId, Case> cases;
  std::vector<Event> events;  // seq = index + 1
  std::map<std::pair<std::string, int>, std::int64_t> sequences;
  std::map<std::pair<UserId, std::string>, RequestRecord> requests;
  std::map<std::int64_t, DeadlinePolicy> policies;                       // current versions
  std::map<std::pair<std::int64_t, int>, DeadlinePolicy> policy_history;  // every version
  std::map<int, std::string> calendar_years;
  std::map<std::pair<UnitId, int>, PopulationCount> population;
  std::map<UnitId, ComplaintTarget> complaint_targets;
  std::vector<AuditEntry> audit;  // id = index + 1
  std::map<CaseId, CaseFacts> figure_facts;
  std::map<FigureKey, FigureCounts> figure_cells;
  std::map<AttachmentId, Attachment> attachments;
  std::map<std::pair<CaseId, CaseId>, CaseLink> links;  // (smaller id, larger id)
  std::map<std::int64_t, Inspection> inspections;
  std::map<std::int64_t, InspectionPlan> plans;
  StoreGenerations generations;
  std::map<std::int64_t, Estate> estates;
  std::map<std::int64_t, Forum> forums;
  std::map<std::int64_t, Warning> warnings;
  std::map<std::pair<std::string, int>, int> signal_counts;  // (key, day) → count
  std::vector<WarningPolicy> warning_policies;              // version = index + 1
  std::map<CaseId, StallWatch> stall_watches;
  std::map<ProjectId, Project> projects;
};

namespace {

// Two cases holding the same hotline order (the same centre number in the same sub-district).
bool same_hotline_order(const Case& a, const Case& b) {
  return !a.hotline.intake.order_no.empty() && a.hotline.intake.order_no == b.hotline.intake.order_no &&
         a.hotline.sub_district_id == b.hotline.sub_district_id;
}

template <typename Map>
Result<typename Map::mapped_type> lookup(const Map& map, const typename Map::key_type& key,
                                         const Reason& reason, const char* what) {
  auto it = map.find(key);
  if (it == map.end()) return Status(reason, std::string(what) + " not found");
  return it->second;
}

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool matches(const Case& c, const CaseFilter& f, const std::set<UnitId>& units) {
  if (!f.kinds.empty() && !contains(f.kinds, c.kind)) return false;
  if (!f.states.empty() && !contains(f.states, c.state)) return false;
  if (!f.category_codes.empty() && !contains(f.category_codes, c.category_code)) return false;
  if (f.level != Level::kUnspecified && c.level != f.level) return false;
  if (!units.empty() && units.count(c.location.unit_id) == 0 &&
      units.count(c.handling_unit_id) == 0 &&
      std::none_of(c.whistle.calls.begin(), c.whistle.calls.end(), [&](const WhistleCall& w) {
        return contains(f.whistled_units, w.department_id);
      })) {
    return false;
  }
  if (f.assignee != 0 && c.assignee_user_id != f.assignee) return false;
  if (f.leader != 0 && c.leader_user_id != f.leader) return false;
  if (f.needs_attention && c.colour != Colour::kYellow && c.colour != Colour::kRed &&
      static_cast<int>(c.level) <= static_cast<int>(Level::kGrid)) {
    return false;
  }
  if (f.provisional_only &&
      std::none_of(c.clocks.begin(), c.clocks.end(), [](const CaseClock& k) {
        return k.run == ClockRun::kRunning && k.provisional;
      })) {
    return false;
  }
  for (const std::string& word : search_words(f.text)) {
    if (c.title.find(word) == std::string::npos && c.description.find(word) == std::string::npos) return false;
  }
  return true;
}

// Where a case stands in CaseOrder::kDeadline: (has no deadline, deadline, id ascending or,
// without a deadline, descending).
std::tuple<bool, TimeMs, CaseId> deadline_key(TimeMs deadline, CaseId id) {
  return deadline == 0 ? std::make_tuple(true, TimeMs{0}, -id) : std::make_tuple(false, deadline, id);
}

// The first f.limit matching cases by deadline, after f's (after_deadline, after_id).
std::vector<Case> list_by_deadline(const std::map<CaseId, Case>& cases, const CaseFilter& f,
                                   const std::set<UnitId>& units) {
  using Key = std::tuple<bool, TimeMs, CaseId>;
  std::vector<std::pair<Key, const Case*>> found;
  const bool paging = f.after_id != 0;
  const Key after = deadline_key(f.after_deadline, f.after_id);
  for (const auto& [id, c] : cases) {
    if (!matches(c, f, units)) continue;
    Key key = deadline_key(earliest_deadline(c.clocks), id);
    if (paging && !(after < key)) continue;
    found.emplace_back(key, &c);
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Case> out;
  for (const auto& [key, c] : found) {
    if (static_cast<int>(out.size()) >= f.limit) break;
    out.push_back(*c);
  }
  return out;
}

}  // namespace

class MemoryRepository::View final : public WriteView {
 public:
  explicit View(Data& d) : d_(d) {}

  Result<std::vector<OrgUnit>> load_units() override {
    std::vector<OrgUnit> out;
    for (const auto& [id, u] : d_.units) out.push_back(u);
    return out;
  }
  Result<std::vector<PartyPost>> load_party_posts() override {
    std::vector<PartyPost> out;
    for (const auto& [id, p] : d_.party_posts) out.push_back(p);
    return out;
  }
  Result<std::vector<Category>> load_categories() override {
    std::vector<Category> out;
    for (const auto& [code, c] : d_.categories) out.push_back(c);
    return out;
  }
  Result<User> get_user(UserId id) override {
    return lookup(d_.users, id, reason::USER_NOT_FOUND, "user");
  }
  Result<User> get_user_by_name(const std::string& username) override {
    for (const auto& [id, u] : d_.users) {
      if (u.username == username) return u;
    }
    return Status(reason::USER_NOT_FOUND, "user not found");
  }
  Result<std::vector<User>> list_users() override {
    std::vector<User> out;
    for (const auto& [id, u] : d_.users) out.push_back(u);
    return out;
  }
  Result<SessionRecord> get_session(const std::string& digest) override {
    return lookup(d_.sessions, digest, reason::SESSION_NOT_FOUND, "session");
  }
  Result<Case> get_case(CaseId id) override {
    return lookup(d_.cases, id, reason::CASE_NOT_FOUND, "case");
  }
  Result<Case> get_case_by_number(const std::string& number) override {
    for (const auto& [id, c] : d_.cases) {
      if (c.number == number) return c;
    }
    return Status(reason::CASE_NOT_FOUND, "case not found");
  }
  Result<std::vector<Case>> list_cases(const CaseFilter& f) override {
    std::set<UnitId> units(f.units.begin(), f.units.end());
    std::vector<Case> out;
    if (f.limit <= 0) return out;
    if (f.order == CaseOrder::kDeadline) return list_by_deadline(d_.cases, f, units);
    for (auto it = d_.cases.rbegin(); it != d_.cases.rend(); ++it) {
      if (f.before_id != 0 && it->first >= f.before_id) continue;
      if (!matches(it->second, f, units)) continue;
      out.push_back(it->second);
      if (static_cast<int>(out.size()) >= f.limit) break;
    }
    return out;
  }
  Result<std::map<CaseState, std::int64_t>> count_cases_by_state() override {
    std::map<CaseState, std::int64_t> out;
    for (const auto& [id, c] : d_.cases) ++out[c.state];
    return out;
  }
  Result<std::vector<Attachment>> list_attachments(CaseId case_id) override {
    std::vector<Attachment> out;
    for (const auto& [id, a] : d_.attachments) {
      if (a.case_id == case_id) out.push_back(a);
    }
    return out;
  }
  Result<Attachment> get_attachment(AttachmentId id) override {
    return lookup(d_.attachments, id, reason::ATTACHMENT_NOT_FOUND, "attachment");
  }
  Result<std::vector<CaseLink>> list_links(CaseId case_id) override {
    std::vector<CaseLink> out;
    for (const auto& [key, l] : d_.links) {
      if (key.first == case_id || key.second == case_id) out.push_back(l);
    }
    std::stable_sort(out.begin(), out.end(), [](const CaseLink& a, const CaseLink& b) { return a.linked_at < b.linked_at; });
    return out;
  }
  Result<std::vector<CaseId>> merged_children(CaseId parent) override {
    std::vector<CaseId> out;
    for (const auto& [id, c] : d_.cases) {
      if (parent != 0 && c.merged_into == parent) out.push_back(id);
    }
    return out;
  }
  Status insert_link(const CaseLink& l) override {
    const auto key = std::minmax(l.case_id, l.other_case_id);
    if (d_.links.count(key)) return Status(reason::ALREADY_LINKED, "the cases are linked already");
    CaseLink stored = l;
    stored.case_id = key.first;
    stored.other_case_id = key.second;
    d_.links[key] = stored;
    return {};
  }
  Status delete_link(CaseId a, CaseId b) override {
    if (d_.links.erase(std::minmax(a, b)) == 0) return Status(reason::NOT_LINKED, "the cases are not linked");
    return {};
  }
  Result<AttachmentId> insert_attachment(Attachment& a) override {
    if (d_.cases.count(a.case_id) == 0) return Status(reason::CASE_NOT_FOUND, "case not found");
    a.id = d_.attachments.empty() ? 1 : d_.attachments.rbegin()->first + 1;
    d_.attachments[a.id] = a;
    return a.id;
  }
  Result<std::vector<FigureRow>> figure_rows(const FigureRowQuery& q) override {
    return group_rows(d_.figure_cells, q);
  }
  Result<std::vector<CaseId>> figure_cases(const FigureCaseQuery& q) override {
    std::set<UnitId> units(q.units.begin(), q.units.end());
    std::vector<CaseId> out;
    if (q.limit <= 0) return out;
    for (auto it = d_.figure_facts.rbegin(); it != d_.figure_facts.rend(); ++it) {
      const CaseFacts& f = it->second;
      if (q.before_id != 0 && it->first >= q.before_id) continue;
      if (!f.created || units.count(f.key.unit) == 0) continue;
      if (f.key.day < q.from_day || f.key.day >= q.to_day) continue;
      if (q.kind != CaseKind::kUnspecified && f.key.kind != q.kind) continue;
      if (!q.category.empty() && f.key.category != q.category) continue;
      if (q.channel != Channel::kUnspecified && f.key.channel != q.channel) continue;
      if (counts_of(f)[q.figure] <= 0) continue;
      out.push_back(it->first);
      if (static_cast<int>(out.size()) >= q.limit) break;
    }
    return out;
  }
  Result<std::vector<Event>> case_history(CaseId id) override {
    std::vector<Event> out;
    for (const auto& e : d_.events) {
      if (e.case_id == id) out.push_back(e);
    }
    return out;
  }
  Result<std::vector<Event>> events_since(Seq from, int limit) override {
    std::vector<Event> out;
    for (Seq s = std::max<Seq>(from, 1);
         s <= static_cast<Seq>(d_.events.size()) && static_cast<int>(out.size()) < limit; ++s) {
      out.push_back(d_.events[s - 1]);
    }
    return out;
  }
  Result<Seq> last_seq() override { return static_cast<Seq>(d_.events.size()); }
  Result<StoreGenerations> generations() override { return d_.generations; }
  Result<RequestRecord> find_request(UserId user_id, const std::string& request_id) override {
    return lookup(d_.requests, {user_id, request_id}, reason::REQUEST_NOT_FOUND, "request");
  }
  Result<std::vector<DeadlinePolicy>> load_policies() override {
    std::vector<DeadlinePolicy> out;
    for (const auto& [id, p] : d_.policies) out.push_back(p);
    return out;
  }
  Result<std::map<int, std::string>> load_calendar_years() override { return d_.calendar_years; }
  Result<std::vector<PopulationCount>> load_population_counts() override {
    std::vector<PopulationCount> out;
    for (const auto& [key, c] : d_.population) out.push_back(c);
    return out;
  }
  Result<std::vector<ComplaintTarget>> load_complaint_targets() override {
    std::vector<ComplaintTarget> out;
    for (const auto& [unit, t] : d_.complaint_targets) out.push_back(t);
    return out;
  }
  Result<std::vector<CaseId>> due_cases(TimeMs until, int limit) override {
    std::vector<std::pair<TimeMs, CaseId>> due;
    for (const auto& [id, c] : d_.cases) {
      if (c.next_due != 0 && c.next_due <= until) due.emplace_back(c.next_due, id);
    }
    std::sort(due.begin(), due.end());
    std::vector<CaseId> out;
    for (const auto& [at, id] : due) {
      if (static_cast<int>(out.size()) >= limit) break;
      out.push_back(id);
    }
    return out;
  }
  Result<LoginFailures> login_failures(const std::string& username, const std::string& address,
                                       TimeMs since) override {
    LoginFailures out;
    TimeMs user_since = since;
    for (const auto& e : d_.audit) {
      if (e.kind == AuditKind::kLogin && e.username == username && e.at >= user_since) user_since = e.at + 1;
    }
    for (const auto& e : d_.audit) {
      if (e.kind != AuditKind::kLoginFailed || e.detail == "throttled") continue;
      if (e.username == username && e.at >= user_since) ++out.by_user;
      if (!address.empty() && e.address == address && e.at >= since) ++out.by_address;
    }
    return out;
  }
  Result<std::vector<AuditEntry>> list_audit(AuditKind kind, std::int64_t before_id, int limit) override {
    std::vector<AuditEntry> out;
    for (auto it = d_.audit.rbegin(); it != d_.audit.rend() && static_cast<int>(out.size()) < limit; ++it) {
      if (before_id != 0 && it->id >= before_id) continue;
      if (kind != AuditKind::kUnspecified && it->kind != kind) continue;
      out.push_back(*it);
    }
    return out;
  }
  Result<std::vector<Case>> cases_by_id_number(const std::string& id_number, int limit) override {
    std::vector<Case> out;
    if (id_number.empty()) return out;
    for (auto it = d_.cases.rbegin(); it != d_.cases.rend() && static_cast<int>(out.size()) < limit; ++it) {
      for (const auto& p : it->second.parties) {
        if (p.id_number == id_number) {
          out.push_back(it->second);
          break;
        }
      }
    }
    return out;
  }

  Result<std::vector<Case>> cases_by_party(const std::string& name, const std::string& phone, int limit) override {
    std::vector<Case> out;
    if (name.empty() == phone.empty()) return out;
    for (auto it = d_.cases.rbegin(); it != d_.cases.rend() && static_cast<int>(out.size()) < limit; ++it) {
      for (const auto& p : it->second.parties) {
        if (name.empty() ? p.phone == phone : p.name == name) {
          out.push_back(it->second);
          break;
        }
      }
    }
    return out;
  }

  Result<std::vector<Case>> cases_near(const std::vector<UnitId>& units, const std::vector<std::string>& category_codes,
                                       TimeMs from, TimeMs to, int limit, const NearFilter& keep) override {
    std::vector<Case> out;
    for (const auto& [id, c] : d_.cases) {
      if (c.created_at < from || c.created_at > to) continue;
      if (std::find(units.begin(), units.end(), c.location.unit_id) == units.end()) continue;
      if (!category_codes.empty() &&
          std::find(category_codes.begin(), category_codes.end(), c.category_code) == category_codes.end()) {
        continue;
      }
      out.push_back(c);
    }
    std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) {
      return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
    });
    if (limit >= 0 && out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    if (keep) {
      out.erase(std::remove_if(out.begin(), out.end(),
                               [&](const Case& c) { return !keep(c.location.unit_id, c.kind, c.location.address); }),
                out.end());
    }
    return out;
  }

  Result<std::map<CaseId, std::string>> description_openings(const std::vector<CaseId>& ids, int chars) override {
    std::map<CaseId, std::string> out;
    for (CaseId id : ids) {
      auto it = d_.cases.find(id);
      if (it != d_.cases.end()) {
        out[id] = std::string(utf8_prefix(it->second.description, static_cast<std::size_t>(std::max(chars, 0))));
      }
    }
    return out;
  }

  Result<Case> find_hotline_order(UnitId sub_district, const std::string& order_no) override {
    for (const auto& [id, c] : d_.cases) {
      if (!order_no.empty() && c.hotline.intake.order_no == order_no && c.hotline.sub_district_id == sub_district) {
        return c;
      }
    }
    return Status(reason::CASE_NOT_FOUND, "no hotline order " + order_no);
  }

  Result<TimeMs> earliest_due() override {
    TimeMs out = 0;
    for (const auto& [id, c] : d_.cases) {
      if (c.next_due != 0 && (out == 0 || c.next_due < out)) out = c.next_due;
    }
    return out;
  }

  Result<CaseId> insert_case(Case& c) override {
    c.id = d_.cases.empty() ? 1 : d_.cases.rbegin()->first + 1;
    for (const auto& [id, other] : d_.cases) {
      if (other.number == c.number) return Status(reason::CASE_NUMBER_TAKEN, c.number);
      if (same_hotline_order(other, c)) return Status(reason::HOTLINE_ORDER_EXISTS, c.hotline.intake.order_no);
    }
    d_.cases[c.id] = c;
    return c.id;
  }
  Status update_case(const Case& c) override {
    auto it = d_.cases.find(c.id);
    if (it == d_.cases.end()) return Status(reason::CASE_NOT_FOUND, "case not found");
    for (const auto& [id, other] : d_.cases) {
      if (id != c.id && other.number == c.number) return Status(reason::CASE_NUMBER_TAKEN, c.number);
      if (id != c.id && same_hotline_order(other, c)) {
        return Status(reason::HOTLINE_ORDER_EXISTS, c.hotline.intake.order_no);
      }
    }
    it->second = c;
    return {};
  }
  Result<Seq> append_event(Event& e) override {
    e.seq = static_cast<Seq>(d_.events.size()) + 1;
    d_.events.push_back(e);
    CaseFacts& facts = d_.figure_facts[e.case_id];
    const FigureKey before_key = facts.key;
    const FigureCounts before = counts_of(facts);
    fold(facts, e);
    if (!before.zero()) d_.figure_cells[before_key] -= before;
    d_.figure_cells[facts.key] += counts_of(facts);
    return e.seq;
  }
  Result<std::int64_t> next_case_sequence(const std::string& prefix, int year) override {
    return ++d_.sequences[{prefix, year}];
  }
  Status save_request(const RequestRecord& r) override {
    auto key = std::make_pair(r.user_id, r.request_id);
    if (d_.requests.count(key)) return Status(reason::REQUEST_ID_TAKEN, r.request_id);
    d_.requests[key] = r;
    return {};
  }
  Result<int> forget_requests(TimeMs before, int limit) override {
    std::vector<std::pair<TimeMs, std::pair<UserId, std::string>>> old;
    for (const auto& [key, r] : d_.requests) {
      if (r.user_id != kSystemActor && r.at < before) old.emplace_back(r.at, key);
    }
    std::sort(old.begin(), old.end());
    if (old.size() > static_cast<std::size_t>(std::max(limit, 0))) old.resize(static_cast<std::size_t>(std::max(limit, 0)));
    for (const auto& o : old) d_.requests.erase(o.second);
    return static_cast<int>(old.size());
  }
  Result<UnitId> insert_unit(OrgUnit& u) override {
    ++d_.generations.config;
    for (const auto& [id, other] : d_.units) {
      if (other.code == u.code) return Status(reason::UNIT_CODE_TAKEN, u.code);
    }
    u.id = d_.units.empty() ? 1 : d_.units.rbegin()->first + 1;
    d_.units[u.id] = u;
    return u.id;
  }
  Status update_unit(const OrgUnit& u) override {
    ++d_.generations.config;
    auto it = d_.units.find(u.id);
    if (it == d_.units.end()) return Status(reason::UNIT_NOT_FOUND, "unit not found");
    for (const auto& [id, other] : d_.units) {
      if (id != u.id && other.code == u.code) return Status(reason::UNIT_CODE_TAKEN, u.code);
    }
    it->second = u;
    return {};
  }
  Result<std::int64_t> insert_party_post(PartyPost& p) override {
    ++d_.generations.config;
    p.id = d_.party_posts.empty() ? 1 : d_.party_posts.rbegin()->first + 1;
    d_.party_posts[p.id] = p;
    return p.id;
  }
  Status upsert_category(const Category& c) override {
    ++d_.generations.config;
    d_.categories[c.code] = c;
    return {};
  }
  Status save_policy(DeadlinePolicy& p) override {
    ++d_.generations.config;
    if (p.id == 0) p.id = d_.policies.empty() ? 1 : d_.policies.rbegin()->first + 1;
    if (d_.policy_history.count({p.id, p.version})) {
      return Status(reason::POLICY_VERSION_TAKEN, "this policy version is stored already");
    }
    d_.policies[p.id] = p;
    d_.policy_history[{p.id, p.version}] = p;
    return {};
  }
  Status save_population_count(const PopulationCount& count) override {
    d_.population[{count.unit_id, count.counted_on}] = count;
    return Status::ok();
  }
  Status save_complaint_target(const ComplaintTarget& target) override {
    d_.complaint_targets[target.unit_id] = target;
    return Status::ok();
  }
  Status save_calendar_year(int year, const std::string& text) override {
    ++d_.generations.config;
    d_.calendar_years[year] = text;
    return {};
  }
  Status append_audit(AuditEntry& e) override {
    e.id = static_cast<std::int64_t>(d_.audit.size()) + 1;
    d_.audit.push_back(e);
    return {};
  }
  Result<UserId> insert_user(User& u) override {
    for (const auto& [id, other] : d_.users) {
      if (other.username == u.username) return Status(reason::USERNAME_TAKEN, u.username);
    }
    u.id = d_.users.empty() ? 1 : d_.users.rbegin()->first + 1;
    d_.users[u.id] = u;
    return u.id;
  }
  Status update_user(const User& u) override {
    ++d_.generations.accounts;
    auto it = d_.users.find(u.id);
    if (it == d_.users.end()) return Status(reason::USER_NOT_FOUND, "user not found");
    for (const auto& [id, other] : d_.users) {
      if (id != u.id && other.username == u.username) return Status(reason::USERNAME_TAKEN, u.username);
    }
    it->second = u;
    return {};
  }
  Status insert_session(const SessionRecord& s) override {
    d_.sessions[s.token_digest] = s;
    return {};
  }
  Status revoke_session(const std::string& digest) override {
    ++d_.generations.accounts;
    auto it = d_.sessions.find(digest);
    if (it != d_.sessions.end()) it->second.revoked = true;
    return {};
  }
  Status revoke_user_sessions(UserId user_id) override {
    ++d_.generations.accounts;
    for (auto& [digest, s] : d_.sessions) {
      if (s.user_id == user_id) s.revoked = true;
    }
    return {};
  }

  // ---- Hazards ----
  Result<Inspection> get_inspection(std::int64_t id) override {
    return lookup(d_.inspections, id, reason::INSPECTION_NOT_FOUND, "inspection");
  }
  Result<InspectionPlan> get_inspection_plan(std::int64_t id) override {
    return lookup(d_.plans, id, reason::PLAN_NOT_FOUND, "inspection plan");
  }
  Result<std::vector<Inspection>> list_inspections(const std::vector<UnitId>& units, InspectionState state,
                                                   int limit) override {
    std::vector<Inspection> out;
    for (auto it = d_.inspections.rbegin(); it != d_.inspections.rend(); ++it) {
      if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
      if (!units.empty() && !contains(units, it->second.site_unit_id)) continue;
      if (state != InspectionState::kUnspecified && it->second.state != state) continue;
      out.push_back(it->second);
    }
    return out;
  }
  Result<std::vector<InspectionPlan>> list_inspection_plans(const std::vector<UnitId>& units, int limit) override {
    std::vector<InspectionPlan> out;
    for (auto it = d_.plans.rbegin(); it != d_.plans.rend(); ++it) {
      if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
      if (!units.empty() && !contains(units, it->second.site_unit_id)) continue;
      out.push_back(it->second);
    }
    return out;
  }
  Result<std::vector<std::int64_t>> due_inspection_plans(TimeMs until, int limit) override {
    std::vector<std::pair<TimeMs, std::int64_t>> due;
    for (const auto& [id, p] : d_.plans) {
      if (p.active && p.next_due_at <= until) due.emplace_back(p.next_due_at, id);
    }
    std::sort(due.begin(), due.end());
    std::vector<std::int64_t> out;
    for (const auto& [at, id] : due) {
      if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
      out.push_back(id);
    }
    return out;
  }
  Result<TimeMs> earliest_plan_due() override {
    TimeMs earliest = 0;
    for (const auto& [id, p] : d_.plans) {
      if (p.active && (earliest == 0 || p.next_due_at < earliest)) earliest = p.next_due_at;
    }
    return earliest;
  }
  Result<std::int64_t> insert_inspection(Inspection& i) override {
    i.id = d_.inspections.empty() ? 1 : d_.inspections.rbegin()->first + 1;
    d_.inspections[i.id] = i;
    return i.id;
  }
  Status update_inspection(const Inspection& i) override {
    auto it = d_.inspections.find(i.id);
    if (it == d_.inspections.end()) return Status(reason::INSPECTION_NOT_FOUND, "inspection not found");
    it->second = i;
    return {};
  }
  Result<std::int64_t> insert_inspection_plan(InspectionPlan& p) override {
    p.id = d_.plans.empty() ? 1 : d_.plans.rbegin()->first + 1;
    d_.plans[p.id] = p;
    return p.id;
  }
  Status update_inspection_plan(const InspectionPlan& p) override {
    auto it = d_.plans.find(p.id);
    if (it == d_.plans.end()) return Status(reason::PLAN_NOT_FOUND, "inspection plan not found");
    it->second = p;
    return {};
  }
  Result<Project> get_project(ProjectId id) override {
    return lookup(d_.projects, id, reason::PROJECT_NOT_FOUND, "project");
  }
  Result<std::vector<Project>> list_projects(const std::vector<UnitId>& units, ProjectState state,
                                             int limit) override {
    std::vector<Project> out;
    for (auto it = d_.projects.rbegin(); it != d_.projects.rend(); ++it) {
      if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
      if (state != ProjectState::kUnspecified && it->second.state != state) continue;
      if (!units.empty()) {
        const auto mine = it->second.units();
        if (std::none_of(mine.begin(), mine.end(), [&](UnitId u) { return contains(units, u); })) continue;
      }
      out.push_back(it->second);
    }
    return out;
  }
  Result<ProjectId> insert_project(Project& p) override {
    p.id = d_.projects.empty() ? 1 : d_.projects.rbegin()->first + 1;
    d_.projects[p.id] = p;
    return p.id;
  }
  Status update_project(const Project& p) override {
    auto it = d_.projects.find(p.id);
    if (it == d_.projects.end()) return Status(reason::PROJECT_NOT_FOUND, "project not found");
    it->second = p;
    return {};
  }

  // ---- Property companies and forums ----
  Result<std::vector<Estate>> load_estates() override {
    std::vector<Estate> out;
    for (const auto& [id, e] : d_.estates) out.push_back(e);
    return out;
  }
  Result<Forum> get_forum(std::int64_t id) override { return lookup(d_.forums, id, reason::FORUM_NOT_FOUND, "forum"); }
  Result<std::vector<Forum>> list_forums(const std::vector<UnitId>& units, int limit) override {
    std::vector<Forum> out;
    for (auto it = d_.forums.rbegin(); it != d_.forums.rend(); ++it) {
      if (limit > 0 && static_cast<int>(out.size()) >= limit) break;
      if (!units.empty() && !contains(units, it->second.unit_id)) continue;
      out.push_back(it->second);
    }
    return out;
  }
  Result<std::int64_t> insert_estate(Estate& e) override {
    for (const auto& [id, other] : d_.estates) {
      if (other.community_id == e.community_id && other.name == e.name) {
        return Status(reason::ESTATE_EXISTS, "the community has an estate of that name");
      }
    }
    e.id = d_.estates.empty() ? 1 : d_.estates.rbegin()->first + 1;
    d_.estates[e.id] = e;
    return e.id;
  }
  Result<std::int64_t> insert_forum(Forum& f) override {
    f.id = d_.forums.empty() ? 1 : d_.forums.rbegin()->first + 1;
    d_.forums[f.id] = f;
    return f.id;
  }
  Status update_forum(const Forum& f) override {
    auto it = d_.forums.find(f.id);
    if (it == d_.forums.end()) return Status(reason::FORUM_NOT_FOUND, "forum not found");
    it->second = f;
    return {};
  }
  Result<Warning> get_warning(std::int64_t id) override {
    return lookup(d_.warnings, id, reason::WARNING_NOT_FOUND, "warning");
  }
  Result<Warning> latest_warning(const std::string& key) override {
    for (auto it = d_.warnings.rbegin(); it != d_.warnings.rend(); ++it) {
      if (it->second.key == key) return it->second;
    }
    return Status(reason::WARNING_NOT_FOUND, "warning not found");
  }
  Result<std::vector<Warning>> list_warnings(const WarningFilter& f) override {
    std::vector<Warning> out;
    for (auto it = d_.warnings.rbegin(); it != d_.warnings.rend(); ++it) {
      const Warning& w = it->second;
      if (f.before_id != 0 && w.id >= f.before_id) continue;
      if (!f.units.empty() && !contains(f.units, w.unit_id)) continue;
      if (!f.kinds.empty() && !contains(f.kinds, w.kind)) continue;
      if (!f.states.empty() && !contains(f.states, w.state)) continue;
      if (f.limit > 0 && static_cast<int>(out.size()) >= f.limit) break;
      out.push_back(w);
    }
    return out;
  }
  Result<std::vector<std::pair<int, int>>> signal_counts(const std::string& key, int from_day, int to_day) override {
    std::vector<std::pair<int, int>> out;
    for (auto it = d_.signal_counts.lower_bound({key, from_day});
         it != d_.signal_counts.end() && it->first.first == key && it->first.second <= to_day; ++it) {
      if (it->second != 0) out.emplace_back(it->first.second, it->second);
    }
    return out;
  }
  Result<std::vector<WarningPolicy>> load_warning_policies() override { return d_.warning_policies; }
  Result<StallWatch> stall_watch(CaseId id) override {
    auto it = d_.stall_watches.find(id);
    return it == d_.stall_watches.end() ? StallWatch{} : it->second;
  }
  Result<std::vector<StallWatch>> quiet_cases(TimeMs before, int limit) override {
    std::vector<StallWatch> out;
    for (const auto& [id, w] : d_.stall_watches) {
      if (w.warning_id == 0 && w.last_at < before) out.push_back(w);
    }
    std::sort(out.begin(), out.end(), [](const StallWatch& a, const StallWatch& b) {
      return a.last_at != b.last_at ? a.last_at < b.last_at : a.case_id < b.case_id;
    });
    if (limit > 0 && static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
    return out;
  }
  Result<std::int64_t> insert_warning(Warning& w) override {
    w.id = d_.warnings.empty() ? 1 : d_.warnings.rbegin()->first + 1;
    d_.warnings[w.id] = w;
    return w.id;
  }
  Status update_warning(const Warning& w) override {
    auto it = d_.warnings.find(w.id);
    if (it == d_.warnings.end()) return Status(reason::WARNING_NOT_FOUND, "warning not found");
    it->second = w;
    return {};
  }
  Status add_signal_count(const std::string& key, int day, int delta) override {
    d_.signal_counts[{key, day}] += delta;
    return {};
  }
  Status save_warning_policy(WarningPolicy& p) override {
    p.version = static_cast<int>(d_.warning_policies.size()) + 1;
    d_.warning_policies.push_back(p);
    return {};
  }
  Status watch_stall(const StallWatch& w) override {
    d_.stall_watches[w.case_id] = w;
    return {};
  }
  Status unwatch_stall(CaseId id) override {
    d_.stall_watches.erase(id);
    return {};
  }

 private:
  Data& d_;
};

MemoryRepository::MemoryRepository() : data_(std::make_unique<Data>()) {
  for (const auto& c : builtin_categories()) data_->categories[c.code] = c;
  for (const auto& p : default_policies()) {
    data_->policies[p.id] = p;
    data_->policy_history[{p.id, p.version}] = p;
  }
  for (std::string_view text : builtin_calendar_texts()) {
    auto year = parse_calendar_year(text);
    if (year) data_->calendar_years[year->year] = std::string(text);
  }
}

MemoryRepository::~MemoryRepository() = default;

Status MemoryRepository::read(const std::function<Status(ReadView&)>& fn) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  View view(*data_);
  return fn(view);
}

void MemoryRepository::write(std::function<Status(WriteView&)> fn,
                             std::function<void(Status)> done) {
  // Holding the lock through `done` keeps publication in commit order, as the real writer does.
  std::lock_guard<std::recursive_mutex> lock(mu_);
  Data draft = *data_;  // all-or-nothing: work on a copy, keep it only on success
  View view(draft);
  Status status = fn(view);
  if (status.is_ok() && fail_commits_) {
    status = Status(reason::STORAGE_FAULT, "injected commit failure");
  }
  if (status.is_ok()) *data_ = std::move(draft);
  done(std::move(status));
}

void MemoryRepository::set_fail_commits(bool fail) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  fail_commits_ = fail;
}

}  // namespace gridcase
