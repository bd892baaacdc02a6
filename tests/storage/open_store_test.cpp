// What --db names: a path opens SQLite as before, a postgresql:// URI or a libpq keyword string
// opens PostgreSQL; a password never shows in what a tool prints; a PostgreSQL database that
// cannot be reached says so in Chinese and English.
#include <catch2/catch.hpp>

#include "gridcase/storage/open_store.hpp"
#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

using storage::StoreKind;

}  // namespace

TEST_CASE("open_store: a path names SQLite, a URI or a libpq keyword string names PostgreSQL", "[open_store]") {
  for (const char* path : {"./var/gridcase.db", "/srv/gridcase.db", "gridcase.db", "var/a=b.db", "host.db",
                           "C:/data/x.db", "postgres.db", "postgresql/gridcase.db"}) {
    INFO(path);
    CHECK(storage::store_kind(path) == StoreKind::kSqlite);
  }
  for (const char* pg : {"postgresql://gridcase@db1/gridcase", "postgres://u:p@h:5432/d",
                         "postgresql://gridcase@db1,db2/gridcase?target_session_attrs=read-write",
                         "host=/tmp port=5432 dbname=gridcase", "dbname=gridcase", " host = db1 dbname=x",
                         "service=gridcase"}) {
    INFO(pg);
    CHECK(storage::store_kind(pg) == StoreKind::kPostgres);
  }
}

TEST_CASE("open_store: a database password is masked where the name is shown", "[open_store]") {
  CHECK(storage::store_label("var/gridcase.db") == "var/gridcase.db");
  CHECK(storage::store_label("postgresql://gridcase:s3cret@db1:5432/gridcase") ==
        "postgresql://gridcase:***@db1:5432/gridcase");
  CHECK(storage::store_label("postgresql://gridcase@db1/gridcase?password=s3cret&sslmode=require") ==
        "postgresql://gridcase@db1/gridcase?password=***&sslmode=require");
  CHECK(storage::store_label("postgresql://db1:5432/gridcase") == "postgresql://db1:5432/gridcase");
  CHECK(storage::store_label("host=db1 password=s3cret dbname=gridcase") == "host=db1 password=*** dbname=gridcase");
}

TEST_CASE("open_store: a path opens SQLite, as before", "[open_store]") {
  TempDir dir;
  const std::string path = dir.file("gridcase.db");
  auto store = storage::open_store(path);
  REQUIRE(store.is_ok());
  CHECK(store->kind() == StoreKind::kSqlite);
  REQUIRE(store->sqlite() != nullptr);
  CHECK(store->pg() == nullptr);
  CHECK(store->sqlite()->path() == path);
  store->close();

  storage::StoreOptions options;
  options.sqlite.create_if_missing = false;
  auto missing = storage::open_store(dir.file("none.db"), options);
  REQUIRE_FALSE(missing.is_ok());
  CHECK(missing.status().reason() == "DATABASE_NOT_FOUND");
}

TEST_CASE("PostgreSQL: open_store opens PgRepository by a keyword string", "[pg][open_store]") {
  PgDatabase database;
  auto store = storage::open_store(database.conninfo());
  REQUIRE(store.is_ok());
  CHECK(store->kind() == StoreKind::kPostgres);
  CHECK(store->pg() != nullptr);
  CHECK(store->sqlite() == nullptr);
  CHECK(store->repo().write_sync([](WriteView&) { return Status::ok(); }).is_ok());
  CHECK(store->commits() >= 1);
  store->close();
}

TEST_CASE("PostgreSQL: open_store of a database that cannot connect says so in Chinese and English", "[pg][open_store]") {
  auto store = storage::open_store("postgresql://gridcase:s3cret@127.0.0.1:1/nothing?connect_timeout=5");
  REQUIRE_FALSE(store.is_ok());
  CHECK(store.status().reason() == "STORAGE_FAULT");
  CHECK(store.status().code() == Code::kUnavailable);
  const std::string& message = store.status().message();
  CHECK(message.find("无法连接 PostgreSQL 数据库") != std::string::npos);
  CHECK(message.find("cannot connect to the PostgreSQL database") != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find('\t') == std::string::npos);
}

}  // namespace gridcase::testing
