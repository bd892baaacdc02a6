#include "gridcase/deadline_runner.hpp"

#include <chrono>

#include "gridcase/log.hpp"

namespace gridcase {

namespace {
// Even with nothing due, look again now and then: a clock set by hand, or a calendar change
// made by another process on the same database, is noticed within this time.
constexpr TimeMs kMaxSleep = 60 * 1000;
constexpr TimeMs kRetryAfterError = 5 * 1000;
}  // namespace

DeadlineRunner::DeadlineRunner(Engine& engine, const Clock& clock, DeadlineRunnerOptions options)
    : engine_(engine), clock_(clock), options_(options) {
  engine_.deadlines().set_due_listener([this](TimeMs at) { wake_for(at); });
}

DeadlineRunner::~DeadlineRunner() {
  stop();
  engine_.deadlines().set_due_listener(nullptr);
}

void DeadlineRunner::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void DeadlineRunner::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void DeadlineRunner::request_stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
}

std::uint64_t DeadlineRunner::rounds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rounds_;
}

std::uint64_t DeadlineRunner::followed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return followed_;
}

void DeadlineRunner::poke() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void DeadlineRunner::wake_for(TimeMs at) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Between rounds the plan is known: skip pokes it covers. During a round the plan is being
    // remade from a read that may predate this commit, so always ask for another round.
    if (!in_round_ && wake_at_ != 0 && wake_at_ <= at) return;
    wake_at_ = at;
    poked_ = true;
  }
  cv_.notify_all();
}

void DeadlineRunner::loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    if (!engine_.repository().lead_deadline_work()) {
      // Another server leads: ask again later (pokes are its business meanwhile).
      std::unique_lock<std::mutex> lock(mu_);
      ++followed_;
      poked_ = false;
      wake_at_ = 0;
      cv_.wait_for(lock, std::chrono::milliseconds(options_.follower_retry), [this] { return stopping_; });
      if (stopping_) return;
      continue;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      poked_ = false;  // a poke from here on, even during the round, triggers another round
      in_round_ = true;
    }
    auto next = engine_.deadlines().run_due(clock_.now(), options_.max_cases);
    std::unique_lock<std::mutex> lock(mu_);
    in_round_ = false;
    ++rounds_;
    TimeMs sleep_ms = kMaxSleep;
    if (!next) {
      log::warn("deadline round failed; retrying", {{"error", next.status().to_string()}});
      sleep_ms = kRetryAfterError;
      wake_at_ = 0;
    } else {
      wake_at_ = *next;
      if (*next != 0) sleep_ms = std::min(kMaxSleep, std::max<TimeMs>(0, *next - clock_.now()));
    }
    cv_.wait_for(lock, std::chrono::milliseconds(sleep_ms), [this] { return stopping_ || poked_; });
    if (stopping_) return;
  }
}

}  // namespace gridcase
