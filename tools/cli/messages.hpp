// The language of the CLI's messages: Chinese by default (the users read Chinese), English on
// request. Set once at start, before any output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gridcase::cli {

enum class Lang { kZh, kEn };

void set_lang(Lang lang);
Lang lang();
// "zh" or "en" (case-insensitive); nullopt otherwise.
std::optional<Lang> parse_lang(std::string_view text);

// The text in the current language.
inline const char* tr(const char* zh, const char* en) { return lang() == Lang::kEn ? en : zh; }

// A google.rpc.Code number as its name ("FAILED_PRECONDITION") and, in Chinese, a short label.
std::string code_name(int code);
std::string code_label(int code);

}  // namespace gridcase::cli
