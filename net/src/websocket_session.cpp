#include "gridcase/net/websocket_session.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "gridcase/log.hpp"

namespace gridcase::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;

namespace {

int replay_page_size(const ServerConfig& config) {
  // Half the queue: a page of replayed events always fits beside live traffic.
  return static_cast<int>(std::clamp<std::size_t>(config.send_queue_messages / 2, 1, 256));
}

std::string describe(const asio::ip::tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return "?";
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

std::string address_of(const asio::ip::tcp::socket& socket) {
  beast::error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return "";
  return ep.address().to_string();
}

RateLimiter::Clock::time_point rate_now(const ServerConfig& c) {
  return c.rate_clock ? c.rate_clock() : RateLimiter::Clock::now();
}

RateLimiter limiter_for(const ServerConfig& c) {
  return RateLimiter(c.max_calls_per_second, c.call_burst, c.flood_window, c.flood_factor,
                     rate_now(c));
}

}  // namespace

template <class Stream>
BasicWebSocketSession<Stream>::BasicWebSocketSession(Stream&& stream, ServerState& state)
    : ws_(std::move(stream)),
      state_(state),
      events_(state.engine(), state.hub(), [this](OutFrame f) { enqueue(std::move(f)); },
              replay_page_size(state.config())),
      close_deadline_(ws_.get_executor()),
      limiter_(limiter_for(state.config())) {
  peer_ = describe(beast::get_lowest_layer(ws_).socket());
  ctx_.address = address_of(beast::get_lowest_layer(ws_).socket());
  ctx_.events = &events_;
}

template <class Stream>
BasicWebSocketSession<Stream>::~BasicWebSocketSession() {
  events_.unsubscribe_all();
  if (registry_id_ != 0) state_.remove_connection(registry_id_);
  if (phase_ != Phase::kHandshake) state_.metrics().connection_closed();
}

template <class Stream>
void BasicWebSocketSession<Stream>::run(http::request<http::string_body> request) {
  const ServerConfig& config = state_.config();
  registry_id_ = state_.add_connection(this->weak_from_this());
  events_.bind(this->weak_from_this());

  // The websocket stream keeps its own timers; the TCP layer's must be off.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = config.handshake_timeout;
  timeout.idle_timeout = config.idle_timeout;
  timeout.keep_alive_pings = config.keep_alive_pings;
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(http::field::server, "gridcased");
  }));
  ws_.read_message_max(config.max_frame_bytes);
  ws_.binary(true);
  ws_.async_accept(request, beast::bind_front_handler(&BasicWebSocketSession::on_accept,
                                                      this->shared_from_this()));
}

template <class Stream>
void BasicWebSocketSession<Stream>::on_accept(beast::error_code ec) {
  if (ec) {
    log::debug("websocket handshake failed", {{"peer", peer_}, {"error", ec.message()}});
    phase_ = Phase::kClosed;
    return;
  }
  if (phase_ != Phase::kHandshake) return;  // shut down during the handshake
  phase_ = Phase::kOpen;
  state_.metrics().connection_opened();
  log::debug("websocket open", {{"peer", peer_}});
  do_read();
}

template <class Stream>
void BasicWebSocketSession<Stream>::go_away() {
  asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
    if (self->phase_ == Phase::kHandshake) {
      // Not open yet: nothing to say goodbye to.
      self->phase_ = Phase::kClosed;
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
      return;
    }
    self->close_with(websocket::close_code::going_away, "server shutting down");
  });
}

template <class Stream>
void BasicWebSocketSession<Stream>::deliver(std::vector<EventDelivery> batch) {
  asio::post(ws_.get_executor(), [self = this->shared_from_this(), batch = std::move(batch)] {
    if (self->phase_ != Phase::kOpen) return;
    self->check_session();
    self->events_.on_live(batch);
  });
}

template <class Stream>
void BasicWebSocketSession<Stream>::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&BasicWebSocketSession::on_read, this->shared_from_this()));
}

template <class Stream>
void BasicWebSocketSession<Stream>::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    // Covers the peer's close, a frame over read_message_max (Beast has already sent 1009),
    // timeouts and resets.
    if (ec != websocket::error::closed) {
      log::debug("websocket read ended", {{"peer", peer_}, {"error", ec.message()}});
    }
    if (ec == websocket::error::message_too_big) {
      log::warn("frame too big", {{"peer", peer_},
                                  {"limit", std::to_string(state_.config().max_frame_bytes)}});
    }
    phase_ = Phase::kClosed;
    close_deadline_.cancel();
    events_.unsubscribe_all();
    queue_.clear();
    return;
  }
  if (phase_ != Phase::kOpen) {
    // Closing: async_close reads on until the peer's close frame arrives.
    buffer_.consume(buffer_.size());
    return;
  }
  if (!ws_.got_binary()) {
    buffer_.consume(buffer_.size());
    log::info("text frame refused", {{"peer", peer_}});
    close_with(websocket::close_code::unknown_data, "binary frames only");
    return;
  }
  handle_frame();
  if (phase_ != Phase::kOpen) return;
  pump_events();
  do_read();
}

template <class Stream>
void BasicWebSocketSession<Stream>::handle_frame() {
  v1::ClientFrame frame;
  const auto data = buffer_.data();
  const bool parsed = frame.ParseFromArray(data.data(), static_cast<int>(data.size()));
  buffer_.consume(buffer_.size());
  // Every frame counts against the rate limit, malformed ones too.
  switch (limiter_.on_call(rate_now(state_.config()))) {
    case RateLimiter::Verdict::kAllow:
      break;
    case RateLimiter::Verdict::kRefuse:
      if (!parsed) frame.Clear();
      send_reply(state_.dispatcher().rate_limited(frame));
      return;
    case RateLimiter::Verdict::kFlood:
      state_.metrics().flooding_client_closed();
      log::warn("closing flooding client", {{"peer", peer_}});
      close_with(websocket::close_code::policy_error, "too many calls");
      return;
  }
  if (!parsed) {
    log::info("malformed frame", {{"peer", peer_}});
    send_reply(state_.dispatcher().malformed_frame());
    return;
  }
  check_session();
  if (phase_ != Phase::kOpen) return;
  std::weak_ptr<BasicWebSocketSession> weak = this->weak_from_this();
  auto reply = state_.dispatcher().dispatch(ctx_, frame, [weak](v1::Reply r) {
    // May run on the store's writer thread: hop back onto the strand.
    auto self = weak.lock();
    if (!self) return;
    asio::post(self->ws_.get_executor(),
               [self, r = std::move(r)] { self->send_reply(r); });
  });
  if (reply) send_reply(*reply);
}

template <class Stream>
void BasicWebSocketSession<Stream>::send_reply(const v1::Reply& reply) { enqueue(reply_frame(reply)); }

template <class Stream>
void BasicWebSocketSession<Stream>::enqueue(OutFrame frame) {
  if (phase_ != Phase::kOpen) return;
  const ServerConfig& config = state_.config();
  if (queue_.size() + 1 > config.send_queue_messages ||
      queued_bytes_ + frame.size() > config.send_queue_bytes) {
    state_.metrics().slow_client_closed();
    log::warn("closing slow client",
              {{"peer", peer_}, {"queued_messages", std::to_string(queue_.size())},
               {"queued_bytes", std::to_string(queued_bytes_)}});
    close_with(websocket::close_code::policy_error, "client is too slow");
    return;
  }
  queued_bytes_ += frame.size();
  queue_.push_back(std::move(frame));
  if (!writing_) do_write();
}

template <class Stream>
void BasicWebSocketSession<Stream>::do_write() {
  if (queue_.empty()) return;
  writing_ = true;
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  queued_bytes_ -= in_flight_.size();
  ws_.async_write(in_flight_.buffers(),
                  beast::bind_front_handler(&BasicWebSocketSession::on_write, this->shared_from_this()));
}

template <class Stream>
void BasicWebSocketSession<Stream>::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  in_flight_ = OutFrame{};
  if (ec) {
    log::debug("websocket write failed", {{"peer", peer_}, {"error", ec.message()}});
    phase_ = Phase::kClosed;
    close_deadline_.cancel();
    queue_.clear();
    events_.unsubscribe_all();
    return;
  }
  if (close_after_write_) {
    close_after_write_ = false;
    do_close();
    return;
  }
  if (phase_ != Phase::kOpen) return;
  if (!queue_.empty()) do_write();
  pump_events();
}

template <class Stream>
void BasicWebSocketSession<Stream>::pump_events() {
  if (phase_ != Phase::kOpen || !events_.replaying()) return;
  check_session();
  if (phase_ != Phase::kOpen || !events_.replaying()) return;
  const std::size_t limit = state_.config().send_queue_messages;
  const std::size_t used = queue_.size() + (writing_ ? 1 : 0);
  // Refill only once the queue has drained to half, so replays go in pages.
  if (used > limit / 2) return;
  const bool more = events_.pump(limit - used);
  if (more && !writing_ && queue_.empty() && !pump_posted_) {
    // Nothing was sent (all filtered out), so no write completion will call us again.
    pump_posted_ = true;
    asio::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->pump_posted_ = false;
      self->pump_events();
    });
  }
}

template <class Stream>
void BasicWebSocketSession<Stream>::check_session() {
  if (auto ended = state_.dispatcher().check_session(ctx_)) enqueue(server_frame(*ended));
}

template <class Stream>
void BasicWebSocketSession<Stream>::close_with(websocket::close_code code, const char* reason) {
  if (phase_ != Phase::kOpen) return;
  phase_ = Phase::kClosing;
  queue_.clear();
  queued_bytes_ = 0;
  events_.unsubscribe_all();
  close_reason_ = websocket::close_reason(code, reason);

  // A client that stopped reading never lets the close frame through: tear the socket down
  // after a while.
  close_deadline_.expires_after(state_.config().close_timeout);
  close_deadline_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || self->phase_ == Phase::kClosed) return;
    log::info("close handshake timed out", {{"peer", self->peer_}});
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });

  if (writing_) {
    close_after_write_ = true;
  } else {
    do_close();
  }
}

template <class Stream>
void BasicWebSocketSession<Stream>::do_close() {
  ws_.async_close(close_reason_,
                  beast::bind_front_handler(&BasicWebSocketSession::on_close, this->shared_from_this()));
}

template <class Stream>
void BasicWebSocketSession<Stream>::on_close(beast::error_code ec) {
  phase_ = Phase::kClosed;
  close_deadline_.cancel();
  if (ec) log::debug("websocket close failed", {{"peer", peer_}, {"error", ec.message()}});
}

template class BasicWebSocketSession<PlainStream>;
template class BasicWebSocketSession<TlsStream>;

}  // namespace gridcase::net
