// The configuration snapshot: loaded whole, replaced whole, and an org tree numbered in commit
// order wins over one adopted late.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "gridcase/configuration.hpp"

using namespace gridcase;
using testing::World;

namespace {

OrgTreePtr tree_of(std::vector<std::string> codes) {
  std::vector<OrgUnit> units;
  UnitId id = 1;
  for (auto& code : codes) {
    OrgUnit u;
    u.id = id++;
    u.type = UnitType::kSubDistrict;
    u.code = code;
    u.name = code;
    units.push_back(u);
  }
  return std::make_shared<OrgTree>(std::move(units));
}

}  // namespace

TEST_CASE("a loaded configuration holds the store's tree, categories, policies and calendar") {
  World w;  // a sub-district with its grids, categories and default policies
  Configuration config;
  const ConfigPtr empty = config.current();
  CHECK(empty->tree->units().empty());
  REQUIRE(config.load(w.repo).is_ok());
  const ConfigPtr loaded = config.current();
  CHECK(loaded->generation > empty->generation);
  CHECK(loaded->tree->units().size() == w.engine.tree()->units().size());
  CHECK(loaded->categories->size() == w.engine.queries().categories(CaseKind::kUnspecified).size());
  CHECK(loaded->policies->size() == w.engine.admin().policies().size());
  CHECK_FALSE(loaded->calendar->years().empty());
  // The snapshot a reader holds does not change under it.
  CHECK(empty->tree->units().empty());
}

TEST_CASE("an org tree adopted after a later commit's tree is ignored") {
  Configuration config;
  const auto first = config.number_tree_change();
  const auto second = config.number_tree_change();
  REQUIRE(second > first);
  config.adopt_tree(tree_of({"LATER"}), second);
  config.adopt_tree(tree_of({"EARLIER"}), first);  // finished its call last
  REQUIRE(config.current()->tree->units().size() == 1);
  CHECK(config.current()->tree->units()[0].code == "LATER");
}

TEST_CASE("each adopted part replaces the snapshot and keeps the others") {
  Configuration config;
  const ConfigPtr before = config.current();
  Category c;
  c.code = "INC.X";
  c.kind = CaseKind::kIncident;
  config.adopt_categories({c});
  const ConfigPtr after = config.current();
  CHECK(after->generation == before->generation + 1);
  CHECK(after->categories->size() == 1);
  CHECK(before->categories->empty());
  CHECK(after->tree == before->tree);
  CHECK(after->calendar == before->calendar);
  CHECK(after->policies == before->policies);
}
