// Actions on a case: the commands people send and the events the history records.
#pragma once

namespace gridcase {

// The lifecycle actions, and the events the deadline scheduler records. Also used as event
// types.
enum class Action {
  kUnspecified = 0,
  kCreate = 1,
  kAccept = 2,
  kReject = 3,
  kDispatch = 4,
  kReturn = 5,
  kEscalate = 6,
  kResolve = 7,
  kClose = 8,
  kReopen = 9,
  kSuspend = 10,
  kResume = 11,
  kMerge = 12,
  kComment = 13,
  kUrge = 14,
  kAssignLeader = 15,
  kRequestExtension = 16,  // 申请延期, before the deadline
  kDecideExtension = 17,   // a supervisor approves or denies it
  kClockWarning = 18,      // a clock turned yellow (recorded by the scheduler)
  kClockExpired = 19,      // a clock turned red (recorded by the scheduler)
};
constexpr int kActionCount = 20;

// True for the actions people may send; false for CREATE (its own call) and the events only the
// scheduler records.
constexpr bool is_command(Action a) {
  return a != Action::kUnspecified && a != Action::kCreate && a != Action::kClockWarning &&
         a != Action::kClockExpired && static_cast<int>(a) < kActionCount;
}

}  // namespace gridcase
