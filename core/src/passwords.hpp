// What makes a password acceptable, for the accounts' calls (sessions and administration).
// Internal to the core.
#pragma once

#include <string>

#include "gridcase/status.hpp"

namespace gridcase {

constexpr std::size_t kMinPassword = 8;

// Passwords: 8 to 256 bytes, at least two kinds of character (lower case, upper case, digits,
// others), not the username, not one of the passwords everybody tries first.
inline Status check_password_strength(const std::string& username, const std::string& password) {
  if (password.size() < kMinPassword || password.size() > 256) {
    return Status(reason::WEAK_PASSWORD, "a password needs 8 to 256 characters");
  }
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char ch : password) {
    if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else other = true;
  }
  if (int(lower) + int(upper) + int(digit) + int(other) < 2) {
    return Status(reason::WEAK_PASSWORD, "a password needs at least two kinds of character (letters, digits, symbols)");
  }
  static const char* const kCommon[] = {"password1", "password123", "12345678a", "a12345678", "qwerty123",
                                        "abc123456", "abcd1234", "1qaz2wsx", "p@ssw0rd", "passw0rd",
                                        "admin123", "admin1234", "woaini1314", "aa123456", "qq123456"};
  for (const char* common : kCommon) {
    if (password == common) return Status(reason::WEAK_PASSWORD, "that password is among the first ones anybody tries");
  }
  if (password == username) return Status(reason::WEAK_PASSWORD, "a password must not be the username");
  return {};
}


}  // namespace gridcase
