// Zigzag varints, for the binary forms of what every case write stores (a case's clocks, an
// event's details): 7 bits a byte, low first, the sign in the lowest bit. A time in
// milliseconds takes 6 bytes (13 as text), an enum or a flag 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gridcase::storage {

inline void append_varint(std::string& out, std::int64_t value) {
  std::uint64_t v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads one varint at `pos` and moves past it; false when `in` ends first or it is longer than
// any append_varint writes.
inline bool read_varint(std::string_view in, std::size_t& pos, std::int64_t& value) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size()) return false;
    const auto byte = static_cast<unsigned char>(in[pos++]);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      value = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
      return true;
    }
  }
  return false;
}

}  // namespace gridcase::storage
