// Related cases: links between cases, the merged children that follow their parent, and
// unmerging (related.hpp).
#include "gridcase/related.hpp"

#include <algorithm>
#include <optional>

#include "gridcase/access.hpp"
#include "gridcase/deadlines.hpp"
#include "case_rules.hpp"
#include "engine_core.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"
#include "command_pipeline.hpp"
#include "scope.hpp"
#include "wait.hpp"

namespace gridcase {

namespace {


Status check_relate(const RelateCommand& cmd, bool needs_other) {
  if (cmd.request_id.empty() || cmd.request_id.size() > 100 || !is_clean_text(cmd.request_id, false)) {
    return Status(reason::MISSING_FIELD, "request_id is required (one line, at most 100 characters)");
  }
  if (cmd.case_id <= 0) return Status(reason::MISSING_FIELD, "case_id is required");
  if (cmd.expected_version < 0) return Status(reason::BAD_VERSION, "expected_version must not be negative");
  if (!is_clean_text(cmd.reason, true) || utf8_length(cmd.reason) > 2000) {
    return Status(reason::BAD_TEXT, "the reason is at most 2000 characters");
  }
  if (needs_other && (cmd.other_case_id <= 0 || cmd.other_case_id == cmd.case_id)) {
    return Status(reason::BAD_LINK_TARGET, "a case is linked to another case");
  }
  return {};
}

std::string canonical(const char* what, const RelateCommand& cmd) {
  return std::string(what) + "|" + std::to_string(cmd.case_id) + "|" + std::to_string(cmd.other_case_id) + "|" +
         std::to_string(cmd.expected_version) + "|" + cmd.reason;
}


}  // namespace

Status CaseCommands::follow_parent(MutationWrite& w, const Case& parent) {
  WriteView& view = w.view;
  const UserId actor = w.actor.id;
  const TimeMs now = w.now;
  const WorkingCalendar& cal = *w.config.calendar;
  if (parent.state != CaseState::kResolved && parent.state != CaseState::kClosed) return {};
  auto children = view.merged_children(parent.id);
  if (!children) return children.status();
  for (CaseId id : *children) {
    auto loaded = view.get_case(id);
    if (!loaded) return loaded.status();
    Case child = std::move(*loaded);
    const bool follows = child.state == CaseState::kMerged ||
                         (child.state == CaseState::kResolved && parent.state == CaseState::kClosed);
    if (child.merged_into != parent.id || !follows) continue;
    const CaseState from_state = child.state;
    const Action action = parent.state == CaseState::kResolved ? Action::kResolve : Action::kClose;
    if (from_state == CaseState::kMerged) {
      for (auto& clock : child.clocks) resume_clock(clock, now, cal);
      child.outcome = parent.outcome;
    }
    child.state = parent.state;
    rules::apply_clock_hooks(child, action, now, cal);
    ++child.version;
    child.updated_at = now;
    GRIDCASE_RETURN_IF_ERROR(view.update_case(child));
    Event e = event_on(child, actor, now, action, from_state, child.level);
    e.reason = "随合并的主案件" + std::string(action == Action::kResolve ? "办结" : "结案");
    e.details["parent_case_id"] = std::to_string(parent.id);
    e.details["parent"] = parent.number;
    if (action == Action::kResolve) e.details["outcome"] = name(child.outcome);
    GRIDCASE_RETURN_IF_ERROR(w.append(e));
  }
  return {};
}

void CaseCommands::link_cases(UserId actor, RelateCommand cmd, bool link, CaseCallback done) {
  Status valid = check_relate(cmd, true);
  if (!valid) {
    done(valid);
    return;
  }
  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = link ? "LINK" : "UNLINK";
  m.case_id = cmd.case_id;
  m.request_id = cmd.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(link ? "link" : "unlink", cmd));
  m.apply = [cmd = std::move(cmd), link, state](MutationWrite& w) -> Status {
    WriteView& view = w.view;
    const User* user = &w.actor;
    const UserId actor = user->id;
    const OrgTree* tree = w.config.tree.get();
    state->viewer = *user;
    std::vector<Case> both;
    for (CaseId id : {cmd.case_id, cmd.other_case_id}) {
      auto c = visible_case(view, *tree, *user, id);
      if (!c) return c.status();
      both.push_back(std::move(*c));
    }
    if (user->id != kSystemActor && !role_may(user->role, link ? Action::kLink : Action::kUnlink)) {
      return role_refusal(std::string("a ") + name(user->role) + " may not link cases", roles_that_may(Action::kLink));
    }
    if (cmd.expected_version != 0 && cmd.expected_version != both[0].version) {
      return Status(reason::STALE_VERSION, "the case is at version " + std::to_string(both[0].version) + ", not " +
                                          std::to_string(cmd.expected_version));
    }
    const TimeMs now = w.now;
    if (link) {
      CaseLink l;
      l.case_id = std::min(cmd.case_id, cmd.other_case_id);
      l.other_case_id = std::max(cmd.case_id, cmd.other_case_id);
      l.linked_by = actor;
      l.linked_at = now;
      l.reason = cmd.reason;
      GRIDCASE_RETURN_IF_ERROR(view.insert_link(l));
    } else {
      GRIDCASE_RETURN_IF_ERROR(view.delete_link(cmd.case_id, cmd.other_case_id));
    }
    for (std::size_t i = 0; i < 2; ++i) {
      Case& c = both[i];
      const Case& other = both[1 - i];
      ++c.version;
      c.updated_at = now;
      GRIDCASE_RETURN_IF_ERROR(view.update_case(c));
      Event e = event_on(c, actor, now, link ? Action::kLink : Action::kUnlink, c.state, c.level);
      e.reason = cmd.reason;
      e.details["other_case_id"] = std::to_string(other.id);
      e.details["other"] = other.number;
      GRIDCASE_RETURN_IF_ERROR(w.append(e));
      if (i == 0) state->result.events.push_back(std::move(e));
    }
    w.made(both[0].id, both[0].version);
    state->result.c = std::move(both[0]);
    state->result.applied_version = state->result.c.version;
    return Status{};
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

void CaseCommands::unmerge_case(UserId actor, RelateCommand cmd, CaseCallback done) {
  Status valid = check_relate(cmd, false);
  if (!valid) {
    done(valid);
    return;
  }
  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = "UNMERGE";
  m.case_id = cmd.case_id;
  m.request_id = cmd.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical("unmerge", cmd));
  m.apply = [cmd = std::move(cmd), state](MutationWrite& w) -> Status {
    WriteView& view = w.view;
    const User* user = &w.actor;
    const UserId actor = user->id;
    const OrgTree* tree = w.config.tree.get();
    const WorkingCalendar* cal = w.config.calendar.get();
    state->viewer = *user;
    auto loaded = visible_case(view, *tree, *user, cmd.case_id);
    if (!loaded) return loaded.status();
    Case child = std::move(*loaded);
    if (user->id != kSystemActor && !role_may(user->role, Action::kUnmerge)) {
      return role_refusal(std::string("a ") + name(user->role) + " may not unmerge cases",
                          roles_that_may(Action::kUnmerge));
    }
    if (cmd.expected_version != 0 && cmd.expected_version != child.version) {
      return Status(reason::STALE_VERSION, "the case is at version " + std::to_string(child.version) + ", not " +
                                          std::to_string(cmd.expected_version));
    }
    if (child.merged_into == 0) return Status(reason::NOT_MERGED, "the case is not merged into another");
    auto parent_loaded = view.get_case(child.merged_into);
    if (!parent_loaded) return parent_loaded.status();
    Case parent = std::move(*parent_loaded);
    if (!is_open(parent.state)) {
      return Status(reason::PARENT_NOT_OPEN, "the case it was merged into is " +
                                                        std::string(name(parent.state)) +
                                                        ": unmerge only while it is open");
    }
    if (child.state != CaseState::kMerged) {
      return Status(reason::NOT_MERGED, std::string("a ") + name(child.state) + " case is not merged");
    }
    // The state it had: the one its MERGE event left.
    auto history = view.case_history(child.id);
    if (!history) return history.status();
    CaseState restored = CaseState::kAccepted;
    for (auto it = history->rbegin(); it != history->rend(); ++it) {
      if (it->action == Action::kMerge && it->to_state == CaseState::kMerged) {
        restored = it->from_state;
        break;
      }
    }
    const TimeMs now = w.now;
    child.state = restored;
    child.merged_into = 0;
    for (auto& clock : child.clocks) resume_clock(clock, now, *cal);
    rules::apply_clock_hooks(child, Action::kUnmerge, now, *cal);
    ++child.version;
    child.updated_at = now;
    GRIDCASE_RETURN_IF_ERROR(view.update_case(child));
    Event e = event_on(child, actor, now, Action::kUnmerge, CaseState::kMerged, child.level);
    e.reason = cmd.reason;
    e.details["parent_case_id"] = std::to_string(parent.id);
    e.details["parent"] = parent.number;
    GRIDCASE_RETURN_IF_ERROR(w.append(e));

    ++parent.version;
    parent.updated_at = now;
    GRIDCASE_RETURN_IF_ERROR(view.update_case(parent));
    Event pe = event_on(parent, actor, now, Action::kUnmerge, parent.state, parent.level);
    pe.reason = cmd.reason;
    pe.details["merged_case_id"] = std::to_string(child.id);
    pe.details["merged"] = child.number;
    GRIDCASE_RETURN_IF_ERROR(w.append(pe));
    w.made(child.id, child.version);
    w.due(child.next_due);
    state->result.events.push_back(std::move(e));
    state->result.c = std::move(child);
    state->result.applied_version = state->result.c.version;
    return Status{};
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

Result<CaseResult> CaseCommands::link_cases_sync(UserId actor, RelateCommand cmd, bool link) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { link_cases(actor, std::move(cmd), link, std::move(cb)); });
}

Result<CaseResult> CaseCommands::unmerge_case_sync(UserId actor, RelateCommand cmd) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { unmerge_case(actor, std::move(cmd), std::move(cb)); });
}

Result<RelatedCases> CaseQueries::related_cases(UserId actor, CaseId id) {
  OrgTreePtr tree = core_.tree();
  RelatedCases out;
  User viewer;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    auto c = visible_case(view, *tree, *user, id);
    if (!c) return c.status();
    auto links = view.list_links(id);
    if (!links) return links.status();
    std::vector<CaseId> linked;
    for (const auto& l : *links) linked.push_back(l.case_id == id ? l.other_case_id : l.case_id);
    auto children = view.merged_children(id);
    if (!children) return children.status();
    for (int part = 0; part < 2; ++part) {
      for (CaseId other : part == 0 ? linked : *children) {
        auto o = view.get_case(other);
        if (!o) {
          if (o.status().code() == Code::kNotFound) continue;
          return o.status();
        }
        if (!sees(*tree, *user, *o)) continue;
        (part == 0 ? out.linked : out.merged).push_back(std::move(*o));
      }
    }
    return Status{};
  });
  if (!s) return s;
  if (viewer.id != kSystemActor) {
    for (auto* list : {&out.linked, &out.merged}) {
      for (auto& c : *list) present_to(*tree, viewer, c);
    }
  }
  return out;
}

}  // namespace gridcase
