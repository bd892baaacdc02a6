// Safety hazards (hazard.hpp): the inspections and recurring plans that find hazards. The rules
// of a HAZARD case's intake and steps are in hazard_rules.cpp.
#include "gridcase/hazard.hpp"

#include <algorithm>
#include <set>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::Canon;
using rules::check_enum;
using rules::check_period;
using rules::check_responsible;
using rules::check_text;
using rules::kMaxSite;

namespace {

constexpr int kMaxPlanPeriodDays = 366; // a plan's interval
constexpr std::size_t kMaxFindings = 50;
constexpr int kMaxList = 500;

}  // namespace

// ---- Inspections and plans -------------------------------------------------------------------

namespace {

Status check_site_unit(const OrgTree& tree, const User& u, UnitId unit) {
  const OrgUnit* place = tree.find(unit);
  if (place == nullptr || !sees_unit(tree, u, unit)) return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  if (place->retired || (place->type != UnitType::kGrid && place->type != UnitType::kBuildingGroup)) {
    return Status(reason::BAD_LOCATION, "the site must be in an active grid or building group");
  }
  return {};
}

std::string canonical_report(const InspectionReport& r) {
  Canon c;
  c.add(std::string("inspection")).add(r.inspection_id).add(r.expected_version).add(r.site_unit_id).add(r.site).add(r.note);
  for (const auto& f : r.findings) {
    c.add(f.description).add(std::int64_t{f.hazard}).add(f.category_code).add(f.severity)
        .add(f.responsible.kind).add(f.responsible.name).add(f.responsible.contact)
        .add(std::int64_t{f.deadline_days});
  }
  return c.str();
}

std::string canonical_plan(const NewInspectionPlan& p) {
  Canon c;
  c.add(std::string("plan")).add(p.site_unit_id).add(p.site).add(std::int64_t{p.period_days})
      .add(p.inspector_user_id).add(p.first_due_at);
  return c.str();
}

std::string hazard_title(const std::string& site) {
  std::string title = "安全隐患：" + site;
  // Keep the title within bounds: the case's description carries the whole finding.
  return utf8_length(title) > kMaxTitle ? std::string("安全隐患") : title;
}

}  // namespace

void CaseCommands::record_inspection(UserId actor, InspectionReport report, InspectionCallback done) {
  Status valid = [&]() -> Status {
    GRIDCASE_RETURN_IF_ERROR(check_text(report.request_id, "request_id", kMaxRequestId, false, true));
    if (report.inspection_id < 0 || report.expected_version < 0) return Status(reason::BAD_ID, "ids must not be negative");
    if (report.inspection_id == 0) {
      if (report.site_unit_id <= 0) return Status(reason::MISSING_FIELD, "the site's grid or building group is required");
      GRIDCASE_RETURN_IF_ERROR(check_text(report.site, "site", kMaxSite, false, true));
    } else {
      GRIDCASE_RETURN_IF_ERROR(check_text(report.site, "site", kMaxSite, false, false));
    }
    GRIDCASE_RETURN_IF_ERROR(check_text(report.note, "note", kMaxReason, true, false));
    if (report.findings.size() > kMaxFindings) return Status(reason::TOO_MANY_FINDINGS, "at most 50 findings");
    const auto all = core_.categories(CaseKind::kHazard);
    for (const auto& f : report.findings) {
      GRIDCASE_RETURN_IF_ERROR(check_text(f.description, "finding", kMaxDescription, true, true));
      if (!f.hazard) continue;
      auto cat = std::find_if(all.begin(), all.end(), [&](const Category& c) { return c.code == f.category_code; });
      if (cat == all.end()) return Status(reason::UNKNOWN_CATEGORY, "no hazard category " + f.category_code);
      if (has_children(all, cat->code)) {
        return Status(reason::CATEGORY_NOT_LEAF, "choose a leaf category under " + cat->code);
      }
      GRIDCASE_RETURN_IF_ERROR(check_enum(f.severity, HazardSeverity::kMajor, "severity", true));
      GRIDCASE_RETURN_IF_ERROR(check_responsible(f.responsible));
      GRIDCASE_RETURN_IF_ERROR(check_period(f.deadline_days, "the rectification period"));
    }
    return {};
  }();
  if (!valid) {
    done(valid);
    return;
  }

  auto out = std::make_shared<Inspection>();
  Mutation m;
  m.name = "RECORD_INSPECTION";
  m.request_id = report.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical_report(report));
  m.replay = [out](MutationWrite& w, const RequestRecord& first) -> Status {
    auto stored = w.view.get_inspection(first.made_id);
    if (!stored) return stored.status();
    *out = std::move(*stored);
    return Status{};
  };
  m.apply = [this, report = std::move(report), out](MutationWrite& w) -> Status {
    WriteView& view = w.view;
    const User* user = &w.actor;
    const OrgTree* tree = w.config.tree.get();
    if (!is_system(*user) && !role_may(user->role, Action::kCreate)) {
      return role_refusal(std::string("a ") + name(user->role) + " may not record inspections",
                          roles_that_may(Action::kCreate));
    }
    const TimeMs now = w.now;
    Inspection insp;
    if (report.inspection_id != 0) {
      auto stored = view.get_inspection(report.inspection_id);
      if (!stored || !sees_unit(*tree, *user, stored->site_unit_id)) {
        if (stored || stored.status().code() == Code::kNotFound) {
          return Status(reason::INSPECTION_NOT_FOUND, "no such inspection in your scope");
        }
        return stored.status();
      }
      insp = std::move(*stored);
      if (insp.state != InspectionState::kPlanned) {
        return Status(reason::INSPECTION_DONE, "this inspection has been recorded already");
      }
      if (report.expected_version != 0 && report.expected_version != insp.version) {
        return Status(reason::STALE_VERSION, "the inspection is at version " + std::to_string(insp.version) + ", not " +
                                            std::to_string(report.expected_version));
      }
      if (!is_system(*user) && insp.inspector_user_id != user->id && user->role != Role::kSupervisor) {
        return Status(reason::NOT_THE_INSPECTOR, "only the planned inspector or a supervisor records it");
      }
      if (!report.site.empty()) insp.site = report.site;
    } else {
      GRIDCASE_RETURN_IF_ERROR(check_site_unit(*tree, *user, report.site_unit_id));
      insp.site_unit_id = report.site_unit_id;
      insp.site = report.site;
      insp.created_at = now;
    }
    insp.state = InspectionState::kDone;
    insp.done_at = now;
    insp.inspector_user_id = insp.inspector_user_id == 0 ? user->id : insp.inspector_user_id;
    insp.note = report.note;
    insp.findings = report.findings;
    ++insp.version;
    if (insp.id == 0) {
      auto id = view.insert_inspection(insp);
      if (!id) return id.status();
    }
    // Each hazard becomes a case of its own, in this same write.
    for (std::size_t i = 0; i < insp.findings.size(); ++i) {
      Finding& f = insp.findings[i];
      f.case_id = 0;
      if (!f.hazard) continue;
      NewCase nc;
      nc.request_id = report.request_id + "#" + std::to_string(i + 1);
      nc.kind = CaseKind::kHazard;
      nc.category_code = f.category_code;
      nc.channel = Channel::kPatrol;
      nc.title = hazard_title(insp.site);
      nc.description = f.description;
      nc.location.unit_id = insp.site_unit_id;
      nc.location.address = insp.site;
      nc.priority = f.severity == HazardSeverity::kMajor ? Priority::kHigh : Priority::kNormal;
      nc.hazard.inspection_id = insp.id;
      nc.hazard.site = insp.site;
      nc.hazard.severity = f.severity;
      nc.hazard.responsible = f.responsible;
      nc.hazard.deadline_days = f.deadline_days;
      Case c;
      Event e;
      e.details["inspection_id"] = std::to_string(insp.id);
      e.details["severity"] = name(f.severity);
      GRIDCASE_RETURN_IF_ERROR(insert_new_case(w, nc, c, e));
      f.case_id = c.id;
    }
    GRIDCASE_RETURN_IF_ERROR(view.update_inspection(insp));
    w.made(0, 0, insp.id);
    *out = std::move(insp);
    return Status{};
  };
  core_.pipeline.run_for(actor, std::move(m), out, std::move(done));
}

Result<Inspection> CaseCommands::record_inspection_sync(UserId actor, InspectionReport report) {
  return wait_for<Result<Inspection>>(
      [&](InspectionCallback cb) { record_inspection(actor, std::move(report), std::move(cb)); });
}

namespace {

Status check_new_plan(const NewInspectionPlan& req) {
  GRIDCASE_RETURN_IF_ERROR(check_text(req.request_id, "request_id", kMaxRequestId, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.site, "site", kMaxSite, false, true));
  if (req.site_unit_id <= 0) return Status(reason::MISSING_FIELD, "the site's grid or building group is required");
  if (req.period_days < 1 || req.period_days > kMaxPlanPeriodDays) {
    return Status(reason::BAD_PERIOD, "a plan repeats every 1 to 366 days");
  }
  if (req.inspector_user_id <= 0) return Status(reason::MISSING_FIELD, "the inspector is required");
  if (req.first_due_at < 0) return Status(reason::BAD_TIME, "the first due time must not be negative");
  return {};
}

}  // namespace

void CaseCommands::create_inspection_plan(UserId actor, NewInspectionPlan req, PlanCallback done) {
  if (Status valid = check_new_plan(req); !valid) {
    done(valid);
    return;
  }
  auto out = std::make_shared<InspectionPlan>();
  Mutation m;
  m.name = "CREATE_INSPECTION_PLAN";
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical_plan(req));
  m.replay = [out](MutationWrite& w, const RequestRecord& first) -> Status {
    auto stored = w.view.get_inspection_plan(first.made_id);
    if (!stored) return stored.status();
    *out = std::move(*stored);
    return Status{};
  };
  m.apply = [req = std::move(req), out](MutationWrite& w) -> Status {
    WriteView& view = w.view;
    const User* user = &w.actor;
    const OrgTree* tree = w.config.tree.get();
    if (!is_system(*user) && user->role != Role::kSupervisor && user->role != Role::kIntakeClerk) {
      return role_refusal("only supervisors and intake clerks plan inspections", {Role::kIntakeClerk, Role::kSupervisor});
    }
    GRIDCASE_RETURN_IF_ERROR(check_site_unit(*tree, *user, req.site_unit_id));
    auto inspector = view.get_user(req.inspector_user_id);
    if (!inspector || inspector->disabled || !tree->in_subtree(inspector->scope_unit_id, req.site_unit_id)) {
      return Status(reason::BAD_INSPECTOR, "the inspector must be an active user who sees the site");
    }
    const TimeMs now = w.now;
    InspectionPlan p;
    p.site_unit_id = req.site_unit_id;
    p.site = req.site;
    p.period_days = req.period_days;
    p.inspector_user_id = inspector->id;
    p.next_due_at = req.first_due_at == 0 ? now : req.first_due_at;
    p.active = true;
    p.created_by = user->id;
    p.created_at = now;
    auto id = view.insert_inspection_plan(p);
    if (!id) return id.status();
    w.made(0, 0, p.id);
    w.due(p.next_due_at);
    *out = p;
    return Status{};
  };
  core_.pipeline.run_for(actor, std::move(m), out, std::move(done));
}

Result<InspectionPlan> CaseCommands::create_inspection_plan_sync(UserId actor, NewInspectionPlan plan) {
  return wait_for<Result<InspectionPlan>>(
      [&](PlanCallback cb) { create_inspection_plan(actor, std::move(plan), std::move(cb)); });
}

Result<std::vector<InspectionPlan>> CaseQueries::list_inspection_plans(UserId actor, UnitId unit) {
  OrgTreePtr tree = core_.tree();
  std::vector<InspectionPlan> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto units = listing_units(*tree, *user, unit);
    if (!units) return units.status();
    auto plans = view.list_inspection_plans(*units, kMaxList);
    if (!plans) return plans.status();
    out = std::move(*plans);
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<std::vector<Inspection>> CaseQueries::list_inspections(UserId actor, UnitId unit, InspectionState state) {
  GRIDCASE_RETURN_IF_ERROR(check_enum(state, InspectionState::kDone, "inspection state", false));
  OrgTreePtr tree = core_.tree();
  std::vector<Inspection> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto units = listing_units(*tree, *user, unit);
    if (!units) return units.status();
    auto found = view.list_inspections(*units, state, kMaxList);
    if (!found) return found.status();
    out = std::move(*found);
    return Status{};
  });
  if (!s) return s;
  return out;
}

}  // namespace gridcase
