// The rules of disputes (矛盾纠纷): people's mediation (mediation.hpp, 人民调解法), checked
// before a command's write and applied inside it.
#include <algorithm>
#include <set>

#include "gridcase/deadlines.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/mediation.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

constexpr int kConfirmationDays = 30;  // 人民调解法 art. 33: 30 days to apply for 司法确认
constexpr std::size_t kMaxPlace = 200;
constexpr std::size_t kMaxMediators = 10;
constexpr std::size_t kMaxAttendees = 50;
constexpr std::size_t kMaxTerms = 30;
constexpr std::size_t kMaxParties = 50;
constexpr std::size_t kMaxDetail = 50;

bool is_mediation_step(Action a) {
  return a == Action::kRequestMediation || a == Action::kAssignMediation || a == Action::kRecordConsent || a == Action::kRecordSession ||
         a == Action::kDraftAgreement || a == Action::kSignAgreement || a == Action::kFollowUp ||
         a == Action::kRefer || a == Action::kAgreementNotPerformed;
}

bool is_system(const User& u) { return u.id == kSystemActor; }

Status check_assigned(const Case& c) {
  if (c.mediation.committee_unit_id == 0) {
    return Status(reason::MEDIATION_NOT_ASSIGNED, "assign a mediation committee and mediators first");
  }
  return {};
}

Status check_party(const Case& c, int index) {
  if (index < 0 || index >= static_cast<int>(c.parties.size())) {
    return Status(reason::BAD_PARTY, "no party " + std::to_string(index + 1) + " on this case");
  }
  if (!is_dispute_party(c.parties[index])) {
    return Status(reason::BAD_PARTY, "only applicants and respondents consent and sign");
  }
  return {};
}

// Every applicant and respondent has agreed to mediation (and there is at least one).
Status check_all_consented(const Case& c) {
  bool any = false;
  for (std::size_t i = 0; i < c.parties.size(); ++i) {
    if (!is_dispute_party(c.parties[i])) continue;
    any = true;
    if (i >= c.mediation.consents.size() || c.mediation.consents[i] != Consent::kAgreed) {
      return Status(reason::CONSENT_MISSING, "party " + std::to_string(i + 1) +
                                                        " has not agreed to mediation (人民调解法 art. 17)");
    }
  }
  if (!any) return Status(reason::NO_PARTIES, "a mediation needs its applicants and respondents on the case");
  return {};
}

bool agreement_complete(const Case& c) {
  const Agreement& a = c.mediation.agreement;
  if (!a.mediator_signed || !a.committee_sealed) return false;
  for (std::size_t i = 0; i < c.parties.size(); ++i) {
    if (!is_dispute_party(c.parties[i])) continue;
    if (i >= a.party_marks.size() || a.party_marks[i] == SignMark::kUnspecified) return false;
  }
  return true;
}

void stop_kind(Case& c, ClockKind kind, TimeMs now, const WorkingCalendar& cal) {
  for (auto& k : c.clocks) {
    if (k.kind == kind && (k.run == ClockRun::kRunning || k.run == ClockRun::kPaused)) stop_clock(k, now, cal);
  }
}

// The committee a step names: an active mediation committee of a community or sub-district,
// in the actor's subtree or attached to a unit above them.
Result<const OrgUnit*> committee_of(const StepContext& s, UnitId id) {
  const OrgUnit* committee = s.tree.find(id);
  if (committee == nullptr || committee->retired || committee->type != UnitType::kMediationCommittee) {
    return Status(reason::BAD_COMMITTEE, "not an active people's mediation committee");
  }
  const OrgUnit* parent = s.tree.find(committee->parent_id);
  if (parent == nullptr || (parent->type != UnitType::kCommunity && parent->type != UnitType::kSubDistrict)) {
    return Status(reason::BAD_COMMITTEE, "a mediation committee belongs to a community or a sub-district");
  }
  if (!is_system(s.actor) && !s.tree.in_subtree(s.actor.scope_unit_id, committee->id) &&
      !s.tree.in_subtree(committee->parent_id, s.actor.scope_unit_id)) {
    return Status(reason::UNIT_NOT_FOUND, "no such committee within your reach");
  }
  return committee;
}

// The one active committee of the community where the case lies.
Result<UnitId> community_committee(const StepContext& s) {
  const OrgUnit* community = s.tree.ancestor_of_type(s.c.location.unit_id, UnitType::kCommunity);
  std::vector<UnitId> found;
  if (community != nullptr) {
    for (UnitId child : s.tree.children(community->id)) {
      const OrgUnit* u = s.tree.find(child);
      if (!u->retired && u->type == UnitType::kMediationCommittee) found.push_back(u->id);
    }
  }
  if (found.size() != 1) {
    return Status(reason::MISSING_FIELD, found.empty() ? "the case's community has no mediation committee: name one"
                                                       : "the case's community has several mediation committees: name one");
  }
  return found.front();
}

// 申请调解: the dispute goes to the committee, whose mediators take it up (ASSIGN_MEDIATION).
Status request(StepContext& s) {
  UnitId id = s.cmd.mediation.committee_unit_id;
  if (id == 0) {
    auto own = community_committee(s);
    if (!own) return own.status();
    id = *own;
  }
  auto committee = committee_of(s, id);
  if (!committee) return committee.status();
  s.c.mediation.committee_unit_id = (*committee)->id;
  s.c.handling_unit_id = (*committee)->id;
  s.c.assignee_user_id = 0;
  s.e.details["committee_id"] = std::to_string((*committee)->id);
  s.e.details["committee"] = (*committee)->name;
  s.e.details["unit_id"] = std::to_string((*committee)->id);
  return {};
}

Status assign(StepContext& s) {
  const MediationStep& m = s.cmd.mediation;
  auto found = committee_of(s, m.committee_unit_id);
  if (!found) return found.status();
  const OrgUnit* committee = *found;
  std::string ids;
  for (UserId id : m.mediators) {
    auto u = s.view.get_user(id);
    if (!u || u->disabled || u->role != Role::kMediator) {
      return Status(reason::BAD_MEDIATOR, "mediator #" + std::to_string(id) + " is not an active mediator");
    }
    // Members of the committee: people of the committee's unit (or of the committee itself).
    if (u->scope_unit_id != committee->id && !s.tree.in_subtree(committee->parent_id, u->scope_unit_id)) {
      return Status(reason::BAD_MEDIATOR, "mediator #" + std::to_string(id) + " does not serve this committee");
    }
    ids += (ids.empty() ? "" : ",") + std::to_string(id);
  }
  Mediation& med = s.c.mediation;
  med.committee_unit_id = committee->id;
  med.mediators = m.mediators;
  med.chosen_by_parties = m.chosen_by_parties;
  if (med.consents.size() < s.c.parties.size()) med.consents.resize(s.c.parties.size(), Consent::kUnspecified);
  s.c.handling_unit_id = committee->id;
  s.c.assignee_user_id = m.mediators.front();
  s.e.details["committee_id"] = std::to_string(committee->id);
  s.e.details["committee"] = committee->name;
  s.e.details["unit_id"] = std::to_string(committee->id);
  s.e.details["mediators"] = ids;
  s.e.details["chosen_by_parties"] = m.chosen_by_parties ? "true" : "false";
  return {};
}

// The dispute goes the way of the referral the step names (REFERRED).
Status refer(StepContext& s) {
  s.c.outcome = Outcome::kReferred;
  s.c.mediation.referral = s.cmd.mediation.referral;
  s.c.mediation.referral_note = s.cmd.reason;
  s.e.details["outcome"] = name(Outcome::kReferred);
  s.e.details["referral"] = name(s.cmd.mediation.referral);
  return {};
}

Status consent(StepContext& s) {
  const MediationStep& m = s.cmd.mediation;
  GRIDCASE_RETURN_IF_ERROR(check_assigned(s.c));
  GRIDCASE_RETURN_IF_ERROR(check_party(s.c, m.party_index));
  Mediation& med = s.c.mediation;
  if (med.consents.size() < s.c.parties.size()) med.consents.resize(s.c.parties.size(), Consent::kUnspecified);
  med.consents[m.party_index] = m.consent;
  s.e.details["party"] = std::to_string(m.party_index + 1);
  s.e.details["consent"] = name(m.consent);
  if (m.consent == Consent::kRefused) {
    // 人民调解法 art. 17: mediation needs consent; a refusal ends it, and the dispute goes the
    // way of the referral.
    auto closed = finishing_state(s.c, Action::kRecordConsent);
    if (!closed) return Status(reason::TRANSITION_NOT_ALLOWED, "a refusal cannot close this case now");
    s.next = *closed;
    return refer(s);
  }
  return {};
}

Status session(StepContext& s) {
  MediationSession rec = s.cmd.mediation.session;
  GRIDCASE_RETURN_IF_ERROR(check_assigned(s.c));
  if (rec.kind == SessionKind::kMediation) GRIDCASE_RETURN_IF_ERROR(check_all_consented(s.c));
  rec.recorded_by = s.actor.id;
  s.c.mediation.sessions.push_back(std::move(rec));
  const MediationSession& stored = s.c.mediation.sessions.back();
  s.e.details["session"] = std::to_string(s.c.mediation.sessions.size());
  s.e.details["kind"] = name(stored.kind);
  s.e.details["at"] = std::to_string(stored.at);
  s.e.details["place"] = stored.place;
  return {};
}

Status draft(StepContext& s) {
  GRIDCASE_RETURN_IF_ERROR(check_assigned(s.c));
  GRIDCASE_RETURN_IF_ERROR(check_all_consented(s.c));
  Mediation& med = s.c.mediation;
  // A new draft replaces the old one; signatures given to the old text do not carry over.
  med.agreement = s.cmd.mediation.agreement;
  if (med.agreement.party_details.size() > s.c.parties.size()) {
    return Status(reason::BAD_PARTY, "the agreement gives details of " + std::to_string(med.agreement.party_details.size()) +
                                         " parties; the case has " + std::to_string(s.c.parties.size()));
  }
  med.agreement.party_marks.assign(s.c.parties.size(), SignMark::kUnspecified);
  med.agreement.party_signed_at.assign(s.c.parties.size(), 0);
  med.agreement.mediator_signed_at = 0;
  med.agreement.mediator_signed = false;
  med.agreement.committee_sealed = false;
  med.agreement.signing_mediator = 0;
  med.agreement.drafted_at = s.now;
  med.agreement.effective_at = 0;
  med.has_agreement = true;
  s.e.details["terms"] = std::to_string(med.agreement.terms.size());
  return {};
}

Status sign(StepContext& s) {
  const MediationStep& m = s.cmd.mediation;
  Mediation& med = s.c.mediation;
  if (!med.has_agreement) return Status(reason::NO_AGREEMENT, "draft the mediation agreement first");
  Agreement& a = med.agreement;
  if (m.mediator_signature) {
    if (!is_system(s.actor) &&
        std::find(med.mediators.begin(), med.mediators.end(), s.actor.id) == med.mediators.end()) {
      return Status(reason::NOT_THE_MEDIATOR, "only a mediator of this case signs the agreement for the committee");
    }
    if (a.mediator_signed) return Status(reason::ALREADY_SIGNED, "the mediator has signed already");
    a.mediator_signed = true;
    a.committee_sealed = true;
    a.signing_mediator = s.actor.id;
    a.mediator_signed_at = s.now;
    s.e.details["signed_by"] = "MEDIATOR";
    s.e.details["committee_seal"] = "true";
  } else {
    GRIDCASE_RETURN_IF_ERROR(check_party(s.c, m.party_index));
    if (a.party_marks.size() < s.c.parties.size()) a.party_marks.resize(s.c.parties.size(), SignMark::kUnspecified);
    if (a.party_marks[m.party_index] != SignMark::kUnspecified) {
      return Status(reason::ALREADY_SIGNED, "party " + std::to_string(m.party_index + 1) + " has signed already");
    }
    a.party_marks[m.party_index] = m.mark;
    if (a.party_signed_at.size() < s.c.parties.size()) a.party_signed_at.resize(s.c.parties.size(), 0);
    a.party_signed_at[m.party_index] = s.now;
    s.e.details["signed_by"] = "PARTY";
    s.e.details["party"] = std::to_string(m.party_index + 1);
    s.e.details["mark"] = name(m.mark);
  }
  if (!agreement_complete(s.c)) return {};

  // 人民调解法 art. 29: effective once every party and the mediator (with the seal) have signed.
  auto resolved = finishing_state(s.c, Action::kSignAgreement);
  if (!resolved) return Status(reason::TRANSITION_NOT_ALLOWED, "the agreement cannot resolve this case now");
  s.next = *resolved;
  a.effective_at = s.now;
  s.c.outcome = Outcome::kAgreement;
  stop_kind(s.c, ClockKind::kResolve, s.now, s.cal);
  // The judicial confirmation window (art. 33) starts now; the engine's clock hooks start it.
  s.c.clocks.erase(std::remove_if(s.c.clocks.begin(), s.c.clocks.end(),
                                  [](const CaseClock& k) { return k.kind == ClockKind::kConfirmation; }),
                   s.c.clocks.end());
  s.c.clocks.push_back(statutory_clock(ClockKind::kConfirmation, kConfirmationDays, Action::kSignAgreement,
                                       Action::kClose));
  s.e.details["agreement"] = "EFFECTIVE";
  s.e.details["outcome"] = name(Outcome::kAgreement);
  return {};
}

Status follow_up(StepContext& s) {
  FollowUp f;
  f.at = s.now;
  f.performed = s.cmd.mediation.performed;
  f.note = s.cmd.reason;
  f.by = s.actor.id;
  s.c.mediation.follow_ups.push_back(std::move(f));
  s.e.details["performed"] = s.cmd.mediation.performed ? "true" : "false";
  return {};
}

// 协议未履行 (人民调解法 art. 32, 33): only a dispute closed by an effective agreement. Mediated
// again, it goes back IN_PROGRESS with its outcome cleared (the agreement stays until a new
// draft replaces it); otherwise it stays closed, now as REFERRED by the route given.
Status not_performed(StepContext& s) {
  Mediation& med = s.c.mediation;
  if (s.c.outcome != Outcome::kAgreement || !med.has_agreement || med.agreement.effective_at == 0) {
    return Status(reason::NOT_SETTLED_BY_AGREEMENT, "only a dispute closed by an effective mediation agreement can record that it was not performed");
  }
  NonPerformance np;
  np.at = s.now;
  np.by = s.actor.id;
  np.note = s.cmd.reason;
  np.remediate = s.cmd.mediation.remediate;
  np.referral = np.remediate ? ReferralRoute::kUnspecified : s.cmd.mediation.referral;
  med.not_performed.push_back(np);
  s.e.details["remediate"] = np.remediate ? "true" : "false";
  if (np.remediate) {
    auto again = finishing_state(s.c, Action::kAgreementNotPerformed);
    if (!again) return Status(reason::TRANSITION_NOT_ALLOWED, "the dispute cannot be mediated again now");
    s.next = *again;
    s.c.outcome = Outcome::kUnspecified;
    if (!med.mediators.empty()) s.c.assignee_user_id = med.mediators.front();
    if (med.committee_unit_id != 0) s.c.handling_unit_id = med.committee_unit_id;
    s.e.details["outcome"] = name(Outcome::kUnspecified);
    return {};
  }
  return refer(s);
}

class DisputeRules final : public KindRules {
 public:
  CaseKind kind() const override { return CaseKind::kDispute; }
  bool owns_step(Action a) const override { return is_mediation_step(a); }
  Status check_step(const CaseCommand& cmd) const override;
  std::string canonical_step(const CaseCommand& r) const override;
  Status apply_step(StepContext& s) const override;
};

Status DisputeRules::check_step(const CaseCommand& cmd) const {
  const MediationStep& m = cmd.mediation;
  switch (cmd.action) {
    case Action::kRequestMediation:
      if (m.committee_unit_id < 0) return Status(reason::BAD_COMMITTEE, "not an active people's mediation committee");
      return {};
    case Action::kAssignMediation: {
      if (m.committee_unit_id <= 0) return Status(reason::MISSING_FIELD, "the mediation committee is required");
      if (m.mediators.empty() || m.mediators.size() > kMaxMediators) {
        return Status(reason::BAD_MEDIATORS, "name 1 to 10 mediators");
      }
      std::set<UserId> seen;
      for (UserId u : m.mediators) {
        if (u <= 0 || !seen.insert(u).second) return Status(reason::BAD_MEDIATORS, "mediators are distinct users");
      }
      return {};
    }
    case Action::kRecordConsent:
      if (m.party_index < 0) return Status(reason::MISSING_FIELD, "which party consents is required");
      GRIDCASE_RETURN_IF_ERROR(check_enum(m.consent, Consent::kRefused, "consent", true));
      GRIDCASE_RETURN_IF_ERROR(check_enum(m.referral, ReferralRoute::kCourt, "referral", false));
      if (m.consent == Consent::kRefused && m.referral == ReferralRoute::kUnspecified) {
        return Status(reason::MISSING_REFERRAL, "a refusal ends mediation: say where the dispute is referred (arbitration, administrative, court)");
      }
      return {};
    case Action::kRecordSession: {
      const MediationSession& s = m.session;
      GRIDCASE_RETURN_IF_ERROR(check_enum(s.kind, SessionKind::kMediation, "session kind", true));
      if (s.at <= 0) return Status(reason::MISSING_FIELD, "the session's time is required");
      GRIDCASE_RETURN_IF_ERROR(check_text(s.place, "place", kMaxPlace, false, true));
      if (s.attendees.empty() || s.attendees.size() > kMaxAttendees) {
        return Status(reason::BAD_ATTENDEES, "name 1 to 50 people who attended");
      }
      for (const auto& a : s.attendees) GRIDCASE_RETURN_IF_ERROR(check_text(a, "attendee", kMaxName, false, true));
      return check_text(s.record, "record", kMaxDescription, true, true);
    }
    case Action::kDraftAgreement: {
      const Agreement& a = m.agreement;
      GRIDCASE_RETURN_IF_ERROR(check_text(a.parties_info, "parties' basic information", kMaxReason, true, true));
      GRIDCASE_RETURN_IF_ERROR(check_text(a.facts, "main facts", kMaxDescription, true, true));
      GRIDCASE_RETURN_IF_ERROR(check_text(a.disputed_points, "points in dispute", kMaxReason, true, true));
      GRIDCASE_RETURN_IF_ERROR(check_text(a.responsibilities, "responsibilities", kMaxReason, true, true));
      if (a.terms.empty() || a.terms.size() > kMaxTerms) {
        return Status(reason::MISSING_TERMS, "an agreement has 1 to 30 agreed terms");
      }
      if (a.party_details.size() > kMaxParties) return Status(reason::BAD_PARTY, "at most 50 parties");
      for (const auto& d : a.party_details) {
        GRIDCASE_RETURN_IF_ERROR(check_text(d.ethnicity, "ethnicity", kMaxDetail, false, false));
        GRIDCASE_RETURN_IF_ERROR(check_text(d.occupation, "occupation", kMaxDetail, false, false));
        GRIDCASE_RETURN_IF_ERROR(check_text(d.address, "address", kMaxPlace, false, false));
      }
      for (const auto& t : a.terms) {
        GRIDCASE_RETURN_IF_ERROR(check_text(t.content, "term", kMaxReason, true, true));
        GRIDCASE_RETURN_IF_ERROR(check_text(t.performance, "how the term is performed", kMaxReason, true, true));
        if (t.due_at <= 0) return Status(reason::MISSING_FIELD, "each term says by when it is performed");
      }
      return {};
    }
    case Action::kSignAgreement:
      GRIDCASE_RETURN_IF_ERROR(check_enum(m.mark, SignMark::kThumbprint, "mark", false));
      if (m.mediator_signature == (m.party_index >= 0)) {
        return Status(reason::BAD_SIGNATURE, "a signature is either a party's mark or the mediator's with the committee seal");
      }
      if (!m.mediator_signature && m.mark == SignMark::kUnspecified) {
        return Status(reason::MISSING_FIELD, "a party signs, seals or thumbprints: say which");
      }
      return {};
    case Action::kRefer:
      return check_enum(m.referral, ReferralRoute::kCourt, "referral", true);
    case Action::kAgreementNotPerformed:
      GRIDCASE_RETURN_IF_ERROR(check_enum(m.referral, ReferralRoute::kCourt, "referral", false));
      if (m.remediate == (m.referral != ReferralRoute::kUnspecified)) {
        return Status(reason::MISSING_REFERRAL, "an agreement not performed is either mediated again or referred (court: 人民调解法 art. 32): say which");
      }
      return {};
    default:
      return {};
  }
}

// The mediation fields render for every mediation step, set or not: stored fingerprints have them.
std::string DisputeRules::canonical_step(const CaseCommand& r) const {
  Canon c;
  const MediationStep& m = r.mediation;
  if (is_mediation_step(r.action)) {
    c.add(m.committee_unit_id).add(std::int64_t{m.chosen_by_parties}).add(std::int64_t{m.party_index})
        .add(m.consent).add(m.referral).add(m.mark).add(std::int64_t{m.mediator_signature})
        .add(std::int64_t{m.performed});
    for (UserId u : m.mediators) c.add(u);
    c.add(m.session.kind).add(m.session.at).add(m.session.place).add(m.session.record);
    for (const auto& a : m.session.attendees) c.add(a);
    const Agreement& a = m.agreement;
    c.add(a.parties_info).add(a.facts).add(a.disputed_points).add(a.responsibilities);
    for (const auto& t : a.terms) c.add(t.content).add(t.performance).add(t.due_at);
    // Added later, each only when set: the fingerprints stored before them stay valid.
    for (const auto& d : a.party_details) c.add(d.ethnicity).add(d.occupation).add(d.address);
    if (m.remediate) c.add(std::string("remediate"));
  }
  return c.str();
}

Status DisputeRules::apply_step(StepContext& s) const {
  switch (s.cmd.action) {
    case Action::kRequestMediation: return request(s);
    case Action::kAssignMediation: return assign(s);
    case Action::kRecordConsent: return consent(s);
    case Action::kRecordSession: return session(s);
    case Action::kDraftAgreement: return draft(s);
    case Action::kSignAgreement: return sign(s);
    case Action::kFollowUp: return follow_up(s);
    case Action::kRefer: return refer(s);
    case Action::kAgreementNotPerformed: return not_performed(s);
    case Action::kResolve:
      if (s.cmd.outcome == Outcome::kAgreement) {
        return Status(reason::AGREEMENT_NOT_EFFECTIVE, "a dispute is resolved by agreement when every party and the mediator have signed it");
      }
      return {};
    case Action::kClose:
      // A follow-up on the agreement in force: one recorded since it took effect.
      if (s.c.outcome == Outcome::kAgreement &&
          std::none_of(s.c.mediation.follow_ups.begin(), s.c.mediation.follow_ups.end(),
                       [&](const FollowUp& f) { return f.at >= s.c.mediation.agreement.effective_at; })) {
        return Status(reason::FOLLOW_UP_REQUIRED, "follow up on the agreement's performance (回访) before closing");
      }
      return {};
    case Action::kEscalate:
      if (s.cmd.escalation_reason == EscalationReason::kRisk) {
        if (!s.cmd.police_notified) {
          return Status(reason::POLICE_NOT_NOTIFIED, "a dispute at risk of violence or a group incident is reported to the police first (人民调解法 art. 25)");
        }
        s.c.mediation.risk = true;
        s.c.mediation.police_notified = true;
      }
      return {};
    default:
      return {};
  }
}

}  // namespace

const KindRules& dispute_rules() {
  static const DisputeRules rules;
  return rules;
}

}  // namespace gridcase::rules
