// 12345 hotline work orders: receipt by the centre's order number, sign-for and first contact
// against the RESPONSE clock, return within the window, extension, reply, callback with rework,
// appeals, and the three rates the figures compute from all of it.
#include "fixture.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/lifecycle.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;
using S = CaseState;
using F = Figure;

constexpr TimeMs kHour = 3600LL * 1000;
constexpr TimeMs kDay = 24 * kHour;

NewCase order_request(World& w, const std::string& order_no,
                      HotlineDeadlineClass cls = HotlineDeadlineClass::kNormal) {
  NewCase n = w.new_case(w.grid_a, CaseKind::kHotline, "HOT.URBAN.NOISE");
  n.channel = Channel::kHotline;
  n.title = "夜间施工噪音扰民";
  n.description = "市民反映河畔路工地夜间施工";
  n.parties[0].name = "王芳";
  n.parties[0].phone = "13912345678";
  n.parties[0].id_number.clear();
  n.hotline.order_no = order_no;
  n.hotline.deadline_class = cls;
  n.hotline.dispatched_at = testing::kStart - kHour;
  return n;
}

Case receive(World& w, NewCase n) {
  auto r = w.engine.commands().create_case_sync(w.clerk, std::move(n));
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

CaseCommand step(World& w, A action, CaseId id) {
  CaseCommand cmd;
  cmd.action = action;
  cmd.request_id = w.request_id();
  cmd.case_id = id;
  switch (action) {
    case A::kFirstContact:
      cmd.hotline.method = ContactMethod::kPhone;
      cmd.hotline.result = "已电话联系市民，约定次日上门查看";
      break;
    case A::kReturnOrder: cmd.reason = "该工地属区住建委管辖，非本街道职责"; break;
    case A::kReplyOrder: cmd.reason = "已责令施工单位停止夜间施工"; break;
    case A::kAppealRating: cmd.reason = "市民诉求超出政策范围，已如实解释"; break;
    case A::kDispatch: cmd.unit_id = w.hepan; break;
    default: break;
  }
  return cmd;
}

Case ok(World& w, UserId actor, CaseCommand cmd) {
  auto r = w.engine.commands().act_sync(actor, cmd);
  INFO(name(cmd.action) << ": " << r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}
Case ok(World& w, UserId actor, A action, CaseId id) { return ok(w, actor, step(w, action, id)); }

Status refused(World& w, UserId actor, const CaseCommand& cmd) {
  auto r = w.engine.commands().act_sync(actor, cmd);
  REQUIRE_FALSE(r.is_ok());
  return r.status();
}

CaseCommand callback(World& w, CaseId id, bool solved, bool satisfied) {
  CaseCommand cmd = step(w, A::kRecordCallback, id);
  cmd.hotline.solved = solved;
  cmd.hotline.satisfied = satisfied;
  return cmd;
}

CaseCommand decide(World& w, A action, CaseId id, bool uphold) {
  CaseCommand cmd = step(w, action, id);
  cmd.approve = uphold;
  return cmd;
}

// Received, accepted and dispatched by the desk to the community of 河畔.
Case dispatched(World& w, const std::string& order_no) {
  Case c = receive(w, order_request(w, order_no));
  ok(w, w.clerk, A::kAccept, c.id);
  return ok(w, w.clerk, A::kDispatch, c.id);
}

// Signed for, contacted and replied to: waiting for the centre's callback.
Case replied(World& w, const std::string& order_no) {
  Case c = dispatched(w, order_no);
  ok(w, w.community_handler, A::kSignOrder, c.id);
  ok(w, w.community_handler, A::kFirstContact, c.id);
  return ok(w, w.community_handler, A::kReplyOrder, c.id);
}

const CaseClock& clock_of(const Case& c, ClockKind kind) {
  for (const auto& k : c.clocks) {
    if (k.kind == kind) return k;
  }
  FAIL("no clock " << name(kind));
  return c.clocks.front();
}

FigureCounts figures(World& w) {
  FigureService service{w.engine, w.repo};
  FigureQuery q;
  q.unit_id = w.sub_district;
  q.from_day = day_from_date(2026, 3, 1);
  q.to_day = day_from_date(2026, 4, 1);
  auto r = service.figures(w.supervisor, q);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->total;
}

std::string rates(const FigureCounts& c) {
  return format_percent(rate(c, RateKind::kHotlineResponse)) + " " +
         format_percent(rate(c, RateKind::kHotlineSolved)) + " " +
         format_percent(rate(c, RateKind::kHotlineSatisfied));
}

}  // namespace

TEST_CASE("a hotline order goes from the centre's dispatch to the callback") {
  World w;
  Case c = receive(w, order_request(w, "GD20260316001"));
  CHECK(c.kind == CaseKind::kHotline);
  CHECK(c.channel == Channel::kHotline);
  CHECK(c.state == S::kReported);
  CHECK(c.hotline.intake.order_no == "GD20260316001");
  CHECK(c.hotline.sub_district_id == w.sub_district);
  CHECK(c.parties[0].phone != "13912345678");  // masked, like every phone
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kRunning);
  CHECK(clock_of(c, ClockKind::kReturnWindow).run == ClockRun::kRunning);

  // The desk's acceptance is not the unit's response.
  c = ok(w, w.clerk, A::kAccept, c.id);
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kRunning);
  c = ok(w, w.clerk, A::kDispatch, c.id);
  CHECK(c.handling_unit_id == w.hepan);

  c = ok(w, w.community_handler, A::kSignOrder, c.id);
  CHECK(c.hotline.signed_at == w.clock.now());
  CHECK(c.hotline.signed_by == w.community_handler);
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kStopped);

  w.clock.advance(kHour);
  c = ok(w, w.community_handler, A::kFirstContact, c.id);
  CHECK(c.hotline.contact_method == ContactMethod::kPhone);
  CHECK(c.hotline.contact_result == "已电话联系市民，约定次日上门查看");
  CHECK(c.hotline.contacted_at == w.clock.now());

  c = ok(w, w.community_handler, A::kReplyOrder, c.id);
  CHECK(c.state == S::kResolved);
  CHECK(c.outcome == Outcome::kResolved);
  CHECK(c.hotline.reply == "已责令施工单位停止夜间施工");
  CHECK(clock_of(c, ClockKind::kResolve).run == ClockRun::kStopped);

  auto r = w.engine.commands().act_sync(w.clerk, callback(w, c.id, true, true));
  REQUIRE(r.is_ok());
  CHECK(r->c.state == S::kClosed);
  CHECK(r->c.hotline.callbacks == 1);
  REQUIRE(r->events.size() == 1);
  CHECK(r->events[0].details.at("callback_solved") == "true");
  CHECK(r->events[0].details.at("callback_satisfied") == "true");

  const FigureCounts f = figures(w);
  CHECK(f[F::kHotlineOrders] == 1);
  CHECK(f[F::kHotlineResponded] == 1);
  CHECK(f[F::kHotlineCallbacks] == 1);
  CHECK(f[F::kHotlineSolved] == 1);
  CHECK(f[F::kHotlineSatisfied] == 1);
  CHECK(f[F::kClosed] == 1);
  // The community's staff handled it: settled at community level, though never escalated.
  CHECK(f[F::kClosedAtGrid] == 0);
  CHECK(f[F::kClosedAtCommunity] == 1);
}

TEST_CASE("an order not signed for or contacted before its RESPONSE clock runs out is not responded") {
  World w;
  Case c = dispatched(w, "GD20260316002");
  w.clock.advance(2 * kDay);
  REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok());
  ok(w, w.community_handler, A::kSignOrder, c.id);
  const FigureCounts f = figures(w);
  CHECK(f[F::kHotlineOrders] == 1);
  CHECK(f[F::kHotlineResponded] == 0);
  CHECK(format_percent(rate(f, RateKind::kHotlineResponse)) == "0.0%");
}

TEST_CASE("receiving the same order number again answers the existing order and changes nothing") {
  World w;
  Case first = receive(w, order_request(w, "GD20260316003"));
  const auto history = w.engine.queries().get_case(w.supervisor, first.id)->history.size();

  auto again = w.engine.commands().create_case_sync(w.clerk, order_request(w, "GD20260316003"));  // a new request_id
  REQUIRE(again.is_ok());
  CHECK(again->replayed);
  CHECK(again->c.id == first.id);
  CHECK(again->c.version == first.version);
  CHECK(again->events.empty());
  CHECK(w.engine.queries().get_case(w.supervisor, first.id)->history.size() == history);

  NewCase other = order_request(w, "GD20260316003");
  other.description = "另一件事";
  auto clash = w.engine.commands().create_case_sync(w.clerk, other);
  REQUIRE_FALSE(clash.is_ok());
  CHECK(clash.status().code() == Code::kAlreadyExists);
  CHECK(clash.status().reason() == "HOTLINE_ORDER_EXISTS");
  CaseQuery q;
  q.kinds = {CaseKind::kHotline};
  CHECK(w.engine.queries().list_cases(w.supervisor, q)->cases.size() == 1);
}

TEST_CASE("an upheld return sends the order back to the hotline and counts it to no one") {
  World w;
  Case c = dispatched(w, "GD20260316004");
  ok(w, w.community_handler, A::kSignOrder, c.id);
  c = ok(w, w.community_handler, A::kReturnOrder, c.id);
  CHECK(c.state == S::kInProgress);
  CHECK(c.hotline.return_pending);
  CHECK(c.hotline.return_reason == "该工地属区住建委管辖，非本街道职责");
  // Nothing else moves while the desk decides.
  CHECK(refused(w, w.community_handler, step(w, A::kReplyOrder, c.id)).reason() == "RETURN_PENDING");

  auto r = w.engine.commands().act_sync(w.clerk, decide(w, A::kDecideReturn, c.id, true));
  REQUIRE(r.is_ok());
  CHECK(r->c.state == S::kNotAccepted);
  CHECK(r->c.hotline.returned);
  CHECK(r->events[0].details.at("return_upheld") == "true");
  CHECK(clock_of(r->c, ClockKind::kResolve).run == ClockRun::kStopped);

  const FigureCounts f = figures(w);
  CHECK(f.zero());
}

TEST_CASE("a rejected return keeps the order with its unit") {
  World w;
  Case c = dispatched(w, "GD20260316005");
  ok(w, w.community_handler, A::kSignOrder, c.id);
  ok(w, w.community_handler, A::kReturnOrder, c.id);
  auto r = w.engine.commands().act_sync(w.clerk, decide(w, A::kDecideReturn, c.id, false));
  REQUIRE(r.is_ok());
  CHECK(r->c.state == S::kInProgress);
  CHECK(r->c.handling_unit_id == w.hepan);
  CHECK_FALSE(r->c.hotline.return_pending);
  CHECK(r->c.hotline.returns_rejected == 1);
  CHECK(r->events[0].details.at("return_upheld") == "false");
  c = ok(w, w.community_handler, A::kReplyOrder, c.id);
  CHECK(c.state == S::kResolved);
  CHECK(figures(w)[F::kHotlineOrders] == 1);
  // No decision without a pending return.
  CHECK(refused(w, w.clerk, decide(w, A::kDecideReturn, c.id, true)).code() == Code::kFailedPrecondition);
}

TEST_CASE("an order is returned within 2 working days of its receipt, not later") {
  World w;
  Case c = dispatched(w, "GD20260316006");  // Monday 10:00
  ok(w, w.community_handler, A::kSignOrder, c.id);
  w.clock.advance(3 * kDay);  // Thursday 10:00: the window closed on Wednesday 10:00
  const Case before = w.engine.queries().get_case(w.supervisor, c.id)->c;
  const Status s = refused(w, w.community_handler, step(w, A::kReturnOrder, c.id));
  CHECK(s.code() == Code::kFailedPrecondition);
  CHECK(s.reason() == "RETURN_WINDOW_PASSED");
  const Case after = w.engine.queries().get_case(w.supervisor, c.id)->c;
  CHECK(after.version == before.version);
  CHECK_FALSE(after.hotline.return_pending);
}

TEST_CASE("an extension of an order is asked before its deadline, then approved or denied") {
  World w;
  Case c = dispatched(w, "GD20260316007");
  ok(w, w.community_handler, A::kSignOrder, c.id);
  const TimeMs deadline = clock_of(c, ClockKind::kResolve).deadline;

  CaseCommand ask = step(w, A::kRequestExtension, c.id);
  ask.reason = "需协调区住建委联合执法";
  ask.clock = ClockKind::kResolve;
  ask.extension_amount = 2;
  ok(w, w.community_handler, ask);
  c = ok(w, w.supervisor, decide(w, A::kDecideExtension, c.id, true));
  CHECK(clock_of(c, ClockKind::kResolve).deadline > deadline);
  CHECK(clock_of(c, ClockKind::kResolve).extensions == 1);

  CaseCommand again = ask;
  again.request_id = w.request_id();
  ok(w, w.community_handler, again);
  c = ok(w, w.supervisor, decide(w, A::kDecideExtension, c.id, false));
  CHECK(clock_of(c, ClockKind::kResolve).extensions == 1);

  // Past the deadline it is too late to ask.
  w.clock.set(clock_of(c, ClockKind::kResolve).deadline + kHour);
  CaseCommand late = ask;
  late.request_id = w.request_id();
  const Status s = refused(w, w.community_handler, late);
  CHECK(s.reason() == "DEADLINE_PASSED");
  CHECK(figures(w)[F::kExtended] == 1);
}

TEST_CASE("an unsatisfied callback reopens the order for rework, and the last callback counts") {
  World w;
  Case c = replied(w, "GD20260316008");
  w.clock.advance(kHour);
  auto r = w.engine.commands().act_sync(w.clerk, callback(w, c.id, false, false));
  REQUIRE(r.is_ok());
  CHECK(r->c.state == S::kInProgress);
  CHECK(r->c.reopen_count == 1);
  CHECK(r->events[0].details.at("rework") == "true");
  const CaseClock& resolve = clock_of(r->c, ClockKind::kResolve);
  CHECK(resolve.run == ClockRun::kRunning);
  CHECK(resolve.started_at == w.clock.now());

  FigureCounts f = figures(w);
  CHECK(f[F::kReopened] == 1);
  CHECK(f[F::kReopenTimes] == 1);
  CHECK(f[F::kHotlineCallbacks] == 1);
  CHECK(f[F::kHotlineSolved] == 0);
  CHECK(f[F::kHotlineSatisfied] == 0);
  CHECK(f[F::kClosed] == 0);

  ok(w, w.community_handler, A::kReplyOrder, c.id);
  c = ok(w, w.clerk, callback(w, c.id, true, true));
  CHECK(c.state == S::kClosed);
  CHECK(c.hotline.callbacks == 2);
  f = figures(w);
  CHECK(f[F::kClosed] == 1);
  CHECK(f[F::kReopened] == 1);
  CHECK(f[F::kHotlineCallbacks] == 1);
  CHECK(f[F::kHotlineSatisfied] == 1);
  CHECK(format_percent(rate(f, RateKind::kRework)) == "100.0%");
}

TEST_CASE("an upheld appeal takes its rating out of the three rates, a rejected one leaves it in") {
  World w;
  Case good = replied(w, "GD20260316009");
  ok(w, w.clerk, callback(w, good.id, true, true));
  Case fair = replied(w, "GD20260316010");
  ok(w, w.clerk, callback(w, fair.id, true, false));
  const FigureCounts before = figures(w);
  CHECK(rates(before) == "100.0% 100.0% 50.0%");

  Case bad = replied(w, "GD20260316011");
  ok(w, w.clerk, callback(w, bad.id, false, false));
  CHECK(rates(figures(w)) == "100.0% 66.7% 33.3%");

  Case appealed = ok(w, w.community_handler, A::kAppealRating, bad.id);
  CHECK(appealed.hotline.appeal_pending);
  CHECK(refused(w, w.community_handler, step(w, A::kAppealRating, bad.id)).reason() == "APPEAL_PENDING");
  auto r = w.engine.commands().act_sync(w.clerk, decide(w, A::kDecideAppeal, bad.id, true));
  REQUIRE(r.is_ok());
  CHECK(r->c.hotline.appeal_upheld);
  CHECK(r->events[0].details.at("appeal_upheld") == "true");
  const FigureCounts after = figures(w);
  CHECK(rates(after) == rates(before));
  CHECK(after[F::kHotlineCallbacks] == before[F::kHotlineCallbacks]);
  CHECK(after[F::kHotlineSolved] == before[F::kHotlineSolved]);
  CHECK(after[F::kHotlineSatisfied] == before[F::kHotlineSatisfied]);
  CHECK(after[F::kHotlineOrders] == 3);

  // The fair rating's appeal is rejected: it stays in the rates.
  ok(w, w.community_handler, A::kAppealRating, fair.id);
  ok(w, w.clerk, decide(w, A::kDecideAppeal, fair.id, false));
  CHECK(rates(figures(w)) == rates(before));
}

TEST_CASE("an URGENT order runs under the URGENT priority's policy") {
  World w;
  DeadlinePolicy p;
  p.kind = CaseKind::kHotline;
  p.priority = Priority::kUrgent;
  ClockPolicy resolve;
  resolve.kind = ClockKind::kResolve;
  resolve.amount = 1;
  resolve.unit = BudgetUnit::kWorkingDays;
  resolve.starts_on = A::kCreate;
  resolve.stops_on = A::kResolve;
  resolve.on_expiry = ExpiryAction::kEscalate;
  p.clocks = {resolve};
  p.basis = "12345热线：水电气暖类诉求1日内办结";
  auto set = w.engine.admin().set_policy_sync(w.admin, p);
  REQUIRE(set.is_ok());
  Case c = receive(w, order_request(w, "GD20260316012", HotlineDeadlineClass::kUrgent));
  CHECK(c.priority == Priority::kUrgent);
  CHECK(c.policy_id == set->id);
  CHECK(clock_of(c, ClockKind::kResolve).budget_ms == kDay);
  // The policy gave no return window: every order has one.
  CHECK(clock_of(c, ClockKind::kReturnWindow).run == ClockRun::kRunning);
}

TEST_CASE("hotline steps refuse bad input and lose nothing") {
  World w;
  SECTION("unknown enum values") {
    NewCase n = order_request(w, "GD20260316020");
    n.hotline.deadline_class = static_cast<HotlineDeadlineClass>(7);
    auto r = w.engine.commands().create_case_sync(w.clerk, n);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "INVALID_ENUM_VALUE");
    Case c = dispatched(w, "GD20260316021");
    CaseCommand contact = step(w, A::kFirstContact, c.id);
    contact.hotline.method = static_cast<ContactMethod>(9);
    CHECK(refused(w, w.community_handler, contact).reason() == "INVALID_ENUM_VALUE");
    CaseCommand action = step(w, A::kSignOrder, c.id);
    action.action = static_cast<A>(35);  // the gap between the petition and hotline actions
    CHECK(refused(w, w.community_handler, action).reason() == "INVALID_ENUM_VALUE");
  }
  SECTION("an order needs its number's parts, a requester with a phone and the HOTLINE channel") {
    NewCase n = order_request(w, "GD20260316022");
    n.hotline.dispatched_at = 0;
    CHECK(w.engine.commands().create_case_sync(w.clerk, n).status().reason() == "MISSING_FIELD");
    n = order_request(w, "GD20260316022");
    n.parties[0].phone.clear();
    CHECK(w.engine.commands().create_case_sync(w.clerk, n).status().reason() == "MISSING_REQUESTER");
    n = order_request(w, "GD20260316022");
    n.channel = Channel::kPhone;
    CHECK(w.engine.commands().create_case_sync(w.clerk, n).status().reason() == "NOT_A_HOTLINE_ORDER");
    n = order_request(w, "GD20260316022");
    n.kind = CaseKind::kIncident;
    n.category_code = "INC.ENV.RUBBISH";
    CHECK(w.engine.commands().create_case_sync(w.clerk, n).status().reason() == "NOT_A_HOTLINE_ORDER");
  }
  SECTION("forbidden steps") {
    Case c = dispatched(w, "GD20260316023");
    Status s = refused(w, w.clerk, callback(w, c.id, true, true));  // before the reply
    CHECK(s.reason() == "TRANSITION_NOT_ALLOWED");
    CHECK(refused(w, w.community_handler, step(w, A::kReplyOrder, c.id)).reason() == "NOT_SIGNED");
    CaseCommand resolve = step(w, A::kResolve, c.id);
    resolve.outcome = Outcome::kResolved;
    CHECK(refused(w, w.supervisor, resolve).reason() == "HOTLINE_REPLY_REQUIRED");
    CHECK(refused(w, w.community_handler, step(w, A::kAppealRating, c.id)).reason() == "NO_RATING");
    ok(w, w.community_handler, A::kSignOrder, c.id);
    CHECK(refused(w, w.community_handler, step(w, A::kSignOrder, c.id)).reason() == "ALREADY_SIGNED");
    // A handler does not decide returns; the desk does.
    ok(w, w.community_handler, A::kReturnOrder, c.id);
    CHECK(refused(w, w.community_handler, decide(w, A::kDecideReturn, c.id, true)).code() ==
          Code::kPermissionDenied);
    // Hotline steps belong to hotline orders.
    Case incident = w.case_in(S::kInProgress);
    CHECK(refused(w, w.supervisor, step(w, A::kSignOrder, incident.id)).reason() == "NOT_A_HOTLINE_ORDER");
  }
  SECTION("a stale version") {
    Case c = dispatched(w, "GD20260316024");
    CaseCommand sign = step(w, A::kSignOrder, c.id);
    sign.expected_version = c.version - 1;
    const Status s = refused(w, w.community_handler, sign);
    CHECK(s.code() == Code::kAborted);
    CHECK(s.reason() == "STALE_VERSION");
    CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.hotline.signed_at == 0);
  }
  SECTION("a resent request replays; a reused request_id with other content is refused") {
    Case c = replied(w, "GD20260316025");
    CaseCommand cb = callback(w, c.id, false, false);
    auto first = w.engine.commands().act_sync(w.clerk, cb);
    REQUIRE(first.is_ok());
    auto resent = w.engine.commands().act_sync(w.clerk, cb);
    REQUIRE(resent.is_ok());
    CHECK(resent->replayed);
    CHECK(resent->c.version == first->c.version);
    CHECK(resent->c.reopen_count == 1);
    CaseCommand other = cb;
    other.hotline.satisfied = true;
    CHECK(refused(w, w.clerk, other).reason() == "REQUEST_ID_REUSED");
    CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.hotline.callbacks == 1);
  }
  SECTION("a user outside the subtree sees no order") {
    Case c = dispatched(w, "GD20260316026");
    const Status s = refused(w, w.worker_b, step(w, A::kSignOrder, c.id));
    CHECK(s.code() == Code::kNotFound);
    CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.hotline.signed_at == 0);
  }
}

TEST_CASE("an order's clocks run from the centre's dispatch, not from when it was registered") {
  World w;
  // Two orders dispatched at the same moment: one registered at once, one a day later.
  NewCase first = order_request(w, "GD20260316001");
  first.hotline.dispatched_at = w.clock.now();
  const Case on_time = receive(w, first);
  w.clock.advance(kDay);
  NewCase late = order_request(w, "GD20260316002");
  late.hotline.dispatched_at = first.hotline.dispatched_at;
  const Case entered_late = receive(w, late);
  REQUIRE(on_time.clocks.size() == entered_late.clocks.size());
  for (std::size_t i = 0; i < on_time.clocks.size(); ++i) {
    INFO(name(on_time.clocks[i].kind));
    CHECK(entered_late.clocks[i].deadline == on_time.clocks[i].deadline);  // no time gained
  }
  CHECK(entered_late.created_at == w.clock.now());
  // An order dispatched when the late one was registered has later deadlines.
  NewCase fresh = order_request(w, "GD20260317001");
  fresh.hotline.dispatched_at = w.clock.now();
  const Case dispatched_now = receive(w, fresh);
  CHECK(dispatched_now.clocks.front().deadline > entered_late.clocks.front().deadline);

  // A dispatch time in the future is a typo: refused, and nothing is stored.
  NewCase ahead = order_request(w, "GD20260316003");
  ahead.hotline.dispatched_at = w.clock.now() + kHour;
  auto r = w.engine.commands().create_case_sync(w.clerk, ahead);
  CHECK(r.status().reason() == "DISPATCH_IN_FUTURE");
  CHECK(r.status().message().find("晚于现在") != std::string::npos);
  ahead.hotline.dispatched_at = w.clock.now();
  CHECK(receive(w, ahead).number != entered_late.number);
}
