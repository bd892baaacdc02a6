#include "gridcase/lifecycle.hpp"

namespace gridcase {

namespace {
constexpr CaseState kSame = CaseState::kUnspecified;
}

const std::vector<Transition>& transition_table() {
  using S = CaseState;
  using A = Action;
  static const std::vector<Transition> kTable = {
      {S::kReported, A::kAccept, S::kAccepted},
      {S::kReported, A::kReject, S::kNotAccepted},
      {S::kReported, A::kEscalate, kSame},
      {S::kReported, A::kMerge, S::kMerged},
      {S::kReported, A::kComment, kSame},
      {S::kReported, A::kUrge, kSame},
      {S::kReported, A::kAssignLeader, kSame},
      {S::kReported, A::kRequestExtension, kSame},
      {S::kReported, A::kDecideExtension, kSame},

      {S::kAccepted, A::kDispatch, S::kInProgress},
      {S::kAccepted, A::kEscalate, kSame},
      {S::kAccepted, A::kSuspend, S::kSuspended},
      {S::kAccepted, A::kMerge, S::kMerged},
      {S::kAccepted, A::kComment, kSame},
      {S::kAccepted, A::kUrge, kSame},
      {S::kAccepted, A::kAssignLeader, kSame},
      {S::kAccepted, A::kRequestExtension, kSame},
      {S::kAccepted, A::kDecideExtension, kSame},

      {S::kInProgress, A::kDispatch, S::kInProgress},  // 转派: to another unit or person
      {S::kInProgress, A::kReturn, S::kAccepted},
      {S::kInProgress, A::kEscalate, kSame},
      {S::kInProgress, A::kResolve, S::kResolved},
      {S::kInProgress, A::kSuspend, S::kSuspended},
      {S::kInProgress, A::kMerge, S::kMerged},
      {S::kInProgress, A::kComment, kSame},
      {S::kInProgress, A::kUrge, kSame},
      {S::kInProgress, A::kAssignLeader, kSame},
      {S::kInProgress, A::kRequestExtension, kSame},
      {S::kInProgress, A::kDecideExtension, kSame},

      {S::kResolved, A::kClose, S::kClosed},
      {S::kResolved, A::kReopen, S::kInProgress},
      {S::kResolved, A::kComment, kSame},

      {S::kSuspended, A::kResume, kSame},  // back to the state it was suspended from
      {S::kSuspended, A::kComment, kSame},
      {S::kSuspended, A::kUrge, kSame},
      {S::kSuspended, A::kAssignLeader, kSame},

      // People's mediation of disputes (mediation.hpp).
      {S::kAccepted, A::kAssignMediation, S::kInProgress},
      {S::kInProgress, A::kAssignMediation, S::kInProgress},
      {S::kInProgress, A::kRecordConsent, kSame, S::kClosed},  // a refusal closes as referred
      {S::kInProgress, A::kRecordSession, kSame},
      {S::kInProgress, A::kDraftAgreement, kSame},
      {S::kInProgress, A::kSignAgreement, kSame, S::kResolved},  // the last mark resolves
      {S::kResolved, A::kFollowUp, kSame},
      {S::kAccepted, A::kRefer, S::kClosed},
      {S::kInProgress, A::kRefer, S::kClosed},

      // Petitions (petition.hpp): the written decision and the review chain.
      {S::kInProgress, A::kDecidePetition, S::kResolved},
      {S::kResolved, A::kRequestReview, S::kUnderReview},
      {S::kUnderReview, A::kDecideReview, S::kReviewed},
      {S::kUnderReview, A::kComment, kSame},
      {S::kUnderReview, A::kUrge, kSame},
      {S::kReviewed, A::kRequestReReview, S::kUnderReReview},
      {S::kReviewed, A::kClose, S::kClosed},
      {S::kReviewed, A::kComment, kSame},
      {S::kUnderReReview, A::kDecideReReview, S::kClosed},
      {S::kUnderReReview, A::kComment, kSame},
      {S::kUnderReReview, A::kUrge, kSame},

      // 12345 hotline orders (hotline.hpp).
      {S::kInProgress, A::kSignOrder, kSame},
      {S::kInProgress, A::kFirstContact, kSame},
      {S::kInProgress, A::kReturnOrder, kSame},
      {S::kInProgress, A::kDecideReturn, kSame, S::kNotAccepted},  // upheld: back to the hotline
      {S::kInProgress, A::kReplyOrder, S::kResolved},
      {S::kResolved, A::kRecordCallback, S::kClosed, S::kInProgress},  // unsatisfied: 重办
      {S::kInProgress, A::kAppealRating, kSame},
      {S::kResolved, A::kAppealRating, kSame},
      {S::kInProgress, A::kDecideAppeal, kSame},
      {S::kResolved, A::kDecideAppeal, kSame},
      // Hazards (hazard.hpp): the fix reported, then re-inspected; a pass closes (销号).
      {S::kReported, A::kReportRectification, S::kInProgress},
      {S::kAccepted, A::kReportRectification, S::kInProgress},
      {S::kInProgress, A::kReportRectification, S::kInProgress},
      {S::kInProgress, A::kReinspect, kSame, S::kClosed},

      // 吹哨报到 (whistle.hpp): on any open case; check-ins and ratings also once it is resolved
      // (a closed case, terminal, takes nothing more).
      {S::kReported, A::kWhistle, kSame},
      {S::kAccepted, A::kWhistle, kSame},
      {S::kInProgress, A::kWhistle, kSame},
      {S::kSuspended, A::kWhistle, kSame},
      {S::kReported, A::kCheckIn, kSame},
      {S::kAccepted, A::kCheckIn, kSame},
      {S::kInProgress, A::kCheckIn, kSame},
      {S::kSuspended, A::kCheckIn, kSame},
      {S::kResolved, A::kCheckIn, kSame},
      {S::kReported, A::kRateDepartment, kSame},
      {S::kAccepted, A::kRateDepartment, kSame},
      {S::kInProgress, A::kRateDepartment, kSame},
      {S::kSuspended, A::kRateDepartment, kSame},
      {S::kResolved, A::kRateDepartment, kSame},
  };
  return kTable;
}

std::optional<CaseState> next_state(const Case& c, Action action) {
  for (const auto& t : transition_table()) {
    if (t.from != c.state || t.action != action) continue;
    if (action == Action::kResume) {
      return c.state_before_suspend == CaseState::kUnspecified ? CaseState::kAccepted
                                                               : c.state_before_suspend;
    }
    return t.to == kSame ? c.state : t.to;
  }
  return std::nullopt;
}

std::optional<CaseState> finishing_state(const Case& c, Action action) {
  for (const auto& t : transition_table()) {
    if (t.from == c.state && t.action == action && t.or_to != CaseState::kUnspecified) return t.or_to;
  }
  return std::nullopt;
}

std::vector<Action> allowed_actions(CaseState state) {
  std::vector<Action> out;
  for (int a = 0; a < kActionCount; ++a) {
    if (!is_action(a)) continue;
    for (const auto& t : transition_table()) {
      if (t.from == state && static_cast<int>(t.action) == a) {
        out.push_back(t.action);
        break;
      }
    }
  }
  return out;
}

bool is_terminal(CaseState state) {
  return state == CaseState::kClosed || state == CaseState::kNotAccepted ||
         state == CaseState::kMerged;
}

bool is_open(CaseState state) {
  return !is_terminal(state) && state != CaseState::kResolved && state != CaseState::kReviewed;
}

}  // namespace gridcase
