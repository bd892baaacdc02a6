// Safety hazards (安全隐患排查整改): inspections (排查) of a building, shop or site, the hazards
// they find, their rectification (整改) and re-inspection (复查销号), and the recurring
// inspection plans of a site.
//
// An inspection records findings; each finding that is a hazard becomes a HAZARD case carrying
// its severity, the party responsible for fixing it and a rectification period. The period is
// the case's RECTIFICATION clock: calendar days from the finding, escalating the case when it
// runs out, like any other deadline. The steps run on the common lifecycle as case actions:
//   REPORT_RECTIFICATION  the fix is reported with a note and evidence references, each naming
//                         an attachment of the case (its id, "17", "#17" or "att-17", or its
//                         SHA-256; EVIDENCE_NOT_FOUND otherwise); REPORTED / ACCEPTED /
//                         IN_PROGRESS → IN_PROGRESS, the case awaits re-inspection, and the
//                         RESPONSE and RECTIFICATION clocks stop.
//   REINSPECT             only after a report: passed closes the case (销号) and stops the
//                         clock; failed sends it back to rectification with a new period, and
//                         counts the failure. A pass needs, where the category (or one above
//                         it) requires evidence, a report that cites some (EVIDENCE_REQUIRED).
// A hazard closes only so: the generic RESOLVE and CLOSE answer REINSPECTION_REQUIRED.
// A plan (every N days, an inspector) creates its next PLANNED inspection when due; the deadline
// runner does this (Engine::run_due), and supervisors can ask for it (Engine::run_due_plans).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

enum class HazardSeverity {
  kUnspecified = 0,
  kGeneral = 1,  // 一般隐患
  kMajor = 2,    // 重大隐患
};

enum class ResponsibleKind { kUnspecified = 0, kPerson = 1, kBusiness = 2 };

// Who must fix the hazard: a person or a business, and how to reach them.
struct ResponsibleParty {
  ResponsibleKind kind = ResponsibleKind::kUnspecified;
  std::string name;
  std::string contact;
};

// A reported rectification (整改情况).
struct Rectification {
  TimeMs at = 0;
  std::string note;
  std::vector<std::string> evidence;  // attachments of the case: ids or SHA-256 strings
  UserId by = 0;
};

// A re-inspection (复查) and its verdict.
struct Reinspection {
  TimeMs at = 0;
  bool passed = false;
  std::string note;
  int deadline_days = 0;  // failed: the new rectification period
  UserId by = 0;
};

// What a HAZARD case records. Empty on other kinds.
struct Hazard {
  std::int64_t inspection_id = 0;  // the inspection that found it (0: registered by hand)
  std::string site;                // the building, shop or site
  HazardSeverity severity = HazardSeverity::kUnspecified;
  ResponsibleParty responsible;
  int deadline_days = 0;           // the rectification period now running
  std::vector<Rectification> rectifications;
  std::vector<Reinspection> reinspections;
  bool awaiting_reinspection = false;  // a rectification was reported and not yet re-inspected
  int failed_reinspections = 0;
};

// The content of a hazard step (a CaseCommand with REPORT_RECTIFICATION or REINSPECT). The note
// is the command's reason.
struct HazardStep {
  std::vector<std::string> evidence;  // REPORT_RECTIFICATION
  bool passed = false;                // REINSPECT
  int deadline_days = 0;              // REINSPECT failed: the new period (1..365)
};

// ---- Inspections and plans -----------------------------------------------------------------

enum class InspectionState {
  kUnspecified = 0,
  kPlanned = 1,  // made by a plan, waiting for its inspector
  kDone = 2,     // recorded with its findings
};

// One finding of an inspection. A hazard finding becomes a HAZARD case (case_id).
struct Finding {
  std::string description;
  bool hazard = false;
  std::string category_code;  // hazards: a leaf HAZARD category
  HazardSeverity severity = HazardSeverity::kUnspecified;
  ResponsibleParty responsible;
  int deadline_days = 0;      // hazards: the rectification period (1..365 calendar days)
  std::int64_t case_id = 0;   // set when stored
};

struct Inspection {
  std::int64_t id = 0;
  std::int64_t plan_id = 0;         // 0: not from a plan
  UnitId site_unit_id = 0;          // the grid or building group the site is in
  std::string site;                 // the building, shop or site
  UserId inspector_user_id = 0;
  InspectionState state = InspectionState::kUnspecified;
  TimeMs due_at = 0;                // planned: when it is due
  TimeMs done_at = 0;
  std::string note;
  std::vector<Finding> findings;
  std::int64_t version = 0;
  TimeMs created_at = 0;
};

// A recurring inspection of a site: every period_days, by an inspector.
struct InspectionPlan {
  std::int64_t id = 0;
  UnitId site_unit_id = 0;
  std::string site;
  int period_days = 0;
  UserId inspector_user_id = 0;
  TimeMs next_due_at = 0;  // when the next inspection is to be created
  bool active = true;
  UserId created_by = 0;
  TimeMs created_at = 0;
  int inspections_made = 0;
};

}  // namespace gridcase
