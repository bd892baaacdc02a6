// What the store sets up once per process, in a process of its own: nothing else may have
// initialized SQLite before the store does (storage_tests opens raw connections all along).
#include <filesystem>
#include <string>

#include <sqlite3.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "gridcase/storage/sqlite_repository.hpp"

namespace gridcase::testing {
namespace {

TEST_CASE("a store opened first in a process leaves SQLite's allocation statistics off", "[sqlite]") {
  // With them on, every allocation of every connection takes one process-wide mutex. They can
  // only be turned off before SQLite is initialized, which registering the store's VFS does.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("gridcase-process-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    auto repo = storage::SqliteRepository::open((dir / "process.db").string(), {});
    REQUIRE(repo.is_ok());
    CHECK(sqlite3_memory_used() == 0);
    (*repo)->close();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gridcase::testing
