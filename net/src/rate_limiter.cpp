#include "gridcase/net/rate_limiter.hpp"

#include <algorithm>

namespace gridcase::net {

RateLimiter::RateLimiter(double per_second, double burst, std::chrono::milliseconds flood_window,
                         double flood_factor, Clock::time_point now)
    : per_second_(per_second),
      burst_(std::max(burst, 1.0)),
      tokens_(burst_),
      refilled_at_(now),
      flood_window_(std::max(flood_window, std::chrono::milliseconds(1))),
      window_start_(now) {
  // flood_factor times what the rate allows within a window, less the burst a client may
  // have spent at once; never so low that a client keeping to the limit could reach it.
  const double per_window = per_second * std::chrono::duration<double>(flood_window_).count();
  flood_calls_ = std::max(flood_factor * per_window - burst_, 2 * (per_window + burst_));
}

RateLimiter::Verdict RateLimiter::on_call(Clock::time_point now) {
  if (per_second_ <= 0) return Verdict::kAllow;

  if (now - window_start_ >= flood_window_) {
    window_start_ = now;
    window_calls_ = 0;
  }
  window_calls_ += 1;

  if (now > refilled_at_) {
    const double elapsed = std::chrono::duration<double>(now - refilled_at_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * per_second_);
    refilled_at_ = now;
  }
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return Verdict::kAllow;
  }
  // A flood is judged by what was sent, refused or not.
  if (window_calls_ >= flood_calls_) return Verdict::kFlood;
  return Verdict::kRefuse;
}

}  // namespace gridcase::net
