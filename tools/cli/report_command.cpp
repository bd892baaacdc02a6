// report: figures, rankings, drill-down, the work summary, CSV and the HTML report.
#include <chrono>
#include <fstream>
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "gridcase/figures.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"
#include "report_render.hpp"

namespace gridcase::cli {

namespace {

struct Range {
  int from = 0, to = 0;  // [from, to)
};

const std::vector<OptionSpec> kPeriodOptions = {{"unit"}, {"year"}, {"quarter"}, {"month"}, {"from"}, {"to"}};

// --year 2026 | --quarter 2026-Q1 | --month 2026-03 | --from 2026-03-01 --to 2026-03-31 (both
// inclusive); the current year by default.
Range parse_range(const Args& args) {
  Range r;
  auto day = [](const std::string& text, const char* option) {
    auto d = parse_day(text);
    if (!d) throw UsageError(std::string(option) + tr(" 应为 YYYY-MM-DD", " must be YYYY-MM-DD"));
    return *d;
  };
  if (auto y = args.value("year")) {
    auto start = parse_day(*y + "-01-01");
    if (!start) throw UsageError(tr("--year 应为 YYYY", "--year must be YYYY"));
    return {*start, period_end(*start, Period::kYear)};
  }
  if (auto q = args.value("quarter")) {
    if (q->size() != 7 || (*q)[4] != '-' || ((*q)[5] != 'Q' && (*q)[5] != 'q') || (*q)[6] < '1' || (*q)[6] > '4') {
      throw UsageError(tr("--quarter 应为 YYYY-Qn", "--quarter must be YYYY-Qn"));
    }
    const int month = ((*q)[6] - '1') * 3 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-01", q->substr(0, 4).c_str(), month);
    const int start = day(buf, "--quarter");
    return {start, period_end(start, Period::kQuarter)};
  }
  if (auto m = args.value("month")) {
    const int start = day(*m + "-01", "--month");
    return {start, period_end(start, Period::kMonth)};
  }
  if (args.has("from") || args.has("to")) {
    r.from = day(args.require("from"), "--from");
    r.to = day(args.require("to"), "--to") + 1;
    if (r.to <= r.from) throw UsageError(tr("--to 不能早于 --from", "--to must not be before --from"));
    return r;
  }
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const int start = period_start(shanghai_day(now), Period::kYear);
  return {start, period_end(start, Period::kYear)};
}

std::vector<OptionSpec> with_period(std::vector<OptionSpec> more) {
  more.insert(more.end(), kPeriodOptions.begin(), kPeriodOptions.end());
  return more;
}

// The unit (--unit, 0: the caller's scope) and the period of a figures call.
template <typename Request>
void set_unit_and_period(Request* req, const Args& args) {
  const Range range = parse_range(args);
  req->set_unit_id(args.integer("unit").value_or(0));
  req->set_from(format_day(range.from));
  req->set_to(format_day(range.to));
}

v1::GetFiguresRequest figures_request(const Args& args) {
  v1::GetFiguresRequest req;
  set_unit_and_period(&req, args);
  for (const auto& by : args.values("by")) {
    if (by == "unit") req.set_by_child_unit(true);
    else if (by == "kind") req.set_by_kind(true);
    else if (by == "category") req.set_by_category(true);
    else if (by == "channel") req.set_by_channel(true);
    else if (by == "department") req.set_by_department(true);
    else throw UsageError(tr("--by 取值: unit kind category channel department",
                             "--by takes unit, kind, category, channel or department"));
  }
  if (auto p = args.value("trend")) req.set_period(parse_enum<v1::Period>(*p, "--trend"));
  if (auto k = args.value("kind")) req.set_kind(parse_enum<v1::CaseKind>(*k, "--kind"));
  if (auto c = args.value("channel")) req.set_channel(parse_enum<v1::Channel>(*c, "--channel"));
  req.set_category(args.value_or("category", ""));
  return req;
}

v1::GetFiguresResponse get_figures(Client& client, v1::GetFiguresRequest req) {
  v1::ClientFrame frame;
  *frame.mutable_get_figures() = std::move(req);
  return client.authed_call(std::move(frame)).figures();
}

std::string label_of(const v1::GetFiguresResponse& f, const std::string& code) {
  for (const auto& d : f.definitions()) {
    if (d.code() == code) return lang() == Lang::kEn ? d.label_en() : d.label_zh();
  }
  return code;
}

std::string cell_key(Client& client, const v1::GetFiguresResponse& f, const v1::FigureCell& c) {
  std::string key;
  auto add = [&](const std::string& part) { key += (key.empty() ? "" : " / ") + part; };
  if (f.cells_size() > 0 && c.unit_id() != 0) add(client.unit_name(c.unit_id()));
  if (!c.period_label().empty()) add(c.period_label());
  if (c.kind() != v1::CASE_KIND_UNSPECIFIED) add(label(c.kind()));
  if (!c.category().empty()) add(client.category_name(c.category()) + " (" + c.category() + ")");
  if (c.channel() != v1::CHANNEL_UNSPECIFIED) add(label(c.channel()));
  return key;
}

int show_figures(Client& client, const Words& words) {
  Args args = Args::parse(words, with_period({{"by", true, true}, {"trend"}, {"kind"}, {"category"}, {"channel"}}));
  args.expect_at_most(0);
  const auto f = get_figures(client, figures_request(args));
  client.emit(f, [&] {
    std::cout << f.unit().name() << "  " << f.from() << tr(" 至 ", " to ") << f.to() << tr("（不含）", " (exclusive)") << "\n\n";
    Table counts({tr("指标", "Figure"), tr("数值", "Value")});
    for (const auto& d : f.definitions()) {
      if (!d.is_rate()) counts.add({label_of(f, d.code()), std::to_string(count_of(f.total(), d.code()))});
    }
    counts.print(std::cout);
    std::cout << '\n';
    Table rates({tr("比率", "Rate"), tr("数值", "Value"), tr("分子/分母", "Num/den")});
    for (const auto& r : f.total().rates()) {
      rates.add({label_of(f, r.code()), percent(r), std::to_string(r.numerator()) + "/" + std::to_string(r.denominator())});
    }
    rates.print(std::cout);
    if (f.cells_size() > 0) {
      std::cout << '\n';
      Table cells({tr("分组", "Group"), label_of(f, "received"), label_of(f, "closed"), label_of(f, "closed_on_time"),
                   label_of(f, "overdue"), label_of(f, "closure"), label_of(f, "on_time"), label_of(f, "grid_level")});
      cells.limit(0, 40);
      for (const auto& c : f.cells()) {
        cells.add({cell_key(client, f, c), std::to_string(count_of(c.figures(), "received")),
                   std::to_string(count_of(c.figures(), "closed")), std::to_string(count_of(c.figures(), "closed_on_time")),
                   std::to_string(count_of(c.figures(), "overdue")), percent(rate_of(c.figures(), "closure")),
                   percent(rate_of(c.figures(), "on_time")), percent(rate_of(c.figures(), "grid_level"))});
      }
      cells.print(std::cout);
    }
    if (f.departments_size() > 0) {
      std::cout << '\n' << tr("吹哨报到部门（双考核）", "Departments whistled in") << '\n';
      Table d({tr("部门", "Department"), label_of(f, "whistle_calls"), label_of(f, "whistle_check_ins"),
               label_of(f, "whistle_check_ins_late"), label_of(f, "whistle_ratings"), tr("平均评分", "Average rating"),
               label_of(f, "whistle_late")});
      for (int i = 0; i < f.departments_size(); ++i) {
        const auto& c = f.departments(i);
        d.add({i < f.department_units_size() ? f.department_units(i).name() : client.unit_name(c.unit_id()),
               std::to_string(count_of(c.figures(), "whistle_calls")),
               std::to_string(count_of(c.figures(), "whistle_check_ins")),
               std::to_string(count_of(c.figures(), "whistle_check_ins_late")),
               std::to_string(count_of(c.figures(), "whistle_ratings")), average_rating(c.figures()),
               percent(rate_of(c.figures(), "whistle_late"))});
      }
      d.print(std::cout);
    }
    std::cout << '\n' << f.summary() << '\n';
  });
  return kExitOk;
}

v1::GetRankingResponse get_ranking(Client& client, const Args& args) {
  v1::ClientFrame frame;
  auto* req = frame.mutable_get_ranking();
  set_unit_and_period(req, args);
  req->set_weights(args.value_or("weights", ""));
  if (args.has("green") || args.has("yellow")) {
    req->set_set_bands(true);
    req->set_green_min(std::stod(args.value_or("green", "90")));
    req->set_yellow_min(std::stod(args.value_or("yellow", "75")));
  }
  return client.authed_call(std::move(frame)).ranking();
}

int show_ranking(Client& client, const Words& words) {
  Args args = Args::parse(words, with_period({{"weights"}, {"green"}, {"yellow"}}));
  args.expect_at_most(0);
  const auto r = get_ranking(client, args);
  client.emit(r, [&] {
    std::cout << r.unit().name() << tr(" 下级单位排名  权重: ", " child units ranked  weights: ") << r.weights()
              << tr("  绿 ≥ ", "  green >= ") << r.green_min() << tr("，黄 ≥ ", ", yellow >= ") << r.yellow_min() << "\n\n";
    Table t({"#", tr("单位", "Unit"), tr("得分", "Score"), tr("等级", "Grade"), tr("受理", "Received"),
             tr("结案率", "Closure"), tr("按期结案率", "On time"), tr("返工率", "Rework"), tr("网格结案率", "At grid")});
    for (const auto& e : r.entries()) {
      char score[16];
      std::snprintf(score, sizeof score, "%.1f", e.score());
      t.add({e.rank() ? std::to_string(e.rank()) : "-", e.unit().name(), e.has_score() ? score : "-",
             e.colour() == v1::COLOUR_UNSPECIFIED ? "-" : label(e.colour()),
             std::to_string(count_of(e.figures(), "received")), percent(rate_of(e.figures(), "closure")),
             percent(rate_of(e.figures(), "on_time")), percent(rate_of(e.figures(), "rework")),
             percent(rate_of(e.figures(), "grid_level"))});
    }
    t.print(std::cout);
    if (r.departments_size() > 0) {
      std::cout << '\n' << tr("吹哨报到部门排名（双考核）  权重: ", "Departments whistled in, ranked  weights: ")
                << r.department_weights() << "\n\n";
      Table d({"#", tr("部门", "Department"), tr("得分", "Score"), tr("等级", "Grade"), tr("吹哨", "Whistled"),
               tr("报到率", "Check-in rate"), tr("迟到报到", "Late"), tr("好评率", "Good ratings"),
               tr("平均评分", "Average rating")});
      for (const auto& e : r.departments()) {
        char score[16];
        std::snprintf(score, sizeof score, "%.1f", e.score());
        d.add({e.rank() ? std::to_string(e.rank()) : "-", e.unit().name(), e.has_score() ? score : "-",
               e.colour() == v1::COLOUR_UNSPECIFIED ? "-" : label(e.colour()),
               std::to_string(count_of(e.figures(), "whistle_calls")), percent(rate_of(e.figures(), "whistle_check_in")),
               std::to_string(count_of(e.figures(), "whistle_check_ins_late")),
               percent(rate_of(e.figures(), "whistle_good")), average_rating(e.figures())});
      }
      d.print(std::cout);
    }
  });
  return kExitOk;
}

int show_cases(Client& client, const Words& words) {
  Args args = Args::parse(words, with_period({{"kind"}, {"category"}, {"channel"}, {"page-size"}, {"page-token"}}));
  args.expect_at_most(1);
  const std::string figure = args.require_positional(0, tr("指标代码（如 overdue）", "a figure code (e.g. overdue)"));
  v1::ClientFrame frame;
  auto* req = frame.mutable_list_figure_cases();
  set_unit_and_period(req, args);
  req->set_figure(figure);
  if (auto k = args.value("kind")) req->set_kind(parse_enum<v1::CaseKind>(*k, "--kind"));
  if (auto c = args.value("channel")) req->set_channel(parse_enum<v1::Channel>(*c, "--channel"));
  req->set_category(args.value_or("category", ""));
  req->set_page_size(static_cast<int>(args.integer("page-size").value_or(0)));
  req->set_page_token(args.value_or("page-token", ""));
  const auto reply = client.authed_call(std::move(frame));
  const auto& page = reply.figure_cases();
  client.emit(page, [&] {
    Table t({tr("编号", "Number"), tr("状态", "State"), tr("层级", "Level"), tr("位置", "Location"), tr("标题", "Title")});
    t.limit(4, 40);
    for (const auto& c : page.cases()) {
      t.add({c.number(), label(c.state()), label(c.level()), client.unit_name(c.location().unit_id()), c.title()});
    }
    t.print(std::cout);
    std::cout << tr("共 ", "") << page.cases_size() << tr(" 件", " case(s)") << '\n';
    if (!page.next_page_token().empty()) {
      std::cout << tr("下一页: --page-token ", "next page: --page-token ") << page.next_page_token() << '\n';
    }
  });
  return kExitOk;
}

// 12345投诉率: complaints per 10,000 residents per month, the unit and its communities or grids.
int show_complaints(Client& client, const Words& words) {
  Args args = Args::parse(words, with_period({}));
  args.expect_at_most(0);
  v1::ClientFrame frame;
  auto* req = frame.mutable_get_complaint_rates();
  set_unit_and_period(req, args);
  const auto reply = client.authed_call(std::move(frame));
  const auto& r = reply.complaint_rates();
  auto rate = [](bool has, double v) {
    if (!has) return std::string(tr("无人口数据", "no population"));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return std::string(buf);
  };
  auto trend = [](const std::string& t) -> std::string {
    if (t == "up") return tr("↑ 上升", "↑ up");
    if (t == "down") return tr("↓ 下降", "↓ down");
    if (t == "flat") return tr("→ 持平", "→ flat");
    return "-";
  };
  client.emit(r, [&] {
    std::cout << r.total().unit().name() << tr(" 12345投诉率（每万人每月投诉件数）", " 12345 complaints per 10,000 residents per month");
    if (r.has_target()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", r.target_per_10k());
      std::cout << tr("  目标值 ≤ ", "  target <= ") << buf;
    }
    std::cout << "\n\n";
    std::vector<std::string> head = {tr("月份", "Month"), tr("投诉件数", "Complaints"), tr("人口", "Residents"),
                                     tr("每万人", "Per 10,000")};
    Table months(head);
    for (const auto& m : r.total().months()) {
      months.add({m.month(), std::to_string(m.complaints()),
                  m.has_population() ? std::to_string(m.residents()) : tr("无人口数据", "no population"),
                  rate(m.has_population(), m.per_10k())});
    }
    months.print(std::cout);
    std::cout << tr("期间: ", "Period: ") << rate(r.total().has_rate(), r.total().per_10k()) << "  "
              << trend(r.total().trend()) << "\n";
    if (r.children_size() > 0) {
      std::cout << '\n' << tr("下级单位排名（投诉率由低到高）", "Child units ranked (lowest rate first)") << "\n\n";
      Table t({"#", tr("单位", "Unit"), tr("投诉件数", "Complaints"), tr("每万人每月", "Per 10,000 a month"),
               tr("趋势", "Trend"), tr("对照目标", "Against target")});
      for (const auto& c : r.children()) {
        std::int64_t complaints = 0;
        for (const auto& m : c.months()) complaints += m.complaints();
        std::string against = "-";
        if (r.has_target() && c.has_rate()) {
          against = c.per_10k() <= r.target_per_10k() ? tr("达标", "met") : tr("超出", "above");
        }
        t.add({c.rank() ? std::to_string(c.rank()) : "-", c.unit().name(), std::to_string(complaints),
               rate(c.has_rate(), c.per_10k()), trend(c.trend()), against});
      }
      t.print(std::cout);
    }
  });
  return kExitOk;
}

void write_out(const Args& args, const std::string& text) {
  if (auto path = args.value("out")) {
    std::ofstream out(*path, std::ios::binary);
    if (!out || !(out << text)) throw UsageError(std::string(tr("无法写入 ", "cannot write ")) + *path);
    std::cerr << tr("已写入 ", "written: ") << *path << '\n';
  } else {
    std::cout << text;
  }
}

}  // namespace

int report(Client& client, const Words& words) {
  const std::string sub = words.empty() ? "" : words[0];
  const Words rest(words.begin() + (words.empty() ? 0 : 1), words.end());
  auto namer = [&client](std::int64_t id) { return client.unit_name(id); };
  if (sub == "figures") return show_figures(client, rest);
  if (sub == "ranking") return show_ranking(client, rest);
  if (sub == "cases") return show_cases(client, rest);
  if (sub == "complaints") return show_complaints(client, rest);
  if (sub == "summary") {
    Args args = Args::parse(rest, with_period({}));
    args.expect_at_most(0);
    const auto f = get_figures(client, figures_request(args));
    client.emit(f, [&] { std::cout << f.summary() << '\n'; });
    return kExitOk;
  }
  if (sub == "csv") {
    Args args = Args::parse(rest, with_period({{"by", true, true}, {"trend"}, {"kind"}, {"category"}, {"channel"}, {"out"}}));
    args.expect_at_most(0);
    write_out(args, figures_csv(get_figures(client, figures_request(args)), namer));
    return kExitOk;
  }
  if (sub == "html") {
    Args args = Args::parse(rest, with_period({{"out"}, {"weights"}, {"green"}, {"yellow"}}));
    args.expect_at_most(0);
    HtmlReport report;
    v1::GetFiguresRequest req = figures_request(args);
    req.set_by_child_unit(true);
    req.set_by_department(true);
    report.by_unit = get_figures(client, req);
    req.set_by_child_unit(false);
    req.set_by_department(false);
    const Range range = parse_range(args);
    req.set_period(range.to - range.from > 120 ? v1::PERIOD_MONTH : v1::PERIOD_DAY);
    report.trend = get_figures(client, req);
    report.ranking = get_ranking(client, args);
    write_out(args, html_report(report, namer));
    return kExitOk;
  }
  if (sub == "definitions") {
    Args args = Args::parse(rest, {});
    args.expect_at_most(0);
    v1::GetFiguresRequest req;
    req.set_from("2000-01-01");
    req.set_to("2000-01-02");
    const auto f = get_figures(client, req);
    client.emit(f, [&] {
      Table t({tr("代码", "Code"), tr("名称", "Name"), tr("口径", "Definition")});
      t.limit(2, 70);
      for (const auto& d : f.definitions()) t.add({d.code(), label_of(f, d.code()), definition_text(d)});
      t.print(std::cout);
    });
    return kExitOk;
  }
  throw UsageError(tr("用法: gridcase report figures|ranking|cases|complaints|summary|csv|html|definitions ...",
                      "usage: gridcase report figures|ranking|cases|complaints|summary|csv|html|definitions ..."));
}

}  // namespace gridcase::cli
