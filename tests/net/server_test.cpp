// The server over real sockets and a real SQLite file. Hostile input has its own table in
// hostile_input_test.cpp.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "frames.hpp"
#include "live_server.hpp"
#include "org_fixture.hpp"
#include "ws_client.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

std::int64_t create_case(WsClient& c, std::int64_t unit, const std::string& rid) {
  auto r = c.call(frames::create_case(rid, unit));
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_().id();
}

v1::Case ok_case(const v1::Reply& r) {
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_();
}

}  // namespace

TEST_CASE("over a socket a case runs its lifecycle, and a subscriber sees each event once and in order, "
          "a resumed subscriber receives exactly what it missed") {
  LiveServer s;
  auto watcher = s.client("supervisor");
  auto sub = watcher->call(frames::subscribe(0));
  REQUIRE(sub.has_subscribed());
  const auto sub_id = sub.subscribed().subscription_id();
  CHECK(sub.subscribed().next_seq() == 1);

  auto worker = s.client("grid_a");
  auto sup = s.client("supervisor");
  const auto id = create_case(*worker, s.org.grid_a, "c1");
  CHECK(ok_case(sup->call(frames::accept("a1", id))).state() == v1::CASE_STATE_ACCEPTED);
  CHECK(ok_case(sup->call(frames::dispatch("d1", id, s.org.grid_a))).state() ==
        v1::CASE_STATE_IN_PROGRESS);
  CHECK(ok_case(sup->call(frames::escalate("e1", id))).level() == v1::LEVEL_COMMUNITY);
  CHECK(ok_case(sup->call(frames::resolve("r1", id))).state() == v1::CASE_STATE_RESOLVED);
  CHECK(ok_case(sup->call(frames::close("x1", id))).state() == v1::CASE_STATE_CLOSED);

  const std::vector<v1::Action> expected = {v1::ACTION_CREATE,   v1::ACTION_ACCEPT,
                                            v1::ACTION_DISPATCH, v1::ACTION_ESCALATE,
                                            v1::ACTION_RESOLVE,  v1::ACTION_CLOSE};
  std::int64_t last_seq = 0;
  for (auto action : expected) {
    auto push = watcher->next_event();
    REQUIRE(push);
    CHECK(push->subscription_id() == sub_id);
    CHECK(push->event().case_id() == id);
    CHECK(push->event().action() == action);
    CHECK(push->event().seq() == last_seq + 1);
    last_seq = push->event().seq();
  }

  // The subscriber goes away; more happens; it comes back with its token and last seq.
  const std::string token = sup->call(frames::login("supervisor", password_of("supervisor")))
                                .login()
                                .token();
  watcher->close();
  const auto id2 = create_case(*worker, s.org.grid_a, "c2");
  ok_case(sup->call(frames::accept("a2", id2)));
  const auto id3 = create_case(*worker, s.org.grid_a, "c3");

  WsClient back(s.port);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(token);
  REQUIRE(back.call(resume).has_login());
  auto again = back.call(frames::subscribe(last_seq + 1));
  REQUIRE(again.has_subscribed());
  CHECK(again.subscribed().next_seq() == last_seq + 4);
  const std::vector<std::pair<std::int64_t, v1::Action>> missed = {
      {id2, v1::ACTION_CREATE}, {id2, v1::ACTION_ACCEPT}, {id3, v1::ACTION_CREATE}};
  for (const auto& [case_id, action] : missed) {
    auto push = back.next_event();
    REQUIRE(push);
    CHECK(push->subscription_id() == again.subscribed().subscription_id());
    CHECK(push->event().seq() == last_seq + 1);
    CHECK(push->event().case_id() == case_id);
    CHECK(push->event().action() == action);
    last_seq = push->event().seq();
  }
  // Then live, without a repeat.
  ok_case(sup->call(frames::accept("a3", id3)));
  auto live = back.next_event();
  REQUIRE(live);
  CHECK(live->event().seq() == last_seq + 1);
  CHECK(live->event().case_id() == id3);
  CHECK(live->event().action() == v1::ACTION_ACCEPT);
}

TEST_CASE("over a socket a revoked subscriber is told its subscriptions ended and gets no event") {
  LiveServer s;
  auto watcher = s.client("supervisor");
  REQUIRE(watcher->call(frames::subscribe(0)).has_subscribed());
  auto admin = s.client("admin");
  v1::ClientFrame revoke;
  revoke.mutable_revoke_sessions()->set_user_id(s.org.supervisor);
  REQUIRE(admin->call(revoke).has_done());

  auto worker = s.client("grid_a");
  create_case(*worker, s.org.grid_a, "after-revoke");
  auto frame = watcher->next_frame();
  REQUIRE(frame);
  INFO(frame->DebugString());
  REQUIRE(frame->has_subscriptions_ended());
  CHECK(frame->subscriptions_ended().error().code() == 16);

  // Logged out: calls need a login again, and nothing was pushed in between.
  CHECK(watcher->call(frames::get_case(1)).error().reason() == "LOGIN_REQUIRED");
  create_case(*worker, s.org.grid_a, "later");
  watcher->login("supervisor", password_of("supervisor"));
  CHECK_FALSE(watcher->next_event(std::chrono::milliseconds(0)));
}

TEST_CASE("a call before login is refused with UNAUTHENTICATED") {
  LiveServer s;
  WsClient c(s.port);
  auto r = c.call(frames::get_case(1));
  CHECK(r.error().code() == 16);
  CHECK(r.error().reason() == "LOGIN_REQUIRED");
}

TEST_CASE("/healthz answers ok, /metrics exposes the counters and other paths 404") {
  LiveServer s;
  auto c = s.client("grid_a");
  create_case(*c, s.org.grid_a, "m1");

  auto health = http_get(s.port, "/healthz");
  CHECK(health.first == 200);
  CHECK(health.second == "ok");

  auto metrics = http_get(s.port, "/metrics");
  CHECK(metrics.first == 200);
  const std::string& text = metrics.second;
  CHECK(text.find("gridcase_connections 1") != std::string::npos);
  CHECK(text.find("gridcase_calls_total{call=\"login\",code=\"OK\"} 1") != std::string::npos);
  CHECK(text.find("gridcase_calls_total{call=\"create_case\",code=\"OK\"} 1") != std::string::npos);
  CHECK(text.find("gridcase_call_duration_seconds_bucket{call=\"create_case\",le=\"+Inf\"} 1") !=
        std::string::npos);
  CHECK(text.find("gridcase_cases{state=\"REPORTED\"} 1") != std::string::npos);

  CHECK(http_get(s.port, "/nope").first == 404);
  CHECK(http_get(s.port, "/ws").first == 404);  // not an upgrade
}

TEST_CASE("stopping the server sends every session a 1001 close") {
  LiveServer s;
  auto c = s.client("grid_a");
  std::thread stopper([&] { s.server->stop(); });
  const bool got_frame = c->read().has_value();
  stopper.join();
  CHECK_FALSE(got_frame);
  CHECK_FALSE(c->timed_out());
  CHECK(c->close_code() == 1001);
}

TEST_CASE("a WebSocket connection silent for the idle timeout is closed by the server") {
  net::ServerConfig config;
  config.idle_timeout = std::chrono::seconds(1);
  config.keep_alive_pings = false;  // silent means closed, without a ping first
  LiveServer s(config);
  auto c = s.client("grid_a");
  // The client says nothing more and waits far longer than the timeout: the end it sees is the
  // server's, not its own wait running out.
  const auto before = std::chrono::steady_clock::now();
  CHECK_FALSE(c->read(std::chrono::seconds(30)).has_value());
  CHECK_FALSE(c->timed_out());
  CHECK(c->closed());
  // Not before the timeout either (a read error right away would be another failure).
  CHECK(std::chrono::steady_clock::now() - before >= std::chrono::milliseconds(900));
  // The server is still serving others.
  auto other = s.client("grid_b");
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  CHECK(other->call(tree).has_org_tree());
}

TEST_CASE("session tokens are stored only as hashes in the database file") {
  LiveServer s;
  std::vector<std::string> tokens;
  for (const char* who : {"grid_a", "grid_b", "supervisor"}) {
    WsClient c(s.port);
    auto r = c.login(who, password_of(who));
    REQUIRE(r.has_login());
    REQUIRE(r.login().token().size() >= 32);
    tokens.push_back(r.login().token());
  }
  SQLite::Database db((s.dir.path() / "gridcase.db").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT token_digest, user_id, created_at, expires_at, revoked FROM sessions");
  int rows = 0;
  while (q.executeStep()) {
    ++rows;
    for (int col = 0; col < q.getColumnCount(); ++col) {
      const std::string value = q.getColumn(col).getString();
      for (const auto& token : tokens) {
        INFO("column " << q.getColumnName(col));
        CHECK(value.find(token) == std::string::npos);
      }
    }
    // The digest is the server's hash of some token, not a token.
    const std::string digest = q.getColumn(0).getString();
    bool of_a_token = false;
    for (const auto& token : tokens) of_a_token = of_a_token || digest == s.crypto.token_digest(token);
    CHECK(of_a_token);
  }
  CHECK(rows == static_cast<int>(tokens.size()));
  // Nor anywhere in the files: the database and its write-ahead log, byte for byte.
  for (const char* file : {"gridcase.db", "gridcase.db-wal"}) {
    std::ifstream in(s.dir.path() / file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO(file);
    if (std::string(file) == "gridcase.db") CHECK_FALSE(bytes.empty());
    for (const auto& token : tokens) CHECK(bytes.find(token) == std::string::npos);
  }
}

TEST_CASE("over a socket a password an admin reset must be changed before anything else, and the "
          "login reply says so") {
  LiveServer s;
  auto admin = s.client("admin");
  v1::ClientFrame reset;
  reset.mutable_update_user()->set_user_id(s.org.worker_a);
  reset.mutable_update_user()->set_new_password("Reset-by-admin-1");
  auto done = admin->call(reset);
  INFO(done.error().reason() << ": " << done.error().message());
  REQUIRE(done.has_user());

  WsClient c(s.port);
  CHECK(c.call(frames::login("grid_a", password_of("grid_a"))).error().reason() == "BAD_CREDENTIALS");
  auto in = c.login("grid_a", "Reset-by-admin-1");
  CHECK(in.login().must_change_password());
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  auto refused = c.call(tree);
  CHECK(refused.error().code() == 9);  // FAILED_PRECONDITION
  CHECK(refused.error().reason() == "PASSWORD_CHANGE_REQUIRED");
  CHECK(c.call(frames::create_case("while-reset", s.org.grid_a)).error().reason() == "PASSWORD_CHANGE_REQUIRED");
  CHECK(c.call(frames::subscribe(0)).error().reason() == "PASSWORD_CHANGE_REQUIRED");

  // A resumed session is asked the same.
  WsClient resumed(s.port);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(in.login().token());
  auto back = resumed.call(resume);
  REQUIRE(back.has_login());
  CHECK(back.login().must_change_password());
  CHECK(resumed.call(tree).error().reason() == "PASSWORD_CHANGE_REQUIRED");

  // A weak new password or a wrong current one changes nothing.
  v1::ClientFrame weak;
  weak.mutable_change_password()->set_old_password("Reset-by-admin-1");
  weak.mutable_change_password()->set_new_password("short");
  CHECK(c.call(weak).error().reason() == "WEAK_PASSWORD");
  v1::ClientFrame wrong;
  wrong.mutable_change_password()->set_old_password("not-the-password-1");
  wrong.mutable_change_password()->set_new_password("Chosen-by-me-2026");
  CHECK(c.call(wrong).error().reason() == "BAD_CREDENTIALS");
  CHECK(c.call(tree).error().reason() == "PASSWORD_CHANGE_REQUIRED");

  v1::ClientFrame change;
  change.mutable_change_password()->set_old_password("Reset-by-admin-1");
  change.mutable_change_password()->set_new_password("Chosen-by-me-2026");
  auto changed = c.call(change);
  INFO(changed.error().reason() << ": " << changed.error().message());
  REQUIRE(changed.has_done());
  // Every session ended, this one too; the new password logs in to a session that works.
  CHECK(c.call(tree).error().code() == 16);
  CHECK(resumed.call(tree).error().code() == 16);
  WsClient fresh(s.port);
  auto again = fresh.login("grid_a", "Chosen-by-me-2026");
  CHECK_FALSE(again.login().must_change_password());
  CHECK(fresh.call(tree).has_org_tree());
  create_case(fresh, s.org.grid_a, "after-change");

  // An admin who resets their own password chose it: nothing to change.
  v1::ClientFrame own;
  own.mutable_update_user()->set_user_id(s.org.admin);
  own.mutable_update_user()->set_new_password("Admin-new-2026");
  REQUIRE(admin->call(own).has_user());
  WsClient admin_again(s.port);
  CHECK_FALSE(admin_again.login("admin", "Admin-new-2026").login().must_change_password());
  CHECK(admin_again.call(tree).has_org_tree());
}
