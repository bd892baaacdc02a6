#include "gridcase/net/server_config.hpp"

#include <cctype>

namespace gridcase::net {

Status ServerConfig::validate() const {
  if (host.empty()) return invalid_argument("BAD_CONFIG", "listen host is empty");
  if (threads < 1 || threads > 256) return invalid_argument("BAD_CONFIG", "threads must be 1..256");
  if (max_frame_bytes < 64) return invalid_argument("BAD_CONFIG", "max frame bytes must be >= 64");
  if (send_queue_messages < 1) {
    return invalid_argument("BAD_CONFIG", "send queue messages must be >= 1");
  }
  if (send_queue_bytes < 1024) {
    return invalid_argument("BAD_CONFIG", "send queue bytes must be >= 1024");
  }
  if (idle_timeout.count() < 1) return invalid_argument("BAD_CONFIG", "idle timeout must be >= 1s");
  if (tcp_send_buffer_bytes < 0) {
    return invalid_argument("BAD_CONFIG", "tcp send buffer bytes must be >= 0");
  }
  return Status::ok();
}

Status parse_listen_address(const std::string& text, std::string& host, std::uint16_t& port) {
  const auto bad = [&] {
    return invalid_argument("BAD_LISTEN_ADDRESS", "expected HOST:PORT, got \"" + text + "\"");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return bad();
  std::string h = text.substr(0, colon);
  const std::string p = text.substr(colon + 1);
  if (h.front() == '[') {  // [::1]:8080
    if (h.size() < 3 || h.back() != ']') return bad();
    h = h.substr(1, h.size() - 2);
  }
  if (p.size() > 5) return bad();
  unsigned long value = 0;
  for (char c : p) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return bad();
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (value > 65535) return bad();
  host = h;
  port = static_cast<std::uint16_t>(value);
  return Status::ok();
}

}  // namespace gridcase::net
