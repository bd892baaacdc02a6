// What the caller may see and do, with the system actor (set-up tools) allowed everything:
// the checks every engine call shares, in one place. Internal to the core.
#pragma once

#include "gridcase/access.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/log.hpp"
#include "gridcase/names.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

inline bool is_system(const User& user) { return user.id == kSystemActor; }

// The acting user (a synthetic all-powerful one for kSystemActor); UNAUTHENTICATED when the
// account is gone or disabled.
inline Result<User> acting_user(ReadView& view, UserId actor) {
  if (actor == kSystemActor) {
    User system;
    system.id = kSystemActor;
    system.username = "system";
    system.role = Role::kAdmin;
    return system;
  }
  auto user = view.get_user(actor);
  if (!user) {
    if (user.status().code() == Code::kNotFound) {
      return Status(reason::UNKNOWN_USER, "the caller's account does not exist");
    }
    return user.status();
  }
  if (user->disabled) return Status(reason::USER_DISABLED, "the account is disabled");
  return user;
}

// A user as callers see them: without the password hash.
inline User without_secret(User u) {
  u.password_hash.clear();
  return u;
}

// The acting user `id` as callers see them, read on its own.
inline Result<User> read_user(Repository& repo, UserId id) {
  User out;
  Status s = repo.read([&](ReadView& view) {
    auto u = acting_user(view, id);
    if (!u) return u.status();
    out = std::move(*u);
    return Status{};
  });
  if (!s) return s;
  return without_secret(std::move(out));
}

// The case lies in the caller's scope (access.hpp: case_in_scope).
inline bool sees(const OrgTree& tree, const User& user, const Case& c) {
  return is_system(user) || case_in_scope(tree, user, c);
}

// The unit lies in the caller's subtree.
inline bool sees_unit(const OrgTree& tree, const User& user, UnitId unit) {
  return is_system(user) || tree.in_subtree(user.scope_unit_id, unit);
}

// The units a listing covers: the caller's whole scope when `unit` is 0 or inside it, else the
// subtree of `unit` when the caller's scope holds it (NOT_FOUND UNIT_NOT_FOUND otherwise); the
// system actor: `unit`'s subtree, or nothing for 0.
inline Result<std::vector<UnitId>> listing_units(const OrgTree& tree, const User& user, UnitId unit) {
  UnitId root = unit;
  if (!is_system(user)) {
    if (root == 0 || tree.in_subtree(root, user.scope_unit_id)) {
      root = user.scope_unit_id;
    } else if (!tree.in_subtree(user.scope_unit_id, root)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
  }
  if (root == 0) return std::vector<UnitId>{};
  if (tree.find(root) == nullptr) return Status(reason::UNIT_NOT_FOUND, "no such unit");
  return tree.subtree(root);
}

inline bool may(const User& user, Action action) { return is_system(user) || role_may(user.role, action); }
inline bool may(const User& user, Permission permission) {
  return is_system(user) || role_may(user.role, permission);
}

// PERMISSION_DENIED ROLE_MAY_NOT: `message` says what was refused (for logs); the details are
// the names of the roles that may do it ("SUPERVISOR"), so that the refusal people read says
// who may act.
inline Status role_refusal(std::string message, const std::vector<Role>& roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.emplace_back(name(r));
  return Status(reason::ROLE_MAY_NOT, std::move(message)).with_details(std::move(names));
}
// "a GRID_WORKER may not MERGE cases", naming the roles that may.
inline Status role_refusal(const User& user, Action action) {
  return role_refusal(std::string("a ") + name(user.role) + " may not " + name(action) + " cases",
                      roles_that_may(action));
}
inline Status role_refusal(std::string message, Permission permission) {
  return role_refusal(std::move(message), roles_that_may(permission));
}

// The acting user when their role has `permission`; PERMISSION_DENIED ROLE_MAY_NOT with
// `refusal` if not.
inline Result<User> authorised_user(ReadView& view, UserId actor, Permission permission, const char* refusal) {
  auto user = acting_user(view, actor);
  if (!user) return user.status();
  if (!may(*user, permission)) return role_refusal(refusal, permission);
  return user;
}

// Inside a write: ends every session of `user` and puts on record who did it and why.
inline Status end_sessions(WriteView& view, const User& user, UserId actor, AuditKind kind, TimeMs at,
                           std::string detail) {
  GRIDCASE_RETURN_IF_ERROR(view.revoke_user_sessions(user.id));
  AuditEntry e;
  e.at = at;
  e.kind = kind;
  e.actor_id = actor;
  e.username = user.username;
  e.detail = std::move(detail);
  return view.append_audit(e);
}

// Hands `value` to `done` once `entry` is durable (a use of personal data is on record before
// the data leaves), or the store's error.
template <typename T, typename Done>
void after_audit(Repository& repo, AuditEntry entry, T value, Done done) {
  repo.write([entry](WriteView& view) mutable { return view.append_audit(entry); },
             [value = std::move(value), done = std::move(done)](Status st) mutable {
               if (!st) return done(st);
               done(std::move(value));
             });
}

// Appends an audit entry in a write of its own, not waited for (a failure is logged).
inline void record_audit(Repository& repo, const Clock& clock, AuditEntry entry) {
  if (entry.at == 0) entry.at = clock.now();
  repo.write([entry](WriteView& view) mutable { return view.append_audit(entry); },
             [](Status s) {
               if (!s) log::warn("audit entry not stored", {{"error", s.to_string()}});
             });
}

// What a caller gets to see of a case (access.hpp: present_to); the system sees it all.
inline void present(const OrgTree& tree, const User& viewer, Case& c) {
  if (!is_system(viewer)) present_to(tree, viewer, c);
}

// NOT_FOUND "CASE_NOT_FOUND": a case outside the caller's scope answers as a missing one.
inline Status case_not_found() { return Status(reason::CASE_NOT_FOUND, "no such case"); }

// The case `id` if the caller may see it; CASE_NOT_FOUND otherwise, or the store's error.
inline Result<Case> visible_case(ReadView& view, const OrgTree& tree, const User& user, CaseId id) {
  auto c = view.get_case(id);
  if (!c) return c.status().code() == Code::kNotFound ? case_not_found() : c.status();
  if (!sees(tree, user, *c)) return case_not_found();
  return c;
}

}  // namespace gridcase
