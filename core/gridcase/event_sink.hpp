// Where committed events go: the net layer's subscription hub implements this.
#pragma once

#include <vector>

#include "gridcase/case.hpp"

namespace gridcase {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Called after the events' transaction is durable, in seq order, never concurrently with
  // itself. Must be quick: it runs on the store's writer thread.
  virtual void publish(const std::vector<Event>& events) = 0;
};

}  // namespace gridcase
