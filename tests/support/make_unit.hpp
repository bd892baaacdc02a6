// An org unit created through the engine's admin call as kSystemActor, for the tests that build
// their org tree (core, storage, net); the test fails at once when the engine refuses it.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "gridcase/engine.hpp"

namespace gridcase::testing {

inline UnitId make_unit(Engine& engine, UnitId parent, UnitType type, const std::string& code,
                        const std::string& name, const std::string& prefix = "") {
  OrgUnit u;
  u.parent_id = parent;
  u.type = type;
  u.code = code;
  u.name = name;
  u.case_prefix = prefix;
  auto r = engine.admin().create_unit_sync(kSystemActor, u);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->id;
}

}  // namespace gridcase::testing
