// The gathering VFS (wal_gather_vfs.hpp) with SQLite alone: a commit's WAL pages reach the file
// system in a few writes, and what is read, published, synced, rolled back or failed is as it is
// without it. The store's own tests (crash, fault injection) run through it as well.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "gridcase/storage/fault_vfs.hpp"
#include "gridcase/storage/wal_gather_vfs.hpp"
#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

namespace fault_vfs = storage::fault_vfs;
namespace wal_gather_vfs = storage::wal_gather_vfs;

// A connection to `path` through `vfs`, in WAL mode with `synchronous`.
SQLite::Database open_wal(const std::string& path, const std::string& vfs, const char* synchronous = "FULL") {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0, vfs);
  db.exec("PRAGMA journal_mode=WAL");
  db.exec(std::string("PRAGMA synchronous=") + synchronous);
  db.exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
  return db;
}

// Inserts `rows` rows of `bytes` random bytes each, in one transaction.
void insert_rows(SQLite::Database& db, int rows, int bytes) {
  SQLite::Transaction tx(db);
  SQLite::Statement insert(db, "INSERT INTO t(payload) VALUES (randomblob(?))");
  for (int i = 0; i < rows; ++i) {
    insert.bind(1, bytes);
    insert.exec();
    insert.reset();
  }
  tx.commit();
}

std::int64_t count_rows(SQLite::Database& db) { return db.execAndGet("SELECT count(*) FROM t").getInt64(); }

std::string integrity(SQLite::Database& db) { return db.execAndGet("PRAGMA integrity_check").getString(); }

TEST_CASE("a commit's WAL pages reach the file system in a few writes, not two per page", "[sqlite][vfs]") {
  TempDir dir;
  const std::string under = fault_vfs::install();  // counts the WAL writes that pass through it
  const std::string gathering = wal_gather_vfs::install(under);

  auto writes_for_commit = [&](const std::string& path, const std::string& vfs) {
    SQLite::Database db = open_wal(path, vfs);
    const std::uint64_t before = fault_vfs::wal_writes();
    insert_rows(db, 200, 2000);  // some 100 pages
    return fault_vfs::wal_writes() - before;
  };
  const std::uint64_t direct = writes_for_commit(dir.file("direct.db"), under);
  const std::uint64_t gathered = writes_for_commit(dir.file("gathered.db"), gathering);
  CHECK(direct >= 200);  // a header and a page per frame
  // About 400 KiB: seven writes of 64 KiB, and the WAL header of the new file.
  CHECK(gathered <= 10);
}

TEST_CASE("what a gathering connection commits, other connections read, on file and after a reopen",
          "[sqlite][vfs]") {
  TempDir dir;
  const std::string path = dir.file("g.db");
  const std::string gathering = wal_gather_vfs::install("");
  {
    SQLite::Database writer = open_wal(path, gathering);
    SQLite::Database reader(path, SQLite::OPEN_READONLY);  // the default VFS: sees only the file
    for (int round = 1; round <= 5; ++round) {
      insert_rows(writer, 50, 3000);
      CHECK(count_rows(reader) == 50 * round);
      writer.exec("UPDATE t SET payload = randomblob(100) WHERE id % 7 = 0");
    }
    CHECK(integrity(reader) == "ok");
    const std::string copy = copy_as_crashed(dir, path);
    SQLite::Database crashed(copy, SQLite::OPEN_READWRITE);
    CHECK(count_rows(crashed) == 250);
    CHECK(integrity(crashed) == "ok");
  }
  SQLite::Database reopened(path, SQLite::OPEN_READONLY, 0, gathering);
  CHECK(count_rows(reopened) == 250);
  CHECK(integrity(reopened) == "ok");
}

TEST_CASE("a commit that does not sync is on file before other connections can read it", "[sqlite][vfs]") {
  // With synchronous=OFF no sync passes the gathered writes down: publishing the commit must.
  TempDir dir;
  const std::string path = dir.file("g.db");
  SQLite::Database writer = open_wal(path, wal_gather_vfs::install(""), "OFF");
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  insert_rows(writer, 100, 1000);
  CHECK(count_rows(reader) == 100);
  CHECK(integrity(reader) == "ok");
  const std::string copy = copy_as_crashed(dir, path);
  SQLite::Database crashed(copy, SQLite::OPEN_READONLY);
  CHECK(count_rows(crashed) == 100);
}

TEST_CASE("a transaction larger than the page cache and the gathering bound commits and rolls back whole",
          "[sqlite][vfs]") {
  // A small cache spills pages into the WAL before COMMIT and writes some of them again; more
  // than 8 MiB of frames passes the gathered writes down before the sync.
  TempDir dir;
  const std::string path = dir.file("g.db");
  SQLite::Database writer = open_wal(path, wal_gather_vfs::install(""));
  writer.exec("PRAGMA cache_size=20");
  SQLite::Database reader(path, SQLite::OPEN_READONLY);

  writer.exec("BEGIN");
  writer.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
              "INSERT INTO t(payload) SELECT randomblob(3500) FROM n");
  writer.exec("UPDATE t SET payload = zeroblob(3500) WHERE id % 2 = 0");
  writer.exec("ROLLBACK");
  CHECK(count_rows(writer) == 0);
  CHECK(count_rows(reader) == 0);

  writer.exec("BEGIN");
  writer.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
              "INSERT INTO t(payload) SELECT randomblob(3500) FROM n");
  writer.exec("UPDATE t SET payload = zeroblob(3500) WHERE id % 2 = 0");
  writer.exec("COMMIT");
  CHECK(count_rows(reader) == 3000);
  CHECK(reader.execAndGet("SELECT count(*) FROM t WHERE payload = zeroblob(3500)").getInt64() == 1500);
  CHECK(integrity(reader) == "ok");
  const std::string copy = copy_as_crashed(dir, path);
  SQLite::Database crashed(copy, SQLite::OPEN_READONLY);
  CHECK(count_rows(crashed) == 3000);
  CHECK(integrity(crashed) == "ok");
}

TEST_CASE("a write that fails fails the commit, which leaves nothing, and the next commit succeeds",
          "[sqlite][vfs]") {
  TempDir dir;
  const std::string path = dir.file("g.db");
  const std::string under = fault_vfs::install();
  SQLite::Database writer = open_wal(path, wal_gather_vfs::install(under));
  SQLite::Database reader(path, SQLite::OPEN_READONLY);
  insert_rows(writer, 10, 1000);

  for (const unsigned op : {unsigned{fault_vfs::kWrite}, unsigned{fault_vfs::kSync}}) {
    INFO("failing: " << (op == fault_vfs::kWrite ? "the write" : "the sync"));
    DisarmOnExit disarm;
    const std::uint64_t failures_before = fault_vfs::failures();
    fault_vfs::arm(fault_vfs::Fault::kIoError, op, 1);
    CHECK_THROWS_AS(insert_rows(writer, 40, 1000), SQLite::Exception);
    CHECK(fault_vfs::failures() == failures_before + 1);
    CHECK(count_rows(reader) == 10);
    CHECK(count_rows(writer) == 10);
  }
  insert_rows(writer, 5, 1000);
  CHECK(count_rows(reader) == 15);
  CHECK(integrity(reader) == "ok");
}

TEST_CASE("the gathering VFS is registered once per VFS it wraps", "[sqlite][vfs]") {
  const std::string over_default = wal_gather_vfs::install("");
  CHECK(wal_gather_vfs::install("") == over_default);
  CHECK(wal_gather_vfs::install(over_default) == over_default);
  const std::string over_fault = wal_gather_vfs::install(fault_vfs::install());
  CHECK(over_fault != over_default);
  CHECK(wal_gather_vfs::install(fault_vfs::install()) == over_fault);
  CHECK_THROWS_AS(wal_gather_vfs::install("no-such-vfs"), std::runtime_error);
}

}  // namespace
}  // namespace gridcase::testing
