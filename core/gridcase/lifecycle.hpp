// The common lifecycle as one table of (state, action) → next state.
//
//   REPORTED ─accept→ ACCEPTED ─dispatch→ IN_PROGRESS ─resolve→ RESOLVED ─close→ CLOSED
//      └reject→ NOT_ACCEPTED        ↑         │  └return→ ACCEPTED   │
//                                   └─────────┴──────reopen──────────┘ (返工, counted)
//   merge: REPORTED/ACCEPTED/IN_PROGRESS → MERGED; suspend: ACCEPTED/IN_PROGRESS → SUSPENDED,
//   resume: back to the state it was suspended from. escalate, comment, urge, assign leader and
//   the extension request and decision keep the state.
#pragma once

#include <optional>
#include <vector>

#include "gridcase/case.hpp"

namespace gridcase {

struct Transition {
  CaseState from;
  Action action;
  // The next state. kUnspecified means "unchanged" (escalate, comment, ...); for resume it is
  // the state the case was suspended from, which `next_state` resolves.
  CaseState to;
};

// Every allowed (state, action) pair. CREATE is not in the table: it makes a REPORTED case.
const std::vector<Transition>& transition_table();

// The state after applying `action` to `c`, or nullopt when the table forbids it.
std::optional<CaseState> next_state(const Case& c, Action action);

// The actions the table allows in `state`, in enum order.
std::vector<Action> allowed_actions(CaseState state);

// NOT_ACCEPTED, CLOSED and MERGED: nothing more happens to the case.
bool is_terminal(CaseState state);
// Anything not terminal and not RESOLVED (a resolved case awaits closing).
bool is_open(CaseState state);

}  // namespace gridcase
