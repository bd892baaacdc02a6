// Realistic case text for the benchmark: titles, descriptions, addresses and parties in the
// style of grid workers' and hotline clerks' entries (composed from phrase lists, so nothing
// depends on outside data). Deterministic for a given random generator state.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/category.hpp"

namespace gridcase::bench {

struct CaseText {
  std::string title;
  std::string description;
  std::string address;
  std::vector<CaseParty> parties;
};

// Text for a case of `kind` in `category` (its display name is used in the title), at a place
// named `place` (e.g. "河畔社区 第一网格 1号楼栋").
CaseText make_case_text(std::mt19937_64& rng, CaseKind kind, const std::string& category_name,
                        const std::string& place);

// A short note for a lifecycle action (comment, resolve, urge...), as people write them.
std::string make_note(std::mt19937_64& rng, Action action);

}  // namespace gridcase::bench
