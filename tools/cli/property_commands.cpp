// property companies|estates|add-estate|send|figures|ranking: property companies (物业企业), the
// estates they serve and their figures; `report property`: the monthly 监督评议 report of one
// company, in Chinese, as HTML or CSV. forums record|show|list|opinion-case|opinion-answer|
// figures: residents' forums (群众恳谈会).
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "gridcase/figures.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

std::int64_t positive(const Args& args, const std::string& option) {
  auto v = args.integer(option);
  if (!v || *v <= 0) throw UsageError("--" + option + tr(" 需要一个正整数", " needs a positive integer"));
  return *v;
}

struct Month {
  std::string from, to, label;  // [from, to) as dates, "2026-11"
};

// --month 2026-11 (required for reports); --from D --to D (inclusive) for figures; else the
// current month.
Month month_of(const Args& args, bool required) {
  auto m = args.value("month");
  if (!m && !required && args.has("from")) {
    auto from = parse_day(args.require("from"));
    auto to = parse_day(args.require("to"));
    if (!from || !to || *to < *from) throw UsageError(tr("--from/--to 应为 YYYY-MM-DD", "--from/--to must be YYYY-MM-DD"));
    return {format_day(*from), format_day(*to + 1), format_day(*from) + "至" + format_day(*to)};
  }
  if (!m) {
    if (required) throw UsageError(tr("需要 --month YYYY-MM", "--month YYYY-MM is required"));
    const int today = shanghai_day(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    const int start = period_start(today, Period::kMonth);
    return {format_day(start), format_day(period_end(start, Period::kMonth)), format_day(start).substr(0, 7)};
  }
  auto start = m->size() == 7 ? parse_day(*m + "-01") : std::nullopt;
  if (!start) throw UsageError(tr("--month 应为 YYYY-MM，如 2026-11", "--month must be YYYY-MM, e.g. 2026-11"));
  return {format_day(*start), format_day(period_end(*start, Period::kMonth)), *m};
}

std::string percent(const v1::RateValue& r) {
  return format_percent(Ratio{r.numerator(), r.denominator()});
}

std::string per_1000(const v1::CompanyFigures& f) {
  if (!f.has_households()) return tr("—（未登记小区户数）", "— (no estates)");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", f.per_1000());
  return buf;
}

std::string ratio_text(const v1::RateValue& r) {
  return percent(r) + "（" + std::to_string(r.numerator()) + "/" + std::to_string(r.denominator()) + "）";
}

void print_figures(Client& client, const v1::CompanyFigures& f) {
  std::cout << (f.rank() ? "#" + std::to_string(f.rank()) + "  " : std::string()) << f.company().name() << " (#"
            << f.company().id() << ")  " << tr("服务户数 ", "households ") << f.households() << "  "
            << tr("投诉 ", "complaints ") << f.cases() << "  " << tr("每千户 ", "per 1,000 ") << per_1000(f) << "  "
            << tr("响应率 ", "response ") << percent(f.response()) << "  " << tr("解决率 ", "resolution ")
            << percent(f.resolution()) << "  " << tr("满意率 ", "satisfaction ") << percent(f.satisfaction()) << "  "
            << tr("返工率 ", "rework ") << percent(f.rework()) << '\n';
  for (const auto& c : f.cases_list()) {
    std::cout << "  " << c.number() << "  " << c.title() << "  " << label(c.state()) << '\n';
  }
  (void)client;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string time_text(std::int64_t ms) {
  if (ms == 0) return "";
  return format_day(shanghai_day(ms));
}

// 物业企业监督评议月报: the company, its estates, its figures and its cases.
std::string company_csv(Client& client, const v1::CompanyFigures& f, const Month& m) {
  std::ostringstream out;
  out << "\xEF\xBB\xBF";  // a BOM: spreadsheet programs then read the Chinese as UTF-8
  out << "物业企业监督评议月报," << csv_field(f.company().name()) << "," << m.label << "\n";
  out << "指标,数值,分子,分母\n";
  out << "服务户数," << f.households() << ",,\n";
  out << "投诉件数," << f.cases() << ",,\n";
  out << "每千户投诉," << (f.has_households() ? per_1000(f) : "—") << "," << f.cases() << "," << f.households() << "\n";
  const std::pair<const char*, const v1::RateValue*> rates[] = {
      {"响应率", &f.response()}, {"解决率", &f.resolution()}, {"满意率", &f.satisfaction()}, {"返工率", &f.rework()}};
  for (const auto& [name, r] : rates) {
    out << name << "," << percent(*r) << "," << r->numerator() << "," << r->denominator() << "\n";
  }
  out << "\n小区,所在社区,户数\n";
  for (const auto& e : f.estates()) {
    out << csv_field(e.name()) << "," << csv_field(client.unit_name(e.community_id())) << "," << e.households() << "\n";
  }
  out << "\n案件编号,标题,状态,登记日期\n";
  for (const auto& c : f.cases_list()) {
    out << csv_field(c.number()) << "," << csv_field(c.title()) << "," << csv_field(label(c.state())) << ","
        << time_text(c.created_at()) << "\n";
  }
  return out.str();
}

std::string company_html(Client& client, const v1::CompanyFigures& f, const Month& m) {
  std::ostringstream out;
  const std::string title = f.company().name() + " " + m.label + " 监督评议月报";
  out << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" << html_escape(title)
      << "</title>\n<style>body{font-family:sans-serif;font-size:16px;line-height:1.5;margin:2em}"
         "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #888;padding:4px 10px;text-align:left}"
         "</style></head><body>\n";
  out << "<h1>" << html_escape(title) << "</h1>\n";
  out << "<p>统计期间：" << m.from << " 至 " << format_day(*parse_day(m.to) - 1)
      << "。口径：该企业被投诉或经派遣承办、在本月登记的案件；响应率、解决率、满意率取自12345工单的签收与回访，"
         "返工率 = 返工 ÷ 结案。</p>\n";
  out << "<h2>评议指标</h2>\n<table><tr><th>指标</th><th>数值</th></tr>\n";
  out << "<tr><td>服务户数</td><td>" << f.households() << "</td></tr>\n";
  out << "<tr><td>投诉件数</td><td>" << f.cases() << "</td></tr>\n";
  out << "<tr><td>每千户投诉</td><td>" << html_escape(per_1000(f)) << "</td></tr>\n";
  out << "<tr><td>响应率</td><td>" << html_escape(ratio_text(f.response())) << "</td></tr>\n";
  out << "<tr><td>解决率</td><td>" << html_escape(ratio_text(f.resolution())) << "</td></tr>\n";
  out << "<tr><td>满意率</td><td>" << html_escape(ratio_text(f.satisfaction())) << "</td></tr>\n";
  out << "<tr><td>返工率</td><td>" << html_escape(ratio_text(f.rework())) << "</td></tr>\n</table>\n";
  out << "<h2>服务小区</h2>\n<table><tr><th>小区</th><th>所在社区</th><th>户数</th></tr>\n";
  for (const auto& e : f.estates()) {
    out << "<tr><td>" << html_escape(e.name()) << "</td><td>" << html_escape(client.unit_name(e.community_id()))
        << "</td><td>" << e.households() << "</td></tr>\n";
  }
  out << "</table>\n<h2>案件清单</h2>\n<table><tr><th>案件编号</th><th>标题</th><th>状态</th><th>登记日期</th></tr>\n";
  for (const auto& c : f.cases_list()) {
    out << "<tr><td>" << html_escape(c.number()) << "</td><td>" << html_escape(c.title()) << "</td><td>"
        << html_escape(label(c.state())) << "</td><td>" << time_text(c.created_at()) << "</td></tr>\n";
  }
  if (f.cases_list().empty()) out << "<tr><td colspan=\"4\">本月无案件</td></tr>\n";
  out << "</table>\n</body></html>\n";
  return out.str();
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

v1::Reply company_figures(Client& client, std::int64_t company, const Month& m) {
  v1::ClientFrame frame;
  auto* r = frame.mutable_get_company_figures();
  r->set_company_id(company);
  r->set_from(m.from);
  r->set_to(m.to);
  return client.authed_call(std::move(frame));
}

void print_forum(Client& client, const v1::Forum& f) {
  std::cout << tr("恳谈会 #", "forum #") << f.id() << "  " << f.held_on() << "  " << client.unit_name(f.unit_id())
            << "  " << f.place() << "  " << tr("参会 ", "attendance ") << f.attendance() << tr(" 人", "") << "  "
            << tr("版本 ", "version ") << f.version() << '\n';
  int n = 0;
  for (const auto& o : f.opinions()) {
    std::cout << "  " << ++n << ". " << o.text();
    if (o.case_id() != 0) {
      std::cout << tr("  → 已转案件 ", "  → case ") << o.case_number() << " (#" << o.case_id() << ")";
    } else if (o.answered_at() != 0) {
      std::cout << tr("  → 当场答复：", "  → answered: ") << o.answer();
    } else {
      std::cout << tr("  （待处理）", "  (open)");
    }
    std::cout << '\n';
  }
}

void print_forum_figures(const v1::ForumFigures& f) {
  std::cout << f.unit().name() << "  " << tr("恳谈会 ", "forums ") << f.forums() << "  " << tr("参会 ", "attendance ")
            << f.attendance() << "  " << tr("意见 ", "opinions ") << f.opinions() << "  "
            << tr("当场答复 ", "answered ") << f.answered() << "  " << tr("转为案件 ", "turned into cases ")
            << f.turned_into_cases() << "（" << tr("已结案 ", "closed ") << f.cases_closed() << tr("，在办 ", ", open ")
            << f.cases_open() << tr("，不予受理或合并 ", ", not accepted or merged ") << f.cases_other() << "）\n";
}

}  // namespace

int property_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "companies" || verb == "estates") {
    Args args = Args::parse(words, {{"company"}});
    args.expect_at_most(0);
    frame.mutable_list_estates()->set_company_id(args.integer("company").value_or(0));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.estates(), [&] {
      for (const auto& c : reply.estates().companies()) {
        if (args.has("company") && c.id() != *args.integer("company")) continue;
        std::int64_t households = 0;
        for (const auto& e : reply.estates().estates()) households += e.company_id() == c.id() ? e.households() : 0;
        std::cout << "#" << c.id() << "  " << c.name() << "  " << tr("服务户数 ", "households ") << households << '\n';
        for (const auto& e : reply.estates().estates()) {
          if (e.company_id() != c.id()) continue;
          std::cout << "  " << tr("小区 #", "estate #") << e.id() << "  " << e.name() << "  "
                    << client.unit_name(e.community_id()) << "  " << e.households() << tr(" 户", " households") << '\n';
        }
      }
      if (reply.estates().companies().empty()) std::cout << tr("（无物业企业）", "(no property companies)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "add-estate") {
    Args args = Args::parse(words, {{"company"}, {"community"}, {"name"}, {"households"}, {"request-id"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_add_estate();
    r->set_request_id(args.value_or("request-id", new_request_id()));
    r->set_company_id(positive(args, "company"));
    r->set_community_id(positive(args, "community"));
    r->set_name(args.require("name"));
    auto households = args.integer("households");
    if (!households) throw UsageError(tr("--households 需要一个整数", "--households needs a number"));
    r->set_households(*households);
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.estates(), [&] {
      for (const auto& e : reply.estates().estates()) {
        std::cout << tr("已登记小区 #", "estate #") << e.id() << "  " << e.name() << "  " << e.households()
                  << tr(" 户", " households") << '\n';
      }
    });
    return kExitOk;
  }
  if (verb == "send") {
    // A case sent to a company is a dispatch (派遣) to it: `cases dispatch ID --unit COMPANY`.
    Args args = Args::parse(words, {{"company"}, {"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    Words dispatch = {args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")), "--unit",
                      std::to_string(positive(args, "company"))};
    for (const char* o : {"reason", "version", "request-id"}) {
      if (auto v = args.value(o)) {
        dispatch.push_back(std::string("--") + o);
        dispatch.push_back(*v);
      }
    }
    return case_action(client, "dispatch", dispatch);
  }
  if (verb == "figures") {
    Args args = Args::parse(words, {{"company"}, {"month"}, {"from"}, {"to"}});
    args.expect_at_most(0);
    const Month m = month_of(args, false);
    v1::Reply reply = company_figures(client, positive(args, "company"), m);
    client.emit(reply.company_figures(), [&] { print_figures(client, reply.company_figures()); });
    return kExitOk;
  }
  if (verb == "ranking") {
    Args args = Args::parse(words, {{"month"}, {"from"}, {"to"}});
    args.expect_at_most(0);
    const Month m = month_of(args, false);
    auto* r = frame.mutable_get_company_ranking();
    r->set_from(m.from);
    r->set_to(m.to);
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.company_ranking(), [&] {
      std::cout << tr("物业企业排名 ", "Property companies ") << m.label
                << tr("（每千户投诉由低到高）", " (complaints per 1,000 households, lowest first)") << '\n';
      for (const auto& row : reply.company_ranking().rows()) print_figures(client, row);
    });
    return kExitOk;
  }
  throw UsageError(tr("用法: gridcase property companies|estates|add-estate|send|figures|ranking ...",
                      "usage: gridcase property companies|estates|add-estate|send|figures|ranking ..."));
}

const std::vector<std::string>& property_words() {
  static const std::vector<std::string> words = {"companies", "estates", "add-estate", "send", "figures", "ranking"};
  return words;
}

int property_report(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"company"}, {"month"}, {"format"}, {"out"}});
  args.expect_at_most(0);
  const Month m = month_of(args, true);
  const std::string format = args.value_or("format", "html");
  if (format != "html" && format != "csv") throw UsageError(tr("--format 应为 html 或 csv", "--format must be html or csv"));
  v1::Reply reply = company_figures(client, positive(args, "company"), m);
  const auto& f = reply.company_figures();
  write_out(args, format == "csv" ? company_csv(client, f, m) : company_html(client, f, m));
  return kExitOk;
}

int forums_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "record") {
    Args args = Args::parse(words, {{"unit"}, {"date"}, {"place"}, {"attendance"}, {"note"}, {"opinion", true, true},
                                    {"request-id"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_record_forum();
    r->set_request_id(args.value_or("request-id", new_request_id()));
    r->set_unit_id(positive(args, "unit"));
    r->set_held_on(args.require("date"));
    r->set_place(args.require("place"));
    auto attendance = args.integer("attendance");
    if (!attendance) throw UsageError(tr("--attendance 需要一个整数", "--attendance needs a number"));
    r->set_attendance(*attendance);
    r->set_note(args.value_or("note", ""));
    for (const auto& o : args.values("opinion")) r->add_opinions(o);
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.forums(), [&] {
      for (const auto& f : reply.forums().forums()) print_forum(client, f);
    });
    return kExitOk;
  }
  if (verb == "show" || verb == "list") {
    Args args = Args::parse(words, {{"unit"}, {"limit"}});
    auto* r = frame.mutable_list_forums();
    if (verb == "show") {
      args.expect_at_most(1);
      auto id = parse_int(args.require_positional(0, tr("恳谈会ID", "FORUM_ID")));
      if (!id || *id <= 0) throw UsageError(tr("恳谈会ID 应为正整数", "FORUM_ID must be a positive number"));
      r->set_forum_id(*id);
    } else {
      args.expect_at_most(0);
      r->set_unit_id(args.integer("unit").value_or(0));
      r->set_limit(static_cast<std::int32_t>(args.integer("limit").value_or(50)));
    }
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.forums(), [&] {
      for (const auto& f : reply.forums().forums()) print_forum(client, f);
      if (reply.forums().forums().empty()) std::cout << tr("（无恳谈会）", "(no forums)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "opinion-case" || verb == "opinion-answer") {
    Args args = Args::parse(words, {{"answer"}, {"kind"}, {"category"}, {"unit"}, {"title"}, {"address"},
                                    {"complained"}, {"request-id"}});
    args.expect_at_most(2);
    auto forum = parse_int(args.require_positional(0, tr("恳谈会ID", "FORUM_ID")));
    auto opinion = parse_int(args.require_positional(1, tr("意见序号", "OPINION_NUMBER")));
    if (!forum || !opinion) throw UsageError(tr("恳谈会ID和意见序号应为整数", "FORUM_ID and OPINION_NUMBER are numbers"));
    auto* r = frame.mutable_handle_opinion();
    r->set_request_id(args.value_or("request-id", new_request_id()));
    r->set_forum_id(*forum);
    r->set_opinion(static_cast<std::int32_t>(*opinion));
    if (verb == "opinion-answer") {
      r->set_answer(args.require("answer"));
    } else {
      auto* c = r->mutable_new_case();
      const std::string kind = args.value_or("kind", "INCIDENT");
      v1::CaseKind k = v1::CASE_KIND_INCIDENT;
      if (!v1::CaseKind_Parse("CASE_KIND_" + kind, &k)) throw UsageError(tr("未知的案件类型 ", "unknown kind ") + kind);
      c->set_kind(k);
      c->set_category_code(args.require("category"));
      c->set_channel(v1::CHANNEL_WALK_IN);
      c->set_title(args.value_or("title", ""));
      c->mutable_location()->set_unit_id(positive(args, "unit"));
      c->mutable_location()->set_address(args.value_or("address", ""));
      c->set_complained_unit_id(args.integer("complained").value_or(0));
    }
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.forums(), [&] {
      for (const auto& f : reply.forums().forums()) print_forum(client, f);
    });
    return kExitOk;
  }
  if (verb == "figures") {
    Args args = Args::parse(words, {{"unit"}, {"month"}, {"from"}, {"to"}});
    args.expect_at_most(0);
    const Month m = month_of(args, false);
    auto* r = frame.mutable_get_forum_figures();
    r->set_unit_id(args.integer("unit").value_or(0));
    r->set_from(m.from);
    r->set_to(m.to);
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.forum_figures(), [&] {
      std::cout << tr("恳谈会 ", "Forums ") << m.label << '\n';
      print_forum_figures(reply.forum_figures().total());
      for (const auto& c : reply.forum_figures().communities()) {
        std::cout << "  ";
        print_forum_figures(c);
      }
    });
    return kExitOk;
  }
  throw UsageError(tr("用法: gridcase forums record|show|list|opinion-case|opinion-answer|figures ...",
                      "usage: gridcase forums record|show|list|opinion-case|opinion-answer|figures ..."));
}

const std::vector<std::string>& forums_words() {
  static const std::vector<std::string> words = {"record", "show", "list", "opinion-case", "opinion-answer", "figures"};
  return words;
}

}  // namespace gridcase::cli
