#include "demo.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "demo_data.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/names.hpp"

namespace gridcase::demo {

namespace {

constexpr TimeMs kHour = 3600LL * 1000;
constexpr TimeMs kDay = 24 * kHour;
constexpr TimeMs kShanghaiOffset = 8 * kHour;
constexpr int kDemoDays = 21;

const char* const kGridNames[] = {"第一网格", "第二网格", "第三网格", "第四网格"};

Status prefixed(const Status& s, const std::string& what) {
  Status out = s;
  return out.with_message(what + ": " + s.message());
}

// What the loader builds up: the ids behind the data's keys and usernames.
class Loader {
 public:
  Loader(Repository& repo, Crypto& crypto, TimeMs now)
      : now_(now),
        // Midnight in Shanghai, three weeks ago: day 0 of the demo.
        start_((now + kShanghaiOffset) / kDay * kDay - kShanghaiOffset - kDemoDays * kDay),
        clock_(start_ + 8 * kHour),
        engine_(repo, crypto, clock_, nullptr) {}

  Result<DemoSummary> run() {
    GRIDCASE_RETURN_IF_ERROR(engine_.load());
    if (!engine_.tree()->units().empty()) return DemoSummary{};
    GRIDCASE_RETURN_IF_ERROR(build_org());
    GRIDCASE_RETURN_IF_ERROR(build_users());
    GRIDCASE_RETURN_IF_ERROR(build_party_posts());
    GRIDCASE_RETURN_IF_ERROR(build_cases());
    GRIDCASE_RETURN_IF_ERROR(build_projects());
    // The clocks run on to just before `now`: what falls due in the last minute is left to the
    // server's scheduler.
    GRIDCASE_RETURN_IF_ERROR(run_clocks(now_ - 1));
    GRIDCASE_RETURN_IF_ERROR(build_property());
    summary_.loaded = true;
    auto last = engine_.queries().last_seq();
    if (last) summary_.events = static_cast<int>(*last);
    return summary_;
  }

 private:
  Status unit(const std::string& key, UnitId parent, UnitType type, const std::string& code,
              const std::string& name, const std::string& prefix = "") {
    OrgUnit u;
    u.parent_id = parent;
    u.type = type;
    u.code = code;
    u.name = name;
    u.case_prefix = prefix;
    auto made = engine_.admin().create_unit_sync(kSystemActor, u);
    if (!made) return prefixed(made.status(), "demo unit " + name);
    units_[key] = made->id;
    codes_[key] = code;
    names_[key] = name;
    ++summary_.units;
    return {};
  }

  Status build_org() {
    GRIDCASE_RETURN_IF_ERROR(unit("district", 0, UnitType::kDistrict, "370100", "示范区"));
    GRIDCASE_RETURN_IF_ERROR(
        unit("xc", units_["district"], UnitType::kSubDistrict, "370100001", "新城街道", "XC"));
    int ci = 0;
    for (const auto& c : data::communities()) {
      char code[32];
      std::snprintf(code, sizeof code, "370100001%03d", ci + 1);
      const std::string ckey = c.key;
      GRIDCASE_RETURN_IF_ERROR(unit(ckey, units_["xc"], UnitType::kCommunity, code, c.name));
      int building = 1;  // numbering runs on through the community
      for (int g = 1; g <= c.grids; ++g) {
        const std::string gkey = ckey + ".g" + std::to_string(g);
        const std::string gcode = std::string(code) + (g < 10 ? "0" : "") + std::to_string(g);
        GRIDCASE_RETURN_IF_ERROR(unit(gkey, units_[ckey], UnitType::kGrid, gcode, kGridNames[g - 1]));
        const int groups = 2 + (g + ci) % 2;
        for (int b = 1; b <= groups; ++b, ++building) {
          std::string name = c.numbered_buildings
                                 ? std::to_string(building) + "号楼"
                                 : std::to_string(3 * building - 2) + "-" +
                                       std::to_string(3 * building) + "栋";
          GRIDCASE_RETURN_IF_ERROR(unit(gkey + ".b" + std::to_string(b), units_[gkey],
                                        UnitType::kBuildingGroup, gcode + "0" + std::to_string(b),
                                        name));
        }
      }
      ++ci;
    }
    for (const auto& s : data::side_bodies()) {
      GRIDCASE_RETURN_IF_ERROR(unit(s.key, units_[s.parent_key], s.type,
                                    codes_[s.parent_key] + "-" + s.code_suffix, s.name));
    }
    return {};
  }

  Status build_users() {
    for (const auto& u : data::users()) {
      NewUser nu;
      nu.username = u.username;
      nu.display_name = u.display_name;
      nu.password = kDemoPassword;
      nu.role = u.role;
      nu.scope_unit_id = units_.at(u.scope_key);
      nu.demo_password = true;
      auto made = engine_.admin().create_user_sync(kSystemActor, nu);
      if (!made) return prefixed(made.status(), std::string("demo user ") + u.username);
      users_[u.username] = made->id;
      ++summary_.users;
    }
    return {};
  }

  Status post(const std::string& key, PartyPostKind kind, const std::string& holder,
              UserId holder_user = 0) {
    PartyPost p;
    p.unit_id = units_.at(key);
    p.kind = kind;
    p.holder_name = holder;
    p.holder_user_id = holder_user;
    auto made = engine_.admin().create_party_post_sync(kSystemActor, p);
    if (!made) return prefixed(made.status(), "demo party post at " + names_[key]);
    ++summary_.party_posts;
    return {};
  }

  Status build_party_posts() {
    int person = 0;
    for (const auto& c : data::communities()) {
      const std::string ckey = c.key;
      if (ckey == "hepan") {
        GRIDCASE_RETURN_IF_ERROR(post(ckey, PartyPostKind::kCommunitySecretary, "王秀兰", users_["hepan_sup"]));
      } else {
        GRIDCASE_RETURN_IF_ERROR(post(ckey, PartyPostKind::kCommunitySecretary, data::person_name(person++)));
      }
      for (int g = 1; g <= c.grids; ++g) {
        const std::string gkey = ckey + ".g" + std::to_string(g);
        if (gkey == "hepan.g1") {
          GRIDCASE_RETURN_IF_ERROR(post(gkey, PartyPostKind::kGridBranchSecretary, "张明", users_["grid1"]));
        } else {
          GRIDCASE_RETURN_IF_ERROR(post(gkey, PartyPostKind::kGridBranchSecretary, data::person_name(person++)));
        }
        for (int b = 1; units_.count(gkey + ".b" + std::to_string(b)) != 0; ++b) {
          GRIDCASE_RETURN_IF_ERROR(post(gkey + ".b" + std::to_string(b),
                                        PartyPostKind::kBuildingGroupLeader, data::person_name(person++)));
        }
        GRIDCASE_RETURN_IF_ERROR(post(gkey + ".b1", PartyPostKind::kMemberHousehold, data::person_name(person++)));
      }
    }
    return {};
  }

  // One move of the whole demo, to be run in time order.
  struct Move {
    TimeMs at;
    std::size_t case_index;
    int step_index;  // -1: creating the case
  };

  Status build_cases() {
    const auto& specs = data::cases();
    std::vector<Move> moves;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      TimeMs t = start_ + specs[i].day * kDay + specs[i].hour * kHour;
      moves.push_back({t, i, -1});
      for (std::size_t s = 0; s < specs[i].steps.size(); ++s) {
        // Steps a few minutes apart at least, so that a history reads in order.
        t += specs[i].steps[s].after_hours * kHour + 5 * 60 * 1000;
        moves.push_back({t, i, static_cast<int>(s)});
      }
    }
    // Nothing in the future: what would come after `now` happens just before it.
    for (auto& m : moves) m.at = std::min(m.at, now_ - 60 * 1000);
    std::stable_sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) {
      return std::tie(a.at, a.case_index, a.step_index) < std::tie(b.at, b.case_index, b.step_index);
    });

    std::map<std::size_t, CaseId> ids;
    for (const auto& m : moves) {
      // What the deadlines did before this move (warnings, expiries, DEADLINE escalations)
      // happens first, each at the moment it fell due.
      GRIDCASE_RETURN_IF_ERROR(run_clocks(m.at));
      clock_.set(std::max(clock_.now(), m.at));
      const data::CaseSpec& spec = specs[m.case_index];
      const std::string where = "demo case " + std::to_string(m.case_index + 1) + " (" + spec.title + ")";
      if (m.step_index < 0) {
        NewCase nc;
        nc.request_id = "demo-case-" + std::to_string(m.case_index + 1);
        nc.kind = spec.kind;
        nc.category_code = spec.category;
        nc.channel = spec.channel;
        nc.title = spec.title;
        nc.description = spec.description;
        nc.location.unit_id = units_.at(spec.location);
        nc.location.address = spec.address;
        nc.priority = spec.priority;
        for (const auto& p : spec.parties) {
          nc.parties.push_back({p.name, p.phone, p.id_number, p.role, p.confidential});
        }
        auto made = engine_.commands().create_case_sync(users_.at(spec.reporter), nc);
        if (!made) return prefixed(made.status(), where);
        ids[m.case_index] = made->c.id;
        case_ids_[m.case_index] = made->c.id;
        ++summary_.cases;
        GRIDCASE_RETURN_IF_ERROR(note_due(where));
        continue;
      }
      const data::Step& st = spec.steps[static_cast<std::size_t>(m.step_index)];
      CaseCommand cmd;
      cmd.action = st.action;
      cmd.request_id = "demo-case-" + std::to_string(m.case_index + 1) + "-step-" +
                       std::to_string(m.step_index + 1);
      cmd.case_id = ids.at(m.case_index);
      cmd.reason = st.reason;
      if (st.unit != nullptr) cmd.unit_id = units_.at(st.unit);
      if (st.user != nullptr) cmd.user_id = users_.at(st.user);
      cmd.outcome = st.outcome;
      cmd.escalation_reason = st.escalation;
      cmd.police_notified = st.police_notified;
      if (st.into >= 0) cmd.into_case_id = ids.at(static_cast<std::size_t>(st.into));
      cmd.mediation = st.mediation;
      cmd.petition = st.petition;
      cmd.hazard = st.hazard;
      if (st.action == Action::kAssignMediation) {
        cmd.mediation.committee_unit_id = cmd.unit_id;
        cmd.mediation.mediators = {cmd.user_id};
        cmd.unit_id = 0;
        cmd.user_id = 0;
      }
      if (st.action == Action::kRecordSession && cmd.mediation.session.at == 0) {
        cmd.mediation.session.at = clock_.now() - kHour;  // recorded an hour after it began
      }
      for (auto& term : cmd.mediation.agreement.terms) {
        if (term.due_at == 0) term.due_at = clock_.now() + 14 * kDay;
      }
      auto done = engine_.commands().act_sync(users_.at(st.actor), cmd);
      if (!done) {
        return prefixed(done.status(), where + " step " + std::to_string(m.step_index + 1) + " " +
                                           name(st.action) + " by " + st.actor);
      }
      GRIDCASE_RETURN_IF_ERROR(note_due(where));
    }
    return {};
  }

  // The year's livelihood projects (民生项目) of the work plan, set up as of today with dates
  // around it: the heating renewal has a milestone past its date (red on the board) and the
  // heating complaints of 富力新城 linked to it; the water valves have one due within days
  // (yellow); the ramp is finished.
  Status build_projects() {
    const std::int64_t today = engine_.calendar()->local_day(clock_.now());
    auto date = [&](int days) { return format_date(civil_from_days(today + days)); };
    auto milestone = [&](const char* name, int planned) {
      Milestone m;
      m.name = name;
      m.planned_date = date(planned);
      return m;
    };
    const UserId sup = users_.at("supervisor");
    int request = 0;
    auto run = [&](ProjectCommand c) -> Result<Project> {
      c.request_id = "demo-project-" + std::to_string(++request);
      auto done = engine_.commands().project_command_sync(sup, c);
      if (!done) return prefixed(done.status(), std::string("demo project step ") + name(c.action));
      return done;
    };
    auto create = [&](const char* title, const char* unit, std::vector<ProjectEstate> estates, std::int64_t budget,
                      std::vector<Milestone> milestones) {
      ProjectCommand c;
      c.action = Action::kCreateProject;
      c.name = title;
      c.unit_id = units_.at(unit);
      c.estates = std::move(estates);
      c.budget_yuan = budget;
      c.start_date = date(-20);
      c.milestones = std::move(milestones);
      return run(c);
    };
    auto act = [&](Action a, ProjectId id, int milestone_id, int day, const std::string& note = "") {
      ProjectCommand c;
      c.action = a;
      c.project_id = id;
      c.milestone_id = milestone_id;
      c.date = date(day);
      c.note = note;
      return run(c).status();
    };

    auto heating = create("北岸华庭二期供热管网改造", "xc", {{"北岸华庭二期", units_.at("fuli.g1"), 860}}, 3'200'000,
                          {milestone("设计及招标完成", -14), milestone("管网铺设完成", -3), milestone("试压冲洗及通暖", 25)});
    if (!heating) return heating.status();
    GRIDCASE_RETURN_IF_ERROR(act(Action::kCompleteMilestone, heating->id, 1, -15));
    GRIDCASE_RETURN_IF_ERROR(act(Action::kProjectUpdate, heating->id, 0, 0, "主管网已开挖铺设约六成，楼内立管改造同步进行"));
    const auto& specs = data::cases();
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (std::string(specs[i].title).find("暖气") == std::string::npos || case_ids_.count(i) == 0) continue;
      ProjectCommand link;
      link.action = Action::kLinkComplaint;
      link.project_id = heating->id;
      link.case_id = case_ids_.at(i);
      auto linked = run(link);
      if (!linked) return linked.status();
    }

    std::vector<ProjectEstate> shentie;
    const char* const kShentie[] = {"沈铁一小区", "沈铁二小区", "沈铁三小区", "沈铁四小区"};
    const std::int64_t kHouseholds[] = {420, 380, 510, 296};
    for (int g = 0; g < 4; ++g) {
      shentie.push_back({kShentie[g], units_.at("longxing.g" + std::to_string(g + 1)), kHouseholds[g]});
    }
    auto water = create("沈铁四个小区自来水分水阀改造", "longxing", shentie, 1'150'000,
                        {milestone("入户摸排完成", -10), milestone("分水阀更换过半", 1), milestone("全部更换完成", 30)});
    if (!water) return water.status();
    GRIDCASE_RETURN_IF_ERROR(act(Action::kCompleteMilestone, water->id, 1, -11));

    auto ramp = create("地王花园辽河大坝坡道改造", "taifeng", {{"地王花园", units_.at("taifeng.g2"), 320}}, 480'000,
                       {milestone("原坡道拆除", -15), milestone("坡道浇筑及护栏安装", -6)});
    if (!ramp) return ramp.status();
    GRIDCASE_RETURN_IF_ERROR(act(Action::kCompleteMilestone, ramp->id, 1, -16));
    GRIDCASE_RETURN_IF_ERROR(act(Action::kCompleteMilestone, ramp->id, 2, -7));
    GRIDCASE_RETURN_IF_ERROR(act(Action::kFinishProject, ramp->id, 0, -5));
    summary_.projects = 3;
    return {};
  }

  // After a move: when the clocks next need attention (the move may have started a clock).
  Status note_due(const std::string& where) {
    auto next = engine_.deadlines().run_due(clock_.now());
    if (!next) return prefixed(next.status(), where + " clocks");
    due_ = *next;
    return {};
  }

  // Runs the case clocks up to `until` as the scheduler of a server would: every colour change
  // and escalation due by then is recorded at the instant it fell due.
  // The estates the two demo property companies serve, and a residents' forum of 河畔 three days
  // ago: one opinion answered on the spot, one turned into a case, one open (property.hpp).
  Status build_property() {
    struct EstateSpec {
      const char* company;
      const char* community;
      const char* name;
      std::int64_t households;
    };
    static const EstateSpec kEstates[] = {{"wy.fuli", "fuli", "富力城一期", 1260},
                                          {"wy.fuli", "fuli", "富力城二期", 980},
                                          {"wy.jinyuan", "jinyuan", "金源郦都", 1540}};
    int n = 0;
    for (const auto& e : kEstates) {
      auto made = engine_.commands().add_estate(
          kSystemActor, NewEstate{"demo-estate-" + std::to_string(++n), units_[e.company], units_[e.community], e.name,
                                  e.households});
      if (!made) return prefixed(made.status(), std::string("demo estate ") + e.name);
    }
    NewForum forum;
    forum.request_id = "demo-forum-1";
    forum.unit_id = units_["hepan"];
    forum.held_on = shanghai_day(clock_.now()) - 3;
    forum.place = "河畔社区党群服务中心";
    forum.attendance = 36;
    forum.opinions = {"小区东门路灯不亮，夜间出行不便", "希望增设电动自行车充电桩", "3号楼楼道堆放杂物"};
    auto held = engine_.commands().record_forum(kSystemActor, forum);
    if (!held) return prefixed(held.status(), "demo forum");
    auto answered = engine_.commands().answer_opinion(
        kSystemActor, OpinionAnswer{"demo-forum-1-2", held->id, 2, "已列入社区明年民生实事项目，先在西门设临时充电点"});
    if (!answered) return prefixed(answered.status(), "demo forum answer");
    OpinionCase oc;
    oc.forum_id = held->id;
    oc.opinion = 1;
    oc.c.request_id = "demo-forum-1-1";
    oc.c.kind = CaseKind::kIncident;
    oc.c.category_code = "INC.FAC.STREETLIGHT";
    oc.c.title = "小区东门路灯不亮";
    oc.c.location.unit_id = units_["hepan.g1"];
    oc.c.location.address = "河畔小区东门";
    auto turned = engine_.commands().opinion_case(kSystemActor, oc);
    if (!turned) return prefixed(turned.status(), "demo forum case");
    ++summary_.cases;
    return {};
  }

  Status run_clocks(TimeMs until) {
    for (int rounds = 0; due_ != 0 && due_ <= until; ++rounds) {
      if (rounds > 100000) return Status(reason::DEMO_CLOCKS, "the demo's clocks do not settle");
      const TimeMs at = std::max(due_, clock_.now());
      clock_.set(at);
      auto next = engine_.deadlines().run_due(at);
      if (!next) return prefixed(next.status(), "demo clocks at " + format_shanghai(at));
      due_ = *next;
    }
    return {};
  }

  TimeMs now_;
  TimeMs start_;
  ManualClock clock_;
  Engine engine_;
  TimeMs due_ = 0;  // when the case clocks next change colour; 0: never
  std::map<std::string, UnitId> units_;
  std::map<std::string, std::string> codes_;
  std::map<std::string, std::string> names_;
  std::map<std::string, UserId> users_;
  std::map<std::size_t, CaseId> case_ids_;  // the demo cases by their index in the data
  DemoSummary summary_;
};

std::string scope_label(const std::string& key) {
  // Readable names of the demo accounts' scopes, without loading anything.
  static const std::map<std::string, std::string> kNames = {
      {"district", "示范区"},
      {"xc", "新城街道"},
      {"hepan", "河畔社区"},
      {"hepan.g1", "河畔社区 第一网格"},
      {"hepan.g2", "河畔社区 第二网格"},
  };
  if (auto it = kNames.find(key); it != kNames.end()) return it->second;
  for (const auto& s : data::side_bodies()) {
    if (key == s.key) return s.name;
  }
  return key;
}

}  // namespace

const std::vector<DemoLogin>& demo_logins() {
  static const std::vector<DemoLogin> kLogins = [] {
    std::vector<DemoLogin> out;
    for (const auto& u : data::users()) {
      out.push_back({u.username, kDemoPassword, u.display_name, u.role, scope_label(u.scope_key)});
    }
    return out;
  }();
  return kLogins;
}

Result<DemoSummary> load_demo(Repository& repo, Crypto& crypto, TimeMs now) {
  Loader loader(repo, crypto, now);
  return loader.run();
}

}  // namespace gridcase::demo
