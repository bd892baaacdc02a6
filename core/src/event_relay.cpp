#include "gridcase/event_relay.hpp"

namespace gridcase {

void EventRelay::publish(const std::vector<Event>& events) {
  bool gap = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::size_t begin = 0;
    while (begin < events.size() && events[begin].seq <= published_) ++begin;  // the other path was first
    std::size_t end = begin;
    Seq last = published_;
    while (end < events.size() && events[end].seq == last + 1) last = events[end++].seq;
    if (end < events.size()) {
      gap = true;
      ++gaps_;
    }
    // Under the lock: the downstream sees one publish at a time, in seq order.
    if (end > begin) {
      published_ = last;
      if (begin == 0 && end == events.size()) {
        downstream_.publish(events);
      } else {
        downstream_.publish(std::vector<Event>(events.begin() + static_cast<std::ptrdiff_t>(begin),
                                               events.begin() + static_cast<std::ptrdiff_t>(end)));
      }
    }
  }
  if (gap && gap_listener_) gap_listener_();
}

Seq EventRelay::published() const {
  std::lock_guard<std::mutex> lock(mu_);
  return published_;
}

std::uint64_t EventRelay::gaps() const {
  std::lock_guard<std::mutex> lock(mu_);
  return gaps_;
}

}  // namespace gridcase
