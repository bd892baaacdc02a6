// One HTTP connection: GET /healthz, GET /metrics, the WebSocket upgrade on /ws, to which
// the connection is handed over, and the web application's files on every other path when the
// server has a web root (web_assets.hpp). Anything else answers 404.
//
// A template over the stream: PlainStream (http, ws) or TlsStream (https, wss), which first
// completes the TLS handshake within the handshake timeout. Instantiated for those two.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "gridcase/net/server_state.hpp"

namespace gridcase::net {

template <class Stream>
class BasicHttpSession final : public LiveConnection,
                               public std::enable_shared_from_this<BasicHttpSession<Stream>> {
 public:
  // Takes over a stream over a socket whose executor is a strand. `state` must outlive the
  // session.
  BasicHttpSession(Stream&& stream, ServerState& state);
  ~BasicHttpSession() override;

  void run();
  // Closes the socket. Thread-safe.
  void go_away() override;

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  Response respond(const Request& request);
  void on_write(bool close, boost::beast::error_code ec, std::size_t bytes);
  void do_shutdown();

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  ServerState& state_;
  std::uint64_t registry_id_ = 0;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<Response> response_;  // kept alive while written
  bool gone_ = false;
};

using HttpSession = BasicHttpSession<boost::beast::tcp_stream>;
using HttpsSession = BasicHttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;
extern template class BasicHttpSession<boost::beast::tcp_stream>;
extern template class BasicHttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

}  // namespace gridcase::net
