// People's mediation (人民调解, 人民调解法 2011) of a DISPUTE case: the committee and mediators,
// each party's consent, the sessions, the mediation agreement (调解协议书) with its signatures,
// the follow-up (回访) and the referral when mediation cannot go on.
//
// The steps run on the common lifecycle (lifecycle.hpp) as case actions:
//   REQUEST_MEDIATION REPORTED or ACCEPTED → ACCEPTED: 申请调解, the grid worker or the community
//                     sends the dispute to a committee (by default the one of the case's
//                     community); its mediators see it from then on.
//   ASSIGN_MEDIATION  ACCEPTED → IN_PROGRESS (or again in IN_PROGRESS): the committee (community
//                     or sub-district) and one or more mediators, chosen by the parties or not.
//   RECORD_CONSENT    a party agrees (state kept) or refuses: mediation stops and the case
//                     closes as REFERRED, with the referral (arbitration, administrative, court).
//   RECORD_SESSION    a session (time, place, attendees, what was said), or the investigation
//                     (调查) before it; only once every party has agreed to mediation.
//   DRAFT_AGREEMENT   the agreement with the fields of art. 29; replaces any earlier draft and
//                     its signatures.
//   SIGN_AGREEMENT    a party's signature, seal or thumbprint, or the mediator's signature with
//                     the committee's seal. The last one makes the agreement effective: the case
//                     is RESOLVED with outcome AGREEMENT and the 30-day judicial confirmation
//                     window (司法确认, CONFIRMATION clock) starts.
//   FOLLOW_UP         回访 on performance, on a RESOLVED case; an AGREEMENT case closes only
//                     after one.
//   REFER             mediation failed: the case closes as REFERRED with the route.
//   AGREEMENT_NOT_PERFORMED  on a CLOSED dispute settled by an effective agreement, a party did
//                     not perform it (人民调解法 art. 32 and 33): either the parties come back to
//                     the committee and the mediation starts again (remediate: CLOSED →
//                     IN_PROGRESS, outcome cleared; a new draft replaces the agreement), or the
//                     case stays CLOSED as REFERRED with the route (a suit in court on the
//                     agreement, art. 32, or enforcement of a confirmed one, art. 33). A new
//                     case for the same matter is linked to it (related.hpp).
// A RISK escalation of a dispute must record that the police were told (art. 25).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

enum class Consent { kUnspecified = 0, kAgreed = 1, kRefused = 2 };

// Where a dispute goes when mediation cannot settle it.
enum class ReferralRoute {
  kUnspecified = 0,
  kArbitration = 1,     // 仲裁
  kAdministrative = 2,  // 行政处理
  kCourt = 3,           // 诉讼
};

// How a party executed the agreement.
enum class SignMark { kUnspecified = 0, kSignature = 1, kSeal = 2, kThumbprint = 3 };

enum class SessionKind {
  kUnspecified = 0,
  kInvestigation = 1,  // 调查: the facts gathered before mediating
  kMediation = 2,      // 调解: a mediation session
};

// One record of a session (调解笔录) or of the investigation (调查笔录).
struct MediationSession {
  SessionKind kind = SessionKind::kMediation;
  TimeMs at = 0;
  std::string place;
  std::vector<std::string> attendees;
  std::string record;  // what was said and established
  UserId recorded_by = 0;
};

// A party's basic details for the agreement (art. 29: 当事人的基本情况), beyond the name, phone
// and ID number the case holds (sex and age come from the ID number). Personal data: shown in
// full only in the case file printed for the archive, an audited reveal.
struct PartyDetails {
  std::string ethnicity;   // 民族
  std::string occupation;  // 职业
  std::string address;     // 住址
};

// One agreed term: what is done, how, and by when (art. 29).
struct AgreementTerm {
  std::string content;      // 协议内容
  std::string performance;  // 履行方式
  TimeMs due_at = 0;        // 履行期限
};

// 调解协议书 (人民调解法 art. 29). The marks are one per case party, in the case's party order
// (kUnspecified: not yet); only applicants and respondents must sign.
struct Agreement {
  std::string parties_info;      // 当事人的基本情况
  std::string facts;             // 纠纷的主要事实
  std::string disputed_points;   // 争议事项
  std::string responsibilities;  // 各方当事人的责任
  std::vector<AgreementTerm> terms;
  std::vector<SignMark> party_marks;
  std::vector<PartyDetails> party_details;  // one per case party, in party order (may be empty)
  std::vector<TimeMs> party_signed_at;      // when each mark was given (0: not yet)
  TimeMs mediator_signed_at = 0;
  bool mediator_signed = false;   // the mediator's signature ...
  bool committee_sealed = false;  // ... with the committee's seal (given together)
  UserId signing_mediator = 0;
  TimeMs drafted_at = 0;
  TimeMs effective_at = 0;        // 0 until every mark is there
};

// 回访: how the agreement is being performed.
struct FollowUp {
  TimeMs at = 0;
  bool performed = false;
  std::string note;
  UserId by = 0;
};

// 协议未履行: a party did not perform the effective agreement of a closed dispute.
struct NonPerformance {
  TimeMs at = 0;
  UserId by = 0;
  std::string note;                 // what was not performed, by whom
  bool remediate = false;           // mediated again; otherwise referred by `referral`
  ReferralRoute referral = ReferralRoute::kUnspecified;
};

// Everything the mediation of a case has recorded. Empty on other kinds.
struct Mediation {
  UnitId committee_unit_id = 0;
  std::vector<UserId> mediators;
  bool chosen_by_parties = false;  // the parties chose the mediators (art. 19)
  std::vector<Consent> consents;   // one per case party, in party order
  std::vector<MediationSession> sessions;
  bool has_agreement = false;
  Agreement agreement;
  std::vector<FollowUp> follow_ups;
  ReferralRoute referral = ReferralRoute::kUnspecified;
  std::string referral_note;
  std::vector<NonPerformance> not_performed;  // 协议未履行, oldest first
  bool risk = false;             // a RISK escalation happened
  bool police_notified = false;  // and the police were told (art. 25)
};

// The content of a mediation step (a CaseCommand with one of the actions above).
struct MediationStep {
  UnitId committee_unit_id = 0;       // ASSIGN_MEDIATION; REQUEST_MEDIATION (0: the community's)
  std::vector<UserId> mediators;      // ASSIGN_MEDIATION
  bool chosen_by_parties = false;     // ASSIGN_MEDIATION
  int party_index = -1;               // RECORD_CONSENT, SIGN_AGREEMENT (a party's mark)
  Consent consent = Consent::kUnspecified;          // RECORD_CONSENT
  ReferralRoute referral = ReferralRoute::kUnspecified;  // RECORD_CONSENT refused, REFER,
                                                         // AGREEMENT_NOT_PERFORMED unless remediate
  bool remediate = false;             // AGREEMENT_NOT_PERFORMED: mediate again
  MediationSession session;           // RECORD_SESSION (recorded_by is the caller)
  Agreement agreement;                // DRAFT_AGREEMENT (the content fields and party_details)
  SignMark mark = SignMark::kUnspecified;  // SIGN_AGREEMENT by a party
  bool mediator_signature = false;    // SIGN_AGREEMENT by the mediator, with the committee seal
  bool performed = false;             // FOLLOW_UP
};

}  // namespace gridcase
