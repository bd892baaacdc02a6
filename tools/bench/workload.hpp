// The mix: clients that create cases (30%), move their cases through the lifecycle (50%) and
// read (20%: get a case, list open cases), closed-loop (each client waits for its reply) or at
// an offered rate (open loop; latency counted from when a call was due, so a slow server is not
// hidden by clients that wait).
//
// A client's logic does not know how its calls travel: a Transport carries them, over
// WebSocket or straight into the engine (the "store only" run), so both runs do the same work.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "gridcase/engine.hpp"
#include "stats.hpp"
#include "world.hpp"

namespace gridcase::bench {

enum class OpKind { kCreate, kAction, kGet, kList };

struct PlannedOp {
  OpKind kind = OpKind::kCreate;
  NewCase create;
  CaseCommand command;
  CaseId case_id = 0;  // get
  CaseQuery query;     // list
};

struct OpOutcome {
  std::string error;  // empty: success; otherwise the reason
  bool connection_lost = false;  // the client's connection is gone: its later calls would fail too
  CaseId case_id = 0;
  std::int64_t version = 0;
  CaseState state = CaseState::kUnspecified;
};

// Carries one call of client `client` and reports its outcome on that client's io_context.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual void submit(std::size_t client, const PlannedOp& op, std::function<void(OpOutcome)> done) = 0;
};

struct MixOptions {
  std::size_t clients = 64;
  double seconds = 10;
  double rate = 0;       // offered operations per second over all clients; 0: closed loop
  int depth = 1;         // closed loop: calls each client keeps outstanding
  double create_share = 0.30;
  double action_share = 0.50;  // the rest reads
  bool reads = true;           // false: writes only (the store-only comparison)
  std::uint64_t seed = 1;
  std::string run_tag;   // makes request ids unique across runs on one database
};

// Runs the mix: client i acts as world.client_account(i) on io_context contexts[i]. Returns the
// per-operation latencies; ops are named "create", "action" (every lifecycle action),
// "action.<name>", "get" and "list". Waits for outstanding calls after the run (at most 30 s).
ScenarioReport run_mix(const World& world, Transport& transport,
                       const std::function<boost::asio::io_context&(std::size_t)>& contexts,
                       const MixOptions& options, const std::string& name);

}  // namespace gridcase::bench
