#include "gridcase/repository.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace gridcase {

Status Repository::write_sync(std::function<Status(WriteView&)> fn) {
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Status status;
  };
  auto waiter = std::make_shared<Waiter>();
  write(std::move(fn), [waiter](Status s) {
    std::lock_guard<std::mutex> lock(waiter->mu);
    waiter->status = std::move(s);
    waiter->done = true;
    waiter->cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(waiter->mu);
  waiter->cv.wait(lock, [&] { return waiter->done; });
  return waiter->status;
}

Result<StoreGenerations> Repository::generations() {
  StoreGenerations out;
  Status s = read([&](ReadView& view) {
    auto g = view.generations();
    if (!g) return g.status();
    out = *g;
    return Status{};
  });
  if (!s) return s;
  return out;
}

}  // namespace gridcase
