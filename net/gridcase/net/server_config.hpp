// What the server is told at start: where to listen, how many threads, and the limits of each
// connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "gridcase/status.hpp"

namespace gridcase::net {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;

  // Largest client frame accepted; a bigger one closes the connection with 1009.
  std::size_t max_frame_bytes = 1024 * 1024;
  // Send queue bound per connection. When either is exceeded, the connection is closed with
  // 1008 "client is too slow"; the client may reconnect and resume from its last seq.
  std::size_t send_queue_messages = 1024;
  std::size_t send_queue_bytes = 16 * 1024 * 1024;

  std::chrono::seconds handshake_timeout{10};
  // A WebSocket connection silent this long is pinged (keep_alive_pings) and then dropped.
  std::chrono::seconds idle_timeout{60};
  bool keep_alive_pings = true;
  // A plain HTTP connection (health checks, metrics) idle this long is closed.
  std::chrono::seconds http_timeout{30};

  // How long a closing connection may take to finish its close handshake before its socket is
  // torn down (a client that never reads never acknowledges a close).
  std::chrono::milliseconds close_timeout{5000};
  // Shutdown: how long sessions get to close before the server stops regardless.
  std::chrono::milliseconds shutdown_grace{5000};

  // SO_SNDBUF for accepted sockets; 0 keeps the system's default.
  int tcp_send_buffer_bytes = 0;

  // Calls per connection: a token bucket refilled at this rate, holding up to `call_burst`.
  // A call over the limit answers RESOURCE_EXHAUSTED "RATE_LIMITED" without being run. A
  // connection that sends flood_factor times the rate within flood_window is closed with 1008.
  // 0 calls per second: no limit.
  double max_calls_per_second = 50;
  double call_burst = 100;
  std::chrono::milliseconds flood_window{3000};
  double flood_factor = 10;
  // The time the rate limit counts in; empty: std::chrono::steady_clock::now. Tests set a
  // manual clock so that what the limit allows does not depend on how fast the machine is.
  std::function<std::chrono::steady_clock::time_point()> rate_clock;

  // TLS: with both a certificate (PEM, the chain) and its private key (PEM) the listener
  // serves HTTPS and WSS only. Without them it serves plain HTTP and WS, which is only allowed
  // on a loopback address unless allow_plain is set.
  std::string tls_cert_file;
  std::string tls_key_file;
  bool allow_plain = false;

  bool tls() const { return !tls_cert_file.empty(); }

  // The web application: the folder whose files are served on every path but /ws, /healthz
  // and /metrics (see web_assets.hpp). Empty: none, those paths answer 404.
  std::string web_root;

  // INVALID_ARGUMENT naming the first bad value.
  Status validate() const;
  // The transport part of validate(): both TLS files or neither, and plain only on loopback or
  // with allow_plain (INVALID_ARGUMENT "PLAIN_NOT_LOOPBACK").
  Status validate_transport() const;
};

// True for "localhost" and for loopback addresses (127.0.0.0/8, ::1).
bool is_loopback_host(const std::string& host);

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:0", "localhost:9000"). INVALID_ARGUMENT
// "BAD_LISTEN_ADDRESS" when malformed.
Status parse_listen_address(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace gridcase::net
