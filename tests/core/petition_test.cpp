// Petitions (信访工作条例): intake, the acceptance rules with their articles and notices, the
// statutory clocks, the written decision and the review chain, and the accuser's protection.
#include "fixture.hpp"
#include "gridcase/identity.hpp"
#include "gridcase/lifecycle.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;
using S = CaseState;

constexpr TimeMs kDay = 24LL * 3600 * 1000;

// A calendar-day deadline: the starting day is not counted, so `days` days from the midnight
// (Asia/Shanghai) after `from`.
TimeMs due(TimeMs from, int days) {
  constexpr TimeMs kOffset = 8LL * 3600 * 1000;
  return ((from + kOffset) / kDay + 1) * kDay - kOffset + days * kDay;
}
const std::string kPetitioner = "110109197505051111";

NewCase petition_request(World& w, const std::string& matter, const std::string& id_number = kPetitioner) {
  NewCase n = w.new_case(w.grid_a, CaseKind::kPetition, "PET.HOUSING.DEMOLITION");
  n.channel = Channel::kLetter;
  n.title = "反映拆迁补偿问题";
  n.description = "信访人反映河畔小区3号楼拆迁补偿标准过低";
  CaseParty p;
  p.name = "陈明";
  p.phone = "13700001234";
  p.id_number = id_number;
  p.role = PartyRole::kApplicant;
  n.parties = {p};
  n.petition.matter = matter;
  return n;
}

Case register_petition(World& w, NewCase n) {
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
  cmd.reason = "信访人的请求理由";
  if (action == A::kDecidePetition || action == A::kDecideReview || action == A::kDecideReReview) {
    cmd.petition.decision = PetitionDecision::kExplain;
    cmd.petition.basis = "《国有土地上房屋征收与补偿条例》第十九条";
  }
  return cmd;
}

Case ok(World& w, UserId actor, CaseCommand cmd) {
  auto r = w.engine.commands().act_sync(actor, cmd);
  INFO(name(cmd.action) << ": " << r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

const CaseClock& clock_of(const Case& c, ClockKind kind) {
  for (const auto& k : c.clocks) {
    if (k.kind == kind) return k;
  }
  FAIL("no clock " << name(kind));
  return c.clocks.front();
}

// Accepts, dispatches to the community and decides a petition.
Case decided(World& w, CaseId id) {
  ok(w, w.clerk, step(w, A::kAccept, id));
  auto dispatch = step(w, A::kDispatch, id);
  dispatch.unit_id = w.hepan;
  ok(w, w.clerk, dispatch);
  return ok(w, w.clerk, step(w, A::kDecidePetition, id));
}

// The acceptance decision as a clerk makes it: accept, or not accepted with the rule's notice.
Case decide_acceptance(World& w, CaseId id) {
  auto accepted = w.engine.commands().act_sync(w.clerk, step(w, A::kAccept, id));
  if (accepted) return accepted->c;
  REQUIRE(accepted.status().reason() == "PETITION_NOT_ACCEPTABLE");
  return ok(w, w.clerk, step(w, A::kReject, id));
}

void check_not_accepted(World& w, CaseId id, PetitionRule rule, const std::string& article,
                        const std::string& article_zh) {
  auto check = w.engine.queries().check_petition(w.clerk, id);
  REQUIRE(check.is_ok());
  CHECK(check->rule == rule);
  CHECK(check->article == article);
  auto refused = w.engine.commands().act_sync(w.clerk, step(w, A::kAccept, id));
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().code() == Code::kFailedPrecondition);
  CHECK(refused.status().reason() == "PETITION_NOT_ACCEPTABLE");
  CHECK(refused.status().details() == std::vector<std::string>{name(rule), article});

  Case c = decide_acceptance(w, id);
  CHECK(c.state == S::kNotAccepted);
  CHECK(c.petition.not_accepted_rule == rule);
  REQUIRE(c.petition.notices.size() == 1);
  const PetitionNotice& notice = c.petition.notices.back();
  CHECK(notice.kind == NoticeKind::kNotAccepted);
  CHECK(notice.rule == rule);
  CHECK(notice.text.find("不予受理告知书") != std::string::npos);
  CHECK(notice.text.find(article_zh) != std::string::npos);
  CHECK(notice.text.find("陈明") != std::string::npos);
  auto history = w.engine.queries().get_case(w.clerk, id)->history;
  CHECK(history.back().action == A::kReject);
  CHECK(history.back().details.at("article") == article);
  CHECK(history.back().details.at("notice") == "NOT_ACCEPTED");
}

}  // namespace

TEST_CASE("a clean petition is accepted with a written notice and starts its 60-day clock") {
  World w;
  Case c = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kRunning);
  CHECK(clock_of(c, ClockKind::kResponse).deadline == due(c.created_at, 15));
  CHECK(c.petition.intake.received_level == AuthorityLevel::kSubDistrict);

  auto check = w.engine.queries().check_petition(w.clerk, c.id);
  REQUIRE(check.is_ok());
  CHECK(check->rule == PetitionRule::kUnspecified);
  w.clock.advance(2 * kDay);
  c = decide_acceptance(w, c.id);
  CHECK(c.state == S::kAccepted);
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kStopped);
  const CaseClock& resolve = clock_of(c, ClockKind::kResolve);
  CHECK(resolve.run == ClockRun::kRunning);
  CHECK(resolve.deadline == due(resolve.started_at, 60));
  REQUIRE(c.petition.notices.size() == 1);
  CHECK(c.petition.notices[0].kind == NoticeKind::kAccepted);
  CHECK(c.petition.notices[0].text.find("60日内办结") != std::string::npos);
}

TEST_CASE("art. 19: the same matter, being handled in time, brought to a higher level is not accepted") {
  World w;
  Case first = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  ok(w, w.clerk, step(w, A::kAccept, first.id));
  w.clock.advance(10 * kDay);
  NewCase higher = petition_request(w, "河畔小区3号楼拆迁补偿");
  higher.channel = Channel::kOnline;  // another channel, same person and matter
  higher.petition.received_level = AuthorityLevel::kCounty;
  Case second = register_petition(w, higher);
  auto check = w.engine.queries().check_petition(w.clerk, second.id);
  REQUIRE(check.is_ok());
  CHECK(check->related_cases == std::vector<std::string>{first.number});
  check_not_accepted(w, second.id, PetitionRule::kSameMatterPending, "信访工作条例 第十九条",
                     "《信访工作条例》第十九条");

  SECTION("once the handling time has run out, the higher level may accept it") {
    w.clock.advance(51 * kDay);
    NewCase later = petition_request(w, "河畔小区3号楼拆迁补偿");
    later.petition.received_level = AuthorityLevel::kCounty;
    Case third = register_petition(w, later);
    CHECK(w.engine.queries().check_petition(w.clerk, third.id)->rule == PetitionRule::kUnspecified);
  }
  SECTION("another person's petition on the same matter is not affected") {
    NewCase other = petition_request(w, "河畔小区3号楼拆迁补偿", "110108196606062222");
    other.petition.received_level = AuthorityLevel::kCounty;
    Case third = register_petition(w, other);
    CHECK(w.engine.queries().check_petition(w.clerk, third.id)->rule == PetitionRule::kUnspecified);
  }
}

TEST_CASE("art. 20: a claim skipping its own level and the next one up is not accepted") {
  World w;
  NewCase n = petition_request(w, "养老保险待遇");
  n.petition.competent_level = AuthorityLevel::kSubDistrict;
  n.petition.received_level = AuthorityLevel::kCity;
  Case c = register_petition(w, n);
  check_not_accepted(w, c.id, PetitionRule::kSkipsLevels, "信访工作条例 第二十条", "《信访工作条例》第二十条");

  NewCase next_up = petition_request(w, "养老保险待遇", "110108196606062222");
  next_up.petition.received_level = AuthorityLevel::kCounty;  // one level up is allowed
  CHECK(w.engine.queries().check_petition(w.clerk, register_petition(w, next_up).id)->rule == PetitionRule::kUnspecified);
}

TEST_CASE("art. 31: a matter for litigation, arbitration or administrative review is not accepted") {
  World w;
  NewCase n = petition_request(w, "劳动合同解除赔偿");
  n.petition.legal_route = LegalRoute::kArbitration;
  Case c = register_petition(w, n);
  check_not_accepted(w, c.id, PetitionRule::kLegalRoute, "信访工作条例 第三十一条", "《信访工作条例》第三十一条");
  CHECK(w.engine.queries().get_case(w.clerk, c.id)->c.petition.notices[0].text.find("仲裁") != std::string::npos);
}

TEST_CASE("the review chain has its deadlines, and after re-review the same request is not accepted again (art. 36)") {
  World w;
  Case c = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  c = decided(w, c.id);
  CHECK(c.state == S::kResolved);
  CHECK(c.petition.decision == PetitionDecision::kExplain);
  CHECK(clock_of(c, ClockKind::kResolve).run == ClockRun::kStopped);
  const CaseClock& window = clock_of(c, ClockKind::kReviewRequest);
  CHECK(window.run == ClockRun::kRunning);
  CHECK(window.deadline == due(window.started_at, 30));
  CHECK(c.petition.notices.back().kind == NoticeKind::kDecision);
  CHECK(c.petition.notices.back().text.find("30日内") != std::string::npos);

  w.clock.advance(29 * kDay);
  c = ok(w, w.clerk, step(w, A::kRequestReview, c.id));
  CHECK(c.state == S::kUnderReview);
  CHECK(clock_of(c, ClockKind::kReviewRequest).run == ClockRun::kStopped);
  CHECK(clock_of(c, ClockKind::kReview).run == ClockRun::kRunning);
  CHECK(clock_of(c, ClockKind::kReview).deadline == due(w.clock.now(), 30));

  c = ok(w, w.clerk, step(w, A::kDecideReview, c.id));
  CHECK(c.state == S::kReviewed);
  CHECK(clock_of(c, ClockKind::kReview).run == ClockRun::kStopped);
  CHECK(clock_of(c, ClockKind::kReReviewRequest).run == ClockRun::kRunning);

  SECTION("a re-review asked after 30 days is refused") {
    w.clock.advance(31 * kDay);
    auto late = w.engine.commands().act_sync(w.clerk, step(w, A::kRequestReReview, c.id));
    REQUIRE_FALSE(late.is_ok());
    CHECK(late.status().code() == Code::kFailedPrecondition);
    CHECK(late.status().reason() == "REVIEW_WINDOW_PASSED");
    CHECK(w.engine.queries().get_case(w.clerk, c.id)->c.state == S::kReviewed);
  }
  SECTION("re-review concludes the matter; the same request later is not accepted again") {
    c = ok(w, w.clerk, step(w, A::kRequestReReview, c.id));
    CHECK(c.state == S::kUnderReReview);
    CHECK(clock_of(c, ClockKind::kReReview).run == ClockRun::kRunning);
    c = ok(w, w.clerk, step(w, A::kDecideReReview, c.id));
    CHECK(c.state == S::kClosed);
    CHECK(c.petition.concluded);
    CHECK(c.petition.notices.back().kind == NoticeKind::kReReviewDecision);
    CHECK(c.petition.notices.back().text.find("不再受理") != std::string::npos);

    w.clock.advance(400 * kDay);  // next year, another channel and level
    NewCase again = petition_request(w, "河畔小区3号楼拆迁补偿");
    again.channel = Channel::kWalkIn;
    again.petition.received_level = AuthorityLevel::kCounty;
    Case later = register_petition(w, again);
    check_not_accepted(w, later.id, PetitionRule::kAfterReReview, "信访工作条例 第三十六条",
                       "《信访工作条例》第三十六条");
    // Another matter of the same person is accepted.
    Case other = register_petition(w, petition_request(w, "小区绿化被占"));
    CHECK(decide_acceptance(w, other.id).state == S::kAccepted);
  }
}

TEST_CASE("a review asked after 30 days of the decision is refused") {
  World w;
  Case c = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  c = decided(w, c.id);
  w.clock.advance(31 * kDay);
  auto late = w.engine.commands().act_sync(w.clerk, step(w, A::kRequestReview, c.id));
  REQUIRE_FALSE(late.is_ok());
  CHECK(late.status().reason() == "REVIEW_WINDOW_PASSED");
  // The petitioner may still be answered and the case closed.
  CHECK(w.act_ok(w.clerk, A::kClose, c.id).state == S::kClosed);
}

TEST_CASE("the 60-day handling time extends once, by at most 30 days, with a notice to the petitioner") {
  World w;
  Case c = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  c = ok(w, w.clerk, step(w, A::kAccept, c.id));
  const TimeMs deadline = clock_of(c, ClockKind::kResolve).deadline;
  CHECK(deadline == due(clock_of(c, ClockKind::kResolve).started_at, 60));

  auto ask = [&](std::int64_t days) {
    CaseCommand cmd = step(w, A::kRequestExtension, c.id);
    cmd.clock = ClockKind::kResolve;
    cmd.extension_amount = days;
    cmd.reason = "需要会同房屋征收部门重新测算补偿款";
    return w.engine.commands().act_sync(w.clerk, cmd);
  };
  auto too_long = ask(31);
  REQUIRE_FALSE(too_long.is_ok());
  CHECK(too_long.status().reason() == "EXTENSION_TOO_LONG");
  REQUIRE(ask(30).is_ok());
  CaseCommand approve = step(w, A::kDecideExtension, c.id);
  approve.approve = true;
  c = ok(w, w.supervisor, approve);
  CHECK(clock_of(c, ClockKind::kResolve).deadline == deadline + 30 * kDay);
  REQUIRE(c.petition.notices.size() == 2);
  CHECK(c.petition.notices.back().kind == NoticeKind::kExtension);
  CHECK(c.petition.notices.back().text.find("重新测算补偿款") != std::string::npos);

  auto twice = ask(5);
  REQUIRE_FALSE(twice.is_ok());
  CHECK(twice.status().reason() == "EXTENSION_LIMIT");
}

TEST_CASE("a clerk may accept over a rule with a recorded reason") {
  World w;
  NewCase n = petition_request(w, "劳动合同解除赔偿");
  n.petition.legal_route = LegalRoute::kLitigation;
  Case c = register_petition(w, n);
  CaseCommand cmd = step(w, A::kAccept, c.id);
  cmd.petition.override_rule = true;
  cmd.reason.clear();
  CHECK(w.engine.commands().act_sync(w.clerk, cmd).status().reason() == "MISSING_FIELD");
  cmd.request_id = w.request_id();
  cmd.reason = "信访人系残疾人，经请示街道领导先行受理协调";
  auto r = w.engine.commands().act_sync(w.clerk, cmd);
  REQUIRE(r.is_ok());
  CHECK(r->c.state == S::kAccepted);
  CHECK(r->c.petition.accepted_over == PetitionRule::kLegalRoute);
  CHECK(r->events[0].details.at("override") == "true");
  CHECK(r->events[0].reason == cmd.reason);
}

TEST_CASE("a petition is concluded by a written decision, not a plain resolve") {
  World w;
  Case c = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  ok(w, w.clerk, step(w, A::kAccept, c.id));
  auto dispatch = step(w, A::kDispatch, c.id);
  dispatch.unit_id = w.hepan;
  ok(w, w.clerk, dispatch);
  CHECK(w.act(w.supervisor, A::kResolve, c.id).status().reason() == "PETITION_DECISION_REQUIRED");
  auto no_basis = step(w, A::kDecidePetition, c.id);
  no_basis.petition.basis.clear();
  CHECK(w.engine.commands().act_sync(w.clerk, no_basis).status().reason() == "MISSING_FIELD");
  auto unknown = step(w, A::kDecidePetition, c.id);
  unknown.petition.decision = static_cast<PetitionDecision>(8);
  CHECK(w.engine.commands().act_sync(w.clerk, unknown).status().reason() == "INVALID_ENUM_VALUE");
  CHECK(w.engine.commands().act_sync(w.worker_a, step(w, A::kDecidePetition, c.id)).status().code() == Code::kPermissionDenied);
  // Petition steps belong to petitions.
  Case incident = w.case_in(S::kInProgress);
  CHECK(w.engine.commands().act_sync(w.supervisor, step(w, A::kDecidePetition, incident.id)).status().reason() == "NOT_A_PETITION");
  CHECK(w.engine.queries().check_petition(w.supervisor, incident.id).status().reason() == "NOT_A_PETITION");
}

TEST_CASE("intake records visits in batches and persons; a group visit names at most 5 representatives") {
  World w;
  NewCase group = petition_request(w, "小区停车位分配");
  group.channel = Channel::kWalkIn;
  group.petition.persons = 8;
  for (int i = 0; i < 6; ++i) {
    CaseParty p;
    p.name = "代表" + std::to_string(i + 1);
    const std::string first17 = "1101011980010100" + std::to_string(1 + i);
    p.id_number = first17 + id_check_character(first17);
    p.role = PartyRole::kApplicant;
    group.parties.push_back(p);
  }
  auto none = group;
  CHECK(w.engine.commands().create_case_sync(w.clerk, none).status().reason() == "MISSING_REPRESENTATIVES");
  auto six = group;
  six.request_id = w.request_id();
  six.petition.representatives = {1, 2, 3, 4, 5, 6};
  CHECK(w.engine.commands().create_case_sync(w.clerk, six).status().reason() == "TOO_MANY_REPRESENTATIVES");
  auto five = group;
  five.request_id = w.request_id();
  five.petition.representatives = {1, 2, 3, 4, 5};
  auto r = w.engine.commands().create_case_sync(w.clerk, five);
  REQUIRE(r.is_ok());
  CHECK(r->c.petition.intake.persons == 8);
  CHECK(r->c.petition.intake.representatives.size() == 5);

  NewCase walk_in = petition_request(w, "小区停车位分配", "110108196606062222");
  walk_in.channel = Channel::kWalkIn;
  CHECK(register_petition(w, walk_in).petition.intake.persons == 1);  // one visitor, one batch

  NewCase anonymous = petition_request(w, "小区停车位分配", "");
  CHECK(w.engine.commands().create_case_sync(w.clerk, anonymous).status().reason() == "PETITIONER_NOT_IDENTIFIED");
  NewCase not_petition = w.new_case(w.grid_a);
  not_petition.petition.matter = "x";
  CHECK(w.engine.commands().create_case_sync(w.clerk, not_petition).status().reason() == "NOT_A_PETITION");
  NewCase bad_level = petition_request(w, "x");
  bad_level.petition.received_level = static_cast<AuthorityLevel>(9);
  CHECK(w.engine.commands().create_case_sync(w.clerk, bad_level).status().reason() == "INVALID_ENUM_VALUE");
}

TEST_CASE("the accused unit's people never see the accuser or the accusation (art. 30)") {
  World w;
  NewCase n = petition_request(w, "城管科工作人员违规收费");
  n.title = "反映城管执法问题";
  n.description = "陈明检举城管科某工作人员违规收费";
  n.parties[0].confidential = true;
  n.complained_unit_id = w.department;
  Case c = register_petition(w, n);
  ok(w, w.clerk, step(w, A::kAccept, c.id));
  auto dispatch = step(w, A::kDispatch, c.id);
  dispatch.unit_id = w.department;  // the department must answer for it
  ok(w, w.clerk, dispatch);

  auto seen = w.engine.queries().get_case(w.handler, c.id);
  REQUIRE(seen.is_ok());
  CHECK(seen->c.parties.empty());
  CHECK(seen->c.description.find("陈明") == std::string::npos);
  for (const auto& notice : seen->c.petition.notices) CHECK(notice.text.find("陈") == std::string::npos);
  for (const auto& e : seen->history) {
    for (const auto& [k, v] : e.details) CHECK(v.find("陈明") == std::string::npos);
    CHECK(e.reason.find("陈明") == std::string::npos);
  }
  auto listed = w.engine.queries().list_cases(w.handler, CaseQuery{});
  REQUIRE(listed.is_ok());
  REQUIRE(listed->cases.size() == 1);
  CHECK(listed->cases[0].parties.empty());
  CHECK(listed->cases[0].description.find("陈明") == std::string::npos);
  CHECK(w.engine.queries().reveal_party_sync(w.handler, c.id, 0, "核实").status().code() == Code::kNotFound);

  // The 信访 office still sees who wrote, masked as always.
  auto office = w.engine.queries().get_case(w.clerk, c.id);
  REQUIRE(office->c.parties.size() == 1);
  CHECK(office->c.parties[0].name == "陈*");
  CHECK(office->c.petition.notices[0].text.find("陈*") != std::string::npos);
  CHECK(office->c.petition.notices[0].text.find("陈明") == std::string::npos);
}

TEST_CASE("a person's cases are found by ID number across channels and years, for those who may, audited") {
  World w;
  Case letter = register_petition(w, petition_request(w, "河畔小区3号楼拆迁补偿"));
  w.clock.advance(400 * kDay);
  NewCase visit = petition_request(w, "小区绿化被占");
  visit.channel = Channel::kWalkIn;
  Case later = register_petition(w, visit);
  register_petition(w, petition_request(w, "别人的事", "110108196606062222"));

  auto found = w.engine.queries().cases_of_person_sync(w.clerk, kPetitioner, "受理审查");
  REQUIRE(found.is_ok());
  REQUIRE(found->size() == 2);
  CHECK((*found)[0].id == later.id);
  CHECK((*found)[1].id == letter.id);
  CHECK((*found)[0].parties[0].id_number == "110***********1111");  // still masked

  CHECK(w.engine.queries().cases_of_person_sync(w.worker_a, kPetitioner, "想看看").status().code() == Code::kPermissionDenied);
  CHECK(w.engine.queries().cases_of_person_sync(w.clerk, kPetitioner, "").status().reason() == "MISSING_FIELD");
  CHECK(w.engine.queries().cases_of_person_sync(w.clerk, "", "受理审查").status().reason() == "BAD_ID_NUMBER");
  // Outside one's subtree nothing is found.
  auto other_grid = w.engine.queries().cases_of_person_sync(w.mediator, kPetitioner, "核实");
  REQUIRE(other_grid.is_ok());
  CHECK(other_grid->size() == 2);  // 河畔社区 holds grid A
  const UserId jinghan_clerk = w.user("jinghan_clerk", Role::kIntakeClerk, w.jinghan);
  CHECK(w.engine.queries().cases_of_person_sync(jinghan_clerk, kPetitioner, "核实")->empty());

  auto audit = w.engine.queries().list_audit_sync(w.admin, AuditKind::kReveal, 0, 10);
  REQUIRE(audit.is_ok());
  bool logged = false;
  for (const auto& e : *audit) logged = logged || e.detail.find("110***********1111") != std::string::npos;
  CHECK(logged);
}
