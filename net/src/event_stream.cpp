#include "gridcase/net/event_stream.hpp"

#include <algorithm>

#include "gridcase/access.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/convert.hpp"

namespace gridcase::net {

EventStream::EventStream(Engine& engine, SubscriptionHub& hub, Emit emit, int page_size)
    : engine_(engine), hub_(hub), emit_(std::move(emit)), page_size_(std::max(1, page_size)) {}

EventStream::~EventStream() { unsubscribe_all(); }

Result<v1::SubscribeResponse> EventStream::subscribe(const User& user,
                                                     const v1::SubscribeRequest& req) {
  if (!role_may(user.role, Permission::kSubscribe)) {
    return Status(reason::PERMISSION_DENIED, "this role may not subscribe to events");
  }
  if (req.from_seq() < 0) return Status(reason::INVALID_FROM_SEQ, "from_seq must be >= 0");
  SubscriptionFilter filter;
  filter.user = user;
  filter.user.password_hash.clear();
  for (int k : req.kinds()) {
    auto kind = case_kind_from_proto(k, "kinds");
    if (!kind) return kind.status();
    if (*kind != CaseKind::kUnspecified) filter.kinds.push_back(*kind);
  }
  if (req.unit_id() != 0) {
    OrgTreePtr tree = engine_.tree();
    // Outside the caller's scope reads as missing, as cases do.
    if (!tree || tree->find(req.unit_id()) == nullptr ||
        !tree->in_subtree(user.scope_unit_id, req.unit_id())) {
      return Status(reason::UNIT_NOT_FOUND, "no unit " + std::to_string(req.unit_id()));
    }
    filter.unit_id = req.unit_id();
  }

  Sub sub;
  sub.filter = filter;
  // Register first: from here on every newly published event reaches on_live().
  const std::int64_t id = hub_.add(subscriber_, std::move(filter));
  auto last = engine_.queries().last_seq();
  if (!last) {
    hub_.remove(id);
    return last.status();
  }
  const Seq next_seq = *last + 1;
  if (req.from_seq() > 0) {
    sub.replaying = true;
    sub.cursor = req.from_seq();
    sub.last_sent = req.from_seq() - 1;
  } else {
    sub.last_sent = next_seq - 1;  // only events not yet committed
  }
  subs_.emplace(id, std::move(sub));

  v1::SubscribeResponse out;
  out.set_subscription_id(id);
  out.set_next_seq(next_seq);
  return out;
}

bool EventStream::unsubscribe(std::int64_t id) {
  if (subs_.erase(id) == 0) return false;
  hub_.remove(id);
  return true;
}

void EventStream::unsubscribe_all() {
  for (const auto& [id, sub] : subs_) hub_.remove(id);
  subs_.clear();
}

void EventStream::on_live(const std::vector<EventDelivery>& batch) {
  for (const EventDelivery& d : batch) {
    auto it = subs_.find(d.subscription_id);
    if (it == subs_.end()) continue;  // unsubscribed meanwhile
    Sub& sub = it->second;
    if (d.frame_bytes) {
      emit_(OutFrame{{}, d.frame_bytes});  // a warning: live only, never replayed
      continue;
    }
    // A replaying subscription will read this event from the store (see the header).
    if (sub.replaying || d.seq <= sub.last_sent) continue;
    sub.last_sent = d.seq;
    emit_(event_frame(d.subscription_id, d.event_bytes));
  }
}

bool EventStream::pump(std::size_t budget) {
  for (auto it = subs_.begin(); it != subs_.end() && budget > 0;) {
    Sub& sub = it->second;
    const std::int64_t id = it->first;
    bool drop = false;
    while (sub.replaying && budget > 0) {
      const int limit = static_cast<int>(std::min<std::size_t>(budget, page_size_));
      auto page = engine_.queries().events_since(sub.cursor, limit);
      if (!page) {
        // Without the stored events the subscription cannot keep its promise of no gaps.
        log::warn("subscription replay failed",
                  {{"subscription", std::to_string(id)}, {"error", page.status().to_string()}});
        drop = true;
        break;
      }
      for (const Event& e : *page) {
        sub.cursor = std::max(sub.cursor, e.seq + 1);
        if (e.seq <= sub.last_sent) continue;
        sub.last_sent = e.seq;
        if (!hub_.matches(sub.filter, e)) continue;
        emit_(event_frame(id, SubscriptionHub::encode(e)));
        --budget;
      }
      if (static_cast<int>(page->size()) < limit) sub.replaying = false;  // caught up: live now
    }
    if (drop) {
      hub_.remove(id);
      it = subs_.erase(it);
    } else {
      ++it;
    }
  }
  return replaying();
}

bool EventStream::replaying() const {
  return std::any_of(subs_.begin(), subs_.end(),
                     [](const auto& entry) { return entry.second.replaying; });
}

}  // namespace gridcase::net
