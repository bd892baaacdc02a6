// One matter, many sources: the cases a draft likely repeats, suggested to the clerk or grid
// worker before they register it, in the reply that registers it, or afterwards.
//
// The candidates are bounded first, so that a suggestion stays cheap on any number of cases:
// the cases located in the draft's grid (the grid and its building groups; with no unit, the
// caller's scope), registered within the engine's window (EngineOptions::duplicate_window) of
// the draft's time, of the draft's category family (its parent category and every category
// under it: 垃圾暴露 and 道路保洁 under 环境卫生), not merged into another case, and seen by the
// caller. Of those, a case is a likely duplicate when its place does not differ from the
// draft's (compare_places) and either
//   - it has the same category and the same place (the same building group, or the same
//     address as same_address in text.hpp compares them: blanks and punctuation aside), or
//     the same category and the same location unit when one of them gives no address; or
//   - its text is similar (text_similarity in text.hpp of the titles, or of title and
//     description together, at least kSimilarText).
// Also, for petitions, a petition from the same person (a party's ID number) about the same
// matter (petition.hpp: the matter key, or the title when the key is empty), whatever its time
// and place: the 信访 rules look at the whole history.
// The most alike come first: the same person and matter, then the same category and place,
// then the same category and unit, then by similarity; newest first among equals.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

struct DuplicateQuery {
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  Location location;              // unit_id and/or address
  std::string title;              // the draft's text, compared with the candidates'
  std::string description;
  std::vector<std::string> id_numbers;  // petitions: the parties' ID numbers
  std::string matter;             // petitions: the matter key (or the draft's title)
  TimeMs at = 0;                  // the draft's time; 0: now
  // A registered case: itself is left out. With kind UNSPECIFIED, the draft is that case (its
  // category, location, text, parties and matter), which the caller must be able to see.
  CaseId exclude_case_id = 0;
  int limit = 20;                 // 1..200
};

constexpr int kMaxDuplicates = 200;
// How many likely duplicates the reply to CreateCase carries.
constexpr int kCreateDuplicates = 5;
// How alike two texts must be (text_similarity) for a case to be suggested on its text alone.
constexpr double kSimilarText = 0.4;

// The draft of an existing case, to ask for its duplicates after it was registered.
DuplicateQuery duplicate_query_of(const Case& c);

// Whether two locations are the same place. kDifferent: in different grids, at different
// building groups, or both with an address and the addresses differ (same_address); kSame:
// not different, and at the same building group or the same address; kUnknown otherwise (the
// same grid, too little said to tell).
enum class PlaceMatch { kUnknown, kSame, kDifferent };
PlaceMatch compare_places(const OrgTree& tree, const Location& a, const Location& b);

// How alike the draft and a candidate are, as ranked above; 0 when the candidate is not a
// likely duplicate (see above; the bounds on the candidates are the caller's). `tree` places
// the locations.
double duplicate_score(const OrgTree& tree, const DuplicateQuery& draft, const Case& candidate);

}  // namespace gridcase
