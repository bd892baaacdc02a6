// The one table from a request frame to the case action it carries, and how to fill the
// action's CaseCommand from it (net/src/action_frames.cpp). Whether a frame is a lifecycle
// action, and which, is read from here only.
#pragma once

#include <vector>

#include "gridcase/engine.hpp"
#include "gridcase/status.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

namespace v1 = ::gridcase::v1;

struct ActionFrame {
  v1::ClientFrame::RequestCase request;
  Action action;
  // The ActionHeader every action request carries (request_id, case_id, version, reason).
  const v1::ActionHeader& (*header)(const v1::ClientFrame& frame);
  // Copies the action's own fields into `cmd`; nullptr when the header is all it has. An enum
  // value the core does not know: INVALID_ARGUMENT "UNKNOWN_ENUM_VALUE".
  Status (*fill)(const v1::ClientFrame& frame, CaseCommand& cmd);
};

// Every action request, one row per action (the command actions of action_table.hpp).
const std::vector<ActionFrame>& action_frames();

// The row of a frame kind, or of an action; nullptr when there is none.
const ActionFrame* action_frame(v1::ClientFrame::RequestCase request);
const ActionFrame* action_frame(Action action);

// The case action a frame carries, as a CaseCommand. INVALID_ARGUMENT "UNKNOWN_REQUEST" when
// the frame holds no case action.
Result<CaseCommand> command_from_frame(const v1::ClientFrame& frame);

}  // namespace gridcase::net
