// The subscription hub: the EventSink the engine publishes committed events to, and the
// registry of every live subscription of every connection.
//
// Each published event is encoded once into an immutable buffer that all the subscriptions
// receiving it share (see OutFrame). The hub does not write to sockets: it hands each
// subscriber a batch and the subscriber posts it onto its own strand.
//
// Thread safety: every method may be called from any thread. publish() is called one call at a
// time, in seq order: on SQLite by the engine on the store's writer thread; on PostgreSQL by the
// EventRelay (event_relay.hpp), on the writer thread for this server's own commits or on the
// event feed's thread for every server's (pg_event_feed.hpp). It never calls a subscriber while
// holding its lock, so a subscriber may add or remove subscriptions from deliver().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/event_sink.hpp"
#include "gridcase/user.hpp"
#include "gridcase/visibility.hpp"

namespace gridcase::net {

// What one subscription wants: events the user may see, within `unit_id`'s subtree (0: the
// user's whole scope), of the listed kinds (empty: every kind).
struct SubscriptionFilter {
  User user;
  UnitId unit_id = 0;
  std::vector<CaseKind> kinds;

  bool wants_kind(CaseKind kind) const;
};

// One event for one subscription. `event_bytes` is the encoded gridcase.v1.CaseEvent, shared.
// Or, with seq 0 and `frame_bytes` set, a whole encoded ServerFrame to send as it is (an early
// warning's WarningPush): not part of the event sequence.
struct EventDelivery {
  std::int64_t subscription_id = 0;
  Seq seq = 0;
  std::shared_ptr<const std::string> event_bytes;
  std::shared_ptr<const std::string> frame_bytes;
};

// A connection that holds subscriptions.
class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Receives, in seq order, the events of one publish() that match this subscriber's
  // subscriptions. Runs on the publishing thread (the store's writer, or the event feed's):
  // must only hand the batch over (post it) and return. Batches of successive publish() calls
  // come one after the other, so posting them keeps them in seq order.
  virtual void deliver(std::vector<EventDelivery> batch) = 0;
};

class SubscriptionHub final : public EventSink {
 public:
  // `visibility` decides who may see each event; it must outlive the hub.
  explicit SubscriptionHub(const EventVisibility& visibility) : visibility_(visibility) {}
  SubscriptionHub(const SubscriptionHub&) = delete;
  SubscriptionHub& operator=(const SubscriptionHub&) = delete;

  // Registers a subscription and returns its id (> 0, unique in this hub). The hub keeps only
  // a weak reference to the subscriber.
  std::int64_t add(std::weak_ptr<Subscriber> subscriber, SubscriptionFilter filter);
  // Removes a subscription; unknown ids are ignored.
  void remove(std::int64_t id);
  std::size_t size() const;

  // True when `filter` wants `event`.
  bool matches(const SubscriptionFilter& filter, const Event& event) const;

  // EventSink: hands every matching event to its subscribers.
  void publish(const std::vector<Event>& events) override;
  // EventSink: pushes each warning once to every connection with a subscription whose user is
  // told of it (EventVisibility::warning_visible), kinds aside.
  void publish_warnings(const std::vector<Warning>& warnings) override;

  // The encoding shared by all recipients of `event`.
  static std::shared_ptr<const std::string> encode(const Event& event);

 private:
  struct Entry {
    std::weak_ptr<Subscriber> subscriber;
    std::shared_ptr<const SubscriptionFilter> filter;
  };

  const EventVisibility& visibility_;
  mutable std::mutex mu_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, Entry> subscriptions_;
};

}  // namespace gridcase::net
