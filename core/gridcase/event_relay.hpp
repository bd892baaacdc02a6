// The one ordered path by which a server publishes committed events when several servers write
// to one database (PostgreSQL). Two paths feed it: the engine, with this server's own commits
// (the relay is the engine's EventSink), and the store's event feed, with every server's events
// read back from the events table. The downstream sink (the subscription hub) receives each
// event once, in seq order, with no gap: an event is passed on only when it is the next after
// the last one passed on. An older seq was already published by the other path and is dropped;
// a newer one than the next (another server committed in between, and the feed has not read
// it yet) is dropped too, and the gap listener is told, so that the feed reads the store now
// and publishes the missing events and these in order.
//
// Relies on the store's seqs being gapless and in commit order, and on events being published
// only after their commit (EventSink).
//
// Thread safety: every method may be called from any thread. Calls of publish() are serialized:
// the downstream sink is never called concurrently with itself. Neither the downstream sink nor
// the gap listener may call back into the relay.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/event_sink.hpp"

namespace gridcase {

class EventRelay final : public EventSink {
 public:
  // `downstream` must outlive the relay. `published`: the last seq already published (events
  // up to it are never passed on), normally the store's last seq when the server starts.
  EventRelay(EventSink& downstream, Seq published) : downstream_(downstream), published_(published) {}
  EventRelay(const EventRelay&) = delete;
  EventRelay& operator=(const EventRelay&) = delete;

  // Called (outside the relay's lock) when publish() met a gap. Set it before the first publish.
  void set_gap_listener(std::function<void()> listener) { gap_listener_ = std::move(listener); }

  // Passes on, in one call of the downstream sink, the events of `events` (in seq order) that
  // continue from published(); stops at the first gap.
  void publish(const std::vector<Event>& events) override;

  // The last seq passed on.
  Seq published() const;
  // How many times publish() met a gap. For tests and metrics.
  std::uint64_t gaps() const;

 private:
  EventSink& downstream_;
  std::function<void()> gap_listener_;
  mutable std::mutex mu_;
  Seq published_;
  std::uint64_t gaps_ = 0;
};

}  // namespace gridcase
