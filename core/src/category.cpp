#include "gridcase/category.hpp"

namespace gridcase {

namespace {
using K = CaseKind;
using U = UnitType;
}  // namespace

const std::vector<Category>& builtin_categories() {
  static const std::vector<Category> kCatalogue = {
      // 矛盾纠纷
      {"DSP.NEIGHBOR", K::kDispute, "", "邻里纠纷", U::kUnspecified},
      {"DSP.NEIGHBOR.NOISE", K::kDispute, "DSP.NEIGHBOR", "噪音", U::kGrid},
      {"DSP.NEIGHBOR.LEAK", K::kDispute, "DSP.NEIGHBOR", "漏水", U::kGrid},
      {"DSP.NEIGHBOR.PARKING", K::kDispute, "DSP.NEIGHBOR", "停车", U::kGrid},
      {"DSP.NEIGHBOR.PETS", K::kDispute, "DSP.NEIGHBOR", "宠物", U::kGrid},
      {"DSP.FAMILY", K::kDispute, "", "婚姻家庭纠纷", U::kUnspecified},
      {"DSP.FAMILY.MARRIAGE", K::kDispute, "DSP.FAMILY", "婚姻", U::kMediationCommittee},
      {"DSP.FAMILY.SUPPORT", K::kDispute, "DSP.FAMILY", "赡养抚养", U::kMediationCommittee},
      {"DSP.FAMILY.INHERIT", K::kDispute, "DSP.FAMILY", "继承", U::kMediationCommittee},
      {"DSP.PROPERTY", K::kDispute, "", "物业纠纷", U::kUnspecified},
      {"DSP.PROPERTY.FEE", K::kDispute, "DSP.PROPERTY", "物业费", U::kMediationCommittee},
      {"DSP.PROPERTY.SERVICE", K::kDispute, "DSP.PROPERTY", "物业服务", U::kPropertyCompany},
      {"DSP.LABOUR", K::kDispute, "", "劳动纠纷", U::kUnspecified},
      {"DSP.LABOUR.WAGES", K::kDispute, "DSP.LABOUR", "拖欠工资", U::kMediationCommittee},
      {"DSP.OTHER", K::kDispute, "", "其他纠纷", U::kMediationCommittee},

      // 12345工单
      {"HOT.PROPERTY", K::kHotline, "", "物业管理", U::kUnspecified},
      {"HOT.PROPERTY.HEATING", K::kHotline, "HOT.PROPERTY", "供暖", U::kPropertyCompany},
      {"HOT.PROPERTY.WATER", K::kHotline, "HOT.PROPERTY", "供水", U::kPropertyCompany},
      {"HOT.PROPERTY.ELEVATOR", K::kHotline, "HOT.PROPERTY", "电梯", U::kPropertyCompany},
      {"HOT.URBAN", K::kHotline, "", "城市管理", U::kUnspecified},
      {"HOT.URBAN.BUILDING", K::kHotline, "HOT.URBAN", "违章建设", U::kDepartment},
      {"HOT.URBAN.STALLS", K::kHotline, "HOT.URBAN", "占道经营", U::kDepartment},
      {"HOT.URBAN.NOISE", K::kHotline, "HOT.URBAN", "施工噪音", U::kDepartment},
      {"HOT.MARKET", K::kHotline, "", "市场监管", U::kUnspecified},
      {"HOT.MARKET.FOOD", K::kHotline, "HOT.MARKET", "食品安全", U::kDepartment},
      {"HOT.SERVICE", K::kHotline, "", "社区服务", U::kUnspecified},
      {"HOT.SERVICE.CONSULT", K::kHotline, "HOT.SERVICE", "政策咨询", U::kCommunity},

      // 信访
      {"PET.HOUSING", K::kPetition, "", "住房与拆迁", U::kUnspecified},
      {"PET.HOUSING.DEMOLITION", K::kPetition, "PET.HOUSING", "征收拆迁", U::kSubDistrict},
      {"PET.HOUSING.QUALITY", K::kPetition, "PET.HOUSING", "房屋质量", U::kSubDistrict},
      {"PET.SOCIAL", K::kPetition, "", "劳动和社会保障", U::kUnspecified},
      {"PET.SOCIAL.PENSION", K::kPetition, "PET.SOCIAL", "养老保险", U::kSubDistrict},
      {"PET.SOCIAL.ASSISTANCE", K::kPetition, "PET.SOCIAL", "社会救助", U::kSubDistrict},
      {"PET.CONDUCT", K::kPetition, "", "干部作风", U::kSubDistrict},

      // 安全隐患
      {"HAZ.FIRE", K::kHazard, "", "消防安全", U::kUnspecified},
      {"HAZ.FIRE.PASSAGE", K::kHazard, "HAZ.FIRE", "消防通道堵塞", U::kGrid},
      {"HAZ.FIRE.EBIKE", K::kHazard, "HAZ.FIRE", "电动车违规充电", U::kGrid},
      {"HAZ.FIRE.EQUIPMENT", K::kHazard, "HAZ.FIRE", "消防设施损坏", U::kPropertyCompany},
      {"HAZ.GAS", K::kHazard, "", "燃气安全", U::kDepartment},
      {"HAZ.BUILDING", K::kHazard, "", "房屋结构安全", U::kUnspecified},
      {"HAZ.BUILDING.FACADE", K::kHazard, "HAZ.BUILDING", "外墙脱落", U::kPropertyCompany},
      {"HAZ.BUILDING.DANGEROUS", K::kHazard, "HAZ.BUILDING", "危房", U::kDepartment},

      // 事件
      {"INC.ENV", K::kIncident, "", "环境卫生", U::kUnspecified},
      {"INC.ENV.RUBBISH", K::kIncident, "INC.ENV", "垃圾暴露", U::kGrid},
      {"INC.ENV.CLEANING", K::kIncident, "INC.ENV", "道路保洁", U::kGrid},
      {"INC.FAC", K::kIncident, "", "公共设施", U::kUnspecified},
      {"INC.FAC.STREETLIGHT", K::kIncident, "INC.FAC", "路灯损坏", U::kDepartment},
      {"INC.FAC.MANHOLE", K::kIncident, "INC.FAC", "井盖缺失", U::kDepartment},
      {"INC.ORDER", K::kIncident, "", "治安秩序", U::kUnspecified},
      {"INC.ORDER.GATHERING", K::kIncident, "INC.ORDER", "人员聚集", U::kCommunity},
      {"INC.SERVICE", K::kIncident, "", "民生服务", U::kUnspecified},
      {"INC.SERVICE.ELDERLY", K::kIncident, "INC.SERVICE", "独居老人关爱", U::kGrid},
  };
  return kCatalogue;
}

bool has_children(const std::vector<Category>& all, const std::string& code) {
  for (const auto& c : all) {
    if (c.parent_code == code) return true;
  }
  return false;
}

}  // namespace gridcase
