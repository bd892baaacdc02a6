// Case commands (case_commands.hpp): creating a case and its lifecycle and kind steps, each run
// through the command pipeline. Inspections and plans are in hazard.cpp, attachments in
// evidence.cpp, links and unmerging in related.cpp; the kinds' own rules in *_rules.cpp.
#include "gridcase/case_commands.hpp"

#include <algorithm>
#include <cstdio>

#include "case_rules.hpp"
#include "command_pipeline.hpp"
#include "warning_signals.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "wait.hpp"
#include "gridcase/access.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/duplicates.hpp"
#include "gridcase/identity.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

using rules::Canon;
using rules::check_enum;
using rules::check_text;

namespace {

constexpr std::size_t kMaxPhone = 30;
constexpr std::size_t kMaxIdNumber = 30;
constexpr std::size_t kMaxAddress = 300;

// A party as given, its phone and ID number checked (identity.hpp) and stored in one form.
// `today`: yyyymmdd in Asia/Shanghai, the latest birth date an ID number may carry.
Status check_party(CaseParty& p, int index, int today) {
  const std::string who = "第" + std::to_string(index + 1) + "位当事人";
  GRIDCASE_RETURN_IF_ERROR(check_text(p.name, "party name", kMaxName, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(p.phone, "party phone", kMaxPhone, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(p.id_number, "party ID number", kMaxIdNumber, false, false));
  if (has_number_run(p.name)) {
    return Status(reason::PARTY_NAME_HAS_NUMBER, who + "的姓名“" + p.name +
                                                     "”中含有一串数字：电话号码和身份证号请分别填写，不要写进姓名");
  }
  if (!p.phone.empty()) {
    Status st = check_phone(p.phone, &p.phone);
    if (!st) return st.with_message(who + "：" + st.message());
  }
  if (!p.id_number.empty()) {
    Status st = check_id_number(p.id_number, today, &p.id_number);
    if (!st) return st.with_message(who + "：" + st.message());
  }
  return check_enum(p.role, PartyRole::kOther, "party role", false);
}

// ---- Fingerprints: a canonical rendering of a request's content ----

std::string canonical(const NewCase& r) {
  Canon c;
  c.add(std::string("create")).add(r.kind).add(r.category_code).add(r.channel).add(r.title)
      .add(r.description).add(r.location.unit_id).add(r.location.address)
      .add(r.location.has_coordinates).add(r.location.lat).add(r.location.lon).add(r.priority)
      .add(r.complained_unit_id);
  for (const auto& p : r.parties) c.add(p.name).add(p.phone).add(p.id_number).add(p.role).add(p.confidential);
  // Only petitions and hotline orders add anything: the fingerprints of other requests stay as they were stored.
  if (const std::string intake = rules::canonical_intake(r); !intake.empty()) c.add(intake);
  return c.str();
}

std::string canonical(const CaseCommand& r) {
  Canon c;
  c.add(r.action).add(r.case_id).add(r.expected_version).add(r.reason).add(r.unit_id)
      .add(r.user_id).add(r.outcome).add(r.escalation_reason).add(r.police_notified)
      .add(r.into_case_id);
  // Extension and urge fields join only when set: fingerprints stored without them stay valid.
  if (r.clock != ClockKind::kUnspecified || r.extension_amount != 0 || r.approve || r.target_at != 0) {
    c.add(std::string("deadline")).add(r.clock).add(r.extension_amount).add(r.approve).add(r.target_at);
  }
  if (const std::string step = rules::canonical_step(r); !step.empty()) c.add(step);
  return c.str();
}

bool is_side_body(UnitType t) {
  return t == UnitType::kMediationCommittee || t == UnitType::kPropertyCompany ||
         t == UnitType::kDepartment;
}

// A user may hand work to units in their own subtree, and to the side bodies (committees,
// property companies, departments) attached to any unit above them.
bool may_dispatch_to(const OrgTree& tree, UnitId scope, const OrgUnit& target) {
  if (tree.in_subtree(scope, target.id)) return true;
  return is_side_body(target.type) && tree.in_subtree(target.parent_id, scope);
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string category_name(const std::vector<Category>& all, const std::string& code) {
  auto it = std::find_if(all.begin(), all.end(), [&](const Category& c) { return c.code == code; });
  return it == all.end() ? code : it->name;
}

// A location as people name it: the unit, then the address.
std::string place_name(const OrgTree& tree, const Location& l) {
  const OrgUnit* unit = tree.find(l.unit_id);
  std::string out = unit != nullptr ? unit->name : "";
  if (!l.address.empty()) out += (out.empty() ? "" : " ") + l.address;
  return out.empty() ? "未填地点" : out;
}

std::string format_number(const std::string& prefix, int year, std::int64_t seq) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%04d-%06lld", prefix.c_str(), year,
                static_cast<long long>(seq));
  return buf;
}

}  // namespace

void CaseCommands::run_case_mutation(UserId actor, Mutation m, std::shared_ptr<CaseMutation> state, CaseCallback done) {
  if (!m.replay) {
    // A resend answers the case as it is now, with the version the first call left.
    m.replay = [state](MutationWrite& w, const RequestRecord& first) -> Status {
      state->viewer = w.actor;
      auto c = w.view.get_case(first.case_id);
      if (!c) return c.status();
      state->result.c = std::move(*c);
      state->result.replayed = true;
      state->result.applied_version = first.version;
      return {};
    };
  }
  core_.pipeline.run(actor, std::move(m), [this, state, done = std::move(done)](Status s) {
    if (!s) {
      done(s);
      return;
    }
    const OrgTreePtr tree = core_.tree();
    present(*tree, state->viewer, state->result.c);
    for (auto& c : state->result.duplicates) present(*tree, state->viewer, c);
    done(std::move(state->result));
  });
}

Status CaseCommands::check_new_case(NewCase& req) const {
  if (req.priority == Priority::kUnspecified) req.priority = Priority::kNormal;
  rules::prepare_intake(req);
  GRIDCASE_RETURN_IF_ERROR(check_request_id(req.request_id));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.kind, CaseKind::kIncident, "kind", true));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.channel, Channel::kFax, "channel", true));
  GRIDCASE_RETURN_IF_ERROR(check_enum(req.priority, Priority::kUrgent, "priority", false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.title, "title", kMaxTitle, false, true));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.description, "description", kMaxDescription, true, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.location.address, "address", kMaxAddress, false, false));
  GRIDCASE_RETURN_IF_ERROR(check_text(req.category_code, "category", 64, false, true));
  if (req.location.unit_id == 0) {
    return Status(reason::MISSING_FIELD, "location unit (grid or building group) is required");
  }
  if (req.location.has_coordinates &&
      (!(req.location.lat >= -90 && req.location.lat <= 90) ||
       !(req.location.lon >= -180 && req.location.lon <= 180))) {
    return Status(reason::BAD_COORDINATES, "latitude or longitude out of range");
  }
  if (req.parties.size() > 50) return Status(reason::TOO_MANY_PARTIES, "at most 50 parties");
  const ShanghaiTime today = to_shanghai(core_.clock.now());
  for (std::size_t i = 0; i < req.parties.size(); ++i) {
    GRIDCASE_RETURN_IF_ERROR(
        check_party(req.parties[i], static_cast<int>(i), today.year * 10000 + today.month * 100 + today.day));
  }
  const auto all = core_.categories(CaseKind::kUnspecified);
  auto cat = std::find_if(all.begin(), all.end(),
                          [&](const Category& c) { return c.code == req.category_code; });
  if (cat == all.end() || cat->kind != req.kind) {
    return Status(reason::UNKNOWN_CATEGORY, "no category " + req.category_code + " for kind " + name(req.kind));
  }
  if (has_children(all, cat->code)) {
    return Status(reason::CATEGORY_NOT_LEAF, "choose a leaf category under " + cat->code);
  }
  return rules::check_intake(req);
}

Status CaseCommands::insert_new_case(MutationWrite& w, const NewCase& req, Case& c, Event& e,
                               const std::string& intake_digest) const {
  const ConfigSnapshot& config = w.config;
  const OrgTree& tree = *config.tree;
  const WorkingCalendar& cal = *config.calendar;
  const User& user = w.actor;
  const TimeMs now = w.now;
  const OrgUnit* place = tree.find(req.location.unit_id);
  if (place == nullptr || place->retired ||
      (place->type != UnitType::kGrid && place->type != UnitType::kBuildingGroup)) {
    return Status(reason::BAD_LOCATION, "the location must be an active grid or building group");
  }
  if (!sees_unit(tree, user, place->id)) {
    return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  }
  const OrgUnit* grid = tree.ancestor_of_type(place->id, UnitType::kGrid);
  const OrgUnit* sub_district = tree.ancestor_of_type(place->id, UnitType::kSubDistrict);
  if (grid == nullptr || sub_district == nullptr || sub_district->case_prefix.empty()) {
    return Status(reason::NO_SUB_DISTRICT, "the location is not under a sub-district with a case prefix");
  }
  if (req.complained_unit_id != 0 && tree.find(req.complained_unit_id) == nullptr) {
    return Status(reason::BAD_UNIT, "the unit complained about does not exist");
  }
  const int year = to_shanghai(now).year;
  auto seq = w.view.next_case_sequence(sub_district->case_prefix, year);
  if (!seq) return seq.status();

  c.number = format_number(sub_district->case_prefix, year, *seq);
  c.kind = req.kind;
  c.category_code = req.category_code;
  c.channel = req.channel;
  c.title = req.title;
  c.description = req.description;
  c.location = req.location;
  c.parties = req.parties;
  c.priority = req.priority;
  c.complained_unit_id = req.complained_unit_id;
  c.level = Level::kGrid;
  c.handling_unit_id = grid->id;
  c.reporter_user_id = user.id;
  c.state = CaseState::kReported;
  c.version = 1;
  c.created_at = c.updated_at = now;
  if (const DeadlinePolicy* policy =
          match_policy(*config.policies, *config.categories, c.kind, c.category_code, c.priority)) {
    c.policy_id = policy->id;
    c.policy_version = policy->version;
    for (const auto& rule : policy->clocks) c.clocks.push_back(pending_clock(rule));
  }
  if (req.hotline.dispatched_at > now) {
    return Status(reason::DISPATCH_IN_FUTURE, "12345派单时间" + format_shanghai(req.hotline.dispatched_at) +
                                                  "晚于现在，请核对工单上的派单时间");
  }
  rules::apply_intake(req, c);
  if (!c.hotline.intake.order_no.empty()) {
    c.hotline.sub_district_id = sub_district->id;
    c.hotline.intake_digest = intake_digest;
  }
  rules::apply_clock_hooks(c, Action::kCreate, rules::clocks_start(req, now), cal);
  auto id = w.view.insert_case(c);
  if (!id) return id.status();

  stamp_event(e, c, user.id, now, Action::kCreate);
  e.details["category"] = c.category_code;
  e.details["channel"] = name(c.channel);
  if (c.policy_id != 0) e.details["policy"] = std::to_string(c.policy_id) + "v" + std::to_string(c.policy_version);
  if (!c.hotline.intake.order_no.empty()) {
    e.details["order_no"] = c.hotline.intake.order_no;
    e.details["deadline_class"] = name(c.hotline.intake.deadline_class);
  }
  GRIDCASE_RETURN_IF_ERROR(w.append(e));
  w.due(c.next_due);
  return Status{};
}

void CaseCommands::create_case(UserId actor, NewCase req, CaseCallback done) {
  Status valid = check_new_case(req);
  if (!valid) {
    done(valid);
    return;
  }

  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = "CREATE";
  m.request_id = req.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(req));
  m.apply = [this, req = std::move(req), fingerprint = m.fingerprint, state](MutationWrite& w) -> Status {
    const OrgTree* tree = w.config.tree.get();
    state->viewer = w.actor;
    if (!may(w.actor, Action::kCreate)) {
      return role_refusal(w.actor, Action::kCreate);
    }
    // A hotline order received again: the same content answers the existing case, changing
    // nothing; other content under the same number is a clash.
    const OrgUnit* sub_district = tree->ancestor_of_type(req.location.unit_id, UnitType::kSubDistrict);
    if (!req.hotline.order_no.empty() && sub_district != nullptr &&
        sees_unit(*tree, w.actor, req.location.unit_id)) {
      auto existing = w.view.find_hotline_order(sub_district->id, req.hotline.order_no);
      if (existing) {
        if (existing->hotline.intake_digest != fingerprint) {
          return Status(reason::HOTLINE_ORDER_EXISTS, "order " + req.hotline.order_no + " was received as " +
                                                            existing->number + " with other content");
        }
        state->result.c = std::move(*existing);
        state->result.replayed = true;
        state->result.applied_version = state->result.c.version;
        w.made(state->result.c.id, state->result.c.version);
        return Status{};
      }
      if (existing.status().code() != Code::kNotFound) return existing.status();
    }
    Case c;
    Event e;
    GRIDCASE_RETURN_IF_ERROR(insert_new_case(w, req, c, e, fingerprint));
    GRIDCASE_RETURN_IF_ERROR(feed_signals(w, c));
    w.made(c.id, c.version);
    // The cases it likely repeats, for the reply; a suggestion that cannot be made (a store
    // fault in the read) costs the caller the suggestion, not the case.
    auto found = likely_duplicates(w.view, *tree, *w.config.categories, w.actor, duplicate_query_of(c), c.created_at,
                                   core_.options.duplicate_window, kCreateDuplicates, kCreateDuplicateCandidates);
    if (found) state->result.duplicates = std::move(*found);
    state->result.c = std::move(c);
    state->result.events.push_back(e);
    state->result.applied_version = state->result.c.version;
    return Status{};
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

Status CaseCommands::check_case_command(const CaseCommand& cmd) const {
  GRIDCASE_RETURN_IF_ERROR(check_request_id(cmd.request_id));
  GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.action, static_cast<Action>(kActionCount - 1), "action", true));
  if (!is_action(static_cast<int>(cmd.action))) {
    return Status(reason::INVALID_ENUM_VALUE, "unknown or missing value for action");
  }
  if (!is_command(cmd.action)) {
    return Status(reason::NOT_A_COMMAND, std::string(name(cmd.action)) +
                                                 " is not something a person can do to a case");
  }
  if (cmd.case_id <= 0) return Status(reason::MISSING_FIELD, "case_id is required");
  if (cmd.expected_version < 0) return Status(reason::BAD_VERSION, "expected_version must not be negative");
  const char* required = required_reason(cmd.action);
  GRIDCASE_RETURN_IF_ERROR(check_text(cmd.reason, required != nullptr ? required : "reason", kMaxReason, true,
                                      required != nullptr));
  switch (cmd.action) {
    case Action::kDispatch:
      if (cmd.unit_id <= 0) return Status(reason::MISSING_FIELD, "dispatch needs the handling unit");
      break;
    case Action::kResolve:
      return check_enum(cmd.outcome, Outcome::kWithdrawn, "outcome", true);
    case Action::kEscalate:
      GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.escalation_reason, EscalationReason::kRisk,
                                          "escalation reason", true));
      if (cmd.escalation_reason == EscalationReason::kDeadline) {
        return Status(reason::DEADLINE_ESCALATION_IS_AUTOMATIC, "DEADLINE escalations are made by the case clocks, not by hand");
      }
      break;
    case Action::kMerge:
      if (cmd.into_case_id <= 0 || cmd.into_case_id == cmd.case_id) {
        return Status(reason::BAD_MERGE_TARGET, "merge needs another case to merge into");
      }
      break;
    case Action::kAssignLeader:
      if (cmd.user_id <= 0) return Status(reason::MISSING_FIELD, "assign leader needs the leader's user id");
      break;
    case Action::kRequestExtension:
      GRIDCASE_RETURN_IF_ERROR(check_enum(cmd.clock, ClockKind::kReturnWindow, "clock", false));
      if (cmd.extension_amount <= 0 || cmd.extension_amount > 3650) {
        return Status(reason::BAD_EXTENSION, "an extension is 1 to 3650 hours or days");
      }
      break;
    case Action::kUrge:
      if (cmd.target_at < 0) return Status(reason::BAD_TARGET, "the target time must not be negative");
      break;
    default:
      break;
  }
  return rules::check_step(cmd);
}

Status CaseCommands::apply_command(MutationWrite& w, const CaseCommand& cmd, CaseResult& out) {
  WriteView& view = w.view;
  const User* user = &w.actor;
  const UserId actor = user->id;
  const OrgTree* tree = w.config.tree.get();
  const WorkingCalendar* cal = w.config.calendar.get();

  auto loaded = visible_case(view, *tree, *user, cmd.case_id);
  if (!loaded) return loaded.status();
  Case c = std::move(*loaded);
  if (!may(*user, cmd.action)) {
    return role_refusal(*user, cmd.action);
  }
  if (cmd.expected_version != 0 && cmd.expected_version != c.version) {
    return Status(reason::STALE_VERSION, "the case is at version " + std::to_string(c.version) +
                                        ", not " + std::to_string(cmd.expected_version));
  }
  auto next = next_state(c, cmd.action);
  if (!next) {
    std::vector<std::string> allowed;
    for (Action a : actions_now(*tree, *user, c)) allowed.push_back(name(a));
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Status(reason::TRANSITION_NOT_ALLOWED, std::string("cannot ") + name(cmd.action) + " a " + name(c.state) +
                                   " case; allowed: " + (list.empty() ? "none" : list))
        .with_details(std::move(allowed));
  }

  const TimeMs now = w.now;
  Event e;
  e.from_state = c.state;
  e.from_level = c.level;
  e.reason = cmd.reason;

  // Disputes and petitions: their steps and rules (core/src/case_rules.cpp).
  rules::StepContext step{view, *tree, *user, cmd, c, e, *next, now, *cal};
  GRIDCASE_RETURN_IF_ERROR(rules::apply_kind_rules(step));
  // Evidence: a category may require an attachment before its cases are resolved, and before a
  // hazard's re-inspection closes it (销号).
  if ((*next == CaseState::kResolved && c.state != CaseState::kResolved) ||
      (cmd.action == Action::kReinspect && *next == CaseState::kClosed)) {
    GRIDCASE_RETURN_IF_ERROR(check_evidence(view, c));
  }

  switch (cmd.action) {
    case Action::kDispatch: {
      const OrgUnit* target = tree->find(cmd.unit_id);
      if (target == nullptr || target->retired) {
        return Status(reason::BAD_UNIT, "dispatch target is not an active unit");
      }
      if (user->id != kSystemActor && !may_dispatch_to(*tree, user->scope_unit_id, *target)) {
        return Status(reason::UNIT_NOT_FOUND, "no such unit within your reach");
      }
      if (cmd.user_id != 0) {
        auto assignee = view.get_user(cmd.user_id);
        if (!assignee || assignee->disabled) {
          return Status(reason::BAD_ASSIGNEE, "the assignee is not an active user");
        }
        if (!tree->in_subtree(assignee->scope_unit_id, target->id) &&
            !tree->in_subtree(target->id, assignee->scope_unit_id)) {
          return Status(reason::BAD_ASSIGNEE, "the assignee does not work in the handling unit");
        }
      }
      c.handling_unit_id = target->id;
      c.assignee_user_id = cmd.user_id;
      e.details["unit_id"] = std::to_string(target->id);
      e.details["unit"] = target->name;
      if (cmd.user_id != 0) e.details["assignee_id"] = std::to_string(cmd.user_id);
      break;
    }
    case Action::kReturn: {
      const OrgUnit* back = level_unit(*tree, c.location.unit_id, c.level);
      if (back != nullptr) c.handling_unit_id = back->id;
      c.assignee_user_id = 0;
      break;
    }
    case Action::kEscalate: {
      if (c.level == Level::kDistrict) {
        return Status(reason::NO_HIGHER_LEVEL, "the case is already at the top level");
      }
      const Level up = static_cast<Level>(static_cast<int>(c.level) + 1);
      const OrgUnit* target = level_unit(*tree, c.location.unit_id, up);
      if (target == nullptr) {
        return Status(reason::NO_HIGHER_LEVEL, std::string("no ") + name(up) +
                                                          " unit above this case's location");
      }
      c.level = up;
      c.handling_unit_id = target->id;
      c.assignee_user_id = 0;
      e.details["escalation_reason"] = name(cmd.escalation_reason);
      e.details["unit_id"] = std::to_string(target->id);
      e.details["unit"] = target->name;
      if (cmd.escalation_reason == EscalationReason::kRisk) {
        e.details["police_notified"] = cmd.police_notified ? "true" : "false";
      }
      break;
    }
    case Action::kResolve:
      c.outcome = cmd.outcome;
      e.details["outcome"] = name(cmd.outcome);
      break;
    case Action::kReopen:
      c.outcome = Outcome::kUnspecified;
      ++c.reopen_count;
      break;
    case Action::kSuspend:
      c.state_before_suspend = c.state;
      break;
    case Action::kResume:
      c.state_before_suspend = CaseState::kUnspecified;
      break;
    case Action::kMerge: {
      auto parent = view.get_case(cmd.into_case_id);
      if (!parent || !sees(*tree, *user, *parent)) {
        return Status(reason::CASE_NOT_FOUND, "no such case to merge into");
      }
      // One level of merging (related.hpp): not into a case merged into this one, not into
      // a case that is not open, not a case that others were merged into.
      if (parent->merged_into == c.id) {
        return Status(reason::MERGE_INTO_CHILD, "cannot merge a case into a case merged into it");
      }
      if (!is_open(parent->state)) {
        return Status(reason::MERGE_TARGET_CLOSED, "cannot merge into a " +
                                                              std::string(name(parent->state)) + " case");
      }
      auto own_children = view.merged_children(c.id);
      if (!own_children) return own_children.status();
      if (!own_children->empty()) {
        return Status(reason::HAS_MERGED_CASES, "other cases were merged into this one; unmerge them first");
      }
      // Another category or another place: a merge that may be a mistake (垃圾 into 井盖)
      // says why.
      if (trimmed(cmd.reason).empty()) {
        std::vector<std::string> differs;
        if (parent->category_code != c.category_code) {
          differs.push_back("类别不同（" + category_name(*w.config.categories, c.category_code) + "，" +
                            category_name(*w.config.categories, parent->category_code) + "）");
        }
        if (compare_places(*tree, c.location, parent->location) == PlaceMatch::kDifferent) {
          differs.push_back("地点不同（" + place_name(*tree, c.location) + "，" + place_name(*tree, parent->location) + "）");
        }
        if (!differs.empty()) {
          std::string what;
          for (const auto& d : differs) what += (what.empty() ? "" : "、") + d;
          return Status(reason::MERGE_NEEDS_REASON, c.number + "与" + parent->number + what +
                                                        "：请核实是否同一事项，并填写合并理由");
        }
      }
      c.merged_into = parent->id;
      e.details["into_case_id"] = std::to_string(parent->id);
      e.details["into"] = parent->number;
      // The parent's history records the merge too.
      Case p = std::move(*parent);
      ++p.version;
      p.updated_at = now;
      GRIDCASE_RETURN_IF_ERROR(view.update_case(p));
      Event pe = event_on(p, actor, now, Action::kMerge);
      pe.reason = cmd.reason;
      pe.details["merged_case_id"] = std::to_string(c.id);
      pe.details["merged"] = c.number;
      GRIDCASE_RETURN_IF_ERROR(w.append(pe));
      break;
    }
    case Action::kUrge:
      ++c.urge_count;
      e.details["urge_count"] = std::to_string(c.urge_count);
      if (cmd.target_at != 0) e.details["target_at"] = std::to_string(cmd.target_at);
      break;
    case Action::kRequestExtension: {
      const ClockKind kind = cmd.clock == ClockKind::kUnspecified ? ClockKind::kResolve : cmd.clock;
      auto clock = std::find_if(c.clocks.begin(), c.clocks.end(),
                                [&](const CaseClock& k) { return k.kind == kind; });
      if (clock == c.clocks.end() || clock->run != ClockRun::kRunning) {
        return Status(reason::CLOCK_NOT_RUNNING, std::string("the ") + name(kind) + " clock is not running");
      }
      if (clock_status(*clock, now, *cal).colour == Colour::kRed) {
        return Status(reason::DEADLINE_PASSED, "an extension must be asked for before the deadline");
      }
      if (c.extension_clock != ClockKind::kUnspecified) {
        return Status(reason::EXTENSION_PENDING, "an extension request is already waiting for a decision");
      }
      c.extension_clock = kind;
      c.extension_ms = cmd.extension_amount * unit_ms(clock->unit);
      c.extension_requested_by = actor;
      e.details["clock"] = name(kind);
      e.details["amount"] = std::to_string(cmd.extension_amount);
      e.details["unit"] = name(clock->unit);
      break;
    }
    case Action::kDecideExtension: {
      if (c.extension_clock == ClockKind::kUnspecified) {
        return Status(reason::NO_PENDING_EXTENSION, "no extension request is waiting for a decision");
      }
      e.details["clock"] = name(c.extension_clock);
      e.details["approved"] = cmd.approve ? "true" : "false";
      auto clock = std::find_if(c.clocks.begin(), c.clocks.end(),
                                [&](const CaseClock& k) { return k.kind == c.extension_clock; });
      if (cmd.approve && clock != c.clocks.end() && clock->run != ClockRun::kStopped &&
          clock->run != ClockRun::kUnspecified) {
        extend_clock(*clock, c.extension_ms, now, *cal);
        e.details["deadline"] = std::to_string(clock->deadline);
      }
      c.extension_clock = ClockKind::kUnspecified;
      c.extension_ms = 0;
      c.extension_requested_by = 0;
      break;
    }
    case Action::kAssignLeader: {
      auto leader = view.get_user(cmd.user_id);
      if (!leader || leader->disabled || leader->role != Role::kSupervisor) {
        return Status(reason::BAD_LEADER, "the leader must be an active supervisor");
      }
      // 包案 is taken by a leader at or above the case's level, whose scope holds the case.
      if (!case_in_scope(*tree, *leader, c) ||
          static_cast<int>(tree->level_of(leader->scope_unit_id)) < static_cast<int>(c.level)) {
        return Status(reason::BAD_LEADER, "the leader must work at or above the case's level and see the case");
      }
      c.leader_user_id = leader->id;
      e.details["leader_id"] = std::to_string(leader->id);
      e.details["leader"] = leader->display_name;
      break;
    }
    default:
      break;
  }

  // A step that accepts a REPORTED case other than ACCEPT itself (REQUEST_MEDIATION) runs the
  // clocks as ACCEPT does first.
  if (c.state == CaseState::kReported && *next == CaseState::kAccepted && cmd.action != Action::kAccept) {
    rules::apply_clock_hooks(c, Action::kAccept, now, *cal);
  }
  c.state = *next;
  // The level that settles a case (figures.hpp): its handling unit's when it is resolved.
  const auto settled = [](CaseState s) { return s == CaseState::kResolved || s == CaseState::kClosed; };
  if (settled(c.state) && !settled(e.from_state)) e.details["settled_level"] = name(tree->level_of(c.handling_unit_id));
  rules::apply_clock_hooks(c, cmd.action, now, *cal);
  ++c.version;
  c.updated_at = now;
  GRIDCASE_RETURN_IF_ERROR(view.update_case(c));

  stamp_event(e, c, actor, now, cmd.action);
  GRIDCASE_RETURN_IF_ERROR(w.append(e));
  // Cases merged into this one follow it when it resolves or closes (core/src/related.cpp).
  if (c.state != e.from_state) GRIDCASE_RETURN_IF_ERROR(follow_parent(w, c));
  // 群体性: the people of the cases now merged into one (warning_signals_petition.cpp).
  if (cmd.action == Action::kMerge) GRIDCASE_RETURN_IF_ERROR(signals::feed_merge_signal(w, core_.crypto, c.merged_into));

  w.made(c.id, c.version);
  w.due(c.next_due);
  out.c = std::move(c);
  out.events.push_back(std::move(e));
  out.applied_version = out.c.version;
  return {};
}

void CaseCommands::act(UserId actor, CaseCommand cmd, CaseCallback done) {
  Status valid = check_case_command(cmd);
  if (!valid) {
    done(valid);
    return;
  }
  auto state = std::make_shared<CaseMutation>();
  Mutation m;
  m.name = name(cmd.action);
  m.case_id = cmd.case_id;
  m.request_id = cmd.request_id;
  m.fingerprint = core_.crypto.fingerprint(canonical(cmd));
  m.apply = [this, cmd = std::move(cmd), state](MutationWrite& w) -> Status {
    state->viewer = w.actor;
    return apply_command(w, cmd, state->result);
  };
  run_case_mutation(actor, std::move(m), state, std::move(done));
}

Result<CaseResult> CaseCommands::create_case_sync(UserId actor, NewCase request) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { create_case(actor, std::move(request), std::move(cb)); });
}

Result<CaseResult> CaseCommands::act_sync(UserId actor, CaseCommand command) {
  return wait_for<Result<CaseResult>>([&](CaseCallback cb) { act(actor, std::move(command), std::move(cb)); });
}

}  // namespace gridcase
