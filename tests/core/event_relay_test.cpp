// The relay that publishes every server's events through one ordered path (event_relay.hpp):
// whatever arrives from the engine (this server's commits) and from the store's feed (every
// server's), the downstream sink gets each seq once, in order, with no gap.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "gridcase/event_relay.hpp"

using namespace gridcase;

namespace {

// Records what reaches it, and whether two publishes ever overlapped.
struct RecordingSink : EventSink {
  std::mutex mu;
  std::vector<Seq> seqs;
  std::vector<std::size_t> batch_sizes;
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  void publish(const std::vector<Event>& events) override {
    if (inside.fetch_add(1) != 0) overlapped = true;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (const Event& e : events) seqs.push_back(e.seq);
      batch_sizes.push_back(events.size());
    }
    inside.fetch_sub(1);
  }
};

std::vector<Event> events(Seq first, Seq last) {
  std::vector<Event> out;
  for (Seq s = first; s <= last; ++s) {
    Event e;
    e.seq = s;
    out.push_back(e);
  }
  return out;
}

std::vector<Seq> range(Seq first, Seq last) {
  std::vector<Seq> out;
  for (Seq s = first; s <= last; ++s) out.push_back(s);
  return out;
}

}  // namespace

TEST_CASE("the relay passes on events that continue from the last published seq, at once") {
  RecordingSink sink;
  EventRelay relay(sink, 10);
  int gaps = 0;
  relay.set_gap_listener([&] { ++gaps; });
  relay.publish(events(11, 12));
  relay.publish(events(13, 13));
  CHECK(sink.seqs == range(11, 13));
  CHECK(sink.batch_sizes == std::vector<std::size_t>{2, 1});
  CHECK(relay.published() == 13);
  CHECK(gaps == 0);
}

TEST_CASE("the relay drops what the other path already published, and passes on the rest") {
  RecordingSink sink;
  EventRelay relay(sink, 0);
  relay.publish(events(1, 5));  // the feed read 1..5
  relay.publish(events(4, 7));  // this server's own commit of 4..7 arrives late
  relay.publish(events(1, 3));
  CHECK(sink.seqs == range(1, 7));
  CHECK(relay.gaps() == 0);
}

TEST_CASE("a commit of this server's after another server's unread one waits for the feed") {
  RecordingSink sink;
  EventRelay relay(sink, 4);
  int gaps = 0;
  relay.set_gap_listener([&] { ++gaps; });
  // Another server committed 5 and 6; the feed has not read them yet; this server commits 7.
  relay.publish(events(7, 8));
  CHECK(sink.seqs.empty());
  CHECK(gaps == 1);
  CHECK(relay.published() == 4);
  // Woken, the feed reads everything after 4.
  relay.publish(events(5, 8));
  CHECK(sink.seqs == range(5, 8));
  // A batch that continues and then skips is passed on up to the gap.
  relay.publish(events(9, 9));
  std::vector<Event> broken = events(10, 11);
  broken.push_back(events(13, 13).front());
  relay.publish(broken);
  CHECK(sink.seqs == range(5, 11));
  CHECK(gaps == 2);
}

// A writer thread publishes this server's commits (every third batch of the sequence) while a
// feed thread keeps reading "the store" from published() + 1: the downstream sees 1..N once,
// in order, one publish at a time.
TEST_CASE("two threads publishing overlapping events through the relay give each seq once, in order") {
  RecordingSink sink;
  EventRelay relay(sink, 0);
  constexpr Seq kLast = 30000;
  std::atomic<Seq> committed{0};  // what "the store" holds
  std::atomic<bool> woken{false};
  relay.set_gap_listener([&] { woken = true; });
  std::thread writer([&] {
    for (Seq s = 1; s <= kLast; s += 3) {
      const Seq last = std::min(kLast, s + 2);
      committed = last;
      if ((s / 3) % 3 == 0) relay.publish(events(s, last));  // this server's own commit
    }
  });
  std::thread feed([&] {
    while (relay.published() < kLast) {
      const Seq from = relay.published() + 1;
      const Seq to = std::min<Seq>(committed.load(), from + 99);
      if (to >= from) relay.publish(events(from, to));
      woken = false;
    }
  });
  writer.join();
  feed.join();
  CHECK_FALSE(sink.overlapped.load());
  REQUIRE(sink.seqs.size() == static_cast<std::size_t>(kLast));
  CHECK(sink.seqs == range(1, kLast));
}
