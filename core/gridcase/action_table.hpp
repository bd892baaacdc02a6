// The table of actions (core/src/action_table.cpp): one row per action, saying its name, its
// Chinese label, who makes it happen, the kinds it applies to, whether it needs a reason, where
// it may happen in the lifecycle and which roles may do it. Everything else about actions is
// read from this table: the names (names.hpp), is_action and is_command, the reason check,
// applies_to, the lifecycle's transition table (lifecycle.hpp) and the role table
// (access.hpp). Adding an action is adding a row here (and its frame in net/, its verb in the
// CLI: a test walks all three).
#pragma once

#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

// Who makes an action happen.
enum class ActionSource {
  kCommand,    // people send it as a command on a case (case_commands.hpp: act)
  kCall,       // a call of its own records it: create, attach, link, unlink, unmerge
  kScheduler,  // only the deadline runner records it: clock warnings and expiries
};

// Where an action may happen: in state `from`, leading to `to` (kUnspecified: the state stays;
// for resume, the state the case was suspended from). A step that can finish a stage (the last
// signature resolves a mediation; a refusal closes it as referred) leads to `or_to` instead
// when the kind's rules say it does; kUnspecified: never.
struct ActionStep {
  CaseState from;
  CaseState to = CaseState::kUnspecified;
  CaseState or_to = CaseState::kUnspecified;
};

// The record an action acts on: a case, or a livelihood project (project.hpp), whose actions
// are calls of their own and never apply to a case.
enum class ActionRecord { kCase, kProject };

struct ActionSpec {
  Action action;
  const char* name;      // as on the wire, without the enum prefix: "ACCEPT"
  const char* label_zh;  // for people: "受理"
  ActionSource source;
  std::vector<CaseKind> kinds;  // the kinds it applies to; empty: every kind
  // When the action always needs a reason: what the reason is called in the error that asks
  // for it ("reason", "follow-up note"); nullptr when the reason is optional (or required only
  // in some cases, which the kind's rules check).
  const char* reason;
  std::vector<Role> roles;      // the roles that may do it (the system actor may do all)
  std::vector<ActionStep> steps;  // empty for actions recorded outside the lifecycle table
  ActionRecord record = ActionRecord::kCase;
};

// Every action, in enumeration order. kUnspecified is not in it.
const std::vector<ActionSpec>& action_table();

// The row of `action`; nullptr for kUnspecified or a value outside the enumeration.
const ActionSpec* action_spec(Action action);

// True for the values of Action (the enumeration has gaps), kUnspecified included.
bool is_action(int value);

// True for the actions people may send as commands on a case (ActionSource::kCommand).
bool is_command(Action action);

// False for the steps of another kind (mediation steps on a petition, ...) and for the actions
// of other records (a project's).
bool applies_to(CaseKind kind, Action action);

// True for the actions on a livelihood project (ActionRecord::kProject).
bool is_project_action(Action action);

// What the always-required reason of `action` is called; nullptr when it is not required.
const char* required_reason(Action action);

}  // namespace gridcase
