// What the early-warning signals (warning.hpp) share inside the core: the days counters are kept
// by, the raising of a warning, and the signals of the other files: petitions
// (warning_signals_petition.cpp) and stalled cases (warning_signals_stalled.cpp). Internal.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "command_pipeline.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/warning.hpp"

namespace gridcase {
// The warning policy in force: the newest stored version, or the built-in one (warning_signals.cpp).
Result<WarningPolicy> current_warning_policy(ReadView& view);
}  // namespace gridcase

namespace gridcase::signals {

// Days since 1970-01-01 in Shanghai time, and the instant a Shanghai day begins.
int day_of(TimeMs at);
TimeMs day_begins(int day);

// The sum of (day, count) pairs; the day of the window's oldest contact that still keeps the
// count at `threshold` when the window slides on with no more contacts.
int total(const std::vector<std::pair<int, int>>& counts);
int last_needed_day(const std::vector<std::pair<int, int>>& counts, int threshold);

// Only the digits of a phone number as written.
std::string digits(const std::string& s);
// A person as a warning shows them: masked name (or 保密当事人) and masked ID number or phone.
std::string person_subject(const CaseParty& p, bool by_id);
// The keys a person is counted under: "id:<digest>" and/or "phone:<digest>" (empty: neither).
std::vector<std::string> person_keys(Crypto& crypto, const CaseParty& p);

// A condition met by case `c`: what a warning raised for it says.
struct Met {
  WarningKind kind = WarningKind::kUnspecified;
  std::vector<std::string> keys;  // the first names a new warning; a standing one under any is it
  UnitId unit_id = 0;
  std::string subject;
  std::string category_code;
  int party_index = -1;
  int count = 0;
  int threshold = 0;
  double baseline = 0;
  int window_days = 0;
  TimeMs holds_until = 0;
};

// The newest warning under any of `m.keys` whose condition still holds grows (count, threshold,
// cases, holds_until); with none, a new warning is raised, stored and pushed after the commit.
Status raise_or_grow(MutationWrite& w, const WarningPolicy& policy, const Met& m, const Case& c);

// Stores `raised` (kind, unit, key, subject... filled in) as a new open warning raised now by
// the case `case_id` for `why`, and has it pushed after the commit.
Status raise(MutationWrite& w, const WarningPolicy& policy, Warning& raised, CaseId case_id, const std::string& why);

// Group matters and petition risk of a new petition (warning_signals_petition.cpp).
Status feed_petition_signals(MutationWrite& w, const WarningPolicy& policy, Crypto& crypto, const Case& c);
// Group matters of the cases merged into `parent`, after a merge (warning_signals_petition.cpp).
Status feed_merge_signal(MutationWrite& w, Crypto& crypto, CaseId parent);

// Stalled cases (warning_signals_stalled.cpp). Every event appended through the pipeline notes
// the case's activity: an event by a person (or one that brings the case into a watched state)
// restarts its quiet time and clears a stalled warning standing on it; an event that leaves it
// terminal, resolved, reviewed or suspended stops watching it.
Status note_activity(MutationWrite& w, const Event& e);
// The instant before which a case's last activity makes it stalled at `now`: the start of the
// day `working_days` working days back from yesterday.
TimeMs stall_cutoff(const WorkingCalendar& cal, TimeMs now, int working_days);
// When a case last active at `last_at` falls stalled.
TimeMs stall_due(const WorkingCalendar& cal, TimeMs last_at, int working_days);
// Raises the stalled warning of case `id` if it is still watched, quiet since before `cutoff`
// and has none standing (a deadline round's own write).
Status raise_if_stalled(MutationWrite& w, CaseId id, TimeMs now);

}  // namespace gridcase::signals
