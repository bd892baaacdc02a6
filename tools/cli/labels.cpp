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

std::string format_time(std::int64_t ms) {
  if (ms == 0) return "-";
  return format_shanghai(ms);
}

}  // namespace gridcase::cli
