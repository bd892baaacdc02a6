// 吹哨报到 (whistle and report): from an open case a sub-district calls in functional departments
// (职能部门, units of type DEPARTMENT), each with a time to report in by; each department's
// check-in (报到) and its contribution are recorded, a check-in after the time is late, and the
// sub-district rates each department afterwards.
//
// The steps are case actions that leave the state as it is:
//   WHISTLE          supervisors and intake clerks working at sub-district level or above name
//                    one or more departments and the report-by time.
//   CHECK_IN         a user of a whistled department reports in once, with its contribution
//                    (the command's reason).
//   RATE_DEPARTMENT  the sub-district rates a department that has checked in (1..5, with a
//                    comment: the command's reason), while the case is open or resolved.
// CHECK_IN and RATE_DEPARTMENT are also taken on a RESOLVED case; a closed case takes nothing.
// A department's users see the cases their department was whistled into (access.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

constexpr int kMaxRating = 5;

// One department called in on a case.
struct WhistleCall {
  UnitId department_id = 0;
  TimeMs whistled_at = 0;
  TimeMs report_by = 0;
  UserId whistled_by = 0;
  TimeMs checked_in_at = 0;  // 0: not yet
  UserId checked_in_by = 0;
  bool late = false;         // checked in after report_by
  std::string contribution;
  int rating = 0;            // 1..5; 0: not yet rated
  std::string rating_comment;
  UserId rated_by = 0;
};

// Every department called in on a case, in the order they were called. Empty when none.
struct Whistle {
  std::vector<WhistleCall> calls;
};

// The content of a whistle step (a CaseCommand with WHISTLE, CHECK_IN or RATE_DEPARTMENT).
struct WhistleStep {
  std::vector<UnitId> departments;  // WHISTLE
  TimeMs report_by = 0;             // WHISTLE
  UnitId department_id = 0;         // CHECK_IN (0: the caller's department), RATE_DEPARTMENT
  int rating = 0;                   // RATE_DEPARTMENT: 1..5
};

// True when the whistle names a department inside `root`'s subtree.
bool whistled_into(const OrgTree& tree, UnitId root, const Whistle& w);

}  // namespace gridcase
