#include "mapping.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "gridcase/figures.hpp"
#include "gridcase/names.hpp"

namespace gridcase::import {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::optional<std::string> ValueMap::lookup(const std::string& v) const {
  auto it = values.find(v);
  if (it != values.end()) return it->second;
  it = values.find("*");
  if (it != values.end()) return it->second;
  return std::nullopt;
}

std::string Mapping::get(const std::string& key) const {
  auto it = source.find(key);
  return it == source.end() ? "" : it->second;
}

Result<Mapping> parse_mapping(const std::string& text) {
  Mapping m;
  std::istringstream in(text);
  std::string line, section;
  int number = 0;
  auto bad = [&](const std::string& why) {
    return Status(reason::BAD_MAPPING, "line " + std::to_string(number) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.front() == '[') {
      if (t.back() != ']') return bad("unclosed section");
      section = t.substr(1, t.size() - 2);
      if (section.rfind("channel:", 0) == 0) m.channel.column = section.substr(8);
      if (section.rfind("category:", 0) == 0) m.category.column = section.substr(9);
      continue;
    }
    // The last " = " splits (values such as "Mayor's 24 Hour Hotline" hold no '=').
    const auto eq = t.rfind('=');
    if (eq == std::string::npos) return bad("expected key = value");
    const std::string key = trim(t.substr(0, eq));
    const std::string value = trim(t.substr(eq + 1));
    if (section == "source") {
      m.source[key] = value;
    } else if (section.rfind("channel:", 0) == 0) {
      if (!parse_name<Channel>(value)) return bad("unknown channel " + value);
      m.channel.values[key] = value;
    } else if (section.rfind("category:", 0) == 0) {
      m.category.values[key] = value;
    } else if (section == "new_categories") {
      const auto bar = value.find('|');
      if (bar == std::string::npos) return bad("expected CODE = PARENT | NAME");
      m.new_categories.push_back({key, trim(value.substr(0, bar)), trim(value.substr(bar + 1))});
    } else if (section == "city") {
      m.city[key] = value;
    } else {
      return bad("unknown section " + section);
    }
  }
  auto kind = parse_name<CaseKind>(m.get("kind").empty() ? "INCIDENT" : m.get("kind"));
  if (!kind || *kind == CaseKind::kUnspecified) return Status(reason::BAD_MAPPING, "unknown kind " + m.get("kind"));
  m.kind = *kind;
  const std::string off = m.get("utc_offset");
  if (!off.empty()) {
    int h = 0, min = 0;
    char sign = '+';
    if (std::sscanf(off.c_str(), "%c%d:%d", &sign, &h, &min) != 3 || (sign != '+' && sign != '-')) {
      return Status(reason::BAD_MAPPING, "utc_offset must look like +08:00");
    }
    m.utc_offset_ms = (sign == '-' ? -1 : 1) * (h * 60LL + min) * 60000LL;
  }
  for (const char* required : {"key", "opened", "title"}) {
    if (m.get(required).empty()) return Status(reason::BAD_MAPPING, std::string("[source] needs ") + required);
  }
  return m;
}

std::optional<TimeMs> parse_time(const std::string& text, const std::string& format, TimeMs offset_ms) {
  if (text.empty()) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (format == "iso") {
    if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 5) return std::nullopt;
  } else {
    char ampm[3] = {0, 0, 0};
    if (std::sscanf(text.c_str(), "%d/%d/%d %d:%d:%d %2s", &mo, &d, &y, &h, &mi, &s, ampm) != 7) {
      return std::nullopt;
    }
    if (h < 1 || h > 12) return std::nullopt;
    const bool pm = ampm[0] == 'P' || ampm[0] == 'p';
    if (!pm && ampm[0] != 'A' && ampm[0] != 'a') return std::nullopt;
    h = h % 12 + (pm ? 12 : 0);
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970) return std::nullopt;
  const TimeMs local = static_cast<TimeMs>(day_from_date(y, mo, d)) * 86400000LL +
                       ((h * 60LL + mi) * 60 + s) * 1000LL;
  return local - offset_ms;
}

std::string fill(const std::string& pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string::npos) {
        std::string name = pattern.substr(i + 1, close - i - 1);
        int width = 0;
        if (const auto colon = name.find(':'); colon != std::string::npos) {
          width = std::atoi(name.substr(colon + 1).c_str());
          name = name.substr(0, colon);
        }
        auto it = values.find(name);
        std::string v = it == values.end() ? "" : it->second;
        while (static_cast<int>(v.size()) < width) v = "0" + v;
        out += v;
        i = close + 1;
        continue;
      }
    }
    out += pattern[i++];
  }
  return out;
}

}  // namespace gridcase::import
