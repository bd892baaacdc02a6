#include "gridcase/storage/pg_copy.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <sqlite3.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include "gridcase/storage/open_store.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "pg_connection.hpp"
#include "pg_view.hpp"
#include "schema.hpp"

namespace gridcase::storage {
namespace {

using pg::Params;
using pg::PgConnection;
using pg::PgError;
using pg::Rows;

// Every table that holds data, parents first (PostgreSQL checks the foreign keys as rows
// arrive). A table added to the schemas must be added here: open() refuses a schema with a
// table this list does not name, on either side.
const std::vector<std::string> kTables = {
    "org_units",      "party_posts",     "categories",   "users",         "sessions",
    "policies",       "policy_current",  "calendar_years", "cases",       "case_parties",
    "case_sequences", "events",          "requests",     "audit",         "case_figures",
    "figure_days",    "figure_months",   "figure_unit_months", "attachments", "case_links",
    "case_whistles",  "inspection_plans", "inspections", "unit_populations", "complaint_targets",
    "estates",        "forums",          "warnings",     "signal_counts", "warning_policies",
    "projects",       "stall_watch",
};

// What a new database is seeded with (seed.hpp): replaced by the source's rows.
const std::set<std::string> kSeeded = {"categories", "policies", "policy_current", "calendar_years"};

// PostgreSQL's own tables: its schema version, the event counter (set by the copy), the
// generations servers follow each other's changes by (moved by the copy's own inserts), and the
// copy's progress.
const std::set<std::string> kTargetOwn = {"gridcase_schema", "event_counter", "gridcase_generations",
                                          "gridcase_copy", "gridcase_copy_tables"};

// SQLite's search index (FTS5 and its shadow tables) and its list of cases still to index.
bool search_index_table(const std::string& name) { return name.rfind("cases_fts", 0) == 0; }

// The session advisory lock a copy holds on its target: "GRCP".
constexpr std::int64_t kCopyLockKey = 0x47524350;

constexpr std::int64_t kVerifyFetchRows = 5000;
constexpr std::int64_t kVerifyProgressRows = 10000;

// How a column's values are kept: PostgreSQL's type says (SQLite's columns are looser).
// kIntArray: a list of ids, SQLite's JSON array text ("[1,2]") and PostgreSQL's bigint[].
enum class Kind { kInt, kReal, kText, kBytes, kFingerprint, kIntArray };

struct Column {
  std::string name;
  Kind kind = Kind::kInt;
};

struct Table {
  std::string name;
  std::vector<Column> columns;   // SQLite's order
  std::vector<std::size_t> key;  // the primary key, as indexes into `columns`
  bool bigrams = false;          // cases: PostgreSQL's `bigrams` written from title and description
  std::size_t title = 0;
  std::size_t description = 0;
};

// One value as read from either side.
struct Cell {
  enum Type { kNull, kInt, kReal, kText, kBlob } type = kNull;
  std::int64_t i = 0;
  double r = 0;
  std::string s;
};

std::string ident(const std::string& name) { return "\"" + name + "\""; }

std::string real_text(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

void append_hex(std::string& out, std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
}

// The canonical rendering of one value, the same for both sides: a type letter and the value
// (text and bytes with their length). A BLOB or TEXT in a bytea column are both its bytes.
void render(std::string& out, const Cell& c) {
  switch (c.type) {
    case Cell::kNull:
      out += 'N';
      break;
    case Cell::kInt:
      out += 'i';
      out += std::to_string(c.i);
      break;
    case Cell::kReal:
      out += 'r';
      out += real_text(c.r);
      break;
    case Cell::kText:
    case Cell::kBlob:
      out += c.type == Cell::kText ? 't' : 'b';
      out += std::to_string(c.s.size());
      out += ':';
      out += c.s;
      break;
  }
  out += '|';
}

// The integers of a JSON array ("[1, 2]") or a PostgreSQL array ("{1,2}"), in order, as "1,2":
// the one form both sides of a kIntArray column are compared and copied in.
std::string int_list(std::string_view text) {
  std::string out;
  bool in_number = false;
  for (char ch : text) {
    const bool part = (ch >= '0' && ch <= '9') || (ch == '-' && !in_number);
    if (part) {
      if (!in_number && !out.empty()) out += ',';
      out += ch;
      in_number = true;
    } else {
      in_number = false;
    }
  }
  return out;
}

// A field of COPY's text format.
void copy_text(std::string& out, std::string_view text) {
  for (char ch : text) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': throw PgError("a text value holds a NUL character, which PostgreSQL text cannot store", "22021", false);
      default: out += ch;
    }
  }
}

void copy_bytes(std::string& out, std::string_view bytes) {
  out += "\\\\x";
  append_hex(out, bytes);
}

void copy_field(std::string& out, const Column& column, const Cell& c) {
  switch (c.type) {
    case Cell::kNull:
      out += "\\N";
      if (column.kind == Kind::kFingerprint) out += "\t\\N";
      return;
    case Cell::kInt:
      out += std::to_string(c.i);
      return;
    case Cell::kReal:
      out += real_text(c.r);
      return;
    case Cell::kText:
    case Cell::kBlob:
      break;
  }
  if (column.kind == Kind::kFingerprint) {
    // requests.fingerprint: SQLite's BLOB is PostgreSQL's bytes, its TEXT fingerprint_text.
    if (c.type == Cell::kBlob) {
      copy_bytes(out, c.s);
      out += "\t\\N";
    } else {
      copy_bytes(out, "");
      out += '\t';
      copy_text(out, c.s);
    }
  } else if (column.kind == Kind::kBytes) {
    copy_bytes(out, c.s);
  } else if (column.kind == Kind::kIntArray) {
    out += '{' + int_list(c.s) + '}';
  } else {
    copy_text(out, c.s);
  }
}

Cell sqlite_cell(SQLite::Statement& st, int index, Kind kind) {
  Cell c;
  const SQLite::Column column = st.getColumn(index);
  switch (column.getType()) {
    case SQLITE_INTEGER:
      c.type = Cell::kInt;
      c.i = column.getInt64();
      break;
    case SQLITE_FLOAT:
      c.type = Cell::kReal;
      c.r = column.getDouble();
      break;
    case SQLITE_TEXT:
      c.type = kind == Kind::kBytes ? Cell::kBlob : Cell::kText;
      c.s.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
      if (kind == Kind::kIntArray) c.s = int_list(c.s);
      break;
    case SQLITE_BLOB:
      c.type = Cell::kBlob;
      c.s.assign(static_cast<const char*>(column.getBlob()), static_cast<std::size_t>(column.getBytes()));
      break;
    default:
      break;
  }
  return c;
}

// A value of the target (text results); a fingerprint takes two columns, from `column`.
Cell pg_cell(const Rows& r, int row, int column, Kind kind) {
  Cell c;
  if (kind == Kind::kFingerprint) {
    if (!r.null(row, column + 1)) {
      c.type = Cell::kText;
      c.s = r.str(row, column + 1);
    } else {
      c.type = Cell::kBlob;
      c.s = r.bytes(row, column);
    }
    return c;
  }
  if (r.null(row, column)) return c;
  switch (kind) {
    case Kind::kInt:
      c.type = Cell::kInt;
      c.i = r.i64(row, column);
      break;
    case Kind::kReal:
      c.type = Cell::kReal;
      c.r = r.f64(row, column);
      break;
    case Kind::kText:
      c.type = Cell::kText;
      c.s = r.str(row, column);
      break;
    case Kind::kIntArray:
      c.type = Cell::kText;
      c.s = int_list(r.str(row, column));
      break;
    case Kind::kBytes:
    case Kind::kFingerprint:
      c.type = Cell::kBlob;
      c.s = r.bytes(row, column);
      break;
  }
  return c;
}

// A key as kept in gridcase_copy_tables.last_key: each part "i<decimal>;" or "t<length>:<text>".
std::string encode_key(const std::vector<Cell>& key) {
  std::string out;
  for (const Cell& c : key) {
    if (c.type == Cell::kInt) {
      out += 'i' + std::to_string(c.i) + ';';
    } else {
      out += 't' + std::to_string(c.s.size()) + ':' + c.s;
    }
  }
  return out;
}

bool decode_key(std::string_view text, std::vector<Cell>& key) {
  key.clear();
  std::size_t at = 0;
  while (at < text.size()) {
    Cell c;
    const char tag = text[at++];
    const std::size_t end = text.find(tag == 'i' ? ';' : ':', at);
    if (end == std::string_view::npos || (tag != 'i' && tag != 't')) return false;
    const std::string number(text.substr(at, end - at));
    char* stop = nullptr;
    const long long value = std::strtoll(number.c_str(), &stop, 10);
    if (number.empty() || *stop != '\0') return false;
    at = end + 1;
    if (tag == 'i') {
      c.type = Cell::kInt;
      c.i = value;
    } else {
      if (value < 0 || at + static_cast<std::size_t>(value) > text.size()) return false;
      c.type = Cell::kText;
      c.s = std::string(text.substr(at, static_cast<std::size_t>(value)));
      at += static_cast<std::size_t>(value);
    }
    key.push_back(std::move(c));
  }
  return true;
}

// Runs body; SQLite's and libpq's exceptions become a Status, prefixed with `what`.
template <typename F>
auto guarded_copy(const std::string& what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    const int rc = e.getErrorCode() & 0xff;
    const Reason& r = rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB ? reason::DATABASE_CORRUPT : reason::STORAGE_ERROR;
    return Status(r, what + " (SQLite): " + e.what());
  } catch (...) {
    Status s = pg::status_from_current_exception();
    return s.with_message(what + " (PostgreSQL): " + s.message());
  }
}

}  // namespace

struct SqliteToPgCopy::Impl {
  std::string source_path;
  std::unique_ptr<SQLite::Database> source;
  std::unique_ptr<PgConnection> target;
  std::vector<Table> tables;

  // Rows of each table and a few high-water marks of the source, in its current read
  // transaction: what a resumed copy compares to tell that the source is as it was.
  std::string source_mark(std::map<std::string, std::int64_t>& counts) {
    std::string mark;
    for (const Table& t : tables) {
      const std::int64_t n = source->execAndGet("SELECT count(*) FROM " + ident(t.name)).getInt64();
      counts[t.name] = n;
      mark += t.name + "=" + std::to_string(n) + ";";
    }
    mark += "seq=" + std::to_string(source->execAndGet("SELECT coalesce(max(seq), 0) FROM events").getInt64()) + ";";
    mark += "updated=" +
            std::to_string(source->execAndGet("SELECT coalesce(max(updated_at), 0) FROM cases").getInt64()) + ";";
    mark += "sessions=" +
            std::to_string(source->execAndGet("SELECT coalesce(sum(revoked), 0) FROM sessions").getInt64()) + ";";
    return mark;
  }

  bool target_has_table(const std::string& name) {
    return !target
                ->exec("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1",
                       Params().add(name))
                .empty();
  }

  // Reads both schemas and pairs their columns. Throws on SQL errors.
  Status describe() {
    std::set<std::string> source_tables;
    SQLite::Statement names(*source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (names.executeStep()) {
      const std::string name = names.getColumn(0).getString();
      if (!search_index_table(name)) source_tables.insert(name);
    }
    std::set<std::string> target_tables;
    Rows pg_names = target->exec("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    for (int row = 0; row < pg_names.size(); ++row) {
      if (kTargetOwn.count(pg_names.str(row, 0)) == 0) target_tables.insert(pg_names.str(row, 0));
    }
    const std::set<std::string> known(kTables.begin(), kTables.end());
    for (const auto& [side, found] : {std::pair{"SQLite", &source_tables}, std::pair{"PostgreSQL", &target_tables}}) {
      for (const std::string& name : *found) {
        if (known.count(name) == 0) {
          return Status(reason::STORAGE_ERROR, std::string("the ") + side + " schema has a table " + name +
                                                   " that the copy does not know (pg_copy.cpp's kTables)");
        }
      }
      for (const std::string& name : known) {
        if (found->count(name) == 0) {
          return Status(reason::STORAGE_ERROR, std::string("the ") + side + " schema has no table " + name);
        }
      }
    }

    for (const std::string& name : kTables) {
      Table t;
      t.name = name;
      std::map<std::string, std::string> pg_types;
      Rows types = target->exec(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
          "AND table_name = $1",
          Params().add(name));
      for (int row = 0; row < types.size(); ++row) pg_types[types.str(row, 0)] = types.str(row, 1);
      std::vector<std::pair<int, std::size_t>> key;
      SQLite::Statement info(*source, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
      info.bind(1, name);
      while (info.executeStep()) {
        Column c;
        c.name = info.getColumn(0).getString();
        const int pk = info.getColumn(1).getInt();
        auto type = pg_types.find(c.name);
        if (type == pg_types.end()) {
          return Status(reason::STORAGE_ERROR, "the PostgreSQL table " + name + " has no column " + c.name);
        }
        const std::string& pg_type = type->second;
        if (name == "requests" && c.name == "fingerprint") {
          c.kind = Kind::kFingerprint;
          pg_types.erase("fingerprint_text");
        } else if (pg_type == "bigint" || pg_type == "integer" || pg_type == "smallint") {
          c.kind = Kind::kInt;
        } else if (pg_type == "double precision" || pg_type == "real") {
          c.kind = Kind::kReal;
        } else if (pg_type == "text") {
          c.kind = Kind::kText;
        } else if (pg_type == "bytea") {
          c.kind = Kind::kBytes;
        } else if (pg_type == "ARRAY") {
          c.kind = Kind::kIntArray;  // projects.units, bigint[]
        } else {
          return Status(reason::STORAGE_ERROR, "the column " + name + "." + c.name + " is of type " + pg_type +
                                                   ", which the copy does not know");
        }
        pg_types.erase(type);
        if (pk > 0) key.emplace_back(pk, t.columns.size());
        if (c.name == "title") t.title = t.columns.size();
        if (c.name == "description") t.description = t.columns.size();
        t.columns.push_back(std::move(c));
      }
      if (name == "cases") {
        t.bigrams = pg_types.erase("bigrams") == 1;
        if (!t.bigrams) return Status(reason::STORAGE_ERROR, "the PostgreSQL table cases has no column bigrams");
      }
      if (!pg_types.empty()) {
        return Status(reason::STORAGE_ERROR, "the SQLite table " + name + " has no column " + pg_types.begin()->first);
      }
      // A rowid table's INTEGER PRIMARY KEY is its key; every table here has a declared one.
      std::sort(key.begin(), key.end());
      for (const auto& k : key) {
        if (t.columns[k.second].kind != Kind::kInt && t.columns[k.second].kind != Kind::kText) {
          return Status(reason::STORAGE_ERROR, "the key of " + name + " is neither integers nor text");
        }
        t.key.push_back(k.second);
      }
      if (t.key.empty()) return Status(reason::STORAGE_ERROR, "the table " + name + " has no primary key");
      tables.push_back(std::move(t));
    }
    return Status::ok();
  }

  std::string column_list(const Table& t, bool target_side) const {
    std::string out;
    for (const Column& c : t.columns) {
      if (!out.empty()) out += ", ";
      out += ident(c.name);
      if (target_side && c.kind == Kind::kFingerprint) out += ", \"fingerprint_text\"";
    }
    if (target_side && t.bigrams) out += ", \"bigrams\"";
    return out;
  }

  // ORDER BY the key: in SQLite's order (BINARY: bytes) on PostgreSQL too.
  std::string order_by(const Table& t, bool target_side) const {
    std::string out;
    for (std::size_t k : t.key) {
      if (!out.empty()) out += ", ";
      out += ident(t.columns[k].name);
      if (target_side && t.columns[k].kind == Kind::kText) out += " COLLATE \"C\"";
    }
    return out;
  }

  // "(a, b) > (?, ?)" over the key; PostgreSQL's with $n and the bytes' order.
  std::string after_key(const Table& t, bool target_side) const {
    std::string left;
    std::string right;
    int n = 0;
    for (std::size_t k : t.key) {
      if (n++ > 0) {
        left += ", ";
        right += ", ";
      }
      left += ident(t.columns[k].name);
      if (target_side && t.columns[k].kind == Kind::kText) left += " COLLATE \"C\"";
      right += target_side ? "$" + std::to_string(n) : "?";
    }
    return "(" + left + ") > (" + right + ")";
  }

  Status check_target_empty() {
    for (const std::string& name : kTables) {
      if (kSeeded.count(name) != 0) continue;
      if (!target->exec("SELECT 1 FROM " + ident(name) + " LIMIT 1").empty()) {
        return Status(reason::COPY_TARGET_NOT_EMPTY,
                      "目标数据库已有数据（表 " + name + "），只能复制到新建的空数据库 (the target database holds data "
                      "already, in " + name + ": copy into a new, empty database)");
      }
    }
    if (target->exec("SELECT last FROM event_counter").i64(0, 0) != 0) {
      return Status(reason::COPY_TARGET_NOT_EMPTY, "目标数据库已有事件记录 (the target's event counter is not 0)");
    }
    return Status::ok();
  }

  Status check_same_source(const std::string& mark) {
    Rows r = target->exec("SELECT mark, source FROM gridcase_copy");
    if (r.empty()) return Status(reason::STORAGE_ERROR, "the table gridcase_copy is empty");
    if (r.str(0, 0) == mark) return Status::ok();
    return Status(reason::COPY_SOURCE_CHANGED,
                  "源数据库 " + source_path + " 与开始复制时不同（目标库中的复制始于 " + r.str(0, 1) +
                      "），可能有服务器仍在写入：请停止服务器，换一个空的目标库重新复制 (the source is not as it was "
                      "when this copy began: stop the server and copy again into an empty database)");
  }

  // Deletes what a table not yet done holds beyond its last copied row (what open_store's seed
  // may have added since), children first, and checks that each holds what the copy wrote.
  void tidy_unfinished() {
    Rows states = target->exec("SELECT table_name, copied, last_key FROM gridcase_copy_tables WHERE done = 0");
    std::map<std::string, std::pair<std::int64_t, std::string>> unfinished;
    for (int row = 0; row < states.size(); ++row) {
      unfinished[states.str(row, 0)] = {states.i64(row, 1), states.null(row, 2) ? std::string() : states.bytes(row, 2)};
    }
    target->run("BEGIN");
    try {
      for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
        auto found = unfinished.find(t->name);
        if (found == unfinished.end()) continue;
        std::vector<Cell> key;
        if (found->second.first == 0 || !decode_key(found->second.second, key)) {
          target->run("DELETE FROM " + ident(t->name));
          continue;
        }
        Params p;
        for (const Cell& c : key) {
          if (c.type == Cell::kInt) {
            p.add(c.i);
          } else {
            p.add(c.s);
          }
        }
        target->exec("DELETE FROM " + ident(t->name) + " WHERE " + after_key(*t, true), p);
      }
      for (const auto& [name, state] : unfinished) {
        const std::int64_t held = target->exec("SELECT count(*) FROM " + ident(name)).i64(0, 0);
        if (held != state.first) {
          throw PgError("the target's table " + name + " holds " + std::to_string(held) + " rows, the copy wrote " +
                            std::to_string(state.first) + ": it was written by something else meanwhile",
                        "XX000", false);
        }
      }
      target->run("COMMIT");
    } catch (...) {
      if (target->usable()) target->run("ROLLBACK");
      throw;
    }
  }

  // Copies one table from where it stands. False when options.max_chunks stopped it.
  bool copy_table(const Table& t, std::int64_t total, const CopyOptions& options, CopyRun& run) {
    Rows state = target->exec("SELECT copied, last_key, done FROM gridcase_copy_tables WHERE table_name = $1",
                              Params().add(t.name));
    if (state.empty()) throw PgError("no progress row for " + t.name, "XX000", false);
    std::int64_t copied = state.i64(0, 0);
    if (state.i64(0, 2) != 0) return true;
    std::vector<Cell> last;
    if (!state.null(0, 1) && !decode_key(state.bytes(0, 1), last)) {
      throw PgError("the copy's position in " + t.name + " is unreadable", "XX000", false);
    }
    std::string sql = "SELECT " + column_list(t, false) + " FROM " + ident(t.name);
    if (!last.empty()) sql += " WHERE " + after_key(t, false);
    sql += " ORDER BY " + order_by(t, false);
    SQLite::Statement select(*source, sql);
    for (std::size_t k = 0; k < last.size(); ++k) {
      const int index = static_cast<int>(k) + 1;
      if (last[k].type == Cell::kInt) {
        select.bind(index, static_cast<int64_t>(last[k].i));
      } else {
        select.bind(index, last[k].s);
      }
    }
    const std::string copy_sql = "COPY " + ident(t.name) + " (" + column_list(t, true) + ") FROM STDIN";
    std::string buffer;
    std::int64_t rows = 0;
    std::vector<Cell> row(t.columns.size());

    auto commit = [&](bool done) {
      target->run("BEGIN");
      try {
        if (rows > 0) target->copy_in(copy_sql, buffer);
        std::vector<Cell> key;
        for (std::size_t k : t.key) key.push_back(row[k]);
        Params p;
        p.add(rows);
        if (rows > 0) {
          p.bytes(encode_key(key));
        } else if (!last.empty()) {
          p.bytes(encode_key(last));
        } else {
          p.null();
        }
        p.add(done ? 1 : 0).add(t.name);
        target->exec("UPDATE gridcase_copy_tables SET copied = copied + $1::bigint, last_key = $2::bytea, done = $3::integer "
                     "WHERE table_name = $4",
                     p);
        target->run("COMMIT");
      } catch (...) {
        if (target->usable()) target->run("ROLLBACK");
        throw;
      }
      if (rows > 0) {
        for (std::size_t k = 0; k < t.key.size(); ++k) {
          if (last.size() < t.key.size()) last.resize(t.key.size());
          last[k] = row[t.key[k]];
        }
        ++run.chunks;
      }
      copied += rows;
      run.rows += rows;
      rows = 0;
      buffer.clear();
      if (options.progress) options.progress(t.name, copied, total);
    };

    while (true) {
      if (rows == 0 && options.max_chunks > 0 && run.chunks >= options.max_chunks) {
        // Stop before a new chunk; a table whose rows all went is marked done below.
        if (!select.executeStep()) {
          commit(true);
          return true;
        }
        return false;
      }
      if (!select.executeStep()) break;
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        row[i] = sqlite_cell(select, static_cast<int>(i), t.columns[i].kind);
        if (i > 0) buffer += '\t';
        copy_field(buffer, t.columns[i], row[i]);
      }
      if (t.bigrams) {
        buffer += '\t';
        copy_text(buffer, pg::text_array(pg::search_bigrams(row[t.title].s, row[t.description].s)));
      }
      buffer += '\n';
      if (++rows == options.chunk_rows) commit(false);
    }
    commit(true);
    return true;
  }
};

SqliteToPgCopy::SqliteToPgCopy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteToPgCopy::~SqliteToPgCopy() {
  if (impl_ && impl_->target && impl_->target->usable()) {
    try {
      impl_->target->exec("SELECT pg_advisory_unlock($1::bigint)", Params().add(kCopyLockKey));
    } catch (...) {
      // the lock goes with the session anyway
    }
  }
}

const std::vector<std::string>& SqliteToPgCopy::tables() { return kTables; }

Result<std::unique_ptr<SqliteToPgCopy>> SqliteToPgCopy::open(const std::string& sqlite_path,
                                                             const std::string& conninfo) {
  auto impl = std::make_unique<Impl>();
  impl->source_path = sqlite_path;
  struct stat info {};
  if (::stat(sqlite_path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return Status(reason::DATABASE_NOT_FOUND, "源数据库文件不存在：" + sqlite_path + " (no database file there)");
  }
  try {
    impl->source = std::make_unique<SQLite::Database>(sqlite_path, SQLite::OPEN_READONLY, 10000);
    Status ok = check_database(*impl->source);
    const int version = impl->source->execAndGet("PRAGMA user_version").getInt();
    if (ok && version == 0) ok = Status(reason::NOT_A_GRIDCASE_DATABASE, "an empty database");
    if (!ok) {
      return ok.with_message(sqlite_path + ": " + ok.message());
    }
    if (version < kSchemaVersion) {
      return Status(reason::DATABASE_NEEDS_UPGRADE,
                    "源数据库 " + sqlite_path + " 的结构版本为 " + std::to_string(version) + "，本程序为 " +
                        std::to_string(kSchemaVersion) + "：请先运行 gridcase-admin --db " + sqlite_path +
                        " init 升级 (its schema version is " + std::to_string(version) + ", this build's " +
                        std::to_string(kSchemaVersion) + ": run gridcase-admin --db " + sqlite_path + " init first)");
    }
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) == SQLITE_NOTADB) {
      return Status(reason::NOT_A_GRIDCASE_DATABASE, sqlite_path + " is not a SQLite database");
    }
    return Status(reason::STORAGE_ERROR, "cannot read " + sqlite_path + ": " + e.what());
  }

  // The target as every tool opens it: its migrations, its checks (locale, version), its seed.
  {
    auto store = open_store(conninfo);
    if (!store) return store.status();
    store->close();
  }
  return guarded_copy("cannot prepare the copy", [&]() -> Result<std::unique_ptr<SqliteToPgCopy>> {
    impl->target = std::make_unique<PgConnection>(conninfo);
    if (impl->target->exec("SELECT pg_try_advisory_lock($1::bigint)", Params().add(kCopyLockKey)).str(0, 0) != "t") {
      return Status(reason::STORAGE_ERROR, "另一个复制正在写入该目标数据库 (another copy into this database is running)");
    }
    GRIDCASE_RETURN_IF_ERROR(impl->describe());
    if (impl->target_has_table("gridcase_copy")) {
      std::map<std::string, std::int64_t> counts;
      impl->source->exec("BEGIN");
      const std::string mark = impl->source_mark(counts);
      impl->source->exec("COMMIT");
      GRIDCASE_RETURN_IF_ERROR(impl->check_same_source(mark));
    } else {
      GRIDCASE_RETURN_IF_ERROR(impl->check_target_empty());
    }
    return std::unique_ptr<SqliteToPgCopy>(new SqliteToPgCopy(std::move(impl)));
  });
}

Result<CopyRun> SqliteToPgCopy::copy(const CopyOptions& options) {
  Impl& m = *impl_;
  return guarded_copy("the copy failed", [&]() -> Result<CopyRun> {
    CopyRun run;
    CopyOptions o = options;
    if (o.chunk_rows <= 0) o.chunk_rows = 10000;
    // One snapshot of the source for the whole run: a read transaction, begun by its first read.
    m.source->exec("BEGIN");
    struct EndRead {
      SQLite::Database& db;
      ~EndRead() {
        try {
          db.exec("COMMIT");
        } catch (...) {
          // a read transaction: nothing to keep
        }
      }
    } end_read{*m.source};
    std::map<std::string, std::int64_t> counts;
    const std::string mark = m.source_mark(counts);
    if (m.target_has_table("gridcase_copy")) {
      GRIDCASE_RETURN_IF_ERROR(m.check_same_source(mark));
      run.resumed = true;
      if (!m.target->exec("SELECT 1 FROM gridcase_copy WHERE finished_at IS NOT NULL").empty()) {
        run.complete = run.was_complete = true;
        return run;
      }
      m.tidy_unfinished();
    } else {
      m.target->run("BEGIN");
      try {
        Status empty = m.check_target_empty();
        if (!empty) {
          m.target->run("ROLLBACK");
          return empty;
        }
        // The seed goes: the source's own categories, policies and calendars replace it.
        for (auto t = kTables.rbegin(); t != kTables.rend(); ++t) {
          if (kSeeded.count(*t) != 0) m.target->run("DELETE FROM " + ident(*t));
        }
        m.target->run(R"sql(
CREATE TABLE gridcase_copy (
  source text NOT NULL,
  mark text NOT NULL,
  began_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE TABLE gridcase_copy_tables (
  ordinal integer PRIMARY KEY,
  table_name text NOT NULL UNIQUE,
  source_rows bigint NOT NULL,
  copied bigint NOT NULL DEFAULT 0,
  last_key bytea,
  done integer NOT NULL DEFAULT 0
);
)sql");
        m.target->exec("INSERT INTO gridcase_copy(source, mark) VALUES ($1, $2)", Params().add(m.source_path).add(mark));
        for (std::size_t i = 0; i < m.tables.size(); ++i) {
          m.target->exec("INSERT INTO gridcase_copy_tables(ordinal, table_name, source_rows) VALUES ($1::integer, $2, "
                         "$3::bigint)",
                         Params().add(static_cast<int>(i)).add(m.tables[i].name).add(counts[m.tables[i].name]));
        }
        m.target->run("COMMIT");
      } catch (...) {
        if (m.target->usable()) m.target->run("ROLLBACK");
        throw;
      }
    }
    for (const Table& t : m.tables) {
      if (!m.copy_table(t, counts[t.name], o, run)) return run;
    }
    m.target->run("BEGIN");
    try {
      m.target->run("UPDATE event_counter SET last = (SELECT coalesce(max(seq), 0) FROM events)");
      m.target->run("UPDATE gridcase_copy SET finished_at = now()");
      m.target->run("COMMIT");
    } catch (...) {
      if (m.target->usable()) m.target->run("ROLLBACK");
      throw;
    }
    // Fresh statistics, so that the first server plans its queries on what is there.
    m.target->run("ANALYZE");
    run.complete = true;
    return run;
  });
}

Result<std::vector<TableCheck>> SqliteToPgCopy::verify(const DigestFactory& digest, const CopyProgress& progress) {
  Impl& m = *impl_;
  return guarded_copy("the verification failed", [&]() -> Result<std::vector<TableCheck>> {
    std::vector<TableCheck> checks;
    m.source->exec("BEGIN");
    m.target->run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      TableCheck bigrams;
      bigrams.table = "cases.bigrams";
      for (const Table& t : m.tables) {
        TableCheck check;
        check.table = t.name;
        const std::int64_t total = m.source->execAndGet("SELECT count(*) FROM " + ident(t.name)).getInt64();
        std::string row;

        // The source, in key order.
        auto source_digest = digest();
        auto source_bigrams = digest();
        SQLite::Statement select(*m.source, "SELECT " + m.column_list(t, false) + " FROM " + ident(t.name) +
                                                 " ORDER BY " + m.order_by(t, false));
        std::vector<Cell> cells(t.columns.size());
        while (select.executeStep()) {
          row.clear();
          for (std::size_t i = 0; i < t.columns.size(); ++i) {
            cells[i] = sqlite_cell(select, static_cast<int>(i), t.columns[i].kind);
            render(row, cells[i]);
          }
          row += '\n';
          source_digest->add(row);
          if (t.bigrams) {
            const auto grams = pg::search_bigrams(cells[t.title].s, cells[t.description].s);
            row = std::to_string(grams.size()) + ':';
            for (const std::string& g : grams) row += g;
            row += '\n';
            source_bigrams->add(row);
          }
          if (++check.source_rows % kVerifyProgressRows == 0 && progress) progress(t.name, check.source_rows, total);
        }
        check.source_digest = source_digest->hex();

        // The target, in the same order, through a cursor.
        auto target_digest = digest();
        auto target_bigrams = digest();
        std::string columns;
        for (const Column& c : t.columns) {
          if (!columns.empty()) columns += ", ";
          columns += ident(c.name);
          if (c.kind == Kind::kFingerprint) columns += ", \"fingerprint_text\"";
        }
        if (t.bigrams) columns += ", cardinality(bigrams), array_to_string(bigrams, '')";
        m.target->run("DECLARE gridcase_verify NO SCROLL CURSOR FOR SELECT " + columns + " FROM " + ident(t.name) +
                      " ORDER BY " + m.order_by(t, true));
        for (;;) {
          Rows r = m.target->query("FETCH FORWARD " + std::to_string(kVerifyFetchRows) + " FROM gridcase_verify");
          if (r.empty()) break;
          for (int n = 0; n < r.size(); ++n) {
            row.clear();
            int column = 0;
            for (const Column& c : t.columns) {
              render(row, pg_cell(r, n, column, c.kind));
              column += c.kind == Kind::kFingerprint ? 2 : 1;
            }
            row += '\n';
            target_digest->add(row);
            if (t.bigrams) {
              row = r.str(n, column) + ':' + r.str(n, column + 1) + '\n';
              target_bigrams->add(row);
              ++bigrams.target_rows;
            }
            ++check.target_rows;
          }
        }
        m.target->run("CLOSE gridcase_verify");
        check.target_digest = target_digest->hex();
        if (t.bigrams) {
          bigrams.source_rows = check.source_rows;
          bigrams.source_digest = source_bigrams->hex();
          bigrams.target_digest = target_bigrams->hex();
        }
        if (progress) progress(t.name, check.source_rows, total);
        checks.push_back(std::move(check));
      }
      checks.push_back(std::move(bigrams));
      TableCheck counter;
      counter.table = "event_counter";
      counter.source_rows = m.source->execAndGet("SELECT coalesce(max(seq), 0) FROM events").getInt64();
      counter.target_rows = m.target->exec("SELECT last FROM event_counter").i64(0, 0);
      checks.push_back(std::move(counter));
      m.target->run("COMMIT");
      m.source->exec("COMMIT");
    } catch (...) {
      if (m.target->usable()) m.target->run("ROLLBACK");
      try {
        m.source->exec("ROLLBACK");
      } catch (...) {
        // a read transaction: nothing to keep
      }
      throw;
    }
    return checks;
  });
}

Result<std::vector<std::string>> SqliteToPgCopy::attachment_digests() {
  return guarded_copy("cannot list the attachments", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    SQLite::Statement select(*impl_->source, "SELECT DISTINCT sha256 FROM attachments ORDER BY sha256");
    while (select.executeStep()) out.push_back(select.getColumn(0).getString());
    return out;
  });
}

}  // namespace gridcase::storage
