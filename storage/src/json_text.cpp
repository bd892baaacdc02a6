#include "json_text.hpp"

#include <cstdio>
#include <limits>

namespace gridcase::storage {
namespace {

void append_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(ch);  // bytes of multi-byte UTF-8 sequences go through unchanged
        }
    }
  }
  out.push_back('"');
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

  bool consume(char expected) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == expected) {
      ++pos_;
      return true;
    }
    return false;
  }

  // An integer (optional '-', decimal digits, no fraction or exponent) within int64, or a
  // boolean as 1 / 0.
  bool integer(std::int64_t& out) {
    skip_space();
    if (text_.substr(pos_, 4) == "true") {
      pos_ += 4;
      out = 1;
      return true;
    }
    if (text_.substr(pos_, 5) == "false") {
      pos_ += 5;
      out = 0;
      return true;
    }
    const bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (negative) ++pos_;
    const std::size_t digits_start = pos_;
    // Accumulate as a negative number: its range holds the magnitude of int64's minimum.
    std::int64_t value = 0;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const int digit = text_[pos_++] - '0';
      if (value < (kMin + digit) / 10) return false;  // value * 10 - digit would overflow
      value = value * 10 - digit;
    }
    if (pos_ == digits_start) return false;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      return false;
    }
    if (!negative) {
      if (value == kMin) return false;
      value = -value;
    }
    out = value;
    return true;
  }

  bool string(std::string& out) {
    out.clear();
    if (!consume('"')) return false;
    while (pos_ < text_.size()) {
      const char ch = text_[pos_++];
      if (ch == '"') return true;
      if (ch != '\\') {
        out.push_back(ch);
        continue;
      }
      if (pos_ >= text_.size()) return false;
      const char esc = text_[pos_++];
      switch (esc) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          // A surrogate pair stands for one code point above U+FFFF.
          if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            std::uint32_t low = 0;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;  // unterminated
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      out <<= 4;
      if (h >= '0' && h <= '9') out |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') out |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') out |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string encode_string_map(const std::map<std::string, std::string>& values) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : values) {
    if (!first) out.push_back(',');
    first = false;
    append_quoted(out, key);
    out.push_back(':');
    append_quoted(out, value);
  }
  out.push_back('}');
  return out;
}

bool decode_string_map(std::string_view text, std::map<std::string, std::string>& out) {
  out.clear();
  Parser p(text);
  if (!p.consume('{')) return false;
  if (!p.consume('}')) {
    do {
      std::string key;
      std::string value;
      if (!p.string(key) || !p.consume(':') || !p.string(value)) return false;
      out[std::move(key)] = std::move(value);
    } while (p.consume(','));
    if (!p.consume('}')) return false;
  }
  return p.at_end();
}

std::string encode_int_records(const std::vector<IntRecord>& records) {
  std::string out = "[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('{');
    for (std::size_t j = 0; j < records[i].size(); ++j) {
      const IntField& field = records[i][j];
      if (j > 0) out.push_back(',');
      append_quoted(out, field.name);
      out.push_back(':');
      if (field.boolean) {
        out += field.value != 0 ? "true" : "false";
      } else {
        out += std::to_string(field.value);
      }
    }
    out.push_back('}');
  }
  out.push_back(']');
  return out;
}

bool decode_int_records(std::string_view text, std::vector<std::map<std::string, std::int64_t>>& out) {
  out.clear();
  Parser p(text);
  if (!p.consume('[')) return false;
  if (!p.consume(']')) {
    do {
      std::map<std::string, std::int64_t> record;
      if (!p.consume('{')) return false;
      if (!p.consume('}')) {
        do {
          std::string key;
          std::int64_t value = 0;
          if (!p.string(key) || !p.consume(':') || !p.integer(value)) return false;
          record[std::move(key)] = value;
        } while (p.consume(','));
        if (!p.consume('}')) return false;
      }
      out.push_back(std::move(record));
    } while (p.consume(','));
    if (!p.consume(']')) return false;
  }
  return p.at_end();
}

std::string encode_int_rows(const std::vector<std::int64_t>& flat, std::size_t width) {
  std::string out = "[";
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if (i % width == 0) {
      if (i > 0) out += "],";
      out.push_back('[');
    } else {
      out.push_back(',');
    }
    out += std::to_string(flat[i]);
  }
  if (!flat.empty()) out.push_back(']');
  out.push_back(']');
  return out;
}

bool decode_int_rows(std::string_view text, std::size_t width, std::vector<std::int64_t>& flat) {
  flat.clear();
  if (width == 0) return false;
  Parser p(text);
  if (!p.consume('[')) return false;
  if (!p.consume(']')) {
    do {
      if (!p.consume('[')) return false;
      for (std::size_t j = 0; j < width; ++j) {
        std::int64_t value = 0;
        if ((j > 0 && !p.consume(',')) || !p.integer(value)) return false;
        flat.push_back(value);
      }
      if (!p.consume(']')) return false;
    } while (p.consume(','));
    if (!p.consume(']')) return false;
  }
  return p.at_end();
}

std::string encode_int_array(const std::vector<std::int64_t>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(values[i]);
  }
  out.push_back(']');
  return out;
}

std::string encode_string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_quoted(out, values[i]);
  }
  out.push_back(']');
  return out;
}

}  // namespace gridcase::storage
