#include "gridcase/deadlines.hpp"

#include <algorithm>
#include <set>

namespace gridcase {

namespace {

using A = Action;
using K = ClockKind;
using U = BudgetUnit;
using E = ExpiryAction;

ClockPolicy clock(K kind, std::int64_t amount, U unit, A starts, A stops, E expiry) {
  ClockPolicy c;
  c.kind = kind;
  c.amount = amount;
  c.unit = unit;
  c.starts_on = starts;
  c.stops_on = stops;
  c.on_expiry = expiry;
  return c;
}

DeadlinePolicy policy(std::int64_t id, CaseKind kind, std::string category,
                      std::vector<ClockPolicy> clocks, std::string basis) {
  DeadlinePolicy p;
  p.id = id;
  p.kind = kind;
  p.category_code = std::move(category);
  p.clocks = std::move(clocks);
  p.basis = std::move(basis);
  return p;
}

// A warning share of the budget, in ms, rounded down.
std::int64_t warn_budget(const CaseClock& c) { return c.budget_ms * c.warn_percent / 100; }

}  // namespace

const std::vector<DeadlinePolicy>& default_policies() {
  static const std::vector<DeadlinePolicy> kPolicies = {
      policy(1, CaseKind::kHotline, "",
             {clock(K::kResponse, 4, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kReturnWindow, 2, U::kWorkingDays, A::kCreate, A::kDispatch, E::kFlag),
              clock(K::kResolve, 5, U::kWorkingDays, A::kCreate, A::kResolve, E::kEscalate)},
             "12345热线：签收先行联系，2个工作日内退单，5个工作日内办结"),
      policy(2, CaseKind::kHotline, "HOT.PROPERTY.HEATING",
             {clock(K::kResponse, 2, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 1, U::kWorkingDays, A::kCreate, A::kResolve, E::kEscalate)},
             "12345热线：水电气暖类诉求1日内办结"),
      policy(3, CaseKind::kHotline, "HOT.PROPERTY.WATER",
             {clock(K::kResponse, 2, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 1, U::kWorkingDays, A::kCreate, A::kResolve, E::kEscalate)},
             "12345热线：水电气暖类诉求1日内办结"),
      policy(4, CaseKind::kPetition, "",
             {clock(K::kResponse, 15, U::kCalendarDays, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 60, U::kCalendarDays, A::kAccept, A::kResolve, E::kEscalate)},
             "信访工作条例 第二十二、二十三条（15日内告知）、第三十四条（60日内办结）"),
      policy(5, CaseKind::kDispute, "",
             {clock(K::kResponse, 2, U::kWorkingDays, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 30, U::kCalendarDays, A::kAccept, A::kResolve, E::kEscalate)},
             "人民调解：一般在一个月内调结"),
      policy(6, CaseKind::kHazard, "",
             {clock(K::kResponse, 1, U::kWorkingDays, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 7, U::kWorkingDays, A::kAccept, A::kResolve, E::kEscalate)},
             "安全隐患：限期整改，复查销号"),
      policy(7, CaseKind::kIncident, "",
             {clock(K::kResponse, 2, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 3, U::kWorkingDays, A::kAccept, A::kResolve, E::kEscalate)},
             "网格事件：一般事件3个工作日内处置"),
      policy(8, CaseKind::kIncident, "INC.ENV.RUBBISH",
             {clock(K::kResponse, 1, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 4, U::kWorkingHours, A::kAccept, A::kResolve, E::kEscalate)},
             "城市管理：暴露垃圾4个工作小时内处置"),
      policy(9, CaseKind::kIncident, "INC.ENV.CLEANING",
             {clock(K::kResponse, 1, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 2, U::kWorkingHours, A::kAccept, A::kResolve, E::kEscalate)},
             "城市管理：道路保洁2个工作小时内处置"),
      policy(10, CaseKind::kIncident, "INC.FAC.MANHOLE",
             {clock(K::kResponse, 1, U::kWorkingHours, A::kCreate, A::kAccept, E::kFlag),
              clock(K::kResolve, 2, U::kWorkingHours, A::kAccept, A::kResolve, E::kEscalate)},
             "城市管理：井盖缺失2个工作小时内处置"),
  };
  return kPolicies;
}

Status check_policy(const DeadlinePolicy& p) {
  if (p.kind == CaseKind::kUnspecified || static_cast<int>(p.kind) > static_cast<int>(CaseKind::kIncident)) {
    return Status(reason::BAD_POLICY, "a policy needs a case kind");
  }
  if (p.clocks.empty()) return Status(reason::BAD_POLICY, "a policy needs at least one clock");
  std::set<ClockKind> kinds;
  for (const auto& c : p.clocks) {
    if (c.kind == ClockKind::kUnspecified || static_cast<int>(c.kind) > 3) {
      return Status(reason::BAD_POLICY, "unknown clock kind");
    }
    if (!kinds.insert(c.kind).second) return Status(reason::BAD_POLICY, "a clock kind appears twice");
    if (c.unit == BudgetUnit::kUnspecified || static_cast<int>(c.unit) > 3) {
      return Status(reason::BAD_POLICY, "unknown budget unit");
    }
    if (c.amount <= 0 || c.amount > 3650) return Status(reason::BAD_POLICY, "a budget is 1 to 3650 units");
    if (c.warn_percent < 1 || c.warn_percent > 99) {
      return Status(reason::BAD_POLICY, "the warning share is 1 to 99 percent");
    }
    if (c.starts_on == Action::kUnspecified || c.stops_on == Action::kUnspecified ||
        c.starts_on == c.stops_on) {
      return Status(reason::BAD_POLICY, "a clock needs distinct start and stop events");
    }
    if (c.on_expiry == ExpiryAction::kUnspecified || static_cast<int>(c.on_expiry) > 2) {
      return Status(reason::BAD_POLICY, "unknown expiry action");
    }
    if (c.on_expiry == ExpiryAction::kEscalate && c.kind != ClockKind::kResolve) {
      return Status(reason::BAD_POLICY, "only a RESOLVE clock escalates on expiry");
    }
  }
  return {};
}

const DeadlinePolicy* match_policy(const std::vector<DeadlinePolicy>& policies,
                                   const std::vector<Category>& categories, CaseKind kind,
                                   const std::string& category_code, Priority priority) {
  // The category and its ancestors, nearest first.
  std::vector<std::string> chain;
  for (std::string code = category_code; !code.empty() && chain.size() < 16;) {
    chain.push_back(code);
    auto it = std::find_if(categories.begin(), categories.end(),
                           [&](const Category& c) { return c.code == code; });
    code = it == categories.end() ? "" : it->parent_code;
  }
  chain.push_back("");  // kind-wide
  for (const auto& code : chain) {
    const DeadlinePolicy* any_priority = nullptr;
    for (const auto& p : policies) {
      if (p.kind != kind || p.category_code != code) continue;
      if (p.priority == priority && priority != Priority::kUnspecified) return &p;
      if (p.priority == Priority::kUnspecified && any_priority == nullptr) any_priority = &p;
    }
    if (any_priority != nullptr) return any_priority;
  }
  return nullptr;
}

CaseClock pending_clock(const ClockPolicy& policy) {
  CaseClock c;
  c.kind = policy.kind;
  c.unit = policy.unit;
  c.base_budget_ms = c.budget_ms = policy.amount * unit_ms(policy.unit);
  c.starts_on = policy.starts_on;
  c.stops_on = policy.stops_on;
  c.warn_percent = policy.warn_percent;
  c.on_expiry = policy.on_expiry;
  return c;
}

void start_clock(CaseClock& c, TimeMs now, const WorkingCalendar& cal) {
  c.budget_ms = c.base_budget_ms;
  c.used_ms = 0;
  c.colour = Colour::kGreen;
  c.run = ClockRun::kRunning;
  c.started_at = now;
  c.since = cal.counting_start(now, c.unit);
  reschedule(c, cal);
}

CaseClock start_clock(const ClockPolicy& policy, TimeMs now, const WorkingCalendar& cal) {
  CaseClock c = pending_clock(policy);
  start_clock(c, now, cal);
  return c;
}

void reschedule(CaseClock& c, const WorkingCalendar& cal) {
  if (c.run != ClockRun::kRunning) return;
  const Deadline due = cal.add(c.since, std::max<std::int64_t>(0, c.budget_ms - c.used_ms), c.unit);
  c.deadline = due.at;
  c.provisional = due.provisional;
  const std::int64_t to_warning = warn_budget(c) - c.used_ms;
  c.warn_at = to_warning > 0 ? cal.add(c.since, to_warning, c.unit).at : c.since;
}

void pause_clock(CaseClock& c, TimeMs now, const WorkingCalendar& cal) {
  if (c.run != ClockRun::kRunning) return;
  c.used_ms += cal.elapsed(c.since, now, c.unit);
  c.run = ClockRun::kPaused;
}

void resume_clock(CaseClock& c, TimeMs now, const WorkingCalendar& cal) {
  if (c.run != ClockRun::kPaused) return;
  c.run = ClockRun::kRunning;
  c.since = now;  // counting goes on at once with what was left
  reschedule(c, cal);
}

void stop_clock(CaseClock& c, TimeMs now, const WorkingCalendar& cal) {
  if (c.run == ClockRun::kRunning) c.used_ms += cal.elapsed(c.since, now, c.unit);
  c.run = ClockRun::kStopped;
}

void extend_clock(CaseClock& c, std::int64_t extra_ms, TimeMs now, const WorkingCalendar& cal) {
  c.budget_ms += extra_ms;
  ++c.extensions;
  reschedule(c, cal);
  const Colour now_colour = clock_status(c, now, cal).colour;
  if (static_cast<int>(now_colour) < static_cast<int>(c.colour)) c.colour = now_colour;
}

ClockStatus clock_status(const CaseClock& c, TimeMs now, const WorkingCalendar& cal) {
  ClockStatus s;
  s.used_ms = c.used_ms + (c.run == ClockRun::kRunning ? cal.elapsed(c.since, now, c.unit) : 0);
  s.remaining_ms = c.budget_ms - s.used_ms;
  s.colour = s.used_ms >= c.budget_ms ? Colour::kRed
             : s.used_ms >= warn_budget(c) ? Colour::kYellow
                                           : Colour::kGreen;
  return s;
}

TimeMs next_due(const CaseClock& c) {
  if (c.run != ClockRun::kRunning) return 0;
  switch (c.colour) {
    case Colour::kGreen: return c.warn_at;
    case Colour::kYellow: return c.deadline;
    default: return 0;
  }
}

TimeMs next_due(const std::vector<CaseClock>& clocks) {
  TimeMs out = 0;
  for (const auto& c : clocks) {
    TimeMs t = next_due(c);
    if (t != 0 && (out == 0 || t < out)) out = t;
  }
  return out;
}

TimeMs earliest_deadline(const std::vector<CaseClock>& clocks) {
  TimeMs out = 0;
  for (const auto& c : clocks) {
    if (c.run != ClockRun::kRunning || c.deadline == 0) continue;
    if (out == 0 || c.deadline < out) out = c.deadline;
  }
  return out;
}

Colour worst_colour(const std::vector<CaseClock>& clocks) {
  Colour out = Colour::kGreen;
  for (const auto& c : clocks) {
    if (c.run != ClockRun::kRunning && c.run != ClockRun::kPaused) continue;
    if (static_cast<int>(c.colour) > static_cast<int>(out)) out = c.colour;
  }
  return out;
}

std::vector<Colour> advance_colour(CaseClock& c, TimeMs now) {
  std::vector<Colour> out;
  if (c.run != ClockRun::kRunning) return out;
  if (c.colour == Colour::kGreen && now >= c.warn_at) {
    c.colour = Colour::kYellow;
    out.push_back(Colour::kYellow);
  }
  if (c.colour == Colour::kYellow && now >= c.deadline) {
    c.colour = Colour::kRed;
    out.push_back(Colour::kRed);
  }
  return out;
}

}  // namespace gridcase
