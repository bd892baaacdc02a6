// Property companies and residents' forums (property.hpp): the checks and figures (pure), the
// commands that record estates and forums and handle forum opinions (through the pipeline),
// and the read side (property_service.hpp).
#include "gridcase/property.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/property_service.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::Canon;
using rules::check_text;

namespace {

constexpr std::size_t kMaxEstateName = 100;
constexpr std::int64_t kMaxHouseholds = 1000000;
constexpr std::size_t kMaxPlace = 200;
constexpr std::int64_t kMaxAttendance = 100000;
constexpr std::size_t kMaxOpinions = 100;
constexpr std::size_t kMaxOpinion = 2000;
constexpr int kMaxDays = 20 * 366;
// The most cases one company's figures read (its communities' cases, newest first).
constexpr int kMaxCompanyCases = 200000;

bool forum_unit(UnitType t) { return t == UnitType::kCommunity || t == UnitType::kGrid; }

// The rule of case_commands.cpp's dispatch: a company in the caller's subtree, or attached to a
// unit above them.
bool sees_company(const OrgTree& tree, const User& user, const OrgUnit& company) {
  if (is_system(user)) return true;
  return tree.in_subtree(user.scope_unit_id, company.id) || tree.in_subtree(company.parent_id, user.scope_unit_id);
}

Status no_company() { return Status(reason::NOT_A_PROPERTY_COMPANY, "no such property company in your scope"); }

const OrgUnit* find_company(const OrgTree& tree, const User& user, UnitId id) {
  const OrgUnit* u = tree.find(id);
  if (u == nullptr || u->type != UnitType::kPropertyCompany || !sees_company(tree, user, *u)) return nullptr;
  return u;
}

Result<User> acting(Engine& engine, UserId actor) {
  auto user = engine.queries().user(actor);
  if (!user) return user.status();
  if (user->id != kSystemActor && !role_may(user->role, Permission::kViewCases)) {
    return role_refusal("this role may not view cases or their figures", Permission::kViewCases);
  }
  return user;
}

Status check_period(int from_day, int to_day) {
  if (from_day >= to_day || to_day - from_day > kMaxDays) {
    return Status(reason::BAD_PERIOD, "the period must be non-empty and at most 20 years");
  }
  return {};
}

bool ever_handled_by(const std::vector<Event>& history, UnitId company) {
  return std::any_of(history.begin(), history.end(), [&](const Event& e) { return e.handling_unit_id == company; });
}

}  // namespace

// ---- Checks and figures (pure) ---------------------------------------------------------------

Status check_new_estate(const NewEstate& e) {
  GRIDCASE_RETURN_IF_ERROR(check_text(e.request_id, "request_id", kMaxRequestId, false, true));
  if (e.company_id <= 0) return Status(reason::MISSING_FIELD, "the property company is required");
  if (e.community_id <= 0) return Status(reason::MISSING_FIELD, "the estate's community is required");
  if (e.name.empty() || utf8_length(e.name) > kMaxEstateName || e.households < 1 || e.households > kMaxHouseholds) {
    return Status(reason::BAD_ESTATE, "an estate needs a name of 1 to 100 characters and 1 to 1,000,000 households");
  }
  return check_text(e.name, "estate name", kMaxEstateName, false, true);
}

Status check_new_forum(const NewForum& f, int today) {
  GRIDCASE_RETURN_IF_ERROR(check_text(f.request_id, "request_id", kMaxRequestId, false, true));
  if (f.unit_id <= 0) return Status(reason::MISSING_FIELD, "the community that held the forum is required");
  if (f.held_on <= 0 || f.held_on > today) return Status(reason::BAD_FORUM, "the forum's date must not be after today");
  if (f.attendance < 0 || f.attendance > kMaxAttendance) {
    return Status(reason::BAD_FORUM, "the attendance must be 0 to 100,000");
  }
  if (f.opinions.size() > kMaxOpinions) return Status(reason::BAD_FORUM, "at most 100 opinions");
  GRIDCASE_RETURN_IF_ERROR(check_text(f.place, "place", kMaxPlace, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(f.note, "note", kMaxReason, true, false));
  for (const auto& o : f.opinions) GRIDCASE_RETURN_IF_ERROR(check_text(o, "opinion", kMaxOpinion, true, true));
  return {};
}

CompanyFigures company_figures(const OrgUnit& company, const std::vector<Estate>& estates,
                               const std::vector<Case>& candidates,
                               const std::vector<std::vector<Event>>& histories, int from_day, int to_day) {
  CompanyFigures out;
  out.company = company;
  for (const auto& e : estates) {
    if (e.company_id != company.id) continue;
    out.estates.push_back(e);
    out.households += e.households;
  }
  for (std::size_t i = 0; i < candidates.size() && i < histories.size(); ++i) {
    const Case& c = candidates[i];
    const int day = shanghai_day(c.created_at);
    if (day < from_day || day >= to_day) continue;
    if (c.complained_unit_id != company.id && c.handling_unit_id != company.id &&
        !ever_handled_by(histories[i], company.id)) {
      continue;
    }
    CaseFacts facts;
    for (const Event& e : histories[i]) fold(facts, e);
    out.counts += counts_of(facts);
    out.case_list.push_back(c);
  }
  std::sort(out.case_list.begin(), out.case_list.end(), [](const Case& a, const Case& b) { return a.id < b.id; });
  out.cases = static_cast<std::int64_t>(out.case_list.size());
  if (out.households > 0) out.per_1000 = static_cast<double>(out.cases) * 1000.0 / static_cast<double>(out.households);
  out.response = rate(out.counts, RateKind::kHotlineResponse);
  out.resolution = rate(out.counts, RateKind::kHotlineSolved);
  out.satisfaction = rate(out.counts, RateKind::kHotlineSatisfied);
  out.rework = rate(out.counts, RateKind::kRework);
  return out;
}

void rank_companies(std::vector<CompanyFigures>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const CompanyFigures& a, const CompanyFigures& b) {
    if (a.per_1000.has_value() != b.per_1000.has_value()) return a.per_1000.has_value();
    if (a.per_1000 && *a.per_1000 != *b.per_1000) return *a.per_1000 < *b.per_1000;
    const double sa = a.satisfaction.defined() ? a.satisfaction.value() : -1;
    const double sb = b.satisfaction.defined() ? b.satisfaction.value() : -1;
    if (sa != sb) return sa > sb;
    return a.company.id < b.company.id;
  });
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
}

ForumFigures forum_figures(UnitId unit, const std::vector<Forum>& forums, const std::vector<Case>& opinion_cases) {
  std::map<CaseId, CaseState> states;
  for (const Case& c : opinion_cases) states[c.id] = c.state;
  ForumFigures out;
  out.unit_id = unit;
  for (const Forum& f : forums) {
    ++out.forums;
    out.attendance += f.attendance;
    for (const ForumOpinion& o : f.opinions) {
      ++out.opinions;
      if (o.case_id != 0) {
        ++out.turned_into_cases;
        auto it = states.find(o.case_id);
        const CaseState s = it == states.end() ? CaseState::kUnspecified : it->second;
        if (s == CaseState::kClosed) {
          ++out.cases_closed;
        } else if (s == CaseState::kNotAccepted || s == CaseState::kMerged) {
          ++out.cases_other;
        } else {
          ++out.cases_open;
        }
      } else if (o.answered_at != 0) {
        ++out.answered;
      }
    }
  }
  return out;
}

// ---- Commands --------------------------------------------------------------------------------

namespace {

// Runs `m` and waits; `out` is what its closures filled in.
template <typename T>
Result<T> run_and_wait(CommandPipeline& pipeline, UserId actor, Mutation m, const std::shared_ptr<T>& out) {
  Status s = wait_for<Status>([&](std::function<void(Status)> cb) { pipeline.run(actor, std::move(m), std::move(cb)); });
  if (!s) return s;
  return *out;
}

Status forum_replay(MutationWrite& w, const RequestRecord& first, Forum& out) {
  auto stored = w.view.get_forum(first.made_id);
  if (!stored) return stored.status();
  out = std::move(*stored);
  return Status{};
}

// The forum `id` if the caller sees the unit that held it, and its opinion `n` (1-based).
Status forum_opinion(MutationWrite& w, std::int64_t id, int n, Forum& forum) {
  auto stored = w.view.get_forum(id);
  if (!stored) {
    if (stored.status().code() == Code::kNotFound) return Status(reason::FORUM_NOT_FOUND, "no such forum in your scope");
    return stored.status();
  }
  if (!sees_unit(*w.config.tree, w.actor, stored->unit_id)) {
    return Status(reason::FORUM_NOT_FOUND, "no such forum in your scope");
  }
  forum = std::move(*stored);
  if (n < 1 || static_cast<std::size_t>(n) > forum.opinions.size()) {
    return Status(reason::OPINION_NOT_FOUND, "the forum has no opinion " + std::to_string(n));
  }
  const ForumOpinion& o = forum.opinions[static_cast<std::size_t>(n - 1)];
  if (o.case_id != 0 || o.answered_at != 0) {
    return Status(reason::OPINION_HANDLED, "opinion " + std::to_string(n) + " has been handled already");
  }
  return {};
}

}  // namespace

Result<Estate> CaseCommands::add_estate(UserId actor, NewEstate req) {
  GRIDCASE_RETURN_IF_ERROR(check_new_estate(req));
  auto out = std::make_shared<Estate>();
  Mutation m;
  m.name = "ADD_ESTATE";
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(
      Canon().add(std::string("estate")).add(req.company_id).add(req.community_id).add(req.name).add(req.households).str());
  m.replay = [out](MutationWrite& w, const RequestRecord& first) -> Status {
    auto all = w.view.load_estates();
    if (!all) return all.status();
    for (const auto& e : *all) {
      if (e.id == first.made_id) *out = e;
    }
    return Status{};
  };
  m.apply = [req = std::move(req), out](MutationWrite& w) -> Status {
    const User& user = w.actor;
    const OrgTree& tree = *w.config.tree;
    if (!is_system(user) && user.role != Role::kSupervisor && user.role != Role::kAdmin) {
      return role_refusal("only supervisors and admins record the estates of property companies",
                          {Role::kSupervisor, Role::kAdmin});
    }
    const OrgUnit* company = find_company(tree, user, req.company_id);
    if (company == nullptr || company->retired) return no_company();
    const OrgUnit* community = tree.find(req.community_id);
    if (community == nullptr || community->retired || community->type != UnitType::kCommunity ||
        !sees_unit(tree, user, community->id)) {
      return Status(reason::ESTATE_OUTSIDE_SCOPE, "the estate must lie in an active community of your scope");
    }
    Estate e;
    e.company_id = company->id;
    e.community_id = community->id;
    e.name = req.name;
    e.households = req.households;
    e.created_at = w.now;
    auto id = w.view.insert_estate(e);
    if (!id) return id.status();
    w.made(0, 0, e.id);
    *out = e;
    return Status{};
  };
  return run_and_wait(core_.pipeline, actor, std::move(m), out);
}

Result<Forum> CaseCommands::record_forum(UserId actor, NewForum req) {
  GRIDCASE_RETURN_IF_ERROR(check_new_forum(req, shanghai_day(core_.clock.now())));
  auto out = std::make_shared<Forum>();
  Canon canon;
  canon.add(std::string("forum")).add(req.unit_id).add(req.held_on).add(req.place).add(req.attendance).add(req.note);
  for (const auto& o : req.opinions) canon.add(o);
  Mutation m;
  m.name = "RECORD_FORUM";
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(canon.str());
  m.replay = [out](MutationWrite& w, const RequestRecord& first) { return forum_replay(w, first, *out); };
  m.apply = [req = std::move(req), out](MutationWrite& w) -> Status {
    const User& user = w.actor;
    const OrgTree& tree = *w.config.tree;
    if (!may(user, Action::kCreate)) {
      return role_refusal(std::string("a ") + name(user.role) + " may not record forums", roles_that_may(Action::kCreate));
    }
    const OrgUnit* unit = tree.find(req.unit_id);
    if (unit == nullptr || !sees_unit(tree, user, unit->id)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    if (unit->retired || !forum_unit(unit->type)) {
      return Status(reason::BAD_FORUM, "a forum is held by an active community or grid");
    }
    Forum f;
    f.unit_id = unit->id;
    f.held_on = req.held_on;
    f.place = req.place;
    f.attendance = req.attendance;
    f.note = req.note;
    for (const auto& text : req.opinions) f.opinions.push_back(ForumOpinion{text, "", 0, 0, ""});
    f.version = 1;
    f.created_by = user.id;
    f.created_at = w.now;
    auto id = w.view.insert_forum(f);
    if (!id) return id.status();
    w.made(0, 0, f.id);
    *out = f;
    return Status{};
  };
  return run_and_wait(core_.pipeline, actor, std::move(m), out);
}

Result<Forum> CaseCommands::answer_opinion(UserId actor, OpinionAnswer req) {
  GRIDCASE_RETURN_IF_ERROR(check_text(req.request_id, "request_id", kMaxRequestId, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.answer, "answer", kMaxReason, true, true));
  if (req.forum_id <= 0) return Status(reason::MISSING_FIELD, "the forum is required");
  auto out = std::make_shared<Forum>();
  Mutation m;
  m.name = "ANSWER_OPINION";
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(
      Canon().add(std::string("answer")).add(req.forum_id).add(req.opinion).add(req.answer).str());
  m.replay = [out](MutationWrite& w, const RequestRecord& first) { return forum_replay(w, first, *out); };
  m.apply = [req = std::move(req), out](MutationWrite& w) -> Status {
    if (!may(w.actor, Action::kComment)) return role_refusal(w.actor, Action::kComment);
    Forum f;
    GRIDCASE_RETURN_IF_ERROR(forum_opinion(w, req.forum_id, req.opinion, f));
    ForumOpinion& o = f.opinions[static_cast<std::size_t>(req.opinion - 1)];
    o.answer = req.answer;
    o.answered_at = w.now;
    ++f.version;
    GRIDCASE_RETURN_IF_ERROR(w.view.update_forum(f));
    w.made(0, 0, f.id);
    *out = f;
    return Status{};
  };
  return run_and_wait(core_.pipeline, actor, std::move(m), out);
}

Result<Forum> CaseCommands::opinion_case(UserId actor, OpinionCase req) {
  if (req.forum_id <= 0) return Status(reason::MISSING_FIELD, "the forum is required");
  if (req.c.channel == Channel::kUnspecified) req.c.channel = Channel::kWalkIn;
  if (req.c.title.empty()) req.c.title = "恳谈会意见";
  GRIDCASE_RETURN_IF_ERROR(check_new_case(req.c));
  auto out = std::make_shared<Forum>();
  Mutation m;
  m.name = "OPINION_CASE";
  m.request_id = req.c.request_id;
  m.fingerprint = core_.crypto.fingerprint(Canon()
                                               .add(std::string("opinion-case"))
                                               .add(req.forum_id)
                                               .add(req.opinion)
                                               .add(req.c.kind)
                                               .add(req.c.category_code)
                                               .add(req.c.title)
                                               .add(req.c.location.unit_id)
                                               .add(req.c.complained_unit_id)
                                               .str());
  m.replay = [out](MutationWrite& w, const RequestRecord& first) { return forum_replay(w, first, *out); };
  m.apply = [this, req = std::move(req), out](MutationWrite& w) -> Status {
    if (!may(w.actor, Action::kCreate)) return role_refusal(w.actor, Action::kCreate);
    Forum f;
    GRIDCASE_RETURN_IF_ERROR(forum_opinion(w, req.forum_id, req.opinion, f));
    ForumOpinion& o = f.opinions[static_cast<std::size_t>(req.opinion - 1)];
    if (!w.config.tree->in_subtree(f.unit_id, req.c.location.unit_id)) {
      return Status(reason::BAD_LOCATION, "the case must lie in the unit that held the forum");
    }
    NewCase nc = req.c;
    if (nc.description.empty()) nc.description = o.text;
    Case c;
    Event e;
    e.details["forum_id"] = std::to_string(f.id);
    e.details["forum_opinion"] = std::to_string(req.opinion);
    e.details["forum_held_on"] = format_day(f.held_on);
    GRIDCASE_RETURN_IF_ERROR(insert_new_case(w, nc, c, e));
    o.case_id = c.id;
    o.case_number = c.number;
    ++f.version;
    GRIDCASE_RETURN_IF_ERROR(w.view.update_forum(f));
    w.made(c.id, c.version, f.id);
    *out = f;
    return Status{};
  };
  return run_and_wait(core_.pipeline, actor, std::move(m), out);
}

// ---- The read side ---------------------------------------------------------------------------

PropertyService::PropertyService(Engine& engine, Repository& repo) : engine_(engine), repo_(repo) {}

Result<std::vector<OrgUnit>> PropertyService::companies(UserId actor) {
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  OrgTreePtr tree = engine_.tree();
  std::vector<OrgUnit> out;
  for (const auto& u : tree->units()) {
    if (u.type == UnitType::kPropertyCompany && sees_company(*tree, *user, u)) out.push_back(u);
  }
  std::sort(out.begin(), out.end(), [](const OrgUnit& a, const OrgUnit& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<Estate>> PropertyService::estates(UserId actor, UnitId company_id) {
  auto companies = this->companies(actor);
  if (!companies) return companies.status();
  std::set<UnitId> seen;
  for (const auto& c : *companies) seen.insert(c.id);
  if (company_id != 0 && seen.count(company_id) == 0) return no_company();
  auto all = read_one(repo_, [](ReadView& v) { return v.load_estates(); });
  if (!all) return all.status();
  std::vector<Estate> out;
  for (const auto& e : *all) {
    if (seen.count(e.company_id) && (company_id == 0 || e.company_id == company_id)) out.push_back(e);
  }
  return out;
}

namespace {

// The cases that may be a company's, with their histories: those located in the communities of
// its estates or under the unit it hangs from, and those it handles now; the figures keep the
// ones it was complained about or handled.
Status company_candidates(ReadView& view, const OrgTree& tree, const OrgUnit& company,
                          const std::vector<Estate>& estates, std::vector<Case>& cases,
                          std::vector<std::vector<Event>>& histories) {
  std::set<UnitId> units{company.id};
  for (UnitId u : tree.subtree(company.parent_id, true)) units.insert(u);
  for (const auto& e : estates) {
    if (e.company_id != company.id) continue;
    for (UnitId u : tree.subtree(e.community_id, true)) units.insert(u);
  }
  CaseFilter filter;
  filter.units.assign(units.begin(), units.end());
  filter.limit = kMaxCompanyCases;
  auto found = view.list_cases(filter);
  if (!found) return found.status();
  cases = std::move(*found);
  histories.clear();
  for (const Case& c : cases) {
    auto h = view.case_history(c.id);
    if (!h) return h.status();
    histories.push_back(std::move(*h));
  }
  return {};
}

}  // namespace

Result<CompanyFigures> PropertyService::company_figures(UserId actor, UnitId company_id, int from_day, int to_day) {
  GRIDCASE_RETURN_IF_ERROR(check_period(from_day, to_day));
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  OrgTreePtr tree = engine_.tree();
  const OrgUnit* company = find_company(*tree, *user, company_id);
  if (company == nullptr) return no_company();
  CompanyFigures out;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto estates = view.load_estates();
    if (!estates) return estates.status();
    std::vector<Case> cases;
    std::vector<std::vector<Event>> histories;
    GRIDCASE_RETURN_IF_ERROR(company_candidates(view, *tree, *company, *estates, cases, histories));
    out = gridcase::company_figures(*company, *estates, cases, histories, from_day, to_day);
    return Status{};
  });
  if (!s) return s;
  for (Case& c : out.case_list) present(*tree, *user, c);
  return out;
}

Result<CompanyRanking> PropertyService::company_ranking(UserId actor, int from_day, int to_day) {
  GRIDCASE_RETURN_IF_ERROR(check_period(from_day, to_day));
  auto companies = this->companies(actor);
  if (!companies) return companies.status();
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  OrgTreePtr tree = engine_.tree();
  CompanyRanking out;
  if (const OrgUnit* scope = tree->find(user->scope_unit_id)) out.unit = *scope;
  out.from_day = from_day;
  out.to_day = to_day;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto estates = view.load_estates();
    if (!estates) return estates.status();
    for (const OrgUnit& company : *companies) {
      std::vector<Case> cases;
      std::vector<std::vector<Event>> histories;
      GRIDCASE_RETURN_IF_ERROR(company_candidates(view, *tree, company, *estates, cases, histories));
      out.rows.push_back(gridcase::company_figures(company, *estates, cases, histories, from_day, to_day));
      out.rows.back().case_list.clear();
    }
    return Status{};
  });
  if (!s) return s;
  rank_companies(out.rows);
  return out;
}

Result<Forum> PropertyService::forum(UserId actor, std::int64_t forum_id) {
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  auto f = read_one(repo_, [&](ReadView& v) { return v.get_forum(forum_id); });
  if (!f || !sees_unit(*engine_.tree(), *user, f->unit_id)) {
    if (f || f.status().code() == Code::kNotFound) return Status(reason::FORUM_NOT_FOUND, "no such forum in your scope");
    return f.status();
  }
  return f;
}

Result<std::vector<Forum>> PropertyService::forums(UserId actor, UnitId unit_id, int limit) {
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  OrgTreePtr tree = engine_.tree();
  const UnitId root = unit_id != 0 ? unit_id : user->scope_unit_id;
  if (tree->find(root) == nullptr || !sees_unit(*tree, *user, root)) {
    return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  }
  const int n = limit <= 0 ? 50 : std::min(limit, 500);
  const auto units = tree->subtree(root, true);
  return read_one(repo_, [&](ReadView& v) { return v.list_forums(units, n); });
}

Result<ForumReport> PropertyService::forum_figures(UserId actor, UnitId unit_id, int from_day, int to_day) {
  GRIDCASE_RETURN_IF_ERROR(check_period(from_day, to_day));
  auto user = acting(engine_, actor);
  if (!user) return user.status();
  OrgTreePtr tree = engine_.tree();
  const UnitId root = unit_id != 0 ? unit_id : user->scope_unit_id;
  const OrgUnit* unit = tree->find(root);
  if (unit == nullptr || !sees_unit(*tree, *user, root)) return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  ForumReport out;
  out.unit = *unit;
  out.from_day = from_day;
  out.to_day = to_day;
  std::vector<Forum> held;
  std::vector<Case> cases;
  Status s = repo_.read([&](ReadView& view) -> Status {
    auto all = view.list_forums(tree->subtree(root, true), 0);
    if (!all) return all.status();
    for (Forum& f : *all) {
      if (f.held_on < from_day || f.held_on >= to_day) continue;
      for (const auto& o : f.opinions) {
        if (o.case_id == 0) continue;
        auto c = view.get_case(o.case_id);
        if (c) cases.push_back(std::move(*c));
      }
      held.push_back(std::move(f));
    }
    return Status{};
  });
  if (!s) return s;
  out.total = gridcase::forum_figures(root, held, cases);
  for (UnitId id : tree->subtree(root, true)) {
    const OrgUnit* u = tree->find(id);
    if (u == nullptr || u->type != UnitType::kCommunity) continue;
    std::vector<Forum> mine;
    for (const Forum& f : held) {
      if (tree->in_subtree(id, f.unit_id)) mine.push_back(f);
    }
    out.communities.push_back(gridcase::forum_figures(id, mine, cases));
    out.community_units.push_back(*u);
  }
  return out;
}

}  // namespace gridcase
