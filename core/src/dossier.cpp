#include "gridcase/dossier.hpp"

#include <string>

#include "gridcase/names.hpp"

namespace gridcase {

namespace {

std::string when(TimeMs t) { return t == 0 ? "—" : format_shanghai(t); }

// Where the case lies: the unit and the address, the unit once when the address names it.
std::string place_of(const Case& c, const std::string& unit) {
  if (c.location.address.empty()) return unit;
  if (c.location.address.find(unit) != std::string::npos) return c.location.address;
  return unit + "，" + c.location.address;
}

bool all_digits(const std::string& s, std::size_t from, std::size_t n) {
  for (std::size_t i = from; i < from + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// 当事人的基本情况 (art. 29) of one party: name, sex, age, ethnicity, occupation, address, phone,
// ID number, as far as they are known; the draft says where the rest is.
std::string party_basics(const Case& c, std::size_t i, TimeMs on, DossierCopy copy) {
  const CaseParty& party = c.parties[i];
  const Agreement& a = c.mediation.agreement;
  const PartyDetails none;
  const PartyDetails& d = i < a.party_details.size() ? a.party_details[i] : none;
  std::string out = std::string(label_zh(party.role)) + "：" + party.name;
  auto add = [&](const char* label, const std::string& v) {
    if (!v.empty()) out += std::string("，") + label + v;
  };
  const auto [sex, age] = sex_and_age(party.id_number, on);
  if (!sex.empty()) out += "，" + sex;
  if (age >= 0) out += "，" + std::to_string(age) + "岁";
  if (copy == DossierCopy::kArchive) {
    add("", d.ethnicity);
    add("", d.occupation);
    add("住址：", d.address);
  }
  add("电话：", party.phone);
  add("身份证号：", party.id_number);
  return out;
}
std::string date_zh(TimeMs t) {
  if (t == 0) return "—";
  const ShanghaiTime s = to_shanghai(t);
  return std::to_string(s.year) + "年" + std::to_string(s.month) + "月" + std::to_string(s.day) + "日";
}

std::string user_name(const DossierNames& n, UserId id) {
  auto it = n.users.find(id);
  return it == n.users.end() ? (id == 0 ? "—" : "#" + std::to_string(id)) : it->second;
}

std::string unit_name(const DossierNames& n, UnitId id) {
  auto it = n.units.find(id);
  return it == n.units.end() ? (id == 0 ? "—" : "#" + std::to_string(id)) : it->second;
}

// Text with its line breaks kept.
std::string para(const std::string& text) {
  std::string out;
  for (char ch : html_escape(text)) {
    if (ch == '\n') out += "<br>";
    else out += ch;
  }
  return out;
}

class Page {
 public:
  void open(const char* id, const std::string& title) {
    out_ += "<section id=\"" + std::string(id) + "\">\n<h2>" + html_escape(title) + "</h2>\n";
  }
  void close() { out_ += "</section>\n"; }
  void row(const std::string& label, const std::string& html_value) {
    out_ += "<tr><th>" + html_escape(label) + "</th><td>" + html_value + "</td></tr>\n";
  }
  void table_open() { out_ += "<table>\n"; }
  void table_close() { out_ += "</table>\n"; }
  void raw(const std::string& html) { out_ += html; }
  void none(const std::string& what) { out_ += "<p class=\"none\">（无" + html_escape(what) + "）</p>\n"; }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

const Event* first_event(const std::vector<Event>& history, Action a) {
  for (const auto& e : history) {
    if (e.action == a) return &e;
  }
  return nullptr;
}

void sessions(Page& p, const Case& c, const DossierNames& n, SessionKind kind) {
  int shown = 0;
  for (const auto& s : c.mediation.sessions) {
    if (s.kind != kind) continue;
    ++shown;
    p.raw("<h3>第" + std::to_string(shown) + "次</h3>\n");
    p.table_open();
    p.row("时间", html_escape(when(s.at)));
    p.row("地点", html_escape(s.place));
    std::string people;
    for (const auto& a : s.attendees) people += (people.empty() ? "" : "、") + a;
    p.row("参加人", html_escape(people));
    p.row("记录人", html_escape(user_name(n, s.recorded_by)));
    p.row(kind == SessionKind::kInvestigation ? "调查情况" : "调解情况", para(s.record));
    p.table_close();
  }
  if (shown == 0) p.none(kind == SessionKind::kInvestigation ? "调查笔录" : "调解笔录");
}

}  // namespace

std::pair<std::string, int> sex_and_age(const std::string& id, TimeMs on) {
  if (id.size() != 18 || !all_digits(id, 0, 17)) return {"", -1};
  const int year = std::stoi(id.substr(6, 4));
  const int month = std::stoi(id.substr(10, 2));
  const int day = std::stoi(id.substr(12, 2));
  const ShanghaiTime t = to_shanghai(on);
  int age = t.year - year;
  if (t.month < month || (t.month == month && t.day < day)) --age;
  return {(id[16] - '0') % 2 == 1 ? "男" : "女", age < 0 ? -1 : age};
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string render_dossier(const Case& c, const std::vector<Event>& history, const DossierNames& n,
                           TimeMs printed_at, DossierCopy copy) {
  const Mediation& m = c.mediation;
  const std::string committee = m.committee_unit_id != 0 ? unit_name(n, m.committee_unit_id) : "人民调解委员会";
  Page p;
  p.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
        html_escape("人民调解卷宗 " + c.number) + "</title>\n<style>\n"
        "body{font-family:\"SimSun\",\"Songti SC\",serif;margin:2em;color:#000}\n"
        "h1{text-align:center;font-size:22pt}h2{text-align:center;font-size:16pt;margin-top:0}\n"
        "table{border-collapse:collapse;width:100%;margin-bottom:1em}\n"
        "th,td{border:1px solid #000;padding:4px 8px;vertical-align:top;text-align:left}\n"
        "th{width:9em;white-space:nowrap}\n.none{color:#444}\n"
        "section{margin-bottom:2em}\n"
        "@media print{body{margin:0}section{page-break-after:always}section:last-child{page-break-after:auto}}\n"
        "@page{size:A4;margin:2cm}\n</style>\n</head>\n<body>\n");
  p.raw("<header>\n<h1>人民调解卷宗</h1>\n<p style=\"text-align:center\">" + html_escape(committee) +
        "　　卷宗号 " + html_escape(c.number) + "</p>\n<p style=\"text-align:center\">" +
        (copy == DossierCopy::kArchive ? "归档件（当事人信息完整）"
                                       : "工作稿（当事人电话、身份证号已隐去；归档请打印归档件）") +
        "</p>\n</header>\n");

  // 申请书
  p.open("application", "人民调解申请书");
  p.table_open();
  for (std::size_t i = 0; i < c.parties.size(); ++i) {
    const CaseParty& party = c.parties[i];
    std::string v = html_escape(party.name);
    if (!party.phone.empty()) v += "　电话 " + html_escape(party.phone);
    if (!party.id_number.empty()) v += "　身份证号 " + html_escape(party.id_number);
    p.row(std::string(label_zh(party.role)) + " " + std::to_string(i + 1), v);
  }
  if (c.parties.empty()) p.row("当事人", "—");
  p.row("纠纷事项", html_escape(c.title));
  p.row("纠纷简要情况及申请事项", para(c.description));
  p.row("申请时间", html_escape(when(c.created_at)));
  p.table_close();
  p.close();

  // 受理登记表
  p.open("intake", "人民调解受理登记表");
  p.table_open();
  p.row("编号", html_escape(c.number));
  p.row("登记时间", html_escape(when(c.created_at)));
  p.row("来源", html_escape(label_zh(c.channel)));
  p.row("类别", html_escape(n.category.empty() ? c.category_code : n.category));
  p.row("发生地", html_escape(place_of(c, unit_name(n, c.location.unit_id))));
  p.row("登记人", html_escape(user_name(n, c.reporter_user_id)));
  const Event* accepted = first_event(history, Action::kAccept);
  p.row("受理时间", html_escape(accepted ? when(accepted->at) : "—"));
  p.row("调解组织", html_escape(m.committee_unit_id != 0 ? committee : "—"));
  std::string mediators;
  for (UserId id : m.mediators) mediators += (mediators.empty() ? "" : "、") + user_name(n, id);
  p.row("调解员", html_escape(mediators.empty() ? "—" : mediators) +
                      (m.chosen_by_parties ? "（当事人选定）" : mediators.empty() ? "" : "（调解委员会指定）"));
  std::string consents;
  for (std::size_t i = 0; i < c.parties.size() && i < m.consents.size(); ++i) {
    if (m.consents[i] == Consent::kUnspecified) continue;
    consents += (consents.empty() ? "" : "；") + c.parties[i].name + " " + label_zh(m.consents[i]);
  }
  p.row("当事人意愿", html_escape(consents.empty() ? "—" : consents));
  if (m.risk) p.row("风险情况", html_escape(std::string("有激化风险，已上报") + (m.police_notified ? "，已通知公安机关（人民调解法第二十五条）" : "")));
  p.table_close();
  p.close();

  p.open("investigation", "调查笔录");
  sessions(p, c, n, SessionKind::kInvestigation);
  p.close();

  p.open("mediation", "调解笔录");
  sessions(p, c, n, SessionKind::kMediation);
  p.close();

  // 调解协议书 (art. 29)
  p.open("agreement", "人民调解协议书");
  if (!m.has_agreement) {
    p.none("调解协议");
  } else {
    const Agreement& a = m.agreement;
    p.table_open();
    std::string basics;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
      if (c.parties[i].role != PartyRole::kApplicant && c.parties[i].role != PartyRole::kRespondent) continue;
      basics += html_escape(party_basics(c, i, a.drafted_at != 0 ? a.drafted_at : printed_at, copy)) + "<br>";
    }
    if (copy == DossierCopy::kDraft && a.party_details.size() > 0) {
      basics += html_escape("（民族、职业、住址见归档件）") + "<br>";
    }
    p.row("当事人基本情况", basics + para(a.parties_info));
    p.row("纠纷主要事实", para(a.facts));
    p.row("争议事项", para(a.disputed_points));
    p.row("各方责任", para(a.responsibilities));
    std::string terms = "<ol>";
    for (const auto& t : a.terms) {
      terms += "<li>" + para(t.content) + "<br>履行方式：" + para(t.performance) + "<br>履行期限：" +
               html_escape(date_zh(t.due_at)) + "前</li>";
    }
    terms += "</ol>";
    p.row("协议内容", terms);
    std::string marks;
    for (std::size_t i = 0; i < c.parties.size(); ++i) {
      const SignMark mk = i < a.party_marks.size() ? a.party_marks[i] : SignMark::kUnspecified;
      if (c.parties[i].role != PartyRole::kApplicant && c.parties[i].role != PartyRole::kRespondent) continue;
      const TimeMs at = i < a.party_signed_at.size() ? a.party_signed_at[i] : 0;
      marks += html_escape(c.parties[i].name) + "：" + html_escape(label_zh(mk)) +
               (mk != SignMark::kUnspecified && at != 0 ? html_escape("（" + when(at) + "）") : "") + "<br>";
    }
    p.row("当事人签名、盖章或按指印", marks.empty() ? "—" : marks);
    p.row("调解员签名", html_escape(a.mediator_signed ? user_name(n, a.signing_mediator) +
                                                   (a.mediator_signed_at != 0 ? "（" + when(a.mediator_signed_at) + "）" : "")
                                             : "未签"));
    p.row("人民调解委员会印章", html_escape(a.committee_sealed ? "已加盖（" + committee + "）" : "未加盖"));
    p.row("制作时间", html_escape(when(a.drafted_at)));
    p.row("生效时间", html_escape(a.effective_at ? when(a.effective_at) : "未生效"));
    if (a.effective_at != 0) {
      std::string window = "双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（人民调解法第三十三条）";
      for (const auto& k : c.clocks) {
        if (k.kind == ClockKind::kConfirmation && k.deadline != 0) window += "，截止 " + format_deadline_shanghai(k.deadline);
      }
      p.row("司法确认", html_escape(window));
    }
    p.table_close();
  }
  p.close();

  p.open("follow-up", "回访记录");
  if (m.follow_ups.empty()) {
    p.none("回访记录");
  } else {
    p.table_open();
    for (const auto& f : m.follow_ups) {
      p.row(when(f.at), html_escape(std::string(f.performed ? "已履行" : "未履行") + "　回访人 " + user_name(n, f.by)) +
                            "<br>" + para(f.note));
    }
    p.table_close();
  }
  p.close();

  p.open("closing", "结案情况");
  p.table_open();
  p.row("状态", html_escape(label_zh(c.state)));
  p.row("结果", html_escape(c.outcome == Outcome::kUnspecified ? "—" : label_zh(c.outcome)));
  if (m.referral != ReferralRoute::kUnspecified) {
    p.row("引导途径", html_escape(std::string(label_zh(m.referral)) + (m.referral_note.empty() ? "" : "：" + m.referral_note)));
  }
  const Event* closed = nullptr;
  for (const auto& e : history) {
    if (e.to_state == CaseState::kClosed && e.from_state != CaseState::kClosed) closed = &e;
  }
  p.row("结案时间", html_escape(closed ? when(closed->at) : "—"));
  for (const auto& np : m.not_performed) {
    const std::string next = np.remediate ? "重新调解" : std::string("引导") + label_zh(np.referral) + "（人民调解法第三十二条）";
    p.row("协议未履行", html_escape(when(np.at) + "　" + next + "　记录人 " + user_name(n, np.by)) + "<br>" + para(np.note));
  }
  p.table_close();
  p.raw("<p style=\"text-align:right\">" + html_escape(committee) + "<br>打印日期 " + html_escape(date_zh(printed_at)) + "</p>\n");
  p.close();
  p.raw("</body>\n</html>\n");
  return p.str();
}

}  // namespace gridcase
