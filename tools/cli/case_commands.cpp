// cases list | show | create | <action>.
#include <algorithm>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <sstream>

#include "action_verbs.hpp"
#include "args.hpp"
#include "cli_error.hpp"
#include "clock_format.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "gridcase/action_table.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

namespace {

// A case named on the command line: its id, or its number (XC-2026-000123).
v1::GetCaseRequest case_ref(const std::string& text) {
  v1::GetCaseRequest req;
  if (auto id = parse_int(text); id && *id > 0) {
    req.set_case_id(*id);
  } else {
    req.set_number(text);
  }
  return req;
}

v1::GetCaseResponse fetch_case(Client& client, const std::string& text) {
  v1::ClientFrame frame;
  *frame.mutable_get_case() = case_ref(text);
  v1::Reply reply = client.authed_call(std::move(frame));
  client.remember_users(reply.case_detail().user_names());
  return reply.case_detail();
}

std::int64_t resolve_case_id(Client& client, const std::string& text) {
  auto req = case_ref(text);
  if (req.case_id() != 0) return req.case_id();
  return fetch_case(client, text).case_().id();
}

// The fields of a party as typed: separated by commas, full-width commas (，) or enumeration
// commas (、), the ones a Chinese keyboard gives; spaces around each field are dropped.
std::vector<std::string> party_fields(const std::string& text) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ',') {
      fields.emplace_back();
      ++i;
    } else if (text.compare(i, 3, "\xEF\xBC\x8C") == 0 || text.compare(i, 3, "\xE3\x80\x81") == 0) {  // ， 、
      fields.emplace_back();
      i += 3;
    } else {
      fields.back() += text[i++];
    }
  }
  for (auto& f : fields) {
    const auto first = f.find_first_not_of(" \t");
    f = first == std::string::npos ? "" : f.substr(first, f.find_last_not_of(" \t") - first + 1);
  }
  return fields;
}

// A party's role by its name (applicant) or its label (申请人).
v1::PartyRole party_role(const std::string& text) {
  for (int n = 1; v1::PartyRole_IsValid(n); ++n) {
    const auto role = static_cast<v1::PartyRole>(n);
    if (text == label(role)) return role;
  }
  return parse_enum<v1::PartyRole>(text, "party");
}

// "name,phone,id_number,ROLE"; trailing fields may be left out.
v1::CaseParty parse_party(const std::string& text) {
  const std::vector<std::string> fields = party_fields(text);
  if (fields[0].empty() || fields.size() > 4) {
    throw UsageError(std::string(tr("无效的当事人 ", "invalid party ")) + "'" + text + "'" +
                     tr("（格式: 姓名,电话,身份证号,角色；逗号可用，或、）", " (format: name,phone,id,ROLE)"));
  }
  v1::CaseParty p;
  p.set_name(fields[0]);
  if (fields.size() > 1) p.set_phone(fields[1]);
  if (fields.size() > 2) p.set_id_number(fields[2]);
  p.set_role(fields.size() > 3 && !fields[3].empty() ? party_role(fields[3]) : v1::PARTY_ROLE_APPLICANT);
  return p;
}

std::string category_cell(Client& client, const v1::Case& c) {
  return label(c.kind()) + "/" + client.category_name(c.category_code());
}

void print_case_table(Client& client, const std::vector<const v1::Case*>& cases) {
  Table table({tr("编号", "Number"), tr("时限", "Clock"), tr("类别", "Category"), tr("状态", "State"),
               tr("层级", "Level"), tr("标题", "Title"), tr("更新时间", "Updated")});
  table.limit(2, 24);
  table.limit(5, 40);
  for (const auto* c : cases) {
    table.add({c->number(), case_colour_cell(*c), category_cell(client, *c), label(c->state()),
               label(c->level()), c->title(), format_time(c->updated_at())});
  }
  table.print(std::cout);
}

// Who did it: the scheduler's events have no user.
std::string actor_name(Client& client, std::int64_t user_id) {
  return user_id == 0 ? tr("系统", "system") : client.user_name(user_id);
}

// A detail that holds Unix milliseconds, as a time.
std::string time_detail(const std::string& value) { return format_time(parse_int(value).value_or(0)); }


std::string state_change(const v1::CaseEvent& e) {
  if (e.from_state() == e.to_state() || e.to_state() == v1::CASE_STATE_UNSPECIFIED) {
    return e.from_state() == v1::CASE_STATE_UNSPECIFIED ? "" : label(e.from_state());
  }
  if (e.from_state() == v1::CASE_STATE_UNSPECIFIED) return label(e.to_state());
  return label(e.from_state()) + " → " + label(e.to_state());
}

// "当事人1 王芳" ("party 1 王芳"): a party named in a detail by its position from 1.
std::string party_detail(const v1::Case& c, const std::string& value) {
  const auto n = parse_int(value).value_or(0);
  std::string text = (lang() == Lang::kEn ? "party " : "当事人") + value;
  if (n >= 1 && n <= c.parties_size()) text += " " + c.parties(static_cast<int>(n - 1)).name();
  return text;
}

// A list of ids ("3,7") as names joined by 、 (", " in English).
template <typename Name>
std::string id_list(const std::string& value, Name&& name_of) {
  std::string out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string id = value.substr(start, comma - start);
    if (!id.empty()) out += (out.empty() ? "" : tr("、", ", ")) + name_of(parse_int(id).value_or(0));
    start = comma + 1;
  }
  return out;
}

// "1.2 MB", "35 KB", "900 B".
std::string size_text(const std::string& value) {
  const double bytes = static_cast<double>(parse_int(value).value_or(0));
  char buf[32];
  if (bytes >= 1024.0 * 1024.0) {
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024.0 * 1024.0));
  } else if (bytes >= 1024.0) {
    std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f B", bytes);
  }
  return buf;
}

std::string yes_no(const std::string& value, const char* yes_zh, const char* yes_en, const char* no_zh,
                   const char* no_en) {
  return value == "true" ? tr(yes_zh, yes_en) : tr(no_zh, no_en);
}

// The reason and the action's details, in words: "处置单位 第一网格; 承办人 张明". Every detail the
// core records is said in the reader's language: times in Beijing time, values by their labels,
// people and units by their names; ids that only join records (case ids beside case numbers)
// are left out. A detail this client does not know yet is shown as key=value.
std::string event_note(Client& client, const v1::Case& c, const v1::CaseEvent& e) {
  std::string note = e.reason();
  auto add = [&](const std::string& text) {
    if (text.empty()) return;
    if (!note.empty()) note += "; ";
    note += text;
  };
  const auto& d = e.details();
  auto has = [&](const char* key) { return d.find(key) != d.end(); };
  auto get = [&](const char* key) {
    auto it = d.find(key);
    return it == d.end() ? std::string() : it->second;
  };
  auto words = [](const char* zh, const char* en, const std::string& value) { return std::string(tr(zh, en)) + value; };
  auto user = [&](std::int64_t id) { return client.user_name(id); };
  auto unit = [&](std::int64_t id) { return client.unit_name(id); };
  const bool extension = e.action() == v1::ACTION_REQUEST_EXTENSION;

  // Each known key, in the order they read best; a key renders as "" when another one says it.
  using Render = std::function<std::string(const std::string&)>;
  const std::vector<std::pair<const char*, Render>> known = {
      {"clock", [&](const std::string& v) { return label_of_name<v1::ClockKind>(v); }},
      {"order_no", [&](const std::string& v) { return words("工单号 ", "order ", v); }},
      {"deadline_class", [&](const std::string& v) { return words("时限类别 ", "class ", label_of_name<v1::HotlineDeadlineClass>(v)); }},
      {"category", [&](const std::string& v) { return words("类别 ", "category ", client.category_name(v)); }},
      {"channel", [&](const std::string& v) { return words("渠道 ", "channel ", label_of_name<v1::Channel>(v)); }},
      {"policy",
       [&](const std::string& v) {
         // "7v1": the deadline policy and its version
         const auto at = v.find('v');
         return std::string(tr("时限政策 #", "deadline policy #")) + v.substr(0, at) +
                (at == std::string::npos ? "" : (lang() == Lang::kEn ? " v" + v.substr(at + 1) : " 第" + v.substr(at + 1) + "版"));
       }},
      {"imported_from", [&](const std::string& v) { return words("导入自 ", "imported from ", v); }},
      {"escalation_reason", [&](const std::string& v) { return words("上报原因 ", "escalation ", label_of_name<v1::EscalationReason>(v)); }},
      {"committee", [&](const std::string& v) { return words("调解委员会 ", "committee ", v); }},
      {"committee_id", [&](const std::string& v) { return has("committee") ? "" : words("调解委员会 ", "committee ", unit(parse_int(v).value_or(0))); }},
      {"unit", [&](const std::string& v) { return extension || has("committee") ? "" : words("处置单位 ", "unit ", v); }},
      {"unit_id",
       [&](const std::string& v) {
         return has("unit") || has("committee") || has("committee_id") ? "" : words("处置单位 ", "unit ", unit(parse_int(v).value_or(0)));
       }},
      {"assignee_id", [&](const std::string& v) { return words("承办人 ", "assignee ", user(parse_int(v).value_or(0))); }},
      {"mediators", [&](const std::string& v) { return words("调解员 ", "mediators ", id_list(v, user)); }},
      {"chosen_by_parties", [&](const std::string& v) { return v == "true" ? tr("当事人选定", "chosen by the parties") : ""; }},
      {"leader", [&](const std::string& v) { return words("包案领导 ", "leader ", v); }},
      {"leader_id", [&](const std::string& v) { return has("leader") ? "" : words("包案领导 ", "leader ", user(parse_int(v).value_or(0))); }},
      {"police_notified", [&](const std::string& v) { return yes_no(v, "已告知公安机关", "police notified", "未告知公安机关", "police not notified"); }},
      {"into", [&](const std::string& v) { return words("并入 ", "merged into ", v); }},
      {"merged", [&](const std::string& v) { return words("并入案件 ", "merged case ", v); }},
      {"parent", [&](const std::string& v) { return words("主案件 ", "main case ", v); }},
      {"other", [&](const std::string& v) { return words("另一案件 ", "other case ", v); }},
      {"amount",
       [&](const std::string& v) {
         // request extension: the amount in the clock's unit
         auto u = has("unit") ? find_enum_value(v1::BudgetUnit_descriptor(), get("unit")) : std::nullopt;
         const auto bu = u ? static_cast<v1::BudgetUnit>(*u) : v1::BUDGET_UNIT_UNSPECIFIED;
         return words("延期 ", "extension ",
                      bu == v1::BUDGET_UNIT_UNSPECIFIED ? v : format_budget(parse_int(v).value_or(0) * budget_unit_ms(bu), bu));
       }},
      {"approved", [&](const std::string& v) { return yes_no(v, "同意延期", "extension approved", "不同意延期", "extension denied"); }},
      {"deadline",
       [&](const std::string& v) -> std::string {
         if (e.action() == v1::ACTION_CLOCK_WARNING) {
           return lang() == Lang::kEn ? "due at " + time_detail(v) : "将于 " + time_detail(v) + " 到期";
         }
         if (e.action() == v1::ACTION_CLOCK_EXPIRED) {
           if (has("due_at")) return "";
           return lang() == Lang::kEn ? "was due at " + time_detail(v) : "已于 " + time_detail(v) + " 到期";
         }
         return words("新期限 ", "new deadline ", time_detail(v));
       }},
      {"due_at",
       [&](const std::string& v) -> std::string {
         // A warning falls due when it is recorded; an expiry says when the clock ran out.
         if (e.action() != v1::ACTION_CLOCK_EXPIRED) return "";
         return lang() == Lang::kEn ? "was due at " + time_detail(v) : "已于 " + time_detail(v) + " 到期";
       }},
      {"target_at", [&](const std::string& v) { return words("要求完成时间 ", "target ", time_detail(v)); }},
      {"urge_count", [&](const std::string& v) { return lang() == Lang::kEn ? "urged " + v + " time(s)" : "第" + v + "次督办"; }},
      {"top_level", [&](const std::string& v) { return v == "true" ? tr("已是最高层级，无法再上报", "already at the top level") : ""; }},
      // People's mediation.
      {"consent",
       [&](const std::string& v) { return party_detail(c, get("party")) + " " + label_of_name<v1::Consent>(v); }},
      {"referral", [&](const std::string& v) { return words("引导至 ", "referred to ", label_of_name<v1::ReferralRoute>(v)); }},
      {"kind",
       [&](const std::string& v) {
         return lang() == Lang::kEn ? label_of_name<v1::SessionKind>(v) + " no. " + get("session")
                                    : "第" + get("session") + "份" + label_of_name<v1::SessionKind>(v);
       }},
      {"at", [&](const std::string& v) { return words("时间 ", "at ", time_detail(v)); }},
      {"place", [&](const std::string& v) { return words("地点 ", "place ", v); }},
      {"terms", [&](const std::string& v) { return lang() == Lang::kEn ? v + " term(s)" : "协议条款" + v + "条"; }},
      {"signed_by",
       [&](const std::string& v) -> std::string {
         if (v == "MEDIATOR") {
           return get("committee_seal") == "true" ? tr("调解员签名并加盖调解委员会印章", "signed by the mediator, committee seal affixed")
                                                  : tr("调解员签名", "signed by the mediator");
         }
         return party_detail(c, get("party")) + " " + label_of_name<v1::SignMark>(get("mark"));
       }},
      {"agreement", [&](const std::string& v) { return v == "EFFECTIVE" ? tr("调解协议生效", "the agreement is effective") : v; }},
      {"performed", [&](const std::string& v) { return yes_no(v, "协议已履行", "performed", "协议未履行", "not performed"); }},
      {"outcome", [&](const std::string& v) { return label_of_name<v1::Outcome>(v); }},
      {"settled_level", [&](const std::string& v) { return words("办结层级 ", "settled at ", label_of_name<v1::Level>(v)); }},
      // Petitions.
      {"rule", [&](const std::string& v) { return words("不予受理情形: ", "rule: ", label_of_name<v1::PetitionRule>(v)); }},
      {"article", [&](const std::string& v) { return v; }},
      {"override", [&](const std::string& v) { return v == "true" ? tr("经审查仍予受理", "accepted over the rule") : ""; }},
      {"decision", [&](const std::string& v) { return label_of_name<v1::PetitionDecision>(v); }},
      {"concluded", [&](const std::string& v) { return v == "true" ? tr("复核终结", "concluded") : ""; }},
      {"notice", [&](const std::string& v) { return words("出具", "issued ", label_of_name<v1::NoticeKind>(v)); }},
      // 12345 hotline orders.
      {"signed_at", [&](const std::string& v) { return words("签收时间 ", "signed at ", time_detail(v)); }},
      {"return_window_deadline", [&](const std::string& v) { return words("退单期限 ", "return until ", time_detail(v)); }},
      {"contact_method", [&](const std::string& v) { return words("联系方式 ", "by ", label_of_name<v1::HotlineContactMethod>(v)); }},
      {"contacted_at", [&](const std::string& v) { return words("联系时间 ", "at ", time_detail(v)); }},
      {"contact_result", [&](const std::string& v) { return words("联系结果 ", "result ", v); }},
      {"return_upheld", [&](const std::string& v) { return yes_no(v, "退单成立", "return upheld", "退单不成立", "return rejected"); }},
      {"callback_solved", [&](const std::string& v) { return yes_no(v, "已解决", "solved", "未解决", "not solved"); }},
      {"callback_satisfied", [&](const std::string& v) { return yes_no(v, "满意", "satisfied", "不满意", "not satisfied"); }},
      {"rework", [&](const std::string& v) { return v == "true" ? tr("重办", "rework") : ""; }},
      {"appeal_upheld", [&](const std::string& v) { return yes_no(v, "申诉成立", "appeal upheld", "申诉不成立", "appeal rejected"); }},
      // Hazards.
      {"inspection_id", [&](const std::string& v) { return words("排查记录 #", "inspection #", v); }},
      {"severity", [&](const std::string& v) { return label_of_name<v1::HazardSeverity>(v); }},
      {"rectification", [&](const std::string& v) { return lang() == Lang::kEn ? "rectification no. " + v : "第" + v + "次整改报告"; }},
      {"evidence", [&](const std::string& v) { return v == "0" ? "" : words("证据附件 ", "evidence ", v) + tr("个", ""); }},
      {"passed", [&](const std::string& v) { return yes_no(v, "复查通过", "re-inspection passed", "复查未通过", "re-inspection failed"); }},
      {"failed_reinspections", [&](const std::string& v) { return lang() == Lang::kEn ? v + " failed re-inspection(s)" : "复查未通过" + v + "次"; }},
      {"deadline_days", [&](const std::string& v) { return lang() == Lang::kEn ? v + " days to rectify" : "整改期限" + v + "天"; }},
      // Evidence.
      {"attachment_id", [&](const std::string& v) { return words("附件 #", "attachment #", v); }},
      {"file_name", [&](const std::string& v) { return v; }},
      {"media_type", [&](const std::string& v) { return v; }},
      {"size", [&](const std::string& v) { return size_text(v); }},
      // 吹哨报到.
      {"department_names", [&](const std::string& v) { return words("吹哨部门 ", "departments ", v); }},
      {"departments", [&](const std::string& v) { return has("department_names") ? "" : words("吹哨部门 ", "departments ", id_list(v, unit)); }},
      {"report_by", [&](const std::string& v) { return words("报到期限 ", "report by ", time_detail(v)); }},
      {"department_id", [&](const std::string& v) { return words("部门 ", "department ", unit(parse_int(v).value_or(0))); }},
      {"late", [&](const std::string& v) { return yes_no(v, "迟到", "late", "按时报到", "on time"); }},
      {"rating", [&](const std::string& v) { return words("评价 ", "rating ", v) + "/5"; }},
  };
  // Said by another key, or only joining records.
  static const std::set<std::string> silent = {"party", "mark", "committee_seal", "session", "notice_index", "sha256",
                                               "into_case_id", "merged_case_id", "parent_case_id", "other_case_id"};
  std::set<std::string> done;
  for (const auto& [key, render] : known) {
    auto it = d.find(key);
    if (it == d.end()) continue;
    done.insert(key);
    add(render(it->second));
  }
  // A detail the client does not know yet: better shown raw than hidden.
  std::vector<std::pair<std::string, std::string>> rest;
  for (const auto& [key, value] : d) {
    if (!done.count(key) && !silent.count(key)) rest.emplace_back(key, value);
  }
  std::sort(rest.begin(), rest.end());
  for (const auto& [key, value] : rest) add(key + "=" + value);
  return note;
}

// The number of the case this one was merged into, as its last MERGE event names it ("#id"
// when the history does not say).
std::string merged_into(const v1::Case& c, const google::protobuf::RepeatedPtrField<v1::CaseEvent>* history) {
  std::string number = "#" + std::to_string(c.merged_into_case_id());
  if (history == nullptr) return number;
  for (const auto& e : *history) {
    const auto& d = e.details();
    auto id = d.find("into_case_id");
    auto into = d.find("into");
    if (e.action() == v1::ACTION_MERGE && id != d.end() && into != d.end() &&
        id->second == std::to_string(c.merged_into_case_id())) {
      number = into->second;
    }
  }
  return number;
}

void print_case(Client& client, const v1::Case& c,
                const google::protobuf::RepeatedPtrField<v1::CaseEvent>* history = nullptr) {
  auto row = [](const char* zh, const char* en, const std::string& value) {
    std::cout << tr(zh, en) << ": " << value << '\n';
  };
  row("编号", "Number", c.number() + "  (#" + std::to_string(c.id()) + ")");
  row("标题", "Title", c.title());
  row("种类", "Kind", label(c.kind()));
  row("类别", "Category", client.category_name(c.category_code()) + " (" + c.category_code() + ")");
  row("状态", "State", label(c.state()));
  if (case_colour_cell(c) != "-") row("时限状态", "Deadline colour", case_colour_cell(c));
  if (c.outcome() != v1::OUTCOME_UNSPECIFIED) row("结果", "Outcome", label(c.outcome()));
  row("层级", "Level", label(c.level()));
  row("渠道", "Channel", label(c.channel()));
  row("优先级", "Priority", label(c.priority()));
  row("处置单位", "Handling unit", client.unit_name(c.handling_unit_id()));
  row("承办人", "Assignee", client.user_name(c.assignee_user_id()));
  if (c.leader_user_id() != 0) row("包案领导", "Leader", client.user_name(c.leader_user_id()));
  row("登记人", "Reporter", client.user_name(c.reporter_user_id()));
  std::string where = c.location().address();
  if (c.location().unit_id() != 0) {
    where = client.unit_name(c.location().unit_id()) + (where.empty() ? "" : "  " + where);
  }
  row("地点", "Location", where.empty() ? "-" : where);
  if (c.merged_into_case_id() != 0) {
    row("合并至", "Merged into", merged_into(c, history));
  }
  row("返工/督办", "Reopened/urged",
      std::to_string(c.reopen_count()) + " / " + std::to_string(c.urge_count()));
  row("版本", "Version", std::to_string(c.version()));
  row("创建时间", "Created", format_time(c.created_at()));
  row("更新时间", "Updated", format_time(c.updated_at()));
  if (!c.description().empty()) {
    std::cout << tr("描述", "Description") << ":\n  " << c.description() << '\n';
  }
  if (c.parties_size() > 0) {
    std::cout << tr("当事人", "Parties") << ":\n";
    for (const auto& p : c.parties()) {
      std::cout << "  " << label(p.role()) << "  " << p.name();
      if (!p.phone().empty()) std::cout << "  " << p.phone();
      if (!p.id_number().empty()) std::cout << "  " << p.id_number();
      if (p.confidential()) std::cout << "  " << tr("（身份保密）", "(confidential)");
      std::cout << '\n';
    }
  }
}

// The case's clocks (时限): one row each, then a pending extension request.
void print_clocks(Client& client, const v1::Case& c) {
  if (c.clocks_size() == 0) return;
  std::cout << tr("时限", "Clocks");
  if (c.policy_id() != 0) {
    std::cout << (lang() == Lang::kEn ? " (deadline policy #" + std::to_string(c.policy_id()) + " v" +
                                            std::to_string(c.policy_version()) + ")"
                                      : "（时限政策 #" + std::to_string(c.policy_id()) + " 第" +
                                            std::to_string(c.policy_version()) + "版）");
  }
  std::cout << ":\n";
  Table table({tr("时限", "Clock"), tr("状态", "State"), tr("颜色", "Colour"), tr("期限", "Deadline"),
               tr("剩余", "Remaining"), tr("时长", "Budget"), tr("备注", "Notes")});
  for (const auto& k : c.clocks()) {
    std::string notes;
    auto add = [&](const std::string& text) {
      if (!notes.empty()) notes += tr("，", ", ");
      notes += text;
    };
    if (k.provisional()) {
      add(tr("暂定（期限所在年份的节假日安排未载入）", "provisional (the holiday calendar of its year is not loaded)"));
    }
    if (k.extensions() > 0) {
      add(lang() == Lang::kEn ? "extended " + std::to_string(k.extensions()) + " time(s)"
                              : "已延期" + std::to_string(k.extensions()) + "次");
    }
    const bool counting = k.run() == v1::CLOCK_RUN_RUNNING || k.run() == v1::CLOCK_RUN_PAUSED;
    std::string deadline = format_deadline(k.deadline());
    if (k.provisional() && k.deadline() != 0) deadline += tr("（暂定）", " (provisional)");
    table.add({label(k.kind()), label(k.run()), counting ? colour_cell(k.colour()) : "-",
               k.run() == v1::CLOCK_RUN_PENDING ? "-" : deadline, clock_progress(k),
               format_budget(k.budget_ms(), k.unit()), notes});
  }
  table.print(std::cout);
  if (c.extension_clock() != v1::CLOCK_KIND_UNSPECIFIED) {
    v1::BudgetUnit unit = v1::BUDGET_UNIT_UNSPECIFIED;
    for (const auto& k : c.clocks()) {
      if (k.kind() == c.extension_clock()) unit = k.unit();
    }
    std::cout << tr("延期申请（待审批）: ", "Extension request (awaiting a decision): ") << label(c.extension_clock())
              << " +" << format_budget(c.extension_ms(), unit) << tr("，申请人 ", ", asked by ")
              << client.user_name(c.extension_requested_by()) << '\n';
  }
}

void print_history(Client& client, const v1::Case& c, const google::protobuf::RepeatedPtrField<v1::CaseEvent>& history) {
  Table table({tr("序号", "Seq"), tr("时间", "Time"), tr("操作", "Action"), tr("状态", "State"),
               tr("层级", "Level"), tr("操作人", "By"), tr("说明", "Note")});
  for (const auto& e : history) {
    std::string level;
    if (e.from_level() != e.to_level() && e.to_level() != v1::LEVEL_UNSPECIFIED) {
      level = (e.from_level() == v1::LEVEL_UNSPECIFIED ? "" : label(e.from_level()) + " → ") +
              label(e.to_level());
    }
    table.add({std::to_string(e.seq()), format_time(e.at()), label(e.action()), state_change(e),
               level, actor_name(client, e.actor_user_id()), event_note(client, c, e)});
  }
  table.print(std::cout);
}

}  // namespace

std::string new_request_id() {
  std::random_device rd;
  std::ostringstream out;
  for (int i = 0; i < 4; ++i) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    out << buf;
  }
  return out.str();
}

int list_cases(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"kind", true, true},
                                  {"state", true, true},
                                  {"unit"},
                                  {"text"},
                                  {"assignee"},
                                  {"leader"},
                                  {"category"},
                                  {"level"},
                                  {"sort"},
                                  {"page-size"},
                                  {"page-token"},
                                  {"all", false}});
  args.expect_at_most(0);
  v1::ListCasesRequest req;
  if (auto order = args.value("sort")) req.set_order(parse_enum<v1::CaseOrder>(*order, "sort"));
  for (const auto& k : args.values("kind")) req.add_kinds(parse_enum<v1::CaseKind>(k, "kind"));
  for (const auto& s : args.values("state")) req.add_states(parse_enum<v1::CaseState>(s, "state"));
  req.set_unit_id(args.integer("unit").value_or(0));
  req.set_text(args.value_or("text", ""));
  req.set_assignee_user_id(args.integer("assignee").value_or(0));
  req.set_leader_user_id(args.integer("leader").value_or(0));
  req.set_category_code(args.value_or("category", ""));
  if (auto l = args.value("level")) req.set_level(parse_enum<v1::Level>(*l, "level"));
  if (auto n = args.integer("page-size")) {
    if (*n < 1 || *n > 500) throw UsageError(tr("--page-size 应在 1 到 500 之间", "--page-size must be 1..500"));
    req.set_page_size(static_cast<int>(*n));
  }
  req.set_page_token(args.value_or("page-token", ""));
  const bool all = args.has("all");

  v1::ListCasesResponse result;
  for (;;) {
    v1::ClientFrame frame;
    *frame.mutable_list_cases() = req;
    v1::Reply reply = client.authed_call(std::move(frame));
    auto* page = reply.mutable_cases();
    for (auto& c : *page->mutable_cases()) *result.add_cases() = std::move(c);
    result.set_next_page_token(page->next_page_token());
    if (!all || page->next_page_token().empty()) break;
    req.set_page_token(page->next_page_token());
  }

  client.emit(result, [&] {
    if (result.cases_size() == 0) {
      std::cout << tr("没有符合条件的案件。", "No matching cases.") << '\n';
      return;
    }
    std::vector<const v1::Case*> rows;
    for (const auto& c : result.cases()) rows.push_back(&c);
    print_case_table(client, rows);
    std::cout << tr("共 ", "") << result.cases_size() << tr(" 件", " case(s)") << '\n';
    if (!result.next_page_token().empty()) {
      std::cout << tr("还有更多，下一页: --page-token ", "More: --page-token ")
                << result.next_page_token() << tr("（或用 --all 列出全部）", " (or --all)") << '\n';
    }
  });
  return kExitOk;
}

int show_case(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  v1::GetCaseResponse detail = fetch_case(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
  client.emit(detail, [&] {
    print_case(client, detail.case_(), &detail.history());
    print_kind_details(client, detail.case_());
    if (detail.case_().clocks_size() > 0) {
      std::cout << '\n';
      print_clocks(client, detail.case_());
    }
    std::cout << '\n' << tr("办理记录", "History") << ":\n";
    print_history(client, detail.case_(), detail.history());
    // What this user can do now, by the commands they type.
    std::cout << '\n' << tr("您现在可以: ", "You can now: ");
    if (detail.actions_now_size() == 0) std::cout << tr("（无）", "(nothing)");
    for (int i = 0; i < detail.actions_now_size(); ++i) {
      const auto a = static_cast<v1::Action>(detail.actions_now(i));
      std::cout << (i > 0 ? tr("，", ", ") : "") << "gridcase " << action_command(a) << tr("（", " (") << label(a)
                << tr("）", ")");
    }
    std::cout << '\n';
  });
  return kExitOk;
}

int reveal_party(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"party"}, {"reason"}});
  args.expect_at_most(1);
  const std::string reason = args.require("reason");
  const long long position = args.integer("party").value_or(1);
  if (position < 1 || position > 1000) {
    throw UsageError(tr("--party 是当事人的序号，从 1 开始", "--party is the party's position, from 1"));
  }
  v1::GetCaseResponse detail = fetch_case(client, args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER")));
  v1::ClientFrame frame;
  auto* req = frame.mutable_reveal_party();
  req->set_case_id(detail.case_().id());
  req->set_party_index(static_cast<int>(position - 1));
  req->set_reason(reason);
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::RevealPartyResponse& revealed = reply.revealed();
  client.emit(revealed, [&] {
    const auto& p = revealed.party();
    std::cout << tr("当事人: ", "Party: ") << p.name() << '\n'
              << tr("电话: ", "Phone: ") << (p.phone().empty() ? "-" : p.phone()) << '\n'
              << tr("身份证号: ", "ID number: ") << (p.id_number().empty() ? "-" : p.id_number()) << '\n'
              << tr("（本次查看已记入审计日志）", "(this reveal is recorded in the audit log)") << '\n';
  });
  return kExitOk;
}

int create_case(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"kind"},
                                  {"category"},
                                  {"title"},
                                  {"description"},
                                  {"channel"},
                                  {"unit"},
                                  {"address"},
                                  {"party", true, true},
                                  {"priority"},
                                  {"request-id"}});
  args.expect_at_most(0);
  v1::CreateCaseRequest req;
  req.set_request_id(args.value_or("request-id", new_request_id()));
  req.set_kind(parse_enum<v1::CaseKind>(args.require("kind"), "kind"));
  req.set_category_code(args.require("category"));
  req.set_title(args.require("title"));
  req.set_description(args.value_or("description", ""));
  if (auto ch = args.value("channel")) {
    req.set_channel(parse_enum<v1::Channel>(*ch, "channel"));
  } else {
    // The usual way each kind comes in.
    switch (req.kind()) {
      case v1::CASE_KIND_HOTLINE: req.set_channel(v1::CHANNEL_HOTLINE); break;
      case v1::CASE_KIND_PETITION: req.set_channel(v1::CHANNEL_WALK_IN); break;
      default: req.set_channel(v1::CHANNEL_PATROL); break;
    }
  }
  const auto unit = args.integer("unit");
  if (!unit) throw UsageError(tr("登记案件需要 --unit 网格或楼栋ID（案件发生地）", "create needs --unit (the grid or building group)"));
  req.mutable_location()->set_unit_id(*unit);
  req.mutable_location()->set_address(args.value_or("address", ""));
  for (const auto& p : args.values("party")) *req.add_parties() = parse_party(p);
  req.set_priority(args.has("priority") ? parse_enum<v1::Priority>(*args.value("priority"), "priority")
                                        : v1::PRIORITY_NORMAL);

  v1::ClientFrame frame;
  *frame.mutable_create_case() = req;
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::CaseResponse& r = reply.case_result();
  client.emit(r, [&] {
    std::cout << tr("已登记案件 ", "Created case ") << r.case_().number() << "  (#" << r.case_().id()
              << ")  " << label(r.case_().state()) << '\n';
    if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
    if (r.likely_duplicates_size() > 0) {
      std::cout << tr("疑似重复的案件（同一地点或内容相近）:", "Likely duplicates (the same place or similar text):") << '\n';
      std::vector<const v1::Case*> rows;
      for (const auto& c : r.likely_duplicates()) rows.push_back(&c);
      print_case_table(client, rows);
      std::cout << tr("如确属同一事项: gridcase cases merge ", "If it is the same matter: gridcase cases merge ")
                << r.case_().number() << tr(" --into 编号", " --into NUMBER") << '\n';
    }
  });
  return kExitOk;
}

const std::vector<std::string>& case_action_words() {
  static const std::vector<std::string> words = {
      "accept", "reject", "dispatch", "return", "escalate", "resolve", "close",
      "reopen", "suspend", "resume", "merge",  "comment", "urge",     "lead",
      "extend", "decide-extension"};
  return words;
}

int case_action(Client& client, const std::string& action, const Words& words) {
  Args args = Args::parse(words, {{"reason"},
                                  {"version"},
                                  {"unit"},
                                  {"to"},
                                  {"outcome"},
                                  {"escalation"},
                                  {"police-notified", false},
                                  {"into"},
                                  {"amount"},
                                  {"clock"},
                                  {"approve", false},
                                  {"deny", false},
                                  {"target"},
                                  {"request-id"}});
  args.expect_at_most(1);
  const std::string ref = args.require_positional(0, tr("案件编号或ID", "ID_OR_NUMBER"));

  // Check the options before talking to the server.
  std::optional<std::int64_t> unit = args.integer("unit");
  std::optional<std::int64_t> to = args.integer("to");
  if (action == "dispatch" && !unit) throw UsageError(tr("派遣需要 --unit 处置单位ID", "dispatch needs --unit ID"));
  if (action == "lead" && !to) throw UsageError(tr("包案需要 --to 领导用户ID", "lead needs --to USER_ID"));
  if (action == "merge" && !args.has("into")) throw UsageError(tr("合并需要 --into 目标案件", "merge needs --into ID"));
  // Options that belong to one action only.
  auto only_for = [&](const char* option, const char* owner) {
    if (args.has(option) && action != owner) {
      throw UsageError(std::string(tr("选项 --", "option --")) + option + tr(" 只用于 ", " is for ") + owner);
    }
  };
  only_for("amount", "extend");
  only_for("clock", "extend");
  only_for("approve", "decide-extension");
  only_for("deny", "decide-extension");
  only_for("target", "urge");
  std::optional<std::int64_t> amount = args.integer("amount");
  v1::ClockKind clock = v1::CLOCK_KIND_RESOLVE;
  if (action == "extend") {
    if (!amount || *amount <= 0) {
      throw UsageError(tr("申请延期需要 --amount 正整数（按时限的单位：小时或天）",
                          "extend needs --amount N > 0 (in the clock's unit: hours or days)"));
    }
    if (!args.has("reason")) throw UsageError(tr("申请延期需要 --reason 理由", "extend needs --reason"));
    if (auto k = args.value("clock")) clock = parse_enum<v1::ClockKind>(*k, "clock");
  }
  if (action == "decide-extension" && args.has("approve") == args.has("deny")) {
    throw UsageError(tr("审批延期需要 --approve 或 --deny（二选一）", "decide-extension needs one of --approve, --deny"));
  }
  // An action that always needs a reason (the action table's) asks for it before anything is sent.
  for (const auto& v : action_verbs()) {
    if (v.command != "cases " + action || args.has("reason")) continue;
    if (required_reason(static_cast<gridcase::Action>(static_cast<int>(v.action))) != nullptr) {
      throw UsageError(label(v.action) + tr("需要 --reason 填写原因（记入办理记录）", " needs --reason (it goes on the record)"));
    }
  }
  std::int64_t target_at = 0;
  if (auto t = args.value("target")) {
    auto parsed = parse_shanghai_time(*t);
    if (!parsed) {
      throw UsageError(std::string(tr("无效的时间 ", "invalid time ")) + "--target " + *t +
                       tr("（格式: 'YYYY-MM-DD HH:MM'，北京时间）", " (format: 'YYYY-MM-DD HH:MM', Asia/Shanghai)"));
    }
    target_at = *parsed;
  }
  v1::Outcome outcome = args.has("outcome") ? parse_enum<v1::Outcome>(*args.value("outcome"), "outcome")
                                            : v1::OUTCOME_RESOLVED;
  v1::EscalationReason escalation =
      args.has("escalation") ? parse_enum<v1::EscalationReason>(*args.value("escalation"), "escalation")
                             : v1::ESCALATION_REASON_MANUAL;

  v1::ActionHeader header;
  header.set_request_id(args.value_or("request-id", new_request_id()));
  header.set_case_id(resolve_case_id(client, ref));
  header.set_expected_version(args.integer("version").value_or(0));
  header.set_reason(args.value_or("reason", ""));

  v1::ClientFrame frame;
  if (action == "accept") {
    *frame.mutable_accept_case()->mutable_header() = header;
  } else if (action == "reject") {
    *frame.mutable_reject_case()->mutable_header() = header;
  } else if (action == "dispatch") {
    auto* r = frame.mutable_dispatch_case();
    *r->mutable_header() = header;
    r->set_unit_id(*unit);
    r->set_assignee_user_id(to.value_or(0));
  } else if (action == "return") {
    *frame.mutable_return_case()->mutable_header() = header;
  } else if (action == "escalate") {
    auto* r = frame.mutable_escalate_case();
    *r->mutable_header() = header;
    r->set_escalation_reason(escalation);
    r->set_police_notified(args.has("police-notified"));
  } else if (action == "resolve") {
    auto* r = frame.mutable_resolve_case();
    *r->mutable_header() = header;
    r->set_outcome(outcome);
  } else if (action == "close") {
    *frame.mutable_close_case()->mutable_header() = header;
  } else if (action == "reopen") {
    *frame.mutable_reopen_case()->mutable_header() = header;
  } else if (action == "suspend") {
    *frame.mutable_suspend_case()->mutable_header() = header;
  } else if (action == "resume") {
    *frame.mutable_resume_case()->mutable_header() = header;
  } else if (action == "merge") {
    auto* r = frame.mutable_merge_case();
    *r->mutable_header() = header;
    r->set_into_case_id(resolve_case_id(client, *args.value("into")));
  } else if (action == "comment") {
    *frame.mutable_comment_case()->mutable_header() = header;
  } else if (action == "urge") {
    auto* r = frame.mutable_urge_case();
    *r->mutable_header() = header;
    r->set_target_at(target_at);
  } else if (action == "extend") {
    auto* r = frame.mutable_request_extension();
    *r->mutable_header() = header;
    r->set_clock(clock);
    r->set_amount(*amount);
  } else if (action == "decide-extension") {
    auto* r = frame.mutable_decide_extension();
    *r->mutable_header() = header;
    r->set_approve(args.has("approve"));
  } else if (action == "lead") {
    auto* r = frame.mutable_assign_leader();
    *r->mutable_header() = header;
    r->set_leader_user_id(*to);
  } else {
    throw UsageError(std::string(tr("未知的案件操作 ", "unknown case action ")) + action);
  }

  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::CaseResponse& r = reply.case_result();
  client.emit(r, [&] {
    const v1::Case& c = r.case_();
    std::cout << c.number() << "  ";
    if (!r.events().empty()) {
      const v1::CaseEvent& e = r.events(0);
      std::cout << label(e.action()) << tr(" 完成", " done");
      std::string change = state_change(e);
      if (!change.empty()) std::cout << "  " << tr("状态 ", "state ") << change;
      if (e.from_level() != e.to_level() && e.to_level() != v1::LEVEL_UNSPECIFIED) {
        std::cout << "  " << tr("层级 ", "level ") << label(e.from_level()) << " → " << label(e.to_level());
      }
    } else {
      std::cout << tr("状态 ", "state ") << label(c.state());
    }
    std::cout << "  " << tr("版本 ", "version ") << c.version() << '\n';
    if (action == "urge" && target_at != 0) {
      std::cout << "  " << tr("要求完成时间 ", "target ") << format_time(target_at) << '\n';
    }
    if (action == "extend" || action == "decide-extension" || action == "urge") {
      // What the clock looks like now.
      for (const auto& k : c.clocks()) {
        if (k.run() != v1::CLOCK_RUN_RUNNING && k.run() != v1::CLOCK_RUN_PAUSED) continue;
        std::cout << "  " << label(k.kind()) << "  " << colour_cell(k.colour()) << "  "
                  << tr("期限 ", "deadline ") << format_deadline(k.deadline()) << "  " << clock_progress(k) << '\n';
      }
    }
    if (r.replayed()) std::cout << tr("（重复请求：返回首次结果，未作更改）", "(replayed: nothing changed)") << '\n';
  });
  return kExitOk;
}

}  // namespace gridcase::cli

namespace gridcase::cli {

std::int64_t case_id_of(Client& client, const std::string& text) { return resolve_case_id(client, text); }

v1::CaseParty party_from_text(const std::string& text) { return parse_party(text); }

}  // namespace gridcase::cli
