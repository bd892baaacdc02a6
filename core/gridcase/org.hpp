// The org tree: district → sub-district (街道) → community (社区) → grid (网格) →
// building group (楼栋), and the bodies beside it (mediation committees, property companies,
// functional departments), which hang under the unit they belong to.
//
// Units are never deleted: a retired unit keeps its id so that cases and history that name it
// stay readable. Moving a unit changes its parent; access follows the tree as it is now.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "gridcase/status.hpp"

namespace gridcase {

using UnitId = std::int64_t;
using UserId = std::int64_t;

enum class UnitType {
  kUnspecified = 0,
  kDistrict = 1,            // 区 / 开发区
  kSubDistrict = 2,         // 街道
  kCommunity = 3,           // 社区
  kGrid = 4,                // 网格
  kBuildingGroup = 5,       // 楼栋
  kMediationCommittee = 6,  // 人民调解委员会 (community or sub-district)
  kPropertyCompany = 7,     // 物业公司
  kDepartment = 8,          // 职能部门
};

// The handling level of a case. Ordered: GRID < COMMUNITY < SUB_DISTRICT < DISTRICT.
enum class Level { kUnspecified = 0, kGrid = 1, kCommunity = 2, kSubDistrict = 3, kDistrict = 4 };

struct OrgUnit {
  UnitId id = 0;
  UnitId parent_id = 0;  // 0 for a root
  UnitType type = UnitType::kUnspecified;
  std::string code;
  std::string name;
  std::string case_prefix;  // sub-districts: prefix of case numbers ("XC")
  bool retired = false;
};

enum class PartyPostKind {
  kUnspecified = 0,
  kCommunitySecretary = 1,     // 社区党组织书记
  kGridBranchSecretary = 2,    // 网格党支部书记
  kBuildingGroupLeader = 3,    // 楼栋党小组组长
  kMemberHousehold = 4,        // 党员中心户
};

// A Party-overlay post held by a person at a unit.
struct PartyPost {
  std::int64_t id = 0;
  UnitId unit_id = 0;
  PartyPostKind kind = PartyPostKind::kUnspecified;
  std::string holder_name;
  UserId holder_user_id = 0;
};

// Which parent types a unit type may hang under.
bool may_be_child_of(UnitType child, UnitType parent);

// The handling level a unit stands for: building groups and grids → GRID, communities and
// their committees → COMMUNITY, and so on. Side bodies take the level of their parent.
// Immutable snapshot of the tree; cheap to share between threads (shared_ptr<const OrgTree>).
class OrgTree {
 public:
  OrgTree() = default;
  explicit OrgTree(std::vector<OrgUnit> units);

  const OrgUnit* find(UnitId id) const;
  const std::vector<OrgUnit>& units() const { return units_; }
  const std::vector<UnitId>& children(UnitId id) const;

  // True when `unit` is `ancestor` or lies below it.
  bool in_subtree(UnitId ancestor, UnitId unit) const;
  // `root` and every unit below it, parents before children. Retired units are included only
  // when asked for.
  std::vector<UnitId> subtree(UnitId root, bool include_retired = true) const;
  // The nearest unit of `type` at or above `unit`, or nullptr.
  const OrgUnit* ancestor_of_type(UnitId unit, UnitType type) const;
  // The handling level a unit stands for (side bodies take their parent's level).
  Level level_of(UnitId unit) const;
  // The unit one level up from `unit` for escalation: grid → its community, community → its
  // sub-district, sub-district → its district. nullptr at the top.
  const OrgUnit* escalation_target(UnitId unit) const;

 private:
  std::vector<OrgUnit> units_;
  std::unordered_map<UnitId, std::size_t> index_;
  std::unordered_map<UnitId, std::vector<UnitId>> children_;
};

using OrgTreePtr = std::shared_ptr<const OrgTree>;

}  // namespace gridcase
