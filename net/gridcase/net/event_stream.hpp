// The subscriptions of one connection: replay from the store, then live events from the hub,
// with no event missed or sent twice across the switch.
//
// How the switch works. A subscription is registered with the hub before the store is read, so
// every event is either already committed when the replay reads the store or published (and
// delivered to this stream) after registration. While replaying, live deliveries are ignored:
// the replay reads pages until the store has nothing newer, and that last read and the switch
// to live happen in one step on the connection's strand, so any event committed after it
// reaches the stream as a live delivery afterwards. Seqs already sent are skipped either way.
//
// Replays are paced: the connection calls pump() with the room left in its send queue, so a
// long backlog never overflows the queue.
//
// Not thread-safe: use from the connection's strand only (live batches must be posted there).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "gridcase/engine.hpp"
#include "gridcase/net/out_frame.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/status.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

class EventStream {
 public:
  using Emit = std::function<void(OutFrame)>;

  // `emit` sends a frame to the client. `engine` and `hub` must outlive the stream.
  EventStream(Engine& engine, SubscriptionHub& hub, Emit emit, int page_size = 256);
  // Removes every subscription from the hub.
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // The subscriber the hub hands live events to (the connection). Set before subscribe().
  void bind(std::weak_ptr<Subscriber> subscriber) { subscriber_ = std::move(subscriber); }

  // Starts a subscription for `user`. INVALID_ARGUMENT for a negative from_seq or an unknown
  // kind; NOT_FOUND "UNIT_NOT_FOUND" for a unit that does not exist or lies outside the
  // user's scope; PERMISSION_DENIED when the role may not subscribe. With from_seq > 0 the
  // stream starts replaying: call pump().
  Result<::gridcase::v1::SubscribeResponse> subscribe(const User& user,
                                                      const ::gridcase::v1::SubscribeRequest& req);
  // False when `id` is not one of this stream's subscriptions.
  bool unsubscribe(std::int64_t id);
  void unsubscribe_all();
  std::size_t size() const { return subs_.size(); }

  // Live events from the hub, on the strand.
  void on_live(const std::vector<EventDelivery>& batch);

  // Replays stored events, emitting at most `budget` frames. Returns true while some
  // subscription is still replaying.
  bool pump(std::size_t budget);
  bool replaying() const;

 private:
  struct Sub {
    SubscriptionFilter filter;
    Seq cursor = 0;     // replay: next seq to read
    Seq last_sent = 0;  // highest seq handled (sent or filtered out)
    bool replaying = false;
  };

  Engine& engine_;
  SubscriptionHub& hub_;
  Emit emit_;
  int page_size_;
  std::weak_ptr<Subscriber> subscriber_;
  std::map<std::int64_t, Sub> subs_;
};

}  // namespace gridcase::net
