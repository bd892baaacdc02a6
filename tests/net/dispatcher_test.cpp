// The dispatcher over the in-memory repository: every call without a socket.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

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
  std::shared_ptr<Configuration> config = std::make_shared<Configuration>();
  ScopeVisibility visibility{repo, *config};
  SubscriptionHub hub{visibility};
  Engine engine{repo, crypto, clock, &hub, {}, config};
  Metrics metrics;
  Dispatcher dispatcher{engine, &metrics};
  Org org;

  Harness() {
    REQUIRE(engine.load().is_ok());
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

  // Hands the live batches over, as the connection's strand would: the session is checked
  // first.
  void deliver_live() {
    if (auto ended = h.dispatcher.check_session(ctx)) sent.push_back(*ended);
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
  CHECK(r.login().token() == login.login().token());
  CHECK(r.login().expires_at() == login.login().expires_at());
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

namespace {

constexpr TimeMs kMinute = 60 * 1000;
constexpr TimeMs kHour = 60 * kMinute;

v1::Case ok_case(const v1::Reply& r) {
  INFO(r.error().reason() << " " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_();
}

const v1::CaseClock& clock_of(const v1::Case& c, v1::ClockKind kind) {
  for (const auto& k : c.clocks()) {
    if (k.kind() == kind) return k;
  }
  FAIL("the case has no " << v1::ClockKind_Name(kind) << " clock");
  throw std::logic_error("unreachable");
}

v1::GetBoardResponse board_of(TestSession& s, std::int64_t unit = 0, int limit = 0) {
  auto r = s.call(frames::get_board(unit, limit));
  INFO(r.error().reason() << " " << r.error().message());
  REQUIRE(r.has_board());
  return r.board();
}

std::vector<std::int64_t> case_ids(const v1::GetBoardResponse& b) {
  std::vector<std::int64_t> out;
  for (const auto& c : b.cases()) out.push_back(c.id());
  return out;
}

v1::ClientFrame rubbish_policy(std::int64_t id, std::int64_t resolve_hours) {
  v1::ClientFrame f;
  auto* p = f.mutable_set_policy()->mutable_policy();
  p->set_id(id);
  p->set_kind(v1::CASE_KIND_INCIDENT);
  p->set_category_code("INC.ENV.RUBBISH");
  p->set_basis("城市管理：暴露垃圾从严");
  auto* k = p->add_clocks();
  k->set_kind(v1::CLOCK_KIND_RESOLVE);
  k->set_amount(resolve_hours);
  k->set_unit(v1::BUDGET_UNIT_WORKING_HOURS);
  k->set_starts_on(v1::ACTION_ACCEPT);
  k->set_stops_on(v1::ACTION_RESOLVE);
  k->set_on_expiry(v1::EXPIRY_ACTION_ESCALATE);
  return f;
}

}  // namespace

TEST_CASE("a case's clocks are on the wire with their colour and remaining time as of now") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  // Monday 10:00. Rubbish: respond within 1 working hour, settle within 4 after acceptance.
  const auto created = ok_case(worker.call(frames::create_case("c1", h.org.grid_a)));
  CHECK(created.policy_id() == 8);
  CHECK(created.policy_version() == 1);
  REQUIRE(created.clocks_size() == 2);
  const auto& response = clock_of(created, v1::CLOCK_KIND_RESPONSE);
  CHECK(response.run() == v1::CLOCK_RUN_RUNNING);
  CHECK(response.unit() == v1::BUDGET_UNIT_WORKING_HOURS);
  CHECK(response.budget_ms() == kHour);
  CHECK(response.remaining_ms() == kHour);
  CHECK(response.colour() == v1::COLOUR_GREEN);
  CHECK(response.started_at() == kStart);
  CHECK(response.deadline() == kStart + kHour);
  CHECK(response.warn_at() == kStart + 45 * kMinute);
  CHECK(clock_of(created, v1::CLOCK_KIND_RESOLVE).run() == v1::CLOCK_RUN_PENDING);
  CHECK(created.colour() == v1::COLOUR_GREEN);

  // 10:50: no scheduler has run, yet a read shows the response clock yellow.
  h.clock.advance(50 * kMinute);
  auto read = worker.call(frames::get_case(created.id()));
  REQUIRE(read.has_case_detail());
  const auto& c = read.case_detail().case_();
  CHECK(clock_of(c, v1::CLOCK_KIND_RESPONSE).colour() == v1::COLOUR_YELLOW);
  CHECK(clock_of(c, v1::CLOCK_KIND_RESPONSE).remaining_ms() == 10 * kMinute);
  CHECK(c.colour() == v1::COLOUR_YELLOW);

  // Accepting stops the response clock and starts the resolve clock: 10:50 + 4 working hours
  // is 16:20 (the lunch break is not counted).
  const auto accepted = ok_case(worker.call(frames::accept("a1", created.id())));
  CHECK(clock_of(accepted, v1::CLOCK_KIND_RESPONSE).run() == v1::CLOCK_RUN_STOPPED);
  const auto& resolve = clock_of(accepted, v1::CLOCK_KIND_RESOLVE);
  CHECK(resolve.run() == v1::CLOCK_RUN_RUNNING);
  CHECK(resolve.deadline() == kStart + 6 * kHour + 20 * kMinute);
  CHECK(resolve.remaining_ms() == 4 * kHour);
  CHECK(accepted.colour() == v1::COLOUR_GREEN);

  // The list shows the same clocks.
  h.clock.advance(kHour);
  v1::ClientFrame list;
  list.mutable_list_cases();
  auto listed = worker.call(list);
  REQUIRE(listed.has_cases());
  REQUIRE(listed.cases().cases_size() == 1);
  CHECK(clock_of(listed.cases().cases(0), v1::CLOCK_KIND_RESOLVE).remaining_ms() == 3 * kHour);
}

TEST_CASE("an extension is requested by the worker and decided by a supervisor") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  TestSession sup(h);
  sup.login_as("supervisor");
  const auto id = create_in(worker, h.org.grid_a, "c1");
  ok_case(worker.call(frames::accept("a1", id)));  // 10:00: settle by 15:30
  h.clock.advance(kHour);

  auto asked = worker.call(frames::request_extension("x1", id, 2));
  const auto c = ok_case(asked);
  CHECK(c.extension_clock() == v1::CLOCK_KIND_RESOLVE);
  CHECK(c.extension_ms() == 2 * kHour);
  CHECK(c.extension_requested_by() == h.org.worker_a);
  REQUIRE(asked.case_result().events_size() == 1);
  const auto& e = asked.case_result().events(0);
  CHECK(e.action() == v1::ACTION_REQUEST_EXTENSION);
  CHECK(e.details().at("clock") == "RESOLVE");
  CHECK(e.details().at("amount") == "2");
  CHECK(e.details().at("unit") == "WORKING_HOURS");
  CHECK(e.reason() == "等待环卫车辆");

  // One request at a time; the worker may not decide it.
  CHECK(worker.call(frames::request_extension("x2", id, 1)).error().reason() == "EXTENSION_PENDING");
  CHECK(worker.call(frames::decide_extension("d0", id, true)).error().code() == 7);

  auto decided = sup.call(frames::decide_extension("d1", id, true));
  const auto after = ok_case(decided);
  CHECK(after.extension_clock() == v1::CLOCK_KIND_UNSPECIFIED);
  CHECK(after.extension_ms() == 0);
  CHECK(after.extension_requested_by() == 0);
  const auto& k = clock_of(after, v1::CLOCK_KIND_RESOLVE);
  CHECK(k.budget_ms() == 6 * kHour);
  CHECK(k.extensions() == 1);
  CHECK(k.remaining_ms() == 5 * kHour);
  // 15:30 + 2 working hours: the end of Monday's afternoon window.
  CHECK(k.deadline() == kStart + 7 * kHour + 30 * kMinute);
  REQUIRE(decided.case_result().events_size() == 1);
  CHECK(decided.case_result().events(0).action() == v1::ACTION_DECIDE_EXTENSION);
  CHECK(decided.case_result().events(0).details().at("approved") == "true");

  auto again = sup.call(frames::decide_extension("d2", id, false));
  CHECK(again.error().code() == 9);
  CHECK(again.error().reason() == "NO_PENDING_EXTENSION");

  // A denial leaves the budget as it was.
  ok_case(worker.call(frames::request_extension("x3", id, 1)));
  const auto denied = ok_case(sup.call(frames::decide_extension("d3", id, false)));
  CHECK(clock_of(denied, v1::CLOCK_KIND_RESOLVE).budget_ms() == 6 * kHour);
  CHECK(denied.extension_clock() == v1::CLOCK_KIND_UNSPECIFIED);

  // The response clock stopped at acceptance: nothing to extend.
  auto stopped = worker.call(frames::request_extension("x4", id, 1, v1::CLOCK_KIND_RESPONSE));
  CHECK(stopped.error().reason() == "CLOCK_NOT_RUNNING");
  auto bad = frames::request_extension("x5", id, 1);
  bad.mutable_request_extension()->set_clock(static_cast<v1::ClockKind>(12));
  CHECK(worker.call(bad).error().reason() == "UNKNOWN_ENUM_VALUE");
}

TEST_CASE("the board lists what needs attention, most urgent first, within the caller's scope") {
  Harness h;
  TestSession sup(h);
  sup.login_as("supervisor");
  TestSession wa(h);
  wa.login_as("grid_a");
  TestSession wb(h);
  wb.login_as("grid_b");

  // A: accepted 10:00 in grid A (yellow 14:30, due 15:30). B: accepted 11:00 in grid B
  // (yellow 15:30, due 16:30).
  const auto a = create_in(wa, h.org.grid_a, "a");
  ok_case(wa.call(frames::accept("a-acc", a)));
  h.clock.advance(kHour);
  const auto b = create_in(wb, h.org.grid_b, "b");
  ok_case(wb.call(frames::accept("b-acc", b)));
  CHECK(board_of(sup).cases_size() == 0);

  h.clock.set(kStart + 4 * kHour + 45 * kMinute);  // 14:45
  REQUIRE(h.engine.deadlines().run_due(h.clock.now()).is_ok());
  auto board = board_of(sup);
  CHECK(case_ids(board) == std::vector<std::int64_t>{a});
  CHECK(board.cases(0).colour() == v1::COLOUR_YELLOW);
  CHECK(board.total().unit_id() == h.org.sub_district);
  CHECK(board.total().yellow() == 1);
  CHECK(board.total().red() == 0);
  CHECK(board.total().escalated() == 0);
  REQUIRE(board.children_size() == 1);
  CHECK(board.children(0).unit_id() == h.org.community);
  CHECK(board.children(0).yellow() == 1);
  // A grid worker's board covers their grid only.
  CHECK(case_ids(board_of(wa)) == std::vector<std::int64_t>{a});
  CHECK(board_of(wa).total().unit_id() == h.org.grid_a);
  const auto b_board = board_of(wb);
  CHECK(b_board.cases_size() == 0);
  CHECK(b_board.total().unit_id() == h.org.grid_b);
  CHECK(b_board.total().yellow() == 0);
  auto outside = wb.call(frames::get_board(h.org.grid_a));
  CHECK(outside.error().code() == 5);
  CHECK(outside.error().reason() == "UNIT_NOT_FOUND");

  // C: reported 14:45 in grid A and never accepted: its response clock runs out at 15:45.
  const auto c = create_in(wa, h.org.grid_a, "c");
  h.clock.set(kStart + 5 * kHour + 50 * kMinute);  // 15:50
  REQUIRE(h.engine.deadlines().run_due(h.clock.now()).is_ok());
  // C is red; B yellow; A ran out, went up to the community and starts afresh there.
  board = board_of(sup);
  CHECK(case_ids(board) == std::vector<std::int64_t>{c, b, a});
  CHECK(board.cases(0).colour() == v1::COLOUR_RED);
  CHECK(board.cases(1).colour() == v1::COLOUR_YELLOW);
  CHECK(board.cases(2).level() == v1::LEVEL_COMMUNITY);
  CHECK(board.cases(2).colour() == v1::COLOUR_GREEN);
  CHECK(board.total().red() == 1);
  CHECK(board.total().yellow() == 1);
  CHECK(board.total().escalated() == 1);
  CHECK(board.children(0).red() == 1);
  CHECK(board.children(0).escalated() == 1);
  CHECK(case_ids(board_of(sup, 0, 1)) == std::vector<std::int64_t>{c});
  // Grid B's worker sees B alone.
  CHECK(case_ids(board_of(wb)) == std::vector<std::int64_t>{b});
  CHECK(board_of(wb).total().yellow() == 1);
  CHECK(board_of(wb).total().red() == 0);
  CHECK(board_of(wb).total().escalated() == 0);
  const auto a_board = board_of(wa);
  CHECK(a_board.cases(0).id() == c);
  CHECK(a_board.total().yellow() == 0);

  CHECK(sup.call(frames::get_board(0, 501)).error().code() == 3);
}

TEST_CASE("deadline policies: anyone lists them, only an admin sets them") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  v1::ClientFrame list;
  list.mutable_list_policies();
  auto listed = worker.call(list);
  REQUIRE(listed.has_policies());
  CHECK(listed.policies().policies_size() == static_cast<int>(default_policies().size()));

  TestSession sup(h);
  sup.login_as("supervisor");
  auto refused = sup.call(rubbish_policy(8, 1));
  CHECK(refused.error().code() == 7);
  CHECK(refused.error().reason() == "ROLE_MAY_NOT");

  TestSession admin(h);
  admin.login_as("admin");
  auto set = admin.call(rubbish_policy(8, 1));
  INFO(set.error().reason() << " " << set.error().message());
  REQUIRE(set.has_policy());
  CHECK(set.policy().policy().id() == 8);
  CHECK(set.policy().policy().version() == 2);
  CHECK(set.policy().policy().clocks(0).warn_percent() == 75);

  listed = worker.call(list);
  bool found = false;
  for (const auto& p : listed.policies().policies()) {
    if (p.id() != 8) continue;
    found = true;
    CHECK(p.version() == 2);
    REQUIRE(p.clocks_size() == 1);
    CHECK(p.clocks(0).amount() == 1);
  }
  CHECK(found);

  // New cases follow the new version.
  const auto c = ok_case(worker.call(frames::create_case("c1", h.org.grid_a)));
  CHECK(c.policy_version() == 2);
  CHECK(c.clocks_size() == 1);

  auto added = admin.call(rubbish_policy(0, 3));
  REQUIRE(added.has_policy());
  CHECK(added.policy().policy().id() > 10);
  CHECK(added.policy().policy().version() == 1);
  auto bad = rubbish_policy(0, 0);
  CHECK(admin.call(bad).error().reason() == "BAD_POLICY");
}

TEST_CASE("the working calendar: anyone reads it, an admin adds a year, bad text is refused") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  v1::ClientFrame get;
  get.mutable_get_calendar();
  auto cal = worker.call(get);
  REQUIRE(cal.has_calendar());
  CHECK(std::vector<int>(cal.calendar().years().begin(), cal.calendar().years().end()) ==
        std::vector<int>{2024, 2025, 2026});
  CHECK(cal.calendar().provisional_clocks() == 0);

  TestSession admin(h);
  admin.login_as("admin");
  v1::ClientFrame bad;
  bad.mutable_set_calendar_year()->set_text("year 2027\nholiday 2027-13-01 不存在\n");
  auto refused = admin.call(bad);
  CHECK(refused.error().code() == 3);
  CHECK(refused.error().reason() == "BAD_CALENDAR");

  v1::ClientFrame good;
  good.mutable_set_calendar_year()->set_text("year 2027\nholiday 2027-01-01 元旦\n");
  TestSession sup(h);
  sup.login_as("supervisor");
  CHECK(sup.call(good).error().code() == 7);
  auto added = admin.call(good);
  REQUIRE(added.has_calendar());
  CHECK(std::vector<int>(added.calendar().years().begin(), added.calendar().years().end()) ==
        std::vector<int>{2024, 2025, 2026, 2027});
}

TEST_CASE("working days: what kind each day is, and when a limit counted from an instant ends") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  auto ask = [&](const std::string& from, const std::string& to, std::int64_t start, std::int64_t amount, v1::BudgetUnit unit) {
    v1::ClientFrame f;
    auto* q = f.mutable_working_time();
    q->set_from_date(from);
    q->set_to_date(to);
    q->set_start_at(start);
    q->set_amount(amount);
    q->set_unit(unit);
    return worker.call(f);
  };

  // Around the National Day holiday of 2026, with its 调休 Saturday.
  auto days = ask("2026-09-30", "2026-10-10", 0, 0, v1::BUDGET_UNIT_UNSPECIFIED);
  REQUIRE(days.has_working_time());
  const auto& d = days.working_time().days();
  REQUIRE(d.size() == 11);
  CHECK(d[0].date() == "2026-09-30");
  CHECK(d[0].kind() == v1::DAY_KIND_WORKDAY);
  CHECK(d[0].working());
  CHECK(d[1].kind() == v1::DAY_KIND_HOLIDAY);
  CHECK(d[1].name() == "国庆节");
  CHECK_FALSE(d[1].working());
  CHECK(d[8].date() == "2026-10-08");
  CHECK(d[8].working());
  CHECK(d[10].kind() == v1::DAY_KIND_ADJUSTED_WORKDAY);
  CHECK(d[10].name() == "国庆节调休");
  CHECK(d[10].working());
  CHECK_FALSE(d[10].provisional());
  CHECK(days.working_time().due_at() == 0);

  // 5 working days from Wednesday 2026-09-30 10:00 (+08:00): the day it starts is not counted,
  // the holiday is skipped and the 调休 Saturday counts: 10-08, 10-09, 10-10, 10-12, 10-13.
  const std::int64_t start = 1790733600000;  // 2026-09-30 10:00 +08:00
  auto due = ask("", "", start, 5, v1::BUDGET_UNIT_WORKING_DAYS);
  REQUIRE(due.has_working_time());
  CHECK(due.working_time().last_day() == "2026-10-13");
  CHECK(due.working_time().due_at() == 1791907200000);  // 2026-10-14 00:00 +08:00
  CHECK_FALSE(due.working_time().provisional());
  CHECK(due.working_time().days_size() == 0);
  // 8 working hours: 6 on the 30th (10:00-12:00, 13:30-17:30), 2 on 10-08 from 08:30.
  auto hours = ask("", "", start, 8, v1::BUDGET_UNIT_WORKING_HOURS);
  CHECK(hours.working_time().due_at() == 1791426600000);  // 2026-10-08 10:30 +08:00
  CHECK(hours.working_time().last_day() == "2026-10-08");

  // A year whose notice is not loaded is counted with weekends only, and says so.
  auto later = ask("2030-01-01", "", 0, 0, v1::BUDGET_UNIT_UNSPECIFIED);
  REQUIRE(later.working_time().days_size() == 1);
  CHECK(later.working_time().days(0).provisional());
  CHECK(later.working_time().days(0).kind() == v1::DAY_KIND_WORKDAY);

  // Bad questions get their reason and nothing else.
  CHECK(ask("2026-13-01", "", 0, 0, v1::BUDGET_UNIT_UNSPECIFIED).error().reason() == "BAD_DATE");
  CHECK(ask("2026-10-10", "2026-10-01", 0, 0, v1::BUDGET_UNIT_UNSPECIFIED).error().reason() == "BAD_DATE");
  CHECK(ask("2026-01-01", "2027-01-05", 0, 0, v1::BUDGET_UNIT_UNSPECIFIED).error().reason() == "BAD_DATE");
  CHECK(ask("", "", start, 5, v1::BUDGET_UNIT_UNSPECIFIED).error().reason() == "BAD_POLICY");
  CHECK(ask("", "", start, 100000, v1::BUDGET_UNIT_WORKING_DAYS).error().reason() == "BAD_POLICY");
  CHECK(ask("", "", -5, 5, v1::BUDGET_UNIT_WORKING_DAYS).error().reason() == "BAD_TIME");
  CHECK(ask("", "", start, 5, static_cast<v1::BudgetUnit>(9)).error().code() == 3);

  TestSession stranger(h);
  v1::ClientFrame f;
  f.mutable_working_time()->set_from_date("2026-10-01");
  CHECK(stranger.call(f).error().reason() == "LOGIN_REQUIRED");
}

TEST_CASE("the deadline calls are counted under their own names") {
  Harness h;
  TestSession s(h);
  s.login_as("supervisor");
  s.call(frames::get_board());
  s.call(frames::request_extension("x1", 999, 1));
  s.call(frames::decide_extension("d1", 999, true));
  v1::ClientFrame f;
  f.mutable_list_policies();
  s.call(f);
  f.mutable_get_calendar();
  s.call(f);
  const std::string text = h.metrics.render(&h.engine);
  for (const char* line : {"gridcase_calls_total{call=\"get_board\",code=\"OK\"} 1",
                           "gridcase_calls_total{call=\"request_extension\",code=\"NOT_FOUND\"} 1",
                           "gridcase_calls_total{call=\"decide_extension\",code=\"NOT_FOUND\"} 1",
                           "gridcase_calls_total{call=\"list_policies\",code=\"OK\"} 1",
                           "gridcase_calls_total{call=\"get_calendar\",code=\"OK\"} 1"}) {
    INFO(line);
    CHECK(text.find(line) != std::string::npos);
  }
}

// ---- Party reveal, audit log, password change, session revocation ----

namespace {

v1::ClientFrame reveal(std::int64_t case_id, int party_index, const std::string& reason) {
  v1::ClientFrame f;
  f.mutable_reveal_party()->set_case_id(case_id);
  f.mutable_reveal_party()->set_party_index(party_index);
  f.mutable_reveal_party()->set_reason(reason);
  return f;
}

v1::ClientFrame list_audit(v1::AuditKind kind = v1::AUDIT_KIND_UNSPECIFIED, int page_size = 0) {
  v1::ClientFrame f;
  f.mutable_list_audit()->set_kind(kind);
  f.mutable_list_audit()->set_page_size(page_size);
  return f;
}

v1::ClientFrame org_tree() {
  v1::ClientFrame f;
  f.mutable_get_org_tree();
  return f;
}

}  // namespace

TEST_CASE("party numbers come masked and a reveal with a reason answers the party unmasked") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  const auto id = create_in(worker, h.org.grid_a, "rv1");

  TestSession sup(h);
  sup.login_as("supervisor");
  auto detail = sup.call(frames::get_case(id));
  REQUIRE(detail.has_case_detail());
  REQUIRE(detail.case_detail().case_().parties_size() == 1);
  CHECK(detail.case_detail().case_().parties(0).phone() != "13812341234");

  auto shown = sup.call(reveal(id, 0, "回访核实"));
  INFO(shown.error().reason() << " " << shown.error().message());
  REQUIRE(shown.has_revealed());
  CHECK(shown.revealed().party().phone() == "13812341234");
  CHECK(shown.revealed().party().name() == "张三");

  // A party that does not exist is not found.
  CHECK(sup.call(reveal(id, 7, "回访核实")).error().code() == 5);
}

TEST_CASE("the audit log lists logins and reveals newest first, to admins, by kind") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  const auto id = create_in(worker, h.org.grid_a, "au1");
  TestSession sup(h);
  sup.login_as("supervisor");
  REQUIRE(sup.call(reveal(id, 0, "回访核实")).has_revealed());
  TestSession bad(h);
  CHECK(bad.call(frames::login("grid_b", "wrong")).error().reason() == "BAD_CREDENTIALS");

  TestSession admin(h);
  admin.login_as("admin");
  auto all = admin.call(list_audit());
  INFO(all.error().reason() << " " << all.error().message());
  REQUIRE(all.has_audit());
  REQUIRE(all.audit().entries_size() >= 4);
  for (int i = 1; i < all.audit().entries_size(); ++i) {
    CHECK(all.audit().entries(i - 1).id() > all.audit().entries(i).id());
  }
  CHECK(all.audit().entries(0).kind() == v1::AUDIT_KIND_LOGIN);  // the admin's own
  CHECK(all.audit().entries(0).actor_user_id() == h.org.admin);

  auto reveals = admin.call(list_audit(v1::AUDIT_KIND_REVEAL));
  REQUIRE(reveals.has_audit());
  REQUIRE(reveals.audit().entries_size() == 1);
  CHECK(reveals.audit().entries(0).actor_user_id() == h.org.supervisor);
  CHECK(reveals.audit().entries(0).case_id() == id);

  auto failed = admin.call(list_audit(v1::AUDIT_KIND_LOGIN_FAILED));
  REQUIRE(failed.has_audit());
  REQUIRE(failed.audit().entries_size() == 1);
  CHECK(failed.audit().entries(0).username() == "grid_b");

  // An unknown kind is refused by the mapping; a non-admin is refused by the engine.
  auto unknown = admin.call(list_audit(static_cast<v1::AuditKind>(99)));
  CHECK(unknown.error().reason() == "UNKNOWN_ENUM_VALUE");
  CHECK(sup.call(list_audit()).error().code() == 7);
}

TEST_CASE("the login address reaches the engine and shows in the audit log") {
  Harness h;
  TestSession s(h);
  s.ctx.address = "203.0.113.7";
  s.login_as("grid_a");
  TestSession admin(h);
  admin.login_as("admin");
  auto logins = admin.call(list_audit(v1::AUDIT_KIND_LOGIN));
  REQUIRE(logins.has_audit());
  bool seen = false;
  for (const auto& e : logins.audit().entries()) {
    if (e.actor_user_id() == h.org.worker_a) seen = e.address() == "203.0.113.7";
  }
  CHECK(seen);
}

TEST_CASE("repeated failed logins are throttled with RESOURCE_EXHAUSTED LOGIN_THROTTLED") {
  Harness h;
  TestSession s(h);
  std::string reason;
  for (int i = 0; i < 30 && reason != "LOGIN_THROTTLED"; ++i) {
    reason = s.call(frames::login("grid_a", "wrong")).error().reason();
  }
  CHECK(reason == "LOGIN_THROTTLED");
  auto r = s.call(frames::login("grid_a", password_of("grid_a")));
  CHECK(r.error().code() == 8);
}

TEST_CASE("change_password answers done and the new password logs in") {
  Harness h;
  TestSession s(h);
  s.login_as("grid_a");
  v1::ClientFrame f;
  f.mutable_change_password()->set_old_password(password_of("grid_a"));
  f.mutable_change_password()->set_new_password("a-much-better-pw");
  auto r = s.call(f);
  INFO(r.error().reason() << " " << r.error().message());
  CHECK(r.has_done());

  TestSession again(h);
  CHECK(again.call(frames::login("grid_a", password_of("grid_a"))).error().code() == 16);
  CHECK(again.call(frames::login("grid_a", "a-much-better-pw")).has_login());
}

TEST_CASE("revoke_sessions answers done and the revoked connection must log in again") {
  Harness h;
  TestSession victim(h);
  victim.login_as("grid_a");
  REQUIRE(victim.call(org_tree()).has_org_tree());

  TestSession admin(h);
  admin.login_as("admin");
  v1::ClientFrame f;
  f.mutable_revoke_sessions()->set_user_id(h.org.worker_a);
  auto r = admin.call(f);
  INFO(r.error().reason() << " " << r.error().message());
  CHECK(r.has_done());

  auto refused = victim.call(org_tree());
  CHECK(refused.error().code() == 16);
  CHECK_FALSE(victim.ctx.user);
  CHECK(victim.call(org_tree()).error().reason() == "LOGIN_REQUIRED");
  victim.login_as("grid_a");
  CHECK(victim.call(org_tree()).has_org_tree());

  // Not an admin: refused.
  v1::ClientFrame g;
  g.mutable_revoke_sessions()->set_user_id(h.org.admin);
  CHECK(victim.call(g).error().code() == 7);
}

namespace {

std::vector<std::string> ended_reasons(const TestSession& s) {
  std::vector<std::string> out;
  for (const auto& f : s.sent) {
    if (f.has_subscriptions_ended()) out.push_back(f.subscriptions_ended().error().reason());
  }
  return out;
}

}  // namespace

TEST_CASE("a subscriber whose session is revoked is told once and gets no further event") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  TestSession watcher(h);
  watcher.login_as("supervisor");
  REQUIRE(watcher.call(frames::subscribe(0)).has_subscribed());
  create_in(worker, h.org.grid_a, "before");
  watcher.deliver_live();
  CHECK(watcher.pushed_seqs().size() == 1);

  TestSession admin(h);
  admin.login_as("admin");
  v1::ClientFrame revoke;
  revoke.mutable_revoke_sessions()->set_user_id(h.org.supervisor);
  REQUIRE(admin.call(revoke).has_done());
  create_in(worker, h.org.grid_a, "after");
  watcher.deliver_live();
  watcher.deliver_live();

  CHECK(watcher.pushed_seqs().size() == 1);
  REQUIRE(ended_reasons(watcher) == std::vector<std::string>{"INVALID_TOKEN"});
  for (const auto& f : watcher.sent) {
    if (f.has_subscriptions_ended()) CHECK(f.subscriptions_ended().error().code() == 16);
  }
  CHECK_FALSE(watcher.ctx.user);
  CHECK(watcher.events.size() == 0);
  CHECK(watcher.call(org_tree()).error().reason() == "LOGIN_REQUIRED");
}

TEST_CASE("a subscription ends when its session expires, and a session without one ends quietly") {
  Harness h;
  TestSession watcher(h);
  watcher.login_as("supervisor");
  REQUIRE(watcher.call(frames::subscribe(0)).has_subscribed());
  TestSession idle(h);
  idle.login_as("grid_b");
  h.clock.advance(13LL * 3600 * 1000);
  watcher.deliver_live();
  idle.deliver_live();
  CHECK(ended_reasons(watcher) == std::vector<std::string>{"INVALID_TOKEN"});
  CHECK_FALSE(watcher.ctx.user);
  CHECK(ended_reasons(idle).empty());
  CHECK_FALSE(idle.ctx.user);
}

TEST_CASE("a subscriber whose scope changes keeps the session but must subscribe again") {
  Harness h;
  TestSession worker(h);
  worker.login_as("grid_a");
  TestSession watcher(h);
  watcher.login_as("supervisor");
  REQUIRE(watcher.call(frames::subscribe(0)).has_subscribed());

  // Narrowed to grid B: what happens in grid A is no longer theirs to see.
  UserUpdate narrow;
  narrow.user_id = h.org.supervisor;
  narrow.scope_unit_id = h.org.grid_b;
  REQUIRE(h.engine.admin().update_user_sync(h.org.admin, narrow).is_ok());
  create_in(worker, h.org.grid_a, "a1");
  watcher.deliver_live();
  CHECK(watcher.pushed_seqs().empty());
  CHECK(ended_reasons(watcher) == std::vector<std::string>{"ACCOUNT_CHANGED"});
  REQUIRE(watcher.ctx.user);
  CHECK(watcher.ctx.user->scope_unit_id == h.org.grid_b);

  // A display-name change ends nothing.
  REQUIRE(watcher.call(frames::subscribe(0)).has_subscribed());
  UserUpdate rename;
  rename.user_id = h.org.supervisor;
  rename.display_name = "新名字";
  REQUIRE(h.engine.admin().update_user_sync(h.org.admin, rename).is_ok());
  create_in(worker, h.org.grid_a, "a2");
  watcher.deliver_live();
  CHECK(ended_reasons(watcher).size() == 1);
  CHECK(watcher.events.size() == 1);
}

TEST_CASE("an expired session is refused on its next call and on resume") {
  Harness h;
  TestSession s(h);
  auto login = s.login_as("grid_a");
  h.clock.advance(13LL * 3600 * 1000);
  CHECK(s.call(org_tree()).error().code() == 16);
  TestSession other(h);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(login.login().token());
  CHECK(other.call(resume).error().code() == 16);
}

TEST_CASE("the complained-about unit goes in with a new case and comes back on it") {
  Harness h;
  TestSession s(h);
  s.login_as("clerk");
  auto f = frames::create_case("cu1", h.org.grid_a);
  f.mutable_create_case()->set_complained_unit_id(h.org.grid_b);
  auto r = s.call(f);
  INFO(r.error().reason() << " " << r.error().message());
  REQUIRE(r.has_case_result());
  CHECK(r.case_result().case_().complained_unit_id() == h.org.grid_b);
  auto d = s.call(frames::get_case(r.case_result().case_().id()));
  REQUIRE(d.has_case_detail());
  CHECK(d.case_detail().case_().complained_unit_id() == h.org.grid_b);
}
