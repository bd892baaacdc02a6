// gridcased as a child process: started on a database, stopped in order, and measured through
// /proc (CPU time, resident memory).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/status.hpp"
#include "stats.hpp"

namespace gridcase::bench {

struct ProcessSample {
  double cpu_seconds = 0;          // user + system since the process started
  double writer_cpu_seconds = 0;   // the same for its store's writer thread ("gc-writer"), if any
  double checkpoint_cpu_seconds = 0;  // and its checkpoint thread ("gc-checkpoint")
  std::uint64_t peak_rss_kib = 0;  // VmHWM
  std::uint64_t rss_kib = 0;       // VmRSS
};

// Reads /proc/<pid>/stat, /proc/<pid>/status and the writer thread's stat; zeros when the
// process is gone.
ProcessSample sample_process(pid_t pid);

// CPU seconds the whole machine has spent busy (every core, every process) since it started,
// from /proc/stat: with the server's and the benchmark's own, what is left is the database's
// (PostgreSQL) and anything else running.
double machine_cpu_seconds();

// The cost between two samples of the same process.
ServerCost cost_between(const ProcessSample& before, const ProcessSample& after);

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();  // stops the server if it still runs

  // Starts `binary` with `args` plus "--listen 127.0.0.1:0", and waits (up to `wait`) for its
  // ready line. Its stderr goes to `log_path`. UNAVAILABLE when it exits or stays silent.
  Status start(const std::string& binary, const std::vector<std::string>& args,
               const std::string& log_path, std::chrono::seconds wait = std::chrono::seconds(120));
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status (-1 when killed). Idempotent.
  int stop(std::chrono::seconds grace = std::chrono::seconds(30));

  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }
  // Seconds from fork to the ready line.
  double startup_seconds() const { return startup_seconds_; }
  ProcessSample sample() const { return sample_process(pid_); }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  double startup_seconds_ = 0;
};

}  // namespace gridcase::bench
