// Early warnings (warning.hpp): repeat contact, hot spot, group matter and petition risk raised
// as cases are written, stalled cases by the deadline rounds (on the fake clock), each once while
// its condition holds and again only after it clears; handling through the pipeline, audited;
// the versioned thresholds; scope and masking.
#include <catch2/catch.hpp>

#include <functional>

#include "fixture.hpp"
#include "gridcase/access.hpp"
#include "gridcase/names.hpp"

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

// ---------------------------------------------------------------------------- group matters,
// petition risk, stalled cases

namespace {

// A valid ID number (its check digit computed) of person `n` (0..4999), born in May 1975.
std::string id_of(int n) {
  std::string id = "1101091975050" + std::to_string(5000 + n);
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return id + "10X98765432"[sum % 11];
}

// A petition on `matter` from the person with `id_number` (phone from the same digits).
NewCase petition(World& w, const std::string& matter, const std::string& id_number, int persons = 0) {
  NewCase n = w.new_case(w.grid_a, CaseKind::kPetition, "PET.HOUSING.DEMOLITION");
  n.channel = persons > 0 ? Channel::kWalkIn : Channel::kLetter;
  n.title = "反映拆迁补偿问题";
  n.description = "信访人反映拆迁补偿标准过低";
  n.location.address = "";
  CaseParty p;
  p.name = "陈明";
  p.phone = "137" + id_number.substr(9, 8);
  p.id_number = id_number;
  p.role = PartyRole::kApplicant;
  n.parties = {p};
  n.petition.matter = matter;
  n.petition.persons = persons;
  if (persons >= 5) n.petition.representatives = {0};
  return n;
}

Case act(World& w, UserId actor, CaseCommand cmd) {
  auto r = w.engine.commands().act_sync(actor, cmd);
  INFO(name(cmd.action) << ": " << r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

std::vector<Warning> listed(World& w, WarningKind kind) {
  WarningFilter f;
  f.kinds = {kind};
  auto found = w.engine.queries().list_warnings(w.supervisor, 0, f);
  REQUIRE(found.is_ok());
  return *found;
}

WarningPolicy policy_with(World& w, std::function<void(WarningPolicy&)> change) {
  WarningPolicy p;
  change(p);
  auto set = w.engine.admin().set_warning_policy_sync(w.admin, p);
  INFO(set.status().to_string());
  REQUIRE(set.is_ok());
  return *set;
}

}  // namespace

TEST_CASE("a visit of five people on one matter raises one group-matter warning, and four do not") {
  World w;
  create(w, petition(w, "河畔小区3号楼拆迁补偿", id_of(1111), 4));
  CHECK(raised_of(w, WarningKind::kGroupMatter).empty());

  World v;
  const Case visit = create(v, petition(v, "河畔小区3号楼拆迁补偿", id_of(1111), 5));
  auto raised = raised_of(v, WarningKind::kGroupMatter);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].count == 5);
  CHECK(raised[0].threshold == 5);
  CHECK(raised[0].unit_id == v.grid_a);
  CHECK(raised[0].case_ids == std::vector<CaseId>{visit.id});
  CHECK(raised[0].subject.find("河畔小区3号楼拆迁补偿") != std::string::npos);
  CHECK(raised[0].subject.find(id_of(1111)) == std::string::npos);

  // From a threshold of three on, a visit of three raises; the visit of four before did not.
  policy_with(w, [](WarningPolicy& p) { p.group_persons = 3; });
  CHECK(raised_of(w, WarningKind::kGroupMatter).empty());
  create(w, petition(w, "北岸华庭二期供热", id_of(2222), 3));
  raised = raised_of(w, WarningKind::kGroupMatter);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].threshold == 3);
  CHECK(raised[0].policy_version == 1);
}

TEST_CASE("petitions on one matter add up their people, each petitioner once, and raise again only after clearing") {
  World w;
  const std::string matter = "金源郦都停车位捆绑销售";
  create(w, petition(w, matter, id_of(1), 2));
  create(w, petition(w, matter, id_of(2)));  // a letter: one person
  w.clock.advance(3 * kDay);
  create(w, petition(w, matter, id_of(1), 2));  // the same petitioner again: not more people
  create(w, petition(w, "另一事项", id_of(3), 3));  // another matter: its own count
  CHECK(raised_of(w, WarningKind::kGroupMatter).empty());
  const Case fifth = create(w, petition(w, matter, id_of(4), 2));
  auto raised = raised_of(w, WarningKind::kGroupMatter);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].count == 5);
  CHECK(raised[0].case_ids == std::vector<CaseId>{fifth.id});

  // More people while it holds: the same warning grows.
  w.clock.advance(kDay);
  create(w, petition(w, matter, id_of(5)));
  CHECK(raised_of(w, WarningKind::kGroupMatter).size() == 1);
  REQUIRE(listed(w, WarningKind::kGroupMatter).size() == 1);
  CHECK(listed(w, WarningKind::kGroupMatter).front().count == 6);

  // A quiet month and more: it has cleared. Four people do not raise; the fifth does.
  w.clock.advance(40 * kDay);
  create(w, petition(w, matter, id_of(1), 4));
  CHECK(raised_of(w, WarningKind::kGroupMatter).size() == 1);
  create(w, petition(w, matter, id_of(6)));
  CHECK(raised_of(w, WarningKind::kGroupMatter).size() == 2);
}

TEST_CASE("cases merged into one are one matter: five people among them raise one group-matter warning") {
  World w;
  const Case parent = create(w, contact(w, w.grid_a, "13900010000", "河畔路1号"));
  auto merge = [&](int i) {
    const Case child = create(w, contact(w, w.grid_a, "1390001000" + std::to_string(i), "河畔路1号"));
    CaseCommand cmd;
    cmd.action = Action::kMerge;
    cmd.request_id = w.request_id();
    cmd.case_id = child.id;
    cmd.into_case_id = parent.id;
    act(w, w.supervisor, cmd);
  };
  for (int i = 1; i <= 3; ++i) merge(i);
  CHECK(raised_of(w, WarningKind::kGroupMatter).empty());
  merge(4);
  auto raised = raised_of(w, WarningKind::kGroupMatter);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].count == 5);
  CHECK(raised[0].case_ids.size() == 5);
  CHECK(raised[0].case_ids.front() == parent.id);
  merge(5);
  CHECK(raised_of(w, WarningKind::kGroupMatter).size() == 1);
  CHECK(listed(w, WarningKind::kGroupMatter).front().count == 6);
}

TEST_CASE("a petition brought above its competent level raises a petition-risk warning once while it holds") {
  World w;
  create(w, petition(w, "河畔小区3号楼拆迁补偿", id_of(1111)));  // at its own level
  CHECK(raised_of(w, WarningKind::kPetitionRisk).empty());

  NewCase higher = petition(w, "河畔小区3号楼拆迁补偿", id_of(1111));
  higher.petition.received_level = AuthorityLevel::kCounty;
  const Case first = create(w, higher);
  auto raised = raised_of(w, WarningKind::kPetitionRisk);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].subject.find("越级访") == 0);
  CHECK(raised[0].subject.find(id_of(1111)) == std::string::npos);
  CHECK(raised[0].party_index == 0);
  CHECK(raised[0].case_ids == std::vector<CaseId>{first.id});

  // The same person and matter above its level again within the window: the same warning.
  w.clock.advance(5 * kDay);
  NewCase again = petition(w, "河畔小区3号楼拆迁补偿", id_of(1111));
  again.petition.received_level = AuthorityLevel::kCity;
  create(w, again);
  CHECK(raised_of(w, WarningKind::kPetitionRisk).size() == 1);
  CHECK(listed(w, WarningKind::kPetitionRisk).front().count == 2);

  // After the window it has cleared: the next one raises anew.
  w.clock.advance(31 * kDay);
  again.request_id = w.request_id();
  create(w, again);
  CHECK(raised_of(w, WarningKind::kPetitionRisk).size() == 2);

  // From then on only two levels above count.
  policy_with(w, [](WarningPolicy& p) { p.petition_levels_above = 2; });
  NewCase county = petition(w, "北岸华庭供热", id_of(2222));
  county.petition.received_level = AuthorityLevel::kCounty;
  create(w, county);
  CHECK(raised_of(w, WarningKind::kPetitionRisk).size() == 2);
  NewCase city = petition(w, "北岸华庭供热", id_of(2222));
  city.petition.received_level = AuthorityLevel::kCity;
  create(w, city);
  raised = raised_of(w, WarningKind::kPetitionRisk);
  REQUIRE(raised.size() == 3);
  CHECK(raised.back().policy_version == 1);
}

TEST_CASE("the same matter brought again by the same person after its final decision raises a petition-risk warning") {
  World w;
  const std::string matter = "河畔小区3号楼拆迁补偿";
  const Case earlier = create(w, petition(w, matter, id_of(1111)));
  auto step = [&](Action a) {
    CaseCommand cmd = w.command(a, earlier.id);
    if (a == Action::kDispatch) cmd.unit_id = w.hepan;
    if (a == Action::kDecidePetition) {
      cmd.petition.decision = PetitionDecision::kExplain;
      cmd.petition.basis = "《国有土地上房屋征收与补偿条例》第十九条";
    }
    return act(w, w.clerk, cmd);
  };
  step(Action::kAccept);
  step(Action::kDispatch);
  // Still being handled: not final.
  create(w, petition(w, matter, id_of(1111)));
  CHECK(raised_of(w, WarningKind::kPetitionRisk).empty());
  step(Action::kDecidePetition);
  // Decided, within the 30 days to ask for a review: not final yet.
  create(w, petition(w, matter, id_of(1111)));
  CHECK(raised_of(w, WarningKind::kPetitionRisk).empty());
  // The review window has run out: the decision stands. Another person, or another matter,
  // raises nothing.
  w.clock.advance(32 * kDay);
  create(w, petition(w, matter, id_of(3333)));
  create(w, petition(w, "另一事项", id_of(1111)));
  CHECK(raised_of(w, WarningKind::kPetitionRisk).empty());
  const Case repeat = create(w, petition(w, matter, id_of(1111)));
  auto raised = raised_of(w, WarningKind::kPetitionRisk);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].subject.find("重复访") == 0);
  CHECK(raised[0].subject.find(earlier.number) != std::string::npos);
  CHECK(raised[0].case_ids == std::vector<CaseId>{repeat.id});
}

TEST_CASE("an open case with no event for five working days raises one stalled warning, and an event clears it") {
  World w;  // Monday 2026-03-16, 10:00 in Shanghai
  const Case c = w.create(w.worker_a, w.grid_a);
  const Case closed = w.create(w.worker_a, w.grid_a);
  act(w, w.supervisor, w.command(Action::kReject, closed.id));
  auto round = [&] { REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok()); };

  // Five working days after Monday end with the next Monday: still quiet, not yet stalled.
  w.clock.advance(7 * kDay + 13 * 3600 * 1000);  // Monday 23:00
  round();
  CHECK(raised_of(w, WarningKind::kStalled).empty());
  w.clock.advance(2 * 3600 * 1000);  // Tuesday 01:00
  round();
  auto raised = raised_of(w, WarningKind::kStalled);
  REQUIRE(raised.size() == 1);  // the case not accepted is not watched
  CHECK(raised[0].case_ids == std::vector<CaseId>{c.id});
  CHECK(raised[0].unit_id == w.grid_a);
  CHECK(raised[0].count == 5);
  CHECK(raised[0].threshold == 5);
  CHECK(raised[0].holds_until == 0);
  CHECK(raised[0].subject.find(c.number) == 0);

  // It stays stalled: later rounds raise nothing more.
  w.clock.advance(3 * kDay);
  round();
  CHECK(raised_of(w, WarningKind::kStalled).size() == 1);

  // An event clears it; five more quiet working days raise a new one.
  act(w, w.supervisor, w.command(Action::kAccept, c.id));
  CHECK(listed(w, WarningKind::kStalled).front().holds_until == w.clock.now());
  w.clock.advance(5 * kDay);
  round();
  CHECK(raised_of(w, WarningKind::kStalled).size() == 1);
  w.clock.advance(3 * kDay);
  round();
  CHECK(raised_of(w, WarningKind::kStalled).size() == 2);
}

TEST_CASE("stalled counts working days on the calendar and a new threshold applies from the next round") {
  World w;
  // Friday 2026-04-03, before the Qingming holiday (April 4 to 6).
  w.clock.set(kStart + 18 * kDay);
  const Case c = w.create(w.worker_a, w.grid_a);
  auto round = [&] { REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok()); };
  // Five working days after Friday: April 7 to 10 and 13; Monday the 13th ends them.
  w.clock.set(kStart + 28 * kDay + 13 * 3600 * 1000);  // Monday April 13, 23:00
  round();
  CHECK(raised_of(w, WarningKind::kStalled).empty());
  policy_with(w, [](WarningPolicy& p) { p.stalled_working_days = 3; });
  round();
  auto raised = raised_of(w, WarningKind::kStalled);
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].case_ids == std::vector<CaseId>{c.id});
  CHECK(raised[0].threshold == 3);
  CHECK(raised[0].count == 4);
  CHECK(raised[0].policy_version == 1);
}

TEST_CASE("a suspended case does not stall, and resumed it counts from the resumption") {
  World w;
  const Case c = w.create(w.worker_a, w.grid_a);
  act(w, w.supervisor, w.command(Action::kAccept, c.id));
  act(w, w.supervisor, w.command(Action::kSuspend, c.id));
  auto round = [&] { REQUIRE(w.engine.deadlines().run_due(w.clock.now()).is_ok()); };
  w.clock.advance(14 * kDay);
  round();
  CHECK(raised_of(w, WarningKind::kStalled).empty());
  act(w, w.supervisor, w.command(Action::kResume, c.id));  // Monday March 30
  w.clock.advance(4 * kDay);
  round();
  CHECK(raised_of(w, WarningKind::kStalled).empty());
  w.clock.advance(5 * kDay);  // Wednesday April 8: March 31, April 1 to 3 and 7 (Qingming between)
  round();
  CHECK(raised_of(w, WarningKind::kStalled).size() == 1);
}
