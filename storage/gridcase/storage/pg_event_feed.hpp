// Live events from every server on one PostgreSQL database: the listener that reads them back
// from the events table and publishes them through this server's EventRelay, so that a
// supervisor subscribed on one server hears of a case written through another.
//
// How. Each write transaction that appends events sends NOTIFY on the channel
// "gridcase_events" before its COMMIT, with the last seq it committed as payload (PostgreSQL
// delivers it at commit, in commit order, and not at all on rollback). The feed keeps one
// connection of its own, named by `application_name` (shown in pg_stat_activity), that
// LISTENs on that channel; when woken (by a notification of a seq not yet published, by
// wake(), or by a fallback poll in case a wake is lost) it reads the events after the relay's
// last published seq, in pages, in seq order, and hands them to the relay, which drops those
// this server already published from its own commits. Events are read only once committed and
// seqs are gapless in commit order (pg_repository.hpp), so nothing is skipped.
//
// A lost connection (the server restarted, the backend was ended by pg_terminate_backend, the
// network failed) is replaced, after a pause that doubles from `first_retry` up to
// `longest_retry` while connecting fails; the new connection LISTENs first and then reads from
// the relay's last published seq, so notifications missed meanwhile lose nothing. Connect
// directly, not through PgBouncer in transaction mode (which breaks LISTEN).
//
// Thread safety: start(), stop() and wake() may be called from any thread. The relay (and what
// it publishes to) is called on the feed's own thread and must outlive the feed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "gridcase/event_relay.hpp"

namespace gridcase::storage {

struct PgEventFeedOptions {
  // The listener connection's application_name; empty: default_listener_name().
  std::string application_name;
  // How long the feed waits without any notification before it reads the store anyway.
  std::chrono::milliseconds fallback_poll{1000};
  std::chrono::milliseconds first_retry{100};
  std::chrono::milliseconds longest_retry{5000};
  int page = 500;  // events read per statement
};

class PgEventFeed {
 public:
  // `conninfo`: the store's (postgresql://... or "host=... dbname=..."); the feed sets its
  // application_name, a connect_timeout and TCP keepalives unless `conninfo` sets them.
  PgEventFeed(std::string conninfo, EventRelay& relay, PgEventFeedOptions options = {});
  // Calls stop().
  ~PgEventFeed();
  PgEventFeed(const PgEventFeed&) = delete;
  PgEventFeed& operator=(const PgEventFeed&) = delete;

  // Starts the feed's thread, which connects (and keeps reconnecting) on its own: returns at
  // once. Call once.
  void start();
  // Asks the feed to read the store now (the relay's gap listener). Cheap; never blocks.
  void wake();
  // Stops the thread and closes the connection. Idempotent. Waits for a connection attempt in
  // progress (at most its connect_timeout).
  void stop();

  // The listener connection's application_name.
  const std::string& application_name() const { return options_.application_name; }
  // How many times the feed has connected and started listening (1 after the first connect).
  std::uint64_t connects() const { return connects_.load(); }
  // True while the feed holds a listening connection.
  bool listening() const { return listening_.load(); }

  // "gridcase-listener PID@HOST", cut to PostgreSQL's 63 bytes.
  static std::string default_listener_name();

 private:
  void run();

  const std::string conninfo_;
  EventRelay& relay_;
  PgEventFeedOptions options_;
  int wake_fd_ = -1;  // an eventfd: wake() and stop() write to it
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{false};
  std::atomic<std::uint64_t> connects_{0};
  std::thread thread_;
};

}  // namespace gridcase::storage
