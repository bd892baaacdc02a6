// One SQLite connection and the statements prepared on it. A connection belongs to one thread
// at a time; nothing here locks.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace gridcase::storage {

// The process-wide settings SQLite takes only before it is initialized: without allocation
// statistics, which nothing here reads and which take one process-wide mutex on every
// allocation of every connection. Whatever may be the first to initialize SQLite calls it
// first: opening a connection, registering a VFS. Once SQLite is initialized it changes
// nothing. Idempotent, thread-safe.
void configure_sqlite();

class Connection {
 public:
  // Opens `path` with SQLite::OPEN_* `flags` through the VFS named `vfs` (empty: the default)
  // and sets the busy timeout. Throws SQLite::Exception.
  Connection(const std::string& path, int flags, int busy_timeout_ms, const std::string& vfs = "");

  SQLite::Database& db() { return db_; }

  // The statement for `sql`, prepared on first use on this connection and kept for reuse.
  // Use it through a StatementUse so that it is reset after each use.
  SQLite::Statement& statement(const std::string& sql);

  // Lists of case kinds (as bound: a JSON array) found to have many cases; see
  // SqlView::few_of_kinds.
  std::unordered_set<std::string>& common_kinds() { return common_kinds_; }

 private:
  SQLite::Database db_;  // declared first: destroyed after the statements that point into it
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::unordered_set<std::string> common_kinds_;
};

// One use of a kept statement: resets it and clears its bindings on the way out, also when an
// exception leaves early, so that it holds no read snapshot and no stale values.
class StatementUse {
 public:
  StatementUse(Connection& connection, const std::string& sql)
      : statement_(connection.statement(sql)) {}
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse();

  SQLite::Statement& operator*() { return statement_; }
  SQLite::Statement* operator->() { return &statement_; }

 private:
  SQLite::Statement& statement_;
};

}  // namespace gridcase::storage
