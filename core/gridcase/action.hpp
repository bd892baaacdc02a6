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
  // People's mediation of disputes (mediation.hpp).
  kAssignMediation = 20,   // 指派调解委员会和调解员
  kRecordConsent = 21,     // 当事人同意或拒绝调解
  kRecordSession = 22,     // 调查、调解笔录
  kDraftAgreement = 23,    // 制作调解协议书
  kSignAgreement = 24,     // 签字、盖章或按指印
  kFollowUp = 25,          // 回访
  kRefer = 26,             // 调解不成，引导至仲裁、行政或诉讼途径
  // Petitions (petition.hpp).
  kDecidePetition = 27,    // 出具处理意见书
  kRequestReview = 28,     // 申请复查
  kDecideReview = 29,      // 复查意见
  kRequestReReview = 30,   // 申请复核
  kDecideReReview = 31,    // 复核意见
  // Hazards (hazard.hpp) and 吹哨报到 (whistle.hpp).
  kReportRectification = 50,  // 整改情况报告
  kReinspect = 51,            // 复查
  kWhistle = 52,              // 吹哨
  kCheckIn = 53,              // 报到
  kRateDepartment = 54,       // 评价报到部门
};
// One past the highest value; values 32..49 are not (yet) actions (see known_action).
constexpr int kActionCount = 55;

// True for the values that name an action.
constexpr bool known_action(int v) { return (v >= 0 && v < 32) || (v >= 50 && v < kActionCount); }

// True for the actions people may send; false for CREATE (its own call) and the events only the
// scheduler records.
constexpr bool is_command(Action a) {
  return a != Action::kUnspecified && a != Action::kCreate && a != Action::kClockWarning &&
         a != Action::kClockExpired && known_action(static_cast<int>(a));
}

}  // namespace gridcase
