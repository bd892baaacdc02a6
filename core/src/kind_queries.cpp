// Engine queries of the kinds that carry law with them: the petition acceptance check and the
// mediation case file.
#include <set>

#include "case_rules.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/dossier.hpp"
#include "engine_core.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

Result<AcceptanceCheck> CaseQueries::check_petition(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  const TimeMs now = core_.clock.now();
  AcceptanceCheck out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    if (c->kind != CaseKind::kPetition) {
      return Status(reason::NOT_A_PETITION, "the acceptance check is for petitions");
    }
    std::set<std::string> ids;
    for (const auto& p : c->parties) {
      if (!p.id_number.empty()) ids.insert(p.id_number);
    }
    std::vector<Case> others;
    for (const auto& number : ids) {
      auto found = view.cases_by_id_number(number, 1000);
      if (!found) return found.status();
      for (auto& o : *found) others.push_back(std::move(o));
    }
    out = check_acceptance(*c, others, now);
    return Status{};
  });
  if (!s) return s;
  return out;
}

void CaseQueries::cases_of_person(UserId actor, const std::string& id_number, const std::string& reason,
                                  std::function<void(Result<std::vector<Case>>)> done) {
  if (id_number.empty() || id_number.size() > 30 || !is_clean_text(id_number, false)) {
    return done(Status(reason::BAD_ID_NUMBER, "an ID number of 1 to 30 characters is required"));
  }
  if (reason.empty() || utf8_length(reason) > kMaxReason || !is_clean_text(reason, true)) {
    return done(Status(reason::MISSING_FIELD, "a reason (up to 2000 characters) is required"));
  }
  OrgTreePtr tree = core_.tree();
  std::vector<Case> out;
  User viewer;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (user->id != kSystemActor && !role_may(user->role, Permission::kSeePersonalData)) {
      return role_refusal("this role may not look people up by ID number", Permission::kSeePersonalData);
    }
    auto found = view.cases_by_id_number(id_number, 200);
    if (!found) return found.status();
    for (auto& c : *found) {
      if (!sees(*tree, *user, c)) continue;
      // Whoever the case complains about does not learn who the confidential parties are.
      bool hidden = false;
      for (const auto& p : c.parties) hidden = hidden || (p.id_number == id_number && p.confidential);
      if (hidden && user->id != kSystemActor && complained_about(*tree, *user, c)) continue;
      out.push_back(std::move(c));
    }
    return Status{};
  });
  if (s.code() == Code::kPermissionDenied) core_.audit_denial(actor, 0, "FIND_PERSON", s);
  if (!s) return done(s);
  AuditEntry entry;
  entry.at = core_.clock.now();
  entry.kind = AuditKind::kReveal;
  entry.actor_id = viewer.id;
  entry.username = viewer.username;
  entry.detail = "cases of ID number " + mask_id_number(id_number) + " (" + std::to_string(out.size()) +
                 " found): " + reason;
  for (auto& c : out) {
    if (viewer.id != kSystemActor) present_to(*tree, viewer, c);
  }
  // The look-up is on record before the data leaves.
  after_audit(core_.repo, std::move(entry), std::move(out), std::move(done));
}

Result<std::vector<Case>> CaseQueries::cases_of_person_sync(UserId actor, const std::string& id_number,
                                                            const std::string& reason) {
  return wait_for<Result<std::vector<Case>>>([&](std::function<void(Result<std::vector<Case>>)> cb) {
    cases_of_person(actor, id_number, reason, std::move(cb));
  });
}

Result<std::string> CaseQueries::dossier(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  Case c;
  std::vector<Event> history;
  DossierNames names;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto found = visible_case(view, *tree, *user, id);
    if (!found) return found.status();
    if (found->kind != CaseKind::kDispute) {
      return Status(reason::NOT_A_DISPUTE, "the mediation case file is for disputes");
    }
    c = std::move(*found);
    if (user->id != kSystemActor) present_to(*tree, *user, c);
    auto h = view.case_history(id);
    if (!h) return h.status();
    history = std::move(*h);
    std::set<UserId> users{c.reporter_user_id, c.mediation.agreement.signing_mediator};
    for (UserId m : c.mediation.mediators) users.insert(m);
    for (const auto& ses : c.mediation.sessions) users.insert(ses.recorded_by);
    for (const auto& f : c.mediation.follow_ups) users.insert(f.by);
    for (UserId u : users) {
      if (u == 0) continue;
      auto found_user = view.get_user(u);
      if (found_user) names.users[u] = found_user->display_name;
    }
    return Status{};
  });
  if (!s) return s;
  for (UnitId u : {c.location.unit_id, c.handling_unit_id, c.mediation.committee_unit_id}) {
    if (const OrgUnit* unit = tree->find(u)) names.units[u] = unit->name;
  }
  // "邻里纠纷/漏水": the category under its parent, as people file it.
  const auto categories = core_.categories(CaseKind::kDispute);
  for (const Category& cat : categories) {
    if (cat.code != c.category_code) continue;
    names.category = cat.name;
    for (const Category& parent : categories) {
      if (parent.code == cat.parent_code) names.category = parent.name + "/" + cat.name;
    }
  }
  return render_dossier(c, history, names, core_.clock.now());
}

}  // namespace gridcase
