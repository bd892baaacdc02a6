// Early warnings over real sockets and a real SQLite file: a raised warning is pushed once to
// each connection of a supervisor whose scope holds its grid, to no one outside that subtree and
// to no other role; it is listed and handled through the API, the person masked. A stalled case's
// warning, raised by a deadline round on a fake clock, goes the same way.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "frames.hpp"
#include "live_server.hpp"
#include "org_fixture.hpp"
#include "ws_client.hpp"
#include "gridcase/clock.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

v1::ClientFrame list_warnings() {
  v1::ClientFrame f;
  f.mutable_list_warnings();
  return f;
}

v1::ClientFrame handle(const std::string& rid, std::int64_t id, v1::WarningAction action, const std::string& reason) {
  v1::ClientFrame f;
  auto* h = f.mutable_handle_warning();
  h->set_request_id(rid);
  h->set_warning_id(id);
  h->set_action(action);
  h->set_reason(reason);
  return f;
}

// Who watches in both tests, logged in and subscribed: the sub-district's supervisor, the
// community's, the other community's (outside the subtree), and a clerk (who sees no warning).
struct Watchers {
  explicit Watchers(LiveServer& s)
      : top(s.client("supervisor")),
        community(s.client("community_sup")),
        other(s.client("other_sup")),
        clerk(s.client("clerk")) {
    for (WsClient* c : {top.get(), community.get(), other.get(), clerk.get()}) {
      REQUIRE(c->call(frames::subscribe(0)).has_subscribed());
    }
  }
  std::unique_ptr<WsClient> top, community, other, clerk;
};

}  // namespace

TEST_CASE("over a socket a warning is pushed once to the supervisors of its subtree and to no one else") {
  LiveServer s;
  const UnitId other_community = make_unit(*s.engine, s.org.sub_district, UnitType::kCommunity, "C2", "京汉社区");
  make_unit(*s.engine, other_community, UnitType::kGrid, "G3", "京汉第一网格");
  make_user(*s.engine, "community_sup", Role::kSupervisor, s.org.community);
  make_user(*s.engine, "other_sup", Role::kSupervisor, other_community);

  Watchers w(s);
  auto& top = w.top;
  auto& community = w.community;
  auto& other = w.other;
  auto& clerk = w.clerk;
  // A second subscription of the same connection: still one push.
  REQUIRE(top->call(frames::subscribe(0, s.org.community)).has_subscribed());

  // One person (the same phone), the same address, three times: a repeat contact about the
  // person and one about the address, raised by the third case.
  auto worker = s.client("grid_a");
  for (int i = 1; i <= 3; ++i) {
    auto r = worker->call(frames::create_case("c" + std::to_string(i), s.org.grid_a));
    INFO(r.error().reason());
    REQUIRE(r.has_case_result());
  }
  // Pushes are posted before the creating call is answered; a call made afterwards is answered
  // after them.
  for (WsClient* c : {top.get(), community.get(), other.get()}) REQUIRE_FALSE(c->call(list_warnings()).has_error());
  CHECK(clerk->call(list_warnings()).error().reason() == "ROLE_MAY_NOT");
  CHECK(top->warnings().size() == 2);
  CHECK(community->warnings().size() == 2);
  CHECK(other->warnings().empty());
  CHECK(clerk->warnings().empty());
  for (const auto& push : top->warnings()) {
    CHECK(push.warning().kind() == v1::WARNING_KIND_REPEAT_CONTACT);
    CHECK(push.warning().unit_id() == s.org.grid_a);
    CHECK(push.warning().count() == 3);
    CHECK(push.warning().subject().find("13812341234") == std::string::npos);
  }

  // Listed to the subtree's supervisors only.
  auto listed = community->call(list_warnings());
  REQUIRE(listed.has_warnings());
  REQUIRE(listed.warnings().warnings_size() == 2);
  REQUIRE(listed.warnings().policies_size() == 1);
  CHECK(listed.warnings().policies(0).repeat_count() == 3);
  CHECK(other->call(list_warnings()).warnings().warnings_size() == 0);
  CHECK(clerk->call(list_warnings()).error().reason() == "ROLE_MAY_NOT");

  // Handled: a dismissal needs its reason; a fourth contact raises nothing new.
  const auto id = listed.warnings().warnings(0).id();
  auto refused = community->call(handle("d1", id, v1::WARNING_ACTION_DISMISS, ""));
  CHECK(refused.error().reason() == "MISSING_FIELD");
  CHECK(other->call(handle("d2", id, v1::WARNING_ACTION_DISMISS, "不属实")).error().reason() == "WARNING_NOT_FOUND");
  auto dismissed = community->call(handle("d3", id, v1::WARNING_ACTION_DISMISS, "已核实为同一事项"));
  INFO(dismissed.error().reason());
  REQUIRE(dismissed.has_warning());
  CHECK(dismissed.warning().warning().state() == v1::WARNING_STATE_DISMISSED);
  REQUIRE(worker->call(frames::create_case("c4", s.org.grid_a)).has_case_result());
  REQUIRE(top->call(list_warnings()).has_warnings());
  CHECK(top->warnings().size() == 2);
}

TEST_CASE("over a socket a stalled case's warning, raised by a deadline round, is pushed once to the supervisors "
          "of its subtree and cleared by the next event") {
  constexpr TimeMs kStart = 1773626400000LL;  // Monday 2026-03-16 10:00 Asia/Shanghai
  constexpr TimeMs kHour = 3600LL * 1000;
  ManualClock clock(kStart);
  LiveServer s({}, &clock);
  const UnitId other_community = make_unit(*s.engine, s.org.sub_district, UnitType::kCommunity, "C2", "京汉社区");
  make_unit(*s.engine, other_community, UnitType::kGrid, "G3", "京汉第一网格");
  make_user(*s.engine, "community_sup", Role::kSupervisor, s.org.community);
  make_user(*s.engine, "other_sup", Role::kSupervisor, other_community);
  auto worker = s.client("grid_a");
  auto created = worker->call(frames::create_case("c1", s.org.grid_a));
  REQUIRE(created.has_case_result());
  const auto id = created.case_result().case_().id();

  // Four working days quiet (Monday 23:00 a week on): nothing; the fifth ends at midnight.
  // The supervisors log in now (a session lasts 12 hours).
  clock.advance(7 * 24 * kHour + 13 * kHour);
  Watchers w(s);
  auto& top = w.top;
  auto& community = w.community;
  auto& other = w.other;
  auto& clerk = w.clerk;
  auto round = [&] { REQUIRE(s.engine->deadlines().run_due(clock.now()).is_ok()); };
  auto stalled_pushes = [](WsClient& c) {
    int n = 0;
    for (const auto& push : c.warnings()) n += push.warning().kind() == v1::WARNING_KIND_STALLED;
    return n;
  };
  auto settle = [&] {  // a call answered after any push posted before it
    for (WsClient* c : {top.get(), community.get(), other.get()}) REQUIRE_FALSE(c->call(list_warnings()).has_error());
    REQUIRE(clerk->call(list_warnings()).has_error());
  };
  round();
  settle();
  CHECK(stalled_pushes(*top) == 0);
  clock.advance(2 * kHour);
  round();
  settle();
  CHECK(stalled_pushes(*top) == 1);
  CHECK(stalled_pushes(*community) == 1);
  CHECK(stalled_pushes(*other) == 0);
  CHECK(stalled_pushes(*clerk) == 0);
  for (const auto& push : community->warnings()) {
    if (push.warning().kind() != v1::WARNING_KIND_STALLED) continue;
    CHECK(push.warning().unit_id() == s.org.grid_a);
    REQUIRE(push.warning().case_ids_size() == 1);
    CHECK(push.warning().case_ids(0) == id);
    CHECK(push.warning().threshold() == 5);
  }
  // Another round while it stays quiet: no second push.
  clock.advance(6 * kHour);
  round();
  settle();
  CHECK(stalled_pushes(*top) == 1);

  // A comment is an event: the warning has cleared at its time.
  v1::ClientFrame comment;
  auto* h = comment.mutable_comment_case()->mutable_header();
  h->set_request_id("k1");
  h->set_case_id(id);
  h->set_reason("已联系当事人，明日上门");
  auto commented = top->call(comment);
  INFO(commented.error().reason());
  REQUIRE(commented.has_case_result());
  v1::ClientFrame stalled;
  stalled.mutable_list_warnings()->add_kinds(v1::WARNING_KIND_STALLED);
  auto listed = community->call(stalled);
  REQUIRE(listed.warnings().warnings_size() == 1);
  CHECK(listed.warnings().warnings(0).holds_until_ms() == clock.now());
}
