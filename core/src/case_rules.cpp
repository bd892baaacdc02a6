#include "case_rules.hpp"

#include <cstdio>
#include <set>

#include "gridcase/action_table.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase::rules {

Status check_text(const std::string& value, const char* field, std::size_t max, bool multiline, bool required) {
  if (required && value.empty()) return Status(reason::MISSING_FIELD, std::string(field) + " is required");
  if (!is_clean_text(value, multiline)) {
    return Status(reason::INVALID_TEXT, std::string(field) + " is not valid UTF-8 text or has control characters");
  }
  if (utf8_length(value) > max) {
    return Status(reason::TEXT_TOO_LONG, std::string(field) + " is longer than " + std::to_string(max) + " characters");
  }
  return {};
}

namespace {

constexpr std::size_t kMaxPlace = 200;
constexpr std::size_t kMaxMatter = 200;
constexpr std::size_t kMaxMediators = 10;
constexpr std::size_t kMaxAttendees = 50;
constexpr std::size_t kMaxTerms = 30;
constexpr int kMaxRepresentatives = 5;     // 信访工作条例 art. 20: at most 5 representatives
constexpr int kGroupVisitPersons = 5;      // a visit of 5 or more people is a group visit

bool is_mediation_step(Action a) {
  return a == Action::kAssignMediation || a == Action::kRecordConsent || a == Action::kRecordSession ||
         a == Action::kDraftAgreement || a == Action::kSignAgreement || a == Action::kFollowUp ||
         a == Action::kRefer;
}

}  // namespace

bool is_dispute_party(const CaseParty& p) {
  return p.role == PartyRole::kApplicant || p.role == PartyRole::kRespondent;
}

CaseClock statutory_clock(ClockKind kind, int days, Action starts_on, Action stops_on) {
  ClockPolicy rule;
  rule.kind = kind;
  rule.amount = days;
  rule.unit = BudgetUnit::kCalendarDays;
  rule.starts_on = starts_on;
  rule.stops_on = stops_on;
  rule.on_expiry = ExpiryAction::kFlag;
  return pending_clock(rule);
}

std::string canonical_intake(const NewCase& r) {
  if (r.kind == CaseKind::kHotline) return canonical_hotline_intake(r);
  if (r.kind == CaseKind::kHazard) return canonical_hazard_intake(r);
  if (r.kind != CaseKind::kPetition) return "";
  Canon c;
  const PetitionIntake& p = r.petition;
  c.add(p.matter).add(p.received_level).add(p.competent_level).add(p.legal_route).add(std::int64_t{p.persons});
  for (int i : p.representatives) c.add(std::int64_t{i});
  return c.str();
}

std::string canonical_step(const CaseCommand& r) {
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
  }
  const PetitionStep& p = r.petition;
  if (p.override_rule || p.decision != PetitionDecision::kUnspecified || !p.basis.empty()) {
    c.add(std::int64_t{p.override_rule}).add(p.decision).add(p.basis);
  }
  if (const std::string h = canonical_hotline_step(r); !h.empty()) c.add(h);
  return c.str() + canonical_hazard_step(r) + canonical_whistle_step(r);
}

Status check_intake(const NewCase& r) {
  GRIDCASE_RETURN_IF_ERROR(check_hotline_intake(r));
  GRIDCASE_RETURN_IF_ERROR(check_hazard_intake(r));
  const PetitionIntake& p = r.petition;
  if (r.kind != CaseKind::kPetition) {
    const bool empty = p.matter.empty() && p.received_level == AuthorityLevel::kUnspecified &&
                       p.competent_level == AuthorityLevel::kUnspecified &&
                       p.legal_route == LegalRoute::kUnspecified && p.persons == 0 &&
                       p.representatives.empty();
    if (!empty) return Status(reason::NOT_A_PETITION_INTAKE, "petition intake fields are for petitions only");
    return {};
  }
  GRIDCASE_RETURN_IF_ERROR(check_text(p.matter, "matter (信访事项)", kMaxMatter, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_enum(p.received_level, AuthorityLevel::kNational, "received level", false));
  GRIDCASE_RETURN_IF_ERROR(check_enum(p.competent_level, AuthorityLevel::kNational, "competent level", false));
  GRIDCASE_RETURN_IF_ERROR(check_enum(p.legal_route, LegalRoute::kAdministrativeReview, "legal route", false));
  if (p.persons < 0 || p.persons > 10000) return Status(reason::BAD_PERSONS, "persons is 0 to 10000");
  if (r.channel != Channel::kWalkIn && (p.persons != 0 || !p.representatives.empty())) {
    return Status(reason::NOT_A_VISIT, "persons and representatives are recorded for visits only");
  }
  if (static_cast<int>(p.representatives.size()) > kMaxRepresentatives) {
    return Status(reason::TOO_MANY_REPRESENTATIVES, "a group visit elects at most 5 representatives (art. 20)");
  }
  if (p.persons >= kGroupVisitPersons && p.representatives.empty()) {
    return Status(reason::MISSING_REPRESENTATIVES, "a group visit (5 or more people) names its representatives");
  }
  std::set<int> seen;
  for (int i : p.representatives) {
    if (i < 0 || i >= static_cast<int>(r.parties.size()) || !seen.insert(i).second) {
      return Status(reason::BAD_REPRESENTATIVE, "representatives are distinct parties of the case");
    }
  }
  bool identified = false;
  for (const auto& party : r.parties) identified = identified || !party.id_number.empty();
  if (!identified) {
    return Status(reason::PETITIONER_NOT_IDENTIFIED, "a petition names at least one petitioner with an ID number");
  }
  return {};
}

void apply_intake(const NewCase& r, Case& c) {
  apply_hotline_intake(r, c);
  apply_hazard_intake(r, c);
  if (r.kind != CaseKind::kPetition) return;
  c.petition.intake = r.petition;
  if (c.petition.intake.matter.empty()) c.petition.intake.matter = r.title;  // the matter as titled
  if (r.channel == Channel::kWalkIn && c.petition.intake.persons == 0) c.petition.intake.persons = 1;
  if (c.petition.intake.received_level == AuthorityLevel::kUnspecified) {
    c.petition.intake.received_level = AuthorityLevel::kSubDistrict;
  }
  if (c.petition.intake.competent_level == AuthorityLevel::kUnspecified) {
    c.petition.intake.competent_level = AuthorityLevel::kSubDistrict;
  }
  // The review chain's clocks (art. 35, 36): each waits for the step that starts it.
  c.clocks.push_back(statutory_clock(ClockKind::kReviewRequest, kPetitionReviewDays,
                                     Action::kDecidePetition, Action::kRequestReview));
  c.clocks.push_back(statutory_clock(ClockKind::kReview, kPetitionReviewDays, Action::kRequestReview,
                                     Action::kDecideReview));
  c.clocks.push_back(statutory_clock(ClockKind::kReReviewRequest, kPetitionReviewDays,
                                     Action::kDecideReview, Action::kRequestReReview));
  c.clocks.push_back(statutory_clock(ClockKind::kReReview, kPetitionReviewDays, Action::kRequestReReview,
                                     Action::kDecideReReview));
}

Status check_step(const CaseCommand& cmd) {
  if (is_hazard_step(cmd.action)) return check_hazard_step(cmd);
  if (is_whistle_step(cmd.action)) return check_whistle_step(cmd);
  const MediationStep& m = cmd.mediation;
  const PetitionStep& p = cmd.petition;
  if (is_hotline_step(cmd.action)) return check_hotline_step(cmd);
  switch (cmd.action) {
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
    case Action::kDecidePetition:
    case Action::kDecideReview:
    case Action::kDecideReReview:
      GRIDCASE_RETURN_IF_ERROR(check_enum(p.decision, PetitionDecision::kNotSupport, "decision", true));
      return check_text(p.basis, "legal basis", kMaxReason, true, true);
    case Action::kAccept:
      if (p.override_rule) return check_text(cmd.reason, "override reason", kMaxReason, true, true);
      return {};
    default:
      return {};
  }
}

namespace {

// The refusal of a step sent to a case of another kind than the steps' own.
Status not_this_kind(CaseKind own, Action a) {
  switch (own) {
    case CaseKind::kDispute:
      return Status(reason::NOT_A_DISPUTE, std::string(name(a)) + " is a step of people's mediation (disputes only)");
    case CaseKind::kPetition:
      return Status(reason::NOT_A_PETITION, std::string(name(a)) + " is a step of petitions only");
    case CaseKind::kHotline:
      return Status(reason::NOT_A_HOTLINE_ORDER, std::string(name(a)) + " is a step of 12345 hotline orders only");
    case CaseKind::kHazard:
      return Status(reason::NOT_A_HAZARD, std::string(name(a)) + " is a step of hazards only");
    default:
      return Status(reason::TRANSITION_NOT_ALLOWED, std::string(name(a)) + " does not apply to this kind of case");
  }
}

}  // namespace

Status apply_kind_rules(StepContext& s) {
  const Action a = s.cmd.action;
  if (const ActionSpec* spec = action_spec(a); spec != nullptr && !applies_to(s.c.kind, a)) {
    return not_this_kind(spec->kinds.front(), a);
  }
  if (s.cmd.petition.override_rule && s.c.kind != CaseKind::kPetition) {
    return Status(reason::NOT_A_PETITION, "only a petition's acceptance rules can be overridden");
  }
  if (is_hazard_step(a)) return apply_hazard_rules(s);
  if (is_whistle_step(a)) return apply_whistle_rules(s);
  if (s.c.kind == CaseKind::kDispute) return apply_mediation_rules(s);
  if (s.c.kind == CaseKind::kPetition) return apply_petition_rules(s);
  if (s.c.kind == CaseKind::kHotline) return apply_hotline_rules(s);
  return {};
}

}  // namespace gridcase::rules
