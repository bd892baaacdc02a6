#include "gridcase/reasons.hpp"

namespace gridcase {

const std::vector<const Reason*>& reason_catalogue() {
  static const std::vector<const Reason*> kAll = {
#define GRIDCASE_REASON(ident, wire, code, zh, en) &reason::ident,
#include "gridcase/reasons.def"
#undef GRIDCASE_REASON
  };
  return kAll;
}

const Reason* find_reason(std::string_view name, Code code) {
  for (const Reason* r : reason_catalogue()) {
    if (r->code == code && name == r->name) return r;
  }
  return nullptr;
}

}  // namespace gridcase
