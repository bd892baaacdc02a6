#include "clock_format.hpp"

#include <cctype>

#include "gridcase/calendar.hpp"
#include "gridcase/clock.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kShanghaiOffset = 8 * kHour;

bool en() { return lang() == Lang::kEn; }

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool running_or_paused(const v1::CaseClock& c) {
  return c.run() == v1::CLOCK_RUN_RUNNING || c.run() == v1::CLOCK_RUN_PAUSED;
}

// Two decimal digits at text[at..at+1]; -1 when they are not.
int two_digits(const std::string& text, std::size_t at) {
  if (at + 1 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
      !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
    return -1;
  }
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

}  // namespace

std::int64_t budget_unit_ms(v1::BudgetUnit unit) {
  return unit == v1::BUDGET_UNIT_WORKING_HOURS ? kHour : kDay;
}

std::string colour_cell(v1::Colour colour) {
  switch (colour) {
    case v1::COLOUR_RED: return "● " + label(colour);
    case v1::COLOUR_YELLOW: return "◐ " + label(colour);
    case v1::COLOUR_GREEN: return "○ " + label(colour);
    default: return "-";
  }
}

std::string format_span(std::int64_t ms, v1::BudgetUnit unit) {
  if (ms < 0) ms = -ms;
  const std::int64_t minutes = (ms % kHour) / kMinute;
  if (unit == v1::BUDGET_UNIT_WORKING_DAYS || unit == v1::BUDGET_UNIT_CALENDAR_DAYS) {
    const std::int64_t days = ms / kDay;
    if (days > 0) {
      const bool working = unit == v1::BUDGET_UNIT_WORKING_DAYS;
      const std::int64_t hours = (ms % kDay) / kHour;
      std::string out = en() ? (working ? plural(days, "working day", "working days") : plural(days, "day", "days"))
                             : std::to_string(days) + (working ? "工作日" : "天");
      if (hours > 0) out += en() ? " " + std::to_string(hours) + " h" : std::to_string(hours) + "小时";
      return out;
    }
  }
  const std::int64_t hours = ms / kHour;
  const bool working_hours = unit == v1::BUDGET_UNIT_WORKING_HOURS;
  if (hours > 0) {
    std::string out = std::to_string(hours) + (en() ? (working_hours ? " working h" : " h")
                                                    : (working_hours ? "工作小时" : "小时"));
    if (minutes > 0) out += en() ? " " + std::to_string(minutes) + " min" : std::to_string(minutes) + "分";
    return out;
  }
  if (minutes > 0) return std::to_string(minutes) + (en() ? " min" : "分钟");
  return en() ? "<1 min" : "<1分钟";
}

std::string format_remaining(std::int64_t remaining_ms, v1::BudgetUnit unit) {
  if (remaining_ms == 0) return tr("已到期", "due now");
  if (remaining_ms > 0) {
    return en() ? format_span(remaining_ms, unit) + " left" : "剩余 " + format_span(remaining_ms, unit);
  }
  return en() ? "overdue by " + format_span(remaining_ms, unit) : "已超期 " + format_span(remaining_ms, unit);
}

std::string format_budget(std::int64_t ms, v1::BudgetUnit unit) {
  const std::int64_t per = budget_unit_ms(unit);
  if (unit == v1::BUDGET_UNIT_UNSPECIFIED || ms <= 0 || ms % per != 0) return format_span(ms, unit);
  const std::int64_t n = ms / per;
  if (!en()) return std::to_string(n) + label(unit);
  std::string name = label(unit);  // "working days"
  if (n == 1 && !name.empty() && name.back() == 's') name.pop_back();
  return std::to_string(n) + " " + name;
}

std::string clock_short(v1::ClockKind kind) {
  switch (kind) {
    case v1::CLOCK_KIND_RESPONSE: return tr("响应", "response");
    case v1::CLOCK_KIND_RESOLVE: return tr("办结", "resolve");
    case v1::CLOCK_KIND_RETURN_WINDOW: return tr("退单", "return");
    default: return "-";
  }
}

std::string format_clock_policy(const v1::ClockPolicy& clock) {
  std::string out = clock_short(clock.kind()) + " " +
                    format_budget(clock.amount() * budget_unit_ms(clock.unit()), clock.unit());
  if (clock.on_expiry() == v1::EXPIRY_ACTION_ESCALATE) out += tr("→自动上报", " → escalate");
  if (clock.warn_percent() != 0 && clock.warn_percent() != 75) {
    out += en() ? " (warn at " + std::to_string(clock.warn_percent()) + "%)"
                : "（预警 " + std::to_string(clock.warn_percent()) + "%）";
  }
  return out;
}

std::string clock_progress(const v1::CaseClock& clock) {
  switch (clock.run()) {
    case v1::CLOCK_RUN_RUNNING:
    case v1::CLOCK_RUN_PAUSED:
      return format_remaining(clock.remaining_ms(), clock.unit());
    case v1::CLOCK_RUN_STOPPED:
      if (clock.remaining_ms() >= 0) return tr("按期完成", "done in time");
      return en() ? "done " + format_span(clock.remaining_ms(), clock.unit()) + " late"
                  : "超期 " + format_span(clock.remaining_ms(), clock.unit()) + " 完成";
    case v1::CLOCK_RUN_PENDING:
      return std::string(tr("时限 ", "budget ")) + format_budget(clock.budget_ms(), clock.unit());
    default:
      return "-";
  }
}

const v1::CaseClock* urgent_clock(const v1::Case& c) {
  const v1::CaseClock* best = nullptr;
  for (const auto& clock : c.clocks()) {
    if (!running_or_paused(clock)) continue;
    if (best == nullptr || clock.colour() > best->colour() ||
        (clock.colour() == best->colour() && clock.remaining_ms() < best->remaining_ms())) {
      best = &clock;
    }
  }
  return best;
}

std::string case_colour_cell(const v1::Case& c) {
  if (c.colour() == v1::COLOUR_UNSPECIFIED) return "-";
  if (c.clocks_size() > 0 && urgent_clock(c) == nullptr) return "-";
  return colour_cell(c.colour());
}

std::string format_deadline(std::int64_t ms) {
  if (ms == 0) return "-";
  return format_deadline_shanghai(ms, en());
}

std::optional<std::int64_t> parse_shanghai_time(const std::string& text) {
  // YYYY-MM-DD HH:MM[:SS]
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  CivilDate date;
  if (!parse_date(std::string_view(text).substr(0, 10), date)) return std::nullopt;
  if (text[10] != ' ' && text[10] != 'T') return std::nullopt;
  const int hour = two_digits(text, 11);
  const int minute = text[13] == ':' ? two_digits(text, 14) : -1;
  int second = 0;
  if (text.size() == 19) second = text[16] == ':' ? two_digits(text, 17) : -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return std::nullopt;
  const std::int64_t local = days_from_civil(date) * kDay + hour * kHour + minute * kMinute + second * 1000LL;
  return local - kShanghaiOffset;
}

}  // namespace gridcase::cli
