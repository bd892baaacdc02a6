#include <catch2/catch.hpp>

#include "gridcase/action_table.hpp"
#include "gridcase/names.hpp"
#include "gridcase/net/action_frames.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/out_frame.hpp"
#include "gridcase/net/subscription_hub.hpp"

using namespace gridcase;
using namespace gridcase::net;

TEST_CASE("every core enumeration value maps to the wire and back unchanged") {
  for (int i = 0; i < kActionCount; ++i) {
    if (!is_action(i)) {
      CHECK_FALSE(action_from_proto(i, "action").is_ok());  // the gap between the groups
      continue;
    }
    auto a = static_cast<Action>(i);
    auto back = action_from_proto(to_proto(a), "action");
    REQUIRE(back.is_ok());
    CHECK(*back == a);
    // The wire names match the core's names.
    if (i != 0) CHECK(v1::Action_Name(to_proto(a)) == std::string("ACTION_") + name(a));
  }
  for (int i = 0; i <= 8; ++i) {
    auto s = static_cast<CaseState>(i);
    auto back = case_state_from_proto(to_proto(s), "state");
    REQUIRE(back.is_ok());
    CHECK(*back == s);
    if (i != 0) CHECK(v1::CaseState_Name(to_proto(s)) == std::string("CASE_STATE_") + name(s));
  }
  for (int i = 0; i <= 5; ++i) {
    auto k = static_cast<CaseKind>(i);
    CHECK(*case_kind_from_proto(to_proto(k), "kind") == k);
  }
  for (int i = 0; i <= 6; ++i) {
    auto r = static_cast<Role>(i);
    CHECK(*role_from_proto(to_proto(r), "role") == r);
  }
  for (int i = 0; i <= 8; ++i) {
    auto t = static_cast<UnitType>(i);
    CHECK(*unit_type_from_proto(to_proto(t), "type") == t);
  }
}

TEST_CASE("an enumeration value the core does not know is refused with INVALID_ARGUMENT") {
  auto k = case_kind_from_proto(42, "kind");
  REQUIRE_FALSE(k.is_ok());
  CHECK(k.status().code() == Code::kInvalidArgument);
  CHECK(k.status().reason() == "UNKNOWN_ENUM_VALUE");
  CHECK(k.status().message().find("kind") != std::string::npos);
  CHECK_FALSE(action_from_proto(kActionCount, "action").is_ok());
  CHECK_FALSE(outcome_from_proto(-1, "outcome").is_ok());

  v1::CreateCaseRequest req;
  req.set_request_id("r1");
  req.set_kind(v1::CASE_KIND_INCIDENT);
  req.set_channel(static_cast<v1::Channel>(77));
  auto nc = from_proto(req);
  REQUIRE_FALSE(nc.is_ok());
  CHECK(nc.status().reason() == "UNKNOWN_ENUM_VALUE");
}

TEST_CASE("a create request maps field by field, an unset priority meaning NORMAL") {
  v1::CreateCaseRequest req;
  req.set_request_id("r1");
  req.set_kind(v1::CASE_KIND_DISPUTE);
  req.set_category_code("DSP.NEIGHBOUR.NOISE");
  req.set_channel(v1::CHANNEL_WALK_IN);
  req.set_title("t");
  req.mutable_location()->set_unit_id(7);
  auto* p = req.add_parties();
  p->set_name("李四");
  p->set_role(v1::PARTY_ROLE_APPLICANT);
  p->set_confidential(true);
  auto nc = from_proto(req);
  REQUIRE(nc.is_ok());
  CHECK(nc->request_id == "r1");
  CHECK(nc->kind == CaseKind::kDispute);
  CHECK(nc->channel == Channel::kWalkIn);
  CHECK(nc->location.unit_id == 7);
  CHECK(nc->priority == Priority::kNormal);
  REQUIRE(nc->parties.size() == 1);
  CHECK(nc->parties[0].role == PartyRole::kApplicant);
  CHECK(nc->parties[0].confidential);
}

TEST_CASE("a lifecycle action becomes a command carrying its own fields") {
  v1::ClientFrame f;
  auto* d = f.mutable_dispatch_case();
  d->mutable_header()->set_request_id("r9");
  d->mutable_header()->set_case_id(12);
  d->mutable_header()->set_expected_version(3);
  d->set_unit_id(44);
  d->set_assignee_user_id(5);
  auto cmd = command_from_frame(f);
  REQUIRE(cmd.is_ok());
  CHECK(cmd->action == Action::kDispatch);
  CHECK(cmd->case_id == 12);
  CHECK(cmd->expected_version == 3);
  CHECK(cmd->unit_id == 44);
  CHECK(cmd->user_id == 5);

  v1::ClientFrame login;
  login.mutable_login();
  CHECK(command_from_frame(login).status().reason() == "UNKNOWN_REQUEST");
  CHECK(call_name(f) == "dispatch_case");
  CHECK(call_name(v1::ClientFrame{}) == "unknown");
}

TEST_CASE("a status becomes a wire error with its code, reason, message and allowed actions") {
  Status st = Status(reason::TRANSITION_NOT_ALLOWED, "cannot close a REPORTED case")
                  .with_details({"ACCEPT", "REJECT", "not-an-action"});
  v1::Error e;
  to_proto(st, &e);
  CHECK(e.code() == 9);
  CHECK(e.reason() == "TRANSITION_NOT_ALLOWED");
  CHECK(e.message() == "cannot close a REPORTED case");
  REQUIRE(e.allowed_actions_size() == 2);
  CHECK(e.allowed_actions(0) == v1::ACTION_ACCEPT);
  CHECK(e.allowed_actions(1) == v1::ACTION_REJECT);
}

TEST_CASE("a refused role becomes a wire error naming the roles that may") {
  Status st = Status(reason::ROLE_MAY_NOT, "a GRID_WORKER may not MERGE cases").with_details({"INTAKE_CLERK", "SUPERVISOR"});
  v1::Error e;
  to_proto(st, &e);
  CHECK(e.code() == 7);
  CHECK(e.allowed_actions_size() == 0);
  REQUIRE(e.allowed_roles_size() == 2);
  CHECK(e.allowed_roles(0) == v1::ROLE_INTAKE_CLERK);
  CHECK(e.allowed_roles(1) == v1::ROLE_SUPERVISOR);
}

TEST_CASE("an event frame built from a shared encoding decodes as the EventPush it stands for") {
  Event e;
  e.seq = 300;
  e.case_id = 17;
  e.case_number = "XC-2026-000017";
  e.action = Action::kEscalate;
  e.from_level = Level::kGrid;
  e.to_level = Level::kCommunity;
  e.reason = std::string(200, 'x');  // lengths over 127 need two-byte varints
  e.details["police_notified"] = "true";
  auto body = SubscriptionHub::encode(e);
  for (std::int64_t id : {1LL, 127LL, 128LL, 1LL << 40}) {
    OutFrame frame = event_frame(id, body);
    CHECK(frame.body == body);  // shared, not copied
    v1::ServerFrame parsed;
    REQUIRE(parsed.ParseFromString(frame.head + *frame.body));
    REQUIRE(parsed.has_event());
    CHECK(parsed.event().subscription_id() == id);
    CHECK(parsed.event().event().seq() == 300);
    CHECK(parsed.event().event().action() == v1::ACTION_ESCALATE);
    CHECK(parsed.event().event().reason() == e.reason);
    CHECK(parsed.event().event().details().at("police_notified") == "true");

    v1::ServerFrame expected;
    expected.mutable_event()->set_subscription_id(id);
    to_proto(e, expected.mutable_event()->mutable_event());
    CHECK(frame.size() == expected.ByteSizeLong());
  }
}

TEST_CASE("a reply frame decodes as the ServerFrame holding that reply") {
  for (std::size_t message_size : {std::size_t{0}, std::size_t{100}, std::size_t{20000}}) {
    v1::Reply reply;
    reply.set_call_id(7);
    reply.mutable_error()->set_message(std::string(message_size, 'x'));  // one- to three-byte lengths
    OutFrame frame = reply_frame(reply);
    v1::ServerFrame parsed;
    REQUIRE(parsed.ParseFromString(frame.head + (frame.body ? *frame.body : std::string())));
    REQUIRE(parsed.has_reply());
    CHECK(parsed.reply().call_id() == 7);
    CHECK(parsed.reply().error().message().size() == message_size);

    v1::ServerFrame expected;
    *expected.mutable_reply() = reply;
    CHECK(frame.size() == expected.ByteSizeLong());
  }
}

TEST_CASE("the deadline enumerations map to the wire and back, ClockRun shifted by one") {
  for (int i = 0; i <= 3; ++i) {
    auto k = static_cast<ClockKind>(i);
    CHECK(static_cast<int>(to_proto(k)) == i);
    CHECK(*clock_kind_from_proto(to_proto(k), "clock") == k);
    if (i != 0) CHECK(v1::ClockKind_Name(to_proto(k)) == std::string("CLOCK_KIND_") + name(k));
    auto c = static_cast<Colour>(i);
    CHECK(*colour_from_proto(to_proto(c), "colour") == c);
    if (i != 0) CHECK(v1::Colour_Name(to_proto(c)) == std::string("COLOUR_") + name(c));
    auto u = static_cast<BudgetUnit>(i);
    CHECK(*budget_unit_from_proto(to_proto(u), "unit") == u);
    if (i != 0) CHECK(v1::BudgetUnit_Name(to_proto(u)) == std::string("BUDGET_UNIT_") + name(u));
  }
  for (int i = 0; i <= 2; ++i) {
    auto e = static_cast<ExpiryAction>(i);
    CHECK(*expiry_action_from_proto(to_proto(e), "on_expiry") == e);
    if (i != 0) CHECK(v1::ExpiryAction_Name(to_proto(e)) == std::string("EXPIRY_ACTION_") + name(e));
  }

  // The core's ClockRun starts at PENDING; the wire keeps 0 for UNSPECIFIED.
  CHECK(to_proto(ClockRun::kUnspecified) == v1::CLOCK_RUN_PENDING);
  CHECK(to_proto(ClockRun::kRunning) == v1::CLOCK_RUN_RUNNING);
  CHECK(to_proto(ClockRun::kPaused) == v1::CLOCK_RUN_PAUSED);
  CHECK(to_proto(ClockRun::kStopped) == v1::CLOCK_RUN_STOPPED);
  for (int i = 0; i <= 3; ++i) {
    auto r = static_cast<ClockRun>(i);
    CHECK(*clock_run_from_proto(to_proto(r), "run") == r);
    CHECK(v1::ClockRun_Name(to_proto(r)) == std::string("CLOCK_RUN_") + name(r));
  }
  CHECK(*clock_run_from_proto(v1::CLOCK_RUN_UNSPECIFIED, "run") == ClockRun::kUnspecified);

  // The new actions have their wire numbers.
  CHECK(to_proto(Action::kRequestExtension) == v1::ACTION_REQUEST_EXTENSION);
  CHECK(to_proto(Action::kDecideExtension) == v1::ACTION_DECIDE_EXTENSION);
  CHECK(to_proto(Action::kClockWarning) == v1::ACTION_CLOCK_WARNING);
  CHECK(to_proto(Action::kClockExpired) == v1::ACTION_CLOCK_EXPIRED);
  CHECK(*action_from_proto(v1::ACTION_CLOCK_EXPIRED, "action") == Action::kClockExpired);
}

TEST_CASE("a deadline enumeration value the core does not know is refused with UNKNOWN_ENUM_VALUE") {
  for (auto st : {clock_kind_from_proto(9, "clock").status(), clock_run_from_proto(5, "run").status(),
                  clock_run_from_proto(-1, "run").status(), colour_from_proto(4, "colour").status(),
                  budget_unit_from_proto(4, "unit").status(),
                  expiry_action_from_proto(3, "on_expiry").status()}) {
    CHECK(st.code() == Code::kInvalidArgument);
    CHECK(st.reason() == "UNKNOWN_ENUM_VALUE");
  }
  CHECK(action_from_proto(kActionCount, "action").status().reason() == "UNKNOWN_ENUM_VALUE");

  v1::ClientFrame f;
  f.mutable_request_extension()->mutable_header()->set_request_id("r1");
  f.mutable_request_extension()->set_clock(static_cast<v1::ClockKind>(9));
  auto cmd = command_from_frame(f);
  REQUIRE_FALSE(cmd.is_ok());
  CHECK(cmd.status().reason() == "UNKNOWN_ENUM_VALUE");
  CHECK(cmd.status().message().find("clock") != std::string::npos);

  v1::DeadlinePolicy p;
  p.set_kind(v1::CASE_KIND_INCIDENT);
  p.add_clocks()->set_on_expiry(static_cast<v1::ExpiryAction>(7));
  auto policy = from_proto(p);
  REQUIRE_FALSE(policy.is_ok());
  CHECK(policy.status().reason() == "UNKNOWN_ENUM_VALUE");
  CHECK(policy.status().message().find("on_expiry") != std::string::npos);
}

TEST_CASE("a case's clocks go out with their colour and remaining time as of the given instant") {
  auto cal = std::make_shared<const WorkingCalendar>(WorkingCalendar::builtin());
  const TimeMs start = 1773626400000LL;  // Monday 2026-03-16 10:00 Asia/Shanghai
  constexpr TimeMs kHour = 3600 * 1000;
  ClockPolicy rule;
  rule.kind = ClockKind::kResolve;
  rule.amount = 4;
  rule.unit = BudgetUnit::kWorkingHours;
  rule.starts_on = Action::kAccept;
  rule.stops_on = Action::kResolve;
  rule.on_expiry = ExpiryAction::kEscalate;

  Case c;
  c.id = 5;
  c.policy_id = 8;
  c.policy_version = 2;
  c.clocks.push_back(start_clock(rule, start, *cal));
  ClockPolicy response = rule;
  response.kind = ClockKind::kResponse;
  response.on_expiry = ExpiryAction::kFlag;
  c.clocks.push_back(pending_clock(response));
  c.extension_clock = ClockKind::kResolve;
  c.extension_ms = 2 * kHour;
  c.extension_requested_by = 3;

  // 10:00 + 4 working hours: 12:00, then 13:30-15:30. 75%: 14:30.
  const TimeMs deadline = start + 5 * kHour + 30 * 60 * 1000;
  const TimeMs warn_at = start + 4 * kHour + 30 * 60 * 1000;
  REQUIRE(c.clocks[0].deadline == deadline);
  REQUIRE(c.clocks[0].warn_at == warn_at);

  v1::Case green;
  to_proto(c, AsOf{start + kHour, cal}, &green);  // 11:00: an hour used
  REQUIRE(green.clocks_size() == 2);
  const auto& k = green.clocks(0);
  CHECK(k.kind() == v1::CLOCK_KIND_RESOLVE);
  CHECK(k.unit() == v1::BUDGET_UNIT_WORKING_HOURS);
  CHECK(k.budget_ms() == 4 * kHour);
  CHECK(k.run() == v1::CLOCK_RUN_RUNNING);
  CHECK(k.deadline() == deadline);
  CHECK(k.warn_at() == warn_at);
  CHECK(k.started_at() == start);
  CHECK(k.colour() == v1::COLOUR_GREEN);
  CHECK(k.remaining_ms() == 3 * kHour);
  CHECK_FALSE(k.provisional());
  CHECK(k.extensions() == 0);
  CHECK(green.clocks(1).kind() == v1::CLOCK_KIND_RESPONSE);
  CHECK(green.clocks(1).run() == v1::CLOCK_RUN_PENDING);
  CHECK(green.colour() == v1::COLOUR_GREEN);
  CHECK(green.policy_id() == 8);
  CHECK(green.policy_version() == 2);
  CHECK(green.extension_clock() == v1::CLOCK_KIND_RESOLVE);
  CHECK(green.extension_ms() == 2 * kHour);
  CHECK(green.extension_requested_by() == 3);

  // The stored colour is still green; the wire tells the colour as of the instant asked.
  v1::Case yellow;
  to_proto(c, AsOf{warn_at + 60 * 1000, cal}, &yellow);
  CHECK(yellow.clocks(0).colour() == v1::COLOUR_YELLOW);
  CHECK(yellow.clocks(0).remaining_ms() == kHour - 60 * 1000);
  CHECK(yellow.colour() == v1::COLOUR_YELLOW);

  v1::Case red;
  to_proto(c, AsOf{deadline + 30 * 60 * 1000, cal}, &red);
  CHECK(red.clocks(0).colour() == v1::COLOUR_RED);
  CHECK(red.clocks(0).remaining_ms() == -30 * 60 * 1000);
  CHECK(red.colour() == v1::COLOUR_RED);

  // The lunch break is not counted.
  v1::Case lunch;
  to_proto(c, AsOf{start + 3 * kHour, cal}, &lunch);  // 13:00
  CHECK(lunch.clocks(0).remaining_ms() == 2 * kHour);

  // A stopped clock no longer colours the case.
  stop_clock(c.clocks[0], deadline + kHour, *cal);
  v1::Case stopped;
  to_proto(c, AsOf{deadline + 2 * kHour, cal}, &stopped);
  CHECK(stopped.clocks(0).run() == v1::CLOCK_RUN_STOPPED);
  CHECK(stopped.colour() == v1::COLOUR_GREEN);
}

TEST_CASE("a deadline policy goes to the wire and back unchanged, an unset warning share meaning 75") {
  for (const auto& policy : default_policies()) {
    v1::DeadlinePolicy wire;
    to_proto(policy, &wire);
    auto back = from_proto(wire);
    REQUIRE(back.is_ok());
    CHECK(back->id == policy.id);
    CHECK(back->version == policy.version);
    CHECK(back->kind == policy.kind);
    CHECK(back->category_code == policy.category_code);
    CHECK(back->priority == policy.priority);
    CHECK(back->basis == policy.basis);
    REQUIRE(back->clocks.size() == policy.clocks.size());
    for (std::size_t i = 0; i < policy.clocks.size(); ++i) {
      const auto& a = policy.clocks[i];
      const auto& b = back->clocks[i];
      CHECK(b.kind == a.kind);
      CHECK(b.amount == a.amount);
      CHECK(b.unit == a.unit);
      CHECK(b.starts_on == a.starts_on);
      CHECK(b.stops_on == a.stops_on);
      CHECK(b.warn_percent == a.warn_percent);
      CHECK(b.on_expiry == a.on_expiry);
    }
  }

  v1::DeadlinePolicy wire;
  wire.set_kind(v1::CASE_KIND_HAZARD);
  wire.set_category_code("HAZ.FIRE");
  wire.set_priority(v1::PRIORITY_URGENT);
  wire.set_basis("消防隐患");
  auto* clock = wire.add_clocks();
  clock->set_kind(v1::CLOCK_KIND_RESOLVE);
  clock->set_amount(2);
  clock->set_unit(v1::BUDGET_UNIT_WORKING_DAYS);
  clock->set_starts_on(v1::ACTION_ACCEPT);
  clock->set_stops_on(v1::ACTION_RESOLVE);
  clock->set_on_expiry(v1::EXPIRY_ACTION_ESCALATE);
  auto policy = from_proto(wire);
  REQUIRE(policy.is_ok());
  CHECK(policy->id == 0);
  CHECK(policy->kind == CaseKind::kHazard);
  CHECK(policy->priority == Priority::kUrgent);
  REQUIRE(policy->clocks.size() == 1);
  CHECK(policy->clocks[0].warn_percent == 75);
  CHECK(policy->clocks[0].unit == BudgetUnit::kWorkingDays);
  CHECK(policy->clocks[0].starts_on == Action::kAccept);
  CHECK(policy->clocks[0].on_expiry == ExpiryAction::kEscalate);
  clock->set_warn_percent(50);
  CHECK(from_proto(wire)->clocks[0].warn_percent == 50);
  // An unset priority is "any", not NORMAL.
  wire.clear_priority();
  CHECK(from_proto(wire)->priority == Priority::kUnspecified);
}

TEST_CASE("the board and the calendar report map field by field") {
  auto cal = std::make_shared<const WorkingCalendar>(WorkingCalendar::builtin());
  Board board;
  Case c;
  c.id = 11;
  c.number = "XC-2026-000011";
  c.level = Level::kCommunity;
  board.cases.push_back(c);
  board.total = BoardCount{4, 1, 2, 3};
  board.children = {BoardCount{5, 1, 0, 2}, BoardCount{6, 0, 2, 1}};
  v1::GetBoardResponse wire;
  to_proto(board, AsOf{1773626400000LL, cal}, &wire);
  REQUIRE(wire.cases_size() == 1);
  CHECK(wire.cases(0).number() == "XC-2026-000011");
  CHECK(wire.cases(0).level() == v1::LEVEL_COMMUNITY);
  CHECK(wire.total().unit_id() == 4);
  CHECK(wire.total().red() == 1);
  CHECK(wire.total().yellow() == 2);
  CHECK(wire.total().escalated() == 3);
  REQUIRE(wire.children_size() == 2);
  CHECK(wire.children(0).unit_id() == 5);
  CHECK(wire.children(0).escalated() == 2);
  CHECK(wire.children(1).unit_id() == 6);
  CHECK(wire.children(1).yellow() == 2);

  CalendarInfo info;
  info.years = {2024, 2025, 2026};
  info.missing_years = {2027};
  info.provisional_clocks = 3;
  v1::CalendarResponse response;
  to_proto(info, &response);
  CHECK(std::vector<int>(response.years().begin(), response.years().end()) == info.years);
  CHECK(std::vector<int>(response.missing_years().begin(), response.missing_years().end()) ==
        info.missing_years);
  CHECK(response.provisional_clocks() == 3);
}

TEST_CASE("extension requests, decisions and urges carry their own fields into the command") {
  v1::ClientFrame ask;
  auto* r = ask.mutable_request_extension();
  r->mutable_header()->set_request_id("x1");
  r->mutable_header()->set_case_id(7);
  r->mutable_header()->set_reason("等待配件");
  r->set_clock(v1::CLOCK_KIND_RESPONSE);
  r->set_amount(2);
  auto cmd = command_from_frame(ask);
  REQUIRE(cmd.is_ok());
  CHECK(cmd->action == Action::kRequestExtension);
  CHECK(cmd->case_id == 7);
  CHECK(cmd->reason == "等待配件");
  CHECK(cmd->clock == ClockKind::kResponse);
  CHECK(cmd->extension_amount == 2);
  CHECK(call_name(ask) == "request_extension");
  r->clear_clock();
  CHECK(command_from_frame(ask)->clock == ClockKind::kUnspecified);  // the engine reads RESOLVE

  v1::ClientFrame decide;
  decide.mutable_decide_extension()->mutable_header()->set_request_id("x2");
  decide.mutable_decide_extension()->mutable_header()->set_case_id(7);
  decide.mutable_decide_extension()->set_approve(true);
  cmd = command_from_frame(decide);
  REQUIRE(cmd.is_ok());
  CHECK(cmd->action == Action::kDecideExtension);
  CHECK(cmd->approve);
  decide.mutable_decide_extension()->set_approve(false);
  CHECK_FALSE(command_from_frame(decide)->approve);

  v1::ClientFrame urge;
  urge.mutable_urge_case()->mutable_header()->set_request_id("x3");
  urge.mutable_urge_case()->set_target_at(1773640800000LL);
  cmd = command_from_frame(urge);
  REQUIRE(cmd.is_ok());
  CHECK(cmd->action == Action::kUrge);
  CHECK(cmd->target_at == 1773640800000LL);
}

TEST_CASE("the complained-about unit maps both ways") {
  v1::CreateCaseRequest req;
  req.set_request_id("r1");
  req.set_complained_unit_id(42);
  auto nc = from_proto(req);
  REQUIRE(nc.is_ok());
  CHECK(nc->complained_unit_id == 42);
  CHECK(from_proto(v1::CreateCaseRequest{})->complained_unit_id == 0);

  Case c;
  c.id = 1;
  c.complained_unit_id = 42;
  v1::Case out;
  to_proto(c, AsOf{0, std::make_shared<const WorkingCalendar>()}, &out);
  CHECK(out.complained_unit_id() == 42);
}

TEST_CASE("audit kinds map to the wire and back, an unknown one refused, and entries field by field") {
  for (int v = 0; v <= static_cast<int>(AuditKind::kWarning); ++v) {
    const auto k = static_cast<AuditKind>(v);
    CHECK(static_cast<int>(to_proto(k)) == v);
    auto back = audit_kind_from_proto(v, "kind");
    REQUIRE(back.is_ok());
    CHECK(*back == k);
  }
  CHECK(v1::AuditKind_descriptor()->value_count() == static_cast<int>(AuditKind::kWarning) + 1);
  auto bad = audit_kind_from_proto(99, "kind");
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().reason() == "UNKNOWN_ENUM_VALUE");
  CHECK(audit_kind_from_proto(-1, "kind").status().reason() == "UNKNOWN_ENUM_VALUE");

  AuditEntry e;
  e.id = 9;
  e.at = 1000;
  e.kind = AuditKind::kReveal;
  e.actor_id = 3;
  e.username = "supervisor";
  e.address = "10.0.0.1";
  e.case_id = 5;
  e.detail = "party 0: 回访核实";
  v1::AuditEntry out;
  to_proto(e, &out);
  CHECK(out.id() == 9);
  CHECK(out.at() == 1000);
  CHECK(out.kind() == v1::AUDIT_KIND_REVEAL);
  CHECK(out.actor_user_id() == 3);
  CHECK(out.username() == "supervisor");
  CHECK(out.address() == "10.0.0.1");
  CHECK(out.case_id() == 5);
  CHECK(out.detail() == "party 0: 回访核实");
}

TEST_CASE("mediation and petition steps map to commands, and unknown values are refused") {
  v1::ClientFrame consent;
  consent.mutable_record_consent()->mutable_header()->set_request_id("r1");
  consent.mutable_record_consent()->mutable_header()->set_case_id(5);
  consent.mutable_record_consent()->set_party_index(1);
  consent.mutable_record_consent()->set_consent(v1::CONSENT_REFUSED);
  consent.mutable_record_consent()->set_referral(v1::REFERRAL_ROUTE_COURT);
  auto cmd = command_from_frame(consent);
  REQUIRE(cmd.is_ok());
  CHECK(cmd->action == Action::kRecordConsent);
  CHECK(cmd->mediation.party_index == 1);
  CHECK(cmd->mediation.consent == Consent::kRefused);
  CHECK(cmd->mediation.referral == ReferralRoute::kCourt);
  consent.mutable_record_consent()->set_consent(static_cast<v1::Consent>(3));
  CHECK(command_from_frame(consent).status().reason() == "UNKNOWN_ENUM_VALUE");

  v1::ClientFrame sign;
  sign.mutable_sign_agreement()->mutable_header()->set_request_id("r2");
  sign.mutable_sign_agreement()->set_mediator_signature(true);
  auto signed_by = command_from_frame(sign);
  REQUIRE(signed_by.is_ok());
  CHECK(signed_by->mediation.mediator_signature);
  CHECK(signed_by->mediation.party_index == -1);  // not party 0

  v1::ClientFrame decide;
  decide.mutable_decide_re_review()->mutable_header()->set_request_id("r3");
  decide.mutable_decide_re_review()->set_decision(v1::PETITION_DECISION_NOT_SUPPORT);
  decide.mutable_decide_re_review()->set_basis("依据");
  auto d = command_from_frame(decide);
  REQUIRE(d.is_ok());
  CHECK(d->action == Action::kDecideReReview);
  CHECK(d->petition.decision == PetitionDecision::kNotSupport);
  CHECK(d->petition.basis == "依据");
  decide.mutable_decide_re_review()->set_decision(static_cast<v1::PetitionDecision>(4));
  CHECK(command_from_frame(decide).status().reason() == "UNKNOWN_ENUM_VALUE");

  v1::ClientFrame accept;
  accept.mutable_accept_case()->mutable_header()->set_request_id("r4");
  accept.mutable_accept_case()->set_override_rule(true);
  CHECK(command_from_frame(accept)->petition.override_rule);

  v1::CreateCaseRequest create;
  create.set_kind(v1::CASE_KIND_PETITION);
  create.set_channel(v1::CHANNEL_LETTER);
  create.mutable_petition()->set_matter("拆迁补偿");
  create.mutable_petition()->set_received_level(v1::AUTHORITY_LEVEL_CITY);
  create.mutable_petition()->add_representatives(2);
  auto nc = from_proto(create);
  REQUIRE(nc.is_ok());
  CHECK(nc->petition.matter == "拆迁补偿");
  CHECK(nc->petition.received_level == AuthorityLevel::kCity);
  CHECK(nc->petition.representatives == std::vector<int>{2});
  create.mutable_petition()->set_legal_route(static_cast<v1::LegalRoute>(4));
  CHECK(from_proto(create).status().reason() == "UNKNOWN_ENUM_VALUE");
}

TEST_CASE("a case carries its mediation or petition record on the wire") {
  const AsOf at{0, std::make_shared<const WorkingCalendar>(WorkingCalendar::builtin())};
  Case c;
  c.kind = CaseKind::kDispute;
  c.mediation.committee_unit_id = 9;
  c.mediation.consents = {Consent::kAgreed};
  c.mediation.has_agreement = true;
  c.mediation.agreement.terms = {{"赔偿", "转账", 5}};
  c.mediation.agreement.party_marks = {SignMark::kThumbprint};
  v1::Case w;
  to_proto(c, at, &w);
  CHECK(w.mediation().committee_unit_id() == 9);
  CHECK(w.mediation().consents(0) == v1::CONSENT_AGREED);
  CHECK(w.mediation().agreement_drafted());
  CHECK(w.mediation().agreement().terms(0).performance() == "转账");
  CHECK(w.mediation().agreement().party_marks(0) == v1::SIGN_MARK_THUMBPRINT);
  CHECK_FALSE(w.has_petition());

  Case p;
  p.kind = CaseKind::kPetition;
  p.petition.notices = {{NoticeKind::kNotAccepted, 3, PetitionRule::kSkipsLevels, "告知书"}};
  v1::Case wp;
  to_proto(p, at, &wp);
  CHECK(wp.petition().notices(0).rule() == v1::PETITION_RULE_SKIPS_LEVELS);
  CHECK(wp.petition().notices(0).text() == "告知书");
  CHECK_FALSE(wp.has_mediation());
}
