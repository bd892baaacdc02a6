// Who may see an event: the port the subscription hub asks before it delivers one, and the
// core's rule behind it. The hub routes events; what a user may see is the core's to say
// (access.hpp: a case is in scope by its location, its handling unit or a whistle).
#pragma once

#include "gridcase/case.hpp"
#include "gridcase/configuration.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

class EventVisibility {
 public:
  virtual ~EventVisibility() = default;
  // True when `event` concerns a case inside `user`'s scope (a department's people: also a
  // case their department was whistled into) and, when `unit` is non-zero, inside `unit`'s
  // subtree. Called on the store's writer thread for every published event: keep it quick.
  virtual bool visible(const User& user, UnitId unit, const Event& event) const = 0;
  // True when `user` is told of `warning` (warning.hpp): a role that handles warnings, whose
  // scope holds the warning's unit and, when `unit` is non-zero, `unit`'s subtree holds it too.
  virtual bool warning_visible(const User& /*user*/, UnitId /*unit*/, const Warning& /*warning*/) const {
    return false;
  }
};

// The scope rule over the current org tree; a department's people are checked against the
// case's whistle in the store.
class ScopeVisibility final : public EventVisibility {
 public:
  // Both must outlive this object.
  ScopeVisibility(Repository& repo, const Configuration& config) : repo_(repo), config_(config) {}

  bool visible(const User& user, UnitId unit, const Event& event) const override;
  bool warning_visible(const User& user, UnitId unit, const Warning& warning) const override;

 private:
  // True when `user` works in a department whistled into the event's case (whistle.hpp).
  bool whistled_to(const OrgTree& tree, const User& user, const Event& e) const;

  Repository& repo_;
  const Configuration& config_;
};

}  // namespace gridcase
