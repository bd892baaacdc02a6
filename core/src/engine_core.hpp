// What the engine's services share (engine.hpp): the ports, the one snapshot of configuration,
// the sessions and the command pipeline every mutation runs through, and the small helpers
// more than one service needs. Internal to the core.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command_pipeline.hpp"
#include "gridcase/duplicates.hpp"
#include "gridcase/engine.hpp"

namespace gridcase {

constexpr int kMaxPageSize = 500;

struct EngineCore {
  EngineCore(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink, EngineOptions options,
             std::shared_ptr<Configuration> config);

  Repository& repo;
  Crypto& crypto;
  const Clock& clock;
  EventSink* sink;
  const EngineOptions options;
  const std::shared_ptr<Configuration> config;
  Sessions sessions;
  CommandPipeline pipeline;
  // When the deadline rounds next forget old request records (Deadlines::forget_old_requests):
  // rounds follow each other closely under load, and each would otherwise add a write.
  std::atomic<TimeMs> next_forget{0};

  OrgTreePtr tree() const { return config->current()->tree; }
  std::shared_ptr<const WorkingCalendar> calendar() const { return config->current()->calendar; }
  // The categories of one kind (kUnspecified: all).
  std::vector<Category> categories(CaseKind kind) const;
  // Records a refusal for want of permission, in a write of its own (not waited for).
  void audit_denial(UserId actor, CaseId case_id, const std::string& what, const Status& denial);
};

// Runs one read that yields a value (get: ReadView& -> Result<T>) and returns the value.
template <typename Get>
auto read_one(Repository& repo, Get get) -> decltype(get(std::declval<ReadView&>())) {
  using R = decltype(get(std::declval<ReadView&>()));
  std::optional<R> out;
  Status s = repo.read([&](ReadView& view) {
    out.emplace(get(view));
    return out->is_ok() ? Status{} : out->status();
  });
  if (!s) return s;
  return std::move(*out);
}

// The likely duplicates of `query` (duplicates.hpp) that `viewer` may see, the most alike
// first, at most `limit`, read through `view`; `at` is the draft's time, `window` the engine's
// duplicate window, `categories` every category of the draft's kind; the newest `candidates`
// cases of the draft's place, family and window are compared. Not yet presented (masked) to the
// viewer. Shared by the suggestions asked for and those in the reply to CreateCase.
Result<std::vector<Case>> likely_duplicates(ReadView& view, const OrgTree& tree, const std::vector<Category>& categories,
                                            const User& viewer, const DuplicateQuery& query, TimeMs at, TimeMs window,
                                            int limit, int candidates);
// Candidates compared for a FindDuplicates call, and for the few suggestions in the reply to
// CreateCase (read inside the write, so kept to what a grid has in a week of one family).
constexpr int kDuplicateCandidates = 500;
constexpr int kCreateDuplicateCandidates = 100;

// The unit that handles a case located at `location` when it sits at `level`.
const OrgUnit* level_unit(const OrgTree& tree, UnitId location, Level level);

// A request_id: one line, required, at most kMaxRequestId characters.
Status check_request_id(const std::string& request_id);

}  // namespace gridcase
