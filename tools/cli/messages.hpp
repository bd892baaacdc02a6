// The language of the CLI's messages: Chinese by default (the users read Chinese), English on
// request. Set once at start, before any output.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gridcase/v1/gridcase.pb.h"

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

// True when `text` is written in Chinese (its first word is Chinese): the server writes the
// message of some refusals for people (what exactly is wrong with an ID number, which file is
// not what it says), the others in English for its logs.
bool is_chinese(std::string_view text);

// A server error as people read it, in the current language, on one line: the text the
// reasons' catalogue has for its reason (reasons.def; the code's label for a reason this
// client does not know), the server's message where it is written in that language, then the
// code and reason for whoever helps: "您的角色无权进行此操作（PERMISSION_DENIED / ROLE_MAY_NOT）".
std::string error_text(const v1::Error& error);

// For a refused role: who may do it, "可以进行此操作的角色: 受理员、主管"; "" when the error names
// no roles.
std::string allowed_roles_text(const v1::Error& error);

}  // namespace gridcase::cli
