// The deadline runner: a thread that sleeps until the next clock is due, asks the engine to
// record what fell due (Engine::run_due), and sleeps again. It never scans on a timer: the
// store keeps the next due instant of every case in an index, and the engine wakes the runner
// when a commit makes something due sooner. After a restart the first round picks up whatever
// fell due while the server was down, once.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"

namespace gridcase {

class DeadlineRunner {
 public:
  // Registers itself as the engine's due listener. `engine` and `clock` must outlive it.
  DeadlineRunner(Engine& engine, const Clock& clock);
  ~DeadlineRunner();  // stops

  void start();
  // Wakes the thread, lets the current round finish, joins. Idempotent.
  void stop();

  // Asks for a round now (after the time was set by hand, say).
  void poke();

  // Rounds run so far (for tests and metrics).
  std::uint64_t rounds() const;

 private:
  void loop();
  void wake_for(TimeMs at);

  Engine& engine_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  TimeMs wake_at_ = 0;  // 0: nothing scheduled
  bool poked_ = false;
  bool in_round_ = false;
  std::uint64_t rounds_ = 0;
  std::thread thread_;
};

}  // namespace gridcase
