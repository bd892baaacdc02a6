// 久拖未动 (warning.hpp): an open case no one has acted on for N working days. Every event
// appended through the pipeline keeps the case's last activity in the store (StallWatch, one row
// per watched case, indexed by that time while no stalled warning stands on it); the deadline
// rounds (deadline_work.cpp) read the cases quiet since before the cut-off from that index and
// raise each one's warning in a write of its own. No scan of the cases.
#include <algorithm>

#include "warning_signals.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

namespace signals {

namespace {

// Days the working calendar is searched back: far beyond any threshold (at most 60 working days).
constexpr int kMaxDaysBack = 3660;

// A case someone owes a step: not terminal, not awaiting its closing or a petitioner's request
// (RESOLVED, REVIEWED), not on an approved pause (SUSPENDED).
bool watched(CaseState s) { return is_open(s) && s != CaseState::kSuspended; }

// The stalled warning standing on a case has cleared at `at`.
Status clear(MutationWrite& w, std::int64_t warning_id, TimeMs at) {
  auto found = w.view.get_warning(warning_id);
  if (!found) return found.status().code() == Code::kNotFound ? Status{} : found.status();
  if (found->holds_until != 0) return Status{};
  found->holds_until = at;
  return w.view.update_warning(*found);
}

// Working days in (the day of `last_at`, the day before `now`].
int quiet_days(const WorkingCalendar& cal, TimeMs last_at, TimeMs now) {
  int n = 0;
  const std::int64_t first = cal.local_day(last_at) + 1;
  for (std::int64_t d = cal.local_day(now) - 1; d >= first && n < kMaxDaysBack; --d) {
    if (cal.is_working_day(d)) ++n;
  }
  return n;
}

}  // namespace

TimeMs stall_cutoff(const WorkingCalendar& cal, TimeMs now, int working_days) {
  std::int64_t d = cal.local_day(now) - 1;
  int n = 0;
  for (int i = 0; i < kMaxDaysBack; ++i, --d) {
    if (cal.is_working_day(d) && ++n == working_days) break;
  }
  return cal.day_start(d);
}

TimeMs stall_due(const WorkingCalendar& cal, TimeMs last_at, int working_days) {
  return cal.add(cal.counting_start(last_at, BudgetUnit::kWorkingDays),
                 working_days * unit_ms(BudgetUnit::kWorkingDays), BudgetUnit::kWorkingDays)
      .at;
}

Status note_activity(MutationWrite& w, const Event& e) {
  if (e.case_id == 0) return Status{};
  const bool watch = watched(e.to_state);
  // The system's own steps on a watched case (clock colours, deadline escalations) are no one's
  // work: they leave its quiet time running. One that brings it into a watched state starts it.
  if (watch && e.actor_id == kSystemActor && watched(e.from_state)) return Status{};
  // A new case has no watch yet: nothing to read.
  if (e.action == Action::kCreate) return watch ? w.view.watch_stall(StallWatch{e.case_id, e.at, 0}) : Status{};
  auto current = w.view.stall_watch(e.case_id);
  if (!current) return current.status();
  if (current->warning_id != 0) GRIDCASE_RETURN_IF_ERROR(clear(w, current->warning_id, e.at));
  if (watch) return w.view.watch_stall(StallWatch{e.case_id, e.at, 0});
  if (current->case_id != 0) return w.view.unwatch_stall(e.case_id);
  return Status{};
}

Status raise_if_stalled(MutationWrite& w, CaseId id, TimeMs now) {
  auto policy = current_warning_policy(w.view);
  if (!policy) return policy.status();
  const WorkingCalendar& cal = *w.config.calendar;
  auto current = w.view.stall_watch(id);
  if (!current) return current.status();
  StallWatch watch = *current;
  // Handled already, or active since the round read it.
  if (watch.case_id == 0 || watch.warning_id != 0 ||
      watch.last_at >= stall_cutoff(cal, now, policy->stalled_working_days)) {
    return Status{};
  }
  auto c = w.view.get_case(id);
  if (!c && c.status().code() != Code::kNotFound) return c.status();
  if (!c || !watched(c->state)) return w.view.unwatch_stall(id);

  const OrgTree& tree = *w.config.tree;
  const OrgUnit* grid = tree.ancestor_of_type(c->location.unit_id, UnitType::kGrid);
  Warning raised;
  raised.kind = WarningKind::kStalled;
  // The grid concerned, as for every signal: its supervisors and those above are told, wherever
  // the case is handled now (an escalated case stalls at the level above, in their view).
  raised.unit_id = grid != nullptr ? grid->id : c->location.unit_id;
  raised.key = "stall:" + std::to_string(id);
  std::string title = c->title;
  if (utf8_length(title) > 40) title = std::string(utf8_prefix(title, 40)) + "…";
  raised.subject = c->number + " " + title + "（" + label_zh(c->state) + "）";
  raised.category_code = c->category_code;
  raised.count = quiet_days(cal, watch.last_at, now);
  raised.threshold = policy->stalled_working_days;
  raised.window_days = policy->stalled_working_days;
  raised.case_ids = {id};
  raised.holds_until = 0;  // until the next event on the case
  GRIDCASE_RETURN_IF_ERROR(raise(w, *policy, raised, id,
                                 "no event since " + format_shanghai(watch.last_at) + ": " +
                                     std::to_string(raised.count) + " working days (threshold " +
                                     std::to_string(raised.threshold) + ")"));
  watch.warning_id = raised.id;
  return w.view.watch_stall(watch);
}

}  // namespace signals
}  // namespace gridcase
