#include "world.hpp"

#include <algorithm>
#include <map>

#include "demo.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/open_store.hpp"

namespace gridcase::bench {
namespace {

std::string account_name(const char* prefix, const std::string& code) {
  std::string out = prefix;
  for (char c : code) out.push_back(c == '.' ? '_' : c);
  return out;
}

}  // namespace

World::World(OrgTreePtr tree, std::vector<Category> categories, std::vector<Account> workers,
             std::vector<Account> supervisors)
    : tree_(std::move(tree)), workers_(std::move(workers)), supervisors_(std::move(supervisors)) {
  // Petitions and hazards are left out: petitions are accepted, decided and reviewed by rules of
  // their own, and hazards close by a re-inspection of their reported rectification (销号), not
  // by the common accept-dispatch-resolve path the workload drives.
  for (const auto& c : categories) {
    if (!has_children(categories, c.code) && c.kind != CaseKind::kPetition && c.kind != CaseKind::kHazard) {
      leaves_.push_back(c);
    }
  }
  for (const auto& u : tree_->units()) {
    if (u.type == UnitType::kSubDistrict && !u.retired && sub_district_ == 0) sub_district_ = u.id;
    std::vector<UnitId>& found = places_[u.id];
    for (UnitId id : tree_->subtree(u.id, false)) {
      const OrgUnit* p = tree_->find(id);
      if (p->type == UnitType::kGrid || p->type == UnitType::kBuildingGroup) found.push_back(id);
    }
  }
}

std::vector<Account> World::top_supervisors() const {
  std::vector<Account> out;
  for (const auto& a : supervisors_) {
    if (a.scope == sub_district_) out.push_back(a);
  }
  return out;
}

const Account& World::client_account(std::size_t i) const {
  if (supervisors_.empty() || (i % 4 != 3 && !workers_.empty())) {
    return workers_[(i - i / 4) % workers_.size()];
  }
  return supervisors_[(i / 4) % supervisors_.size()];
}

const std::vector<UnitId>& World::places_under(UnitId scope) const {
  static const std::vector<UnitId> kNone;
  auto it = places_.find(scope);
  return it == places_.end() ? kNone : it->second;
}

UnitId World::grid_of(UnitId place) const {
  const OrgUnit* g = tree_->ancestor_of_type(place, UnitType::kGrid);
  return g == nullptr ? 0 : g->id;
}

std::string World::place_name(UnitId place) const {
  std::string out;
  for (const OrgUnit* u = tree_->find(place); u != nullptr && u->type != UnitType::kSubDistrict;
       u = tree_->find(u->parent_id)) {
    out = u->name + out;
  }
  return out;
}

const Category& World::random_category(std::mt19937_64& rng) const {
  return leaves_[std::uniform_int_distribution<std::size_t>(0, leaves_.size() - 1)(rng)];
}

Result<World> describe(Engine& engine) {
  OrgTreePtr tree = engine.tree();
  auto users = engine.admin().list_users(kSystemActor, 0);
  if (!users) return users.status();
  std::map<std::string, User> by_name;
  for (auto& u : *users) by_name[u.username] = u;

  // One grid worker per grid, one supervisor per community and two for the sub-district.
  struct Wanted {
    std::string username;
    Role role;
    UnitId scope;
  };
  std::vector<Wanted> wanted;
  for (const auto& u : tree->units()) {
    if (u.retired) continue;
    if (u.type == UnitType::kGrid) wanted.push_back({account_name("bw_", u.code), Role::kGridWorker, u.id});
  }
  for (const auto& u : tree->units()) {
    if (u.retired) continue;
    if (u.type == UnitType::kCommunity) wanted.push_back({account_name("bs_", u.code), Role::kSupervisor, u.id});
  }
  for (const auto& u : tree->units()) {
    if (u.retired || u.type != UnitType::kSubDistrict) continue;
    for (int i = 1; i <= 2; ++i) {
      wanted.push_back({account_name("bs_", u.code) + "_" + std::to_string(i), Role::kSupervisor, u.id});
    }
  }
  std::vector<Account> workers, supervisors;
  for (const auto& w : wanted) {
    Account a{w.username, kBenchPassword, w.role, w.scope, 0};
    auto found = by_name.find(w.username);
    if (found != by_name.end()) {
      a.id = found->second.id;
    } else {
      NewUser nu;
      nu.username = w.username;
      nu.display_name = w.username;
      nu.password = kBenchPassword;
      nu.role = w.role;
      nu.scope_unit_id = w.scope;
      auto created = engine.admin().create_user_sync(kSystemActor, nu);
      if (!created) return created.status();
      a.id = created->id;
    }
    (w.role == Role::kGridWorker ? workers : supervisors).push_back(a);
  }
  return World(tree, engine.queries().categories(CaseKind::kUnspecified), workers, supervisors);
}

Result<World> prepare_database(const std::string& path) {
  auto opened = storage::open_store(path);
  if (!opened) return opened.status();
  Repository& repo = opened->repo();
  net::SodiumCrypto crypto;
  SystemClock clock;
  Engine engine(repo, crypto, clock, nullptr);
  GRIDCASE_RETURN_IF_ERROR(engine.load());
  if (engine.tree()->units().empty()) {
    auto loaded = demo::load_demo(repo, crypto, clock.now());
    if (!loaded) return loaded.status();
    GRIDCASE_RETURN_IF_ERROR(engine.load());
  }
  auto world = describe(engine);
  opened->close();
  return world;
}

}  // namespace gridcase::bench
