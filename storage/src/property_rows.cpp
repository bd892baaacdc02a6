#include "property_rows.hpp"

#include <cerrno>
#include <cstdlib>
#include <map>

#include "json_text.hpp"

namespace gridcase::storage {
namespace {

std::string key(std::size_t i, const char* field) { return "o." + std::to_string(i) + "." + field; }

bool to_int(const std::map<std::string, std::string>& f, const std::string& k, std::int64_t& out) {
  auto it = f.find(k);
  out = 0;
  if (it == f.end()) return true;
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(it->second.c_str(), &end, 10);
  return !it->second.empty() && errno == 0 && end == it->second.c_str() + it->second.size();
}

std::string str(const std::map<std::string, std::string>& f, const std::string& k) {
  auto it = f.find(k);
  return it == f.end() ? std::string() : it->second;
}

}  // namespace

std::string encode_opinions(const std::vector<ForumOpinion>& opinions) {
  if (opinions.empty()) return {};
  std::map<std::string, std::string> f;
  f["n"] = std::to_string(opinions.size());
  for (std::size_t i = 0; i < opinions.size(); ++i) {
    const ForumOpinion& o = opinions[i];
    f[key(i, "text")] = o.text;
    if (!o.answer.empty()) f[key(i, "answer")] = o.answer;
    if (o.answered_at != 0) f[key(i, "at")] = std::to_string(o.answered_at);
    if (o.case_id != 0) f[key(i, "case")] = std::to_string(o.case_id);
    if (!o.case_number.empty()) f[key(i, "number")] = o.case_number;
  }
  return encode_string_map(f);
}

bool decode_opinions(std::string_view text, std::vector<ForumOpinion>& out) {
  out.clear();
  if (text.empty()) return true;
  std::map<std::string, std::string> f;
  if (!decode_string_map(text, f)) return false;
  std::int64_t n = 0;
  if (!to_int(f, "n", n) || n < 0 || n > 10000) return false;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto idx = static_cast<std::size_t>(i);
    ForumOpinion o;
    o.text = str(f, key(idx, "text"));
    o.answer = str(f, key(idx, "answer"));
    o.case_number = str(f, key(idx, "number"));
    if (!to_int(f, key(idx, "at"), o.answered_at) || !to_int(f, key(idx, "case"), o.case_id)) return false;
    out.push_back(std::move(o));
  }
  return true;
}

}  // namespace gridcase::storage
