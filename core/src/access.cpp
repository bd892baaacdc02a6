#include "gridcase/access.hpp"

#include <algorithm>

#include "gridcase/action_table.hpp"
#include "gridcase/lifecycle.hpp"


namespace gridcase {

bool role_may(Role role, Action action) {
  // Who may do what is a column of the action table.
  const ActionSpec* spec = action_spec(action);
  return spec != nullptr && std::find(spec->roles.begin(), spec->roles.end(), role) != spec->roles.end();
}

bool role_may(Role role, Permission permission) {
  switch (permission) {
    case Permission::kViewCases:
    case Permission::kSubscribe:
      return role != Role::kUnspecified;
    case Permission::kSeePersonalData:
      return role == Role::kSupervisor || role == Role::kIntakeClerk ||
             role == Role::kMediator || role == Role::kHandler;
    case Permission::kHandleWarnings:
      return role == Role::kSupervisor;
    case Permission::kManageUsers:
    case Permission::kManageOrg:
      return role == Role::kAdmin;
  }
  return false;
}

namespace {

template <typename What>
std::vector<Role> roles_with(What what) {
  std::vector<Role> out;
  for (Role r : {Role::kGridWorker, Role::kMediator, Role::kHandler, Role::kIntakeClerk, Role::kSupervisor,
                 Role::kAdmin}) {
    if (role_may(r, what)) out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<Role> roles_that_may(Action action) { return roles_with(action); }
std::vector<Role> roles_that_may(Permission permission) { return roles_with(permission); }

bool case_in_scope(const OrgTree& tree, const User& user, const Case& c) {
  return tree.in_subtree(user.scope_unit_id, c.location.unit_id) ||
         tree.in_subtree(user.scope_unit_id, c.handling_unit_id) ||
         whistled_into(tree, user.scope_unit_id, c.whistle);
}

namespace {

// Byte offsets of the UTF-8 characters of s.
std::vector<std::size_t> char_starts(const std::string& s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) out.push_back(i);
  }
  return out;
}

// Keeps `head` characters and `tail` characters, stars in between (one per hidden character).
std::string keep_ends(const std::string& s, std::size_t head, std::size_t tail) {
  auto starts = char_starts(s);
  std::size_t n = starts.size();
  if (n == 0) return s;
  if (head + tail >= n) {  // too short to show both ends: show the first character only
    head = n > 1 ? 1 : 0;
    tail = 0;
  }
  std::string out = s.substr(0, head < n ? starts[head] : s.size());
  out.append(n - head - tail, '*');
  if (tail > 0) out += s.substr(starts[n - tail]);
  return out;
}

}  // namespace

std::string mask_phone(const std::string& phone) {
  if (phone.empty()) return phone;
  if (char_starts(phone).size() >= 11) return keep_ends(phone, 3, 4);
  return keep_ends(phone, 2, 2);
}

std::string mask_id_number(const std::string& id) {
  if (id.empty()) return id;
  if (char_starts(id).size() >= 15) return keep_ends(id, 3, 4);
  return keep_ends(id, 1, 1);
}

std::string mask_name(const std::string& name) { return keep_ends(name, 1, 0); }

void mask_parties(Case& c) {
  c.hazard.responsible.contact = mask_phone(c.hazard.responsible.contact);
  for (auto& p : c.parties) {
    p.phone = mask_phone(p.phone);
    p.id_number = mask_id_number(p.id_number);
    if (p.confidential) p.name = mask_name(p.name);
  }
  // The agreement's details of each party (art. 29) are personal data as well.
  for (auto& d : c.mediation.agreement.party_details) {
    for (std::string* v : {&d.ethnicity, &d.occupation, &d.address}) {
      if (!v->empty()) *v = "***";
    }
  }
}

bool complained_about(const OrgTree& tree, const User& viewer, const Case& c) {
  return c.complained_unit_id != 0 && tree.in_subtree(c.complained_unit_id, viewer.scope_unit_id);
}

void present_revealed(const OrgTree& tree, const User& viewer, Case& c) {
  if (complained_about(tree, viewer, c)) {
    const bool accuser_hidden = std::any_of(c.parties.begin(), c.parties.end(),
                                            [](const CaseParty& p) { return p.confidential; });
    // What is kept per party (consents, signatures) follows the parties that stay.
    std::vector<Consent> consents;
    std::vector<SignMark> marks;
    std::vector<PartyDetails> details;
    std::vector<TimeMs> signed_at;
    std::vector<CaseParty> kept;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
      if (c.parties[i].confidential) continue;
      kept.push_back(c.parties[i]);
      if (i < c.mediation.consents.size()) consents.push_back(c.mediation.consents[i]);
      if (i < c.mediation.agreement.party_marks.size()) marks.push_back(c.mediation.agreement.party_marks[i]);
      if (i < c.mediation.agreement.party_details.size()) details.push_back(c.mediation.agreement.party_details[i]);
      if (i < c.mediation.agreement.party_signed_at.size()) signed_at.push_back(c.mediation.agreement.party_signed_at[i]);
    }
    c.parties = std::move(kept);
    c.mediation.consents = std::move(consents);
    c.mediation.agreement.party_marks = std::move(marks);
    c.mediation.agreement.party_details = std::move(details);
    c.mediation.agreement.party_signed_at = std::move(signed_at);
    if (accuser_hidden) {
      // 信访工作条例 art. 30: neither the accuser's identity nor their material.
      if (c.kind == CaseKind::kPetition) c.description = "（检举控告材料，不向被反映单位提供）";
      c.petition.intake.representatives.clear();
      for (auto& n : c.petition.notices) n.text = "（告知书载有信访人身份，不向被反映单位提供）";
      c.mediation.agreement.parties_info.clear();
      for (auto& s : c.mediation.sessions) s.attendees.clear();
    }
  }
}

void present_to(const OrgTree& tree, const User& viewer, Case& c) {
  present_revealed(tree, viewer, c);
  mask_parties(c);
}

std::vector<Action> actions_now(const OrgTree& tree, const User& user, const Case& c) {
  const bool system = user.id == kSystemActor;
  const bool mediation_set = c.mediation.committee_unit_id != 0;
  const auto& calls = c.whistle.calls;
  const bool to_check_in = std::any_of(calls.begin(), calls.end(), [&](const WhistleCall& call) {
    return call.checked_in_at == 0 && (system || tree.in_subtree(user.scope_unit_id, call.department_id));
  });
  const bool to_rate = std::any_of(calls.begin(), calls.end(), [](const WhistleCall& call) {
    return call.checked_in_at != 0 && call.rating == 0;
  });
  const bool running = std::any_of(c.clocks.begin(), c.clocks.end(), [](const CaseClock& k) {
    return k.run == ClockRun::kRunning;
  });
  std::vector<Action> out;
  for (Action a : allowed_actions(c.state)) {
    if (!is_command(a) || !applies_to(c.kind, a) || !(system || role_may(user.role, a))) continue;
    bool now = true;
    switch (a) {
      case Action::kDecideExtension: now = c.extension_clock != ClockKind::kUnspecified; break;
      case Action::kRequestExtension: now = c.extension_clock == ClockKind::kUnspecified && running; break;
      case Action::kCheckIn: now = to_check_in; break;
      case Action::kRateDepartment: now = to_rate; break;
      case Action::kRequestMediation: now = c.mediation.mediators.empty(); break;
      case Action::kAgreementNotPerformed: now = c.outcome == Outcome::kAgreement; break;
      case Action::kRecordConsent:
      case Action::kRecordSession:
      case Action::kDraftAgreement:
      case Action::kSignAgreement: now = mediation_set; break;
      case Action::kReinspect:
        now = c.hazard.awaiting_reinspection;
        break;
      case Action::kResolve:
      case Action::kClose: now = c.kind != CaseKind::kHazard; break;  // 销号 is the re-inspection's
      default: break;
    }
    if (now) out.push_back(a);
  }
  return out;
}

}  // namespace gridcase
