#include "gridcase/net/action_frames.hpp"

#include <algorithm>

#include "gridcase/net/convert.hpp"

namespace gridcase::net {
namespace {

using F = v1::ClientFrame;

// The header of the request held in the frame's field `Get` (&F::accept_case, ...).
template <auto Get>
const v1::ActionHeader& header_of(const F& frame) {
  return (frame.*Get)().header();
}

template <typename Enum, typename Last>
Status read_enum(int value, Last last, const char* field, Enum& out) {
  auto v = enum_from_wire<Enum>(value, static_cast<int>(last), field);
  if (!v) return v.status();
  out = *v;
  return {};
}

// ---- The actions' own fields ----

Status fill_accept(const F& f, CaseCommand& cmd) {
  cmd.petition.override_rule = f.accept_case().override_rule();
  return {};
}

Status fill_dispatch(const F& f, CaseCommand& cmd) {
  cmd.unit_id = f.dispatch_case().unit_id();
  cmd.user_id = f.dispatch_case().assignee_user_id();
  return {};
}

Status fill_escalate(const F& f, CaseCommand& cmd) {
  const auto& r = f.escalate_case();
  cmd.police_notified = r.police_notified();
  return read_enum(r.escalation_reason(), EscalationReason::kRisk, "escalation_reason", cmd.escalation_reason);
}

Status fill_resolve(const F& f, CaseCommand& cmd) {
  return read_enum(f.resolve_case().outcome(), Outcome::kWithdrawn, "outcome", cmd.outcome);
}

Status fill_merge(const F& f, CaseCommand& cmd) {
  cmd.into_case_id = f.merge_case().into_case_id();
  return {};
}

Status fill_urge(const F& f, CaseCommand& cmd) {
  cmd.target_at = f.urge_case().target_at();
  return {};
}

Status fill_assign_leader(const F& f, CaseCommand& cmd) {
  cmd.user_id = f.assign_leader().leader_user_id();
  return {};
}

Status fill_request_extension(const F& f, CaseCommand& cmd) {
  const auto& r = f.request_extension();
  cmd.extension_amount = r.amount();
  return read_enum(r.clock(), ClockKind::kReReview, "clock", cmd.clock);
}

Status fill_decide_extension(const F& f, CaseCommand& cmd) {
  cmd.approve = f.decide_extension().approve();
  return {};
}

// People's mediation.
Status fill_request_mediation(const F& f, CaseCommand& cmd) {
  cmd.mediation.committee_unit_id = f.request_mediation().committee_unit_id();
  return {};
}

Status fill_assign_mediation(const F& f, CaseCommand& cmd) {
  const auto& r = f.assign_mediation();
  cmd.mediation.committee_unit_id = r.committee_unit_id();
  cmd.mediation.mediators.assign(r.mediator_user_ids().begin(), r.mediator_user_ids().end());
  cmd.mediation.chosen_by_parties = r.chosen_by_parties();
  return {};
}

Status fill_record_consent(const F& f, CaseCommand& cmd) {
  const auto& r = f.record_consent();
  cmd.mediation.party_index = r.party_index();
  GRIDCASE_RETURN_IF_ERROR(read_enum(r.consent(), Consent::kRefused, "consent", cmd.mediation.consent));
  return read_enum(r.referral(), ReferralRoute::kCourt, "referral", cmd.mediation.referral);
}

Status fill_record_session(const F& f, CaseCommand& cmd) {
  const auto& in = f.record_session().session();
  MediationSession& s = cmd.mediation.session;
  GRIDCASE_RETURN_IF_ERROR(read_enum(in.kind(), SessionKind::kMediation, "session.kind", s.kind));
  s.at = in.at();
  s.place = in.place();
  s.attendees.assign(in.attendees().begin(), in.attendees().end());
  s.record = in.record();
  return {};
}

Status fill_draft_agreement(const F& f, CaseCommand& cmd) {
  const auto& in = f.draft_agreement().agreement();
  Agreement& a = cmd.mediation.agreement;
  a.parties_info = in.parties_info();
  a.facts = in.facts();
  a.disputed_points = in.disputed_points();
  a.responsibilities = in.responsibilities();
  for (const auto& t : in.terms()) a.terms.push_back({t.content(), t.performance(), t.due_at()});
  for (const auto& d : in.party_details()) a.party_details.push_back({d.ethnicity(), d.occupation(), d.address()});
  return {};
}

Status fill_sign_agreement(const F& f, CaseCommand& cmd) {
  const auto& r = f.sign_agreement();
  cmd.mediation.mediator_signature = r.mediator_signature();
  cmd.mediation.party_index = r.mediator_signature() ? -1 : r.party_index();
  return read_enum(r.mark(), SignMark::kThumbprint, "mark", cmd.mediation.mark);
}

Status fill_follow_up(const F& f, CaseCommand& cmd) {
  cmd.mediation.performed = f.follow_up().performed();
  return {};
}

Status fill_refer(const F& f, CaseCommand& cmd) {
  return read_enum(f.refer_case().referral(), ReferralRoute::kCourt, "referral", cmd.mediation.referral);
}

Status fill_agreement_not_performed(const F& f, CaseCommand& cmd) {
  const auto& r = f.agreement_not_performed();
  cmd.mediation.remediate = r.remediate();
  return read_enum(r.referral(), ReferralRoute::kCourt, "referral", cmd.mediation.referral);
}

// Petitions: the three decisions carry the same fields.
template <auto Get>
Status fill_decision(const F& f, CaseCommand& cmd) {
  const auto& r = (f.*Get)();
  cmd.petition.basis = r.basis();
  return read_enum(r.decision(), PetitionDecision::kNotSupport, "decision", cmd.petition.decision);
}

// 12345 hotline orders.
Status fill_first_contact(const F& f, CaseCommand& cmd) {
  const auto& r = f.first_contact();
  cmd.hotline.contacted_at = r.contacted_at();
  cmd.hotline.result = r.result();
  return read_enum(r.method(), ContactMethod::kOther, "method", cmd.hotline.method);
}

Status fill_decide_return(const F& f, CaseCommand& cmd) {
  cmd.approve = f.decide_return().uphold();
  return {};
}

Status fill_record_callback(const F& f, CaseCommand& cmd) {
  cmd.hotline.solved = f.record_callback().solved();
  cmd.hotline.satisfied = f.record_callback().satisfied();
  return {};
}

Status fill_decide_appeal(const F& f, CaseCommand& cmd) {
  cmd.approve = f.decide_appeal().uphold();
  return {};
}

// Hazards and 吹哨报到.
Status fill_report_rectification(const F& f, CaseCommand& cmd) {
  const auto& r = f.report_rectification();
  cmd.hazard.evidence.assign(r.evidence().begin(), r.evidence().end());
  return {};
}

Status fill_reinspect(const F& f, CaseCommand& cmd) {
  cmd.hazard.passed = f.reinspect().passed();
  cmd.hazard.deadline_days = f.reinspect().deadline_days();
  return {};
}

Status fill_whistle(const F& f, CaseCommand& cmd) {
  const auto& r = f.whistle();
  cmd.whistle.departments.assign(r.department_unit_ids().begin(), r.department_unit_ids().end());
  cmd.whistle.report_by = r.report_by();
  return {};
}

Status fill_check_in(const F& f, CaseCommand& cmd) {
  cmd.whistle.department_id = f.check_in().department_unit_id();
  return {};
}

Status fill_rate_department(const F& f, CaseCommand& cmd) {
  cmd.whistle.department_id = f.rate_department().department_unit_id();
  cmd.whistle.rating = f.rate_department().rating();
  return {};
}

std::vector<ActionFrame> build() {
  using A = Action;
  return {
      {F::kAcceptCase, A::kAccept, header_of<&F::accept_case>, fill_accept},
      {F::kRejectCase, A::kReject, header_of<&F::reject_case>, nullptr},
      {F::kDispatchCase, A::kDispatch, header_of<&F::dispatch_case>, fill_dispatch},
      {F::kReturnCase, A::kReturn, header_of<&F::return_case>, nullptr},
      {F::kEscalateCase, A::kEscalate, header_of<&F::escalate_case>, fill_escalate},
      {F::kResolveCase, A::kResolve, header_of<&F::resolve_case>, fill_resolve},
      {F::kCloseCase, A::kClose, header_of<&F::close_case>, nullptr},
      {F::kReopenCase, A::kReopen, header_of<&F::reopen_case>, nullptr},
      {F::kSuspendCase, A::kSuspend, header_of<&F::suspend_case>, nullptr},
      {F::kResumeCase, A::kResume, header_of<&F::resume_case>, nullptr},
      {F::kMergeCase, A::kMerge, header_of<&F::merge_case>, fill_merge},
      {F::kCommentCase, A::kComment, header_of<&F::comment_case>, nullptr},
      {F::kUrgeCase, A::kUrge, header_of<&F::urge_case>, fill_urge},
      {F::kAssignLeader, A::kAssignLeader, header_of<&F::assign_leader>, fill_assign_leader},
      {F::kRequestExtension, A::kRequestExtension, header_of<&F::request_extension>, fill_request_extension},
      {F::kDecideExtension, A::kDecideExtension, header_of<&F::decide_extension>, fill_decide_extension},
      {F::kRequestMediation, A::kRequestMediation, header_of<&F::request_mediation>, fill_request_mediation},
      {F::kAssignMediation, A::kAssignMediation, header_of<&F::assign_mediation>, fill_assign_mediation},
      {F::kRecordConsent, A::kRecordConsent, header_of<&F::record_consent>, fill_record_consent},
      {F::kRecordSession, A::kRecordSession, header_of<&F::record_session>, fill_record_session},
      {F::kDraftAgreement, A::kDraftAgreement, header_of<&F::draft_agreement>, fill_draft_agreement},
      {F::kSignAgreement, A::kSignAgreement, header_of<&F::sign_agreement>, fill_sign_agreement},
      {F::kFollowUp, A::kFollowUp, header_of<&F::follow_up>, fill_follow_up},
      {F::kReferCase, A::kRefer, header_of<&F::refer_case>, fill_refer},
      {F::kAgreementNotPerformed, A::kAgreementNotPerformed, header_of<&F::agreement_not_performed>,
       fill_agreement_not_performed},
      {F::kDecidePetition, A::kDecidePetition, header_of<&F::decide_petition>, fill_decision<&F::decide_petition>},
      {F::kRequestReview, A::kRequestReview, header_of<&F::request_review>, nullptr},
      {F::kDecideReview, A::kDecideReview, header_of<&F::decide_review>, fill_decision<&F::decide_review>},
      {F::kRequestReReview, A::kRequestReReview, header_of<&F::request_re_review>, nullptr},
      {F::kDecideReReview, A::kDecideReReview, header_of<&F::decide_re_review>,
       fill_decision<&F::decide_re_review>},
      {F::kSignOrder, A::kSignOrder, header_of<&F::sign_order>, nullptr},
      {F::kFirstContact, A::kFirstContact, header_of<&F::first_contact>, fill_first_contact},
      {F::kReturnOrder, A::kReturnOrder, header_of<&F::return_order>, nullptr},
      {F::kDecideReturn, A::kDecideReturn, header_of<&F::decide_return>, fill_decide_return},
      {F::kReplyOrder, A::kReplyOrder, header_of<&F::reply_order>, nullptr},
      {F::kRecordCallback, A::kRecordCallback, header_of<&F::record_callback>, fill_record_callback},
      {F::kAppealRating, A::kAppealRating, header_of<&F::appeal_rating>, nullptr},
      {F::kDecideAppeal, A::kDecideAppeal, header_of<&F::decide_appeal>, fill_decide_appeal},
      {F::kReportRectification, A::kReportRectification, header_of<&F::report_rectification>,
       fill_report_rectification},
      {F::kReinspect, A::kReinspect, header_of<&F::reinspect>, fill_reinspect},
      {F::kWhistle, A::kWhistle, header_of<&F::whistle>, fill_whistle},
      {F::kCheckIn, A::kCheckIn, header_of<&F::check_in>, fill_check_in},
      {F::kRateDepartment, A::kRateDepartment, header_of<&F::rate_department>, fill_rate_department},
  };
}

}  // namespace

const std::vector<ActionFrame>& action_frames() {
  static const std::vector<ActionFrame> kFrames = build();
  return kFrames;
}

const ActionFrame* action_frame(v1::ClientFrame::RequestCase request) {
  const auto& all = action_frames();
  auto it = std::find_if(all.begin(), all.end(), [&](const ActionFrame& f) { return f.request == request; });
  return it == all.end() ? nullptr : &*it;
}

const ActionFrame* action_frame(Action action) {
  const auto& all = action_frames();
  auto it = std::find_if(all.begin(), all.end(), [&](const ActionFrame& f) { return f.action == action; });
  return it == all.end() ? nullptr : &*it;
}

Result<CaseCommand> command_from_frame(const v1::ClientFrame& frame) {
  const ActionFrame* row = action_frame(frame.request_case());
  if (row == nullptr) return Status(reason::UNKNOWN_REQUEST, "the frame carries no case action");
  const v1::ActionHeader& h = row->header(frame);
  CaseCommand cmd;
  cmd.action = row->action;
  cmd.request_id = h.request_id();
  cmd.case_id = h.case_id();
  cmd.expected_version = h.expected_version();
  cmd.reason = h.reason();
  if (row->fill != nullptr) GRIDCASE_RETURN_IF_ERROR(row->fill(frame, cmd));
  return cmd;
}

}  // namespace gridcase::net
