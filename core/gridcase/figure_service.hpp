// Figures, rankings and drill-down for callers (the API, the CLI, reports): the figures of
// figures.hpp over a unit's subtree and a period, checked against the caller's scope.
//
// A caller sees only their own subtree: a unit outside it answers NOT_FOUND, as a missing one.
// Drill-down lists present cases as every list does (masked parties; no confidential party for
// the people of the unit complained about). Figures are attributed by the location of a case
// (figures.hpp), so a unit's figures hold the cases located in its subtree.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <string>
#include <vector>

#include "gridcase/engine.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/population.hpp"

namespace gridcase {

struct FigureQuery {
  UnitId unit_id = 0;       // 0: the caller's scope unit
  int from_day = 0;         // [from_day, to_day): Asia/Shanghai dates (figures.hpp)
  int to_day = 0;
  Period period = Period::kUnspecified;  // trend buckets; kUnspecified: none
  bool by_child_unit = false;            // one cell per child unit of unit_id
  bool by_kind = false;
  bool by_category = false;
  bool by_channel = false;
  // 双考核: one cell per functional department whistled into the cases (FigureReport::departments).
  bool by_department = false;
  // Filters (kUnspecified / empty: none). A category filter takes its descendants too.
  CaseKind kind = CaseKind::kUnspecified;
  std::string category;
  Channel channel = Channel::kUnspecified;
};

struct FigureCell {
  UnitId unit_id = 0;   // by_child_unit: the child unit (the unit itself for cases located on it)
  int period_start = 0; // period set: the first day of the bucket
  CaseKind kind = CaseKind::kUnspecified;
  std::string category;
  Channel channel = Channel::kUnspecified;
  FigureCounts counts;
};

struct FigureReport {
  OrgUnit unit;
  int from_day = 0;
  int to_day = 0;
  Period period = Period::kUnspecified;
  FigureCounts total;
  std::vector<FigureCell> cells;   // ordered by unit (tree order), period, kind, category, channel
  std::vector<OrgUnit> children;   // by_child_unit: the child units, in tree order
  // by_department: per department whistled into the cases counted (wherever the department
  // sits in the tree), the whistle_* counts of its calls (figures.hpp department_figures);
  // unit_id is the department, in order of id. They add up to the total's whistle_* counts.
  std::vector<FigureCell> departments;
  std::vector<OrgUnit> department_units;  // the same departments, in the same order
};

struct Ranking {
  OrgUnit unit;
  std::vector<OrgUnit> units;      // the ranked child units, in tree order
  std::vector<RankEntry> entries;  // best first
  // 双考核: the departments whistled into the cases of the unit's subtree, ranked on the
  // config's department_weights, best first.
  std::vector<OrgUnit> departments;
  std::vector<RankEntry> department_entries;
  RankingConfig config;
};

struct FigureDrill {
  UnitId unit_id = 0;
  int from_day = 0;
  int to_day = 0;
  Figure figure = Figure::kReceived;
  CaseKind kind = CaseKind::kUnspecified;
  std::string category;            // exact leaf code; empty: any
  Channel channel = Channel::kUnspecified;
  int page_size = 50;              // 1..500; 0 means 50
  std::string page_token;
};

class FigureService {
 public:
  // Does not own its collaborators; they must outlive it.
  FigureService(Engine& engine, Repository& repo);

  // INVALID_ARGUMENT for an empty or reversed period (at most 20 years) or a bad filter;
  // NOT_FOUND for a unit outside the caller's scope; PERMISSION_DENIED for a role that may not
  // view cases.
  Result<FigureReport> figures(UserId actor, const FigureQuery& query);
  // The child units of `unit_id` that cases can be located under (communities of a
  // sub-district, grids of a community...), ranked by composite score and colour-graded; and
  // the departments whistled into the cases of its subtree, ranked on their check-ins and
  // ratings (双考核).
  Result<Ranking> ranking(UserId actor, UnitId unit_id, int from_day, int to_day,
                          const RankingConfig& config);
  // 12345 complaints per 10,000 residents (population.hpp), month by month over the whole
  // months holding [from_day, to_day), of a unit (0: the caller's scope) and of its
  // communities or grids, ranked, with the target line that applies.
  Result<ComplaintRates> complaint_rates(UserId actor, UnitId unit_id, int from_day, int to_day);
  // The cases behind one figure, newest first, presented to the caller.
  Result<CasePage> figure_cases(UserId actor, const FigureDrill& drill);

 private:
  struct Scope {
    User user;
    OrgTreePtr tree;
    const OrgUnit* unit = nullptr;
    std::vector<UnitId> units;  // the unit's subtree, retired units included
  };
  Result<Scope> scope(UserId actor, UnitId unit_id, int from_day, int to_day);

  Engine& engine_;
  Repository& repo_;
};

}  // namespace gridcase
