// Livelihood projects (project.hpp): their clocks and figures, their actions through the command
// pipeline, and the queries of their pages and lists.
#include "gridcase/project.hpp"

#include <algorithm>
#include <set>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/case_queries.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::Canon;
using rules::check_text;
using rules::kMaxSite;

std::vector<UnitId> Project::units() const {
  std::vector<UnitId> out{unit_id};
  for (const auto& e : estates) {
    if (std::find(out.begin(), out.end(), e.unit_id) == out.end()) out.push_back(e.unit_id);
  }
  return out;
}

namespace {

constexpr std::int64_t kMaxBudgetYuan = 100'000'000'000;  // 1000亿元
constexpr std::int64_t kMaxHouseholds = 10'000'000;
constexpr int kMaxList = 500;
// How far a due day may move on past rest days and holidays (the longest run is about ten).
constexpr int kMaxRestRun = 60;

// The day number of a "YYYY-MM-DD" known to be valid.
std::int64_t day_of(const std::string& date) {
  CivilDate d;
  parse_date(date, d);
  return days_from_civil(d);
}

std::string date_of(std::int64_t day) { return format_date(civil_from_days(day)); }

}  // namespace

MilestoneClock milestone_clock(const WorkingCalendar& cal, const Milestone& m, TimeMs now) {
  MilestoneClock k;
  CivilDate planned;
  if (!parse_date(m.planned_date, planned)) return k;
  const std::int64_t day = days_from_civil(planned);
  std::int64_t due = day;
  for (int i = 0; i < kMaxRestRun && !cal.is_working_day(due); ++i) ++due;
  // Yellow from the start of the kWarnWorkingDays-th working day before the deadline.
  std::int64_t warn = due;
  for (int counted = 1, i = 0; counted < kWarnWorkingDays && i < kMaxRestRun * kWarnWorkingDays; ++i) {
    --warn;
    if (cal.is_working_day(warn)) ++counted;
  }
  k.due_date = date_of(due);
  k.deadline = cal.day_start(due + 1);
  k.warn_at = cal.day_start(warn);
  k.provisional = !cal.has_year(planned.year) || !cal.has_year(civil_from_days(due).year) ||
                  !cal.has_year(civil_from_days(warn).year);
  if (!m.actual_date.empty()) {
    k.done = true;
    k.late = day_of(m.actual_date) > due;
    k.colour = Colour::kGreen;
    return k;
  }
  k.colour = now >= k.deadline ? Colour::kRed : now >= k.warn_at ? Colour::kYellow : Colour::kGreen;
  k.late = k.colour == Colour::kRed;
  return k;
}

Colour project_colour(const WorkingCalendar& cal, const Project& p, TimeMs now) {
  if (p.state == ProjectState::kFinished) return Colour::kGreen;
  Colour worst = Colour::kGreen;
  for (const auto& m : p.milestones) {
    const Colour c = milestone_clock(cal, m, now).colour;
    if (static_cast<int>(c) > static_cast<int>(worst)) worst = c;
  }
  return worst;
}

ProjectFigures project_figures(const WorkingCalendar& cal, const std::vector<Project>& projects,
                               const std::map<std::int64_t, TimeMs>& case_created, TimeMs now) {
  ProjectFigures f;
  std::vector<const Project*> sorted;
  for (const auto& p : projects) sorted.push_back(&p);
  std::sort(sorted.begin(), sorted.end(), [](const Project* a, const Project* b) { return a->id < b->id; });
  for (const Project* p : sorted) {
    ProjectComplaintCount row;
    row.project_id = p->id;
    row.name = p->name;
    row.state = p->state;
    row.colour = project_colour(cal, *p, now);
    ++f.total;
    if (p->state == ProjectState::kFinished) {
      ++f.done;
    } else if (row.colour == Colour::kRed) {
      ++f.late;
    } else {
      ++f.on_time;
    }
    // A complaint registered after the completion day counts after; on or before it, before.
    const TimeMs after_from = p->state == ProjectState::kFinished && !p->finished_date.empty()
                                  ? cal.day_start(day_of(p->finished_date) + 1)
                                  : 0;
    for (const auto& link : p->complaints) {
      auto it = case_created.find(link.case_id);
      const TimeMs created = it == case_created.end() ? 0 : it->second;
      if (after_from != 0 && created >= after_from) {
        ++row.after;
      } else {
        ++row.before;
      }
    }
    f.projects.push_back(std::move(row));
  }
  return f;
}

// ---- Commands ---------------------------------------------------------------------------------

namespace {

Status check_date(const std::string& date, const char* field, bool required) {
  if (date.empty()) {
    if (required) return Status(reason::MISSING_FIELD, std::string(field) + " is required");
    return {};
  }
  CivilDate d;
  if (!parse_date(date, d)) return Status(reason::BAD_DATE, std::string(field) + " is not a date like 2026-03-01");
  return {};
}

Status before_start(const std::string& date, const std::string& start, const std::string& what) {
  if (!date.empty() && !start.empty() && day_of(date) < day_of(start)) {
    return Status(reason::MILESTONE_BEFORE_START, what + " " + date + " is before the project's start " +
                                                      start);
  }
  return {};
}

Status check_milestone_fields(const Milestone& m, bool required) {
  GRIDCASE_RETURN_IF_ERROR(check_text(m.name, "milestone name", kMaxTitle, false, required));
  return check_date(m.planned_date, "the milestone's planned date", required);
}

// Validation of a command's content before anything is read (pure).
Status check_command(const ProjectCommand& c) {
  GRIDCASE_RETURN_IF_ERROR(check_text(c.request_id, "request_id", kMaxRequestId, false, true));
  if (!is_project_action(c.action)) {
    return Status(reason::NOT_A_PROJECT_ACTION, std::string(name(c.action)) + " is not an action on a project");
  }
  if (c.project_id < 0 || c.expected_version < 0 || c.milestone_id < 0 || c.case_id < 0) {
    return Status(reason::BAD_ID, "ids must not be negative");
  }
  if (c.action != Action::kCreateProject && c.project_id == 0) {
    return Status(reason::MISSING_FIELD, "the project is required");
  }
  switch (c.action) {
    case Action::kCreateProject: {
      GRIDCASE_RETURN_IF_ERROR(check_text(c.name, "project name", kMaxTitle, false, true));
      if (c.unit_id <= 0) return Status(reason::MISSING_FIELD, "the responsible unit is required");
      if (c.budget_yuan < 0 || c.budget_yuan > kMaxBudgetYuan) {
        return Status(reason::BAD_BUDGET, "the budget is 0 to 100,000,000,000 yuan");
      }
      GRIDCASE_RETURN_IF_ERROR(check_date(c.start_date, "the start date", true));
      if (c.estates.size() > kMaxEstates) return Status(reason::TOO_MANY_ITEMS, "at most 50 estates");
      for (const auto& e : c.estates) {
        GRIDCASE_RETURN_IF_ERROR(check_text(e.name, "estate", kMaxSite, false, true));
        if (e.unit_id <= 0 || e.households < 0 || e.households > kMaxHouseholds) {
          return Status(reason::BAD_ESTATE, "estate " + e.name + " needs a unit and 0 to 10,000,000 households");
        }
      }
      if (c.milestones.size() > kMaxMilestones) return Status(reason::TOO_MANY_ITEMS, "at most 50 milestones");
      for (const auto& m : c.milestones) {
        GRIDCASE_RETURN_IF_ERROR(check_milestone_fields(m, true));
        GRIDCASE_RETURN_IF_ERROR(before_start(m.planned_date, c.start_date, "milestone " + m.name));
      }
      return {};
    }
    case Action::kSetMilestone: {
      Milestone m;
      m.name = c.milestone_name;
      m.planned_date = c.planned_date;
      GRIDCASE_RETURN_IF_ERROR(check_milestone_fields(m, c.milestone_id == 0));
      if (c.milestone_id != 0 && m.name.empty() && m.planned_date.empty()) {
        return Status(reason::MISSING_FIELD, "a new name or planned date is required");
      }
      return {};
    }
    case Action::kCompleteMilestone:
      if (c.milestone_id == 0) return Status(reason::MISSING_FIELD, "the milestone is required");
      return check_date(c.date, "the actual date", false);
    case Action::kProjectUpdate:
      GRIDCASE_RETURN_IF_ERROR(check_text(c.note, "progress note", kMaxReason, true, true));
      if (c.photos.size() > kMaxPhotos) return Status(reason::TOO_MANY_ITEMS, "at most 9 photos per update");
      for (const auto& ph : c.photos) {
        if (!is_sha256_hex(ph.sha256) || ph.size <= 0 ||
            (ph.media_type != "image/jpeg" && ph.media_type != "image/png" && ph.media_type != "image/webp")) {
          return Status(reason::BAD_PHOTO, "a photo is a JPEG, PNG or WebP image with its SHA-256 and size");
        }
        GRIDCASE_RETURN_IF_ERROR(check_text(ph.file_name, "photo file name", kMaxFileName, false, false));
      }
      return {};
    case Action::kLinkComplaint:
    case Action::kUnlinkComplaint:
      if (c.case_id == 0) return Status(reason::MISSING_FIELD, "the complaint case is required");
      return {};
    case Action::kFinishProject:
      return check_date(c.date, "the completion date", false);
    default:
      return {};
  }
}

std::string canonical(const ProjectCommand& c) {
  Canon k;
  k.add(std::string("project")).add(c.action).add(c.project_id).add(c.expected_version).add(c.name).add(c.unit_id)
      .add(c.budget_yuan).add(c.start_date).add(std::int64_t{c.milestone_id}).add(c.milestone_name)
      .add(c.planned_date).add(c.date).add(c.note).add(c.case_id);
  for (const auto& e : c.estates) k.add(e.name).add(e.unit_id).add(e.households);
  for (const auto& m : c.milestones) k.add(m.name).add(m.planned_date);
  for (const auto& p : c.photos) k.add(p.sha256).add(p.size).add(p.media_type).add(p.file_name);
  return k.str();
}

bool sees_project(const OrgTree& tree, const User& user, const Project& p) {
  if (is_system(user)) return true;
  const auto units = p.units();
  return std::any_of(units.begin(), units.end(), [&](UnitId u) { return tree.in_subtree(user.scope_unit_id, u); });
}

// The project `id` as the caller may see it; PROJECT_NOT_FOUND otherwise.
Result<Project> visible_project(ReadView& view, const OrgTree& tree, const User& user, ProjectId id) {
  auto p = view.get_project(id);
  if (!p) {
    if (p.status().code() == Code::kNotFound) return Status(reason::PROJECT_NOT_FOUND, "no such project in your scope");
    return p.status();
  }
  if (!sees_project(tree, user, *p)) return Status(reason::PROJECT_NOT_FOUND, "no such project in your scope");
  return p;
}

Milestone* find_milestone(Project& p, int id) {
  auto it = std::find_if(p.milestones.begin(), p.milestones.end(), [&](const Milestone& m) { return m.id == id; });
  return it == p.milestones.end() ? nullptr : &*it;
}

// A date given, or today in the calendar's zone; DATE_IN_FUTURE after today, and not before the
// project's start.
Result<std::string> actual_date(const std::string& given, const Project& p, const WorkingCalendar& cal, TimeMs now,
                                const char* what) {
  const std::int64_t today = cal.local_day(now);
  const std::string date = given.empty() ? date_of(today) : given;
  if (day_of(date) > today) return Status(reason::DATE_IN_FUTURE, std::string(what) + " " + date + " is after today");
  GRIDCASE_RETURN_IF_ERROR(before_start(date, p.start_date, what));
  return date;
}

Status create(MutationWrite& w, const ProjectCommand& c, Project& out) {
  const OrgTree& tree = *w.config.tree;
  const OrgUnit* unit = tree.find(c.unit_id);
  if (unit == nullptr || unit->retired || !sees_unit(tree, w.actor, c.unit_id)) {
    return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  }
  for (const auto& e : c.estates) {
    const OrgUnit* at = tree.find(e.unit_id);
    if (at == nullptr || at->retired || !tree.in_subtree(c.unit_id, e.unit_id)) {
      return Status(reason::BAD_ESTATE, "estate " + e.name + " must be at a unit inside the responsible unit");
    }
  }
  Project p;
  p.name = c.name;
  p.unit_id = c.unit_id;
  p.estates = c.estates;
  p.budget_yuan = c.budget_yuan;
  p.start_date = c.start_date;
  int next = 1;
  for (const auto& m : c.milestones) {
    Milestone stored;
    stored.id = next++;
    stored.name = m.name;
    stored.planned_date = m.planned_date;
    p.milestones.push_back(std::move(stored));
  }
  p.state = ProjectState::kActive;
  p.version = 1;
  p.created_by = w.actor.id;
  p.created_at = w.now;
  auto id = w.view.insert_project(p);
  if (!id) return id.status();
  out = std::move(p);
  return {};
}

// Every action but CREATE_PROJECT, on the stored project `p`.
Status change(MutationWrite& w, const ProjectCommand& c, Project& p) {
  const WorkingCalendar& cal = *w.config.calendar;
  const bool finished = p.state == ProjectState::kFinished;
  switch (c.action) {
    case Action::kSetMilestone: {
      if (finished) return Status(reason::PROJECT_FINISHED, "the project is finished");
      GRIDCASE_RETURN_IF_ERROR(before_start(c.planned_date, p.start_date, "the planned date"));
      if (c.milestone_id == 0) {
        if (p.milestones.size() >= kMaxMilestones) return Status(reason::TOO_MANY_ITEMS, "at most 50 milestones");
        Milestone m;
        for (const auto& other : p.milestones) m.id = std::max(m.id, other.id);
        ++m.id;
        m.name = c.milestone_name;
        m.planned_date = c.planned_date;
        p.milestones.push_back(std::move(m));
        return {};
      }
      Milestone* m = find_milestone(p, c.milestone_id);
      if (m == nullptr) return Status(reason::MILESTONE_NOT_FOUND, "no milestone " + std::to_string(c.milestone_id));
      if (!m->actual_date.empty()) return Status(reason::MILESTONE_DONE, "the milestone has been reached");
      if (!c.milestone_name.empty()) m->name = c.milestone_name;
      if (!c.planned_date.empty()) m->planned_date = c.planned_date;
      return {};
    }
    case Action::kCompleteMilestone: {
      if (finished) return Status(reason::PROJECT_FINISHED, "the project is finished");
      Milestone* m = find_milestone(p, c.milestone_id);
      if (m == nullptr) return Status(reason::MILESTONE_NOT_FOUND, "no milestone " + std::to_string(c.milestone_id));
      if (!m->actual_date.empty()) return Status(reason::MILESTONE_DONE, "the milestone has been reached");
      auto date = actual_date(c.date, p, cal, w.now, "the actual date");
      if (!date) return date.status();
      m->actual_date = *date;
      return {};
    }
    case Action::kProjectUpdate: {
      if (finished) return Status(reason::PROJECT_FINISHED, "the project is finished");
      if (p.updates.size() >= kMaxProjectUpdates) return Status(reason::TOO_MANY_ITEMS, "at most 500 updates");
      ProjectUpdate u;
      u.at = w.now;
      u.by = w.actor.id;
      u.note = c.note;
      u.photos = c.photos;
      p.updates.push_back(std::move(u));
      return {};
    }
    case Action::kLinkComplaint: {
      auto found = w.view.get_case(c.case_id);
      if (!found || !sees(*w.config.tree, w.actor, *found)) {
        if (found || found.status().code() == Code::kNotFound) {
          return Status(reason::CASE_NOT_FOUND, "no such case in your scope");
        }
        return found.status();
      }
      if (std::any_of(p.complaints.begin(), p.complaints.end(),
                      [&](const ProjectComplaint& l) { return l.case_id == c.case_id; })) {
        return Status(reason::COMPLAINT_ALREADY_LINKED, "the complaint is linked already");
      }
      if (p.complaints.size() >= kMaxProjectComplaints) {
        return Status(reason::TOO_MANY_ITEMS, "at most 1000 linked complaints");
      }
      p.complaints.push_back({c.case_id, w.now, w.actor.id});
      return {};
    }
    case Action::kUnlinkComplaint: {
      auto it = std::find_if(p.complaints.begin(), p.complaints.end(),
                             [&](const ProjectComplaint& l) { return l.case_id == c.case_id; });
      if (it == p.complaints.end()) return Status(reason::COMPLAINT_NOT_LINKED, "the complaint is not linked");
      p.complaints.erase(it);
      return {};
    }
    case Action::kFinishProject: {
      if (finished) return Status(reason::PROJECT_FINISHED, "the project is finished already");
      for (const auto& m : p.milestones) {
        if (m.actual_date.empty()) {
          return Status(reason::MILESTONES_OPEN, "milestone " + std::to_string(m.id) + " (" + m.name + ") is open");
        }
      }
      auto date = actual_date(c.date, p, cal, w.now, "the completion date");
      if (!date) return date.status();
      p.finished_date = *date;
      p.state = ProjectState::kFinished;
      return {};
    }
    default:
      return Status(reason::NOT_A_PROJECT_ACTION, "not an action on a project");
  }
}

}  // namespace

void CaseCommands::project_command(UserId actor, ProjectCommand command, ProjectCallback done) {
  if (Status valid = check_command(command); !valid) {
    done(valid);
    return;
  }
  auto out = std::make_shared<Project>();
  Mutation m;
  m.name = name(command.action);
  m.request_id = command.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(command));
  m.replay = [out](MutationWrite& w, const RequestRecord& first) -> Status {
    auto stored = w.view.get_project(first.made_id);
    if (!stored) return stored.status();
    *out = std::move(*stored);
    return Status{};
  };
  m.apply = [c = std::move(command), out](MutationWrite& w) -> Status {
    if (!may(w.actor, c.action)) {
      return role_refusal(std::string("a ") + name(w.actor.role) + " may not " + name(c.action),
                          roles_that_may(c.action));
    }
    Project p;
    if (c.action == Action::kCreateProject) {
      GRIDCASE_RETURN_IF_ERROR(create(w, c, p));
    } else {
      auto stored = visible_project(w.view, *w.config.tree, w.actor, c.project_id);
      if (!stored) return stored.status();
      p = std::move(*stored);
      if (c.expected_version != 0 && c.expected_version != p.version) {
        return Status(reason::STALE_VERSION, "the project is at version " + std::to_string(p.version) + ", not " +
                                                 std::to_string(c.expected_version));
      }
      GRIDCASE_RETURN_IF_ERROR(change(w, c, p));
      ++p.version;
      GRIDCASE_RETURN_IF_ERROR(w.view.update_project(p));
    }
    w.made(0, 0, p.id);
    *out = std::move(p);
    return Status{};
  };
  core_.pipeline.run_for(actor, std::move(m), out, std::move(done));
}

Result<Project> CaseCommands::project_command_sync(UserId actor, ProjectCommand command) {
  return wait_for<Result<Project>>(
      [&](ProjectCallback cb) { project_command(actor, std::move(command), std::move(cb)); });
}

// ---- Queries ----------------------------------------------------------------------------------

namespace {

ProjectPage page_of(const WorkingCalendar& cal, Project p, TimeMs now) {
  ProjectPage page;
  page.colour = project_colour(cal, p, now);
  for (const auto& m : p.milestones) page.clocks.push_back(milestone_clock(cal, m, now));
  page.project = std::move(p);
  return page;
}

Result<std::vector<Project>> visible_projects(ReadView& view, const OrgTree& tree, const User& user, UnitId unit,
                                              ProjectState state) {
  auto units = listing_units(tree, user, unit);
  if (!units) return units.status();
  return view.list_projects(*units, state, kMaxList);
}

}  // namespace

Result<ProjectPage> CaseQueries::project(UserId actor, ProjectId id) {
  OrgTreePtr tree = core_.tree();
  auto cal = core_.calendar();
  const TimeMs now = core_.clock.now();
  ProjectPage out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto p = visible_project(view, *tree, *user, id);
    if (!p) return p.status();
    out = page_of(*cal, std::move(*p), now);
    for (const auto& link : out.project.complaints) {
      auto c = view.get_case(link.case_id);
      if (!c) {
        if (c.status().code() != Code::kNotFound) return c.status();
        continue;
      }
      if (!sees(*tree, *user, *c)) {
        ++out.complaints_outside_scope;
        continue;
      }
      ComplaintSummary summary;
      summary.case_id = c->id;
      summary.number = c->number;
      summary.title = c->title;
      summary.kind = static_cast<int>(c->kind);
      summary.state = static_cast<int>(c->state);
      summary.created_at = c->created_at;
      summary.linked_at = link.linked_at;
      out.complaints.push_back(std::move(summary));
    }
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<std::vector<ProjectPage>> CaseQueries::list_projects(UserId actor, UnitId unit, ProjectState state) {
  if (static_cast<int>(state) < 0 || static_cast<int>(state) > static_cast<int>(ProjectState::kFinished)) {
    return Status(reason::INVALID_ENUM_VALUE, "no such project state");
  }
  OrgTreePtr tree = core_.tree();
  auto cal = core_.calendar();
  const TimeMs now = core_.clock.now();
  std::vector<ProjectPage> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto found = visible_projects(view, *tree, *user, unit, state);
    if (!found) return found.status();
    for (auto& p : *found) out.push_back(page_of(*cal, std::move(p), now));
    return Status{};
  });
  if (!s) return s;
  std::stable_sort(out.begin(), out.end(), [](const ProjectPage& a, const ProjectPage& b) {
    return static_cast<int>(a.colour) > static_cast<int>(b.colour);
  });
  return out;
}

Result<ProjectFigures> CaseQueries::project_figures(UserId actor, UnitId unit) {
  OrgTreePtr tree = core_.tree();
  auto cal = core_.calendar();
  const TimeMs now = core_.clock.now();
  std::vector<Project> projects;
  std::map<std::int64_t, TimeMs> created;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto found = visible_projects(view, *tree, *user, unit, ProjectState::kUnspecified);
    if (!found) return found.status();
    projects = std::move(*found);
    for (const auto& p : projects) {
      for (const auto& link : p.complaints) {
        if (created.count(link.case_id)) continue;
        auto c = view.get_case(link.case_id);
        if (!c) {
          if (c.status().code() != Code::kNotFound) return c.status();
          continue;
        }
        created[link.case_id] = c->created_at;
      }
    }
    return Status{};
  });
  if (!s) return s;
  return ::gridcase::project_figures(*cal, projects, created, now);
}

}  // namespace gridcase
