// Categories: a tree per case kind. Leaves are what a case is filed under; each leaf names the
// unit type that handles it by default.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

struct Category {
  std::string code;         // "INC.PROP.HEAT"
  CaseKind kind = CaseKind::kUnspecified;
  std::string parent_code;  // empty at the top of a kind's tree
  std::string name;         // "供暖"
  UnitType default_handler = UnitType::kUnspecified;
  // A case of this category may be resolved only once it has an attachment (evidence.hpp),
  // e.g. a photo of the fixed hazard. Admins set it.
  bool evidence_required = false;
};

// The category catalogue a new database starts with.
const std::vector<Category>& builtin_categories();

// True when some category names `code` as its parent.
bool has_children(const std::vector<Category>& all, const std::string& code);

}  // namespace gridcase
