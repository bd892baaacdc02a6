#include "kind_rows.hpp"

#include <cerrno>
#include <cstdlib>
#include <map>
#include <vector>

#include "json_text.hpp"

namespace gridcase::storage {
namespace {

using Fields = std::map<std::string, std::string>;

// Writes values; reads them back, failing on anything that is not what was written. A value
// equal to what a missing member reads as ('' for text and lists, 0 for numbers) is left out:
// most members of a record are still empty (a new dispute's mediation was 470 bytes of them).
// Records written before schema version 19 carry them all, and read the same.
class Out {
 public:
  void put(const std::string& key, const std::string& v) {
    if (!v.empty()) f_[key] = v;
  }
  void put(const std::string& key, std::int64_t v) {
    if (v != 0) f_[key] = std::to_string(v);
  }
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  void put(const std::string& key, E v) {
    put(key, static_cast<std::int64_t>(v));
  }
  void put_list(const std::string& key, const std::vector<std::int64_t>& v) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
    if (!s.empty()) f_[key] = s;
  }
  std::string text() const { return f_.empty() ? std::string() : encode_string_map(f_); }

 private:
  Fields f_;
};

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  out = v;
  return true;
}

class In {
 public:
  explicit In(Fields f) : f_(std::move(f)) {}
  bool ok() const { return ok_; }
  std::string str(const std::string& key) const {
    auto it = f_.find(key);
    return it == f_.end() ? std::string() : it->second;
  }
  std::int64_t num(const std::string& key) {
    auto it = f_.find(key);
    if (it == f_.end()) return 0;
    std::int64_t v = 0;
    if (!parse_int(it->second, v)) ok_ = false;
    return v;
  }
  template <typename E>
  E en(const std::string& key) {
    return static_cast<E>(num(key));
  }
  std::vector<std::int64_t> list(const std::string& key) {
    std::vector<std::int64_t> out;
    const std::string s = str(key);
    std::size_t start = 0;
    while (start < s.size()) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      std::int64_t v = 0;
      if (!parse_int(s.substr(start, comma - start), v)) ok_ = false;
      out.push_back(v);
      start = comma + 1;
    }
    return out;
  }
  // A count of list entries, bounded so that a damaged row cannot ask for a huge allocation.
  std::size_t count(const std::string& key) {
    const std::int64_t n = num(key);
    if (n < 0 || n > 100000) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

 private:
  Fields f_;
  bool ok_ = true;
};

std::string at(const char* prefix, std::size_t i, const char* field) {
  return std::string(prefix) + "." + std::to_string(i) + "." + field;
}

}  // namespace

std::string encode_mediation(const Mediation& m) {
  Out o;
  o.put("committee", m.committee_unit_id);
  o.put_list("mediators", std::vector<std::int64_t>(m.mediators.begin(), m.mediators.end()));
  o.put("chosen", std::int64_t{m.chosen_by_parties});
  std::vector<std::int64_t> consents;
  for (Consent c : m.consents) consents.push_back(static_cast<std::int64_t>(c));
  o.put_list("consents", consents);
  o.put("sessions", static_cast<std::int64_t>(m.sessions.size()));
  for (std::size_t i = 0; i < m.sessions.size(); ++i) {
    const MediationSession& s = m.sessions[i];
    o.put(at("s", i, "kind"), s.kind);
    o.put(at("s", i, "at"), s.at);
    o.put(at("s", i, "place"), s.place);
    o.put(at("s", i, "record"), s.record);
    o.put(at("s", i, "by"), s.recorded_by);
    o.put(at("s", i, "attendees"), static_cast<std::int64_t>(s.attendees.size()));
    for (std::size_t j = 0; j < s.attendees.size(); ++j) {
      o.put(at("s", i, "a") + "." + std::to_string(j), s.attendees[j]);
    }
  }
  o.put("has_agreement", std::int64_t{m.has_agreement});
  const Agreement& a = m.agreement;
  o.put("ag.parties_info", a.parties_info);
  o.put("ag.facts", a.facts);
  o.put("ag.disputed", a.disputed_points);
  o.put("ag.responsibilities", a.responsibilities);
  o.put("ag.terms", static_cast<std::int64_t>(a.terms.size()));
  for (std::size_t i = 0; i < a.terms.size(); ++i) {
    o.put(at("t", i, "content"), a.terms[i].content);
    o.put(at("t", i, "performance"), a.terms[i].performance);
    o.put(at("t", i, "due"), a.terms[i].due_at);
  }
  std::vector<std::int64_t> marks;
  for (SignMark k : a.party_marks) marks.push_back(static_cast<std::int64_t>(k));
  o.put_list("ag.marks", marks);
  o.put_list("ag.signed_at", std::vector<std::int64_t>(a.party_signed_at.begin(), a.party_signed_at.end()));
  o.put("ag.mediator_signed_at", a.mediator_signed_at);
  o.put("ag.details", static_cast<std::int64_t>(a.party_details.size()));
  for (std::size_t i = 0; i < a.party_details.size(); ++i) {
    o.put(at("pd", i, "ethnicity"), a.party_details[i].ethnicity);
    o.put(at("pd", i, "occupation"), a.party_details[i].occupation);
    o.put(at("pd", i, "address"), a.party_details[i].address);
  }
  o.put("ag.mediator_signed", std::int64_t{a.mediator_signed});
  o.put("ag.sealed", std::int64_t{a.committee_sealed});
  o.put("ag.signing_mediator", a.signing_mediator);
  o.put("ag.drafted_at", a.drafted_at);
  o.put("ag.effective_at", a.effective_at);
  o.put("follow_ups", static_cast<std::int64_t>(m.follow_ups.size()));
  for (std::size_t i = 0; i < m.follow_ups.size(); ++i) {
    o.put(at("f", i, "at"), m.follow_ups[i].at);
    o.put(at("f", i, "performed"), std::int64_t{m.follow_ups[i].performed});
    o.put(at("f", i, "note"), m.follow_ups[i].note);
    o.put(at("f", i, "by"), m.follow_ups[i].by);
  }
  o.put("referral", m.referral);
  o.put("referral_note", m.referral_note);
  o.put("not_performed", static_cast<std::int64_t>(m.not_performed.size()));
  for (std::size_t i = 0; i < m.not_performed.size(); ++i) {
    const NonPerformance& np = m.not_performed[i];
    o.put(at("np", i, "at"), np.at);
    o.put(at("np", i, "by"), np.by);
    o.put(at("np", i, "note"), np.note);
    o.put(at("np", i, "remediate"), std::int64_t{np.remediate});
    o.put(at("np", i, "referral"), np.referral);
  }
  o.put("risk", std::int64_t{m.risk});
  o.put("police", std::int64_t{m.police_notified});
  return o.text();
}

bool decode_mediation(std::string_view text, Mediation& out) {
  out = Mediation{};
  if (text.empty()) return true;
  Fields f;
  if (!decode_string_map(text, f)) return false;
  In in(std::move(f));
  out.committee_unit_id = in.num("committee");
  for (auto id : in.list("mediators")) out.mediators.push_back(id);
  out.chosen_by_parties = in.num("chosen") != 0;
  for (auto c : in.list("consents")) out.consents.push_back(static_cast<Consent>(c));
  const std::size_t sessions = in.count("sessions");
  for (std::size_t i = 0; i < sessions; ++i) {
    MediationSession s;
    s.kind = in.en<SessionKind>(at("s", i, "kind"));
    s.at = in.num(at("s", i, "at"));
    s.place = in.str(at("s", i, "place"));
    s.record = in.str(at("s", i, "record"));
    s.recorded_by = in.num(at("s", i, "by"));
    const std::size_t attendees = in.count(at("s", i, "attendees"));
    for (std::size_t j = 0; j < attendees; ++j) s.attendees.push_back(in.str(at("s", i, "a") + "." + std::to_string(j)));
    out.sessions.push_back(std::move(s));
  }
  out.has_agreement = in.num("has_agreement") != 0;
  Agreement& a = out.agreement;
  a.parties_info = in.str("ag.parties_info");
  a.facts = in.str("ag.facts");
  a.disputed_points = in.str("ag.disputed");
  a.responsibilities = in.str("ag.responsibilities");
  const std::size_t terms = in.count("ag.terms");
  for (std::size_t i = 0; i < terms; ++i) {
    AgreementTerm t;
    t.content = in.str(at("t", i, "content"));
    t.performance = in.str(at("t", i, "performance"));
    t.due_at = in.num(at("t", i, "due"));
    a.terms.push_back(std::move(t));
  }
  for (auto k : in.list("ag.marks")) a.party_marks.push_back(static_cast<SignMark>(k));
  for (auto t : in.list("ag.signed_at")) a.party_signed_at.push_back(t);
  a.mediator_signed_at = in.num("ag.mediator_signed_at");
  const std::size_t details = in.count("ag.details");
  for (std::size_t i = 0; i < details; ++i) {
    PartyDetails d;
    d.ethnicity = in.str(at("pd", i, "ethnicity"));
    d.occupation = in.str(at("pd", i, "occupation"));
    d.address = in.str(at("pd", i, "address"));
    a.party_details.push_back(std::move(d));
  }
  a.mediator_signed = in.num("ag.mediator_signed") != 0;
  a.committee_sealed = in.num("ag.sealed") != 0;
  a.signing_mediator = in.num("ag.signing_mediator");
  a.drafted_at = in.num("ag.drafted_at");
  a.effective_at = in.num("ag.effective_at");
  const std::size_t follow_ups = in.count("follow_ups");
  for (std::size_t i = 0; i < follow_ups; ++i) {
    FollowUp fu;
    fu.at = in.num(at("f", i, "at"));
    fu.performed = in.num(at("f", i, "performed")) != 0;
    fu.note = in.str(at("f", i, "note"));
    fu.by = in.num(at("f", i, "by"));
    out.follow_ups.push_back(std::move(fu));
  }
  out.referral = in.en<ReferralRoute>("referral");
  out.referral_note = in.str("referral_note");
  const std::size_t not_performed = in.count("not_performed");
  for (std::size_t i = 0; i < not_performed; ++i) {
    NonPerformance np;
    np.at = in.num(at("np", i, "at"));
    np.by = in.num(at("np", i, "by"));
    np.note = in.str(at("np", i, "note"));
    np.remediate = in.num(at("np", i, "remediate")) != 0;
    np.referral = in.en<ReferralRoute>(at("np", i, "referral"));
    out.not_performed.push_back(std::move(np));
  }
  out.risk = in.num("risk") != 0;
  out.police_notified = in.num("police") != 0;
  return in.ok();
}

std::string encode_petition(const Petition& p) {
  Out o;
  const PetitionIntake& in = p.intake;
  o.put("matter", in.matter);
  o.put("received", in.received_level);
  o.put("competent", in.competent_level);
  o.put("route", in.legal_route);
  o.put("persons", std::int64_t{in.persons});
  o.put_list("representatives", std::vector<std::int64_t>(in.representatives.begin(), in.representatives.end()));
  o.put("accepted_over", p.accepted_over);
  o.put("not_accepted_rule", p.not_accepted_rule);
  o.put("decision", p.decision);
  o.put("decision_basis", p.decision_basis);
  o.put("review_decision", p.review_decision);
  o.put("review_basis", p.review_basis);
  o.put("re_review_decision", p.re_review_decision);
  o.put("re_review_basis", p.re_review_basis);
  o.put("concluded", std::int64_t{p.concluded});
  o.put("extension_reason", p.extension_reason);
  o.put("notices", static_cast<std::int64_t>(p.notices.size()));
  for (std::size_t i = 0; i < p.notices.size(); ++i) {
    o.put(at("n", i, "kind"), p.notices[i].kind);
    o.put(at("n", i, "at"), p.notices[i].at);
    o.put(at("n", i, "rule"), p.notices[i].rule);
    o.put(at("n", i, "text"), p.notices[i].text);
  }
  return o.text();
}

bool decode_petition(std::string_view text, Petition& out) {
  out = Petition{};
  if (text.empty()) return true;
  Fields f;
  if (!decode_string_map(text, f)) return false;
  In in(std::move(f));
  PetitionIntake& pi = out.intake;
  pi.matter = in.str("matter");
  pi.received_level = in.en<AuthorityLevel>("received");
  pi.competent_level = in.en<AuthorityLevel>("competent");
  pi.legal_route = in.en<LegalRoute>("route");
  pi.persons = static_cast<int>(in.num("persons"));
  for (auto r : in.list("representatives")) pi.representatives.push_back(static_cast<int>(r));
  out.accepted_over = in.en<PetitionRule>("accepted_over");
  out.not_accepted_rule = in.en<PetitionRule>("not_accepted_rule");
  out.decision = in.en<PetitionDecision>("decision");
  out.decision_basis = in.str("decision_basis");
  out.review_decision = in.en<PetitionDecision>("review_decision");
  out.review_basis = in.str("review_basis");
  out.re_review_decision = in.en<PetitionDecision>("re_review_decision");
  out.re_review_basis = in.str("re_review_basis");
  out.concluded = in.num("concluded") != 0;
  out.extension_reason = in.str("extension_reason");
  const std::size_t notices = in.count("notices");
  for (std::size_t i = 0; i < notices; ++i) {
    PetitionNotice n;
    n.kind = in.en<NoticeKind>(at("n", i, "kind"));
    n.at = in.num(at("n", i, "at"));
    n.rule = in.en<PetitionRule>(at("n", i, "rule"));
    n.text = in.str(at("n", i, "text"));
    out.notices.push_back(std::move(n));
  }
  return in.ok();
}

std::string encode_hotline(const HotlineOrder& h) {
  Out o;
  o.put("order_no", h.intake.order_no);
  o.put("class", h.intake.deadline_class);
  o.put("dispatched_at", h.intake.dispatched_at);
  o.put("sub_district", h.sub_district_id);
  o.put("digest", h.intake_digest);
  o.put("signed_at", h.signed_at);
  o.put("signed_by", h.signed_by);
  o.put("contacted_at", h.contacted_at);
  o.put("contact_method", h.contact_method);
  o.put("contact_result", h.contact_result);
  o.put("contacted_by", h.contacted_by);
  o.put("return_pending", std::int64_t{h.return_pending});
  o.put("return_reason", h.return_reason);
  o.put("return_unit", h.return_unit_id);
  o.put("returned", std::int64_t{h.returned});
  o.put("returns_rejected", std::int64_t{h.returns_rejected});
  o.put("replied_at", h.replied_at);
  o.put("reply", h.reply);
  o.put("callbacks", std::int64_t{h.callbacks});
  o.put("callback_at", h.callback_at);
  o.put("solved", std::int64_t{h.solved});
  o.put("satisfied", std::int64_t{h.satisfied});
  o.put("appeal_pending", std::int64_t{h.appeal_pending});
  o.put("appeal_reason", h.appeal_reason);
  o.put("appeal_upheld", std::int64_t{h.appeal_upheld});
  return o.text();
}

bool decode_hotline(std::string_view text, HotlineOrder& out) {
  out = HotlineOrder{};
  if (text.empty()) return true;
  Fields f;
  if (!decode_string_map(text, f)) return false;
  In in(std::move(f));
  out.intake.order_no = in.str("order_no");
  out.intake.deadline_class = in.en<HotlineDeadlineClass>("class");
  out.intake.dispatched_at = in.num("dispatched_at");
  out.sub_district_id = in.num("sub_district");
  out.intake_digest = in.str("digest");
  out.signed_at = in.num("signed_at");
  out.signed_by = in.num("signed_by");
  out.contacted_at = in.num("contacted_at");
  out.contact_method = in.en<ContactMethod>("contact_method");
  out.contact_result = in.str("contact_result");
  out.contacted_by = in.num("contacted_by");
  out.return_pending = in.num("return_pending") != 0;
  out.return_reason = in.str("return_reason");
  out.return_unit_id = in.num("return_unit");
  out.returned = in.num("returned") != 0;
  out.returns_rejected = static_cast<int>(in.num("returns_rejected"));
  out.replied_at = in.num("replied_at");
  out.reply = in.str("reply");
  out.callbacks = static_cast<int>(in.num("callbacks"));
  out.callback_at = in.num("callback_at");
  out.solved = in.num("solved") != 0;
  out.satisfied = in.num("satisfied") != 0;
  out.appeal_pending = in.num("appeal_pending") != 0;
  out.appeal_reason = in.str("appeal_reason");
  out.appeal_upheld = in.num("appeal_upheld") != 0;
  return in.ok();
}

std::string hotline_order_key(UnitId sub_district, const std::string& order_no) {
  return std::to_string(sub_district) + "/" + order_no;
}

}  // namespace gridcase::storage
