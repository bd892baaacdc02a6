// Livelihood projects (民生项目): the projects of the sub-district's yearly work plan (a heating
// network renewed, water valves replaced, a ramp rebuilt), carried through by a responsible unit
// for the estates (小区) and households they serve.
//
// A project is a record of its own, not a case: a responsible unit of the org tree, a name, the
// estates it serves, a budget in yuan, a start date, its milestones (planned date, and the
// actual date once reached), progress updates with photos, the complaint cases linked to it (a
// heating complaint to the heating-network renewal) and its state (ACTIVE, then FINISHED, 竣工).
// Its actions are rows of the action table (action_table.hpp, ActionRecord::kProject) and run
// through the one command pipeline, each with its request_id:
//   CREATE_PROJECT      项目立项    supervisors and intake clerks
//   SET_MILESTONE       设置节点    add a milestone (milestone_id 0) or change an open one
//   COMPLETE_MILESTONE  节点完成    its actual date
//   PROJECT_UPDATE      进展更新    a note and photos (their bytes kept by the server)
//   LINK_COMPLAINT      关联投诉    a case the caller sees, linked to the project
//   UNLINK_COMPLAINT    取消关联
//   FINISH_PROJECT      项目竣工    every milestone reached; the completion date
//
// Estates: the org tree has no 小区 unit, so an estate is a named place with its households,
// placed at a unit (community, grid or building group) inside the responsible unit's subtree.
// Scope: a user sees a project when the responsible unit or one of its estates' units lies in
// their subtree; everything else answers PROJECT_NOT_FOUND, as a missing project does.
//
// The project clock: each open milestone runs a clock on the working calendar like a case clock.
// Its deadline is the end of its due day: the planned date, or, when that is not a working day,
// the first working day after it (a rest day or holiday moves the date on, a 调休 working
// weekend day does not). It is yellow during the last kWarnWorkingDays working days up to and
// including the due day, red from the deadline on. A project's colour is the worst of its open
// milestones'; a finished project is green.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gridcase/action.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case_clock.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

using ProjectId = std::int64_t;

enum class ProjectState {
  kUnspecified = 0,
  kActive = 1,    // 实施中
  kFinished = 2,  // 已竣工
};

// A 小区 the project serves: a named place at a unit, with its households.
struct ProjectEstate {
  std::string name;
  UnitId unit_id = 0;
  std::int64_t households = 0;
};

// A milestone (节点): planned, then reached on its actual date. Dates are "YYYY-MM-DD" in the
// calendar's zone.
struct Milestone {
  int id = 0;  // 1, 2, ... in the order added; stable
  std::string name;
  std::string planned_date;
  std::string actual_date;  // empty until reached
};

// A photo of a progress update: what the server stored, content-addressed (evidence.hpp).
struct ProjectPhoto {
  std::string sha256;
  std::int64_t size = 0;
  std::string media_type;
  std::string file_name;
};

// A progress update (进展).
struct ProjectUpdate {
  TimeMs at = 0;
  UserId by = 0;
  std::string note;
  std::vector<ProjectPhoto> photos;
};

// A complaint case linked to the project.
struct ProjectComplaint {
  std::int64_t case_id = 0;
  TimeMs linked_at = 0;
  UserId by = 0;
};

struct Project {
  ProjectId id = 0;
  std::string name;
  UnitId unit_id = 0;  // the responsible unit (责任单位)
  std::vector<ProjectEstate> estates;
  std::int64_t budget_yuan = 0;
  std::string start_date;
  std::vector<Milestone> milestones;
  std::vector<ProjectUpdate> updates;
  std::vector<ProjectComplaint> complaints;
  ProjectState state = ProjectState::kUnspecified;
  std::string finished_date;  // FINISHED: the completion date (竣工日期)
  std::int64_t version = 0;
  UserId created_by = 0;
  TimeMs created_at = 0;

  // The responsible unit and the estates' units, each once: what scope is decided by.
  std::vector<UnitId> units() const;
};

// One command on a project: its action and the fields that action reads.
struct ProjectCommand {
  std::string request_id;  // idempotency key (required)
  Action action = Action::kUnspecified;  // a project action of the action table
  ProjectId project_id = 0;              // all but CREATE_PROJECT
  std::int64_t expected_version = 0;     // 0: not checked; otherwise ABORTED STALE_VERSION
  // CREATE_PROJECT
  std::string name;
  UnitId unit_id = 0;
  std::vector<ProjectEstate> estates;
  std::int64_t budget_yuan = 0;
  std::string start_date;
  std::vector<Milestone> milestones;  // the first milestones (ids and actual dates ignored)
  // SET_MILESTONE (milestone_id 0: a new one), COMPLETE_MILESTONE
  int milestone_id = 0;
  std::string milestone_name;
  std::string planned_date;
  // COMPLETE_MILESTONE: the actual date; FINISH_PROJECT: the completion date ("": today)
  std::string date;
  // PROJECT_UPDATE
  std::string note;
  std::vector<ProjectPhoto> photos;
  // LINK_COMPLAINT, UNLINK_COMPLAINT
  std::int64_t case_id = 0;
};

constexpr int kWarnWorkingDays = 3;     // yellow: the last three working days of a milestone
constexpr std::size_t kMaxEstates = 50;
constexpr std::size_t kMaxMilestones = 50;
constexpr std::size_t kMaxPhotos = 9;
constexpr std::size_t kMaxProjectUpdates = 500;
constexpr std::size_t kMaxProjectComplaints = 1000;

// A milestone's clock at `now` (see above).
struct MilestoneClock {
  Colour colour = Colour::kGreen;
  TimeMs warn_at = 0;        // when it turns yellow
  TimeMs deadline = 0;       // when it turns red: the end of its due day
  std::string due_date;      // the due day: the planned date or the next working day after it
  bool done = false;         // reached (colour green)
  bool late = false;         // open past its deadline, or reached after its due day
  bool provisional = false;  // a year the due day depends on has no calendar loaded
};
MilestoneClock milestone_clock(const WorkingCalendar& cal, const Milestone& m, TimeMs now);

// The project's colour at `now`: the worst of its open milestones' (green when finished).
Colour project_colour(const WorkingCalendar& cal, const Project& p, TimeMs now);

// A linked complaint as the project page shows it (only cases in the caller's scope).
struct ComplaintSummary {
  std::int64_t case_id = 0;
  std::string number;
  std::string title;
  int kind = 0;   // CaseKind
  int state = 0;  // CaseState
  TimeMs created_at = 0;
  TimeMs linked_at = 0;
};

// The project page: the project, its milestones' clocks (in the order of its milestones), the
// linked complaints the caller may see and how many others are linked.
struct ProjectPage {
  Project project;
  Colour colour = Colour::kGreen;
  std::vector<MilestoneClock> clocks;
  std::vector<ComplaintSummary> complaints;
  int complaints_outside_scope = 0;
};

// The figures of the projects a caller sees (项目统计): on time (按期, active with no red
// milestone), late (滞后, active with a red milestone) and done (已竣工); and per project, its
// linked complaints registered on or before its completion date and after it (active
// projects: all before).
struct ProjectComplaintCount {
  ProjectId project_id = 0;
  std::string name;
  ProjectState state = ProjectState::kUnspecified;
  Colour colour = Colour::kGreen;
  int before = 0;
  int after = 0;
};
struct ProjectFigures {
  int total = 0;
  int on_time = 0;
  int late = 0;
  int done = 0;
  std::vector<ProjectComplaintCount> projects;  // by id ascending
};

// The figures of `projects` at `now`; `case_created` gives each linked case's registration time
// (a case missing from it is counted before). Pure.
ProjectFigures project_figures(const WorkingCalendar& cal, const std::vector<Project>& projects,
                               const std::map<std::int64_t, TimeMs>& case_created, TimeMs now);

}  // namespace gridcase
