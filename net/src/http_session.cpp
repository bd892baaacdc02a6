#include "gridcase/net/http_session.hpp"

#include <chrono>
#include <string_view>
#include <type_traits>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>

#include "gridcase/log.hpp"
#include "gridcase/net/websocket_session.hpp"

namespace gridcase::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

namespace {

constexpr std::uint64_t kMaxRequestBodyBytes = 64 * 1024;

template <class Stream>
constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

std::string_view std_view(beast::string_view s) { return {s.data(), s.size()}; }

beast::string_view path_of(beast::string_view target) {
  const auto q = target.find('?');
  return q == beast::string_view::npos ? target : target.substr(0, q);
}

}  // namespace

template <class Stream>
BasicHttpSession<Stream>::BasicHttpSession(Stream&& stream, ServerState& state)
    : stream_(std::move(stream)), state_(state) {}

template <class Stream>
BasicHttpSession<Stream>::~BasicHttpSession() {
  if (registry_id_ != 0) state_.remove_connection(registry_id_);
}

template <class Stream>
void BasicHttpSession<Stream>::run() {
  registry_id_ = state_.add_connection(this->weak_from_this());
  // Start on the strand the socket was accepted with.
  asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (kTls<Stream>) {
      beast::get_lowest_layer(self->stream_).expires_after(self->state_.config().handshake_timeout);
      self->stream_.async_handshake(
          asio::ssl::stream_base::server,
          beast::bind_front_handler(&BasicHttpSession::on_handshake, self));
    } else {
      self->do_read();
    }
  });
}

template <class Stream>
void BasicHttpSession<Stream>::on_handshake(beast::error_code ec) {
  if (ec) {
    log::debug("tls handshake failed", {{"error", ec.message()}});
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    return;
  }
  do_read();
}

template <class Stream>
void BasicHttpSession<Stream>::go_away() {
  asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->gone_ = true;
    auto& tcp = beast::get_lowest_layer(self->stream_);
    beast::error_code ignored;
    tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    tcp.close();
  });
}

template <class Stream>
void BasicHttpSession<Stream>::do_read() {
  if (gone_) return;
  parser_.emplace();
  parser_->body_limit(kMaxRequestBodyBytes);
  beast::get_lowest_layer(stream_).expires_after(state_.config().http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&BasicHttpSession::on_read, this->shared_from_this()));
}

template <class Stream>
void BasicHttpSession<Stream>::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec == http::error::end_of_stream) {
    do_shutdown();
    return;
  }
  if (ec) {
    if (ec != asio::error::operation_aborted && ec != beast::error::timeout) {
      log::debug("http read failed", {{"error", ec.message()}});
    }
    return;
  }
  if (gone_) return;

  if (websocket::is_upgrade(parser_->get()) && path_of(parser_->get().target()) == "/ws") {
    // The WebSocket session takes the socket over; this session ends here.
    beast::get_lowest_layer(stream_).expires_never();
    std::make_shared<BasicWebSocketSession<Stream>>(std::move(stream_), state_)
        ->run(parser_->release());
    return;
  }
  response_ = std::make_shared<Response>(respond(parser_->get()));
  const bool close = response_->need_eof();
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&BasicHttpSession::on_write, this->shared_from_this(), close));
}

template <class Stream>
typename BasicHttpSession<Stream>::Response BasicHttpSession<Stream>::respond(const Request& request) {
  Response res;
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  res.set(http::field::server, "gridcased");
  const auto path = path_of(request.target());
  const bool known = path == "/healthz" || path == "/metrics";
  if (!known && !websocket::is_upgrade(request) && state_.web().serves(std_view(path))) {
    WebRequest web_request;
    web_request.method = std_view(request.method_string());
    web_request.target = std_view(request.target());
    web_request.accept_encoding = std_view(request[http::field::accept_encoding]);
    web_request.if_none_match = std_view(request[http::field::if_none_match]);
    WebResponse web = state_.web().respond(web_request);
    res.result(static_cast<unsigned>(web.status));
    for (auto& [name, value] : web.headers) res.set(name, value);
    res.body() = std::move(web.body);
    res.prepare_payload();
    return res;
  }
  if (!known || websocket::is_upgrade(request)) {
    res.result(http::status::not_found);
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = "not found\n";
  } else if (request.method() != http::verb::get) {
    res.result(http::status::method_not_allowed);
    res.set(http::field::allow, "GET");
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = "method not allowed\n";
  } else if (path == "/healthz") {
    res.result(http::status::ok);
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.body() = "ok";
  } else {
    res.result(http::status::ok);
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.body() = state_.metrics().render(&state_.engine());
  }
  res.prepare_payload();
  return res;
}

template <class Stream>
void BasicHttpSession<Stream>::on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
  response_.reset();
  if (ec) {
    log::debug("http write failed", {{"error", ec.message()}});
    return;
  }
  if (close) {
    do_shutdown();
    return;
  }
  do_read();
}

template <class Stream>
void BasicHttpSession<Stream>::do_shutdown() {
  if constexpr (kTls<Stream>) {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  } else {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

template class BasicHttpSession<beast::tcp_stream>;
template class BasicHttpSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace gridcase::net
