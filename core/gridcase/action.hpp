// Actions on a case: the commands people send and the events the history records. The table
// of actions (action_table.hpp) says what each one is, who may do it and where.
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
  // People's mediation again (mediation.hpp).
  kRequestMediation = 32,  // 申请调解: the grid or community refers a dispute to a committee
  kAgreementNotPerformed = 33,  // 协议未履行: mediated again, or referred (art. 32, 33)
  // 12345 hotline work orders (hotline.hpp).
  kSignOrder = 40,         // 签收
  kFirstContact = 41,      // 先行联系
  kReturnOrder = 42,       // 退单申请
  kDecideReturn = 43,      // 审核退单
  kReplyOrder = 44,        // 答复
  kRecordCallback = 45,    // 回访结果
  kAppealRating = 46,      // 申诉
  kDecideAppeal = 47,      // 审核申诉
  // Hazards (hazard.hpp) and 吹哨报到 (whistle.hpp).
  kReportRectification = 50,  // 整改情况报告
  kReinspect = 51,            // 复查
  kWhistle = 52,              // 吹哨
  kCheckIn = 53,              // 报到
  kRateDepartment = 54,       // 评价报到部门
  // Evidence (evidence.hpp): events recorded by calls of their own, not commands.
  kAttach = 60,            // 附件: a file was attached
  // Related cases (related.hpp): calls of their own too.
  kLink = 61,              // 关联: two cases were linked
  kUnlink = 62,            // 取消关联
  kUnmerge = 63,           // 撤销合并: a merged case is handled on its own again
  // Livelihood projects (project.hpp): actions on a project, a record of its own.
  kCreateProject = 70,     // 项目立项
  kSetMilestone = 71,      // 设置节点: add a milestone or change an open one
  kCompleteMilestone = 72, // 节点完成: its actual date
  kProjectUpdate = 73,     // 进展更新, with photos
  kLinkComplaint = 74,     // 关联投诉: a complaint case linked to the project
  kUnlinkComplaint = 75,   // 取消关联投诉
  kFinishProject = 76,     // 项目竣工
};
// One past the largest value. The values between the groups are not actions: is_action
// (action_table.hpp) tells, and the action table says everything else about each action.
constexpr int kActionCount = 77;

}  // namespace gridcase
