// One WebSocket connection to gridcased: binary frames carrying ClientFrame / ServerFrame.
//
// Synchronous: each call sends a frame and blocks until the reply with the same call_id
// arrives. Events pushed meanwhile (active subscriptions) are queued for next_event().
// Not thread-safe: one thread uses a connection.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>

#include "gridcase/v1/gridcase.pb.h"
#include "server_url.hpp"

namespace gridcase::cli {

class ServerConnection {
 public:
  // Connects and completes the WebSocket handshake. Throws CliError (exit 3) on failure.
  explicit ServerConnection(const ServerUrl& url);
  ~ServerConnection();
  ServerConnection(const ServerConnection&) = delete;
  ServerConnection& operator=(const ServerConnection&) = delete;

  // Sends `frame` with a fresh call_id and returns the matching reply (which may carry an
  // error: see Reply.error). Throws CliError (exit 3) when the connection breaks.
  v1::Reply call(v1::ClientFrame frame);

  // The next pushed event, waiting for one if none is queued. Throws CliError (exit 3) when
  // the connection breaks or the server closes it, and ServerError when the server ends the
  // subscriptions (the session ended, or the account's role or scope changed).
  v1::EventPush next_event();

  // Sends a close frame and waits for the server's; errors are ignored.
  void close();

 private:
  v1::ServerFrame read_frame();
  [[noreturn]] void broken(const std::string& what);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint64_t next_call_id_ = 1;
  std::deque<v1::EventPush> pending_events_;
};

}  // namespace gridcase::cli
