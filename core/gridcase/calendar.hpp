// China's working calendar and exact deadline arithmetic.
//
// The calendar is data: one text file per year (core/calendar/cn-YYYY.cal, compiled in as the
// defaults and editable by admins) listing the public holidays and the adjusted working days
// (调休: a Saturday or Sunday that is a working day). Every other Saturday and Sunday is a rest
// day. A year with no file is counted with weekends only, and deadlines that touch it are
// provisional until its notice is loaded.
//
// Budgets are counted in one of three units; each unit says which moments count:
//   working hours  – the working windows (default 08:30-12:00, 13:30-17:30) of working days;
//   working days   – whole working days;
//   calendar days  – every day.
// For the two day units the day a clock starts on is not counted (counting starts at the next
// local midnight), so "within 5 working days" ends at the end of the fifth working day after.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/status.hpp"

namespace gridcase {

struct CivilDate {
  int year = 1970, month = 1, day = 1;
  bool operator==(const CivilDate& o) const { return year == o.year && month == o.month && day == o.day; }
};

// Days since 1970-01-01 and back; weekday 0 = Monday … 6 = Sunday.
std::int64_t days_from_civil(const CivilDate& date);
CivilDate civil_from_days(std::int64_t days);
int weekday(std::int64_t days);
// "2025-10-01" → date; false when malformed or not a real date.
bool parse_date(std::string_view text, CivilDate& out);
std::string format_date(const CivilDate& date);

enum class DayKind {
  kWorkday = 0,          // an ordinary Monday to Friday
  kRestday = 1,          // an ordinary Saturday or Sunday
  kHoliday = 2,          // a public holiday (including the weekend days folded into it)
  kAdjustedWorkday = 3,  // 调休: a Saturday or Sunday that is a working day
};

// One year of the State Council's holiday notice.
struct CalendarYear {
  int year = 0;
  std::map<std::int64_t, std::string> holidays;  // day number → holiday name
  std::map<std::int64_t, std::string> workdays;  // day number → why it is worked
  std::string text;                              // the source text, kept for editing
};

// Parses the text format. INVALID_ARGUMENT "BAD_CALENDAR" with the line number on any error:
// unknown keyword, bad date, a date outside the year, a holiday that is also a workday, a
// "workday" that is not a Saturday or Sunday.
Result<CalendarYear> parse_calendar_year(std::string_view text);

// The years shipped with gridcase (2024, 2025, 2026), as text.
const std::vector<std::string_view>& builtin_calendar_texts();

enum class BudgetUnit { kUnspecified = 0, kWorkingHours = 1, kWorkingDays = 2, kCalendarDays = 3 };

// Milliseconds of counted time in one unit of budget: an hour or a day.
std::int64_t unit_ms(BudgetUnit unit);

struct WorkingWindow {
  int start_minute = 0;  // minutes after local midnight
  int end_minute = 0;
};

struct CalendarConfig {
  std::vector<WorkingWindow> windows{{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
  int utc_offset_minutes = 8 * 60;  // Asia/Shanghai
};

// "08:30-12:00,13:30-17:30" → windows, in order, not overlapping, within the day. False with a
// message in `error` otherwise.
bool parse_working_hours(std::string_view text, std::vector<WorkingWindow>& out, std::string& error);
// "+08:00" / "-05:30" / "Z" → minutes east of UTC. False when malformed or beyond ±14:00.
bool parse_utc_offset(std::string_view text, int& minutes);

// A deadline and whether it depends on a year whose calendar is not loaded.
struct Deadline {
  TimeMs at = 0;
  bool provisional = false;
};

// Immutable once built; share it as shared_ptr<const WorkingCalendar>. Thread-safe to read.
class WorkingCalendar {
 public:
  explicit WorkingCalendar(CalendarConfig config = {});
  // The shipped years.
  static WorkingCalendar builtin(CalendarConfig config = {});

  // Adds or replaces a year.
  void set_year(CalendarYear year);
  bool has_year(int year) const;
  std::vector<int> years() const;
  const CalendarConfig& config() const { return config_; }

  // The local day number (days since 1970-01-01 in the calendar's zone) of an instant.
  std::int64_t local_day(TimeMs t) const;
  // The instant a local day starts.
  TimeMs day_start(std::int64_t day) const;

  DayKind day_kind(std::int64_t day) const;
  bool is_working_day(std::int64_t day) const;
  // The holiday a day belongs to, or why a weekend day is worked; empty for other days.
  std::string day_name(std::int64_t day) const;

  // Where counting starts for a clock started at `t`: `t` itself for working hours; the next
  // local midnight for the day units.
  TimeMs counting_start(TimeMs t, BudgetUnit unit) const;
  // The instant at which `budget_ms` of counted time has passed after `from`.
  Deadline add(TimeMs from, std::int64_t budget_ms, BudgetUnit unit) const;
  // Counted time in [from, to); 0 when to <= from.
  std::int64_t elapsed(TimeMs from, TimeMs to, BudgetUnit unit) const;
  // True when counting between the two instants crosses a year that is not loaded.
  bool provisional_between(TimeMs from, TimeMs to, BudgetUnit unit) const;

 private:
  // The working days among the local days first..last (both included).
  std::int64_t working_days(std::int64_t first, std::int64_t last) const;
  // The counted intervals of a local day, as offsets in ms from its start.
  void counted(std::int64_t day, BudgetUnit unit, std::vector<std::pair<std::int64_t, std::int64_t>>& out) const;

  CalendarConfig config_;
  std::map<int, CalendarYear> years_;
};

}  // namespace gridcase
