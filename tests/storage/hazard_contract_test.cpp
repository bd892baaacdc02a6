// The Repository contract for hazards and whistles (hazard.hpp, whistle.hpp): a hazard's record
// and a case's whistle round-trip with the case, lists find the cases whistled to a unit,
// inspections and plans round-trip, list by subtree and state, and plans come due in order.
#include <catch2/catch.hpp>

#include <sstream>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

Case hazard_case(const std::string& number) {
  Case c = sample_case(number);
  c.kind = CaseKind::kHazard;
  Hazard& h = c.hazard;
  h.inspection_id = 12;
  h.site = "河畔小区1号楼 \"东\", 1|2";
  h.severity = HazardSeverity::kMajor;
  h.responsible = {ResponsibleKind::kBusiness, "鑫源物业", "13912345678"};
  h.deadline_days = 5;
  h.rectifications = {{1773626400000LL, "已清理\n第二行", {"att-1", "9f86d0818", ""}, 7},
                      {1773626400001LL, "", {}, 8}};
  h.reinspections = {{1773626400002LL, false, "仍有杂物", 5, 9}, {1773626400003LL, true, "", 0, 9}};
  h.awaiting_reinspection = true;
  h.failed_reinspections = 1;
  return c;
}

Whistle whistle_of(std::vector<UnitId> departments) {
  Whistle w;
  for (UnitId d : departments) {
    WhistleCall call;
    call.department_id = d;
    call.whistled_at = 1773626400000LL;
    call.report_by = 1773633600000LL;
    call.whistled_by = 3;
    w.calls.push_back(call);
  }
  return w;
}

std::string dump(const Inspection& x) {
  std::ostringstream out;
  out << x.id << '|' << x.plan_id << '|' << x.site_unit_id << '|' << x.site << '|' << x.inspector_user_id << '|'
      << static_cast<int>(x.state) << '|' << x.due_at << '|' << x.done_at << '|' << x.note << '|' << x.version << '|'
      << x.created_at;
  for (const auto& f : x.findings) {
    out << "{" << f.description << '|' << f.hazard << '|' << f.category_code << '|' << static_cast<int>(f.severity)
        << '|' << static_cast<int>(f.responsible.kind) << '|' << f.responsible.name << '|' << f.responsible.contact
        << '|' << f.deadline_days << '|' << f.case_id << "}";
  }
  return out.str();
}

std::string dump(const InspectionPlan& p) {
  std::ostringstream out;
  out << p.id << '|' << p.site_unit_id << '|' << p.site << '|' << p.period_days << '|' << p.inspector_user_id << '|'
      << p.next_due_at << '|' << p.active << '|' << p.created_by << '|' << p.created_at << '|' << p.inspections_made;
  return out.str();
}

Inspection sample_inspection(UnitId site) {
  Inspection x;
  x.plan_id = 4;
  x.site_unit_id = site;
  x.site = "金鑫商店";
  x.inspector_user_id = 6;
  x.state = InspectionState::kDone;
  x.due_at = 1773626400000LL;
  x.done_at = 1773626500000LL;
  x.note = "例行检查\n无异常";
  Finding hazard;
  hazard.description = "电动车在楼道充电";
  hazard.hazard = true;
  hazard.category_code = "HAZ.FIRE.EBIKE";
  hazard.severity = HazardSeverity::kGeneral;
  hazard.responsible = {ResponsibleKind::kPerson, "李四", "13800000000"};
  hazard.deadline_days = 3;
  hazard.case_id = 41;
  Finding fine;
  fine.description = "灭火器完好";
  x.findings = {hazard, fine};
  x.version = 2;
  x.created_at = 1773626300000LL;
  return x;
}

InspectionPlan sample_plan(UnitId site, TimeMs due) {
  InspectionPlan p;
  p.site_unit_id = site;
  p.site = "河畔小区1号楼";
  p.period_days = 7;
  p.inspector_user_id = 6;
  p.next_due_at = due;
  p.created_by = 2;
  p.created_at = 1773626300000LL;
  p.inspections_made = 3;
  return p;
}

}  // namespace

TEMPLATE_TEST_CASE("a hazard's record and a case's whistle round-trip with the case", "[contract][hazard]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case c = hazard_case("XC-2026-000001");
  c.whistle = whistle_of({31, 32});
  c.whistle.calls[1].checked_in_at = 1773630000000LL;
  c.whistle.calls[1].checked_in_by = 11;
  c.whistle.calls[1].late = true;
  c.whistle.calls[1].contribution = "派出所到场";
  c.whistle.calls[1].rating = 4;
  c.whistle.calls[1].rating_comment = "及时";
  c.whistle.calls[1].rated_by = 3;
  c.id = insert_case(repo, c);
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(c));

  SECTION("an update replaces them") {
    c.hazard.rectifications.pop_back();
    c.hazard.awaiting_reinspection = false;
    c.whistle.calls.erase(c.whistle.calls.begin());
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(c); }).is_ok());
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(c));
  }
}

TEMPLATE_TEST_CASE("list_cases finds the cases whistled to a unit as well as those located or handled there",
                   "[contract][hazard]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case a = sample_case("XC-2026-000001");  // located and handled elsewhere, whistled to 31
  a.location.unit_id = 1;
  a.handling_unit_id = 1;
  a.whistle = whistle_of({31});
  a.id = insert_case(repo, a);
  Case b = sample_case("XC-2026-000002");  // whistled to 32 only
  b.location.unit_id = 1;
  b.handling_unit_id = 1;
  b.whistle = whistle_of({32});
  b.id = insert_case(repo, b);
  Case d = sample_case("XC-2026-000003");  // dispatched to 31
  d.location.unit_id = 1;
  d.handling_unit_id = 31;
  d.id = insert_case(repo, d);

  auto ids = [&](std::vector<UnitId> units, std::vector<UnitId> whistled) {
    CaseFilter f;
    f.units = std::move(units);
    f.whistled_units = std::move(whistled);
    return ids_of(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.list_cases(f); }));
  };
  CHECK(ids({31}, {31}) == std::vector<CaseId>{d.id, a.id});
  CHECK(ids({31}, {}) == std::vector<CaseId>{d.id});
  CHECK(ids({32}, {32}) == std::vector<CaseId>{b.id});
  CHECK(ids({33}, {33}).empty());

  SECTION("an update moves the case to the units it is now whistled to") {
    a.whistle = whistle_of({32, 33});
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(a); }).is_ok());
    CHECK(ids({31}, {31}) == std::vector<CaseId>{d.id});
    CHECK(ids({32}, {32}) == std::vector<CaseId>{b.id, a.id});
    CHECK(ids({33}, {33}) == std::vector<CaseId>{a.id});
  }
  SECTION("with a text search too") {
    CaseFilter f;
    f.units = {31};
    f.whistled_units = {31};
    f.text = a.title.substr(0, 9);  // three characters: the full-text index
    CHECK(ids_of(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.list_cases(f); })) ==
          std::vector<CaseId>{d.id, a.id});
  }
}

TEMPLATE_TEST_CASE("inspections round-trip, update in place and list by subtree and state, newest first",
                   "[contract][hazard]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Inspection x = sample_inspection(5);
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_inspection(x).status(); }).is_ok());
  CHECK(x.id > 0);
  CHECK(dump(read_ok<Inspection>(repo, [&](ReadView& r) { return r.get_inspection(x.id); })) == dump(x));

  Inspection planned = sample_inspection(6);
  planned.state = InspectionState::kPlanned;
  planned.findings.clear();
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_inspection(planned).status(); }).is_ok());
  CHECK(planned.id > x.id);

  auto list = [&](std::vector<UnitId> units, InspectionState state, int limit) {
    auto found = read_ok<std::vector<Inspection>>(repo, [&](ReadView& r) { return r.list_inspections(units, state, limit); });
    std::vector<std::int64_t> ids;
    for (const auto& i : found) ids.push_back(i.id);
    return ids;
  };
  using Ids = std::vector<std::int64_t>;
  CHECK(list({}, InspectionState::kUnspecified, 10) == Ids{planned.id, x.id});
  CHECK(list({}, InspectionState::kUnspecified, 1) == Ids{planned.id});
  CHECK(list({5}, InspectionState::kUnspecified, 10) == Ids{x.id});
  CHECK(list({5, 6}, InspectionState::kPlanned, 10) == Ids{planned.id});
  CHECK(list({7}, InspectionState::kUnspecified, 10).empty());

  planned.state = InspectionState::kDone;
  planned.findings = x.findings;
  planned.version = 3;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_inspection(planned); }).is_ok());
  CHECK(dump(read_ok<Inspection>(repo, [&](ReadView& r) { return r.get_inspection(planned.id); })) == dump(planned));
  CHECK(list({}, InspectionState::kPlanned, 10).empty());

  Inspection missing = x;
  missing.id = 999;
  CHECK(write(repo, [&](WriteView& w) { return w.update_inspection(missing); }).code() == Code::kNotFound);
  CHECK(read_status(repo, [](ReadView& r) { return r.get_inspection(999).status(); }).reason() ==
        "INSPECTION_NOT_FOUND");
}

TEMPLATE_TEST_CASE("inspection plans round-trip, list by subtree and come due earliest first",
                   "[contract][hazard]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  CHECK(read_ok<TimeMs>(repo, [](ReadView& r) { return r.earliest_plan_due(); }) == 0);
  InspectionPlan late = sample_plan(5, 3000);
  InspectionPlan early = sample_plan(6, 1000);
  InspectionPlan stopped = sample_plan(6, 500);
  stopped.active = false;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_inspection_plan(late).status());
            GRIDCASE_RETURN_IF_ERROR(w.insert_inspection_plan(early).status());
            return w.insert_inspection_plan(stopped).status();
          }).is_ok());
  CHECK(dump(read_ok<InspectionPlan>(repo, [&](ReadView& r) { return r.get_inspection_plan(late.id); })) ==
        dump(late));
  CHECK(dump(read_ok<InspectionPlan>(repo, [&](ReadView& r) { return r.get_inspection_plan(stopped.id); })) ==
        dump(stopped));

  using Ids = std::vector<std::int64_t>;
  auto due = [&](TimeMs until, int limit) {
    return read_ok<Ids>(repo, [&](ReadView& r) { return r.due_inspection_plans(until, limit); });
  };
  CHECK(due(999, 10).empty());  // the inactive plan is never due
  CHECK(due(1000, 10) == Ids{early.id});
  CHECK(due(5000, 10) == Ids{early.id, late.id});
  CHECK(due(5000, 1) == Ids{early.id});
  CHECK(read_ok<TimeMs>(repo, [](ReadView& r) { return r.earliest_plan_due(); }) == 1000);

  auto listed = [&](std::vector<UnitId> units) {
    Ids ids;
    for (const auto& p : read_ok<std::vector<InspectionPlan>>(repo, [&](ReadView& r) {
           return r.list_inspection_plans(units, 10);
         })) {
      ids.push_back(p.id);
    }
    return ids;
  };
  CHECK(listed({}) == Ids{stopped.id, early.id, late.id});
  CHECK(listed({6}) == Ids{stopped.id, early.id});

  early.next_due_at = 8000;
  early.inspections_made = 4;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_inspection_plan(early); }).is_ok());
  CHECK(dump(read_ok<InspectionPlan>(repo, [&](ReadView& r) { return r.get_inspection_plan(early.id); })) ==
        dump(early));
  CHECK(due(5000, 10) == Ids{late.id});
  CHECK(read_ok<TimeMs>(repo, [](ReadView& r) { return r.earliest_plan_due(); }) == 3000);
  InspectionPlan missing = early;
  missing.id = 999;
  CHECK(write(repo, [&](WriteView& w) { return w.update_inspection_plan(missing); }).reason() == "PLAN_NOT_FOUND");
}

TEMPLATE_TEST_CASE("a failed write leaves no inspection, plan or whistle behind", "[contract][hazard]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case c = sample_case("XC-2026-000001");
  c.location.unit_id = 1;
  c.handling_unit_id = 1;
  c.id = insert_case(repo, c);
  Status s = write(repo, [&](WriteView& w) -> Status {
    Inspection x = sample_inspection(5);
    GRIDCASE_RETURN_IF_ERROR(w.insert_inspection(x).status());
    InspectionPlan p = sample_plan(5, 10);
    GRIDCASE_RETURN_IF_ERROR(w.insert_inspection_plan(p).status());
    Case changed = c;
    changed.whistle = whistle_of({31});
    GRIDCASE_RETURN_IF_ERROR(w.update_case(changed));
    return Status(reason::TRANSITION_NOT_ALLOWED, "roll back");
  });
  CHECK(s.reason() == "TRANSITION_NOT_ALLOWED");
  CHECK(read_ok<std::vector<Inspection>>(repo, [](ReadView& r) {
          return r.list_inspections({}, InspectionState::kUnspecified, 10);
        }).empty());
  CHECK(read_ok<TimeMs>(repo, [](ReadView& r) { return r.earliest_plan_due(); }) == 0);
  CaseFilter f;
  f.units = {31};
  f.whistled_units = {31};
  CHECK(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.list_cases(f); }).empty());
  CHECK(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); }).whistle.calls.empty());
}

}  // namespace gridcase::testing
