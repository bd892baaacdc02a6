// One libpq connection and the statements prepared on it (PostgreSQL store). A connection
// belongs to one thread at a time; nothing here locks.
//
// Parameters are sent as text (bytea ones in binary), with their types left to the server to
// infer from the statement; results come back as text. Failures throw PgError, carrying the
// server's SQLSTATE, and whether the connection itself is gone.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gridcase/status.hpp"

namespace gridcase::storage::pg {

class PgError : public std::runtime_error {
 public:
  PgError(const std::string& message, std::string sqlstate, bool connection_lost)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool connection_lost() const { return connection_lost_; }

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// The parameters of one statement, $1 first.
class Params {
 public:
  Params& add(std::int64_t v) { return text(std::to_string(v)); }
  Params& add(int v) { return text(std::to_string(v)); }
  Params& add(double v);
  Params& add(bool v) { return text(v ? "1" : "0"); }
  Params& add(const std::string& v) { return text(v); }
  Params& add(const char* v) { return text(v); }
  // A bytea parameter, sent as its bytes.
  Params& bytes(std::string v);
  Params& null();

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object: valid while it lives and is not added to.
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  Params& text(std::string v);
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  mutable std::vector<const char*> pointers_;
};

// A statement's result (text format).
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view view(int row, int column) const;
  std::string str(int row, int column) const { return std::string(view(row, column)); }
  std::int64_t i64(int row, int column) const;
  int i32(int row, int column) const { return static_cast<int>(i64(row, column)); }
  double f64(int row, int column) const;
  // A bytea column, decoded from its text (hex) form.
  std::string bytes(int row, int column) const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// libpq connection settings as (keyword, value) pairs, e.g. {"application_name", "..."}.
using Settings = std::vector<std::pair<std::string, std::string>>;

class PgConnection {
 public:
  // Connects to `conninfo` (a postgresql:// URI or key=value pairs). Throws PgError.
  explicit PgConnection(const std::string& conninfo);
  // The same, with `defaults` applying unless `conninfo` sets them, and `overrides` applying
  // whatever it sets.
  PgConnection(const std::string& conninfo, const Settings& defaults, const Settings& overrides);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` with `params`, prepared on first use on this connection and kept. Throws PgError.
  // Statements deferred before it go out in one pipeline with it (one round trip for all); the
  // first error among them is what it throws.
  Rows exec(const std::string& sql, const Params& params = Params());
  // Sends `sql` with `params` (prepared as exec does) without waiting for its answer: for a
  // statement whose result the caller does not need and that fails only when something is
  // wrong with the transaction or the database (no expected unique violation: its error would
  // surface at a later statement). Its answer is read by the next exec() or flush(), which
  // throw its error; run(), query(), copy_in() and setting() flush first. In libpq's pipeline
  // mode, up to kMostDeferred statements at a time.
  void defer(const std::string& sql, const Params& params = Params());
  // Waits for the answers of the deferred statements; throws the first error among them.
  void flush();
  // How many answers the deferred statements still owe (a new statement's PREPARE is one too).
  int deferred() const { return static_cast<int>(pending_.size()); }
  static constexpr int kMostDeferred = 256;
  // Runs one or more statements without parameters, unprepared. Throws PgError.
  void run(const std::string& sql);
  // Runs one statement without parameters, unprepared, and returns its rows: for what cannot
  // be prepared (FETCH from a cursor). Throws PgError.
  Rows query(const std::string& sql);
  // Runs `copy_sql` (COPY ... FROM STDIN, text format) and sends `data` as its rows. Throws
  // PgError; the transaction is then aborted.
  void copy_in(const std::string& copy_sql, const std::string& data);
  // False once the connection to the server is lost.
  bool usable() const;
  // The server's value of a setting (SHOW), e.g. "server_version_num".
  std::string setting(const std::string& name);

  // For a connection that LISTENs. The socket to wait on for input (-1 when there is none).
  int socket() const;
  // Reads what the server has sent without blocking, and returns the payloads of the
  // notifications received so far (also those that arrived while a statement ran), oldest
  // first. Throws PgError (connection lost) when the connection is gone.
  std::vector<std::string> take_notifications();

 private:
  Rows check(PGresult* result, const std::string& sql);
  // The name of `sql` prepared on this connection, preparing it first when it is new: at once
  // outside a pipeline, sent into it inside one.
  const std::string& prepared_name(const std::string& sql);
  // Sends `sql` into the pipeline (entering it when needed).
  void send(const std::string& sql, const Params& params);
  // Ends the pipeline: a sync, then every answer; returns the last statement's rows when
  // `keep_last`, and throws the first error.
  Rows drain(bool keep_last);
  // Fails (throws PgError) unless the connection is up; then sets what every connection uses.
  void finish_connect();
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
  int next_name_ = 1;                          // statements are named s1, s2, ... never twice
  // The answers the pipeline still owes, in order: for a PREPARE sent into it, its SQL (forgotten
  // again unless it succeeds); for a statement, null.
  std::vector<const std::string*> pending_;
};

// The Status of a PgError (or any exception) at the store's boundary:
//   connection lost, server shutting down, too many connections, class 08, 53, 57, 58
//                                                  -> UNAVAILABLE "STORAGE_FAULT"
//   unique violation (23505)                       -> ALREADY_EXISTS `conflict_reason`
//   other integrity violations (class 23)          -> INVALID_ARGUMENT "CONSTRAINT_VIOLATION"
//   serialization failure, deadlock (40001, 40P01) -> UNAVAILABLE "STORAGE_FAULT"
//   data corrupted (XX001, XX002)                  -> DATA_LOSS "DATABASE_CORRUPT"
//   anything else                                  -> INTERNAL "STORAGE_ERROR"
Status status_from_current_exception(const Reason& conflict_reason = reason::ALREADY_EXISTS);

// Runs body (returning Status or Result<T>) and turns any exception it throws into a Status.
template <typename F>
auto guarded(F&& body, const Reason& conflict_reason = reason::ALREADY_EXISTS) -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    return status_from_current_exception(conflict_reason);
  }
}

// Thrown for a stored value that does not decode: DATA_LOSS "DATABASE_CORRUPT".
class CorruptRow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gridcase::storage::pg
