// Copying a gridcase SQLite database into PostgreSQL (gridcase-admin copy): every table that
// holds data, row for row and key for key, in committed chunks that a later run resumes; then a
// verification that reads both sides again and compares, per table, the row count and a digest
// of the rows rendered the same way on both sides.
//
// What is copied: every table of the SQLite schema but its search index (cases_fts and its
// list of cases still to index, cases_fts_pending), which PostgreSQL does not have: it indexes
// the copied rows itself (pg_trgm), and each case's `bigrams` column is computed by the store's
// own function (pg_view.hpp's search_bigrams) as the case is copied, and checked by verify().
// The event counter is set to the last copied seq. Session rows are copied too: whoever was
// logged in stays logged in.
//
// Where the copy is: tables gridcase_copy (the source's file name, a mark of its content, when
// the copy began and ended) and gridcase_copy_tables (per table: rows copied, the key of the last
// one, done) in the target, written in the transaction of each chunk, so that a copy killed at
// any point continues, on the next run, after its last committed row: no row twice, none missed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gridcase/status.hpp"

namespace gridcase::storage {

// A running hash over the rows of one table, as verify() renders them (gridcase-admin gives
// SHA-256). Made fresh for each table and side.
class RowDigest {
 public:
  virtual ~RowDigest() = default;
  virtual void add(std::string_view bytes) = 0;
  // The digest of everything added, as lowercase hex.
  virtual std::string hex() = 0;
};
using DigestFactory = std::function<std::unique_ptr<RowDigest>()>;

// Rows done of a table so far, and its rows in the source. Called after each committed chunk
// and at the end of each table (copy), every 10,000 rows and at the end (verify).
using CopyProgress = std::function<void(const std::string& table, std::int64_t done, std::int64_t total)>;

struct CopyOptions {
  std::int64_t chunk_rows = 10000;  // rows per committed chunk
  std::int64_t max_chunks = 0;      // stop after this many chunks (0: no limit); a later run resumes
  CopyProgress progress;
};

struct CopyRun {
  bool complete = false;       // every table copied and the event counter set
  bool resumed = false;        // an earlier run had begun this copy
  bool was_complete = false;   // ... and had finished it: nothing was copied now
  std::int64_t rows = 0;       // rows this run copied
  std::int64_t chunks = 0;     // chunks this run committed
};

// One line of the verification. For a table, the rows and the digest of each side. Two more
// lines check what the copy derives: "cases.bigrams" (every case's bigrams as search_bigrams
// makes them from the source's title and description, against those stored) and
// "event_counter" (rows: the source's last event seq, the target's counter; no digests).
struct TableCheck {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  std::string source_digest;
  std::string target_digest;
  bool equal() const { return source_rows == target_rows && source_digest == target_digest; }
};

class SqliteToPgCopy {
 public:
  // Opens the source read-only and the target as every gridcase tool does (open_store: its
  // migrations applied, its seed), and takes a session lock on the target so that two copies
  // never run into it at once. Fails with
  //   NOT_FOUND "DATABASE_NOT_FOUND"                   no file at `sqlite_path`;
  //   FAILED_PRECONDITION "NOT_A_GRIDCASE_DATABASE"    the file is not a gridcase database;
  //   FAILED_PRECONDITION "DATABASE_TOO_NEW"           its schema is newer than this build's;
  //   FAILED_PRECONDITION "DATABASE_NEEDS_UPGRADE"     older: run gridcase-admin init on it first;
  //   UNAVAILABLE "STORAGE_FAULT"                      the target cannot be reached (a message in
  //                                                    Chinese and English, as open_store's);
  //   FAILED_PRECONDITION "COPY_TARGET_NOT_EMPTY"      the target holds data (anything but what
  //                                                    init seeds: categories, policies,
  //                                                    calendars) and no copy of this source;
  //   FAILED_PRECONDITION "COPY_SOURCE_CHANGED"        the target holds a copy begun from this
  //                                                    source, which has changed since;
  //   the failures of PgRepository::open for the target (DATABASE_TOO_NEW, ...);
  //   INTERNAL "STORAGE_ERROR"                         the two schemas disagree (a build fault),
  //                                                    or another copy into the target runs.
  static Result<std::unique_ptr<SqliteToPgCopy>> open(const std::string& sqlite_path, const std::string& conninfo);
  ~SqliteToPgCopy();
  SqliteToPgCopy(const SqliteToPgCopy&) = delete;
  SqliteToPgCopy& operator=(const SqliteToPgCopy&) = delete;

  // Copies what the target lacks, from one read snapshot of the source, in chunks of
  // `chunk_rows` rows in key order, each committed with its position. The source must not be
  // written meanwhile (stop gridcased): verify() tells when it was. A failure leaves every
  // committed chunk in place; running again continues.
  Result<CopyRun> copy(const CopyOptions& options);

  // Reads every copied table of both sides again (a new snapshot of each), in key order, and
  // returns one TableCheck per table and the two checks of derived data.
  Result<std::vector<TableCheck>> verify(const DigestFactory& digest, const CopyProgress& progress = {});

  // The SHA-256 (hex) of every attachment the source's rows name, each once, in order.
  Result<std::vector<std::string>> attachment_digests();

  // The tables copied, in the order they are copied (parents before the rows that name them).
  static const std::vector<std::string>& tables();

 private:
  struct Impl;
  explicit SqliteToPgCopy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridcase::storage
