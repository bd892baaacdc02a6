#include "server_url.hpp"

#include <cctype>

namespace gridcase::cli {

std::optional<ServerUrl> parse_server_url(const std::string& text) {
  const std::string scheme = "ws://";
  if (text.compare(0, scheme.size(), scheme) != 0) return std::nullopt;
  std::string rest = text.substr(scheme.size());
  ServerUrl url;
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  url.path = slash == std::string::npos ? "/ws" : rest.substr(slash);
  if (authority.empty()) return std::nullopt;

  std::string port;
  if (authority[0] == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    url.host = authority.substr(1, close - 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    url.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;
  if (port.empty()) port = "80";
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  if (port.size() > 5 || std::stoi(port) > 65535 || std::stoi(port) == 0) return std::nullopt;
  url.port = port;
  return url;
}

std::string format_server_url(const ServerUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return "ws://" + (ipv6 ? "[" + url.host + "]" : url.host) + ":" + url.port + url.path;
}

}  // namespace gridcase::cli
