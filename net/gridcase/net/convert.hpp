// Mapping between the wire contract (gridcase.v1) and the core's types.
//
// Enumerations have the same numbers on both sides. Core -> proto cannot fail. Proto -> core
// rejects a number the core does not know (proto3 keeps unknown enum values) with
// INVALID_ARGUMENT "UNKNOWN_ENUM_VALUE", naming the field; UNSPECIFIED passes through, and each
// request's own validation (in the engine) decides whether it is allowed there.
//
// One exception to "same numbers": the core's ClockRun zero (kUnspecified) means PENDING, so
// core kUnspecified/kRunning/kPaused/kStopped are wire PENDING/RUNNING/PAUSED/STOPPED (1..4);
// wire UNSPECIFIED reads as PENDING.
//
// A case's clocks go out as they stand at an instant (AsOf): their colour and the counted time
// left are computed then, against the working calendar, not taken from what was stored.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gridcase/audit.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/case_clock.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/org.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

namespace v1 = ::gridcase::v1;

// The instant and calendar a case's clocks are rendered against.
struct AsOf {
  TimeMs now = 0;
  std::shared_ptr<const WorkingCalendar> calendar;  // never null

  // The engine's current time and working calendar.
  static AsOf of(const Engine& engine) { return AsOf{engine.now(), engine.calendar()}; }
};

// ---- Enumerations, core -> proto ----
v1::UnitType to_proto(UnitType v);
v1::Level to_proto(Level v);
v1::Role to_proto(Role v);
v1::CaseKind to_proto(CaseKind v);
v1::Channel to_proto(Channel v);
v1::CaseState to_proto(CaseState v);
v1::Outcome to_proto(Outcome v);
v1::Priority to_proto(Priority v);
v1::PartyRole to_proto(PartyRole v);
v1::EscalationReason to_proto(EscalationReason v);
v1::Action to_proto(Action v);
v1::PartyPostKind to_proto(PartyPostKind v);
v1::ClockKind to_proto(ClockKind v);
v1::ClockRun to_proto(ClockRun v);
v1::Colour to_proto(Colour v);
v1::BudgetUnit to_proto(BudgetUnit v);
v1::ExpiryAction to_proto(ExpiryAction v);
v1::AuditKind to_proto(AuditKind v);

// ---- Enumerations, proto -> core ----
// Core and wire enumerations share their numbers; the core's last value bounds what it knows.
template <typename Enum>
Result<Enum> enum_from_wire(int value, int last, const char* field) {
  if (value < 0 || value > last) {
    return Status(reason::UNKNOWN_ENUM_VALUE, std::string(field) + ": unknown value " + std::to_string(value));
  }
  return static_cast<Enum>(value);
}

// `value` is the raw number from the wire; `field` names the field in the error message.
Result<UnitType> unit_type_from_proto(int value, const char* field);
Result<Level> level_from_proto(int value, const char* field);
Result<Role> role_from_proto(int value, const char* field);
Result<CaseKind> case_kind_from_proto(int value, const char* field);
Result<Channel> channel_from_proto(int value, const char* field);
Result<CaseState> case_state_from_proto(int value, const char* field);
Result<Outcome> outcome_from_proto(int value, const char* field);
Result<Priority> priority_from_proto(int value, const char* field);
Result<PartyRole> party_role_from_proto(int value, const char* field);
Result<EscalationReason> escalation_reason_from_proto(int value, const char* field);
Result<Action> action_from_proto(int value, const char* field);
Result<ClockKind> clock_kind_from_proto(int value, const char* field);
Result<ClockRun> clock_run_from_proto(int value, const char* field);
Result<Colour> colour_from_proto(int value, const char* field);
Result<BudgetUnit> budget_unit_from_proto(int value, const char* field);
Result<ExpiryAction> expiry_action_from_proto(int value, const char* field);
Result<AuditKind> audit_kind_from_proto(int value, const char* field);

// ---- Resources, core -> proto ----
void to_proto(const OrgUnit& in, v1::OrgUnit* out);
void to_proto(const PartyPost& in, v1::PartyPost* out);
// Never carries the password hash.
void to_proto(const User& in, v1::User* out);
// `leaf` is true when no category of `all` names this one as its parent.
void to_proto(const Category& in, const std::vector<Category>& all, v1::Category* out);
void to_proto(const CaseParty& in, v1::CaseParty* out);
void to_proto(const Location& in, v1::Location* out);
// colour and remaining_ms as of `at`; the rest as stored.
void to_proto(const CaseClock& in, const AsOf& at, v1::CaseClock* out);
// The case's colour is the worst colour, as of `at`, of its running and paused clocks (GREEN
// when none runs).
void to_proto(const Case& in, const AsOf& at, v1::Case* out);
void to_proto(const Event& in, v1::CaseEvent* out);
void to_proto(const CaseResult& in, const AsOf& at, v1::CaseResponse* out);
void to_proto(const CaseDetail& in, const AsOf& at, v1::GetCaseResponse* out);
void to_proto(const LoginResult& in, v1::LoginResponse* out);
void to_proto(const BoardCount& in, v1::BoardCount* out);
void to_proto(const Board& in, const AsOf& at, v1::GetBoardResponse* out);
void to_proto(const ClockPolicy& in, v1::ClockPolicy* out);
void to_proto(const DeadlinePolicy& in, v1::DeadlinePolicy* out);
void to_proto(const CalendarInfo& in, v1::CalendarResponse* out);
void to_proto(const WorkingTimeAnswer& in, v1::WorkingTimeResponse* out);
void to_proto(const AcceptanceCheck& in, v1::CheckPetitionResponse* out);
void to_proto(const AuditEntry& in, v1::AuditEntry* out);

// A non-OK status as a wire error: code number, reason, message, and the allowed actions
// carried in details() (action names; names the core cannot parse are left out).
void to_proto(const Status& status, v1::Error* out);

// ---- Requests, proto -> core ----
Result<NewCase> from_proto(const v1::CreateCaseRequest& in);
Result<CaseQuery> from_proto(const v1::ListCasesRequest& in);
Result<NewUser> from_proto(const v1::CreateUserRequest& in);
Result<WorkingTimeQuestion> from_proto(const v1::WorkingTimeRequest& in);
Result<UserUpdate> from_proto(const v1::UpdateUserRequest& in);
Result<OrgUnit> from_proto(const v1::CreateOrgUnitRequest& in);
UnitUpdate from_proto(const v1::UpdateOrgUnitRequest& in);
Result<CaseParty> from_proto(const v1::CaseParty& in);
Location from_proto(const v1::Location& in);
// A warn_percent of 0 (unset) means the default share, 75. Everything else is checked by the
// engine (Engine::set_policy).
Result<ClockPolicy> from_proto(const v1::ClockPolicy& in);
Result<DeadlinePolicy> from_proto(const v1::DeadlinePolicy& in);

// The name of the call a frame carries ("create_case", "login"...), or "unknown" when none is
// set. Used for metrics and logs.
std::string call_name(const v1::ClientFrame& frame);

}  // namespace gridcase::net
