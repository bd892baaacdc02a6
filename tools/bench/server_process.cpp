#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace gridcase::bench {

namespace {

// User + system CPU seconds from a /proc stat file (of a process or of one of its threads).
double stat_cpu_seconds(const std::string& path) {
  std::ifstream stat(path);
  std::string text;
  std::getline(stat, text);
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // Field 3 is the state; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The CPU of the process's thread named `name` (the store names its writer thread).
double thread_cpu_seconds(pid_t pid, const std::string& name) {
  std::error_code ec;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string line;
    if (std::getline(comm, line) && line == name) return stat_cpu_seconds((task.path() / "stat").string());
  }
  return 0;
}

}  // namespace

ProcessSample sample_process(pid_t pid) {
  ProcessSample s;
  if (pid <= 0) return s;
  s.cpu_seconds = stat_cpu_seconds("/proc/" + std::to_string(pid) + "/stat");
  s.writer_cpu_seconds = thread_cpu_seconds(pid, "gc-writer");
  s.checkpoint_cpu_seconds = thread_cpu_seconds(pid, "gc-checkpoint");
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    auto value = [&](const char* key) -> std::uint64_t {
      return std::stoull(line.substr(std::strlen(key)));
    };
    if (line.rfind("VmHWM:", 0) == 0) s.peak_rss_kib = value("VmHWM:");
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = value("VmRSS:");
  }
  return s;
}

double machine_cpu_seconds() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) || cpu != "cpu") return 0;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return static_cast<double>(user + nice + system + irq + softirq + steal) / ticks;
}

ServerCost cost_between(const ProcessSample& before, const ProcessSample& after) {
  ServerCost c;
  c.cpu_seconds = after.cpu_seconds - before.cpu_seconds;
  c.writer_cpu_seconds = after.writer_cpu_seconds - before.writer_cpu_seconds;
  c.checkpoint_cpu_seconds = after.checkpoint_cpu_seconds - before.checkpoint_cpu_seconds;
  c.peak_rss_kib = after.peak_rss_kib;
  c.rss_kib = after.rss_kib;
  return c;
}

ServerProcess::~ServerProcess() { stop(); }

Status ServerProcess::start(const std::string& binary, const std::vector<std::string>& args,
                            const std::string& log_path, std::chrono::seconds wait) {
  int out[2];
  if (pipe(out) != 0) return Status(reason::SPAWN_FAILED, "pipe: " + std::string(std::strerror(errno)));
  std::vector<std::string> argv_text{binary};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  argv_text.push_back("--listen");
  argv_text.push_back("127.0.0.1:0");
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto started = SteadyClock::now();
  pid_ = fork();
  if (pid_ < 0) return Status(reason::SPAWN_FAILED, "fork: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log >= 0) dup2(log, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string seen;
  const auto deadline = started + wait;
  const std::string marker = "listening on ws://";
  while (seen.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) break;
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[256];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  close(out[0]);
  const auto at = seen.find(marker);
  if (at == std::string::npos) {
    stop(std::chrono::seconds(1));
    return Status(reason::SERVER_NOT_READY, "gridcased did not start (see " + log_path + ")");
  }
  startup_seconds_ = std::chrono::duration<double>(SteadyClock::now() - started).count();
  // ws://127.0.0.1:PORT/ws
  const std::string url = seen.substr(at + marker.size());
  const auto colon = url.find(':');
  port_ = static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1)));
  return Status::ok();
}

int ServerProcess::stop(std::chrono::seconds grace) {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  const auto deadline = SteadyClock::now() + grace;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (SteadyClock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace gridcase::bench
