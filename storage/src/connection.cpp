#include "connection.hpp"

#include <atomic>
#include <memory>
#include <mutex>

#include <sqlite3.h>

#include "gridcase/storage/sql_trace.hpp"

namespace gridcase::storage {

namespace {
// The trace (sql_trace.hpp): off by default, and then one relaxed load per statement use.
std::atomic<bool> g_tracing{false};
std::mutex g_trace_mu;
std::shared_ptr<const SqlTrace> g_trace;

void trace(const std::string& sql) {
  if (!g_tracing.load(std::memory_order_relaxed)) return;
  std::shared_ptr<const SqlTrace> observer;
  {
    std::lock_guard<std::mutex> lock(g_trace_mu);
    observer = g_trace;
  }
  if (observer) (*observer)(sql);
}

int open_flags(int flags) {
  configure_sqlite();
  // A connection belongs to one thread at a time (connection.hpp), so SQLite need not lock it
  // on every call as its default serialized mode does.
  return flags | SQLITE_OPEN_NOMUTEX;
}
}  // namespace

void configure_sqlite() {
  // Refused (SQLITE_MISUSE) once SQLite is initialized, and then it changes nothing.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
}

void set_sql_trace(SqlTrace observer) {
  std::lock_guard<std::mutex> lock(g_trace_mu);
  g_trace = observer ? std::make_shared<const SqlTrace>(std::move(observer)) : nullptr;
  g_tracing.store(g_trace != nullptr);
}

Connection::Connection(const std::string& path, int flags, int busy_timeout_ms, const std::string& vfs)
    : db_(path, open_flags(flags), busy_timeout_ms, vfs) {}

SQLite::Statement& Connection::statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  trace(sql);
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
