// The rules of 12345 hotline work orders (hotline.hpp): the order's intake and its steps (签收,
// first contact, 退单, reply, callback and its appeal), applied at intake and inside a command's
// write.
#include <algorithm>

#include "gridcase/deadlines.hpp"
#include "gridcase/hotline.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

constexpr std::size_t kMaxOrderNo = 64;
constexpr int kReturnWindowDays = 2;  // a unit returns an order within 2 working days

bool has_order(const Case& c) { return !c.hotline.intake.order_no.empty(); }

CaseClock* find_clock(Case& c, ClockKind kind) {
  auto it = std::find_if(c.clocks.begin(), c.clocks.end(), [&](const CaseClock& k) { return k.kind == kind; });
  return it == c.clocks.end() ? nullptr : &*it;
}

void stop_response(StepContext& s) {
  CaseClock* k = find_clock(s.c, ClockKind::kResponse);
  if (k != nullptr && (k->run == ClockRun::kRunning || k->run == ClockRun::kPaused)) stop_clock(*k, s.now, s.cal);
}

// The return window is open while its clock, once started, has not reached its deadline (the
// clock stops at dispatch; its deadline stays where it was computed).
Status check_return_window(StepContext& s) {
  CaseClock* k = find_clock(s.c, ClockKind::kReturnWindow);
  if (k != nullptr && k->run != ClockRun::kUnspecified) {
    const bool open = k->run == ClockRun::kStopped ? s.now < k->deadline
                                                   : clock_status(*k, s.now, s.cal).colour != Colour::kRed;
    if (open) {
      s.e.details["return_window_deadline"] = std::to_string(k->deadline);
      return {};
    }
    return Status(reason::RETURN_WINDOW_PASSED, "an order is returned within 2 working days of its receipt; the window closed at " +
                                   format_shanghai(k->deadline));
  }
  return Status(reason::RETURN_WINDOW_PASSED, "this order has no return window");
}

Status sign(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (h.signed_at != 0) return Status(reason::ALREADY_SIGNED, "the order was signed for already");
  h.signed_at = s.now;
  h.signed_by = s.actor.id;
  stop_response(s);
  s.e.details["signed_at"] = std::to_string(s.now);
  return {};
}

Status contact(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  const HotlineStep& step = s.cmd.hotline;
  if (h.contacted_at != 0) return Status(reason::ALREADY_CONTACTED, "the first contact was recorded already");
  const TimeMs at = step.contacted_at == 0 ? s.now : step.contacted_at;
  if (at > s.now || at < s.c.created_at) {
    return Status(reason::BAD_CONTACT_TIME, "the first contact happened between the order's receipt and now");
  }
  h.contacted_at = at;
  h.contact_method = step.method;
  h.contact_result = step.result;
  h.contacted_by = s.actor.id;
  stop_response(s);
  s.e.details["contacted_at"] = std::to_string(at);
  s.e.details["contact_method"] = name(step.method);
  s.e.details["contact_result"] = step.result;
  return {};
}

Status return_order(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (h.return_pending) return Status(reason::RETURN_PENDING, "a return is already waiting for the desk's decision");
  GRIDCASE_RETURN_IF_ERROR(check_return_window(s));
  h.return_pending = true;
  h.return_reason = s.cmd.reason;
  h.return_unit_id = s.c.handling_unit_id;
  s.e.details["unit_id"] = std::to_string(s.c.handling_unit_id);
  return {};
}

Status decide_return(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (!h.return_pending) return Status(reason::NO_PENDING_RETURN, "no return is waiting for a decision");
  h.return_pending = false;
  s.e.details["return_upheld"] = s.cmd.approve ? "true" : "false";
  if (!s.cmd.approve) {
    ++h.returns_rejected;  // the order stays with the unit
    return {};
  }
  auto back = finishing_state(s.c, Action::kDecideReturn);
  if (!back) return Status(reason::TRANSITION_NOT_ALLOWED, "the return cannot be upheld now");
  s.next = *back;  // back to the hotline centre: counted to no one
  h.returned = true;
  return {};
}

Status reply(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (h.return_pending) return Status(reason::RETURN_PENDING, "the desk has not decided the return yet");
  if (h.signed_at == 0) return Status(reason::NOT_SIGNED, "sign for the order (SIGN_ORDER) before replying");
  h.replied_at = s.now;
  h.reply = s.cmd.reason;
  s.c.outcome = Outcome::kResolved;
  CaseClock* k = find_clock(s.c, ClockKind::kResolve);
  if (k != nullptr && (k->run == ClockRun::kRunning || k->run == ClockRun::kPaused)) stop_clock(*k, s.now, s.cal);
  s.e.details["outcome"] = name(Outcome::kResolved);
  return {};
}

Status callback(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  const HotlineStep& step = s.cmd.hotline;
  ++h.callbacks;
  h.callback_at = s.now;
  h.solved = step.solved;
  h.satisfied = step.satisfied;
  h.appeal_pending = false;
  h.appeal_reason.clear();
  h.appeal_upheld = false;
  s.e.details["callback_solved"] = step.solved ? "true" : "false";
  s.e.details["callback_satisfied"] = step.satisfied ? "true" : "false";
  if (step.satisfied) return {};  // closes (the table's state)
  // 重办: the requester is not satisfied; the order is handled again, and that is rework.
  auto again = finishing_state(s.c, Action::kRecordCallback);
  if (!again) return Status(reason::TRANSITION_NOT_ALLOWED, "the order cannot be reopened now");
  s.next = *again;
  ++s.c.reopen_count;
  s.c.outcome = Outcome::kUnspecified;
  CaseClock* k = find_clock(s.c, ClockKind::kResolve);
  if (k != nullptr && k->run != ClockRun::kUnspecified) start_clock(*k, s.now, s.cal);
  s.e.details["rework"] = "true";
  return {};
}

Status appeal(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (h.callbacks == 0) return Status(reason::NO_RATING, "there is no callback rating to appeal");
  if (h.appeal_pending) return Status(reason::APPEAL_PENDING, "an appeal is already waiting for a decision");
  if (h.appeal_upheld) return Status(reason::APPEAL_UPHELD, "the appeal of this rating was upheld already");
  h.appeal_pending = true;
  h.appeal_reason = s.cmd.reason;
  return {};
}

Status decide_appeal(StepContext& s) {
  HotlineOrder& h = s.c.hotline;
  if (!h.appeal_pending) return Status(reason::NO_PENDING_APPEAL, "no appeal is waiting for a decision");
  h.appeal_pending = false;
  h.appeal_upheld = s.cmd.approve;
  s.e.details["appeal_upheld"] = s.cmd.approve ? "true" : "false";
  return {};
}

bool is_hotline_step(Action a) {
  return a == Action::kSignOrder || a == Action::kFirstContact || a == Action::kReturnOrder ||
         a == Action::kDecideReturn || a == Action::kReplyOrder || a == Action::kRecordCallback ||
         a == Action::kAppealRating || a == Action::kDecideAppeal;
}

bool intake_empty(const HotlineIntake& h) {
  return h.order_no.empty() && h.deadline_class == HotlineDeadlineClass::kUnspecified && h.dispatched_at == 0;
}

// The step's fields, rendered; "" when none is set.
std::string render_step(const CaseCommand& r) {
  const HotlineStep& h = r.hotline;
  if (h.contacted_at == 0 && h.method == ContactMethod::kUnspecified && h.result.empty() && !h.solved &&
      !h.satisfied) {
    return "";
  }
  return "hotline|" + std::to_string(h.contacted_at) + "|" + std::to_string(static_cast<int>(h.method)) + "|" +
         std::to_string(h.result.size()) + ":" + h.result + "|" + (h.solved ? "1" : "0") + "|" +
         (h.satisfied ? "1" : "0") + "|";
}

class HotlineRules final : public KindRules {
 public:
  CaseKind kind() const override { return CaseKind::kHotline; }
  bool owns_step(Action a) const override { return is_hotline_step(a); }
  void prepare_intake(NewCase& r) const override;
  Status check_intake(const NewCase& r) const override;
  Status check_foreign_intake(const NewCase& r) const override;
  void apply_intake(const NewCase& r, Case& c) const override;
  std::string canonical_intake(const NewCase& r) const override;
  // The handling unit's time runs from the centre's dispatch: an order entered late gains none.
  TimeMs clocks_start(const NewCase& r, TimeMs now) const override {
    return r.hotline.dispatched_at > 0 ? std::min(r.hotline.dispatched_at, now) : now;
  }
  Status check_step(const CaseCommand& cmd) const override;
  std::string canonical_step(const CaseCommand& r) const override;
  Status apply_step(StepContext& s) const override;
};

// Before the policy is matched: an URGENT order takes the URGENT priority's policies.
void HotlineRules::prepare_intake(NewCase& r) const {
  if (r.hotline.deadline_class == HotlineDeadlineClass::kUrgent) {
    r.priority = Priority::kUrgent;  // the URGENT policies give the 1-day limit
  }
}

Status HotlineRules::check_intake(const NewCase& r) const {
  const HotlineIntake& h = r.hotline;
  if (intake_empty(h)) return {};  // a hotline case registered without the centre's order
  GRIDCASE_RETURN_IF_ERROR(check_text(h.order_no, "hotline order number", kMaxOrderNo, false, true));
  for (char ch : h.order_no) {
    if (ch == ' ' || ch == '\t') return Status(reason::BAD_ORDER_NUMBER, "an order number has no spaces");
  }
  const int cls = static_cast<int>(h.deadline_class);
  if (cls < 1 || cls > static_cast<int>(HotlineDeadlineClass::kNormal)) {
    return Status(reason::INVALID_ENUM_VALUE, "unknown or missing value for deadline class");
  }
  if (h.dispatched_at <= 0) return Status(reason::MISSING_FIELD, "the hotline's dispatch time is required");
  if (r.channel != Channel::kHotline) {
    return Status(reason::NOT_A_HOTLINE_ORDER_INTAKE, "a hotline order comes in on the HOTLINE channel");
  }
  bool requester = false;
  for (const auto& p : r.parties) requester = requester || (p.role == PartyRole::kReporter && !p.phone.empty());
  if (!requester) {
    return Status(reason::MISSING_REQUESTER, "a hotline order names its requester (a REPORTER party with a phone)");
  }
  return {};
}

Status HotlineRules::check_foreign_intake(const NewCase& r) const {
  if (!intake_empty(r.hotline)) {
    return Status(reason::NOT_A_HOTLINE_ORDER_INTAKE, "hotline order fields are for HOTLINE cases only");
  }
  return {};
}

// After the policy's clocks are copied: the order's record, its RESPONSE clock stopped by the
// unit's sign-for or first contact, and its 2-working-day return window.
void HotlineRules::apply_intake(const NewCase& r, Case& c) const {
  if (r.hotline.order_no.empty()) return;
  c.hotline.intake = r.hotline;
  // The unit's sign-for or first contact answers the order, not the desk's acceptance.
  for (auto& k : c.clocks) {
    if (k.kind == ClockKind::kResponse) k.stops_on = Action::kSignOrder;
  }
  if (std::none_of(c.clocks.begin(), c.clocks.end(), [](const CaseClock& k) { return k.kind == ClockKind::kReturnWindow; })) {
    c.clocks.push_back(rule_clock(ClockKind::kReturnWindow, kReturnWindowDays, BudgetUnit::kWorkingDays,
                                  Action::kCreate, Action::kDispatch, ExpiryAction::kFlag));
  }
}

std::string HotlineRules::canonical_intake(const NewCase& r) const {
  const HotlineIntake& h = r.hotline;
  if (intake_empty(h)) return "";
  return "hotline|" + std::to_string(h.order_no.size()) + ":" + h.order_no + "|" +
         std::to_string(static_cast<int>(h.deadline_class)) + "|" + std::to_string(h.dispatched_at) + "|";
}

Status HotlineRules::check_step(const CaseCommand& cmd) const {
  switch (cmd.action) {
    case Action::kFirstContact: {
      const int m = static_cast<int>(cmd.hotline.method);
      if (m < 1 || m > static_cast<int>(ContactMethod::kOther)) {
        return Status(reason::INVALID_ENUM_VALUE, "unknown or missing value for contact method");
      }
      if (cmd.hotline.contacted_at < 0) return Status(reason::BAD_CONTACT_TIME, "the contact time must not be negative");
      return check_text(cmd.hotline.result, "contact result", kMaxReason, true, true);
    }
    default: return {};
  }
}

// The hotline part joins as one length-prefixed field of its own: stored fingerprints have it so.
std::string HotlineRules::canonical_step(const CaseCommand& r) const {
  const std::string h = render_step(r);
  if (h.empty()) return "";
  Canon c;
  c.add(h);
  return c.str();
}

Status HotlineRules::apply_step(StepContext& s) const {
  const Action a = s.cmd.action;
  if (!has_order(s.c)) {
    if (is_hotline_step(a)) {
      return Status(reason::NOT_A_HOTLINE_ORDER, "this case was registered without a hotline order number");
    }
    return {};
  }
  switch (a) {
    case Action::kResolve:
      return Status(reason::HOTLINE_REPLY_REQUIRED, "a hotline order is concluded by its reply: use REPLY_ORDER");
    case Action::kClose:
      return Status(reason::HOTLINE_CALLBACK_REQUIRED, "a hotline order closes with the centre's callback: use RECORD_CALLBACK");
    case Action::kReturn:
      return Status(reason::HOTLINE_RETURN_ORDER, "a hotline order is returned with RETURN_ORDER, within its window");
    case Action::kSignOrder: return sign(s);
    case Action::kFirstContact: return contact(s);
    case Action::kReturnOrder: return return_order(s);
    case Action::kDecideReturn: return decide_return(s);
    case Action::kReplyOrder: return reply(s);
    case Action::kRecordCallback: return callback(s);
    case Action::kAppealRating: return appeal(s);
    case Action::kDecideAppeal: return decide_appeal(s);
    default: return {};
  }
}

}  // namespace

const KindRules& hotline_rules() {
  static const HotlineRules rules;
  return rules;
}

}  // namespace gridcase::rules
