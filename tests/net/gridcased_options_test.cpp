// gridcased's flags and config file.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "options.hpp"

using gridcased::parse_options;

TEST_CASE("gridcased starts with its documented defaults") {
  auto o = parse_options({});
  REQUIRE(o.is_ok());
  CHECK(o->db_path == "./var/gridcase.db");
  CHECK(o->server.host == "127.0.0.1");
  CHECK(o->server.port == 8080);
  CHECK(o->server.threads == 2);
  CHECK(o->server.max_frame_bytes == 1024 * 1024);
  CHECK(o->log_level == gridcase::log::Level::kInfo);
}

TEST_CASE("gridcased flags set the server's configuration, with or without an equals sign") {
  auto o = parse_options({"--db", "/tmp/x.db", "--listen=0.0.0.0:0", "--threads", "4",
                          "--max-frame-bytes", "4096", "--send-queue-messages=8",
                          "--send-queue-bytes", "65536", "--idle-timeout-seconds", "15",
                          "--log-level", "debug"});
  REQUIRE(o.is_ok());
  CHECK(o->db_path == "/tmp/x.db");
  CHECK(o->server.host == "0.0.0.0");
  CHECK(o->server.port == 0);
  CHECK(o->server.threads == 4);
  CHECK(o->server.max_frame_bytes == 4096);
  CHECK(o->server.send_queue_messages == 8);
  CHECK(o->server.send_queue_bytes == 65536);
  CHECK(o->server.idle_timeout == std::chrono::seconds(15));
  CHECK(o->log_level == gridcase::log::Level::kDebug);
}

TEST_CASE("a config file uses the flags' names and the flags win over it") {
  const auto path = std::filesystem::temp_directory_path() / "gridcased-options-test.conf";
  {
    std::ofstream out(path);
    out << "# gridcased\n\ndb = /srv/gridcase.db\nlisten = 127.0.0.1:9000\nthreads = 3\n";
  }
  auto o = parse_options({"--config", path.string(), "--threads", "5"});
  std::filesystem::remove(path);
  REQUIRE(o.is_ok());
  CHECK(o->db_path == "/srv/gridcase.db");
  CHECK(o->server.port == 9000);
  CHECK(o->server.threads == 5);
}

TEST_CASE("bad flags are refused with a message naming them") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--listen", "nowhere"},
           {"--listen", "127.0.0.1:70000"},
           {"--threads", "zero"},
           {"--threads", "0"},
           {"--log-level", "loud"},
           {"--frobnicate", "1"},
           {"--db"},
           {"stray"}}) {
    auto o = parse_options(args);
    INFO(args[0]);
    REQUIRE_FALSE(o.is_ok());
    CHECK_FALSE(o.status().message().empty());
  }
  CHECK(parse_options({"--config", "/nonexistent/gridcased.conf"}).status().code() ==
        gridcase::Code::kNotFound);
  CHECK(parse_options({"--help"})->help);
}

TEST_CASE("the working hours and time zone of deadlines are configurable") {
  auto defaults = parse_options({});
  REQUIRE(defaults.is_ok());
  REQUIRE(defaults->calendar.windows.size() == 2);
  CHECK(defaults->calendar.windows[0].start_minute == 8 * 60 + 30);
  CHECK(defaults->calendar.utc_offset_minutes == 480);
  auto o = parse_options({"--working-hours", "09:00-12:00,14:00-18:00", "--utc-offset", "+07:00"});
  REQUIRE(o.is_ok());
  REQUIRE(o->calendar.windows.size() == 2);
  CHECK(o->calendar.windows[1].start_minute == 14 * 60);
  CHECK(o->calendar.windows[1].end_minute == 18 * 60);
  CHECK(o->calendar.utc_offset_minutes == 420);
  for (const char* bad : {"9-12", "12:00-09:00", "08:00-12:00,11:00-13:00", "25:00-26:00"}) {
    INFO(bad);
    CHECK(parse_options({"--working-hours", bad}).status().reason() == "BAD_FLAG");
  }
  CHECK(parse_options({"--utc-offset", "+15:00"}).status().reason() == "BAD_FLAG");
  CHECK(parse_options({"--utc-offset", "8"}).status().reason() == "BAD_FLAG");
}
