// Server metrics, rendered in the Prometheus text exposition format on GET /metrics.
//
//   gridcase_connections                      gauge: open WebSocket connections
//   gridcase_calls_total{call,code}           counter: calls answered, by call and status code
//   gridcase_call_duration_seconds{call}      histogram: time from a frame's arrival to its reply
//   gridcase_slow_clients_closed_total        counter: connections closed for a full send queue
//   gridcase_flooding_clients_closed_total    counter: connections closed for flooding calls
//   gridcase_cases{state}                     gauge: cases by state (read from the engine)
//
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "gridcase/engine.hpp"
#include "gridcase/status.hpp"

namespace gridcase::net {

class Metrics {
 public:
  void connection_opened() { connections_.fetch_add(1); }
  void connection_closed() { connections_.fetch_sub(1); }
  void slow_client_closed() { slow_clients_closed_.fetch_add(1); }
  void flooding_client_closed() { flooding_clients_closed_.fetch_add(1); }
  void record_call(const std::string& call, Code code, double seconds);

  std::int64_t connections() const { return connections_.load(); }
  std::int64_t slow_clients_closed() const { return slow_clients_closed_.load(); }
  std::int64_t flooding_clients_closed() const { return flooding_clients_closed_.load(); }

  // The whole exposition. `engine` may be null; then gridcase_cases is left out, as it is when
  // the store cannot be read.
  std::string render(Engine* engine) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};  // not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };

  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::int64_t> slow_clients_closed_{0};
  std::atomic<std::int64_t> flooding_clients_closed_{0};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> calls_;  // (call, code) -> n
  std::map<std::string, Histogram> durations_;                          // call -> histogram
};

}  // namespace gridcase::net
