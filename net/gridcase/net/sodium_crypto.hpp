// gridcase::Crypto over libsodium: Argon2id password hashes (crypto_pwhash_str), 256-bit random
// session tokens, BLAKE2b digests of tokens and request fingerprints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "gridcase/crypto.hpp"

namespace gridcase::net {

// How expensive a password hash is. kInteractive is libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE,
// meant for production; kMinimum is the cheapest Argon2id setting libsodium accepts, for tests
// that create many users. Hashes of either cost verify with either setting.
enum class HashCost { kInteractive, kMinimum };

class SodiumCrypto final : public Crypto {
 public:
  // Initialises libsodium (once per process). Aborts the process when libsodium cannot start,
  // as nothing secure can be done without it.
  explicit SodiumCrypto(HashCost cost = HashCost::kInteractive);

  // Argon2id, "$argon2id$v=19$m=...,t=...,p=1$salt$hash". Thread-safe.
  std::string hash_password(const std::string& password) override;
  // False for a wrong password and for a malformed hash. Thread-safe.
  bool verify_password(const std::string& encoded_hash, const std::string& password) override;
  // 32 random bytes, 64 lower-case hex characters. Thread-safe.
  std::string new_token() override;
  // BLAKE2b-256 of the token, hex. Thread-safe.
  std::string token_digest(const std::string& token) override;
  // BLAKE2b-128 of the bytes, hex. Thread-safe.
  std::string fingerprint(const std::string& bytes) override;

 private:
  unsigned long long opslimit_;
  std::size_t memlimit_;
};

}  // namespace gridcase::net
