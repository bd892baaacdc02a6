// The clocks a case runs (deadlines): their kinds, states and colours. The arithmetic of a
// clock's life is in deadlines.hpp.
#pragma once

#include <cstdint>

#include "gridcase/action.hpp"
#include "gridcase/calendar.hpp"

namespace gridcase {

enum class ClockKind {
  kUnspecified = 0,
  kResponse = 1,      // sign for / first contact / written notice
  kResolve = 2,       // handle and settle
  kReturnWindow = 3,  // the time within which a unit may return an order (退单)
  // Statutory clocks that no policy gives: the law fixes them (mediation.hpp, petition.hpp).
  kConfirmation = 4,     // 司法确认: 30 days from the agreement taking effect
  kReviewRequest = 5,    // 复查申请: 30 days from the decision
  kReview = 6,           // 复查办理: 30 days from the request
  kReReviewRequest = 7,  // 复核申请: 30 days from the review decision
  kReReview = 8,         // 复核办理: 30 days from the request
  // Hazards (hazard.hpp).
  kRectification = 13,   // 整改期限: the rectification period of a hazard
};

enum class ClockRun { kUnspecified = 0, kRunning = 1, kPaused = 2, kStopped = 3 };

enum class Colour { kUnspecified = 0, kGreen = 1, kYellow = 2, kRed = 3 };

enum class ExpiryAction { kUnspecified = 0, kFlag = 1, kEscalate = 2 };

// One clock of a case: pending (waiting for its start event), running, paused or stopped. Copied
// from the case's policy when the case is created, so a later change of policy never rewrites a
// case.
struct CaseClock {
  ClockKind kind = ClockKind::kUnspecified;
  BudgetUnit unit = BudgetUnit::kUnspecified;
  std::int64_t base_budget_ms = 0;  // the policy's budget: a restart begins with it again
  std::int64_t budget_ms = 0;       // including approved extensions
  Action starts_on = Action::kUnspecified;
  Action stops_on = Action::kUnspecified;
  int warn_percent = 75;
  ExpiryAction on_expiry = ExpiryAction::kFlag;
  ClockRun run = ClockRun::kUnspecified;  // kUnspecified: waiting for its start event
  std::int64_t used_ms = 0;  // counted before `since`
  TimeMs since = 0;          // running: where counting (re)started
  TimeMs started_at = 0;
  TimeMs warn_at = 0;        // running: when it turns yellow
  TimeMs deadline = 0;       // running: when it turns red; otherwise the last one computed
  bool provisional = false;  // the deadline touches a year whose calendar is not loaded
  Colour colour = Colour::kGreen;  // the colour reported last
  int extensions = 0;
};

}  // namespace gridcase
