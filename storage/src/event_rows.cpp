#include "event_rows.hpp"

#include <cstdint>
#include <iterator>
#include <limits>

#include "json_text.hpp"
#include "varint.hpp"

namespace gridcase::storage {
namespace {

constexpr char kBinaryDetails = '\x01';  // a JSON object begins with '{' (or white space)

// The keys most events carry, stored by their number here. Never change or reorder an entry:
// stored events name keys by it. Add new ones at the end.
constexpr const char* kFrequentKeys[] = {
    "clock",   "unit_id", "unit",          "due_at",  "deadline",          "policy",    "channel",
    "category", "settled_level", "outcome", "escalation_reason", "top_level", "urge_count",
};
constexpr std::int64_t kFrequentKeyCount = static_cast<std::int64_t>(std::size(kFrequentKeys));

// The integer a value spells when it is written exactly as std::to_string writes it.
bool canonical_integer(const std::string& text, std::int64_t& value) {
  if (text.empty() || text.size() > 20) return false;
  const bool negative = text[0] == '-';
  const std::size_t digits = negative ? 1 : 0;
  if (digits == text.size() || (text[digits] == '0' && text.size() > digits + 1) || text == "-0") return false;
  std::int64_t v = 0;  // accumulated as a negative number: it reaches int64's minimum
  for (std::size_t i = digits; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    const int d = text[i] - '0';
    if (v < (std::numeric_limits<std::int64_t>::min() + d) / 10) return false;
    v = v * 10 - d;
  }
  if (!negative && v == std::numeric_limits<std::int64_t>::min()) return false;
  value = negative ? v : -v;
  return true;
}

// A tagged length: the low bit says which of two forms follows.
void append_text(std::string& out, const std::string& text) {
  append_varint(out, static_cast<std::int64_t>(text.size()) * 2);
  out += text;
}

bool read_text(std::string_view in, std::size_t& pos, std::int64_t tagged, std::string& out) {
  const std::int64_t size = tagged / 2;
  if (size < 0 || static_cast<std::uint64_t>(size) > in.size() - pos) return false;
  out.assign(in.substr(pos, static_cast<std::size_t>(size)));
  pos += static_cast<std::size_t>(size);
  return true;
}

}  // namespace

std::string encode_event_details(const std::map<std::string, std::string>& details) {
  std::string out;
  if (details.empty()) return out;
  out.push_back(kBinaryDetails);
  for (const auto& [key, value] : details) {
    std::int64_t k = 0;
    while (k < kFrequentKeyCount && key != kFrequentKeys[k]) ++k;
    if (k < kFrequentKeyCount) {
      append_varint(out, k * 2 + 1);
    } else {
      append_text(out, key);
    }
    std::int64_t number = 0;
    if (canonical_integer(value, number)) {
      append_varint(out, 1);
      append_varint(out, number);
    } else {
      append_text(out, value);
    }
  }
  return out;
}

bool decode_event_details(std::string_view stored, std::map<std::string, std::string>& out) {
  out.clear();
  if (stored.empty()) return true;
  if (stored[0] != kBinaryDetails) return decode_string_map(stored, out);
  std::size_t pos = 1;
  while (pos < stored.size()) {
    std::int64_t tagged = 0;
    std::string key;
    if (!read_varint(stored, pos, tagged) || tagged < 0) return false;
    if (tagged % 2 == 1) {
      if (tagged / 2 >= kFrequentKeyCount) return false;
      key = kFrequentKeys[tagged / 2];
    } else if (!read_text(stored, pos, tagged, key)) {
      return false;
    }
    std::string value;
    if (!read_varint(stored, pos, tagged) || tagged < 0) return false;
    if (tagged == 1) {
      std::int64_t number = 0;
      if (!read_varint(stored, pos, number)) return false;
      value = std::to_string(number);
    } else if (tagged % 2 == 1 || !read_text(stored, pos, tagged, value)) {
      return false;
    }
    out[std::move(key)] = std::move(value);
  }
  return true;
}

}  // namespace gridcase::storage
