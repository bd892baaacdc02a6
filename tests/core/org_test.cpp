// The org tree and its changes: founding, moving, renaming and retiring units never lose a
// case, and access follows the tree as it is now.
#include "fixture.hpp"

using namespace gridcase;
using testing::World;

TEST_CASE("the tree answers subtree, level and escalation questions") {
  World w;
  OrgTreePtr t = w.engine.tree();
  CHECK(t->in_subtree(w.hepan, w.building_a1));
  CHECK(t->in_subtree(w.sub_district, w.grid_c));
  CHECK_FALSE(t->in_subtree(w.jinghan, w.grid_a));
  CHECK(t->in_subtree(w.grid_a, w.grid_a));
  CHECK(t->level_of(w.building_a1) == Level::kGrid);
  CHECK(t->level_of(w.committee) == Level::kCommunity);
  CHECK(t->level_of(w.department) == Level::kSubDistrict);
  CHECK(t->escalation_target(w.grid_a)->id == w.hepan);
  CHECK(t->escalation_target(w.hepan)->id == w.sub_district);
  CHECK(t->escalation_target(w.district) == nullptr);
  auto sub = t->subtree(w.hepan);
  CHECK(sub.front() == w.hepan);
  CHECK(sub.size() == 5);  // 河畔, its two grids, 1号楼, its mediation committee
}

TEST_CASE("units only hang where the hierarchy allows") {
  CHECK(may_be_child_of(UnitType::kGrid, UnitType::kCommunity));
  CHECK_FALSE(may_be_child_of(UnitType::kGrid, UnitType::kSubDistrict));
  CHECK(may_be_child_of(UnitType::kMediationCommittee, UnitType::kSubDistrict));
  CHECK_FALSE(may_be_child_of(UnitType::kCommunity, UnitType::kGrid));
  World w;
  OrgUnit bad;
  bad.parent_id = w.sub_district;
  bad.type = UnitType::kGrid;
  bad.code = "BAD";
  bad.name = "直属网格";
  CHECK(w.engine.admin().create_unit_sync(w.admin, bad).status().reason() == "BAD_PARENT");
  bad.parent_id = w.hepan;
  bad.code = "G1";  // taken
  CHECK(w.engine.admin().create_unit_sync(w.admin, bad).status().code() == Code::kAlreadyExists);
}

TEST_CASE("a grid moved to another community keeps its cases, and access follows the move") {
  World w;
  Case c = w.create(w.worker_b, w.grid_b);
  CHECK(w.engine.queries().get_case(w.hepan_supervisor, c.id).is_ok());
  UnitUpdate move;
  move.unit_id = w.grid_b;
  move.new_parent_id = w.jinghan;
  REQUIRE(w.engine.admin().update_unit_sync(w.admin, move).is_ok());
  CHECK(w.engine.queries().get_case(w.hepan_supervisor, c.id).status().code() == Code::kNotFound);
  CHECK(w.engine.queries().get_case(w.worker_b, c.id).is_ok());
  auto moved = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(moved.is_ok());
  CHECK(moved->history.size() == 1);
  CHECK(moved->c.number == c.number);
  // Escalating now goes to the new community.
  auto up = w.act(w.worker_b, Action::kEscalate, c.id);
  REQUIRE(up.is_ok());
  CHECK(up->c.handling_unit_id == w.jinghan);
}

TEST_CASE("a unit cannot move under itself") {
  World w;
  // The unit-type rules alone never let a unit hang below one of its own descendants, so the
  // loop check is reached only by a stored tree the rules did not shape (a district-type unit
  // kept below 河畔 from older data). The sub-district may belong to a district: the type check
  // passes, and the loop is what refuses the move.
  OrgUnit legacy;
  legacy.parent_id = w.hepan;
  legacy.type = UnitType::kDistrict;
  legacy.code = "LEGACY";
  legacy.name = "旧区划";
  REQUIRE(w.repo.write_sync([&](WriteView& view) { return view.insert_unit(legacy).status(); }).is_ok());
  REQUIRE(w.engine.load().is_ok());
  REQUIRE(may_be_child_of(UnitType::kSubDistrict, UnitType::kDistrict));
  REQUIRE(w.engine.tree()->in_subtree(w.sub_district, legacy.id));

  UnitUpdate loop;
  loop.unit_id = w.sub_district;
  loop.new_parent_id = legacy.id;
  auto r = w.engine.admin().update_unit_sync(w.admin, loop);
  CHECK(r.status().code() == Code::kInvalidArgument);
  CHECK(r.status().reason() == "BAD_PARENT");
  CHECK(r.status().message() == "a unit cannot move under itself");
  CHECK(w.engine.tree()->find(w.sub_district)->parent_id == w.district);

  // A move the type rules forbid is refused by them, with their own message.
  UnitUpdate self;
  self.unit_id = w.hepan;
  self.new_parent_id = w.hepan;
  auto typed = w.engine.admin().update_unit_sync(w.admin, self);
  CHECK(typed.status().reason() == "BAD_PARENT");
  CHECK(typed.status().message() != "a unit cannot move under itself");
}

TEST_CASE("renaming keeps the unit's id and its cases") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  UnitUpdate rename;
  rename.unit_id = w.grid_a;
  rename.name = "河畔第一网格（新）";
  auto r = w.engine.admin().update_unit_sync(w.admin, rename);
  REQUIRE(r.is_ok());
  CHECK(r->name == "河畔第一网格（新）");
  CHECK(w.engine.tree()->find(w.grid_a)->name == "河畔第一网格（新）");
  CHECK(w.engine.queries().get_case(w.worker_a, c.id)->c.handling_unit_id == w.grid_a);
}

TEST_CASE("retiring a unit keeps its cases reachable and blocks new ones there") {
  World w;
  UnitUpdate retire;
  retire.unit_id = w.grid_a;
  retire.retire = true;
  CHECK(w.engine.admin().update_unit_sync(w.admin, retire).status().reason() == "UNIT_HAS_ACTIVE_CHILDREN");
  Case c = w.create(w.worker_b, w.grid_b);
  retire.unit_id = w.grid_b;
  REQUIRE(w.engine.admin().update_unit_sync(w.admin, retire).is_ok());
  CHECK(w.engine.queries().get_case(w.hepan_supervisor, c.id).is_ok());
  CHECK(w.act(w.hepan_supervisor, Action::kAccept, c.id).is_ok());
  auto created = w.engine.commands().create_case_sync(w.supervisor, w.new_case(w.grid_b));
  CHECK(created.status().reason() == "BAD_LOCATION");
  auto tree = w.engine.queries().org_tree(w.hepan_supervisor, 0, false);
  REQUIRE(tree.is_ok());
  for (const auto& u : tree->units) CHECK(u.id != w.grid_b);
  auto with_retired = w.engine.queries().org_tree(w.hepan_supervisor, 0, true);
  bool found = false;
  for (const auto& u : with_retired->units) found = found || u.id == w.grid_b;
  CHECK(found);
}

TEST_CASE("a user sees the org tree of their own scope only") {
  World w;
  auto mine = w.engine.queries().org_tree(w.worker_a, 0, false);
  REQUIRE(mine.is_ok());
  CHECK(mine->units.front().id == w.grid_a);
  CHECK(w.engine.queries().org_tree(w.worker_a, w.hepan, false).status().code() == Code::kNotFound);
  PartyPost post;
  post.unit_id = w.grid_a;
  post.kind = PartyPostKind::kGridBranchSecretary;
  post.holder_name = "王书记";
  REQUIRE(w.engine.admin().create_party_post_sync(w.admin, post).is_ok());
  auto again = w.engine.queries().org_tree(w.worker_a, 0, false);
  REQUIRE(again->party_posts.size() == 1);
  CHECK(again->party_posts[0].holder_name == "王书记");
}
