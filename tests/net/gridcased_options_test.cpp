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
  auto o = parse_options({"--db", "/tmp/x.db", "--listen=0.0.0.0:0", "--allow-plain", "--threads", "4",
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

TEST_CASE("the per-connection call rate is configurable, 50 a second with bursts of 100 by default") {
  auto defaults = parse_options({});
  REQUIRE(defaults.is_ok());
  CHECK(defaults->server.max_calls_per_second == 50);
  CHECK(defaults->server.call_burst == 100);
  auto o = parse_options({"--max-calls-per-second", "5", "--call-burst=20"});
  REQUIRE(o.is_ok());
  CHECK(o->server.max_calls_per_second == 5);
  CHECK(o->server.call_burst == 20);
  CHECK(parse_options({"--max-calls-per-second", "0"})->server.max_calls_per_second == 0);
  CHECK(parse_options({"--max-calls-per-second", "-1"}).status().reason() == "BAD_FLAG");
  CHECK(parse_options({"--call-burst", "0"}).status().reason() == "BAD_FLAG");
}

TEST_CASE("plain ws is refused on a non-loopback address unless --allow-plain or TLS is given") {
  for (const char* loopback : {"127.0.0.1:0", "localhost:0", "[::1]:0", "127.0.0.2:80"}) {
    INFO(loopback);
    CHECK(parse_options({"--listen", loopback}).is_ok());
  }
  for (const char* open : {"0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080", "gridcase.example:8080"}) {
    INFO(open);
    auto refused = parse_options({"--listen", open});
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().reason() == "PLAIN_NOT_LOOPBACK");
    CHECK(refused.status().message().find("--tls-cert") != std::string::npos);
    CHECK(refused.status().message().find("--allow-plain") != std::string::npos);

    auto allowed = parse_options({"--listen", open, "--allow-plain"});
    REQUIRE(allowed.is_ok());
    CHECK(allowed->server.allow_plain);
    CHECK_FALSE(allowed->server.tls());

    auto tls = parse_options({"--listen", open, "--tls-cert", "/etc/gc/cert.pem", "--tls-key=/etc/gc/key.pem"});
    REQUIRE(tls.is_ok());
    CHECK(tls->server.tls());
    CHECK(tls->server.tls_cert_file == "/etc/gc/cert.pem");
    CHECK(tls->server.tls_key_file == "/etc/gc/key.pem");
  }
  // A certificate without its key (or the other way round) is refused.
  CHECK(parse_options({"--tls-cert", "/etc/gc/cert.pem"}).status().reason() == "BAD_TLS_CONFIG");
  CHECK(parse_options({"--tls-key", "/etc/gc/key.pem"}).status().reason() == "BAD_TLS_CONFIG");
  CHECK(parse_options({"--allow-plain=maybe"}).status().reason() == "BAD_FLAG");

  // The same rule from a config file.
  const auto path = std::filesystem::temp_directory_path() / "gridcased-options-plain.conf";
  {
    std::ofstream out(path);
    out << "listen = 0.0.0.0:8080\nallow-plain = true\n";
  }
  auto from_file = parse_options({"--config", path.string()});
  std::filesystem::remove(path);
  REQUIRE(from_file.is_ok());
  CHECK(from_file->server.allow_plain);

  // And from the server itself, for embedders that skip the options.
  gridcase::net::ServerConfig config;
  config.host = "0.0.0.0";
  CHECK(config.validate().reason() == "PLAIN_NOT_LOOPBACK");
  config.allow_plain = true;
  CHECK(config.validate().is_ok());
}

TEST_CASE("the web application is served from the build's folder unless --web-root names another") {
  auto defaults = parse_options({});
  REQUIRE(defaults.is_ok());
  CHECK(defaults->server.web_root == gridcased::kDefaultWebRoot);
  CHECK_FALSE(defaults->web_root_given);

  auto named = parse_options({"--web-root", "/srv/gridcase-web"});
  REQUIRE(named.is_ok());
  CHECK(named->server.web_root == "/srv/gridcase-web");
  CHECK(named->web_root_given);

  auto empty = parse_options({"--web-root="});
  REQUIRE_FALSE(empty.is_ok());
  CHECK(empty.status().message().find("--web-root") != std::string::npos);
}
