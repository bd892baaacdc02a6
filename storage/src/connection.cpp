#include "connection.hpp"

namespace gridcase::storage {

Connection::Connection(const std::string& path, int flags, int busy_timeout_ms, const std::string& vfs)
    : db_(path, flags, busy_timeout_ms, vfs) {}

SQLite::Statement& Connection::statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  return *it->second;
}

StatementUse::~StatementUse() {
  statement_.tryReset();  // returns the last step's error, already reported by the throw
  try {
    statement_.clearBindings();
  } catch (...) {
    // sqlite3_clear_bindings cannot fail on a valid statement; nothing to report here.
  }
}

}  // namespace gridcase::storage
