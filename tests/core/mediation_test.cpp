// People's mediation of disputes (人民调解法): consent, sessions, the agreement and its
// signatures, the judicial confirmation window, follow-up, referral, the RISK escalation and the
// case file.
#include <algorithm>

#include "fixture.hpp"
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

// Drives a dispute to an agreement that has just taken effect.
Case agreed(World& w, Steps& m) {
  w.act_ok(w.mediator, A::kAccept, m.id);
  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  m.ok(w.mediator, m.consent(1, Consent::kAgreed));
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
  FigureService figures{w.engine, w.repo};
  FigureQuery q;
  q.unit_id = w.sub_district;
  q.from_day = shanghai_day(testing::kStart);
  q.to_day = shanghai_day(w.clock.now()) + 1;
  auto table = figures.figures(w.supervisor, q);
  REQUIRE(table.is_ok());
  const FigureCounts& f = table->total;
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
  w.act_ok(w.mediator, A::kAccept, c.id);
  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  m.ok(w.mediator, m.consent(1, Consent::kAgreed));

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
  w.act_ok(w.mediator, A::kAccept, c.id);
  m.ok(w.mediator, m.assign());
  m.ok(w.mediator, m.consent(0, Consent::kAgreed));
  m.ok(w.mediator, m.consent(1, Consent::kAgreed));
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
