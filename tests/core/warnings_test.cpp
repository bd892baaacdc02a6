// Early warnings (warning.hpp): repeat contact and hot spot raised as cases are written, once
// while their condition holds and again only after it clears; handling through the pipeline,
// audited; the versioned thresholds; scope and masking.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "gridcase/access.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

constexpr TimeMs kDay = 24LL * 3600 * 1000;

// A case of `category` at `address` in `where`, from a person reachable at `phone` (empty: no
// party).
NewCase contact(World& w, UnitId where, const std::string& phone, const std::string& address,
                const std::string& category = "INC.ENV.RUBBISH") {
  NewCase c = w.new_case(where, CaseKind::kIncident, category);
  c.location.address = address;
  c.parties.clear();
  if (!phone.empty()) {
    CaseParty p;
    p.name = "李四";
    p.phone = phone;
    p.role = PartyRole::kReporter;
    c.parties.push_back(p);
  }
  return c;
}

Case create(World& w, NewCase c) {
  auto r = w.engine.commands().create_case_sync(w.supervisor, std::move(c));
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

std::vector<Warning> raised_of(World& w, WarningKind kind) {
  std::lock_guard<std::mutex> lock(w.sink.mu);
  std::vector<Warning> out;
  for (const auto& x : w.sink.warnings) {
    if (x.kind == kind) out.push_back(x);
  }
  return out;
}

}  // namespace

TEST_CASE("a person contacting three times in 30 days raises one repeat-contact warning, masked") {
  World w;
  // Different addresses and categories: only the person repeats.
  create(w, contact(w, w.grid_a, "13900001111", "河畔路1号", "INC.ENV.RUBBISH"));
  w.clock.advance(3 * kDay);
  create(w, contact(w, w.grid_b, "139-0000-1111", "河畔路2号", "INC.ENV.RUBBISH"));
  CHECK(raised_of(w, WarningKind::kRepeatContact).empty());  // below the threshold
  w.clock.advance(3 * kDay);
  const Case third = create(w, contact(w, w.grid_a, "13900001111", "河畔路3号", "INC.ENV.RUBBISH"));
  auto raised = raised_of(w, WarningKind::kRepeatContact);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].count == 3);
  CHECK(raised[0].threshold == 3);
  CHECK(raised[0].state == WarningState::kOpen);
  CHECK(raised[0].unit_id == w.grid_a);
  CHECK(raised[0].case_ids == std::vector<CaseId>{third.id});
  CHECK(raised[0].subject.find("13900001111") == std::string::npos);
  CHECK(raised[0].subject.find("139****1111") != std::string::npos);
  CHECK(raised[0].key.find("13900001111") == std::string::npos);  // kept as a digest

  // A fourth contact while it holds: the same warning grows, none is raised.
  w.clock.advance(kDay);
  const Case fourth = create(w, contact(w, w.grid_a, "13900001111", "河畔路4号"));
  CHECK(raised_of(w, WarningKind::kRepeatContact).size() == 1);
  auto listed = w.engine.queries().list_warnings(w.supervisor, 0, WarningFilter{});
  REQUIRE(listed.is_ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().count == 4);
  CHECK(listed->front().case_ids == std::vector<CaseId>{third.id, fourth.id});

  // 40 days of quiet: the condition clears. One and two contacts do not raise; the third does.
  w.clock.advance(40 * kDay);
  create(w, contact(w, w.grid_a, "13900001111", "河畔路5号"));
  create(w, contact(w, w.grid_a, "13900001111", "河畔路6号"));
  CHECK(raised_of(w, WarningKind::kRepeatContact).size() == 1);
  create(w, contact(w, w.grid_a, "13900001111", "河畔路7号"));
  CHECK(raised_of(w, WarningKind::kRepeatContact).size() == 2);
}

TEST_CASE("contacts spread wider than the window raise no repeat-contact warning") {
  World w;
  for (int i = 0; i < 4; ++i) {
    create(w, contact(w, w.grid_a, "13900002222", "河畔路" + std::to_string(10 + i) + "号"));
    w.clock.advance(16 * kDay);  // never three within 30 days
  }
  CHECK(raised_of(w, WarningKind::kRepeatContact).empty());
}

TEST_CASE("the same address three times raises a repeat-contact warning about the address") {
  World w;
  for (int i = 0; i < 3; ++i) {
    create(w, contact(w, w.grid_a, "", "金源郦都 3栋 201", i % 2 ? "INC.ENV.RUBBISH" : "INC.ENV.RUBBISH"));
    w.clock.advance(kDay);
  }
  auto raised = raised_of(w, WarningKind::kRepeatContact);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].subject == "地址 金源郦都 3栋 201");
  CHECK(raised[0].party_index == -1);
}

TEST_CASE("a category rising in a grid raises a hot spot at five in a week, measured against its baseline") {
  World w;
  // Four in a week: below the minimum.
  for (int i = 0; i < 4; ++i) create(w, contact(w, w.grid_a, "", ""));
  CHECK(raised_of(w, WarningKind::kHotSpot).empty());
  create(w, contact(w, w.grid_a, "", ""));
  auto raised = raised_of(w, WarningKind::kHotSpot);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].count == 5);
  CHECK(raised[0].threshold == 5);
  CHECK(raised[0].category_code == "INC.ENV.RUBBISH");
  CHECK(raised[0].unit_id == w.grid_a);
  // Another grid's cases are their own count.
  for (int i = 0; i < 4; ++i) create(w, contact(w, w.grid_c, "", ""));
  CHECK(raised_of(w, WarningKind::kHotSpot).size() == 1);

  // A grid whose usual rate is high: 3 a week for four weeks make the threshold 9 a week
  // (300% of 3), not 5.
  World busy;
  for (int week = 0; week < 4; ++week) {
    for (int i = 0; i < 3; ++i) create(busy, contact(busy, busy.grid_b, "", ""));
    busy.clock.advance(7 * kDay);
  }
  CHECK(raised_of(busy, WarningKind::kHotSpot).empty());
  for (int i = 0; i < 8; ++i) create(busy, contact(busy, busy.grid_b, "", ""));
  CHECK(raised_of(busy, WarningKind::kHotSpot).empty());
  create(busy, contact(busy, busy.grid_b, "", ""));
  raised = raised_of(busy, WarningKind::kHotSpot);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].threshold == 9);
  CHECK(raised[0].baseline == Approx(3.0));
}

TEST_CASE("warnings are listed only to supervisors whose scope holds their grid") {
  World w;
  const UserId jinghan_supervisor = w.user("jinghan_sup", Role::kSupervisor, w.jinghan);
  for (int i = 0; i < 3; ++i) create(w, contact(w, w.grid_a, "13900003333", "河畔路" + std::to_string(i) + "号"));
  CHECK(w.engine.queries().list_warnings(w.supervisor, 0, {})->size() == 1);
  CHECK(w.engine.queries().list_warnings(w.hepan_supervisor, 0, {})->size() == 1);
  CHECK(w.engine.queries().list_warnings(jinghan_supervisor, 0, {})->empty());
  const auto id = w.engine.queries().list_warnings(w.supervisor, 0, {})->front().id;
  CHECK(w.engine.queries().get_warning(jinghan_supervisor, id).status().reason() == "WARNING_NOT_FOUND");
  CHECK(w.engine.queries().list_warnings(w.worker_a, 0, {}).status().reason() == "ROLE_MAY_NOT");
  CHECK(w.engine.queries().list_warnings(jinghan_supervisor, w.hepan, {}).status().reason() == "UNIT_NOT_FOUND");
}

TEST_CASE("a warning is handled through the pipeline: acknowledged, dismissed with a reason, audited") {
  World w;
  for (int i = 0; i < 3; ++i) create(w, contact(w, w.grid_a, "13900004444", "河畔路" + std::to_string(i) + "号"));
  const Warning raised = w.engine.queries().list_warnings(w.supervisor, 0, {})->front();

  WarningCommand ack;
  ack.request_id = "ack-1";
  ack.warning_id = raised.id;
  ack.action = WarningAction::kAcknowledge;
  CHECK(w.engine.commands().handle_warning_sync(w.worker_a, ack).status().reason() == "ROLE_MAY_NOT");
  const auto runs = w.engine.mutations_run();
  auto acked = w.engine.commands().handle_warning_sync(w.supervisor, ack);
  REQUIRE(acked.is_ok());
  CHECK(w.engine.mutations_run() - runs == 1);
  CHECK(acked->state == WarningState::kAcknowledged);
  CHECK(acked->version == raised.version + 1);
  // A resend answers without a second step.
  CHECK(w.engine.commands().handle_warning_sync(w.supervisor, ack)->steps.size() == 2);

  WarningCommand dismiss;
  dismiss.request_id = "dismiss-1";
  dismiss.warning_id = raised.id;
  dismiss.action = WarningAction::kDismiss;
  CHECK(w.engine.commands().handle_warning_sync(w.supervisor, dismiss).status().reason() == "MISSING_FIELD");
  dismiss.reason = "已电话核实，为同一户报修不同问题";
  dismiss.expected_version = raised.version;  // stale: the acknowledgement came between
  CHECK(w.engine.commands().handle_warning_sync(w.supervisor, dismiss).status().reason() == "STALE_VERSION");
  dismiss.request_id = "dismiss-2";
  dismiss.expected_version = 0;
  auto dismissed = w.engine.commands().handle_warning_sync(w.supervisor, dismiss);
  REQUIRE(dismissed.is_ok());
  CHECK(dismissed->state == WarningState::kDismissed);
  REQUIRE(dismissed->steps.size() == 3);
  CHECK(dismissed->steps[2].reason == dismiss.reason);
  CHECK(dismissed->steps[2].by == w.supervisor);

  dismiss.request_id = "dismiss-3";
  CHECK(w.engine.commands().handle_warning_sync(w.supervisor, dismiss).status().reason() == "WARNING_SETTLED");

  auto audit = w.engine.queries().list_audit_sync(w.admin, AuditKind::kWarning, 0, 10);
  REQUIRE(audit.is_ok());
  REQUIRE(audit->size() == 2);
  CHECK(audit->front().detail.find("DISMISS") != std::string::npos);
  CHECK(audit->front().actor_id == w.supervisor);
}

TEST_CASE("a warning is made a case, or linked to one") {
  World w;
  for (int i = 0; i < 3; ++i) create(w, contact(w, w.grid_a, "13900005555", "河畔路" + std::to_string(i) + "号"));
  auto person = w.engine.queries().list_warnings(w.supervisor, 0, {})->front();
  REQUIRE(person.party_index == 0);

  WarningCommand make;
  make.request_id = "make-1";
  make.warning_id = person.id;
  make.action = WarningAction::kMakeCase;
  auto made = w.engine.commands().handle_warning_sync(w.supervisor, make);
  REQUIRE(made.is_ok());
  CHECK(made->state == WarningState::kCaseMade);
  REQUIRE(made->case_id != 0);
  auto c = w.engine.queries().get_case(w.supervisor, made->case_id);
  REQUIRE(c.is_ok());
  CHECK(c->c.title.find("预警转办") == 0);
  REQUIRE(c->c.parties.size() == 1);  // the person, masked as always
  CHECK(c->c.parties[0].phone == mask_phone("13900005555"));
  REQUIRE_FALSE(c->history.empty());
  CHECK(c->history.front().details.at("warning_id") == std::to_string(person.id));

  // Five at one place raise a hot spot; link it to the case just made.
  for (int i = 0; i < 2; ++i) create(w, contact(w, w.grid_a, "", ""));
  WarningFilter hot;
  hot.kinds = {WarningKind::kHotSpot};
  auto spot = w.engine.queries().list_warnings(w.supervisor, 0, hot);
  REQUIRE(spot->size() == 1);
  WarningCommand link;
  link.request_id = "link-1";
  link.warning_id = spot->front().id;
  link.action = WarningAction::kLinkCase;
  link.case_id = 999999;
  CHECK(w.engine.commands().handle_warning_sync(w.supervisor, link).status().reason() == "CASE_NOT_FOUND");
  link.request_id = "link-2";
  link.case_id = made->case_id;
  auto linked = w.engine.commands().handle_warning_sync(w.supervisor, link);
  REQUIRE(linked.is_ok());
  CHECK(linked->state == WarningState::kLinked);
  CHECK(linked->case_id == made->case_id);
}

TEST_CASE("the thresholds are versioned, set by admins, and a change applies from then on") {
  World w;
  for (int i = 0; i < 2; ++i) create(w, contact(w, w.grid_a, "13900006666", "河畔路" + std::to_string(i) + "号"));
  CHECK(raised_of(w, WarningKind::kRepeatContact).empty());

  WarningPolicy p;
  p.repeat_count = 2;
  p.basis = "2026年3月综治例会";
  CHECK(w.engine.admin().set_warning_policy_sync(w.supervisor, p).status().reason() == "ROLE_MAY_NOT");
  WarningPolicy bad = p;
  bad.repeat_count = 1;
  CHECK(w.engine.admin().set_warning_policy_sync(w.admin, bad).status().reason() == "BAD_WARNING_POLICY");
  auto set = w.engine.admin().set_warning_policy_sync(w.admin, p);
  REQUIRE(set.is_ok());
  CHECK(set->version == 1);
  // Nothing is raised by the change itself; the next contact of another person, the second,
  // raises under version 1.
  CHECK(raised_of(w, WarningKind::kRepeatContact).empty());
  create(w, contact(w, w.grid_a, "13900007777", "河畔路8号"));
  create(w, contact(w, w.grid_a, "13900007777", "河畔路9号"));
  auto raised = raised_of(w, WarningKind::kRepeatContact);
  REQUIRE_FALSE(raised.empty());
  CHECK(raised.back().policy_version == 1);
  CHECK(raised.back().threshold == 2);

  p.repeat_count = 4;
  REQUIRE(w.engine.admin().set_warning_policy_sync(w.admin, p)->version == 2);
  auto versions = w.engine.queries().warning_policies(w.supervisor);
  REQUIRE(versions.is_ok());
  REQUIRE(versions->size() == 2);
  CHECK(versions->front().repeat_count == 2);
  CHECK(versions->back().repeat_count == 4);
}
