// One matter, many sources: related cases. Two cases may be linked (a symmetric relation, shown
// on both, with a LINK event in each history; UNLINK removes it). Several cases may be merged
// into one parent (MERGE, a lifecycle action): the parent is handled once; each child keeps its
// own clocks (paused while it is merged), its reporters and its history, which shows the merge;
// when the parent resolves or closes, its children follow, each with its own event and its own
// figures; while the parent is open a child may be unmerged (UNMERGE): it returns to the state it
// had, its clocks running again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

// A link as stored: case_id < other_case_id.
struct CaseLink {
  CaseId case_id = 0;
  CaseId other_case_id = 0;
  UserId linked_by = 0;
  TimeMs linked_at = 0;
  std::string reason;
};

// LINK / UNLINK two cases, or UNMERGE a merged case (other_case_id unused).
struct RelateCommand {
  std::string request_id;           // idempotency key (required)
  CaseId case_id = 0;
  CaseId other_case_id = 0;         // link, unlink: the other case
  std::int64_t expected_version = 0;  // of case_id; 0: not checked
  std::string reason;
};

// What get_related answers: the cases linked to a case and the cases merged into it, those the
// caller may see, presented as in list_cases.
struct RelatedCases {
  std::vector<Case> linked;
  std::vector<Case> merged;  // its children
};

}  // namespace gridcase
