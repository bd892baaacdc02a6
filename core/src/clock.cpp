#include "gridcase/clock.hpp"

#include <chrono>
#include <cstdio>

namespace gridcase {

TimeMs SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// Days since 1970-01-01 → civil date (proleptic Gregorian), after H. Hinnant's algorithm.
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

}  // namespace

ShanghaiTime to_shanghai(TimeMs t) {
  constexpr std::int64_t kOffsetMs = 8LL * 3600 * 1000;
  std::int64_t local = t + kOffsetMs;
  std::int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  std::int64_t ms_of_day = local - days * 86400000;
  ShanghaiTime out{};
  civil_from_days(days, out.year, out.month, out.day);
  std::int64_t secs = ms_of_day / 1000;
  out.hour = static_cast<int>(secs / 3600);
  out.minute = static_cast<int>(secs / 60 % 60);
  out.second = static_cast<int>(secs % 60);
  return out;
}

std::string format_shanghai(TimeMs t) {
  ShanghaiTime s = to_shanghai(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", s.year, s.month, s.day, s.hour,
                s.minute);
  return buf;
}

}  // namespace gridcase
