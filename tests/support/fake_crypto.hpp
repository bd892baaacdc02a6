// A fast, deterministic Crypto for unit tests. Not secure: never used outside tests.
#pragma once

#include <atomic>

#include "gridcase/crypto.hpp"

namespace gridcase::testing {

class FakeCrypto final : public Crypto {
 public:
  std::string hash_password(const std::string& password) override;
  bool verify_password(const std::string& encoded_hash, const std::string& password) override;
  std::string new_token() override;
  std::string token_digest(const std::string& token) override;
  std::string fingerprint(const std::string& bytes) override;

 private:
  std::atomic<int> next_token_{1};
};

}  // namespace gridcase::testing
