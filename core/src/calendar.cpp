#include "gridcase/calendar.hpp"

#include <algorithm>
#include <cstdio>

namespace gridcase {

namespace {
constexpr std::int64_t kDayMs = 86400000;
constexpr std::int64_t kMinuteMs = 60000;
// No budget crosses more than this many days; the bound only stops a runaway loop.
constexpr std::int64_t kMaxDays = 366 * 50;
}  // namespace

// ---- Dates (after H. Hinnant's civil calendar algorithms) ----

std::int64_t days_from_civil(const CivilDate& date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = date.month > 2 ? date.month - 3 : date.month + 9;
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

int weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  std::int64_t w = (days + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

bool parse_date(std::string_view text, CivilDate& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto digits = [&](std::size_t from, std::size_t n, int& value) {
    value = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      value = value * 10 + (text[i] - '0');
    }
    return true;
  };
  CivilDate d;
  if (!digits(0, 4, d.year) || !digits(5, 2, d.month) || !digits(8, 2, d.day)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return false;
  if (!(civil_from_days(days_from_civil(d)) == d)) return false;  // e.g. 2025-02-30
  out = d;
  return true;
}

std::string format_date(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

// ---- The text format ----

Result<CalendarYear> parse_calendar_year(std::string_view text) {
  CalendarYear out;
  out.text = std::string(text);
  int line_no = 0;
  auto bad = [&](const std::string& why) {
    return Status(reason::BAD_CALENDAR, "line " + std::to_string(line_no) + ": " + why);
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;

    auto space = line.find(' ');
    std::string_view keyword = line.substr(0, space);
    std::string_view rest = space == std::string_view::npos ? "" : line.substr(space + 1);
    auto next_space = rest.find(' ');
    std::string_view when = rest.substr(0, next_space);
    std::string name = next_space == std::string_view::npos ? "" : std::string(rest.substr(next_space + 1));

    if (keyword == "year") {
      if (out.year != 0) return bad("a second 'year' line");
      // The length first: a long run of digits must not overflow the number being built.
      if (when.size() != 4) return bad("the year needs four digits");
      int y = 0;
      for (char c : when) {
        if (c < '0' || c > '9') return bad("the year is not a number");
        y = y * 10 + (c - '0');
      }
      out.year = y;
      continue;
    }
    if (keyword != "holiday" && keyword != "workday") {
      return bad("unknown keyword '" + std::string(keyword) + "' (expected year, holiday or workday)");
    }
    if (out.year == 0) return bad("the 'year' line must come first");
    CivilDate first, last;
    auto dots = when.find("..");
    if (dots == std::string_view::npos) {
      if (!parse_date(when, first)) return bad("bad date '" + std::string(when) + "'");
      last = first;
    } else {
      if (!parse_date(when.substr(0, dots), first) || !parse_date(when.substr(dots + 2), last)) {
        return bad("bad date range '" + std::string(when) + "'");
      }
    }
    const std::int64_t from = days_from_civil(first), to = days_from_civil(last);
    if (to < from || to - from > 31) return bad("a range runs forwards and spans at most a month");
    if (first.year != out.year || last.year != out.year) return bad("a date outside " + std::to_string(out.year));
    for (std::int64_t d = from; d <= to; ++d) {
      if (keyword == "holiday") {
        if (out.workdays.count(d)) return bad(format_date(civil_from_days(d)) + " is both a holiday and a workday");
        out.holidays[d] = name;
      } else {
        if (weekday(d) < 5) return bad(format_date(civil_from_days(d)) + " is a weekday already; 'workday' is for adjusted weekend days");
        if (out.holidays.count(d)) return bad(format_date(civil_from_days(d)) + " is both a holiday and a workday");
        out.workdays[d] = name;
      }
    }
  }
  if (out.year == 0) {
    line_no = 0;
    return bad("no 'year' line");
  }
  return out;
}

// ---- Configuration ----

namespace {

// "HH:MM" → minutes after midnight ("24:00" allowed as an end).
bool parse_clock_time(std::string_view t, int& minutes) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
  minutes = h * 60 + m;
  return true;
}

}  // namespace

bool parse_working_hours(std::string_view text, std::vector<WorkingWindow>& out, std::string& error) {
  std::vector<WorkingWindow> windows;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(pos, comma - pos);
    pos = comma + 1;
    const std::size_t dash = part.find('-');
    WorkingWindow w;
    if (dash == std::string_view::npos || !parse_clock_time(part.substr(0, dash), w.start_minute) ||
        !parse_clock_time(part.substr(dash + 1), w.end_minute)) {
      error = "expected HH:MM-HH:MM[,HH:MM-HH:MM...], got \"" + std::string(part) + "\"";
      return false;
    }
    if (w.end_minute <= w.start_minute) {
      error = "a working window must end after it starts: " + std::string(part);
      return false;
    }
    if (!windows.empty() && w.start_minute < windows.back().end_minute) {
      error = "working windows must be in order and must not overlap";
      return false;
    }
    windows.push_back(w);
  }
  out = std::move(windows);
  return true;
}

bool parse_utc_offset(std::string_view text, int& minutes) {
  if (text == "Z" || text == "UTC") {
    minutes = 0;
    return true;
  }
  int hm = 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || !parse_clock_time(text.substr(1), hm)) {
    return false;
  }
  if (hm > 14 * 60) return false;
  minutes = text[0] == '-' ? -hm : hm;
  return true;
}

// ---- WorkingCalendar ----

std::int64_t unit_ms(BudgetUnit unit) {
  return unit == BudgetUnit::kWorkingHours ? 3600000 : kDayMs;
}

WorkingCalendar::WorkingCalendar(CalendarConfig config) : config_(std::move(config)) {
  std::sort(config_.windows.begin(), config_.windows.end(),
            [](const WorkingWindow& a, const WorkingWindow& b) { return a.start_minute < b.start_minute; });
}

WorkingCalendar WorkingCalendar::builtin(CalendarConfig config) {
  WorkingCalendar cal(std::move(config));
  for (std::string_view text : builtin_calendar_texts()) {
    auto year = parse_calendar_year(text);
    if (year) cal.set_year(std::move(*year));  // shipped data is checked by the tests
  }
  return cal;
}

void WorkingCalendar::set_year(CalendarYear year) { years_[year.year] = std::move(year); }

bool WorkingCalendar::has_year(int year) const { return years_.count(year) != 0; }

std::vector<int> WorkingCalendar::years() const {
  std::vector<int> out;
  for (const auto& [y, data] : years_) out.push_back(y);
  return out;
}

std::int64_t WorkingCalendar::local_day(TimeMs t) const {
  const std::int64_t local = t + config_.utc_offset_minutes * kMinuteMs;
  return local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
}

TimeMs WorkingCalendar::day_start(std::int64_t day) const {
  return day * kDayMs - config_.utc_offset_minutes * kMinuteMs;
}

DayKind WorkingCalendar::day_kind(std::int64_t day) const {
  auto it = years_.find(civil_from_days(day).year);
  if (it != years_.end()) {
    if (it->second.holidays.count(day)) return DayKind::kHoliday;
    if (it->second.workdays.count(day)) return DayKind::kAdjustedWorkday;
  }
  return weekday(day) >= 5 ? DayKind::kRestday : DayKind::kWorkday;
}

std::string WorkingCalendar::day_name(std::int64_t day) const {
  auto it = years_.find(civil_from_days(day).year);
  if (it == years_.end()) return {};
  if (auto h = it->second.holidays.find(day); h != it->second.holidays.end()) return h->second;
  if (auto w = it->second.workdays.find(day); w != it->second.workdays.end()) return w->second;
  return {};
}

bool WorkingCalendar::is_working_day(std::int64_t day) const {
  DayKind k = day_kind(day);
  return k == DayKind::kWorkday || k == DayKind::kAdjustedWorkday;
}

void WorkingCalendar::counted(std::int64_t day, BudgetUnit unit,
                              std::vector<std::pair<std::int64_t, std::int64_t>>& out) const {
  out.clear();
  switch (unit) {
    case BudgetUnit::kCalendarDays:
      out.emplace_back(0, kDayMs);
      break;
    case BudgetUnit::kWorkingDays:
      if (is_working_day(day)) out.emplace_back(0, kDayMs);
      break;
    case BudgetUnit::kWorkingHours:
      if (is_working_day(day)) {
        for (const auto& w : config_.windows) {
          out.emplace_back(w.start_minute * kMinuteMs, w.end_minute * kMinuteMs);
        }
      }
      break;
    case BudgetUnit::kUnspecified:
      break;
  }
}

TimeMs WorkingCalendar::counting_start(TimeMs t, BudgetUnit unit) const {
  if (unit == BudgetUnit::kWorkingHours) return t;
  return day_start(local_day(t) + 1);
}

Deadline WorkingCalendar::add(TimeMs from, std::int64_t budget_ms, BudgetUnit unit) const {
  Deadline out{from, false};
  if (budget_ms <= 0 || unit == BudgetUnit::kUnspecified) return out;
  std::int64_t left = budget_ms;
  std::vector<std::pair<std::int64_t, std::int64_t>> windows;
  const std::int64_t first = local_day(from);
  for (std::int64_t day = first; day < first + kMaxDays; ++day) {
    if (unit != BudgetUnit::kCalendarDays && !has_year(civil_from_days(day).year)) out.provisional = true;
    counted(day, unit, windows);
    const TimeMs base = day_start(day);
    for (const auto& [lo, hi] : windows) {
      const TimeMs start = std::max<TimeMs>(base + lo, from);
      const TimeMs end = base + hi;
      if (end <= start) continue;
      if (end - start >= left) {
        out.at = start + left;
        return out;
      }
      left -= end - start;
    }
  }
  out.at = from + kMaxDays * kDayMs;
  return out;
}

std::int64_t WorkingCalendar::working_days(std::int64_t first, std::int64_t last) const {
  if (last < first) return 0;
  // Monday to Friday by whole weeks and the days left over, then each loaded year's holidays
  // on weekdays taken out and its worked weekend days put in (day_kind's rule: a holiday wins).
  const std::int64_t weeks = (last - first + 1) / 7;
  std::int64_t count = weeks * 5;
  for (std::int64_t day = first + weeks * 7; day <= last; ++day) count += weekday(day) < 5 ? 1 : 0;
  for (const auto& [year, data] : years_) {
    for (auto it = data.holidays.lower_bound(first); it != data.holidays.end() && it->first <= last; ++it) {
      if (civil_from_days(it->first).year == year && weekday(it->first) < 5) --count;
    }
    for (auto it = data.workdays.lower_bound(first); it != data.workdays.end() && it->first <= last; ++it) {
      if (civil_from_days(it->first).year == year && weekday(it->first) >= 5 && data.holidays.count(it->first) == 0) {
        ++count;
      }
    }
  }
  return count;
}

std::int64_t WorkingCalendar::elapsed(TimeMs from, TimeMs to, BudgetUnit unit) const {
  if (to <= from || unit == BudgetUnit::kUnspecified) return 0;
  std::int64_t total = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> windows;
  // The counted part of one day within [from, to).
  auto within = [&](std::int64_t day) {
    counted(day, unit, windows);
    const TimeMs base = day_start(day);
    for (const auto& [lo, hi] : windows) {
      const TimeMs start = std::max<TimeMs>(base + lo, from);
      const TimeMs end = std::min<TimeMs>(base + hi, to);
      if (end > start) total += end - start;
    }
  };
  const std::int64_t first = local_day(from);
  const std::int64_t last = local_day(to);
  within(first);
  if (last == first) return total;
  within(last);
  // The days in between count whole: a clock that has run for months is not walked day by day
  // each time a case is shown.
  if (last - first >= 2) {
    std::int64_t per_day = kDayMs;
    if (unit == BudgetUnit::kWorkingHours) {
      per_day = 0;
      for (const auto& w : config_.windows) per_day += std::max(0, w.end_minute - w.start_minute) * kMinuteMs;
    }
    const std::int64_t days =
        unit == BudgetUnit::kCalendarDays ? last - first - 1 : working_days(first + 1, last - 1);
    total += days * per_day;
  }
  return total;
}

bool WorkingCalendar::provisional_between(TimeMs from, TimeMs to, BudgetUnit unit) const {
  if (unit == BudgetUnit::kCalendarDays || to <= from) return false;
  for (int y = civil_from_days(local_day(from)).year; y <= civil_from_days(local_day(to)).year; ++y) {
    if (!has_year(y)) return true;
  }
  return false;
}

}  // namespace gridcase
