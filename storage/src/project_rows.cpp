#include "project_rows.hpp"

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
std::string key(const char* prefix, std::size_t i, std::size_t j, const char* field) {
  return std::string(prefix) + "." + std::to_string(i) + "." + std::to_string(j) + "." + field;
}

void put(Fields& f, const std::string& k, const std::string& v) {
  if (!v.empty()) f[k] = v;
}
void put(Fields& f, const std::string& k, std::int64_t v) {
  if (v != 0) f[k] = std::to_string(v);
}

using Reader = FieldReader;

}  // namespace

std::string encode_project_body(const Project& p) {
  Fields f;
  put(f, "budget", p.budget_yuan);
  put(f, "start", p.start_date);
  put(f, "finished", p.finished_date);
  put(f, "by", p.created_by);
  put(f, "estates", static_cast<std::int64_t>(p.estates.size()));
  for (std::size_t i = 0; i < p.estates.size(); ++i) {
    put(f, key("e", i, "name"), p.estates[i].name);
    put(f, key("e", i, "unit"), p.estates[i].unit_id);
    put(f, key("e", i, "households"), p.estates[i].households);
  }
  put(f, "milestones", static_cast<std::int64_t>(p.milestones.size()));
  for (std::size_t i = 0; i < p.milestones.size(); ++i) {
    const Milestone& m = p.milestones[i];
    put(f, key("m", i, "id"), std::int64_t{m.id});
    put(f, key("m", i, "name"), m.name);
    put(f, key("m", i, "planned"), m.planned_date);
    put(f, key("m", i, "actual"), m.actual_date);
  }
  put(f, "updates", static_cast<std::int64_t>(p.updates.size()));
  for (std::size_t i = 0; i < p.updates.size(); ++i) {
    const ProjectUpdate& u = p.updates[i];
    put(f, key("u", i, "at"), u.at);
    put(f, key("u", i, "by"), u.by);
    put(f, key("u", i, "note"), u.note);
    put(f, key("u", i, "photos"), static_cast<std::int64_t>(u.photos.size()));
    for (std::size_t j = 0; j < u.photos.size(); ++j) {
      const ProjectPhoto& ph = u.photos[j];
      put(f, key("u", i, j, "sha256"), ph.sha256);
      put(f, key("u", i, j, "size"), ph.size);
      put(f, key("u", i, j, "type"), ph.media_type);
      put(f, key("u", i, j, "file"), ph.file_name);
    }
  }
  put(f, "complaints", static_cast<std::int64_t>(p.complaints.size()));
  for (std::size_t i = 0; i < p.complaints.size(); ++i) {
    put(f, key("c", i, "case"), p.complaints[i].case_id);
    put(f, key("c", i, "at"), p.complaints[i].linked_at);
    put(f, key("c", i, "by"), p.complaints[i].by);
  }
  return encode_string_map(f);
}

bool decode_project_body(std::string_view text, Project& out) {
  Fields f;
  if (!text.empty() && !decode_string_map(text, f)) return false;
  Reader r(std::move(f));
  Project p = out;
  p.budget_yuan = r.num("budget");
  p.start_date = r.str("start");
  p.finished_date = r.str("finished");
  p.created_by = r.num("by");
  p.estates.assign(r.count("estates"), {});
  for (std::size_t i = 0; i < p.estates.size(); ++i) {
    p.estates[i].name = r.str(key("e", i, "name"));
    p.estates[i].unit_id = r.num(key("e", i, "unit"));
    p.estates[i].households = r.num(key("e", i, "households"));
  }
  p.milestones.assign(r.count("milestones"), {});
  for (std::size_t i = 0; i < p.milestones.size(); ++i) {
    Milestone& m = p.milestones[i];
    m.id = static_cast<int>(r.num(key("m", i, "id")));
    m.name = r.str(key("m", i, "name"));
    m.planned_date = r.str(key("m", i, "planned"));
    m.actual_date = r.str(key("m", i, "actual"));
  }
  p.updates.assign(r.count("updates"), {});
  for (std::size_t i = 0; i < p.updates.size(); ++i) {
    ProjectUpdate& u = p.updates[i];
    u.at = r.num(key("u", i, "at"));
    u.by = r.num(key("u", i, "by"));
    u.note = r.str(key("u", i, "note"));
    u.photos.assign(r.count(key("u", i, "photos")), {});
    for (std::size_t j = 0; j < u.photos.size(); ++j) {
      ProjectPhoto& ph = u.photos[j];
      ph.sha256 = r.str(key("u", i, j, "sha256"));
      ph.size = r.num(key("u", i, j, "size"));
      ph.media_type = r.str(key("u", i, j, "type"));
      ph.file_name = r.str(key("u", i, j, "file"));
    }
  }
  p.complaints.assign(r.count("complaints"), {});
  for (std::size_t i = 0; i < p.complaints.size(); ++i) {
    p.complaints[i].case_id = r.num(key("c", i, "case"));
    p.complaints[i].linked_at = r.num(key("c", i, "at"));
    p.complaints[i].by = r.num(key("c", i, "by"));
  }
  if (!r.ok()) return false;
  out = std::move(p);
  return true;
}

}  // namespace gridcase::storage
