// A database of its own on the test run's PostgreSQL cluster (tests/support/pg_cluster.sh,
// started by the CTest fixture "pg_cluster", found through $GRIDCASE_PG_CLUSTER), dropped at
// the end. When there is no cluster (PostgreSQL not installed, or the test program run by hand
// without GRIDCASE_PG_CLUSTER) the test prints why and ends the process as passed; CTest
// reports it as skipped (the SKIP_REGULAR_EXPRESSION "gridcase: PostgreSQL tests skip" of the
// tests that name the fixture).
#pragma once

#include <string>

namespace gridcase::testing {

class PgDatabase {
 public:
  // `create_options` are appended to CREATE DATABASE (e.g. another locale).
  explicit PgDatabase(const std::string& create_options = "");
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  // The libpq connection string of this database.
  const std::string& conninfo() const { return conninfo_; }
  // Runs SQL on this database (outside any repository), e.g. to prepare a test case.
  void run(const std::string& sql) const;

 private:
  std::string admin_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace gridcase::testing
