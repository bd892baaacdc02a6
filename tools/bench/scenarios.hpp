// The benchmark's scenarios. Each returns one report; the caller prints them.
#pragma once

#include <string>
#include <vector>

#include "gridcase/status.hpp"
#include "options.hpp"
#include "stats.hpp"

namespace gridcase::bench {

struct Env {
  Options options;
  std::string work_dir;       // temporary databases go here
  std::string server_binary;  // gridcased
};

Result<ScenarioReport> run_mix_scenario(const Env& env);
Result<ScenarioReport> run_store_only(const Env& env);
Result<ScenarioReport> run_idle(const Env& env);
Result<ScenarioReport> run_fanout(const Env& env);
// Generates into `db` (replacing nothing: an existing database gets more cases).
Result<ScenarioReport> run_generate(const Env& env, const std::string& db);
// The machine's limits without gridcase (limits.cpp): a synced 4 KiB write, bare SQLite
// transitions per second at each of `batches` per commit, a Beast WebSocket echo.
Result<ScenarioReport> run_limits(const Env& env, const std::vector<int>& batches);
// Reads on `db`, generating it first when it has no generated cases.
Result<ScenarioReport> run_reads(const Env& env, const std::string& db);

}  // namespace gridcase::bench
