#include "demo_data.hpp"

namespace gridcase::demo::data {

namespace {

using A = Action;
using K = CaseKind;
using C = Channel;
using P = Priority;
using R = PartyRole;
using O = Outcome;
using E = EscalationReason;

Step step(int h, const char* who, Action a, const char* reason) {
  Step s;
  s.after_hours = h;
  s.actor = who;
  s.action = a;
  s.reason = reason;
  return s;
}
Step accept(int h, const char* who, const char* reason = "") { return step(h, who, A::kAccept, reason); }
Step reject(int h, const char* who, const char* reason) { return step(h, who, A::kReject, reason); }
Step dispatch(int h, const char* who, const char* unit, const char* assignee = nullptr,
              const char* reason = "") {
  Step s = step(h, who, A::kDispatch, reason);
  s.unit = unit;
  s.user = assignee;
  return s;
}
Step give_back(int h, const char* who, const char* reason) { return step(h, who, A::kReturn, reason); }
Step escalate(int h, const char* who, EscalationReason why, const char* reason, bool police = false) {
  Step s = step(h, who, A::kEscalate, reason);
  s.escalation = why;
  s.police_notified = police;
  return s;
}
Step resolve(int h, const char* who, Outcome outcome, const char* reason) {
  Step s = step(h, who, A::kResolve, reason);
  s.outcome = outcome;
  return s;
}
Step close(int h, const char* who, const char* reason = "") { return step(h, who, A::kClose, reason); }
Step reopen(int h, const char* who, const char* reason) { return step(h, who, A::kReopen, reason); }
Step suspend(int h, const char* who, const char* reason) { return step(h, who, A::kSuspend, reason); }
Step resume(int h, const char* who, const char* reason = "") { return step(h, who, A::kResume, reason); }
Step comment(int h, const char* who, const char* text) { return step(h, who, A::kComment, text); }
Step urge(int h, const char* who, const char* text) { return step(h, who, A::kUrge, text); }
Step lead(int h, const char* who, const char* leader, const char* reason = "") {
  Step s = step(h, who, A::kAssignLeader, reason);
  s.user = leader;
  return s;
}
Step merge(int h, const char* who, int into, const char* reason = "") {
  Step s = step(h, who, A::kMerge, reason);
  s.into = into;
  return s;
}
// People's mediation.
Step assign_mediation(int h, const char* who, const char* committee, const char* mediator) {
  Step s = step(h, who, A::kAssignMediation, "");
  s.unit = committee;
  s.user = mediator;
  return s;
}
Step consent(int h, const char* who, int party, const char* reason = "",
             ReferralRoute refused_to = ReferralRoute::kUnspecified) {
  Step s = step(h, who, A::kRecordConsent, reason);
  s.mediation.party_index = party;
  s.mediation.consent = refused_to == ReferralRoute::kUnspecified ? Consent::kAgreed : Consent::kRefused;
  s.mediation.referral = refused_to;
  return s;
}
Step session(int h, const char* who, SessionKind kind, const char* place, std::vector<std::string> attendees,
             const char* record) {
  Step s = step(h, who, A::kRecordSession, "");
  s.mediation.session.kind = kind;
  s.mediation.session.place = place;
  s.mediation.session.attendees = std::move(attendees);
  s.mediation.session.record = record;
  return s;
}
Step agreement(int h, const char* who, const char* parties, const char* facts, const char* disputed,
               const char* responsibilities, std::vector<AgreementTerm> terms) {
  Step s = step(h, who, A::kDraftAgreement, "");
  s.mediation.agreement.parties_info = parties;
  s.mediation.agreement.facts = facts;
  s.mediation.agreement.disputed_points = disputed;
  s.mediation.agreement.responsibilities = responsibilities;
  s.mediation.agreement.terms = std::move(terms);
  return s;
}
Step sign(int h, const char* who, int party, SignMark mark) {
  Step s = step(h, who, A::kSignAgreement, "");
  s.mediation.party_index = party;
  s.mediation.mark = mark;
  return s;
}
Step sign_for_committee(int h, const char* who) {
  Step s = step(h, who, A::kSignAgreement, "");
  s.mediation.mediator_signature = true;
  return s;
}
Step follow_up(int h, const char* who, bool performed, const char* note) {
  Step s = step(h, who, A::kFollowUp, note);
  s.mediation.performed = performed;
  return s;
}
// Petitions: the written decision (处理意见书).
Step decide_petition(int h, const char* who, PetitionDecision decision, const char* basis, const char* reason = "") {
  Step s = step(h, who, A::kDecidePetition, reason);
  s.petition.decision = decision;
  s.petition.basis = basis;
  return s;
}

// Hazards: the fix reported, then re-inspected (a pass closes it: 销号).
Step rectify(int h, const char* who, const char* note) { return step(h, who, A::kReportRectification, note); }
Step reinspect_pass(int h, const char* who, const char* note = "") {
  Step s = step(h, who, A::kReinspect, note);
  s.hazard.passed = true;
  return s;
}

}  // namespace

const std::vector<CommunitySpec>& communities() {
  static const std::vector<CommunitySpec> kList = {
      {"hepan", "河畔社区", 3, true},        {"jinghan", "京汉社区", 2, false},
      {"longxing", "龙兴社区", 4, true},     {"taifeng", "泰丰社区", 3, false},
      {"fuli", "富力新城社区", 2, true},     {"jingyuan", "璟苑社区", 3, false},
      {"jinyuan", "金源郦都社区", 2, true},  {"xiwang", "希望新城社区", 4, false},
  };
  return kList;
}

const std::vector<SideBodySpec>& side_bodies() {
  static const std::vector<SideBodySpec> kList = {
      {"tj.xc", "xc", UnitType::kMediationCommittee, "TJ", "新城街道人民调解委员会"},
      {"tj.hepan", "hepan", UnitType::kMediationCommittee, "TJ", "河畔社区人民调解委员会"},
      {"wy.fuli", "fuli", UnitType::kPropertyCompany, "WY", "富力物业服务有限公司"},
      {"wy.jinyuan", "jinyuan", UnitType::kPropertyCompany, "WY", "金源物业管理有限公司"},
      {"dept.zj", "district", UnitType::kDepartment, "ZJ", "示范区住房和城乡建设局"},
      {"dept.cg", "xc", UnitType::kDepartment, "CG", "新城街道城管执法中队"},
      {"dept.sj", "xc", UnitType::kDepartment, "SJ", "新城市场监督管理所"},
      {"dept.pcs", "xc", UnitType::kDepartment, "PCS", "新城派出所"},
  };
  return kList;
}

const std::vector<UserSpec>& users() {
  static const std::vector<UserSpec> kList = {
      {"admin", "系统管理员", Role::kAdmin, "district"},
      {"supervisor", "李卫东", Role::kSupervisor, "xc"},
      {"hepan_sup", "王秀兰", Role::kSupervisor, "hepan"},
      {"grid1", "张明", Role::kGridWorker, "hepan.g1"},
      {"grid2", "刘芳", Role::kGridWorker, "hepan.g2"},
      {"mediator", "陈建华", Role::kMediator, "tj.hepan"},
      {"handler", "赵强", Role::kHandler, "dept.cg"},
      {"wuye", "孙丽", Role::kHandler, "wy.fuli"},
      {"clerk", "周静", Role::kIntakeClerk, "xc"},
  };
  return kList;
}

std::string person_name(int n) {
  static const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
                                          "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
                                          "何", "高", "林", "罗", "郑", "梁", "谢", "宋"};
  static const char* const kGiven[] = {"建国", "秀英", "志强", "桂兰", "海涛", "丽娟", "国庆",
                                       "春梅", "晓东", "玉兰", "文博", "红霞", "德明", "淑珍",
                                       "俊杰", "美玲", "永平", "雪梅", "立新", "凤英", "振华",
                                       "慧敏", "长青", "金凤", "宏伟", "小燕", "树林", "亚琴",
                                       "保国", "婷婷", "卫民"};
  constexpr int kS = sizeof kSurnames / sizeof kSurnames[0];
  constexpr int kG = sizeof kGiven / sizeof kGiven[0];
  return std::string(kSurnames[n % kS]) + kGiven[(n * 7 + n / kS) % kG];
}

const std::vector<CaseSpec>& cases() {
  static const std::vector<CaseSpec> kList = {
      // ---- 矛盾纠纷 ----
      {1, 20, K::kDispute, "DSP.NEIGHBOR.NOISE", C::kPatrol, P::kNormal, "hepan.g1.b1",
       "河畔小区1号楼2单元", "1号楼楼上住户夜间噪音扰民",
       "2单元502住户反映，楼上602住户近一个月每晚22点后使用跑步机、拖动家具，严重影响休息，"
       "双方曾当面争吵。",
       {{"马春梅", "13981590830", "370104195707211491", R::kApplicant},
        {"胡宏伟", "13986091390", "370102197507033463", R::kRespondent}},
       "grid1",
       {accept(1, "grid1"), dispatch(1, "grid1", "hepan.g1", "grid1"),
        comment(20, "grid1", "已分别上门走访双方，了解噪音来源为跑步机"),
        resolve(4, "grid1", O::kResolved, "经网格员协调，602住户承诺22点后不再使用跑步机并加装减震垫"),
        close(26, "hepan_sup", "回访申请人，噪音问题已解决")}},

      {2, 9, K::kDispute, "DSP.NEIGHBOR.LEAK", C::kWalkIn, P::kHigh, "hepan.g2",
       "河畔小区4号楼", "卫生间漏水殃及楼下住户",
       "4号楼301住户卫生间防水层破损，楼下201住户天花板大面积渗水发霉，双方就维修费用分担"
       "协商未果。",
       {{"郭淑珍", "13882462819", "370112198507023262", R::kApplicant},
        {"林振华", "18993518190", "370104198311062059", R::kRespondent}},
       "grid2",
       {accept(1, "grid2"), dispatch(2, "grid2", "tj.hepan", nullptr, "涉及赔偿金额，转社区人民调解委员会调解"),
        assign_mediation(1, "mediator", "tj.hepan", "mediator"),
        consent(1, "mediator", 0, "申请人同意调解"), consent(0, "mediator", 1, "被申请人同意调解"),
        session(22, "mediator", SessionKind::kInvestigation, "河畔小区4号楼201室、301室",
                {"郭淑珍", "林振华", "陈建华"}, "现场查看：201室卫生间天花板渗水面积约3平方米；301室卫生间防水层老化破损。"),
        session(70, "mediator", SessionKind::kMediation, "河畔社区人民调解室", {"郭淑珍", "林振华", "陈建华"},
                "双方陈述意见。经调解，301住户同意承担维修费用的70%，201住户承担30%。"),
        agreement(1, "mediator", "申请人郭淑珍，4号楼201室住户；被申请人林振华，4号楼301室住户。",
                  "301室卫生间防水层破损，导致201室天花板渗水发霉。", "漏水维修费用的分担。",
                  "被申请人对漏水负主要责任，申请人未及时告知物业亦有一定责任。",
                  {{"301住户承担防水维修和201室天花板修复费用的70%，201住户承担30%", "由物业推荐的维修单位施工，费用按比例直接支付给维修单位", 0},
                   {"301住户在两周内完成卫生间防水维修", "维修完成后由社区网格员和双方共同验收", 0}}),
        sign(1, "mediator", 0, SignMark::kSignature), sign(0, "mediator", 1, SignMark::kThumbprint),
        sign_for_committee(0, "mediator"),
        follow_up(48, "mediator", true, "回访确认已按协议维修完毕，天花板已修复"),
        close(1, "mediator", "协议已履行，结案")}},

      {3, 14, K::kDispute, "DSP.PROPERTY.FEE", C::kPatrol, P::kNormal, "hepan.g1",
       "河畔小区", "多户业主拒缴物业费与物业公司纠纷",
       "河畔小区约二十户业主以电梯维修不及时、绿化缺失为由拒缴2025年度物业费，物业公司"
       "扬言停止服务，矛盾有激化趋势。",
       {{"高立新", "15857975432", "370112196108226442", R::kApplicant},
        {"谢文博", "15087574911", "370126199704036882", R::kRespondent}},
       "grid1",
       {accept(2, "grid1"),
        escalate(3, "grid1", E::kManual, "涉及多户业主和物业公司，超出网格处置能力，上报社区"),
        dispatch(5, "hepan_sup", "tj.hepan", nullptr, "请社区调委会牵头组织业主代表与物业公司协商"),
        comment(30, "mediator", "已组织第一次调解，双方分歧较大，约定下周再次协商")}},

      {19, 10, K::kDispute, "DSP.NEIGHBOR.PARKING", C::kPhone, P::kNormal, "jinghan.g1.b1",
       "京汉小区东门", "邻里因占用车位发生争吵",
       "京汉小区两户居民因地面停车位归属发生争吵，一方在车位上放置地锁。",
       {{"宋亚琴", "13576018955", "370112197403254504", R::kApplicant}},
       "supervisor", {}},

      {4, 10, K::kDispute, "DSP.FAMILY.SUPPORT", C::kWalkIn, P::kNormal, "longxing.g2",
       "龙兴小区12号楼", "赡养老人费用分担纠纷",
       "龙兴小区居民赵老太（82岁）来访，反映三个子女对其医疗和生活费用分担意见不一，"
       "长子已三个月未支付赡养费。",
       {{"赵桂兰", "18611471049", "370126197010166931", R::kApplicant},
        {"吴保国", "13350752917", "370126197605234956", R::kRespondent}},
       "clerk",
       {accept(1, "clerk"), dispatch(2, "clerk", "tj.xc", nullptr, "交街道人民调解委员会调解"),
        assign_mediation(20, "supervisor", "tj.xc", "mediator"),
        consent(4, "supervisor", 0, "申请人同意调解"),
        consent(24, "supervisor", 1, "长子拒绝调解，表示法庭上见", ReferralRoute::kCourt)}},

      {6, 19, K::kDispute, "DSP.NEIGHBOR.PETS", C::kPatrol, P::kUrgent, "hepan.g2.b1",
       "河畔小区5号楼楼下", "宠物犬未拴绳咬伤邻居引发冲突",
       "5号楼一住户遛狗未拴绳，犬只咬伤邻居小孩，双方家属在楼下发生推搡，围观群众较多。",
       {{"罗慧敏", "13666712768", "370102196105058567", R::kApplicant},
        {"黄长青", "15065632122", "37010419560728663X", R::kRespondent}},
       "grid2",
       {accept(0, "grid2"),
        escalate(1, "grid2", E::kRisk, "双方发生肢体冲突，有激化风险，已报告派出所", true),
        dispatch(2, "hepan_sup", "dept.pcs", nullptr, "请派出所出警并依法处理"),
        urge(48, "hepan_sup", "请派出所尽快出具处理意见，防止矛盾再次激化")}},

      {7, 11, K::kDispute, "DSP.LABOUR.WAGES", C::kWalkIn, P::kHigh, "taifeng.g1",
       "泰丰小区9号楼装修工地", "装修工人被拖欠工资",
       "三名装修工人反映，泰丰小区9号楼某住户装修工程结束后，包工头拖欠工资共计2.6万元。",
       {{"朱德明", "18924402685", "370103199004015963", R::kApplicant},
        {"何永平", "18790786666", "370112198406058079", R::kRespondent}},
       "clerk",
       {accept(1, "clerk"), dispatch(1, "clerk", "tj.xc"),
        resolve(50, "supervisor", O::kReferred, "包工头拒绝调解，已引导工人申请劳动仲裁并提供法律援助"),
        close(24, "clerk", "已告知申请人仲裁途径")}},

      // ---- 12345工单 ----
      {2, 8, K::kHotline, "HOT.PROPERTY.HEATING", C::kHotline, P::kHigh, "fuli.g1.b1",
       "富力新城3号楼1单元", "12345工单：小区暖气不热，室温不足16度",
       "市民来电反映，富力新城3号楼1单元多户室温不足16度，已向物业反映多次未解决。"
       "热线工单号 SD20251102-0387。",
       {{"郑雪梅", "13613721590", "370102197811131631", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "wy.fuli", "wuye"),
        comment(2, "wuye", "已先行联系来电人，约定当天下午入户检查"),
        resolve(20, "wuye", O::kResolved, "更换单元供暖阀门并排气，回访室温19度"),
        close(30, "clerk", "热线中心回访：已解决，满意")}},

      {5, 9, K::kHotline, "HOT.PROPERTY.HEATING", C::kHotline, P::kHigh, "fuli.g2.b2",
       "富力新城8号楼", "12345工单：8号楼暖气管道漏水",
       "市民来电反映，8号楼地下室暖气管道漏水，楼内暖气时冷时热。热线工单号 SD20251105-1142。",
       {{"梁美玲", "13959013962", "370102194810056496", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "wy.fuli", "wuye"),
        resolve(24, "wuye", O::kResolved, "已更换漏水管段"),
        reopen(30, "clerk", "热线回访不满意：暖气仍时冷时热，重办"),
        resolve(28, "wuye", O::kResolved, "对8号楼整体供暖管网进行排气和水力平衡调节"),
        close(24, "clerk", "热线中心二次回访：已解决，满意")}},

      {8, 10, K::kHotline, "HOT.URBAN.BUILDING", C::kHotline, P::kNormal, "jingyuan.g1.b2",
       "璟苑小区4-6栋之间绿地", "12345工单：小区绿地内私搭乱建彩钢房",
       "市民来电反映，璟苑小区绿地内有住户搭建约30平方米彩钢房，占用公共绿地。",
       {{"孙小燕", "18611777741", "370126196406204725", R::kReporter, true}},
       "clerk",
       {accept(1, "clerk", "签收"), dispatch(2, "clerk", "dept.cg", "handler"),
        comment(22, "handler", "已现场勘查，向当事人下达限期拆除通知书（7日）"),
        urge(170, "supervisor", "限期已过，请执法中队尽快依法拆除并反馈")}},

      {9, 15, K::kHotline, "HOT.URBAN.BUILDING", C::kHotline, P::kNormal, "longxing.g3.b1",
       "龙兴小区7号楼楼顶", "12345工单：楼顶违建阳光房",
       "市民来电反映，龙兴小区7号楼顶层住户在楼顶平台搭建阳光房，存在安全隐患。",
       {{"杨树林", "15072803852", "370103195412118584", R::kReporter, true}},
       "clerk",
       {accept(1, "clerk", "签收"), dispatch(1, "clerk", "dept.cg", "handler"),
        resolve(70, "handler", O::kResolved, "当事人已自行拆除阳光房，现场复核完毕")}},

      {10, 8, K::kHotline, "HOT.PROPERTY.ELEVATOR", C::kHotline, P::kUrgent, "jinyuan.g1.b1",
       "金源郦都1号楼2单元", "12345工单：单元电梯频繁故障困人",
       "市民来电反映，金源郦都1号楼2单元电梯一周内三次故障困人，居民多为老人，出行困难。",
       {{"徐金凤", "15014852538", "370126198201256408", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "wy.jinyuan"),
        lead(3, "supervisor", "supervisor", "涉及老旧电梯更新资金，街道领导包案"),
        comment(40, "supervisor", "已协调维保单位和市场监管所共同检测，启动维修资金申请程序")}},

      {10, 11, K::kHotline, "HOT.PROPERTY.ELEVATOR", C::kHotline, P::kHigh, "jinyuan.g1.b1",
       "金源郦都1号楼", "12345工单：1号楼电梯故障（重复来电）",
       "市民来电反映金源郦都1号楼电梯故障，与前一工单为同一事项。",
       {{"高亚琴", "13693363387", "37011219970911751X", R::kApplicant}},
       "clerk",
       {merge(1, "clerk", 11, "与同一电梯故障工单合并办理")}},

      {12, 9, K::kHotline, "HOT.URBAN.STALLS", C::kHotline, P::kNormal, "xiwang.g1",
       "希望新城北门外人行道", "12345工单：小区门口占道经营",
       "市民来电反映，希望新城北门外每天早晚有流动摊贩占道经营，影响通行。",
       {{"王婷婷", "15074395755", "370104199401019091", R::kReporter}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "dept.cg", "handler"),
        give_back(20, "handler", "该路段为区管主干道，属区城管执法大队管辖，非本中队职责")}},

      {13, 14, K::kHotline, "HOT.SERVICE.CONSULT", C::kHotline, P::kLow, "jinghan.g2",
       "京汉社区", "12345工单：咨询社区居家养老服务政策",
       "市民来电咨询其父母能否申请社区居家养老上门服务及补贴标准。",
       {{"李振华", "13653799075", "370102196202085815", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "jinghan"),
        resolve(6, "supervisor", O::kResolved, "社区工作人员已电话解答并指导线上申请"),
        close(20, "clerk", "热线中心回访：满意")}},

      {20, 8, K::kHotline, "HOT.URBAN.NOISE", C::kHotline, P::kNormal, "taifeng.g2",
       "泰丰小区南侧工地", "12345工单：夜间施工噪音扰民",
       "市民来电反映，泰丰小区南侧工地连续多晚施工至凌晨，噪音扰民。",
       {{"陈卫民", "17737265167", "370126195311044971", R::kApplicant}},
       "clerk", {}},

      {14, 10, K::kHotline, "HOT.PROPERTY.WATER", C::kHotline, P::kHigh, "hepan.g3",
       "河畔小区9号楼", "12345工单：小区停水未提前通知",
       "市民来电反映，河畔小区9号楼突然停水一天，事先未张贴通知。",
       {{"刘丽娟", "13520297299", "370105199502242627", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "签收"), dispatch(1, "clerk", "hepan"),
        resolve(8, "hepan_sup", O::kResolved, "系供水管道抢修，已恢复供水并督促今后提前公告")}},

      // ---- 信访 ----
      {3, 9, K::kPetition, "PET.HOUSING.DEMOLITION", C::kLetter, P::kHigh, "longxing.g1",
       "龙兴小区", "来信反映老旧小区改造征收补偿标准问题",
       "龙兴小区部分居民联名来信，对老旧小区改造中底层商铺的征收补偿标准有异议，"
       "要求公开评估报告。",
       {{"胡国庆", "18720018263", "370105199006056614", R::kApplicant},
        {"龙兴小区居民代表", "", "", R::kOther}},
       "clerk",
       {accept(2, "clerk", "登记受理，书面告知信访人"),
        lead(4, "supervisor", "supervisor", "依《信访工作条例》第十八条，街道领导包案"),
        dispatch(4, "supervisor", "dept.zj", nullptr, "请区住建局核查评估程序并答复"),
        urge(200, "supervisor", "距法定办理期限不足半月，请加快办理")}},

      {11, 10, K::kPetition, "PET.SOCIAL.PENSION", C::kOnline, P::kNormal, "taifeng.g2.b1",
       "泰丰小区", "越级信访：要求解决养老保险补缴问题",
       "信访人通过网上信访平台直接向市级反映养老保险补缴问题，该事项尚未向街道和区级提出。",
       {{"罗建国", "18739548620", "37010319490507399X", R::kApplicant}},
       "clerk",
       {reject(3, "clerk",
               "依据《信访工作条例》第二十条，越级提出的信访事项不予受理；已书面告知向街道社保所提出")}},

      {12, 15, K::kPetition, "PET.HOUSING.QUALITY", C::kOnline, P::kNormal, "xiwang.g3",
       "希望新城11号楼", "新建住宅外墙渗水质量问题",
       "希望新城11号楼多户业主反映交房不满两年外墙渗水，开发商拒绝维修。",
       {{"宋俊杰", "18768282880", "370126197008226974", R::kApplicant}},
       "clerk",
       {accept(2, "clerk", "登记受理"), dispatch(4, "clerk", "dept.zj"),
        suspend(30, "clerk", "信访人已就同一事项向法院提起诉讼，依法中止办理")}},

      {15, 9, K::kPetition, "PET.SOCIAL.ASSISTANCE", C::kWalkIn, P::kNormal, "jingyuan.g2",
       "璟苑小区", "来访申请最低生活保障",
       "信访人因病失业，家庭收入低于本市低保标准，来访申请最低生活保障。",
       {{"谢凤英", "13522791805", "370105199703201047", R::kApplicant}},
       "clerk",
       {accept(0, "clerk", "当场登记受理"), dispatch(1, "clerk", "jingyuan"),
        decide_petition(50, "supervisor", PetitionDecision::kSupport,
                        "《社会救助暂行办法》第九条：经入户核查，家庭人均收入低于当地最低生活保障标准",
                        "经入户核查符合条件，已纳入低保"),
        close(10, "clerk", "信访人对处理意见表示满意")}},

      {16, 10, K::kPetition, "PET.CONDUCT", C::kPhone, P::kNormal, "jinghan.g1",
       "京汉社区服务站", "来电反映社区工作人员服务态度问题",
       "来电人反映在社区服务站办理居住证明时，工作人员态度生硬、推诿。",
       {{"冯建军", "13980334018", "370109198203154417", R::kReporter, true}},
       "clerk",
       {accept(1, "clerk", "登记受理"),
        suspend(2, "clerk", "来电人暂时无法联系，待补充材料"),
        resume(24, "clerk", "来电人已补充材料"),
        dispatch(2, "clerk", "jinghan", nullptr, "请社区核实并整改")}},

      // ---- 安全隐患 ----
      {4, 15, K::kHazard, "HAZ.FIRE.PASSAGE", C::kPatrol, P::kHigh, "hepan.g1.b2",
       "河畔小区2号楼", "楼道堆放杂物堵塞消防通道",
       "网格巡查发现2号楼1-6层楼道堆放纸箱、旧家具，堵塞疏散通道。",
       {}, "grid1",
       {accept(0, "grid1"), dispatch(1, "grid1", "hepan.g1.b2", "grid1"),
        rectify(22, "grid1", "已督促住户清理，楼栋党小组组长协助动员"),
        reinspect_pass(24, "hepan_sup", "复查销号：通道已畅通")}},

      {17, 19, K::kHazard, "HAZ.FIRE.EBIKE", C::kPatrol, P::kHigh, "hepan.g2.b1",
       "河畔小区5号楼1单元", "电动车在楼道内违规充电",
       "夜间巡查发现5号楼1单元楼道内有电动车从家中拉线充电。",
       {{"马小燕", "13980334018", "370126198109185942", R::kRespondent}},
       "grid2",
       {accept(0, "grid2"), dispatch(1, "grid2", "hepan.g2.b1", "grid2"),
        rectify(14, "grid2", "已当场劝导停止充电，告知小区集中充电桩位置")}},

      {9, 10, K::kHazard, "HAZ.FIRE.EQUIPMENT", C::kPatrol, P::kHigh, "fuli.g1",
       "富力新城地下车库", "地下车库消火栓损坏无水",
       "消防安全排查发现富力新城地下车库B区3个消火栓无水，灭火器过期。",
       {}, "supervisor",
       {accept(0, "supervisor"), dispatch(1, "supervisor", "wy.fuli", "wuye", "限期7日整改"),
        urge(180, "supervisor", "整改期限已过，请物业立即整改并报复查")}},

      {13, 9, K::kHazard, "HAZ.GAS", C::kPatrol, P::kUrgent, "jinyuan.g2",
       "金源郦都沿街商铺", "沿街餐饮商铺燃气管道老化",
       "排查发现金源郦都沿街6家餐饮商铺燃气软管老化开裂，未安装燃气报警器。",
       {}, "supervisor",
       {accept(0, "supervisor"),
        escalate(1, "supervisor", E::kManual, "涉及多家商户和燃气公司，提交社区统筹"),
        escalate(2, "supervisor", E::kManual, "需要住建部门执法，提交街道"),
        dispatch(2, "supervisor", "dept.zj", nullptr, "吹哨报到：请区住建局联合燃气公司检查")}},

      {20, 9, K::kHazard, "HAZ.FIRE.EBIKE", C::kPatrol, P::kNormal, "hepan.g1.b1",
       "河畔小区1号楼", "电动车飞线充电",
       "巡查发现1号楼窗外有电线垂下为楼下电动车充电。",
       {}, "grid1", {}},

      // ---- 事件 ----
      {5, 7, K::kIncident, "INC.ENV.RUBBISH", C::kPatrol, P::kNormal, "hepan.g1",
       "河畔小区西门", "小区西门垃圾桶满溢，垃圾暴露",
       "早间巡查发现西门垃圾收集点4个垃圾桶满溢，垃圾散落地面。",
       {}, "grid1",
       {accept(0, "grid1"), dispatch(0, "grid1", "hepan.g1", "grid1"),
        resolve(2, "grid1", O::kResolved, "已联系保洁公司清运并消杀"),
        close(3, "hepan_sup", "核查：已清理干净")}},

      {6, 21, K::kIncident, "INC.FAC.STREETLIGHT", C::kPatrol, P::kNormal, "hepan.g2",
       "河畔路与京汉街交叉口", "路口路灯损坏夜间无照明",
       "夜间巡查发现河畔路与京汉街交叉口两盏路灯不亮，行人通行不便。",
       {}, "grid2",
       {accept(0, "grid2"), dispatch(12, "grid2", "dept.cg", "handler"),
        resolve(30, "handler", O::kResolved, "已联系路灯管理所更换灯具"),
        close(12, "clerk", "核查：路灯已恢复照明")}},

      {11, 20, K::kIncident, "INC.ORDER.GATHERING", C::kPatrol, P::kUrgent, "jinghan.g2",
       "京汉社区文化广场", "广场多次出现人员聚集",
       "连续三晚有二十余人在广场聚集，疑似为讨要房屋装修款，情绪激动。",
       {}, "supervisor",
       {accept(0, "supervisor"),
        escalate(1, "supervisor", E::kRisk, "存在群体性事件风险，已通报派出所", true),
        dispatch(1, "supervisor", "dept.pcs", nullptr, "请派出所加强巡控并配合做好疏导")}},

      {14, 9, K::kIncident, "INC.SERVICE.ELDERLY", C::kPatrol, P::kHigh, "longxing.g4",
       "龙兴小区15号楼", "独居老人多日未出门",
       "邻居反映15号楼独居老人三天未见出门，敲门无人应答。",
       {{"杨秀英", "17784837261", "370112198208173535", R::kReporter}},
       "supervisor",
       {accept(0, "supervisor"), dispatch(0, "supervisor", "longxing"),
        resolve(3, "supervisor", O::kResolved, "社区联系其子女到场开门，老人因感冒卧床，已送医"),
        close(24, "supervisor", "回访：老人已康复，纳入社区重点关爱名单")}},

      {18, 10, K::kIncident, "INC.FAC.MANHOLE", C::kPhone, P::kUrgent, "xiwang.g2",
       "希望新城南门", "小区南门井盖缺失",
       "居民来电反映希望新城南门外雨水井盖缺失，存在行人坠落风险。",
       {{"郭红霞", "13661341252", "370105197606037872", R::kReporter}},
       "clerk",
       {accept(0, "clerk", "已通知社区先行设置警示围挡")}},

      {16, 8, K::kIncident, "INC.ENV.CLEANING", C::kPatrol, P::kLow, "taifeng.g1",
       "泰丰小区主干道", "小区主干道落叶未及时清扫",
       "巡查发现泰丰小区主干道落叶堆积，影响通行和环境。",
       {}, "supervisor",
       {accept(0, "supervisor"), dispatch(1, "supervisor", "taifeng.g1"),
        resolve(5, "supervisor", O::kResolved, "已安排保洁人员清扫")}},

      // ---- 信访 still waiting to be told whether they are accepted (15 calendar days): one
      // overdue, one in its warning share whatever the weekday. Kept last: merges name cases
      // by their index.
      {3, 16, K::kPetition, "PET.HOUSING.QUALITY", C::kLetter, P::kNormal, "jinghan.g2",
       "京汉小区6号楼", "来信反映加装电梯后低层住户采光受影响",
       "京汉小区6号楼2层住户来信，反映单元加装电梯后卧室采光明显下降，要求给予补偿或调整方案。",
       {{"韩秀珍", "13853117246", "370100196807143528", R::kApplicant}},
       "clerk", {}},

      {8, 11, K::kPetition, "PET.SOCIAL.PENSION", C::kOnline, P::kNormal, "xiwang.g1",
       "希望新城", "网上信访：反映养老金待遇认定有误",
       "信访人通过网上信访平台反映，其退休时视同缴费年限未被认定，养老金待遇偏低。",
       {{"曹建军", "15153126608", "370105195810233417", R::kApplicant}},
       "clerk", {}},
  };
  return kList;
}

}  // namespace gridcase::demo::data
