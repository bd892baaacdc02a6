#include "write_queue.hpp"

#include <exception>
#include <utility>

#include "gridcase/log.hpp"

namespace gridcase::storage {

void finish(PendingWrite& w, Status status) {
  if (!w.done) return;
  try {
    w.done(std::move(status));
  } catch (const std::exception& e) {
    log::error("write callback threw", {{"error", e.what()}});
  } catch (...) {
    log::error("write callback threw", {});
  }
}

void WriteQueue::push(PendingWrite w) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closing_) {
      queue_.push_back(std::move(w));
      cv_.notify_one();
      return;
    }
  }
  finish(w, Status(reason::REPOSITORY_CLOSED, "the repository is closed"));
}

bool WriteQueue::take(std::vector<PendingWrite>& batch, std::size_t most) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
  if (queue_.empty()) return false;  // closing, and every queued write is done
  while (!queue_.empty() && batch.size() < most) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
}

void WriteQueue::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
}

}  // namespace gridcase::storage
