#include "gridcase/net/convert.hpp"

#include <string>

#include "gridcase/action_table.hpp"
#include "gridcase/names.hpp"
#include "gridcase/net/hazard_whistle_convert.hpp"

namespace gridcase::net {
namespace {

template <typename To, typename From>
To same_number(From v) {
  return static_cast<To>(static_cast<int>(v));
}

// Mediation and petition records (the core and the wire number their enums alike).
void to_proto(const Mediation& in, v1::Mediation* out) {
  out->set_committee_unit_id(in.committee_unit_id);
  for (UserId u : in.mediators) out->add_mediator_user_ids(u);
  out->set_chosen_by_parties(in.chosen_by_parties);
  for (Consent c : in.consents) out->add_consents(same_number<v1::Consent>(c));
  for (const auto& s : in.sessions) {
    auto* w = out->add_sessions();
    w->set_kind(same_number<v1::SessionKind>(s.kind));
    w->set_at(s.at);
    w->set_place(s.place);
    for (const auto& a : s.attendees) w->add_attendees(a);
    w->set_record(s.record);
    w->set_recorded_by(s.recorded_by);
  }
  out->set_agreement_drafted(in.has_agreement);
  if (in.has_agreement) {
    const Agreement& a = in.agreement;
    auto* w = out->mutable_agreement();
    w->set_parties_info(a.parties_info);
    w->set_facts(a.facts);
    w->set_disputed_points(a.disputed_points);
    w->set_responsibilities(a.responsibilities);
    for (const auto& t : a.terms) {
      auto* wt = w->add_terms();
      wt->set_content(t.content);
      wt->set_performance(t.performance);
      wt->set_due_at(t.due_at);
    }
    for (SignMark m : a.party_marks) w->add_party_marks(same_number<v1::SignMark>(m));
    w->set_mediator_signed(a.mediator_signed);
    w->set_committee_sealed(a.committee_sealed);
    w->set_signing_mediator(a.signing_mediator);
    w->set_drafted_at(a.drafted_at);
    w->set_effective_at(a.effective_at);
    for (const auto& d : a.party_details) {
      auto* wd = w->add_party_details();
      wd->set_ethnicity(d.ethnicity);
      wd->set_occupation(d.occupation);
      wd->set_address(d.address);
    }
    for (TimeMs t : a.party_signed_at) w->add_party_signed_at(t);
    w->set_mediator_signed_at(a.mediator_signed_at);
  }
  for (const auto& f : in.follow_ups) {
    auto* w = out->add_follow_ups();
    w->set_at(f.at);
    w->set_performed(f.performed);
    w->set_note(f.note);
    w->set_by_user_id(f.by);
  }
  out->set_referral(same_number<v1::ReferralRoute>(in.referral));
  out->set_referral_note(in.referral_note);
  out->set_risk(in.risk);
  out->set_police_notified(in.police_notified);
  for (const auto& np : in.not_performed) {
    auto* w = out->add_not_performed();
    w->set_at(np.at);
    w->set_by_user_id(np.by);
    w->set_note(np.note);
    w->set_remediate(np.remediate);
    w->set_referral(same_number<v1::ReferralRoute>(np.referral));
  }
}

void to_proto(const PetitionIntake& in, v1::PetitionIntake* out) {
  out->set_matter(in.matter);
  out->set_received_level(same_number<v1::AuthorityLevel>(in.received_level));
  out->set_competent_level(same_number<v1::AuthorityLevel>(in.competent_level));
  out->set_legal_route(same_number<v1::LegalRoute>(in.legal_route));
  out->set_persons(in.persons);
  for (int r : in.representatives) out->add_representatives(r);
}

void to_proto(const Petition& in, v1::Petition* out) {
  to_proto(in.intake, out->mutable_intake());
  out->set_accepted_over(same_number<v1::PetitionRule>(in.accepted_over));
  out->set_not_accepted_rule(same_number<v1::PetitionRule>(in.not_accepted_rule));
  out->set_decision(same_number<v1::PetitionDecision>(in.decision));
  out->set_decision_basis(in.decision_basis);
  out->set_review_decision(same_number<v1::PetitionDecision>(in.review_decision));
  out->set_review_basis(in.review_basis);
  out->set_re_review_decision(same_number<v1::PetitionDecision>(in.re_review_decision));
  out->set_re_review_basis(in.re_review_basis);
  out->set_concluded(in.concluded);
  out->set_extension_reason(in.extension_reason);
  for (const auto& n : in.notices) {
    auto* w = out->add_notices();
    w->set_kind(same_number<v1::NoticeKind>(n.kind));
    w->set_at(n.at);
    w->set_rule(same_number<v1::PetitionRule>(n.rule));
    w->set_text(n.text);
  }
}

void to_proto(const HotlineOrder& in, v1::HotlineOrder* out) {
  out->mutable_intake()->set_order_no(in.intake.order_no);
  out->mutable_intake()->set_deadline_class(same_number<v1::HotlineDeadlineClass>(in.intake.deadline_class));
  out->mutable_intake()->set_dispatched_at(in.intake.dispatched_at);
  out->set_sub_district_id(in.sub_district_id);
  out->set_signed_at(in.signed_at);
  out->set_signed_by(in.signed_by);
  out->set_contacted_at(in.contacted_at);
  out->set_contact_method(same_number<v1::HotlineContactMethod>(in.contact_method));
  out->set_contact_result(in.contact_result);
  out->set_contacted_by(in.contacted_by);
  out->set_return_pending(in.return_pending);
  out->set_return_reason(in.return_reason);
  out->set_return_unit_id(in.return_unit_id);
  out->set_returned(in.returned);
  out->set_returns_rejected(in.returns_rejected);
  out->set_replied_at(in.replied_at);
  out->set_reply(in.reply);
  out->set_callbacks(in.callbacks);
  out->set_callback_at(in.callback_at);
  out->set_solved(in.solved);
  out->set_satisfied(in.satisfied);
  out->set_appeal_pending(in.appeal_pending);
  out->set_appeal_reason(in.appeal_reason);
  out->set_appeal_upheld(in.appeal_upheld);
}

}  // namespace

v1::UnitType to_proto(UnitType v) { return same_number<v1::UnitType>(v); }
v1::Level to_proto(Level v) { return same_number<v1::Level>(v); }
v1::Role to_proto(Role v) { return same_number<v1::Role>(v); }
v1::CaseKind to_proto(CaseKind v) { return same_number<v1::CaseKind>(v); }
v1::Channel to_proto(Channel v) { return same_number<v1::Channel>(v); }
v1::CaseState to_proto(CaseState v) { return same_number<v1::CaseState>(v); }
v1::Outcome to_proto(Outcome v) { return same_number<v1::Outcome>(v); }
v1::Priority to_proto(Priority v) { return same_number<v1::Priority>(v); }
v1::PartyRole to_proto(PartyRole v) { return same_number<v1::PartyRole>(v); }
v1::EscalationReason to_proto(EscalationReason v) { return same_number<v1::EscalationReason>(v); }
v1::Action to_proto(Action v) { return same_number<v1::Action>(v); }
v1::PartyPostKind to_proto(PartyPostKind v) { return same_number<v1::PartyPostKind>(v); }
v1::ClockKind to_proto(ClockKind v) { return same_number<v1::ClockKind>(v); }
v1::Colour to_proto(Colour v) { return same_number<v1::Colour>(v); }
v1::AuditKind to_proto(AuditKind v) { return same_number<v1::AuditKind>(v); }
v1::BudgetUnit to_proto(BudgetUnit v) { return same_number<v1::BudgetUnit>(v); }
v1::ExpiryAction to_proto(ExpiryAction v) { return same_number<v1::ExpiryAction>(v); }

v1::ClockRun to_proto(ClockRun v) {
  switch (v) {
    case ClockRun::kUnspecified: return v1::CLOCK_RUN_PENDING;
    case ClockRun::kRunning: return v1::CLOCK_RUN_RUNNING;
    case ClockRun::kPaused: return v1::CLOCK_RUN_PAUSED;
    case ClockRun::kStopped: return v1::CLOCK_RUN_STOPPED;
  }
  return v1::CLOCK_RUN_UNSPECIFIED;
}

Result<UnitType> unit_type_from_proto(int value, const char* field) {
  return enum_from_wire<UnitType>(value, static_cast<int>(UnitType::kDepartment), field);
}
Result<Level> level_from_proto(int value, const char* field) {
  return enum_from_wire<Level>(value, static_cast<int>(Level::kDistrict), field);
}
Result<Role> role_from_proto(int value, const char* field) {
  return enum_from_wire<Role>(value, static_cast<int>(Role::kAdmin), field);
}
Result<CaseKind> case_kind_from_proto(int value, const char* field) {
  return enum_from_wire<CaseKind>(value, static_cast<int>(CaseKind::kIncident), field);
}
Result<Channel> channel_from_proto(int value, const char* field) {
  return enum_from_wire<Channel>(value, static_cast<int>(Channel::kFax), field);
}
Result<CaseState> case_state_from_proto(int value, const char* field) {
  return enum_from_wire<CaseState>(value, static_cast<int>(CaseState::kUnderReReview), field);
}
Result<Outcome> outcome_from_proto(int value, const char* field) {
  return enum_from_wire<Outcome>(value, static_cast<int>(Outcome::kWithdrawn), field);
}
Result<Priority> priority_from_proto(int value, const char* field) {
  return enum_from_wire<Priority>(value, static_cast<int>(Priority::kUrgent), field);
}
Result<PartyRole> party_role_from_proto(int value, const char* field) {
  return enum_from_wire<PartyRole>(value, static_cast<int>(PartyRole::kOther), field);
}
Result<EscalationReason> escalation_reason_from_proto(int value, const char* field) {
  return enum_from_wire<EscalationReason>(value, static_cast<int>(EscalationReason::kRisk), field);
}
Result<Action> action_from_proto(int value, const char* field) {
  if (value >= 0 && value < kActionCount && !is_action(value)) {
    return Status(reason::UNKNOWN_ENUM_VALUE, std::string(field) + ": unknown value " + std::to_string(value));
  }
  return enum_from_wire<Action>(value, kActionCount - 1, field);
}
Result<ClockKind> clock_kind_from_proto(int value, const char* field) {
  if (value == static_cast<int>(ClockKind::kRectification)) return ClockKind::kRectification;
  return enum_from_wire<ClockKind>(value, static_cast<int>(ClockKind::kReReview), field);
}
Result<Colour> colour_from_proto(int value, const char* field) {
  return enum_from_wire<Colour>(value, static_cast<int>(Colour::kRed), field);
}
Result<BudgetUnit> budget_unit_from_proto(int value, const char* field) {
  return enum_from_wire<BudgetUnit>(value, static_cast<int>(BudgetUnit::kCalendarDays), field);
}
Result<ExpiryAction> expiry_action_from_proto(int value, const char* field) {
  return enum_from_wire<ExpiryAction>(value, static_cast<int>(ExpiryAction::kEscalate), field);
}
Result<AuditKind> audit_kind_from_proto(int value, const char* field) {
  return enum_from_wire<AuditKind>(value, static_cast<int>(AuditKind::kWarning), field);
}
Result<ClockRun> clock_run_from_proto(int value, const char* field) {
  switch (value) {
    case v1::CLOCK_RUN_UNSPECIFIED:
    case v1::CLOCK_RUN_PENDING:
      return ClockRun::kUnspecified;
    case v1::CLOCK_RUN_RUNNING: return ClockRun::kRunning;
    case v1::CLOCK_RUN_PAUSED: return ClockRun::kPaused;
    case v1::CLOCK_RUN_STOPPED: return ClockRun::kStopped;
    default:
      return Status(reason::UNKNOWN_ENUM_VALUE, std::string(field) + ": unknown value " + std::to_string(value));
  }
}

// ---- Resources ----

void to_proto(const OrgUnit& in, v1::OrgUnit* out) {
  out->set_id(in.id);
  out->set_parent_id(in.parent_id);
  out->set_type(to_proto(in.type));
  out->set_code(in.code);
  out->set_name(in.name);
  out->set_case_prefix(in.case_prefix);
  out->set_retired(in.retired);
}

void to_proto(const PartyPost& in, v1::PartyPost* out) {
  out->set_id(in.id);
  out->set_unit_id(in.unit_id);
  out->set_kind(to_proto(in.kind));
  out->set_holder_name(in.holder_name);
  out->set_holder_user_id(in.holder_user_id);
}

void to_proto(const User& in, v1::User* out) {
  out->set_id(in.id);
  out->set_username(in.username);
  out->set_display_name(in.display_name);
  out->set_role(to_proto(in.role));
  out->set_scope_unit_id(in.scope_unit_id);
  out->set_disabled(in.disabled);
}

void to_proto(const Category& in, const std::vector<Category>& all, v1::Category* out) {
  out->set_code(in.code);
  out->set_kind(to_proto(in.kind));
  out->set_parent_code(in.parent_code);
  out->set_name(in.name);
  out->set_default_handler(to_proto(in.default_handler));
  out->set_leaf(!has_children(all, in.code));
  out->set_evidence_required(in.evidence_required);
}

void to_proto(const CaseParty& in, v1::CaseParty* out) {
  out->set_name(in.name);
  out->set_phone(in.phone);
  out->set_id_number(in.id_number);
  out->set_role(to_proto(in.role));
  out->set_confidential(in.confidential);
}

void to_proto(const Location& in, v1::Location* out) {
  out->set_unit_id(in.unit_id);
  out->set_address(in.address);
  out->set_has_coordinates(in.has_coordinates);
  out->set_lat(in.lat);
  out->set_lon(in.lon);
}

void to_proto(const CaseClock& in, const AsOf& at, v1::CaseClock* out) {
  const ClockStatus status = clock_status(in, at.now, *at.calendar);
  out->set_kind(to_proto(in.kind));
  out->set_unit(to_proto(in.unit));
  out->set_budget_ms(in.budget_ms);
  out->set_run(to_proto(in.run));
  out->set_deadline(in.deadline);
  out->set_warn_at(in.warn_at);
  out->set_colour(to_proto(status.colour));
  out->set_remaining_ms(status.remaining_ms);
  out->set_provisional(in.provisional);
  out->set_extensions(in.extensions);
  out->set_started_at(in.started_at);
}

void to_proto(const Case& in, const AsOf& at, v1::Case* out) {
  out->set_id(in.id);
  out->set_number(in.number);
  out->set_kind(to_proto(in.kind));
  out->set_category_code(in.category_code);
  out->set_channel(to_proto(in.channel));
  out->set_title(in.title);
  out->set_description(in.description);
  to_proto(in.location, out->mutable_location());
  for (const auto& p : in.parties) to_proto(p, out->add_parties());
  out->set_priority(to_proto(in.priority));
  out->set_level(to_proto(in.level));
  out->set_handling_unit_id(in.handling_unit_id);
  out->set_assignee_user_id(in.assignee_user_id);
  out->set_leader_user_id(in.leader_user_id);
  out->set_state(to_proto(in.state));
  out->set_outcome(to_proto(in.outcome));
  out->set_version(in.version);
  out->set_created_at(in.created_at);
  out->set_updated_at(in.updated_at);
  out->set_reporter_user_id(in.reporter_user_id);
  out->set_merged_into_case_id(in.merged_into);
  out->set_reopen_count(in.reopen_count);
  out->set_urge_count(in.urge_count);
  // The worst colour as of `at`, as worst_colour() does for the stored ones (same numbers).
  v1::Colour worst = v1::COLOUR_GREEN;
  for (const auto& clock : in.clocks) {
    auto* wire = out->add_clocks();
    to_proto(clock, at, wire);
    const bool counts = clock.run == ClockRun::kRunning || clock.run == ClockRun::kPaused;
    if (counts && wire->colour() > worst) worst = wire->colour();
  }
  out->set_colour(worst);
  out->set_policy_id(in.policy_id);
  out->set_policy_version(in.policy_version);
  out->set_extension_clock(to_proto(in.extension_clock));
  out->set_extension_ms(in.extension_ms);
  out->set_extension_requested_by(in.extension_requested_by);
  out->set_complained_unit_id(in.complained_unit_id);
  if (in.kind == CaseKind::kDispute) to_proto(in.mediation, out->mutable_mediation());
  if (in.kind == CaseKind::kPetition) to_proto(in.petition, out->mutable_petition());
  if (!in.hotline.intake.order_no.empty()) to_proto(in.hotline, out->mutable_hotline());
  if (in.kind == CaseKind::kHazard) to_proto(in.hazard, out->mutable_hazard());
  if (!in.whistle.calls.empty()) to_proto(in.whistle, out->mutable_whistle());
}

void to_proto(const AcceptanceCheck& in, v1::CheckPetitionResponse* out) {
  out->set_rule(same_number<v1::PetitionRule>(in.rule));
  out->set_article(in.article);
  out->set_explanation(in.explanation);
  for (const auto& n : in.related_cases) out->add_related_cases(n);
}

void to_proto(const Event& in, v1::CaseEvent* out) {
  out->set_seq(in.seq);
  out->set_case_id(in.case_id);
  out->set_case_number(in.case_number);
  out->set_actor_user_id(in.actor_id);
  out->set_at(in.at);
  out->set_action(to_proto(in.action));
  out->set_from_state(to_proto(in.from_state));
  out->set_to_state(to_proto(in.to_state));
  out->set_from_level(to_proto(in.from_level));
  out->set_to_level(to_proto(in.to_level));
  out->set_reason(in.reason);
  for (const auto& [k, v] : in.details) (*out->mutable_details())[k] = v;
  out->set_case_version(in.case_version);
  out->set_case_kind(to_proto(in.case_kind));
  out->set_handling_unit_id(in.handling_unit_id);
}

void to_proto(const CaseResult& in, const AsOf& at, v1::CaseResponse* out) {
  to_proto(in.c, at, out->mutable_case_());
  for (const auto& e : in.events) to_proto(e, out->add_events());
  out->set_replayed(in.replayed);
  out->set_applied_version(in.applied_version);
  for (const auto& c : in.duplicates) to_proto(c, at, out->add_likely_duplicates());
}

void to_proto(const CaseDetail& in, const AsOf& at, v1::GetCaseResponse* out) {
  to_proto(in.c, at, out->mutable_case_());
  for (const auto& e : in.history) to_proto(e, out->add_history());
  for (Action a : in.actions_now) out->add_actions_now(to_proto(a));
  for (const auto& [id, name] : in.user_names) (*out->mutable_user_names())[id] = name;
}

void to_proto(const LoginResult& in, v1::LoginResponse* out) {
  out->set_token(in.token);
  out->set_expires_at(in.expires_at);
  to_proto(in.user, out->mutable_user());
  out->set_demo_password(in.user.demo_password);
  out->set_must_change_password(in.user.must_change_password);
}

void to_proto(const BoardCount& in, v1::BoardCount* out) {
  out->set_unit_id(in.unit_id);
  out->set_red(in.red);
  out->set_yellow(in.yellow);
  out->set_escalated(in.escalated);
}

void to_proto(const Board& in, const AsOf& at, v1::GetBoardResponse* out) {
  for (const auto& c : in.cases) to_proto(c, at, out->add_cases());
  to_proto(in.total, out->mutable_total());
  for (const auto& b : in.children) to_proto(b, out->add_children());
}

void to_proto(const ClockPolicy& in, v1::ClockPolicy* out) {
  out->set_kind(to_proto(in.kind));
  out->set_amount(in.amount);
  out->set_unit(to_proto(in.unit));
  out->set_starts_on(to_proto(in.starts_on));
  out->set_stops_on(to_proto(in.stops_on));
  out->set_warn_percent(in.warn_percent);
  out->set_on_expiry(to_proto(in.on_expiry));
}

void to_proto(const DeadlinePolicy& in, v1::DeadlinePolicy* out) {
  out->set_id(in.id);
  out->set_version(in.version);
  out->set_kind(to_proto(in.kind));
  out->set_category_code(in.category_code);
  out->set_priority(to_proto(in.priority));
  for (const auto& c : in.clocks) to_proto(c, out->add_clocks());
  out->set_basis(in.basis);
}

void to_proto(const CalendarInfo& in, v1::CalendarResponse* out) {
  for (int y : in.years) out->add_years(y);
  for (int y : in.missing_years) out->add_missing_years(y);
  out->set_provisional_clocks(in.provisional_clocks);
}

void to_proto(const WorkingTimeAnswer& in, v1::WorkingTimeResponse* out) {
  for (const CalendarDayInfo& d : in.days) {
    auto* day = out->add_days();
    day->set_date(format_date(d.date));
    // DayKind counts from 0 in the core, from 1 (after UNSPECIFIED) on the wire.
    day->set_kind(static_cast<v1::DayKind>(static_cast<int>(d.kind) + 1));
    day->set_name(d.name);
    day->set_working(d.working);
    day->set_provisional(d.provisional);
  }
  out->set_due_at(in.due_at);
  if (in.due_at != 0) out->set_last_day(format_date(in.last_day));
  out->set_provisional(in.provisional);
}

void to_proto(const Status& status, v1::Error* out) {
  out->set_code(static_cast<int>(status.code()));
  out->set_reason(status.reason());
  out->set_message(status.message());
  // The details are names whose meaning the reason gives: the roles that may, for a refused
  // role; the allowed actions otherwise.
  const bool roles = status.reason_entry() == &reason::ROLE_MAY_NOT;
  for (const auto& detail : status.details()) {
    if (roles) {
      if (auto role = parse_name<Role>(detail)) out->add_allowed_roles(to_proto(*role));
    } else if (auto action = parse_name<Action>(detail)) {
      out->add_allowed_actions(to_proto(*action));
    }
  }
}

// ---- Requests ----

Result<CaseParty> from_proto(const v1::CaseParty& in) {
  auto role = party_role_from_proto(in.role(), "parties.role");
  if (!role) return role.status();
  CaseParty out;
  out.name = in.name();
  out.phone = in.phone();
  out.id_number = in.id_number();
  out.role = *role;
  out.confidential = in.confidential();
  return out;
}

Location from_proto(const v1::Location& in) {
  Location out;
  out.unit_id = in.unit_id();
  out.address = in.address();
  out.has_coordinates = in.has_coordinates();
  out.lat = in.lat();
  out.lon = in.lon();
  return out;
}

Result<ClockPolicy> from_proto(const v1::ClockPolicy& in) {
  auto kind = clock_kind_from_proto(in.kind(), "clocks.kind");
  if (!kind) return kind.status();
  auto unit = budget_unit_from_proto(in.unit(), "clocks.unit");
  if (!unit) return unit.status();
  auto starts_on = action_from_proto(in.starts_on(), "clocks.starts_on");
  if (!starts_on) return starts_on.status();
  auto stops_on = action_from_proto(in.stops_on(), "clocks.stops_on");
  if (!stops_on) return stops_on.status();
  auto on_expiry = expiry_action_from_proto(in.on_expiry(), "clocks.on_expiry");
  if (!on_expiry) return on_expiry.status();
  ClockPolicy out;
  out.kind = *kind;
  out.amount = in.amount();
  out.unit = *unit;
  out.starts_on = *starts_on;
  out.stops_on = *stops_on;
  if (in.warn_percent() != 0) out.warn_percent = in.warn_percent();
  out.on_expiry = *on_expiry;
  return out;
}

Result<DeadlinePolicy> from_proto(const v1::DeadlinePolicy& in) {
  auto kind = case_kind_from_proto(in.kind(), "kind");
  if (!kind) return kind.status();
  // Here UNSPECIFIED keeps its meaning: the policy covers every priority.
  auto priority = priority_from_proto(in.priority(), "priority");
  if (!priority) return priority.status();
  DeadlinePolicy out;
  out.id = in.id();
  out.version = in.version();
  out.kind = *kind;
  out.category_code = in.category_code();
  out.priority = *priority;
  for (const auto& c : in.clocks()) {
    auto clock = from_proto(c);
    if (!clock) return clock.status();
    out.clocks.push_back(*clock);
  }
  out.basis = in.basis();
  return out;
}

Result<NewCase> from_proto(const v1::CreateCaseRequest& in) {
  auto kind = case_kind_from_proto(in.kind(), "kind");
  if (!kind) return kind.status();
  auto channel = channel_from_proto(in.channel(), "channel");
  if (!channel) return channel.status();
  auto priority = priority_from_proto(in.priority(), "priority");
  if (!priority) return priority.status();

  NewCase out;
  out.request_id = in.request_id();
  out.kind = *kind;
  out.category_code = in.category_code();
  out.channel = *channel;
  out.title = in.title();
  out.description = in.description();
  out.location = from_proto(in.location());
  for (const auto& p : in.parties()) {
    auto party = from_proto(p);
    if (!party) return party.status();
    out.parties.push_back(std::move(*party));
  }
  // AIP-126: an unset priority means the default one.
  out.priority = *priority == Priority::kUnspecified ? Priority::kNormal : *priority;
  out.complained_unit_id = in.complained_unit_id();
  if (in.has_petition()) {
    const auto& p = in.petition();
    auto received = enum_from_wire<AuthorityLevel>(p.received_level(), static_cast<int>(AuthorityLevel::kNational), "received_level");
    if (!received) return received.status();
    auto competent = enum_from_wire<AuthorityLevel>(p.competent_level(), static_cast<int>(AuthorityLevel::kNational), "competent_level");
    if (!competent) return competent.status();
    auto route = enum_from_wire<LegalRoute>(p.legal_route(), static_cast<int>(LegalRoute::kAdministrativeReview), "legal_route");
    if (!route) return route.status();
    out.petition.matter = p.matter();
    out.petition.received_level = *received;
    out.petition.competent_level = *competent;
    out.petition.legal_route = *route;
    out.petition.persons = p.persons();
    out.petition.representatives.assign(p.representatives().begin(), p.representatives().end());
  }
  if (in.has_hotline()) {
    const auto& h = in.hotline();
    auto cls = enum_from_wire<HotlineDeadlineClass>(h.deadline_class(), static_cast<int>(HotlineDeadlineClass::kNormal),
                                                    "hotline.deadline_class");
    if (!cls) return cls.status();
    out.hotline.order_no = h.order_no();
    out.hotline.deadline_class = *cls;
    out.hotline.dispatched_at = h.dispatched_at();
  }
  return out;
}

Result<CaseQuery> from_proto(const v1::ListCasesRequest& in) {
  CaseQuery out;
  for (int k : in.kinds()) {
    auto kind = case_kind_from_proto(k, "kinds");
    if (!kind) return kind.status();
    out.kinds.push_back(*kind);
  }
  for (int s : in.states()) {
    auto state = case_state_from_proto(s, "states");
    if (!state) return state.status();
    out.states.push_back(*state);
  }
  auto level = level_from_proto(in.level(), "level");
  if (!level) return level.status();
  out.category_code = in.category_code();
  out.level = *level;
  out.unit_id = in.unit_id();
  out.assignee = in.assignee_user_id();
  out.leader = in.leader_user_id();
  out.text = in.text();
  auto order = enum_from_wire<CaseOrder>(in.order(), static_cast<int>(CaseOrder::kDeadline), "order");
  if (!order) return order.status();
  out.order = *order;
  out.page_size = in.page_size();
  out.page_token = in.page_token();
  return out;
}

Result<WorkingTimeQuestion> from_proto(const v1::WorkingTimeRequest& in) {
  auto unit = budget_unit_from_proto(in.unit(), "unit");
  if (!unit) return unit.status();
  WorkingTimeQuestion out;
  out.from_date = in.from_date();
  out.to_date = in.to_date();
  out.start_at = in.start_at();
  out.amount = in.amount();
  out.unit = *unit;
  return out;
}

Result<NewUser> from_proto(const v1::CreateUserRequest& in) {
  auto role = role_from_proto(in.role(), "role");
  if (!role) return role.status();
  NewUser out;
  out.request_id = in.request_id();
  out.username = in.username();
  out.display_name = in.display_name();
  out.password = in.password();
  out.role = *role;
  out.scope_unit_id = in.scope_unit_id();
  return out;
}

Result<UserUpdate> from_proto(const v1::UpdateUserRequest& in) {
  auto role = role_from_proto(in.role(), "role");
  if (!role) return role.status();
  UserUpdate out;
  out.user_id = in.user_id();
  out.role = *role;
  out.scope_unit_id = in.scope_unit_id();
  out.display_name = in.display_name();
  if (in.set_disabled()) out.disabled = in.disabled();
  out.new_password = in.new_password();
  return out;
}

Result<OrgUnit> from_proto(const v1::CreateOrgUnitRequest& in) {
  auto type = unit_type_from_proto(in.type(), "type");
  if (!type) return type.status();
  OrgUnit out;
  out.parent_id = in.parent_id();
  out.type = *type;
  out.code = in.code();
  out.name = in.name();
  out.case_prefix = in.case_prefix();
  return out;
}

UnitUpdate from_proto(const v1::UpdateOrgUnitRequest& in) {
  UnitUpdate out;
  out.unit_id = in.unit_id();
  out.name = in.name();
  out.new_parent_id = in.new_parent_id();
  out.retire = in.retire();
  return out;
}

void to_proto(const AuditEntry& in, v1::AuditEntry* out) {
  out->set_id(in.id);
  out->set_at(in.at);
  out->set_kind(to_proto(in.kind));
  out->set_actor_user_id(in.actor_id);
  out->set_username(in.username);
  out->set_address(in.address);
  out->set_case_id(in.case_id);
  out->set_detail(in.detail);
}

std::string call_name(const v1::ClientFrame& frame) {
  if (frame.request_case() == v1::ClientFrame::REQUEST_NOT_SET) return "unknown";
  const auto* field = v1::ClientFrame::descriptor()->FindFieldByNumber(frame.request_case());
  return field ? field->name() : "unknown";
}

}  // namespace gridcase::net
