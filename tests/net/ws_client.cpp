#include "ws_client.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

namespace gridcase::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::ip::tcp;

WsClient::WsClient(std::uint16_t port, int receive_buffer) : ws_(ioc_) {
  auto& socket = beast::get_lowest_layer(ws_).socket();
  socket.open(tcp::v4());
  if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  ws_.binary(true);
  ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
}

void WsClient::send_binary(const std::string& bytes) {
  ws_.binary(true);
  ws_.write(asio::buffer(bytes));
}

void WsClient::send_text(const std::string& text) {
  ws_.text(true);
  ws_.write(asio::buffer(text));
  ws_.binary(true);
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds wait) {
  timed_out_ = false;
  if (closed_) return std::nullopt;
  beast::flat_buffer buffer;
  beast::error_code result = asio::error::would_block;
  ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  ioc_.restart();
  ioc_.run_for(wait);
  if (result == asio::error::would_block) {
    // Nothing came: give up on this connection.
    timed_out_ = true;
    closed_ = true;
    beast::get_lowest_layer(ws_).socket().close();
    ioc_.restart();
    ioc_.run_for(std::chrono::seconds(1));
    return std::nullopt;
  }
  if (result) {
    closed_ = true;
    close_code_ = ws_.reason().code;
    return std::nullopt;
  }
  return beast::buffers_to_string(buffer.data());
}

std::optional<v1::ServerFrame> WsClient::next_frame(std::chrono::milliseconds wait) {
  auto bytes = read(wait);
  if (!bytes) return std::nullopt;
  v1::ServerFrame frame;
  REQUIRE(frame.ParseFromString(*bytes));
  return frame;
}

v1::Reply WsClient::call(v1::ClientFrame frame) {
  const std::uint64_t id = next_call_++;
  frame.set_call_id(id);
  send_binary(frame.SerializeAsString());
  for (;;) {
    auto f = next_frame();
    INFO("no reply to call " << id << (timed_out_ ? " (timed out)" : " (closed)"));
    REQUIRE(f);
    if (f->has_event()) {
      events_.push_back(f->event());
      continue;
    }
    if (f->has_warning()) {
      warnings_.push_back(f->warning());
      continue;
    }
    REQUIRE(f->has_reply());
    if (f->reply().call_id() == id) return f->reply();
  }
}

std::optional<v1::EventPush> WsClient::next_event(std::chrono::milliseconds wait) {
  if (!events_.empty()) {
    auto e = events_.front();
    events_.pop_front();
    return e;
  }
  for (;;) {
    auto f = next_frame(wait);
    if (!f) return std::nullopt;
    if (f->has_event()) return f->event();
    if (f->has_warning()) warnings_.push_back(f->warning());
  }
}

v1::Reply WsClient::login(const std::string& username, const std::string& password) {
  v1::ClientFrame f;
  f.mutable_login()->set_username(username);
  f.mutable_login()->set_password(password);
  auto r = call(f);
  INFO(r.error().reason());
  REQUIRE(r.has_login());
  return r;
}

void WsClient::close() {
  if (closed_) return;
  beast::error_code ec;
  ws_.close(websocket::close_code::normal, ec);
  closed_ = true;
}

std::pair<int, std::string> http_get(std::uint16_t port, const std::string& target) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return {static_cast<int>(res.result_int()), res.body()};
}

}  // namespace gridcase::testing
