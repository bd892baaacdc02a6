// The rate limit of one connection's calls: a token bucket, and a flood detector for clients
// that keep calling far above the limit.
//
// The bucket holds up to `burst` tokens and refills at `per_second`; each call takes one, and a
// call that finds none is refused (RATE_LIMITED) without being run. Separately, calls are
// counted in consecutive windows of `flood_window`: a connection that sends `flood_factor`
// times what the rate allows within one window (less one burst) is flooding and is closed
// (1008). With the defaults (50/s, burst 100, 3 s, ×10), 1400 calls within 3 seconds.
//
// Not thread-safe: used from the connection's strand only.
#pragma once

#include <chrono>

namespace gridcase::net {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  enum class Verdict { kAllow, kRefuse, kFlood };

  // per_second <= 0 disables the limit (every call is allowed).
  RateLimiter(double per_second, double burst, std::chrono::milliseconds flood_window,
              double flood_factor, Clock::time_point now = Clock::now());

  // One incoming call at `now`.
  Verdict on_call(Clock::time_point now = Clock::now());

 private:
  double per_second_;
  double burst_;
  double tokens_;
  Clock::time_point refilled_at_;

  Clock::duration flood_window_;
  double flood_calls_ = 0;  // calls within one window that count as a flood
  Clock::time_point window_start_;
  double window_calls_ = 0;
};

}  // namespace gridcase::net
