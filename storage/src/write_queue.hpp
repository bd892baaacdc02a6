// The queue of a store's writes, shared by the SQLite and PostgreSQL stores: callers push from
// any thread, the store's one writer thread takes them in order, in batches, and after close()
// finishes what was queued before it stops.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"

namespace gridcase::storage {

struct PendingWrite {
  std::function<Status(WriteView&)> fn;
  std::function<void(Status)> done;
};

// Calls w.done with `status`; a callback that throws is logged, never let through.
void finish(PendingWrite& w, Status status);

class WriteQueue {
 public:
  // Queues `w`; once closed, answers it at once REPOSITORY_CLOSED instead.
  void push(PendingWrite w);
  // Waits for writes and moves up to `most` of them into `batch` (empty on entry), oldest
  // first. False once closed with nothing left: the writer stops.
  bool take(std::vector<PendingWrite>& batch, std::size_t most);
  // Lets take() drain what is queued, then answer false. Idempotent.
  void close();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<PendingWrite> queue_;
  bool closing_ = false;
};

}  // namespace gridcase::storage
