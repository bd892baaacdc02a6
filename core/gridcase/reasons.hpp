// The catalogue of error reasons: every reason gridcase answers, with its code and its Chinese
// and English text, each defined once (reasons.def) and named at call sites as
// `reason::STALE_VERSION`. The README lists them; a test checks the list against this one.
//
// A wire name answered with two codes has two entries (NOT_A_PETITION: FAILED_PRECONDITION for
// a petition step on another kind of case, INVALID_ARGUMENT as NOT_A_PETITION_INTAKE for
// petition fields on a new case of another kind).
#pragma once

#include <string_view>
#include <vector>

#include "gridcase/status.hpp"

namespace gridcase {

namespace reason {
#define GRIDCASE_REASON(ident, wire, code, zh, en) inline constexpr Reason ident{wire, Code::code, zh, en};
#include "gridcase/reasons.def"
#undef GRIDCASE_REASON
}  // namespace reason

// Every entry, in the catalogue's order.
const std::vector<const Reason*>& reason_catalogue();

// The entry with this wire name and code; nullptr when there is none.
const Reason* find_reason(std::string_view name, Code code);

}  // namespace gridcase
