// What a SQLite VFS that wraps another one shares with every other such VFS: a file that holds
// the wrapped VFS's file, io methods and VFS methods that pass each call through to the wrapped
// ones. A shim (fault_vfs, wal_gather_vfs) starts from these and replaces the few calls it is
// about.
#pragma once

#include <cstddef>
#include <string>

#include <sqlite3.h>

namespace gridcase::storage::vfs_shim {

// The head of a shim's file. The shim's own file struct (sizeof a multiple of 8, starting with
// this) is followed, in the same allocation, by the wrapped VFS's file.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
};

inline sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

// Io methods of iVersion `version` (1: no shared memory, 2: shared memory, 3: memory-mapped
// I/O) that pass every call through to the wrapped file.
sqlite3_io_methods forwarding_methods(int version);

// Opens `name` through `real_vfs` into the part of `file` that follows the shim's own
// `own_size` bytes, and sets File::real. Returns what the wrapped xOpen returns, and in
// `version` the iVersion (1–3) the shim's methods must have to match the wrapped file's, or 0
// when the wrapped file has no methods (the shim's file must then have none either: SQLite
// calls xClose exactly when pMethods is set, also after a failed open).
int open_wrapped(sqlite3_vfs* real_vfs, std::size_t own_size, sqlite3_filename name,
                 sqlite3_file* file, int flags, int* out_flags, int* version);

// The VFS named `name` (empty: the default one), for a shim to wrap. SQLite is configured
// (configure_sqlite: some settings are taken only before it is initialized) and initialized
// first. Throws std::runtime_error when there is no such VFS.
sqlite3_vfs* find_vfs(const std::string& name);

// Makes `vfs` a VFS named `name` whose calls all pass through to `real` (kept in pAppData) but
// xOpen, which is `open`, for files of `own_size` bytes followed by the wrapped VFS's file, and
// registers it (never as the default one). `vfs` and `name` must last as long as the process.
// Throws std::runtime_error when SQLite refuses it.
void register_wrapping(sqlite3_vfs& vfs, sqlite3_vfs* real, const char* name, std::size_t own_size,
                       int (*open)(sqlite3_vfs*, sqlite3_filename, sqlite3_file*, int, int*));

}  // namespace gridcase::storage::vfs_shim
