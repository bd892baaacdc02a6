// The one path every mutation takes (creating a case, its lifecycle and kind steps, uploads,
// links and unmerging, inspections and plans, admin changes, and the system's deadline work):
//
//   follow a configuration change made through another server (Configuration::follow) →
//   resolve the actor → look up the request_id (a resend with the same content answers what
//   the first call made; other content: INVALID_ARGUMENT REQUEST_ID_REUSED) → the mutation's
//   own checks against what is stored (scope, role, version, state) and its changes, events
//   appended through the pipeline → the request stored with what it made → commit → publish
//   the events, tell the deadline runner what fell due sooner → the caller's `done`.
//
// A refusal for want of permission is audited. Asynchronous throughout: `done` runs on the
// store's writer thread once the outcome is durable (or has failed and left nothing behind).
// Internal to the core.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/configuration.hpp"
#include "gridcase/event_sink.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

// What a mutation sees and records inside its write.
class MutationWrite {
 public:
  MutationWrite(WriteView& view, const User& actor, const ConfigSnapshot& config, TimeMs now)
      : view(view), actor(actor), config(config), now(now) {}

  WriteView& view;
  const User& actor;
  const ConfigSnapshot& config;
  const TimeMs now;

  // Appends `e` to the history (its seq is set) and keeps it to publish after the commit.
  Status append(Event& e);
  // What the call made, stored with its request_id for a resend: the case it changed or made
  // and the version it left, and anything else it made, by id (an attachment, an inspection,
  // a plan).
  void made(CaseId case_id, std::int64_t case_version, std::int64_t made_id = 0);
  // A case the call left due at `at` (0: none): the deadline runner is told after the commit.
  void due(TimeMs at);
  // An early warning the call raised: pushed to its supervisors after the commit.
  void raised(const Warning& warning);

 private:
  friend class CommandPipeline;
  std::vector<Event> published_;
  std::vector<Warning> raised_;
  std::vector<TimeMs> due_;
  RequestRecord made_;
};

struct Mutation {
  const char* name = "";    // for the audit of a refusal: "CREATE", "ACCEPT", "CREATE_USER", ...
  CaseId case_id = 0;       // the case it is about, for the same audit (0: none yet)
  // The idempotency key, checked by the caller. Empty for admin changes and the system's own
  // deadline work, which are not resent blindly: nothing is looked up or stored for them.
  std::string request_id;
  std::string fingerprint;  // the digest of the request's canonical content
  // The checks against what is stored and the changes, through `w`.
  std::function<Status(MutationWrite& w)> apply;
  // Answers a resend from what the first call stored (w.made is not used: nothing is stored).
  std::function<Status(MutationWrite& w, const RequestRecord& first)> replay;
};

class CommandPipeline {
 public:
  // The actor of a call, or UNAUTHENTICATED when the account is gone or disabled (kSystemActor:
  // the all-powerful set-up tools).
  using ActorLookup = std::function<Result<User>(ReadView&, UserId)>;
  // Records a refusal for want of permission (a write of its own).
  using Auditor = std::function<void(UserId actor, CaseId case_id, const std::string& what, const Status& denial)>;

  // None is owned; all must outlive the pipeline. `sink` may be null.
  // The configuration follows the store (Configuration::follow) inside each write, before the
  // mutation sees it.
  CommandPipeline(Repository& repo, const Clock& clock, Configuration& config, EventSink* sink,
                  ActorLookup actor, Auditor audit);

  // Called after a commit that leaves a case due at `at` (Engine::set_due_listener).
  void set_due_listener(std::function<void(TimeMs)> listener);

  // Runs `m` as described above. `done` gets the outcome; the mutation's own closures carry
  // its results to it.
  void run(UserId actor, Mutation m, std::function<void(Status)> done);

  // Runs `m`, whose apply leaves its result in `*out`, and gives `done` that result once
  // committed, or the failure.
  template <typename T, typename Done>
  void run_for(UserId actor, Mutation m, std::shared_ptr<T> out, Done done) {
    run(actor, std::move(m), [out = std::move(out), done = std::move(done)](Status s) {
      if (!s) return done(s);
      done(std::move(*out));
    });
  }

  // How many mutations have been run, each as one write unit (for tests: a write that is not
  // one of them bypassed the pipeline).
  std::uint64_t runs() const { return runs_.load(); }

 private:
  Repository& repo_;
  const Clock& clock_;
  Configuration& config_;
  EventSink* sink_;
  ActorLookup actor_;
  Auditor audit_;
  std::function<void(TimeMs)> due_listener_;
  std::atomic<std::uint64_t> runs_{0};
};

}  // namespace gridcase
