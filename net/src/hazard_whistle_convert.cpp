#include "gridcase/net/hazard_whistle_convert.hpp"

#include <string>

#include "gridcase/net/convert.hpp"

namespace gridcase::net {
namespace {

void to_proto(const ResponsibleParty& in, v1::ResponsibleParty* out) {
  out->set_kind(static_cast<v1::ResponsibleKind>(static_cast<int>(in.kind)));
  out->set_name(in.name);
  out->set_contact(in.contact);
}

Result<ResponsibleParty> from_proto(const v1::ResponsibleParty& in, const char* field) {
  auto kind = enum_from_wire<ResponsibleKind>(in.kind(), static_cast<int>(ResponsibleKind::kBusiness), field);
  if (!kind) return kind.status();
  return ResponsibleParty{*kind, in.name(), in.contact()};
}

}  // namespace

void to_proto(const Hazard& in, v1::Hazard* out) {
  out->set_inspection_id(in.inspection_id);
  out->set_site(in.site);
  out->set_severity(static_cast<v1::HazardSeverity>(static_cast<int>(in.severity)));
  to_proto(in.responsible, out->mutable_responsible());
  out->set_deadline_days(in.deadline_days);
  for (const auto& r : in.rectifications) {
    auto* w = out->add_rectifications();
    w->set_at(r.at);
    w->set_note(r.note);
    for (const auto& e : r.evidence) w->add_evidence(e);
    w->set_by_user_id(r.by);
  }
  for (const auto& r : in.reinspections) {
    auto* w = out->add_reinspections();
    w->set_at(r.at);
    w->set_passed(r.passed);
    w->set_note(r.note);
    w->set_deadline_days(r.deadline_days);
    w->set_by_user_id(r.by);
  }
  out->set_awaiting_reinspection(in.awaiting_reinspection);
  out->set_failed_reinspections(in.failed_reinspections);
}

void to_proto(const Whistle& in, v1::Whistle* out) {
  for (const auto& c : in.calls) {
    auto* w = out->add_calls();
    w->set_department_unit_id(c.department_id);
    w->set_whistled_at(c.whistled_at);
    w->set_report_by(c.report_by);
    w->set_whistled_by_user_id(c.whistled_by);
    w->set_checked_in_at(c.checked_in_at);
    w->set_checked_in_by_user_id(c.checked_in_by);
    w->set_late(c.late);
    w->set_contribution(c.contribution);
    w->set_rating(c.rating);
    w->set_rating_comment(c.rating_comment);
    w->set_rated_by_user_id(c.rated_by);
  }
}

void to_proto(const Inspection& in, v1::Inspection* out) {
  out->set_id(in.id);
  out->set_plan_id(in.plan_id);
  out->set_site_unit_id(in.site_unit_id);
  out->set_site(in.site);
  out->set_inspector_user_id(in.inspector_user_id);
  out->set_state(static_cast<v1::InspectionState>(static_cast<int>(in.state)));
  out->set_due_at(in.due_at);
  out->set_done_at(in.done_at);
  out->set_note(in.note);
  for (const auto& f : in.findings) {
    auto* w = out->add_findings();
    w->set_description(f.description);
    w->set_hazard(f.hazard);
    w->set_category_code(f.category_code);
    w->set_severity(static_cast<v1::HazardSeverity>(static_cast<int>(f.severity)));
    to_proto(f.responsible, w->mutable_responsible());
    w->set_deadline_days(f.deadline_days);
    w->set_case_id(f.case_id);
  }
  out->set_version(in.version);
  out->set_created_at(in.created_at);
}

void to_proto(const InspectionPlan& in, v1::InspectionPlan* out) {
  out->set_id(in.id);
  out->set_site_unit_id(in.site_unit_id);
  out->set_site(in.site);
  out->set_period_days(in.period_days);
  out->set_inspector_user_id(in.inspector_user_id);
  out->set_next_due_at(in.next_due_at);
  out->set_active(in.active);
  out->set_created_by_user_id(in.created_by);
  out->set_created_at(in.created_at);
  out->set_inspections_made(in.inspections_made);
}

Result<InspectionState> inspection_state_from_proto(int value, const char* field) {
  return enum_from_wire<InspectionState>(value, static_cast<int>(InspectionState::kDone), field);
}

Result<InspectionReport> from_proto(const v1::RecordInspectionRequest& in) {
  InspectionReport out;
  out.request_id = in.request_id();
  out.inspection_id = in.inspection_id();
  out.expected_version = in.expected_version();
  out.site_unit_id = in.site_unit_id();
  out.site = in.site();
  out.note = in.note();
  for (const auto& f : in.findings()) {
    Finding finding;
    finding.description = f.description();
    finding.hazard = f.hazard();
    finding.category_code = f.category_code();
    auto severity = enum_from_wire<HazardSeverity>(f.severity(), static_cast<int>(HazardSeverity::kMajor),
                                                   "findings.severity");
    if (!severity) return severity.status();
    finding.severity = *severity;
    auto responsible = from_proto(f.responsible(), "findings.responsible.kind");
    if (!responsible) return responsible.status();
    finding.responsible = *responsible;
    finding.deadline_days = f.deadline_days();
    out.findings.push_back(std::move(finding));
  }
  return out;
}

NewInspectionPlan from_proto(const v1::CreateInspectionPlanRequest& in) {
  NewInspectionPlan out;
  out.request_id = in.request_id();
  out.site_unit_id = in.site_unit_id();
  out.site = in.site();
  out.period_days = in.period_days();
  out.inspector_user_id = in.inspector_user_id();
  out.first_due_at = in.first_due_at();
  return out;
}

}  // namespace gridcase::net
