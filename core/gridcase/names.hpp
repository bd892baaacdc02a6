// Names of the core's enumerations: stable upper-case identifiers (as on the wire, without the
// enum prefix: "IN_PROGRESS") and Chinese labels for people ("处置中").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gridcase/audit.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/org.hpp"
#include "gridcase/user.hpp"
#include "gridcase/warning.hpp"

namespace gridcase {

const char* name(UnitType v);
const char* name(Level v);
const char* name(Role v);
const char* name(CaseKind v);
const char* name(Channel v);
const char* name(CaseState v);
const char* name(Outcome v);
const char* name(Priority v);
const char* name(PartyRole v);
const char* name(EscalationReason v);
const char* name(Action v);
const char* name(PartyPostKind v);
const char* name(ClockKind v);
const char* name(ClockRun v);  // kUnspecified is "PENDING"
const char* name(Colour v);
const char* name(BudgetUnit v);
const char* name(ExpiryAction v);
const char* name(AuditKind v);
const char* name(Consent v);
const char* name(ReferralRoute v);
const char* name(SignMark v);
const char* name(SessionKind v);
const char* name(AuthorityLevel v);
const char* name(LegalRoute v);
const char* name(PetitionRule v);
const char* name(PetitionDecision v);
const char* name(NoticeKind v);
const char* name(HotlineDeadlineClass v);
const char* name(ContactMethod v);

const char* label_zh(UnitType v);
const char* label_zh(Level v);
const char* label_zh(Role v);
const char* label_zh(CaseKind v);
const char* label_zh(Channel v);
const char* label_zh(CaseState v);
const char* label_zh(Outcome v);
const char* label_zh(Priority v);
const char* label_zh(Action v);
const char* label_zh(PartyRole v);
const char* label_zh(ClockKind v);
const char* label_zh(ClockRun v);
const char* label_zh(Colour v);
const char* label_zh(BudgetUnit v);
const char* label_zh(ExpiryAction v);
const char* label_zh(AuditKind v);
const char* label_zh(EscalationReason v);
const char* label_zh(PartyPostKind v);
const char* label_zh(Consent v);
const char* label_zh(ReferralRoute v);
const char* label_zh(SignMark v);
const char* label_zh(SessionKind v);
const char* label_zh(AuthorityLevel v);
const char* label_zh(LegalRoute v);
const char* label_zh(PetitionRule v);
const char* label_zh(PetitionDecision v);
const char* label_zh(NoticeKind v);
const char* label_zh(HotlineDeadlineClass v);
const char* label_zh(ContactMethod v);

// Parse an identifier (case-insensitive, "in_progress" or "IN_PROGRESS"). nullopt when unknown.
template <typename Enum>
std::optional<Enum> parse_name(std::string_view text);
template <> std::optional<UnitType> parse_name<UnitType>(std::string_view text);
template <> std::optional<Level> parse_name<Level>(std::string_view text);
template <> std::optional<Role> parse_name<Role>(std::string_view text);
template <> std::optional<CaseKind> parse_name<CaseKind>(std::string_view text);
template <> std::optional<Channel> parse_name<Channel>(std::string_view text);
template <> std::optional<CaseState> parse_name<CaseState>(std::string_view text);
template <> std::optional<Outcome> parse_name<Outcome>(std::string_view text);
template <> std::optional<Priority> parse_name<Priority>(std::string_view text);
template <> std::optional<PartyRole> parse_name<PartyRole>(std::string_view text);
template <> std::optional<EscalationReason> parse_name<EscalationReason>(std::string_view text);
template <> std::optional<Action> parse_name<Action>(std::string_view text);
template <> std::optional<PartyPostKind> parse_name<PartyPostKind>(std::string_view text);
template <> std::optional<ClockKind> parse_name<ClockKind>(std::string_view text);
template <> std::optional<ClockRun> parse_name<ClockRun>(std::string_view text);
template <> std::optional<Colour> parse_name<Colour>(std::string_view text);
template <> std::optional<BudgetUnit> parse_name<BudgetUnit>(std::string_view text);
template <> std::optional<ExpiryAction> parse_name<ExpiryAction>(std::string_view text);
template <> std::optional<AuditKind> parse_name<AuditKind>(std::string_view text);
template <> std::optional<Consent> parse_name<Consent>(std::string_view text);
template <> std::optional<ReferralRoute> parse_name<ReferralRoute>(std::string_view text);
template <> std::optional<SignMark> parse_name<SignMark>(std::string_view text);
template <> std::optional<SessionKind> parse_name<SessionKind>(std::string_view text);
template <> std::optional<AuthorityLevel> parse_name<AuthorityLevel>(std::string_view text);
template <> std::optional<LegalRoute> parse_name<LegalRoute>(std::string_view text);
template <> std::optional<PetitionRule> parse_name<PetitionRule>(std::string_view text);
template <> std::optional<PetitionDecision> parse_name<PetitionDecision>(std::string_view text);
template <> std::optional<NoticeKind> parse_name<NoticeKind>(std::string_view text);
template <> std::optional<HotlineDeadlineClass> parse_name<HotlineDeadlineClass>(std::string_view text);
template <> std::optional<ContactMethod> parse_name<ContactMethod>(std::string_view text);

// Hazards (hazard.hpp).
const char* name(HazardSeverity v);
const char* name(ResponsibleKind v);
const char* name(InspectionState v);
const char* label_zh(HazardSeverity v);
const char* label_zh(ResponsibleKind v);
const char* label_zh(InspectionState v);
template <> std::optional<HazardSeverity> parse_name<HazardSeverity>(std::string_view text);
template <> std::optional<ResponsibleKind> parse_name<ResponsibleKind>(std::string_view text);
template <> std::optional<InspectionState> parse_name<InspectionState>(std::string_view text);

// Early warnings (warning.hpp).
const char* name(WarningKind v);
const char* name(WarningState v);
const char* name(WarningAction v);
const char* label_zh(WarningKind v);
const char* label_zh(WarningState v);
const char* label_zh(WarningAction v);
template <> std::optional<WarningKind> parse_name<WarningKind>(std::string_view text);
template <> std::optional<WarningState> parse_name<WarningState>(std::string_view text);
template <> std::optional<WarningAction> parse_name<WarningAction>(std::string_view text);

}  // namespace gridcase
