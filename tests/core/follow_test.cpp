// Two servers on one store: what an engine keeps in memory (the org tree, the policies, the
// sessions it has checked, the failed logins) follows a change made through the other engine by
// its next call. Here both engines share one in-memory store.
#include <catch2/catch.hpp>

#include "fixture.hpp"

using namespace gridcase;
using testing::World;

namespace {

// A second server on World's store, with its own configuration, sessions and pipeline.
struct OtherServer {
  explicit OtherServer(World& w) : engine(w.repo, crypto, w.clock, nullptr) { REQUIRE(engine.load().is_ok()); }
  testing::FakeCrypto crypto;
  Engine engine;
};

}  // namespace

TEST_CASE("a grid moved through another server is where this server's next write escalates to") {
  World w;  // server A
  OtherServer b(w);
  Case c = w.case_in(CaseState::kAccepted);  // in grid A, under 河畔社区
  UnitUpdate move;
  move.unit_id = w.grid_a;
  move.new_parent_id = w.jinghan;
  auto moved = b.engine.admin().update_unit_sync(kSystemActor, move);
  INFO(moved.status().to_string());
  REQUIRE(moved.is_ok());
  REQUIRE(w.engine.tree()->find(w.grid_a)->parent_id == w.hepan);  // A has not heard of it yet

  CaseCommand up = w.command(Action::kEscalate, c.id);
  auto escalated = w.engine.commands().act_sync(w.supervisor, up);
  INFO(escalated.status().to_string());
  REQUIRE(escalated.is_ok());
  CHECK(escalated->c.handling_unit_id == w.jinghan);
  CHECK(w.engine.tree()->find(w.grid_a)->parent_id == w.jinghan);
}

TEST_CASE("a policy changed through another server applies to this server's next case") {
  World w;
  OtherServer b(w);
  Case before = w.create(w.worker_a, w.grid_a);
  REQUIRE(before.policy_id != 0);
  DeadlinePolicy changed;
  for (const auto& p : b.engine.admin().policies()) {
    if (p.id == before.policy_id) changed = p;
  }
  REQUIRE(changed.id == before.policy_id);
  changed.basis = "两台服务器：B 修改，A 遵照";
  auto saved = b.engine.admin().set_policy_sync(w.admin, changed);
  INFO(saved.status().to_string());
  REQUIRE(saved.is_ok());
  REQUIRE(saved->version > before.policy_version);

  Case after = w.create(w.worker_a, w.grid_a);
  CHECK(after.policy_id == before.policy_id);
  CHECK(after.policy_version == saved->version);
}

TEST_CASE("sessions ended through another server are checked again by this one once it follows the store") {
  World w;
  OtherServer b(w);
  auto login = w.engine.sessions().login("grid_a", "password-grid_a");
  REQUIRE(login.is_ok());
  const auto checked_at = w.engine.sessions().session_generation();
  REQUIRE(w.engine.follow_changes().is_ok());
  CHECK(w.engine.sessions().session_generation() == checked_at);  // nothing moved: nothing to check

  REQUIRE(b.engine.sessions().revoke_sessions(w.admin, w.worker_a).is_ok());
  REQUIRE(w.engine.follow_changes().is_ok());
  CHECK(w.engine.sessions().session_generation() != checked_at);
  CHECK(w.engine.sessions().authenticate(login->token).status().reason() == "INVALID_TOKEN");
}

TEST_CASE("failed logins through two servers count together") {
  World w;
  OtherServer b(w);
  // Four failures through A, one through B: five, the limit for one username.
  for (int i = 0; i < 4; ++i) {
    CHECK(w.engine.sessions().login("grid_a", "wrong").status().reason() == "BAD_CREDENTIALS");
  }
  CHECK(b.engine.sessions().login("grid_a", "wrong").status().reason() == "BAD_CREDENTIALS");
  CHECK(b.engine.sessions().login("grid_a", "password-grid_a").status().reason() == "LOGIN_THROTTLED");
  CHECK(w.engine.sessions().login("grid_a", "password-grid_a").status().reason() == "LOGIN_THROTTLED");
  // Another account is not held up.
  CHECK(b.engine.sessions().login("grid_b", "password-grid_b").is_ok());
}

TEST_CASE("a successful login through one server starts the count afresh on every server") {
  World w;
  OtherServer b(w);
  for (int i = 0; i < 4; ++i) {
    CHECK(w.engine.sessions().login("grid_a", "wrong").status().reason() == "BAD_CREDENTIALS");
  }
  w.clock.advance(1);
  REQUIRE(b.engine.sessions().login("grid_a", "password-grid_a").is_ok());
  w.clock.advance(1);
  CHECK(b.engine.sessions().login("grid_a", "wrong").status().reason() == "BAD_CREDENTIALS");
  CHECK(b.engine.sessions().login("grid_a", "password-grid_a").is_ok());
}
