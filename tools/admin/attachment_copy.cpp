#include "attachment_copy.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace gridcase::admin {
namespace {

namespace fs = std::filesystem;

class Sha256 final : public storage::RowDigest {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void add(std::string_view bytes) override {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }
  std::string hex() override {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char text[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(text, sizeof text, digest, sizeof digest);
    return text;
  }

 private:
  crypto_hash_sha256_state state_{};
};

fs::path path_in(const std::string& folder, const std::string& sha256) {
  return fs::path(folder) / sha256.substr(0, 2) / sha256.substr(2);
}

// The SHA-256 of a file's bytes; empty when it cannot be read.
std::string hash_file(const fs::path& path, std::int64_t* size = nullptr) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  Sha256 digest;
  std::string buffer(1 << 20, '\0');
  std::int64_t total = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return "";
    }
    if (n == 0) break;
    digest.add(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    total += n;
  }
  ::close(fd);
  if (size != nullptr) *size = total;
  return digest.hex();
}

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw std::runtime_error("附件文件写入失败 (cannot write an attachment file): " + what + " " + path.string() +
                           ": " + std::strerror(errno));
}

// Copies `from` to `to` through `to`.tmp, synced, renamed; returns the SHA-256 of the bytes
// read (empty when `from` cannot be read).
std::string copy_file(const fs::path& from, const fs::path& to, std::int64_t& bytes) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return "";
  const fs::path temporary = to.string() + ".tmp";
  const int out = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    ::close(in);
    fail("open", temporary);
  }
  Sha256 digest;
  std::string buffer(1 << 20, '\0');
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(in);
      ::close(out);
      return "";
    }
    if (n == 0) break;
    digest.add(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    for (ssize_t written = 0; written < n;) {
      const ssize_t w = ::write(out, buffer.data() + written, static_cast<std::size_t>(n - written));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        ::close(in);
        ::close(out);
        fail("write", temporary);
      }
      written += w;
    }
    bytes += n;
  }
  ::close(in);
  if (::fsync(out) != 0) {
    ::close(out);
    fail("fsync", temporary);
  }
  ::close(out);
  if (::rename(temporary.c_str(), to.c_str()) != 0) fail("rename", to);
  return digest.hex();
}

}  // namespace

std::unique_ptr<storage::RowDigest> new_sha256() { return std::make_unique<Sha256>(); }

AttachmentCopyReport copy_attachments(const std::vector<std::string>& digests, const std::string& from,
                                      const std::string& to,
                                      const std::function<void(std::int64_t, std::int64_t)>& progress) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
  AttachmentCopyReport report;
  report.files = static_cast<std::int64_t>(digests.size());
  std::error_code ec;
  for (const std::string& sha256 : digests) {
    const fs::path target = path_in(to, sha256);
    std::int64_t size = 0;
    if (hash_file(target, &size) == sha256) {
      ++report.present;
      report.bytes += size;
    } else {
      fs::create_directories(target.parent_path(), ec);
      if (ec) throw std::runtime_error("cannot make the folder " + target.parent_path().string() + ": " + ec.message());
      const fs::path source = path_in(from, sha256);
      std::int64_t bytes = 0;
      const std::string copied = copy_file(source, target, bytes);
      if (copied.empty()) {
        report.missing.push_back(sha256);
      } else if (copied != sha256) {
        fs::remove(target, ec);
        report.damaged.push_back(sha256);
      } else {
        ++report.copied;
        report.bytes += bytes;
      }
    }
    if (progress) progress(report.copied + report.present, report.files);
  }
  // Read back what the target folder holds.
  for (const std::string& sha256 : digests) {
    if (hash_file(path_in(to, sha256)) == sha256) ++report.verified;
  }
  return report;
}

}  // namespace gridcase::admin
