// The org tree the net tests run on: a sub-district with one community and two grids, and a
// user for each part of it, created through the engine's admin calls as kSystemActor.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "gridcase/engine.hpp"
#include "make_unit.hpp"

namespace gridcase::testing {

struct Org {
  UnitId district = 0, sub_district = 0, community = 0, grid_a = 0, grid_b = 0;
  UserId admin = 0, supervisor = 0, clerk = 0, worker_a = 0, worker_b = 0;
};

inline std::string password_of(const std::string& username) { return "pw-" + username; }

inline UserId make_user(Engine& engine, const std::string& username, Role role, UnitId scope) {
  NewUser u;
  u.username = username;
  u.display_name = username;
  u.password = password_of(username);
  u.role = role;
  u.scope_unit_id = scope;
  auto r = engine.admin().create_user_sync(kSystemActor, u);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->id;
}

inline Org build_org(Engine& engine) {
  Org o;
  o.district = make_unit(engine, 0, UnitType::kDistrict, "D1", "示范区");
  o.sub_district = make_unit(engine, o.district, UnitType::kSubDistrict, "SD1", "新城街道", "XC");
  o.community = make_unit(engine, o.sub_district, UnitType::kCommunity, "C1", "河畔社区");
  o.grid_a = make_unit(engine, o.community, UnitType::kGrid, "G1", "河畔第一网格");
  o.grid_b = make_unit(engine, o.community, UnitType::kGrid, "G2", "河畔第二网格");
  o.admin = make_user(engine, "admin", Role::kAdmin, o.district);
  o.supervisor = make_user(engine, "supervisor", Role::kSupervisor, o.sub_district);
  o.clerk = make_user(engine, "clerk", Role::kIntakeClerk, o.sub_district);
  o.worker_a = make_user(engine, "grid_a", Role::kGridWorker, o.grid_a);
  o.worker_b = make_user(engine, "grid_b", Role::kGridWorker, o.grid_b);
  return o;
}

}  // namespace gridcase::testing
