// What every connection of one server shares: the engine, the hub, the dispatcher, the
// metrics, the configuration, and the registry of open connections that shutdown walks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "gridcase/engine.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/metrics.hpp"
#include "gridcase/net/server_config.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/net/web_assets.hpp"

namespace gridcase::net {

// An open connection, as shutdown sees it.
class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  // Asks the connection to close (WebSocket: close frame 1001 "going away"). Thread-safe.
  virtual void go_away() = 0;
};

class ServerState {
 public:
  // `attachments` (may be null: no attachment calls) must outlive the state.
  ServerState(Engine& engine, SubscriptionHub& hub, ServerConfig config, AttachmentStore* attachments = nullptr);
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;

  Engine& engine() { return engine_; }
  SubscriptionHub& hub() { return hub_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  Metrics& metrics() { return metrics_; }
  const ServerConfig& config() const { return config_; }
  const WebAssets& web() const { return web_; }

  // Registry of open connections. Thread-safe. A connection registers when it starts and
  // unregisters in its destructor.
  std::uint64_t add_connection(std::weak_ptr<LiveConnection> connection);
  void remove_connection(std::uint64_t id);
  std::size_t connection_count() const;
  // Calls go_away() on every registered connection.
  void go_away_all();
  // Waits until no connection is registered, or until `deadline`. True when none is left.
  bool wait_until_no_connections(std::chrono::steady_clock::time_point deadline);

 private:
  Engine& engine_;
  SubscriptionHub& hub_;
  const ServerConfig config_;
  Metrics metrics_;
  Dispatcher dispatcher_;
  const WebAssets web_;

  mutable std::mutex mu_;
  std::condition_variable empty_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, std::weak_ptr<LiveConnection>> connections_;
};

}  // namespace gridcase::net
