// The one table from a case action to the command a person types for it (`gridcase cases
// accept`, `gridcase mediation consent`, ...). Error hints name actions by it; a test walks it
// beside the action table of the core and the frame table of the server.
#pragma once

#include <string>
#include <vector>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

namespace v1 = ::gridcase::v1;

struct ActionVerb {
  v1::Action action;
  const char* command;  // the words after `gridcase`: "cases accept"
};

// Every action a person can take through the CLI, in enumeration order.
const std::vector<ActionVerb>& action_verbs();

// The command of `action` ("cases lead" for ASSIGN_LEADER, "mediation consent" for
// RECORD_CONSENT); empty for an action no command takes (clock warnings and expiries).
std::string action_command(v1::Action action);

}  // namespace gridcase::cli
