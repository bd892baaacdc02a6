// What the caller may see and do, with the system actor (set-up tools) allowed everything:
// the checks every engine call shares, in one place. Internal to the core.
#pragma once

#include "gridcase/access.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

inline bool is_system(const User& user) { return user.id == kSystemActor; }

// The case lies in the caller's scope (access.hpp: case_in_scope).
inline bool sees(const OrgTree& tree, const User& user, const Case& c) {
  return is_system(user) || case_in_scope(tree, user, c);
}

// The unit lies in the caller's subtree.
inline bool sees_unit(const OrgTree& tree, const User& user, UnitId unit) {
  return is_system(user) || tree.in_subtree(user.scope_unit_id, unit);
}

inline bool may(const User& user, Action action) { return is_system(user) || role_may(user.role, action); }
inline bool may(const User& user, Permission permission) {
  return is_system(user) || role_may(user.role, permission);
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
