// The crypto port: password hashing and session tokens. net/ implements it with libsodium
// (Argon2id, 256-bit random tokens, BLAKE2b digests); tests use a fake.
#pragma once

#include <string>

namespace gridcase {

class Crypto {
 public:
  virtual ~Crypto() = default;
  // An encoded hash of `password` that embeds its salt and parameters.
  virtual std::string hash_password(const std::string& password) = 0;
  // True when `password` matches `encoded_hash`.
  virtual bool verify_password(const std::string& encoded_hash, const std::string& password) = 0;
  // A new random session token (256 bits, printable).
  virtual std::string new_token() = 0;
  // A one-way digest of a token, as stored (printable).
  virtual std::string token_digest(const std::string& token) = 0;
  // A short digest of arbitrary bytes, for request fingerprints (printable).
  virtual std::string fingerprint(const std::string& bytes) = 0;
};

}  // namespace gridcase
