// What a benchmark run measures: per operation, how many, how fast, how often it failed; and
// what the server cost. Printed as a table for people or as JSON for machines.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gridcase::bench {

using SteadyClock = std::chrono::steady_clock;

// Latencies of one operation, in microseconds. Not thread-safe: each driver thread keeps its
// own and merges them at the end.
class Latencies {
 public:
  void add(SteadyClock::duration took);
  void add_error(const std::string& reason);
  void merge(const Latencies& other);

  std::uint64_t count() const { return samples_.size(); }
  std::uint64_t errors() const { return error_count_; }
  const std::map<std::string, std::uint64_t>& error_reasons() const { return reasons_; }
  // The q-quantile (0..1) in milliseconds; 0 when there are no samples. Sorts on first use.
  double quantile_ms(double q);
  double max_ms();
  double mean_ms() const;

 private:
  std::vector<std::uint32_t> samples_;
  bool sorted_ = false;
  std::uint64_t error_count_ = 0;
  std::map<std::string, std::uint64_t> reasons_;
};

// What the server process used (from /proc); zero when it is not known.
struct ServerCost {
  double cpu_seconds = 0;      // user + system during the measured phase
  double writer_cpu_seconds = 0;  // of these, the store's writer thread
  double checkpoint_cpu_seconds = 0;  // and its checkpoint thread
  std::uint64_t peak_rss_kib = 0;  // VmHWM
  std::uint64_t rss_kib = 0;       // VmRSS at the end of the phase
};

// One scenario's results.
struct ScenarioReport {
  std::string name;
  double seconds = 0;                                  // the measured phase
  std::map<std::string, Latencies> ops;                // per operation
  std::map<std::string, double> figures;               // named numbers (throughput, sizes...)
  std::map<std::string, std::string> notes;            // named texts (paths, settings)
  ServerCost server;
  bool has_server = false;
};

// Merges `from` into `into`, operation by operation.
void merge_ops(std::map<std::string, Latencies>& into, const std::map<std::string, Latencies>& from);

std::string format_text(std::vector<ScenarioReport>& reports);
std::string format_json(std::vector<ScenarioReport>& reports, const std::map<std::string, std::string>& run);

}  // namespace gridcase::bench
