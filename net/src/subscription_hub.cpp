#include "gridcase/net/subscription_hub.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "gridcase/net/convert.hpp"
#include "gridcase/net/warning_convert.hpp"

namespace gridcase::net {

bool SubscriptionFilter::wants_kind(CaseKind kind) const {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

std::int64_t SubscriptionHub::add(std::weak_ptr<Subscriber> subscriber, SubscriptionFilter filter) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::int64_t id = next_id_++;
  subscriptions_.emplace(
      id, Entry{std::move(subscriber), std::make_shared<const SubscriptionFilter>(std::move(filter))});
  return id;
}

void SubscriptionHub::remove(std::int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  subscriptions_.erase(id);
}

std::size_t SubscriptionHub::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subscriptions_.size();
}

bool SubscriptionHub::matches(const SubscriptionFilter& filter, const Event& event) const {
  return filter.wants_kind(event.case_kind) && visibility_.visible(filter.user, filter.unit_id, event);
}

void SubscriptionHub::publish_warnings(const std::vector<Warning>& warnings) {
  std::vector<std::pair<std::int64_t, Entry>> entries;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (subscriptions_.empty()) return;
    entries.assign(subscriptions_.begin(), subscriptions_.end());
  }
  std::unordered_map<Subscriber*, std::pair<std::shared_ptr<Subscriber>, std::vector<EventDelivery>>> batches;
  std::vector<Subscriber*> order;
  for (const Warning& warning : warnings) {
    std::set<Subscriber*> told;  // once per connection, whatever its subscriptions
    for (const auto& [id, entry] : entries) {
      const SubscriptionFilter& filter = *entry.filter;
      if (!visibility_.warning_visible(filter.user, filter.unit_id, warning)) continue;
      auto subscriber = entry.subscriber.lock();
      if (!subscriber || !told.insert(subscriber.get()).second) continue;
      v1::ServerFrame frame;
      frame.mutable_warning()->set_subscription_id(id);
      to_proto(warning, frame.mutable_warning()->mutable_warning());
      auto& slot = batches[subscriber.get()];
      if (!slot.first) {
        slot.first = subscriber;
        order.push_back(subscriber.get());
      }
      EventDelivery d;
      d.subscription_id = id;
      d.frame_bytes = std::make_shared<const std::string>(frame.SerializeAsString());
      slot.second.push_back(std::move(d));
    }
  }
  for (Subscriber* key : order) {
    auto& slot = batches[key];
    slot.first->deliver(std::move(slot.second));
  }
}

std::shared_ptr<const std::string> SubscriptionHub::encode(const Event& event) {
  v1::CaseEvent message;
  to_proto(event, &message);
  return std::make_shared<const std::string>(message.SerializeAsString());
}

void SubscriptionHub::publish(const std::vector<Event>& events) {
  // Work on a snapshot so that no subscriber runs under the lock.
  std::vector<std::pair<std::int64_t, Entry>> entries;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (subscriptions_.empty()) return;
    entries.assign(subscriptions_.begin(), subscriptions_.end());
  }

  std::unordered_map<Subscriber*, std::pair<std::shared_ptr<Subscriber>, std::vector<EventDelivery>>>
      batches;
  std::vector<Subscriber*> order;  // first-seen order, for a deterministic hand-over
  for (const Event& event : events) {
    std::shared_ptr<const std::string> bytes;  // encoded only if someone wants it
    for (const auto& [id, entry] : entries) {
      const SubscriptionFilter& filter = *entry.filter;
      if (!filter.wants_kind(event.case_kind)) continue;
      if (!visibility_.visible(filter.user, filter.unit_id, event)) continue;
      auto subscriber = entry.subscriber.lock();
      if (!subscriber) continue;
      if (!bytes) bytes = encode(event);
      auto& slot = batches[subscriber.get()];
      if (!slot.first) {
        slot.first = subscriber;
        order.push_back(subscriber.get());
      }
      slot.second.push_back(EventDelivery{id, event.seq, bytes, nullptr});
    }
  }
  for (Subscriber* key : order) {
    auto& slot = batches[key];
    slot.first->deliver(std::move(slot.second));
  }
}

}  // namespace gridcase::net
