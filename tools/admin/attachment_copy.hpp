// The file half of gridcase-admin copy: the attachments' bytes, which stay in files beside the
// database (SQLite: DB.attachments unless gridcased was given --attachments-dir) and, on
// PostgreSQL, in the folder every server shares (--attachments-dir). Both are content-addressed:
// a file is named by the SHA-256 of its bytes, as aa/bbbb... (net/src/attachment_store.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gridcase/storage/pg_copy.hpp"

namespace gridcase::admin {

// SHA-256 through libsodium, for the copy's table digests.
std::unique_ptr<storage::RowDigest> new_sha256();

struct AttachmentCopyReport {
  std::int64_t files = 0;    // attachments named by the source's rows
  std::int64_t copied = 0;   // copied now
  std::int64_t present = 0;  // already in the target folder with the right bytes (an earlier run)
  std::int64_t bytes = 0;    // bytes of all the files
  std::int64_t verified = 0; // files in the target folder whose bytes hash to their name, read back
  std::vector<std::string> missing;  // not in the source folder
  std::vector<std::string> damaged;  // in the source folder, but their bytes hash to another name
  bool ok() const { return missing.empty() && damaged.empty() && verified == files; }
};

// Copies each attachment in `digests` from folder `from` to folder `to` (made when missing):
// through a temporary file, synced, then renamed into place, so that a copy killed half way
// leaves no partial file under an attachment's name. A file already in place whose bytes hash to
// its name is kept. Then reads every file in `to` back and checks its hash. `progress` is called
// with files done and the total. Failures to write throw std::runtime_error.
AttachmentCopyReport copy_attachments(const std::vector<std::string>& digests, const std::string& from,
                                      const std::string& to,
                                      const std::function<void(std::int64_t, std::int64_t)>& progress);

}  // namespace gridcase::admin
