// Evidence: files attached to a case (photos of a hazard before and after, a signed agreement
// scan, a recording), and the categories that require one before a case may be resolved.
//
// The core keeps what is known of a file (its SHA-256, size, type, who attached it and when,
// where and when it was captured); the bytes live outside it, content-addressed by their
// SHA-256, in a store the server keeps beside the database (net/attachment_store.hpp). The
// server checks the bytes against the declared digest before it asks the engine to record them.
#pragma once

#include <cstdint>
#include <string>

#include "gridcase/case.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

using AttachmentId = std::int64_t;

struct Attachment {
  AttachmentId id = 0;
  CaseId case_id = 0;
  std::string sha256;      // 64 lower-case hex digits: the content's address
  std::int64_t size = 0;   // bytes
  std::string media_type;  // "image/jpeg"
  std::string file_name;   // as the uploader named it, for display only
  std::string note;        // "整改后照片"
  bool has_coordinates = false;  // where it was captured (optional)
  double lat = 0;
  double lon = 0;
  TimeMs captured_at = 0;  // when it was captured, as the device said (0: not given)
  UserId uploaded_by = 0;
  TimeMs uploaded_at = 0;
};

// What a finished, verified upload asks the engine to record.
struct NewAttachment {
  std::string request_id;  // idempotency key (required)
  CaseId case_id = 0;
  std::string sha256;
  std::int64_t size = 0;
  std::string media_type;
  std::string file_name;
  std::string note;
  bool has_coordinates = false;
  double lat = 0;
  double lon = 0;
  TimeMs captured_at = 0;
};

struct AttachmentResult {
  Attachment attachment;
  Event event;            // the ATTACH event (empty on a replay)
  bool replayed = false;  // the request_id had been seen: nothing changed
};

constexpr std::size_t kMaxFileName = 200;
constexpr std::size_t kMaxMediaType = 100;
constexpr std::size_t kMaxAttachmentNote = 500;

// True for 64 lower-case hex digits.
bool is_sha256_hex(const std::string& text);

// Validation of a new attachment's fields (pure): INVALID_ARGUMENT naming the bad field.
Status check_new_attachment(const NewAttachment& a);

}  // namespace gridcase
