// Safety hazards (安全隐患排查整改): inspections and their findings, the rectification period and
// its escalation, rectification reports, re-inspection failing then passing (复查销号), and the
// recurring inspection plans that the deadline runner turns into inspections.
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/deadlines.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;
using S = CaseState;

constexpr TimeMs kHour = 3600LL * 1000;
constexpr TimeMs kDay = 24 * kHour;

Finding hazard_finding(int days = 7, HazardSeverity severity = HazardSeverity::kMajor) {
  Finding f;
  f.description = "三楼楼道堆放杂物，堵塞消防通道";
  f.hazard = true;
  f.category_code = "HAZ.FIRE.PASSAGE";
  f.severity = severity;
  f.responsible = {ResponsibleKind::kBusiness, "鑫源物业", "13912345678"};
  f.deadline_days = days;
  return f;
}

InspectionReport report(World& w, std::vector<Finding> findings) {
  InspectionReport r;
  r.request_id = w.request_id();
  r.site_unit_id = w.building_a1;
  r.site = "河畔小区1号楼";
  r.note = "例行消防检查";
  r.findings = std::move(findings);
  return r;
}

const CaseClock* clock_of(const Case& c, ClockKind kind) {
  auto it = std::find_if(c.clocks.begin(), c.clocks.end(), [&](const CaseClock& k) { return k.kind == kind; });
  return it == c.clocks.end() ? nullptr : &*it;
}

CaseCommand step(World& w, A action, CaseId id, const std::string& reason = "") {
  CaseCommand cmd;
  cmd.action = action;
  cmd.request_id = w.request_id();
  cmd.case_id = id;
  cmd.reason = reason;
  return cmd;
}

// A rectification report citing `evidence` (attachments of the case).
CaseCommand rectify(World& w, CaseId id, std::vector<std::string> evidence = {}) {
  CaseCommand cmd = step(w, A::kReportRectification, id, "杂物已清理");
  cmd.hazard.evidence = std::move(evidence);
  return cmd;
}

// A photo of the fix attached to the case by grid A's worker; `digit` makes its content.
Attachment attach_photo(World& w, CaseId id, char digit = 'a') {
  NewAttachment a;
  a.request_id = w.request_id();
  a.case_id = id;
  a.sha256 = std::string(64, digit);
  a.size = 2048;
  a.media_type = "image/jpeg";
  a.file_name = "整改后.jpg";
  auto done = w.engine.commands().add_attachment_sync(w.worker_a, a);
  INFO(done.status().to_string());
  REQUIRE(done.is_ok());
  return done->attachment;
}

CaseCommand reinspect(World& w, CaseId id, bool passed, int days = 0) {
  CaseCommand cmd = step(w, A::kReinspect, id, passed ? "" : "仍有电动车停放");
  cmd.hazard.passed = passed;
  cmd.hazard.deadline_days = days;
  return cmd;
}

// One inspection of building A1 by grid A's worker finding one hazard; returns its case.
Case found_hazard(World& w, int days = 7) {
  auto done = w.engine.commands().record_inspection_sync(w.worker_a, report(w, {hazard_finding(days)}));
  INFO(done.status().to_string());
  REQUIRE(done.is_ok());
  REQUIRE(done->findings.size() == 1);
  auto c = w.engine.queries().get_case(w.worker_a, done->findings[0].case_id);
  REQUIRE(c.is_ok());
  return c->c;
}

}  // namespace

TEST_CASE("an inspection's hazard findings become HAZARD cases with a running rectification period") {
  World w;
  Finding note;
  note.description = "灭火器在有效期内";
  auto done = w.engine.commands().record_inspection_sync(w.worker_a, report(w, {hazard_finding(), note}));
  INFO(done.status().to_string());
  REQUIRE(done.is_ok());
  CHECK(done->state == InspectionState::kDone);
  CHECK(done->inspector_user_id == w.worker_a);
  REQUIRE(done->findings.size() == 2);
  CHECK(done->findings[1].case_id == 0);  // not a hazard: no case
  const CaseId id = done->findings[0].case_id;
  REQUIRE(id != 0);

  auto detail = w.engine.queries().get_case(w.worker_a, id);
  REQUIRE(detail.is_ok());
  const Case& c = detail->c;
  CHECK(c.kind == CaseKind::kHazard);
  CHECK(c.state == S::kReported);
  CHECK(c.location.unit_id == w.building_a1);
  CHECK(c.priority == Priority::kHigh);  // a major hazard
  CHECK(c.hazard.inspection_id == done->id);
  CHECK(c.hazard.severity == HazardSeverity::kMajor);
  CHECK(c.hazard.responsible.name == "鑫源物业");
  CHECK(c.hazard.responsible.contact == "139****5678");  // masked like any phone number
  CHECK(c.hazard.deadline_days == 7);
  const CaseClock* k = clock_of(c, ClockKind::kRectification);
  REQUIRE(k != nullptr);
  CHECK(k->run == ClockRun::kRunning);
  CHECK(k->on_expiry == ExpiryAction::kEscalate);
  CHECK(k->deadline > testing::kStart + 7 * kDay);
  CHECK(k->deadline <= testing::kStart + 8 * kDay);
  // The CREATE event says which inspection found it.
  REQUIRE_FALSE(detail->history.empty());
  CHECK(detail->history.front().details.at("inspection_id") == std::to_string(done->id));

  // Listed for the site's subtree, not for another grid.
  auto listed = w.engine.queries().list_inspections(w.worker_a, 0, InspectionState::kUnspecified);
  REQUIRE(listed.is_ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().id == done->id);
  auto other = w.engine.queries().list_inspections(w.worker_b, 0, InspectionState::kUnspecified);
  REQUIRE(other.is_ok());
  CHECK(other->empty());
}

TEST_CASE("a hazard fails re-inspection, goes back to rectification with a new period, then passes and is closed") {
  World w;
  Case c = found_hazard(w);

  // Re-inspection before any rectification was reported is refused.
  auto early = w.engine.commands().act_sync(w.supervisor, reinspect(w, c.id, true));
  REQUIRE_FALSE(early.is_ok());
  CHECK(early.status().reason() == "TRANSITION_NOT_ALLOWED");

  w.clock.advance(2 * kDay);
  const Attachment first = attach_photo(w, c.id, 'a');
  const Attachment second = attach_photo(w, c.id, 'b');
  auto reported = w.engine.commands().act_sync(
      w.worker_a, rectify(w, c.id, {"att-" + std::to_string(first.id), second.sha256}));
  INFO(reported.status().to_string());
  REQUIRE(reported.is_ok());
  CHECK(reported->c.state == S::kInProgress);
  CHECK(reported->c.hazard.awaiting_reinspection);
  REQUIRE(reported->c.hazard.rectifications.size() == 1);
  CHECK(reported->c.hazard.rectifications[0].evidence.size() == 2);
  CHECK(reported->c.hazard.rectifications[0].by == w.worker_a);
  CHECK(clock_of(reported->c, ClockKind::kRectification)->run == ClockRun::kStopped);
  CHECK(reported->events[0].details.at("evidence") == "2");

  // Failed: back to rectification, counted, a new 5-day period from now.
  auto failed = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, false, 5));
  INFO(failed.status().to_string());
  REQUIRE(failed.is_ok());
  CHECK(failed->c.state == S::kInProgress);
  CHECK(failed->c.hazard.failed_reinspections == 1);
  CHECK_FALSE(failed->c.hazard.awaiting_reinspection);
  CHECK(failed->c.hazard.deadline_days == 5);
  const CaseClock* k = clock_of(failed->c, ClockKind::kRectification);
  REQUIRE(k != nullptr);
  CHECK(k->run == ClockRun::kRunning);
  CHECK(k->deadline > w.clock.now() + 5 * kDay);
  CHECK(k->deadline <= w.clock.now() + 6 * kDay);
  CHECK(failed->events[0].details.at("failed_reinspections") == "1");
  CHECK(failed->events[0].details.at("passed") == "false");

  // A second re-inspection needs a new report first.
  auto again = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, true));
  REQUIRE_FALSE(again.is_ok());
  CHECK(again.status().code() == Code::kFailedPrecondition);
  CHECK(again.status().reason() == "RECTIFICATION_NOT_REPORTED");

  REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id)).is_ok());
  auto passed = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, true));
  INFO(passed.status().to_string());
  REQUIRE(passed.is_ok());
  CHECK(passed->c.state == S::kClosed);  // 销号
  CHECK(passed->c.outcome == Outcome::kResolved);
  CHECK(passed->c.hazard.failed_reinspections == 1);  // the count stays on the case
  REQUIRE(passed->c.hazard.reinspections.size() == 2);
  CHECK_FALSE(passed->c.hazard.reinspections[0].passed);
  CHECK(passed->c.hazard.reinspections[1].passed);
  CHECK(passed->c.next_due == 0);  // every clock stopped
  CHECK(passed->events[0].to_state == S::kClosed);
}

TEST_CASE("a hazard is closed only by a passed re-inspection of its reported rectification (销号)") {
  World w;
  Case c = found_hazard(w);
  w.act_ok(w.supervisor, A::kAccept, c.id);
  c = w.act_ok(w.supervisor, A::kDispatch, c.id);
  REQUIRE(c.state == S::kInProgress);

  // The generic resolve is refused, and not offered.
  auto resolved = w.act(w.supervisor, A::kResolve, c.id);
  REQUIRE_FALSE(resolved.is_ok());
  CHECK(resolved.status().code() == Code::kFailedPrecondition);
  CHECK(resolved.status().reason() == "REINSPECTION_REQUIRED");
  auto detail = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(detail.is_ok());
  CHECK(detail->c.state == S::kInProgress);
  const auto& offered = detail->actions_now;
  CHECK(std::find(offered.begin(), offered.end(), A::kResolve) == offered.end());
  CHECK(std::find(offered.begin(), offered.end(), A::kReportRectification) != offered.end());

  // Reported and passed, it closes.
  REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id)).is_ok());
  auto passed = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, true));
  INFO(passed.status().to_string());
  REQUIRE(passed.is_ok());
  CHECK(passed->c.state == S::kClosed);
}

TEST_CASE("a rectification cites only attachments of its own case") {
  World w;
  Case c = found_hazard(w);
  Case other = found_hazard(w);
  const Attachment here = attach_photo(w, c.id, 'c');
  const Attachment there = attach_photo(w, other.id, 'd');

  for (const std::string& ref : {std::string("999"), std::string("att-999"), "#" + std::to_string(there.id),
                                 there.sha256, std::string(64, 'e'), std::string("整改照片")}) {
    INFO(ref);
    auto r = w.engine.commands().act_sync(w.worker_a, rectify(w, c.id, {std::to_string(here.id), ref}));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::kFailedPrecondition);
    CHECK(r.status().reason() == "EVIDENCE_NOT_FOUND");
    CHECK(r.status().message().find(ref) != std::string::npos);
  }
  auto after = w.engine.queries().get_case(w.worker_a, c.id);
  REQUIRE(after.is_ok());
  CHECK(after->c.hazard.rectifications.empty());
  CHECK(after->c.state == S::kReported);

  for (const std::string& ref : {std::to_string(here.id), "#" + std::to_string(here.id), "att-" + std::to_string(here.id), here.sha256}) {
    INFO(ref);
    auto r = w.engine.commands().act_sync(w.worker_a, rectify(w, c.id, {ref}));
    INFO(r.status().to_string());
    CHECK(r.is_ok());
  }
}

TEST_CASE("where the category asks for evidence, the pass needs a rectification that cites some") {
  World w;
  Case c = found_hazard(w);  // HAZ.FIRE.PASSAGE, below HAZ.FIRE
  REQUIRE(w.engine.admin().set_category_evidence_sync(w.admin, "HAZ.FIRE", true).is_ok());

  const Attachment photo = attach_photo(w, c.id);
  REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id)).is_ok());  // cites nothing
  auto refused = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, true));
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().code() == Code::kFailedPrecondition);
  CHECK(refused.status().reason() == "EVIDENCE_REQUIRED");
  CHECK(refused.status().message().find("消防安全") != std::string::npos);  // the category that asks
  auto still = w.engine.queries().get_case(w.worker_a, c.id);
  REQUIRE(still.is_ok());
  CHECK(still->c.state == S::kInProgress);
  CHECK(still->c.hazard.awaiting_reinspection);
  CHECK(still->c.hazard.reinspections.empty());

  REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id, {std::to_string(photo.id)})).is_ok());
  auto passed = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, true));
  INFO(passed.status().to_string());
  REQUIRE(passed.is_ok());
  CHECK(passed->c.state == S::kClosed);
}

TEST_CASE("the response clock stops once the rectification is reported") {
  World w;
  Case c = found_hazard(w);
  const CaseClock* response = clock_of(c, ClockKind::kResponse);
  REQUIRE(response != nullptr);
  REQUIRE(response->run == ClockRun::kRunning);

  w.clock.advance(kHour);
  auto reported = w.engine.commands().act_sync(w.worker_a, rectify(w, c.id));
  REQUIRE(reported.is_ok());
  CHECK(reported->c.state == S::kInProgress);
  CHECK(clock_of(reported->c, ClockKind::kResponse)->run == ClockRun::kStopped);
  CHECK(clock_of(reported->c, ClockKind::kRectification)->run == ClockRun::kStopped);

  // Nothing is left to turn red while it waits for its re-inspection.
  w.clock.advance(30 * kDay);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  auto later = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(later.is_ok());
  CHECK(later->c.level == Level::kGrid);
  CHECK(clock_of(later->c, ClockKind::kResponse)->colour != Colour::kRed);
}

TEST_CASE("an overdue rectification escalates the hazard like any other deadline") {
  World w;
  Case c = found_hazard(w, 2);
  const TimeMs deadline = clock_of(c, ClockKind::kRectification)->deadline;
  w.clock.set(deadline + kHour);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  auto after = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(after.is_ok());
  CHECK(after->c.level == Level::kCommunity);
  CHECK(after->c.handling_unit_id == w.hepan);
  bool escalated = false;
  for (const auto& e : after->history) {
    if (e.action == A::kEscalate && e.details.count("clock") && e.details.at("clock") == "RECTIFICATION") {
      escalated = true;
    }
  }
  CHECK(escalated);
}

TEST_CASE("hazard steps refuse bad input and leave the case as it was") {
  World w;
  Case c = found_hazard(w);

  SECTION("an unknown severity") {
    auto r = report(w, {hazard_finding()});
    r.findings[0].severity = static_cast<HazardSeverity>(9);
    auto done = w.engine.commands().record_inspection_sync(w.worker_a, r);
    REQUIRE_FALSE(done.is_ok());
    CHECK(done.status().reason() == "INVALID_ENUM_VALUE");
  }
  SECTION("an unknown responsible party kind") {
    auto r = report(w, {hazard_finding()});
    r.findings[0].responsible.kind = static_cast<ResponsibleKind>(7);
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "INVALID_ENUM_VALUE");
  }
  SECTION("a rectification period out of range, a non-leaf or unknown category") {
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, report(w, {hazard_finding(0)})).status().reason() == "BAD_PERIOD");
    auto r = report(w, {hazard_finding()});
    r.findings[0].category_code = "HAZ.FIRE";
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "CATEGORY_NOT_LEAF");
    r.findings[0].category_code = "INC.ENV.RUBBISH";
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "UNKNOWN_CATEGORY");
  }
  SECTION("a failed re-inspection without a new period") {
    REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id)).is_ok());
    auto r = w.engine.commands().act_sync(w.worker_a, reinspect(w, c.id, false, 0));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "BAD_PERIOD");
    CHECK(w.engine.queries().get_case(w.worker_a, c.id)->c.hazard.awaiting_reinspection);
  }
  SECTION("a stale version") {
    CaseCommand cmd = rectify(w, c.id);
    cmd.expected_version = c.version + 5;
    auto r = w.engine.commands().act_sync(w.worker_a, cmd);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::kAborted);
    CHECK(r.status().reason() == "STALE_VERSION");
    CHECK(w.engine.queries().get_case(w.worker_a, c.id)->c.version == c.version);
  }
  SECTION("a resent rectification replays; the same request_id with other content is refused") {
    CaseCommand cmd = rectify(w, c.id);
    auto first = w.engine.commands().act_sync(w.worker_a, cmd);
    REQUIRE(first.is_ok());
    auto again = w.engine.commands().act_sync(w.worker_a, cmd);
    REQUIRE(again.is_ok());
    CHECK(again->replayed);
    CHECK(again->c.hazard.rectifications.size() == 1);
    cmd.hazard.evidence = {"att-99"};
    auto reused = w.engine.commands().act_sync(w.worker_a, cmd);
    REQUIRE_FALSE(reused.is_ok());
    CHECK(reused.status().reason() == "REQUEST_ID_REUSED");
  }
  SECTION("a resent inspection replays it without a second case") {
    auto r = report(w, {hazard_finding()});
    auto first = w.engine.commands().record_inspection_sync(w.worker_a, r);
    REQUIRE(first.is_ok());
    auto again = w.engine.commands().record_inspection_sync(w.worker_a, r);
    REQUIRE(again.is_ok());
    CHECK(again->id == first->id);
    CHECK(again->findings[0].case_id == first->findings[0].case_id);
    CaseQuery q;
    q.kinds = {CaseKind::kHazard};
    auto hazards = w.engine.queries().list_cases(w.supervisor, q);
    REQUIRE(hazards.is_ok());
    CHECK(hazards->cases.size() == 2);  // the one of found_hazard, and this one
    r.note = "另一份记录";
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "REQUEST_ID_REUSED");
  }
  SECTION("a user outside the subtree") {
    auto elsewhere = w.engine.commands().record_inspection_sync(w.worker_b, report(w, {hazard_finding()}));
    REQUIRE_FALSE(elsewhere.is_ok());
    CHECK(elsewhere.status().reason() == "UNIT_NOT_FOUND");
    auto r = w.engine.commands().act_sync(w.worker_b, rectify(w, c.id));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "CASE_NOT_FOUND");
  }
  SECTION("hazard steps on a case of another kind") {
    Case incident = w.case_in(S::kInProgress);
    auto r = w.engine.commands().act_sync(w.supervisor, rectify(w, incident.id));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "NOT_A_HAZARD");
  }
  SECTION("a role that may not re-inspect") {
    REQUIRE(w.engine.commands().act_sync(w.worker_a, rectify(w, c.id)).is_ok());
    auto r = w.engine.commands().act_sync(w.clerk, reinspect(w, c.id, true));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::kPermissionDenied);
  }
}

TEST_CASE("a recurring plan creates its next inspection when due, once, on the deadline runner") {
  World w;
  NewInspectionPlan p;
  p.request_id = w.request_id();
  p.site_unit_id = w.building_a1;
  p.site = "河畔小区1号楼";
  p.period_days = 7;
  p.inspector_user_id = w.worker_a;
  p.first_due_at = w.clock.now() + kDay;
  auto plan = w.engine.commands().create_inspection_plan_sync(w.supervisor, p);
  INFO(plan.status().to_string());
  REQUIRE(plan.is_ok());
  CHECK(plan->next_due_at == testing::kStart + kDay);

  // Not due yet: nothing made; the runner is told when the plan is due.
  auto next = w.engine.deadlines().run_due(w.clock.now());
  REQUIRE(next.is_ok());
  CHECK(*next == testing::kStart + kDay);
  CHECK(w.engine.queries().list_inspections(w.worker_a, 0, InspectionState::kUnspecified)->empty());

  w.clock.advance(kDay);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());  // a second round makes nothing more
  auto planned = w.engine.queries().list_inspections(w.worker_a, 0, InspectionState::kPlanned);
  REQUIRE(planned.is_ok());
  REQUIRE(planned->size() == 1);
  const Inspection first = planned->front();
  CHECK(first.plan_id == plan->id);
  CHECK(first.inspector_user_id == w.worker_a);
  CHECK(first.due_at == testing::kStart + kDay);
  CHECK(first.version == 1);
  auto plans = w.engine.queries().list_inspection_plans(w.supervisor, w.hepan);
  REQUIRE(plans.is_ok());
  REQUIRE(plans->size() == 1);
  CHECK(plans->front().next_due_at == testing::kStart + 8 * kDay);
  CHECK(plans->front().inspections_made == 1);
  CHECK(w.engine.queries().list_inspection_plans(w.worker_b, 0)->empty());

  // Its inspector records it; the hazard found becomes a case.
  InspectionReport r;
  r.request_id = w.request_id();
  r.inspection_id = first.id;
  r.expected_version = first.version;
  r.findings = {hazard_finding()};
  SECTION("recorded by its inspector") {
    auto done = w.engine.commands().record_inspection_sync(w.worker_a, r);
    INFO(done.status().to_string());
    REQUIRE(done.is_ok());
    CHECK(done->id == first.id);
    CHECK(done->state == InspectionState::kDone);
    CHECK(done->version == 2);
    CHECK(done->findings[0].case_id != 0);
    CHECK(w.engine.queries().get_case(w.worker_a, done->findings[0].case_id)->c.hazard.inspection_id == first.id);
    // Done once only.
    r.request_id = w.request_id();
    r.expected_version = 0;
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "INSPECTION_DONE");
  }
  SECTION("a stale version, another grid's worker, another inspector") {
    r.expected_version = 7;
    CHECK(w.engine.commands().record_inspection_sync(w.worker_a, r).status().reason() == "STALE_VERSION");
    r.expected_version = first.version;
    CHECK(w.engine.commands().record_inspection_sync(w.worker_b, r).status().reason() == "INSPECTION_NOT_FOUND");
    UserId other = w.user("grid_a2", Role::kGridWorker, w.grid_a);
    auto denied = w.engine.commands().record_inspection_sync(other, r);
    CHECK(denied.status().code() == Code::kPermissionDenied);
    CHECK(denied.status().reason() == "NOT_THE_INSPECTOR");
    CHECK(w.engine.queries().list_inspections(w.worker_a, 0, InspectionState::kPlanned)->size() == 1);
  }
  SECTION("the next period makes the next inspection") {
    w.clock.advance(7 * kDay);
    REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
    CHECK(w.engine.queries().list_inspections(w.worker_a, 0, InspectionState::kPlanned)->size() == 2);
  }
}

TEST_CASE("inspection plans refuse bad input, wrong roles and sites outside the caller's scope") {
  World w;
  NewInspectionPlan p;
  p.request_id = w.request_id();
  p.site_unit_id = w.building_a1;
  p.site = "河畔小区1号楼";
  p.period_days = 30;
  p.inspector_user_id = w.worker_a;

  SECTION("a period out of range") {
    p.period_days = 0;
    CHECK(w.engine.commands().create_inspection_plan_sync(w.supervisor, p).status().reason() == "BAD_PERIOD");
  }
  SECTION("a grid worker may not plan") {
    CHECK(w.engine.commands().create_inspection_plan_sync(w.worker_a, p).status().code() == Code::kPermissionDenied);
  }
  SECTION("an inspector who cannot see the site") {
    p.inspector_user_id = w.worker_b;
    CHECK(w.engine.commands().create_inspection_plan_sync(w.supervisor, p).status().reason() == "BAD_INSPECTOR");
  }
  SECTION("a site outside the caller's scope") {
    UserId jinghan_sup = w.user("jinghan_sup", Role::kSupervisor, w.jinghan);
    CHECK(w.engine.commands().create_inspection_plan_sync(jinghan_sup, p).status().reason() == "UNIT_NOT_FOUND");
  }
  SECTION("a resent plan replays; other content under the same request_id is refused") {
    auto first = w.engine.commands().create_inspection_plan_sync(w.supervisor, p);
    REQUIRE(first.is_ok());
    auto again = w.engine.commands().create_inspection_plan_sync(w.supervisor, p);
    REQUIRE(again.is_ok());
    CHECK(again->id == first->id);
    CHECK(w.engine.queries().list_inspection_plans(w.supervisor, 0)->size() == 1);
    p.period_days = 10;
    CHECK(w.engine.commands().create_inspection_plan_sync(w.supervisor, p).status().reason() == "REQUEST_ID_REUSED");
  }
  SECTION("running the due plans by hand is for supervisors") {
    REQUIRE(w.engine.commands().create_inspection_plan_sync(w.supervisor, p).is_ok());
    CHECK(w.engine.deadlines().run_due_plans_sync(w.worker_a).status().code() == Code::kPermissionDenied);
    auto made = w.engine.deadlines().run_due_plans_sync(w.supervisor);
    REQUIRE(made.is_ok());
    CHECK(*made == 1);  // first due at once
    CHECK(*w.engine.deadlines().run_due_plans_sync(w.supervisor) == 0);
  }
  SECTION("an unknown inspection state in a listing") {
    CHECK(w.engine.queries().list_inspections(w.supervisor, 0, static_cast<InspectionState>(5)).status().reason() ==
          "INVALID_ENUM_VALUE");
  }
}
