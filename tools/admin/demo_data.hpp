// The demo's data, compiled in: the org tree, the accounts and the cases with their scripts.
// demo.cpp turns it into engine calls.
#pragma once

#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/org.hpp"
#include "gridcase/user.hpp"

namespace gridcase::demo::data {

// Units are named by keys: "xc" (the sub-district), "hepan" (a community), "hepan.g1" (its
// first grid), "hepan.g1.b2" (that grid's second building group), "tj.hepan" (a mediation
// committee), "wy.fuli" (a property company), "dept.cg" (a department).

struct CommunitySpec {
  const char* key;
  const char* name;
  int grids;                // 2-4
  bool numbered_buildings;  // "3号楼" rather than "4-6栋"
};
const std::vector<CommunitySpec>& communities();

struct SideBodySpec {
  const char* key;
  const char* parent_key;
  UnitType type;
  const char* code_suffix;
  const char* name;
};
const std::vector<SideBodySpec>& side_bodies();

struct UserSpec {
  const char* username;
  const char* display_name;
  Role role;
  const char* scope_key;
};
const std::vector<UserSpec>& users();

// A deterministic Chinese personal name for the n-th Party post holder.
std::string person_name(int n);

// One move in a case's script.
struct Step {
  int after_hours = 1;            // since the case's previous step
  const char* actor = "";         // a demo username
  Action action = Action::kUnspecified;
  const char* reason = "";
  const char* unit = nullptr;     // dispatch: the handling unit's key
  const char* user = nullptr;     // dispatch: the assignee; lead: the leader (usernames)
  Outcome outcome = Outcome::kUnspecified;
  EscalationReason escalation = EscalationReason::kUnspecified;
  bool police_notified = false;
  int into = -1;                  // merge: the index of the case merged into
  // Mediation and petition steps. For ASSIGN_MEDIATION the committee is `unit` and the mediator
  // `user`; a session's time and a term's due date left at 0 are filled in when the step runs.
  MediationStep mediation;
  PetitionStep petition;
  HazardStep hazard;  // REPORT_RECTIFICATION and REINSPECT
};

struct PartySpec {
  const char* name;
  const char* phone;
  const char* id_number;
  PartyRole role;
  bool confidential = false;
};

struct CaseSpec {
  int day;   // days after the demo's start (0-20)
  int hour;  // Asia/Shanghai hour it came in
  CaseKind kind;
  const char* category;
  Channel channel;
  Priority priority;
  const char* location;  // a grid or building group key
  const char* address;
  const char* title;
  const char* description;
  std::vector<PartySpec> parties;
  const char* reporter;  // the demo username that logs it
  std::vector<Step> steps;
};
const std::vector<CaseSpec>& cases();

}  // namespace gridcase::demo::data
