// What the benchmark knows about the database it drives: the org tree, the leaf categories and
// the accounts its clients log in as. Built in-process when the tool owns the database (it loads
// the demo and adds its own accounts), or over the API when it connects to a running server.
#pragma once

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gridcase/category.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/org.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase::bench {

// The password of every account the benchmark creates.
constexpr const char* kBenchPassword = "Bench-2026-gridcase";

struct Account {
  std::string username;
  std::string password;
  Role role = Role::kUnspecified;
  UnitId scope = 0;
  UserId id = 0;
};

class World {
 public:
  World() = default;
  World(OrgTreePtr tree, std::vector<Category> categories, std::vector<Account> workers,
        std::vector<Account> supervisors);

  const OrgTree& tree() const { return *tree_; }
  // Grid workers (one per grid) and supervisors (one per community, then sub-district ones).
  const std::vector<Account>& workers() const { return workers_; }
  const std::vector<Account>& supervisors() const { return supervisors_; }
  // The sub-district's supervisors: they see every case.
  std::vector<Account> top_supervisors() const;
  // The account of client `i` of a mix: three grid workers to one supervisor.
  const Account& client_account(std::size_t i) const;

  // Grids and building groups at or under `scope`: where a case may be located. Empty for an
  // unknown unit.
  const std::vector<UnitId>& places_under(UnitId scope) const;
  UnitId grid_of(UnitId place) const;
  std::string place_name(UnitId place) const;
  // The sub-district every case lies in.
  UnitId sub_district() const { return sub_district_; }

  // A random leaf category (its code and display name) of a random kind other than petitions and
  // hazards.
  const Category& random_category(std::mt19937_64& rng) const;

 private:
  OrgTreePtr tree_;
  std::vector<Category> leaves_;
  std::vector<Account> workers_;
  std::vector<Account> supervisors_;
  UnitId sub_district_ = 0;
  std::map<UnitId, std::vector<UnitId>> places_;  // every unit's, filled at construction
};

// Opens (creating it when missing) the database at `path`, loads the demo when it has no org
// tree, adds the benchmark's accounts when they are missing, and describes it. Closes it again.
Result<World> prepare_database(const std::string& path);

// The same description from an engine that is already open (store-only, generate): adds the
// accounts when missing.
Result<World> describe(Engine& engine);

}  // namespace gridcase::bench
