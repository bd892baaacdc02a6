// petition register | check | decide | decision | review | review-decision | re-review |
// re-review-decision | notices: petitions (信访) under 信访工作条例.
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

namespace {

v1::ActionHeader header_from(Client& client, const Args& args, std::int64_t case_id) {
  v1::ActionHeader h;
  h.set_request_id(args.value_or("request-id", new_request_id()));
  h.set_case_id(case_id);
  h.set_expected_version(args.integer("version").value_or(0));
  h.set_reason(args.value_or("reason", ""));
  (void)client;
  return h;
}

std::string rule_label(v1::PetitionRule rule) {
  switch (rule) {
    case v1::PETITION_RULE_SAME_MATTER_PENDING: return tr("同一事项已受理或正在办理（第十九条）", "same matter pending (art. 19)");
    case v1::PETITION_RULE_SKIPS_LEVELS: return tr("越级提出（第二十条）", "skips levels (art. 20)");
    case v1::PETITION_RULE_LEGAL_ROUTE: return tr("应走诉讼、仲裁、行政复议途径（第三十一条）", "belongs to a legal route (art. 31)");
    case v1::PETITION_RULE_AFTER_RE_REVIEW: return tr("复核终结后再次提出（第三十六条）", "after re-review (art. 36)");
    default: return tr("无", "none");
  }
}

void print_notices(const v1::Case& c, bool last_only) {
  const auto& notices = c.petition().notices();
  for (int i = last_only ? notices.size() - 1 : 0; i >= 0 && i < notices.size(); ++i) {
    std::cout << "---- " << format_time(notices[i].at()) << " ----\n" << notices[i].text() << '\n';
  }
}

v1::Case fetch(Client& client, std::int64_t id) {
  v1::ClientFrame frame;
  frame.mutable_get_case()->set_case_id(id);
  return client.authed_call(std::move(frame)).case_detail().case_();
}

int register_petition(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"title"}, {"category"}, {"description"}, {"channel"}, {"unit"}, {"address"},
                                  {"party", true, true}, {"confidential", true, true}, {"matter"}, {"persons"},
                                  {"representative", true, true}, {"received-level"}, {"competent-level"},
                                  {"legal-route"}, {"complained-unit"}, {"priority"}, {"request-id"}});
  args.expect_at_most(0);
  v1::CreateCaseRequest req;
  req.set_request_id(args.value_or("request-id", new_request_id()));
  req.set_kind(v1::CASE_KIND_PETITION);
  req.set_category_code(args.require("category"));
  req.set_title(args.require("title"));
  req.set_description(args.value_or("description", ""));
  req.set_channel(parse_enum<v1::Channel>(args.value_or("channel", "walk_in"), "channel"));
  req.mutable_location()->set_unit_id(args.integer("unit").value_or(0));
  req.mutable_location()->set_address(args.value_or("address", ""));
  for (const auto& p : args.values("party")) *req.add_parties() = party_from_text(p);
  for (const auto& n : args.values("confidential")) {
    auto i = parse_int(n);
    if (!i || *i < 1 || *i > req.parties_size()) throw UsageError(std::string("--confidential ") + n);
    req.mutable_parties(static_cast<int>(*i - 1))->set_confidential(true);
  }
  req.set_priority(args.has("priority") ? parse_enum<v1::Priority>(*args.value("priority"), "priority") : v1::PRIORITY_NORMAL);
  req.set_complained_unit_id(args.integer("complained-unit").value_or(0));
  auto* p = req.mutable_petition();
  p->set_matter(args.value_or("matter", ""));
  if (auto n = args.integer("persons")) p->set_persons(static_cast<int>(*n));
  for (const auto& r : args.values("representative")) {
    auto i = parse_int(r);
    if (!i || *i < 1) throw UsageError(std::string("--representative ") + r);
    p->add_representatives(static_cast<int>(*i - 1));
  }
  if (auto l = args.value("received-level")) p->set_received_level(parse_enum<v1::AuthorityLevel>(*l, "received-level"));
  if (auto l = args.value("competent-level")) p->set_competent_level(parse_enum<v1::AuthorityLevel>(*l, "competent-level"));
  if (auto r = args.value("legal-route")) p->set_legal_route(parse_enum<v1::LegalRoute>(*r, "legal-route"));

  v1::ClientFrame frame;
  *frame.mutable_create_case() = req;
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::CaseResponse& r = reply.case_result();
  client.emit(r, [&] {
    std::cout << tr("已登记信访件 ", "Registered petition ") << r.case_().number() << "  (#" << r.case_().id() << ")  "
              << label(r.case_().state()) << '\n';
    if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
  });
  return kExitOk;
}

v1::CheckPetitionResponse check(Client& client, std::int64_t id) {
  v1::ClientFrame frame;
  frame.mutable_check_petition()->set_case_id(id);
  return client.authed_call(std::move(frame)).acceptance_check();
}

void print_check(const v1::CheckPetitionResponse& c) {
  std::cout << tr("受理审查: ", "Acceptance check: ")
            << (c.rule() == v1::PETITION_RULE_UNSPECIFIED ? tr("未发现不予受理情形", "no rule applies") : rule_label(c.rule()))
            << '\n';
  if (!c.article().empty()) std::cout << "  " << tr("依据 ", "article ") << c.article() << '\n';
  if (!c.explanation().empty()) std::cout << "  " << c.explanation() << '\n';
  if (c.related_cases_size() > 0) {
    std::cout << "  " << tr("同一信访人同一事项: ", "same person, same matter: ");
    for (int i = 0; i < c.related_cases_size(); ++i) std::cout << (i ? ", " : "") << c.related_cases(i);
    std::cout << '\n';
  }
}

int decision_step(Client& client, const std::string& verb, const Words& words) {
  Args args = Args::parse(words, {{"decision"}, {"basis"}, {"reason"}, {"version"}, {"request-id"}});
  args.expect_at_most(1);
  const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
  const auto decision = parse_enum<v1::PetitionDecision>(args.require("decision"), "decision");
  const std::string basis = args.require("basis");
  v1::ClientFrame frame;
  v1::ActionHeader h = header_from(client, args, id);
  if (verb == "decision") {
    auto* r = frame.mutable_decide_petition();
    *r->mutable_header() = h;
    r->set_decision(decision);
    r->set_basis(basis);
  } else if (verb == "review-decision") {
    auto* r = frame.mutable_decide_review();
    *r->mutable_header() = h;
    r->set_decision(decision);
    r->set_basis(basis);
  } else {
    auto* r = frame.mutable_decide_re_review();
    *r->mutable_header() = h;
    r->set_decision(decision);
    r->set_basis(basis);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  print_case_step(client, reply.case_result());
  if (!client.json()) print_notices(reply.case_result().case_(), true);
  return kExitOk;
}

}  // namespace

const std::vector<std::string>& petition_words() {
  static const std::vector<std::string> words = {"register", "check", "decide", "decision", "review",
                                                 "review-decision", "re-review", "re-review-decision", "notices",
                                                 "history"};
  return words;
}

int petition_command(Client& client, const std::string& verb, const Words& words) {
  if (verb == "register") return register_petition(client, words);
  if (verb == "history") {
    // Everything of one person, found by ID number: across channels, levels and years.
    // Also by a party's name or phone (cases person).
    Args args = Args::parse(words, {{"id-number"}, {"name"}, {"phone"}, {"reason"}});
    args.expect_at_most(0);
    if (args.has("id-number") + args.has("name") + args.has("phone") != 1) {
      throw UsageError(tr("请给出 --id-number 身份证号、--name 姓名或 --phone 电话中的一项",
                          "give one of --id-number, --name, --phone"));
    }
    v1::ClientFrame frame;
    auto* find = frame.mutable_find_person_cases();
    find->set_id_number(args.value_or("id-number", ""));
    find->set_name(args.value_or("name", ""));
    find->set_phone(args.value_or("phone", ""));
    find->set_reason(args.require("reason"));
    v1::Reply reply = client.authed_call(std::move(frame));
    const v1::ListCasesResponse& found = reply.cases();
    client.emit(found, [&] {
      if (found.cases_size() == 0) {
        std::cout << tr("没有此人的案件。", "No cases of this person.") << '\n';
        return;
      }
      Table t({tr("编号", "Number"), tr("种类", "Kind"), tr("状态", "State"), tr("渠道", "Channel"),
               tr("登记时间", "Registered"), tr("事项", "Matter")});
      t.limit(5, 40);
      for (const auto& c : found.cases()) {
        const std::string matter = c.has_petition() && !c.petition().intake().matter().empty()
                                       ? c.petition().intake().matter()
                                       : c.title();
        t.add({c.number(), label(c.kind()), label(c.state()), label(c.channel()), format_time(c.created_at()), matter});
      }
      t.print(std::cout);
      std::cout << tr("（本次查询已记入审计日志）", "(this lookup is recorded in the audit log)") << '\n';
    });
    return kExitOk;
  }
  if (verb == "decision" || verb == "review-decision" || verb == "re-review-decision") {
    return decision_step(client, verb, words);
  }
  if (verb == "check" || verb == "notices") {
    Args args = Args::parse(words, {});
    args.expect_at_most(1);
    const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
    if (verb == "check") {
      const auto c = check(client, id);
      client.emit(c, [&] { print_check(c); });
      return kExitOk;
    }
    const v1::Case c = fetch(client, id);
    client.emit(c.petition(), [&] {
      if (c.petition().notices_size() == 0) std::cout << tr("（尚无告知书）", "(no notices yet)") << '\n';
      print_notices(c, false);
    });
    return kExitOk;
  }
  if (verb == "decide") {
    // The acceptance decision: accept when no rule applies (or the clerk overrides it with a
    // reason); otherwise not accepted, with the rule's article and the written notice.
    Args args = Args::parse(words, {{"override", false}, {"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    if (args.has("override") && !args.has("reason")) {
      throw UsageError(tr("--override 需要 --reason 说明理由（记入办理记录）", "--override needs --reason (recorded)"));
    }
    const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
    v1::ClientFrame frame;
    *frame.mutable_accept_case()->mutable_header() = header_from(client, args, id);
    frame.mutable_accept_case()->set_override_rule(args.has("override"));
    v1::Reply reply;
    try {
      reply = client.authed_call(std::move(frame));
    } catch (const ServerError& e) {
      if (e.error().reason() != "PETITION_NOT_ACCEPTABLE") throw;
      v1::ClientFrame reject;
      v1::ActionHeader h = header_from(client, args, id);
      h.set_request_id(h.request_id() + "-reject");
      h.set_reason(e.error().message());
      *reject.mutable_reject_case()->mutable_header() = h;
      reply = client.authed_call(std::move(reject));
    }
    print_case_step(client, reply.case_result());
    if (!client.json()) print_notices(reply.case_result().case_(), true);
    return kExitOk;
  }
  if (verb == "review" || verb == "re-review") {
    Args args = Args::parse(words, {{"reason"}, {"version"}, {"request-id"}});
    args.expect_at_most(1);
    if (!args.has("reason")) throw UsageError(tr("需要 --reason 信访人的请求理由", "needs --reason (the petitioner's grounds)"));
    const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
    v1::ClientFrame frame;
    if (verb == "review") {
      *frame.mutable_request_review()->mutable_header() = header_from(client, args, id);
    } else {
      *frame.mutable_request_re_review()->mutable_header() = header_from(client, args, id);
    }
    v1::Reply reply = client.authed_call(std::move(frame));
    print_case_step(client, reply.case_result());
    return kExitOk;
  }
  throw UsageError(std::string(tr("未知的 petition 子命令 ", "unknown petition subcommand ")) + verb);
}

}  // namespace gridcase::cli
