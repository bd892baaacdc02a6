// Case clocks (时限) for people: colours with a marker, what is left in the clock's own unit,
// budgets, deadline policies, and times typed on the command line. In the current language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

// Counted milliseconds in one unit of budget: an hour for working hours, a day otherwise
// (a working day counts 24 hours of counted time, as the core counts it).
std::int64_t budget_unit_ms(v1::BudgetUnit unit);

// A colour with a marker that survives a terminal without colours: "● 红", "◐ 黄", "○ 绿"
// ("● red"…); "-" when unspecified.
std::string colour_cell(v1::Colour colour);

// An amount of counted time in the clock's unit, the two largest parts:
//   working days   "2工作日3小时"  "2 working days 3 h"
//   calendar days  "2天3小时"      "2 days 3 h"
//   working hours  "3工作小时20分" "3 working h 20 min"
//   under a day / an hour: "5小时20分", "45分钟", "<1分钟".
// Minutes are rounded down. `ms` is taken as its absolute value.
std::string format_span(std::int64_t ms, v1::BudgetUnit unit);

// What is left of a clock: "剩余 2工作日3小时", "已到期" (0), "已超期 5小时" (negative).
std::string format_remaining(std::int64_t remaining_ms, v1::BudgetUnit unit);

// A budget: "5工作日", "4工作小时", "60自然日" ("5 working days"); a budget that is not a whole
// number of units is written as format_span writes it.
std::string format_budget(std::int64_t ms, v1::BudgetUnit unit);

// The short name of a clock, for tables: 响应 / 办结 / 退单 (response / resolve / return).
std::string clock_short(v1::ClockKind kind);

// One clock of a policy: "办结 5工作日→自动上报", "响应 4工作小时" (flagging only is the default
// and is not written); a warning share other than 75% is added: "（预警 80%）".
std::string format_clock_policy(const v1::ClockPolicy& clock);

// The state of one clock of a case in words, for its remaining-time cell: running and paused
// clocks say what is left; a stopped clock says whether it stopped in time; a pending one
// says its budget.
std::string clock_progress(const v1::CaseClock& clock);

// The clock that needs attention first: running or paused, the worst colour, then the least
// time left. nullptr when the case has none.
const v1::CaseClock* urgent_clock(const v1::Case& c);

// The colour cell of a case in a list: its colour while a clock runs (or is paused), "-"
// once no clock is left running or when the server sent no colour.
std::string case_colour_cell(const v1::Case& c);

// A deadline as people read it: one at midnight is the end of the day before, said as its last
// day ("2027-01-05 当日", "2027-01-05, end of day"); otherwise "YYYY-MM-DD HH:MM"; "-" for 0.
std::string format_deadline(std::int64_t ms);

// "YYYY-MM-DD HH:MM" (optionally ":SS"; "T" instead of the space also accepted) in
// Asia/Shanghai, as Unix milliseconds; nullopt when malformed or not a real date and time.
std::optional<std::int64_t> parse_shanghai_time(const std::string& text);

}  // namespace gridcase::cli
