#include "json_text.hpp"

#include <cstdio>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

namespace gridcase::storage {
namespace {

using Json = nlohmann::json;

// The encoders of what every case write stores (an event's details, a case's clocks) stay
// hand-written. They append straight into one string, 3-4 times faster than building an
// nlohmann::json and dumping it (0.6 against 2.0 µs for a four-member details map, 1.6 against
// 6.1 µs for three clocks, -O2), and they cannot throw inside the writer's transaction, where
// dump() throws on a byte that is not UTF-8. Their output is byte for byte what dump() writes for
// the same value (same escapes, keys in std::map order; json_text_test checks it). On the whole
// write path (gridcase-bench store-only) the difference is below the noise of a shared machine.
// Everything else, and all reading but the clock rows, is nlohmann's.
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

// The clock rows ([[1,2,3],[4,5,6]]: integers only) are also read by hand. Every case read (50
// per list page) and every case write decodes them, and nlohmann's parser takes six times as
// long on them (9.9 µs through its SAX interface, 15 µs into a DOM, against 1.6 µs for three
// clocks of 17 integers: its lexer copies each number into a token buffer before converting it).
// The grammar is small: brackets, commas, white space, integers within int64 and true/false;
// anything else is refused.
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

 private:
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Other text read back is checked as it is parsed (nlohmann's SAX interface), without building a
// DOM first: each reader below accepts the one shape it expects and stops at the first event
// that does not fit. The base refuses everything; a reader overrides what its shape allows.
struct Refuse {
  bool null() { return false; }
  bool boolean(bool) { return false; }
  bool number_integer(Json::number_integer_t) { return false; }
  bool number_unsigned(Json::number_unsigned_t) { return false; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return false; }
  bool string(Json::string_t&) { return false; }
  bool binary(Json::binary_t&) { return false; }
  bool start_object(std::size_t) { return false; }
  bool key(Json::string_t&) { return false; }
  bool end_object() { return false; }
  bool start_array(std::size_t) { return false; }
  bool end_array() { return false; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

// {"key":"value",...}
struct StringMapReader : Refuse {
  explicit StringMapReader(std::map<std::string, std::string>& out) : out_(out) {}
  bool start_object(std::size_t) { return !std::exchange(opened_, true); }
  bool key(Json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool string(Json::string_t& v) {
    if (!opened_) return false;  // a string alone, not in an object
    out_[std::move(key_)] = std::move(v);
    return true;
  }
  bool end_object() { return true; }

  std::map<std::string, std::string>& out_;
  std::string key_;
  bool opened_ = false;
};

// [{"name":1,...},...]: members are integers within int64, or booleans as 1 / 0. Floats (a
// fraction, an exponent, or an integer too large for 64 bits) are refused.
struct IntRecordsReader : Refuse {
  explicit IntRecordsReader(std::vector<std::map<std::string, std::int64_t>>& out) : out_(out) {}
  bool start_array(std::size_t) { return depth_++ == 0; }
  bool end_array() { return --depth_ == 0; }
  bool start_object(std::size_t) {
    if (depth_++ != 1) return false;
    out_.emplace_back();
    return true;
  }
  bool end_object() { return --depth_ == 1; }
  bool key(Json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool boolean(bool b) { return value(b ? 1 : 0); }
  bool number_integer(Json::number_integer_t v) { return value(v); }
  bool number_unsigned(Json::number_unsigned_t v) {
    if (v > static_cast<Json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) return false;
    return value(static_cast<std::int64_t>(v));
  }
  bool value(std::int64_t v) {
    if (depth_ != 2) return false;
    out_.back()[std::move(key_)] = v;
    return true;
  }

  std::vector<std::map<std::string, std::int64_t>>& out_;
  std::string key_;
  int depth_ = 0;
};

// Parses all of `text` (nothing but white space after the value) into `reader`.
template <typename Reader>
bool read(std::string_view text, Reader& reader) {
  return Json::sax_parse(text.begin(), text.end(), &reader);
}

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
  StringMapReader reader(out);
  return read(text, reader);
}

std::string encode_int_records(const std::vector<IntRecord>& records) {
  // Written when a policy changes, not per case: the library's ordered_json keeps the members
  // in the order given.
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const IntRecord& record : records) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const IntField& field : record) {
      if (field.boolean) {
        object[field.name] = field.value != 0;
      } else {
        object[field.name] = field.value;
      }
    }
    out.push_back(std::move(object));
  }
  return out.dump();
}

bool decode_int_records(std::string_view text, std::vector<std::map<std::string, std::int64_t>>& out) {
  out.clear();
  IntRecordsReader reader(out);
  return read(text, reader);
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

std::string encode_int_array(const std::vector<std::int64_t>& values) { return Json(values).dump(); }

std::string encode_string_array(const std::vector<std::string>& values) {
  // A filter's values: a byte that is not UTF-8 (which no stored text holds) becomes U+FFFD
  // rather than an exception, and so matches nothing, as before.
  return Json(values).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace gridcase::storage
