// A SQLite VFS that makes the file system fail on demand, for testing what the store does when
// writes to disk fail (an I/O error, a full disk). It wraps the default VFS and passes every
// call through, except that while armed the chosen operations fail without touching the file.
// Open a repository on it with SqliteOptions::vfs = fault_vfs::install().
//
// The fault is process-wide: it applies to every file opened through this VFS, by every
// connection. Thread-safe.
#pragma once

#include <cstdint>

namespace gridcase::storage::fault_vfs {

// The name the VFS is registered under.
inline constexpr const char* kName = "gridcase-fault";

// Registers the VFS (never as the default one) and returns its name. Idempotent.
const char* install();

enum class Fault {
  kNone,
  kIoError,   // SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE
  kDiskFull,  // SQLITE_FULL
};

// Which operations fail while armed (bits).
enum Ops : unsigned {
  kWrite = 1u,     // xWrite
  kSync = 2u,      // xSync
  kTruncate = 4u,  // xTruncate
  kAllWrites = kWrite | kSync | kTruncate,
};

// From now on the operations in `ops` fail with `fault` (kNone: disarm). With `times` > 0 only
// the next `times` of them fail; then the VFS disarms itself.
void arm(Fault fault, unsigned ops = kAllWrites, unsigned times = 0);
// From now on every call passes through again.
void disarm();
// How many calls have failed because of an armed fault since the process started.
std::uint64_t failures();
// How many writes to WAL files have passed through to the file system since the process started.
std::uint64_t wal_writes();

}  // namespace gridcase::storage::fault_vfs
