// The early warnings of petitions and of cases found to be one matter (warning.hpp): group
// matters (群体性) and petition risk (越级、重复访), evaluated inside the write of the petition
// (or of the merge) from counters per key and day and from the petitioner's own petitions
// (found by ID number, as the acceptance check finds them). No scan of the cases.
#include <algorithm>
#include <set>

#include "warning_signals.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

namespace signals {

namespace {

bool petitioner(const CaseParty& p) { return p.role != PartyRole::kRespondent; }

// A subject with the matter, cut to a readable length.
std::string with_matter(const std::string& head, const std::string& matter) {
  constexpr std::size_t kMaxMatterShown = 60;
  return head + (utf8_length(matter) > kMaxMatterShown ? std::string(utf8_prefix(matter, kMaxMatterShown)) + "…"
                                                       : matter);
}

// Has the decision on petition `o` become final at `now`: concluded by re-review (终结), or
// decided and closed, or decided with the window to ask for a review (or re-review) run out?
bool decision_stands(const Case& o, TimeMs now) {
  const Petition& p = o.petition;
  if (p.concluded) return true;
  if (p.decision == PetitionDecision::kUnspecified) return false;
  if (o.state == CaseState::kClosed) return true;
  const ClockKind window = o.state == CaseState::kResolved   ? ClockKind::kReviewRequest
                           : o.state == CaseState::kReviewed ? ClockKind::kReReviewRequest
                                                             : ClockKind::kUnspecified;
  if (window == ClockKind::kUnspecified) return false;
  for (const CaseClock& k : o.clocks) {
    if (k.kind == window && k.run == ClockRun::kRunning && k.deadline != 0 && k.deadline <= now) return true;
  }
  return false;
}

// The counters of `key` over the window ending today, and their total.
Result<std::vector<std::pair<int, int>>> window_counts(ReadView& view, const std::string& key, int today, int window) {
  return view.signal_counts(key, today - window + 1, today);
}

}  // namespace

Status feed_petition_signals(MutationWrite& w, const WarningPolicy& policy, Crypto& crypto, const Case& c) {
  const OrgTree& tree = *w.config.tree;
  const OrgUnit* grid = tree.ancestor_of_type(c.location.unit_id, UnitType::kGrid);
  const UnitId unit = grid != nullptr ? grid->id : c.location.unit_id;
  const OrgUnit* sd = tree.ancestor_of_type(c.location.unit_id, UnitType::kSubDistrict);
  const std::string place = std::to_string(sd != nullptr ? sd->id : unit);
  const PetitionIntake& in = c.petition.intake;
  const std::string& matter = in.matter.empty() ? c.title : in.matter;
  const std::string matter_key = crypto.fingerprint("matter:" + place + ":" + matter);
  const int today = day_of(w.now);
  const int window = policy.repeat_days;

  // The petitioner the petition is counted under: the first party other than a respondent
  // with an ID number or a phone.
  int lead = -1;
  int petitioners = 0;
  std::string lead_key;
  for (std::size_t i = 0; i < c.parties.size(); ++i) {
    if (!petitioner(c.parties[i])) continue;
    ++petitioners;
    auto keys = person_keys(crypto, c.parties[i]);
    if (lead < 0 && !keys.empty()) {
      lead = static_cast<int>(i);
      lead_key = keys.front();
    }
  }
  const std::string who = lead >= 0 ? person_subject(c.parties[static_cast<std::size_t>(lead)],
                                                     !c.parties[static_cast<std::size_t>(lead)].id_number.empty())
                                    : std::string("信访人");

  // 群体性: the people of the petitions on this matter in the window. A petitioner coming again
  // is not more people: their earlier count moves to today, raised to this visit's if larger.
  {
    const int people = std::max({in.persons, petitioners, 1});
    const std::string key = "group:" + matter_key;
    int counted = people;
    if (!lead_key.empty()) {
      const std::string mine = "groupp:" + crypto.fingerprint(matter_key + ":" + lead_key);
      auto before = window_counts(w.view, mine, today, window);
      if (!before) return before.status();
      for (const auto& [day, n] : *before) {
        GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(key, day, -n));
        GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(mine, day, -n));
      }
      counted = std::max(people, total(*before));
      GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(mine, today, counted));
    }
    GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(key, today, counted));
    auto counts = window_counts(w.view, key, today, window);
    if (!counts) return counts.status();
    const int count = total(*counts);
    if (count >= policy.group_persons) {
      Met m;
      m.kind = WarningKind::kGroupMatter;
      m.keys = {key};
      m.unit_id = unit;
      m.subject = with_matter("信访事项 " + std::to_string(count) + "人：", matter);
      m.category_code = c.category_code;
      m.count = count;
      m.threshold = policy.group_persons;
      m.window_days = window;
      m.holds_until = day_begins(last_needed_day(*counts, policy.group_persons) + window);
      GRIDCASE_RETURN_IF_ERROR(raise_or_grow(w, policy, m, c));
    }
  }

  // 信访风险: once per condition, petitioner and matter while it holds.
  const std::string person = !lead_key.empty() ? lead_key : "case:" + std::to_string(c.id);
  auto risk = [&](const char* condition, std::string subject) -> Status {
    const std::string key = std::string("risk:") + condition + ":" + crypto.fingerprint(matter_key + ":" + person);
    GRIDCASE_RETURN_IF_ERROR(w.view.add_signal_count(key, today, 1));
    auto counts = window_counts(w.view, key, today, window);
    if (!counts) return counts.status();
    Met m;
    m.kind = WarningKind::kPetitionRisk;
    m.keys = {key};
    m.unit_id = unit;
    m.subject = std::move(subject);
    m.category_code = c.category_code;
    m.party_index = lead;
    m.count = total(*counts);
    m.threshold = 1;
    m.window_days = window;
    m.holds_until = day_begins(today + window);
    return raise_or_grow(w, policy, m, c);
  };
  const int above = static_cast<int>(in.received_level) - static_cast<int>(in.competent_level);
  if (in.received_level != AuthorityLevel::kUnspecified && in.competent_level != AuthorityLevel::kUnspecified &&
      above >= policy.petition_levels_above) {
    GRIDCASE_RETURN_IF_ERROR(risk("skip", with_matter("越级访 " + who + "（向" + label_zh(in.received_level) +
                                                          "提出，有权处理：" + label_zh(in.competent_level) + "）：",
                                                      matter)));
  }
  // 重复访: the same person's earlier petitions on the same matter, by ID number (any channel,
  // level or year), as the acceptance check (petition.hpp) finds them.
  std::set<std::string> ids;
  for (const CaseParty& p : c.parties) {
    if (petitioner(p) && !p.id_number.empty()) ids.insert(p.id_number);
  }
  std::string settled_in;
  for (const std::string& id : ids) {
    auto found = w.view.cases_by_id_number(id, 1000);
    if (!found) return found.status();
    for (const Case& o : *found) {
      if (o.id == c.id || o.kind != CaseKind::kPetition || o.petition.intake.matter != matter) continue;
      if (o.state == CaseState::kNotAccepted || o.state == CaseState::kMerged) continue;
      if (decision_stands(o, w.now)) {
        settled_in = o.number;
        break;
      }
    }
    if (!settled_in.empty()) break;
  }
  if (!settled_in.empty()) {
    GRIDCASE_RETURN_IF_ERROR(
        risk("again", with_matter("重复访 " + who + "（" + settled_in + "已处理终结）：", matter)));
  }
  return Status{};
}

Status feed_merge_signal(MutationWrite& w, Crypto& crypto, CaseId parent_id) {
  auto policy = current_warning_policy(w.view);
  if (!policy) return policy.status();
  auto parent = w.view.get_case(parent_id);
  if (!parent) return parent.status();
  auto children = w.view.merged_children(parent_id);
  if (!children) return children.status();
  // The people of the parent and the cases merged into it: each person (ID number or phone)
  // once, a party known by neither and the visitors beyond a petition's parties one each.
  std::set<std::string> persons;
  int others = 0;
  std::vector<CaseId> cases = {parent_id};
  auto count_case = [&](const Case& k) {
    int named = 0;
    for (const CaseParty& p : k.parties) {
      if (!petitioner(p)) continue;
      ++named;
      auto keys = person_keys(crypto, p);
      if (keys.empty()) {
        ++others;
      } else {
        persons.insert(keys.front());
      }
    }
    if (k.kind == CaseKind::kPetition) others += std::max(0, k.petition.intake.persons - named);
  };
  count_case(*parent);
  for (CaseId id : *children) {
    auto child = w.view.get_case(id);
    if (!child) return child.status();
    if (child->merged_into != parent_id) continue;
    count_case(*child);
    cases.push_back(id);
  }
  const int count = static_cast<int>(persons.size()) + others;
  if (count < policy->group_persons) return Status{};

  // One warning per parent: later merges add to it.
  const std::string key = "groupm:" + std::to_string(parent_id);
  auto held = w.view.latest_warning(key);
  if (!held && held.status().code() != Code::kNotFound) return held.status();
  if (held) {
    held->count = count;
    held->threshold = policy->group_persons;
    for (CaseId id : cases) {
      if (held->case_ids.size() < kMaxWarningCases &&
          std::find(held->case_ids.begin(), held->case_ids.end(), id) == held->case_ids.end()) {
        held->case_ids.push_back(id);
      }
    }
    return w.view.update_warning(*held);
  }
  const OrgTree& tree = *w.config.tree;
  const OrgUnit* grid = tree.ancestor_of_type(parent->location.unit_id, UnitType::kGrid);
  Warning raised;
  raised.kind = WarningKind::kGroupMatter;
  raised.unit_id = grid != nullptr ? grid->id : parent->location.unit_id;
  raised.key = key;
  raised.subject = with_matter("合并案件 " + parent->number + " " + std::to_string(count) + "人：", parent->title);
  raised.category_code = parent->category_code;
  raised.count = count;
  raised.threshold = policy->group_persons;
  raised.case_ids = cases;
  if (raised.case_ids.size() > kMaxWarningCases) raised.case_ids.resize(kMaxWarningCases);
  return raise(w, *policy, raised, parent_id,
               std::to_string(count) + " persons in " + std::to_string(cases.size()) + " merged cases (threshold " +
                   std::to_string(policy->group_persons) + ")");
}

}  // namespace signals
}  // namespace gridcase
