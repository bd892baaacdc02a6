// Administration (administration.hpp): users, the org tree, party posts, deadline policies and
// the working calendar, each change run through the command pipeline and adopted into the
// configuration snapshot once committed. The evidence rules of categories are in evidence.cpp.
#include "gridcase/administration.hpp"

#include <algorithm>
#include <set>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "passwords.hpp"
#include "scope.hpp"
#include "gridcase/text.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/log.hpp"
#include "gridcase/names.hpp"

namespace gridcase {

using rules::check_enum;
using rules::check_text;

namespace {

bool valid_username(const std::string& name) {
  if (name.size() < 2 || name.size() > 40) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

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

// PERMISSION_DENIED ROLE_MAY_NOT with `refusal` unless the actor's role has `permission`.
Status require(const User& actor, Permission permission, const char* refusal) {
  return may(actor, permission) ? Status{} : role_refusal(refusal, permission);
}

// What makes a create idempotent: its request_id, the digest of its content, and how a resend
// answers from what the first call made.
template <typename T>
struct Resend {
  std::string request_id;  // empty: none
  std::string fingerprint;
  std::function<Status(MutationWrite& w, const RequestRecord& first, T& out)> replay;
};

// Runs one admin change through the pipeline: `apply(w, out)` checks and writes, `after(out)`
// adopts the committed change into the configuration, then `done` gets `out`.
template <typename T, typename Apply>
void run_change(EngineCore& core, UserId actor, const char* what, Apply apply,
                Administration::Callback<T> done, std::function<void(T&)> after = nullptr,
                Resend<T> resend = {}) {
  auto out = std::make_shared<T>();
  Mutation m;
  m.name = what;
  m.request_id = std::move(resend.request_id);
  m.fingerprint = std::move(resend.fingerprint);
  if (resend.replay) {
    m.replay = [replay = std::move(resend.replay), out](MutationWrite& w, const RequestRecord& first) {
      return replay(w, first, *out);
    };
  }
  m.apply = [apply = std::move(apply), out](MutationWrite& w) { return apply(w, *out); };
  core.pipeline.run(actor, std::move(m), [out, after = std::move(after), done = std::move(done)](Status s) {
    if (!s) {
      done(s);
      return;
    }
    if (after) after(*out);
    done(std::move(*out));
  });
}

// A unit written, and the org tree as the write leaves it, numbered in commit order
// (Configuration::adopt_tree).
struct UnitChange {
  OrgUnit unit;
  OrgTreePtr tree;
  std::uint64_t number = 0;
};

Status tree_after_write(Configuration& config, WriteView& view, UnitChange& out) {
  auto units = view.load_units();
  if (!units) return units.status();
  out.tree = std::make_shared<OrgTree>(std::move(*units));
  out.number = config.number_tree_change();  // writes run one at a time: this is commit order
  return {};
}

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

// ---- Users ---------------------------------------------------------------------------------

void Administration::create_user(UserId actor, NewUser req, Callback<User> done) {
  Status valid = [&]() -> Status {
    if (!valid_username(req.username)) {
      return Status(reason::BAD_USERNAME, "usernames are 2-40 characters of a-z, 0-9, '_', '.', '-'");
    }
    GRIDCASE_RETURN_IF_ERROR(check_text(req.display_name, "display name", kMaxName, false, false));
    GRIDCASE_RETURN_IF_ERROR(check_enum(req.role, Role::kAdmin, "role", true));
    if (!req.request_id.empty()) GRIDCASE_RETURN_IF_ERROR(check_request_id(req.request_id));
    return check_password_strength(req.username, req.password);
  }();
  if (!valid) return done(valid);
  User u;
  u.username = req.username;
  u.display_name = req.display_name.empty() ? req.username : req.display_name;
  u.role = req.role;
  u.scope_unit_id = req.scope_unit_id;
  u.demo_password = req.demo_password;
  u.password_hash = core_.crypto.hash_password(req.password);  // slow by design: outside the write
  u.password_changed_at = core_.clock.now();
  Resend<User> resend;
  if (!req.request_id.empty()) {
    resend.request_id = req.request_id;
    rules::Canon canon;
    canon.add(std::string("user")).add(u.username).add(u.display_name).add(u.role).add(u.scope_unit_id);
    resend.fingerprint = core_.crypto.fingerprint(canon.str());
    resend.replay = [](MutationWrite& w, const RequestRecord& first, User& out) -> Status {
      auto made = w.view.get_user(first.made_id);
      if (!made) return made.status();
      out = without_secret(std::move(*made));
      return Status{};
    };
  }
  run_change<User>(
      core_, actor, "CREATE_USER",
      [u = std::move(u)](MutationWrite& w, User& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageUsers, "only admins manage users"));
        const OrgTree& tree = *w.config.tree;
        const OrgUnit* scope = tree.find(u.scope_unit_id);
        if (scope == nullptr || scope->retired || !sees_unit(tree, w.actor, scope->id)) {
          return Status(reason::BAD_UNIT, "the scope unit is not an active unit in your scope");
        }
        out = u;
        auto id = w.view.insert_user(out);
        if (!id) return id.status();
        w.made(0, 0, out.id);
        out = without_secret(std::move(out));
        return Status{};
      },
      std::move(done), nullptr, std::move(resend));
}

void Administration::update_user(UserId actor, UserUpdate up, Callback<User> done) {
  Status valid = [&]() -> Status {
    GRIDCASE_RETURN_IF_ERROR(check_enum(up.role, Role::kAdmin, "role", false));
    GRIDCASE_RETURN_IF_ERROR(check_text(up.display_name, "display name", kMaxName, false, false));
    if (!up.new_password.empty()) return check_password_strength("", up.new_password);
    return Status{};
  }();
  if (!valid) return done(valid);
  const std::string new_hash = up.new_password.empty() ? "" : core_.crypto.hash_password(up.new_password);
  up.new_password.clear();
  run_change<User>(
      core_, actor, "UPDATE_USER",
      [up = std::move(up), new_hash](MutationWrite& w, User& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageUsers, "only admins manage users"));
        const OrgTree& tree = *w.config.tree;
        auto u = w.view.get_user(up.user_id);
        if (!u || !sees_unit(tree, w.actor, u->scope_unit_id)) {
          return Status(reason::USER_NOT_FOUND, "no such user in your scope");
        }
        if (up.role != Role::kUnspecified) u->role = up.role;
        if (!up.display_name.empty()) u->display_name = up.display_name;
        if (up.scope_unit_id != 0) {
          const OrgUnit* scope = tree.find(up.scope_unit_id);
          if (scope == nullptr || scope->retired || !sees_unit(tree, w.actor, scope->id)) {
            return Status(reason::BAD_UNIT, "the scope unit is not an active unit in your scope");
          }
          u->scope_unit_id = scope->id;
        }
        if (up.disabled) u->disabled = *up.disabled;
        const bool sessions_end = !new_hash.empty() || (up.disabled && *up.disabled);
        if (!new_hash.empty()) {
          u->password_hash = new_hash;
          u->demo_password = false;
          // Someone else now knows it: its user changes it first. An admin who resets their
          // own password chose it.
          u->must_change_password = u->id != w.actor.id;
          u->password_changed_at = w.now;
        }
        GRIDCASE_RETURN_IF_ERROR(w.view.update_user(*u));
        if (sessions_end) {
          GRIDCASE_RETURN_IF_ERROR(end_sessions(
              w.view, *u, w.actor.id, new_hash.empty() ? AuditKind::kSessionsRevoked : AuditKind::kPasswordChanged, w.now,
              new_hash.empty() ? "account disabled by an admin; every session ended"
                               : "password reset by an admin; every session ended"));
        }
        out = without_secret(std::move(*u));
        return Status{};
      },
      std::move(done),
      // Role, scope or access may have changed: sessions look again.
      [this](User&) { core_.sessions.account_changed(); });
}

Result<std::vector<User>> Administration::list_users(UserId actor, UnitId unit) {
  OrgTreePtr tree = core_.tree();
  std::vector<User> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
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

// ---- The org tree --------------------------------------------------------------------------

void Administration::create_unit(UserId actor, OrgUnit unit, Callback<OrgUnit> done, std::string request_id) {
  Status valid = [&]() -> Status {
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
    return request_id.empty() ? Status{} : check_request_id(request_id);
  }();
  if (!valid) return done(valid);
  unit.id = 0;
  unit.retired = false;
  Configuration& config = *core_.config;
  Resend<UnitChange> resend;
  if (!request_id.empty()) {
    resend.request_id = std::move(request_id);
    rules::Canon canon;
    canon.add(std::string("unit")).add(unit.parent_id).add(unit.type).add(unit.code).add(unit.name)
        .add(unit.case_prefix);
    resend.fingerprint = core_.crypto.fingerprint(canon.str());
    // From the store, not the snapshot: a resend may run before the first's tree is adopted.
    resend.replay = [](MutationWrite& w, const RequestRecord& first, UnitChange& out) -> Status {
      auto units = w.view.load_units();
      if (!units) return units.status();
      auto made = std::find_if(units->begin(), units->end(), [&](const OrgUnit& u) { return u.id == first.made_id; });
      if (made == units->end()) return Status(reason::UNIT_NOT_FOUND, "the unit this request made is gone");
      out.unit = *made;
      return Status{};
    };
  }
  run_change<UnitChange>(
      core_, actor, "CREATE_UNIT",
      [unit = std::move(unit), &config](MutationWrite& w, UnitChange& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageOrg, "only admins manage the org tree"));
        if (unit.parent_id == 0) {
          if (!is_system(w.actor)) return Status(reason::ROLE_MAY_NOT, "only set-up tools create root units");
          if (unit.type != UnitType::kDistrict && unit.type != UnitType::kSubDistrict) {
            return Status(reason::BAD_PARENT, "only a district or sub-district can be a root");
          }
        } else {
          const OrgUnit* parent = nullptr;
          GRIDCASE_RETURN_IF_ERROR(check_parent(*w.config.tree, w.actor, unit.type, unit.parent_id, parent));
        }
        out.unit = unit;
        auto id = w.view.insert_unit(out.unit);
        if (!id) return id.status();
        w.made(0, 0, out.unit.id);
        return tree_after_write(config, w.view, out);
      },
      [done = std::move(done)](Result<UnitChange> change) {
        if (!change) return done(change.status());
        done(std::move(change->unit));
      },
      // A replay made no new tree: nothing to adopt.
      [&config](UnitChange& change) {
        if (change.tree != nullptr) config.adopt_tree(change.tree, change.number);
      },
      std::move(resend));
}

void Administration::update_unit(UserId actor, UnitUpdate up, Callback<OrgUnit> done) {
  Status valid = check_text(up.name, "name", kMaxName, false, false);
  if (!valid) return done(valid);
  Configuration& config = *core_.config;
  run_change<UnitChange>(
      core_, actor, "UPDATE_UNIT",
      [up = std::move(up), &config](MutationWrite& w, UnitChange& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageOrg, "only admins manage the org tree"));
        const OrgTree& tree = *w.config.tree;
        const OrgUnit* current = tree.find(up.unit_id);
        if (current == nullptr || !sees_unit(tree, w.actor, current->id)) {
          return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
        }
        OrgUnit u = *current;
        if (!up.name.empty()) u.name = up.name;
        if (up.new_parent_id != 0 && up.new_parent_id != u.parent_id) {
          const OrgUnit* parent = nullptr;
          GRIDCASE_RETURN_IF_ERROR(check_parent(tree, w.actor, u.type, up.new_parent_id, parent));
          if (tree.in_subtree(u.id, parent->id)) {
            return Status(reason::BAD_PARENT, "a unit cannot move under itself");
          }
          u.parent_id = parent->id;
        }
        if (up.retire && !u.retired) {
          for (UnitId child : tree.children(u.id)) {
            if (!tree.find(child)->retired) {
              return Status(reason::UNIT_HAS_ACTIVE_CHILDREN, "retire or move the units below it first");
            }
          }
          u.retired = true;
        }
        GRIDCASE_RETURN_IF_ERROR(w.view.update_unit(u));
        out.unit = u;
        return tree_after_write(config, w.view, out);
      },
      [done = std::move(done)](Result<UnitChange> change) {
        if (!change) return done(change.status());
        done(std::move(change->unit));
      },
      [&config](UnitChange& change) { config.adopt_tree(change.tree, change.number); });
}

void Administration::create_party_post(UserId actor, PartyPost post, Callback<PartyPost> done) {
  Status valid = [&]() -> Status {
    GRIDCASE_RETURN_IF_ERROR(check_enum(post.kind, PartyPostKind::kMemberHousehold, "party post kind", true));
    return check_text(post.holder_name, "holder name", kMaxName, false, true);
  }();
  if (!valid) return done(valid);
  run_change<PartyPost>(
      core_, actor, "CREATE_PARTY_POST",
      [post = std::move(post)](MutationWrite& w, PartyPost& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageOrg, "only admins manage the org tree"));
        const OrgTree& tree = *w.config.tree;
        const OrgUnit* unit = tree.find(post.unit_id);
        if (unit == nullptr || unit->retired || !sees_unit(tree, w.actor, unit->id)) {
          return Status(reason::BAD_UNIT, "the unit is not an active unit in your scope");
        }
        if (post.holder_user_id != 0 && !w.view.get_user(post.holder_user_id)) {
          return Status(reason::BAD_USER, "the holder's account does not exist");
        }
        out = post;
        auto id = w.view.insert_party_post(out);
        return id ? Status{} : id.status();
      },
      std::move(done));
}

// ---- Deadline policies ---------------------------------------------------------------------

std::vector<DeadlinePolicy> Administration::policies() const { return *core_.config->current()->policies; }

void Administration::set_policy(UserId actor, DeadlinePolicy policy, Callback<DeadlinePolicy> done) {
  Status valid = [&]() -> Status {
    GRIDCASE_RETURN_IF_ERROR(check_policy(policy));
    GRIDCASE_RETURN_IF_ERROR(check_text(policy.basis, "basis", kMaxReason, false, false));
    GRIDCASE_RETURN_IF_ERROR(check_enum(policy.priority, Priority::kUrgent, "priority", false));
    if (!policy.category_code.empty()) {
      auto all = core_.categories(policy.kind);
      if (std::none_of(all.begin(), all.end(), [&](const Category& c) { return c.code == policy.category_code; })) {
        return Status(reason::UNKNOWN_CATEGORY, "no category " + policy.category_code + " for that kind");
      }
    }
    return Status{};
  }();
  if (!valid) return done(valid);
  struct PolicyChange {
    DeadlinePolicy policy;
    std::vector<DeadlinePolicy> all;
  };
  Configuration& config = *core_.config;
  run_change<PolicyChange>(
      core_, actor, "SET_POLICY",
      [policy = std::move(policy)](MutationWrite& w, PolicyChange& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageOrg, "only admins edit deadline policies"));
        auto current = w.view.load_policies();
        if (!current) return current.status();
        out.policy = policy;
        if (policy.id != 0) {
          auto it = std::find_if(current->begin(), current->end(),
                                 [&](const DeadlinePolicy& p) { return p.id == policy.id; });
          if (it == current->end()) return Status(reason::POLICY_NOT_FOUND, "no such policy");
          out.policy.version = it->version + 1;
        } else {
          out.policy.version = 1;
        }
        GRIDCASE_RETURN_IF_ERROR(w.view.save_policy(out.policy));
        auto all = w.view.load_policies();
        if (!all) return all.status();
        out.all = std::move(*all);
        return Status{};
      },
      [done = std::move(done)](Result<PolicyChange> change) {
        if (!change) return done(change.status());
        done(std::move(change->policy));
      },
      [&config](PolicyChange& change) { config.adopt_policies(std::move(change.all)); });
}

// ---- The working calendar ------------------------------------------------------------------

Result<CalendarInfo> Administration::calendar_info(UserId actor) {
  std::shared_ptr<const WorkingCalendar> cal = core_.calendar();
  std::vector<Case> provisional;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
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

void Administration::set_calendar_year(UserId actor, std::string text, Callback<CalendarInfo> done) {
  if (text.size() > 64 * 1024) return done(Status(reason::BAD_CALENDAR, "a calendar year is at most 64 KiB"));
  auto year = parse_calendar_year(text);
  if (!year) return done(year.status());
  auto cal = std::make_shared<WorkingCalendar>(*core_.calendar());
  const int which = year->year;
  cal->set_year(std::move(*year));
  Configuration& config = *core_.config;
  run_change<CalendarInfo>(
      core_, actor, "SET_CALENDAR_YEAR",
      [cal, which, text = std::move(text)](MutationWrite& w, CalendarInfo& out) -> Status {
        GRIDCASE_RETURN_IF_ERROR(require(w.actor, Permission::kManageOrg, "only admins edit the calendar"));
        GRIDCASE_RETURN_IF_ERROR(w.view.save_calendar_year(which, text));
        CaseFilter f;
        f.provisional_only = true;
        f.limit = 1000000;
        auto found = w.view.list_cases(f);
        if (!found) return found.status();
        std::vector<Case> still_provisional;
        TimeMs earliest = 0;
        for (auto& c : *found) {
          for (auto& k : c.clocks) reschedule(k, *cal);
          c.next_due = next_due(c.clocks);
          if (c.next_due != 0 && (earliest == 0 || c.next_due < earliest)) earliest = c.next_due;
          GRIDCASE_RETURN_IF_ERROR(w.view.update_case(c));
          if (std::any_of(c.clocks.begin(), c.clocks.end(),
                          [](const CaseClock& k) { return k.run == ClockRun::kRunning && k.provisional; })) {
            still_provisional.push_back(c);
          }
        }
        w.due(earliest);  // a deadline may now fall sooner: the runner is told
        out = describe(*cal, still_provisional);
        return Status{};
      },
      std::move(done),
      [&config, cal, which](CalendarInfo&) {
        config.adopt_calendar(cal);
        log::info("calendar year loaded", {{"year", std::to_string(which)}});
      });
}

// ---- Blocking forms ------------------------------------------------------------------------

Result<User> Administration::create_user_sync(UserId actor, NewUser request) {
  return wait_for<Result<User>>([&](Callback<User> cb) { create_user(actor, std::move(request), std::move(cb)); });
}

Result<User> Administration::update_user_sync(UserId actor, UserUpdate update) {
  return wait_for<Result<User>>([&](Callback<User> cb) { update_user(actor, std::move(update), std::move(cb)); });
}

Result<OrgUnit> Administration::create_unit_sync(UserId actor, OrgUnit unit, std::string request_id) {
  return wait_for<Result<OrgUnit>>(
      [&](Callback<OrgUnit> cb) { create_unit(actor, std::move(unit), std::move(cb), std::move(request_id)); });
}

Result<OrgUnit> Administration::update_unit_sync(UserId actor, UnitUpdate update) {
  return wait_for<Result<OrgUnit>>([&](Callback<OrgUnit> cb) { update_unit(actor, std::move(update), std::move(cb)); });
}

Result<PartyPost> Administration::create_party_post_sync(UserId actor, PartyPost post) {
  return wait_for<Result<PartyPost>>(
      [&](Callback<PartyPost> cb) { create_party_post(actor, std::move(post), std::move(cb)); });
}

Result<DeadlinePolicy> Administration::set_policy_sync(UserId actor, DeadlinePolicy policy) {
  return wait_for<Result<DeadlinePolicy>>(
      [&](Callback<DeadlinePolicy> cb) { set_policy(actor, std::move(policy), std::move(cb)); });
}

Result<CalendarInfo> Administration::set_calendar_year_sync(UserId actor, std::string text) {
  return wait_for<Result<CalendarInfo>>(
      [&](Callback<CalendarInfo> cb) { set_calendar_year(actor, std::move(text), std::move(cb)); });
}

Result<Category> Administration::set_category_evidence_sync(UserId actor, std::string code, bool required) {
  return wait_for<Result<Category>>(
      [&](Callback<Category> cb) { set_category_evidence(actor, std::move(code), required, std::move(cb)); });
}

}  // namespace gridcase
