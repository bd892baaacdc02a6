// The one place that opens a store from what a tool's `--db` names.
//
//   a path                                  SQLite (SqliteRepository), exactly as before;
//   postgresql://... or postgres://...      PostgreSQL (PgRepository);
//   a libpq keyword string                  PostgreSQL: "host=... dbname=..." (the text begins
//                                           with a keyword of letters and '_' followed by '=').
//
// Everything libpq understands passes through untouched: several hosts with
// target_session_attrs=read-write, sslmode, a service name, PGPASSWORD and ~/.pgpass.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/storage/pg_repository.hpp"
#include "gridcase/storage/sqlite_repository.hpp"

namespace gridcase::storage {

enum class StoreKind { kSqlite, kPostgres };

// Which store `db` names (see above). Reads only the text.
StoreKind store_kind(const std::string& db);

// `db` as it may be shown in a log line or a message: a PostgreSQL password (":secret@" in a
// URI, "password=secret" in a keyword string or as a URI parameter) replaced by "***".
std::string store_label(const std::string& db);

struct StoreOptions {
  SqliteOptions sqlite;  // used when `db` is a path
  PgOptions pg;          // used when `db` is a PostgreSQL connection string
};

// An open store: the Repository every tool works through, and which kind it is for the few
// things only one kind has (SQLite's backup and compact, its file to keep attachments beside).
class Store {
 public:
  Store() = default;
  explicit Store(std::unique_ptr<SqliteRepository> sqlite);
  explicit Store(std::unique_ptr<PgRepository> pg);

  StoreKind kind() const { return pg_ ? StoreKind::kPostgres : StoreKind::kSqlite; }
  Repository& repo() const;
  // The SQLite repository, or null on PostgreSQL.
  SqliteRepository* sqlite() const { return sqlite_.get(); }
  // The PostgreSQL repository, or null on SQLite.
  PgRepository* pg() const { return pg_.get(); }

  // Finishes the queued writes and stops the writer (the repository's close()). Idempotent.
  void close();
  // How many write transactions the store has committed.
  std::uint64_t commits() const;

 private:
  std::unique_ptr<SqliteRepository> sqlite_;
  std::unique_ptr<PgRepository> pg_;
};

// Opens the store `db` names, with the failures of SqliteRepository::open or PgRepository::open.
// A PostgreSQL server that cannot be reached (or refuses the login, or, with
// target_session_attrs=read-write, is only a standby) answers UNAVAILABLE "STORAGE_FAULT" with a
// message that says so in Chinese and English, then libpq's own words; a PostgreSQL database
// this build must not use (DATABASE_TOO_NEW, DATABASE_READ_ONLY, ...) answers its reason with
// the catalogue's Chinese and English text before the detail.
Result<Store> open_store(const std::string& db, const StoreOptions& options = {});

}  // namespace gridcase::storage
