#include <catch2/catch.hpp>

#include "gridcase/names.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/out_frame.hpp"
#include "gridcase/net/subscription_hub.hpp"

using namespace gridcase;
using namespace gridcase::net;

TEST_CASE("every core enumeration value maps to the wire and back unchanged") {
  for (int i = 0; i < kActionCount; ++i) {
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
  Status st = failed_precondition("TRANSITION_NOT_ALLOWED", "cannot close a REPORTED case")
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
