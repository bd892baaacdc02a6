// One WebSocket connection on /ws: reads ClientFrames, answers through the dispatcher, pushes
// subscribed events.
//
// Everything runs on the connection's strand; what comes from elsewhere (replies of mutations,
// live events, shutdown) is posted onto it. One write is in flight at a time; frames wait in a
// queue bounded in messages and bytes, and a client that lets it overflow is closed with 1008
// "client is too slow". Text frames close the connection with 1003; frames larger than the
// configured maximum are closed by Beast with 1009; bytes that are not a ClientFrame get a
// MALFORMED_FRAME error and the connection stays open. Calls go through the connection's
// RateLimiter: over the limit they answer RATE_LIMITED unrun, and a flood closes with 1008.
//
// The same session serves plain ws:// and wss://: it is a template over the stream under the
// WebSocket layer (PlainStream or TlsStream), instantiated for those two in the .cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/event_stream.hpp"
#include "gridcase/net/out_frame.hpp"
#include "gridcase/net/rate_limiter.hpp"
#include "gridcase/net/server_state.hpp"
#include "gridcase/net/subscription_hub.hpp"

namespace gridcase::net {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream>
class BasicWebSocketSession final : public LiveConnection,
                                    public Subscriber,
                                    public std::enable_shared_from_this<BasicWebSocketSession<Stream>> {
 public:
  // Takes over a stream (TLS: already handshaken) whose executor is a strand. `state` must
  // outlive the session.
  BasicWebSocketSession(Stream&& stream, ServerState& state);
  ~BasicWebSocketSession() override;

  // Completes the upgrade `request` and starts serving. Call once, from the socket's strand.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  // LiveConnection: closes with 1001 "going away". Thread-safe.
  void go_away() override;
  // Subscriber: posts live events onto the strand. Thread-safe.
  void deliver(std::vector<EventDelivery> batch) override;

 private:
  enum class Phase { kHandshake, kOpen, kClosing, kClosed };

  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_frame();
  void send_reply(const ::gridcase::v1::Reply& reply);
  void enqueue(OutFrame frame);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void pump_events();
  // Ends the subscriptions of a session that ended or whose account changed, and tells the
  // client (see Dispatcher::check_session).
  void check_session();
  void close_with(boost::beast::websocket::close_code code, const char* reason);
  void do_close();
  void on_close(boost::beast::error_code ec);

  boost::beast::websocket::stream<Stream> ws_;
  boost::beast::flat_buffer buffer_;
  ServerState& state_;
  std::uint64_t registry_id_ = 0;
  SessionContext ctx_;
  EventStream events_;
  std::string peer_;

  Phase phase_ = Phase::kHandshake;
  std::deque<OutFrame> queue_;  // waiting to be written
  std::size_t queued_bytes_ = 0;
  OutFrame in_flight_;          // the frame being written
  bool writing_ = false;
  bool close_after_write_ = false;
  boost::beast::websocket::close_reason close_reason_;
  boost::asio::steady_timer close_deadline_;
  bool pump_posted_ = false;
  RateLimiter limiter_;
};

using WebSocketSession = BasicWebSocketSession<PlainStream>;
using TlsWebSocketSession = BasicWebSocketSession<TlsStream>;
extern template class BasicWebSocketSession<PlainStream>;
extern template class BasicWebSocketSession<TlsStream>;

}  // namespace gridcase::net
