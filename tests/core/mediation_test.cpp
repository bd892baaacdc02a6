// People's mediation of disputes (人民调解法): consent, sessions, the agreement and its
// signatures, the judicial confirmation window, follow-up, referral, the RISK escalation and the
// case file.
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/dossier.hpp"
#include "gridcase/figure_service.hpp"
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

CaseParty party(const std::string& name, PartyRole role, const std::string& id) {
  CaseParty p;
  p.name = name;
  p.phone = "13900001111";
  p.id_number = id;
  p.role = role;
  return p;
}

// A neighbours' dispute in grid A with an applicant, a respondent and a reporter.
Case dispute(World& w) {
  NewCase n = w.new_case(w.grid_a, CaseKind::kDispute, "DSP.NEIGHBOR.LEAK");
  n.title = "楼上漏水纠纷";
  n.description = "302室漏水导致202室天花板受损，双方协商未果，申请调解";
  n.parties = {party("王芳", PartyRole::kApplicant, "110106198001011234"),
               party("李强", PartyRole::kRespondent, "110100198202022345"),
               party("赵网格", PartyRole::kReporter, "")};
  auto r = w.engine.commands().create_case_sync(w.mediator, n);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

struct Steps {
  World& w;
  CaseId id;

  CaseCommand step(A action) {
    CaseCommand cmd;
    cmd.action = action;
    cmd.request_id = w.request_id();
    cmd.case_id = id;
    return cmd;
  }
  Result<CaseResult> run(UserId actor, CaseCommand cmd) { return w.engine.commands().act_sync(actor, cmd); }
  Case ok(UserId actor, CaseCommand cmd) {
    auto r = run(actor, cmd);
    INFO(name(cmd.action) << ": " << r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c;
  }
  CaseCommand assign() {
    auto cmd = step(A::kAssignMediation);
    cmd.mediation.committee_unit_id = w.committee;
    cmd.mediation.mediators = {w.mediator};
    return cmd;
  }
  CaseCommand consent(int party, Consent c, ReferralRoute route = ReferralRoute::kUnspecified) {
    auto cmd = step(A::kRecordConsent);
    cmd.mediation.party_index = party;
    cmd.mediation.consent = c;
    cmd.mediation.referral = route;
    cmd.reason = c == Consent::kRefused ? "被申请人认为应由法院判决" : "";
    return cmd;
  }
  CaseCommand session(SessionKind kind = SessionKind::kMediation) {
    auto cmd = step(A::kRecordSession);
    cmd.mediation.session.kind = kind;
    cmd.mediation.session.at = w.clock.now();
    cmd.mediation.session.place = "河畔社区调解室";
    cmd.mediation.session.attendees = {"王芳", "李强", "调解员"};
    cmd.mediation.session.record = "双方陈述漏水经过，李强同意承担维修费用";
    return cmd;
  }
  CaseCommand agreement() {
    auto cmd = step(A::kDraftAgreement);
    Agreement& a = cmd.mediation.agreement;
    a.parties_info = "申请人王芳，女，202室业主；被申请人李强，男，302室业主";
    a.facts = "302室卫生间防水层破损，漏水致202室天花板受损";
    a.disputed_points = "维修责任和赔偿数额";
    a.responsibilities = "被申请人负漏水的全部责任";
    a.terms = {{"李强修复302室卫生间防水层", "自行请维修单位施工，王芳配合入户查看", w.clock.now() + 10 * kDay},
               {"李强赔偿王芳天花板修复费用2000元", "微信转账一次付清", w.clock.now() + 5 * kDay}};
    return cmd;
  }
  CaseCommand sign_party(int party, SignMark mark) {
    auto cmd = step(A::kSignAgreement);
    cmd.mediation.party_index = party;
    cmd.mediation.mark = mark;
    return cmd;
  }
  CaseCommand sign_mediator() {
    auto cmd = step(A::kSignAgreement);
    cmd.mediation.mediator_signature = true;
    return cmd;
  }
};

const CaseClock* clock_of(const Case& c, ClockKind kind) {
  for (const auto& k : c.clocks) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

// The sub-district's figures from the start of the test until now.
FigureCounts figures_now(World& w) {
  FigureService figures{w.engine, w.repo};
  FigureQuery q;
  q.unit_id = w.sub_district;
  q.from_day = shanghai_day(testing::kStart);
  q.to_day = shanghai_day(w.clock.now()) + 1;
  auto table = figures.figures(w.supervisor, q);
  REQUIRE(table.is_ok());
  return table->total;
}

// Drives a dispute to mediation with both parties' consent.
Case consented(World& w, Steps& m) {
  w.act_ok(w.mediator, A::kAccept, m.id);
  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  return m.ok(w.mediator, m.consent(1, Consent::kAgreed));
}

// Drives a dispute to an agreement that has just taken effect.
Case agreed(World& w, Steps& m) {
  consented(w, m);
  m.ok(w.mediator, m.session());
  m.ok(w.mediator, m.agreement());
  m.ok(w.mediator, m.sign_party(0, SignMark::kSignature));
  m.ok(w.mediator, m.sign_party(1, SignMark::kThumbprint));
  return m.ok(w.mediator, m.sign_mediator());
}

}  // namespace

TEST_CASE("a mediation goes from application to agreement, the judicial confirmation window, follow-up and close") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  c = w.act_ok(w.mediator, A::kAccept, c.id);
  CHECK(c.state == S::kAccepted);

  c = m.ok(w.mediator, m.assign());
  CHECK(c.state == S::kInProgress);
  CHECK(c.handling_unit_id == w.committee);
  CHECK(c.mediation.committee_unit_id == w.committee);
  CHECK(c.mediation.mediators == std::vector<UserId>{w.mediator});

  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  c = m.ok(w.mediator, m.consent(1, Consent::kAgreed));
  CHECK(c.mediation.consents[0] == Consent::kAgreed);
  CHECK(c.mediation.consents[1] == Consent::kAgreed);

  m.ok(w.mediator, m.session(SessionKind::kInvestigation));
  c = m.ok(w.mediator, m.session());
  REQUIRE(c.mediation.sessions.size() == 2);
  CHECK(c.mediation.sessions[1].recorded_by == w.mediator);
  CHECK(c.mediation.sessions[1].attendees.size() == 3);

  c = m.ok(w.mediator, m.agreement());
  CHECK(c.mediation.has_agreement);
  CHECK(c.mediation.agreement.terms.size() == 2);

  // Not effective until every party and the mediator (with the seal) have signed.
  c = m.ok(w.mediator, m.sign_party(0, SignMark::kSignature));
  CHECK(c.state == S::kInProgress);
  c = m.ok(w.mediator, m.sign_mediator());
  CHECK(c.state == S::kInProgress);
  CHECK(c.mediation.agreement.effective_at == 0);
  w.clock.advance(3600 * 1000);
  auto last = m.run(w.mediator, m.sign_party(1, SignMark::kThumbprint));
  REQUIRE(last.is_ok());
  c = last->c;
  CHECK(c.state == S::kResolved);
  CHECK(c.outcome == Outcome::kAgreement);
  CHECK(c.mediation.agreement.effective_at == w.clock.now());
  CHECK(c.mediation.agreement.committee_sealed);
  REQUIRE(last->events.size() == 1);
  CHECK(last->events[0].action == A::kSignAgreement);
  CHECK(last->events[0].to_state == S::kResolved);
  CHECK(last->events[0].details.at("agreement") == "EFFECTIVE");

  // The RESOLVE clock stopped; the 30-day judicial confirmation window runs.
  REQUIRE(clock_of(c, ClockKind::kResolve) != nullptr);
  CHECK(clock_of(c, ClockKind::kResolve)->run == ClockRun::kStopped);
  const CaseClock* window = clock_of(c, ClockKind::kConfirmation);
  REQUIRE(window != nullptr);
  CHECK(window->run == ClockRun::kRunning);
  CHECK(window->unit == BudgetUnit::kCalendarDays);
  CHECK(window->deadline == due(window->started_at, 30));

  // Closing needs a follow-up on performance first.
  auto early = w.act(w.mediator, A::kClose, c.id);
  REQUIRE_FALSE(early.is_ok());
  CHECK(early.status().reason() == "FOLLOW_UP_REQUIRED");

  auto fu = m.step(A::kFollowUp);
  fu.mediation.performed = true;
  fu.reason = "回访王芳：防水已修复，赔偿款已收到";
  c = m.ok(w.mediator, fu);
  REQUIRE(c.mediation.follow_ups.size() == 1);
  CHECK(c.mediation.follow_ups[0].performed);

  c = w.act_ok(w.mediator, A::kClose, c.id);
  CHECK(c.state == S::kClosed);
  CHECK(c.outcome == Outcome::kAgreement);

  // In the figures: a dispute settled (化解矛盾) by the agreement, settled by the community's
  // committee, not by the grid, though it never left grid level.
  CHECK(c.level == Level::kGrid);
  const FigureCounts f = figures_now(w);
  CHECK(f[Figure::kDisputesResolved] == 1);
  CHECK(f[Figure::kClosedAtGrid] == 0);
  CHECK(f[Figure::kClosedAtCommunity] == 1);
}

TEST_CASE("a party's refusal stops the mediation and closes the case as referred") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);
  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));

  SECTION("a refusal without a referral is refused and changes nothing") {
    auto r = m.run(w.mediator, m.consent(1, Consent::kRefused));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().reason() == "MISSING_REFERRAL");
    CHECK(w.engine.queries().get_case(w.mediator, c.id)->c.state == S::kInProgress);
  }
  SECTION("with the referral the case closes as REFERRED") {
    auto r = m.run(w.mediator, m.consent(1, Consent::kRefused, ReferralRoute::kCourt));
    REQUIRE(r.is_ok());
    CHECK(r->c.state == S::kClosed);
    CHECK(r->c.outcome == Outcome::kReferred);
    CHECK(r->c.mediation.referral == ReferralRoute::kCourt);
    CHECK(r->c.mediation.consents[1] == Consent::kRefused);
    CHECK(r->events[0].details.at("referral") == "COURT");
    for (const auto& k : r->c.clocks) CHECK(k.run != ClockRun::kRunning);
    // Nothing more happens to it.
    auto more = m.run(w.mediator, m.session());
    CHECK(more.status().reason() == "TRANSITION_NOT_ALLOWED");
  }
}

TEST_CASE("mediation sessions and the agreement need every party's consent") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);

  auto before_assign = m.run(w.mediator, m.consent(0, Consent::kAgreed));
  CHECK(before_assign.status().reason() == "TRANSITION_NOT_ALLOWED");  // ACCEPTED: assign first

  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  auto session = m.run(w.mediator, m.session());
  REQUIRE_FALSE(session.is_ok());
  CHECK(session.status().reason() == "CONSENT_MISSING");
  auto draft = m.run(w.mediator, m.agreement());
  CHECK(draft.status().reason() == "CONSENT_MISSING");
  // The investigation may go ahead before consent.
  CHECK(m.run(w.mediator, m.session(SessionKind::kInvestigation)).is_ok());
  // A reporter is not a party to the dispute: no consent of theirs is asked or taken.
  auto reporter = m.run(w.mediator, m.consent(2, Consent::kAgreed));
  CHECK(reporter.status().reason() == "BAD_PARTY");
  auto nobody = m.run(w.mediator, m.consent(7, Consent::kAgreed));
  CHECK(nobody.status().reason() == "BAD_PARTY");
}

TEST_CASE("an agreement needs the fields of art. 29 and cannot be signed before it is drafted") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  consented(w, m);

  CHECK(m.run(w.mediator, m.sign_party(0, SignMark::kSeal)).status().reason() == "NO_AGREEMENT");
  auto no_facts = m.agreement();
  no_facts.mediation.agreement.facts.clear();
  CHECK(m.run(w.mediator, no_facts).status().reason() == "MISSING_FIELD");
  auto no_terms = m.agreement();
  no_terms.mediation.agreement.terms.clear();
  CHECK(m.run(w.mediator, no_terms).status().reason() == "MISSING_TERMS");
  auto no_due = m.agreement();
  no_due.mediation.agreement.terms[0].due_at = 0;
  CHECK(m.run(w.mediator, no_due).status().reason() == "MISSING_FIELD");
  auto unknown_mark = m.sign_party(0, static_cast<SignMark>(9));
  CHECK(m.run(w.mediator, unknown_mark).status().reason() == "INVALID_ENUM_VALUE");

  m.ok(w.mediator, m.agreement());
  m.ok(w.mediator, m.sign_party(0, SignMark::kSeal));
  CHECK(m.run(w.mediator, m.sign_party(0, SignMark::kSeal)).status().reason() == "ALREADY_SIGNED");
  // A redraft voids the signatures given to the old text.
  Case redrafted = m.ok(w.mediator, m.agreement());
  CHECK(redrafted.mediation.agreement.party_marks[0] == SignMark::kUnspecified);
  // Only a mediator of the case signs for the committee; a dispute is not resolved by hand as an
  // agreement.
  CHECK(m.run(w.supervisor, m.sign_mediator()).status().reason() == "NOT_THE_MEDIATOR");
  auto by_hand = w.command(A::kResolve, c.id);
  by_hand.outcome = Outcome::kAgreement;
  CHECK(w.engine.commands().act_sync(w.mediator, by_hand).status().reason() == "AGREEMENT_NOT_EFFECTIVE");
}

TEST_CASE("the committee and mediators must be real and within reach") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);
  auto not_committee = m.assign();
  not_committee.mediation.committee_unit_id = w.department;
  CHECK(m.run(w.mediator, not_committee).status().reason() == "BAD_COMMITTEE");
  auto not_mediator = m.assign();
  not_mediator.mediation.mediators = {w.worker_a};
  CHECK(m.run(w.mediator, not_mediator).status().reason() == "BAD_MEDIATOR");
  auto none = m.assign();
  none.mediation.mediators.clear();
  CHECK(m.run(w.mediator, none).status().reason() == "BAD_MEDIATORS");
  // A committee of another community is out of a community mediator's reach.
  const UnitId other = w.unit(w.jinghan, UnitType::kMediationCommittee, "MC2", "京汉社区人民调解委员会");
  auto far = m.assign();
  far.mediation.committee_unit_id = other;
  CHECK(m.run(w.mediator, far).status().code() == Code::kNotFound);
  // The sub-district committee serves every community below it; the parties may choose.
  const UnitId sd_committee = w.unit(w.sub_district, UnitType::kMediationCommittee, "MC0", "新城街道人民调解委员会");
  auto chosen = m.assign();
  chosen.mediation.committee_unit_id = sd_committee;
  chosen.mediation.chosen_by_parties = true;
  Case assigned = m.ok(w.supervisor, chosen);
  CHECK(assigned.mediation.chosen_by_parties);
  CHECK(assigned.handling_unit_id == sd_committee);
}

TEST_CASE("mediation steps are for disputes, and only mediators and supervisors take them") {
  World w;
  Case incident = w.case_in(S::kAccepted);
  Steps on_incident{w, incident.id};
  auto wrong_kind = on_incident.run(w.supervisor, on_incident.assign());
  CHECK(wrong_kind.status().reason() == "NOT_A_DISPUTE");

  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);
  CHECK(m.run(w.worker_a, m.assign()).status().code() == Code::kPermissionDenied);
  CHECK(m.run(w.community_handler, m.assign()).status().code() == Code::kPermissionDenied);
  // A grid worker of another grid does not even see the case.
  CHECK(m.run(w.worker_b, m.assign()).status().code() == Code::kNotFound);
}

TEST_CASE("mediation steps are idempotent, check the version, and refuse a reused request id") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  c = w.act_ok(w.mediator, A::kAccept, c.id);
  auto assign = m.assign();
  assign.expected_version = c.version;
  auto first = m.run(w.mediator, assign);
  REQUIRE(first.is_ok());
  auto again = m.run(w.mediator, assign);
  REQUIRE(again.is_ok());
  CHECK(again->replayed);
  CHECK(again->c.version == first->c.version);

  auto consent = m.consent(0, Consent::kAgreed);
  consent.request_id = assign.request_id;  // the same key for different content
  CHECK(m.run(w.mediator, consent).status().reason() == "REQUEST_ID_REUSED");
  auto first_consent = m.consent(0, Consent::kAgreed);
  REQUIRE(m.run(w.mediator, first_consent).is_ok());
  auto other_party = first_consent;  // the same key, the same step, another party
  other_party.mediation.party_index = 1;
  CHECK(m.run(w.mediator, other_party).status().reason() == "REQUEST_ID_REUSED");
  auto stale = m.consent(0, Consent::kAgreed);
  stale.expected_version = c.version;  // before the assignment
  CHECK(m.run(w.mediator, stale).status().reason() == "STALE_VERSION");
  auto unknown = m.consent(0, static_cast<Consent>(7));
  CHECK(m.run(w.mediator, unknown).status().reason() == "INVALID_ENUM_VALUE");
  CHECK(w.engine.queries().get_case(w.mediator, c.id)->c.version == first->c.version + 1);
}

TEST_CASE("a dispute at risk escalates with reason RISK only once the police were told (art. 25)") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);
  m.ok(w.mediator, m.assign());
  auto risk = w.command(A::kEscalate, c.id);
  risk.escalation_reason = EscalationReason::kRisk;
  risk.reason = "被申请人扬言报复，双方亲属聚集";
  auto untold = w.engine.commands().act_sync(w.mediator, risk);
  REQUIRE_FALSE(untold.is_ok());
  CHECK(untold.status().reason() == "POLICE_NOT_NOTIFIED");

  risk.request_id = w.request_id();
  risk.police_notified = true;
  auto r = w.engine.commands().act_sync(w.mediator, risk);
  REQUIRE(r.is_ok());
  CHECK(r->c.level == Level::kCommunity);
  CHECK(r->c.mediation.risk);
  CHECK(r->c.mediation.police_notified);
  CHECK(r->events[0].details.at("escalation_reason") == "RISK");
  CHECK(r->events[0].details.at("police_notified") == "true");
}

TEST_CASE("a failed mediation is referred, or reopened and taken up by the sub-district committee") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  c = agreed(w, m);
  REQUIRE(c.state == S::kResolved);
  auto fu = m.step(A::kFollowUp);
  fu.mediation.performed = false;
  fu.reason = "李强拒不支付赔偿款";
  m.ok(w.mediator, fu);
  c = w.act_ok(w.supervisor, A::kReopen, c.id);
  CHECK(c.state == S::kInProgress);
  const UnitId sd_committee = w.unit(w.sub_district, UnitType::kMediationCommittee, "MC0", "新城街道人民调解委员会");
  auto esc = w.command(A::kEscalate, c.id);
  c = w.engine.commands().act_sync(w.supervisor, esc)->c;
  auto assign = m.assign();
  assign.mediation.committee_unit_id = sd_committee;
  c = m.ok(w.supervisor, assign);
  CHECK(c.handling_unit_id == sd_committee);

  auto refer = m.step(A::kRefer);
  refer.reason = "二次调解不成";
  CHECK(m.run(w.supervisor, refer).status().reason() == "INVALID_ENUM_VALUE");  // no route
  refer.mediation.referral = ReferralRoute::kCourt;
  c = m.ok(w.supervisor, refer);
  CHECK(c.state == S::kClosed);
  CHECK(c.outcome == Outcome::kReferred);
  CHECK(c.mediation.referral_note == "二次调解不成");
}

TEST_CASE("the case file holds every section, escaped, and prints one section per sheet") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  consented(w, m);
  auto investigation = m.session(SessionKind::kInvestigation);
  investigation.mediation.session.record = "现场查看：202室天花板有<水渍>约2平方米";
  m.ok(w.mediator, investigation);
  m.ok(w.mediator, m.session());
  m.ok(w.mediator, m.agreement());
  m.ok(w.mediator, m.sign_party(0, SignMark::kSignature));
  m.ok(w.mediator, m.sign_party(1, SignMark::kThumbprint));
  m.ok(w.mediator, m.sign_mediator());
  auto fu = m.step(A::kFollowUp);
  fu.mediation.performed = true;
  fu.reason = "已履行完毕";
  m.ok(w.mediator, fu);

  auto html = w.engine.queries().dossier(w.mediator, c.id);
  REQUIRE(html.is_ok());
  for (const char* section : {"id=\"application\"", "id=\"intake\"", "id=\"investigation\"",
                              "id=\"mediation\"", "id=\"agreement\"", "id=\"follow-up\"", "id=\"closing\""}) {
    CHECK(html->find(section) != std::string::npos);
  }
  for (const char* title : {"人民调解申请书", "人民调解受理登记表", "调查笔录", "调解笔录", "人民调解协议书",
                            "回访记录", "司法确认"}) {
    CHECK(html->find(title) != std::string::npos);
  }
  CHECK(html->find("page-break-after") != std::string::npos);
  CHECK(html->find("&lt;水渍&gt;") != std::string::npos);
  CHECK(html->find("<水渍>") == std::string::npos);
  CHECK(html->find("李强赔偿王芳天花板修复费用2000元") != std::string::npos);
  CHECK(html->find("河畔社区人民调解委员会") != std::string::npos);
  // Personal data stays masked in the file as everywhere else.
  CHECK(html->find("110106198001011234") == std::string::npos);
  CHECK(html->find("110***********1234") != std::string::npos);

  // Not for other kinds; not for those who cannot see the case.
  Case incident = w.case_in(S::kAccepted);
  CHECK(w.engine.queries().dossier(w.supervisor, incident.id).status().reason() == "NOT_A_DISPUTE");
  CHECK(w.engine.queries().dossier(w.worker_b, c.id).status().code() == Code::kNotFound);
}

TEST_CASE("an empty case file says what is missing") {
  World w;
  Case c = dispute(w);
  auto html = w.engine.queries().dossier(w.mediator, c.id);
  REQUIRE(html.is_ok());
  CHECK(html->find("（无调解笔录）") != std::string::npos);
  CHECK(html->find("（无调解协议）") != std::string::npos);
  CHECK(html->find("（无回访记录）") != std::string::npos);
}

TEST_CASE("a grid worker refers a dispute to the community's committee in one step, and its mediators take it up") {
  World w;
  const UserId member = w.user("mc_member", Role::kMediator, w.committee);
  NewCase n = w.new_case(w.grid_a, CaseKind::kDispute, "DSP.NEIGHBOR.NOISE");
  n.title = "楼上噪音纠纷";
  n.parties = {party("王芳", PartyRole::kApplicant, "110106198001011234"),
               party("李强", PartyRole::kRespondent, "110100198202022345")};
  auto created = w.engine.commands().create_case_sync(w.worker_a, n);
  REQUIRE(created.is_ok());
  Steps s{w, created->c.id};
  // Before it is referred, the committee's own members do not see it.
  CHECK(w.engine.queries().get_case(member, s.id).status().reason() == "CASE_NOT_FOUND");

  // 申请调解 with no committee named: the one of the case's community.
  const Case referred = s.ok(w.worker_a, s.step(A::kRequestMediation));
  CHECK(referred.state == S::kAccepted);
  CHECK(referred.handling_unit_id == w.committee);
  CHECK(referred.mediation.committee_unit_id == w.committee);
  for (const auto& k : referred.clocks) {
    INFO(name(k.kind));
    if (k.stops_on == A::kAccept) CHECK(k.run == ClockRun::kStopped);
    if (k.starts_on == A::kAccept) CHECK(k.run == ClockRun::kRunning);
  }
  auto history = w.engine.queries().get_case(member, s.id);
  REQUIRE(history.is_ok());
  CHECK(history->history.back().action == A::kRequestMediation);
  CHECK(history->history.back().details.at("committee") == "河畔社区人民调解委员会");
  CaseQuery mine;
  mine.kinds = {CaseKind::kDispute};
  auto listed = w.engine.queries().list_cases(member, mine);
  REQUIRE(listed.is_ok());
  CHECK(std::any_of(listed->cases.begin(), listed->cases.end(), [&](const Case& c) { return c.id == s.id; }));

  // A member of the committee takes it up.
  auto take = s.assign();
  take.mediation.mediators = {member};
  CHECK(s.ok(member, take).state == S::kInProgress);
}

TEST_CASE("a referral to mediation names a committee within reach, on a dispute the worker sees") {
  World w;
  const UnitId other = w.unit(w.jinghan, UnitType::kMediationCommittee, "MC2", "京汉社区人民调解委员会");
  Steps s{w, dispute(w).id};
  auto to = [&](UnitId committee) {
    auto cmd = s.step(A::kRequestMediation);
    cmd.mediation.committee_unit_id = committee;
    return cmd;
  };
  CHECK(s.run(w.worker_a, to(other)).status().reason() == "UNIT_NOT_FOUND");
  CHECK(s.run(w.worker_a, to(w.grid_b)).status().reason() == "BAD_COMMITTEE");
  CHECK(s.run(w.worker_b, to(w.committee)).status().reason() == "CASE_NOT_FOUND");
  CHECK(s.run(w.handler, to(w.committee)).status().reason() == "CASE_NOT_FOUND");
  // A community with no committee of its own: the worker must name one.
  const UnitId grid_c_case = [&] {
    NewCase n = w.new_case(w.grid_c, CaseKind::kDispute, "DSP.NEIGHBOR.NOISE");
    n.title = "京汉噪音纠纷";
    return w.engine.commands().create_case_sync(w.supervisor, n)->c.id;
  }();
  Steps elsewhere{w, grid_c_case};
  w.engine.admin().update_unit_sync(kSystemActor, UnitUpdate{other, "", 0, true});
  CHECK(elsewhere.run(w.supervisor, elsewhere.step(A::kRequestMediation)).status().reason() == "MISSING_FIELD");
  // Only disputes go to mediation.
  Case order = w.create(w.supervisor, w.grid_a);
  Steps plain{w, order.id};
  CHECK(plain.run(w.supervisor, plain.step(A::kRequestMediation)).status().reason() == "NOT_A_DISPUTE");
}

namespace {

// A dispute taken to an effective agreement, followed up and closed.
Case closed_by_agreement(World& w, Steps& m) {
  agreed(w, m);
  auto fu = m.step(A::kFollowUp);
  fu.mediation.performed = true;
  fu.reason = "回访：已按期履行";
  m.ok(w.mediator, fu);
  return w.act_ok(w.mediator, A::kClose, m.id);
}

bool offers(World& w, UserId user, CaseId id, Action a) {
  auto d = w.engine.queries().get_case(user, id);
  REQUIRE(d.is_ok());
  return std::find(d->actions_now.begin(), d->actions_now.end(), a) != d->actions_now.end();
}

}  // namespace

TEST_CASE("an agreement not performed after closing is mediated again, with its reason, and counted") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  c = closed_by_agreement(w, m);
  REQUIRE(c.state == S::kClosed);
  CHECK(offers(w, w.mediator, c.id, A::kAgreementNotPerformed));
  CHECK_FALSE(offers(w, w.worker_a, c.id, A::kAgreementNotPerformed));
  CHECK(figures_now(w)[Figure::kDisputesResolved] == 1);

  auto np = m.step(A::kAgreementNotPerformed);
  SECTION("it says which way: mediated again or referred, and why") {
    np.reason = "未履行";
    auto neither = m.run(w.mediator, np);
    CHECK(neither.status().reason() == "MISSING_REFERRAL");
    np.mediation.remediate = true;
    np.mediation.referral = ReferralRoute::kCourt;
    CHECK(m.run(w.mediator, np).status().reason() == "MISSING_REFERRAL");
    np.mediation.referral = ReferralRoute::kUnspecified;
    np.reason = "";
    auto no_reason = m.run(w.mediator, np);
    CHECK(no_reason.status().code() == Code::kInvalidArgument);
    CHECK(w.engine.queries().get_case(w.mediator, c.id)->c.state == S::kClosed);
  }
  SECTION("mediated again: back in progress with its committee, then settled anew") {
    w.clock.advance(7 * kDay);
    np.mediation.remediate = true;
    np.reason = "李强未按期赔偿2000元，双方同意再次调解";
    auto r = m.run(w.mediator, np);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    c = r->c;
    CHECK(c.state == S::kInProgress);
    CHECK(c.outcome == Outcome::kUnspecified);
    CHECK(c.handling_unit_id == w.committee);
    REQUIRE(c.mediation.not_performed.size() == 1);
    CHECK(c.mediation.not_performed[0].remediate);
    CHECK(c.mediation.not_performed[0].note == "李强未按期赔偿2000元，双方同意再次调解");
    CHECK(r->events[0].from_state == S::kClosed);
    CHECK(r->events[0].reason == "李强未按期赔偿2000元，双方同意再次调解");
    FigureCounts f = figures_now(w);
    CHECK(f[Figure::kAgreementsNotPerformed] == 1);
    CHECK(f[Figure::kClosed] == 0);  // open again until it is settled again
    CHECK(f[Figure::kDisputesResolved] == 0);

    // A new agreement, signed, followed up (the old follow-up does not count) and closed.
    w.clock.advance(kDay);
    m.ok(w.mediator, m.agreement());
    m.ok(w.mediator, m.sign_party(0, SignMark::kSignature));
    m.ok(w.mediator, m.sign_party(1, SignMark::kSignature));
    m.ok(w.mediator, m.sign_mediator());
    CHECK(w.act(w.mediator, A::kClose, c.id).status().reason() == "FOLLOW_UP_REQUIRED");
    auto fu = m.step(A::kFollowUp);
    fu.mediation.performed = true;
    fu.reason = "再次回访：已履行";
    m.ok(w.mediator, fu);
    c = w.act_ok(w.mediator, A::kClose, c.id);
    f = figures_now(w);
    CHECK(f[Figure::kClosed] == 1);
    CHECK(f[Figure::kDisputesResolved] == 1);
    CHECK(f[Figure::kAgreementsNotPerformed] == 1);
  }
  SECTION("referred to court: stays closed, no longer counted as settled") {
    np.mediation.referral = ReferralRoute::kCourt;
    np.reason = "李强拒不履行，王芳将向人民法院起诉";
    c = m.ok(w.clerk, np);
    CHECK(c.state == S::kClosed);
    CHECK(c.outcome == Outcome::kReferred);
    CHECK(c.mediation.referral == ReferralRoute::kCourt);
    FigureCounts f = figures_now(w);
    CHECK(f[Figure::kClosed] == 1);
    CHECK(f[Figure::kDisputesResolved] == 0);
    CHECK(f[Figure::kAgreementsNotPerformed] == 1);
    // The case file says so.
    auto html = w.engine.queries().dossier(w.mediator, c.id);
    REQUIRE(html.is_ok());
    CHECK(html->find("协议未履行") != std::string::npos);
    CHECK(html->find("李强拒不履行") != std::string::npos);
  }
}

TEST_CASE("only a dispute closed by an effective agreement records that it was not performed") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  w.act_ok(w.mediator, A::kAccept, c.id);
  m.ok(w.mediator, m.assign());
  auto refer = m.step(A::kRefer);
  refer.mediation.referral = ReferralRoute::kCourt;
  refer.reason = "调解不成";
  c = m.ok(w.mediator, refer);
  REQUIRE(c.state == S::kClosed);
  CHECK_FALSE(offers(w, w.mediator, c.id, A::kAgreementNotPerformed));
  auto np = m.step(A::kAgreementNotPerformed);
  np.mediation.remediate = true;
  np.reason = "未履行";
  CHECK(m.run(w.mediator, np).status().reason() == "NOT_SETTLED_BY_AGREEMENT");
}

TEST_CASE("the case file for the archive gives the parties in full, with signature times, and is an audited reveal") {
  World w;
  Case c = dispute(w);
  Steps m{w, c.id};
  consented(w, m);
  auto draft = m.agreement();
  draft.mediation.agreement.party_details = {{"汉族", "教师", "河畔小区3号楼202室"}, {"回族", "个体经营", "河畔小区3号楼302室"}};
  m.ok(w.mediator, draft);
  m.ok(w.mediator, m.sign_party(0, SignMark::kSignature));
  m.ok(w.mediator, m.sign_party(1, SignMark::kThumbprint));
  c = m.ok(w.mediator, m.sign_mediator());
  CHECK(c.mediation.agreement.party_signed_at[0] == w.clock.now());
  CHECK(c.mediation.agreement.mediator_signed_at == w.clock.now());
  // Everyone else sees the details masked.
  CHECK(c.mediation.agreement.party_details[0].address == "***");

  // The working copy: masked, and saying where the rest is.
  auto work = w.engine.queries().dossier(w.mediator, c.id);
  REQUIRE(work.is_ok());
  CHECK(work->find("工作稿") != std::string::npos);
  CHECK(work->find("110106198001011234") == std::string::npos);
  CHECK(work->find("河畔小区3号楼202室") == std::string::npos);
  CHECK(work->find("签名（" + format_shanghai(w.clock.now()) + "）") != std::string::npos);

  // The archive copy: art. 29's basic details in full (sex and age from the ID number).
  auto archive = w.engine.queries().archive_dossier_sync(w.mediator, c.id, "结案归档");
  INFO(archive.status().to_string());
  REQUIRE(archive.is_ok());
  CHECK(archive->find("归档件") != std::string::npos);
  CHECK(archive->find("申请人：王芳，男，46岁，汉族，教师，住址：河畔小区3号楼202室，电话：13900001111，身份证号：110106198001011234") !=
        std::string::npos);
  CHECK(archive->find("被申请人：李强，女，44岁，回族，个体经营") != std::string::npos);
  // The judicial confirmation deadline reads as its last day, not as midnight.
  const CaseClock* window = clock_of(c, ClockKind::kConfirmation);
  REQUIRE(window != nullptr);
  CHECK(archive->find("截止 " + format_deadline_shanghai(window->deadline)) != std::string::npos);
  CHECK(format_deadline_shanghai(window->deadline).find(" 当日") != std::string::npos);
  CHECK(archive->find(format_shanghai(window->deadline)) == std::string::npos);

  // A reveal: on record with its reason; not for a grid worker, and not without a reason.
  auto audit = w.engine.queries().list_audit_sync(w.admin, AuditKind::kReveal, 0, 10);
  REQUIRE(audit.is_ok());
  REQUIRE_FALSE(audit->empty());
  CHECK(audit->front().actor_id == w.mediator);
  CHECK(audit->front().case_id == c.id);
  CHECK(audit->front().detail.find("结案归档") != std::string::npos);
  CHECK(w.engine.queries().archive_dossier_sync(w.worker_a, c.id, "归档").status().reason() == "ROLE_MAY_NOT");
  CHECK(w.engine.queries().archive_dossier_sync(w.mediator, c.id, "").status().code() == Code::kInvalidArgument);
}

TEST_CASE("deadlines at midnight read as their last day") {
  // 2027-01-06 00:00 in Asia/Shanghai is 2027-01-05 16:00 UTC.
  const TimeMs midnight = 1799164800000LL;
  CHECK(format_shanghai(midnight) == "2027-01-06 00:00");
  CHECK(format_deadline_shanghai(midnight) == "2027-01-05 当日");
  CHECK(format_deadline_shanghai(midnight, true) == "2027-01-05, end of day");
  CHECK(format_deadline_shanghai(midnight + 60 * 1000) == "2027-01-06 00:01");
}

TEST_CASE("a party's name or phone finds their cases for the roles that may see personal data, audited") {
  World w;
  Case c = dispute(w);
  PersonKey by_name;
  by_name.name = "李强";
  auto found = w.engine.queries().cases_of_person_sync(w.mediator, by_name, "核查同一当事人的其他纠纷");
  INFO(found.status().to_string());
  REQUIRE(found.is_ok());
  REQUIRE(found->size() == 1);
  CHECK(found->front().id == c.id);
  CHECK(found->front().parties[1].phone == "139****1111");  // presented masked as in lists

  PersonKey by_phone;
  by_phone.phone = "139-0000-1111";  // typed any way
  auto by_tel = w.engine.queries().cases_of_person_sync(w.supervisor, by_phone, "核查来电人");
  REQUIRE(by_tel.is_ok());
  CHECK(by_tel->size() == 1);

  PersonKey nobody;
  nobody.name = "李";  // a name is matched whole, not as a part
  CHECK(w.engine.queries().cases_of_person_sync(w.mediator, nobody, "核查")->empty());

  auto audit = w.engine.queries().list_audit_sync(w.admin, AuditKind::kReveal, 0, 10);
  REQUIRE(audit.is_ok());
  REQUIRE(audit->size() >= 3);
  CHECK(audit->at(0).detail.find("核查") != std::string::npos);
  CHECK(audit->at(1).detail.find("phone 139****1111") != std::string::npos);
  CHECK(audit->at(2).detail.find("party name 李*") != std::string::npos);

  CHECK(w.engine.queries().cases_of_person_sync(w.worker_a, by_name, "好奇").status().reason() == "ROLE_MAY_NOT");
  PersonKey two = by_name;
  two.phone = "13900001111";
  CHECK(w.engine.queries().cases_of_person_sync(w.mediator, two, "核查").status().reason() == "MISSING_FIELD");
  PersonKey bad;
  bad.phone = "12345";
  CHECK(w.engine.queries().cases_of_person_sync(w.mediator, bad, "核查").status().reason() == "BAD_PHONE");
}

TEST_CASE("the case file names the place once") {
  Case c;
  c.kind = CaseKind::kDispute;
  c.number = "XC-2026-000001";
  c.location.unit_id = 5;
  c.location.address = "河畔小区1号楼2单元";
  DossierNames names;
  names.units[5] = "河畔小区1号楼";
  std::string html = render_dossier(c, {}, names, testing::kStart);
  CHECK(html.find("<th>发生地</th><td>河畔小区1号楼2单元</td>") != std::string::npos);
  c.location.address = "2单元502室";
  html = render_dossier(c, {}, names, testing::kStart);
  CHECK(html.find("<th>发生地</th><td>河畔小区1号楼，2单元502室</td>") != std::string::npos);
}
