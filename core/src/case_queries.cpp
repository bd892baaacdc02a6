// Case queries (case_queries.hpp): cases, users, the org tree, the audit log, the board and the
// event stream. Person look-ups and dossiers are in kind_queries.cpp, duplicates in
// duplicates.cpp, attachments in evidence.cpp, related cases in related.cpp, inspections in
// hazard.cpp.
#include "gridcase/case_queries.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "case_rules.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::check_enum;
using rules::check_text;

namespace {

constexpr int kDefaultPageSize = 50;
constexpr std::size_t kMaxSearchText = 100;

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

}  // namespace

std::vector<Category> CaseQueries::categories(CaseKind kind) const { return core_.categories(kind); }

Result<User> CaseQueries::user(UserId id) {
  return read_user(core_.repo, id);
}

Result<OrgSubtree> CaseQueries::org_tree(UserId actor, UnitId root, bool include_retired) {
  OrgTreePtr tree = core_.tree();
  OrgSubtree out;
  Status s = core_.repo.read([&](ReadView& view) {
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

Result<OrgSubtree> CaseQueries::all_units(UserId actor, bool include_retired) {
  OrgTreePtr tree = core_.tree();
  OrgSubtree out;
  Status s = core_.repo.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    for (const auto& u : tree->units()) {
      if (u.parent_id != 0) continue;
      for (UnitId id : tree->subtree(u.id, include_retired)) out.units.push_back(*tree->find(id));
    }
    return Status{};
  });
  if (!s) return s;
  return out;
}

namespace {

// The users a case and its history name: who reported, handles, leads, mediates, signs, acted.
std::set<UserId> people_of(const Case& c, const std::vector<Event>& history) {
  std::set<UserId> ids{c.reporter_user_id, c.assignee_user_id, c.leader_user_id, c.extension_requested_by,
                       c.mediation.agreement.signing_mediator, c.hotline.signed_by, c.hotline.contacted_by};
  ids.insert(c.mediation.mediators.begin(), c.mediation.mediators.end());
  for (const auto& x : c.mediation.sessions) ids.insert(x.recorded_by);
  for (const auto& x : c.mediation.follow_ups) ids.insert(x.by);
  for (const auto& x : c.hazard.rectifications) ids.insert(x.by);
  for (const auto& x : c.hazard.reinspections) ids.insert(x.by);
  for (const auto& x : c.whistle.calls) ids.insert({x.whistled_by, x.checked_in_by, x.rated_by});
  for (const auto& e : history) {
    ids.insert(e.actor_id);
    for (const char* key : {"assignee_id", "leader_id"}) {
      auto it = e.details.find(key);
      if (it != e.details.end()) ids.insert(std::atoll(it->second.c_str()));
    }
    auto m = e.details.find("mediators");  // "3,7"
    if (m != e.details.end()) {
      for (std::size_t at = 0; at < m->second.size();) {
        ids.insert(std::atoll(m->second.c_str() + at));
        const auto comma = m->second.find(',', at);
        at = comma == std::string::npos ? m->second.size() : comma + 1;
      }
    }
  }
  ids.erase(0);
  return ids;
}

}  // namespace

Result<CaseDetail> CaseQueries::get_case(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  CaseDetail out;
  Status s = core_.repo.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    auto history = view.case_history(id);
    if (!history) return history.status();
    out.actions_now = actions_now(*tree, *user, *c);  // from the case as stored, before masking
    for (UserId u : people_of(*c, *history)) {
      auto named = view.get_user(u);
      if (named) out.user_names[u] = named->display_name.empty() ? named->username : named->display_name;
    }
    out.c = std::move(*c);
    present(*tree, *user, out.c);
    out.history = std::move(*history);
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<CaseDetail> CaseQueries::get_case_by_number(UserId actor, const std::string& typed) {
  GRIDCASE_RETURN_IF_ERROR(check_text(typed, "number", 64, false, true));
  // Numbers are stored in capitals (XC-2026-000036); people type them as they come.
  std::string number;
  for (char ch : typed) {
    if (ch != ' ') number += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  // The same answer for a number that does not exist and for one outside the caller's scope.
  const Status not_found(reason::CASE_NOT_FOUND, "没有编号为“" + typed +
                                                     "”的案件，或不在您的管辖范围内；编号形如 XC-2026-000036（街道前缀-年份-序号）");
  CaseId id = 0;
  Status s = core_.repo.read([&](ReadView& view) {
    auto c = view.get_case_by_number(number);
    if (!c) return c.status().code() == Code::kNotFound ? not_found : c.status();
    id = c->id;
    return Status{};
  });
  if (!s) return s;
  auto detail = get_case(actor, id);
  if (!detail && detail.status().reason_entry() == not_found.reason_entry()) return not_found;
  return detail;
}

Result<CasePage> CaseQueries::list_cases(UserId actor, const CaseQuery& q) {
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
    auto all = core_.categories(CaseKind::kUnspecified);
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

  OrgTreePtr tree = core_.tree();
  CasePage page;
  User viewer;
  Status s = core_.repo.read([&](ReadView& view) {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(*user, Permission::kViewCases)) {
      return role_refusal("this role may not view cases", Permission::kViewCases);
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

void CaseQueries::reveal_party(UserId actor, CaseId id, int party_index, const std::string& reason,
                               std::function<void(Result<CaseParty>)> done) {
  if (Status valid = check_text(reason, "reason", kMaxReason, true, true); !valid) return done(valid);
  OrgTreePtr tree = core_.tree();
  CaseParty party;
  AuditEntry entry;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    if (!may(*user, Permission::kSeePersonalData)) {
      return role_refusal(std::string("a ") + name(user->role) + " may not reveal personal data",
                          Permission::kSeePersonalData);
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
  if (s.code() == Code::kPermissionDenied) core_.audit_denial(actor, id, "REVEAL", s);
  if (!s) return done(s);
  entry.at = core_.clock.now();
  // The reveal is on record before the data leaves.
  after_audit(core_.repo, std::move(entry), std::move(party), std::move(done));
}

Result<CaseParty> CaseQueries::reveal_party_sync(UserId actor, CaseId id, int party_index, const std::string& reason) {
  return wait_for<Result<CaseParty>>(
      [&](std::function<void(Result<CaseParty>)> cb) { reveal_party(actor, id, party_index, reason, std::move(cb)); });
}

void CaseQueries::list_audit(UserId actor, AuditKind kind, std::int64_t before_id, int page_size,
                             std::function<void(Result<std::vector<AuditEntry>>)> done) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return done(Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be between 1 and " + std::to_string(kMaxPageSize)));
  }
  if (Status valid = check_enum(kind, AuditKind::kWarning, "audit kind", false); !valid) return done(valid);
  auto admin = user(actor);
  if (!admin) return done(admin.status());
  if (!may(*admin, Permission::kManageUsers)) return done(role_refusal("only admins read the audit log", Permission::kManageUsers));
  // Entries are appended by writes of their own; let those queued before this call land first
  // (an empty write unit), then read.
  Repository& repo = core_.repo;
  repo.write([](WriteView&) { return Status{}; },
             [&repo, kind, before_id, page_size, done = std::move(done)](Status st) {
               if (!st) return done(st);
               done(read_one(repo, [&](ReadView& view) {
                 return view.list_audit(kind, before_id, page_size == 0 ? 100 : page_size);
               }));
             });
}

Result<std::vector<AuditEntry>> CaseQueries::list_audit_sync(UserId actor, AuditKind kind, std::int64_t before_id,
                                                             int page_size) {
  return wait_for<Result<std::vector<AuditEntry>>>([&](std::function<void(Result<std::vector<AuditEntry>>)> cb) {
    list_audit(actor, kind, before_id, page_size, std::move(cb));
  });
}

Result<std::map<CaseState, std::int64_t>> CaseQueries::count_cases_by_state() {
  return read_one(core_.repo, [](ReadView& view) { return view.count_cases_by_state(); });
}

Result<Board> CaseQueries::board(UserId actor, UnitId unit, int limit) {
  if (limit <= 0 || limit > kMaxPageSize) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  OrgTreePtr tree = core_.tree();
  std::shared_ptr<const WorkingCalendar> cal = core_.calendar();
  const TimeMs now = core_.clock.now();
  Board out;
  User viewer;
  std::vector<Case> cases;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(viewer, Permission::kViewCases)) return role_refusal("this role may not view cases", Permission::kViewCases);
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
  // Each case counts once, in the child that holds its handling unit (who must act now), or,
  // when the board's own unit handles it, in the child that holds its place.
  auto row_of = [&](UnitId unit) -> BoardCount* {
    for (auto& b : out.children) {
      if (tree->in_subtree(b.unit_id, unit)) return &b;
    }
    return nullptr;
  };
  for (const auto& c : cases) {
    count(out.total, c);
    BoardCount* row = row_of(c.handling_unit_id);
    if (row == nullptr) row = row_of(c.location.unit_id);
    if (row != nullptr) count(*row, c);
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

Result<std::vector<Event>> CaseQueries::events_since(Seq from, int limit) {
  return read_one(core_.repo, [&](ReadView& view) { return view.events_since(from, limit); });
}

Result<Seq> CaseQueries::last_seq() {
  return read_one(core_.repo, [](ReadView& view) { return view.last_seq(); });
}

}  // namespace gridcase
