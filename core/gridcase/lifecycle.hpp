// The common lifecycle as one table of (state, action) → next state.
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

struct Transition {
  CaseState from;
  Action action;
  // The next state. kUnspecified means "unchanged" (escalate, comment, ...); for resume it is
  // the state the case was suspended from, which `next_state` resolves.
  CaseState to;
  // A step that can finish a stage leads here instead when it does (the last signature of a
  // mediation agreement resolves the case; a party's refusal closes it as referred); the rules
  // of the case's kind decide. kUnspecified: never.
  CaseState or_to = CaseState::kUnspecified;
};

// Every allowed (state, action) pair. CREATE is not in the table: it makes a REPORTED case.
const std::vector<Transition>& transition_table();

// The state after applying `action` to `c`, or nullopt when the table forbids it.
std::optional<CaseState> next_state(const Case& c, Action action);

// The state `action` leads to when it finishes a stage (Transition::or_to), or nullopt.
std::optional<CaseState> finishing_state(const Case& c, Action action);

// The actions the table allows in `state`, in enum order.
std::vector<Action> allowed_actions(CaseState state);

// NOT_ACCEPTED, CLOSED and MERGED: nothing more happens to the case.
bool is_terminal(CaseState state);
// Anything not terminal and not RESOLVED or REVIEWED (those await closing).
bool is_open(CaseState state);

}  // namespace gridcase
