// The server address: ws://HOST:PORT/PATH.
#pragma once

#include <optional>
#include <string>

namespace gridcase::cli {

struct ServerUrl {
  std::string host;
  std::string port;  // numeric, as text
  std::string path;  // starts with "/"
};

inline bool operator==(const ServerUrl& a, const ServerUrl& b) {
  return a.host == b.host && a.port == b.port && a.path == b.path;
}
inline bool operator!=(const ServerUrl& a, const ServerUrl& b) { return !(a == b); }

constexpr const char* kDefaultServer = "ws://127.0.0.1:8080/ws";

// Parses "ws://127.0.0.1:8080/ws" (port defaults to 80, path to "/ws"; "[::1]" for IPv6).
// nullopt when the text is not such a URL (wss:// is not supported).
std::optional<ServerUrl> parse_server_url(const std::string& text);
// The URL written out in full: "ws://127.0.0.1:8080/ws", "ws://[::1]:8080/ws".
std::string format_server_url(const ServerUrl& url);

}  // namespace gridcase::cli
