// warnings list | show | ack | dismiss | link | case | policy | set-policy: early warnings (预警)
// and their thresholds.
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/names.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

std::string label_of(v1::WarningKind v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<WarningKind>(static_cast<int>(v)));
  return enum_id(v);
}
std::string label_of(v1::WarningState v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<WarningState>(static_cast<int>(v)));
  return enum_id(v);
}
std::string label_of(v1::WarningAction v) {
  if (lang() == Lang::kZh) return label_zh(static_cast<WarningAction>(static_cast<int>(v)));
  return enum_id(v);
}

std::int64_t warning_id_of(const Args& args) {
  const std::string text = args.require_positional(0, tr("预警ID", "WARNING_ID"));
  auto id = parse_int(text.size() > 1 && text[0] == '#' ? text.substr(1) : text);
  if (!id || *id <= 0) throw UsageError(std::string(tr("无效的预警ID ", "invalid warning id ")) + text);
  return *id;
}

void print_warning(Client& client, const v1::Warning& w, bool steps) {
  std::cout << "#" << w.id() << "  【" << label_of(w.kind()) << "】 " << w.subject() << "  "
            << label_of(w.state()) << '\n';
  std::cout << "  " << client.unit_name(w.unit_id()) << "  ";
  if (w.kind() == v1::WARNING_KIND_STALLED) {
    std::cout << w.count() << tr(" 个工作日无办理记录（阈值 ", " working days without an event (threshold ")
              << w.threshold();
  } else {
    std::cout << w.window_days() << tr("天内 ", " days: ") << w.count()
              << (w.kind() == v1::WARNING_KIND_GROUP_MATTER ? tr(" 人（阈值 ", " people (threshold ")
                                                            : tr(" 件（阈值 ", " cases (threshold "))
              << w.threshold();
  }
  if (w.kind() == v1::WARNING_KIND_HOT_SPOT) {
    char base[32];
    std::snprintf(base, sizeof base, "%.1f", w.baseline());
    std::cout << tr("，基线 ", ", baseline ") << base;
  }
  std::cout << tr("）  预警时间 ", ")  raised ") << format_shanghai(w.raised_at_ms()) << tr("  阈值版本 v", "  policy v")
            << w.policy_version() << '\n';
  if (w.case_ids_size() > 0) {
    std::cout << tr("  相关案件:", "  cases:");
    for (auto id : w.case_ids()) std::cout << ' ' << id;
    std::cout << '\n';
  }
  if (w.case_id() != 0) std::cout << tr("  转办/关联案件: ", "  case: ") << w.case_id() << '\n';
  if (!steps) return;
  for (const auto& s : w.steps()) {
    std::cout << "  " << format_shanghai(s.at_ms()) << "  " << label_of(s.action()) << "  "
              << (s.by_user_id() == 0 ? std::string(tr("系统", "system")) : client.user_name(s.by_user_id()));
    if (!s.reason().empty()) std::cout << "  " << s.reason();
    std::cout << '\n';
  }
}

void print_policy(const v1::WarningPolicy& p) {
  std::cout << tr("预警阈值 v", "warning thresholds v") << p.version()
            << (p.version() == 0 ? tr("（内置默认）", " (built-in)") : "") << '\n'
            << tr("  重复来访来电: ", "  repeat contact: ") << p.repeat_days() << tr(" 天内 ", " days, ")
            << p.repeat_count() << tr(" 次", " times") << '\n'
            << tr("  热点: 近 ", "  hot spot: last ") << p.hot_window_days() << tr(" 天至少 ", " days, at least ")
            << p.hot_min_count() << tr(" 件，且达到此前 ", ", and ") << p.hot_baseline_days()
            << tr(" 天同期均值的 ", " days' baseline times ") << p.hot_factor_percent() << "%\n"
            << tr("  群体性事项: 同一事项 ", "  group matter: ") << p.group_persons()
            << tr(" 人及以上（多次来访在 ", " people or more on one matter (visits within ") << p.repeat_days()
            << tr(" 天内合计）", " days added up)") << '\n'
            << tr("  越级重复访风险: 高于有权处理机关 ", "  petition risk: ") << p.petition_levels_above()
            << tr(" 级及以上提出；或同一事项处理终结后再次提出", " level(s) or more above the competent one; or again after the final decision")
            << '\n'
            << tr("  久拖未动: 在办案件 ", "  stalled: an open case without an event for ") << p.stalled_working_days()
            << tr(" 个工作日无任何办理记录", " working days") << '\n';
  if (!p.basis().empty()) std::cout << tr("  依据: ", "  basis: ") << p.basis() << '\n';
}

}  // namespace

const std::vector<std::string>& warning_words() {
  static const std::vector<std::string> words = {"list", "show", "ack", "dismiss", "link", "case", "policy",
                                                 "set-policy"};
  return words;
}

int warning_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "list" || verb == "policy") {
    Args args = Args::parse(words, {{"unit"}, {"kind", true, true}, {"state", true, true}, {"page-size"}, {"page"}});
    args.expect_at_most(0);
    auto* r = frame.mutable_list_warnings();
    r->set_unit_id(args.integer("unit").value_or(0));
    for (const auto& k : args.values("kind")) r->add_kinds(parse_enum<v1::WarningKind>(k, "kind"));
    for (const auto& s : args.values("state")) r->add_states(parse_enum<v1::WarningState>(s, "state"));
    r->set_page_size(static_cast<std::int32_t>(args.integer("page-size").value_or(verb == "policy" ? 1 : 0)));
    r->set_page_token(args.value_or("page", ""));
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& out = reply.warnings();
    if (verb == "policy") {
      client.emit(out, [&] {
        for (const auto& p : out.policies()) print_policy(p);
      });
      return kExitOk;
    }
    client.emit(out, [&] {
      for (const auto& w : out.warnings()) print_warning(client, w, false);
      if (out.warnings().empty()) std::cout << tr("（无预警）", "(no warnings)") << '\n';
      if (!out.next_page_token().empty()) {
        std::cout << tr("下一页: --page ", "next page: --page ") << out.next_page_token() << '\n';
      }
    });
    return kExitOk;
  }
  if (verb == "set-policy") {
    Args args = Args::parse(words, {{"repeat-count"},
                                    {"repeat-days"},
                                    {"hot-window-days"},
                                    {"hot-baseline-days"},
                                    {"hot-min-count"},
                                    {"hot-factor-percent"},
                                    {"group-persons"},
                                    {"petition-levels-above"},
                                    {"stalled-working-days"},
                                    {"basis"}});
    args.expect_at_most(0);
    // Unset options take the built-in values (warning.hpp).
    v1::WarningPolicy p;
    const WarningPolicy builtin;
    p.set_repeat_count(builtin.repeat_count);
    p.set_repeat_days(builtin.repeat_days);
    p.set_hot_window_days(builtin.hot_window_days);
    p.set_hot_baseline_days(builtin.hot_baseline_days);
    p.set_hot_min_count(builtin.hot_min_count);
    p.set_hot_factor_percent(builtin.hot_factor_percent);
    p.set_group_persons(builtin.group_persons);
    p.set_petition_levels_above(builtin.petition_levels_above);
    p.set_stalled_working_days(builtin.stalled_working_days);
    auto set = [&](const char* option, auto setter) {
      if (auto v = args.integer(option)) (p.*setter)(static_cast<std::int32_t>(*v));
    };
    set("repeat-count", &v1::WarningPolicy::set_repeat_count);
    set("repeat-days", &v1::WarningPolicy::set_repeat_days);
    set("hot-window-days", &v1::WarningPolicy::set_hot_window_days);
    set("hot-baseline-days", &v1::WarningPolicy::set_hot_baseline_days);
    set("hot-min-count", &v1::WarningPolicy::set_hot_min_count);
    set("hot-factor-percent", &v1::WarningPolicy::set_hot_factor_percent);
    set("group-persons", &v1::WarningPolicy::set_group_persons);
    set("petition-levels-above", &v1::WarningPolicy::set_petition_levels_above);
    set("stalled-working-days", &v1::WarningPolicy::set_stalled_working_days);
    p.set_basis(args.value_or("basis", ""));
    *frame.mutable_set_warning_policy()->mutable_policy() = p;
    v1::Reply reply = client.authed_call(std::move(frame));
    client.emit(reply.warning_policy(), [&] { print_policy(reply.warning_policy().policy()); });
    return kExitOk;
  }
  if (verb == "show") {
    Args args = Args::parse(words, {});
    args.expect_at_most(1);
    const std::int64_t id = warning_id_of(args);
    // One warning: the newest page below id + 1 holds it first.
    auto* r = frame.mutable_list_warnings();
    r->set_page_size(1);
    r->set_page_token("w:" + std::to_string(id + 1));
    v1::Reply reply = client.authed_call(std::move(frame));
    const auto& found = reply.warnings().warnings();
    if (found.empty() || found[0].id() != id) {
      throw UsageError(std::string(tr("未找到该预警或无权查看: #", "no such warning in your scope: #")) +
                       std::to_string(id));
    }
    client.emit(found[0], [&] { print_warning(client, found[0], true); });
    return kExitOk;
  }
  auto* r = frame.mutable_handle_warning();
  Args args = Args::parse(words, {{"reason"},
                                  {"version"},
                                  {"request-id"},
                                  {"case"},
                                  {"kind"},
                                  {"category"},
                                  {"title"}});
  args.expect_at_most(1);
  r->set_warning_id(warning_id_of(args));
  r->set_request_id(args.value_or("request-id", new_request_id()));
  r->set_expected_version(args.integer("version").value_or(0));
  r->set_reason(args.value_or("reason", ""));
  if (verb == "ack") {
    r->set_action(v1::WARNING_ACTION_ACKNOWLEDGE);
  } else if (verb == "dismiss") {
    if (!args.has("reason")) throw UsageError(tr("排除预警需要 --reason 理由", "dismiss needs --reason REASON"));
    r->set_action(v1::WARNING_ACTION_DISMISS);
  } else if (verb == "link") {
    if (!args.has("case")) throw UsageError(tr("关联需要 --case 案件编号或ID", "link needs --case ID_OR_NUMBER"));
    r->set_action(v1::WARNING_ACTION_LINK_CASE);
    r->set_case_id(case_id_of(client, *args.value("case")));
  } else if (verb == "case") {
    r->set_action(v1::WARNING_ACTION_MAKE_CASE);
    if (auto k = args.value("kind")) r->set_kind(parse_enum<v1::CaseKind>(*k, "kind"));
    r->set_category_code(args.value_or("category", ""));
    r->set_title(args.value_or("title", ""));
  } else {
    throw UsageError(std::string(tr("未知的 warnings 子命令 ", "unknown warnings subcommand ")) + verb);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  client.emit(reply.warning(), [&] { print_warning(client, reply.warning().warning(), true); });
  return kExitOk;
}

}  // namespace gridcase::cli
