#include "labels.hpp"

#include <cctype>

#include "enum_args.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/names.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

// "SUB_DISTRICT" → "sub-district", "IN_PROGRESS" → "in progress".
std::string english(std::string id, bool hyphenate = false) {
  for (char& c : id) {
    c = c == '_' ? (hyphenate ? '-' : ' ') : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return id;
}

// The wire and the core number their enums alike; the core holds the Chinese labels.
template <typename Core, typename Wire>
std::string pick(Wire v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<Core>(static_cast<int>(v)));
  return english(enum_id(v));
}

}  // namespace

std::string label(v1::UnitType v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<UnitType>(static_cast<int>(v)));
  return english(enum_id(v), v == v1::UNIT_TYPE_SUB_DISTRICT);
}
std::string label(v1::Role v) { return pick<Role>(v); }
std::string label(v1::CaseKind v) {
  if (lang() == Lang::kEn && v == v1::CASE_KIND_HOTLINE) return "12345 hotline";
  return pick<CaseKind>(v);
}
std::string label(v1::Channel v) {
  if (lang() == Lang::kEn && v == v1::CHANNEL_HOTLINE) return "12345 hotline";
  return pick<Channel>(v);
}
std::string label(v1::CaseState v) { return pick<CaseState>(v); }
std::string label(v1::Level v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<Level>(static_cast<int>(v)));
  return english(enum_id(v), v == v1::LEVEL_SUB_DISTRICT);
}
std::string label(v1::Outcome v) { return pick<Outcome>(v); }
std::string label(v1::Priority v) { return pick<Priority>(v); }
std::string label(v1::PartyRole v) { return pick<PartyRole>(v); }
std::string label(v1::EscalationReason v) { return pick<EscalationReason>(v); }
std::string label(v1::Action v) {
  if (lang() == Lang::kEn && v == v1::ACTION_ASSIGN_LEADER) return "assign leader";
  return pick<Action>(v);
}
std::string label(v1::PartyPostKind v) { return pick<PartyPostKind>(v); }
std::string label(v1::ClockKind v) {
  if (lang() == Lang::kEn) return v == v1::CLOCK_KIND_UNSPECIFIED ? "unspecified" : english(enum_id(v)) + " clock";
  return pick<ClockKind>(v);
}
std::string label(v1::ClockRun v) {
  // The core numbers its runs from 0 (pending); the wire keeps 0 for "unspecified".
  if (v == v1::CLOCK_RUN_UNSPECIFIED) return "-";
  if (lang() == Lang::kZh) return label_zh(static_cast<ClockRun>(static_cast<int>(v) - 1));
  return english(enum_id(v));
}
std::string label(v1::Colour v) { return pick<Colour>(v); }
std::string label(v1::BudgetUnit v) { return pick<BudgetUnit>(v); }
std::string label(v1::ExpiryAction v) { return pick<ExpiryAction>(v); }
std::string label(v1::Consent v) { return pick<Consent>(v); }
std::string label(v1::ReferralRoute v) { return pick<ReferralRoute>(v); }
std::string label(v1::SignMark v) { return pick<SignMark>(v); }
std::string label(v1::SessionKind v) { return pick<SessionKind>(v); }
std::string label(v1::PetitionDecision v) { return pick<PetitionDecision>(v); }
std::string label(v1::NoticeKind v) { return pick<NoticeKind>(v); }
std::string label(v1::PetitionRule v) { return pick<PetitionRule>(v); }
std::string label(v1::HotlineDeadlineClass v) { return pick<HotlineDeadlineClass>(v); }
std::string label(v1::HotlineContactMethod v) { return pick<ContactMethod>(v); }
std::string label(v1::HazardSeverity v) { return pick<HazardSeverity>(v); }
std::string label(v1::ResponsibleKind v) { return pick<ResponsibleKind>(v); }

template <typename Wire>
std::string label_of_name(const std::string& value) {
  auto v = find_enum_value(google::protobuf::GetEnumDescriptor<Wire>(), value);
  return v ? label(static_cast<Wire>(*v)) : value;
}
template std::string label_of_name<v1::Outcome>(const std::string&);
template std::string label_of_name<v1::EscalationReason>(const std::string&);
template std::string label_of_name<v1::Channel>(const std::string&);
template std::string label_of_name<v1::ClockKind>(const std::string&);
template std::string label_of_name<v1::BudgetUnit>(const std::string&);
template std::string label_of_name<v1::Level>(const std::string&);
template std::string label_of_name<v1::Consent>(const std::string&);
template std::string label_of_name<v1::ReferralRoute>(const std::string&);
template std::string label_of_name<v1::SignMark>(const std::string&);
template std::string label_of_name<v1::SessionKind>(const std::string&);
template std::string label_of_name<v1::PetitionDecision>(const std::string&);
template std::string label_of_name<v1::NoticeKind>(const std::string&);
template std::string label_of_name<v1::PetitionRule>(const std::string&);
template std::string label_of_name<v1::HotlineDeadlineClass>(const std::string&);
template std::string label_of_name<v1::HotlineContactMethod>(const std::string&);
template std::string label_of_name<v1::HazardSeverity>(const std::string&);

std::string format_time(std::int64_t ms) {
  if (ms == 0) return "-";
  return format_shanghai(ms);
}

}  // namespace gridcase::cli
