// Blocking on the engine's asynchronous calls, for its *_sync variants. Internal to the core.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace gridcase {

// Calls start(callback) and blocks until the callback has been given a `R`, which it returns.
// The callback may run on any thread, before or after start returns.
template <typename R, typename Start>
R wait_for(Start start) {
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<R> result;
  };
  auto w = std::make_shared<Waiter>();
  start([w](R r) {
    std::lock_guard<std::mutex> lock(w->mu);
    w->result.emplace(std::move(r));
    w->cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(w->mu);
  w->cv.wait(lock, [&] { return w->result.has_value(); });
  return std::move(*w->result);
}

}  // namespace gridcase
