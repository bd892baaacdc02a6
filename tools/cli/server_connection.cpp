#include "server_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "cli_error.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct ServerConnection::Impl {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  bool open = false;
};

namespace {

// Frames larger than this are refused (a page of 500 cases fits comfortably).
constexpr std::size_t kReadMessageMax = 64 * 1024 * 1024;

}  // namespace

ServerConnection::ServerConnection(const ServerUrl& url) : impl_(std::make_unique<Impl>()) {
  const std::string where = "ws://" + url.host + ":" + url.port + url.path;
  try {
    tcp::resolver resolver(impl_->ioc);
    auto endpoints = resolver.resolve(url.host, url.port);
    asio::connect(impl_->ws.next_layer(), endpoints);
    impl_->ws.next_layer().set_option(tcp::no_delay(true));
    impl_->ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "gridcase-cli");
    }));
    impl_->ws.read_message_max(kReadMessageMax);
    std::string host_header = url.host.find(':') != std::string::npos
                                  ? "[" + url.host + "]:" + url.port
                                  : url.host + ":" + url.port;
    impl_->ws.handshake(host_header, url.path);
    impl_->ws.binary(true);
    impl_->open = true;
  } catch (const boost::system::system_error& e) {
    throw CliError(kExitConnect, std::string(tr("无法连接服务器 ", "cannot connect to ")) + where +
                                     ": " + e.code().message());
  }
}

ServerConnection::~ServerConnection() {
  if (impl_ && impl_->open) {
    boost::system::error_code ec;
    impl_->ws.next_layer().close(ec);
  }
}

void ServerConnection::broken(const std::string& what) {
  impl_->open = false;
  boost::system::error_code ec;
  impl_->ws.next_layer().close(ec);
  throw CliError(kExitConnect, std::string(tr("与服务器的连接中断: ", "connection to the server lost: ")) + what);
}

v1::ServerFrame ServerConnection::read_frame() {
  if (!impl_->open) broken(tr("连接已关闭", "connection closed"));
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  impl_->ws.read(buffer, ec);
  if (ec == websocket::error::closed) {
    const auto& reason = impl_->ws.reason();
    std::string why = std::to_string(reason.code);
    if (!reason.reason.empty()) why += " " + std::string(reason.reason.c_str());
    impl_->open = false;
    throw CliError(kExitConnect, std::string(tr("服务器关闭了连接: ", "the server closed the connection: ")) + why);
  }
  if (ec) broken(ec.message());
  v1::ServerFrame frame;
  auto data = buffer.data();
  if (!frame.ParseFromArray(data.data(), static_cast<int>(data.size()))) {
    broken(tr("收到无法解析的消息", "received a frame that does not parse"));
  }
  return frame;
}

v1::Reply ServerConnection::call(v1::ClientFrame frame) {
  const std::uint64_t id = next_call_id_++;
  frame.set_call_id(id);
  std::string bytes;
  frame.SerializeToString(&bytes);
  if (!impl_->open) broken(tr("连接已关闭", "connection closed"));
  boost::system::error_code ec;
  impl_->ws.write(asio::buffer(bytes), ec);
  if (ec) broken(ec.message());
  for (;;) {
    v1::ServerFrame in = read_frame();
    if (in.has_event()) {
      pending_events_.push_back(std::move(*in.mutable_event()));
      continue;
    }
    if (in.has_reply() && in.reply().call_id() == id) return std::move(*in.mutable_reply());
    // A reply to some other call (there is none outstanding) is ignored.
  }
}

v1::EventPush ServerConnection::next_event() {
  while (pending_events_.empty()) {
    v1::ServerFrame in = read_frame();
    if (in.has_event()) pending_events_.push_back(std::move(*in.mutable_event()));
    // The server ended the subscriptions (session over, account changed): no event follows.
    if (in.has_subscriptions_ended()) throw ServerError(std::move(*in.mutable_subscriptions_ended()->mutable_error()));
  }
  v1::EventPush e = std::move(pending_events_.front());
  pending_events_.pop_front();
  return e;
}

void ServerConnection::close() {
  if (!impl_->open) return;
  boost::system::error_code ec;
  impl_->ws.close(websocket::close_code::normal, ec);
  // Drain until the server's close frame arrives, so the close handshake completes.
  if (!ec) {
    beast::flat_buffer buffer;
    while (!ec) {
      buffer.clear();
      impl_->ws.read(buffer, ec);
    }
  }
  impl_->open = false;
}

}  // namespace gridcase::cli
