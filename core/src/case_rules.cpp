// The kind rules' shared helpers, and the dispatch the engine calls, through the registry of
// kind_rules.hpp.
#include "case_rules.hpp"

#include <vector>

#include "gridcase/action_table.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "kind_rules.hpp"

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

bool is_dispute_party(const CaseParty& p) {
  return p.role == PartyRole::kApplicant || p.role == PartyRole::kRespondent;
}

CaseClock rule_clock(ClockKind kind, std::int64_t amount, BudgetUnit unit, Action starts_on, Action stops_on,
                     ExpiryAction on_expiry) {
  ClockPolicy rule;
  rule.kind = kind;
  rule.amount = amount;
  rule.unit = unit;
  rule.starts_on = starts_on;
  rule.stops_on = stops_on;
  rule.on_expiry = on_expiry;
  return pending_clock(rule);
}

CaseClock statutory_clock(ClockKind kind, int days, Action starts_on, Action stops_on) {
  return rule_clock(kind, days, BudgetUnit::kCalendarDays, starts_on, stops_on, ExpiryAction::kFlag);
}

const KindRules& kind_rules(CaseKind kind) {
  switch (kind) {
    case CaseKind::kDispute: return dispute_rules();
    case CaseKind::kPetition: return petition_rules();
    case CaseKind::kHotline: return hotline_rules();
    case CaseKind::kHazard: return hazard_rules();
    default: return generic_rules();
  }
}

namespace {

// The order the step rules' fingerprint parts are joined in: stored fingerprints depend on it.
// Their step checks run in the same order (no two rules check the same action).
const std::vector<const StepRules*>& step_order() {
  static const std::vector<const StepRules*> kOrder = {&dispute_rules(), &petition_rules(), &hotline_rules(),
                                                       &hazard_rules(), &whistle_rules()};
  return kOrder;
}

// The order the kinds check a new case's intake in: a request carrying several kinds' fields is
// refused with the first kind's error.
const std::vector<const KindRules*>& intake_order() {
  static const std::vector<const KindRules*> kOrder = {&hotline_rules(), &hazard_rules(), &petition_rules(),
                                                       &dispute_rules(), &generic_rules()};
  return kOrder;
}

}  // namespace

void prepare_intake(NewCase& r) { kind_rules(r.kind).prepare_intake(r); }

std::string canonical_intake(const NewCase& r) { return kind_rules(r.kind).canonical_intake(r); }

std::string canonical_step(const CaseCommand& r) {
  std::string out;
  for (const StepRules* rules : step_order()) out += rules->canonical_step(r);
  return out;
}

Status check_intake(const NewCase& r) {
  const KindRules& own = kind_rules(r.kind);
  for (const KindRules* rules : intake_order()) {
    GRIDCASE_RETURN_IF_ERROR(rules == &own ? rules->check_intake(r) : rules->check_foreign_intake(r));
  }
  return {};
}

void apply_intake(const NewCase& r, Case& c) { kind_rules(r.kind).apply_intake(r, c); }

TimeMs clocks_start(const NewCase& r, TimeMs now) { return kind_rules(r.kind).clocks_start(r, now); }

Status check_step(const CaseCommand& cmd) {
  for (const StepRules* rules : step_order()) GRIDCASE_RETURN_IF_ERROR(rules->check_step(cmd));
  return {};
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
  // 吹哨报到 steps apply to every kind; everything else goes to the case's kind.
  if (whistle_rules().owns_step(a)) return whistle_rules().apply_step(s);
  return kind_rules(s.c.kind).apply_step(s);
}

void apply_clock_hooks(Case& c, Action action, TimeMs now, const WorkingCalendar& cal) {
  // A merged case keeps its clocks, paused while its parent is handled (related.hpp).
  const bool finished = is_terminal(c.state) && c.state != CaseState::kMerged;
  for (auto& clock : c.clocks) {
    if (finished) {
      stop_clock(clock, now, cal);
      continue;
    }
    if (action == Action::kMerge) {
      pause_clock(clock, now, cal);
      continue;
    }
    if (action == Action::kSuspend) pause_clock(clock, now, cal);
    if (action == Action::kResume) resume_clock(clock, now, cal);
    if (clock.run == ClockRun::kRunning && clock.stops_on == action) stop_clock(clock, now, cal);
    if (clock.run == ClockRun::kUnspecified && clock.starts_on == action) start_clock(clock, now, cal);
    // A case that moves up a level, or comes back for rework (返工), starts its RESOLVE clock
    // afresh there.
    if (clock.kind == ClockKind::kResolve && clock.run != ClockRun::kUnspecified &&
        (action == Action::kEscalate || action == Action::kReopen)) {
      start_clock(clock, now, cal);
    }
  }
  if (finished) {
    c.extension_clock = ClockKind::kUnspecified;
    c.extension_ms = 0;
    c.extension_requested_by = 0;
  }
  c.next_due = next_due(c.clocks);
  c.colour = worst_colour(c.clocks);
}

}  // namespace gridcase::rules
