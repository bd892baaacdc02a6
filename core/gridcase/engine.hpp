// The case engine: gridcase's services over the Repository and Crypto ports, sharing one
// snapshot of configuration (configuration.hpp) and one command pipeline through which every
// change is made (core/src/command_pipeline.hpp).
//
//   sessions()   logging in and out, tokens, passwords, throttling     sessions.hpp
//   commands()   every change to a case, inspections and plans           case_commands.hpp
//   queries()    what a user may read: cases, board, history, people     case_queries.hpp
//   admin()      users, the org tree, policies, calendar, evidence rules administration.hpp
//   deadlines()  what falls due on the clocks and plans                  deadline_work.hpp
//
// Commands validate the request (pure), check it against what is stored (the caller, the case,
// its version, the caller's scope), then apply it in one write unit that updates the case and
// appends its events together. Events are published to the EventSink only after the commit is
// durable.
//
// Thread safety: every method of every service may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>

#include "gridcase/administration.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/case_queries.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/configuration.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/deadline_work.hpp"
#include "gridcase/event_sink.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/sessions.hpp"
#include "gridcase/status.hpp"

namespace gridcase {

struct EngineOptions {
  SessionOptions sessions;  // token life and login throttling (sessions.hpp)
  CalendarConfig calendar;  // working hours and time zone of the deadlines
  // Duplicate suggestions (duplicates.hpp): cases registered this close in time to a new one.
  TimeMs duplicate_window = 7LL * 24 * 3600 * 1000;
  // How long the record of a person's request is kept after the request (0: for ever): a resend
  // within it answers what the first call did; after it, the request is made again. The
  // deadline rounds forget the older ones (Deadlines::run_due).
  TimeMs request_retention = 30LL * 24 * 3600 * 1000;
};

struct EngineCore;

class Engine {
 public:
  // The engine does not own its collaborators; they must outlive it. `sink` may be null.
  // `config` is shared with other readers of the configuration (the subscription hub's
  // visibility rule); null: the engine keeps its own, under options.calendar.
  Engine(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink,
         EngineOptions options = {}, std::shared_ptr<Configuration> config = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads the configuration (org tree, categories, policies, calendar) from the store. Call
  // once before anything else.
  Status load();

  // Follows what other servers on the same store changed since (Configuration::follow): the
  // configuration is reloaded when it moved; a session ended or an account changed moves
  // sessions().session_generation(), so that a session is checked again. Call at the start of
  // each call a client makes (writes follow by themselves, under the writers' lock). Costs one
  // read of one row when nothing moved. The store's error otherwise (nothing changes then).
  Status follow_changes();

  Sessions& sessions();
  CaseCommands& commands() { return commands_; }
  CaseQueries& queries() { return queries_; }
  Administration& admin() { return admin_; }
  Deadlines& deadlines() { return deadlines_; }

  // The configuration the services read and adopt their changes into, and its parts now.
  const Configuration& configuration() const;
  OrgTreePtr tree() const;
  std::shared_ptr<const WorkingCalendar> calendar() const;
  // The store the engine works on, for read-side services built beside it (figure_service.hpp).
  Repository& repository() const;
  // The current time of the engine's clock (for rendering clocks' remaining budget).
  TimeMs now() const;
  // How many mutations have been run through the command pipeline, each as one write unit of
  // the store (for tests: a write that is not one of them bypassed the pipeline).
  std::uint64_t mutations_run() const;

 private:
  std::unique_ptr<EngineCore> core_;
  CaseCommands commands_;
  CaseQueries queries_;
  Administration admin_;
  Deadlines deadlines_;
};

}  // namespace gridcase
