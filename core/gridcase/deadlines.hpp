// Case clocks (deadlines): the policies that say which clocks a case runs, and the arithmetic of
// one clock's life — start, pause (中止), resume, extend (延期), stop — and its colour.
//
// A clock counts budget in one unit of the working calendar. It turns yellow when the warning
// share of its budget is used (default 75%) and red when the budget is spent; each change of
// colour is reported once (the colour reported last is stored with the clock). On red, a RESOLVE
// clock whose policy says so escalates the case one level (DEADLINE) and starts afresh there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/case_clock.hpp"
#include "gridcase/category.hpp"

namespace gridcase {

// One clock of a policy.
struct ClockPolicy {
  ClockKind kind = ClockKind::kUnspecified;
  std::int64_t amount = 0;  // budget, in hours or days of `unit`
  BudgetUnit unit = BudgetUnit::kUnspecified;
  Action starts_on = Action::kUnspecified;  // the event that starts it (CREATE, ACCEPT, DISPATCH)
  Action stops_on = Action::kUnspecified;   // the event that stops it (ACCEPT, DISPATCH, RESOLVE…)
  int warn_percent = 75;
  ExpiryAction on_expiry = ExpiryAction::kFlag;
};

// The clocks a case of some kind, category and priority runs. A policy names a category to
// cover it and everything below it; an empty category covers the whole kind; kUnspecified
// priority covers every priority.
struct DeadlinePolicy {
  std::int64_t id = 0;
  int version = 1;
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  Priority priority = Priority::kUnspecified;
  std::vector<ClockPolicy> clocks;
  std::string basis;  // the rule it follows, e.g. "信访工作条例 第三十四条"
};

// The policies a new database starts with (see DOMAIN.md, "Deadlines").
const std::vector<DeadlinePolicy>& default_policies();

// INVALID_ARGUMENT with a reason when a policy cannot work (no clocks, a zero budget, an
// unknown unit, a warning share outside 1..99, a clock kind listed twice…).
Status check_policy(const DeadlinePolicy& policy);

// The most specific policy for a case: the deepest category match beats a shallower one, which
// beats a kind-wide policy; among those, a matching priority beats "any". nullptr when none.
const DeadlinePolicy* match_policy(const std::vector<DeadlinePolicy>& policies,
                                   const std::vector<Category>& categories, CaseKind kind,
                                   const std::string& category_code, Priority priority);

// What a clock looks like at an instant.
struct ClockStatus {
  std::int64_t used_ms = 0;
  std::int64_t remaining_ms = 0;  // negative when overdue
  Colour colour = Colour::kGreen;
};

// Pure operations on a clock. `now` comes from the engine's Clock; none reads the system time.
// A clock as a case gets it from its policy: waiting for its start event.
CaseClock pending_clock(const ClockPolicy& policy);
// Starts (or restarts, fresh, with the policy's budget) a clock at `now`.
void start_clock(CaseClock& clock, TimeMs now, const WorkingCalendar& cal);
CaseClock start_clock(const ClockPolicy& policy, TimeMs now, const WorkingCalendar& cal);
// Recomputes warn_at, deadline and provisional from what is left (after a calendar change).
void reschedule(CaseClock& clock, const WorkingCalendar& cal);
void pause_clock(CaseClock& clock, TimeMs now, const WorkingCalendar& cal);
void resume_clock(CaseClock& clock, TimeMs now, const WorkingCalendar& cal);
void stop_clock(CaseClock& clock, TimeMs now, const WorkingCalendar& cal);
// Adds budget (an approved 延期) and reschedules. A yellow or red clock that is green again
// under the new budget goes back to green silently.
void extend_clock(CaseClock& clock, std::int64_t extra_ms, TimeMs now, const WorkingCalendar& cal);
ClockStatus clock_status(const CaseClock& clock, TimeMs now, const WorkingCalendar& cal);

// The next instant at which the clock changes colour, or 0 when it will not (paused, stopped,
// already red).
TimeMs next_due(const CaseClock& clock);
// The earliest next_due of a set of clocks, or 0.
TimeMs next_due(const std::vector<CaseClock>& clocks);
// The case's deadline for ordering lists: the earliest deadline of a running clock, red or not;
// 0 when no clock runs (none started, all stopped, or the case suspended).
TimeMs earliest_deadline(const std::vector<CaseClock>& clocks);
// The worst colour among running and paused clocks (kGreen when there are none).
Colour worst_colour(const std::vector<CaseClock>& clocks);

// The colour changes due by `now`, in order (a clock late past both thresholds yields yellow
// then red). Applies them to `clock`.
std::vector<Colour> advance_colour(CaseClock& clock, TimeMs now);

}  // namespace gridcase
