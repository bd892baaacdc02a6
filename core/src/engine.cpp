#include "gridcase/engine.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "passwords.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/log.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::Canon;
using rules::check_enum;
using rules::check_text;

namespace {

constexpr int kMaxPageSize = 500;
constexpr int kDefaultPageSize = 50;
constexpr std::size_t kMaxSearchText = 100;
constexpr std::size_t kMaxPhone = 30;
constexpr std::size_t kMaxIdNumber = 30;
constexpr std::size_t kMaxAddress = 300;

// ---- Validation (pure) ----

Status check_request_id(const std::string& request_id) {
  return check_text(request_id, "request_id", kMaxRequestId, false, true);
}

Status check_party(const CaseParty& p) {
  GRIDCASE_RETURN_IF_ERROR(check_text(p.name, "party name", kMaxName, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(p.phone, "party phone", kMaxPhone, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(p.id_number, "party ID number", kMaxIdNumber, false, false));
  return check_enum(p.role, PartyRole::kOther, "party role", false);
}

bool valid_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 40) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

// ---- Fingerprints: a canonical rendering of a request's content ----

std::string canonical(const NewCase& r) {
  Canon c;
  c.add(std::string("create")).add(r.kind).add(r.category_code).add(r.channel).add(r.title)
      .add(r.description).add(r.location.unit_id).add(r.location.address)
      .add(r.location.has_coordinates).add(r.location.lat).add(r.location.lon).add(r.priority)
      .add(r.complained_unit_id);
  for (const auto& p : r.parties) c.add(p.name).add(p.phone).add(p.id_number).add(p.role).add(p.confidential);
  // Only petitions and hotline orders add anything: the fingerprints of other requests stay as they were stored.
  if (const std::string intake = rules::canonical_intake(r); !intake.empty()) c.add(intake);
  return c.str();
}

std::string canonical(const CaseCommand& r) {
  Canon c;
  c.add(r.action).add(r.case_id).add(r.expected_version).add(r.reason).add(r.unit_id)
      .add(r.user_id).add(r.outcome).add(r.escalation_reason).add(r.police_notified)
      .add(r.into_case_id);
  // Extension and urge fields join only when set: fingerprints stored without them stay valid.
  if (r.clock != ClockKind::kUnspecified || r.extension_amount != 0 || r.approve || r.target_at != 0) {
    c.add(std::string("deadline")).add(r.clock).add(r.extension_amount).add(r.approve).add(r.target_at);
  }
  if (const std::string step = rules::canonical_step(r); !step.empty()) c.add(step);
  return c.str();
}

// ---- Org helpers ----

UnitType unit_type_of(Level level) {
  switch (level) {
    case Level::kGrid: return UnitType::kGrid;
    case Level::kCommunity: return UnitType::kCommunity;
    case Level::kSubDistrict: return UnitType::kSubDistrict;
    case Level::kDistrict: return UnitType::kDistrict;
    default: return UnitType::kUnspecified;
  }
}

// The unit that handles a case located at `location` when it sits at `level`.
const OrgUnit* level_unit(const OrgTree& tree, UnitId location, Level level) {
  return tree.ancestor_of_type(location, unit_type_of(level));
}

bool is_side_body(UnitType t) {
  return t == UnitType::kMediationCommittee || t == UnitType::kPropertyCompany ||
         t == UnitType::kDepartment;
}

// A user may hand work to units in their own subtree, and to the side bodies (committees,
// property companies, departments) attached to any unit above them.
bool may_dispatch_to(const OrgTree& tree, UnitId scope, const OrgUnit& target) {
  if (tree.in_subtree(scope, target.id)) return true;
  return is_side_body(target.type) && tree.in_subtree(target.parent_id, scope);
}

std::string format_number(const std::string& prefix, int year, std::int64_t seq) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%04d-%06lld", prefix.c_str(), year,
                static_cast<long long>(seq));
  return buf;
}

// Page tokens: "c<id>" after the last case of a newest-first page; "d<deadline>.<id>" after the
// last case of a page by deadline (deadline 0: the case had none).
std::string encode_page_token(CaseOrder order, const Case& last) {
  if (order != CaseOrder::kDeadline) return "c" + std::to_string(last.id);
  return "d" + std::to_string(earliest_deadline(last.clocks)) + "." + std::to_string(last.id);
}

// A decimal number of at most 18 digits (no overflow), all of [begin, end).
bool parse_token_number(const std::string& token, std::size_t begin, std::size_t end, std::int64_t& out) {
  if (begin >= end || end - begin > 18) return false;
  std::int64_t v = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
    v = v * 10 + (token[i] - '0');
  }
  out = v;
  return true;
}

bool decode_page_token(const std::string& token, CaseFilter& f) {
  if (token.empty() || token.size() > 40) return false;
  if (f.order != CaseOrder::kDeadline) {
    return token[0] == 'c' && parse_token_number(token, 1, token.size(), f.before_id) && f.before_id > 0;
  }
  const std::size_t dot = token.find('.');
  return token[0] == 'd' && dot != std::string::npos &&
         parse_token_number(token, 1, dot, f.after_deadline) &&
         parse_token_number(token, dot + 1, token.size(), f.after_id) && f.after_id > 0;
}

// Runs one read that yields a value (get: ReadView& -> Result<T>) and returns the value.
template <typename Get>
auto read_one(Repository& repo, Get get) -> decltype(get(std::declval<ReadView&>())) {
  using R = decltype(get(std::declval<ReadView&>()));
  std::optional<R> out;
  Status s = repo.read([&](ReadView& view) {
    out.emplace(get(view));
    return out->is_ok() ? Status{} : out->status();
  });
  if (!s) return s;
  return std::move(*out);
}


}  // namespace

// ---------------------------------------------------------------------------------------------

Engine::Engine(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink,
               EngineOptions options, std::shared_ptr<Configuration> config)
    : repo_(repo), crypto_(crypto), clock_(clock), sink_(sink), options_(options),
      config_(config != nullptr ? std::move(config) : std::make_shared<Configuration>(options.calendar)),
      sessions_(repo, crypto, clock, *config_, options.sessions),
      pipeline_(std::make_unique<CommandPipeline>(
          repo, clock, *config_, sink, acting_user,
          [this](UserId actor, CaseId case_id, const std::string& what, const Status& denial) {
            audit_denial(actor, case_id, what, denial);
          })) {}

Engine::~Engine() = default;

std::uint64_t Engine::mutations_run() const { return pipeline_->runs(); }

Status Engine::load() { return config_->load(repo_); }

std::shared_ptr<const WorkingCalendar> Engine::calendar() const { return config_->current()->calendar; }

std::vector<DeadlinePolicy> Engine::policies() const { return *config_->current()->policies; }

void Engine::set_due_listener(std::function<void(TimeMs)> listener) {
  pipeline_->set_due_listener(listener);
  due_listener_ = std::move(listener);
}

namespace {

// A resend of a case mutation answers the case as it is now, with the version the first call
// left.
Status replay_case(MutationWrite& w, const RequestRecord& first, Engine::CaseMutation& out) {
  out.viewer = w.actor;
  auto c = w.view.get_case(first.case_id);
  if (!c) return c.status();
  out.result.c = std::move(*c);
  out.result.replayed = true;
  out.result.applied_version = first.version;
  return {};
}

}  // namespace

void Engine::run_case_mutation(UserId actor, Mutation m, std::shared_ptr<CaseMutation> state, CaseCallback done) {
  if (!m.replay) {
    m.replay = [state](MutationWrite& w, const RequestRecord& first) { return replay_case(w, first, *state); };
  }
  pipeline_->run(actor, std::move(m), [this, state, done = std::move(done)](Status s) {
    if (!s) {
      done(s);
      return;
    }
    present(*this->tree(), state->viewer, state->result.c);
    done(std::move(state->result));
  });
}

void Engine::notify_due(TimeMs at) {
  if (at != 0 && due_listener_) due_listener_(at);
}

OrgTreePtr Engine::tree() const { return config_->current()->tree; }

std::vector<Category> Engine::categories(CaseKind kind) const {
  std::shared_ptr<const std::vector<Category>> all = config_->current()->categories;
  if (kind == CaseKind::kUnspecified) return *all;
  std::vector<Category> out;
  for (const auto& c : *all) {
    if (c.kind == kind) out.push_back(c);
  }
  return out;
}

void Engine::publish(const std::vector<Event>& events) {
  if (sink_ != nullptr && !events.empty()) sink_->publish(events);
}

namespace {

// The parent a unit of `type` may be placed under: an active unit in the admin's scope, of a
// type that may hold it. Sets `parent` on success.
Status check_parent(const OrgTree& tree, const User& admin, UnitType type, UnitId parent_id,
                    const OrgUnit*& parent) {
  parent = tree.find(parent_id);
  if (parent == nullptr || parent->retired || !sees_unit(tree, admin, parent->id)) {
    return Status(reason::BAD_PARENT, "the parent is not an active unit in your scope");
  }
  if (!may_be_child_of(type, parent->type)) {
    return Status(reason::BAD_PARENT, std::string("a ") + name(type) + " cannot belong to a " +
                                              name(parent->type));
  }
  return {};
}

}  // namespace

// ---- Audit -------------------------------------------------------------------------------

void Engine::audit_denial(UserId actor, CaseId case_id, const std::string& what, const Status& denial) {
  AuditEntry e;
  e.kind = AuditKind::kPermissionDenied;
  e.actor_id = actor;
  e.case_id = case_id;
  e.detail = what + ": " + denial.message();
  audit(std::move(e));
}

void Engine::audit(AuditEntry entry) { record_audit(repo_, clock_, std::move(entry)); }

Result<User> Engine::user(UserId id) {
  User out;
  Status s = repo_.read([&](ReadView& view) {
    auto u = acting_user(view, id);
    if (!u) return u.status();
    out = std::move(*u);
    return Status{};
  });
  if (!s) return s;
  return without_secret(std::move(out));
}

Result<OrgSubtree> Engine::org_tree(UserId actor, UnitId root, bool include_retired) {
  OrgTreePtr tree = this->tree();
  OrgSubtree out;
  Status s = repo_.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    if (root == 0) {
      if (user->id == kSystemActor) {
        for (const auto& u : tree->units()) {
          if (u.parent_id == 0) {
            for (UnitId id : tree->subtree(u.id, include_retired)) out.units.push_back(*tree->find(id));
          }
        }
        root = -1;
      } else {
        root = user->scope_unit_id;
      }
    }
    if (root != -1) {
      if (tree->find(root) == nullptr || !sees_unit(*tree, *user, root)) {
        return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
      }
      for (UnitId id : tree->subtree(root, include_retired)) out.units.push_back(*tree->find(id));
    }
    auto posts = view.load_party_posts();
    if (!posts) return posts.status();
    std::set<UnitId> ids;
    for (const auto& u : out.units) ids.insert(u.id);
    for (auto& p : *posts) {
      if (ids.count(p.unit_id)) out.party_posts.push_back(std::move(p));
    }
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<CaseDetail> Engine::get_case(UserId actor, CaseId id) {
  OrgTreePtr tree = this->tree();
  CaseDetail out;
  Status s = repo_.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    auto history = view.case_history(id);
    if (!history) return history.status();
    out.c = std::move(*c);
    present(*tree, *user, out.c);
    out.history = std::move(*history);
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<CaseDetail> Engine::get_case_by_number(UserId actor, const std::string& number) {
  GRIDCASE_RETURN_IF_ERROR(check_text(number, "number", 64, false, true));
  CaseId id = 0;
  Status s = repo_.read([&](ReadView& view) {
    auto c = view.get_case_by_number(number);
    if (!c) return c.status().code() == Code::kNotFound ? case_not_found() : c.status();
    id = c->id;
    return Status{};
  });
  if (!s) return s;
  return get_case(actor, id);
}

Result<CasePage> Engine::list_cases(UserId actor, const CaseQuery& q) {
  if (q.page_size < 0 || q.page_size > kMaxPageSize) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be between 1 and " + std::to_string(kMaxPageSize));
  }
  GRIDCASE_RETURN_IF_ERROR(check_enum(q.order, CaseOrder::kDeadline, "order", false));
  CaseFilter f;
  f.limit = (q.page_size == 0 ? kDefaultPageSize : q.page_size) + 1;  // one more: is there a next page?
  f.order = q.order == CaseOrder::kDeadline ? CaseOrder::kDeadline : CaseOrder::kNewest;
  if (!q.page_token.empty() && !decode_page_token(q.page_token, f)) {
    return Status(reason::BAD_PAGE_TOKEN, "the page token is not one this server issued");
  }
  for (CaseKind k : q.kinds) GRIDCASE_RETURN_IF_ERROR(check_enum(k, CaseKind::kIncident, "kind", true));
  for (CaseState st : q.states) GRIDCASE_RETURN_IF_ERROR(check_enum(st, CaseState::kUnderReReview, "state", true));
  GRIDCASE_RETURN_IF_ERROR(check_enum(q.level, Level::kDistrict, "level", false));
  GRIDCASE_RETURN_IF_ERROR(check_text(q.text, "text", kMaxSearchText, false, false));
  f.kinds = q.kinds;
  f.states = q.states;
  f.level = q.level;
  f.assignee = q.assignee;
  f.leader = q.leader;
  f.text = q.text;
  if (!q.category_code.empty()) {
    auto all = categories(CaseKind::kUnspecified);
    std::set<std::string> codes{q.category_code};
    bool known = false;
    for (const auto& c : all) known = known || c.code == q.category_code;
    if (!known) return Status(reason::UNKNOWN_CATEGORY, "no category " + q.category_code);
    // Parents precede children in the catalogue, but do not rely on it: grow to a fixpoint.
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& c : all) {
        if (codes.count(c.parent_code) && codes.insert(c.code).second) grew = true;
      }
    }
    f.category_codes.assign(codes.begin(), codes.end());
  }

  OrgTreePtr tree = this->tree();
  CasePage page;
  User viewer;
  Status s = repo_.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(*user, Permission::kViewCases)) {
      return Status(reason::ROLE_MAY_NOT, "this role may not view cases");
    }
    UnitId root = q.unit_id;
    if (user->id != kSystemActor) {
      if (root == 0 || tree->in_subtree(root, user->scope_unit_id)) {
        root = user->scope_unit_id;  // asking for more than one may see gives one's own scope
      } else if (!tree->in_subtree(user->scope_unit_id, root)) {
        return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
      }
    }
    if (root != 0) {
      if (tree->find(root) == nullptr) return Status(reason::UNIT_NOT_FOUND, "no such unit");
      f.units = tree->subtree(root);
      f.whistled_units = f.units;  // and the cases its departments were whistled into
    }
    auto cases = view.list_cases(f);
    if (!cases) return cases.status();
    page.cases = std::move(*cases);
    return Status{};
  });
  if (!s) return s;
  if (static_cast<int>(page.cases.size()) == f.limit) {
    page.cases.pop_back();
    page.next_page_token = encode_page_token(f.order, page.cases.back());
  }
  for (auto& c : page.cases) present(*tree, viewer, c);
  return page;
}

Result<CaseParty> Engine::reveal_party(UserId actor, CaseId id, int party_index, const std::string& reason) {
  GRIDCASE_RETURN_IF_ERROR(check_text(reason, "reason", kMaxReason, true, true));
  OrgTreePtr tree = this->tree();
  CaseParty party;
  AuditEntry entry;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    if (!may(*user, Permission::kSeePersonalData)) {
      return Status(reason::ROLE_MAY_NOT, std::string("a ") + name(user->role) + " may not reveal personal data");
    }
    if (party_index < 0 || party_index >= static_cast<int>(c->parties.size()) ||
        (c->parties[party_index].confidential && complained_about(*tree, *user, *c))) {
      return Status(reason::PARTY_NOT_FOUND, "no such party on this case");
    }
    party = c->parties[party_index];
    entry.kind = AuditKind::kReveal;
    entry.actor_id = user->id;
    entry.username = user->username;
    entry.case_id = c->id;
    entry.detail = "party " + std::to_string(party_index) + " of " + c->number + ": " + reason;
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, id, "REVEAL", s);
  if (!s) return s;
  entry.at = clock_.now();
  // The reveal is on record before the data leaves.
  GRIDCASE_RETURN_IF_ERROR(repo_.write_sync([&](WriteView& view) { return view.append_audit(entry); }));
  return party;
}

Result<std::vector<AuditEntry>> Engine::list_audit(UserId actor, AuditKind kind, std::int64_t before_id, int page_size) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be between 1 and " + std::to_string(kMaxPageSize));
  }
  GRIDCASE_RETURN_IF_ERROR(check_enum(kind, AuditKind::kPasswordChanged, "audit kind", false));
  auto admin = user(actor);
  if (!admin) return admin.status();
  if (!may(*admin, Permission::kManageUsers)) return Status(reason::ROLE_MAY_NOT, "only admins read the audit log");
  // Entries are appended by writes of their own; let those queued before this call land first.
  GRIDCASE_RETURN_IF_ERROR(repo_.write_sync([](WriteView&) { return Status{}; }));
  return read_one(repo_, [&](ReadView& view) {
    return view.list_audit(kind, before_id, page_size == 0 ? 100 : page_size);
  });
}

Result<std::map<CaseState, std::int64_t>> Engine::count_cases_by_state() {
  return read_one(repo_, [](ReadView& view) { return view.count_cases_by_state(); });
}

// ---- Case commands -------------------------------------------------------------------------

Status Engine::check_new_case(NewCase& req) const {
  if (req.priority == Priority::kUnspecified) req.priority = Priority::kNormal;
  rules::prepare_intake(req);
  GRIDCASE_RETURN_IF_ERROR(check_request_id(req.request_id));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.kind, CaseKind::kIncident, "kind", true));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.channel, Channel::kFax, "channel", true));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.priority, Priority::kUrgent, "priority", false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.title, "title", kMaxTitle, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.description, "description", kMaxDescription, true, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.location.address, "address", kMaxAddress, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.category_code, "category", 64, false, true));
  if (req.location.unit_id == 0) {
    return Status(reason::MISSING_FIELD, "location unit (grid or building group) is required");
  }
  if (req.location.has_coordinates &&
      (!(req.location.lat >= -90 && req.location.lat <= 90) ||
       !(req.location.lon >= -180 && req.location.lon <= 180))) {
    return Status(reason::BAD_COORDINATES, "latitude or longitude out of range");
  }
  if (req.parties.size() > 50) return Status(reason::TOO_MANY_PARTIES, "at most 50 parties");
  for (const auto& p : req.parties) GRIDCASE_RETURN_IF_ERROR(check_party(p));
  const auto all = categories(CaseKind::kUnspecified);
  auto cat = std::find_if(all.begin(), all.end(),
                          [&](const Category& c) { return c.code == req.category_code; });
  if (cat == all.end() || cat->kind != req.kind) {
    return Status(reason::UNKNOWN_CATEGORY, "no category " + req.category_code + " for kind " + name(req.kind));
  }
  if (has_children(all, cat->code)) {
    return Status(reason::CATEGORY_NOT_LEAF, "choose a leaf category under " + cat->code);
  }
  return rules::check_intake(req);
}

Status Engine::insert_new_case(MutationWrite& w, const NewCase& req, Case& c, Event& e,
                               const std::string& intake_digest) const {
  const ConfigSnapshot& config = w.config;
  const OrgTree& tree = *config.tree;
  const WorkingCalendar& cal = *config.calendar;
  const User& user = w.actor;
  const TimeMs now = w.now;
  const OrgUnit* place = tree.find(req.location.unit_id);
  if (place == nullptr || place->retired ||
      (place->type != UnitType::kGrid && place->type != UnitType::kBuildingGroup)) {
    return Status(reason::BAD_LOCATION, "the location must be an active grid or building group");
  }
  if (!sees_unit(tree, user, place->id)) {
    return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  }
  const OrgUnit* grid = tree.ancestor_of_type(place->id, UnitType::kGrid);
  const OrgUnit* sub_district = tree.ancestor_of_type(place->id, UnitType::kSubDistrict);
  if (grid == nullptr || sub_district == nullptr || sub_district->case_prefix.empty()) {
    return Status(reason::NO_SUB_DISTRICT, "the location is not under a sub-district with a case prefix");
  }
  if (req.complained_unit_id != 0 && tree.find(req.complained_unit_id) == nullptr) {
    return Status(reason::BAD_UNIT, "the unit complained about does not exist");
  }
  const int year = to_shanghai(now).year;
  auto seq = w.view.next_case_sequence(sub_district->case_prefix, year);
  if (!seq) return seq.status();

  c.number = format_number(sub_district->case_prefix, year, *seq);
  c.kind = req.kind;
  c.category_code = req.category_code;
  c.channel = req.channel;
  c.title = req.title;
  c.description = req.description;
  c.location = req.location;
  c.parties = req.parties;
  c.priority = req.priority;
  c.complained_unit_id = req.complained_unit_id;
  c.level = Level::kGrid;
  c.handling_unit_id = grid->id;
  c.reporter_user_id = user.id;
  c.state = CaseState::kReported;
  c.version = 1;
  c.created_at = c.updated_at = now;
  if (const DeadlinePolicy* policy =
          match_policy(*config.policies, *config.categories, c.kind, c.category_code, c.priority)) {
    c.policy_id = policy->id;
    c.policy_version = policy->version;
    for (const auto& rule : policy->clocks) c.clocks.push_back(pending_clock(rule));
  }
  rules::apply_intake(req, c);
  if (!c.hotline.intake.order_no.empty()) {
    c.hotline.sub_district_id = sub_district->id;
    c.hotline.intake_digest = intake_digest;
  }
  apply_clock_hooks(c, Action::kCreate, now, cal);
  auto id = w.view.insert_case(c);
  if (!id) return id.status();

  stamp_event(e, c, user.id, now, Action::kCreate);
  e.details["category"] = c.category_code;
  e.details["channel"] = name(c.channel);
  if (c.policy_id != 0) e.details["policy"] = std::to_string(c.policy_id) + "v" + std::to_string(c.policy_version);
  if (!c.hotline.intake.order_no.empty()) {
    e.details["order_no"] = c.hotline.intake.order_no;
    e.details["deadline_class"] = name(c.hotline.intake.deadline_class);
  }
  GRIDCASE_RETURN_IF_ERROR(w.append(e));
  w.due(c.next_due);
  return Status{};
}

void Engine::create_case(UserId actor, NewCase req, CaseCallback done) {
  Status valid = check_new_case(req);
  if (!valid) {
    done(valid);
    return;
  }

  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = "CREATE";
  m.request_id = req.request_id;
  m.fingerprint = crypto_.fingerprint(canonical(req));
  m.apply = [this, req = std::move(req), fingerprint = m.fingerprint, state](MutationWrite& w) -> Status {
    const OrgTree* tree = w.config.tree.get();
    state->viewer = w.actor;
    if (!may(w.actor, Action::kCreate)) {
      return Status(reason::ROLE_MAY_NOT, std::string("a ") + name(w.actor.role) + " may not create cases");
    }
    // A hotline order received again: the same content answers the existing case, changing
    // nothing; other content under the same number is a clash.
    const OrgUnit* sub_district = tree->ancestor_of_type(req.location.unit_id, UnitType::kSubDistrict);
    if (!req.hotline.order_no.empty() && sub_district != nullptr &&
        sees_unit(*tree, w.actor, req.location.unit_id)) {
      auto existing = w.view.find_hotline_order(sub_district->id, req.hotline.order_no);
      if (existing) {
        if (existing->hotline.intake_digest != fingerprint) {
          return Status(reason::HOTLINE_ORDER_EXISTS, "order " + req.hotline.order_no + " was received as " +
                                                            existing->number + " with other content");
        }
        state->result.c = std::move(*existing);
        state->result.replayed = true;
        state->result.applied_version = state->result.c.version;
        w.made(state->result.c.id, state->result.c.version);
        return Status{};
      }
      if (existing.status().code() != Code::kNotFound) return existing.status();
    }
    Case c;
    Event e;
    GRIDCASE_RETURN_IF_ERROR(insert_new_case(w, req, c, e, fingerprint));
    w.made(c.id, c.version);
    state->result.c = std::move(c);
    state->result.events.push_back(e);
    state->result.applied_version = state->result.c.version;
    return Status{};
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

Status Engine::check_case_command(const CaseCommand& cmd) const {
  GRIDCASE_RETURN_IF_ERROR(check_request_id(cmd.request_id));
  GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.action, static_cast<Action>(kActionCount - 1), "action", true));
  if (!is_action(static_cast<int>(cmd.action))) {
    return Status(reason::INVALID_ENUM_VALUE, "unknown or missing value for action");
  }
  if (!is_command(cmd.action)) {
    return Status(reason::NOT_A_COMMAND, std::string(name(cmd.action)) +
                                                 " is not something a person can do to a case");
  }
  if (cmd.case_id <= 0) return Status(reason::MISSING_FIELD, "case_id is required");
  if (cmd.expected_version < 0) return Status(reason::BAD_VERSION, "expected_version must not be negative");
  const char* required = required_reason(cmd.action);
  GRIDCASE_RETURN_IF_ERROR(check_text(cmd.reason, required != nullptr ? required : "reason", kMaxReason, true,
                                      required != nullptr));
  switch (cmd.action) {
    case Action::kDispatch:
      if (cmd.unit_id <= 0) return Status(reason::MISSING_FIELD, "dispatch needs the handling unit");
      break;
    case Action::kResolve:
      return check_enum(cmd.outcome, Outcome::kWithdrawn, "outcome", true);
    case Action::kEscalate:
      GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.escalation_reason, EscalationReason::kRisk,
                                          "escalation reason", true));
      if (cmd.escalation_reason == EscalationReason::kDeadline) {
        return Status(reason::DEADLINE_ESCALATION_IS_AUTOMATIC, "DEADLINE escalations are made by the case clocks, not by hand");
      }
      break;
    case Action::kMerge:
      if (cmd.into_case_id <= 0 || cmd.into_case_id == cmd.case_id) {
        return Status(reason::BAD_MERGE_TARGET, "merge needs another case to merge into");
      }
      break;
    case Action::kAssignLeader:
      if (cmd.user_id <= 0) return Status(reason::MISSING_FIELD, "assign leader needs the leader's user id");
      break;
    case Action::kRequestExtension:
      GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.clock, ClockKind::kReturnWindow, "clock", false));
      if (cmd.extension_amount <= 0 || cmd.extension_amount > 3650) {
        return Status(reason::BAD_EXTENSION, "an extension is 1 to 3650 hours or days");
      }
      break;
    case Action::kUrge:
      if (cmd.target_at < 0) return Status(reason::BAD_TARGET, "the target time must not be negative");
      break;
    default:
      break;
  }
  return rules::check_step(cmd);
}

Status Engine::apply_command(MutationWrite& w, const CaseCommand& cmd, CaseResult& out) {
  WriteView& view = w.view;
  const User* user = &w.actor;
  const UserId actor = user->id;
  const OrgTree* tree = w.config.tree.get();
  const WorkingCalendar* cal = w.config.calendar.get();

  auto loaded = visible_case(view, *tree, *user, cmd.case_id);
  if (!loaded) return loaded.status();
  Case c = std::move(*loaded);
  if (!may(*user, cmd.action)) {
    return Status(reason::ROLE_MAY_NOT, std::string("a ") + name(user->role) + " may not " +
                                                 name(cmd.action) + " cases");
  }
  if (cmd.expected_version != 0 && cmd.expected_version != c.version) {
    return Status(reason::STALE_VERSION, "the case is at version " + std::to_string(c.version) +
                                        ", not " + std::to_string(cmd.expected_version));
  }
  auto next = next_state(c, cmd.action);
  if (!next) {
    std::vector<std::string> allowed;
    for (Action a : allowed_actions(c.state)) {
      if (may(*user, a) && applies_to(c.kind, a)) allowed.push_back(name(a));
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Status(reason::TRANSITION_NOT_ALLOWED, std::string("cannot ") + name(cmd.action) + " a " + name(c.state) +
                                   " case; allowed: " + (list.empty() ? "none" : list))
        .with_details(std::move(allowed));
  }

  const TimeMs now = w.now;
  Event e;
  e.from_state = c.state;
  e.from_level = c.level;
  e.reason = cmd.reason;

  // Disputes and petitions: their steps and rules (core/src/case_rules.cpp).
  rules::StepContext step{view, *tree, *user, cmd, c, e, *next, now, *cal};
  GRIDCASE_RETURN_IF_ERROR(rules::apply_kind_rules(step));
  // Evidence: a category may require an attachment before its cases are resolved.
  if (*next == CaseState::kResolved && c.state != CaseState::kResolved) {
    GRIDCASE_RETURN_IF_ERROR(check_evidence(view, c));
  }

  switch (cmd.action) {
    case Action::kDispatch: {
      const OrgUnit* target = tree->find(cmd.unit_id);
      if (target == nullptr || target->retired) {
        return Status(reason::BAD_UNIT, "dispatch target is not an active unit");
      }
      if (user->id != kSystemActor && !may_dispatch_to(*tree, user->scope_unit_id, *target)) {
        return Status(reason::UNIT_NOT_FOUND, "no such unit within your reach");
      }
      if (cmd.user_id != 0) {
        auto assignee = view.get_user(cmd.user_id);
        if (!assignee || assignee->disabled) {
          return Status(reason::BAD_ASSIGNEE, "the assignee is not an active user");
        }
        if (!tree->in_subtree(assignee->scope_unit_id, target->id) &&
            !tree->in_subtree(target->id, assignee->scope_unit_id)) {
          return Status(reason::BAD_ASSIGNEE, "the assignee does not work in the handling unit");
        }
      }
      c.handling_unit_id = target->id;
      c.assignee_user_id = cmd.user_id;
      e.details["unit_id"] = std::to_string(target->id);
      e.details["unit"] = target->name;
      if (cmd.user_id != 0) e.details["assignee_id"] = std::to_string(cmd.user_id);
      break;
    }
    case Action::kReturn: {
      const OrgUnit* back = level_unit(*tree, c.location.unit_id, c.level);
      if (back != nullptr) c.handling_unit_id = back->id;
      c.assignee_user_id = 0;
      break;
    }
    case Action::kEscalate: {
      if (c.level == Level::kDistrict) {
        return Status(reason::NO_HIGHER_LEVEL, "the case is already at the top level");
      }
      const Level up = static_cast<Level>(static_cast<int>(c.level) + 1);
      const OrgUnit* target = level_unit(*tree, c.location.unit_id, up);
      if (target == nullptr) {
        return Status(reason::NO_HIGHER_LEVEL, std::string("no ") + name(up) +
                                                          " unit above this case's location");
      }
      c.level = up;
      c.handling_unit_id = target->id;
      c.assignee_user_id = 0;
      e.details["escalation_reason"] = name(cmd.escalation_reason);
      e.details["unit_id"] = std::to_string(target->id);
      e.details["unit"] = target->name;
      if (cmd.escalation_reason == EscalationReason::kRisk) {
        e.details["police_notified"] = cmd.police_notified ? "true" : "false";
      }
      break;
    }
    case Action::kResolve:
      c.outcome = cmd.outcome;
      e.details["outcome"] = name(cmd.outcome);
      break;
    case Action::kReopen:
      c.outcome = Outcome::kUnspecified;
      ++c.reopen_count;
      break;
    case Action::kSuspend:
      c.state_before_suspend = c.state;
      break;
    case Action::kResume:
      c.state_before_suspend = CaseState::kUnspecified;
      break;
    case Action::kMerge: {
      auto parent = view.get_case(cmd.into_case_id);
      if (!parent || !sees(*tree, *user, *parent)) {
        return Status(reason::CASE_NOT_FOUND, "no such case to merge into");
      }
      // One level of merging (related.hpp): not into a case merged into this one, not into
      // a case that is not open, not a case that others were merged into.
      if (parent->merged_into == c.id) {
        return Status(reason::MERGE_INTO_CHILD, "cannot merge a case into a case merged into it");
      }
      if (!is_open(parent->state)) {
        return Status(reason::MERGE_TARGET_CLOSED, "cannot merge into a " +
                                                              std::string(name(parent->state)) + " case");
      }
      auto own_children = view.merged_children(c.id);
      if (!own_children) return own_children.status();
      if (!own_children->empty()) {
        return Status(reason::HAS_MERGED_CASES, "other cases were merged into this one; unmerge them first");
      }
      c.merged_into = parent->id;
      e.details["into_case_id"] = std::to_string(parent->id);
      e.details["into"] = parent->number;
      // The parent's history records the merge too.
      Case p = std::move(*parent);
      ++p.version;
      p.updated_at = now;
      GRIDCASE_RETURN_IF_ERROR(view.update_case(p));
      Event pe = event_on(p, actor, now, Action::kMerge);
      pe.reason = cmd.reason;
      pe.details["merged_case_id"] = std::to_string(c.id);
      pe.details["merged"] = c.number;
      GRIDCASE_RETURN_IF_ERROR(w.append(pe));
      break;
    }
    case Action::kUrge:
      ++c.urge_count;
      e.details["urge_count"] = std::to_string(c.urge_count);
      if (cmd.target_at != 0) e.details["target_at"] = std::to_string(cmd.target_at);
      break;
    case Action::kRequestExtension: {
      const ClockKind kind = cmd.clock == ClockKind::kUnspecified ? ClockKind::kResolve : cmd.clock;
      auto clock = std::find_if(c.clocks.begin(), c.clocks.end(),
                                [&](const CaseClock& k) { return k.kind == kind; });
      if (clock == c.clocks.end() || clock->run != ClockRun::kRunning) {
        return Status(reason::CLOCK_NOT_RUNNING, std::string("the ") + name(kind) + " clock is not running");
      }
      if (clock_status(*clock, now, *cal).colour == Colour::kRed) {
        return Status(reason::DEADLINE_PASSED, "an extension must be asked for before the deadline");
      }
      if (c.extension_clock != ClockKind::kUnspecified) {
        return Status(reason::EXTENSION_PENDING, "an extension request is already waiting for a decision");
      }
      c.extension_clock = kind;
      c.extension_ms = cmd.extension_amount * unit_ms(clock->unit);
      c.extension_requested_by = actor;
      e.details["clock"] = name(kind);
      e.details["amount"] = std::to_string(cmd.extension_amount);
      e.details["unit"] = name(clock->unit);
      break;
    }
    case Action::kDecideExtension: {
      if (c.extension_clock == ClockKind::kUnspecified) {
        return Status(reason::NO_PENDING_EXTENSION, "no extension request is waiting for a decision");
      }
      e.details["clock"] = name(c.extension_clock);
      e.details["approved"] = cmd.approve ? "true" : "false";
      auto clock = std::find_if(c.clocks.begin(), c.clocks.end(),
                                [&](const CaseClock& k) { return k.kind == c.extension_clock; });
      if (cmd.approve && clock != c.clocks.end() && clock->run != ClockRun::kStopped &&
          clock->run != ClockRun::kUnspecified) {
        extend_clock(*clock, c.extension_ms, now, *cal);
        e.details["deadline"] = std::to_string(clock->deadline);
      }
      c.extension_clock = ClockKind::kUnspecified;
      c.extension_ms = 0;
      c.extension_requested_by = 0;
      break;
    }
    case Action::kAssignLeader: {
      auto leader = view.get_user(cmd.user_id);
      if (!leader || leader->disabled || leader->role != Role::kSupervisor) {
        return Status(reason::BAD_LEADER, "the leader must be an active supervisor");
      }
      // 包案 is taken by a leader at or above the case's level, whose scope holds the case.
      if (!case_in_scope(*tree, *leader, c) ||
          static_cast<int>(tree->level_of(leader->scope_unit_id)) < static_cast<int>(c.level)) {
        return Status(reason::BAD_LEADER, "the leader must work at or above the case's level and see the case");
      }
      c.leader_user_id = leader->id;
      e.details["leader_id"] = std::to_string(leader->id);
      e.details["leader"] = leader->display_name;
      break;
    }
    default:
      break;
  }

  c.state = *next;
  apply_clock_hooks(c, cmd.action, now, *cal);
  ++c.version;
  c.updated_at = now;
  GRIDCASE_RETURN_IF_ERROR(view.update_case(c));

  stamp_event(e, c, actor, now, cmd.action);
  GRIDCASE_RETURN_IF_ERROR(w.append(e));
  // Cases merged into this one follow it when it resolves or closes (core/src/related.cpp).
  if (c.state != e.from_state) GRIDCASE_RETURN_IF_ERROR(follow_parent(w, c));

  w.made(c.id, c.version);
  w.due(c.next_due);
  out.c = std::move(c);
  out.events.push_back(std::move(e));
  out.applied_version = out.c.version;
  return {};
}

void Engine::act(UserId actor, CaseCommand cmd, CaseCallback done) {
  Status valid = check_case_command(cmd);
  if (!valid) {
    done(valid);
    return;
  }
  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = name(cmd.action);
  m.case_id = cmd.case_id;
  m.request_id = cmd.request_id;
  m.fingerprint = crypto_.fingerprint(canonical(cmd));
  m.apply = [this, cmd = std::move(cmd), state](MutationWrite& w) -> Status {
    state->viewer = w.actor;
    return apply_command(w, cmd, state->result);
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

Result<CaseResult> Engine::create_case_sync(UserId actor, NewCase request) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { create_case(actor, std::move(request), std::move(cb)); });
}

Result<CaseResult> Engine::act_sync(UserId actor, CaseCommand command) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { act(actor, std::move(command), std::move(cb)); });
}

// ---- Administration ------------------------------------------------------------------------

Result<User> Engine::create_user(UserId actor, const NewUser& req) {
  if (!valid_username(req.username)) {
    return Status(reason::BAD_USERNAME, "usernames are 2-40 characters of a-z, 0-9, '_', '.', '-'");
  }
  GRIDCASE_RETURN_IF_ERROR(check_text(req.display_name, "display name", kMaxName, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.role, Role::kAdmin, "role", true));
  GRIDCASE_RETURN_IF_ERROR(check_password_strength(req.username, req.password));
  OrgTreePtr tree = this->tree();
  User u;
  u.username = req.username;
  u.display_name = req.display_name.empty() ? req.username : req.display_name;
  u.role = req.role;
  u.scope_unit_id = req.scope_unit_id;
  u.demo_password = req.demo_password;
  u.password_hash = crypto_.hash_password(req.password);  // slow by design: outside the write
  u.password_changed_at = clock_.now();
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageUsers, "only admins manage users");
    if (!admin) return admin.status();
    const OrgUnit* scope = tree->find(u.scope_unit_id);
    if (scope == nullptr || scope->retired || !sees_unit(*tree, *admin, scope->id)) {
      return Status(reason::BAD_UNIT, "the scope unit is not an active unit in your scope");
    }
    auto id = view.insert_user(u);
    return id ? Status{} : id.status();
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, 0, "CREATE_USER", s);
  if (!s) return s;
  return without_secret(std::move(u));
}

Result<User> Engine::update_user(UserId actor, const UserUpdate& up) {
  GRIDCASE_RETURN_IF_ERROR(check_enum(up.role, Role::kAdmin, "role", false));
  GRIDCASE_RETURN_IF_ERROR(check_text(up.display_name, "display name", kMaxName, false, false));
  if (!up.new_password.empty()) GRIDCASE_RETURN_IF_ERROR(check_password_strength("", up.new_password));
  const std::string new_hash = up.new_password.empty() ? "" : crypto_.hash_password(up.new_password);
  OrgTreePtr tree = this->tree();
  User out;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageUsers, "only admins manage users");
    if (!admin) return admin.status();
    auto u = view.get_user(up.user_id);
    if (!u || !sees_unit(*tree, *admin, u->scope_unit_id)) {
      return Status(reason::USER_NOT_FOUND, "no such user in your scope");
    }
    if (up.role != Role::kUnspecified) u->role = up.role;
    if (!up.display_name.empty()) u->display_name = up.display_name;
    if (up.scope_unit_id != 0) {
      const OrgUnit* scope = tree->find(up.scope_unit_id);
      if (scope == nullptr || scope->retired || !sees_unit(*tree, *admin, scope->id)) {
        return Status(reason::BAD_UNIT, "the scope unit is not an active unit in your scope");
      }
      u->scope_unit_id = scope->id;
    }
    if (up.disabled) u->disabled = *up.disabled;
    const bool sessions_end = !new_hash.empty() || (up.disabled && *up.disabled);
    if (!new_hash.empty()) {
      u->password_hash = new_hash;
      u->demo_password = false;
      u->password_changed_at = clock_.now();
    }
    GRIDCASE_RETURN_IF_ERROR(view.update_user(*u));
    if (sessions_end) {
      GRIDCASE_RETURN_IF_ERROR(view.revoke_user_sessions(u->id));
      AuditEntry e;
      e.at = clock_.now();
      e.kind = new_hash.empty() ? AuditKind::kSessionsRevoked : AuditKind::kPasswordChanged;
      e.actor_id = actor;
      e.username = u->username;
      e.detail = new_hash.empty() ? "account disabled by an admin; every session ended"
                                  : "password reset by an admin; every session ended";
      GRIDCASE_RETURN_IF_ERROR(view.append_audit(e));
    }
    out = std::move(*u);
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, 0, "UPDATE_USER", s);
  if (!s) return s;
  sessions_.account_changed();  // role, scope or access may have changed
  return without_secret(std::move(out));
}

Result<std::vector<User>> Engine::list_users(UserId actor, UnitId unit) {
  OrgTreePtr tree = this->tree();
  std::vector<User> out;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto viewer = acting_user(view, actor);
    if (!viewer) return viewer.status();
    UnitId root = unit != 0 ? unit : viewer->scope_unit_id;
    if (root != 0 && !sees_unit(*tree, *viewer, root)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    auto all = view.list_users();
    if (!all) return all.status();
    for (auto& u : *all) {
      if (root == 0 || tree->in_subtree(root, u.scope_unit_id)) out.push_back(without_secret(std::move(u)));
    }
    return Status{};
  });
  if (!s) return s;
  return out;
}

Status Engine::tree_after_write(WriteView& view, TreeChange& out) {
  auto units = view.load_units();
  if (!units) return units.status();
  out.tree = std::make_shared<OrgTree>(std::move(*units));
  out.number = config_->number_tree_change();  // writes run one at a time: this is commit order
  return {};
}

Result<OrgUnit> Engine::create_unit(UserId actor, OrgUnit unit) {
  GRIDCASE_RETURN_IF_ERROR(check_enum(unit.type, UnitType::kDepartment, "unit type", true));
  GRIDCASE_RETURN_IF_ERROR(check_text(unit.code, "code", 64, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(unit.name, "name", kMaxName, false, true));
  if (unit.type == UnitType::kSubDistrict) {
    bool ok = !unit.case_prefix.empty() && unit.case_prefix.size() <= 8;
    for (char ch : unit.case_prefix) ok = ok && ch >= 'A' && ch <= 'Z';
    if (!ok) return Status(reason::BAD_CASE_PREFIX, "a sub-district needs a case prefix of 1-8 capital letters");
  } else {
    unit.case_prefix.clear();
  }
  unit.id = 0;
  unit.retired = false;
  OrgTreePtr tree = this->tree();
  TreeChange new_tree;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageOrg, "only admins manage the org tree");
    if (!admin) return admin.status();
    if (unit.parent_id == 0) {
      if (admin->id != kSystemActor) return Status(reason::ROLE_MAY_NOT, "only set-up tools create root units");
      if (unit.type != UnitType::kDistrict && unit.type != UnitType::kSubDistrict) {
        return Status(reason::BAD_PARENT, "only a district or sub-district can be a root");
      }
    } else {
      const OrgUnit* parent = nullptr;
      GRIDCASE_RETURN_IF_ERROR(check_parent(*tree, *admin, unit.type, unit.parent_id, parent));
    }
    auto id = view.insert_unit(unit);
    if (!id) return id.status();
    GRIDCASE_RETURN_IF_ERROR(tree_after_write(view, new_tree));
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, 0, "CREATE_UNIT", s);
  if (!s) return s;
  config_->adopt_tree(new_tree.tree, new_tree.number);
  return unit;
}

Result<OrgUnit> Engine::update_unit(UserId actor, const UnitUpdate& up) {
  GRIDCASE_RETURN_IF_ERROR(check_text(up.name, "name", kMaxName, false, false));
  OrgTreePtr tree = this->tree();
  TreeChange new_tree;
  OrgUnit out;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageOrg, "only admins manage the org tree");
    if (!admin) return admin.status();
    const OrgUnit* current = tree->find(up.unit_id);
    if (current == nullptr || !sees_unit(*tree, *admin, current->id)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    OrgUnit u = *current;
    if (!up.name.empty()) u.name = up.name;
    if (up.new_parent_id != 0 && up.new_parent_id != u.parent_id) {
      const OrgUnit* parent = nullptr;
      GRIDCASE_RETURN_IF_ERROR(check_parent(*tree, *admin, u.type, up.new_parent_id, parent));
      if (tree->in_subtree(u.id, parent->id)) {
        return Status(reason::BAD_PARENT, "a unit cannot move under itself");
      }
      u.parent_id = parent->id;
    }
    if (up.retire && !u.retired) {
      for (UnitId child : tree->children(u.id)) {
        if (!tree->find(child)->retired) {
          return Status(reason::UNIT_HAS_ACTIVE_CHILDREN, "retire or move the units below it first");
        }
      }
      u.retired = true;
    }
    GRIDCASE_RETURN_IF_ERROR(view.update_unit(u));
    GRIDCASE_RETURN_IF_ERROR(tree_after_write(view, new_tree));
    out = u;
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, 0, "UPDATE_UNIT", s);
  if (!s) return s;
  config_->adopt_tree(new_tree.tree, new_tree.number);
  return out;
}

Result<PartyPost> Engine::create_party_post(UserId actor, PartyPost post) {
  GRIDCASE_RETURN_IF_ERROR(check_enum(post.kind, PartyPostKind::kMemberHousehold, "party post kind", true));
  GRIDCASE_RETURN_IF_ERROR(check_text(post.holder_name, "holder name", kMaxName, false, true));
  OrgTreePtr tree = this->tree();
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageOrg, "only admins manage the org tree");
    if (!admin) return admin.status();
    const OrgUnit* unit = tree->find(post.unit_id);
    if (unit == nullptr || unit->retired || !sees_unit(*tree, *admin, unit->id)) {
      return Status(reason::BAD_UNIT, "the unit is not an active unit in your scope");
    }
    if (post.holder_user_id != 0 && !view.get_user(post.holder_user_id)) {
      return Status(reason::BAD_USER, "the holder's account does not exist");
    }
    auto id = view.insert_party_post(post);
    return id ? Status{} : id.status();
  });
  if (!s) return s;
  return post;
}

// ---- Deadlines ----------------------------------------------------------------------------

void Engine::apply_clock_hooks(Case& c, Action action, TimeMs now, const WorkingCalendar& cal) const {
  // A merged case keeps its clocks, paused while its parent is handled (related.hpp).
  const bool finished = is_terminal(c.state) && c.state != CaseState::kMerged;
  for (auto& clock : c.clocks) {
    if (finished) {
      stop_clock(clock, now, cal);
      continue;
    }
    if (action == Action::kMerge) {
      pause_clock(clock, now, cal);
      continue;
    }
    if (action == Action::kSuspend) pause_clock(clock, now, cal);
    if (action == Action::kResume) resume_clock(clock, now, cal);
    if (clock.run == ClockRun::kRunning && clock.stops_on == action) stop_clock(clock, now, cal);
    if (clock.run == ClockRun::kUnspecified && clock.starts_on == action) start_clock(clock, now, cal);
    // A case that moves up a level, or comes back for rework (返工), starts its RESOLVE clock
    // afresh there.
    if (clock.kind == ClockKind::kResolve && clock.run != ClockRun::kUnspecified &&
        (action == Action::kEscalate || action == Action::kReopen)) {
      start_clock(clock, now, cal);
    }
  }
  if (finished) {
    c.extension_clock = ClockKind::kUnspecified;
    c.extension_ms = 0;
    c.extension_requested_by = 0;
  }
  c.next_due = next_due(c.clocks);
  c.colour = worst_colour(c.clocks);
}

Status Engine::process_due(WriteView& view, CaseId id, TimeMs now, std::vector<Event>& published) {
  auto loaded = view.get_case(id);
  if (!loaded) return loaded.status();
  Case c = std::move(*loaded);
  if (c.next_due == 0 || c.next_due > now) return {};  // handled already
  OrgTreePtr tree = this->tree();
  std::shared_ptr<const WorkingCalendar> cal = calendar();

  std::vector<Event> events;
  auto record = [&](Action action, std::map<std::string, std::string> details, Level from_level) {
    ++c.version;
    Event e = event_on(c, kSystemActor, now, action, c.state, from_level);
    e.details = std::move(details);
    events.push_back(std::move(e));
  };

  // A clock restarted at its expiry may itself be due already (the scheduler was down for a
  // while): go round until nothing changes, at most once per level and colour.
  for (int round = 0; round < 16; ++round) {
    bool restarted = false;
    for (auto& clock : c.clocks) {
      for (Colour reached : advance_colour(clock, now)) {
        const bool red = reached == Colour::kRed;
        const TimeMs due_at = red ? clock.deadline : clock.warn_at;
        record(red ? Action::kClockExpired : Action::kClockWarning,
               {{"clock", name(clock.kind)}, {"due_at", std::to_string(due_at)},
                {"deadline", std::to_string(clock.deadline)}},
               c.level);
        if (!red || clock.on_expiry != ExpiryAction::kEscalate) continue;
        const Level from = c.level;
        const OrgUnit* target =
            from == Level::kDistrict
                ? nullptr
                : level_unit(*tree, c.location.unit_id, static_cast<Level>(static_cast<int>(from) + 1));
        if (target == nullptr) {
          events.back().details["top_level"] = "true";  // nowhere higher to go: stays red
          continue;
        }
        c.level = static_cast<Level>(static_cast<int>(from) + 1);
        c.handling_unit_id = target->id;
        c.assignee_user_id = 0;
        record(Action::kEscalate,
               {{"escalation_reason", name(EscalationReason::kDeadline)},
                {"unit_id", std::to_string(target->id)},
                {"unit", target->name},
                {"clock", name(clock.kind)}},
               from);
        events.back().reason = "超期自动上报";
        // The new level's clock counts from the moment the old one ran out.
        start_clock(clock, due_at, *cal);
        restarted = true;
      }
    }
    if (!restarted) break;
  }
  c.next_due = next_due(c.clocks);
  c.colour = worst_colour(c.clocks);
  if (!events.empty()) c.updated_at = now;
  GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
  for (auto& e : events) {
    auto seq = view.append_event(e);
    if (!seq) return seq.status();
    published.push_back(e);
  }
  return {};
}

Result<TimeMs> Engine::run_due(TimeMs now, int max_cases) {
  // Recurring inspection plans (hazard.cpp) are due on the same runner.
  auto plans_next = make_due_inspections(now, max_cases);
  if (!plans_next) return plans_next.status();
  auto cases_next = run_due_cases(now, max_cases);
  if (!cases_next) return cases_next.status();
  if (*plans_next == 0) return *cases_next;
  if (*cases_next == 0) return *plans_next;
  return std::min(*plans_next, *cases_next);
}

Result<TimeMs> Engine::run_due_cases(TimeMs now, int max_cases) {
  auto due = read_one(repo_, [&](ReadView& view) { return view.due_cases(now, max_cases); });
  if (!due) return due.status();
  // One write per case, queued together so that they can share commits; each publishes its
  // events once durable. Writes complete in queue order, so the last one's completion means all
  // are done.
  struct Round {
    std::mutex mu;
    std::condition_variable cv;
    std::size_t left = 0;
    Status first_error;
  };
  auto round = std::make_shared<Round>();
  round->left = due->size();
  for (CaseId id : *due) {
    auto published = std::make_shared<std::vector<Event>>();
    repo_.write([this, id, now, published](WriteView& view) { return process_due(view, id, now, *published); },
                [this, round, published](Status st) {
                  if (st) publish(*published);
                  std::lock_guard<std::mutex> lock(round->mu);
                  if (!st && round->first_error.is_ok()) round->first_error = st;
                  if (--round->left == 0) round->cv.notify_all();
                });
  }
  {
    std::unique_lock<std::mutex> lock(round->mu);
    round->cv.wait(lock, [&] { return round->left == 0; });
    if (!round->first_error.is_ok()) return round->first_error;
  }
  if (static_cast<int>(due->size()) >= max_cases) return now;
  return read_one(repo_, [](ReadView& view) { return view.earliest_due(); });
}

Result<Board> Engine::board(UserId actor, UnitId unit, int limit) {
  if (limit <= 0 || limit > kMaxPageSize) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  OrgTreePtr tree = this->tree();
  std::shared_ptr<const WorkingCalendar> cal = calendar();
  const TimeMs now = clock_.now();
  Board out;
  User viewer;
  std::vector<Case> cases;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(viewer, Permission::kViewCases)) return Status(reason::ROLE_MAY_NOT, "this role may not view cases");
    UnitId root = unit != 0 ? unit : viewer.scope_unit_id;
    if (root == 0 || tree->find(root) == nullptr || !sees_unit(*tree, viewer, root)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    out.total.unit_id = root;
    CaseFilter f;
    f.units = tree->subtree(root);
    f.states = {CaseState::kReported, CaseState::kAccepted, CaseState::kInProgress, CaseState::kSuspended,
                CaseState::kUnderReview, CaseState::kUnderReReview};
    f.needs_attention = true;
    f.limit = 100000;  // the counts need every such case; boards are small by nature
    auto found = view.list_cases(f);
    if (!found) return found.status();
    cases = std::move(*found);
    return Status{};
  });
  if (!s) return s;

  for (UnitId child : tree->children(out.total.unit_id)) {
    if (!tree->find(child)->retired) out.children.push_back(BoardCount{child, 0, 0, 0});
  }
  auto count = [](BoardCount& b, const Case& c) {
    if (c.colour == Colour::kRed) ++b.red;
    else if (c.colour == Colour::kYellow) ++b.yellow;
    if (static_cast<int>(c.level) > static_cast<int>(Level::kGrid)) ++b.escalated;
  };
  for (const auto& c : cases) {
    count(out.total, c);
    for (auto& b : out.children) {
      if (tree->in_subtree(b.unit_id, c.location.unit_id) || tree->in_subtree(b.unit_id, c.handling_unit_id)) {
        count(b, c);
      }
    }
  }
  // Most urgent first: red before yellow before merely escalated; then the nearest (or most
  // overdue) deadline; then the higher level.
  auto soonest = [&](const Case& c) {
    TimeMs best = 0;
    for (const auto& k : c.clocks) {
      if (k.run == ClockRun::kRunning && (best == 0 || k.deadline < best)) best = k.deadline;
    }
    return best == 0 ? now + (1LL << 40) : best;
  };
  std::stable_sort(cases.begin(), cases.end(), [&](const Case& a, const Case& b) {
    if (a.colour != b.colour) return static_cast<int>(a.colour) > static_cast<int>(b.colour);
    TimeMs da = soonest(a), db = soonest(b);
    if (da != db) return da < db;
    return static_cast<int>(a.level) > static_cast<int>(b.level);
  });
  if (static_cast<int>(cases.size()) > limit) cases.resize(limit);
  for (auto& c : cases) present(*tree, viewer, c);
  out.cases = std::move(cases);
  (void)cal;
  return out;
}

Result<DeadlinePolicy> Engine::set_policy(UserId actor, DeadlinePolicy policy) {
  GRIDCASE_RETURN_IF_ERROR(check_policy(policy));
  GRIDCASE_RETURN_IF_ERROR(check_text(policy.basis, "basis", kMaxReason, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_enum(policy.priority, Priority::kUrgent, "priority", false));
  if (!policy.category_code.empty()) {
    auto all = categories(policy.kind);
    if (std::none_of(all.begin(), all.end(), [&](const Category& c) { return c.code == policy.category_code; })) {
      return Status(reason::UNKNOWN_CATEGORY, "no category " + policy.category_code + " for that kind");
    }
  }
  std::vector<DeadlinePolicy> updated;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageOrg, "only admins edit deadline policies");
    if (!admin) return admin.status();
    auto current = view.load_policies();
    if (!current) return current.status();
    if (policy.id != 0) {
      auto it = std::find_if(current->begin(), current->end(), [&](const DeadlinePolicy& p) { return p.id == policy.id; });
      if (it == current->end()) return Status(reason::POLICY_NOT_FOUND, "no such policy");
      policy.version = it->version + 1;
    } else {
      policy.version = 1;
    }
    GRIDCASE_RETURN_IF_ERROR(view.save_policy(policy));
    auto all = view.load_policies();
    if (!all) return all.status();
    updated = std::move(*all);
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) audit_denial(actor, 0, "SET_POLICY", s);
  if (!s) return s;
  config_->adopt_policies(std::move(updated));
  return policy;
}

namespace {

CalendarInfo describe(const WorkingCalendar& cal, const std::vector<Case>& provisional) {
  CalendarInfo info;
  info.years = cal.years();
  std::set<int> missing;
  for (const auto& c : provisional) {
    for (const auto& k : c.clocks) {
      if (k.run != ClockRun::kRunning || !k.provisional) continue;
      ++info.provisional_clocks;
      const int last = civil_from_days(cal.local_day(k.deadline)).year;
      for (int y = civil_from_days(cal.local_day(k.since)).year; y <= last; ++y) {
        if (!cal.has_year(y)) missing.insert(y);
      }
    }
  }
  info.missing_years.assign(missing.begin(), missing.end());
  return info;
}

}  // namespace

Result<CalendarInfo> Engine::calendar_info(UserId actor) {
  std::shared_ptr<const WorkingCalendar> cal = calendar();
  std::vector<Case> provisional;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    CaseFilter f;
    f.provisional_only = true;
    f.limit = 1000000;
    auto found = view.list_cases(f);
    if (!found) return found.status();
    provisional = std::move(*found);
    return Status{};
  });
  if (!s) return s;
  return describe(*cal, provisional);
}

Result<CalendarInfo> Engine::set_calendar_year(UserId actor, const std::string& text) {
  if (text.size() > 64 * 1024) return Status(reason::BAD_CALENDAR, "a calendar year is at most 64 KiB");
  auto year = parse_calendar_year(text);
  if (!year) return year.status();
  auto cal = std::make_shared<WorkingCalendar>(*calendar());
  const int which = year->year;
  cal->set_year(std::move(*year));
  std::vector<Case> still_provisional;
  TimeMs earliest = 0;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageOrg, "only admins edit the calendar");
    if (!admin) return admin.status();
    GRIDCASE_RETURN_IF_ERROR(view.save_calendar_year(which, text));
    CaseFilter f;
    f.provisional_only = true;
    f.limit = 1000000;
    auto found = view.list_cases(f);
    if (!found) return found.status();
    for (auto& c : *found) {
      for (auto& k : c.clocks) reschedule(k, *cal);
      c.next_due = next_due(c.clocks);
      if (c.next_due != 0 && (earliest == 0 || c.next_due < earliest)) earliest = c.next_due;
      GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
      if (std::any_of(c.clocks.begin(), c.clocks.end(),
                      [](const CaseClock& k) { return k.run == ClockRun::kRunning && k.provisional; })) {
        still_provisional.push_back(c);
      }
    }
    return Status{};
  });
  if (!s) return s;
  config_->adopt_calendar(cal);
  notify_due(earliest);
  log::info("calendar year loaded", {{"year", std::to_string(which)}});
  return describe(*cal, still_provisional);
}

// ---- Subscriptions -------------------------------------------------------------------------

Result<std::vector<Event>> Engine::events_since(Seq from, int limit) {
  return read_one(repo_, [&](ReadView& view) { return view.events_since(from, limit); });
}

Result<Seq> Engine::last_seq() {
  return read_one(repo_, [](ReadView& view) { return view.last_seq(); });
}

}  // namespace gridcase
