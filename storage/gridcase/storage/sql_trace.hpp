// For tests: the SQL text of every statement the store runs, as it runs it, so that a test can
// ask SQLite how it plans the store's real statements (EXPLAIN QUERY PLAN) instead of a copy of
// their text. Each use of a statement, on any connection of any repository in the process, is
// reported once, with its placeholders unbound, before it is stepped.
//
// Off unless set; the store's behaviour does not change either way. Thread-safe: the observer
// is called on the thread that runs the statement (reader and writer threads alike) and must
// lock what it shares.
#pragma once

#include <functional>
#include <string>
#include <utility>

namespace gridcase::storage {

using SqlTrace = std::function<void(const std::string& sql)>;

// Sets the process-wide observer; an empty function turns the trace off. Do not call from
// inside the observer.
void set_sql_trace(SqlTrace trace);

// Sets an observer for its lifetime and turns the trace off when it ends.
class ScopedSqlTrace {
 public:
  explicit ScopedSqlTrace(SqlTrace trace) { set_sql_trace(std::move(trace)); }
  ~ScopedSqlTrace() { set_sql_trace(nullptr); }
  ScopedSqlTrace(const ScopedSqlTrace&) = delete;
  ScopedSqlTrace& operator=(const ScopedSqlTrace&) = delete;
};

}  // namespace gridcase::storage
