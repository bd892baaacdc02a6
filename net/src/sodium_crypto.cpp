#include "gridcase/net/sodium_crypto.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace gridcase::net {
namespace {

void init_sodium_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      std::fputs("gridcase: libsodium failed to initialise\n", stderr);
      std::abort();
    }
  });
}

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::vector<char> out(size * 2 + 1);
  sodium_bin2hex(out.data(), out.size(), data, size);
  return std::string(out.data(), size * 2);
}

std::string blake2b_hex(const std::string& bytes, std::size_t digest_size) {
  std::vector<unsigned char> digest(digest_size);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr, 0);
  return to_hex(digest.data(), digest.size());
}

}  // namespace

SodiumCrypto::SodiumCrypto(HashCost cost) {
  init_sodium_once();
  if (cost == HashCost::kInteractive) {
    opslimit_ = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    memlimit_ = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  } else {
    opslimit_ = crypto_pwhash_OPSLIMIT_MIN;
    memlimit_ = crypto_pwhash_MEMLIMIT_MIN;
  }
}

std::string SodiumCrypto::hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), opslimit_, memlimit_) != 0) {
    // Only fails when the memory limit cannot be allocated.
    throw std::runtime_error("crypto_pwhash_str: out of memory");
  }
  return std::string(out);
}

bool SodiumCrypto::verify_password(const std::string& encoded_hash, const std::string& password) {
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumCrypto::new_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

std::string SodiumCrypto::token_digest(const std::string& token) {
  return blake2b_hex(token, crypto_generichash_BYTES);  // 32 bytes
}

std::string SodiumCrypto::fingerprint(const std::string& bytes) {
  return blake2b_hex(bytes, crypto_generichash_BYTES_MIN);  // 16 bytes
}

}  // namespace gridcase::net
