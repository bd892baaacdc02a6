#include "stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <sstream>

namespace gridcase::bench {

void Latencies::add(SteadyClock::duration took) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
  const auto clamped = std::clamp<std::int64_t>(us, 0, std::numeric_limits<std::uint32_t>::max());
  samples_.push_back(static_cast<std::uint32_t>(clamped));
  sorted_ = false;
}

void Latencies::add_error(const std::string& reason) {
  ++error_count_;
  ++reasons_[reason.empty() ? "UNKNOWN" : reason];
}

void Latencies::merge(const Latencies& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
  error_count_ += other.error_count_;
  for (const auto& [reason, n] : other.reasons_) reasons_[reason] += n;
}

double Latencies::quantile_ms(double q) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size())));
  const std::size_t index = rank == 0 ? 0 : std::min(rank, samples_.size()) - 1;
  return samples_[index] / 1000.0;
}

double Latencies::max_ms() { return quantile_ms(1.0); }

double Latencies::mean_ms() const {
  if (samples_.empty()) return 0;
  const double sum = std::accumulate(samples_.begin(), samples_.end(), 0.0);
  return sum / static_cast<double>(samples_.size()) / 1000.0;
}

void merge_ops(std::map<std::string, Latencies>& into, const std::map<std::string, Latencies>& from) {
  for (const auto& [name, l] : from) into[name].merge(l);
}

namespace {

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "0";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return fixed(v, 3);
}

}  // namespace

std::string format_text(std::vector<ScenarioReport>& reports) {
  std::ostringstream out;
  for (auto& r : reports) {
    out << "== " << r.name << " (" << fixed(r.seconds, 1) << " s)\n";
    if (!r.ops.empty()) {
      char line[200];
      std::snprintf(line, sizeof line, "  %-16s %9s %6s %10s %8s %8s %8s %8s\n", "operation", "count",
                    "errors", "per sec", "p50 ms", "p95 ms", "p99 ms", "max ms");
      out << line;
      for (auto& [name, l] : r.ops) {
        const double rate = r.seconds > 0 ? static_cast<double>(l.count()) / r.seconds : 0;
        std::snprintf(line, sizeof line, "  %-16s %9llu %6llu %10.0f %8.2f %8.2f %8.2f %8.2f\n",
                      name.c_str(), static_cast<unsigned long long>(l.count()),
                      static_cast<unsigned long long>(l.errors()), rate, l.quantile_ms(0.50),
                      l.quantile_ms(0.95), l.quantile_ms(0.99), l.max_ms());
        out << line;
        for (const auto& [reason, n] : l.error_reasons()) {
          out << "      error " << reason << ": " << n << "\n";
        }
      }
    }
    for (const auto& [name, v] : r.figures) out << "  " << name << ": " << json_number(v) << "\n";
    for (const auto& [name, v] : r.notes) out << "  " << name << ": " << v << "\n";
    if (r.has_server) {
      out << "  server cpu: " << fixed(r.server.cpu_seconds, 2) << " s";
      if (r.seconds > 0) out << " (" << fixed(100 * r.server.cpu_seconds / r.seconds, 0) << "% of one core)";
      out << ", writer thread " << fixed(r.server.writer_cpu_seconds, 2) << " s"
          << ", checkpoints " << fixed(r.server.checkpoint_cpu_seconds, 2) << " s";
      out << ", peak rss: " << fixed(r.server.peak_rss_kib / 1024.0, 1) << " MiB"
          << ", rss: " << fixed(r.server.rss_kib / 1024.0, 1) << " MiB\n";
    }
  }
  return out.str();
}

std::string format_json(std::vector<ScenarioReport>& reports, const std::map<std::string, std::string>& run) {
  std::ostringstream out;
  out << "{\"run\":{";
  bool first = true;
  for (const auto& [k, v] : run) {
    out << (first ? "" : ",") << json_string(k) << ":" << json_string(v);
    first = false;
  }
  out << "},\"scenarios\":[";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    auto& r = reports[i];
    out << (i ? "," : "") << "{\"name\":" << json_string(r.name) << ",\"seconds\":" << json_number(r.seconds)
        << ",\"ops\":{";
    bool first_op = true;
    for (auto& [name, l] : r.ops) {
      const double rate = r.seconds > 0 ? static_cast<double>(l.count()) / r.seconds : 0;
      out << (first_op ? "" : ",") << json_string(name) << ":{\"count\":" << l.count()
          << ",\"errors\":" << l.errors() << ",\"per_second\":" << json_number(rate)
          << ",\"p50_ms\":" << json_number(l.quantile_ms(0.50))
          << ",\"p95_ms\":" << json_number(l.quantile_ms(0.95))
          << ",\"p99_ms\":" << json_number(l.quantile_ms(0.99)) << ",\"max_ms\":" << json_number(l.max_ms())
          << ",\"error_reasons\":{";
      bool first_reason = true;
      for (const auto& [reason, n] : l.error_reasons()) {
        out << (first_reason ? "" : ",") << json_string(reason) << ":" << n;
        first_reason = false;
      }
      out << "}}";
      first_op = false;
    }
    out << "},\"figures\":{";
    bool first_fig = true;
    for (const auto& [name, v] : r.figures) {
      out << (first_fig ? "" : ",") << json_string(name) << ":" << json_number(v);
      first_fig = false;
    }
    out << "},\"notes\":{";
    bool first_note = true;
    for (const auto& [name, v] : r.notes) {
      out << (first_note ? "" : ",") << json_string(name) << ":" << json_string(v);
      first_note = false;
    }
    out << "}";
    if (r.has_server) {
      out << ",\"server\":{\"cpu_seconds\":" << json_number(r.server.cpu_seconds)
          << ",\"writer_cpu_seconds\":" << json_number(r.server.writer_cpu_seconds)
          << ",\"checkpoint_cpu_seconds\":" << json_number(r.server.checkpoint_cpu_seconds)
          << ",\"peak_rss_kib\":" << r.server.peak_rss_kib << ",\"rss_kib\":" << r.server.rss_kib << "}";
    }
    out << "}";
  }
  out << "]}\n";
  return out.str();
}

}  // namespace gridcase::bench
