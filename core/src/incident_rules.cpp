// The rules of incidents (事件: exposed rubbish, road cleaning, ... the grid's everyday events):
// none beyond the generic lifecycle, deadlines and access rules. The same object stands in for
// any kind without rules of its own.
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

class GenericRules final : public KindRules {
 public:
  CaseKind kind() const override { return CaseKind::kIncident; }
  bool owns_step(Action) const override { return false; }
};

}  // namespace

const KindRules& generic_rules() {
  static const GenericRules rules;
  return rules;
}

}  // namespace gridcase::rules
