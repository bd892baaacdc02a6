#include "gridcase/visibility.hpp"

#include "gridcase/access.hpp"
#include "gridcase/whistle.hpp"

namespace gridcase {

bool ScopeVisibility::visible(const User& user, UnitId unit, const Event& e) const {
  const OrgTreePtr tree = config_.current()->tree;
  auto inside = [&](UnitId root) {
    return tree->in_subtree(root, e.location_unit_id) || tree->in_subtree(root, e.handling_unit_id);
  };
  if (user.id != kSystemActor && !inside(user.scope_unit_id)) {
    // Seen through a whistle only: a filter on the department (or above it) keeps it.
    return whistled_to(*tree, user, e) && (unit == 0 || tree->in_subtree(unit, user.scope_unit_id));
  }
  return unit == 0 || inside(unit);
}

bool ScopeVisibility::warning_visible(const User& user, UnitId unit, const Warning& w) const {
  if (user.id != kSystemActor && !role_may(user.role, Permission::kHandleWarnings)) return false;
  const OrgTreePtr tree = config_.current()->tree;
  if (user.id != kSystemActor && !tree->in_subtree(user.scope_unit_id, w.unit_id)) return false;
  return unit == 0 || tree->in_subtree(unit, w.unit_id);
}

bool ScopeVisibility::whistled_to(const OrgTree& tree, const User& user, const Event& e) const {
  // Only a department's people see cases by a whistle: ask the store for theirs alone.
  const OrgUnit* scope = tree.find(user.scope_unit_id);
  if (scope == nullptr || scope->type != UnitType::kDepartment) return false;
  bool whistled = false;
  repo_.read([&](ReadView& view) {
    auto c = view.get_case(e.case_id);
    whistled = c && whistled_into(tree, user.scope_unit_id, c->whistle);
    return Status{};
  });
  return whistled;
}

}  // namespace gridcase
