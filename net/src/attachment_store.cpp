#include "gridcase/net/attachment_store.hpp"

#include <fcntl.h>
#include <magic.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

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

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// A size for people, in MB: "20 MB", "0.19 MB", "25.3 MB" (in bytes below 0.01 MB).
std::string megabytes(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(bytes) / (1024.0 * 1024.0));
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  if (out == "0") return std::to_string(bytes) + " 字节";
  return out + " MB";
}

// The file as messages name it: “after.jpg”.
std::string file_label(const NewAttachment& a) {
  return "“" + (a.file_name.empty() ? std::string("未命名文件") : a.file_name) + "”";
}

// What content of a media type is, for people.
const char* kind_zh(const std::string& type) {
  if (type.find("script") != std::string::npos || type.find("executable") != std::string::npos ||
      type == "application/x-dosexec" || type == "application/x-sharedlib" || type == "application/x-mach-binary") {
    return "脚本或程序";
  }
  if (starts_with(type, "image/")) return "图片";
  if (starts_with(type, "audio/")) return "录音";
  if (starts_with(type, "video/")) return "视频";
  if (starts_with(type, "text/")) return "文本";
  if (type == "application/pdf") return "PDF文档";
  return "其他数据";
}

// True when content libmagic reads as `actual` is what the uploader declared: the same type,
// or one libmagic names otherwise (an .m4a recording is audio/x-m4a to it).
bool content_is(const std::string& declared, const std::string& actual) {
  if (declared == actual) return true;
  static const std::map<std::string, std::vector<std::string>> kAlso = {
      {"image/heic", {"image/heif", "image/heic-sequence", "image/heif-sequence"}},
      {"audio/mp4", {"audio/x-m4a", "video/mp4"}},
      {"audio/aac", {"audio/x-hx-aac-adts", "audio/x-hx-aac-adif"}},
      {"audio/wav", {"audio/x-wav", "audio/vnd.wave"}},
      {"audio/amr", {"audio/x-amr"}},
      {"video/mp4", {"video/x-m4v"}},
  };
  auto it = kAlso.find(declared);
  return it != kAlso.end() && std::find(it->second.begin(), it->second.end(), actual) != it->second.end();
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
  magic_t magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
  if (magic == nullptr) return Status(reason::ATTACHMENT_STORE_FAULT, "libmagic failed to initialise");
  if (magic_load(magic, nullptr) != 0) {
    const char* why = magic_error(magic);
    Status s(reason::ATTACHMENT_STORE_FAULT, std::string("cannot load libmagic's file type database: ") +
                                                 (why != nullptr ? why : "unknown error"));
    magic_close(magic);
    return s;
  }
  return std::unique_ptr<AttachmentStore>(new AttachmentStore(dir, std::move(limits), magic));
}

AttachmentStore::~AttachmentStore() { magic_close(magic_); }

std::string AttachmentStore::content_type(const std::string& path) {
  std::lock_guard<std::mutex> lock(magic_mu_);
  const char* type = magic_file(magic_, path.c_str());
  return type != nullptr ? type : "application/octet-stream";
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
    return Status(reason::TOO_LARGE, "附件" + file_label(declared) + "有 " + megabytes(declared.size) +
                                         "，超过上限 " + megabytes(limits_.max_bytes));
  }
  const auto& types = limits_.media_types;
  if (std::find(types.begin(), types.end(), declared.media_type) == types.end()) {
    std::string allowed;
    for (const auto& t : types) allowed += (allowed.empty() ? "" : "、") + t;
    return Status(reason::TYPE_NOT_ALLOWED, "附件" + file_label(declared) + "的类型 " + declared.media_type +
                                                " 不在可上传之列；可上传：" + allowed);
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
    return Status(reason::TOO_LARGE, "附件" + file_label(u.declared_) + "收到的数据超过声明的 " +
                                         megabytes(u.declared_.size));
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
  // What the bytes are, not what the name or the declared type says.
  const std::string content = content_type(u.temp_path_);
  if (!content_is(u.declared_.media_type, content)) {
    return Status(reason::CONTENT_TYPE_MISMATCH, "附件" + file_label(u.declared_) + "的内容是" + kind_zh(content) +
                                                     "（" + content + "），不是声明的 " + u.declared_.media_type +
                                                     "：请上传真实的文件");
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
