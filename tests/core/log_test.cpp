// The log line format the README promises: "ts=… level=… msg=… key=value" on stderr, one line
// per record, values quoted when they hold spaces, quotes, '=' or newlines.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

#include "gridcase/log.hpp"

using namespace gridcase;

namespace {

// What `fn` writes to stderr (file descriptor 2), captured through a temporary file.
template <class Fn>
std::string captured_stderr(Fn fn) {
  std::fflush(stderr);
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  const int saved = ::dup(2);
  REQUIRE(saved >= 0);
  REQUIRE(::dup2(::fileno(tmp), 2) >= 0);
  fn();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::string out;
  std::rewind(tmp);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, tmp)) > 0;) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

// Restores the global level when a test is done with it.
struct LevelGuard {
  log::Level saved = log::level();
  ~LevelGuard() { log::set_level(saved); }
};

}  // namespace

TEST_CASE("a log record is one line: ts, level, msg, then the fields in order") {
  LevelGuard guard;
  log::set_level(log::Level::kInfo);
  const std::string out = captured_stderr([] {
    log::warn("closing slow client", {{"peer", "127.0.0.1:5000"}, {"queued_messages", "17"}});
  });
  const std::regex line(
      R"(ts=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z level=warn msg="closing slow client" )"
      R"(peer=127\.0\.0\.1:5000 queued_messages=17\n)");
  INFO(out);
  CHECK(std::regex_match(out, line));
}

TEST_CASE("log values with spaces, quotes, '=' or newlines are quoted and escaped") {
  LevelGuard guard;
  log::set_level(log::Level::kDebug);
  const std::string out = captured_stderr([] {
    log::error("x", {{"title", "夜间 施工"}, {"q", "a\"b"}, {"eq", "k=v"}, {"nl", "1\n2"},
                     {"empty", ""}, {"plain", "网格"}});
  });
  INFO(out);
  REQUIRE(out.size() > 1);
  CHECK(out.back() == '\n');
  CHECK(out.find('\n') == out.size() - 1);  // one line, whatever the values hold
  const std::string fields = out.substr(out.find(" level="));
  CHECK(fields ==
        " level=error msg=x title=\"夜间 施工\" q=\"a\\\"b\" eq=\"k=v\" nl=\"1\\n2\" empty=\"\" "
        "plain=网格\n");
}

TEST_CASE("log records below the level are not written, and every level has its name") {
  LevelGuard guard;
  log::set_level(log::Level::kWarn);
  CHECK(captured_stderr([] {
          log::debug("hidden");
          log::info("hidden");
        }).empty());
  log::set_level(log::Level::kDebug);
  const std::string out = captured_stderr([] {
    log::debug("a");
    log::info("b");
    log::warn("c");
    log::error("d");
  });
  const std::regex four(
      R"((ts=\S+ level=debug msg=a\n)(ts=\S+ level=info msg=b\n)(ts=\S+ level=warn msg=c\n))"
      R"((ts=\S+ level=error msg=d\n))");
  INFO(out);
  CHECK(std::regex_match(out, four));
}
