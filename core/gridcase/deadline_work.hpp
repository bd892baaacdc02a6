// Deadline work (期限): what falls due on the case clocks — the colour changes (CLOCK_WARNING,
// CLOCK_EXPIRED) and the DEADLINE escalations they cause —, the inspections that recurring
// plans make when due, and the stalled-case warnings (久拖未动, warning.hpp) of the cases that
// have gone quiet. One of the engine's services (engine.hpp: engine.deadlines()); the
// deadline runner (deadline_runner.hpp) calls it when something falls due.
//
// Each change runs through the one command pipeline (core/src/command_pipeline.hpp) as the
// system's own mutation, one write unit per case or plan, and happens once: the colour reached
// is stored with the clock in the same commit.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct EngineCore;
class MutationWrite;

// One day of the working calendar the deadlines count on.
struct CalendarDayInfo {
  CivilDate date;
  DayKind kind = DayKind::kWorkday;
  std::string name;          // the holiday, or why a weekend day is worked; empty otherwise
  bool working = false;
  bool provisional = false;  // its year's notice is not loaded: counted with weekends only
};

// 工作日查询: which of some days are working days, and when a time limit counted from an
// instant ends, exactly as a case clock would count it.
struct WorkingTimeQuestion {
  std::string from_date;         // "2027-10-01"; empty: no days asked
  std::string to_date;           // the last day asked; empty: from_date alone
  TimeMs start_at = 0;           // the limit counts from here; 0: now
  std::int64_t amount = 0;       // 0: no limit asked
  BudgetUnit unit = BudgetUnit::kUnspecified;
};
struct WorkingTimeAnswer {
  std::vector<CalendarDayInfo> days;
  TimeMs due_at = 0;             // when the limit ends (for day units, the midnight after last_day)
  CivilDate last_day;            // the last day the limit includes, in the calendar's zone
  bool provisional = false;      // the count crosses a year whose notice is not loaded
};

class Deadlines {
 public:
  explicit Deadlines(EngineCore& core) : core_(core) {}

  // Records what is due by `now`, for at most `max_cases` cases, creates the inspections of
  // the plans due by `now` and forgets the request records past their retention. Returns the next instant something is due (0: nothing), or
  // `now` when cases are left over for another call.
  Result<TimeMs> run_due(TimeMs now, int max_cases = 200);
  // Supervisors and admins (or kSystemActor): makes the inspections due by now at once;
  // gives how many. PERMISSION_DENIED ROLE_MAY_NOT for other roles. `done` runs once they
  // are durable, possibly on the store's writer thread; the _sync form blocks.
  void run_due_plans(UserId actor, std::function<void(Result<int>)> done);
  Result<int> run_due_plans_sync(UserId actor);
  // Called after any commit that leaves a case due at `at`, so that a runner sleeping past
  // `at` can wake up. Set once, before use; it runs on the store's writer thread.
  void set_due_listener(std::function<void(TimeMs)> listener);

  // Any active user. INVALID_ARGUMENT BAD_DATE for a malformed date or a range beyond 366 days
  // or backwards, BAD_TIME for a negative start, BAD_POLICY for an amount beyond 3,660 days
  // (or hours) or without its unit.
  Result<WorkingTimeAnswer> working_time(UserId actor, const WorkingTimeQuestion& q) const;

 private:
  // Creates the inspections of the plans due by `now`; returns the next instant a plan is due
  // (0: none), or `now` when plans are left over for another call.
  Result<TimeMs> make_due_inspections(TimeMs now, int max_plans, int* made = nullptr);
  Result<TimeMs> run_due_cases(TimeMs now, int max_cases);
  // 久拖未动 (warning.hpp): raises the stalled warnings of the cases quiet since before the
  // cut-off, read from the store's index; returns when the next one falls stalled (0: none),
  // or `now` when cases are left over for another call.
  Result<TimeMs> run_due_stalls(TimeMs now, int max_cases);
  // Forgets at most `max_records` records of people's requests older than the retention
  // (EngineOptions::request_retention; none when it is 0), at most once a minute unless more
  // were left over; `now` when more are left over, else 0.
  Result<TimeMs> forget_old_requests(TimeMs now, int max_records);
  // The colour changes and escalations of one case due by `now`.
  Status process_due(MutationWrite& w, CaseId id, TimeMs now);

  EngineCore& core_;
};

}  // namespace gridcase
