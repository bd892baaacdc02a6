// Case clocks over real sockets and a real SQLite file, the engine on a manual clock: the
// scheduler's colour changes and deadline escalations reach subscribers once and in order.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "frames.hpp"
#include "gridcase/clock.hpp"
#include "live_server.hpp"
#include "org_fixture.hpp"
#include "ws_client.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

constexpr TimeMs kStart = 1773626400000LL;  // Monday 2026-03-16 10:00 Asia/Shanghai
constexpr TimeMs kMinute = 60 * 1000;
constexpr TimeMs kHour = 60 * kMinute;

v1::Case ok_case(const v1::Reply& r) {
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_();
}

const v1::CaseClock& resolve_clock(const v1::Case& c) {
  for (const auto& k : c.clocks()) {
    if (k.kind() == v1::CLOCK_KIND_RESOLVE) return k;
  }
  FAIL("the case has no RESOLVE clock");
  throw std::logic_error("unreachable");
}

v1::ClientFrame comment(const std::string& rid, std::int64_t case_id) {
  v1::ClientFrame f;
  auto* h = f.mutable_comment_case()->mutable_header();
  h->set_request_id(rid);
  h->set_case_id(case_id);
  h->set_reason("已通知环卫所");
  return f;
}

// The events a subscriber receives up to and including the first one of `last` on the case.
std::vector<v1::CaseEvent> events_until(WsClient& c, std::int64_t sub_id, v1::Action last) {
  std::vector<v1::CaseEvent> out;
  for (;;) {
    auto push = c.next_event();
    REQUIRE(push);
    CHECK(push->subscription_id() == sub_id);
    out.push_back(push->event());
    if (push->event().action() == last) return out;
  }
}

}  // namespace

TEST_CASE("over a socket a late case turns yellow, then red and goes up a level, each change pushed "
          "once and in order") {
  ManualClock clock(kStart);
  LiveServer s({}, &clock);
  make_user(*s.engine, "community_sup", Role::kSupervisor, s.org.community);

  auto watcher = s.client("supervisor");  // the sub-district's supervisor
  auto sub = watcher->call(frames::subscribe(0));
  REQUIRE(sub.has_subscribed());
  const auto sub_id = sub.subscribed().subscription_id();
  auto community = s.client("community_sup");
  auto csub = community->call(frames::subscribe(0, s.org.community));
  REQUIRE(csub.has_subscribed());
  const auto csub_id = csub.subscribed().subscription_id();

  // Rubbish, accepted at once: 4 working hours to settle, 10:00-12:00 and 13:30-15:30; yellow
  // at 75%, 14:30.
  auto worker = s.client("grid_a");
  const auto created = ok_case(worker->call(frames::create_case("c1", s.org.grid_a)));
  const auto id = created.id();
  const auto accepted = ok_case(worker->call(frames::accept("a1", id)));
  const TimeMs deadline = kStart + 5 * kHour + 30 * kMinute;
  CHECK(resolve_clock(accepted).run() == v1::CLOCK_RUN_RUNNING);
  CHECK(resolve_clock(accepted).deadline() == deadline);
  CHECK(resolve_clock(accepted).warn_at() == kStart + 4 * kHour + 30 * kMinute);
  CHECK(resolve_clock(accepted).colour() == v1::COLOUR_GREEN);

  // Nothing is due before 14:30.
  clock.set(kStart + 4 * kHour);
  auto next = s.engine->deadlines().run_due(clock.now());
  REQUIRE(next.is_ok());
  CHECK(*next == kStart + 4 * kHour + 30 * kMinute);

  // 14:45: past 75%. A second round at the same time records nothing more.
  clock.set(kStart + 4 * kHour + 45 * kMinute);
  next = s.engine->deadlines().run_due(clock.now());
  REQUIRE(next.is_ok());
  CHECK(*next == deadline);
  REQUIRE(s.engine->deadlines().run_due(clock.now()).is_ok());
  auto read = worker->call(frames::get_case(id));
  REQUIRE(read.has_case_detail());
  CHECK(resolve_clock(read.case_detail().case_()).colour() == v1::COLOUR_YELLOW);
  CHECK(resolve_clock(read.case_detail().case_()).remaining_ms() == 45 * kMinute);
  CHECK(read.case_detail().case_().colour() == v1::COLOUR_YELLOW);

  // 15:45: past the deadline: expired, then escalated to the community, whose clock starts
  // afresh from 15:30. Again a second round changes nothing.
  clock.set(kStart + 5 * kHour + 45 * kMinute);
  REQUIRE(s.engine->deadlines().run_due(clock.now()).is_ok());
  REQUIRE(s.engine->deadlines().run_due(clock.now()).is_ok());
  read = worker->call(frames::get_case(id));
  REQUIRE(read.has_case_detail());
  const auto& escalated = read.case_detail().case_();
  CHECK(escalated.level() == v1::LEVEL_COMMUNITY);
  CHECK(escalated.handling_unit_id() == s.org.community);
  CHECK(resolve_clock(escalated).started_at() == deadline);
  CHECK(resolve_clock(escalated).colour() == v1::COLOUR_GREEN);
  CHECK(resolve_clock(escalated).remaining_ms() == 4 * kHour - 15 * kMinute);

  // A marker: anything pushed twice would come before it.
  auto sup = s.client("supervisor");
  ok_case(sup->call(comment("m1", id)));

  const std::vector<v1::Action> expected = {v1::ACTION_CREATE,        v1::ACTION_ACCEPT,
                                            v1::ACTION_CLOCK_WARNING, v1::ACTION_CLOCK_EXPIRED,
                                            v1::ACTION_ESCALATE,      v1::ACTION_COMMENT};
  struct Watch {
    WsClient* client;
    std::int64_t sub_id;
    const char* who;
  };
  for (const Watch& w : {Watch{watcher.get(), sub_id, "sub-district"},
                         Watch{community.get(), csub_id, "community"}}) {
    INFO(w.who << " subscriber");
    const auto events = events_until(*w.client, w.sub_id, v1::ACTION_COMMENT);
    REQUIRE(events.size() == expected.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      INFO("event " << i);
      CHECK(events[i].case_id() == id);
      CHECK(events[i].action() == expected[i]);
      if (i > 0) CHECK(events[i].seq() == events[i - 1].seq() + 1);
    }
    const auto& warning = events[2];
    CHECK(warning.details().at("clock") == "RESOLVE");
    CHECK(warning.actor_user_id() == 0);
    CHECK(warning.at() == kStart + 4 * kHour + 45 * kMinute);
    const auto& expired = events[3];
    CHECK(expired.details().at("clock") == "RESOLVE");
    CHECK(expired.details().at("deadline") == std::to_string(deadline));
    const auto& escalation = events[4];
    CHECK(escalation.details().at("escalation_reason") == "DEADLINE");
    CHECK(escalation.from_level() == v1::LEVEL_GRID);
    CHECK(escalation.to_level() == v1::LEVEL_COMMUNITY);
    CHECK(escalation.handling_unit_id() == s.org.community);
    CHECK(escalation.actor_user_id() == 0);
  }
}
