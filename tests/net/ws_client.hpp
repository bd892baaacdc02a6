// A small blocking WebSocket client for the integration tests. Every wait is bounded so that a
// broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::testing {

namespace v1 = ::gridcase::v1;

class WsClient {
 public:
  static constexpr std::chrono::seconds kWait{10};

  // Connects to ws://127.0.0.1:port/ws. `receive_buffer` > 0 sets SO_RCVBUF first.
  explicit WsClient(std::uint16_t port, int receive_buffer = 0);

  void send_binary(const std::string& bytes);
  void send_text(const std::string& text);

  // The next message, or nullopt when the connection ended (see close_code()) or nothing came
  // within `wait`.
  std::optional<std::string> read(std::chrono::milliseconds wait = kWait);
  bool timed_out() const { return timed_out_; }
  bool closed() const { return closed_; }
  // The close code the server sent (0 when none).
  int close_code() const { return close_code_; }

  // Sends `frame` with a fresh call id and returns its reply; events read meanwhile are kept
  // for next_event(). Fails the test when no reply comes.
  v1::Reply call(v1::ClientFrame frame);
  // The next pushed event, or nullopt.
  std::optional<v1::EventPush> next_event(std::chrono::milliseconds wait = kWait);
  // The warnings pushed so far (read while waiting for replies or events), oldest first.
  std::deque<v1::WarningPush>& warnings() { return warnings_; }
  // The next frame of any kind, or nullopt.
  std::optional<v1::ServerFrame> next_frame(std::chrono::milliseconds wait = kWait);

  v1::Reply login(const std::string& username, const std::string& password);
  void close();

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  std::deque<v1::EventPush> events_;
  std::deque<v1::WarningPush> warnings_;
  std::uint64_t next_call_ = 1;
  bool closed_ = false;
  bool timed_out_ = false;
  int close_code_ = 0;
};

// A plain HTTP GET on 127.0.0.1:port. Returns (status, body).
std::pair<int, std::string> http_get(std::uint16_t port, const std::string& target);

}  // namespace gridcase::testing
