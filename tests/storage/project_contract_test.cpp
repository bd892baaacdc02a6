// The Repository contract for livelihood projects (project.hpp): a project round-trips whole
// (estates, milestones, updates with photos, linked complaints), updates in place, lists by the
// units it is seen by (its responsible unit or an estate's unit) and by state, newest first,
// and a failed write leaves none behind.
#include <catch2/catch.hpp>

#include <sstream>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

std::string dump(const Project& p) {
  std::ostringstream out;
  out << p.id << '|' << p.name << '|' << p.unit_id << '|' << p.budget_yuan << '|' << p.start_date << '|'
      << static_cast<int>(p.state) << '|' << p.finished_date << '|' << p.version << '|' << p.created_by << '|'
      << p.created_at;
  for (const auto& e : p.estates) out << "{e " << e.name << '|' << e.unit_id << '|' << e.households << "}";
  for (const auto& m : p.milestones) {
    out << "{m " << m.id << '|' << m.name << '|' << m.planned_date << '|' << m.actual_date << "}";
  }
  for (const auto& u : p.updates) {
    out << "{u " << u.at << '|' << u.by << '|' << u.note;
    for (const auto& ph : u.photos) out << "(" << ph.sha256 << '|' << ph.size << '|' << ph.media_type << '|' << ph.file_name << ")";
    out << "}";
  }
  for (const auto& c : p.complaints) out << "{c " << c.case_id << '|' << c.linked_at << '|' << c.by << "}";
  return out.str();
}

Project sample_project(UnitId unit, std::vector<ProjectEstate> estates) {
  Project p;
  p.name = "北岸华庭二期供热管网改造 \"二期\", 1|2";
  p.unit_id = unit;
  p.estates = std::move(estates);
  p.budget_yuan = 3'200'000;
  p.start_date = "2026-03-01";
  p.milestones = {{1, "管网铺设完成", "2026-05-29", "2026-05-28"}, {2, "试压冲洗\n第二行", "2026-09-30", ""}};
  p.updates = {{1773626400000LL, 7, "已进场施工", {{std::string(64, 'a'), 2048, "image/jpeg", "现场.jpg"}}},
               {1773626400001LL, 8, "", {}}};
  p.complaints = {{41, 1773626400002LL, 7}, {42, 1773626400003LL, 9}};
  p.state = ProjectState::kActive;
  p.version = 1;
  p.created_by = 7;
  p.created_at = 1773626400000LL;
  return p;
}

}  // namespace

TEMPLATE_TEST_CASE("projects round-trip, update in place and list by their units and state, newest first",
                   "[contract][project]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Project heating = sample_project(5, {{"北岸华庭二期", 11, 860}, {"北岸华庭三期", 12, 0}});
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_project(heating).status(); }).is_ok());
  CHECK(heating.id > 0);
  CHECK(dump(read_ok<Project>(repo, [&](ReadView& r) { return r.get_project(heating.id); })) == dump(heating));

  Project ramp = sample_project(6, {});
  ramp.updates.clear();
  ramp.complaints.clear();
  ramp.state = ProjectState::kFinished;
  ramp.finished_date = "2026-03-10";
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_project(ramp).status(); }).is_ok());
  CHECK(ramp.id > heating.id);
  CHECK(dump(read_ok<Project>(repo, [&](ReadView& r) { return r.get_project(ramp.id); })) == dump(ramp));

  using Ids = std::vector<std::int64_t>;
  auto list = [&](std::vector<UnitId> units, ProjectState state, int limit) {
    Ids ids;
    for (const auto& p : read_ok<std::vector<Project>>(repo, [&](ReadView& r) { return r.list_projects(units, state, limit); })) {
      ids.push_back(p.id);
    }
    return ids;
  };
  CHECK(list({}, ProjectState::kUnspecified, 10) == Ids{ramp.id, heating.id});
  CHECK(list({}, ProjectState::kUnspecified, 1) == Ids{ramp.id});
  CHECK(list({5}, ProjectState::kUnspecified, 10) == Ids{heating.id});
  CHECK(list({12}, ProjectState::kUnspecified, 10) == Ids{heating.id});  // an estate's unit
  CHECK(list({6, 12}, ProjectState::kUnspecified, 10) == Ids{ramp.id, heating.id});
  CHECK(list({6, 12}, ProjectState::kFinished, 10) == Ids{ramp.id});
  CHECK(list({6, 12}, ProjectState::kActive, 10) == Ids{heating.id});
  CHECK(list({7}, ProjectState::kUnspecified, 10).empty());

  // An estate moved to another unit: listed by the new one only.
  heating.estates = {{"北岸华庭二期", 13, 861}};
  heating.milestones[1].actual_date = "2026-09-29";
  heating.complaints.push_back({43, 1773626400004LL, 3});
  heating.version = 2;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_project(heating); }).is_ok());
  CHECK(dump(read_ok<Project>(repo, [&](ReadView& r) { return r.get_project(heating.id); })) == dump(heating));
  CHECK(list({12}, ProjectState::kUnspecified, 10).empty());
  CHECK(list({13}, ProjectState::kUnspecified, 10) == Ids{heating.id});

  Project missing = heating;
  missing.id = 999;
  CHECK(write(repo, [&](WriteView& w) { return w.update_project(missing); }).reason() == "PROJECT_NOT_FOUND");
  CHECK(read_status(repo, [](ReadView& r) { return r.get_project(999).status(); }).reason() == "PROJECT_NOT_FOUND");
}

TEMPLATE_TEST_CASE("a failed write leaves no project behind", "[contract][project]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Status s = write(repo, [&](WriteView& w) -> Status {
    Project p = sample_project(5, {});
    GRIDCASE_RETURN_IF_ERROR(w.insert_project(p).status());
    return Status(reason::TRANSITION_NOT_ALLOWED, "roll back");
  });
  CHECK(s.reason() == "TRANSITION_NOT_ALLOWED");
  CHECK(read_ok<std::vector<Project>>(repo, [](ReadView& r) {
          return r.list_projects({}, ProjectState::kUnspecified, 10);
        }).empty());
}

}  // namespace gridcase::testing
