// hotline receive | sign | contact | return | decide-return | reply | callback | appeal |
// decide-appeal | show: 12345 hotline work orders (12345工单).
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

namespace {

const char* const kIdWord = "ID_OR_NUMBER";

v1::ActionHeader header_from(Client& client, const Args& args) {
  v1::ActionHeader h;
  h.set_request_id(args.value_or("request-id", new_request_id()));
  h.set_case_id(case_id_of(client, args.require_positional(0, tr("案件编号或ID", kIdWord))));
  h.set_expected_version(args.integer("version").value_or(0));
  h.set_reason(args.value_or("reason", ""));
  return h;
}

std::int64_t time_value(const std::string& option, const std::string& text) {
  auto t = parse_shanghai_time(text);
  if (!t) {
    throw UsageError(std::string(tr("无效的时间 ", "invalid time ")) + "--" + option + " " + text +
                     tr("（格式: 'YYYY-MM-DD HH:MM'，北京时间）", " (format: 'YYYY-MM-DD HH:MM', Asia/Shanghai)"));
  }
  return *t;
}

bool yes_no(const Args& args, const std::string& option) {
  const std::string v = args.require(option);
  if (v == "yes" || v == "true" || v == "是") return true;
  if (v == "no" || v == "false" || v == "否") return false;
  throw UsageError("--" + option + tr(" 取 yes 或 no", " takes yes or no"));
}

// --uphold or --reject, exactly one.
bool uphold_option(const Args& args) {
  if (args.has("uphold") == args.has("reject")) {
    throw UsageError(tr("需要 --uphold（成立）或 --reject（不成立）之一", "needs one of --uphold or --reject"));
  }
  return args.has("uphold");
}

int receive(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"order-no"}, {"class"}, {"dispatched-at"}, {"category"}, {"title"},
                                  {"description"}, {"unit"}, {"address"}, {"requester"}, {"phone"},
                                  {"request-id"}});
  args.expect_at_most(0);
  v1::CreateCaseRequest req;
  req.set_request_id(args.value_or("request-id", new_request_id()));
  req.set_kind(v1::CASE_KIND_HOTLINE);
  req.set_channel(v1::CHANNEL_HOTLINE);
  req.set_category_code(args.require("category"));
  req.set_title(args.require("title"));
  req.set_description(args.value_or("description", ""));
  req.mutable_location()->set_unit_id(args.integer("unit").value_or(0));
  req.mutable_location()->set_address(args.value_or("address", ""));
  req.set_priority(v1::PRIORITY_NORMAL);
  v1::CaseParty* requester = req.add_parties();
  requester->set_name(args.require("requester"));
  requester->set_phone(args.require("phone"));
  requester->set_role(v1::PARTY_ROLE_REPORTER);
  v1::HotlineIntake* h = req.mutable_hotline();
  h->set_order_no(args.require("order-no"));
  h->set_deadline_class(parse_enum<v1::HotlineDeadlineClass>(args.value_or("class", "normal"), "class"));
  h->set_dispatched_at(time_value("dispatched-at", args.require("dispatched-at")));

  v1::ClientFrame frame;
  *frame.mutable_create_case() = req;
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::CaseResponse& r = reply.case_result();
  client.emit(r, [&] {
    std::cout << tr("已接收12345工单 ", "Received hotline order ") << r.case_().hotline().intake().order_no() << "  "
              << r.case_().number() << "  (#" << r.case_().id() << ")  " << label(r.case_().state()) << '\n';
    if (r.replayed()) std::cout << tr("（该工单已接收过：返回原案件，未作更改）", "(received before: nothing changed)") << '\n';
  });
  return kExitOk;
}

void print_order(Client& client, const v1::Case& c) {
  const v1::HotlineOrder& h = c.hotline();
  std::cout << c.number() << "  " << tr("工单号 ", "order ") << h.intake().order_no() << "  " << label(c.state())
            << "  " << tr("版本 ", "version ") << c.version() << '\n';
  std::cout << "  " << tr("派单时间 ", "dispatched ") << format_time(h.intake().dispatched_at()) << "  "
            << tr("时限类别 ", "class ") << label(h.intake().deadline_class()) << '\n';
  for (const auto& p : c.parties()) {
    if (p.role() == v1::PARTY_ROLE_REPORTER) std::cout << "  " << tr("诉求人 ", "requester ") << p.name() << "  " << p.phone() << '\n';
  }
  if (h.signed_at() != 0) {
    std::cout << "  " << tr("签收 ", "signed ") << format_time(h.signed_at()) << "  " << client.user_name(h.signed_by()) << '\n';
  }
  if (h.contacted_at() != 0) {
    std::cout << "  " << tr("先行联系 ", "first contact ") << format_time(h.contacted_at()) << "  "
              << label(h.contact_method()) << "  " << h.contact_result() << '\n';
  }
  if (h.return_pending()) std::cout << "  " << tr("退单待审核: ", "return pending: ") << h.return_reason() << '\n';
  if (h.returned()) std::cout << "  " << tr("退单成立，已退回12345", "returned to the hotline") << '\n';
  if (h.returns_rejected() > 0) std::cout << "  " << tr("退单被驳回 ", "returns rejected ") << h.returns_rejected() << '\n';
  if (h.replied_at() != 0) std::cout << "  " << tr("答复 ", "reply ") << format_time(h.replied_at()) << "  " << h.reply() << '\n';
  if (h.callbacks() > 0) {
    std::cout << "  " << tr("回访 ", "callback ") << h.callbacks() << "  " << format_time(h.callback_at()) << "  "
              << (h.solved() ? tr("已解决", "solved") : tr("未解决", "not solved")) << "  "
              << (h.satisfied() ? tr("满意", "satisfied") : tr("不满意", "not satisfied")) << '\n';
  }
  if (h.appeal_pending()) std::cout << "  " << tr("申诉待审核: ", "appeal pending: ") << h.appeal_reason() << '\n';
  if (h.appeal_upheld()) std::cout << "  " << tr("申诉成立：该评价不计入三率", "appeal upheld: rating excluded from the rates") << '\n';
}

}  // namespace

const std::vector<std::string>& hotline_words() {
  static const std::vector<std::string> words = {"receive", "sign",  "contact",  "return", "decide-return",
                                                 "reply",   "callback", "appeal", "decide-appeal", "show"};
  return words;
}

int hotline_command(Client& client, const std::string& verb, const Words& words) {
  if (verb == "receive") return receive(client, words);
  if (verb == "show") {
    Args args = Args::parse(words, {});
    args.expect_at_most(1);
    v1::ClientFrame frame;
    frame.mutable_get_case()->set_case_id(case_id_of(client, args.require_positional(0, tr("案件编号或ID", kIdWord))));
    v1::Reply reply = client.authed_call(std::move(frame));
    client.remember_users(reply.case_detail().user_names());
    const v1::Case& c = reply.case_detail().case_();
    client.emit(c, [&] { print_order(client, c); });
    return kExitOk;
  }
  v1::ClientFrame frame;
  if (verb == "sign") {
    Args args = Args::parse(words, {{"version"}, {"request-id"}});
    args.expect_at_most(1);
    *frame.mutable_sign_order()->mutable_header() = header_from(client, args);
  } else if (verb == "contact") {
    Args args = Args::parse(words, {{"method"}, {"result"}, {"at"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    auto* r = frame.mutable_first_contact();
    *r->mutable_header() = header_from(client, args);
    r->set_method(parse_enum<v1::HotlineContactMethod>(args.require("method"), "method"));
    r->set_result(args.require("result"));
    if (auto at = args.value("at")) r->set_contacted_at(time_value("at", *at));
  } else if (verb == "return" || verb == "reply" || verb == "appeal") {
    Args args = Args::parse(words, {{"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    if (!args.has("reason")) {
      throw UsageError(verb == "reply" ? tr("需要 --reason 答复内容", "needs --reason (the reply)")
                                       : tr("需要 --reason 理由", "needs --reason"));
    }
    const v1::ActionHeader h = header_from(client, args);
    if (verb == "return") *frame.mutable_return_order()->mutable_header() = h;
    if (verb == "reply") *frame.mutable_reply_order()->mutable_header() = h;
    if (verb == "appeal") *frame.mutable_appeal_rating()->mutable_header() = h;
  } else if (verb == "decide-return" || verb == "decide-appeal") {
    Args args = Args::parse(words, {{"uphold", false}, {"reject", false}, {"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    const bool uphold = uphold_option(args);
    if (verb == "decide-return") {
      *frame.mutable_decide_return()->mutable_header() = header_from(client, args);
      frame.mutable_decide_return()->set_uphold(uphold);
    } else {
      *frame.mutable_decide_appeal()->mutable_header() = header_from(client, args);
      frame.mutable_decide_appeal()->set_uphold(uphold);
    }
  } else if (verb == "callback") {
    Args args = Args::parse(words, {{"solved"}, {"satisfied"}, {"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    auto* r = frame.mutable_record_callback();
    r->set_solved(yes_no(args, "solved"));
    r->set_satisfied(yes_no(args, "satisfied"));
    *r->mutable_header() = header_from(client, args);
  } else {
    throw UsageError(std::string(tr("未知的 hotline 子命令 ", "unknown hotline subcommand ")) + verb);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  print_case_step(client, reply.case_result());
  return kExitOk;
}

}  // namespace gridcase::cli
