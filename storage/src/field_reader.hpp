// Reading a record kept as a map of named text fields (json_text.hpp's string map): a field
// absent reads as empty or 0, and a number that does not parse, or a list longer than a record
// can hold, marks the whole record unreadable (ok() false) instead of throwing. Shared by the
// stores' row codecs (hazard_rows.cpp, project_rows.cpp).
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "json_text.hpp"

namespace gridcase::storage {

class FieldReader {
 public:
  using Fields = std::map<std::string, std::string>;

  FieldReader() = default;
  explicit FieldReader(Fields f) : f_(std::move(f)) {}
  // Reads `text` (empty: no fields); false when it is not a string map.
  bool open(std::string_view text) {
    if (text.empty()) return true;
    return decode_string_map(text, f_);
  }
  bool ok() const { return ok_; }
  std::string str(const std::string& k) const {
    auto it = f_.find(k);
    return it == f_.end() ? std::string() : it->second;
  }
  std::int64_t num(const std::string& k) {
    auto it = f_.find(k);
    if (it == f_.end()) return 0;
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || errno != 0 || end != it->second.c_str() + it->second.size()) ok_ = false;
    return v;
  }
  template <typename E>
  E en(const std::string& k) {
    return static_cast<E>(num(k));
  }
  // A list's length, bounded so that a damaged row cannot ask for a huge allocation.
  std::size_t count(const std::string& k) {
    const std::int64_t n = num(k);
    if (n < 0 || n > 10000) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

 private:
  Fields f_;
  bool ok_ = true;
};

}  // namespace gridcase::storage
