#include "gridcase/lifecycle.hpp"

#include "gridcase/action_table.hpp"

namespace gridcase {

namespace {

// The step `action` may take from `state`, or nullptr.
const ActionStep* step_of(CaseState state, Action action) {
  const ActionSpec* spec = action_spec(action);
  if (spec == nullptr) return nullptr;
  for (const auto& step : spec->steps) {
    if (step.from == state) return &step;
  }
  return nullptr;
}

}  // namespace

std::optional<CaseState> next_state(const Case& c, Action action) {
  const ActionStep* step = step_of(c.state, action);
  if (step == nullptr) return std::nullopt;
  if (action == Action::kResume) {
    return c.state_before_suspend == CaseState::kUnspecified ? CaseState::kAccepted : c.state_before_suspend;
  }
  return step->to == CaseState::kUnspecified ? c.state : step->to;
}

std::optional<CaseState> finishing_state(const Case& c, Action action) {
  const ActionStep* step = step_of(c.state, action);
  if (step == nullptr || step->or_to == CaseState::kUnspecified) return std::nullopt;
  return step->or_to;
}

std::vector<Action> allowed_actions(CaseState state) {
  std::vector<Action> out;
  for (const auto& spec : action_table()) {  // in enum order
    if (step_of(state, spec.action) != nullptr) out.push_back(spec.action);
  }
  return out;
}

bool is_terminal(CaseState state) {
  return state == CaseState::kClosed || state == CaseState::kNotAccepted || state == CaseState::kMerged;
}

bool is_open(CaseState state) {
  return !is_terminal(state) && state != CaseState::kResolved && state != CaseState::kReviewed;
}

}  // namespace gridcase
