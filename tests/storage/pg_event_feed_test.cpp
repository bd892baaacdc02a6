// The PostgreSQL event feed (pg_event_feed.hpp): a server hears, through one ordered relay, of
// the events every server on the database commits; a lost listener connection comes back and
// catches up without gap or duplicate. Each test runs on a database of its own on the test
// run's cluster; two repositories on it stand for two servers.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "gridcase/event_relay.hpp"
#include "gridcase/storage/pg_event_feed.hpp"
#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

// What the hub would receive.
struct RecordingSink : EventSink {
  mutable std::mutex mu;
  std::vector<Seq> seqs;
  void publish(const std::vector<Event>& events) override {
    std::lock_guard<std::mutex> lock(mu);
    for (const Event& e : events) seqs.push_back(e.seq);
  }
  std::vector<Seq> seen() const {
    std::lock_guard<std::mutex> lock(mu);
    return seqs;
  }
};

std::vector<Seq> range(Seq first, Seq last) {
  std::vector<Seq> out;
  for (Seq s = first; s <= last; ++s) out.push_back(s);
  return out;
}

// Waits (generously: the machine may be busy) until `done` holds; false if it never does.
template <class Pred>
bool eventually(Pred done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Appends `n` events to a new case through `repo`; when `relay` is given, publishes them to it
// after the commit, as the engine does with this server's own commits.
void write_events(Repository& repo, const std::string& number, int n, EventRelay* relay = nullptr) {
  auto appended = std::make_shared<std::vector<Event>>();
  std::promise<Status> done;
  repo.write(
      [&, appended](WriteView& w) -> Status {
        appended->clear();
        Case c = sample_case(number);
        auto id = w.insert_case(c);
        if (!id.is_ok()) return id.status();
        for (int k = 0; k < n; ++k) {
          Event e = sample_event(*id, c.number);
          e.case_version = k + 1;
          auto seq = w.append_event(e);
          if (!seq.is_ok()) return seq.status();
          appended->push_back(e);
        }
        return Status::ok();
      },
      [&, appended](Status s) {
        if (s.is_ok() && relay != nullptr) relay->publish(*appended);
        done.set_value(s);
      });
  Status s = done.get_future().get();
  if (!s.is_ok()) throw std::runtime_error("write failed: " + s.to_string());
}

}  // namespace

TEST_CASE("PostgreSQL: the event feed is woken by another server's commit and publishes its events in order",
          "[pg]") {
  PgDatabase database;
  auto a = open_pg(database.conninfo());
  auto b = open_pg(database.conninfo());
  write_events(*b, "XC-2026-000001", 2);  // before the feed starts: not published

  RecordingSink hub;
  EventRelay relay(hub, 2);
  storage::PgEventFeedOptions options;
  options.fallback_poll = std::chrono::hours(1);  // only a notification can wake it
  options.application_name = "gridcase-feed-test";
  storage::PgEventFeed feed(database.conninfo(), relay, options);
  relay.set_gap_listener([&] { feed.wake(); });
  feed.start();
  REQUIRE(eventually([&] { return feed.listening(); }));

  write_events(*b, "XC-2026-000002", 3);
  REQUIRE(eventually([&] { return hub.seen().size() >= 3; }));
  write_events(*b, "XC-2026-000003", 1);
  REQUIRE(eventually([&] { return hub.seen().size() >= 4; }));
  CHECK(hub.seen() == range(3, 6));
  CHECK(feed.connects() == 1);
  feed.stop();
  CHECK_FALSE(feed.listening());
}

TEST_CASE("PostgreSQL: the event feed reads the store on its fallback poll when no notification comes", "[pg]") {
  PgDatabase database;
  auto a = open_pg(database.conninfo());
  RecordingSink hub;
  EventRelay relay(hub, 0);
  storage::PgEventFeedOptions options;
  options.fallback_poll = std::chrono::milliseconds(100);
  storage::PgEventFeed feed(database.conninfo(), relay, options);
  feed.start();
  REQUIRE(eventually([&] { return feed.listening(); }));
  // An event committed without a notification (as if the wake were lost).
  database.run("UPDATE event_counter SET last = last + 1");
  database.run("INSERT INTO events(seq, case_id, actor_id, at, action, from_state, to_state, from_level, "
               "to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id) "
               "SELECT last, 1, 1, 0, 1, 0, 1, 0, 0, '', ''::bytea, 1, 1, 0, 0 FROM event_counter");
  REQUIRE(eventually([&] { return !hub.seen().empty(); }));
  CHECK(hub.seen() == std::vector<Seq>{1});
}

// Server A (repository a, relay, feed) publishes its own commits directly; server B writes
// too. Meanwhile A's listener connection is ended by pg_terminate_backend, again and again.
// The hub gets every seq once, in order, and the feed has reconnected each time.
TEST_CASE("PostgreSQL: the event feed's connection ended mid-stream reconnects and catches up without gap or "
          "duplicate",
          "[pg]") {
  PgDatabase database;
  auto a = open_pg(database.conninfo());
  auto b = open_pg(database.conninfo());
  RecordingSink hub;
  EventRelay relay(hub, 0);
  storage::PgEventFeedOptions options;
  options.application_name = "gridcase-feed-test-a";
  options.first_retry = std::chrono::milliseconds(20);
  storage::PgEventFeed feed(database.conninfo(), relay, options);
  relay.set_gap_listener([&] { feed.wake(); });
  feed.start();
  REQUIRE(eventually([&] { return feed.listening(); }));

  std::thread writer_b([&] {
    for (int i = 0; i < 150; ++i) write_events(*b, "XC-B-" + std::to_string(i), 1 + i % 3);
  });
  std::thread writer_a([&] {
    for (int i = 0; i < 100; ++i) write_events(*a, "XC-A-" + std::to_string(i), 1 + i % 2, &relay);
  });
  constexpr int kKills = 4;
  for (int k = 0; k < kKills; ++k) {
    const auto before = feed.connects();
    REQUIRE(eventually([&] { return feed.listening(); }));
    database.run("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                 "WHERE application_name = 'gridcase-feed-test-a' AND datname = current_database()");
    REQUIRE(eventually([&] { return feed.connects() > before; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let some writes land between kills
  }
  writer_a.join();
  writer_b.join();

  const Seq last = read_ok<Seq>(*a, [](ReadView& r) { return r.last_seq(); });
  CHECK(last == 150 * 2 + 100 * 3 / 2);  // 1,2,3,1,2,3... for B; 1,2,1,2... for A
  REQUIRE(eventually([&] { return relay.published() == last; }));
  CHECK(hub.seen() == range(1, last));
  CHECK(feed.connects() == 1 + kKills);
}

}  // namespace gridcase::testing
