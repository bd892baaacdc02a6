#include "gridcase/net/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "gridcase/log.hpp"
#include "gridcase/net/http_session.hpp"
#include "gridcase/net/websocket_session.hpp"

namespace gridcase::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

Listener::Listener(asio::io_context& ioc, ServerState& state, asio::ssl::context* tls)
    : ioc_(ioc), strand_(asio::make_strand(ioc)), acceptor_(strand_), state_(state), tls_(tls) {}

Status Listener::open(const std::string& host, std::uint16_t port) {
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  auto results = resolver.resolve(host, std::to_string(port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return Status(reason::BAD_LISTEN_ADDRESS, "cannot resolve \"" + host + "\": " + ec.message());
  }
  const tcp::endpoint endpoint = results.begin()->endpoint();
  const std::string where = host + ":" + std::to_string(port);

  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    return Status(reason::ADDRESS_IN_USE, where + " is already in use");
  }
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status(reason::LISTEN_FAILED, "cannot listen on " + where + ": " + ec.message());
  endpoint_ = acceptor_.local_endpoint(ec);
  return Status::ok();
}

tcp::endpoint Listener::local_endpoint() const { return endpoint_; }

void Listener::run() {
  asio::dispatch(strand_, beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::stop() {
  asio::post(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand.
  acceptor_.async_accept(asio::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    log::warn("accept failed", {{"error", ec.message()}});
  } else {
    beast::error_code ignored;
    // Replies are small and awaited: without this, Nagle holds the tail of a reply until the
    // client's delayed ACK (up to 40 ms) lets it go.
    socket.set_option(tcp::no_delay(true), ignored);
    const int sndbuf = state_.config().tcp_send_buffer_bytes;
    if (sndbuf > 0) {
      socket.set_option(asio::socket_base::send_buffer_size(sndbuf), ignored);
    }
    if (tls_ != nullptr) {
      std::make_shared<HttpsSession>(TlsStream(std::move(socket), *tls_), state_)->run();
    } else {
      std::make_shared<HttpSession>(beast::tcp_stream(std::move(socket)), state_)->run();
    }
  }
  do_accept();
}

}  // namespace gridcase::net
