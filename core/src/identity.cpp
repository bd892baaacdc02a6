#include "gridcase/identity.hpp"


namespace gridcase {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The province-level codes of GB/T 2260 that ID numbers begin with, and 9x for the permanent
// residence cards of foreigners, which follow the same rules.
bool known_province(int code) {
  switch (code) {
    case 11: case 12: case 13: case 14: case 15:
    case 21: case 22: case 23:
    case 31: case 32: case 33: case 34: case 35: case 36: case 37:
    case 41: case 42: case 43: case 44: case 45: case 46:
    case 50: case 51: case 52: case 53: case 54:
    case 61: case 62: case 63: case 64: case 65:
    case 71: case 81: case 82: case 83:
      return true;
    default:
      return code >= 90 && code <= 99;
  }
}

bool real_date(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

Status bad_id(const std::string& why) { return Status(reason::BAD_ID_NUMBER, "身份证号" + why); }

}  // namespace

char id_check_character(const std::string& first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

Status check_id_number(const std::string& id, int today_yyyymmdd, std::string* normalised) {
  if (id.size() == 15) return bad_id("应为18位：15位的第一代身份证已停止使用");
  if (id.size() != 18) return bad_id("应为18位，现为" + std::to_string(id.size()) + "个字符");
  for (int i = 0; i < 17; ++i) {
    if (!is_digit(id[i])) return bad_id("前17位应为数字");
  }
  char last = id[17] == 'x' ? 'X' : id[17];
  if (!is_digit(last) && last != 'X') return bad_id("最后一位应为数字或X");
  if (!known_province((id[0] - '0') * 10 + (id[1] - '0'))) return bad_id("开头两位不是有效的省级行政区划代码");
  const int y = std::stoi(id.substr(6, 4));
  const int m = std::stoi(id.substr(10, 2));
  const int d = std::stoi(id.substr(12, 2));
  if (y < 1900 || !real_date(y, m, d)) return bad_id("中的出生日期" + id.substr(6, 8) + "不是有效日期");
  if (y * 10000 + m * 100 + d > today_yyyymmdd) return bad_id("中的出生日期" + id.substr(6, 8) + "晚于今天");
  const char want = id_check_character(id);
  if (last != want) {
    return bad_id(std::string("校验位不符：按前17位应为") + want + "，请核对号码");
  }
  if (normalised != nullptr) *normalised = id.substr(0, 17) + last;
  return {};
}

Status check_phone(const std::string& phone, std::string* normalised) {
  std::string digits;
  std::size_t hyphen = std::string::npos;  // where the first hyphen was, in digits
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (is_digit(c)) {
      digits += c;
    } else if (c == '-') {
      if (hyphen == std::string::npos) hyphen = digits.size();
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ') {
      return Status(reason::BAD_PHONE, "电话号码无效：只能包含数字、空格和连字符");
    }
  }
  if (digits.rfind("0086", 0) == 0 && digits.size() == 15) digits = digits.substr(4);
  if (digits.rfind("86", 0) == 0 && digits.size() == 13 && digits[2] == '1') digits = digits.substr(2);
  if (digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9') {
    if (normalised != nullptr) *normalised = digits;
    return {};
  }
  if (digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0' && digits[1] != '0') {
    // The area code: 010 and 02x are three digits, the others four.
    const std::size_t area = (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
    const std::size_t number = digits.size() - area;
    if ((hyphen == std::string::npos || hyphen == area) && number >= 7 && number <= 8 && digits[area] != '0' &&
        digits[area] != '1') {
      if (normalised != nullptr) *normalised = digits.substr(0, area) + "-" + digits.substr(area);
      return {};
    }
  }
  if (digits.size() == 11 && digits[0] == '1') {
    return Status(reason::BAD_PHONE, "手机号码" + phone + "无效：第二位应为3至9");
  }
  return Status(reason::BAD_PHONE, "电话号码" + phone + "无效：手机号为11位（1开头），固定电话须带区号（如010-62345678）");
}

bool has_number_run(const std::string& name) {
  int run = 0;
  for (std::size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    bool digit = false;
    std::size_t len = 1;
    if (is_digit(name[i])) {
      digit = true;
    } else if (c == 0xEF && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0xBC &&
               static_cast<unsigned char>(name[i + 2]) >= 0x90 && static_cast<unsigned char>(name[i + 2]) <= 0x99) {
      digit = true;  // full-width ０-９ (U+FF10-U+FF19)
      len = 3;
    } else if (c >= 0xC0) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }
    run = digit ? run + 1 : 0;
    if (run >= 6) return true;
    i += len;
  }
  return false;
}

}  // namespace gridcase
