// gridcased's options: command-line flags and an optional config file of `key = value` lines
// whose keys are the flags' names without the dashes. Flags win over the file.
#pragma once

#include <string>
#include <vector>

#include "gridcase/calendar.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/server_config.hpp"
#include "gridcase/status.hpp"

namespace gridcased {

// Where the build puts the web application (tools/web, built by CMake into the build folder);
// empty when the build had none.
extern const char* const kDefaultWebRoot;

struct Options {
  std::string db_path = "./var/gridcase.db";
  gridcase::net::ServerConfig server;
  gridcase::CalendarConfig calendar;  // working hours and time zone of deadlines
  // Attachments: where their bytes live (empty: <db>.attachments beside the database) and
  // the limits of uploads.
  std::string attachments_dir;
  gridcase::net::AttachmentLimits attachments;
  gridcase::TimeMs duplicate_window = 7LL * 24 * 3600 * 1000;
  gridcase::TimeMs request_retention = 30LL * 24 * 3600 * 1000;
  gridcase::log::Level log_level = gridcase::log::Level::kInfo;
  // The web application's folder: --web-root, else the one the build made (kDefaultWebRoot).
  // web_root_given: it was named, so a missing folder is an error rather than a warning.
  bool web_root_given = false;
  bool help = false;
};

// The --help text.
std::string usage();

// Parses argv (without argv[0]). INVALID_ARGUMENT with a message naming the bad flag or line;
// NOT_FOUND when --config names a file that cannot be read.
gridcase::Result<Options> parse_options(const std::vector<std::string>& args);

}  // namespace gridcased
