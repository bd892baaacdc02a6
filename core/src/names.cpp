#include "gridcase/names.hpp"

#include <cctype>

#include "gridcase/action_table.hpp"

namespace gridcase {

namespace {

template <typename Enum>
struct Entry {
  Enum value;
  const char* name;
  const char* zh;
};

template <typename Enum, std::size_t N>
const Entry<Enum>* find(const Entry<Enum> (&table)[N], Enum v) {
  for (const auto& e : table) {
    if (e.value == v) return &e;
  }
  return &table[0];  // every table starts with its UNSPECIFIED entry
}

constexpr Entry<UnitType> kUnitTypes[] = {
    {UnitType::kUnspecified, "UNSPECIFIED", "未指定"},
    {UnitType::kDistrict, "DISTRICT", "区"},
    {UnitType::kSubDistrict, "SUB_DISTRICT", "街道"},
    {UnitType::kCommunity, "COMMUNITY", "社区"},
    {UnitType::kGrid, "GRID", "网格"},
    {UnitType::kBuildingGroup, "BUILDING_GROUP", "楼栋"},
    {UnitType::kMediationCommittee, "MEDIATION_COMMITTEE", "人民调解委员会"},
    {UnitType::kPropertyCompany, "PROPERTY_COMPANY", "物业公司"},
    {UnitType::kDepartment, "DEPARTMENT", "职能部门"},
};
constexpr Entry<Level> kLevels[] = {
    {Level::kUnspecified, "UNSPECIFIED", "未指定"},
    {Level::kGrid, "GRID", "网格"},
    {Level::kCommunity, "COMMUNITY", "社区"},
    {Level::kSubDistrict, "SUB_DISTRICT", "街道"},
    {Level::kDistrict, "DISTRICT", "区"},
};
constexpr Entry<Role> kRoles[] = {
    {Role::kUnspecified, "UNSPECIFIED", "未指定"},
    {Role::kGridWorker, "GRID_WORKER", "网格员"},
    {Role::kMediator, "MEDIATOR", "调解员"},
    {Role::kHandler, "HANDLER", "处置人"},
    {Role::kIntakeClerk, "INTAKE_CLERK", "受理员"},
    {Role::kSupervisor, "SUPERVISOR", "主管"},
    {Role::kAdmin, "ADMIN", "管理员"},
};
constexpr Entry<CaseKind> kKinds[] = {
    {CaseKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {CaseKind::kDispute, "DISPUTE", "矛盾纠纷"},
    {CaseKind::kHotline, "HOTLINE", "12345工单"},
    {CaseKind::kPetition, "PETITION", "信访"},
    {CaseKind::kHazard, "HAZARD", "安全隐患"},
    {CaseKind::kIncident, "INCIDENT", "事件"},
};
constexpr Entry<Channel> kChannels[] = {
    {Channel::kUnspecified, "UNSPECIFIED", "未指定"},
    {Channel::kPatrol, "PATROL", "网格巡查"},
    {Channel::kWalkIn, "WALK_IN", "来访"},
    {Channel::kLetter, "LETTER", "来信"},
    {Channel::kPhone, "PHONE", "来电"},
    {Channel::kHotline, "HOTLINE", "12345热线"},
    {Channel::kOnline, "ONLINE", "网上"},
    {Channel::kFax, "FAX", "传真"},
};
constexpr Entry<CaseState> kStates[] = {
    {CaseState::kUnspecified, "UNSPECIFIED", "未指定"},
    {CaseState::kReported, "REPORTED", "已登记"},
    {CaseState::kAccepted, "ACCEPTED", "已受理"},
    {CaseState::kInProgress, "IN_PROGRESS", "处置中"},
    {CaseState::kResolved, "RESOLVED", "已办结"},
    {CaseState::kClosed, "CLOSED", "已结案"},
    {CaseState::kNotAccepted, "NOT_ACCEPTED", "不予受理"},
    {CaseState::kMerged, "MERGED", "已合并"},
    {CaseState::kSuspended, "SUSPENDED", "已中止"},
    {CaseState::kUnderReview, "UNDER_REVIEW", "复查中"},
    {CaseState::kReviewed, "REVIEWED", "已复查"},
    {CaseState::kUnderReReview, "UNDER_RE_REVIEW", "复核中"},
};
constexpr Entry<Outcome> kOutcomes[] = {
    {Outcome::kUnspecified, "UNSPECIFIED", "未指定"},
    {Outcome::kResolved, "RESOLVED", "已解决"},
    {Outcome::kAgreement, "AGREEMENT", "达成调解协议"},
    {Outcome::kReferred, "REFERRED", "引导至诉讼/仲裁/行政途径"},
    {Outcome::kParked, "PARKED", "挂账"},
    {Outcome::kWithdrawn, "WITHDRAWN", "撤回"},
};
constexpr Entry<Priority> kPriorities[] = {
    {Priority::kUnspecified, "UNSPECIFIED", "未指定"},
    {Priority::kLow, "LOW", "低"},
    {Priority::kNormal, "NORMAL", "一般"},
    {Priority::kHigh, "HIGH", "高"},
    {Priority::kUrgent, "URGENT", "紧急"},
};
constexpr Entry<PartyRole> kPartyRoles[] = {
    {PartyRole::kUnspecified, "UNSPECIFIED", "未指定"},
    {PartyRole::kApplicant, "APPLICANT", "申请人"},
    {PartyRole::kRespondent, "RESPONDENT", "被申请人"},
    {PartyRole::kReporter, "REPORTER", "反映人"},
    {PartyRole::kOther, "OTHER", "其他"},
};
constexpr Entry<EscalationReason> kEscalations[] = {
    {EscalationReason::kUnspecified, "UNSPECIFIED", "未指定"},
    {EscalationReason::kManual, "MANUAL", "超出本级权限"},
    {EscalationReason::kDeadline, "DEADLINE", "超期"},
    {EscalationReason::kRisk, "RISK", "有激化风险"},
};
constexpr Entry<AuditKind> kAuditKinds[] = {
    {AuditKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {AuditKind::kLogin, "LOGIN", "登录"},
    {AuditKind::kLoginFailed, "LOGIN_FAILED", "登录失败"},
    {AuditKind::kReveal, "REVEAL", "查看个人信息"},
    {AuditKind::kPermissionDenied, "PERMISSION_DENIED", "越权操作被拒"},
    {AuditKind::kSessionsRevoked, "SESSIONS_REVOKED", "会话被注销"},
    {AuditKind::kPasswordChanged, "PASSWORD_CHANGED", "修改密码"},
    {AuditKind::kWarning, "WARNING", "预警处置"},
};
constexpr Entry<ClockKind> kClockKinds[] = {
    {ClockKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {ClockKind::kResponse, "RESPONSE", "响应时限"},
    {ClockKind::kResolve, "RESOLVE", "办结时限"},
    {ClockKind::kReturnWindow, "RETURN_WINDOW", "退单时限"},
    {ClockKind::kConfirmation, "CONFIRMATION", "司法确认申请期"},
    {ClockKind::kReviewRequest, "REVIEW_REQUEST", "复查申请期"},
    {ClockKind::kReview, "REVIEW", "复查办理时限"},
    {ClockKind::kReReviewRequest, "RE_REVIEW_REQUEST", "复核申请期"},
    {ClockKind::kReReview, "RE_REVIEW", "复核办理时限"},
    {ClockKind::kRectification, "RECTIFICATION", "整改期限"},
};
constexpr Entry<ClockRun> kClockRuns[] = {
    {ClockRun::kUnspecified, "PENDING", "未开始"},
    {ClockRun::kRunning, "RUNNING", "计时中"},
    {ClockRun::kPaused, "PAUSED", "已暂停"},
    {ClockRun::kStopped, "STOPPED", "已停止"},
};
constexpr Entry<Colour> kColours[] = {
    {Colour::kUnspecified, "UNSPECIFIED", "未指定"},
    {Colour::kGreen, "GREEN", "绿"},
    {Colour::kYellow, "YELLOW", "黄"},
    {Colour::kRed, "RED", "红"},
};
constexpr Entry<BudgetUnit> kBudgetUnits[] = {
    {BudgetUnit::kUnspecified, "UNSPECIFIED", "未指定"},
    {BudgetUnit::kWorkingHours, "WORKING_HOURS", "工作小时"},
    {BudgetUnit::kWorkingDays, "WORKING_DAYS", "工作日"},
    {BudgetUnit::kCalendarDays, "CALENDAR_DAYS", "自然日"},
};
constexpr Entry<ExpiryAction> kExpiryActions[] = {
    {ExpiryAction::kUnspecified, "UNSPECIFIED", "未指定"},
    {ExpiryAction::kFlag, "FLAG", "仅标记"},
    {ExpiryAction::kEscalate, "ESCALATE", "自动上报"},
};
constexpr Entry<PartyPostKind> kPartyPosts[] = {
    {PartyPostKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {PartyPostKind::kCommunitySecretary, "COMMUNITY_SECRETARY", "社区党组织书记"},
    {PartyPostKind::kGridBranchSecretary, "GRID_BRANCH_SECRETARY", "网格党支部书记"},
    {PartyPostKind::kBuildingGroupLeader, "BUILDING_GROUP_LEADER", "楼栋党小组组长"},
    {PartyPostKind::kMemberHousehold, "MEMBER_HOUSEHOLD", "党员中心户"},
};
constexpr Entry<Consent> kConsents[] = {
    {Consent::kUnspecified, "UNSPECIFIED", "未表态"},
    {Consent::kAgreed, "AGREED", "同意调解"},
    {Consent::kRefused, "REFUSED", "拒绝调解"},
};
constexpr Entry<ReferralRoute> kReferrals[] = {
    {ReferralRoute::kUnspecified, "UNSPECIFIED", "未指定"},
    {ReferralRoute::kArbitration, "ARBITRATION", "仲裁"},
    {ReferralRoute::kAdministrative, "ADMINISTRATIVE", "行政处理"},
    {ReferralRoute::kCourt, "COURT", "诉讼"},
};
constexpr Entry<SignMark> kSignMarks[] = {
    {SignMark::kUnspecified, "UNSPECIFIED", "未签"},
    {SignMark::kSignature, "SIGNATURE", "签名"},
    {SignMark::kSeal, "SEAL", "盖章"},
    {SignMark::kThumbprint, "THUMBPRINT", "按指印"},
};
constexpr Entry<SessionKind> kSessionKinds[] = {
    {SessionKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {SessionKind::kInvestigation, "INVESTIGATION", "调查笔录"},
    {SessionKind::kMediation, "MEDIATION", "调解笔录"},
};
constexpr Entry<AuthorityLevel> kAuthorityLevels[] = {
    {AuthorityLevel::kUnspecified, "UNSPECIFIED", "未指定"},
    {AuthorityLevel::kSubDistrict, "SUB_DISTRICT", "乡镇街道"},
    {AuthorityLevel::kCounty, "COUNTY", "县级"},
    {AuthorityLevel::kCity, "CITY", "市级"},
    {AuthorityLevel::kProvince, "PROVINCE", "省级"},
    {AuthorityLevel::kNational, "NATIONAL", "国家"},
};
constexpr Entry<LegalRoute> kLegalRoutes[] = {
    {LegalRoute::kUnspecified, "UNSPECIFIED", "无"},
    {LegalRoute::kLitigation, "LITIGATION", "诉讼"},
    {LegalRoute::kArbitration, "ARBITRATION", "仲裁"},
    {LegalRoute::kAdministrativeReview, "ADMINISTRATIVE_REVIEW", "行政复议"},
};
constexpr Entry<PetitionRule> kPetitionRules[] = {
    {PetitionRule::kUnspecified, "UNSPECIFIED", "无"},
    {PetitionRule::kSameMatterPending, "SAME_MATTER_PENDING", "同一事项已受理或正在办理，在规定期限内向上级提出"},
    {PetitionRule::kSkipsLevels, "SKIPS_LEVELS", "越级提出"},
    {PetitionRule::kLegalRoute, "LEGAL_ROUTE", "应当通过诉讼、仲裁、行政复议等法定途径解决"},
    {PetitionRule::kAfterReReview, "AFTER_RE_REVIEW", "复核后以同一事实和理由再次提出"},
};
constexpr Entry<PetitionDecision> kPetitionDecisions[] = {
    {PetitionDecision::kUnspecified, "UNSPECIFIED", "未指定"},
    {PetitionDecision::kSupport, "SUPPORT", "予以支持"},
    {PetitionDecision::kExplain, "EXPLAIN", "解释说明"},
    {PetitionDecision::kNotSupport, "NOT_SUPPORT", "不予支持"},
};
constexpr Entry<NoticeKind> kNoticeKinds[] = {
    {NoticeKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {NoticeKind::kAccepted, "ACCEPTED", "受理告知书"},
    {NoticeKind::kNotAccepted, "NOT_ACCEPTED", "不予受理告知书"},
    {NoticeKind::kExtension, "EXTENSION", "延期告知书"},
    {NoticeKind::kDecision, "DECISION", "信访事项处理意见书"},
    {NoticeKind::kReviewDecision, "REVIEW_DECISION", "复查意见书"},
    {NoticeKind::kReReviewDecision, "RE_REVIEW_DECISION", "复核意见书"},
};

constexpr Entry<HotlineDeadlineClass> kDeadlineClasses[] = {
    {HotlineDeadlineClass::kUnspecified, "UNSPECIFIED", "未指定"},
    {HotlineDeadlineClass::kUrgent, "URGENT", "紧急（1日）"},
    {HotlineDeadlineClass::kNormal, "NORMAL", "一般（5个工作日）"},
};
constexpr Entry<ContactMethod> kContactMethods[] = {
    {ContactMethod::kUnspecified, "UNSPECIFIED", "未指定"},
    {ContactMethod::kPhone, "PHONE", "电话"},
    {ContactMethod::kVisit, "VISIT", "上门"},
    {ContactMethod::kSms, "SMS", "短信"},
    {ContactMethod::kOther, "OTHER", "其他"},
};

bool equals_ignore_case(std::string_view a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return i == a.size() && b[i] == '\0';
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const Entry<Enum> (&table)[N], std::string_view text) {
  for (std::size_t i = 1; i < N; ++i) {  // UNSPECIFIED is never a valid choice
    if (equals_ignore_case(text, table[i].name)) return table[i].value;
  }
  return std::nullopt;
}

}  // namespace

// Hazards (hazard.hpp).
constexpr Entry<WarningKind> kWarningKinds[] = {
    {WarningKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {WarningKind::kRepeatContact, "REPEAT_CONTACT", "重复来访来电"},
    {WarningKind::kHotSpot, "HOT_SPOT", "热点问题"},
    {WarningKind::kStalled, "STALLED", "久拖未动"},
    {WarningKind::kPetitionRisk, "PETITION_RISK", "越级重复访风险"},
    {WarningKind::kGroupMatter, "GROUP_MATTER", "群体性事项"},
};
constexpr Entry<WarningState> kWarningStates[] = {
    {WarningState::kUnspecified, "UNSPECIFIED", "未指定"},
    {WarningState::kOpen, "OPEN", "待处置"},
    {WarningState::kAcknowledged, "ACKNOWLEDGED", "已知悉"},
    {WarningState::kCaseMade, "CASE_MADE", "已转案件"},
    {WarningState::kLinked, "LINKED", "已关联案件"},
    {WarningState::kDismissed, "DISMISSED", "已排除"},
};
constexpr Entry<WarningAction> kWarningActions[] = {
    {WarningAction::kUnspecified, "UNSPECIFIED", "未指定"},
    {WarningAction::kRaise, "RAISE", "预警"},
    {WarningAction::kAcknowledge, "ACKNOWLEDGE", "知悉"},
    {WarningAction::kMakeCase, "MAKE_CASE", "转为案件"},
    {WarningAction::kLinkCase, "LINK_CASE", "关联案件"},
    {WarningAction::kDismiss, "DISMISS", "排除"},
};
constexpr Entry<HazardSeverity> kHazardSeverities[] = {
    {HazardSeverity::kUnspecified, "UNSPECIFIED", "未指定"},
    {HazardSeverity::kGeneral, "GENERAL", "一般隐患"},
    {HazardSeverity::kMajor, "MAJOR", "重大隐患"},
};
constexpr Entry<ResponsibleKind> kResponsibleKinds[] = {
    {ResponsibleKind::kUnspecified, "UNSPECIFIED", "未指定"},
    {ResponsibleKind::kPerson, "PERSON", "个人"},
    {ResponsibleKind::kBusiness, "BUSINESS", "单位"},
};
constexpr Entry<InspectionState> kInspectionStates[] = {
    {InspectionState::kUnspecified, "UNSPECIFIED", "未指定"},
    {InspectionState::kPlanned, "PLANNED", "待排查"},
    {InspectionState::kDone, "DONE", "已排查"},
};

#define GRIDCASE_NAMES(Enum, table)                                              \
  const char* name(Enum v) { return find(table, v)->name; }                      \
  template <>                                                                    \
  std::optional<Enum> parse_name<Enum>(std::string_view text) { return parse(table, text); }

GRIDCASE_NAMES(UnitType, kUnitTypes)
GRIDCASE_NAMES(Level, kLevels)
GRIDCASE_NAMES(Role, kRoles)
GRIDCASE_NAMES(CaseKind, kKinds)
GRIDCASE_NAMES(Channel, kChannels)
GRIDCASE_NAMES(CaseState, kStates)
GRIDCASE_NAMES(Outcome, kOutcomes)
GRIDCASE_NAMES(Priority, kPriorities)
GRIDCASE_NAMES(PartyRole, kPartyRoles)
GRIDCASE_NAMES(EscalationReason, kEscalations)
GRIDCASE_NAMES(PartyPostKind, kPartyPosts)
GRIDCASE_NAMES(ClockKind, kClockKinds)
GRIDCASE_NAMES(AuditKind, kAuditKinds)
GRIDCASE_NAMES(ClockRun, kClockRuns)
GRIDCASE_NAMES(Colour, kColours)
GRIDCASE_NAMES(BudgetUnit, kBudgetUnits)
GRIDCASE_NAMES(ExpiryAction, kExpiryActions)
GRIDCASE_NAMES(Consent, kConsents)
GRIDCASE_NAMES(ReferralRoute, kReferrals)
GRIDCASE_NAMES(SignMark, kSignMarks)
GRIDCASE_NAMES(SessionKind, kSessionKinds)
GRIDCASE_NAMES(AuthorityLevel, kAuthorityLevels)
GRIDCASE_NAMES(LegalRoute, kLegalRoutes)
GRIDCASE_NAMES(PetitionRule, kPetitionRules)
GRIDCASE_NAMES(PetitionDecision, kPetitionDecisions)
GRIDCASE_NAMES(NoticeKind, kNoticeKinds)
GRIDCASE_NAMES(HotlineDeadlineClass, kDeadlineClasses)
GRIDCASE_NAMES(ContactMethod, kContactMethods)
GRIDCASE_NAMES(HazardSeverity, kHazardSeverities)
GRIDCASE_NAMES(ResponsibleKind, kResponsibleKinds)
GRIDCASE_NAMES(InspectionState, kInspectionStates)
GRIDCASE_NAMES(WarningKind, kWarningKinds)
GRIDCASE_NAMES(WarningState, kWarningStates)
GRIDCASE_NAMES(WarningAction, kWarningActions)
#undef GRIDCASE_NAMES

// Actions are named in their table (action_table.hpp).
const char* name(Action v) {
  const ActionSpec* spec = action_spec(v);
  return spec != nullptr ? spec->name : "UNSPECIFIED";
}
const char* label_zh(Action v) {
  const ActionSpec* spec = action_spec(v);
  return spec != nullptr ? spec->label_zh : "未指定";
}
template <>
std::optional<Action> parse_name<Action>(std::string_view text) {
  for (const auto& spec : action_table()) {
    if (equals_ignore_case(text, spec.name)) return spec.action;
  }
  return std::nullopt;
}

const char* label_zh(UnitType v) { return find(kUnitTypes, v)->zh; }
const char* label_zh(Level v) { return find(kLevels, v)->zh; }
const char* label_zh(Role v) { return find(kRoles, v)->zh; }
const char* label_zh(CaseKind v) { return find(kKinds, v)->zh; }
const char* label_zh(Channel v) { return find(kChannels, v)->zh; }
const char* label_zh(CaseState v) { return find(kStates, v)->zh; }
const char* label_zh(Outcome v) { return find(kOutcomes, v)->zh; }
const char* label_zh(Priority v) { return find(kPriorities, v)->zh; }
const char* label_zh(PartyRole v) { return find(kPartyRoles, v)->zh; }
const char* label_zh(ClockKind v) { return find(kClockKinds, v)->zh; }
const char* label_zh(AuditKind v) { return find(kAuditKinds, v)->zh; }
const char* label_zh(ClockRun v) { return find(kClockRuns, v)->zh; }
const char* label_zh(Colour v) { return find(kColours, v)->zh; }
const char* label_zh(BudgetUnit v) { return find(kBudgetUnits, v)->zh; }
const char* label_zh(ExpiryAction v) { return find(kExpiryActions, v)->zh; }
const char* label_zh(EscalationReason v) { return find(kEscalations, v)->zh; }
const char* label_zh(PartyPostKind v) { return find(kPartyPosts, v)->zh; }
const char* label_zh(Consent v) { return find(kConsents, v)->zh; }
const char* label_zh(ReferralRoute v) { return find(kReferrals, v)->zh; }
const char* label_zh(SignMark v) { return find(kSignMarks, v)->zh; }
const char* label_zh(SessionKind v) { return find(kSessionKinds, v)->zh; }
const char* label_zh(AuthorityLevel v) { return find(kAuthorityLevels, v)->zh; }
const char* label_zh(LegalRoute v) { return find(kLegalRoutes, v)->zh; }
const char* label_zh(PetitionRule v) { return find(kPetitionRules, v)->zh; }
const char* label_zh(PetitionDecision v) { return find(kPetitionDecisions, v)->zh; }
const char* label_zh(NoticeKind v) { return find(kNoticeKinds, v)->zh; }
const char* label_zh(HotlineDeadlineClass v) { return find(kDeadlineClasses, v)->zh; }
const char* label_zh(ContactMethod v) { return find(kContactMethods, v)->zh; }
const char* label_zh(HazardSeverity v) { return find(kHazardSeverities, v)->zh; }
const char* label_zh(ResponsibleKind v) { return find(kResponsibleKinds, v)->zh; }
const char* label_zh(InspectionState v) { return find(kInspectionStates, v)->zh; }
const char* label_zh(WarningKind v) { return find(kWarningKinds, v)->zh; }
const char* label_zh(WarningState v) { return find(kWarningStates, v)->zh; }
const char* label_zh(WarningAction v) { return find(kWarningActions, v)->zh; }

}  // namespace gridcase
