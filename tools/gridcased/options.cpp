#include "options.hpp"

#include <cctype>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace gridcased {

#ifdef GRIDCASE_DEFAULT_WEB_ROOT
const char* const kDefaultWebRoot = GRIDCASE_DEFAULT_WEB_ROOT;
#else
const char* const kDefaultWebRoot = "";
#endif

namespace {

using gridcase::Result;
using gridcase::Status;
namespace reason = gridcase::reason;

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Status parse_number(const std::string& key, const std::string& text, unsigned long long min,
                    unsigned long long max, unsigned long long& out) {
  if (text.empty() || text.size() > 19) {
    return Status(reason::BAD_FLAG, "--" + key + ": expected a number, got \"" + text + "\"");
  }
  unsigned long long v = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return Status(reason::BAD_FLAG, "--" + key + ": expected a number, got \"" + text + "\"");
    }
    v = v * 10 + static_cast<unsigned long long>(c - '0');
  }
  if (v < min || v > max) {
    return Status(reason::BAD_FLAG, "--" + key + ": must be between " + std::to_string(min) +
                                            " and " + std::to_string(max));
  }
  out = v;
  return Status::ok();
}

// Applies one option. Keys are flag names without "--".
Status apply(Options& o, const std::string& key, const std::string& value) {
  unsigned long long n = 0;
  if (key == "db") {
    if (value.empty()) return Status(reason::BAD_FLAG, "--db: empty path");
    o.db_path = value;
  } else if (key == "listen") {
    Status st = gridcase::net::parse_listen_address(value, o.server.host, o.server.port);
    if (!st) return Status(reason::BAD_FLAG, "--listen: " + st.message());
  } else if (key == "threads") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1, 256, n));
    o.server.threads = static_cast<int>(n);
  } else if (key == "max-frame-bytes") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 64, 1ULL << 30, n));
    o.server.max_frame_bytes = static_cast<std::size_t>(n);
  } else if (key == "send-queue-messages") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1, 1ULL << 24, n));
    o.server.send_queue_messages = static_cast<std::size_t>(n);
  } else if (key == "send-queue-bytes") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1024, 1ULL << 34, n));
    o.server.send_queue_bytes = static_cast<std::size_t>(n);
  } else if (key == "idle-timeout-seconds") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1, 86400, n));
    o.server.idle_timeout = std::chrono::seconds(n);
  } else if (key == "max-calls-per-second") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 0, 1000000, n));
    o.server.max_calls_per_second = static_cast<double>(n);
  } else if (key == "call-burst") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1, 1000000, n));
    o.server.call_burst = static_cast<double>(n);
  } else if (key == "tls-cert") {
    if (value.empty()) return Status(reason::BAD_FLAG, "--tls-cert: empty path");
    o.server.tls_cert_file = value;
  } else if (key == "tls-key") {
    if (value.empty()) return Status(reason::BAD_FLAG, "--tls-key: empty path");
    o.server.tls_key_file = value;
  } else if (key == "allow-plain") {
    if (value == "true" || value == "yes" || value == "1") {
      o.server.allow_plain = true;
    } else if (value == "false" || value == "no" || value == "0") {
      o.server.allow_plain = false;
    } else {
      return Status(reason::BAD_FLAG, "--allow-plain: expected true or false");
    }
  } else if (key == "working-hours") {
    std::string error;
    if (!gridcase::parse_working_hours(value, o.calendar.windows, error)) {
      return Status(reason::BAD_FLAG, "--working-hours: " + error);
    }
  } else if (key == "utc-offset") {
    if (!gridcase::parse_utc_offset(value, o.calendar.utc_offset_minutes)) {
      return Status(reason::BAD_FLAG, "--utc-offset: expected +HH:MM or -HH:MM within 14 hours");
    }
  } else if (key == "attachments-dir") {
    if (value.empty()) return Status(reason::BAD_FLAG, "--attachments-dir: empty path");
    o.attachments_dir = value;
  } else if (key == "max-attachment-bytes") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1, 1ULL << 34, n));
    o.attachments.max_bytes = static_cast<std::int64_t>(n);
  } else if (key == "attachment-chunk-bytes") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 1024, 16ULL << 20, n));
    o.attachments.chunk_bytes = static_cast<int>(n);
  } else if (key == "attachment-types") {
    auto types = gridcase::net::parse_media_types(value);
    if (!types) return Status(reason::BAD_FLAG, "--attachment-types: " + types.status().message());
    o.attachments.media_types = std::move(*types);
  } else if (key == "duplicate-window-days") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 0, 3650, n));
    o.duplicate_window = static_cast<gridcase::TimeMs>(n) * 24 * 3600 * 1000;
  } else if (key == "request-retention-days") {
    GRIDCASE_RETURN_IF_ERROR(parse_number(key, value, 0, 36500, n));
    o.request_retention = static_cast<gridcase::TimeMs>(n) * 24 * 3600 * 1000;
  } else if (key == "web-root") {
    if (value.empty()) return Status(reason::BAD_FLAG, "--web-root: empty path");
    o.server.web_root = value;
    o.web_root_given = true;
  } else if (key == "log-level") {
    if (!gridcase::log::parse_level(value, o.log_level)) {
      return Status(reason::BAD_FLAG, "--log-level: expected debug, info, warn or error");
    }
  } else {
    return Status(reason::UNKNOWN_FLAG, "unknown option \"" + key + "\"");
  }
  return Status::ok();
}

Status apply_file(Options& o, const std::string& path) {
  std::ifstream in(path);
  if (!in) return gridcase::Status(reason::CONFIG_NOT_FOUND, "cannot read config file " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    const auto eq = text.find('=');
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (eq == std::string::npos) {
      return Status(reason::BAD_CONFIG, where + "expected key = value");
    }
    const std::string key = trim(text.substr(0, eq));
    if (key == "config" || key == "help") {
      return Status(reason::BAD_CONFIG, where + "\"" + key + "\" is not allowed in a file");
    }
    Status st = apply(o, key, trim(text.substr(eq + 1)));
    if (!st) return st.with_message(where + st.message());
  }
  return Status::ok();
}

}  // namespace

std::string usage() {
  return "usage: gridcased [options]\n"
         "\n"
         "  --config FILE                key = value lines with the option names below\n"
         "  --db PATH|CONNINFO           database file (default ./var/gridcase.db), or a\n"
         "                               PostgreSQL database: postgresql://USER@HOST/DB or\n"
         "                               'host=... dbname=...' (several servers may share it)\n"
         "  --listen HOST:PORT           address to listen on (default 127.0.0.1:8080;\n"
         "                               port 0 picks a free port)\n"
         "  --threads N                  network threads (default 2)\n"
         "  --max-frame-bytes N          largest client frame (default 1048576)\n"
         "  --send-queue-messages N      per-connection send queue bound (default 1024)\n"
         "  --send-queue-bytes N         per-connection send queue bound (default 16777216)\n"
         "  --idle-timeout-seconds N     ping, then drop, silent connections (default 60)\n"
         "  --max-calls-per-second N     calls per connection per second before RATE_LIMITED\n"
         "                               (default 50; 0: no limit); a client sending ten times\n"
         "                               that for 3 seconds is disconnected\n"
         "  --call-burst N               calls a connection may make at once (default 100)\n"
         "  --tls-cert FILE              PEM certificate chain: serve https:// and wss:// only\n"
         "  --tls-key FILE               PEM private key of --tls-cert\n"
         "  --allow-plain                serve plain ws:// on a non-loopback address (behind a\n"
         "                               TLS proxy); without it plain is loopback only\n"
         "  --working-hours LIST         working windows of deadlines counted in working hours\n"
         "                               (default 08:30-12:00,13:30-17:30)\n"
         "  --utc-offset +HH:MM          the time zone of the working calendar (default +08:00,\n"
         "                               Asia/Shanghai)\n"
         "  --attachments-dir DIR        where attachments' bytes live (default: the database\n"
         "                               path with .attachments appended; required with\n"
         "                               PostgreSQL: a folder every server shares)\n"
         "  --max-attachment-bytes N     largest attachment (default 20971520)\n"
         "  --attachment-chunk-bytes N   largest upload/download chunk (default 262144; kept\n"
         "                               under --max-frame-bytes)\n"
         "  --attachment-types LIST      accepted media types, comma-separated (default: common\n"
         "                               photo, PDF, audio and video types, text/plain)\n"
         "  --duplicate-window-days N    duplicate suggestions look this far around a case's\n"
         "                               time (default 7)\n"
         "  --request-retention-days N   how long a request's record answers its resends\n"
         "                               (default 30; 0: for ever); older ones are forgotten\n"
         "  --web-root DIR               serve the web application from this folder (default:\n"
         "                               the one the build made); nothing outside it is served\n"
         "  --log-level LEVEL            debug, info, warn or error (default info)\n"
         "  --help                       this text\n"
         "\n"
         "When ready, prints: gridcased listening on ws://HOST:PORT/ws (wss:// with TLS)\n"
         "and, with a web application, a second line: gridcased web application at\n"
         "http://HOST:PORT/ (https:// with TLS)\n";
}

Result<Options> parse_options(const std::vector<std::string>& args) {
  // Split into (key, value) pairs first, so that the config file applies before every flag.
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_path;
  Options o;
  o.server.web_root = kDefaultWebRoot;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg == "--allow-plain") {  // a switch: takes no value
      flags.emplace_back("allow-plain", "true");
      continue;
    }
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
      return Status(reason::BAD_FLAG, "unexpected argument \"" + arg + "\"");
    }
    std::string key = arg.substr(2);
    std::string value;
    const auto eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else {
      if (i + 1 >= args.size()) return Status(reason::BAD_FLAG, "--" + key + " needs a value");
      value = args[++i];
    }
    if (key == "config") {
      config_path = value;
    } else {
      flags.emplace_back(key, value);
    }
  }
  if (o.help) return o;
  if (!config_path.empty()) GRIDCASE_RETURN_IF_ERROR(apply_file(o, config_path));
  for (const auto& [key, value] : flags) GRIDCASE_RETURN_IF_ERROR(apply(o, key, value));
  if (Status st = o.server.validate_transport(); !st) {
    return st;
  }
  return o;
}

}  // namespace gridcased
