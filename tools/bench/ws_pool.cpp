#include "ws_pool.hpp"

#include <atomic>

#include <boost/asio/ip/tcp.hpp>

namespace gridcase::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::string error_reason(const v1::Reply& r) {
  if (!r.has_error()) return "";
  return r.error().reason().empty() ? "CODE_" + std::to_string(r.error().code()) : r.error().reason();
}

namespace {

// The reasons of the local error replies that mean the connection is gone (connection_gone).
constexpr const char* kNotConnected = "NOT_CONNECTED";
constexpr const char* kConnectionLost = "CONNECTION_LOST";

v1::Reply local_error(const std::string& reason, const std::string& message) {
  v1::Reply r;
  r.mutable_error()->set_code(14);  // UNAVAILABLE
  r.mutable_error()->set_reason(reason);
  r.mutable_error()->set_message(message);
  return r;
}

}  // namespace

// One thread runs each io_context, so the connection needs no strand.
PoolConnection::PoolConnection(asio::io_context& ioc) : ioc_(ioc), ws_(ioc) {}

void PoolConnection::connect(const std::string& host, std::uint16_t port,
                         std::function<void(beast::error_code)> done) {
  auto self = shared_from_this();
  const tcp::endpoint endpoint(asio::ip::make_address(host), port);
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(endpoint, [self, host, port, done](beast::error_code ec) {
    if (ec) return done(ec);
    beast::get_lowest_layer(self->ws_).expires_never();
    beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true));
    websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(beast::role_type::client);
    timeouts.handshake_timeout = std::chrono::seconds(30);
    self->ws_.set_option(timeouts);
    self->ws_.binary(true);
    self->ws_.async_handshake(host + ":" + std::to_string(port), "/ws", [self, done](beast::error_code ec2) {
      if (!ec2) {
        self->open_ = true;
        self->read();
      }
      done(ec2);
    });
  });
}

bool connection_gone(const v1::Reply& r) {
  if (!r.has_error()) return false;
  const std::string& reason = r.error().reason();
  return reason == kNotConnected || reason == kConnectionLost;
}

void PoolConnection::call(v1::ClientFrame frame, ReplyHandler handler) {
  if (!open_) {
    // Answered later, never from inside call(): a caller that calls again from its handler
    // would otherwise recurse until its stack ran out.
    asio::post(ioc_, [handler = std::move(handler)] {
      handler(local_error(kNotConnected, "the connection is closed"));
    });
    return;
  }
  const std::uint64_t id = next_call_++;
  frame.set_call_id(id);
  pending_.emplace(id, std::move(handler));
  out_.push_back(frame.SerializeAsString());
  if (!writing_) write_next();
}

void PoolConnection::write_next() {
  if (out_.empty() || !open_) return;
  writing_ = true;
  ws_.async_write(asio::buffer(out_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    self->writing_ = false;
    self->out_.pop_front();
    if (ec) {
      self->open_ = false;
      self->out_.clear();
      self->fail_pending("write: " + ec.message());
      return;
    }
    self->write_next();
  });
}

void PoolConnection::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void PoolConnection::on_read(beast::error_code ec) {
  if (ec) {
    open_ = false;
    fail_pending("read: " + ec.message());
    return;
  }
  v1::ServerFrame frame;
  const auto data = buffer_.data();
  const bool parsed = frame.ParseFromArray(data.data(), static_cast<int>(data.size()));
  buffer_.consume(buffer_.size());
  read();
  if (!parsed) return;
  if (frame.has_reply()) {
    auto it = pending_.find(frame.reply().call_id());
    if (it == pending_.end()) return;
    ReplyHandler handler = std::move(it->second);
    pending_.erase(it);
    handler(frame.reply());
  } else if (frame.has_event() && on_event_) {
    on_event_(frame.event());
  }
}

void PoolConnection::fail_pending(const std::string& why) {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& [id, handler] : pending) handler(local_error(kConnectionLost, why));
}

void PoolConnection::close() {
  if (!open_) return;
  open_ = false;
  ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {
    self->fail_pending("closed");
  });
}

void Latch::done() {
  std::lock_guard<std::mutex> lock(mu_);
  if (count_ > 0 && --count_ == 0) cv_.notify_all();
}

bool Latch::wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return count_ == 0; });
}

ClientPool::ClientPool(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  for (auto& ioc : contexts_) {
    threads_.emplace_back([ctx = ioc.get()] { ctx->run(); });
  }
}

ClientPool::~ClientPool() {
  close_all();
  for (auto& g : guards_) g.reset();
  for (auto& ioc : contexts_) ioc->stop();
  for (auto& t : threads_) t.join();
  // Handlers still queued hold connections; drop them before the contexts go.
  connections_.clear();
}

std::size_t ClientPool::connect(std::uint16_t port, std::size_t count, std::size_t parallel,
                                const std::string& host) {
  std::mutex mu;
  std::condition_variable cv;
  std::size_t running = 0, finished = 0;
  std::atomic<std::size_t> failed{0};
  const std::size_t first = connections_.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto& ioc = *contexts_[(first + i) % contexts_.size()];
    connections_.push_back(std::make_shared<PoolConnection>(ioc));
  }
  for (std::size_t i = 0; i < count; ++i) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return running < parallel; });
      ++running;
    }
    auto c = connections_[first + i];
    asio::post(c->context(), [&, c] {
      c->connect(host, port, [&](beast::error_code ec) {
        if (ec) failed.fetch_add(1);
        std::lock_guard<std::mutex> lock(mu);
        --running;
        ++finished;
        cv.notify_all();
      });
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return finished == count; });
  return failed.load();
}

void ClientPool::for_each(const std::function<void(PoolConnection&, std::size_t)>& fn) {
  Latch latch(connections_.size());
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    auto c = connections_[i];
    asio::post(c->context(), [&fn, &latch, c, i] {
      fn(*c, i);
      latch.done();
    });
  }
  latch.wait(std::chrono::hours(1));
}

v1::Reply ClientPool::call(PoolConnection& c, v1::ClientFrame frame, std::chrono::milliseconds timeout) {
  auto state = std::make_shared<std::pair<Latch, v1::Reply>>(1, v1::Reply{});
  asio::post(c.context(), [&c, state, frame = std::move(frame)]() mutable {
    c.call(std::move(frame), [state](const v1::Reply& r) {
      state->second = r;
      state->first.done();
    });
  });
  if (!state->first.wait(timeout)) return local_error("TIMEOUT", "no reply in time");
  return state->second;
}

void ClientPool::call_each(const std::function<std::optional<v1::ClientFrame>(std::size_t)>& frame,
                           const std::function<void(std::size_t, const v1::Reply&)>& reply) {
  std::vector<std::pair<std::size_t, v1::ClientFrame>> calls;
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    if (auto f = frame(i)) calls.emplace_back(i, std::move(*f));
  }
  Latch latch(calls.size());
  for (auto& [i, f] : calls) {
    auto c = connections_[i];
    asio::post(c->context(), [c, i = i, f = std::move(f), &reply, &latch]() mutable {
      c->call(std::move(f), [i, &reply, &latch](const v1::Reply& r) {
        reply(i, r);
        latch.done();
      });
    });
  }
  latch.wait(std::chrono::minutes(10));
}

Status ClientPool::sign_in(const std::vector<std::pair<std::string, std::string>>& accounts,
                           const std::function<std::size_t(std::size_t)>& owner, std::size_t parallel) {
  std::vector<std::string> tokens(accounts.size());
  std::vector<bool> logged_in(connections_.size(), false);
  // First, one login per account (password hashing is slow by design: do it once).
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    const std::size_t a = owner(i);
    if (!tokens[a].empty()) continue;
    v1::ClientFrame f;
    f.mutable_login()->set_username(accounts[a].first);
    f.mutable_login()->set_password(accounts[a].second);
    v1::Reply r = call(*connections_[i], f);
    if (r.has_error()) {
      return Status(reason::LOGIN_FAILED, accounts[a].first + ": " + r.error().message());
    }
    tokens[a] = r.login().token();
    logged_in[i] = true;
  }
  // Then every other connection resumes its account's session.
  std::mutex mu;
  std::condition_variable cv;
  std::size_t running = 0, finished = 0, total = 0;
  std::string failure;
  for (std::size_t i = 0; i < connections_.size(); ++i) {
    if (logged_in[i]) continue;
    ++total;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return running < parallel; });
      ++running;
    }
    auto c = connections_[i];
    v1::ClientFrame f;
    f.mutable_resume()->set_token(tokens[owner(i)]);
    asio::post(c->context(), [&, c, f]() mutable {
      c->call(std::move(f), [&](const v1::Reply& r) {
        std::lock_guard<std::mutex> lock(mu);
        if (r.has_error() && failure.empty()) failure = error_reason(r) + ": " + r.error().message();
        --running;
        ++finished;
        cv.notify_all();
      });
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return finished == total; });
  if (!failure.empty()) return Status(reason::RESUME_FAILED, failure);
  return Status::ok();
}

void ClientPool::close_all() {
  if (connections_.empty()) return;
  for_each([](PoolConnection& c, std::size_t) { c.close(); });
  // Give the close handshakes a moment; the server tears down what is left.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

}  // namespace gridcase::bench
