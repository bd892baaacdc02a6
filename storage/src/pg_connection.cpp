#include "pg_connection.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace gridcase::storage::pg {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// SQLSTATE classes that mean the server or the connection is not there to answer.
bool unavailable_state(const std::string& state) {
  if (state.size() != 5) return false;
  const std::string klass = state.substr(0, 2);
  return klass == "08" || klass == "53" || klass == "57" || klass == "58" || state == "40001" ||
         state == "40P01" || state == "55P03" || state == "25006";
}

}  // namespace

Params& Params::add(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return text(buffer);
}

Params& Params::text(std::string v) {
  if (v.find('\0') != std::string::npos) {
    throw PgError("a text value holds a NUL character, which PostgreSQL text cannot store", "22021", false);
  }
  lengths_.push_back(static_cast<int>(v.size()));
  values_.push_back(std::move(v));
  nulls_.push_back(false);
  formats_.push_back(0);
  return *this;
}

Params& Params::bytes(std::string v) {
  lengths_.push_back(static_cast<int>(v.size()));
  values_.push_back(std::move(v));
  nulls_.push_back(false);
  formats_.push_back(1);
  return *this;
}

Params& Params::null() {
  lengths_.push_back(0);
  values_.emplace_back();
  nulls_.push_back(true);
  formats_.push_back(0);
  return *this;
}

const char* const* Params::values() const {
  pointers_.clear();
  for (std::size_t i = 0; i < values_.size(); ++i) pointers_.push_back(nulls_[i] ? nullptr : values_[i].c_str());
  return pointers_.data();
}

std::string_view Rows::view(int row, int column) const {
  return std::string_view(PQgetvalue(result_.get(), row, column),
                          static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::i64(int row, int column) const {
  const std::string_view v = view(row, column);
  if (v.empty()) return 0;  // NULL
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) {
    // numeric results (sum) come back as integers too; anything else is a fault of ours
    throw PgError("not an integer: " + std::string(v), "XX000", false);
  }
  return out;
}

double Rows::f64(int row, int column) const {
  const std::string v = str(row, column);
  return v.empty() ? 0.0 : std::strtod(v.c_str(), nullptr);
}

std::string Rows::bytes(int row, int column) const {
  const std::string_view v = view(row, column);
  std::string out;
  if (v.size() < 2 || v[0] != '\\' || v[1] != 'x' || v.size() % 2 != 0) {
    if (v.empty()) return out;
    throw CorruptRow("a bytea value not in hex form");
  }
  out.reserve((v.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < v.size(); i += 2) {
    const int hi = hex_value(v[i]);
    const int lo = hex_value(v[i + 1]);
    if (hi < 0 || lo < 0) throw CorruptRow("a bytea value not in hex form");
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::int64_t Rows::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return n == nullptr || *n == '\0' ? 0 : std::strtoll(n, nullptr, 10);
}

PgConnection::PgConnection(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (conn_ == nullptr) throw std::bad_alloc();
  finish_connect();
}

PgConnection::PgConnection(const std::string& conninfo, const Settings& defaults, const Settings& overrides) {
  // libpq expands `dbname` into the settings `conninfo` holds; a later keyword wins over an
  // earlier one.
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [k, v] : defaults) {
    keywords.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keywords.push_back("dbname");
  values.push_back(conninfo.c_str());
  for (const auto& [k, v] : overrides) {
    keywords.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (conn_ == nullptr) throw std::bad_alloc();
  finish_connect();
}

void PgConnection::finish_connect() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("cannot connect to PostgreSQL: " + message, "08001", true);
  }
  // Every value this store reads or writes is UTF-8 text, integers or bytea (in hex).
  run("SET client_encoding = 'UTF8'; SET bytea_output = 'hex'; SET TIME ZONE 'UTC'");
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool PgConnection::usable() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Rows PgConnection::check(PGresult* result, const std::string& sql) {
  Rows rows(result);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return rows;
  std::string state;
  std::string message;
  if (result != nullptr) {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (s != nullptr) state = s;
    const char* m = PQresultErrorMessage(result);
    if (m != nullptr) message = m;
  }
  if (message.empty()) message = PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const bool lost = PQstatus(conn_) != CONNECTION_OK;
  if (lost && state.empty()) state = "08006";
  (void)sql;
  throw PgError(message, state, lost);
}

const std::string& PgConnection::prepared_name(const std::string& sql) {
  auto found = prepared_.find(sql);
  if (found != prepared_.end()) return found->second;
  const std::string name = "s" + std::to_string(next_name_++);
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) {
    check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), sql);
    return prepared_.emplace(sql, name).first->second;
  }
  if (PQsendPrepare(conn_, name.c_str(), sql.c_str(), 0, nullptr) != 1) check(nullptr, sql);
  auto added = prepared_.emplace(sql, name).first;
  pending_.push_back(&added->first);  // map keys stay put while other entries come and go
  return added->second;
}

void PgConnection::send(const std::string& sql, const Params& params) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) check(nullptr, sql);
  const std::string& name = prepared_name(sql);
  if (PQsendQueryPrepared(conn_, name.c_str(), params.size(), params.values(), params.lengths(), params.formats(),
                          0) != 1) {
    check(nullptr, sql);
  }
  pending_.push_back(nullptr);
}

Rows PgConnection::drain(bool keep_last) {
  std::vector<const std::string*> answers;
  answers.swap(pending_);
  if (PQpipelineSync(conn_) != 1) check(nullptr, "pipeline sync");
  std::exception_ptr first_error;
  PGresult* last = nullptr;
  std::vector<std::string> refused;  // PREPAREs that failed or never ran
  for (std::size_t i = 0; i < answers.size(); ++i) {
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {  // the connection is gone: nothing more will come
      for (std::size_t j = i; j < answers.size(); ++j) {
        if (answers[j] != nullptr) refused.push_back(*answers[j]);
      }
      if (!first_error) {
        first_error = std::make_exception_ptr(PgError(
            std::string("the connection to PostgreSQL was lost: ") + PQerrorMessage(conn_), "08006", true));
      }
      break;
    }
    const ExecStatusType status = PQresultStatus(result);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (answers[i] != nullptr && !ok) refused.push_back(*answers[i]);
    if (status == PGRES_FATAL_ERROR && !first_error) {
      try {
        check(result, "deferred statement");
      } catch (...) {
        first_error = std::current_exception();
      }
      result = nullptr;  // check() owned it, and cleared it
    }
    if (keep_last && i + 1 == answers.size() && ok) {
      last = result;
    } else if (result != nullptr) {
      PQclear(result);
    }
    // Each answer ends with a null result.
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  }
  // Then the sync's own answer.
  while (PGresult* result = PQgetResult(conn_)) {
    const bool synced = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
    PQclear(result);
    if (synced) break;
  }
  for (const auto& sql : refused) prepared_.erase(sql);
  if (usable()) PQexitPipelineMode(conn_);
  if (keep_last && last == nullptr && !first_error) {
    first_error = std::make_exception_ptr(
        PgError(std::string("no answer from PostgreSQL: ") + PQerrorMessage(conn_), "08006", !usable()));
  }
  if (first_error) {
    if (last != nullptr) PQclear(last);
    std::rethrow_exception(first_error);
  }
  return Rows(last);
}

Rows PgConnection::exec(const std::string& sql, const Params& params) {
  if (!pending_.empty()) {
    send(sql, params);
    return drain(true);
  }
  const std::string& name = prepared_name(sql);
  return check(PQexecPrepared(conn_, name.c_str(), params.size(), params.values(), params.lengths(),
                              params.formats(), 0),
               sql);
}

void PgConnection::defer(const std::string& sql, const Params& params) {
  send(sql, params);
  if (deferred() >= kMostDeferred) flush();
}

void PgConnection::flush() {
  if (!pending_.empty()) drain(false);
}

void PgConnection::run(const std::string& sql) {
  flush();
  check(PQexec(conn_, sql.c_str()), sql);
}

Rows PgConnection::query(const std::string& sql) {
  flush();
  return check(PQexec(conn_, sql.c_str()), sql);
}

void PgConnection::copy_in(const std::string& copy_sql, const std::string& data) {
  flush();
  PGresult* started = PQexec(conn_, copy_sql.c_str());
  if (started == nullptr || PQresultStatus(started) != PGRES_COPY_IN) {
    check(started, copy_sql);  // throws: the COPY was refused
    throw PgError("COPY did not start", "XX000", false);
  }
  PQclear(started);
  const char* error = nullptr;
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) error = "the rows could not be sent";
  if (PQputCopyEnd(conn_, error) != 1) {
    throw PgError(std::string("COPY could not be ended: ") + PQerrorMessage(conn_), "08006", !usable());
  }
  // The COPY's own result, then the null that ends the command.
  Rows result = check(PQgetResult(conn_), copy_sql);
  while (PGresult* more = PQgetResult(conn_)) PQclear(more);
}

std::string PgConnection::setting(const std::string& name) {
  flush();
  Rows rows = check(PQexec(conn_, ("SHOW " + name).c_str()), name);
  return rows.empty() ? std::string() : rows.str(0, 0);
}

int PgConnection::socket() const { return conn_ == nullptr ? -1 : PQsocket(conn_); }

std::vector<std::string> PgConnection::take_notifications() {
  if (conn_ == nullptr || PQconsumeInput(conn_) == 0 || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ == nullptr ? std::string("no connection") : PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    throw PgError("the connection to PostgreSQL was lost: " + message, "08006", true);
  }
  std::vector<std::string> payloads;
  while (PGnotify* n = PQnotifies(conn_)) {
    payloads.emplace_back(n->extra == nullptr ? "" : n->extra);
    PQfreemem(n);
  }
  return payloads;
}

Status status_from_current_exception(const Reason& conflict_reason) {
  try {
    throw;
  } catch (const PgError& e) {
    const std::string& state = e.sqlstate();
    if (e.connection_lost() || unavailable_state(state)) return Status(reason::STORAGE_FAULT, e.what());
    if (state == "23505") return Status(conflict_reason, e.what());
    if (state.rfind("23", 0) == 0) return Status(reason::CONSTRAINT_VIOLATION, e.what());
    if (state == "22021") return Status(reason::CONSTRAINT_VIOLATION, e.what());
    if (state == "XX001" || state == "XX002") return Status(reason::DATABASE_CORRUPT, e.what());
    return Status(reason::STORAGE_ERROR, e.what());
  } catch (const CorruptRow& e) {
    return Status(reason::DATABASE_CORRUPT, e.what());
  } catch (const std::bad_alloc&) {
    return Status(reason::OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Status(reason::STORAGE_ERROR, e.what());
  } catch (...) {
    return Status(reason::STORAGE_ERROR, "unknown exception");
  }
}

}  // namespace gridcase::storage::pg
