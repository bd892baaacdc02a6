// The database layout: connection settings, numbered forward-only migrations tracked by
// PRAGMA user_version, and the first-run seed.
#pragma once

#include <SQLiteCpp/Database.h>

#include "gridcase/status.hpp"
#include "gridcase/storage/sqlite_repository.hpp"

namespace gridcase::storage {

// Whether `db` may be opened by this build, judged by reading only: FAILED_PRECONDITION
// "NOT_A_GRIDCASE_DATABASE" (another application_id, or tables without ours) or
// "DATABASE_TOO_NEW" (user_version above kSchemaVersion). An empty file passes.
// Throws SQLite::Exception (SQLITE_NOTADB when the file is not SQLite at all).
Status check_database(SQLite::Database& db);

// Settings of the read-write connection: WAL, synchronous=FULL, foreign keys.
// Throws SQLite::Exception.
void configure_writer(SQLite::Database& db);

// Applies the pending migrations up to `target_version`, each in one transaction (checking the
// database again under the write lock, as check_database does), then seeds: the builtin
// categories into an empty category table, the default deadline policies into an empty policy
// table, and every shipped calendar year the database does not hold yet. A target below
// kSchemaVersion is for tests that build an older database to upgrade (seeding only what that
// version has tables for). Throws SQLite::Exception on SQL errors.
Status migrate(SQLite::Database& db, int target_version = kSchemaVersion);

}  // namespace gridcase::storage
