// The rules of the case kinds that carry law with them (disputes: people's mediation; petitions:
// 信访工作条例; 12345 hotline orders; hazards; 吹哨报到), as hooks the engine calls at its three
// steps, and the helpers the kinds' rules share. Each kind's rules are in a file of their own
// behind the interface of kind_rules.hpp; the hooks here dispatch to them. Internal to the core.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>

#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/hazard.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase::rules {

// Field checks the kind rules share. Text: clean UTF-8 (line breaks only when `multiline`), at
// most `max` characters, present when `required`; INVALID_ARGUMENT MISSING_FIELD, INVALID_TEXT
// or TEXT_TOO_LONG naming `field`.
Status check_text(const std::string& value, const char* field, std::size_t max, bool multiline, bool required);

// An enum value within 0..last, and not 0 (unspecified) when `required`; INVALID_ARGUMENT
// INVALID_ENUM_VALUE naming `field`.
template <typename Enum>
Status check_enum(Enum value, Enum last, const char* field, bool required) {
  const int v = static_cast<int>(value);
  if (v < 0 || v > static_cast<int>(last) || (required && v == 0)) {
    return Status(reason::INVALID_ENUM_VALUE, std::string("unknown or missing value for ") + field);
  }
  return {};
}

// The canonical rendering of a request's content that fingerprints are taken of: each field
// length-prefixed (strings) or in decimal, followed by '|'. Stored fingerprints depend on it.
class Canon {
 public:
  template <typename T>
  Canon& add(const T& v) {
    if constexpr (std::is_enum_v<T>) {
      out_ += std::to_string(static_cast<int>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      out_ += std::to_string(v.size());
      out_ += ':';
      out_ += v;
    } else if constexpr (std::is_same_v<T, double>) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.9g", v);
      out_ += buf;
    } else {
      out_ += std::to_string(v);
    }
    out_ += '|';
    return *this;
  }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

// Fingerprint parts: the kind-specific content of a request, canonically rendered; empty when
// the request carries none (so that other requests keep the fingerprints they were stored with).
// A new case: its own kind's part. A command (whose case's kind is not known yet): the parts of
// mediation, petition, hotline, hazard and 吹哨报到 fields, in that order.
std::string canonical_intake(const NewCase& r);
std::string canonical_step(const CaseCommand& r);

// Before the deadline policy is matched: the kind's adjustments of a new case (an URGENT hotline
// order takes the URGENT priority's policies).
void prepare_intake(NewCase& r);

// Validation (pure): a new case's intake fields (its kind's, and none of another kind's); a
// command's step content.
Status check_intake(const NewCase& r);
Status check_step(const CaseCommand& cmd);

// At creation, after the policy's clocks are copied and before they start: copies the intake
// into the case and adds the kind's clocks (a petition's statutory review chain, pending; a
// hotline order's return window; a hazard's rectification period).
void apply_intake(const NewCase& r, Case& c);
// When the clocks that start on CREATE start (KindRules::clocks_start).
TimeMs clocks_start(const NewCase& r, TimeMs now);

// What a command's kind rules may see and change, inside its write unit.
struct StepContext {
  WriteView& view;
  const OrgTree& tree;
  const User& actor;
  const CaseCommand& cmd;
  Case& c;        // the stored case, being changed
  Event& e;       // the event being recorded (details, reason)
  CaseState& next;  // the state the table gives; a finishing step may change it to or_to
  TimeMs now;
  const WorkingCalendar& cal;
};

// Checks the command against the case's kind and applies the kind's part of it (or the 吹哨报到
// part, whatever the kind). Called after the scope, role, version and lifecycle checks, before
// the generic part of the action. FAILED_PRECONDITION NOT_A_DISPUTE (NOT_A_PETITION, ...) for a
// step of another kind.
Status apply_kind_rules(StepContext& s);

// Hazard fields shared by a HAZARD case's intake and an inspection's findings (hazard_rules.cpp):
// a rectification period of 1 to 365 days (INVALID_ARGUMENT BAD_PERIOD naming `field`); a
// responsible party's kind, name and contact.
Status check_period(int days, const char* field);
Status check_responsible(const ResponsibleParty& r);
constexpr std::size_t kMaxSite = 200;  // a hazard's or an inspection's site, in characters

// True for the parties who must consent and sign in a mediation: applicants and respondents.
bool is_dispute_party(const CaseParty& p);

// A clock a kind's rules give a case, pending until `starts_on` (deadlines.hpp: pending_clock).
CaseClock rule_clock(ClockKind kind, std::int64_t amount, BudgetUnit unit, Action starts_on, Action stops_on,
                     ExpiryAction on_expiry);

// A statutory clock of `kind`: `days` calendar days, waiting for `starts_on`, stopped by
// `stops_on`, flagged (never escalated) when it runs out.
CaseClock statutory_clock(ClockKind kind, int days, Action starts_on, Action stops_on);

// Starts, stops, pauses and restarts the case's clocks after `action` moved it, and refreshes
// its next_due and colour (deadlines.hpp).
void apply_clock_hooks(Case& c, Action action, TimeMs now, const WorkingCalendar& cal);

}  // namespace gridcase::rules
