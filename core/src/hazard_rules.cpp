// The rules of safety hazards (安全隐患, hazard.hpp): a HAZARD case's intake (from an inspection's
// finding or registered by hand) and its steps, rectification and re-inspection (销号), applied
// inside a command's write. The inspections and plans that find hazards are in hazard.cpp.
#include <algorithm>

#include "gridcase/deadlines.hpp"
#include "gridcase/evidence.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "kind_rules.hpp"

namespace gridcase::rules {

namespace {

constexpr int kMaxPeriodDays = 365;     // a rectification period
constexpr std::size_t kMaxEvidence = 20;
constexpr std::size_t kMaxEvidenceRef = 128;
constexpr std::size_t kMaxContact = 100;

}  // namespace

Status check_period(int days, const char* field) {
  if (days < 1 || days > kMaxPeriodDays) {
    return Status(reason::BAD_PERIOD, std::string(field) + " is 1 to 365 days");
  }
  return {};
}

Status check_responsible(const ResponsibleParty& r) {
  GRIDCASE_RETURN_IF_ERROR(check_enum(r.kind, ResponsibleKind::kBusiness, "responsible party kind", true));
  GRIDCASE_RETURN_IF_ERROR(check_text(r.name, "responsible party", kMaxName, false, true));
  return check_text(r.contact, "responsible party's contact", kMaxContact, false, false);
}

namespace {

bool hazard_empty(const Hazard& h) {
  return h.inspection_id == 0 && h.site.empty() && h.severity == HazardSeverity::kUnspecified &&
         h.responsible.kind == ResponsibleKind::kUnspecified && h.responsible.name.empty() &&
         h.responsible.contact.empty() && h.deadline_days == 0;
}

// The rectification period: calendar days from the finding, escalating the case when it runs
// out; stopped by the report of the fix, started again by a failed re-inspection.
CaseClock rectification_clock(int days) {
  return rule_clock(ClockKind::kRectification, days, BudgetUnit::kCalendarDays, Action::kCreate,
                    Action::kReportRectification, ExpiryAction::kEscalate);
}

bool is_hazard_step(Action a) { return a == Action::kReportRectification || a == Action::kReinspect; }

// The attachment id an evidence reference names ("17", "#17", "att-17"); 0 when it names none.
AttachmentId reference_id(const std::string& ref) {
  std::string digits = ref;
  if (digits.rfind("att-", 0) == 0) {
    digits = digits.substr(4);
  } else if (digits.rfind('#', 0) == 0) {
    digits = digits.substr(1);
  }
  if (digits.empty() || digits.size() > 18 ||
      !std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return 0;
  }
  return std::stoll(digits);
}

// Each evidence reference of a rectification names an attachment of the case: by its id or by
// its content's SHA-256.
Status check_references(StepContext& s, const std::vector<std::string>& refs) {
  if (refs.empty()) return {};
  auto files = s.view.list_attachments(s.c.id);
  if (!files) return files.status();
  for (const auto& ref : refs) {
    const AttachmentId id = reference_id(ref);
    const bool found = std::any_of(files->begin(), files->end(), [&](const Attachment& a) {
      return id != 0 ? a.id == id : a.sha256 == ref;
    });
    if (found) continue;
    if (id == 0 && !is_sha256_hex(ref)) {
      return Status(reason::EVIDENCE_NOT_FOUND, "整改证据“" + ref + "”既不是附件ID也不是SHA-256：请引用本案附件的ID（如 17）");
    }
    return Status(reason::EVIDENCE_NOT_FOUND, "整改证据“" + ref + "”不是本案的附件：请先上传（gridcase attach " +
                                                  s.c.number + " 文件），再在整改报告中引用其附件ID");
  }
  return {};
}

class HazardRules final : public KindRules {
 public:
  CaseKind kind() const override { return CaseKind::kHazard; }
  bool owns_step(Action a) const override { return is_hazard_step(a); }
  Status check_intake(const NewCase& r) const override;
  Status check_foreign_intake(const NewCase& r) const override;
  void apply_intake(const NewCase& r, Case& c) const override;
  std::string canonical_intake(const NewCase& r) const override;
  Status check_step(const CaseCommand& cmd) const override;
  std::string canonical_step(const CaseCommand& r) const override;
  Status apply_step(StepContext& s) const override;
};

Status HazardRules::check_intake(const NewCase& r) const {
  if (hazard_empty(r.hazard)) return {};
  const Hazard& h = r.hazard;
  GRIDCASE_RETURN_IF_ERROR(check_enum(h.severity, HazardSeverity::kMajor, "severity", true));
  GRIDCASE_RETURN_IF_ERROR(check_responsible(h.responsible));
  GRIDCASE_RETURN_IF_ERROR(check_text(h.site, "site", kMaxSite, false, false));
  return check_period(h.deadline_days, "the rectification period");
}

Status HazardRules::check_foreign_intake(const NewCase& r) const {
  if (hazard_empty(r.hazard)) return {};
  return Status(reason::NOT_A_HAZARD_INTAKE, "hazard fields are for hazards only");
}

void HazardRules::apply_intake(const NewCase& r, Case& c) const {
  if (hazard_empty(r.hazard)) return;
  c.hazard = r.hazard;
  c.hazard.rectifications.clear();
  c.hazard.reinspections.clear();
  c.hazard.awaiting_reinspection = false;
  c.hazard.failed_reinspections = 0;
  c.clocks.push_back(rectification_clock(r.hazard.deadline_days));
}

std::string HazardRules::canonical_intake(const NewCase& r) const {
  if (hazard_empty(r.hazard)) return "";
  const Hazard& h = r.hazard;
  Canon c;
  c.add(h.inspection_id).add(h.site).add(h.severity).add(h.responsible.kind).add(h.responsible.name)
      .add(h.responsible.contact).add(std::int64_t{h.deadline_days});
  return c.str();
}

Status HazardRules::check_step(const CaseCommand& cmd) const {
  const HazardStep& h = cmd.hazard;
  switch (cmd.action) {
    case Action::kReportRectification:
      if (h.evidence.size() > kMaxEvidence) return Status(reason::TOO_MUCH_EVIDENCE, "at most 20 evidence references");
      for (const auto& ref : h.evidence) GRIDCASE_RETURN_IF_ERROR(check_text(ref, "evidence reference", kMaxEvidenceRef, false, true));
      return {};
    case Action::kReinspect:
      GRIDCASE_RETURN_IF_ERROR(check_text(cmd.reason, "re-inspection note", kMaxReason, true, !h.passed));
      if (!h.passed) return check_period(h.deadline_days, "the new rectification period");
      if (h.deadline_days != 0) return Status(reason::BAD_PERIOD, "a passed re-inspection sets no new period");
      return {};
    default:
      return {};
  }
}

std::string HazardRules::canonical_step(const CaseCommand& r) const {
  const HazardStep& h = r.hazard;
  if (h.evidence.empty() && !h.passed && h.deadline_days == 0) return "";
  Canon c;
  c.add(std::int64_t{h.passed}).add(std::int64_t{h.deadline_days});
  for (const auto& ref : h.evidence) c.add(ref);
  return c.str();
}

Status HazardRules::apply_step(StepContext& s) const {
  Hazard& h = s.c.hazard;
  switch (s.cmd.action) {
    case Action::kResolve:
    case Action::kClose:
      // 销号 is the re-inspection's: the fix reported, then re-inspected and passed.
      return Status(reason::REINSPECTION_REQUIRED, "安全隐患不能直接" + std::string(label_zh(s.cmd.action)) +
                                                       "：请上报整改（hazard rectify），经复查通过（hazard reinspect --pass）后销号");
    case Action::kReportRectification: {
      GRIDCASE_RETURN_IF_ERROR(check_references(s, s.cmd.hazard.evidence));
      // The fix is the response: a hazard reported rectified is no longer waiting for one.
      for (auto& k : s.c.clocks) {
        if (k.kind == ClockKind::kResponse && (k.run == ClockRun::kRunning || k.run == ClockRun::kPaused)) {
          stop_clock(k, s.now, s.cal);
        }
      }
      Rectification r;
      r.at = s.now;
      r.note = s.cmd.reason;
      r.evidence = s.cmd.hazard.evidence;
      r.by = s.actor.id;
      h.rectifications.push_back(std::move(r));
      h.awaiting_reinspection = true;
      s.e.details["rectification"] = std::to_string(h.rectifications.size());
      s.e.details["evidence"] = std::to_string(s.cmd.hazard.evidence.size());
      return {};
    }
    case Action::kReinspect: {
      if (!h.awaiting_reinspection) {
        return Status(reason::RECTIFICATION_NOT_REPORTED, "re-inspect only after the rectification is reported");
      }
      Reinspection r;
      r.at = s.now;
      r.passed = s.cmd.hazard.passed;
      r.note = s.cmd.reason;
      r.deadline_days = s.cmd.hazard.deadline_days;
      r.by = s.actor.id;
      h.reinspections.push_back(std::move(r));
      h.awaiting_reinspection = false;
      s.e.details["passed"] = s.cmd.hazard.passed ? "true" : "false";
      if (s.cmd.hazard.passed) {
        // 销号: the hazard is closed.
        auto closed = finishing_state(s.c, Action::kReinspect);
        if (!closed) return Status(reason::TRANSITION_NOT_ALLOWED, "a pass cannot close this case now");
        s.next = *closed;
        s.c.outcome = Outcome::kResolved;
        s.e.details["outcome"] = name(Outcome::kResolved);
        return {};
      }
      // Back to rectification with a new period, counted.
      ++h.failed_reinspections;
      h.deadline_days = s.cmd.hazard.deadline_days;
      auto clock = std::find_if(s.c.clocks.begin(), s.c.clocks.end(),
                                [](const CaseClock& k) { return k.kind == ClockKind::kRectification; });
      if (clock == s.c.clocks.end()) {
        s.c.clocks.push_back(rectification_clock(h.deadline_days));
        clock = s.c.clocks.end() - 1;
      }
      clock->base_budget_ms = clock->budget_ms = h.deadline_days * unit_ms(BudgetUnit::kCalendarDays);
      start_clock(*clock, s.now, s.cal);
      s.e.details["failed_reinspections"] = std::to_string(h.failed_reinspections);
      s.e.details["deadline_days"] = std::to_string(h.deadline_days);
      s.e.details["deadline"] = std::to_string(clock->deadline);
      return {};
    }
    default:
      return {};
  }
}

}  // namespace

const KindRules& hazard_rules() {
  static const HazardRules rules;
  return rules;
}

}  // namespace gridcase::rules
