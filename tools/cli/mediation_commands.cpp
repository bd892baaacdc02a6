// mediation request | assign | consent | session | agreement | sign | follow-up | refer | risk | dossier:
// the people's mediation of a dispute (人民调解).
#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "gridcase/mediation.hpp"
#include "gridcase/names.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

v1::ActionHeader header_from(Client& client, const Args& args) {
  v1::ActionHeader h;
  h.set_request_id(args.value_or("request-id", new_request_id()));
  h.set_case_id(case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER"))));
  h.set_expected_version(args.integer("version").value_or(0));
  h.set_reason(args.value_or("reason", ""));
  return h;
}

std::int64_t time_option(const Args& args, const std::string& option) {
  const std::string text = args.require(option);
  auto t = parse_shanghai_time(text);
  if (!t) {
    // A date alone means the end of that day.
    t = parse_shanghai_time(text + " 23:59");
  }
  if (!t) {
    throw UsageError(std::string(tr("无效的时间 ", "invalid time ")) + "--" + option + " " + text +
                     tr("（格式: 'YYYY-MM-DD HH:MM' 或 'YYYY-MM-DD'，北京时间）",
                        " (format: 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD', Asia/Shanghai)"));
  }
  return *t;
}

int party_option(const Args& args) {
  const long long n = args.integer("party").value_or(0);
  if (n < 1 || n > 1000) throw UsageError(tr("--party 是当事人的序号，从 1 开始", "--party is the party's position, from 1"));
  return static_cast<int>(n - 1);
}

// "内容|履行方式|YYYY-MM-DD"
v1::AgreementTerm parse_term(const std::string& text) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(text);
  while (std::getline(in, field, '|')) fields.push_back(field);
  if (fields.size() != 3 || fields[0].empty() || fields[1].empty()) {
    throw UsageError(std::string(tr("无效的协议条款 ", "invalid term ")) + "'" + text + "'" +
                     tr("（格式: 协议内容|履行方式|履行期限YYYY-MM-DD）", " (format: content|how performed|YYYY-MM-DD)"));
  }
  auto due = parse_shanghai_time(fields[2] + " 23:59");
  if (!due) throw UsageError(std::string(tr("无效的履行期限 ", "invalid due date ")) + fields[2]);
  v1::AgreementTerm t;
  t.set_content(fields[0]);
  t.set_performance(fields[1]);
  t.set_due_at(*due);
  return t;
}

}  // namespace

void print_case_step(Client& client, const v1::CaseResponse& r) {
  client.emit(r, [&] {
    const v1::Case& c = r.case_();
    std::cout << c.number() << "  ";
    if (!r.events().empty()) {
      const v1::CaseEvent& e = r.events(0);
      std::cout << label(e.action()) << tr(" 完成", " done");
      if (e.from_state() != e.to_state()) {
        std::cout << "  " << tr("状态 ", "state ") << label(e.from_state()) << " → " << label(e.to_state());
      }
    } else {
      std::cout << tr("状态 ", "state ") << label(c.state());
    }
    std::cout << "  " << tr("版本 ", "version ") << c.version() << '\n';
    if (c.outcome() != v1::OUTCOME_UNSPECIFIED && c.state() != v1::CASE_STATE_IN_PROGRESS) {
      std::cout << "  " << tr("结果 ", "outcome ") << label(c.outcome()) << '\n';
    }
    for (const auto& k : c.clocks()) {
      if (k.run() != v1::CLOCK_RUN_RUNNING) continue;
      if (k.kind() == v1::CLOCK_KIND_CONFIRMATION || k.kind() >= v1::CLOCK_KIND_REVIEW_REQUEST) {
        std::cout << "  " << label(k.kind()) << "  " << tr("截止 ", "until ") << format_deadline(k.deadline()) << '\n';
      }
    }
    if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
  });
}

void print_kind_details(Client& client, const v1::Case& c) {
  if (c.kind() == v1::CASE_KIND_DISPUTE && c.has_mediation() && c.mediation().committee_unit_id() != 0) {
    const v1::Mediation& m = c.mediation();
    std::cout << tr("人民调解: ", "Mediation: ") << client.unit_name(m.committee_unit_id());
    for (auto id : m.mediator_user_ids()) std::cout << "  " << client.user_name(id);
    if (m.chosen_by_parties()) std::cout << tr("（当事人选定）", " (chosen by the parties)");
    std::cout << '\n';
    for (int i = 0; i < m.consents_size() && i < c.parties_size(); ++i) {
      if (m.consents(i) == v1::CONSENT_UNSPECIFIED) continue;
      std::cout << "  " << c.parties(i).name() << "  "
                << (m.consents(i) == v1::CONSENT_AGREED ? tr("同意调解", "agreed") : tr("拒绝调解", "refused")) << '\n';
    }
    std::cout << "  " << tr("笔录 ", "records ") << m.sessions_size() << tr(" 份", "");
    if (m.agreement_drafted()) {
      std::cout << "  " << tr("调解协议 ", "agreement ")
                << (m.agreement().effective_at() != 0 ? tr("已生效 ", "effective ") + format_time(m.agreement().effective_at())
                                                       : std::string(tr("待签章", "awaiting signatures")));
    }
    if (m.follow_ups_size() > 0) std::cout << "  " << tr("回访 ", "follow-ups ") << m.follow_ups_size();
    std::cout << '\n';
    for (const auto& np : m.not_performed()) {
      std::cout << "  " << tr("协议未履行 ", "agreement not performed ") << format_time(np.at()) << "  "
                << (np.remediate() ? std::string(tr("重新调解", "mediated again"))
                                   : tr("引导", "referred: ") +
                                         (lang() == Lang::kEn ? enum_id(np.referral())
                                                              : std::string(label_zh(static_cast<ReferralRoute>(np.referral())))))
                << "  " << np.note() << '\n';
    }
  }
  if (c.kind() == v1::CASE_KIND_PETITION && c.has_petition()) {
    const v1::Petition& p = c.petition();
    std::cout << tr("信访事项: ", "Matter: ") << p.intake().matter();
    if (p.intake().persons() > 0) std::cout << "  " << tr("来访人数 ", "persons ") << p.intake().persons();
    if (p.concluded()) std::cout << "  " << tr("（复核终结）", "(concluded)");
    std::cout << '\n';
    if (p.notices_size() > 0) {
      std::cout << "  " << tr("告知书 ", "notices ") << p.notices_size()
                << tr(" 份（petition notices 查看）", " (see petition notices)") << '\n';
    }
  }
  print_hazard_details(client, c);
}

const std::vector<std::string>& mediation_words() {
  static const std::vector<std::string> words = {"request", "assign", "consent", "session", "agreement", "sign",
                                                 "follow-up", "refer", "risk", "dossier", "not-performed"};
  return words;
}

int mediation_command(Client& client, const std::string& verb, const Words& words) {
  v1::ClientFrame frame;
  if (verb == "dossier") {
    Args args = Args::parse(words, {{"out"}, {"archive", false}, {"reason"}});
    args.expect_at_most(1);
    const std::int64_t id = case_id_of(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
    frame.mutable_get_dossier()->set_case_id(id);
    if (args.has("archive")) {
      // The copy for the archive shows the parties in full: a reveal, on record with its reason.
      frame.mutable_get_dossier()->set_archive(true);
      frame.mutable_get_dossier()->set_reason(args.value_or("reason", tr("打印卷宗归档", "printing the case file for the archive")));
    } else if (args.has("reason")) {
      throw UsageError(tr("--reason 用于 --archive（归档件）", "--reason goes with --archive"));
    }
    v1::Reply reply = client.authed_call(std::move(frame));
    const std::string& html = reply.dossier().html();
    if (auto path = args.value("out")) {
      std::ofstream out(*path, std::ios::binary);
      out << html;
      if (!out) throw CliError(kExitUsage, std::string(tr("无法写入 ", "cannot write ")) + *path);
      if (!client.json()) {
        std::cout << tr("卷宗已写入 ", "case file written to ") << *path << '\n';
        if (args.has("archive")) std::cout << tr("（归档件含完整个人信息，本次打印已记入审计日志）", "(the archive copy shows personal data in full; this print is recorded in the audit log)") << '\n';
      }
    } else {
      std::cout << html;
    }
    return kExitOk;
  }

  const std::vector<OptionSpec> common = {{"reason"}, {"version"}, {"request-id"}};
  auto with = [&](std::vector<OptionSpec> more) {
    more.insert(more.end(), common.begin(), common.end());
    return Args::parse(words, more);
  };
  if (verb == "request") {
    Args args = with({{"committee"}});
    args.expect_at_most(1);
    auto* r = frame.mutable_request_mediation();
    if (auto committee = args.integer("committee")) r->set_committee_unit_id(*committee);
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "assign") {
    Args args = with({{"committee"}, {"mediator", true, true}, {"chosen-by-parties", false}});
    args.expect_at_most(1);
    auto committee = args.integer("committee");
    if (!committee) throw UsageError(tr("指派调解需要 --committee 调解委员会ID", "assign needs --committee UNIT_ID"));
    if (args.values("mediator").empty()) throw UsageError(tr("指派调解需要至少一个 --mediator 调解员用户ID", "assign needs --mediator USER_ID"));
    auto* r = frame.mutable_assign_mediation();
    for (const auto& m : args.values("mediator")) {
      auto id = parse_int(m);
      if (!id) throw UsageError(std::string("--mediator ") + m);
      r->add_mediator_user_ids(*id);
    }
    r->set_committee_unit_id(*committee);
    r->set_chosen_by_parties(args.has("chosen-by-parties"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "consent") {
    Args args = with({{"party"}, {"agree", false}, {"refuse", false}, {"refer"}});
    args.expect_at_most(1);
    if (args.has("agree") == args.has("refuse")) {
      throw UsageError(tr("当事人意愿需要 --agree 或 --refuse（二选一）", "consent needs one of --agree, --refuse"));
    }
    if (args.has("refuse") && !args.has("refer")) {
      throw UsageError(tr("拒绝调解需要 --refer arbitration|administrative|court（引导途径）",
                          "a refusal needs --refer arbitration|administrative|court"));
    }
    auto* r = frame.mutable_record_consent();
    r->set_party_index(party_option(args));
    r->set_consent(args.has("agree") ? v1::CONSENT_AGREED : v1::CONSENT_REFUSED);
    if (auto route = args.value("refer")) r->set_referral(parse_enum<v1::ReferralRoute>(*route, "refer"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "session") {
    Args args = with({{"at"}, {"place"}, {"attendee", true, true}, {"record"}, {"investigation", false}});
    args.expect_at_most(1);
    auto* r = frame.mutable_record_session();
    auto* s = r->mutable_session();
    s->set_kind(args.has("investigation") ? v1::SESSION_KIND_INVESTIGATION : v1::SESSION_KIND_MEDIATION);
    s->set_at(time_option(args, "at"));
    s->set_place(args.require("place"));
    for (const auto& a : args.values("attendee")) s->add_attendees(a);
    s->set_record(args.require("record"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "agreement") {
    Args args = with({{"parties-info"}, {"facts"}, {"disputes"}, {"responsibilities"}, {"term", true, true},
                      {"party-detail", true, true}});
    args.expect_at_most(1);
    auto* r = frame.mutable_draft_agreement();
    auto* a = r->mutable_agreement();
    a->set_parties_info(args.require("parties-info"));
    a->set_facts(args.require("facts"));
    a->set_disputed_points(args.require("disputes"));
    a->set_responsibilities(args.require("responsibilities"));
    if (args.values("term").empty()) {
      throw UsageError(tr("调解协议需要至少一个 --term '协议内容|履行方式|YYYY-MM-DD'", "the agreement needs --term 'content|how|YYYY-MM-DD'"));
    }
    for (const auto& t : args.values("term")) *a->add_terms() = parse_term(t);
    // '序号|民族|职业|住址': the details art. 29 asks for beyond the case's (in party order).
    for (const auto& d : args.values("party-detail")) {
      std::vector<std::string> f;
      std::string field;
      std::istringstream in(d);
      while (std::getline(in, field, '|')) f.push_back(field);
      if (d.back() == '|') f.push_back("");
      const auto n = f.empty() ? std::nullopt : parse_int(f[0]);
      if (f.size() != 4 || !n || *n < 1 || *n > 50) {
        throw UsageError(std::string(tr("无效的当事人信息 ", "invalid party detail ")) + "'" + d + "'" +
                         tr("（格式: 序号|民族|职业|住址，序号从 1 开始）", " (format: N|ethnicity|occupation|address, N from 1)"));
      }
      while (a->party_details_size() < *n) a->add_party_details();
      auto* pd = a->mutable_party_details(static_cast<int>(*n - 1));
      pd->set_ethnicity(f[1]);
      pd->set_occupation(f[2]);
      pd->set_address(f[3]);
    }
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "sign") {
    Args args = with({{"party"}, {"mark"}, {"mediator", false}});
    args.expect_at_most(1);
    auto* r = frame.mutable_sign_agreement();
    if (args.has("mediator")) {
      if (args.has("party") || args.has("mark")) {
        throw UsageError(tr("--mediator（调解员签名并加盖调解委员会印章）不与 --party/--mark 同用",
                            "--mediator (signature with the committee seal) excludes --party/--mark"));
      }
      r->set_mediator_signature(true);
    } else {
      r->set_party_index(party_option(args));
      r->set_mark(parse_enum<v1::SignMark>(args.value_or("mark", "signature"), "mark"));
    }
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "follow-up") {
    Args args = with({{"performed", false}, {"not-performed", false}});
    args.expect_at_most(1);
    if (args.has("performed") == args.has("not-performed")) {
      throw UsageError(tr("回访需要 --performed 或 --not-performed（二选一）", "follow-up needs one of --performed, --not-performed"));
    }
    if (!args.has("reason")) throw UsageError(tr("回访需要 --reason 回访情况", "follow-up needs --reason NOTE"));
    auto* r = frame.mutable_follow_up();
    r->set_performed(args.has("performed"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "refer") {
    Args args = with({{"to"}});
    args.expect_at_most(1);
    if (!args.has("to")) throw UsageError(tr("引导需要 --to arbitration|administrative|court", "refer needs --to arbitration|administrative|court"));
    if (!args.has("reason")) throw UsageError(tr("引导需要 --reason 理由", "refer needs --reason"));
    auto* r = frame.mutable_refer_case();
    r->set_referral(parse_enum<v1::ReferralRoute>(*args.value("to"), "to"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "not-performed") {
    Args args = with({{"remediate", false}, {"refer"}});
    args.expect_at_most(1);
    if (args.has("remediate") == args.has("refer")) {
      throw UsageError(tr("协议未履行需要 --remediate（重新调解）或 --refer court（引导诉讼）（二选一）",
                          "not-performed needs one of --remediate, --refer court"));
    }
    if (!args.has("reason")) throw UsageError(tr("协议未履行需要 --reason 未履行情况", "not-performed needs --reason"));
    auto* r = frame.mutable_agreement_not_performed();
    r->set_remediate(args.has("remediate"));
    if (auto route = args.value("refer")) r->set_referral(parse_enum<v1::ReferralRoute>(*route, "refer"));
    *r->mutable_header() = header_from(client, args);
  } else if (verb == "risk") {
    Args args = with({{"police-notified", false}});
    args.expect_at_most(1);
    if (!args.has("reason")) throw UsageError(tr("风险上报需要 --reason 风险情况", "risk needs --reason"));
    auto* r = frame.mutable_escalate_case();
    r->set_escalation_reason(v1::ESCALATION_REASON_RISK);
    r->set_police_notified(args.has("police-notified"));
    *r->mutable_header() = header_from(client, args);
  } else {
    throw UsageError(std::string(tr("未知的 mediation 子命令 ", "unknown mediation subcommand ")) + verb);
  }
  v1::Reply reply = client.authed_call(std::move(frame));
  print_case_step(client, reply.case_result());
  return kExitOk;
}

}  // namespace gridcase::cli
