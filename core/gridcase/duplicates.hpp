// One matter, many sources: the cases a new report likely duplicates, suggested to the clerk or
// grid worker before (or right after) they register it.
//
// A case is a likely duplicate of the draft when it was registered within the engine's window
// (EngineOptions::duplicate_window) of the draft's time and either
//   - has the same category and the same location: the same building group or grid (unit), or
//     the same address (compared without surrounding blanks); or
//   - is a petition, like the draft, from the same person (a party's ID number) about the same
//     matter (petition.hpp: the matter key, or the title when the key is empty). A petition on
//     the same matter is a duplicate whatever its time: the 信访 rules look at the whole history.
// Cases the caller cannot see are never suggested.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"

namespace gridcase {

struct DuplicateQuery {
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  Location location;              // unit_id and/or address
  std::vector<std::string> id_numbers;  // petitions: the parties' ID numbers
  std::string matter;             // petitions: the matter key (or the draft's title)
  TimeMs at = 0;                  // the draft's time; 0: now
  // A registered case: itself is left out. With kind UNSPECIFIED, the draft is that case (its
  // category, location, parties and matter), which the caller must be able to see.
  CaseId exclude_case_id = 0;
  int limit = 20;                 // 1..200
};

constexpr int kMaxDuplicates = 200;

// The draft of an existing case, to ask for its duplicates after it was registered.
DuplicateQuery duplicate_query_of(const Case& c);

// True when `candidate` is a likely duplicate of the draft (see above), given the window.
bool is_likely_duplicate(const DuplicateQuery& draft, const Case& candidate, TimeMs at, TimeMs window);

}  // namespace gridcase
