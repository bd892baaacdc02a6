// watch: subscribe and print events as they are committed.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

// Interrupting a watch is the normal way to end it: exit 0. Output is flushed per event.
extern "C" void stop_watching(int) { std::_Exit(kExitOk); }

std::string detail(const v1::CaseEvent& e, const char* key) {
  auto it = e.details().find(key);
  return it == e.details().end() ? std::string() : it->second;
}

std::string clock_label(const v1::CaseEvent& e) {
  auto v = find_enum_value(v1::ClockKind_descriptor(), detail(e, "clock"));
  return v ? label(static_cast<v1::ClockKind>(*v)) : detail(e, "clock");
}

std::string time_of(const v1::CaseEvent& e, const char* key) {
  return format_time(parse_int(detail(e, key)).value_or(0));
}

bool deadline_escalation(const v1::CaseEvent& e) {
  return e.action() == v1::ACTION_ESCALATE && detail(e, "escalation_reason") == "DEADLINE";
}

}  // namespace

std::string describe_event(const v1::CaseEvent& e, const std::string& actor) {
  std::string line = "#" + std::to_string(e.seq()) + "  " + format_time(e.at()) + "  " + e.case_number() + "  ";
  // The scheduler's events, said plainly: they are what a supervisor watches for.
  if (e.action() == v1::ACTION_CLOCK_WARNING) {
    return line + "◐ " + tr("【临期预警】", "[DUE SOON] ") + clock_label(e) + tr(" 将于 ", " due at ") +
           time_of(e, "deadline") + tr(" 到期", "");
  }
  if (e.action() == v1::ACTION_CLOCK_EXPIRED) {
    line += "● " + std::string(tr("【超期】", "[OVERDUE] ")) + clock_label(e) + tr(" 已于 ", " was due at ") +
            time_of(e, "deadline") + tr(" 到期", "");
    if (detail(e, "top_level") == "true") line += tr("，已是最高层级", "; already at the top level");
    return line;
  }
  if (deadline_escalation(e)) {
    line += "▲ " + std::string(tr("【超期自动上报】", "[ESCALATED ON DEADLINE] ")) + clock_label(e) +
            tr("超期，", " overdue; ");
    if (e.from_level() != v1::LEVEL_UNSPECIFIED && e.to_level() != v1::LEVEL_UNSPECIFIED) {
      line += label(e.from_level()) + " → " + label(e.to_level());
    }
    if (!detail(e, "unit").empty()) line += std::string(tr("  处置单位 ", "  unit ")) + detail(e, "unit");
    return line;
  }
  line += label(e.action());
  if (e.to_state() != v1::CASE_STATE_UNSPECIFIED && e.from_state() != e.to_state()) {
    line += "  " + (e.from_state() == v1::CASE_STATE_UNSPECIFIED ? std::string() : label(e.from_state()) + " → ") +
            label(e.to_state());
  }
  if (e.to_level() != v1::LEVEL_UNSPECIFIED && e.from_level() != e.to_level() &&
      e.from_level() != v1::LEVEL_UNSPECIFIED) {
    line += "  " + label(e.from_level()) + " → " + label(e.to_level());
  }
  line += std::string("  ") + tr("操作人 ", "by ") + actor;
  if (!e.reason().empty()) line += "  " + e.reason();
  return line;
}

namespace {

std::string describe(Client& client, const v1::CaseEvent& e) {
  return describe_event(e, e.actor_user_id() == 0 ? tr("系统", "system") : client.user_name(e.actor_user_id()));
}

}  // namespace

int watch(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"unit"}, {"kind", true, true}, {"from"}, {"count"}});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  auto* req = frame.mutable_subscribe();
  req->set_unit_id(args.integer("unit").value_or(0));
  for (const auto& k : args.values("kind")) req->add_kinds(parse_enum<v1::CaseKind>(k, "kind"));
  req->set_from_seq(args.integer("from").value_or(0));
  std::int64_t count = args.integer("count").value_or(0);
  if (count < 0) throw UsageError(tr("--count 不能为负数", "--count must not be negative"));

  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& sub = reply.subscribed();
  if (client.json()) {
    client.print_message_json(sub);
  } else {
    std::cerr << tr("已订阅 #", "Subscribed #") << sub.subscription_id()
              << tr("，下一事件序号 ", ", next seq ") << sub.next_seq()
              << tr("。按 Ctrl-C 结束。", ". Ctrl-C to stop.") << std::endl;
  }
  std::cout.flush();

  std::signal(SIGINT, stop_watching);
  std::signal(SIGTERM, stop_watching);
  for (std::int64_t seen = 0; count == 0 || seen < count; ++seen) {
    v1::EventPush push = client.connection().next_event();
    if (client.json()) {
      client.print_message_json(push);
    } else {
      std::cout << describe(client, push.event()) << '\n';
    }
    std::cout.flush();
  }
  client.connection().close();
  return kExitOk;
}

}  // namespace gridcase::cli
