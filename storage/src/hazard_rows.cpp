#include "hazard_rows.hpp"

#include <cerrno>
#include <cstdlib>
#include <map>

#include "field_reader.hpp"
#include "json_text.hpp"

namespace gridcase::storage {
namespace {

using Fields = std::map<std::string, std::string>;

std::string key(const char* prefix, std::size_t i, const char* field) {
  return std::string(prefix) + "." + std::to_string(i) + "." + field;
}

class Writer {
 public:
  void str(const std::string& k, const std::string& v) {
    if (!v.empty()) f_[k] = v;
  }
  void num(const std::string& k, std::int64_t v) {
    if (v != 0) f_[k] = std::to_string(v);
  }
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  void num(const std::string& k, E v) {
    num(k, static_cast<std::int64_t>(v));
  }
  std::string text() const { return f_.empty() ? std::string() : encode_string_map(f_); }

 private:
  Fields f_;
};

using Reader = FieldReader;

void write_responsible(Writer& w, const std::string& prefix, const ResponsibleParty& r) {
  w.num(prefix + "kind", r.kind);
  w.str(prefix + "name", r.name);
  w.str(prefix + "contact", r.contact);
}

ResponsibleParty read_responsible(Reader& r, const std::string& prefix) {
  ResponsibleParty p;
  p.kind = r.en<ResponsibleKind>(prefix + "kind");
  p.name = r.str(prefix + "name");
  p.contact = r.str(prefix + "contact");
  return p;
}

}  // namespace

std::string encode_hazard(const Hazard& h) {
  Writer w;
  w.num("inspection", h.inspection_id);
  w.str("site", h.site);
  w.num("severity", h.severity);
  write_responsible(w, "resp.", h.responsible);
  w.num("days", h.deadline_days);
  w.num("rects", static_cast<std::int64_t>(h.rectifications.size()));
  for (std::size_t i = 0; i < h.rectifications.size(); ++i) {
    const Rectification& r = h.rectifications[i];
    w.num(key("r", i, "at"), r.at);
    w.str(key("r", i, "note"), r.note);
    w.num(key("r", i, "by"), r.by);
    w.num(key("r", i, "evidence"), static_cast<std::int64_t>(r.evidence.size()));
    for (std::size_t j = 0; j < r.evidence.size(); ++j) w.str(key("r", i, "e") + "." + std::to_string(j), r.evidence[j]);
  }
  w.num("reinspections", static_cast<std::int64_t>(h.reinspections.size()));
  for (std::size_t i = 0; i < h.reinspections.size(); ++i) {
    const Reinspection& r = h.reinspections[i];
    w.num(key("x", i, "at"), r.at);
    w.num(key("x", i, "passed"), std::int64_t{r.passed});
    w.str(key("x", i, "note"), r.note);
    w.num(key("x", i, "days"), r.deadline_days);
    w.num(key("x", i, "by"), r.by);
  }
  w.num("awaiting", std::int64_t{h.awaiting_reinspection});
  w.num("failed", h.failed_reinspections);
  return w.text();
}

bool decode_hazard(std::string_view text, Hazard& out) {
  Reader r;
  if (!r.open(text)) return false;
  Hazard h;
  h.inspection_id = r.num("inspection");
  h.site = r.str("site");
  h.severity = r.en<HazardSeverity>("severity");
  h.responsible = read_responsible(r, "resp.");
  h.deadline_days = static_cast<int>(r.num("days"));
  h.rectifications.resize(r.count("rects"));
  for (std::size_t i = 0; i < h.rectifications.size(); ++i) {
    Rectification& x = h.rectifications[i];
    x.at = r.num(key("r", i, "at"));
    x.note = r.str(key("r", i, "note"));
    x.by = r.num(key("r", i, "by"));
    x.evidence.resize(r.count(key("r", i, "evidence")));
    for (std::size_t j = 0; j < x.evidence.size(); ++j) x.evidence[j] = r.str(key("r", i, "e") + "." + std::to_string(j));
  }
  h.reinspections.resize(r.count("reinspections"));
  for (std::size_t i = 0; i < h.reinspections.size(); ++i) {
    Reinspection& x = h.reinspections[i];
    x.at = r.num(key("x", i, "at"));
    x.passed = r.num(key("x", i, "passed")) != 0;
    x.note = r.str(key("x", i, "note"));
    x.deadline_days = static_cast<int>(r.num(key("x", i, "days")));
    x.by = r.num(key("x", i, "by"));
  }
  h.awaiting_reinspection = r.num("awaiting") != 0;
  h.failed_reinspections = static_cast<int>(r.num("failed"));
  if (!r.ok()) return false;
  out = std::move(h);
  return true;
}

std::string encode_whistle(const Whistle& wh) {
  Writer w;
  if (wh.calls.empty()) return "";
  w.num("calls", static_cast<std::int64_t>(wh.calls.size()));
  for (std::size_t i = 0; i < wh.calls.size(); ++i) {
    const WhistleCall& c = wh.calls[i];
    w.num(key("c", i, "dept"), c.department_id);
    w.num(key("c", i, "at"), c.whistled_at);
    w.num(key("c", i, "by_time"), c.report_by);
    w.num(key("c", i, "by"), c.whistled_by);
    w.num(key("c", i, "in_at"), c.checked_in_at);
    w.num(key("c", i, "in_by"), c.checked_in_by);
    w.num(key("c", i, "late"), std::int64_t{c.late});
    w.str(key("c", i, "contribution"), c.contribution);
    w.num(key("c", i, "rating"), c.rating);
    w.str(key("c", i, "comment"), c.rating_comment);
    w.num(key("c", i, "rated_by"), c.rated_by);
  }
  return w.text();
}

bool decode_whistle(std::string_view text, Whistle& out) {
  Reader r;
  if (!r.open(text)) return false;
  Whistle wh;
  wh.calls.resize(r.count("calls"));
  for (std::size_t i = 0; i < wh.calls.size(); ++i) {
    WhistleCall& c = wh.calls[i];
    c.department_id = r.num(key("c", i, "dept"));
    c.whistled_at = r.num(key("c", i, "at"));
    c.report_by = r.num(key("c", i, "by_time"));
    c.whistled_by = r.num(key("c", i, "by"));
    c.checked_in_at = r.num(key("c", i, "in_at"));
    c.checked_in_by = r.num(key("c", i, "in_by"));
    c.late = r.num(key("c", i, "late")) != 0;
    c.contribution = r.str(key("c", i, "contribution"));
    c.rating = static_cast<int>(r.num(key("c", i, "rating")));
    c.rating_comment = r.str(key("c", i, "comment"));
    c.rated_by = r.num(key("c", i, "rated_by"));
  }
  if (!r.ok()) return false;
  out = std::move(wh);
  return true;
}

std::string encode_findings(const std::vector<Finding>& findings) {
  Writer w;
  if (findings.empty()) return "";
  w.num("findings", static_cast<std::int64_t>(findings.size()));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    w.str(key("f", i, "description"), f.description);
    w.num(key("f", i, "hazard"), std::int64_t{f.hazard});
    w.str(key("f", i, "category"), f.category_code);
    w.num(key("f", i, "severity"), f.severity);
    write_responsible(w, key("f", i, "resp."), f.responsible);
    w.num(key("f", i, "days"), f.deadline_days);
    w.num(key("f", i, "case"), f.case_id);
  }
  return w.text();
}

bool decode_findings(std::string_view text, std::vector<Finding>& out) {
  Reader r;
  if (!r.open(text)) return false;
  std::vector<Finding> findings(r.count("findings"));
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    f.description = r.str(key("f", i, "description"));
    f.hazard = r.num(key("f", i, "hazard")) != 0;
    f.category_code = r.str(key("f", i, "category"));
    f.severity = r.en<HazardSeverity>(key("f", i, "severity"));
    f.responsible = read_responsible(r, key("f", i, "resp."));
    f.deadline_days = static_cast<int>(r.num(key("f", i, "days")));
    f.case_id = r.num(key("f", i, "case"));
  }
  if (!r.ok()) return false;
  out = std::move(findings);
  return true;
}

}  // namespace gridcase::storage
