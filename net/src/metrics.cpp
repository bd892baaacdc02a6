#include "gridcase/net/metrics.hpp"

#include <sstream>

#include "gridcase/names.hpp"

namespace gridcase::net {

void Metrics::record_call(const std::string& call, Code code, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_[{call, code_name(code)}];
  Histogram& h = durations_[call];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(Engine* engine) const {
  std::ostringstream out;
  out << "# HELP gridcase_connections Open WebSocket connections.\n"
      << "# TYPE gridcase_connections gauge\n"
      << "gridcase_connections " << connections_.load() << "\n";
  out << "# HELP gridcase_slow_clients_closed_total Connections closed because their send queue was full.\n"
      << "# TYPE gridcase_slow_clients_closed_total counter\n"
      << "gridcase_slow_clients_closed_total " << slow_clients_closed_.load() << "\n";
  out << "# HELP gridcase_flooding_clients_closed_total Connections closed for sending calls far over the rate limit.\n"
      << "# TYPE gridcase_flooding_clients_closed_total counter\n"
      << "gridcase_flooding_clients_closed_total " << flooding_clients_closed_.load() << "\n";
  {
    std::lock_guard<std::mutex> lock(mu_);
    out << "# HELP gridcase_calls_total Calls answered, by call and status code.\n"
        << "# TYPE gridcase_calls_total counter\n";
    for (const auto& [key, n] : calls_) {
      out << "gridcase_calls_total{call=\"" << key.first << "\",code=\"" << key.second << "\"} " << n
          << "\n";
    }
    out << "# HELP gridcase_call_duration_seconds Time from a call's arrival to its reply.\n"
        << "# TYPE gridcase_call_duration_seconds histogram\n";
    for (const auto& [call, h] : durations_) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.counts[i];
        out << "gridcase_call_duration_seconds_bucket{call=\"" << call << "\",le=\"" << kBuckets[i]
            << "\"} " << cumulative << "\n";
      }
      out << "gridcase_call_duration_seconds_bucket{call=\"" << call << "\",le=\"+Inf\"} " << h.count
          << "\n";
      out << "gridcase_call_duration_seconds_sum{call=\"" << call << "\"} " << h.sum << "\n";
      out << "gridcase_call_duration_seconds_count{call=\"" << call << "\"} " << h.count << "\n";
    }
  }
  if (engine != nullptr) {
    auto counts = engine->queries().count_cases_by_state();
    if (counts) {
      out << "# HELP gridcase_cases Cases by state.\n"
          << "# TYPE gridcase_cases gauge\n";
      // Every state, zero included, so that a dashboard's series never disappear.
      for (int s = static_cast<int>(CaseState::kReported);
           s <= static_cast<int>(CaseState::kUnderReReview); ++s) {
        const auto state = static_cast<CaseState>(s);
        const auto it = counts->find(state);
        out << "gridcase_cases{state=\"" << name(state) << "\"} "
            << (it == counts->end() ? 0 : it->second) << "\n";
      }
    }
  }
  return out.str();
}

}  // namespace gridcase::net
