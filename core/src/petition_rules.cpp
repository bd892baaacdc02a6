// The rules of petitions (信访, 信访工作条例): the intake of a visit or letter, the acceptance
// rules at ACCEPT, the written decisions and the review chain (复查, 复核) with their clocks.
#include <set>

#include "gridcase/deadlines.hpp"
#include "gridcase/names.hpp"
#include "gridcase/petition.hpp"
#include "gridcase/text.hpp"
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::size_t kMaxMatter = 200;
constexpr int kMaxRepresentatives = 5;     // 信访工作条例 art. 20: at most 5 representatives
constexpr int kGroupVisitPersons = 5;      // a visit of 5 or more people is a group visit

// Every other case that shares a petitioner's ID number.
Status same_person_cases(StepContext& s, std::vector<Case>& out) {
  std::set<std::string> ids;
  for (const auto& p : s.c.parties) {
    if (!p.id_number.empty()) ids.insert(p.id_number);
  }
  for (const auto& id : ids) {
    auto found = s.view.cases_by_id_number(id, 1000);
    if (!found) return found.status();
    for (auto& c : *found) out.push_back(std::move(c));
  }
  return {};
}

void add_notice(StepContext& s, NoticeKind kind, PetitionRule rule, PetitionDecision decision, const std::string& extra) {
  PetitionNotice n;
  n.kind = kind;
  n.at = s.now;
  n.rule = rule;
  n.text = notice_text(kind, s.c, rule, decision, extra, s.now);
  s.c.petition.notices.push_back(std::move(n));
  s.e.details["notice"] = name(kind);
  s.e.details["notice_index"] = std::to_string(s.c.petition.notices.size());
}

Status check_window(const StepContext& s, ClockKind window, const char* what) {
  for (const auto& k : s.c.clocks) {
    if (k.kind != window) continue;
    if (k.run == ClockRun::kRunning && clock_status(k, s.now, s.cal).colour != Colour::kRed) return {};
    break;
  }
  return Status(reason::REVIEW_WINDOW_PASSED, std::string(what) + " is asked within 30 days of the decision (信访工作条例 第三十五条)");
}

void stop_kind(Case& c, ClockKind kind, TimeMs now, const WorkingCalendar& cal) {
  for (auto& k : c.clocks) {
    if (k.kind == kind && (k.run == ClockRun::kRunning || k.run == ClockRun::kPaused)) stop_clock(k, now, cal);
  }
}

class PetitionRules final : public KindRules {
 public:
  CaseKind kind() const override { return CaseKind::kPetition; }
  bool owns_step(Action a) const override {
    return a == Action::kDecidePetition || a == Action::kRequestReview || a == Action::kDecideReview ||
           a == Action::kRequestReReview || a == Action::kDecideReReview;
  }
  Status check_intake(const NewCase& r) const override;
  Status check_foreign_intake(const NewCase& r) const override;
  void apply_intake(const NewCase& r, Case& c) const override;
  std::string canonical_intake(const NewCase& r) const override;
  Status check_step(const CaseCommand& cmd) const override;
  std::string canonical_step(const CaseCommand& r) const override;
  Status apply_step(StepContext& s) const override;
};

Status PetitionRules::check_intake(const NewCase& r) const {
  const PetitionIntake& p = r.petition;
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

Status PetitionRules::check_foreign_intake(const NewCase& r) const {
  const PetitionIntake& p = r.petition;
  const bool empty = p.matter.empty() && p.received_level == AuthorityLevel::kUnspecified &&
                     p.competent_level == AuthorityLevel::kUnspecified &&
                     p.legal_route == LegalRoute::kUnspecified && p.persons == 0 &&
                     p.representatives.empty();
  if (!empty) return Status(reason::NOT_A_PETITION_INTAKE, "petition intake fields are for petitions only");
  return {};
}

void PetitionRules::apply_intake(const NewCase& r, Case& c) const {
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

// A petition's intake renders even when empty: stored fingerprints have it.
std::string PetitionRules::canonical_intake(const NewCase& r) const {
  Canon c;
  const PetitionIntake& p = r.petition;
  c.add(p.matter).add(p.received_level).add(p.competent_level).add(p.legal_route).add(std::int64_t{p.persons});
  for (int i : p.representatives) c.add(std::int64_t{i});
  return c.str();
}

// Commands arrive without their case's kind: ACCEPT's override reason is checked on every ACCEPT
// (apply_kind_rules refuses an override on a case that is not a petition).
Status PetitionRules::check_step(const CaseCommand& cmd) const {
  const PetitionStep& p = cmd.petition;
  switch (cmd.action) {
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

// Renders whenever a petition field is set, whatever the action.
std::string PetitionRules::canonical_step(const CaseCommand& r) const {
  Canon c;
  const PetitionStep& p = r.petition;
  if (p.override_rule || p.decision != PetitionDecision::kUnspecified || !p.basis.empty()) {
    c.add(std::int64_t{p.override_rule}).add(p.decision).add(p.basis);
  }
  return c.str();
}

Status PetitionRules::apply_step(StepContext& s) const {
  Petition& pet = s.c.petition;
  const PetitionStep& step = s.cmd.petition;
  switch (s.cmd.action) {
    case Action::kAccept:
    case Action::kReject: {
      std::vector<Case> others;
      GRIDCASE_RETURN_IF_ERROR(same_person_cases(s, others));
      const AcceptanceCheck check = check_acceptance(s.c, others, s.now);
      if (check.rule != PetitionRule::kUnspecified) {
        s.e.details["rule"] = name(check.rule);
        s.e.details["article"] = check.article;
      }
      if (s.cmd.action == Action::kReject) {
        pet.not_accepted_rule = check.rule;
        add_notice(s, NoticeKind::kNotAccepted, check.rule, PetitionDecision::kUnspecified,
                   check.rule != PetitionRule::kUnspecified ? check.explanation : s.cmd.reason);
        return {};
      }
      if (check.rule != PetitionRule::kUnspecified && !step.override_rule) {
        return Status(reason::PETITION_NOT_ACCEPTABLE, check.article + ": " + check.explanation)
            .with_details({name(check.rule), check.article});
      }
      if (check.rule != PetitionRule::kUnspecified) {
        pet.accepted_over = check.rule;
        s.e.details["override"] = "true";
      }
      add_notice(s, NoticeKind::kAccepted, check.rule, PetitionDecision::kUnspecified, check.explanation);
      return {};
    }
    case Action::kResolve:
      return Status(reason::PETITION_DECISION_REQUIRED, "a petition is concluded by a written decision (处理意见书): use DECIDE_PETITION");
    case Action::kDecidePetition:
      pet.decision = step.decision;
      pet.decision_basis = step.basis;
      s.c.outcome = Outcome::kResolved;
      stop_kind(s.c, ClockKind::kResolve, s.now, s.cal);
      s.e.details["decision"] = name(step.decision);
      add_notice(s, NoticeKind::kDecision, PetitionRule::kUnspecified, step.decision, step.basis);
      return {};
    case Action::kRequestReview:
      return check_window(s, ClockKind::kReviewRequest, "a review (复查)");
    case Action::kDecideReview:
      pet.review_decision = step.decision;
      pet.review_basis = step.basis;
      s.e.details["decision"] = name(step.decision);
      add_notice(s, NoticeKind::kReviewDecision, PetitionRule::kUnspecified, step.decision, step.basis);
      return {};
    case Action::kRequestReReview:
      return check_window(s, ClockKind::kReReviewRequest, "a re-review (复核)");
    case Action::kDecideReReview:
      pet.re_review_decision = step.decision;
      pet.re_review_basis = step.basis;
      pet.concluded = true;
      s.e.details["decision"] = name(step.decision);
      s.e.details["concluded"] = "true";
      add_notice(s, NoticeKind::kReReviewDecision, PetitionRule::kUnspecified, step.decision, step.basis);
      return {};
    case Action::kRequestExtension: {
      // 信访工作条例 art. 34: the 60 days may be extended once, by at most 30 days.
      if (s.cmd.clock != ClockKind::kUnspecified && s.cmd.clock != ClockKind::kResolve) {
        return Status(reason::EXTENSION_RESOLVE_ONLY, "only a petition's handling time (RESOLVE) is extended");
      }
      for (const auto& k : s.c.clocks) {
        if (k.kind != ClockKind::kResolve) continue;
        if (k.extensions >= 1) {
          return Status(reason::EXTENSION_LIMIT, "a petition's handling time is extended once at most (信访工作条例 第三十四条)");
        }
        if (s.cmd.extension_amount * unit_ms(k.unit) > kPetitionMaxExtensionDays * kDayMs) {
          return Status(reason::EXTENSION_TOO_LONG, "a petition's handling time is extended by 30 days at most (信访工作条例 第三十四条)");
        }
      }
      pet.extension_reason = s.cmd.reason;
      return {};
    }
    case Action::kDecideExtension:
      if (s.cmd.approve && s.c.extension_clock == ClockKind::kResolve) {
        const std::int64_t days = s.c.extension_ms / kDayMs;
        add_notice(s, NoticeKind::kExtension, PetitionRule::kUnspecified, PetitionDecision::kUnspecified,
                   pet.extension_reason + "，延长" + std::to_string(days) + "日");
      }
      return {};
    default:
      return {};
  }
}

}  // namespace

const KindRules& petition_rules() {
  static const PetitionRules rules;
  return rules;
}

}  // namespace gridcase::rules
