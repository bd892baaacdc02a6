// The CLI's parsers and formatters, without a server.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "args.hpp"
#include "cli_error.hpp"
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
  CHECK(action_command(v1::ACTION_ASSIGN_LEADER) == "lead");
  CHECK(action_command(v1::ACTION_ACCEPT) == "accept");
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
  store.save({"abc123", "grid1"});
  auto loaded = store.load();
  REQUIRE(loaded);
  CHECK(loaded->token == "abc123");
  CHECK(loaded->username == "grid1");
  struct stat st {};
  REQUIRE(::stat(store.path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(store.remove());
  CHECK_FALSE(store.load());
  fs::remove_all(dir);
}
