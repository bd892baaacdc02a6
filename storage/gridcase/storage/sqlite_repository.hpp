// The Repository port over SQLite (through SQLiteCpp).
//
// One database file in WAL mode. Writes run on ONE writer thread that owns the only read-write
// connection: it takes up to `max_batch` queued writes, runs them in one `BEGIN IMMEDIATE`
// transaction, each inside its own savepoint (a failing write is rolled back to its savepoint
// and leaves nothing), commits once (group commit, synchronous=FULL) and only then calls each
// write's `done`. Reads borrow a read-only connection from a small pool and run inside a read
// transaction, so each read sees one consistent snapshot while the writer goes on. Checkpoints
// (copying the WAL into the database file) run on a thread and connection of their own, asked
// for after commits that leave 1000 frames or more in the WAL, so that no commit waits for one.
//
// Errors from SQLite are mapped once, at this boundary: busy/I/O/full-disk failures become
// UNAVAILABLE "STORAGE_FAULT", uniqueness violations ALREADY_EXISTS, other constraint
// violations INVALID_ARGUMENT, a corrupt file DATA_LOSS "DATABASE_CORRUPT", anything else
// INTERNAL.
//
// When the disk fails (I/O errors, a full disk), the writes of the failing batch answer
// UNAVAILABLE "STORAGE_FAULT" and leave nothing; reads go on from the pooled connections; the
// writer rolls back (replacing its connection when that fails) and takes the next batch as
// usual, so writes succeed again once the fault clears.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"

namespace gridcase::storage {

struct SqliteOptions {
  int reader_connections = 4;  // pool of read-only connections (WAL lets them read while the writer writes)
  int busy_timeout_ms = 5000;
  int max_batch = 256;         // most writes sharing one commit
  bool create_if_missing = true;
  // The SQLite VFS every connection (and a backup's copy) is opened with; empty: the default.
  // Tests pass fault_vfs's name to make the file system fail. The store opens its connections
  // through the gathering VFS over it (wal_gather_vfs.hpp), which writes a commit's WAL frames
  // to the file at once.
  std::string vfs;
};

// PRAGMA user_version of the newest schema this build knows.
constexpr int kSchemaVersion = 27;
// PRAGMA application_id of a gridcase database: "GRDC".
constexpr std::int32_t kApplicationId = 0x47524443;

class SqliteRepository final : public gridcase::Repository {
 public:
  // Opens the database at `path` (creating it when `options.create_if_missing`), applies the
  // pending migrations (each in one transaction; an older database is upgraded in place) and
  // seeds: the builtin categories (gridcase::builtin_categories()) when the category table is
  // empty, the default deadline policies (gridcase::default_policies()) when the policy table is
  // empty, and, on every open, each shipped calendar year (gridcase::builtin_calendar_texts())
  // not stored yet; a stored year, edited or not, is never overwritten. Then starts the writer
  // thread.
  //
  // Fails with
  //   FAILED_PRECONDITION "DATABASE_TOO_NEW"         user_version > kSchemaVersion;
  //   FAILED_PRECONDITION "NOT_A_GRIDCASE_DATABASE"  another application_id, or not SQLite;
  //   NOT_FOUND "DATABASE_NOT_FOUND"                 missing file and !create_if_missing;
  //   UNAVAILABLE "STORAGE_FAULT"                    I/O errors, a lock held too long.
  static Result<std::unique_ptr<SqliteRepository>> open(const std::string& path,
                                                        SqliteOptions options = {});

  SqliteRepository(const SqliteRepository&) = delete;
  SqliteRepository& operator=(const SqliteRepository&) = delete;
  // Calls close(). No read may be in flight.
  ~SqliteRepository() override;

  // Runs fn on a read-only connection inside a read transaction (one snapshot). Blocks while
  // every pooled connection is in use. Thread-safe. Still works after close().
  Status read(const std::function<Status(ReadView&)>& fn) override;

  // Queues fn for the writer thread; `done` runs on the writer thread after the commit (or on
  // the calling thread with UNAVAILABLE "REPOSITORY_CLOSED" once close() has been called).
  // The WriteView reads through the writer connection, so it sees the changes of the writes
  // committed before it and of the earlier writes of its own batch. Thread-safe.
  void write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) override;

  // Finishes every queued write, then stops the writer thread. Writes queued after close() get
  // UNAVAILABLE "REPOSITORY_CLOSED". Idempotent; thread-safe. Must not be called from `done`.
  void close();

  // Zeros, without a read: one server uses a SQLite file at a time and adopts its own changes
  // as it makes them (ReadView::generations).
  Result<StoreGenerations> generations() override { return StoreGenerations{}; }

  // Online backup (sqlite3_backup) of the live database to dest_path, safe while writes go on:
  // the copy is one consistent snapshot. Written to "<dest_path>.tmp" and renamed into place,
  // so dest_path never holds a half-written copy. Replaces an existing dest_path.
  // UNAVAILABLE "STORAGE_FAULT" on I/O errors. Thread-safe.
  Status backup_to(const std::string& dest_path);

  // Rewrites the database at `path` without its free pages (VACUUM), first bringing its schema
  // up to date, and returns its size in bytes before and after. The space rows leave when they
  // shrink (an upgrade that rewrites them, schema 19) is reused by later writes but returned to
  // the file system only this way. It holds the write lock for as long as it runs (about 1.5 s
  // per 100,000 cases): a running gridcased's writes wait, and fail past its busy timeout, so
  // run it with the server stopped. DATABASE_NOT_FOUND when there is no file at `path`.
  static Result<std::pair<std::int64_t, std::int64_t>> compact(const std::string& path, SqliteOptions options = {});

  const std::string& path() const;

  // How many write transactions the writer has committed (each may hold many writes).
  // For tests and metrics. Thread-safe.
  std::uint64_t commits() const;

 private:
  struct Impl;
  explicit SqliteRepository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridcase::storage
