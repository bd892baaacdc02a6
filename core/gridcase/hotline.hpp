// 12345 hotline work orders (12345工单): the order as the hotline centre dispatched it, and what
// the handling unit and the intake desk record on it until the centre's callback (回访).
//
// An order is received (CREATE, kind and channel HOTLINE) with the hotline's own order number,
// unique within the receiving sub-district: receiving the same number again with the same content
// answers the existing case and changes nothing; with other content it is refused
// (ALREADY_EXISTS "HOTLINE_ORDER_EXISTS"). Then, on the common lifecycle (lifecycle.hpp):
//   ACCEPT, DISPATCH        the desk accepts the order and dispatches it to a unit.
//   SIGN_ORDER      签收     IN_PROGRESS: the unit signs for it; stops the RESPONSE clock.
//   FIRST_CONTACT   先行联系  IN_PROGRESS: time, method and result of the first call to the
//                           requester; stops the RESPONSE clock too.
//   RETURN_ORDER    退单     IN_PROGRESS: the unit asks to return it, with a reason, while the
//                           RETURN_WINDOW (2 working days from receipt) is open.
//   DECIDE_RETURN   审核退单  the desk upholds it (the order goes back to the hotline: NOT_ACCEPTED,
//                           and the figures count it to no one) or rejects it (it stays).
//   REQUEST_EXTENSION, DECIDE_EXTENSION  as for every case: asked before the deadline.
//   REPLY_ORDER     答复     IN_PROGRESS → RESOLVED: the reply to the hotline centre; stops RESOLVE.
//   RECORD_CALLBACK 回访     RESOLVED → CLOSED when the requester is satisfied; unsatisfied
//                           reopens the order (重办, counted as rework) to IN_PROGRESS.
//   APPEAL_RATING   申诉     the unit appeals the last callback's rating, with its grounds, while
//                           the order is open again or replied (a satisfied callback closes it:
//                           nothing left to appeal).
//   DECIDE_APPEAL   审核申诉  upheld: that rating leaves the three rates (响应率, 解决率, 满意率).
// RESOLVE and CLOSE are not used on orders (REPLY_ORDER and RECORD_CALLBACK take their place),
// nor RETURN (RETURN_ORDER does).
#pragma once

#include <cstdint>
#include <string>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

// The deadline class the centre gave the order. URGENT orders (water, power, gas, heating) run
// under the policies for priority URGENT (1 day by default); NORMAL orders under the kind's or
// category's policy (5 working days for complaints).
enum class HotlineDeadlineClass { kUnspecified = 0, kUrgent = 1, kNormal = 2 };

// How the first contact (先行联系) reached the requester.
enum class ContactMethod { kUnspecified = 0, kPhone = 1, kVisit = 2, kSms = 3, kOther = 4 };

// What intake records of an order (at creation). The requester is a party of the case (role
// REPORTER): name and phone, masked like every phone.
struct HotlineIntake {
  std::string order_no;  // the hotline's own number, e.g. "GD20261128000123"
  HotlineDeadlineClass deadline_class = HotlineDeadlineClass::kUnspecified;
  TimeMs dispatched_at = 0;  // when the hotline centre dispatched it
};

// The content of a hotline step (a CaseCommand with one of the actions above). DECIDE_RETURN and
// DECIDE_APPEAL use the command's `approve` (true: upheld); the reasons go in the command's reason.
struct HotlineStep {
  TimeMs contacted_at = 0;                           // FIRST_CONTACT (0: now)
  ContactMethod method = ContactMethod::kUnspecified;  // FIRST_CONTACT
  std::string result;                                // FIRST_CONTACT: what the requester said
  bool solved = false;                               // RECORD_CALLBACK
  bool satisfied = false;                            // RECORD_CALLBACK
};

// Everything an order has recorded. Empty (order_no "") on other kinds and on hotline cases
// registered without an order number.
struct HotlineOrder {
  HotlineIntake intake;
  UnitId sub_district_id = 0;  // the receiving sub-district: order numbers are unique within it
  std::string intake_digest;   // the received content, to tell a resend from a clash
  TimeMs signed_at = 0;        // 签收
  UserId signed_by = 0;
  TimeMs contacted_at = 0;     // 先行联系
  ContactMethod contact_method = ContactMethod::kUnspecified;
  std::string contact_result;
  UserId contacted_by = 0;
  bool return_pending = false;  // 退单 asked, not yet decided
  std::string return_reason;
  UnitId return_unit_id = 0;    // the unit that asked
  bool returned = false;        // upheld: back to the hotline
  int returns_rejected = 0;
  TimeMs replied_at = 0;        // 答复
  std::string reply;
  int callbacks = 0;            // 回访 recorded so far; the last one's answers:
  TimeMs callback_at = 0;
  bool solved = false;
  bool satisfied = false;
  bool appeal_pending = false;  // 申诉 of the last callback's rating
  std::string appeal_reason;
  bool appeal_upheld = false;   // the last callback's rating is out of the rates
};

}  // namespace gridcase
