// Engine queries of the kinds that carry law with them: the petition acceptance check and the
// mediation case file.
#include <set>

#include "case_rules.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/dossier.hpp"
#include "engine_core.hpp"
#include "gridcase/identity.hpp"
#include "gridcase/names.hpp"
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
  PersonKey who;
  who.id_number = id_number;
  cases_of_person(actor, who, reason, std::move(done));
}

void CaseQueries::cases_of_person(UserId actor, const PersonKey& key, const std::string& reason,
                                  std::function<void(Result<std::vector<Case>>)> done) {
  PersonKey who = key;
  const int given = !who.id_number.empty() + !who.name.empty() + !who.phone.empty();
  if (given != 1) {
    return done(Status(reason::MISSING_FIELD, "查找当事人的案件：请给出身份证号、姓名或电话中的一项"));
  }
  if (!who.id_number.empty() && (who.id_number.size() > 30 || !is_clean_text(who.id_number, false))) {
    return done(Status(reason::BAD_ID_NUMBER, "an ID number of 1 to 30 characters is required"));
  }
  if (!who.name.empty()) {
    if (Status valid = rules::check_text(who.name, "name", kMaxName, false, true); !valid) return done(valid);
  }
  if (!who.phone.empty()) {
    if (Status valid = check_phone(who.phone, &who.phone); !valid) return done(valid);
  }
  if (reason.empty() || utf8_length(reason) > kMaxReason || !is_clean_text(reason, true)) {
    return done(Status(reason::MISSING_FIELD, "a reason (up to 2000 characters) is required"));
  }
  OrgTreePtr tree = core_.tree();
  std::vector<Case> out;
  User viewer;
  // Is this party (as stored) the person looked up?
  auto is_them = [&](const CaseParty& p) {
    return !who.id_number.empty() ? p.id_number == who.id_number
                                  : !who.name.empty() ? p.name == who.name : p.phone == who.phone;
  };
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (user->id != kSystemActor && !role_may(user->role, Permission::kSeePersonalData)) {
      return role_refusal("this role may not look people up", Permission::kSeePersonalData);
    }
    auto found = !who.id_number.empty() ? view.cases_by_id_number(who.id_number, 200)
                                        : view.cases_by_party(who.name, who.phone, 200);
    if (!found) return found.status();
    for (auto& c : *found) {
      if (!sees(*tree, *user, c)) continue;
      // Whoever the case complains about does not learn who the confidential parties are.
      bool hidden = false;
      for (const auto& p : c.parties) hidden = hidden || (is_them(p) && p.confidential);
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
  const std::string whom = !who.id_number.empty() ? "ID number " + mask_id_number(who.id_number)
                           : !who.name.empty()    ? "party name " + mask_name(who.name)
                                                  : "phone " + mask_phone(who.phone);
  entry.detail = "cases of " + whom + " (" + std::to_string(out.size()) + " found): " + reason;
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

Result<std::vector<Case>> CaseQueries::cases_of_person_sync(UserId actor, const PersonKey& who,
                                                            const std::string& reason) {
  return wait_for<Result<std::vector<Case>>>([&](std::function<void(Result<std::vector<Case>>)> cb) {
    cases_of_person(actor, who, reason, std::move(cb));
  });
}

Result<std::string> CaseQueries::dossier(UserId actor, CaseId id) {
  auto html = read_dossier(actor, id, false, nullptr);
  if (!html) return html.status();
  return std::move(html->first);
}

Result<std::pair<std::string, AuditEntry>> CaseQueries::read_dossier(UserId actor, CaseId id, bool archive,
                                                                      const std::string* reason) {
  OrgTreePtr tree = core_.tree();
  Case c;
  std::vector<Event> history;
  DossierNames names;
  AuditEntry entry;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    auto found = visible_case(view, *tree, *user, id);
    if (!found) return found.status();
    if (found->kind != CaseKind::kDispute) {
      return Status(reason::NOT_A_DISPUTE, "the mediation case file is for disputes");
    }
    if (archive && !may(*user, Permission::kSeePersonalData)) {
      return role_refusal(std::string("a ") + name(user->role) +
                              " may not print the case file for the archive (it shows personal data in full)",
                          Permission::kSeePersonalData);
    }
    c = std::move(*found);
    if (user->id != kSystemActor) {
      if (archive) present_revealed(*tree, *user, c);
      else present_to(*tree, *user, c);
    }
    if (archive) {
      entry.kind = AuditKind::kReveal;
      entry.actor_id = user->id;
      entry.username = user->username;
      entry.case_id = c.id;
      entry.detail = "case file of " + c.number + " for the archive (parties in full): " + *reason;
    }
    auto h = view.case_history(id);
    if (!h) return h.status();
    history = std::move(*h);
    std::set<UserId> users{c.reporter_user_id, c.mediation.agreement.signing_mediator};
    for (UserId m : c.mediation.mediators) users.insert(m);
    for (const auto& ses : c.mediation.sessions) users.insert(ses.recorded_by);
    for (const auto& f : c.mediation.follow_ups) users.insert(f.by);
    for (const auto& np : c.mediation.not_performed) users.insert(np.by);
    for (UserId u : users) {
      if (u == 0) continue;
      auto found_user = view.get_user(u);
      if (found_user) names.users[u] = found_user->display_name;
    }
    return Status{};
  });
  if (archive && s.code() == Code::kPermissionDenied) core_.audit_denial(actor, id, "ARCHIVE_DOSSIER", s);
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
  const TimeMs now = core_.clock.now();
  entry.at = now;
  return std::make_pair(render_dossier(c, history, names, now, archive ? DossierCopy::kArchive : DossierCopy::kDraft),
                        std::move(entry));
}

void CaseQueries::archive_dossier(UserId actor, CaseId id, const std::string& reason,
                                  std::function<void(Result<std::string>)> done) {
  if (Status valid = rules::check_text(reason, "reason", kMaxReason, true, true); !valid) return done(valid);
  auto read = read_dossier(actor, id, true, &reason);
  if (!read) return done(read.status());
  // The reveal is on record before the file leaves.
  after_audit(core_.repo, std::move(read->second), std::move(read->first), std::move(done));
}

Result<std::string> CaseQueries::archive_dossier_sync(UserId actor, CaseId id, const std::string& reason) {
  return wait_for<Result<std::string>>(
      [&](std::function<void(Result<std::string>)> cb) { archive_dossier(actor, id, reason, std::move(cb)); });
}

}  // namespace gridcase
