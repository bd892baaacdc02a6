// Cases and their history.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gridcase/action.hpp"
#include "gridcase/case_clock.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/hotline.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/mediation.hpp"
#include "gridcase/org.hpp"
#include "gridcase/petition.hpp"
#include "gridcase/whistle.hpp"

namespace gridcase {

using CaseId = std::int64_t;
using Seq = std::int64_t;

enum class CaseKind {
  kUnspecified = 0,
  kDispute = 1,   // 矛盾纠纷
  kHotline = 2,   // 12345工单
  kPetition = 3,  // 信访
  kHazard = 4,    // 安全隐患
  kIncident = 5,  // 事件
};

enum class Channel {
  kUnspecified = 0,
  kPatrol = 1,   // 网格巡查
  kWalkIn = 2,   // 来访
  kLetter = 3,   // 来信
  kPhone = 4,    // 来电
  kHotline = 5,  // 12345
  kOnline = 6,   // 网上
  kFax = 7,      // 传真
};

enum class CaseState {
  kUnspecified = 0,
  kReported = 1,     // 已登记, not yet decided
  kAccepted = 2,     // 已受理/立案, not yet with a handler
  kInProgress = 3,   // 处置中
  kResolved = 4,     // 已办结, awaiting verification or callback
  kClosed = 5,       // 已结案 (terminal)
  kNotAccepted = 6,  // 不予受理 (terminal)
  kMerged = 7,       // 已合并 into another case (terminal)
  kSuspended = 8,    // 中止: an approved pause
  // Petitions' review chain (petition.hpp).
  kUnderReview = 9,     // 复查中
  kReviewed = 10,       // 已复查: awaiting a re-review request or closing
  kUnderReReview = 11,  // 复核中
};

enum class Outcome {
  kUnspecified = 0,
  kResolved = 1,   // 已解决
  kAgreement = 2,  // 达成调解协议
  kReferred = 3,   // 引导诉讼/仲裁/行政途径
  kParked = 4,     // 挂账
  kWithdrawn = 5,  // 撤回
};

enum class Priority { kUnspecified = 0, kLow = 1, kNormal = 2, kHigh = 3, kUrgent = 4 };

enum class PartyRole { kUnspecified = 0, kApplicant = 1, kRespondent = 2, kReporter = 3, kOther = 4 };

enum class EscalationReason { kUnspecified = 0, kManual = 1, kDeadline = 2, kRisk = 3 };

// A person involved in a case. Phone and ID number are personal data (PIPL): shown masked to
// anyone without need to know.
struct CaseParty {
  std::string name;
  std::string phone;
  std::string id_number;
  PartyRole role = PartyRole::kUnspecified;
  bool confidential = false;  // identity hidden (信访 art. 30)
};

struct Location {
  UnitId unit_id = 0;  // building group or grid
  std::string address;
  bool has_coordinates = false;
  double lat = 0;
  double lon = 0;
};

struct Case {
  CaseId id = 0;
  std::string number;  // XC-2026-000123
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  Channel channel = Channel::kUnspecified;
  std::string title;
  std::string description;
  Location location;
  std::vector<CaseParty> parties;
  Priority priority = Priority::kNormal;
  Level level = Level::kGrid;
  UnitId handling_unit_id = 0;
  UserId assignee_user_id = 0;
  UserId leader_user_id = 0;  // 包案: a named leader owns the case
  UserId reporter_user_id = 0;
  CaseState state = CaseState::kReported;
  CaseState state_before_suspend = CaseState::kUnspecified;
  Outcome outcome = Outcome::kUnspecified;
  CaseId merged_into = 0;
  int reopen_count = 0;  // 返工
  int urge_count = 0;    // 督办
  // Deadlines: the clocks the case's policy gave it when it was created (pending ones start on
  // their event), the policy they came from, and what the scheduler needs to find the case.
  std::vector<CaseClock> clocks;
  std::int64_t policy_id = 0;
  int policy_version = 0;
  TimeMs next_due = 0;              // the earliest instant a clock changes colour; 0: none
  Colour colour = Colour::kGreen;   // the worst colour of its clocks
  // A pending extension request (延期申请): the clock, how much, who asked.
  ClockKind extension_clock = ClockKind::kUnspecified;
  std::int64_t extension_ms = 0;
  UserId extension_requested_by = 0;
  // The unit complained about, if any: its people never see the confidential parties
  // (信访工作条例 art. 30).
  UnitId complained_unit_id = 0;
  // DISPUTE: the people's mediation (mediation.hpp). PETITION: intake, acceptance, decisions,
  // reviews and notices (petition.hpp). Left empty on other kinds.
  Mediation mediation;
  Petition petition;
  // HOTLINE: the 12345 order (hotline.hpp); empty on other kinds.
  HotlineOrder hotline;
  // HAZARD: the finding and its rectification (hazard.hpp). Any kind: the departments
  // whistled in (whistle.hpp).
  Hazard hazard;
  Whistle whistle;
  std::int64_t version = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};


// One entry of the append-only history. seq is global and gapless.
struct Event {
  Seq seq = 0;
  CaseId case_id = 0;
  std::string case_number;
  UserId actor_id = 0;
  TimeMs at = 0;
  Action action = Action::kUnspecified;
  CaseState from_state = CaseState::kUnspecified;
  CaseState to_state = CaseState::kUnspecified;
  Level from_level = Level::kUnspecified;
  Level to_level = Level::kUnspecified;
  std::string reason;
  std::map<std::string, std::string> details;  // action-specific values
  std::int64_t case_version = 0;               // the case's version after this event
  CaseKind case_kind = CaseKind::kUnspecified;
  UnitId handling_unit_id = 0;                 // after this event
  UnitId location_unit_id = 0;                 // for subscription routing
};

// Fills in `e` what an event takes from `c` as it now stands (its number, state, level, version,
// kind and units) and who did what when; leaves its from_state, from_level, reason and details.
void stamp_event(Event& e, const Case& c, UserId actor, TimeMs at, Action action);

// An event on `c` as it now stands (its state, level, version, kind and units) by `actor` at
// `at`, coming from `from_state` and `from_level`; without them, from where the case stands.
Event event_on(const Case& c, UserId actor, TimeMs at, Action action, CaseState from_state, Level from_level);
inline Event event_on(const Case& c, UserId actor, TimeMs at, Action action) {
  return event_on(c, actor, at, action, c.state, c.level);
}

}  // namespace gridcase
