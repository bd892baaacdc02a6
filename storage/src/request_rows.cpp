#include "request_rows.hpp"

#include <sqlite3.h>

namespace gridcase::storage {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // upper case included: it would not read back as written
}

}  // namespace

bool fingerprint_bytes(std::string_view fingerprint, std::string& bytes) {
  if (fingerprint.empty() || fingerprint.size() % 2 != 0) return false;
  bytes.clear();
  bytes.reserve(fingerprint.size() / 2);
  for (std::size_t i = 0; i < fingerprint.size(); i += 2) {
    const int high = hex_value(fingerprint[i]);
    const int low = hex_value(fingerprint[i + 1]);
    if (high < 0 || low < 0) return false;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return true;
}

void bind_fingerprint(SQLite::Statement& s, int index, const std::string& fingerprint) {
  std::string bytes;
  if (fingerprint_bytes(fingerprint, bytes)) {
    s.bind(index, bytes.data(), static_cast<int>(bytes.size()));  // a BLOB (SQLite copies it)
  } else {
    s.bind(index, fingerprint);
  }
}

std::string read_fingerprint(const SQLite::Column& column) {
  const std::string stored = column.getString();
  if (column.getType() != SQLITE_BLOB) return stored;
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(stored.size() * 2);
  for (const char ch : stored) {
    const auto b = static_cast<unsigned char>(ch);
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0x0f]);
  }
  return hex;
}

}  // namespace gridcase::storage
