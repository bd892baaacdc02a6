// China's working calendar: the shipped years, the text format, and deadline arithmetic in
// working hours, working days and calendar days.
#include <catch2/catch.hpp>

#include <random>

#include "gridcase/calendar.hpp"

using namespace gridcase;

namespace {

std::int64_t day(const char* text) {
  CivilDate d;
  REQUIRE(parse_date(text, d));
  return days_from_civil(d);
}

// An instant given in Asia/Shanghai local time.
TimeMs local(const char* date, int hour, int minute = 0) {
  return (day(date) * 1440 + hour * 60 + minute - 480) * 60000LL;
}

constexpr std::int64_t kHour = 3600000;
constexpr std::int64_t kDay = 86400000;

}  // namespace

TEST_CASE("the shipped calendars parse and hold the State Council's 2025 arrangement") {
  REQUIRE(builtin_calendar_texts().size() >= 3);
  WorkingCalendar cal = WorkingCalendar::builtin();
  CHECK(cal.has_year(2024));
  CHECK(cal.has_year(2025));
  CHECK(cal.has_year(2026));
  for (const char* worked : {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}) {
    INFO(worked);
    CHECK(cal.day_kind(day(worked)) == DayKind::kAdjustedWorkday);
    CHECK(cal.is_working_day(day(worked)));
  }
  for (std::int64_t d = day("2025-10-01"); d <= day("2025-10-08"); ++d) {
    CHECK(cal.day_kind(d) == DayKind::kHoliday);
  }
  CHECK(cal.day_kind(day("2025-10-09")) == DayKind::kWorkday);
  CHECK(cal.day_kind(day("2025-10-12")) == DayKind::kRestday);
  CHECK(cal.day_kind(day("2025-01-01")) == DayKind::kHoliday);
  CHECK(cal.day_kind(day("2025-01-28")) == DayKind::kHoliday);  // 除夕
}

TEST_CASE("the shipped 2024 and 2026 calendars match their notices") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  CHECK(cal.day_kind(day("2024-02-04")) == DayKind::kAdjustedWorkday);
  CHECK(cal.day_kind(day("2024-02-10")) == DayKind::kHoliday);
  CHECK(cal.day_kind(day("2024-02-17")) == DayKind::kHoliday);
  CHECK(cal.day_kind(day("2024-10-12")) == DayKind::kAdjustedWorkday);
  CHECK(cal.day_kind(day("2026-01-04")) == DayKind::kAdjustedWorkday);
  CHECK(cal.day_kind(day("2026-02-23")) == DayKind::kHoliday);
  CHECK(cal.day_kind(day("2026-02-28")) == DayKind::kAdjustedWorkday);
  CHECK(cal.day_kind(day("2026-09-20")) == DayKind::kAdjustedWorkday);
  CHECK(cal.day_kind(day("2026-10-07")) == DayKind::kHoliday);
  CHECK(cal.day_kind(day("2026-10-10")) == DayKind::kAdjustedWorkday);
}

TEST_CASE("dates convert both ways and weekdays are right") {
  CHECK(weekday(day("2025-09-26")) == 4);  // a Friday
  CHECK(weekday(day("1970-01-01")) == 3);  // a Thursday
  CHECK(format_date(civil_from_days(day("2024-02-29"))) == "2024-02-29");
  CivilDate d;
  CHECK_FALSE(parse_date("2025-02-29", d));
  CHECK_FALSE(parse_date("2025-13-01", d));
  CHECK_FALSE(parse_date("25-01-01", d));
}

TEST_CASE("a calendar file with a mistake is refused with its line number") {
  auto refused = [](const char* text, const char* fragment) {
    auto r = parse_calendar_year(text);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "BAD_CALENDAR");
    CHECK_THAT(r.status().message(), Catch::Contains(fragment));
  };
  refused("year 2025\nholliday 2025-01-01 元旦\n", "line 2");
  refused("year 2025\nworkday 2025-01-27 x\n", "weekday already");
  refused("year 2025\nholiday 2026-01-01 x\n", "outside 2025");
  refused("year 2025\nholiday 2025-02-30 x\n", "bad date");
  refused("year 2025\nholiday 2025-01-25 x\nworkday 2025-01-25 y\n", "both");
  refused("holiday 2025-01-01 x\n", "must come first");
  // Found by the frame fuzzer: a long run of digits overflowed the year being parsed.
  refused("year 20272020272027-holi1-`1\n", "four digits");
  refused("year 2o25\n", "not a number");
  refused("# nothing\n", "no 'year'");
  auto ok = parse_calendar_year("# comment\nyear 2027\r\nholiday 2027-01-01 元旦\n");
  REQUIRE(ok.is_ok());
  CHECK(ok->year == 2027);
  CHECK(ok->holidays.size() == 1);
}

TEST_CASE("working hours count only the working windows of working days") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  const auto H = BudgetUnit::kWorkingHours;
  // Tuesday 2025-09-16, 10:00 + 4h: 10:00-12:00 and 13:30-15:30.
  CHECK(cal.add(local("2025-09-16", 10), 4 * kHour, H).at == local("2025-09-16", 15, 30));
  // Starting in the lunch break counts from 13:30.
  CHECK(cal.add(local("2025-09-16", 12, 30), 1 * kHour, H).at == local("2025-09-16", 14, 30));
  // A budget that ends exactly at closing time ends then, not the next morning.
  CHECK(cal.add(local("2025-09-16", 16), 90 * 60000, H).at == local("2025-09-16", 17, 30));
  // Friday 16:30 + 2h runs over the weekend to Monday 09:30.
  CHECK(cal.add(local("2025-09-19", 16, 30), 2 * kHour, H).at == local("2025-09-22", 9, 30));
  // Starting on a holiday counts from the first working morning after it.
  CHECK(cal.add(local("2025-10-03", 10), 1 * kHour, H).at == local("2025-10-09", 9, 30));
  // An adjusted working Sunday counts.
  CHECK(cal.add(local("2025-09-28", 17), 1 * kHour, H).at == local("2025-09-29", 9));
  // Starting at night counts from the next morning.
  CHECK(cal.add(local("2025-09-16", 22), 30 * 60000, H).at == local("2025-09-17", 9));
  CHECK(cal.elapsed(local("2025-09-16", 10), local("2025-09-16", 15, 30), H) == 4 * kHour);
  CHECK(cal.elapsed(local("2025-09-19", 16, 30), local("2025-09-22", 9, 30), H) == 2 * kHour);
  CHECK(cal.elapsed(local("2025-10-02", 9), local("2025-10-05", 9), H) == 0);
}

TEST_CASE("a hotline order received on the Friday before National Day is due on the right working day") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  // Received Friday 2025-09-26: 28 Sep (adjusted Sunday), 29, 30 Sep, then 1-8 Oct off,
  // 9 and 10 Oct: the fifth working day is Friday 10 October; due at its end.
  TimeMs received = local("2025-09-26", 14);
  TimeMs start = cal.counting_start(received, BudgetUnit::kWorkingDays);
  CHECK(start == local("2025-09-27", 0));
  Deadline due = cal.add(start, 5 * kDay, BudgetUnit::kWorkingDays);
  CHECK(due.at == local("2025-10-11", 0));
  CHECK_FALSE(due.provisional);
  // Two working days to return it: 28 and 29 September.
  CHECK(cal.add(start, 2 * kDay, BudgetUnit::kWorkingDays).at == local("2025-09-30", 0));
  CHECK(cal.elapsed(start, local("2025-10-09", 12), BudgetUnit::kWorkingDays) == 3 * kDay + kDay / 2);
}

TEST_CASE("a petition's 60 calendar days ignore weekends and holidays") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  TimeMs accepted = local("2025-09-26", 10);
  TimeMs start = cal.counting_start(accepted, BudgetUnit::kCalendarDays);
  Deadline due = cal.add(start, 60 * kDay, BudgetUnit::kCalendarDays);
  CHECK(due.at == local("2025-11-26", 0));
  CHECK(cal.add(cal.counting_start(accepted, BudgetUnit::kCalendarDays), 15 * kDay,
                BudgetUnit::kCalendarDays).at == local("2025-10-12", 0));
  CHECK(cal.elapsed(start, due.at, BudgetUnit::kCalendarDays) == 60 * kDay);
}

TEST_CASE("adding a budget and measuring it back agree in every unit") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  std::mt19937_64 rng(20251001);
  const TimeMs lo = local("2024-01-01", 0), hi = local("2026-10-01", 0);
  std::uniform_int_distribution<TimeMs> when(lo, hi);
  std::uniform_int_distribution<std::int64_t> minutes(0, 60 * 24 * 40);
  for (BudgetUnit unit : {BudgetUnit::kWorkingHours, BudgetUnit::kWorkingDays, BudgetUnit::kCalendarDays}) {
    for (int i = 0; i < 300; ++i) {
      const TimeMs from = when(rng);
      const std::int64_t budget = minutes(rng) * 60000;
      const Deadline d = cal.add(from, budget, unit);
      INFO("unit " << static_cast<int>(unit) << " from " << from << " budget " << budget);
      REQUIRE(d.at >= from);
      CHECK(cal.elapsed(from, d.at, unit) == budget);
      // The deadline is the first instant at which the budget is used up.
      if (budget > 0) CHECK(cal.elapsed(from, d.at - 1, unit) == budget - 1);
    }
  }
}

TEST_CASE("counted time over months and years is the sum of its days, loaded years or not") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  const CalendarConfig& config = cal.config();
  // Day by day, as a person would count it: a whole working day, or its working hours.
  auto by_day = [&](TimeMs from, TimeMs to, BudgetUnit unit) {
    std::int64_t total = 0;
    for (std::int64_t d = cal.local_day(from); d <= cal.local_day(to); ++d) {
      const TimeMs base = cal.day_start(d);
      std::vector<std::pair<TimeMs, TimeMs>> spans;
      if (unit == BudgetUnit::kCalendarDays) {
        spans.emplace_back(base, base + kDay);
      } else if (cal.is_working_day(d)) {
        if (unit == BudgetUnit::kWorkingDays) spans.emplace_back(base, base + kDay);
        for (const auto& w : config.windows) {
          if (unit == BudgetUnit::kWorkingHours) spans.emplace_back(base + w.start_minute * 60000LL, base + w.end_minute * 60000LL);
        }
      }
      for (const auto& [a, b] : spans) total += std::max<TimeMs>(0, std::min(b, to) - std::max(a, from));
    }
    return total;
  };
  std::mt19937_64 rng(20261208);
  // 2023 and 2027 are not shipped: weekends only there.
  std::uniform_int_distribution<TimeMs> when(local("2023-06-01", 0), local("2027-06-01", 0));
  std::uniform_int_distribution<std::int64_t> span(0, 3 * 366 * kDay);
  for (BudgetUnit unit : {BudgetUnit::kWorkingHours, BudgetUnit::kWorkingDays, BudgetUnit::kCalendarDays}) {
    for (int i = 0; i < 200; ++i) {
      const TimeMs from = when(rng);
      const TimeMs to = from + (i % 4 == 0 ? span(rng) % (3 * kDay) : span(rng));
      INFO("unit " << static_cast<int>(unit) << " from " << from << " to " << to);
      CHECK(cal.elapsed(from, to, unit) == by_day(from, to, unit));
    }
  }
  // Across the 2025 National Day holiday (1 to 8 October): 30 September, 9 and 10 October and
  // the worked Saturday 11 October.
  CHECK(cal.elapsed(local("2025-09-30", 0), local("2025-10-12", 0), BudgetUnit::kWorkingDays) == 4 * kDay);
}

TEST_CASE("a deadline in a year whose calendar is not loaded is provisional until it is") {
  WorkingCalendar cal = WorkingCalendar::builtin();
  // 30 working days from 1 December 2026 reach into 2027.
  TimeMs start = cal.counting_start(local("2026-12-01", 9), BudgetUnit::kWorkingDays);
  Deadline guess = cal.add(start, 30 * kDay, BudgetUnit::kWorkingDays);
  CHECK(guess.provisional);
  CHECK(cal.provisional_between(start, guess.at, BudgetUnit::kWorkingDays));
  // Weekends only in the meantime: 22 working days left in December, then 8 in January 2027.
  CHECK(guess.at == local("2027-01-13", 0));
  // Calendar days never depend on the notice.
  CHECK_FALSE(cal.add(start, 60 * kDay, BudgetUnit::kCalendarDays).provisional);
  // Once 2027 is loaded (here: a New Year holiday of three days) the deadline moves.
  auto y2027 = parse_calendar_year("year 2027\nholiday 2027-01-01 元旦\nholiday 2027-01-04..2027-01-05 test\n");
  REQUIRE(y2027.is_ok());
  cal.set_year(std::move(*y2027));
  Deadline known = cal.add(start, 30 * kDay, BudgetUnit::kWorkingDays);
  CHECK_FALSE(known.provisional);
  CHECK(known.at == local("2027-01-16", 0));  // 6, 7, 8, 11, 12, 13, 14, 15 January
}

TEST_CASE("working hours and the time zone come from configuration") {
  CalendarConfig config;
  std::string error;
  REQUIRE(parse_working_hours("09:00-12:00,14:00-18:00", config.windows, error));
  WorkingCalendar cal = WorkingCalendar::builtin(config);
  // Tuesday 2025-09-16, 11:00 + 2h: 11:00-12:00, then 14:00-15:00.
  CHECK(cal.add(local("2025-09-16", 11), 2 * kHour, BudgetUnit::kWorkingHours).at == local("2025-09-16", 15));
  int offset = 0;
  REQUIRE(parse_utc_offset("+09:00", offset));
  CHECK(offset == 540);
  CHECK(parse_utc_offset("-05:30", offset));
  CHECK(offset == -330);
  CHECK_FALSE(parse_utc_offset("+08", offset));
  CHECK_FALSE(parse_working_hours("", config.windows, error));
}
