// board, policies list | set, calendar [set].
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
              << b.total().unit_id() << ")\n\n";
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

}  // namespace gridcase::cli
