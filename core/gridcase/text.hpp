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
// The first `chars` code points of `text` (all of it when shorter), as SQL's substr counts.
std::string_view utf8_prefix(std::string_view text, std::size_t chars);

// The words of a search, split at spaces (ASCII and the full-width 　): a case matches when its
// title or description holds every one of them, as in any search box.
std::vector<std::string> search_words(std::string_view text);

// The form in which two texts are compared (duplicates.hpp): blanks (ASCII and the full-width
// 　), punctuation and symbols dropped, full-width letters and digits (３号楼) as ASCII, ASCII
// letters in lower case. "河畔小区 3号楼东侧" and "河畔小区３号楼，东侧" have the same key.
// Assumes valid UTF-8.
std::string text_key(std::string_view text);

// How alike two texts are, from 0 (no pair of adjacent characters in common) to 1 (the same
// pairs): the Dice coefficient of the sets of character bigrams of their keys (text_key), the
// usual measure for Chinese, which has no spaces between words. A key of one character counts
// as that character. Linear in the texts' lengths.
double text_similarity(std::string_view a, std::string_view b);

// True when two addresses name the same place: their keys are equal, or one key (of at least
// four characters) begins the other and does not end inside a number ("河畔小区3号楼" and
// "河畔小区3号楼东侧", but not "河畔路1" and "河畔路12号"). Empty addresses never match.
bool same_address(std::string_view a, std::string_view b);

// Limits on free text, in code points.
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 10000;
constexpr std::size_t kMaxReason = 2000;
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxRequestId = 100;

}  // namespace gridcase
