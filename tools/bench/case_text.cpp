#include "case_text.hpp"

#include <cstdio>

namespace gridcase::bench {
namespace {

template <std::size_t N>
const char* pick(std::mt19937_64& rng, const char* const (&items)[N]) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

int number(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                 "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
const char* const kGiven[] = {"建国", "秀英", "志强", "桂兰", "海涛", "丽娟", "国庆", "春梅", "晓东",
                              "玉兰", "文博", "红霞", "德明", "淑珍", "俊杰", "美玲", "永平", "雪梅"};
const char* const kEstates[] = {"河畔小区", "京汉家园", "龙兴花园", "泰丰苑", "富力新城", "璟苑小区",
                                "金源郦都", "希望新城", "新城公寓", "滨江雅苑"};
const char* const kWhen[] = {"近一周以来", "本月以来", "今天上午", "昨天晚上", "连续三天",
                             "入冬以来", "近两个月", "每天夜间"};

const char* const kDisputeTopics[] = {"夜间噪音扰民", "楼上卫生间漏水", "公共楼道堆放杂物",
                                      "车位被长期占用", "饲养宠物扰民", "装修施工时间过长",
                                      "赡养老人问题", "拖欠装修工人工资"};
const char* const kHotlineTopics[] = {"小区供暖温度不达标", "小区多次停水未通知", "电梯频繁故障停运",
                                      "物业收费不透明", "路灯损坏夜间无照明", "垃圾清运不及时",
                                      "商铺油烟扰民", "违规搭建阳光房"};
const char* const kPetitionTopics[] = {"房屋征收补偿标准", "小区配套学校建设进度", "公积金提取受阻",
                                       "安置房交付延期", "低保资格认定", "企业拖欠职工社保"};
const char* const kHazardTopics[] = {"电动车在楼道内充电", "消防通道被占用", "楼顶违规存放易燃物",
                                     "燃气管道老化锈蚀", "外墙瓷砖脱落", "配电箱未上锁"};
const char* const kIncidentTopics[] = {"井盖缺失", "道路破损积水", "绿化带垃圾堆积",
                                       "共享单车乱停放", "流浪犬伤人隐患", "占道经营"};

const char* const kDetails[] = {
    "已影响周边住户正常生活，居民反映强烈",
    "此前多次向物业反映，至今未得到解决",
    "网格员现场查看后确认情况属实并拍照留存",
    "涉及住户二十余户，部分为独居老人",
    "当事人情绪较为激动，需尽快介入",
    "现场已设置临时警示标识",
};
const char* const kRequests[] = {
    "请相关部门尽快核实处理。",
    "希望社区出面协调解决。",
    "诉求人要求在一周内给予答复。",
    "建议由物业公司限期整改。",
    "请街道协调职能部门联合处置。",
};

const char* const kComments[] = {"已电话联系诉求人，约定明天上门。", "已与物业负责人沟通，对方承诺本周内处理。",
                                 "上门走访，双方同意调解。", "再次回访，情况有所好转。",
                                 "已协调城管中队现场查看。", "诉求人表示理解，等待处理结果。"};
const char* const kOutcomes[] = {"已协调处理完毕，诉求人表示满意。", "经调解双方达成一致意见。",
                                 "已完成整改并复查合格。", "维修已完成，恢复正常使用。"};
const char* const kUrges[] = {"请抓紧办理，按期反馈。", "群众反映强烈，请加快处置进度。"};

std::string topic(std::mt19937_64& rng, CaseKind kind) {
  switch (kind) {
    case CaseKind::kDispute: return pick(rng, kDisputeTopics);
    case CaseKind::kHotline: return pick(rng, kHotlineTopics);
    case CaseKind::kPetition: return pick(rng, kPetitionTopics);
    case CaseKind::kHazard: return pick(rng, kHazardTopics);
    default: return pick(rng, kIncidentTopics);
  }
}

std::string phone(std::mt19937_64& rng) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "1%d%d%08d", number(rng, 3, 9), number(rng, 0, 9), number(rng, 0, 99999999));
  return buf;
}

}  // namespace

CaseText make_case_text(std::mt19937_64& rng, CaseKind kind, const std::string& category_name,
                        const std::string& place) {
  CaseText t;
  const std::string estate = pick(rng, kEstates);
  const std::string building = std::to_string(number(rng, 1, 30)) + "号楼";
  const std::string what = topic(rng, kind);
  t.title = estate + building + what;
  if (!category_name.empty()) t.title += "（" + category_name + "）";
  t.address = estate + building + std::to_string(number(rng, 1, 4)) + "单元" +
              std::to_string(number(rng, 1, 28)) + "0" + std::to_string(number(rng, 1, 4)) + "室";
  t.description = std::string(pick(rng, kWhen)) + "，" + place + estate + building + "居民反映" + what +
                  "。" + pick(rng, kDetails) + "。" + pick(rng, kRequests);
  CaseParty p;
  p.name = std::string(pick(rng, kSurnames)) + pick(rng, kGiven);
  p.phone = phone(rng);
  p.role = kind == CaseKind::kDispute ? PartyRole::kApplicant : PartyRole::kReporter;
  p.confidential = kind == CaseKind::kPetition;
  if (kind == CaseKind::kPetition) {
    // A petitioner is identified by ID number (region, birth date, sequence).
    p.id_number = "3301" + std::to_string(number(rng, 10, 99)) + std::to_string(number(rng, 1950, 2000)) + "0" +
                  std::to_string(number(rng, 1, 9)) + std::to_string(number(rng, 10, 28)) +
                  std::to_string(number(rng, 1000, 9999));
  }
  t.parties.push_back(p);
  if (kind == CaseKind::kDispute) {
    CaseParty q;
    q.name = std::string(pick(rng, kSurnames)) + pick(rng, kGiven);
    q.phone = phone(rng);
    q.role = PartyRole::kRespondent;
    t.parties.push_back(q);
  }
  return t;
}

std::string make_note(std::mt19937_64& rng, Action action) {
  switch (action) {
    case Action::kResolve: return pick(rng, kOutcomes);
    case Action::kUrge: return pick(rng, kUrges);
    case Action::kAccept: return "";
    case Action::kClose: return "回访满意，予以结案。";
    default: return pick(rng, kComments);
  }
}

}  // namespace gridcase::bench
