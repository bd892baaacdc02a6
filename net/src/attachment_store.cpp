#include "gridcase/net/attachment_store.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "gridcase/log.hpp"

namespace gridcase::net {

namespace fs = std::filesystem;

namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

crypto_hash_sha256_state* state_of(std::unique_ptr<unsigned char[]>& raw) {
  return reinterpret_cast<crypto_hash_sha256_state*>(raw.get());
}

bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

Status io_error(const std::string& what) {
  return Status(reason::ATTACHMENT_STORE_FAULT, what + ": " + std::strerror(errno));
}

}  // namespace

Result<std::vector<std::string>> parse_media_types(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    NewAttachment probe;
    probe.request_id = "x";
    probe.case_id = 1;
    probe.sha256 = std::string(64, '0');
    probe.size = 1;
    probe.media_type = item;
    if (item.empty() || !check_new_attachment(probe).is_ok()) {
      return Status(reason::BAD_MEDIA_TYPE, "\"" + item + "\" is not a media type like image/jpeg");
    }
    out.push_back(item);
    start = comma + 1;
  }
  return out;
}

PendingUpload::~PendingUpload() { discard(); }

void PendingUpload::discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!temp_path_.empty()) {
    std::error_code ec;
    fs::remove(temp_path_, ec);
    temp_path_.clear();
  }
}

Result<std::unique_ptr<AttachmentStore>> AttachmentStore::open(const std::string& dir, AttachmentLimits limits) {
  if (sodium_init() < 0) return Status(reason::SODIUM_INIT, "libsodium failed to initialise");
  if (dir.empty()) return Status(reason::BAD_CONFIG, "the attachments directory is empty");
  if (limits.max_bytes <= 0 || limits.chunk_bytes <= 0 || limits.uploads_per_connection <= 0 ||
      limits.media_types.empty()) {
    return Status(reason::BAD_CONFIG, "attachment limits must be positive, with at least one media type");
  }
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "tmp", ec);
  if (ec) return Status(reason::ATTACHMENT_STORE_FAULT, "cannot create " + dir + "/tmp: " + ec.message());
  // Whatever is in tmp/ was an upload in progress when the last run ended.
  int stale = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "tmp", ec)) {
    std::error_code rm;
    if (fs::remove(entry.path(), rm)) ++stale;
  }
  if (stale > 0) log::info("removed unfinished uploads", {{"count", std::to_string(stale)}, {"dir", dir}});
  return std::unique_ptr<AttachmentStore>(new AttachmentStore(dir, std::move(limits)));
}

std::string AttachmentStore::path_of(const std::string& sha256) const {
  return (fs::path(dir_) / sha256.substr(0, 2) / sha256.substr(2)).string();
}

bool AttachmentStore::has(const std::string& sha256) const {
  std::error_code ec;
  return is_sha256_hex(sha256) && fs::is_regular_file(path_of(sha256), ec);
}

Result<std::unique_ptr<PendingUpload>> AttachmentStore::begin(const NewAttachment& declared) {
  GRIDCASE_RETURN_IF_ERROR(check_new_attachment(declared));
  if (declared.size > limits_.max_bytes) {
    return Status(reason::TOO_LARGE, "an attachment is at most " + std::to_string(limits_.max_bytes) +
                                             " bytes; this one declares " + std::to_string(declared.size));
  }
  const auto& types = limits_.media_types;
  if (std::find(types.begin(), types.end(), declared.media_type) == types.end()) {
    std::string allowed;
    for (const auto& t : types) allowed += (allowed.empty() ? "" : ", ") + t;
    return Status(reason::TYPE_NOT_ALLOWED, declared.media_type + " is not accepted; allowed: " + allowed);
  }
  std::unique_ptr<PendingUpload> u(new PendingUpload());
  u->declared_ = declared;
  unsigned char name[16];
  randombytes_buf(name, sizeof name);
  u->temp_path_ = (fs::path(dir_) / "tmp" / (hex(name, sizeof name) + ".part")).string();
  u->fd_ = ::open(u->temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (u->fd_ < 0) {
    u->temp_path_.clear();
    return io_error("cannot create an upload file");
  }
  u->hash_state_.reset(new unsigned char[sizeof(crypto_hash_sha256_state)]);
  crypto_hash_sha256_init(state_of(u->hash_state_));
  return u;
}

Status AttachmentStore::write(PendingUpload& u, std::int64_t offset, const std::string& data) {
  if (u.fd_ < 0) return Status(reason::UPLOAD_ENDED, "the upload has ended");
  if (offset != u.received_) {
    return Status(reason::BAD_OFFSET, "expected the chunk at offset " + std::to_string(u.received_) +
                                              ", got " + std::to_string(offset) + " (a chunk is missing or repeated)");
  }
  if (data.empty()) return Status(reason::EMPTY_CHUNK, "a chunk carries at least one byte");
  if (data.size() > static_cast<std::size_t>(limits_.chunk_bytes)) {
    return Status(reason::CHUNK_TOO_LARGE, "a chunk is at most " + std::to_string(limits_.chunk_bytes) + " bytes");
  }
  if (u.received_ + static_cast<std::int64_t>(data.size()) > u.declared_.size) {
    return Status(reason::TOO_LARGE, "the chunks exceed the declared size of " +
                                             std::to_string(u.declared_.size) + " bytes");
  }
  if (!write_all(u.fd_, data.data(), data.size())) return io_error("cannot write an upload");
  crypto_hash_sha256_update(state_of(u.hash_state_), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  u.received_ += static_cast<std::int64_t>(data.size());
  return {};
}

Status AttachmentStore::place(PendingUpload& u, bool& created) {
  created = false;
  if (u.fd_ < 0) return Status(reason::UPLOAD_ENDED, "the upload has ended");
  if (u.received_ != u.declared_.size) {
    return Status(reason::INCOMPLETE_UPLOAD, "received " + std::to_string(u.received_) + " of " +
                                                     std::to_string(u.declared_.size) + " declared bytes");
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(state_of(u.hash_state_), digest);
  const std::string actual = hex(digest, sizeof digest);
  if (actual != u.declared_.sha256) {
    return Status(reason::CHECKSUM_MISMATCH, "the bytes received have SHA-256 " + actual +
                                                     ", not the declared " + u.declared_.sha256);
  }
  if (::fsync(u.fd_) != 0) return io_error("cannot sync an upload");
  ::close(u.fd_);
  u.fd_ = -1;

  const std::string target = path_of(actual);
  std::lock_guard<std::mutex> lock(mu_);
  std::error_code ec;
  if (fs::is_regular_file(target, ec)) {
    // The same content is stored already: this copy is not needed.
    u.discard();
  } else {
    fs::create_directories(fs::path(target).parent_path(), ec);
    if (ec) return Status(reason::ATTACHMENT_STORE_FAULT, "cannot create " + fs::path(target).parent_path().string());
    if (std::rename(u.temp_path_.c_str(), target.c_str()) != 0) return io_error("cannot store an upload");
    u.temp_path_.clear();
    created = true;
  }
  ++placing_[actual].count;
  return {};
}

void AttachmentStore::release(const std::string& sha256, bool created, bool recorded) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = placing_.find(sha256);
  if (it == placing_.end()) return;
  Placing& p = it->second;
  p.recorded = p.recorded || recorded;
  if (created && !p.recorded && p.count == 1) {
    std::error_code ec;
    fs::remove(path_of(sha256), ec);
  }
  if (--p.count == 0) placing_.erase(it);
}

Result<std::string> AttachmentStore::read(const std::string& sha256, std::int64_t offset,
                                          std::int64_t max_bytes) const {
  if (!is_sha256_hex(sha256)) return Status(reason::BAD_SHA256, "not a SHA-256");
  const std::string path = path_of(sha256);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status(reason::CONTENT_MISSING, "the attachment's content is missing from the store");
    return io_error("cannot open an attachment");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return io_error("cannot stat an attachment");
  }
  if (offset < 0 || offset > st.st_size) {
    ::close(fd);
    return Status(reason::BAD_OFFSET_DOWNLOAD, "offset " + std::to_string(offset) + " is past the end (" +
                                          std::to_string(st.st_size) + " bytes)");
  }
  const std::int64_t n = std::min<std::int64_t>(max_bytes, st.st_size - offset);
  std::string out(static_cast<std::size_t>(n), '\0');
  std::int64_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, &out[static_cast<std::size_t>(got)], static_cast<std::size_t>(n - got), offset + got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      ::close(fd);
      return io_error("cannot read an attachment");
    }
    got += r;
  }
  ::close(fd);
  return out;
}

}  // namespace gridcase::net
