// board, policies list | set, calendar [set].
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include <google/protobuf/util/json_util.h>

#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(std::string(tr("无法读取文件 ", "cannot read file ")) + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void print_policies(Client& client, const google::protobuf::RepeatedPtrField<v1::DeadlinePolicy>& policies) {
  Table table({"ID", tr("版本", "Version"), tr("种类", "Kind"), tr("类别", "Category"),
               tr("优先级", "Priority"), tr("时限", "Clocks"), tr("依据", "Basis")});
  table.limit(3, 36);
  table.limit(6, 36);
  for (const auto& p : policies) {
    std::string clocks;
    for (const auto& k : p.clocks()) {
      if (!clocks.empty()) clocks += tr("；", "; ");
      clocks += format_clock_policy(k);
    }
    std::string category = p.category_code().empty()
                               ? tr("（全部）", "(all)")
                               : client.category_name(p.category_code()) + " (" + p.category_code() + ")";
    table.add({std::to_string(p.id()), std::to_string(p.version()), label(p.kind()), category,
               p.priority() == v1::PRIORITY_UNSPECIFIED ? tr("任意", "any") : label(p.priority()),
               clocks, p.basis()});
  }
  table.print(std::cout);
}

std::string years_text(const google::protobuf::RepeatedField<google::protobuf::int32>& years) {
  if (years.empty()) return tr("无", "none");
  std::string out;
  for (int y : years) {
    if (!out.empty()) out += ", ";
    out += std::to_string(y);
  }
  return out;
}

void print_calendar(const v1::CalendarResponse& cal) {
  std::cout << tr("已载入的年份: ", "Years loaded: ") << years_text(cal.years()) << '\n';
  std::cout << tr("暂定的时限: ", "Provisional clocks: ") << cal.provisional_clocks() << '\n';
  std::cout << tr("缺少的年份: ", "Missing years: ") << years_text(cal.missing_years()) << '\n';
  if (!cal.missing_years().empty()) {
    std::cout << tr("请在国务院公布节假日安排后用 gridcase calendar set 文件.cal 载入；"
                    "载入前这些年份只按周末计算，相关期限为暂定。",
                    "Load them with gridcase calendar set FILE.cal once the holiday notice is out; "
                    "until then those years count weekends only and the deadlines in them are provisional.")
              << '\n';
  }
}

// Monday = 0 … Sunday = 6 of a "YYYY-MM-DD" date (days since 1970-01-01, a Thursday).
int weekday_of(const std::string& date) {
  int y = std::stoi(date.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(date.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(date.substr(8, 2)));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = static_cast<long long>(era) * 146097 + static_cast<long long>(doe) - 719468;
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string weekday_name(const std::string& date) {
  static const char* zh[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
  static const char* en[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const int w = weekday_of(date);
  return lang() == Lang::kEn ? en[w] : zh[w];
}

std::string day_kind_name(v1::DayKind kind) {
  switch (kind) {
    case v1::DAY_KIND_WORKDAY: return tr("工作日", "working day");
    case v1::DAY_KIND_RESTDAY: return tr("休息日", "rest day");
    case v1::DAY_KIND_HOLIDAY: return tr("法定节假日", "public holiday");
    case v1::DAY_KIND_ADJUSTED_WORKDAY: return tr("调休上班", "weekend day worked");
    default: return "-";
  }
}

// Today in Asia/Shanghai, "YYYY-MM-DD".
std::string today_in_shanghai() {
  const std::time_t now = std::time(nullptr) + 8 * 3600;
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

// One line on what today is for the deadlines: "今天 2026-12-06 周日，休息日：按工作日计的时限今天不走。"
void print_today(Client& client) {
  v1::ClientFrame frame;
  frame.mutable_working_time()->set_from_date(today_in_shanghai());
  v1::Reply reply = client.authed_call(std::move(frame));
  if (reply.working_time().days_size() != 1) return;
  const v1::CalendarDay& day = reply.working_time().days(0);
  std::cout << tr("今天 ", "Today, ") << day.date() << ' ' << weekday_name(day.date()) << tr("，", ", ")
            << day_kind_name(day.kind());
  if (!day.name().empty()) std::cout << tr("（", " (") << day.name() << tr("）", ")");
  std::cout << (day.working() ? tr("：按工作日计的时限今天照常计算。", ": clocks in working days and hours run today.")
                              : tr("：按工作日计的时限今天不计算。", ": clocks in working days and hours do not run today."))
            << '\n';
}

}  // namespace

int board(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"unit"}, {"limit"}});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  auto* req = frame.mutable_get_board();
  req->set_unit_id(args.integer("unit").value_or(0));
  if (auto n = args.integer("limit")) {
    if (*n < 1 || *n > 500) throw UsageError(tr("--limit 应在 1 到 500 之间", "--limit must be 1..500"));
    req->set_limit(static_cast<int>(*n));
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::GetBoardResponse& b = reply.board();

  client.emit(b, [&] {
    std::cout << tr("督办看板: ", "Supervision board: ") << client.unit_name(b.total().unit_id()) << "  (#"
              << b.total().unit_id() << ")\n";
    print_today(client);
    std::cout << '\n';
    Table counts({tr("单位", "Unit"), tr("● 红（超期）", "● red (overdue)"), tr("◐ 黄（临期）", "◐ yellow (due soon)"),
                  tr("已上报", "Escalated")});
    counts.add({tr("合计", "Total"), std::to_string(b.total().red()), std::to_string(b.total().yellow()),
                std::to_string(b.total().escalated())});
    for (const auto& c : b.children()) {
      counts.add({client.unit_name(c.unit_id()), std::to_string(c.red()), std::to_string(c.yellow()),
                  std::to_string(c.escalated())});
    }
    counts.print(std::cout);
    std::cout << '\n';
    if (b.cases_size() == 0) {
      std::cout << tr("没有超期、临期或已上报的案件。", "No overdue, due-soon or escalated cases.") << '\n';
      return;
    }
    std::cout << tr("案件（最紧急的在前）:", "Cases (most urgent first):") << '\n';
    Table table({tr("编号", "Number"), tr("时限", "Clock"), tr("剩余", "Remaining"), tr("期限", "Deadline"),
                 tr("状态", "State"), tr("层级", "Level"), tr("处置单位", "Handling unit"), tr("标题", "Title")});
    table.limit(6, 20);
    table.limit(7, 36);
    for (const auto& c : b.cases()) {
      const v1::CaseClock* k = urgent_clock(c);
      table.add({c.number(), case_colour_cell(c),
                 k == nullptr ? "-" : clock_short(k->kind()) + " " + clock_progress(*k),
                 k == nullptr ? "-" : format_deadline(k->deadline()), label(c.state()), label(c.level()),
                 client.unit_name(c.handling_unit_id()), c.title()});
    }
    table.print(std::cout);
    std::cout << tr("共 ", "") << b.cases_size() << tr(" 件", " case(s)") << '\n';
  });
  return kExitOk;
}

int list_policies(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  frame.mutable_list_policies();
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& policies = reply.policies();
  client.emit(policies, [&] {
    if (policies.policies_size() == 0) {
      std::cout << tr("没有时限政策。", "No deadline policies.") << '\n';
      return;
    }
    print_policies(client, policies.policies());
  });
  return kExitOk;
}

int set_policy(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  const std::string path = args.require_positional(0, tr("政策文件.json", "POLICY.json"));
  const std::string text = read_file(path);
  v1::ClientFrame frame;
  auto status = google::protobuf::util::JsonStringToMessage(text, frame.mutable_set_policy()->mutable_policy());
  if (!status.ok()) {
    throw UsageError(std::string(tr("无法解析时限政策 ", "cannot parse the deadline policy in ")) + path + ": " +
                     status.ToString());
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::PolicyResponse& r = reply.policy();
  client.emit(r, [&] {
    std::cout << (lang() == Lang::kEn ? "Saved deadline policy #" + std::to_string(r.policy().id()) + " version " +
                                            std::to_string(r.policy().version())
                                      : "已保存时限政策 #" + std::to_string(r.policy().id()) + " 第" +
                                            std::to_string(r.policy().version()) + "版")
              << tr("（适用于此后登记的案件）", " (for cases created from now on)") << '\n';
    google::protobuf::RepeatedPtrField<v1::DeadlinePolicy> one;
    *one.Add() = r.policy();
    print_policies(client, one);
  });
  return kExitOk;
}

int show_calendar(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  frame.mutable_get_calendar();
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& cal = reply.calendar();
  client.emit(cal, [&] { print_calendar(cal); });
  return kExitOk;
}

int set_calendar(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  const std::string path = args.require_positional(0, tr("日历文件.cal", "FILE.cal"));
  v1::ClientFrame frame;
  frame.mutable_set_calendar_year()->set_text(read_file(path));
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& cal = reply.calendar();
  client.emit(cal, [&] {
    std::cout << tr("已载入工作日历 ", "Loaded the working calendar ") << path
              << tr("，暂定期限已重新计算。", "; provisional deadlines were recomputed.") << '\n';
    print_calendar(cal);
  });
  return kExitOk;
}

// 人口底数: an admin loads a CSV; the target line of a sub-district.
int population(Client& client, const Words& words) {
  const std::string sub = words.empty() ? "" : words[0];
  const Words rest(words.begin() + (words.empty() ? 0 : 1), words.end());
  if (sub == "load") {
    Args args = Args::parse(rest, {});
    args.expect_at_most(1);
    const std::string path = args.require_positional(0, tr("人口文件.csv", "FILE.csv"));
    v1::ClientFrame frame;
    frame.mutable_load_population()->set_csv(read_file(path));
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& r = reply.population_loaded();
    client.emit(r, [&] {
      std::cout << tr("已导入人口数据 ", "Loaded the population counts of ") << path << tr("，共 ", ": ") << r.rows()
                << tr(" 行。", " rows.") << '\n';
    });
    return kExitOk;
  }
  if (sub == "target") {
    Args args = Args::parse(rest, {});
    args.expect_at_most(2);
    const auto unit = parse_int(args.require_positional(0, tr("街道ID", "SUB_DISTRICT_ID")));
    const std::string value = args.require_positional(1, tr("每万人每月投诉件数", "PER_10K"));
    char* end = nullptr;
    const double per_10k = std::strtod(value.c_str(), &end);
    if (!unit || end == value.c_str() || *end != '\0') {
      throw UsageError(tr("用法: gridcase population target 街道ID 每万人每月投诉件数（如 3.5）",
                          "usage: gridcase population target SUB_DISTRICT_ID PER_10K (such as 3.5)"));
    }
    v1::ClientFrame frame;
    frame.mutable_set_complaint_target()->set_unit_id(*unit);
    frame.mutable_set_complaint_target()->set_per_10k(per_10k);
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& t = reply.complaint_target();
    client.emit(t, [&] {
      std::cout << client.unit_name(t.unit_id()) << tr(" 的12345投诉率目标值已设为每万人每月 ", ": the complaint target is now ")
                << t.per_10k() << tr(" 件。", " per 10,000 residents a month.") << '\n';
    });
    return kExitOk;
  }
  throw UsageError(tr("用法: gridcase population load 文件.csv | population target 街道ID 每万人每月投诉件数",
                      "usage: gridcase population load FILE.csv | population target SUB_DISTRICT_ID PER_10K"));
}

}  // namespace gridcase::cli

namespace gridcase::cli {

int calendar_days(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(2);
  v1::ClientFrame frame;
  auto* q = frame.mutable_working_time();
  q->set_from_date(args.require_positional(0, tr("起始日期（如 2026-10-01）", "FROM date (such as 2026-10-01)")));
  if (args.positional().size() > 1) q->set_to_date(args.positional()[1]);
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& r = reply.working_time();
  client.emit(r, [&] {
    Table table({tr("日期", "Date"), tr("星期", "Day"), tr("类型", "Kind"), tr("说明", "Note")});
    int working = 0;
    bool provisional = false;
    for (const auto& d : r.days()) {
      working += d.working();
      provisional = provisional || d.provisional();
      table.add({d.date(), weekday_name(d.date()), day_kind_name(d.kind()),
                 d.provisional() ? d.name() + tr("（该年安排未载入，只按周末计）", " (year not loaded: weekends only)") : d.name()});
    }
    table.print(std::cout);
    std::cout << tr("共 ", "") << r.days_size() << tr(" 天，其中工作日 ", " days, ") << working
              << tr(" 天。", " of them working days.") << '\n';
    if (provisional) {
      std::cout << tr("提示: 有的年份尚未载入国务院节假日安排，见 gridcase calendar。",
                      "Note: some years' holiday notice is not loaded; see gridcase calendar.")
                << '\n';
    }
  });
  return kExitOk;
}

int calendar_due(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"from"}});
  args.expect_at_most(2);
  const auto amount = parse_int(args.require_positional(0, tr("时限数量", "AMOUNT")));
  if (!amount || *amount < 1) throw UsageError(tr("时限数量应为正整数，如 5", "AMOUNT must be a positive whole number, such as 5"));
  const std::string unit_word = args.require_positional(1, tr("单位（工作日|工作小时|自然日）", "UNIT (working-days|working-hours|calendar-days)"));
  v1::BudgetUnit unit = v1::BUDGET_UNIT_UNSPECIFIED;
  if (unit_word == "工作日" || unit_word == "working-days") unit = v1::BUDGET_UNIT_WORKING_DAYS;
  if (unit_word == "工作小时" || unit_word == "working-hours") unit = v1::BUDGET_UNIT_WORKING_HOURS;
  if (unit_word == "自然日" || unit_word == "天" || unit_word == "calendar-days") unit = v1::BUDGET_UNIT_CALENDAR_DAYS;
  if (unit == v1::BUDGET_UNIT_UNSPECIFIED) {
    throw UsageError(tr("单位应为 工作日、工作小时 或 自然日（或 working-days、working-hours、calendar-days）",
                        "UNIT must be working-days, working-hours or calendar-days (or 工作日, 工作小时, 自然日)"));
  }
  std::int64_t from = 0;
  if (auto text = args.value("from")) {
    auto at = parse_shanghai_time(*text);
    if (!at) throw UsageError(tr("--from 应为 \"YYYY-MM-DD HH:MM\"（北京时间）", "--from must be \"YYYY-MM-DD HH:MM\" (Beijing time)"));
    from = *at;
  }
  v1::ClientFrame frame;
  auto* q = frame.mutable_working_time();
  q->set_start_at(from);
  q->set_amount(*amount);
  q->set_unit(unit);
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& r = reply.working_time();
  client.emit(r, [&] {
    std::cout << (from != 0 ? tr("自 ", "From ") + format_time(from) : tr("自现在", "From now")) << tr("起 ", ", ")
              << format_budget(*amount * budget_unit_ms(unit), unit) << tr("：", ": ");
    if (unit == v1::BUDGET_UNIT_WORKING_HOURS) {
      std::cout << tr("截止 ", "due ") << format_time(r.due_at());
    } else {
      std::cout << tr("截止 ", "due by the end of ") << r.last_day() << ' ' << weekday_name(r.last_day())
                << tr(" 当日", "");
    }
    std::cout << '\n';
    if (r.provisional()) {
      std::cout << tr("提示: 期间有年份尚未载入节假日安排，此期限为暂定。",
                      "Note: the count crosses a year whose holiday notice is not loaded; this is provisional.")
                << '\n';
    }
  });
  return kExitOk;
}

}  // namespace gridcase::cli
