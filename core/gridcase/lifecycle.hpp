// The common lifecycle: (state, action) → next state, read from the action table
// (action_table.hpp), where each action lists the steps it may take.
//
//   REPORTED ─accept→ ACCEPTED ─dispatch→ IN_PROGRESS ─resolve→ RESOLVED ─close→ CLOSED
//      └reject→ NOT_ACCEPTED        ↑         │  └return→ ACCEPTED   │
//                                   └─────────┴──────reopen──────────┘ (返工, counted)
//   merge: REPORTED/ACCEPTED/IN_PROGRESS → MERGED; suspend: ACCEPTED/IN_PROGRESS → SUSPENDED,
//   resume: back to the state it was suspended from. escalate, comment, urge, assign leader and
//   the extension request and decision keep the state.
//   Disputes' mediation steps and petitions' decision and review chain are in the same table;
//   see mediation.hpp and petition.hpp.
#pragma once

#include <optional>
#include <vector>

#include "gridcase/case.hpp"

namespace gridcase {

// The state after applying `action` to `c`, or nullopt when the table forbids it. CREATE is
// not in the table: it makes a REPORTED case.
std::optional<CaseState> next_state(const Case& c, Action action);

// The state `action` leads to when it finishes a stage (ActionStep::or_to), or nullopt.
std::optional<CaseState> finishing_state(const Case& c, Action action);

// The actions the table allows in `state`, in enum order.
std::vector<Action> allowed_actions(CaseState state);

// NOT_ACCEPTED, CLOSED and MERGED: nothing more happens to the case.
bool is_terminal(CaseState state);
// Anything not terminal and not RESOLVED or REVIEWED (those await closing).
bool is_open(CaseState state);

}  // namespace gridcase
