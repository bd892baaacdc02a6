#include "gridcase/org.hpp"

namespace gridcase {

bool may_be_child_of(UnitType child, UnitType parent) {
  switch (child) {
    case UnitType::kSubDistrict: return parent == UnitType::kDistrict;
    case UnitType::kCommunity: return parent == UnitType::kSubDistrict;
    case UnitType::kGrid: return parent == UnitType::kCommunity;
    case UnitType::kBuildingGroup: return parent == UnitType::kGrid;
    case UnitType::kMediationCommittee:
      return parent == UnitType::kCommunity || parent == UnitType::kSubDistrict;
    case UnitType::kPropertyCompany:
      return parent == UnitType::kCommunity || parent == UnitType::kSubDistrict;
    case UnitType::kDepartment:
      return parent == UnitType::kSubDistrict || parent == UnitType::kDistrict;
    case UnitType::kDistrict:
    case UnitType::kUnspecified:
      return false;
  }
  return false;
}

OrgTree::OrgTree(std::vector<OrgUnit> units) : units_(std::move(units)) {
  for (std::size_t i = 0; i < units_.size(); ++i) index_[units_[i].id] = i;
  for (const auto& u : units_) {
    if (u.parent_id != 0) children_[u.parent_id].push_back(u.id);
  }
}

const OrgUnit* OrgTree::find(UnitId id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &units_[it->second];
}

const std::vector<UnitId>& OrgTree::children(UnitId id) const {
  static const std::vector<UnitId> kNone;
  auto it = children_.find(id);
  return it == children_.end() ? kNone : it->second;
}

bool OrgTree::in_subtree(UnitId ancestor, UnitId unit) const {
  // Bounded walk: a corrupt parent cycle cannot loop forever.
  for (std::size_t steps = 0; unit != 0 && steps <= units_.size(); ++steps) {
    if (unit == ancestor) return true;
    const OrgUnit* u = find(unit);
    if (u == nullptr) return false;
    unit = u->parent_id;
  }
  return false;
}

std::vector<UnitId> OrgTree::subtree(UnitId root, bool include_retired) const {
  std::vector<UnitId> out;
  const OrgUnit* r = find(root);
  if (r == nullptr || (!include_retired && r->retired)) return out;
  out.push_back(root);
  for (std::size_t i = 0; i < out.size() && out.size() <= units_.size(); ++i) {
    for (UnitId child : children(out[i])) {
      const OrgUnit* c = find(child);
      if (c != nullptr && (include_retired || !c->retired)) out.push_back(child);
    }
  }
  return out;
}

const OrgUnit* OrgTree::ancestor_of_type(UnitId unit, UnitType type) const {
  for (std::size_t steps = 0; unit != 0 && steps <= units_.size(); ++steps) {
    const OrgUnit* u = find(unit);
    if (u == nullptr) return nullptr;
    if (u->type == type) return u;
    unit = u->parent_id;
  }
  return nullptr;
}

Level OrgTree::level_of(UnitId unit) const {
  for (std::size_t steps = 0; unit != 0 && steps <= units_.size(); ++steps) {
    const OrgUnit* u = find(unit);
    if (u == nullptr) return Level::kUnspecified;
    switch (u->type) {
      case UnitType::kBuildingGroup:
      case UnitType::kGrid: return Level::kGrid;
      case UnitType::kCommunity: return Level::kCommunity;
      case UnitType::kSubDistrict: return Level::kSubDistrict;
      case UnitType::kDistrict: return Level::kDistrict;
      default: unit = u->parent_id;  // side bodies take their parent's level
    }
  }
  return Level::kUnspecified;
}

const OrgUnit* OrgTree::escalation_target(UnitId unit) const {
  switch (level_of(unit)) {
    case Level::kGrid: return ancestor_of_type(unit, UnitType::kCommunity);
    case Level::kCommunity: return ancestor_of_type(unit, UnitType::kSubDistrict);
    case Level::kSubDistrict: return ancestor_of_type(unit, UnitType::kDistrict);
    default: return nullptr;
  }
}

}  // namespace gridcase
