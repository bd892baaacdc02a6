// Time sources. The core never reads the system clock directly: it asks a Clock, so that tests
// can set the time.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace gridcase {

// Unix time in milliseconds, UTC. Every stored time is one of these.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now() const = 0;
};

// The real clock (std::chrono::system_clock). Thread-safe.
class SystemClock final : public Clock {
 public:
  TimeMs now() const override;
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs now() const override { return now_.load(); }
  void set(TimeMs t) { now_.store(t); }
  void advance(TimeMs delta) { now_.fetch_add(delta); }

 private:
  std::atomic<TimeMs> now_;
};

// Civil time in Asia/Shanghai (UTC+8, no daylight saving since 1991).
struct ShanghaiTime {
  int year, month, day, hour, minute, second;
};
ShanghaiTime to_shanghai(TimeMs t);
// "2026-11-28 16:05" in Asia/Shanghai.
std::string format_shanghai(TimeMs t);
// A deadline as people read it: a deadline at midnight is the end of the day before, its last
// day: "2027-01-05 当日" (en: "2027-01-05, end of day"); any other is format_shanghai's.
std::string format_deadline_shanghai(TimeMs t, bool english = false);

}  // namespace gridcase
