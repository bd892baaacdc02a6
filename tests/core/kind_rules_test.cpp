// The kind rules (core/src/kind_rules.hpp): one rules object per kind, found by kind, owning its
// rows of the action table; and their fingerprint parts. Stored fingerprints (request_id replays
// in users' databases) depend on these renderings byte for byte. The expected strings were taken
// from the rules as they stood before they were split into one file per kind; a change here
// breaks every stored fingerprint of such a request.
#include <catch2/catch.hpp>

#include "gridcase/action_table.hpp"
#include "src/case_rules.hpp"
#include "src/kind_rules.hpp"

using namespace gridcase;

namespace {

CaseCommand command(Action a) {
  CaseCommand cmd;
  cmd.action = a;
  cmd.request_id = "r1";
  cmd.case_id = 7;
  return cmd;
}

NewCase intake(CaseKind kind) {
  NewCase r;
  r.request_id = "n1";
  r.kind = kind;
  r.title = "楼道堆物";
  return r;
}

}  // namespace

TEST_CASE("every kind has rules of its own, and unknown kinds get the generic ones") {
  for (CaseKind k : {CaseKind::kDispute, CaseKind::kPetition, CaseKind::kHotline, CaseKind::kHazard,
                     CaseKind::kIncident}) {
    CHECK(rules::kind_rules(k).kind() == k);
  }
  CHECK(&rules::kind_rules(CaseKind::kUnspecified) == &rules::generic_rules());
  CHECK(&rules::kind_rules(static_cast<CaseKind>(99)) == &rules::generic_rules());
}

TEST_CASE("a kind's rules own exactly its rows of the action table, the whistle steps are every kind's") {
  for (const ActionSpec& spec : action_table()) {
    INFO(spec.name);
    const bool whistle = spec.action == Action::kWhistle || spec.action == Action::kCheckIn ||
                         spec.action == Action::kRateDepartment;
    CHECK(rules::whistle_rules().owns_step(spec.action) == whistle);
    if (whistle) CHECK(spec.kinds.empty());
    for (CaseKind k : {CaseKind::kDispute, CaseKind::kPetition, CaseKind::kHotline, CaseKind::kHazard,
                       CaseKind::kIncident}) {
      const bool own_row = spec.kinds.size() == 1 && spec.kinds.front() == k;
      CHECK(rules::kind_rules(k).owns_step(spec.action) == own_row);
    }
  }
}

TEST_CASE("a command without kind fields adds no fingerprint part") {
  CHECK(rules::canonical_step(command(Action::kAccept)) == "");
  CHECK(rules::canonical_step(command(Action::kResolve)) == "");
  // A mediation step always renders its (empty) fields: that is how they were stored.
  CHECK(rules::canonical_step(command(Action::kFollowUp)) == "0|0|-1|0|0|0|0|0|2|0|0:|0:|0:|0:|0:|0:|");
}

TEST_CASE("the fingerprint parts of the mediation steps are pinned") {
  CaseCommand assign = command(Action::kAssignMediation);
  assign.mediation.committee_unit_id = 12;
  assign.mediation.mediators = {31, 32};
  assign.mediation.chosen_by_parties = true;
  CHECK(rules::canonical_step(assign) == "12|1|-1|0|0|0|0|0|31|32|2|0|0:|0:|0:|0:|0:|0:|");

  CaseCommand consent = command(Action::kRecordConsent);
  consent.mediation.party_index = 1;
  consent.mediation.consent = Consent::kRefused;
  consent.mediation.referral = ReferralRoute::kCourt;
  CHECK(rules::canonical_step(consent) == "0|0|1|2|3|0|0|0|2|0|0:|0:|0:|0:|0:|0:|");

  CaseCommand session = command(Action::kRecordSession);
  session.mediation.session.kind = SessionKind::kMediation;
  session.mediation.session.at = 1764300000000;
  session.mediation.session.place = "社区调解室";
  session.mediation.session.attendees = {"张三", "李四"};
  session.mediation.session.record = "双方同意调解";
  CHECK(rules::canonical_step(session) == "0|0|-1|0|0|0|0|0|2|1764300000000|15:社区调解室|18:双方同意调解|6:张三|6:李四|0:|0:|0:|0:|");

  CaseCommand draft = command(Action::kDraftAgreement);
  draft.mediation.agreement.parties_info = "parties";
  draft.mediation.agreement.facts = "facts";
  draft.mediation.agreement.disputed_points = "points";
  draft.mediation.agreement.responsibilities = "duties";
  draft.mediation.agreement.terms = {{"pay 500", "cash", 1764400000000}, {"apologise", "in person", 1764500000000}};
  CHECK(rules::canonical_step(draft) == "0|0|-1|0|0|0|0|0|2|0|0:|0:|7:parties|5:facts|6:points|6:duties|7:pay 500|4:cash|1764400000000|9:apologise|9:in person|1764500000000|");

  CaseCommand sign = command(Action::kSignAgreement);
  sign.mediation.mediator_signature = true;
  CHECK(rules::canonical_step(sign) == "0|0|-1|0|0|0|1|0|2|0|0:|0:|0:|0:|0:|0:|");

  CaseCommand refer = command(Action::kRefer);
  refer.mediation.referral = ReferralRoute::kArbitration;
  CHECK(rules::canonical_step(refer) == "0|0|-1|0|1|0|0|0|2|0|0:|0:|0:|0:|0:|0:|");
}

TEST_CASE("the fingerprint parts of the petition steps are pinned") {
  CaseCommand decide = command(Action::kDecidePetition);
  decide.petition.decision = PetitionDecision::kExplain;
  decide.petition.basis = "《信访工作条例》第三十二条";
  CHECK(rules::canonical_step(decide) == "0|2|39:《信访工作条例》第三十二条|");

  CaseCommand accept = command(Action::kAccept);
  accept.petition.override_rule = true;
  CHECK(rules::canonical_step(accept) == "1|0|0:|");
}

TEST_CASE("the fingerprint parts of the hotline steps are pinned") {
  CaseCommand contact = command(Action::kFirstContact);
  contact.hotline.contacted_at = 1764300000000;
  contact.hotline.method = ContactMethod::kPhone;
  contact.hotline.result = "已联系市民";
  CHECK(rules::canonical_step(contact) == "47:hotline|1764300000000|1|15:已联系市民|0|0||");

  CaseCommand callback = command(Action::kRecordCallback);
  callback.hotline.solved = true;
  CHECK(rules::canonical_step(callback) == "19:hotline|0|0|0:|1|0||");
}

TEST_CASE("the fingerprint parts of the hazard steps are pinned") {
  CaseCommand report = command(Action::kReportRectification);
  report.hazard.evidence = {"att-1", "att-2"};
  CHECK(rules::canonical_step(report) == "0|0|5:att-1|5:att-2|");

  CaseCommand reinspect = command(Action::kReinspect);
  reinspect.hazard.deadline_days = 10;
  CHECK(rules::canonical_step(reinspect) == "0|10|");
}

TEST_CASE("the fingerprint parts of the whistle steps are pinned") {
  CaseCommand whistle = command(Action::kWhistle);
  whistle.whistle.departments = {41, 42};
  whistle.whistle.report_by = 1764300000000;
  CHECK(rules::canonical_step(whistle) == "whistle|1764300000000|0|0|41,42,");

  CaseCommand rate = command(Action::kRateDepartment);
  rate.whistle.department_id = 41;
  rate.whistle.rating = 4;
  CHECK(rules::canonical_step(rate) == "whistle|0|41|4|");
}

TEST_CASE("every kind's fingerprint part joins in a fixed order") {
  // A command carrying the fields of every kind (whatever its action) renders them in the order
  // mediation, petition, hotline, hazard, whistle.
  CaseCommand all = command(Action::kRecordSession);
  all.mediation.session.place = "p";
  all.petition.decision = PetitionDecision::kSupport;
  all.hotline.satisfied = true;
  all.hazard.passed = true;
  all.whistle.department_id = 3;
  CHECK(rules::canonical_step(all) == "0|0|-1|0|0|0|0|0|2|0|1:p|0:|0:|0:|0:|0:|0|1|0:|19:hotline|0|0|0:|0|1||1|0|whistle|0|3|0|");
  all.action = Action::kComment;
  CHECK(rules::canonical_step(all) == "0|1|0:|19:hotline|0|0|0:|0|1||1|0|whistle|0|3|0|");
}

TEST_CASE("the fingerprint parts of intakes are pinned") {
  CHECK(rules::canonical_intake(intake(CaseKind::kDispute)) == "");
  CHECK(rules::canonical_intake(intake(CaseKind::kIncident)) == "");
  CHECK(rules::canonical_intake(intake(CaseKind::kHotline)) == "");
  CHECK(rules::canonical_intake(intake(CaseKind::kHazard)) == "");
  // A petition renders its intake even when empty.
  CHECK(rules::canonical_intake(intake(CaseKind::kPetition)) == "0:|0|0|0|0|");

  NewCase petition = intake(CaseKind::kPetition);
  petition.petition.matter = "征地补偿";
  petition.petition.received_level = AuthorityLevel::kCounty;
  petition.petition.competent_level = AuthorityLevel::kSubDistrict;
  petition.petition.legal_route = LegalRoute::kLitigation;
  petition.petition.persons = 6;
  petition.petition.representatives = {0, 2};
  CHECK(rules::canonical_intake(petition) == "12:征地补偿|2|1|1|6|0|2|");

  NewCase hotline = intake(CaseKind::kHotline);
  hotline.hotline.order_no = "GD20261128000123";
  hotline.hotline.deadline_class = HotlineDeadlineClass::kUrgent;
  hotline.hotline.dispatched_at = 1764300000000;
  CHECK(rules::canonical_intake(hotline) == "hotline|16:GD20261128000123|1|1764300000000|");

  NewCase hazard = intake(CaseKind::kHazard);
  hazard.hazard.inspection_id = 9;
  hazard.hazard.site = "3号楼";
  hazard.hazard.severity = HazardSeverity::kMajor;
  hazard.hazard.responsible = {ResponsibleKind::kBusiness, "便利店", "13800000000"};
  hazard.hazard.deadline_days = 7;
  CHECK(rules::canonical_intake(hazard) == "9|7:3号楼|2|2|9:便利店|11:13800000000|7|");

  // Only the case's own kind renders its intake: other kinds' fields are refused by the checks,
  // never rendered.
  NewCase mixed = hotline;
  mixed.petition = petition.petition;
  mixed.hazard = hazard.hazard;
  CHECK(rules::canonical_intake(mixed) == rules::canonical_intake(hotline));
  mixed.kind = CaseKind::kDispute;
  CHECK(rules::canonical_intake(mixed) == "");
}

TEST_CASE("a new case carrying other kinds' intake fields is refused for the first of hotline, hazard, petition") {
  NewCase r;
  r.request_id = "n1";
  r.kind = CaseKind::kDispute;
  r.title = "t";
  r.hotline.order_no = "GD1";
  r.hazard.site = "3号楼";
  r.petition.matter = "m";
  CHECK(rules::check_intake(r).reason() == "NOT_A_HOTLINE_ORDER");
  r.hotline = {};
  CHECK(rules::check_intake(r).reason() == "NOT_A_HAZARD");
  r.hazard = {};
  CHECK(rules::check_intake(r).reason() == "NOT_A_PETITION");
  r.petition = {};
  CHECK(rules::check_intake(r).is_ok());
  // A petition's own intake is checked after the other kinds' fields are refused.
  r.kind = CaseKind::kPetition;
  r.hazard.site = "3号楼";
  CHECK(rules::check_intake(r).reason() == "NOT_A_HAZARD");
  r.hazard = {};
  CHECK(rules::check_intake(r).reason() == "PETITIONER_NOT_IDENTIFIED");
}
