// Shared by the storage tests: temporary directories, sample data, the two stores under test,
// and printable dumps of the core types (so that a round-trip compares every field at once and
// a failure shows which one differs).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gridcase/memory_repository.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/storage/pg_repository.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "pg_database.hpp"

namespace gridcase::testing {

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A copy in `dir` of the database at `path` as a crash of its process would leave it: the
// database file and its WAL as they are on file now (copied while it is still open), without the
// shared-memory index (SQLite rebuilds that from the WAL). Returns the copy's path.
std::string copy_as_crashed(const TempDir& dir, const std::string& path);

// Disarms the fault VFS (fault_vfs.hpp) at the end of a scope, also when a failed REQUIRE
// leaves it early.
struct DisarmOnExit {
  ~DisarmOnExit();
};

// The stores the contract suite runs against. Each gives `Repository& repo()`.
struct MemoryStore {
  static constexpr const char* kName = "memory";
  MemoryRepository memory;
  Repository& repo() { return memory; }
};

struct SqliteStore {
  static constexpr const char* kName = "sqlite";
  SqliteStore();
  TempDir dir;
  std::unique_ptr<storage::SqliteRepository> sqlite;
  Repository& repo() { return *sqlite; }
};

struct PgStore {
  static constexpr const char* kName = "postgresql";
  PgStore();
  PgDatabase database;
  std::unique_ptr<storage::PgRepository> pg;
  Repository& repo() { return *pg; }
};

// Opens a PgRepository that must open.
std::unique_ptr<storage::PgRepository> open_pg(const std::string& conninfo, storage::PgOptions options = {});

// Opens a SqliteRepository that must open.
std::unique_ptr<storage::SqliteRepository> open_sqlite(const std::string& path,
                                                       storage::SqliteOptions options = {});

// A case with every field set to something other than its default; its clocks are a running
// provisional RESOLVE clock (yellow) and a stopped RETURN_WINDOW clock.
Case sample_case(const std::string& number);
// A running RESOLVE clock with every field set to something other than its default.
CaseClock sample_clock();
Event sample_event(CaseId case_id, const std::string& number);

// Runs fn as a write and returns its status.
Status write(Repository& repo, std::function<Status(WriteView&)> fn);
CaseId insert_case(Repository& repo, Case c);

// The value of a read that must succeed (throws, failing the test, when it does not).
template <typename T>
T read_ok(Repository& repo, const std::function<Result<T>(ReadView&)>& fn) {
  std::optional<T> value;
  Status status = repo.read([&](ReadView& view) -> Status {
    Result<T> r = fn(view);
    if (!r.is_ok()) return r.status();
    value = std::move(r).value();
    return Status::ok();
  });
  if (!status.is_ok()) throw std::runtime_error("read failed: " + status.to_string());
  return std::move(*value);
}
// The status of a read.
Status read_status(Repository& repo, const std::function<Status(ReadView&)>& fn);

std::vector<CaseId> ids_of(const std::vector<Case>& cases);
std::vector<Seq> seqs_of(const std::vector<Event>& events);

std::string dump(const Case& c);
std::string dump(const CaseClock& k);
std::string dump(const DeadlinePolicy& p);
std::string dump(const Event& e);
std::string dump(const User& u);
std::string dump(const OrgUnit& u);
std::string dump(const PartyPost& p);
std::string dump(const Category& c);
std::string dump(const SessionRecord& s);
std::string dump(const RequestRecord& r);
std::string dump(const AuditEntry& a);

}  // namespace gridcase::testing
