#include "action_verbs.hpp"

namespace gridcase::cli {

const std::vector<ActionVerb>& action_verbs() {
  static const std::vector<ActionVerb> kVerbs = {
      {v1::ACTION_CREATE, "cases create"},
      {v1::ACTION_ACCEPT, "cases accept"},
      {v1::ACTION_REJECT, "cases reject"},
      {v1::ACTION_DISPATCH, "cases dispatch"},
      {v1::ACTION_RETURN, "cases return"},
      {v1::ACTION_ESCALATE, "cases escalate"},
      {v1::ACTION_RESOLVE, "cases resolve"},
      {v1::ACTION_CLOSE, "cases close"},
      {v1::ACTION_REOPEN, "cases reopen"},
      {v1::ACTION_SUSPEND, "cases suspend"},
      {v1::ACTION_RESUME, "cases resume"},
      {v1::ACTION_MERGE, "cases merge"},
      {v1::ACTION_COMMENT, "cases comment"},
      {v1::ACTION_URGE, "cases urge"},
      {v1::ACTION_ASSIGN_LEADER, "cases lead"},
      {v1::ACTION_REQUEST_EXTENSION, "cases extend"},
      {v1::ACTION_DECIDE_EXTENSION, "cases decide-extension"},
      {v1::ACTION_REQUEST_MEDIATION, "mediation request"},
      {v1::ACTION_AGREEMENT_NOT_PERFORMED, "mediation not-performed"},
      {v1::ACTION_ASSIGN_MEDIATION, "mediation assign"},
      {v1::ACTION_RECORD_CONSENT, "mediation consent"},
      {v1::ACTION_RECORD_SESSION, "mediation session"},
      {v1::ACTION_DRAFT_AGREEMENT, "mediation agreement"},
      {v1::ACTION_SIGN_AGREEMENT, "mediation sign"},
      {v1::ACTION_FOLLOW_UP, "mediation follow-up"},
      {v1::ACTION_REFER, "mediation refer"},
      {v1::ACTION_DECIDE_PETITION, "petition decision"},
      {v1::ACTION_REQUEST_REVIEW, "petition review"},
      {v1::ACTION_DECIDE_REVIEW, "petition review-decision"},
      {v1::ACTION_REQUEST_RE_REVIEW, "petition re-review"},
      {v1::ACTION_DECIDE_RE_REVIEW, "petition re-review-decision"},
      {v1::ACTION_SIGN_ORDER, "hotline sign"},
      {v1::ACTION_FIRST_CONTACT, "hotline contact"},
      {v1::ACTION_RETURN_ORDER, "hotline return"},
      {v1::ACTION_DECIDE_RETURN, "hotline decide-return"},
      {v1::ACTION_REPLY_ORDER, "hotline reply"},
      {v1::ACTION_RECORD_CALLBACK, "hotline callback"},
      {v1::ACTION_APPEAL_RATING, "hotline appeal"},
      {v1::ACTION_DECIDE_APPEAL, "hotline decide-appeal"},
      {v1::ACTION_REPORT_RECTIFICATION, "hazard rectify"},
      {v1::ACTION_REINSPECT, "hazard reinspect"},
      {v1::ACTION_WHISTLE, "whistle blow"},
      {v1::ACTION_CHECK_IN, "whistle checkin"},
      {v1::ACTION_RATE_DEPARTMENT, "whistle rate"},
      {v1::ACTION_ATTACH, "attach"},
      {v1::ACTION_LINK, "cases link"},
      {v1::ACTION_UNLINK, "cases unlink"},
      {v1::ACTION_UNMERGE, "cases unmerge"},
      {v1::ACTION_CREATE_PROJECT, "projects create"},
      {v1::ACTION_SET_MILESTONE, "projects milestone"},
      {v1::ACTION_COMPLETE_MILESTONE, "projects milestone"},
      {v1::ACTION_PROJECT_UPDATE, "projects update"},
      {v1::ACTION_LINK_COMPLAINT, "projects link"},
      {v1::ACTION_UNLINK_COMPLAINT, "projects unlink"},
      {v1::ACTION_FINISH_PROJECT, "projects finish"},
  };
  return kVerbs;
}

std::string action_command(v1::Action action) {
  for (const auto& v : action_verbs()) {
    if (v.action == action) return v.command;
  }
  return "";
}

}  // namespace gridcase::cli
