// The bytes of attachments (core/gridcase/evidence.hpp), content-addressed by their SHA-256 in
// a directory beside the database: <dir>/ab/cdef... for the digest "abcdef...". Uploads are
// written to <dir>/tmp/ first, hashed as they arrive, and moved into place only once their size
// and digest match what was declared; a refused or abandoned upload leaves nothing behind, and
// temp files left by a crash are removed when the store opens. What the bytes are is read from
// their content (libmagic's magic numbers), never from the file's name: an upload whose content
// is not of its declared type is refused.
//
// Thread safety: every method may be called from any thread; one PendingUpload is used by one
// thread at a time (its connection's strand).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gridcase/evidence.hpp"
#include "gridcase/status.hpp"

struct magic_set;  // libmagic's handle (magic.h)

namespace gridcase::net {

struct AttachmentLimits {
  std::int64_t max_bytes = 20LL * 1024 * 1024;  // largest attachment
  int chunk_bytes = 256 * 1024;                  // largest chunk, up and down
  int uploads_per_connection = 4;                // uploads open at once on one connection
  std::vector<std::string> media_types = {
      "image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf",
      "audio/mpeg", "audio/mp4", "audio/aac", "audio/wav", "audio/amr", "video/mp4", "text/plain"};
};

// Parses a comma-separated list of media types ("image/jpeg,application/pdf").
// INVALID_ARGUMENT "BAD_MEDIA_TYPE" for a malformed entry or an empty list.
Result<std::vector<std::string>> parse_media_types(const std::string& text);

// One upload in progress: its declared content, the bytes so far and their running digest.
// Destroying it before AttachmentStore::place removes its temp file.
class PendingUpload {
 public:
  ~PendingUpload();
  PendingUpload(const PendingUpload&) = delete;
  PendingUpload& operator=(const PendingUpload&) = delete;

  const NewAttachment& declared() const { return declared_; }
  std::int64_t received() const { return received_; }

 private:
  friend class AttachmentStore;
  PendingUpload() = default;
  void discard();

  NewAttachment declared_;
  std::string temp_path_;
  int fd_ = -1;
  std::int64_t received_ = 0;
  std::unique_ptr<unsigned char[]> hash_state_;  // crypto_hash_sha256_state
};

class AttachmentStore {
 public:
  // Creates `dir` (and its tmp/) when missing and removes temp files an earlier run left.
  static Result<std::unique_ptr<AttachmentStore>> open(const std::string& dir, AttachmentLimits limits);

  const AttachmentLimits& limits() const { return limits_; }
  const std::string& dir() const { return dir_; }

  // Checks the declared size ("TOO_LARGE"), type ("TYPE_NOT_ALLOWED") and fields (evidence.hpp)
  // and opens a temp file for the bytes. The messages name the file and give sizes in MB, in
  // Chinese.
  Result<std::unique_ptr<PendingUpload>> begin(const NewAttachment& declared);
  // Appends a chunk at `offset`, which must be the bytes received so far ("BAD_OFFSET");
  // "CHUNK_TOO_LARGE" over the chunk limit; "TOO_LARGE" past the declared size.
  Status write(PendingUpload& upload, std::int64_t offset, const std::string& data);
  // Checks that every declared byte came ("INCOMPLETE_UPLOAD"), that their digest is the
  // declared one ("CHECKSUM_MISMATCH") and that their content is of the declared type
  // ("CONTENT_TYPE_MISMATCH": a text file named .jpg, a script sent as image/jpeg), then moves
  // the file into place. `created` tells
  // whether this call put the content there (it may be stored already). Until release() is
  // called with the same digest, the content is kept even if recording it fails.
  Status place(PendingUpload& upload, bool& created);
  // After place(): the attachment was recorded (`recorded`) or not. Content this upload created
  // and nobody recorded is removed.
  void release(const std::string& sha256, bool created, bool recorded);

  // Up to `max_bytes` of the content from `offset`. NOT_FOUND "CONTENT_MISSING" when the file
  // is gone; OUT_OF_RANGE "BAD_OFFSET" past the end.
  Result<std::string> read(const std::string& sha256, std::int64_t offset, std::int64_t max_bytes) const;
  bool has(const std::string& sha256) const;
  // <dir>/ab/cdef...
  std::string path_of(const std::string& sha256) const;

  // The media type of a file's content ("image/jpeg", "text/x-shellscript"), as libmagic reads
  // its magic numbers; "application/octet-stream" when it knows nothing better.
  std::string content_type(const std::string& path);

  ~AttachmentStore();
  AttachmentStore(const AttachmentStore&) = delete;
  AttachmentStore& operator=(const AttachmentStore&) = delete;

 private:
  AttachmentStore(std::string dir, AttachmentLimits limits, magic_set* magic)
      : dir_(std::move(dir)), limits_(std::move(limits)), magic_(magic) {}

  const std::string dir_;
  const AttachmentLimits limits_;
  std::mutex magic_mu_;  // a libmagic handle is used by one thread at a time
  magic_set* const magic_;
  std::mutex mu_;
  struct Placing {
    int count = 0;          // uploads of this content between place() and release()
    bool recorded = false;  // one of them was recorded: the content stays
  };
  std::map<std::string, Placing> placing_;
};

}  // namespace gridcase::net
