// The deadline runner: a thread that sleeps until the next clock is due, asks the engine to
// record what fell due (Engine::run_due), and sleeps again. It never scans on a timer: the
// store keeps the next due instant of every case in an index, and the engine wakes the runner
// when a commit makes something due sooner. After a restart the first round picks up whatever
// fell due while the server was down, once.
//
// Several servers on one store: only the one the store names leader runs rounds
// (Repository::lead_deadline_work); the others ask again every `follower_retry` and take over
// once the leader's database session has ended. The leader asks before each round, and a round
// is done in parts of at most `max_cases` cases, so that a server that lost the lead stops
// within one part. Exactly-once does not rest on the lead: each case's deadline write re-reads
// the case under the writers' lock and records only what is still due.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"

namespace gridcase {

struct DeadlineRunnerOptions {
  // A server that does not lead asks the store again this often.
  TimeMs follower_retry = 5 * 1000;
  // Cases per part of a round (Deadlines::run_due's max_cases).
  int max_cases = 200;
};

class DeadlineRunner {
 public:
  // Registers itself as the engine's due listener. `engine` and `clock` must outlive it.
  DeadlineRunner(Engine& engine, const Clock& clock, DeadlineRunnerOptions options = {});
  ~DeadlineRunner();  // stops

  void start();
  // Wakes the thread, lets the current part of a round finish, joins. Idempotent.
  void stop();
  // Asks the thread to end after the current part of a round, without waiting for it (stop()
  // waits).
  void request_stop();

  // Asks for a round now (after the time was set by hand, say).
  void poke();

  // Rounds (parts of rounds) run so far, and times the store said another server leads (for
  // tests and metrics).
  std::uint64_t rounds() const;
  std::uint64_t followed() const;

 private:
  void loop();
  void wake_for(TimeMs at);

  Engine& engine_;
  const Clock& clock_;
  const DeadlineRunnerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  TimeMs wake_at_ = 0;  // 0: nothing scheduled
  bool poked_ = false;
  bool in_round_ = false;
  std::uint64_t rounds_ = 0;
  std::uint64_t followed_ = 0;
  std::thread thread_;
};

}  // namespace gridcase
