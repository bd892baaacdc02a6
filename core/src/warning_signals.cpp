// The early-warning signals a new case feeds (warning.hpp), evaluated inside the case's write
// from counters per key and day: a contact adds one to its keys' counters for its day, then
// reads back only those keys' counters over the window (and, for a hot spot, the baseline
// before it). No scan of the cases. Petitions feed two more (warning_signals_petition.cpp);
// stalled cases are time-driven (warning_signals_stalled.cpp).
#include "warning_signals.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "gridcase/access.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/names.hpp"

namespace gridcase {

namespace signals {

namespace {

constexpr TimeMs kDayMs = 24LL * 3600 * 1000;
constexpr TimeMs kShanghaiOffset = 8LL * 3600 * 1000;

// A whole address as a key: without spaces, so that "金源小区 3栋" and "金源小区3栋" are one place.
std::string address_key(const std::string& address) {
  std::string out;
  for (char ch : address) {
    if (ch != ' ' && ch != '\t') out.push_back(ch);
  }
  return out;
}

}  // namespace

int day_of(TimeMs at) {
  TimeMs local = at + kShanghaiOffset;
  return static_cast<int>(local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs);
}
TimeMs day_begins(int day) { return static_cast<TimeMs>(day) * kDayMs - kShanghaiOffset; }

std::string digits(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') out.push_back(ch);
  }
  return out;
}

std::string person_subject(const CaseParty& p, bool by_id) {
  const std::string who = p.confidential ? std::string("保密当事人") : mask_name(p.name);
  return who + (by_id ? " 身份证 " + mask_id_number(p.id_number) : " 电话 " + mask_phone(digits(p.phone)));
}

std::vector<std::string> person_keys(Crypto& crypto, const CaseParty& p) {
  std::vector<std::string> keys;
  if (!p.id_number.empty()) keys.push_back("id:" + crypto.fingerprint("id:" + p.id_number));
  const std::string phone = digits(p.phone);
  if (phone.size() >= 7) keys.push_back("phone:" + crypto.fingerprint("phone:" + phone));
  return keys;
}

int last_needed_day(const std::vector<std::pair<int, int>>& counts, int threshold) {
  int sum = 0;
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    sum += it->second;
    if (sum >= threshold) return it->first;
  }
  return counts.empty() ? 0 : counts.front().first;
}

int total(const std::vector<std::pair<int, int>>& counts) {
  int sum = 0;
  for (const auto& [day, n] : counts) sum += n;
  return sum;
}

Status raise(MutationWrite& w, const WarningPolicy& policy, Warning& raised, CaseId case_id, const std::string& why) {
  raised.state = WarningState::kOpen;
  raised.raised_at = w.now;
  raised.policy_version = policy.version;
  raised.version = 1;
  WarningStep step;
  step.action = WarningAction::kRaise;
  step.at = w.now;
  step.case_id = case_id;
  step.reason = why;
  raised.steps.push_back(step);
  auto id = w.view.insert_warning(raised);
  if (!id) return id.status();
  w.raised(raised);
  return Status{};
}

Status raise_or_grow(MutationWrite& w, const WarningPolicy& policy, const Met& m, const Case& c) {
  // The newest warning under any of the keys whose condition still holds.
  Result<Warning> latest = Status(reason::WARNING_NOT_FOUND, "none");
  for (const std::string& key : m.keys) {
    auto found = w.view.latest_warning(key);
    if (!found && found.status().code() != Code::kNotFound) return found.status();
    if (found && w.now < found->holds_until && (!latest || found->id > latest->id)) latest = std::move(found);
  }
  if (latest) {
    // The condition has held since that warning was raised: it grows, it is not raised again.
    Warning& held = *latest;
    held.count = m.count;
    held.threshold = m.threshold;
    held.baseline = m.baseline;
    held.holds_until = std::max(held.holds_until, m.holds_until);
    if (held.case_ids.size() < kMaxWarningCases &&
        std::find(held.case_ids.begin(), held.case_ids.end(), c.id) == held.case_ids.end()) {
      held.case_ids.push_back(c.id);
    }
    return w.view.update_warning(held);
  }
  Warning raised;
  raised.kind = m.kind;
  raised.unit_id = m.unit_id;
  raised.key = m.keys.front();
  raised.subject = m.subject;
  raised.category_code = m.category_code;
  raised.count = m.count;
  raised.threshold = m.threshold;
  raised.baseline = m.baseline;
  raised.window_days = m.window_days;
  raised.case_ids.push_back(c.id);
  raised.party_index = m.party_index;
  raised.holds_until = m.holds_until;
  return raise(w, policy, raised, c.id,
               std::to_string(m.count) + " in " + std::to_string(m.window_days) + " days (threshold " +
                   std::to_string(m.threshold) + ")");
}

}  // namespace signals

using namespace signals;

namespace {

// One condition a case feeds. A person is known by their ID number and by their phone: both
// keys are counted, the larger count is theirs, and a warning under either key is theirs (it is
// raised under the first).
struct Signal {
  WarningKind kind = WarningKind::kUnspecified;
  std::vector<std::string> keys;
  std::string subject;
  std::string category_code;
  int party_index = -1;
};

}  // namespace

Result<WarningPolicy> current_warning_policy(ReadView& view) {
  auto all = view.load_warning_policies();
  if (!all) return all.status();
  if (all->empty()) return WarningPolicy{};
  return all->back();
}

Status CaseCommands::feed_signals(MutationWrite& w, const Case& c) const {
  auto found = current_warning_policy(w.view);
  if (!found) return found.status();
  const WarningPolicy& policy = *found;
  const OrgTree& tree = *w.config.tree;
  const OrgUnit* grid = tree.ancestor_of_type(c.location.unit_id, UnitType::kGrid);
  const UnitId unit = grid != nullptr ? grid->id : c.location.unit_id;

  std::vector<Signal> signals;
  std::set<std::string> seen;  // a person named twice in one case is one contact
  for (std::size_t i = 0; i < c.parties.size(); ++i) {
    const CaseParty& p = c.parties[i];
    Signal s{WarningKind::kRepeatContact, person_keys(core_.crypto, p), "", "", static_cast<int>(i)};
    if (s.keys.empty()) continue;
    s.subject = person_subject(p, !p.id_number.empty());
    bool fresh = false;
    for (const auto& key : s.keys) fresh = seen.insert(key).second || fresh;
    if (fresh) signals.push_back(std::move(s));
  }
  const std::string address = address_key(c.location.address);
  if (!address.empty()) {
    signals.push_back(Signal{WarningKind::kRepeatContact, {"addr:" + std::to_string(unit) + ":" + address},
                             "地址 " + c.location.address, "", -1});
  }
  std::string category_name = c.category_code;
  for (const Category& cat : *w.config.categories) {
    if (cat.code == c.category_code) category_name = cat.name;
  }
  signals.push_back(Signal{WarningKind::kHotSpot, {"hot:" + std::to_string(unit) + ":" + c.category_code},
                           (grid != nullptr ? grid->name : std::string()) + " " + category_name, c.category_code,
                           -1});

  const int today = day_of(w.now);
  for (const Signal& s : signals) {
    const int window = s.kind == WarningKind::kHotSpot ? policy.hot_window_days : policy.repeat_days;
    std::vector<std::pair<int, int>> counts;
    int count = -1;
    for (const std::string& key : s.keys) {
      GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(key, today, 1));
      auto found = w.view.signal_counts(key, today - window + 1, today);
      if (!found) return found.status();
      if (total(*found) > count) {
        count = total(*found);
        counts = std::move(*found);
      }
    }
    int threshold = policy.repeat_count;
    double baseline = 0;
    if (s.kind == WarningKind::kHotSpot) {
      // The category's own rate in this grid: its cases in the baseline days before the window,
      // scaled to one window.
      auto before = w.view.signal_counts(s.keys.front(), today - window - policy.hot_baseline_days + 1, today - window);
      if (!before) return before.status();
      baseline = static_cast<double>(total(*before)) * window / policy.hot_baseline_days;
      threshold = std::max(policy.hot_min_count,
                           static_cast<int>(std::ceil(baseline * policy.hot_factor_percent / 100.0 - 1e-9)));
    }
    if (count < threshold) continue;
    Met m;
    m.kind = s.kind;
    m.keys = s.keys;
    m.unit_id = unit;
    m.subject = s.subject;
    m.category_code = s.kind == WarningKind::kHotSpot ? s.category_code : c.category_code;
    m.party_index = s.party_index;
    m.count = count;
    m.threshold = threshold;
    m.baseline = baseline;
    m.window_days = window;
    m.holds_until = day_begins(last_needed_day(counts, threshold) + window);
    GRIDCASE_RETURN_IF_ERROR(raise_or_grow(w, policy, m, c));
  }
  if (c.kind == CaseKind::kPetition) GRIDCASE_RETURN_IF_ERROR(feed_petition_signals(w, policy, core_.crypto, c));
  return Status{};
}

}  // namespace gridcase
