// The web application's files, served from one folder on the same port as /ws.
//
// The rules every answer follows:
// - Only GET; a path is looked up inside the folder and nowhere else: a `..` segment
//   (also percent-encoded), a backslash or a NUL answers 400, and a name that resolves outside
//   the folder (a symbolic link out of it) answers 404, as does a hidden name (`.git`).
// - `/` is `/index.html`. Every answer carries an ETag (a hash of the bytes sent) and
//   `Vary: Accept-Encoding`; a request whose If-None-Match names it answers 304 with no body.
// - A file with a precompressed twin (`app.js` and `app.js.gz`) is sent gzip-encoded to a client
//   that accepts gzip.
// - Names with a content hash (`app-3KQ7ZB2M.js`: a dash and 8 upper-case letters or digits
//   before the extension) are cached for a year as immutable; every other name, index.html
//   first, is `no-cache` (index.html: `no-store`), so a new build is picked up at once.
// - HTML answers carry a Content-Security-Policy that allows scripts, styles and connections
//   from the same origin only (no inline script), and every answer `X-Content-Type-Options:
//   nosniff`.
//
// Thread-safe: it holds only the folder's path; each call reads the file it needs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridcase::net {

// What a request for a web asset asks, as far as the rules above care.
struct WebRequest {
  std::string_view method;          // "GET", "POST", ...
  std::string_view target;          // the request target, query included
  std::string_view accept_encoding; // the Accept-Encoding header, empty when absent
  std::string_view if_none_match;   // the If-None-Match header, empty when absent
};

struct WebResponse {
  int status = 404;
  std::vector<std::pair<std::string, std::string>> headers;  // in the order they are sent
  std::string body;  // empty for 304

  // The value of header `name` (case-insensitive), empty when absent.
  std::string header(std::string_view name) const;
};

// The Content-Security-Policy sent with HTML.
extern const char* const kWebContentSecurityPolicy;

class WebAssets {
 public:
  // `root`: the folder to serve; empty: no web application (every path answers 404).
  explicit WebAssets(std::filesystem::path root = {});

  bool enabled() const { return !root_.empty(); }
  const std::filesystem::path& root() const { return root_; }

  // True when `target` names something this class answers: any path but /ws, /healthz and
  // /metrics, while enabled.
  bool serves(std::string_view path) const;

  WebResponse respond(const WebRequest& request) const;

  // True for a name with a content hash (see above): `index-AB12CD34.js`.
  static bool is_hashed_name(std::string_view file_name);

 private:
  std::filesystem::path root_;  // canonical, or empty
};

}  // namespace gridcase::net
