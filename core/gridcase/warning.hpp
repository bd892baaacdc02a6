// Early warnings (预警): signals computed from the cases as they are written, pushed live to the
// supervisors of the unit concerned, listed on the board and handled as a record.
//
// A signal is a condition over a key (a person, an address, a category in a grid) that the write
// of a case evaluates from counters kept per key and day (warning_signals.cpp), never from a scan
// of the cases. While the condition holds, its warning is raised once: later contacts only add to
// it (count, cases, `holds_until`). After `holds_until` has passed without the condition being
// met again, it has cleared: the next time it is met raises a new warning.
//
//   repeat contact (重复来访来电)  the same person (ID number, or phone) or the same address in
//                                 a grid, `repeat_count` contacts within `repeat_days` days,
//                                 across channels and kinds.
//   hot spot (热点)               one category in one grid: its cases of the last
//                                 `hot_window_days` days reach max(hot_min_count,
//                                 hot_factor_percent% of its own weekly average over the
//                                 `hot_baseline_days` days before the window). README says why.
//   group matter (群体性)          `group_persons` people or more on one matter: one visit of that
//                                 many (a petition's intake `persons`), or the petitions on the
//                                 same matter key in one sub-district within `repeat_days` days,
//                                 each petitioner counted once (with the most people they came
//                                 with), and the cases merged into one (a merge says "the same
//                                 matter"), each person of them counted once.
//   petition risk (信访风险)       a petition brought `petition_levels_above` levels or more above
//                                 its competent level (越级), or the same matter brought again by
//                                 the same person (ID number) after its final decision (重复访:
//                                 an earlier petition concluded by re-review, or decided and
//                                 closed, or decided with its review window run out). One warning
//                                 per condition, person and matter; another petition meeting it
//                                 within `repeat_days` days adds to it.
//   stalled (久拖未动)             an open case (is_open, not SUSPENDED) with no event by a person
//                                 for `stalled_working_days` working days (the deadlines'
//                                 calendar). Time-driven: every event on a case notes its last
//                                 activity (StallWatch); the deadline rounds read the quiet ones
//                                 from an index. Raised once while it stays quiet; the next event
//                                 clears it (`holds_until` becomes that event's time; 0 while it
//                                 stands); falling quiet again raises a new warning.
//
// Handling (处置), each step through the command pipeline, recorded in the warning's steps and
// in the audit log: acknowledge (已知悉), make a case from it (转为案件), link it to a case
// (关联案件), dismiss it with a reason (排除). Supervisors in whose scope the warning's unit lies,
// only; admins edit the thresholds (WarningPolicy), versioned: each change is a new version and a
// warning records the version it was raised under.
//
// Privacy: a warning about a person shows the person masked (`subject`); who it is opens only
// through the audited reveal of the party (`party_index` of the first case), for the roles that
// may see personal data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

enum class WarningKind {
  kUnspecified = 0,
  kRepeatContact = 1,  // 重复来访来电
  kHotSpot = 2,        // 热点
  kStalled = 3,        // 久拖未动
  kPetitionRisk = 4,   // 越级、重复访
  kGroupMatter = 5,    // 群体性
};

enum class WarningState {
  kUnspecified = 0,
  kOpen = 1,          // 待处置
  kAcknowledged = 2,  // 已知悉: still to be settled
  kCaseMade = 3,      // 已转案件 (terminal)
  kLinked = 4,        // 已关联案件 (terminal)
  kDismissed = 5,     // 已排除 (terminal)
};

enum class WarningAction {
  kUnspecified = 0,
  kRaise = 1,        // 预警 (the system)
  kAcknowledge = 2,  // 知悉
  kMakeCase = 3,     // 转为案件
  kLinkCase = 4,     // 关联案件
  kDismiss = 5,      // 排除 (reason required)
};

struct WarningStep {
  WarningAction action = WarningAction::kUnspecified;
  UserId by = 0;
  TimeMs at = 0;
  std::string reason;
  CaseId case_id = 0;  // made or linked
};

struct Warning {
  std::int64_t id = 0;
  WarningKind kind = WarningKind::kUnspecified;
  WarningState state = WarningState::kUnspecified;
  UnitId unit_id = 0;          // the grid concerned: who is told and who may handle it
  std::string key;             // the condition's key (a person's only as a digest)
  std::string subject;         // what it is about, as shown: masked person, address, category
  std::string category_code;   // hot spots: the category
  // Contacts (cases) in the window when last evaluated; group matters: people; stalled: the
  // working days the case had been quiet when raised.
  int count = 0;
  int threshold = 0;           // the count the condition needed
  double baseline = 0;         // hot spots: the weekly average before the window
  int window_days = 0;
  std::vector<CaseId> case_ids;  // the cases that make it, oldest first (at most kMaxWarningCases)
  int party_index = -1;        // a person: the party of case_ids[0] (the audited reveal opens it)
  TimeMs raised_at = 0;
  TimeMs holds_until = 0;      // the condition holds at least until then (stalled: see above)
  int policy_version = 0;      // the WarningPolicy version it was raised under (0: the built-in one)
  CaseId case_id = 0;          // made or linked
  std::vector<WarningStep> steps;
  std::int64_t version = 0;
};

constexpr std::size_t kMaxWarningCases = 50;

// Is `state` one that takes no more handling?
bool warning_settled(WarningState state);

// The thresholds (预警阈值): policy, edited by admins, versioned like deadline policies.
struct WarningPolicy {
  int version = 0;  // 0: the built-in defaults, never stored
  int repeat_count = 3;
  int repeat_days = 30;
  int hot_window_days = 7;
  int hot_baseline_days = 28;
  int hot_min_count = 5;
  int hot_factor_percent = 300;
  int group_persons = 5;          // 群体性: people on one matter (2..1000)
  int petition_levels_above = 1;  // 越级: levels above the competent one (1..4)
  int stalled_working_days = 5;   // 久拖未动: working days without an event (1..60)
  std::string basis;  // why (the meeting, the document)
  UserId set_by = 0;
  TimeMs set_at = 0;
};

// INVALID_ARGUMENT BAD_WARNING_POLICY when a threshold is out of its range.
Status check_warning_policy(const WarningPolicy& p);

// 久拖未动: what the store keeps of a case it watches for stalling (one row per case that is
// open and not suspended): when a person last acted on it, and the stalled warning standing on
// it since it fell quiet (0: none).
struct StallWatch {
  CaseId case_id = 0;
  TimeMs last_at = 0;
  std::int64_t warning_id = 0;
};

// What a store lists: warnings whose unit is in `units` (empty: any), of `kinds` and `states`
// (empty: any), with id < before_id (0: from the newest), newest first, at most `limit`.
struct WarningFilter {
  std::vector<UnitId> units;
  std::vector<WarningKind> kinds;
  std::vector<WarningState> states;
  std::int64_t before_id = 0;
  int limit = 50;
};

// A handling step as asked.
struct WarningCommand {
  std::string request_id;
  std::int64_t warning_id = 0;
  std::int64_t expected_version = 0;  // 0: any
  WarningAction action = WarningAction::kUnspecified;
  std::string reason;                 // DISMISS: required
  CaseId case_id = 0;                 // LINK_CASE: the case
  // MAKE_CASE: the new case (its request_id is this command's); the kind, category, title and
  // location default from the warning's first case when empty.
  CaseKind kind = CaseKind::kUnspecified;
  std::string category_code;
  std::string title;
};

}  // namespace gridcase
