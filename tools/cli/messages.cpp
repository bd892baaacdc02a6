#include "messages.hpp"

#include <cctype>

#include "gridcase/reasons.hpp"
#include "labels.hpp"

namespace gridcase::cli {

namespace {

Lang g_lang = Lang::kZh;

struct CodeEntry {
  int code;
  const char* name;
  const char* zh;
  const char* en;
};

constexpr CodeEntry kCodes[] = {
    {0, "OK", "成功", "ok"},
    {1, "CANCELLED", "已取消", "cancelled"},
    {2, "UNKNOWN", "未知错误", "unknown error"},
    {3, "INVALID_ARGUMENT", "参数无效", "invalid argument"},
    {4, "DEADLINE_EXCEEDED", "超时", "deadline exceeded"},
    {5, "NOT_FOUND", "未找到", "not found"},
    {6, "ALREADY_EXISTS", "已存在", "already exists"},
    {7, "PERMISSION_DENIED", "无权操作", "permission denied"},
    {8, "RESOURCE_EXHAUSTED", "资源不足或请求过多", "resource exhausted"},
    {9, "FAILED_PRECONDITION", "当前状态不允许", "failed precondition"},
    {10, "ABORTED", "操作冲突（版本已变化）", "aborted"},
    {11, "OUT_OF_RANGE", "超出范围", "out of range"},
    {12, "UNIMPLEMENTED", "尚未实现", "unimplemented"},
    {13, "INTERNAL", "服务器内部错误", "internal error"},
    {14, "UNAVAILABLE", "服务暂不可用", "unavailable"},
    {15, "DATA_LOSS", "数据丢失", "data loss"},
    {16, "UNAUTHENTICATED", "未登录或登录已失效", "unauthenticated"},
};

const CodeEntry* find_code(int code) {
  for (const auto& e : kCodes) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace

void set_lang(Lang lang) { g_lang = lang; }
Lang lang() { return g_lang; }

std::optional<Lang> parse_lang(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "zh" || lower == "zh_cn" || lower == "zh-cn") return Lang::kZh;
  if (lower == "en") return Lang::kEn;
  return std::nullopt;
}

std::string code_name(int code) {
  const CodeEntry* e = find_code(code);
  return e ? e->name : "CODE_" + std::to_string(code);
}

std::string code_label(int code) {
  const CodeEntry* e = find_code(code);
  if (!e) return tr("错误", "error");
  return tr(e->zh, e->en);
}

bool is_chinese(std::string_view text) {
  // Chinese when its first word is (digits, blanks and punctuation passed over: a Chinese message
  // may name a file, a command or a type in Latin letters after it), or when it has at least as
  // many Chinese characters as Latin letters (one that starts with a case number, XC-2026-…).
  // UTF-8 lead bytes E3..E9 start U+3000..U+9FFF: CJK punctuation and ideographs.
  std::size_t chinese = 0;
  std::size_t latin = 0;
  int first = 0;  // 1: the first word is Chinese, -1: Latin
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) {
      ++latin;
      if (first == 0) first = -1;
    } else if (c >= 0xE3 && c <= 0xE9) {
      ++chinese;
      if (first == 0) first = 1;
    }
  }
  return first == 1 || (chinese > 0 && chinese >= latin);
}

std::string error_text(const v1::Error& e) {
  const Reason* entry = find_reason(e.reason(), static_cast<Code>(e.code()));
  std::string text = entry != nullptr ? tr(entry->zh, entry->en) : code_label(e.code());
  // The server's own words: Chinese ones under the Chinese interface, any under the English one
  // (its English messages are the precise ones; the catalogue's are general).
  const std::string& m = e.message();
  const bool say = !m.empty() && m != text && (lang() == Lang::kEn || is_chinese(m) || entry == nullptr);
  if (say) {
    if (!text.empty() && text.back() == '.') text.pop_back();
    text += tr("：", ": ") + m;
  }
  text += std::string(tr("（", " (")) + code_name(e.code());
  if (!e.reason().empty()) text += " / " + e.reason();
  text += tr("）", ")");
  return text;
}

std::string allowed_roles_text(const v1::Error& e) {
  if (e.allowed_roles_size() == 0) return "";
  std::string text = tr("可以进行此操作的角色: ", "roles that may do this: ");
  for (int i = 0; i < e.allowed_roles_size(); ++i) {
    if (i > 0) text += tr("、", ", ");
    text += label(static_cast<v1::Role>(e.allowed_roles(i)));
  }
  return text;
}

}  // namespace gridcase::cli
