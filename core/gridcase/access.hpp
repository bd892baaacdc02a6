// Who may do what: a role × action table, subtree scoping and masking of personal data.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/org.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

// Actions that are not case transitions.
enum class Permission {
  kViewCases,
  kSeePersonalData,  // may reveal a party's phone and ID number (an audited call)
  kManageUsers,
  kManageOrg,
  kSubscribe,
  kHandleWarnings,  // sees, is told of and handles the early warnings of their scope (warning.hpp)
};

// Whether `role` may do `action` (CREATE included): the roles column of the action table
// (action_table.hpp).
bool role_may(Role role, Action action);
bool role_may(Role role, Permission permission);

// The roles that may do `action` or that have `permission`, in the enumeration's order: what a
// refusal names as who may act.
std::vector<Role> roles_that_may(Action action);
std::vector<Role> roles_that_may(Permission permission);

// A case is inside a user's scope when its location or its handling unit lies in the subtree
// of the user's scope unit (so a handler in a department sees what is dispatched to it, and a
// grid worker still sees a case of their grid after it was escalated), or when the case's
// whistle (吹哨报到) names a department in that subtree.
bool case_in_scope(const OrgTree& tree, const User& user, const Case& c);

// What `user` can do to `c` now, in the action table's order: the commands its state allows,
// for its kind, that the user's role may take, whose own conditions hold (an extension waits
// for DECIDE_EXTENSION and none for REQUEST_EXTENSION; a department of the user's was whistled
// in and has not checked in; a checked-in department is not yet rated; mediation has a
// committee; a rectification waits for REINSPECT). The caller checks the case is in scope.
std::vector<Action> actions_now(const OrgTree& tree, const User& user, const Case& c);

// "13812341234" → "138****1234"; shorter strings keep their first and last quarter.
std::string mask_phone(const std::string& phone);
// "110101199003071234" → "110***********1234".
std::string mask_id_number(const std::string& id);
// "张三丰" → "张**" (first UTF-8 character kept).
std::string mask_name(const std::string& name);

// Masks the parties of `c`: every phone and ID number, and the name of a confidential party.
// Everyone sees cases this way; an unmasked party is only had through Engine::reveal_party.
void mask_parties(Case& c);

// True when `viewer` works in the unit the case complains about (or below it): such a viewer
// must never see the case's confidential parties (信访工作条例 art. 30).
bool complained_about(const OrgTree& tree, const User& viewer, const Case& c);

// What `viewer` may see of `c`: parties masked, and confidential parties removed altogether
// for the people complained about.
void present_to(const OrgTree& tree, const User& viewer, Case& c);
// The same without the masking: what an audited reveal shows (the case file printed for the
// archive). Confidential parties are still removed for the people complained about.
void present_revealed(const OrgTree& tree, const User& viewer, Case& c);

}  // namespace gridcase
