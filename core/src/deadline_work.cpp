// Deadline work (deadline_work.hpp): the colour changes and DEADLINE escalations due on the case
// clocks, and the inspections due on recurring plans, each one a system mutation run through the
// command pipeline.
#include "gridcase/deadline_work.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>

#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "warning_signals.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/reasons.hpp"

namespace gridcase {

namespace {

constexpr int kMaxPlansPerCall = 500;
// Request records forgotten per round at most: one short write, however many fell due.
constexpr int kForgetPerRound = 2000;
constexpr TimeMs kForgetEvery = 60 * 1000;
constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

// Runs `mutations` as the system, queued together so that they can share commits; `done` gets
// the first failure (or success) once every one has finished. Writes complete in queue order.
void run_all(CommandPipeline& pipeline, std::vector<Mutation> mutations, std::function<void(Status)> done) {
  struct Round {
    std::mutex mu;
    std::size_t left = 0;
    Status first_error;
    std::function<void(Status)> done;
  };
  if (mutations.empty()) return done(Status{});
  auto round = std::make_shared<Round>();
  round->left = mutations.size();
  round->done = std::move(done);
  for (auto& m : mutations) {
    pipeline.run(kSystemActor, std::move(m), [round](Status st) {
      std::unique_lock<std::mutex> lock(round->mu);
      if (!st && round->first_error.is_ok()) round->first_error = st;
      if (--round->left != 0) return;
      Status outcome = round->first_error;
      lock.unlock();
      round->done(outcome);
    });
  }
}

Status run_all_sync(CommandPipeline& pipeline, std::vector<Mutation> mutations) {
  return wait_for<Status>([&](std::function<void(Status)> cb) { run_all(pipeline, std::move(mutations), std::move(cb)); });
}

// The inspection a plan makes when due, and the plan's next due time, in one write.
Status make_inspection(MutationWrite& w, std::int64_t plan_id, TimeMs now, bool& made) {
  auto plan = w.view.get_inspection_plan(plan_id);
  if (!plan) return plan.status();
  InspectionPlan p = std::move(*plan);
  if (!p.active || p.next_due_at > now) return Status{};  // handled already
  Inspection insp;
  insp.plan_id = p.id;
  insp.site_unit_id = p.site_unit_id;
  insp.site = p.site;
  insp.inspector_user_id = p.inspector_user_id;
  insp.state = InspectionState::kPlanned;
  insp.due_at = p.next_due_at;
  insp.version = 1;
  insp.created_at = now;
  auto inserted = w.view.insert_inspection(insp);
  if (!inserted) return inserted.status();
  ++p.inspections_made;
  // The next one is a period after this one was due; a plan left unrun for several periods
  // makes one inspection, not a backlog.
  p.next_due_at += p.period_days * kDayMs;
  if (p.next_due_at <= now) p.next_due_at = now + p.period_days * kDayMs;
  GRIDCASE_RETURN_IF_ERROR(w.view.update_inspection_plan(p));
  made = true;
  return Status{};
}

// One mutation per plan due; `made` counts the inspections they make.
std::vector<Mutation> plan_mutations(const std::vector<std::int64_t>& due, TimeMs now,
                                     std::shared_ptr<std::atomic<int>> made) {
  std::vector<Mutation> out;
  for (std::int64_t id : due) {
    Mutation m;
    m.name = "PLAN_DUE";
    m.apply = [id, now, made](MutationWrite& w) -> Status {
      bool one = false;
      GRIDCASE_RETURN_IF_ERROR(make_inspection(w, id, now, one));
      if (one) ++*made;
      return Status{};
    };
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

void Deadlines::set_due_listener(std::function<void(TimeMs)> listener) {
  core_.pipeline.set_due_listener(std::move(listener));
}

Status Deadlines::process_due(MutationWrite& w, CaseId id, TimeMs now) {
  WriteView& view = w.view;
  auto loaded = view.get_case(id);
  if (!loaded) return loaded.status();
  Case c = std::move(*loaded);
  if (c.next_due == 0 || c.next_due > now) return {};  // handled already
  const OrgTree* tree = w.config.tree.get();
  const WorkingCalendar* cal = w.config.calendar.get();

  std::vector<Event> events;
  auto record = [&](Action action, std::map<std::string, std::string> details, Level from_level) {
    ++c.version;
    Event e = event_on(c, kSystemActor, now, action, c.state, from_level);
    e.details = std::move(details);
    events.push_back(std::move(e));
  };

  // A clock restarted at its expiry may itself be due already (the scheduler was down for a
  // while): go round until nothing changes, at most once per level and colour.
  for (int round = 0; round < 16; ++round) {
    bool restarted = false;
    for (auto& clock : c.clocks) {
      for (Colour reached : advance_colour(clock, now)) {
        const bool red = reached == Colour::kRed;
        const TimeMs due_at = red ? clock.deadline : clock.warn_at;
        record(red ? Action::kClockExpired : Action::kClockWarning,
               {{"clock", name(clock.kind)}, {"due_at", std::to_string(due_at)},
                {"deadline", std::to_string(clock.deadline)}},
               c.level);
        if (!red || clock.on_expiry != ExpiryAction::kEscalate) continue;
        const Level from = c.level;
        const OrgUnit* target =
            from == Level::kDistrict
                ? nullptr
                : level_unit(*tree, c.location.unit_id, static_cast<Level>(static_cast<int>(from) + 1));
        if (target == nullptr) {
          events.back().details["top_level"] = "true";  // nowhere higher to go: stays red
          continue;
        }
        c.level = static_cast<Level>(static_cast<int>(from) + 1);
        c.handling_unit_id = target->id;
        c.assignee_user_id = 0;
        record(Action::kEscalate,
               {{"escalation_reason", name(EscalationReason::kDeadline)},
                {"unit_id", std::to_string(target->id)},
                {"unit", target->name},
                {"clock", name(clock.kind)}},
               from);
        events.back().reason = "超期自动上报";
        // The new level's clock counts from the moment the old one ran out.
        start_clock(clock, due_at, *cal);
        restarted = true;
      }
    }
    if (!restarted) break;
  }
  c.next_due = next_due(c.clocks);
  c.colour = worst_colour(c.clocks);
  if (!events.empty()) c.updated_at = now;
  GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
  for (auto& e : events) GRIDCASE_RETURN_IF_ERROR(w.append(e));
  return {};
}

Result<TimeMs> Deadlines::run_due(TimeMs now, int max_cases) {
  auto plans_next = make_due_inspections(now, max_cases);
  if (!plans_next) return plans_next.status();
  auto cases_next = run_due_cases(now, max_cases);
  if (!cases_next) return cases_next.status();
  auto stalls_next = run_due_stalls(now, max_cases);
  if (!stalls_next) return stalls_next.status();
  auto requests_next = forget_old_requests(now, kForgetPerRound);
  if (!requests_next) return requests_next.status();
  TimeMs next = 0;
  for (TimeMs t : {*plans_next, *cases_next, *stalls_next, *requests_next}) {
    if (t != 0 && (next == 0 || t < next)) next = t;
  }
  return next;
}

Result<TimeMs> Deadlines::forget_old_requests(TimeMs now, int max_records) {
  const TimeMs retention = core_.options.request_retention;
  if (retention <= 0 || now <= retention || now < core_.next_forget.load()) return TimeMs{0};
  auto forgotten = std::make_shared<int>(0);
  Mutation m;
  m.name = "FORGET_REQUESTS";
  m.apply = [before = now - retention, max_records, forgotten](MutationWrite& w) -> Status {
    auto n = w.view.forget_requests(before, max_records);
    if (!n) return n.status();
    *forgotten = *n;
    return Status{};
  };
  std::vector<Mutation> mutations;
  mutations.push_back(std::move(m));
  GRIDCASE_RETURN_IF_ERROR(run_all_sync(core_.pipeline, std::move(mutations)));
  const bool more = *forgotten >= max_records;
  core_.next_forget.store(more ? now : now + kForgetEvery);
  return more ? now : TimeMs{0};
}

Result<TimeMs> Deadlines::run_due_stalls(TimeMs now, int max_cases) {
  auto policy = read_one(core_.repo, [](ReadView& view) { return current_warning_policy(view); });
  if (!policy) return policy.status();
  const std::shared_ptr<const WorkingCalendar> cal = core_.calendar();
  const TimeMs cutoff = signals::stall_cutoff(*cal, now, policy->stalled_working_days);
  auto quiet = read_one(core_.repo, [&](ReadView& view) { return view.quiet_cases(cutoff, max_cases); });
  if (!quiet) return quiet.status();
  std::vector<Mutation> mutations;
  for (const StallWatch& q : *quiet) {
    Mutation m;
    m.name = "STALLED";
    m.case_id = q.case_id;
    m.apply = [id = q.case_id, now](MutationWrite& w) { return signals::raise_if_stalled(w, id, now); };
    mutations.push_back(std::move(m));
  }
  GRIDCASE_RETURN_IF_ERROR(run_all_sync(core_.pipeline, std::move(mutations)));
  if (static_cast<int>(quiet->size()) >= max_cases) return now;
  auto first = read_one(core_.repo, [](ReadView& view) {
    return view.quiet_cases(std::numeric_limits<TimeMs>::max(), 1);
  });
  if (!first) return first.status();
  if (first->empty()) return TimeMs{0};
  // Never sooner than a second from now: a round does not spin on a case it could not settle.
  return std::max(now + 1000, signals::stall_due(*cal, first->front().last_at, policy->stalled_working_days));
}

Result<TimeMs> Deadlines::run_due_cases(TimeMs now, int max_cases) {
  auto due = read_one(core_.repo, [&](ReadView& view) { return view.due_cases(now, max_cases); });
  if (!due) return due.status();
  // One mutation per case, queued together so that they can share commits; each publishes its
  // events once durable.
  std::vector<Mutation> mutations;
  for (CaseId id : *due) {
    Mutation m;
    m.name = "DEADLINE";
    m.case_id = id;
    m.apply = [this, id, now](MutationWrite& w) { return process_due(w, id, now); };
    mutations.push_back(std::move(m));
  }
  GRIDCASE_RETURN_IF_ERROR(run_all_sync(core_.pipeline, std::move(mutations)));
  if (static_cast<int>(due->size()) >= max_cases) return now;
  return read_one(core_.repo, [](ReadView& view) { return view.earliest_due(); });
}

Result<TimeMs> Deadlines::make_due_inspections(TimeMs now, int max_plans, int* made) {
  auto due = read_one(core_.repo, [&](ReadView& view) { return view.due_inspection_plans(now, max_plans); });
  if (!due) return due.status();
  auto count = std::make_shared<std::atomic<int>>(0);
  GRIDCASE_RETURN_IF_ERROR(run_all_sync(core_.pipeline, plan_mutations(*due, now, count)));
  if (made != nullptr) *made = count->load();
  if (static_cast<int>(due->size()) >= max_plans) return now;
  return read_one(core_.repo, [](ReadView& view) { return view.earliest_plan_due(); });
}

void Deadlines::run_due_plans(UserId actor, std::function<void(Result<int>)> done) {
  const TimeMs now = core_.clock.now();
  std::vector<std::int64_t> due;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    if (!is_system(*user) && user->role != Role::kSupervisor && user->role != Role::kAdmin) {
      return role_refusal("only supervisors and admins run the inspection plans", {Role::kSupervisor, Role::kAdmin});
    }
    auto ids = view.due_inspection_plans(now, kMaxPlansPerCall);
    if (!ids) return ids.status();
    due = std::move(*ids);
    return Status{};
  });
  if (!s) return done(s);
  auto count = std::make_shared<std::atomic<int>>(0);
  run_all(core_.pipeline, plan_mutations(due, now, count), [count, done = std::move(done)](Status st) {
    if (!st) return done(st);
    done(count->load());
  });
}

Result<int> Deadlines::run_due_plans_sync(UserId actor) {
  return wait_for<Result<int>>([&](std::function<void(Result<int>)> cb) { run_due_plans(actor, std::move(cb)); });
}


Result<WorkingTimeAnswer> Deadlines::working_time(UserId actor, const WorkingTimeQuestion& q) const {
  constexpr std::int64_t kMaxDaysAsked = 366;
  constexpr std::int64_t kMaxAmount = 3660;
  WorkingTimeAnswer out;
  CivilDate from{}, to{};
  if (!q.from_date.empty()) {
    if (!parse_date(q.from_date, from)) return Status(reason::BAD_DATE, "from_date is not a date such as 2027-10-01");
    to = from;
    if (!q.to_date.empty() && !parse_date(q.to_date, to)) return Status(reason::BAD_DATE, "to_date is not a date such as 2027-10-08");
    const std::int64_t span = days_from_civil(to) - days_from_civil(from);
    if (span < 0 || span >= kMaxDaysAsked) {
      return Status(reason::BAD_DATE, "to_date must be on or after from_date, at most 366 days in all");
    }
  } else if (!q.to_date.empty()) {
    return Status(reason::BAD_DATE, "to_date needs from_date");
  }
  if (q.start_at < 0) return Status(reason::BAD_TIME, "start_at is before 1970");
  if (q.amount < 0 || q.amount > kMaxAmount) return Status(reason::BAD_POLICY, "a time limit is 1 to 3,660 days or hours");
  if (q.amount > 0 && q.unit == BudgetUnit::kUnspecified) return Status(reason::BAD_POLICY, "a time limit needs its unit");
  Status s = core_.repo.read([&](ReadView& view) -> Status { return acting_user(view, actor).status(); });
  if (!s) return s;

  const std::shared_ptr<const WorkingCalendar> cal = core_.calendar();
  if (!q.from_date.empty()) {
    for (std::int64_t day = days_from_civil(from); day <= days_from_civil(to); ++day) {
      CalendarDayInfo info;
      info.date = civil_from_days(day);
      info.kind = cal->day_kind(day);
      info.name = cal->day_name(day);
      info.working = cal->is_working_day(day);
      info.provisional = !cal->has_year(info.date.year);
      out.days.push_back(std::move(info));
    }
  }
  if (q.amount > 0) {
    const TimeMs start = q.start_at > 0 ? q.start_at : core_.clock.now();
    // As a case clock counts (deadlines.cpp, start_clock): for the day units from the next midnight.
    const Deadline due = cal->add(cal->counting_start(start, q.unit), q.amount * unit_ms(q.unit), q.unit);
    out.due_at = due.at;
    out.provisional = due.provisional;
    // For the day units the limit ends at a local midnight: the last day is the one before.
    out.last_day = civil_from_days(cal->local_day(q.unit == BudgetUnit::kWorkingHours ? due.at : due.at - 1));
  }
  return out;
}

}  // namespace gridcase
