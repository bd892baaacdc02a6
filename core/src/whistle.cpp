// 吹哨报到 (whistle.hpp): who sees a case through a whistle. The rules of the whistle steps are
// in whistle_rules.cpp.
#include "gridcase/whistle.hpp"

#include <algorithm>

namespace gridcase {

bool whistled_into(const OrgTree& tree, UnitId root, const Whistle& w) {
  return std::any_of(w.calls.begin(), w.calls.end(),
                     [&](const WhistleCall& call) { return tree.in_subtree(root, call.department_id); });
}

}  // namespace gridcase
