// The PostgreSQL store's database layout: numbered forward-only migrations tracked in the table
// gridcase_schema, applied under the writers' advisory lock. The tables are SQLite's (schema.cpp)
// with the same names, columns and meaning, so that a database copies from one to the other
// column for column; what SQLite keeps as a BLOB is bytea here, written by the same encoders.
#pragma once

#include <cstdint>

#include "gridcase/status.hpp"
#include "pg_connection.hpp"

namespace gridcase::storage::pg {

// The key of the transaction-level advisory lock every write transaction (and migration) takes
// first: writes run one at a time across all servers on one database. "GRDC".
constexpr std::int64_t kWriteLockKey = 0x47524443;

// The key of the session-level advisory lock the server leading the deadline rounds holds on a
// connection of its own (PgRepository::lead_deadline_work): freed when that session ends. "GRDL".
constexpr std::int64_t kDeadlineLeaderKey = 0x4752444C;

// Applies the pending migrations, each in one transaction, and checks the database:
//   FAILED_PRECONDITION "DATABASE_TOO_NEW"         its schema version is above this build's;
//   FAILED_PRECONDITION "NOT_A_GRIDCASE_DATABASE"  it holds tables but not gridcase's;
//   FAILED_PRECONDITION "DATABASE_LOCALE_UNSUITABLE"  its lc_ctype hides Chinese from pg_trgm
//                                                  (a new database is then left empty).
// Throws PgError on SQL errors.
Status pg_migrate(PgConnection& c);

}  // namespace gridcase::storage::pg
