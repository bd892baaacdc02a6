// A small org tree with a user of every role, an engine over the in-memory repository, a
// manual clock and a sink that records what is published.
#pragma once

#include <catch2/catch.hpp>

#include <mutex>
#include <string>
#include <vector>

#include "fake_crypto.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/memory_repository.hpp"
#include "gridcase/names.hpp"
#include "make_unit.hpp"

namespace gridcase::testing {

class RecordingSink final : public EventSink {
 public:
  void publish(const std::vector<Event>& events) override {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& e : events) published.push_back(e);
  }
  void publish_warnings(const std::vector<Warning>& raised) override {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& w : raised) warnings.push_back(w);
  }
  std::mutex mu;
  std::vector<Event> published;
  std::vector<Warning> warnings;
};

// 2026-03-16 10:00 Asia/Shanghai, a Monday.
constexpr TimeMs kStart = 1773626400000LL;

struct World {
  MemoryRepository repo;
  FakeCrypto crypto;
  ManualClock clock{kStart};
  RecordingSink sink;
  Engine engine{repo, crypto, clock, &sink};

  UnitId district = 0, sub_district = 0, hepan = 0, jinghan = 0, grid_a = 0, grid_b = 0,
         grid_c = 0, building_a1 = 0, department = 0, committee = 0;
  UserId admin = 0, supervisor = 0, hepan_supervisor = 0, worker_a = 0, worker_b = 0, clerk = 0,
         mediator = 0, handler = 0, community_handler = 0;
  int next_request = 0;

  World() {
    REQUIRE(engine.load().is_ok());
    district = unit(0, UnitType::kDistrict, "D1", "示范区");
    sub_district = unit(district, UnitType::kSubDistrict, "SD1", "新城街道", "XC");
    hepan = unit(sub_district, UnitType::kCommunity, "C1", "河畔社区");
    jinghan = unit(sub_district, UnitType::kCommunity, "C2", "京汉社区");
    grid_a = unit(hepan, UnitType::kGrid, "G1", "河畔第一网格");
    grid_b = unit(hepan, UnitType::kGrid, "G2", "河畔第二网格");
    grid_c = unit(jinghan, UnitType::kGrid, "G3", "京汉第一网格");
    building_a1 = unit(grid_a, UnitType::kBuildingGroup, "B1", "1号楼");
    department = unit(sub_district, UnitType::kDepartment, "DEP1", "城管科");
    committee = unit(hepan, UnitType::kMediationCommittee, "MC1", "河畔社区人民调解委员会");
    admin = user("admin", Role::kAdmin, district);
    supervisor = user("supervisor", Role::kSupervisor, sub_district);
    hepan_supervisor = user("hepan_sup", Role::kSupervisor, hepan);
    worker_a = user("grid_a", Role::kGridWorker, grid_a);
    worker_b = user("grid_b", Role::kGridWorker, grid_b);
    clerk = user("clerk", Role::kIntakeClerk, sub_district);
    mediator = user("mediator", Role::kMediator, hepan);
    handler = user("handler", Role::kHandler, department);
    community_handler = user("hepan_staff", Role::kHandler, hepan);
  }

  UnitId unit(UnitId parent, UnitType type, const std::string& code, const std::string& name,
              const std::string& prefix = "") {
    return make_unit(engine, parent, type, code, name, prefix);
  }

  UserId user(const std::string& username, Role role, UnitId scope) {
    NewUser u;
    u.username = username;
    u.display_name = username;
    u.password = "password-" + username;
    u.role = role;
    u.scope_unit_id = scope;
    auto r = engine.admin().create_user_sync(kSystemActor, u);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return r->id;
  }

  std::string request_id() { return "req-" + std::to_string(++next_request); }

  NewCase new_case(UnitId where, CaseKind kind = CaseKind::kIncident,
                   const std::string& category = "INC.ENV.RUBBISH") {
    NewCase c;
    c.request_id = request_id();
    c.kind = kind;
    c.category_code = category;
    c.channel = Channel::kPatrol;
    c.title = "垃圾暴露";
    c.description = "小区东门垃圾桶满溢";
    c.location.unit_id = where;
    c.location.address = "河畔路1号";
    CaseParty p;
    p.name = "张三";
    p.phone = "13812341234";
    p.id_number = "110109199003071234";
    p.role = PartyRole::kReporter;
    c.parties.push_back(p);
    return c;
  }

  Case create(UserId actor, UnitId where) {
    auto r = engine.commands().create_case_sync(actor, new_case(where));
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c;
  }

  // A command with the arguments each action needs filled in with valid values.
  CaseCommand command(Action action, CaseId id) {
    CaseCommand cmd;
    cmd.action = action;
    cmd.request_id = request_id();
    cmd.case_id = id;
    cmd.reason = "理由";
    switch (action) {
      case Action::kDispatch: cmd.unit_id = grid_a; break;
      case Action::kResolve: cmd.outcome = Outcome::kResolved; break;
      case Action::kEscalate: cmd.escalation_reason = EscalationReason::kManual; break;
      case Action::kAssignLeader: cmd.user_id = supervisor; break;
      case Action::kMerge: cmd.into_case_id = create(supervisor, grid_a).id; break;
      case Action::kRequestExtension:
        cmd.clock = running_clock(id);
        cmd.extension_amount = 1;
        break;
      case Action::kDecideExtension: {
        cmd.approve = true;
        // Ask first where the state allows it; where it does not, the decision is refused
        // for the state anyway.
        engine.commands().act_sync(supervisor, command(Action::kRequestExtension, id));
        break;
      }
      default: break;
    }
    return cmd;
  }

  // The first running clock of a case (RESPONSE before acceptance, RESOLVE after), or RESOLVE.
  ClockKind running_clock(CaseId id) {
    auto c = engine.queries().get_case(kSystemActor, id);
    if (c) {
      for (const auto& k : c->c.clocks) {
        if (k.run == ClockRun::kRunning) return k.kind;
      }
    }
    return ClockKind::kResolve;
  }

  Result<CaseResult> act(UserId actor, Action action, CaseId id) {
    return engine.commands().act_sync(actor, command(action, id));
  }

  Case act_ok(UserId actor, Action action, CaseId id) {
    auto r = act(actor, action, id);
    INFO(name(action) << ": " << r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c;
  }


  // A case of grid A driven by the supervisor into `state`.
  Case case_in(CaseState state) {
    Case c = create(supervisor, grid_a);
    auto step = [&](Action a) { c = act_ok(supervisor, a, c.id); };
    switch (state) {
      case CaseState::kReported: break;
      case CaseState::kAccepted: step(Action::kAccept); break;
      case CaseState::kInProgress: step(Action::kAccept); step(Action::kDispatch); break;
      case CaseState::kResolved:
        step(Action::kAccept); step(Action::kDispatch); step(Action::kResolve); break;
      case CaseState::kClosed:
        step(Action::kAccept); step(Action::kDispatch); step(Action::kResolve); step(Action::kClose);
        break;
      case CaseState::kNotAccepted: step(Action::kReject); break;
      case CaseState::kMerged: step(Action::kMerge); break;
      case CaseState::kSuspended: step(Action::kAccept); step(Action::kSuspend); break;
      default: FAIL("no such state"); break;
    }
    REQUIRE(c.state == state);
    return c;
  }
};

}  // namespace gridcase::testing
