// The gridcase WebSocket server: an io_context run by a pool of threads, the listener, and the
// state its connections share.
//
// Lifecycle: construct, start(), ... stop(), then close the store, then destroy. stop() is
// orderly: stop accepting, send a close frame (1001 going away) to every session, wait for
// them up to the configured grace, then stop the threads. Replies of mutations still running
// in the store are dropped after stop(); the store finishes their writes when it is closed,
// which must happen before the server is destroyed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "gridcase/engine.hpp"
#include "gridcase/net/metrics.hpp"
#include "gridcase/net/server_config.hpp"
#include "gridcase/net/server_state.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/status.hpp"

namespace gridcase::net {

class Listener;

// A TLS server context with `cert_file` (PEM chain) and `key_file` (PEM), TLS 1.2 and later.
// INVALID_ARGUMENT "BAD_TLS_CONFIG" when a file cannot be read or the key does not match.
Result<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                   const std::string& key_file);

// Sends protobuf's own log lines (it logs every string field with invalid UTF-8 it is asked to
// parse) to gridcase's log at debug level instead of stderr, so that a client sending such
// frames cannot flood the log. Server's constructor calls it; idempotent.
void route_protobuf_logs();

class Server {
 public:
  // `hub` must be the engine's EventSink. Both must outlive the server.
  // `attachments` (may be null: the server keeps no attachments) must outlive the server.
  Server(Engine& engine, SubscriptionHub& hub, ServerConfig config, AttachmentStore* attachments = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Fails (see Listener::open) without starting any
  // thread; INVALID_ARGUMENT for a bad configuration. Call once.
  Status start();
  // Orderly shutdown (see above). Idempotent; blocks up to the shutdown grace plus a moment.
  void stop();

  // The bound port (the actual one when 0 was configured). After start().
  std::uint16_t port() const { return port_; }
  // "ws://127.0.0.1:8080/ws" ("wss://..." with TLS). After start().
  std::string ws_url() const;
  // "http://127.0.0.1:8080" ("https://..." with TLS). After start().
  std::string http_url() const;

  Metrics& metrics() { return state_.metrics(); }
  const ServerConfig& config() const { return state_.config(); }

 private:
  std::string authority() const;

  ServerState state_;
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::optional<boost::asio::ssl::context> tls_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  std::string bound_host_;
  std::uint16_t port_ = 0;
  bool running_ = false;
};

}  // namespace gridcase::net
