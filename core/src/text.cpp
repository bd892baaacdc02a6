#include "gridcase/text.hpp"

#include <algorithm>

namespace gridcase {

bool is_clean_text(std::string_view text, bool multiline) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        bool allowed = c == '\t' || (multiline && (c == '\n' || c == '\r'));
        if (!allowed) return false;
      }
      ++p;
      continue;
    }
    int extra;
    std::uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) { extra = 1; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { extra = 2; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { extra = 3; cp = c & 0x07; }
    else return false;
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    // Overlong forms, surrogates and values above U+10FFFF.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

std::string_view utf8_prefix(std::string_view text, std::size_t chars) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80 && n++ == chars) return text.substr(0, i);
  }
  return text;
}

std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
    } else if (text.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000 IDEOGRAPHIC SPACE
      i += 3;
    } else {
      words.back() += text[i++];
      continue;
    }
    if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

namespace {

// The code points of `text` as compared (text_key); invalid bytes are skipped.
std::vector<std::uint32_t> key_points(std::string_view text) {
  std::vector<std::uint32_t> out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    std::uint32_t cp = *p;
    int extra = 0;
    if (cp >= 0xf0) { extra = 3; cp &= 0x07; }
    else if (cp >= 0xe0) { extra = 2; cp &= 0x0f; }
    else if (cp >= 0xc0) { extra = 1; cp &= 0x1f; }
    else if (cp >= 0x80) { ++p; continue; }
    if (end - p <= extra) break;
    for (int i = 1; i <= extra; ++i) cp = (cp << 6) | (p[i] & 0x3f);
    p += extra + 1;
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;  // full-width ASCII
    if (cp < 0x80) {
      if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
      if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) out.push_back(cp);
      continue;
    }
    const bool blank_or_mark = cp == 0xa0 || cp == 0xb7 || (cp >= 0x2000 && cp <= 0x206f) ||
                               (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
                               (cp >= 0xff00 && cp <= 0xff65);
    if (!blank_or_mark) out.push_back(cp);
  }
  return out;
}

std::vector<std::uint64_t> bigrams(const std::vector<std::uint32_t>& key) {
  std::vector<std::uint64_t> out;
  if (key.size() == 1) out.push_back(static_cast<std::uint64_t>(key[0]) << 32);
  for (std::size_t i = 1; i < key.size(); ++i) {
    out.push_back(static_cast<std::uint64_t>(key[i - 1]) << 32 | key[i]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool is_digit(std::uint32_t cp) { return cp >= '0' && cp <= '9'; }

}  // namespace

std::string text_key(std::string_view text) {
  std::string out;
  for (std::uint32_t cp : key_points(text)) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

double text_similarity(std::string_view a, std::string_view b) {
  const auto x = bigrams(key_points(a));
  const auto y = bigrams(key_points(b));
  if (x.empty() || y.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) {
      ++common, ++i, ++j;
    } else if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(x.size() + y.size());
}

bool same_address(std::string_view a, std::string_view b) {
  auto x = key_points(a);
  auto y = key_points(b);
  if (x.size() > y.size()) std::swap(x, y);
  if (x.empty()) return false;
  if (x == y) return true;
  constexpr std::size_t kMinPrefix = 4;
  if (x.size() < kMinPrefix || !std::equal(x.begin(), x.end(), y.begin())) return false;
  return !(is_digit(x.back()) && is_digit(y[x.size()]));
}

}  // namespace gridcase
