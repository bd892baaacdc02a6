// Accepts TCP connections and hands each one, on its own strand, to an HttpSession, or to an
// HttpsSession when the listener was given a TLS context.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>

#include "gridcase/net/server_state.hpp"
#include "gridcase/status.hpp"

namespace gridcase::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `tls`, when not null, must outlive the listener and its sessions: every connection then
  // speaks TLS.
  Listener(boost::asio::io_context& ioc, ServerState& state,
           boost::asio::ssl::context* tls = nullptr);

  // Binds and listens. UNAVAILABLE "ADDRESS_IN_USE" when the port is taken, INVALID_ARGUMENT
  // "BAD_LISTEN_ADDRESS" for a host that does not resolve, UNAVAILABLE "LISTEN_FAILED" otherwise.
  Status open(const std::string& host, std::uint16_t port);
  // The bound endpoint (with the actual port when 0 was asked for). After open().
  boost::asio::ip::tcp::endpoint local_endpoint() const;

  // Starts accepting. After open().
  void run();
  // Stops accepting: closes the acceptor on its strand. Thread-safe.
  void stop();

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  ServerState& state_;
  boost::asio::ssl::context* tls_;
  boost::asio::ip::tcp::endpoint endpoint_;
};

}  // namespace gridcase::net
