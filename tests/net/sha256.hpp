// The SHA-256 of bytes as lower-case hex, as uploads declare it (libsodium).
#pragma once

#include <sodium.h>

#include <catch2/catch.hpp>

#include <string>

namespace gridcase::testing {

inline std::string sha256_hex(const std::string& bytes) {
  REQUIRE(sodium_init() >= 0);
  unsigned char d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : d) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

}  // namespace gridcase::testing
