// PgConnection's deferred statements (libpq's pipeline mode): what the PostgreSQL store's writer
// relies on to send a write's statements in fewer round trips. On a database of the test run's
// cluster, with a table of the test's own.
#include <catch2/catch.hpp>

#include "pg_connection.hpp"
#include "storage_fixtures.hpp"

using namespace gridcase;
using namespace gridcase::testing;
using storage::pg::Params;
using storage::pg::PgConnection;
using storage::pg::PgError;

namespace {

// A database of the test's own with one table t, and a connection to it.
struct TableT {
  TableT() { db.run("CREATE TABLE t (x integer PRIMARY KEY, y text)"); }
  PgDatabase db;
  PgConnection c{db.conninfo()};
};

std::int64_t count_rows(PgConnection& c) { return c.exec("SELECT count(*) FROM t").i64(0, 0); }

}  // namespace

TEST_CASE("PostgreSQL: deferred statements run in order with the next exec, which answers its own rows", "[pg]") {
  TableT t;
  PgConnection& c = t.c;
  c.exec("BEGIN");
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(1).add("一"));
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(2).add("二"));
  c.defer("UPDATE t SET y = y || $1 WHERE x = 1", Params().add("!"));
  CHECK(c.deferred() >= 3);  // and the new statements' PREPAREs
  // Nothing is answered yet; the read goes out behind them and sees what they did.
  auto rows = c.exec("SELECT x, y FROM t ORDER BY x");
  CHECK(c.deferred() == 0);
  REQUIRE(rows.size() == 2);
  CHECK(rows.str(0, 1) == "一!");
  CHECK(rows.str(1, 1) == "二");
  c.defer("DELETE FROM t WHERE x = $1", Params().add(2));
  c.flush();
  CHECK(c.deferred() == 0);
  c.exec("COMMIT");
  CHECK(count_rows(c) == 1);
}

TEST_CASE("PostgreSQL: a deferred statement's error is thrown by the next exec, the statements after it do not run", "[pg]") {
  TableT t;
  PgConnection& c = t.c;
  c.exec("BEGIN");
  c.exec("INSERT INTO t VALUES (1, 'kept')");
  c.exec("SAVEPOINT w");
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(2).add("a"));
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(1).add("the same key"));  // fails
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(3).add("after the failure"));
  try {
    c.exec("SELECT count(*) FROM t");
    FAIL("the deferred unique violation was not thrown");
  } catch (const PgError& e) {
    CHECK(e.sqlstate() == "23505");
    CHECK_FALSE(e.connection_lost());
  }
  CHECK(c.deferred() == 0);
  CHECK(c.usable());
  // The transaction is aborted as after any failed statement: back to the savepoint.
  c.exec("ROLLBACK TO SAVEPOINT w");
  CHECK(count_rows(c) == 1);
  c.exec("COMMIT");
  auto rows = c.exec("SELECT y FROM t");
  REQUIRE(rows.size() == 1);
  CHECK(rows.str(0, 0) == "kept");
}

TEST_CASE("PostgreSQL: a statement first prepared in a pipeline that failed is prepared again on its next use", "[pg]") {
  TableT t;
  PgConnection& c = t.c;
  c.exec("INSERT INTO t VALUES (1, 'a')");
  // A duplicate, then a statement this connection has never prepared: its PREPARE is skipped
  // with the rest of the pipeline after the failure.
  c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(1).add("dup"));
  c.defer("INSERT INTO t (x, y) VALUES ($1, $2)", Params().add(2).add("new"));
  CHECK_THROWS_AS(c.flush(), PgError);
  c.defer("INSERT INTO t (x, y) VALUES ($1, $2)", Params().add(2).add("new"));
  c.flush();
  CHECK(count_rows(c) == 2);
  // A statement the server refuses to prepare: its error, and nothing kept of it.
  c.defer("INSERT INTO no_such_table VALUES ($1)", Params().add(1));
  CHECK_THROWS_AS(c.flush(), PgError);
  CHECK_THROWS_AS(c.exec("INSERT INTO no_such_table VALUES ($1)", Params().add(1)), PgError);
  CHECK(count_rows(c) == 2);
}

TEST_CASE("PostgreSQL: more deferred statements than a pipeline holds are answered on the way", "[pg]") {
  TableT t;
  PgConnection& c = t.c;
  c.exec("BEGIN");
  const int n = PgConnection::kMostDeferred * 3 + 7;
  for (int i = 0; i < n; ++i) {
    c.defer("INSERT INTO t VALUES ($1, $2)", Params().add(i).add(std::string(200, 'x')));
    CHECK(c.deferred() < PgConnection::kMostDeferred);
  }
  c.exec("COMMIT");
  CHECK(count_rows(c) == n);
}
