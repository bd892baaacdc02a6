#include "gridcase/history_import.hpp"

#include <algorithm>
#include <cstdio>

#include "gridcase/engine.hpp"
#include "gridcase/names.hpp"

namespace gridcase {

const char* name(ImportStep s) {
  switch (s) {
    case ImportStep::kOpen: return "open";
    case ImportStep::kExpire: return "expire";
    case ImportStep::kClose: return "close";
  }
  return "unknown";
}

Status check_historical_case(const HistoricalCase& c, const OrgTree& tree,
                             const std::vector<Category>& categories) {
  if (c.key.empty() || c.key.size() > 100) return Status(reason::BAD_KEY, "the source key is missing or too long");
  if (c.title.empty()) return Status(reason::MISSING_TITLE, "the title is empty");
  if (c.opened_at <= 0) return Status(reason::BAD_OPENED, "no opening time");
  if (c.closed_at != 0 && c.closed_at < c.opened_at) {
    return Status(reason::CLOSED_BEFORE_OPENED, "closed before it was opened");
  }
  if (c.target_at != 0 && c.target_at < c.opened_at) {
    return Status(reason::TARGET_BEFORE_OPENED, "the target time is before the opening time");
  }
  auto cat = std::find_if(categories.begin(), categories.end(),
                          [&](const Category& k) { return k.code == c.category_code; });
  if (cat == categories.end() || cat->kind != c.kind || has_children(categories, cat->code)) {
    return Status(reason::UNKNOWN_CATEGORY, "no leaf category " + c.category_code + " for kind " + name(c.kind));
  }
  const OrgUnit* place = tree.find(c.unit_id);
  if (place == nullptr || place->retired ||
      (place->type != UnitType::kGrid && place->type != UnitType::kBuildingGroup)) {
    return Status(reason::BAD_LOCATION, "the location is not an active grid or building group");
  }
  const OrgUnit* sd = tree.ancestor_of_type(place->id, UnitType::kSubDistrict);
  if (sd == nullptr || sd->case_prefix.empty() || tree.ancestor_of_type(place->id, UnitType::kGrid) == nullptr) {
    return Status(reason::NO_SUB_DISTRICT_IMPORT, "the location is not under a sub-district with a case prefix");
  }
  return {};
}

std::vector<TimedStep> import_steps(const HistoricalCase& c, TimeMs as_of) {
  std::vector<TimedStep> out{{c.opened_at, ImportStep::kOpen}};
  if (c.target_at != 0 && ((c.closed_at != 0 && c.closed_at > c.target_at) ||
                           (c.closed_at == 0 && c.target_at < as_of))) {
    out.push_back({c.target_at, ImportStep::kExpire});
  }
  if (c.closed_at != 0) out.push_back({c.closed_at, ImportStep::kClose});
  return out;
}

namespace {

Event base_event(const Case& c, Action action, TimeMs at) { return event_on(c, kSystemActor, at, action); }

Status append(WriteView& view, Case& c, Event e) {
  e.case_version = ++c.version;
  auto seq = view.append_event(e);
  return seq ? Status{} : seq.status();
}

}  // namespace

Result<bool> apply_import_step(WriteView& view, const OrgTree& tree, const HistoricalCase& h,
                               const TimedStep& step) {
  const std::string request_id = "import:" + h.key + ":" + name(step.step);
  const std::string fingerprint = "import";
  auto seen = view.find_request(kSystemActor, request_id);
  if (seen) return false;
  if (seen.status().code() != Code::kNotFound) return seen.status();

  Case c;
  if (step.step == ImportStep::kOpen) {
    const OrgUnit* grid = tree.ancestor_of_type(h.unit_id, UnitType::kGrid);
    const OrgUnit* sd = tree.ancestor_of_type(h.unit_id, UnitType::kSubDistrict);
    if (grid == nullptr || sd == nullptr) return Status(reason::BAD_LOCATION, "no grid or sub-district");
    const int year = to_shanghai(h.opened_at).year;
    auto seq = view.next_case_sequence(sd->case_prefix, year);
    if (!seq) return seq.status();
    char number[64];
    std::snprintf(number, sizeof number, "%s-%04d-%06lld", sd->case_prefix.c_str(), year,
                  static_cast<long long>(*seq));
    c.number = number;
    c.kind = h.kind;
    c.category_code = h.category_code;
    c.channel = h.channel;
    c.title = h.title;
    c.description = h.description;
    c.location.unit_id = h.unit_id;
    c.level = Level::kGrid;
    c.handling_unit_id = grid->id;
    c.reporter_user_id = kSystemActor;
    c.state = CaseState::kReported;
    c.version = 0;
    c.created_at = c.updated_at = h.opened_at;
    if (h.target_at != 0) {
      CaseClock k;
      k.kind = ClockKind::kResolve;
      k.unit = BudgetUnit::kCalendarDays;
      k.base_budget_ms = k.budget_ms = h.target_at - h.opened_at;
      k.starts_on = Action::kCreate;
      k.stops_on = Action::kResolve;
      k.on_expiry = ExpiryAction::kFlag;
      k.run = ClockRun::kRunning;
      k.since = k.started_at = h.opened_at;
      k.warn_at = k.deadline = h.target_at;
      k.colour = Colour::kGreen;
      c.clocks.push_back(k);
    }
    c.next_due = 0;  // the import records the expiry itself
    auto id = view.insert_case(c);
    if (!id) return id.status();
    Event create = base_event(c, Action::kCreate, h.opened_at);
    create.from_state = CaseState::kUnspecified;
    create.from_level = Level::kUnspecified;
    create.details["category"] = c.category_code;
    create.details["channel"] = name(c.channel);
    create.details["imported_from"] = h.key;
    if (h.target_at != 0) create.details["target_at"] = std::to_string(h.target_at);
    GRIDCASE_RETURN_IF_ERROR(append(view, c, create));
    Event accept = base_event(c, Action::kAccept, h.opened_at);
    accept.to_state = c.state = CaseState::kAccepted;
    GRIDCASE_RETURN_IF_ERROR(append(view, c, accept));
  } else {
    auto opened = view.find_request(kSystemActor, "import:" + h.key + ":open");
    if (!opened) {
      if (opened.status().code() == Code::kNotFound) {
        return Status(reason::IMPORT_OUT_OF_ORDER, "a step of " + h.key + " came before its opening");
      }
      return opened.status();
    }
    auto loaded = view.get_case(opened->case_id);
    if (!loaded) return loaded.status();
    c = std::move(*loaded);
    if (step.step == ImportStep::kExpire) {
      Event e = base_event(c, Action::kClockExpired, step.at);
      e.details = {{"clock", name(ClockKind::kResolve)},
                   {"due_at", std::to_string(h.target_at)},
                   {"deadline", std::to_string(h.target_at)}};
      for (auto& k : c.clocks) {
        if (k.kind == ClockKind::kResolve) k.colour = Colour::kRed;
      }
      c.colour = Colour::kRed;
      GRIDCASE_RETURN_IF_ERROR(append(view, c, e));
    } else {
      Event resolve = base_event(c, Action::kResolve, step.at);
      resolve.to_state = c.state = CaseState::kResolved;
      c.outcome = h.outcome;
      resolve.details["outcome"] = name(h.outcome);
      GRIDCASE_RETURN_IF_ERROR(append(view, c, resolve));
      Event close = base_event(c, Action::kClose, step.at);
      close.to_state = c.state = CaseState::kClosed;
      GRIDCASE_RETURN_IF_ERROR(append(view, c, close));
      for (auto& k : c.clocks) {
        if (k.run == ClockRun::kRunning) {
          k.used_ms += step.at - k.since;
          k.run = ClockRun::kStopped;
        }
      }
    }
  }
  c.updated_at = step.at;
  GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
  GRIDCASE_RETURN_IF_ERROR(view.save_request({kSystemActor, request_id, fingerprint, c.id, c.version, step.at}));
  return true;
}

}  // namespace gridcase
