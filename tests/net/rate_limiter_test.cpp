// The per-connection rate limit, on a clock the test moves.
#include <catch2/catch.hpp>

#include "gridcase/net/rate_limiter.hpp"

using gridcase::net::RateLimiter;
using Verdict = RateLimiter::Verdict;
using std::chrono::milliseconds;

TEST_CASE("a burst is allowed, then calls at the refill rate") {
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  RateLimiter limit(50, 100, milliseconds(3000), 10, t0);
  for (int i = 0; i < 100; ++i) REQUIRE(limit.on_call(t0) == Verdict::kAllow);
  CHECK(limit.on_call(t0) == Verdict::kRefuse);
  // 20 ms later one token has come back, and only one.
  CHECK(limit.on_call(t0 + milliseconds(20)) == Verdict::kAllow);
  CHECK(limit.on_call(t0 + milliseconds(20)) == Verdict::kRefuse);
  // A steady 50 a second is never refused.
  auto t = t0 + milliseconds(2000);
  for (int i = 0; i < 500; ++i) {
    t += milliseconds(20);
    REQUIRE(limit.on_call(t) == Verdict::kAllow);
  }
}

TEST_CASE("ten times the rate for the flood window is a flood, twice the rate is only refused") {
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  {
    RateLimiter limit(50, 100, milliseconds(3000), 10, t0);
    // 500 a second: a call every 2 ms.
    Verdict v = Verdict::kAllow;
    auto t = t0;
    int calls = 0;
    while (v != Verdict::kFlood && calls < 5000) {
      t += milliseconds(2);
      v = limit.on_call(t);
      ++calls;
    }
    CHECK(v == Verdict::kFlood);
    CHECK(t - t0 > milliseconds(2500));
    CHECK(t - t0 <= milliseconds(3500));
  }
  {
    RateLimiter limit(50, 100, milliseconds(3000), 10, t0);
    // 100 a second for a minute: refused often, never a flood.
    auto t = t0;
    int refused = 0;
    for (int i = 0; i < 6000; ++i) {
      t += milliseconds(10);
      const auto v = limit.on_call(t);
      REQUIRE(v != Verdict::kFlood);
      if (v == Verdict::kRefuse) ++refused;
    }
    CHECK(refused > 2000);
  }
}

TEST_CASE("a rate of zero turns the limit off") {
  const auto t0 = RateLimiter::Clock::time_point{};
  RateLimiter limit(0, 1, milliseconds(1000), 10, t0);
  for (int i = 0; i < 10000; ++i) REQUIRE(limit.on_call(t0) == Verdict::kAllow);
}
