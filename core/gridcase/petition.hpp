// Petitions (信访, 信访工作条例 in force 2022-05-01): intake by channel, the acceptance rules, the
// statutory clocks, the written decision and the review chain.
//
//   REPORTED ─ACCEPT (acceptance check)→ ACCEPTED ─DISPATCH→ IN_PROGRESS ─DECIDE_PETITION→ RESOLVED
//      └REJECT (the rule's article, 不予受理告知书)→ NOT_ACCEPTED
//   RESOLVED ─REQUEST_REVIEW (within 30 days)→ UNDER_REVIEW ─DECIDE_REVIEW (within 30)→ REVIEWED
//   REVIEWED ─REQUEST_RE_REVIEW (within 30 days)→ UNDER_RE_REVIEW ─DECIDE_RE_REVIEW (within 30)→
//   CLOSED, final: the same request is not accepted again by anyone (art. 36).
//   RESOLVED and REVIEWED may also CLOSE when the petitioner asks for nothing more.
//
// Clocks: RESPONSE 15 days from registration (written notice, art. 22-23) and RESOLVE 60 days
// from acceptance (art. 34) come from the deadline policy; the RESOLVE clock may be extended once,
// by at most 30 days, with a supervisor's approval and a notice telling the petitioner why. The
// review chain's four 30-day clocks are statutory and every petition carries them.
// The petitioners (parties with an ID number) are found across cases by that number, so the same
// person and the same matter are seen across channels, levels and years.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

struct Case;

// The level of the authority a petition was brought to, or that is competent for it.
enum class AuthorityLevel {
  kUnspecified = 0,
  kSubDistrict = 1,  // 乡镇街道
  kCounty = 2,       // 县级（区）
  kCity = 3,         // 市级
  kProvince = 4,     // 省级
  kNational = 5,     // 国家
};

// A legal route the matter belongs to instead (诉访分离, art. 31).
enum class LegalRoute {
  kUnspecified = 0,  // none: a petition matter
  kLitigation = 1,             // 诉讼
  kArbitration = 2,            // 仲裁
  kAdministrativeReview = 3,   // 行政复议
};

// The rule an acceptance check found.
enum class PetitionRule {
  kUnspecified = 0,        // none applies: acceptable
  kSameMatterPending = 1,  // art. 19: already accepted or being handled, brought higher in time
  kSkipsLevels = 2,        // art. 20: skips its own level and the next one up (越级)
  kLegalRoute = 3,         // art. 31: for litigation, arbitration or administrative review
  kAfterReReview = 4,      // art. 36: the same request after re-review (不再受理)
};

// The written decision (处理意见书) and the review and re-review answers.
enum class PetitionDecision {
  kUnspecified = 0,
  kSupport = 1,     // 支持
  kExplain = 2,     // 解释说明
  kNotSupport = 3,  // 不予支持
};

enum class NoticeKind {
  kUnspecified = 0,
  kAccepted = 1,          // 受理告知书
  kNotAccepted = 2,       // 不予受理告知书
  kExtension = 3,         // 延期告知书
  kDecision = 4,          // 处理意见书
  kReviewDecision = 5,    // 复查意见书
  kReReviewDecision = 6,  // 复核意见书
};

// A written notice to the petitioner, kept with the case.
struct PetitionNotice {
  NoticeKind kind = NoticeKind::kUnspecified;
  TimeMs at = 0;
  PetitionRule rule = PetitionRule::kUnspecified;
  std::string text;
};

// What intake records of a petition (at creation).
struct PetitionIntake {
  // 信访事项: a short key naming the matter, the same for every petition about it ("河畔小区
  // 3号楼拆迁补偿"). Empty: the case's title.
  std::string matter;
  AuthorityLevel received_level = AuthorityLevel::kUnspecified;   // brought to (default: 乡镇街道)
  AuthorityLevel competent_level = AuthorityLevel::kUnspecified;  // competent (default: 乡镇街道)
  LegalRoute legal_route = LegalRoute::kUnspecified;
  int persons = 0;                  // visits: how many people came (人次, default 1); one visit is one batch
  std::vector<int> representatives; // group visits (5 or more people): party indices, at most 5
};

struct Petition {
  PetitionIntake intake;
  PetitionRule accepted_over = PetitionRule::kUnspecified;  // a rule overridden by the clerk
  PetitionRule not_accepted_rule = PetitionRule::kUnspecified;
  PetitionDecision decision = PetitionDecision::kUnspecified;
  std::string decision_basis;
  PetitionDecision review_decision = PetitionDecision::kUnspecified;
  std::string review_basis;
  PetitionDecision re_review_decision = PetitionDecision::kUnspecified;
  std::string re_review_basis;
  bool concluded = false;  // 终结: re-review answered; not accepted again (art. 36)
  std::string extension_reason;  // the reason of the pending or granted extension, told to the petitioner
  std::vector<PetitionNotice> notices;
};

// The content of a petition step: ACCEPT (override), DECIDE_PETITION, DECIDE_REVIEW,
// DECIDE_RE_REVIEW.
struct PetitionStep {
  bool override_rule = false;  // ACCEPT despite a rule; the command's reason is recorded
  PetitionDecision decision = PetitionDecision::kUnspecified;
  std::string basis;  // the legal basis of the decision
};

// What the acceptance check answers.
struct AcceptanceCheck {
  PetitionRule rule = PetitionRule::kUnspecified;  // the first rule that applies, or none
  std::string article;      // "信访工作条例 第十九条"
  std::string explanation;  // why, in Chinese
  std::vector<std::string> related_cases;  // the same person's petitions on the same matter
};

// Statutory budgets, in calendar days.
constexpr int kPetitionNoticeDays = 15;
constexpr int kPetitionHandleDays = 60;
constexpr int kPetitionMaxExtensionDays = 30;
constexpr int kPetitionReviewDays = 30;

// "信访工作条例 第十九条" for kSameMatterPending, and so on; "" for none.
// (Names and Chinese labels of these enums are in names.hpp.)
const char* rule_article(PetitionRule rule);

// The acceptance check of `petition` (a PETITION case) against `others`: every other case that
// shares a petitioner's ID number (any kind, any state; the check picks the petitions on the same
// matter). Rules in order: art. 36, art. 19, art. 20, art. 31; the first that applies answers.
AcceptanceCheck check_acceptance(const Case& petition, const std::vector<Case>& others, TimeMs now);

// The text of a written notice about `c` (names the applicants; never the parties' phones or ID
// numbers). `extra` is the rule's explanation, the decision's basis or the extension's reason.
std::string notice_text(NoticeKind kind, const Case& c, PetitionRule rule,
                        PetitionDecision decision, const std::string& extra, TimeMs at);

}  // namespace gridcase
