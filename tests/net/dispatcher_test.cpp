// The dispatcher over the in-memory repository: every call without a socket.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <optional>

#include "fake_crypto.hpp"
#include "frames.hpp"
#include "gridcase/memory_repository.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/event_stream.hpp"
#include "gridcase/net/metrics.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "org_fixture.hpp"

using namespace gridcase;
using namespace gridcase::net;
using namespace gridcase::testing;

namespace {

constexpr TimeMs kStart = 1773626400000LL;  // 2026-03-16 10:00 Asia/Shanghai

// Collects live batches; the test hands them to the stream, as a strand would.
struct QueuedSubscriber final : Subscriber {
  void deliver(std::vector<EventDelivery> batch) override {
    std::lock_guard<std::mutex> lock(mu);
    pending.push_back(std::move(batch));
  }
  std::mutex mu;
  std::vector<std::vector<EventDelivery>> pending;
};

struct Harness {
  MemoryRepository repo;
  FakeCrypto crypto;
  ManualClock clock{kStart};
  SubscriptionHub hub;
  Engine engine{repo, crypto, clock, &hub};
  Metrics metrics;
  Dispatcher dispatcher{engine, &metrics};
  Org org;

  Harness() {
    REQUIRE(engine.load().is_ok());
    hub.attach(&engine);
    org = build_org(engine);
  }
};

struct TestSession {
  explicit TestSession(Harness& harness, int page_size = 2)
      : h(harness),
        events(h.engine, h.hub,
               [this](OutFrame f) {
                 v1::ServerFrame frame;
                 REQUIRE(frame.ParseFromString(f.head + (f.body ? *f.body : std::string())));
                 sent.push_back(frame);
               },
               page_size) {
    events.bind(subscriber);
    ctx.events = &events;
  }

  v1::Reply call(v1::ClientFrame f) {
    f.set_call_id(next_call++);
    std::optional<v1::Reply> later;
    auto now = h.dispatcher.dispatch(ctx, f, [&](v1::Reply r) { later = std::move(r); });
    if (now) {
      CHECK_FALSE(later);
      return *now;
    }
    REQUIRE(later);  // the in-memory store commits inline
    return *later;
  }

  v1::Reply login_as(const std::string& username) {
    auto r = call(frames::login(username, password_of(username)));
    INFO(r.error().reason());
    REQUIRE_FALSE(r.has_error());
    return r;
  }

  // Hands the live batches over, as the connection's strand would.
  void deliver_live() {
    std::vector<std::vector<EventDelivery>> batches;
    {
      std::lock_guard<std::mutex> lock(subscriber->mu);
      batches.swap(subscriber->pending);
    }
    for (const auto& b : batches) events.on_live(b);
  }

  std::vector<Seq> pushed_seqs() const {
    std::vector<Seq> out;
    for (const auto& f : sent) {
      if (f.has_event()) out.push_back(f.event().event().seq());
    }
    return out;
  }

  Harness& h;
  std::shared_ptr<QueuedSubscriber> subscriber = std::make_shared<QueuedSubscriber>();
  std::vector<v1::ServerFrame> sent;
  EventStream events;
  SessionContext ctx;
  std::uint64_t next_call = 1;
};

std::int64_t create_in(TestSession& s, UnitId unit, const std::string& rid) {
  auto r = s.call(frames::create_case(rid, unit));
  INFO(r.error().reason() << " " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_().id();
}

}  // namespace

TEST_CASE("calls other than login and resume need a logged-in session") {
  Harness h;
  TestSession s(h);
  for (auto frame : {frames::create_case("r1", h.org.grid_a), frames::get_case(1),
                     frames::subscribe(0)}) {
    auto r = s.call(frame);
    REQUIRE(r.has_error());
    CHECK(r.error().code() == 16);
    CHECK(r.error().reason() == "LOGIN_REQUIRED");
    CHECK(r.call_id() == s.next_call - 1);
  }
}

TEST_CASE("a wrong password is refused and the session stays anonymous") {
  Harness h;
  TestSession s(h);
  auto r = s.call(frames::login("grid_a", "wrong"));
  REQUIRE(r.has_error());
  CHECK(r.error().code() == 16);
  CHECK(r.error().reason() == "BAD_CREDENTIALS");
  CHECK_FALSE(s.ctx.user);
}

TEST_CASE("a logged-in session reads as its user and logout makes it anonymous again") {
  Harness h;
  TestSession s(h);
  auto login = s.login_as("grid_a");
  CHECK_FALSE(login.login().token().empty());
  CHECK(login.login().user().role() == v1::ROLE_GRID_WORKER);
  CHECK(login.login().user().scope_unit_id() == h.org.grid_a);

  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  auto t = s.call(tree);
  REQUIRE(t.has_org_tree());
  REQUIRE(t.org_tree().units_size() >= 1);
  CHECK(t.org_tree().units(0).id() == h.org.grid_a);

  v1::ClientFrame logout;
  logout.mutable_logout();
  CHECK(s.call(logout).has_logout());
  CHECK(s.call(tree).error().reason() == "LOGIN_REQUIRED");

  // The token is dead everywhere.
  TestSession other(h);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(login.login().token());
  CHECK(other.call(resume).error().code() == 16);
}

TEST_CASE("resume with a token from another connection logs the session in") {
  Harness h;
  TestSession first(h);
  auto login = first.login_as("supervisor");
  TestSession second(h);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(login.login().token());
  auto r = second.call(resume);
  REQUIRE(r.has_login());
  CHECK(r.login().user().username() == "supervisor");
  REQUIRE(second.ctx.user);
  CHECK(second.ctx.user->id == h.org.supervisor);
}

TEST_CASE("a frame without a request answers INVALID_ARGUMENT UNKNOWN_REQUEST") {
  Harness h;
  TestSession s(h);
  auto r = s.call(v1::ClientFrame{});
  REQUIRE(r.has_error());
  CHECK(r.error().code() == 3);
  CHECK(r.error().reason() == "UNKNOWN_REQUEST");

  auto m = h.dispatcher.malformed_frame();
  CHECK(m.call_id() == 0);
  CHECK(m.error().code() == 3);
  CHECK(m.error().reason() == "MALFORMED_FRAME");
}

TEST_CASE("mutations answer with the case and its events and a move not allowed lists the allowed ones") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  auto created = worker.call(frames::create_case("c1", h.org.grid_a));
  REQUIRE(created.has_case_result());
  const auto& c = created.case_result().case_();
  CHECK(c.state() == v1::CASE_STATE_REPORTED);
  CHECK(c.number().rfind("XC-", 0) == 0);
  CHECK(c.parties(0).phone() == "138****1234");  // masked for a grid worker
  REQUIRE(created.case_result().events_size() == 1);
  CHECK(created.case_result().events(0).action() == v1::ACTION_CREATE);

  // A resend is a replay, not a second case.
  auto again = worker.call(frames::create_case("c1", h.org.grid_a));
  REQUIRE(again.has_case_result());
  CHECK(again.case_result().replayed());
  CHECK(again.case_result().case_().id() == c.id());

  TestSession sup(h);
  sup.login_as("supervisor");
  auto closed = sup.call(frames::close("x1", c.id()));
  REQUIRE(closed.has_error());
  CHECK(closed.error().code() == 9);
  CHECK(closed.error().reason() == "TRANSITION_NOT_ALLOWED");
  std::vector<int> allowed(closed.error().allowed_actions().begin(),
                           closed.error().allowed_actions().end());
  CHECK(std::find(allowed.begin(), allowed.end(), v1::ACTION_ACCEPT) != allowed.end());
  CHECK(std::find(allowed.begin(), allowed.end(), v1::ACTION_CLOSE) == allowed.end());

  auto accepted = sup.call(frames::accept("x2", c.id()));
  REQUIRE(accepted.has_case_result());
  CHECK(accepted.case_result().case_().state() == v1::CASE_STATE_ACCEPTED);

  auto bad_enum = frames::create_case("c2", h.org.grid_a);
  bad_enum.mutable_create_case()->set_kind(static_cast<v1::CaseKind>(99));
  CHECK(worker.call(bad_enum).error().reason() == "UNKNOWN_ENUM_VALUE");
}

TEST_CASE("a grid worker cannot see another grid's cases") {
  Harness h;
  TestSession b(h);
  b.login_as("grid_b");
  const auto id = create_in(b, h.org.grid_b, "b1");
  TestSession a(h);
  a.login_as("grid_a");
  auto r = a.call(frames::get_case(id));
  REQUIRE(r.has_error());
  CHECK(r.error().code() == 5);
  CHECK(b.call(frames::get_case(id)).has_case_detail());
}

TEST_CASE("a subscription replays from from_seq, then goes live with each event once and in order") {
  Harness h;
  TestSession sup(h);
  sup.login_as("supervisor");
  for (int i = 0; i < 5; ++i) create_in(sup, h.org.grid_a, "pre" + std::to_string(i));
  // Seqs 1..5 exist. Subscribe from 2: four to replay, in pages of two.
  TestSession watcher(h, /*page_size=*/2);
  watcher.login_as("supervisor");
  auto sub = watcher.call(frames::subscribe(2));
  REQUIRE(sub.has_subscribed());
  CHECK(sub.subscribed().next_seq() == 6);
  CHECK(watcher.events.replaying());

  CHECK(watcher.events.pump(1));
  CHECK(watcher.pushed_seqs() == std::vector<Seq>{2});
  // Events committed during the replay reach the stream live too.
  create_in(sup, h.org.grid_a, "during1");
  watcher.deliver_live();
  CHECK(watcher.events.pump(2));
  create_in(sup, h.org.grid_a, "during2");
  watcher.deliver_live();
  while (watcher.events.pump(2)) watcher.deliver_live();
  watcher.deliver_live();
  // Live from here on.
  create_in(sup, h.org.grid_b, "after");
  watcher.deliver_live();

  CHECK(watcher.pushed_seqs() == std::vector<Seq>{2, 3, 4, 5, 6, 7, 8});
  for (const auto& f : watcher.sent) {
    if (f.has_event()) CHECK(f.event().subscription_id() == sub.subscribed().subscription_id());
  }
}

TEST_CASE("a subscription filters by unit and kind, and stops at unsubscribe") {
  Harness h;
  TestSession sup(h);
  sup.login_as("supervisor");
  TestSession watcher(h);
  watcher.login_as("supervisor");
  auto only_b = frames::subscribe(0, h.org.grid_b);
  auto sub = watcher.call(only_b);
  REQUIRE(sub.has_subscribed());
  CHECK_FALSE(watcher.events.replaying());

  create_in(sup, h.org.grid_a, "a1");
  create_in(sup, h.org.grid_b, "b1");
  watcher.deliver_live();
  CHECK(watcher.pushed_seqs() == std::vector<Seq>{2});

  auto disputes = frames::subscribe(0);
  disputes.mutable_subscribe()->add_kinds(v1::CASE_KIND_DISPUTE);
  REQUIRE(watcher.call(disputes).has_subscribed());
  create_in(sup, h.org.grid_b, "b2");  // an incident: only the unit subscription wants it
  watcher.deliver_live();
  CHECK(watcher.pushed_seqs() == std::vector<Seq>{2, 3});

  v1::ClientFrame unsub;
  unsub.mutable_unsubscribe()->set_subscription_id(sub.subscribed().subscription_id());
  CHECK(watcher.call(unsub).has_unsubscribed());
  CHECK(watcher.call(unsub).error().code() == 5);
  create_in(sup, h.org.grid_b, "b3");
  watcher.deliver_live();
  CHECK(watcher.pushed_seqs() == std::vector<Seq>{2, 3});

  // A grid worker cannot subscribe to a unit outside their grid.
  TestSession worker(h);
  worker.login_as("grid_a");
  CHECK(worker.call(frames::subscribe(0, h.org.grid_b)).error().code() == 5);
}

TEST_CASE("calls are counted by name and status code") {
  Harness h;
  TestSession s(h);
  s.call(frames::get_case(1));
  s.login_as("grid_a");
  const std::string text = h.metrics.render(&h.engine);
  CHECK(text.find("gridcase_calls_total{call=\"get_case\",code=\"UNAUTHENTICATED\"} 1") !=
        std::string::npos);
  CHECK(text.find("gridcase_calls_total{call=\"login\",code=\"OK\"} 1") != std::string::npos);
  CHECK(text.find("gridcase_call_duration_seconds_count{call=\"login\"} 1") != std::string::npos);
}
