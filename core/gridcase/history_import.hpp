// Historical import (历史数据导入): cases that happened before gridcase, brought in with their
// real times so that history and figures are true.
//
// A system-only path beside the engine: each historical case becomes a few steps at its own
// instants — OPEN (CREATE then ACCEPT at the opening time), EXPIRE (the RESOLVE clock runs out
// at the case's own target time, when it was closed later than that or is still open at the
// import's as-of time) and CLOSE (RESOLVE then CLOSE at the closing time). An importer applies
// the steps of all cases in time order, so that the history reads as it happened, in write
// units of its choosing. Every step is idempotent (a request record keyed by the case's source
// key and the step), so an interrupted import resumes where it stopped.
//
// Imported clocks carry the source's own target as the RESOLVE deadline and never escalate;
// the deadline runner leaves them alone (next_due 0): the import records their expiry itself.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/category.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"

namespace gridcase {

struct HistoricalCase {
  std::string key;  // unique within the source (e.g. "boston311:101001242276")
  CaseKind kind = CaseKind::kIncident;
  std::string category_code;  // a leaf of `kind`
  Channel channel = Channel::kPhone;
  std::string title;
  std::string description;
  UnitId unit_id = 0;       // grid or building group
  TimeMs opened_at = 0;
  TimeMs target_at = 0;     // 0: no deadline
  TimeMs closed_at = 0;     // 0: still open
  Outcome outcome = Outcome::kResolved;
};

enum class ImportStep { kOpen = 0, kExpire = 1, kClose = 2 };
const char* name(ImportStep s);

struct TimedStep {
  TimeMs at = 0;
  ImportStep step = ImportStep::kOpen;
};

// INVALID_ARGUMENT with a reason when the case cannot be imported: a missing key, title or
// opening time, an unknown or non-leaf category, a location that is not an active grid or
// building group under a sub-district with a case prefix, closing before opening.
Status check_historical_case(const HistoricalCase& c, const OrgTree& tree,
                             const std::vector<Category>& categories);

// The steps of `c`, in time order. EXPIRE happens at target_at when closed_at > target_at, or
// when the case is open and target_at < as_of.
std::vector<TimedStep> import_steps(const HistoricalCase& c, TimeMs as_of);

// Applies one step through `view`. Returns true when applied, false when this step had been
// applied before (nothing done). FAILED_PRECONDITION "IMPORT_OUT_OF_ORDER" when a later step
// comes before its OPEN. `c` must have passed check_historical_case.
Result<bool> apply_import_step(WriteView& view, const OrgTree& tree, const HistoricalCase& c,
                               const TimedStep& step);

}  // namespace gridcase
