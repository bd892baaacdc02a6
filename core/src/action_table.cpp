#include "gridcase/action_table.hpp"

#include <algorithm>

namespace gridcase {

namespace {

using S = CaseState;
using K = CaseKind;
using Src = ActionSource;
using Rec = ActionRecord;
constexpr CaseState kSame = CaseState::kUnspecified;

// Roles, shortened so that each row fits its line.
constexpr Role GW = Role::kGridWorker;    // 网格员: logs and settles small matters in the grid
constexpr Role MED = Role::kMediator;     // 调解员: takes disputes in, mediates and closes them
constexpr Role HND = Role::kHandler;      // 处置人: works on what is dispatched to them
constexpr Role CLK = Role::kIntakeClerk;  // 受理员: registers, decides acceptance, dispatches
constexpr Role SUP = Role::kSupervisor;   // 主管: everything on cases; alone urges, leads, extends
// 管理员 (admin) manages the org tree and users and takes no case action.

// Steps that keep the case in each of `states` (comments, urging, 吹哨, ...).
std::vector<ActionStep> keeps_state(std::initializer_list<CaseState> states) {
  std::vector<ActionStep> out;
  for (CaseState s : states) out.push_back({s, kSame});
  return out;
}

std::vector<ActionSpec> build() {
  // Read a row as: action, name, label, who records it, kinds (empty: all), the reason it always
  // needs, the roles that may do it, and the (from → to) steps of the lifecycle it may take.
  return {
      {Action::kCreate, "CREATE", "登记", Src::kCall, {}, nullptr, {GW, MED, CLK, SUP}, {}},
      {Action::kAccept, "ACCEPT", "受理", Src::kCommand, {}, nullptr, {GW, MED, CLK, SUP},
       {{S::kReported, S::kAccepted}}},
      {Action::kReject, "REJECT", "不予受理", Src::kCommand, {}, "reason", {CLK, SUP},
       {{S::kReported, S::kNotAccepted}}},
      {Action::kDispatch, "DISPATCH", "派遣", Src::kCommand, {}, nullptr, {GW, CLK, SUP},
       {{S::kAccepted, S::kInProgress}, {S::kInProgress, S::kInProgress}}},  // again: 转派
      {Action::kReturn, "RETURN", "退单", Src::kCommand, {}, "reason", {GW, MED, HND, SUP},
       {{S::kInProgress, S::kAccepted}}},
      {Action::kEscalate, "ESCALATE", "上报", Src::kCommand, {}, "reason", {GW, MED, HND, CLK, SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress})},
      {Action::kResolve, "RESOLVE", "办结", Src::kCommand, {}, nullptr, {GW, MED, HND, SUP},
       {{S::kInProgress, S::kResolved}}},
      {Action::kClose, "CLOSE", "结案", Src::kCommand, {}, nullptr, {MED, CLK, SUP},
       {{S::kResolved, S::kClosed}, {S::kReviewed, S::kClosed}}},
      {Action::kReopen, "REOPEN", "返工", Src::kCommand, {}, "reason", {CLK, SUP},
       {{S::kResolved, S::kInProgress}}},
      {Action::kSuspend, "SUSPEND", "中止", Src::kCommand, {}, "reason", {CLK, SUP},
       {{S::kAccepted, S::kSuspended}, {S::kInProgress, S::kSuspended}}},
      {Action::kResume, "RESUME", "恢复", Src::kCommand, {}, nullptr, {CLK, SUP},
       {{S::kSuspended, kSame}}},  // back to the state it was suspended from
      {Action::kMerge, "MERGE", "合并", Src::kCommand, {}, nullptr, {CLK, SUP},
       {{S::kReported, S::kMerged}, {S::kAccepted, S::kMerged}, {S::kInProgress, S::kMerged}}},
      {Action::kComment, "COMMENT", "备注", Src::kCommand, {}, "reason", {GW, MED, HND, CLK, SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kResolved, S::kSuspended,
                    S::kUnderReview, S::kReviewed, S::kUnderReReview})},
      {Action::kUrge, "URGE", "督办", Src::kCommand, {}, "reason", {SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kSuspended, S::kUnderReview,
                    S::kUnderReReview})},
      {Action::kAssignLeader, "ASSIGN_LEADER", "领导包案", Src::kCommand, {}, nullptr, {SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kSuspended})},
      {Action::kRequestExtension, "REQUEST_EXTENSION", "申请延期", Src::kCommand, {}, "reason",
       {GW, MED, HND, CLK, SUP}, keeps_state({S::kReported, S::kAccepted, S::kInProgress})},
      {Action::kDecideExtension, "DECIDE_EXTENSION", "审批延期", Src::kCommand, {}, nullptr, {SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress})},
      {Action::kClockWarning, "CLOCK_WARNING", "临期预警", Src::kScheduler, {}, nullptr, {}, {}},
      {Action::kClockExpired, "CLOCK_EXPIRED", "超期", Src::kScheduler, {}, nullptr, {}, {}},

      // People's mediation of disputes (mediation.hpp).
      // 申请调解: the grid worker or the community sends a dispute to a committee; it is accepted
      // by it (the clocks as on ACCEPT).
      {Action::kRequestMediation, "REQUEST_MEDIATION", "申请调解", Src::kCommand, {K::kDispute}, nullptr,
       {GW, HND, CLK, SUP}, {{S::kReported, S::kAccepted}, {S::kAccepted, kSame}}},
      {Action::kAssignMediation, "ASSIGN_MEDIATION", "指派调解", Src::kCommand, {K::kDispute}, nullptr,
       {MED, CLK, SUP}, {{S::kAccepted, S::kInProgress}, {S::kInProgress, S::kInProgress}}},
      {Action::kRecordConsent, "RECORD_CONSENT", "当事人意愿", Src::kCommand, {K::kDispute}, nullptr,
       {MED, SUP}, {{S::kInProgress, kSame, S::kClosed}}},  // a refusal closes as referred
      {Action::kRecordSession, "RECORD_SESSION", "调解笔录", Src::kCommand, {K::kDispute}, nullptr,
       {MED, SUP}, {{S::kInProgress, kSame}}},
      {Action::kDraftAgreement, "DRAFT_AGREEMENT", "制作调解协议", Src::kCommand, {K::kDispute}, nullptr,
       {MED, SUP}, {{S::kInProgress, kSame}}},
      {Action::kSignAgreement, "SIGN_AGREEMENT", "协议签章", Src::kCommand, {K::kDispute}, nullptr,
       {MED, SUP}, {{S::kInProgress, kSame, S::kResolved}}},  // the last mark resolves
      {Action::kFollowUp, "FOLLOW_UP", "回访", Src::kCommand, {K::kDispute}, "follow-up note", {MED, SUP},
       {{S::kResolved, kSame}}},
      {Action::kRefer, "REFER", "引导其他途径", Src::kCommand, {K::kDispute}, "reason", {MED, SUP},
       {{S::kAccepted, S::kClosed}, {S::kInProgress, S::kClosed}}},
      // After closing: the agreement was not performed. The case stays closed (referred), or is
      // mediated again (back IN_PROGRESS) when the kind's rules say so.
      {Action::kAgreementNotPerformed, "AGREEMENT_NOT_PERFORMED", "协议未履行", Src::kCommand, {K::kDispute},
       "what was not performed", {MED, CLK, SUP}, {{S::kClosed, kSame, S::kInProgress}}},

      // Petitions (petition.hpp): the written decision and the review chain.
      {Action::kDecidePetition, "DECIDE_PETITION", "出具处理意见", Src::kCommand, {K::kPetition}, nullptr,
       {HND, CLK, SUP}, {{S::kInProgress, S::kResolved}}},
      {Action::kRequestReview, "REQUEST_REVIEW", "申请复查", Src::kCommand, {K::kPetition},
       "the petitioner's grounds", {CLK, SUP}, {{S::kResolved, S::kUnderReview}}},
      {Action::kDecideReview, "DECIDE_REVIEW", "复查意见", Src::kCommand, {K::kPetition}, nullptr, {CLK, SUP},
       {{S::kUnderReview, S::kReviewed}}},
      {Action::kRequestReReview, "REQUEST_RE_REVIEW", "申请复核", Src::kCommand, {K::kPetition},
       "the petitioner's grounds", {CLK, SUP}, {{S::kReviewed, S::kUnderReReview}}},
      {Action::kDecideReReview, "DECIDE_RE_REVIEW", "复核意见", Src::kCommand, {K::kPetition}, nullptr,
       {CLK, SUP}, {{S::kUnderReReview, S::kClosed}}},

      // 12345 hotline orders (hotline.hpp).
      {Action::kSignOrder, "SIGN_ORDER", "签收", Src::kCommand, {K::kHotline}, nullptr, {GW, HND, SUP},
       {{S::kInProgress, kSame}}},
      {Action::kFirstContact, "FIRST_CONTACT", "先行联系", Src::kCommand, {K::kHotline}, nullptr,
       {GW, HND, SUP}, {{S::kInProgress, kSame}}},
      {Action::kReturnOrder, "RETURN_ORDER", "退单申请", Src::kCommand, {K::kHotline}, "return reason",
       {GW, HND, SUP}, {{S::kInProgress, kSame}}},
      {Action::kDecideReturn, "DECIDE_RETURN", "审核退单", Src::kCommand, {K::kHotline}, nullptr, {CLK, SUP},
       {{S::kInProgress, kSame, S::kNotAccepted}}},  // upheld: back to the hotline
      {Action::kReplyOrder, "REPLY_ORDER", "答复", Src::kCommand, {K::kHotline}, "reply to the hotline centre",
       {GW, HND, SUP}, {{S::kInProgress, S::kResolved}}},
      {Action::kRecordCallback, "RECORD_CALLBACK", "回访", Src::kCommand, {K::kHotline}, nullptr, {CLK, SUP},
       {{S::kResolved, S::kClosed, S::kInProgress}}},  // unsatisfied: 重办
      {Action::kAppealRating, "APPEAL_RATING", "申诉", Src::kCommand, {K::kHotline}, "appeal grounds",
       {GW, HND, SUP}, {{S::kInProgress, kSame}, {S::kResolved, kSame}}},
      {Action::kDecideAppeal, "DECIDE_APPEAL", "审核申诉", Src::kCommand, {K::kHotline}, nullptr, {CLK, SUP},
       {{S::kInProgress, kSame}, {S::kResolved, kSame}}},

      // Hazards (hazard.hpp): the fix reported, then re-inspected; a pass closes (销号).
      {Action::kReportRectification, "REPORT_RECTIFICATION", "整改报告", Src::kCommand, {K::kHazard},
       "rectification note", {GW, HND, CLK, SUP},
       {{S::kReported, S::kInProgress}, {S::kAccepted, S::kInProgress}, {S::kInProgress, S::kInProgress}}},
      {Action::kReinspect, "REINSPECT", "复查", Src::kCommand, {K::kHazard}, nullptr, {GW, SUP},
       {{S::kInProgress, kSame, S::kClosed}}},

      // 吹哨报到 (whistle.hpp): on any open case; check-ins and ratings also once it is resolved
      // (a closed case, terminal, takes nothing more).
      {Action::kWhistle, "WHISTLE", "吹哨", Src::kCommand, {}, nullptr, {CLK, SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kSuspended})},
      {Action::kCheckIn, "CHECK_IN", "报到", Src::kCommand, {}, "the department's contribution", {HND, SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kSuspended, S::kResolved})},
      {Action::kRateDepartment, "RATE_DEPARTMENT", "报到评价", Src::kCommand, {}, nullptr, {CLK, SUP},
       keeps_state({S::kReported, S::kAccepted, S::kInProgress, S::kSuspended, S::kResolved})},

      // Calls of their own (evidence.hpp, related.hpp): who may attach and link is who may
      // comment; who may unmerge is who may merge.
      {Action::kAttach, "ATTACH", "上传附件", Src::kCall, {}, nullptr, {GW, MED, HND, CLK, SUP}, {}},
      {Action::kLink, "LINK", "关联案件", Src::kCall, {}, nullptr, {GW, MED, HND, CLK, SUP}, {}},
      {Action::kUnlink, "UNLINK", "取消关联", Src::kCall, {}, nullptr, {GW, MED, HND, CLK, SUP}, {}},
      {Action::kUnmerge, "UNMERGE", "撤销合并", Src::kCall, {}, nullptr, {CLK, SUP}, {}},

      // Livelihood projects (project.hpp), a record of their own: set up and finished by
      // supervisors and intake clerks; milestones and progress by those who work on them too;
      // complaints linked by whoever may link cases.
      {Action::kCreateProject, "CREATE_PROJECT", "项目立项", Src::kCall, {}, nullptr, {CLK, SUP}, {}, Rec::kProject},
      {Action::kSetMilestone, "SET_MILESTONE", "设置节点", Src::kCall, {}, nullptr, {HND, CLK, SUP}, {},
       Rec::kProject},
      {Action::kCompleteMilestone, "COMPLETE_MILESTONE", "节点完成", Src::kCall, {}, nullptr, {GW, HND, CLK, SUP},
       {}, Rec::kProject},
      {Action::kProjectUpdate, "PROJECT_UPDATE", "进展更新", Src::kCall, {}, nullptr, {GW, HND, CLK, SUP}, {},
       Rec::kProject},
      {Action::kLinkComplaint, "LINK_COMPLAINT", "关联投诉", Src::kCall, {}, nullptr, {GW, MED, HND, CLK, SUP}, {},
       Rec::kProject},
      {Action::kUnlinkComplaint, "UNLINK_COMPLAINT", "取消关联投诉", Src::kCall, {}, nullptr,
       {GW, MED, HND, CLK, SUP}, {}, Rec::kProject},
      {Action::kFinishProject, "FINISH_PROJECT", "项目竣工", Src::kCall, {}, nullptr, {CLK, SUP}, {}, Rec::kProject},
  };
}

}  // namespace

const std::vector<ActionSpec>& action_table() {
  static const std::vector<ActionSpec> kTable = [] {
    auto rows = build();
    std::sort(rows.begin(), rows.end(), [](const ActionSpec& a, const ActionSpec& b) {
      return static_cast<int>(a.action) < static_cast<int>(b.action);
    });
    return rows;
  }();
  return kTable;
}

const ActionSpec* action_spec(Action action) {
  const auto& table = action_table();
  auto it = std::lower_bound(table.begin(), table.end(), action, [](const ActionSpec& row, Action a) {
    return static_cast<int>(row.action) < static_cast<int>(a);
  });
  return it != table.end() && it->action == action ? &*it : nullptr;
}

bool is_action(int value) {
  return value == 0 || action_spec(static_cast<Action>(value)) != nullptr;
}

bool is_command(Action action) {
  const ActionSpec* spec = action_spec(action);
  return spec != nullptr && spec->source == ActionSource::kCommand;
}

bool applies_to(CaseKind kind, Action action) {
  const ActionSpec* spec = action_spec(action);
  return spec != nullptr && spec->record == ActionRecord::kCase &&
         (spec->kinds.empty() || std::find(spec->kinds.begin(), spec->kinds.end(), kind) != spec->kinds.end());
}

bool is_project_action(Action action) {
  const ActionSpec* spec = action_spec(action);
  return spec != nullptr && spec->record == ActionRecord::kProject;
}

const char* required_reason(Action action) {
  const ActionSpec* spec = action_spec(action);
  return spec != nullptr ? spec->reason : nullptr;
}

}  // namespace gridcase
