#include "command_pipeline.hpp"

#include "warning_signals.hpp"

namespace gridcase {

Status MutationWrite::append(Event& e) {
  auto seq = view.append_event(e);
  if (!seq) return seq.status();
  // 久拖未动: every event on a case is its activity (warning_signals_stalled.cpp).
  GRIDCASE_RETURN_IF_ERROR(signals::note_activity(*this, e));
  published_.push_back(e);
  return {};
}

void MutationWrite::made(CaseId case_id, std::int64_t case_version, std::int64_t made_id) {
  made_.case_id = case_id;
  made_.version = case_version;
  made_.made_id = made_id;
}

void MutationWrite::due(TimeMs at) {
  if (at != 0) due_.push_back(at);
}

void MutationWrite::raised(const Warning& warning) { raised_.push_back(warning); }

CommandPipeline::CommandPipeline(Repository& repo, const Clock& clock, Configuration& config,
                                 EventSink* sink, ActorLookup actor, Auditor audit)
    : repo_(repo), clock_(clock), config_(config), sink_(sink), actor_(std::move(actor)), audit_(std::move(audit)) {}

void CommandPipeline::set_due_listener(std::function<void(TimeMs)> listener) {
  due_listener_ = std::move(listener);
}

void CommandPipeline::run(UserId actor, Mutation m, std::function<void(Status)> done) {
  // What the write leaves for after the commit.
  struct Outcome {
    std::vector<Event> published;
    std::vector<TimeMs> due;
    std::vector<Warning> raised;
  };
  ++runs_;
  auto outcome = std::make_shared<Outcome>();
  auto mutation = std::make_shared<Mutation>(std::move(m));
  auto fn = [this, actor, mutation, outcome](WriteView& view) -> Status {
    outcome->published.clear();
    outcome->due.clear();
    outcome->raised.clear();
    // Under the writers' lock: a change another server committed is in force before this one.
    GRIDCASE_RETURN_IF_ERROR(config_.follow(view));
    ConfigPtr config = config_.current();
    auto user = actor_(view, actor);
    if (!user) return user.status();
    MutationWrite w(view, *user, *config, clock_.now());
    const bool idempotent = !mutation->request_id.empty();
    if (idempotent) {
      auto seen = view.find_request(actor, mutation->request_id);
      if (seen) {
        if (seen->fingerprint != mutation->fingerprint) {
          return Status(reason::REQUEST_ID_REUSED, "request_id was used before for a different request");
        }
        return mutation->replay(w, *seen);
      }
      if (seen.status().code() != Code::kNotFound) return seen.status();
    }
    GRIDCASE_RETURN_IF_ERROR(mutation->apply(w));
    if (idempotent) {
      RequestRecord record = w.made_;
      record.user_id = actor;
      record.request_id = mutation->request_id;
      record.fingerprint = mutation->fingerprint;
      record.at = w.now;
      GRIDCASE_RETURN_IF_ERROR(view.save_request(record));
    }
    outcome->published = std::move(w.published_);
    outcome->due = std::move(w.due_);
    outcome->raised = std::move(w.raised_);
    return Status{};
  };
  repo_.write(std::move(fn), [this, actor, mutation, outcome, done = std::move(done)](Status s) {
    if (!s) {
      if (s.code() == Code::kPermissionDenied && audit_) audit_(actor, mutation->case_id, mutation->name, s);
      done(s);
      return;
    }
    if (sink_ != nullptr && !outcome->published.empty()) sink_->publish(outcome->published);
    if (sink_ != nullptr && !outcome->raised.empty()) sink_->publish_warnings(outcome->raised);
    if (due_listener_) {
      for (TimeMs at : outcome->due) due_listener_(at);
    }
    done(s);
  });
}

}  // namespace gridcase
