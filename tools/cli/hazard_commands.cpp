// hazard inspect | rectify | reinspect | inspections | plan create|list|run-due: safety hazards
// (安全隐患排查整改). whistle blow | checkin | rate | list: 吹哨报到.
#include <chrono>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "gridcase/names.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

const std::vector<OptionSpec> kCommon = {{"reason"}, {"version"}, {"request-id"}};

Args parse_with(const Words& words, std::vector<OptionSpec> more) {
  more.insert(more.end(), kCommon.begin(), kCommon.end());
  return Args::parse(words, more);
}

v1::ActionHeader header_from(Client& client, const Args& args) {
  v1::ActionHeader h;
  h.set_request_id(args.value_or("request-id", new_request_id()));
  h.set_case_id(case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER"))));
  h.set_expected_version(args.integer("version").value_or(0));
  h.set_reason(args.value_or("reason", ""));
  return h;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t positive(const Args& args, const std::string& option) {
  auto v = args.integer(option);
  if (!v || *v <= 0) throw UsageError("--" + option + tr(" 需要一个正整数", " needs a positive integer"));
  return *v;
}

// 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD' (the end of that day), Asia/Shanghai.
std::int64_t time_value(const std::string& option, const std::string& text) {
  auto t = parse_shanghai_time(text);
  if (!t) t = parse_shanghai_time(text + " 23:59");
  if (!t) {
    throw UsageError(std::string(tr("无效的时间 ", "invalid time ")) + "--" + option + " " + text +
                     tr("（格式: 'YYYY-MM-DD HH:MM' 或 'YYYY-MM-DD'，北京时间）",
                        " (format: 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD', Asia/Shanghai)"));
  }
  return *t;
}

// "90s", "30m", "2h", "3d": a span from now.
std::int64_t span_ms(const std::string& option, const std::string& text) {
  const std::int64_t unit = text.empty() ? 0
                            : text.back() == 's' ? 1000
                            : text.back() == 'm' ? 60 * 1000
                            : text.back() == 'h' ? 3600 * 1000
                            : text.back() == 'd' ? 24 * 3600 * 1000
                                                 : 0;
  auto n = unit == 0 ? std::nullopt : parse_int(text.substr(0, text.size() - 1));
  if (!n || *n <= 0) {
    throw UsageError("--" + option + " " + text + tr("：时长如 90s、30m、2h、3d", ": a span such as 90s, 30m, 2h, 3d"));
  }
  return *n * unit;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(text);
  while (std::getline(in, field, sep)) fields.push_back(field);
  if (!text.empty() && text.back() == sep) fields.emplace_back();
  return fields;
}

// "CATEGORY|SEVERITY|DAYS|person或business|责任方|联系方式|描述"
v1::Finding parse_hazard(const std::string& text) {
  auto f = split(text, '|');
  if (f.size() != 7 || f[0].empty() || f[4].empty() || f[6].empty()) {
    throw UsageError(std::string(tr("无效的隐患 ", "invalid hazard ")) + "'" + text + "'" +
                     tr("（格式: 分类代码|general或major|整改天数|person或business|责任方|联系方式|描述）",
                        " (format: CATEGORY|general or major|DAYS|person or business|RESPONSIBLE|CONTACT|DESCRIPTION)"));
  }
  auto days = parse_int(f[2]);
  if (!days) throw UsageError(std::string(tr("无效的整改天数 ", "invalid rectification days ")) + f[2]);
  v1::Finding out;
  out.set_hazard(true);
  out.set_category_code(f[0]);
  out.set_severity(parse_enum<v1::HazardSeverity>(f[1], "hazard (severity)"));
  out.set_deadline_days(static_cast<std::int32_t>(*days));
  out.mutable_responsible()->set_kind(parse_enum<v1::ResponsibleKind>(f[3], "hazard (responsible kind)"));
  out.mutable_responsible()->set_name(f[4]);
  out.mutable_responsible()->set_contact(f[5]);
  out.set_description(f[6]);
  return out;
}

void print_inspection(Client& client, const v1::Inspection& x) {
  std::cout << "#" << x.id() << "  " << label_of(x.state()) << "  " << x.site() << "  "
            << client.unit_name(x.site_unit_id()) << "  " << tr("排查人 ", "inspector ")
            << client.user_name(x.inspector_user_id());
  if (x.plan_id() != 0) std::cout << "  " << tr("计划 #", "plan #") << x.plan_id();
  if (x.due_at() != 0) std::cout << "  " << tr("应排查 ", "due ") << format_time(x.due_at());
  if (x.done_at() != 0) std::cout << "  " << tr("排查于 ", "done ") << format_time(x.done_at());
  std::cout << "  " << tr("版本 ", "version ") << x.version() << '\n';
  for (const auto& f : x.findings()) {
    std::cout << "  - " << f.description();
    if (f.hazard()) {
      std::cout << "  【" << label_of(f.severity()) << "】" << tr(" 整改 ", " rectify in ") << f.deadline_days()
                << tr(" 天", " days") << tr("  案件ID ", "  case id ") << f.case_id();
    }
    std::cout << '\n';
  }
}

void print_plan(Client& client, const v1::InspectionPlan& p) {
  std::cout << tr("计划 #", "plan #") << p.id() << "  " << p.site() << "  " << client.unit_name(p.site_unit_id())
            << "  " << tr("每 ", "every ") << p.period_days() << tr(" 天", " days") << "  "
            << tr("排查人 ", "inspector ") << client.user_name(p.inspector_user_id()) << "  "
            << tr("下次 ", "next ") << format_time(p.next_due_at()) << "  " << tr("已生成 ", "made ")
            << p.inspections_made() << (p.active() ? "" : tr("  （已停用）", "  (inactive)")) << '\n';
}

int plan_command(Client& client, const Words& words) {
  const std::string sub = words.empty() ? "" : words[0];
  const Words rest(words.begin() + (words.empty() ? 0 : 1), words.end());
  v1::ClientFrame frame;
  if (sub == "create") {
    Args args = Args::parse(rest, {{"unit"}, {"site"}, {"every"}, {"inspector"}, {"first"}, {"request-id"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_create_inspection_plan();
    r->set_request_id(args.value_or("request-id", new_request_id()));
    r->set_site_unit_id(positive(args, "unit"));
    r->set_site(args.require("site"));
    r->set_period_days(static_cast<std::int32_t>(positive(args, "every")));
    r->set_inspector_user_id(positive(args, "inspector"));
    if (auto first = args.value("first")) r->set_first_due_at(time_value("first", *first));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.inspection_plan(), [&] { print_plan(client, reply.inspection_plan().plan()); });
    return kExitOk;
  }
  if (sub == "list") {
    Args args = Args::parse(rest, {{"unit"}});
    args.expect_at_most(0);
    frame.mutable_list_inspection_plans()->set_unit_id(args.integer("unit").value_or(0));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.inspection_plans(), [&] {
      for (const auto& p : reply.inspection_plans().plans()) print_plan(client, p);
      if (reply.inspection_plans().plans().empty()) std::cout << tr("（无排查计划）", "(no plans)") << '\n';
    });
    return kExitOk;
  }
  if (sub == "run-due") {
    Args args = Args::parse(rest, {});
    args.expect_at_most(0);
    frame.mutable_run_due_plans();
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.due_plans_run(), [&] {
      std::cout << tr("生成排查任务 ", "inspections made: ") << reply.due_plans_run().inspections_made() << '\n';
    });
    return kExitOk;
  }
  throw UsageError(tr("用法: gridcase hazard plan create|list|run-due ...", "usage: gridcase hazard plan create|list|run-due ..."));
}

void print_whistle(Client& client, const v1::Case& c) {
  std::cout << c.number() << "  " << c.title() << "  " << label(c.state()) << '\n';
  for (const auto& w : c.whistle().calls()) {
    std::cout << "  " << client.unit_name(w.department_unit_id()) << " (#" << w.department_unit_id() << ")  "
              << tr("报到时限 ", "report by ") << format_time(w.report_by()) << "  ";
    if (w.checked_in_at() == 0) {
      std::cout << tr("未报到", "not checked in");
    } else {
      std::cout << tr("报到 ", "checked in ") << format_time(w.checked_in_at())
                << (w.late() ? tr(" 【迟到】", " [LATE]") : "") << "  " << w.contribution();
    }
    if (w.rating() != 0) {
      std::cout << "  " << tr("评价 ", "rating ") << w.rating() << "/5";
      if (!w.rating_comment().empty()) std::cout << " " << w.rating_comment();
    }
    std::cout << '\n';
  }
}

}  // namespace

// Labels of the hazard enumerations (names.hpp holds the Chinese ones).
std::string label_of(v1::InspectionState v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<InspectionState>(static_cast<int>(v)));
  return enum_id(v);
}
std::string label_of(v1::HazardSeverity v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<HazardSeverity>(static_cast<int>(v)));
  return enum_id(v);
}

void print_hazard_details(Client& client, const v1::Case& c) {
  if (c.kind() == v1::CASE_KIND_HAZARD && c.has_hazard()) {
    const v1::Hazard& h = c.hazard();
    std::cout << tr("安全隐患: ", "Hazard: ") << label_of(h.severity()) << "  " << h.site() << "  "
              << tr("责任方 ", "responsible ") << h.responsible().name() << " " << h.responsible().contact() << "  "
              << tr("整改期限 ", "period ") << h.deadline_days() << tr(" 天", " days") << '\n';
    std::cout << "  " << tr("整改报告 ", "rectifications ") << h.rectifications_size() << "  "
              << tr("复查 ", "re-inspections ") << h.reinspections_size() << "  "
              << tr("复查未通过 ", "failed re-inspections ") << h.failed_reinspections()
              << (h.awaiting_reinspection() ? tr("  （待复查）", "  (awaiting re-inspection)") : "") << '\n';
  }
  if (c.has_whistle() && c.whistle().calls_size() > 0) {
    std::cout << tr("吹哨报到:", "Whistle:") << '\n';
    for (const auto& w : c.whistle().calls()) {
      std::cout << "  " << client.unit_name(w.department_unit_id()) << "  "
                << (w.checked_in_at() == 0 ? tr("未报到", "not checked in")
                                           : (w.late() ? tr("迟到报到", "late") : tr("按时报到", "on time")));
      if (w.rating() != 0) std::cout << "  " << tr("评价 ", "rating ") << w.rating() << "/5";
      std::cout << '\n';
    }
  }
}

const std::vector<std::string>& hazard_words() {
  static const std::vector<std::string> words = {"inspect", "rectify", "reinspect", "inspections", "plan"};
  return words;
}

int hazard_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "plan") return plan_command(client, words);
  if (verb == "inspect") {
    Args args = Args::parse(words, {{"unit"}, {"site"}, {"inspection"}, {"version"}, {"note"},
                                    {"hazard", true, true}, {"ok", true, true}, {"request-id"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_record_inspection();
    r->set_request_id(args.value_or("request-id", new_request_id()));
    if (auto planned = args.integer("inspection")) {
      r->set_inspection_id(*planned);
      r->set_expected_version(args.integer("version").value_or(0));
      r->set_site(args.value_or("site", ""));
    } else {
      if (!args.has("unit") || !args.has("site")) {
        throw UsageError(tr("排查需要 --unit 网格或楼栋ID --site 场所（或 --inspection 计划排查ID）",
                            "inspect needs --unit UNIT_ID --site SITE (or --inspection ID of a planned one)"));
      }
      r->set_site_unit_id(positive(args, "unit"));
      r->set_site(args.require("site"));
    }
    r->set_note(args.value_or("note", ""));
    for (const auto& h : args.values("hazard")) *r->add_findings() = parse_hazard(h);
    for (const auto& ok : args.values("ok")) r->add_findings()->set_description(ok);
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.inspection(), [&] { print_inspection(client, reply.inspection().inspection()); });
    return kExitOk;
  }
  if (verb == "inspections") {
    Args args = Args::parse(words, {{"unit"}, {"state"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_list_inspections();
    r->set_unit_id(args.integer("unit").value_or(0));
    if (auto state = args.value("state")) r->set_state(parse_enum<v1::InspectionState>(*state, "state"));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.inspections(), [&] {
      for (const auto& x : reply.inspections().inspections()) print_inspection(client, x);
      if (reply.inspections().inspections().empty()) std::cout << tr("（无排查记录）", "(no inspections)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "rectify") {
    Args args = parse_with(words, {{"evidence", true, true}});
    args.expect_at_most(1);
    if (!args.has("reason")) throw UsageError(tr("整改报告需要 --reason 整改情况", "rectify needs --reason NOTE"));
    auto* r = frame.mutable_report_rectification();
    for (const auto& e : args.values("evidence")) r->add_evidence(e);
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "reinspect") {
    Args args = parse_with(words, {{"pass", false}, {"fail", false}, {"days"}});
    args.expect_at_most(1);
    if (args.has("pass") == args.has("fail")) {
      throw UsageError(tr("复查需要 --pass 或 --fail --days 新整改天数（二选一）", "reinspect needs --pass, or --fail --days N"));
    }
    auto* r = frame.mutable_reinspect();
    r->set_passed(args.has("pass"));
    if (args.has("fail")) r->set_deadline_days(static_cast<std::int32_t>(args.integer("days").value_or(0)));
    *r->mutable_header() = header_from(client, args);
  } else {
    throw UsageError(std::string(tr("未知的 hazard 子命令 ", "unknown hazard subcommand ")) + verb);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  print_case_step(client, reply.case_result());
  if (!client.json()) print_hazard_details(client, reply.case_result().case_());
  return kExitOk;
}

const std::vector<std::string>& whistle_words() {
  static const std::vector<std::string> words = {"blow", "checkin", "rate", "list"};
  return words;
}

int whistle_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "list") {
    Args args = Args::parse(words, {});
    args.expect_at_most(1);
    if (!args.positional().empty()) {
      frame.mutable_get_case()->set_case_id(case_id_of(client, args.positional()[0]));
      v1::Reply reply = client.authed_call(std::move(frame));
      client.emit(reply.case_detail().case_().whistle(), [&] { print_whistle(client, reply.case_detail().case_()); });
      return kExitOk;
    }
    // The caller's cases that have departments whistled in (for a department: the cases it was
    // whistled into).
    frame.mutable_list_cases()->set_page_size(500);
    v1::Reply reply = client.authed_call(std::move(frame));
    v1::ListCasesResponse whistled;
    for (const auto& c : reply.cases().cases()) {
      if (c.whistle().calls_size() > 0) *whistled.add_cases() = c;
    }
    client.emit(whistled, [&] {
      for (const auto& c : whistled.cases()) print_whistle(client, c);
      if (whistled.cases().empty()) std::cout << tr("（无吹哨案件）", "(no whistled cases)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "blow") {
    Args args = parse_with(words, {{"dept", true, true}, {"by"}, {"within"}});
    args.expect_at_most(1);
    if (args.values("dept").empty()) throw UsageError(tr("吹哨需要至少一个 --dept 职能部门ID", "blow needs --dept UNIT_ID"));
    if (args.has("by") == args.has("within")) {
      throw UsageError(tr("吹哨需要 --by 'YYYY-MM-DD HH:MM' 或 --within 时长（如 2h），二选一",
                          "blow needs one of --by 'YYYY-MM-DD HH:MM', --within SPAN (e.g. 2h)"));
    }
    auto* r = frame.mutable_whistle();
    for (const auto& d : args.values("dept")) {
      auto id = parse_int(d);
      if (!id) throw UsageError(std::string("--dept ") + d);
      r->add_department_unit_ids(*id);
    }
    r->set_report_by(args.has("by") ? time_value("by", *args.value("by")) : now_ms() + span_ms("within", *args.value("within")));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "checkin") {
    Args args = parse_with(words, {{"dept"}});
    args.expect_at_most(1);
    if (!args.has("reason")) throw UsageError(tr("报到需要 --reason 本部门的工作", "checkin needs --reason CONTRIBUTION"));
    auto* r = frame.mutable_check_in();
    r->set_department_unit_id(args.integer("dept").value_or(0));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "rate") {
    Args args = parse_with(words, {{"dept"}, {"rating"}});
    args.expect_at_most(1);
    auto* r = frame.mutable_rate_department();
    r->set_department_unit_id(positive(args, "dept"));
    r->set_rating(static_cast<std::int32_t>(args.integer("rating").value_or(0)));
    *r->mutable_header() = header_from(client, args);
  } else {
    throw UsageError(std::string(tr("未知的 whistle 子命令 ", "unknown whistle subcommand ")) + verb);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  print_case_step(client, reply.case_result());
  if (!client.json()) print_whistle(client, reply.case_result().case_());
  return kExitOk;
}

}  // namespace gridcase::cli
