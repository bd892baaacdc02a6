// An in-memory Repository: the fake that core unit tests run on, and the reference the
// storage contract tests hold SQLite to. Writes run inline on the calling thread, one at a
// time; a failed write leaves nothing behind. Optionally fails writes on demand, to test how
// callers handle a store that is down.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "gridcase/repository.hpp"

namespace gridcase {

class MemoryRepository final : public Repository {
 public:
  MemoryRepository();
  ~MemoryRepository() override;

  Status read(const std::function<Status(ReadView&)>& fn) override;
  void write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) override;

  // While set, every write fails with UNAVAILABLE "STORAGE_FAULT" after running fn (as if the
  // commit failed), and leaves nothing behind.
  void set_fail_commits(bool fail);

 private:
  struct Data;
  class View;
  std::recursive_mutex mu_;  // recursive: a `done` callback may read
  std::unique_ptr<Data> data_;
  bool fail_commits_ = false;
};

}  // namespace gridcase
