#include "fake_crypto.hpp"

#include <functional>

namespace gridcase::testing {

std::string FakeCrypto::hash_password(const std::string& password) { return "fake$" + password; }

bool FakeCrypto::verify_password(const std::string& encoded_hash, const std::string& password) {
  return encoded_hash == "fake$" + password;
}

std::string FakeCrypto::new_token() { return "token-" + std::to_string(next_token_++); }

std::string FakeCrypto::token_digest(const std::string& token) { return "digest:" + token; }

std::string FakeCrypto::fingerprint(const std::string& bytes) {
  return std::to_string(std::hash<std::string>{}(bytes));
}

}  // namespace gridcase::testing
