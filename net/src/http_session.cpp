#include "gridcase/net/http_session.hpp"

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

beast::string_view path_of(beast::string_view target) {
  const auto q = target.find('?');
  return q == beast::string_view::npos ? target : target.substr(0, q);
}

}  // namespace

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, ServerState& state)
    : stream_(std::move(socket)), state_(state) {}

HttpSession::~HttpSession() {
  if (registry_id_ != 0) state_.remove_connection(registry_id_);
}

void HttpSession::run() {
  registry_id_ = state_.add_connection(weak_from_this());
  // Start on the strand the socket was accepted with.
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::go_away() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->gone_ = true;
    beast::error_code ignored;
    self->stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    self->stream_.close();
  });
}

void HttpSession::do_read() {
  if (gone_) return;
  parser_.emplace();
  parser_->body_limit(kMaxRequestBodyBytes);
  stream_.expires_after(state_.config().http_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t /*bytes*/) {
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
    std::make_shared<WebSocketSession>(stream_.release_socket(), state_)->run(parser_->release());
    return;
  }
  response_ = std::make_shared<Response>(respond(parser_->get()));
  const bool close = response_->need_eof();
  http::async_write(stream_, *response_,
                    beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), close));
}

HttpSession::Response HttpSession::respond(const Request& request) {
  Response res;
  res.version(request.version());
  res.keep_alive(request.keep_alive());
  res.set(http::field::server, "gridcased");
  const auto path = path_of(request.target());
  const bool known = path == "/healthz" || path == "/metrics";
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

void HttpSession::on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
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

void HttpSession::do_shutdown() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace gridcase::net
