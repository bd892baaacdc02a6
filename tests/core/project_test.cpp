// Livelihood projects (民生项目): their actions through the pipeline, the milestone clock on the
// working calendar (a 调休 weekend), bad input changing nothing, scope, and the figures against
// hand-counted projects.
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/action_table.hpp"

using namespace gridcase;
using testing::World;

namespace {

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal = WorkingCalendar::builtin();
  return cal;
}

// Local (Asia/Shanghai) midnight starting `date`, plus `minutes`.
TimeMs at(const std::string& date, int minutes = 0) {
  CivilDate d;
  REQUIRE(parse_date(date, d));
  return calendar().day_start(days_from_civil(d)) + minutes * 60LL * 1000;
}

ProjectCommand command(World& w, Action action, ProjectId project = 0) {
  ProjectCommand c;
  c.request_id = w.request_id();
  c.action = action;
  c.project_id = project;
  return c;
}

// 北岸华庭二期供热管网改造: run by the sub-district for an estate in grid A.
ProjectCommand heating(World& w, std::vector<Milestone> milestones) {
  ProjectCommand c = command(w, Action::kCreateProject);
  c.name = "北岸华庭二期供热管网改造";
  c.unit_id = w.hepan;
  c.estates = {{"北岸华庭二期", w.grid_a, 860}};
  c.budget_yuan = 3'200'000;
  c.start_date = "2026-02-02";
  c.milestones = std::move(milestones);
  return c;
}

Milestone planned(const std::string& name, const std::string& date) {
  Milestone m;
  m.name = name;
  m.planned_date = date;
  return m;
}

Project run(World& w, UserId actor, ProjectCommand c) {
  auto r = w.engine.commands().project_command_sync(actor, std::move(c));
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return *r;
}

Colour colour_at(World& w, ProjectId id, TimeMs t, int milestone_index = 0) {
  w.clock.set(t);
  auto page = w.engine.queries().project(w.supervisor, id);
  REQUIRE(page.is_ok());
  return page->clocks.at(static_cast<std::size_t>(milestone_index)).colour;
}

}  // namespace

TEST_CASE("project actions are rows of the action table, on projects only") {
  for (Action a : {Action::kCreateProject, Action::kSetMilestone, Action::kCompleteMilestone, Action::kProjectUpdate,
                   Action::kLinkComplaint, Action::kUnlinkComplaint, Action::kFinishProject}) {
    INFO(name(a));
    REQUIRE(action_spec(a) != nullptr);
    CHECK(is_project_action(a));
    CHECK_FALSE(is_command(a));
    CHECK_FALSE(applies_to(CaseKind::kIncident, a));
  }
  CHECK_FALSE(is_project_action(Action::kLink));
}

TEST_CASE("a milestone due on a 调休 Saturday turns red when that working day ends, not after the weekend") {
  World w;
  w.clock.set(at("2026-02-02", 10 * 60));
  // 2026-02-28 is a Saturday worked for the Spring Festival (春节调休); 2026-03-07 is an
  // ordinary Saturday, whose milestone is due the Monday after.
  const Project p = run(w, w.supervisor, heating(w, {planned("管网铺设完成", "2026-02-28"),
                                                      planned("试压冲洗完成", "2026-03-07")}));
  REQUIRE(p.milestones.size() == 2);

  // The 调休 Saturday is the due day: yellow over its last three working days (Thu 26, Fri 27,
  // Sat 28), red from Sunday 00:00.
  CHECK(colour_at(w, p.id, at("2026-02-25", 23 * 60 + 59)) == Colour::kGreen);
  CHECK(colour_at(w, p.id, at("2026-02-26")) == Colour::kYellow);
  CHECK(colour_at(w, p.id, at("2026-02-28", 23 * 60 + 59)) == Colour::kYellow);
  CHECK(colour_at(w, p.id, at("2026-03-01")) == Colour::kRed);

  // The ordinary Saturday moves on to Monday 9 March: still yellow on the Monday, red after it.
  CHECK(colour_at(w, p.id, at("2026-03-01"), 1) == Colour::kGreen);
  CHECK(colour_at(w, p.id, at("2026-03-05"), 1) == Colour::kYellow);
  CHECK(colour_at(w, p.id, at("2026-03-09", 17 * 60), 1) == Colour::kYellow);
  CHECK(colour_at(w, p.id, at("2026-03-10"), 1) == Colour::kRed);

  // The project takes its worst milestone's colour on the list (the board).
  w.clock.set(at("2026-03-01", 9 * 60));
  auto listed = w.engine.queries().list_projects(w.supervisor, 0, ProjectState::kUnspecified);
  REQUIRE(listed.is_ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().colour == Colour::kRed);
  auto page = w.engine.queries().project(w.supervisor, p.id);
  REQUIRE(page.is_ok());
  CHECK(page->clocks[0].due_date == "2026-02-28");
  CHECK(page->clocks[1].due_date == "2026-03-09");

  // Reached late: green again, and marked late.
  ProjectCommand done = command(w, Action::kCompleteMilestone, p.id);
  done.milestone_id = 1;
  const Project after = run(w, w.community_handler, done);
  CHECK(after.milestones[0].actual_date == "2026-03-01");
  auto clock = milestone_clock(calendar(), after.milestones[0], w.clock.now());
  CHECK(clock.colour == Colour::kGreen);
  CHECK(clock.late);
}

TEST_CASE("a milestone before the project's start is refused and changes nothing") {
  World w;
  w.clock.set(at("2026-02-02", 10 * 60));
  const std::uint64_t runs = w.engine.mutations_run();
  auto bad = w.engine.commands().project_command_sync(w.supervisor,
                                                      heating(w, {planned("设计完成", "2026-01-20")}));
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().reason() == "MILESTONE_BEFORE_START");
  CHECK(std::string(bad.status().message()).find("2026-01-20") != std::string::npos);
  auto none = w.engine.queries().list_projects(w.supervisor, 0, ProjectState::kUnspecified);
  REQUIRE(none.is_ok());
  CHECK(none->empty());
  CHECK(w.engine.mutations_run() == runs);  // refused before the pipeline

  // On a stored project: neither a new milestone nor a moved one may come before the start.
  const Project p = run(w, w.supervisor, heating(w, {planned("设计完成", "2026-02-20")}));
  ProjectCommand add = command(w, Action::kSetMilestone, p.id);
  add.milestone_name = "前期勘察";
  add.planned_date = "2026-01-30";
  auto refused = w.engine.commands().project_command_sync(w.supervisor, add);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().reason() == "MILESTONE_BEFORE_START");
  ProjectCommand move = command(w, Action::kSetMilestone, p.id);
  move.milestone_id = 1;
  move.planned_date = "2026-02-01";
  CHECK(w.engine.commands().project_command_sync(w.supervisor, move).status().reason() == "MILESTONE_BEFORE_START");
  ProjectCommand malformed = command(w, Action::kSetMilestone, p.id);
  malformed.milestone_name = "x";
  malformed.planned_date = "2026-02-30";
  CHECK(w.engine.commands().project_command_sync(w.supervisor, malformed).status().reason() == "BAD_DATE");

  auto stored = w.engine.queries().project(w.supervisor, p.id);
  REQUIRE(stored.is_ok());
  CHECK(stored->project.version == p.version);
  REQUIRE(stored->project.milestones.size() == 1);
  CHECK(stored->project.milestones[0].planned_date == "2026-02-20");

  // Finishing with a milestone open is refused too.
  auto open = w.engine.commands().project_command_sync(w.supervisor, command(w, Action::kFinishProject, p.id));
  CHECK(open.status().reason() == "MILESTONES_OPEN");
}

TEST_CASE("a project is seen where its unit or its estates are, and its page shows only complaints in scope") {
  World w;
  w.clock.set(at("2026-03-02", 10 * 60));
  // 沈铁四个小区自来水分水阀改造: the sub-district's, for estates in grid A and in grid C.
  ProjectCommand c = command(w, Action::kCreateProject);
  c.name = "沈铁四个小区自来水分水阀改造";
  c.unit_id = w.sub_district;
  c.estates = {{"沈铁一小区", w.grid_a, 420}, {"沈铁三小区", w.grid_c, 380}};
  c.budget_yuan = 1'150'000;
  c.start_date = "2026-03-01";
  c.milestones = {planned("分水阀更换完成", "2026-05-29")};
  // A grid worker may not set a project up; the refusal names who may.
  auto refused = w.engine.commands().project_command_sync(w.worker_a, c);
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().reason() == "ROLE_MAY_NOT");
  c.request_id = w.request_id();
  const Project p = run(w, w.clerk, c);

  // Grid A's worker sees it (an estate in the grid); grid B's does not.
  CHECK(w.engine.queries().project(w.worker_a, p.id).is_ok());
  CHECK(w.engine.queries().project(w.worker_b, p.id).status().reason() == "PROJECT_NOT_FOUND");
  auto b_list = w.engine.queries().list_projects(w.worker_b, 0, ProjectState::kUnspecified);
  REQUIRE(b_list.is_ok());
  CHECK(b_list->empty());
  ProjectCommand update = command(w, Action::kProjectUpdate, p.id);
  update.note = "已入户告知";
  CHECK(w.engine.commands().project_command_sync(w.worker_b, update).status().reason() == "PROJECT_NOT_FOUND");

  // A complaint in grid A and one in grid C, linked by the supervisor.
  const Case in_a = w.create(w.worker_a, w.grid_a);
  const Case in_c = w.create(w.supervisor, w.grid_c);
  for (CaseId id : {in_a.id, in_c.id}) {
    ProjectCommand link = command(w, Action::kLinkComplaint, p.id);
    link.case_id = id;
    run(w, w.supervisor, link);
  }
  // Grid A's worker cannot link a case it cannot see, nor one twice.
  const Case other_c = w.create(w.supervisor, w.grid_c);
  ProjectCommand foreign = command(w, Action::kLinkComplaint, p.id);
  foreign.case_id = other_c.id;
  CHECK(w.engine.commands().project_command_sync(w.worker_a, foreign).status().reason() == "CASE_NOT_FOUND");
  ProjectCommand twice = command(w, Action::kLinkComplaint, p.id);
  twice.case_id = in_a.id;
  CHECK(w.engine.commands().project_command_sync(w.worker_a, twice).status().reason() == "COMPLAINT_ALREADY_LINKED");

  auto page = w.engine.queries().project(w.worker_a, p.id);
  REQUIRE(page.is_ok());
  REQUIRE(page->complaints.size() == 1);
  CHECK(page->complaints[0].case_id == in_a.id);
  CHECK(page->complaints[0].number == in_a.number);
  CHECK(page->complaints_outside_scope == 1);
  auto full = w.engine.queries().project(w.supervisor, p.id);
  REQUIRE(full.is_ok());
  CHECK(full->complaints.size() == 2);
}

TEST_CASE("a resent project command answers the first result and makes nothing twice") {
  World w;
  w.clock.set(at("2026-02-02", 10 * 60));
  ProjectCommand c = heating(w, {planned("设计完成", "2026-02-20")});
  const Project first = run(w, w.supervisor, c);
  const Project again = run(w, w.supervisor, c);
  CHECK(again.id == first.id);
  auto all = w.engine.queries().list_projects(w.supervisor, 0, ProjectState::kUnspecified);
  REQUIRE(all.is_ok());
  CHECK(all->size() == 1);
  c.budget_yuan = 1;
  CHECK(w.engine.commands().project_command_sync(w.supervisor, c).status().reason() == "REQUEST_ID_REUSED");
}

TEST_CASE("project figures: on time, late, done and complaints before and after completion, as counted by hand") {
  World w;
  // Three projects, set up on 2 March 2026.
  w.clock.set(at("2026-03-02", 9 * 60));
  const Project finished = run(w, w.supervisor, heating(w, {planned("管网铺设完成", "2026-03-06")}));
  ProjectCommand late = command(w, Action::kCreateProject);
  late.name = "地王花园辽河大坝坡道改造";
  late.unit_id = w.jinghan;
  late.estates = {{"地王花园", w.grid_c, 560}};
  late.budget_yuan = 480'000;
  late.start_date = "2026-03-02";
  late.milestones = {planned("坡道浇筑完成", "2026-03-05")};
  const Project behind = run(w, w.supervisor, late);
  ProjectCommand ahead = command(w, Action::kCreateProject);
  ahead.name = "沈铁四个小区自来水分水阀改造";
  ahead.unit_id = w.sub_district;
  ahead.start_date = "2026-03-02";
  ahead.milestones = {planned("分水阀更换完成", "2026-04-30")};
  const Project on_time = run(w, w.supervisor, ahead);

  // Complaints: two before the heating project's completion (the second on the completion day
  // itself), one after it; one on the late project.
  auto link = [&](ProjectId project, const std::string& when, UnitId where) {
    w.clock.set(at(when, 14 * 60));
    const Case c = w.create(w.supervisor, where);
    ProjectCommand l = command(w, Action::kLinkComplaint, project);
    l.case_id = c.id;
    run(w, w.supervisor, l);
  };
  link(finished.id, "2026-03-03", w.grid_a);
  link(finished.id, "2026-03-10", w.grid_a);
  link(behind.id, "2026-03-04", w.grid_c);

  // The heating project reaches its milestone and is finished on 10 March.
  w.clock.set(at("2026-03-11", 9 * 60));
  ProjectCommand reach = command(w, Action::kCompleteMilestone, finished.id);
  reach.milestone_id = 1;
  reach.date = "2026-03-06";
  run(w, w.community_handler, reach);
  ProjectCommand finish = command(w, Action::kFinishProject, finished.id);
  finish.date = "2026-03-10";
  const Project done = run(w, w.supervisor, finish);
  CHECK(done.state == ProjectState::kFinished);
  link(finished.id, "2026-03-12", w.grid_a);

  w.clock.set(at("2026-03-16", 10 * 60));
  auto f = w.engine.queries().project_figures(w.supervisor, 0);
  REQUIRE(f.is_ok());
  CHECK(f->total == 3);
  CHECK(f->on_time == 1);
  CHECK(f->late == 1);
  CHECK(f->done == 1);
  REQUIRE(f->projects.size() == 3);
  CHECK(f->projects[0].project_id == finished.id);
  CHECK(f->projects[0].before == 2);
  CHECK(f->projects[0].after == 1);
  CHECK(f->projects[1].project_id == behind.id);
  CHECK(f->projects[1].colour == Colour::kRed);
  CHECK(f->projects[1].before == 1);
  CHECK(f->projects[1].after == 0);
  CHECK(f->projects[2].project_id == on_time.id);
  CHECK(f->projects[2].before + f->projects[2].after == 0);

  // Grid A's worker sees the heating project only (an estate in its grid).
  auto mine = w.engine.queries().project_figures(w.worker_a, 0);
  REQUIRE(mine.is_ok());
  CHECK(mine->total == 1);
  CHECK(mine->done == 1);

  // A finished project takes no more milestones or updates; a date after today is refused.
  ProjectCommand more = command(w, Action::kProjectUpdate, finished.id);
  more.note = "补充";
  CHECK(w.engine.commands().project_command_sync(w.supervisor, more).status().reason() == "PROJECT_FINISHED");
  ProjectCommand future = command(w, Action::kCompleteMilestone, behind.id);
  future.milestone_id = 1;
  future.date = "2026-03-20";
  CHECK(w.engine.commands().project_command_sync(w.supervisor, future).status().reason() == "DATE_IN_FUTURE");
}
