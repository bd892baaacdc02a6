#include "gridcase/clock.hpp"

#include "gridcase/calendar.hpp"

#include <chrono>
#include <cstdio>

namespace gridcase {

TimeMs SystemClock::now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ShanghaiTime to_shanghai(TimeMs t) {
  constexpr std::int64_t kOffsetMs = 8LL * 3600 * 1000;
  std::int64_t local = t + kOffsetMs;
  std::int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  std::int64_t ms_of_day = local - days * 86400000;
  ShanghaiTime out{};
  CivilDate date = civil_from_days(days);
  out.year = date.year;
  out.month = date.month;
  out.day = date.day;
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

std::string format_deadline_shanghai(TimeMs t, bool english) {
  const ShanghaiTime s = to_shanghai(t);
  if (s.hour != 0 || s.minute != 0 || s.second != 0) return format_shanghai(t);
  const ShanghaiTime day = to_shanghai(t - 1);  // the last day the deadline leaves
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", day.year, day.month, day.day);
  return std::string(buf) + (english ? ", end of day" : " 当日");
}

}  // namespace gridcase
