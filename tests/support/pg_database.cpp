#include "pg_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace gridcase::testing {

namespace {

[[noreturn]] void skip_pg(const std::string& why) {
  std::cout << "gridcase: PostgreSQL tests skip: " << why << std::endl;
  std::_Exit(0);  // as passed, without a leak report of the test left half way
}

// Runs `sql` on a fresh connection to `conninfo`; throws on failure.
void run_sql(const std::string& conninfo, const std::string& sql) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK) {
      error = PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(conn);
  if (!error.empty()) throw std::runtime_error("PostgreSQL: " + error + " (" + sql + ")");
}

}  // namespace

PgDatabase::PgDatabase(const std::string& create_options) {
  const char* cluster = std::getenv("GRIDCASE_PG_CLUSTER");
  if (cluster == nullptr || *cluster == '\0') {
    skip_pg("GRIDCASE_PG_CLUSTER is not set (run the tests through ctest, which starts a cluster)");
  }
  const std::string dir = cluster;
  {
    std::ifstream unavailable(dir + "/unavailable");
    std::string why;
    if (unavailable && std::getline(unavailable, why)) skip_pg(why);
  }
  std::ifstream in(dir + "/conninfo");
  if (!in || !std::getline(in, admin_)) skip_pg("no cluster was started in " + dir);
  static std::atomic<int> counter{0};
  name_ = "gc_test_" + std::to_string(getpid()) + "_" + std::to_string(counter.fetch_add(1));
  run_sql(admin_, "CREATE DATABASE " + name_ + (create_options.empty() ? "" : " " + create_options));
  conninfo_ = admin_ + " dbname=" + name_;  // the later dbname wins
}

PgDatabase::~PgDatabase() {
  try {
    run_sql(admin_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << e.what() << std::endl;
  }
}

void PgDatabase::run(const std::string& sql) const { run_sql(conninfo_, sql); }

}  // namespace gridcase::testing
