#include "gridcase/net/server_config.hpp"

#include <cctype>

#include <boost/asio/ip/address.hpp>

namespace gridcase::net {

Status ServerConfig::validate() const {
  if (host.empty()) return Status(reason::BAD_CONFIG, "listen host is empty");
  if (threads < 1 || threads > 256) return Status(reason::BAD_CONFIG, "threads must be 1..256");
  if (max_frame_bytes < 64) return Status(reason::BAD_CONFIG, "max frame bytes must be >= 64");
  if (send_queue_messages < 1) {
    return Status(reason::BAD_CONFIG, "send queue messages must be >= 1");
  }
  if (send_queue_bytes < 1024) {
    return Status(reason::BAD_CONFIG, "send queue bytes must be >= 1024");
  }
  if (idle_timeout.count() < 1) return Status(reason::BAD_CONFIG, "idle timeout must be >= 1s");
  if (tcp_send_buffer_bytes < 0) {
    return Status(reason::BAD_CONFIG, "tcp send buffer bytes must be >= 0");
  }
  if (!(max_calls_per_second >= 0) || max_calls_per_second > 1e6) {
    return Status(reason::BAD_CONFIG, "max calls per second must be 0..1000000");
  }
  if (max_calls_per_second > 0 && !(call_burst >= 1)) {
    return Status(reason::BAD_CONFIG, "call burst must be >= 1");
  }
  if (flood_window.count() < 1) return Status(reason::BAD_CONFIG, "flood window must be >= 1ms");
  if (!(flood_factor > 1)) return Status(reason::BAD_CONFIG, "flood factor must be > 1");
  return validate_transport();
}

Status ServerConfig::validate_transport() const {
  if (tls_cert_file.empty() != tls_key_file.empty()) {
    return Status(reason::BAD_TLS_CONFIG, "TLS needs both a certificate and its key (--tls-cert and --tls-key)");
  }
  if (!tls() && !allow_plain && !is_loopback_host(host)) {
    return Status(reason::PLAIN_NOT_LOOPBACK, "refusing to serve plain ws:// on " + host +
            ", which is not a loopback address: give --tls-cert and --tls-key to serve wss://, "
            "or --allow-plain if a TLS proxy in front of the server encrypts the traffic");
  }
  return Status::ok();
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

Status parse_listen_address(const std::string& text, std::string& host, std::uint16_t& port) {
  const auto bad = [&] {
    return Status(reason::BAD_LISTEN_ADDRESS, "expected HOST:PORT, got \"" + text + "\"");
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
