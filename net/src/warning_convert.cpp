#include "gridcase/net/warning_convert.hpp"

#include <string>

#include "gridcase/net/convert.hpp"

namespace gridcase::net {

namespace {

constexpr int kDefaultPage = 50;
constexpr char kTokenPrefix[] = "w:";

}  // namespace

void to_proto(const Warning& in, v1::Warning* out) {
  out->set_id(in.id);
  out->set_kind(static_cast<v1::WarningKind>(static_cast<int>(in.kind)));
  out->set_state(static_cast<v1::WarningState>(static_cast<int>(in.state)));
  out->set_unit_id(in.unit_id);
  out->set_subject(in.subject);
  out->set_category_code(in.category_code);
  out->set_count(in.count);
  out->set_threshold(in.threshold);
  out->set_baseline(in.baseline);
  out->set_window_days(in.window_days);
  for (CaseId id : in.case_ids) out->add_case_ids(id);
  out->set_party_index(in.party_index);
  out->set_raised_at_ms(in.raised_at);
  out->set_holds_until_ms(in.holds_until);
  out->set_policy_version(in.policy_version);
  out->set_case_id(in.case_id);
  for (const WarningStep& s : in.steps) {
    auto* step = out->add_steps();
    step->set_action(static_cast<v1::WarningAction>(static_cast<int>(s.action)));
    step->set_by_user_id(s.by);
    step->set_at_ms(s.at);
    step->set_reason(s.reason);
    step->set_case_id(s.case_id);
  }
  out->set_version(in.version);
}

void to_proto(const WarningPolicy& in, v1::WarningPolicy* out) {
  out->set_version(in.version);
  out->set_repeat_count(in.repeat_count);
  out->set_repeat_days(in.repeat_days);
  out->set_hot_window_days(in.hot_window_days);
  out->set_hot_baseline_days(in.hot_baseline_days);
  out->set_hot_min_count(in.hot_min_count);
  out->set_hot_factor_percent(in.hot_factor_percent);
  out->set_group_persons(in.group_persons);
  out->set_petition_levels_above(in.petition_levels_above);
  out->set_stalled_working_days(in.stalled_working_days);
  out->set_basis(in.basis);
  out->set_set_by_user_id(in.set_by);
  out->set_set_at_ms(in.set_at);
}

Result<WarningFilter> from_proto(const v1::ListWarningsRequest& in) {
  WarningFilter f;
  for (int k : in.kinds()) {
    auto kind = enum_from_wire<WarningKind>(k, static_cast<int>(WarningKind::kGroupMatter), "kinds");
    if (!kind) return kind.status();
    if (*kind != WarningKind::kUnspecified) f.kinds.push_back(*kind);
  }
  for (int s : in.states()) {
    auto state = enum_from_wire<WarningState>(s, static_cast<int>(WarningState::kDismissed), "states");
    if (!state) return state.status();
    if (*state != WarningState::kUnspecified) f.states.push_back(*state);
  }
  if (in.page_size() < 0 || in.page_size() > 500) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be 0..500");
  }
  f.limit = in.page_size() == 0 ? kDefaultPage : in.page_size();
  const std::string& token = in.page_token();
  if (!token.empty()) {
    const std::string digits = token.rfind(kTokenPrefix, 0) == 0 ? token.substr(2) : std::string();
    if (digits.empty() || digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return Status(reason::BAD_PAGE_TOKEN, "the page token is not one this server issued");
    }
    f.before_id = std::stoll(digits);
  }
  return f;
}

std::string next_warning_page(const std::vector<Warning>& page, int page_size) {
  if (page.empty() || static_cast<int>(page.size()) < page_size) return {};
  return kTokenPrefix + std::to_string(page.back().id);
}

Result<WarningCommand> from_proto(const v1::HandleWarningRequest& in) {
  WarningCommand c;
  c.request_id = in.request_id();
  c.warning_id = in.warning_id();
  c.expected_version = in.expected_version();
  auto action = enum_from_wire<WarningAction>(in.action(), static_cast<int>(WarningAction::kDismiss), "action");
  if (!action) return action.status();
  c.action = *action;
  c.reason = in.reason();
  c.case_id = in.case_id();
  auto kind = case_kind_from_proto(in.kind(), "kind");
  if (!kind) return kind.status();
  c.kind = *kind;
  c.category_code = in.category_code();
  c.title = in.title();
  return c;
}

WarningPolicy from_proto(const v1::WarningPolicy& in) {
  WarningPolicy p;
  p.repeat_count = in.repeat_count();
  p.repeat_days = in.repeat_days();
  p.hot_window_days = in.hot_window_days();
  p.hot_baseline_days = in.hot_baseline_days();
  p.hot_min_count = in.hot_min_count();
  p.hot_factor_percent = in.hot_factor_percent();
  // 0: a client that does not know these thresholds keeps the built-in ones.
  if (in.group_persons() != 0) p.group_persons = in.group_persons();
  if (in.petition_levels_above() != 0) p.petition_levels_above = in.petition_levels_above();
  if (in.stalled_working_days() != 0) p.stalled_working_days = in.stalled_working_days();
  p.basis = in.basis();
  return p;
}

}  // namespace gridcase::net
