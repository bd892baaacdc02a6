#include "output.hpp"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

namespace gridcase::cli {

namespace {

// Decodes one code point at `i`, advancing it; a malformed byte counts as one narrow character.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const std::size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                            : (c & 0xF8) == 0xF0 ? 3 : 0;
  bool ok = extra > 0 && i + extra < s.size();
  for (std::size_t k = 1; ok && k <= extra; ++k) {
    ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  }
  if (!ok) {
    ++i;
    return c;
  }
  char32_t cp = c & (0x3F >> extra);
  for (std::size_t k = 1; k <= extra; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += extra + 1;
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) width += is_wide(next_code_point(text, i)) ? 2 : 1;
  return width;
}

std::string fit(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t used = 0;
  const std::size_t total = display_width(text);
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(text, i);
    std::size_t w = is_wide(cp) ? 2 : 1;
    if (total > width && used + w + 1 > width) {
      out += "…";
      return out;
    }
    if (cp == '\n' || cp == '\t' || cp == '\r') {
      out += ' ';
    } else {
      out.append(text.substr(start, i - start));
    }
    used += w;
  }
  return out;
}

void Table::limit(std::size_t column, std::size_t width) {
  if (limits_.size() <= column) limits_.resize(column + 1, 0);
  limits_[column] = width;
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    std::size_t lim = i < limits_.size() ? limits_[i] : 0;
    row[i] = fit(row[i], lim == 0 ? static_cast<std::size_t>(-1) / 2 : lim);
  }
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  for (std::size_t i = 0; i < headers_.size(); ++i) widths[i] = display_width(headers_[i]);
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      s += cells[i];
      if (i + 1 < cells.size()) s.append(widths[i] - display_width(cells[i]) + 2, ' ');
    }
    out << s << '\n';
  };
  line(headers_);
  std::vector<std::string> rule;
  for (std::size_t w : widths) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows_) line(row);
}

void print_json(std::ostream& out, const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) json = "{}";
  out << json << '\n';
}

}  // namespace gridcase::cli
