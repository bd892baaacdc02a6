// Many WebSocket clients driven asynchronously from a few threads. Each thread runs one
// io_context; a connection lives on one of them and all of its handlers run on that thread, so
// a connection and whatever drives it need no locks. Thousands of connections cost sockets and
// buffers, not threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "gridcase/status.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::bench {

namespace v1 = ::gridcase::v1;

class PoolConnection : public std::enable_shared_from_this<PoolConnection> {
 public:
  using ReplyHandler = std::function<void(const v1::Reply&)>;
  using EventHandler = std::function<void(const v1::EventPush&)>;

  explicit PoolConnection(boost::asio::io_context& ioc);

  // Everything below must run on the connection's io_context thread.

  // Connects to ws://host:port/ws; `done` gets the first error or success.
  void connect(const std::string& host, std::uint16_t port, std::function<void(boost::beast::error_code)> done);
  // Sends `frame` with a fresh call id; `handler` gets its reply (an UNAVAILABLE error reply
  // when the connection ends first).
  void call(v1::ClientFrame frame, ReplyHandler handler);
  void set_event_handler(EventHandler handler) { on_event_ = std::move(handler); }
  void close();

  bool is_open() const { return open_; }
  std::size_t in_flight() const { return pending_.size(); }
  boost::asio::io_context& context() { return ioc_; }

 private:
  void read();
  void on_read(boost::beast::error_code ec);
  void write_next();
  void fail_pending(const std::string& why);

  boost::asio::io_context& ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool open_ = false;
  std::uint64_t next_call_ = 1;
  std::unordered_map<std::uint64_t, ReplyHandler> pending_;
  EventHandler on_event_;
};

// Counts down from the orchestrating thread's point of view: work posted to the pool's threads
// calls done(), the orchestrator waits.
class Latch {
 public:
  explicit Latch(std::size_t count) : count_(count) {}
  void done();
  // True when the count reached zero within `timeout`.
  bool wait(std::chrono::milliseconds timeout);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t count_;
};

class ClientPool {
 public:
  explicit ClientPool(int threads);
  ~ClientPool();
  ClientPool(const ClientPool&) = delete;
  ClientPool& operator=(const ClientPool&) = delete;

  // Opens `count` more connections to ws://host:port/ws, at most `parallel` handshakes at a
  // time. Returns how many failed.
  std::size_t connect(std::uint16_t port, std::size_t count, std::size_t parallel,
                      const std::string& host = "127.0.0.1");
  std::vector<std::shared_ptr<PoolConnection>>& connections() { return connections_; }
  // The io_context of thread `i % threads`.
  boost::asio::io_context& context(std::size_t i) { return *contexts_[i % contexts_.size()]; }

  // Runs fn(connection, index) for each connection on its thread, and waits.
  void for_each(const std::function<void(PoolConnection&, std::size_t)>& fn);
  // One call from the orchestrating thread: posts it and waits for the reply (UNAVAILABLE
  // "TIMEOUT" error reply after `timeout`).
  v1::Reply call(PoolConnection& c, v1::ClientFrame frame,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(30000));
  // Sends frame(i) on every connection i (none when it returns nullopt) and waits for every
  // reply, each handed to reply(i, r) on the connection's thread.
  void call_each(const std::function<std::optional<v1::ClientFrame>(std::size_t)>& frame,
                 const std::function<void(std::size_t, const v1::Reply&)>& reply);
  // Logs connection i in as accounts[owner(i)]: one login per account, resumes for the rest.
  // Returns the first failure.
  Status sign_in(const std::vector<std::pair<std::string, std::string>>& accounts,
                 const std::function<std::size_t(std::size_t)>& owner, std::size_t parallel = 256);
  // Closes every connection and waits for the threads to settle.
  void close_all();

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::vector<std::shared_ptr<PoolConnection>> connections_;
};

// The reply's error reason, or its code as text; empty for a success.
std::string error_reason(const v1::Reply& r);
// True for the local error replies of a connection that is closed or was lost: no later call
// on it can succeed.
bool connection_gone(const v1::Reply& r);

}  // namespace gridcase::bench
