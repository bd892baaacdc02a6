// Deadline work (期限): what falls due on the case clocks — the colour changes (CLOCK_WARNING,
// CLOCK_EXPIRED) and the DEADLINE escalations they cause — and the inspections that recurring
// plans make when due. One of the engine's services (engine.hpp: engine.deadlines()); the
// deadline runner (deadline_runner.hpp) calls it when something falls due.
//
// Each change runs through the one command pipeline (core/src/command_pipeline.hpp) as the
// system's own mutation, one write unit per case or plan, and happens once: the colour reached
// is stored with the clock in the same commit.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct EngineCore;
class MutationWrite;

class Deadlines {
 public:
  explicit Deadlines(EngineCore& core) : core_(core) {}

  // Records what is due by `now`, for at most `max_cases` cases, and creates the inspections
  // of the plans due by `now`. Returns the next instant something is due (0: nothing), or
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

 private:
  // Creates the inspections of the plans due by `now`; returns the next instant a plan is due
  // (0: none), or `now` when plans are left over for another call.
  Result<TimeMs> make_due_inspections(TimeMs now, int max_plans, int* made = nullptr);
  Result<TimeMs> run_due_cases(TimeMs now, int max_cases);
  // The colour changes and escalations of one case due by `now`.
  Status process_due(MutationWrite& w, CaseId id, TimeMs now);

  EngineCore& core_;
};

}  // namespace gridcase
