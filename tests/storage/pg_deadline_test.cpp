// Deadlines with several servers on one PostgreSQL database: one server leads the deadline
// rounds, another takes over when the leader's database session ends, and each due clock
// escalates its case exactly once whichever servers run rounds, even two at once.
//
// Each "server" is an engine over a PgRepository of its own, with a manual clock of its own,
// on one database of the test run's cluster.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "fake_crypto.hpp"
#include "gridcase/deadline_runner.hpp"
#include "gridcase/engine.hpp"
#include "make_unit.hpp"
#include "storage_fixtures.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

// 2025-09-26 14:00 Asia/Shanghai: a 12345 order received then has RESOLVE due (5 working days,
// National Day in between) at the end of 10 October, when it escalates to the community.
constexpr TimeMs kReceived = 1758866400000LL;
// 2025-10-11 00:00 Asia/Shanghai: every order's RESOLVE clock has just run out; the community's
// fresh clock is due a week later.
constexpr TimeMs kAllDue = 1760112000000LL;
constexpr int kCases = 100;

bool is_deadline_escalation(const Event& e) {
  auto why = e.details.find("escalation_reason");
  return e.action == Action::kEscalate && why != e.details.end() && why->second == "DEADLINE";
}

// Counts the DEADLINE escalations its engine publishes; optionally holds the writer that
// publishes the `hold_at`th until released (so that a test can act while that server is
// half way through its work).
class EscalationSink final : public EventSink {
 public:
  void publish(const std::vector<Event>& events) override {
    std::unique_lock<std::mutex> lock(mu_);
    for (const auto& e : events) {
      if (!is_deadline_escalation(e)) continue;
      ++count_;
      if (hold_at_ != 0 && count_ == hold_at_) {
        held_ = true;
        cv_.notify_all();
        cv_.wait(lock, [this] { return released_; });
      }
    }
  }
  int count() {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
  }
  void hold_at(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    hold_at_ = n;
  }
  bool wait_held(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return held_; });
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
  int hold_at_ = 0;
  bool held_ = false;
  bool released_ = false;
};

struct Server {
  Server(const std::string& conninfo, TimeMs now) : repo(open_pg(conninfo)), clock(now) {}
  std::unique_ptr<storage::PgRepository> repo;
  FakeCrypto crypto;
  ManualClock clock;
  EscalationSink sink;
  Engine engine{*repo, crypto, clock, &sink};
};

// An org tree and kCases 12345 orders in one grid, received at kReceived, made through `a`.
void make_due_orders(Server& a) {
  REQUIRE(a.engine.load().is_ok());
  const UnitId district = make_unit(a.engine, 0, UnitType::kDistrict, "D1", "示范区");
  const UnitId sub = make_unit(a.engine, district, UnitType::kSubDistrict, "SD1", "新城街道", "XC");
  const UnitId community = make_unit(a.engine, sub, UnitType::kCommunity, "C1", "河畔社区");
  const UnitId grid = make_unit(a.engine, community, UnitType::kGrid, "G1", "河畔第一网格");
  for (int i = 0; i < kCases; ++i) {
    NewCase nc;
    nc.request_id = "order-" + std::to_string(i);
    nc.kind = CaseKind::kHotline;
    nc.category_code = "HOT.URBAN.NOISE";
    nc.channel = Channel::kHotline;
    nc.title = "夜间施工噪音扰民";
    nc.description = "工地夜间施工，噪音扰民";
    nc.location.unit_id = grid;
    nc.location.address = "河畔路" + std::to_string(i + 1) + "号";
    CaseParty p;
    p.name = "张三";
    p.phone = "13812341234";
    p.role = PartyRole::kReporter;
    nc.parties.push_back(p);
    auto r = a.engine.commands().create_case_sync(kSystemActor, nc);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
  }
}

// DEADLINE escalations stored, by case.
std::map<CaseId, int> stored_escalations(Repository& repo) {
  std::map<CaseId, int> out;
  auto events = read_ok<std::vector<Event>>(repo, [](ReadView& v) { return v.events_since(1, 1000000); });
  for (const auto& e : events) {
    if (is_deadline_escalation(e)) ++out[e.case_id];
  }
  return out;
}

int total(const std::map<CaseId, int>& by_case) {
  int n = 0;
  for (const auto& [id, count] : by_case) n += count;
  return n;
}

// Waits (generously: the machine may be busy) until `done` holds.
template <typename Done>
bool eventually(Done done, std::chrono::seconds timeout = std::chrono::seconds(90)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

// Ends the database session holding the deadline leader's lock (its server died, or the database
// ended it), on this test's database only.
void end_leader_session(const PgDatabase& db) {
  db.run("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 "
         "AND objid = 1196573772 AND granted "
         "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
}

// Two servers on one database and the 100 due orders, made through a: a leads the deadline
// rounds (it asked first), b follows, retrying every 100 ms; a's clock is still before the
// deadlines, b's after them.
struct TwoRunners {
  TwoRunners() {
    a.emplace(db.conninfo(), kReceived);
    make_due_orders(*a);
    b.emplace(db.conninfo(), kAllDue);
    REQUIRE(b->engine.load().is_ok());
    DeadlineRunnerOptions options;
    options.follower_retry = 100;
    options.max_cases = 10;
    runner_a.emplace(a->engine, a->clock, options);
    runner_b.emplace(b->engine, b->clock, options);
    runner_a->start();
    REQUIRE(eventually([&] { return runner_a->rounds() > 0; }));
    runner_b->start();
    REQUIRE(eventually([&] { return runner_b->followed() > 0; }));
  }
  PgDatabase db;
  std::optional<Server> a, b;
  std::optional<DeadlineRunner> runner_a, runner_b;  // stopped before the servers go
};

void require_each_escalated_once(Repository& repo) {
  auto by_case = stored_escalations(repo);
  CHECK(by_case.size() == static_cast<std::size_t>(kCases));
  CHECK(total(by_case) == kCases);
  for (const auto& [id, count] : by_case) {
    INFO("case " << id);
    CHECK(count == 1);
  }
}

}  // namespace

TEST_CASE("PostgreSQL: one server on a database leads the deadline work, and another takes over when its session ends",
          "[pg]") {
  PgDatabase db;
  auto a = open_pg(db.conninfo());
  auto b = open_pg(db.conninfo());
  CHECK(a->lead_deadline_work());
  CHECK(!b->lead_deadline_work());
  CHECK(a->lead_deadline_work());  // still, and asking again costs no second lock
  CHECK(!b->lead_deadline_work());
  // The leader's session ends (its server died, or the database ended it).
  end_leader_session(db);
  // The server ends the session a moment later; b takes the lock then.
  CHECK(eventually([&] { return b->lead_deadline_work(); }));
  CHECK(!a->lead_deadline_work());  // a notices, and the lock is b's now
  CHECK(!a->lead_deadline_work());
  b->close();  // a closed store gives the lead up
  CHECK(a->lead_deadline_work());
}

TEST_CASE("PostgreSQL: two servers, 100 due cases, a manual clock: exactly 100 escalations, by the leader alone",
          "[pg]") {
  TwoRunners two;
  Server& a = *two.a;
  Server& b = *two.b;
  DeadlineRunner& runner_a = *two.runner_a;
  DeadlineRunner& runner_b = *two.runner_b;
  a.clock.set(kAllDue);
  runner_a.poke();
  runner_b.poke();
  REQUIRE(eventually([&] { return total(stored_escalations(*a.repo)) >= kCases; }));
  // Give b every chance to do what it should not: several more of its retries.
  const auto followed = runner_b.followed();
  REQUIRE(eventually([&] { return runner_b.followed() >= followed + 3; }));
  runner_a.stop();
  runner_b.stop();
  require_each_escalated_once(*a.repo);
  CHECK(a.sink.count() == kCases);
  CHECK(b.sink.count() == 0);
  CHECK(runner_b.rounds() == 0);
}

TEST_CASE("PostgreSQL: two servers, 100 due cases, the leader killed half way: the other takes over, exactly 100",
          "[pg]") {
  TwoRunners two;
  PgDatabase& db = two.db;
  Server& a = *two.a;
  Server& b = *two.b;
  DeadlineRunner& runner_a = *two.runner_a;
  DeadlineRunner& runner_b = *two.runner_b;

  // a is stopped when its 50th escalation is durable: its server dies there, and its
  // database session with it.
  a.sink.hold_at(kCases / 2);
  struct ReleaseOnExit {
    EscalationSink& sink;
    ~ReleaseOnExit() { sink.release(); }  // a failing check must not leave a's writer held
  } release_on_exit{a.sink};
  a.clock.set(kAllDue);
  runner_a.poke();
  REQUIRE(a.sink.wait_held(std::chrono::seconds(90)));
  runner_a.request_stop();
  end_leader_session(db);
  a.sink.release();  // what a had queued still commits (or not): either way, once
  runner_a.stop();
  const int by_a = a.sink.count();
  CHECK(by_a >= kCases / 2);
  CHECK(by_a < kCases);

  REQUIRE(eventually([&] { return total(stored_escalations(*a.repo)) >= kCases; }));
  runner_b.stop();
  require_each_escalated_once(*a.repo);
  CHECK(b.sink.count() == kCases - by_a);
  CHECK(runner_b.rounds() > 0);
}

TEST_CASE("PostgreSQL: two servers running deadline rounds at once escalate each due case exactly once", "[pg]") {
  // Without the lead (a server whose session ended but still runs its round, say): the write
  // re-reads each case under the writers' lock and records only what is still due.
  PgDatabase db;
  Server a(db.conninfo(), kReceived);
  make_due_orders(a);
  Server b(db.conninfo(), kAllDue);
  REQUIRE(b.engine.load().is_ok());
  a.clock.set(kAllDue);
  Status from_a, from_b;
  std::thread ta([&] {
    auto r = a.engine.deadlines().run_due(kAllDue, kCases);
    from_a = r.status();
  });
  std::thread tb([&] {
    auto r = b.engine.deadlines().run_due(kAllDue, kCases);
    from_b = r.status();
  });
  ta.join();
  tb.join();
  INFO(from_a.to_string() << " / " << from_b.to_string());
  REQUIRE(from_a.is_ok());
  REQUIRE(from_b.is_ok());
  require_each_escalated_once(*a.repo);
  CHECK(a.sink.count() + b.sink.count() == kCases);
}
