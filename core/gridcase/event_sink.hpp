// Where committed events go: the net layer's subscription hub implements this.
#pragma once

#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/warning.hpp"

namespace gridcase {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Called after the events' transaction is durable, in seq order, never concurrently with
  // itself. Must be quick: it runs on the store's writer thread.
  virtual void publish(const std::vector<Event>& events) = 0;
  // Called after the write that raised them is durable, after its events: early warnings
  // (warning.hpp) to push to the supervisors of their units. The same rules as publish().
  virtual void publish_warnings(const std::vector<Warning>& /*warnings*/) {}
};

}  // namespace gridcase
