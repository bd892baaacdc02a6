// A SQLite VFS that gathers a WAL file's writes in memory and passes them down at once, so that
// a commit reaches the file system in one write instead of two per page.
//
// SQLite appends a commit's pages to the WAL one frame at a time, each frame in two writes (its
// 24-byte header, then the page): a batch of writes that dirties 600 pages made 1,200 system
// calls. This VFS wraps another one (the default; the fault VFS in tests) and keeps the writes
// to a WAL file for as long as each one follows on from, or rewrites part of, those before it.
// It writes what it holds to the file in one call:
//   - before the file is synced (a commit with synchronous=FULL syncs it);
//   - before the connection publishes a commit to other connections (the barrier on its
//     database file's shared memory, which SQLite passes before the new WAL header is
//     complete), so that a commit that is not synced is on file before anyone may read it;
//   - before anything else reads the part it holds, or asks the size of, truncates, maps or
//     closes the file;
//   - when a write does not follow on, or 8 MiB have gathered.
// Files other than WAL files pass through untouched.
//
// What is durable when does not change: a commit is acknowledged after its sync, and the sync
// comes after the write. A crash can lose only what was gathered and not yet synced, which no
// commit had acknowledged. A write that fails fails the sync (or the read, size, truncate) that
// made it, and what was gathered is dropped, as SQLite drops the failed transaction; only when
// the write before a publication fails (a commit that did not sync) is it kept and tried again
// at the next of these, since the barrier cannot report an error.
//
// Each file handle is used by one connection, and SQLite calls a connection's file methods from
// one thread at a time, so a gathering file needs no lock.
#pragma once

#include <string>

namespace gridcase::storage::wal_gather_vfs {

// Registers (never as the default) the gathering VFS over the VFS named `base` (empty: the
// default one) and returns its name, the same name for the same base each time. A `base` that
// is a gathering VFS already is returned as it is. Thread-safe. Throws std::runtime_error when
// no VFS is named `base` or SQLite cannot be initialized.
std::string install(const std::string& base);

}  // namespace gridcase::storage::wal_gather_vfs
