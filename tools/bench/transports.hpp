// The two ways the mix's calls travel: over WebSocket to a server (one connection per client),
// or straight into an engine in this process (the "store only" run: core + storage, no network).
#pragma once

#include <functional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "gridcase/engine.hpp"
#include "workload.hpp"
#include "ws_pool.hpp"

namespace gridcase::bench {

class WsTransport final : public Transport {
 public:
  // Client i uses pool.connections()[i]; submit() must run on that connection's thread.
  explicit WsTransport(ClientPool& pool) : pool_(pool) {}
  void submit(std::size_t client, const PlannedOp& op, std::function<void(OpOutcome)> done) override;

 private:
  ClientPool& pool_;
};

class EngineTransport final : public Transport {
 public:
  // Client i acts as world.client_account(i); outcomes are posted to contexts(i).
  EngineTransport(Engine& engine, const World& world,
                  std::function<boost::asio::io_context&(std::size_t)> contexts)
      : engine_(engine), world_(world), contexts_(std::move(contexts)) {}
  void submit(std::size_t client, const PlannedOp& op, std::function<void(OpOutcome)> done) override;

 private:
  Engine& engine_;
  const World& world_;
  std::function<boost::asio::io_context&(std::size_t)> contexts_;
};

// The wire form of a planned call.
v1::ClientFrame to_frame(const PlannedOp& op);

}  // namespace gridcase::bench
