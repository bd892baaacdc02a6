// Early warnings (warning.hpp): handling a warning, listing them, and the versioned thresholds.
// The signals themselves are computed in warning_signals.cpp as cases are written.
#include <algorithm>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/administration.hpp"
#include "gridcase/case_commands.hpp"
#include "gridcase/case_queries.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

Result<WarningPolicy> current_warning_policy(ReadView& view);  // warning_signals.cpp

bool warning_settled(WarningState state) {
  return state == WarningState::kCaseMade || state == WarningState::kLinked || state == WarningState::kDismissed;
}

Status check_warning_policy(const WarningPolicy& p) {
  auto in = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  if (!in(p.repeat_count, 2, 100)) return Status(reason::BAD_WARNING_POLICY, "repeat_count must be 2..100");
  if (!in(p.repeat_days, 1, 366)) return Status(reason::BAD_WARNING_POLICY, "repeat_days must be 1..366");
  if (!in(p.hot_window_days, 1, 90)) return Status(reason::BAD_WARNING_POLICY, "hot_window_days must be 1..90");
  if (!in(p.hot_baseline_days, 7, 366)) return Status(reason::BAD_WARNING_POLICY, "hot_baseline_days must be 7..366");
  if (!in(p.hot_min_count, 2, 1000)) return Status(reason::BAD_WARNING_POLICY, "hot_min_count must be 2..1000");
  if (!in(p.hot_factor_percent, 100, 10000)) {
    return Status(reason::BAD_WARNING_POLICY, "hot_factor_percent must be 100..10000");
  }
  if (!in(p.group_persons, 2, 1000)) return Status(reason::BAD_WARNING_POLICY, "group_persons must be 2..1000");
  if (!in(p.petition_levels_above, 1, 4)) {
    return Status(reason::BAD_WARNING_POLICY, "petition_levels_above must be 1..4");
  }
  if (!in(p.stalled_working_days, 1, 60)) {
    return Status(reason::BAD_WARNING_POLICY, "stalled_working_days must be 1..60");
  }
  return rules::check_text(p.basis, "basis", kMaxReason, false, false);
}

namespace {

constexpr int kDefaultWarningPage = 50;

Status check_warning_command(const WarningCommand& cmd) {
  GRIDCASE_RETURN_IF_ERROR(check_request_id(cmd.request_id));
  if (cmd.warning_id <= 0) return Status(reason::MISSING_FIELD, "warning_id is required");
  if (cmd.expected_version < 0) return Status(reason::BAD_VERSION, "expected_version must not be negative");
  switch (cmd.action) {
    case WarningAction::kAcknowledge:
    case WarningAction::kMakeCase:
      break;
    case WarningAction::kLinkCase:
      if (cmd.case_id <= 0) return Status(reason::MISSING_FIELD, "the case to link is required");
      break;
    case WarningAction::kDismiss:
      break;
    default:
      return Status(reason::BAD_WARNING_ACTION, "the action must be ACKNOWLEDGE, MAKE_CASE, LINK_CASE or DISMISS");
  }
  GRIDCASE_RETURN_IF_ERROR(rules::check_text(cmd.reason, "reason", kMaxReason, true,
                                             cmd.action == WarningAction::kDismiss));
  GRIDCASE_RETURN_IF_ERROR(rules::check_text(cmd.title, "title", kMaxTitle, false, false));
  return rules::check_text(cmd.category_code, "category", 64, false, false);
}

std::string canonical(const WarningCommand& cmd) {
  rules::Canon c;
  c.add(std::string("warning")).add(cmd.warning_id).add(cmd.expected_version).add(cmd.action).add(cmd.reason)
      .add(cmd.case_id).add(cmd.kind).add(cmd.category_code).add(cmd.title);
  return c.str();
}

// NOT_FOUND "WARNING_NOT_FOUND" for a warning outside the caller's scope, as for a missing one.
Result<Warning> visible_warning(ReadView& view, const OrgTree& tree, const User& user, std::int64_t id) {
  auto found = view.get_warning(id);
  if (!found) {
    if (found.status().code() == Code::kNotFound) return Status(reason::WARNING_NOT_FOUND, "no such warning");
    return found.status();
  }
  if (!sees_unit(tree, user, found->unit_id)) return Status(reason::WARNING_NOT_FOUND, "no such warning");
  return found;
}

AuditEntry warning_audit(const User& actor, TimeMs at, CaseId case_id, std::string detail) {
  AuditEntry e;
  e.at = at;
  e.kind = AuditKind::kWarning;
  e.actor_id = actor.id;
  e.username = actor.username;
  e.case_id = case_id;
  e.detail = std::move(detail);
  return e;
}

std::string title_of(const Warning& wn) {
  std::string title = std::string("预警转办：") + label_zh(wn.kind) + " " + wn.subject;
  if (utf8_length(title) > kMaxTitle) title = std::string(utf8_prefix(title, kMaxTitle));
  return title;
}

}  // namespace

void CaseCommands::handle_warning(UserId actor, WarningCommand cmd, WarningCallback done) {
  if (Status valid = check_warning_command(cmd); !valid) return done(valid);
  auto out = std::make_shared<Warning>();
  auto viewer = std::make_shared<User>();
  Mutation m;
  m.name = "HANDLE_WARNING";
  m.request_id = cmd.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(cmd));
  m.replay = [out, id = cmd.warning_id](MutationWrite& w, const RequestRecord&) -> Status {
    auto stored = w.view.get_warning(id);
    if (!stored) return stored.status();
    *out = std::move(*stored);
    return Status{};
  };
  m.apply = [this, cmd = std::move(cmd), out, viewer](MutationWrite& w) -> Status {
    const OrgTree& tree = *w.config.tree;
    *viewer = w.actor;
    if (!may(w.actor, Permission::kHandleWarnings)) {
      return role_refusal(std::string("a ") + name(w.actor.role) + " may not handle warnings",
                          Permission::kHandleWarnings);
    }
    auto found = visible_warning(w.view, tree, w.actor, cmd.warning_id);
    if (!found) return found.status();
    Warning wn = std::move(*found);
    if (warning_settled(wn.state)) {
      return Status(reason::WARNING_SETTLED, std::string("the warning is ") + name(wn.state) + " already");
    }
    if (cmd.expected_version != 0 && cmd.expected_version != wn.version) {
      return Status(reason::STALE_VERSION, "the warning is at version " + std::to_string(wn.version) + ", not " +
                                               std::to_string(cmd.expected_version));
    }
    WarningStep step;
    step.action = cmd.action;
    step.by = w.actor.id;
    step.at = w.now;
    step.reason = cmd.reason;
    switch (cmd.action) {
      case WarningAction::kAcknowledge:
        if (wn.state != WarningState::kOpen) {
          return Status(reason::WARNING_SETTLED, "the warning has been acknowledged already");
        }
        wn.state = WarningState::kAcknowledged;
        break;
      case WarningAction::kDismiss:
        wn.state = WarningState::kDismissed;
        break;
      case WarningAction::kLinkCase: {
        auto target = visible_case(w.view, tree, w.actor, cmd.case_id);
        if (!target) return target.status();
        wn.state = WarningState::kLinked;
        wn.case_id = target->id;
        step.case_id = target->id;
        break;
      }
      case WarningAction::kMakeCase: {
        if (wn.case_ids.empty()) return Status(reason::MISSING_FIELD, "the warning names no case to start from");
        auto first = w.view.get_case(wn.case_ids.front());
        if (!first) return first.status();
        NewCase nc;
        nc.request_id = cmd.request_id;
        nc.kind = cmd.kind != CaseKind::kUnspecified ? cmd.kind : first->kind;
        nc.category_code = !cmd.category_code.empty() ? cmd.category_code : first->category_code;
        nc.channel = Channel::kPatrol;
        nc.title = !cmd.title.empty() ? cmd.title : title_of(wn);
        nc.description = "由预警 #" + std::to_string(wn.id) + "（" + label_zh(wn.kind) + "）转为案件：" + wn.subject +
                         "，" + std::to_string(wn.window_days) + "天内" + std::to_string(wn.count) + "件" +
                         (cmd.reason.empty() ? std::string() : "。" + cmd.reason);
        nc.location = first->location;
        if (wn.party_index >= 0 && wn.party_index < static_cast<int>(first->parties.size())) {
          nc.parties.push_back(first->parties[static_cast<std::size_t>(wn.party_index)]);
        }
        GRIDCASE_RETURN_IF_ERROR(check_new_case(nc));
        Case c;
        Event e;
        e.details["warning_id"] = std::to_string(wn.id);
        GRIDCASE_RETURN_IF_ERROR(insert_new_case(w, nc, c, e));
        wn.state = WarningState::kCaseMade;
        wn.case_id = c.id;
        step.case_id = c.id;
        break;
      }
      default:
        return Status(reason::BAD_WARNING_ACTION, "unknown warning action");
    }
    wn.steps.push_back(step);
    ++wn.version;
    GRIDCASE_RETURN_IF_ERROR(w.view.update_warning(wn));
    AuditEntry audit = warning_audit(w.actor, w.now, step.case_id,
                                     std::string(name(cmd.action)) + " warning " + std::to_string(wn.id) +
                                         (cmd.reason.empty() ? std::string() : ": " + cmd.reason));
    GRIDCASE_RETURN_IF_ERROR(w.view.append_audit(audit));
    w.made(step.case_id, 0, wn.id);
    *out = std::move(wn);
    return Status{};
  };
  core_.pipeline.run(actor, std::move(m), [out, done = std::move(done)](Status s) {
    if (!s) return done(s);
    done(std::move(*out));
  });
}

Result<Warning> CaseCommands::handle_warning_sync(UserId actor, WarningCommand cmd) {
  return wait_for<Result<Warning>>([&](WarningCallback cb) { handle_warning(actor, std::move(cmd), std::move(cb)); });
}

Result<std::vector<Warning>> CaseQueries::list_warnings(UserId actor, UnitId unit, const WarningFilter& filter) {
  if (filter.limit < 0 || filter.limit > kMaxPageSize || filter.before_id < 0) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be 1..500");
  }
  OrgTreePtr tree = core_.tree();
  std::vector<Warning> out;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = authorised_user(view, actor, Permission::kHandleWarnings, "only supervisors see warnings");
    if (!user) return user.status();
    UnitId root = unit != 0 ? unit : user->scope_unit_id;
    if (tree->find(root) == nullptr || !sees_unit(*tree, *user, root)) {
      if (!is_system(*user) || unit != 0) return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    WarningFilter f = filter;
    if (f.limit == 0) f.limit = kDefaultWarningPage;
    if (root != 0 && tree->find(root) != nullptr) f.units = tree->subtree(root);
    auto found = view.list_warnings(f);
    if (!found) return found.status();
    out = std::move(*found);
    return Status{};
  });
  if (!s) return s;
  return out;
}

Result<Warning> CaseQueries::get_warning(UserId actor, std::int64_t id) {
  OrgTreePtr tree = core_.tree();
  return read_one(core_.repo, [&](ReadView& view) -> Result<Warning> {
    auto user = authorised_user(view, actor, Permission::kHandleWarnings, "only supervisors see warnings");
    if (!user) return user.status();
    return visible_warning(view, *tree, *user, id);
  });
}

Result<std::vector<WarningPolicy>> CaseQueries::warning_policies(UserId actor) {
  return read_one(core_.repo, [&](ReadView& view) -> Result<std::vector<WarningPolicy>> {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    if (!may(*user, Permission::kHandleWarnings) && !may(*user, Permission::kManageOrg)) {
      return role_refusal("only supervisors and admins read the warning thresholds",
                          std::vector<Role>{Role::kSupervisor, Role::kAdmin});
    }
    auto all = view.load_warning_policies();
    if (!all) return all.status();
    if (all->empty()) all->push_back(WarningPolicy{});
    return std::move(*all);
  });
}

void Administration::set_warning_policy(UserId actor, WarningPolicy policy, Callback<WarningPolicy> done) {
  if (Status valid = check_warning_policy(policy); !valid) return done(valid);
  auto out = std::make_shared<WarningPolicy>();
  Mutation m;
  m.name = "SET_WARNING_POLICY";
  m.apply = [policy = std::move(policy), out](MutationWrite& w) -> Status {
    if (!may(w.actor, Permission::kManageOrg)) {
      return role_refusal("only admins edit the warning thresholds", Permission::kManageOrg);
    }
    WarningPolicy p = policy;
    p.set_by = w.actor.id;
    p.set_at = w.now;
    GRIDCASE_RETURN_IF_ERROR(w.view.save_warning_policy(p));
    AuditEntry audit = warning_audit(
        w.actor, w.now, 0,
        "warning policy v" + std::to_string(p.version) + ": repeat " + std::to_string(p.repeat_count) + " in " +
            std::to_string(p.repeat_days) + " days; hot spot " + std::to_string(p.hot_window_days) + " days, min " +
            std::to_string(p.hot_min_count) + ", " + std::to_string(p.hot_factor_percent) + "% of " +
            std::to_string(p.hot_baseline_days) + " days; group " + std::to_string(p.group_persons) +
            " persons; petition " + std::to_string(p.petition_levels_above) + " level(s) above; stalled " +
            std::to_string(p.stalled_working_days) + " working days" + (p.basis.empty() ? std::string() : "; " + p.basis));
    GRIDCASE_RETURN_IF_ERROR(w.view.append_audit(audit));
    *out = std::move(p);
    return Status{};
  };
  core_.pipeline.run(actor, std::move(m), [out, done = std::move(done)](Status s) {
    if (!s) return done(s);
    done(std::move(*out));
  });
}

Result<WarningPolicy> Administration::set_warning_policy_sync(UserId actor, WarningPolicy policy) {
  return wait_for<Result<WarningPolicy>>(
      [&](Callback<WarningPolicy> cb) { set_warning_policy(actor, std::move(policy), std::move(cb)); });
}

}  // namespace gridcase
