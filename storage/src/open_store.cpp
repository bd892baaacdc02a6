#include "gridcase/storage/open_store.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace gridcase::storage {
namespace {

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

bool is_uri(const std::string& db) { return starts_with(db, "postgresql://") || starts_with(db, "postgres://"); }

// "host=..." or " dbname = x": a keyword of letters and '_', then '=' (spaces allowed around).
bool is_keyword_string(const std::string& db) {
  std::size_t i = 0;
  while (i < db.size() && std::isspace(static_cast<unsigned char>(db[i])) != 0) ++i;
  const std::size_t start = i;
  while (i < db.size() && (std::isalpha(static_cast<unsigned char>(db[i])) != 0 || db[i] == '_')) ++i;
  if (i == start) return false;
  while (i < db.size() && db[i] == ' ') ++i;
  return i < db.size() && db[i] == '=';
}

// Replaces what follows `key` up to the next character of `stops` by "***".
std::string mask_after(std::string text, const std::string& key, const std::string& stops) {
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    const std::size_t from = at + key.size();
    const std::size_t to = std::min(text.find_first_of(stops, from), text.size());
    text.replace(from, to - from, "***");
  }
  return text;
}

}  // namespace

StoreKind store_kind(const std::string& db) {
  return is_uri(db) || is_keyword_string(db) ? StoreKind::kPostgres : StoreKind::kSqlite;
}

std::string store_label(const std::string& db) {
  if (store_kind(db) == StoreKind::kSqlite) return db;
  std::string label = db;
  if (is_uri(db)) {
    // postgresql://user:secret@host/...: the password sits between the first ':' after the
    // scheme and the '@' that ends the user part.
    const std::size_t scheme_end = label.find("://") + 3;
    const std::size_t at = label.find('@', scheme_end);
    const std::size_t slash = label.find('/', scheme_end);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const std::size_t colon = label.find(':', scheme_end);
      if (colon != std::string::npos && colon < at) label.replace(colon + 1, at - colon - 1, "***");
    }
    return mask_after(label, "password=", "&");
  }
  return mask_after(label, "password=", " \t");
}

Store::Store(std::unique_ptr<SqliteRepository> sqlite) : sqlite_(std::move(sqlite)) {}
Store::Store(std::unique_ptr<PgRepository> pg) : pg_(std::move(pg)) {}

Repository& Store::repo() const {
  if (pg_) return *pg_;
  return *sqlite_;
}

void Store::close() {
  if (pg_) pg_->close();
  if (sqlite_) sqlite_->close();
}

std::uint64_t Store::commits() const { return pg_ ? pg_->commits() : sqlite_ ? sqlite_->commits() : 0; }

Result<Store> open_store(const std::string& db, const StoreOptions& options) {
  if (store_kind(db) == StoreKind::kSqlite) {
    auto opened = SqliteRepository::open(db, options.sqlite);
    if (!opened) return opened.status();
    return Store(std::move(*opened));
  }
  auto opened = PgRepository::open(db, options.pg);
  if (!opened) {
    Status status = opened.status();
    if (status.reason() == "STORAGE_FAULT" && starts_with(status.message(), "cannot connect to PostgreSQL")) {
      // libpq says why over several lines when several hosts were tried: one line here.
      std::string why;
      for (char c : status.message()) {
        if (c == '\n' || c == '\t') c = ' ';
        if (c != ' ' || (!why.empty() && why.back() != ' ')) why += c;
      }
      while (!why.empty() && why.back() == ' ') why.pop_back();
      if (why.find("password authentication failed") != std::string::npos) {
        status.with_message("PostgreSQL 拒绝登录：用户名或密码不对，请检查 --db 连接串、PGPASSWORD 或 ~/.pgpass "
                            "(PostgreSQL refused the login: wrong user or password): " + why);
      } else if (why.find("read-only") != std::string::npos || why.find("hot standby") != std::string::npos) {
        // target_session_attrs=read-write found no host that takes writes.
        status.with_message("无法连接 PostgreSQL 数据库：所列主机都是只读的（备库），请写上主库 "
                            "(cannot connect to the PostgreSQL database: every host named is read-only, a "
                            "standby; name the primary): " + why);
      } else {
        status.with_message("无法连接 PostgreSQL 数据库，请检查 --db 连接串、数据库服务器是否运行、用户名和密码 "
                            "(cannot connect to the PostgreSQL database: check the connection string, that the "
                            "server runs, the user and the password): " + why);
      }
    } else if (status.code() == Code::kFailedPrecondition && status.reason_entry() != nullptr) {
      // A database this build must not use: say which, in the catalogue's words, then the detail.
      const Reason& r = *status.reason_entry();
      status.with_message(std::string(r.zh) + " (" + r.en + "): " + status.message());
    }
    return status;
  }
  return Store(std::move(*opened));
}

}  // namespace gridcase::storage
