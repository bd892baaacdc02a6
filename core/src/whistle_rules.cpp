// The rules of the 吹哨报到 steps (whistle.hpp): the sub-district whistles functional departments
// into a case, each checks in, the sub-district rates each. They apply to cases of every kind.
#include <set>

#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "gridcase/whistle.hpp"
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

constexpr std::size_t kMaxDepartments = 20;

bool is_system(const User& u) { return u.id == kSystemActor; }

WhistleCall* find_call(Case& c, UnitId department) {
  for (auto& call : c.whistle.calls) {
    if (call.department_id == department) return &call;
  }
  return nullptr;
}

// The sub-district (or a unit above it) that may whistle and rate: a caller working at
// sub-district level or above whose scope holds the case's location.
Status check_sub_district_user(const StepContext& s) {
  if (is_system(s.actor)) return {};
  const OrgUnit* scope = s.tree.find(s.actor.scope_unit_id);
  const bool high_enough = scope != nullptr && (scope->type == UnitType::kSubDistrict || scope->type == UnitType::kDistrict);
  if (!high_enough || !s.tree.in_subtree(scope->id, s.c.location.unit_id)) {
    return Status(reason::NOT_SUB_DISTRICT, "only the sub-district the case belongs to whistles and rates departments");
  }
  return {};
}

bool is_whistle_step(Action a) {
  return a == Action::kWhistle || a == Action::kCheckIn || a == Action::kRateDepartment;
}

class WhistleRules final : public StepRules {
 public:
  bool owns_step(Action a) const override { return is_whistle_step(a); }
  Status check_step(const CaseCommand& cmd) const override;
  std::string canonical_step(const CaseCommand& r) const override;
  Status apply_step(StepContext& s) const override;
};

Status WhistleRules::check_step(const CaseCommand& cmd) const {
  const WhistleStep& w = cmd.whistle;
  switch (cmd.action) {
    case Action::kWhistle: {
      if (w.departments.empty() || w.departments.size() > kMaxDepartments) {
        return Status(reason::BAD_DEPARTMENTS, "name 1 to 20 departments");
      }
      std::set<UnitId> seen;
      for (UnitId d : w.departments) {
        if (d <= 0 || !seen.insert(d).second) return Status(reason::BAD_DEPARTMENTS, "departments are distinct units");
      }
      if (w.report_by <= 0) return Status(reason::MISSING_FIELD, "the time to report in by is required");
      return {};
    }
    case Action::kCheckIn:
      if (w.department_id < 0) return Status(reason::BAD_UNIT, "the department id must not be negative");
      return {};
    case Action::kRateDepartment:
      if (w.department_id <= 0) return Status(reason::MISSING_FIELD, "which department is rated is required");
      if (w.rating < 1 || w.rating > kMaxRating) return Status(reason::BAD_RATING, "a rating is 1 to 5");
      return {};
    default:
      return {};
  }
}

std::string WhistleRules::canonical_step(const CaseCommand& r) const {
  const WhistleStep& w = r.whistle;
  if (w.departments.empty() && w.report_by == 0 && w.department_id == 0 && w.rating == 0) return "";
  std::string out = "whistle|" + std::to_string(w.report_by) + "|" + std::to_string(w.department_id) + "|" +
                    std::to_string(w.rating) + "|";
  for (UnitId d : w.departments) out += std::to_string(d) + ",";
  return out;
}

Status WhistleRules::apply_step(StepContext& s) const {
  const WhistleStep& w = s.cmd.whistle;
  switch (s.cmd.action) {
    case Action::kWhistle: {
      GRIDCASE_RETURN_IF_ERROR(check_sub_district_user(s));
      if (w.report_by <= s.now) return Status(reason::BAD_TIME, "the time to report in by must be in the future");
      std::string ids;
      std::string names;
      for (UnitId d : w.departments) {
        const OrgUnit* dept = s.tree.find(d);
        if (dept == nullptr || dept->retired || dept->type != UnitType::kDepartment) {
          return Status(reason::NOT_A_DEPARTMENT, "unit #" + std::to_string(d) + " is not an active functional department");
        }
        if (find_call(s.c, d) != nullptr) {
          return Status(reason::ALREADY_WHISTLED, dept->name + " has been whistled into this case already");
        }
        WhistleCall call;
        call.department_id = d;
        call.whistled_at = s.now;
        call.report_by = w.report_by;
        call.whistled_by = s.actor.id;
        s.c.whistle.calls.push_back(call);
        ids += (ids.empty() ? "" : ",") + std::to_string(d);
        names += (names.empty() ? "" : "、") + dept->name;
      }
      s.e.details["departments"] = ids;
      s.e.details["department_names"] = names;
      s.e.details["report_by"] = std::to_string(w.report_by);
      return {};
    }
    case Action::kCheckIn: {
      // The caller's own department (or the one named, when the caller's scope holds it).
      WhistleCall* call = nullptr;
      for (auto& candidate : s.c.whistle.calls) {
        const bool named = w.department_id == 0 || candidate.department_id == w.department_id;
        if (named && (is_system(s.actor) || s.tree.in_subtree(s.actor.scope_unit_id, candidate.department_id))) {
          call = &candidate;
          break;
        }
      }
      if (call == nullptr) {
        return Status(reason::NOT_WHISTLED, "your department was not whistled into this case");
      }
      if (call->checked_in_at != 0) {
        return Status(reason::ALREADY_CHECKED_IN, "this department has checked in already");
      }
      call->checked_in_at = s.now;
      call->checked_in_by = s.actor.id;
      call->late = s.now > call->report_by;
      call->contribution = s.cmd.reason;
      s.e.details["department_id"] = std::to_string(call->department_id);
      s.e.details["late"] = call->late ? "true" : "false";
      return {};
    }
    case Action::kRateDepartment: {
      GRIDCASE_RETURN_IF_ERROR(check_sub_district_user(s));
      WhistleCall* call = find_call(s.c, w.department_id);
      if (call == nullptr) return Status(reason::NOT_WHISTLED, "that department was not whistled into this case");
      if (call->checked_in_at == 0) {
        return Status(reason::NOT_CHECKED_IN, "a department is rated after it has checked in");
      }
      if (call->rating != 0) return Status(reason::ALREADY_RATED, "this department has been rated already");
      call->rating = w.rating;
      call->rating_comment = s.cmd.reason;
      call->rated_by = s.actor.id;
      s.e.details["department_id"] = std::to_string(call->department_id);
      s.e.details["rating"] = std::to_string(w.rating);
      return {};
    }
    default:
      return {};
  }
}

}  // namespace

const StepRules& whistle_rules() {
  static const WhistleRules rules;
  return rules;
}

}  // namespace gridcase::rules
