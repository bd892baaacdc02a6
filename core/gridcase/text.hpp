// Checks on text that comes from outside.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gridcase {

// Well-formed UTF-8 with no control characters other than tab and newline (and carriage
// return when `multiline`).
bool is_clean_text(std::string_view text, bool multiline);

// Number of UTF-8 code points (assumes valid UTF-8).
std::size_t utf8_length(std::string_view text);

// The words of a search, split at spaces (ASCII and the full-width 　): a case matches when its
// title or description holds every one of them, as in any search box.
std::vector<std::string> search_words(std::string_view text);

// Limits on free text, in code points.
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 10000;
constexpr std::size_t kMaxReason = 2000;
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxRequestId = 100;

}  // namespace gridcase
