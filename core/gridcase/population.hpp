// 人口底数 and 12345 complaints per resident (降低12345投诉率).
//
// Admins load the residents and households of communities and grids from a CSV, each row with
// the date it was counted; a later count of a unit does not erase an earlier one. A month's
// complaint rate of a unit is the 12345 hotline orders received in that month and located in
// the unit's subtree, per 10,000 residents:
//   - the residents of a month are those of the unit's count in force then: the latest counted
//     on or before the month's last day, or, for months before its first count, that first
//     count (a population changes slowly; a first count loaded in March still serves January);
//   - a unit without a count of its own takes the sum of its communities or grids (the child
//     units where people live) when every one of them has a population, and has none otherwise;
//   - a unit without a population has no rate: it is shown as such and ranked after the others,
//     never as a rate of zero.
// The sub-district sets its target line (目标值, complaints per 10,000 residents per month); the
// units under it are measured against their sub-district's line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gridcase/org.hpp"
#include "gridcase/status.hpp"

namespace gridcase {

struct PopulationCount {
  UnitId unit_id = 0;
  int counted_on = 0;            // figures.hpp day (Asia/Shanghai date)
  std::int64_t residents = 0;    // 常住人口
  std::int64_t households = 0;   // 户数
};

// A sub-district's target line, complaints per 10,000 residents per month.
struct ComplaintTarget {
  UnitId unit_id = 0;
  double per_10k = 0;
};

// The most rows one CSV may hold.
constexpr int kMaxPopulationRows = 10000;

// Parses the CSV an admin loads. One header line, then one row per unit and count:
//   单位编码,统计日期,人口,户数        (or: unit_code,counted_on,residents,households)
//   C1,2026-01-01,12850,4630
// Units by their code, active communities or grids in `scope_unit` (an admin's scope). Every
// row is checked before anything is kept: INVALID_ARGUMENT BAD_POPULATION_CSV naming the line
// for a missing column, a bad date or number, a negative count, more households than
// residents, an unknown unit or one of another type or outside the scope, a unit and date given
// twice; an empty file or one of more than kMaxPopulationRows rows likewise.
Result<std::vector<PopulationCount>> parse_population_csv(const std::string& text, const OrgTree& tree,
                                                          UnitId scope_unit);

// The residents of `unit` in the month starting on `month_start` (see above), from all the
// counts loaded; none when the unit has no population.
std::optional<std::int64_t> residents_in_month(const OrgTree& tree, const std::vector<PopulationCount>& counts,
                                               UnitId unit, int month_start);

// Complaints per 10,000 residents.
inline double per_10k(std::int64_t complaints, std::int64_t residents) {
  return residents > 0 ? static_cast<double>(complaints) * 10000.0 / static_cast<double>(residents) : 0.0;
}

// One unit's months: the complaints and, where it has a population, the residents and rate.
struct ComplaintRateRow {
  UnitId unit_id = 0;
  std::vector<std::int64_t> complaints;                // one per month
  std::vector<std::optional<std::int64_t>> residents;  // one per month; none: no population
  // Over the whole period: the complaints per 10,000 residents per month (the sum of the
  // complaints over the sum of the monthly residents); none without a population.
  std::optional<double> period_rate;
  int rank = 0;  // among the child units, 1 = the lowest rate; 0: the unit itself, or no rate
};

struct ComplaintRates {
  OrgUnit unit;
  std::vector<int> months;                 // the first day of each month, in order
  ComplaintRateRow total;                  // the unit itself (its whole subtree)
  std::vector<ComplaintRateRow> children;  // its communities or grids, lowest rate first, those
                                           // without a population last (in tree order)
  std::vector<OrgUnit> child_units;        // the same units, in the same order
  std::optional<ComplaintTarget> target;   // the line of the unit's sub-district (or its own)
};

}  // namespace gridcase
