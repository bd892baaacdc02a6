// One plain HTTP connection: GET /healthz, GET /metrics, and the WebSocket upgrade on /ws, to
// which the connection is handed over. Anything else answers 404.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "gridcase/net/server_state.hpp"

namespace gridcase::net {

class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  // Takes over a socket whose executor is a strand. `state` must outlive the session.
  HttpSession(boost::asio::ip::tcp::socket&& socket, ServerState& state);
  ~HttpSession() override;

  void run();
  // Closes the socket. Thread-safe.
  void go_away() override;

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  Response respond(const Request& request);
  void on_write(bool close, boost::beast::error_code ec, std::size_t bytes);
  void do_shutdown();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  ServerState& state_;
  std::uint64_t registry_id_ = 0;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<Response> response_;  // kept alive while written
  bool gone_ = false;
};

}  // namespace gridcase::net
