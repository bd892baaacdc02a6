// gridcase-bench: measures gridcase. Starts gridcased on a temporary database (or drives a
// running one), drives it with many WebSocket clients from a few threads, and prints per
// operation count, throughput and latency percentiles, with the server's CPU time and memory.
// See bench/README.md for the figures of record and how they were produced.
//
// Exit status: 0 when every scenario ran (errors in calls are reported, not fatal); 1 when a
// scenario could not run; 2 for bad options.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "gridcase/log.hpp"
#include "options.hpp"
#include "scenarios.hpp"

namespace {

namespace fs = std::filesystem;
using namespace gridcase;
using namespace gridcase::bench;

// 10,000 connections need 10,000 descriptors here and in the server (which inherits this).
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::string default_server_binary() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return (self.parent_path().parent_path() / "gridcased" / "gridcased").string();
}

std::string hostname() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

// Each figure of the run as a share of the machine's limits measured in the same run: the
// targets of bench/README.md are stated this way, so that they carry from machine to machine.
static ScenarioReport ratios_to_limits(std::vector<ScenarioReport>& reports, const ScenarioReport& limits) {
  ScenarioReport out;
  out.name = "ratios";
  auto limit = [&](const std::string& key) {
    auto it = limits.figures.find(key);
    return it == limits.figures.end() ? 0.0 : it->second;
  };
  const double synced_ms = limit("synced_4k_write_ms");
  for (auto& r : reports) {
    if (r.name == "store-only" && r.figures.count("writes_per_commit")) {
      const int b = std::max(1, static_cast<int>(std::lround(r.figures.at("writes_per_commit"))));
      const double bare = limit("sqlite_batch_" + std::to_string(b) + "_per_second");
      out.figures["store_only_writes_per_commit"] = r.figures.at("writes_per_commit");
      out.figures["bare_sqlite_same_batch_per_second"] = bare;
      if (bare > 0) out.figures["store_only_vs_bare_sqlite"] = r.figures.at("writes_per_second") / bare;
    }
    if (r.name == "mix" && r.ops.count("action")) {
      Latencies& action = r.ops.at("action");
      out.figures["mix_actions_per_second"] = static_cast<double>(action.count()) / r.seconds;
      out.figures["mix_action_p99_ms"] = action.quantile_ms(0.99);
      out.figures["p99_budget_ms_2_plus_2_synced_writes"] = 2 + 2 * synced_ms;
      const double echo = limit("beast_echo_64_per_second");
      if (echo > 0) out.figures["mix_actions_vs_beast_echo"] = out.figures["mix_actions_per_second"] / echo;
    }
  }
  return out;  // the mix's writes against store-only's: "api-vs-store", which needs no limits
}

int main(int argc, char** argv) {
  auto parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed) {
    std::cerr << "gridcase-bench: " << parsed.status().message() << "\nTry 'gridcase-bench --help'.\n";
    return 2;
  }
  if (parsed->help) {
    std::cout << usage();
    return 0;
  }
  log::set_level(log::Level::kWarn);
  raise_file_limit();

  Env env;
  env.options = *parsed;
  env.server_binary = env.options.server.empty() ? default_server_binary() : env.options.server;
  bool made_work_dir = false;
  if (env.options.work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "gridcase-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "gridcase-bench: cannot make a temporary directory\n";
      return 1;
    }
    env.work_dir = pattern;
    made_work_dir = true;
  } else {
    env.work_dir = env.options.work_dir;
    fs::create_directories(env.work_dir);
  }

  const std::string scenario = env.options.scenario;
  const std::string large_db = env.options.db.empty() ? env.work_dir + "/large.db" : env.options.db;
  Env small = env;  // in "all", --db names the large database only
  if (scenario == "all") small.options.db.clear();

  std::vector<ScenarioReport> reports;
  int status = 0;
  auto record = [&](const char* name, Result<ScenarioReport> r) {
    if (r) {
      reports.push_back(std::move(*r));
    } else {
      std::cerr << "gridcase-bench: " << name << ": " << r.status().to_string() << "\n";
      status = 1;
    }
  };
  if (scenario == "mix" || scenario == "all") record("mix", run_mix_scenario(small));
  if (scenario == "store-only" || scenario == "all") record("store-only", run_store_only(small));
  if (scenario == "idle" || scenario == "all") record("idle", run_idle(small));
  if (scenario == "fanout" || scenario == "all") record("fanout", run_fanout(small));
  if (scenario == "generate" || scenario == "all") record("generate", run_generate(env, large_db));
  if (scenario == "reads" || scenario == "all") record("reads", run_reads(env, large_db));

  // The limits, measured after the scenarios (in the same run, so on the same machine in the
  // same minutes), with bare SQLite also at the batch size store-only reached.
  const ScenarioReport* limits = nullptr;
  const bool measured_writes = scenario == "mix" || scenario == "store-only" || scenario == "all";
  if (scenario == "limits" || (measured_writes && env.options.limits && env.options.connect.empty())) {
    std::vector<int> batches{1, 16, 128, 1024};
    for (const auto& r : reports) {
      if (r.name == "store-only" && r.figures.count("writes_per_commit")) {
        const int b = std::max(1, static_cast<int>(std::lround(r.figures.at("writes_per_commit"))));
        if (std::find(batches.begin(), batches.end(), b) == batches.end()) batches.push_back(b);
      }
    }
    record("limits", run_limits(env, batches));
    if (!reports.empty() && reports.back().name == "limits") limits = &reports.back();
  }
  if (limits != nullptr && scenario != "limits") {
    auto ratios = ratios_to_limits(reports, *limits);
    reports.push_back(std::move(ratios));
  }

  // The cost of the API over the store: writes per second through WebSocket against the same
  // writes straight into the engine.
  const ScenarioReport* mix = nullptr;
  const ScenarioReport* store = nullptr;
  for (const auto& r : reports) {
    if (r.name == "mix") mix = &r;
    if (r.name == "store-only") store = &r;
  }
  if (mix != nullptr && store != nullptr && store->figures.count("writes_per_second") &&
      store->figures.at("writes_per_second") > 0) {
    ScenarioReport summary;
    summary.name = "api-vs-store";
    summary.figures["websocket_writes_per_second"] = mix->figures.at("writes_per_second");
    summary.figures["store_only_writes_per_second"] = store->figures.at("writes_per_second");
    summary.figures["ratio"] = mix->figures.at("writes_per_second") / store->figures.at("writes_per_second");
    reports.push_back(std::move(summary));
  }

  std::map<std::string, std::string> run{{"scenario", scenario},
                                         {"host", hostname()},
                                         {"cores", std::to_string(sysconf(_SC_NPROCESSORS_ONLN))},
                                         {"clients", std::to_string(env.options.clients)},
                                         {"duration_seconds", std::to_string(env.options.seconds)},
                                         {"rate", std::to_string(env.options.rate)}};
  if (env.options.json) {
    std::cout << format_json(reports, run);
  } else {
    std::cout << format_text(reports);
  }
  if (made_work_dir && !env.options.keep) {
    std::error_code ec;
    fs::remove_all(env.work_dir, ec);
  } else if (made_work_dir) {
    std::cerr << "gridcase-bench: kept " << env.work_dir << "\n";
  }
  return status;
}
