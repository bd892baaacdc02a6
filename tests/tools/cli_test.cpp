// The CLI's parsers and formatters, without a server.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "action_verbs.hpp"
#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"
#include "server_url.hpp"
#include "token_store.hpp"

using namespace gridcase::cli;
namespace v1 = gridcase::v1;

TEST_CASE("server addresses are ws:// URLs with a host, a port and a path") {
  auto url = parse_server_url("ws://127.0.0.1:8080/ws");
  REQUIRE(url);
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == "8080");
  CHECK(url->path == "/ws");

  auto bare = parse_server_url("ws://grid.example");
  REQUIRE(bare);
  CHECK(bare->port == "80");
  CHECK(bare->path == "/ws");

  auto v6 = parse_server_url("ws://[::1]:9000/gridcase/ws");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "9000");
  CHECK(v6->path == "/gridcase/ws");

  for (const char* bad : {"http://127.0.0.1:8080/ws", "wss://host/ws", "ws://:8080/ws",
                          "ws://host:0/ws", "ws://host:70000/ws", "ws://host:80a/ws", "ws://[::1/ws"}) {
    INFO(bad);
    CHECK_FALSE(parse_server_url(bad));
  }
}

TEST_CASE("a server address is written out in full, so that two spellings of one server compare equal") {
  CHECK(format_server_url(*parse_server_url("ws://grid.example")) == "ws://grid.example:80/ws");
  CHECK(format_server_url(*parse_server_url("ws://[::1]:9000/gridcase/ws")) == "ws://[::1]:9000/gridcase/ws");
  CHECK(*parse_server_url("ws://grid.example") == *parse_server_url("ws://grid.example:80/ws"));
  CHECK(*parse_server_url("ws://127.0.0.1:8080/ws") != *parse_server_url("ws://127.0.0.1:8081/ws"));
  CHECK(*parse_server_url("ws://127.0.0.1:8080/ws") != *parse_server_url("ws://127.0.0.1:8080/other"));
}

TEST_CASE("command options take values, flags and repeats as declared") {
  std::vector<OptionSpec> specs = {{"kind", true, true}, {"unit"}, {"all", false}};
  Args a = Args::parse({"show", "--kind", "dispute", "--unit=12", "--kind", "hazard", "--all", "--", "--x"},
                       specs);
  CHECK(a.positional() == std::vector<std::string>{"show", "--x"});
  CHECK(a.values("kind") == std::vector<std::string>{"dispute", "hazard"});
  CHECK(a.integer("unit") == 12);
  CHECK(a.has("all"));
  CHECK_FALSE(a.has("text"));
  CHECK(a.value_or("text", "none") == "none");

  CHECK_THROWS_AS(Args::parse({"--frob"}, specs), UsageError);
  CHECK_THROWS_AS(Args::parse({"--unit"}, specs), UsageError);
  CHECK_THROWS_AS(Args::parse({"--unit", "1", "--unit", "2"}, specs), UsageError);
  CHECK_THROWS_AS(Args::parse({"--all=yes"}, specs), UsageError);
  CHECK_THROWS_AS(Args::parse({"--unit", "twelve"}, specs).integer("unit"), UsageError);
  CHECK_THROWS_AS(Args::parse({"a", "b"}, specs).expect_at_most(1), UsageError);
  CHECK_THROWS_AS(Args::parse({}, specs).require_positional(0, "ID"), UsageError);
  try {
    Args::parse({}, specs).require("unit");
    FAIL("require did not throw");
  } catch (const UsageError& e) {
    CHECK(e.exit_code() == kExitUsage);
  }
}

TEST_CASE("an option takes the next word as its value, whatever it looks like") {
  std::vector<OptionSpec> specs = {{"reason"}, {"lat"}, {"all", false}};
  Args a = Args::parse({"XC-2026-000001", "--reason", "--all", "--lat", "-36.5", "-7"}, specs);
  CHECK(a.value("reason") == "--all");
  CHECK(a.value("lat") == "-36.5");
  CHECK_FALSE(a.has("all"));
  CHECK(a.positional() == std::vector<std::string>{"XC-2026-000001", "-7"});
  CHECK(Args::parse({"--", "-x", "--reason"}, specs).positional() == std::vector<std::string>{"-x", "--reason"});
  CHECK_THROWS_AS(Args::parse({"-x"}, specs), UsageError);
  CHECK_THROWS_AS(Args::parse({"--reason", "a", "--all", "--all"}, specs), UsageError);
}

TEST_CASE("enum values are accepted in any case, without their prefix") {
  CHECK(parse_enum<v1::CaseKind>("dispute", "kind") == v1::CASE_KIND_DISPUTE);
  CHECK(parse_enum<v1::CaseState>("in_progress", "state") == v1::CASE_STATE_IN_PROGRESS);
  CHECK(parse_enum<v1::CaseState>("In-Progress", "state") == v1::CASE_STATE_IN_PROGRESS);
  CHECK(parse_enum<v1::CaseState>("CASE_STATE_CLOSED", "state") == v1::CASE_STATE_CLOSED);
  CHECK(parse_enum<v1::EscalationReason>("risk", "escalation") == v1::ESCALATION_REASON_RISK);
  CHECK_THROWS_AS(parse_enum<v1::CaseKind>("unspecified", "kind"), UsageError);
  try {
    parse_enum<v1::CaseKind>("traffic", "kind");
    FAIL("an unknown kind was accepted");
  } catch (const UsageError& e) {
    std::string what = e.what();
    CHECK(what.find("hotline") != std::string::npos);
    CHECK(what.find("incident") != std::string::npos);
  }
  CHECK(enum_id(v1::CASE_STATE_IN_PROGRESS) == "IN_PROGRESS");
  CHECK(action_command(v1::ACTION_ASSIGN_LEADER) == "cases lead");
  CHECK(action_command(v1::ACTION_ACCEPT) == "cases accept");
  CHECK(action_command(v1::ACTION_REQUEST_EXTENSION) == "cases extend");
  CHECK(action_command(v1::ACTION_DECIDE_EXTENSION) == "cases decide-extension");
  CHECK(action_command(v1::ACTION_RECORD_CONSENT) == "mediation consent");  // not "record_consent"
  CHECK(action_command(v1::ACTION_CLOCK_EXPIRED).empty());
  CHECK(parse_enum<v1::ClockKind>("return_window", "clock") == v1::CLOCK_KIND_RETURN_WINDOW);
}

TEST_CASE("labels are Chinese by default and English on request") {
  set_lang(Lang::kZh);
  CHECK(label(v1::CASE_STATE_IN_PROGRESS) == "处置中");
  CHECK(label(v1::UNIT_TYPE_GRID) == "网格");
  CHECK(label(v1::ACTION_URGE) == "督办");
  CHECK(std::string(tr("中", "en")) == "中");
  set_lang(Lang::kEn);
  CHECK(label(v1::CASE_STATE_IN_PROGRESS) == "in progress");
  CHECK(label(v1::UNIT_TYPE_SUB_DISTRICT) == "sub-district");
  CHECK(label(v1::ACTION_ASSIGN_LEADER) == "assign leader");
  CHECK(std::string(tr("中", "en")) == "en");
  set_lang(Lang::kZh);
  CHECK(parse_lang("EN") == Lang::kEn);
  CHECK_FALSE(parse_lang("fr"));
  CHECK(format_time(0) == "-");
  CHECK(format_time(1795140000000) == "2026-11-20 10:00");
  CHECK(code_name(9) == "FAILED_PRECONDITION");
}

TEST_CASE("the values events and orders record read as their Chinese names") {
  set_lang(Lang::kZh);
  CHECK(label(v1::SIGN_MARK_THUMBPRINT) == "按指印");
  CHECK(label(v1::CONSENT_AGREED) == "同意调解");
  CHECK(label(v1::HOTLINE_CONTACT_METHOD_PHONE) == "电话");
  CHECK(label(v1::HOTLINE_DEADLINE_CLASS_NORMAL) == "一般（5个工作日）");
  CHECK(label(v1::REFERRAL_ROUTE_COURT) == "诉讼");
  CHECK(label(v1::PETITION_DECISION_NOT_SUPPORT) == "不予支持");
  // As the core writes them in an event's details.
  CHECK(label_of_name<v1::SignMark>("THUMBPRINT") == "按指印");
  CHECK(label_of_name<v1::SessionKind>("MEDIATION") == "调解笔录");
  CHECK(label_of_name<v1::SignMark>("SOMETHING_NEW") == "SOMETHING_NEW");
  set_lang(Lang::kEn);
  CHECK(label(v1::HOTLINE_CONTACT_METHOD_PHONE) == "phone");
  CHECK(label_of_name<v1::Consent>("REFUSED") == "refused");
  set_lang(Lang::kZh);
}

TEST_CASE("a server's refusal reads from the catalogue in Chinese, and a refused role says who may act") {
  set_lang(Lang::kZh);
  v1::Error role;
  role.set_code(7);
  role.set_reason("ROLE_MAY_NOT");
  role.set_message("a GRID_WORKER may not MERGE cases");
  role.add_allowed_roles(v1::ROLE_INTAKE_CLERK);
  role.add_allowed_roles(v1::ROLE_SUPERVISOR);
  CHECK(error_text(role) == "您的角色无权进行此操作（PERMISSION_DENIED / ROLE_MAY_NOT）");
  CHECK(allowed_roles_text(role) == "可以进行此操作的角色: 受理员、主管");

  v1::Error missing;
  missing.set_code(3);
  missing.set_reason("MISSING_FIELD");
  missing.set_message("reason is required");
  CHECK(error_text(missing) == "请填写必填项（INVALID_ARGUMENT / MISSING_FIELD）");
  CHECK(allowed_roles_text(missing).empty());

  // A message the server wrote for people says what exactly is wrong.
  v1::Error id;
  id.set_code(3);
  id.set_reason("BAD_ID_NUMBER");
  id.set_message("身份证号校验码不符（应为X）");
  CHECK(error_text(id) == "身份证号无效，请核对：身份证号校验码不符（应为X）（INVALID_ARGUMENT / BAD_ID_NUMBER）");
  // An English message with a Chinese word in it is still English.
  CHECK_FALSE(is_chinese("follow up on the agreement's performance (回访) before closing"));
  CHECK(is_chinese("12345派单时间晚于现在"));
  CHECK(is_chinese("附件“fake.jpg”的内容是文本（text/plain），不是声明的 image/jpeg"));
  CHECK(is_chinese("安全隐患不能直接办结：请上报整改（hazard rectify），经复查通过（hazard reinspect --pass）后销号"));
  CHECK_FALSE(is_chinese("the unit 河畔社区 is retired"));
  CHECK_FALSE(is_chinese(""));

  // A reason this client does not know: the code's label and whatever the server said.
  v1::Error unknown;
  unknown.set_code(9);
  unknown.set_reason("SOMETHING_NEW");
  unknown.set_message("details");
  CHECK(error_text(unknown) == "当前状态不允许：details（FAILED_PRECONDITION / SOMETHING_NEW）");

  set_lang(Lang::kEn);
  CHECK(error_text(role) == "Your role may not do this: a GRID_WORKER may not MERGE cases (PERMISSION_DENIED / ROLE_MAY_NOT)");
  CHECK(allowed_roles_text(role) == "roles that may do this: intake clerk, supervisor");
  set_lang(Lang::kZh);
}

namespace {

constexpr std::int64_t kMin = 60 * 1000;
constexpr std::int64_t kHr = 60 * kMin;
constexpr std::int64_t kDy = 24 * kHr;

}  // namespace

TEST_CASE("remaining time is written in the clock's own unit, the two largest parts") {
  set_lang(Lang::kZh);
  CHECK(format_span(2 * kDy + 3 * kHr + 20 * kMin, v1::BUDGET_UNIT_WORKING_DAYS) == "2工作日3小时");
  CHECK(format_span(2 * kDy, v1::BUDGET_UNIT_WORKING_DAYS) == "2工作日");
  CHECK(format_span(5 * kHr + 20 * kMin, v1::BUDGET_UNIT_WORKING_DAYS) == "5小时20分");
  CHECK(format_span(3 * kDy + 1 * kHr, v1::BUDGET_UNIT_CALENDAR_DAYS) == "3天1小时");
  CHECK(format_span(3 * kHr + 20 * kMin + 59 * 1000, v1::BUDGET_UNIT_WORKING_HOURS) == "3工作小时20分");
  CHECK(format_span(30 * kHr, v1::BUDGET_UNIT_WORKING_HOURS) == "30工作小时");
  CHECK(format_span(45 * kMin, v1::BUDGET_UNIT_WORKING_HOURS) == "45分钟");
  CHECK(format_span(59 * 1000, v1::BUDGET_UNIT_WORKING_HOURS) == "<1分钟");
  CHECK(format_span(-5 * kHr, v1::BUDGET_UNIT_WORKING_DAYS) == "5小时");

  CHECK(format_remaining(2 * kDy + 3 * kHr, v1::BUDGET_UNIT_WORKING_DAYS) == "剩余 2工作日3小时");
  CHECK(format_remaining(-5 * kHr, v1::BUDGET_UNIT_WORKING_HOURS) == "已超期 5工作小时");
  CHECK(format_remaining(-(1 * kDy + 2 * kHr), v1::BUDGET_UNIT_CALENDAR_DAYS) == "已超期 1天2小时");
  CHECK(format_remaining(0, v1::BUDGET_UNIT_WORKING_DAYS) == "已到期");

  CHECK(format_budget(5 * kDy, v1::BUDGET_UNIT_WORKING_DAYS) == "5工作日");
  CHECK(format_budget(4 * kHr, v1::BUDGET_UNIT_WORKING_HOURS) == "4工作小时");
  CHECK(format_budget(60 * kDy, v1::BUDGET_UNIT_CALENDAR_DAYS) == "60自然日");
  CHECK(format_budget(kDy + 12 * kHr, v1::BUDGET_UNIT_WORKING_DAYS) == "1工作日12小时");

  set_lang(Lang::kEn);
  CHECK(format_remaining(2 * kDy + 3 * kHr, v1::BUDGET_UNIT_WORKING_DAYS) == "2 working days 3 h left");
  CHECK(format_remaining(-5 * kHr, v1::BUDGET_UNIT_WORKING_DAYS) == "overdue by 5 h");
  CHECK(format_remaining(kDy, v1::BUDGET_UNIT_CALENDAR_DAYS) == "1 day left");
  CHECK(format_budget(1 * kDy, v1::BUDGET_UNIT_WORKING_DAYS) == "1 working day");
  CHECK(format_budget(4 * kHr, v1::BUDGET_UNIT_WORKING_HOURS) == "4 working hours");
  set_lang(Lang::kZh);
}

TEST_CASE("clocks show their colour with a marker, their state and their progress") {
  set_lang(Lang::kZh);
  CHECK(colour_cell(v1::COLOUR_RED) == "● 红");
  CHECK(colour_cell(v1::COLOUR_YELLOW) == "◐ 黄");
  CHECK(colour_cell(v1::COLOUR_GREEN) == "○ 绿");
  CHECK(colour_cell(v1::COLOUR_UNSPECIFIED) == "-");
  CHECK(label(v1::CLOCK_KIND_RESOLVE) == "办结时限");
  CHECK(label(v1::CLOCK_KIND_RETURN_WINDOW) == "退单时限");
  // The wire numbers runs from 1; each has its own label.
  CHECK(label(v1::CLOCK_RUN_PENDING) == "未开始");
  CHECK(label(v1::CLOCK_RUN_RUNNING) == "计时中");
  CHECK(label(v1::CLOCK_RUN_PAUSED) == "已暂停");
  CHECK(label(v1::CLOCK_RUN_STOPPED) == "已停止");
  CHECK(label(v1::ACTION_CLOCK_WARNING) == "临期预警");

  v1::CaseClock k;
  k.set_kind(v1::CLOCK_KIND_RESOLVE);
  k.set_unit(v1::BUDGET_UNIT_WORKING_DAYS);
  k.set_budget_ms(5 * kDy);
  k.set_run(v1::CLOCK_RUN_PENDING);
  CHECK(clock_progress(k) == "时限 5工作日");
  k.set_run(v1::CLOCK_RUN_RUNNING);
  k.set_remaining_ms(kDy + 2 * kHr);
  CHECK(clock_progress(k) == "剩余 1工作日2小时");
  k.set_run(v1::CLOCK_RUN_STOPPED);
  CHECK(clock_progress(k) == "按期完成");
  k.set_remaining_ms(-3 * kHr);
  CHECK(clock_progress(k) == "超期 3小时 完成");

  v1::Case c;
  c.set_colour(v1::COLOUR_RED);
  CHECK(case_colour_cell(c) == "● 红");  // no clocks sent: the case's colour
  auto* response = c.add_clocks();
  response->set_kind(v1::CLOCK_KIND_RESPONSE);
  response->set_run(v1::CLOCK_RUN_STOPPED);
  CHECK(case_colour_cell(c) == "-");  // nothing running any more
  CHECK(urgent_clock(c) == nullptr);
  auto* resolve = c.add_clocks();
  resolve->set_kind(v1::CLOCK_KIND_RESOLVE);
  resolve->set_run(v1::CLOCK_RUN_RUNNING);
  resolve->set_colour(v1::COLOUR_YELLOW);
  resolve->set_remaining_ms(kHr);
  auto* window = c.add_clocks();
  window->set_kind(v1::CLOCK_KIND_RETURN_WINDOW);
  window->set_run(v1::CLOCK_RUN_RUNNING);
  window->set_colour(v1::COLOUR_RED);
  window->set_remaining_ms(-kHr);
  REQUIRE(urgent_clock(c) != nullptr);
  CHECK(urgent_clock(c)->kind() == v1::CLOCK_KIND_RETURN_WINDOW);
  window->set_colour(v1::COLOUR_YELLOW);
  window->set_remaining_ms(2 * kHr);
  CHECK(urgent_clock(c)->kind() == v1::CLOCK_KIND_RESOLVE);  // same colour: less time left
}

TEST_CASE("deadline policies are written as their clocks") {
  set_lang(Lang::kZh);
  v1::ClockPolicy p;
  p.set_kind(v1::CLOCK_KIND_RESOLVE);
  p.set_amount(5);
  p.set_unit(v1::BUDGET_UNIT_WORKING_DAYS);
  p.set_on_expiry(v1::EXPIRY_ACTION_ESCALATE);
  p.set_warn_percent(75);
  CHECK(format_clock_policy(p) == "办结 5工作日→自动上报");
  p.set_kind(v1::CLOCK_KIND_RESPONSE);
  p.set_amount(4);
  p.set_unit(v1::BUDGET_UNIT_WORKING_HOURS);
  p.set_on_expiry(v1::EXPIRY_ACTION_FLAG);
  p.set_warn_percent(80);
  CHECK(format_clock_policy(p) == "响应 4工作小时（预警 80%）");
  set_lang(Lang::kEn);
  p.set_warn_percent(75);
  p.set_on_expiry(v1::EXPIRY_ACTION_ESCALATE);
  CHECK(format_clock_policy(p) == "response 4 working hours → escalate");
  set_lang(Lang::kZh);
}

TEST_CASE("target times are typed in Asia/Shanghai") {
  CHECK(parse_shanghai_time("2026-11-20 10:00") == 1795140000000);
  CHECK(parse_shanghai_time("2026-11-20T10:00") == 1795140000000);
  CHECK(parse_shanghai_time("2026-11-20 10:00:30") == 1795140030000);
  CHECK(format_time(*parse_shanghai_time("2026-12-31 23:59")) == "2026-12-31 23:59");
  for (const char* bad : {"", "2026-11-20", "2026-11-20 24:00", "2026-11-20 10:60", "2026-02-30 10:00",
                          "2026-11-20 10-00", "2026/11/20 10:00", "2026-11-20 1:00", "2026-11-20 10:00:"}) {
    INFO(bad);
    CHECK_FALSE(parse_shanghai_time(bad));
  }
}

TEST_CASE("watch marks the scheduler's deadline events") {
  set_lang(Lang::kZh);
  v1::CaseEvent e;
  e.set_seq(42);
  e.set_at(1795140000000);
  e.set_case_number("XC-2026-000007");
  e.set_action(v1::ACTION_CLOCK_WARNING);
  (*e.mutable_details())["clock"] = "RESOLVE";
  (*e.mutable_details())["deadline"] = "1795161600000";  // 2026-11-20 16:00
  std::string line = describe_event(e, "系统");
  CHECK(line.find("【临期预警】") != std::string::npos);
  CHECK(line.find("办结时限") != std::string::npos);
  CHECK(line.find("2026-11-20 16:00") != std::string::npos);

  e.set_action(v1::ACTION_CLOCK_EXPIRED);
  CHECK(describe_event(e, "系统").find("【超期】") != std::string::npos);

  e.set_action(v1::ACTION_ESCALATE);
  e.set_from_level(v1::LEVEL_GRID);
  e.set_to_level(v1::LEVEL_COMMUNITY);
  (*e.mutable_details())["escalation_reason"] = "DEADLINE";
  (*e.mutable_details())["unit"] = "河畔社区";
  line = describe_event(e, "系统");
  CHECK(line.find("【超期自动上报】") != std::string::npos);
  CHECK(line.find("网格 → 社区") != std::string::npos);
  CHECK(line.find("河畔社区") != std::string::npos);

  (*e.mutable_details())["escalation_reason"] = "MANUAL";
  line = describe_event(e, "张明");
  CHECK(line.find("超期") == std::string::npos);
  CHECK(line.find("张明") != std::string::npos);

  set_lang(Lang::kEn);
  e.set_action(v1::ACTION_CLOCK_EXPIRED);
  CHECK(describe_event(e, "system").find("[OVERDUE]") != std::string::npos);
  set_lang(Lang::kZh);
}

TEST_CASE("tables line up Chinese text by its width on screen") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("河畔") == 4);
  CHECK(display_width("XC-河畔1号楼") == 3 + 4 + 1 + 4);
  CHECK(display_width("\xff\xfe") == 2);  // malformed bytes count one column each

  std::string cut = fit("河畔社区第一网格", 7);
  CHECK(display_width(cut) <= 7);
  CHECK(cut.find("…") != std::string::npos);
  CHECK(fit("短", 7) == "短");
  CHECK(fit("a\nb", 7) == "a b");

  Table t({"编号", "标题"});
  t.add({"1", "河畔"});
  t.add({"22", "ab"});
  std::ostringstream out;
  t.print(out);
  std::istringstream lines(out.str());
  std::string header, rule, row1, row2;
  std::getline(lines, header);
  std::getline(lines, rule);
  std::getline(lines, row1);
  std::getline(lines, row2);
  // The second column starts at the same screen column on every line.
  auto col2 = [](const std::string& line, const std::string& cell) {
    return display_width(line.substr(0, line.find(cell)));
  };
  CHECK(col2(header, "标题") == col2(row1, "河畔"));
  CHECK(col2(row1, "河畔") == col2(row2, "ab"));
}

TEST_CASE("the token file is private to its owner and can be removed") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("gridcase-token-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  TokenStore store((dir / "nested" / "token").string());
  CHECK_FALSE(store.load());
  store.save({"abc123", "grid1", "ws://127.0.0.1:8080/ws"});
  auto loaded = store.load();
  REQUIRE(loaded);
  CHECK(loaded->token == "abc123");
  CHECK(loaded->username == "grid1");
  CHECK(loaded->server == "ws://127.0.0.1:8080/ws");
  struct stat st {};
  REQUIRE(::stat(store.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(store.remove());
  CHECK_FALSE(store.load());
  // A file written before the server was kept: token and username, no server.
  {
    std::ofstream old_file(store.path());
    old_file << "def456\ngrid2\n";
  }
  auto old = store.load();
  REQUIRE(old);
  CHECK(old->token == "def456");
  CHECK(old->username == "grid2");
  CHECK(old->server.empty());
  fs::remove_all(dir);
}

TEST_CASE("a party is typed with the commas a Chinese keyboard gives, and its role by its Chinese name") {
  for (const char* text : {"张三，13800000000，370102198001011237，申请人", "张三、13800000000、370102198001011237、申请人",
                           "张三, 13800000000 ,370102198001011237,applicant"}) {
    INFO(text);
    const auto p = party_from_text(text);
    CHECK(p.name() == "张三");
    CHECK(p.phone() == "13800000000");
    CHECK(p.id_number() == "370102198001011237");
    CHECK(p.role() == v1::PARTY_ROLE_APPLICANT);
  }
  CHECK(party_from_text("李强，，，被申请人").role() == v1::PARTY_ROLE_RESPONDENT);
  CHECK_THROWS_AS(party_from_text("，13800000000"), UsageError);
}
