// What SqliteRepository promises beyond the Repository contract: durability across reopening,
// refusing files it must not touch, group commit, concurrency, close and online backup.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

using storage::SqliteOptions;
using storage::SqliteRepository;

// Keeps the writer thread busy inside one write until released, so that every write queued
// meanwhile is waiting when it comes back: they are taken together, as one batch.
class WriterGate {
 public:
  explicit WriterGate(Repository& repo) {
    repo.write(
        [this](WriteView&) -> Status {
          std::unique_lock<std::mutex> lock(mu_);
          entered_ = true;
          cv_.notify_all();
          cv_.wait(lock, [&] { return open_; });
          return Status::ok();
        },
        [this](Status s) {
          std::lock_guard<std::mutex> lock(mu_);
          status_ = std::move(s);
          finished_ = true;
          cv_.notify_all();
        });
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return entered_; });
  }
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;
  ~WriterGate() { open(); }

  // Lets the held write finish and waits for its done.
  Status open() {
    std::unique_lock<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return finished_; });
    return status_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool open_ = false;
  bool finished_ = false;
  Status status_;
};

// Collects the statuses of writes queued with write().
class Outcomes {
 public:
  std::function<void(Status)> slot(std::size_t i) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (results_.size() <= i) results_.resize(i + 1);
      ++expected_;
    }
    return [this, i](Status s) {
      std::lock_guard<std::mutex> lock(mu_);
      results_[i] = std::move(s);
      ++finished_;
      cv_.notify_all();
    };
  }
  std::vector<Status> wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return finished_ == expected_; });
    return results_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Status> results_;
  std::size_t expected_ = 0;
  std::size_t finished_ = 0;
};

// One write that files a case and its creation event, as the engine does.
Status file_case(WriteView& w, const std::string& number, CaseId* id_out = nullptr,
                 Seq* seq_out = nullptr) {
  Case c = sample_case(number);
  auto id = w.insert_case(c);
  if (!id.is_ok()) return id.status();
  Event e = sample_event(c.id, number);
  e.action = Action::kCreate;
  auto seq = w.append_event(e);
  if (!seq.is_ok()) return seq.status();
  if (id_out) *id_out = *id;
  if (seq_out) *seq_out = *seq;
  return Status::ok();
}

std::string number_of(int i) { return "XC-2026-" + std::to_string(100000 + i); }

std::int64_t case_count(Repository& repo) {
  return static_cast<std::int64_t>(
      read_ok<std::vector<Case>>(repo, [](ReadView& r) {
        CaseFilter f;
        f.limit = 1000000;
        return r.list_cases(f);
      }).size());
}

}  // namespace

TEST_CASE("a new database is in WAL mode with gridcase's application id and schema version",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("new.db");
  auto repo = open_sqlite(path);
  CHECK(repo->path() == path);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(raw.execAndGet("PRAGMA application_id").getInt() == storage::kApplicationId);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
}

TEST_CASE("cases and the gapless history survive closing and reopening", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("durable.db");
  Case first = sample_case(number_of(1));
  {
    auto repo = open_sqlite(path);
    first.id = insert_case(*repo, first);
    for (int i = 0; i < 3; ++i) {
      REQUIRE(write(*repo, [&](WriteView& w) {
                Event e = sample_event(first.id, first.number);
                return w.append_event(e).status();
              }).is_ok());
    }
    CHECK(write(*repo, [&](WriteView& w) -> Status {
            Event e = sample_event(first.id, first.number);
            GRIDCASE_RETURN_IF_ERROR(w.append_event(e).status());
            return aborted("TEST", "rolled back");
          }).code() == Code::kAborted);
    repo->close();
  }
  auto repo = open_sqlite(path);
  CHECK(dump(read_ok<Case>(*repo, [&](ReadView& r) { return r.get_case(first.id); })) == dump(first));
  CHECK(read_ok<Seq>(*repo, [](ReadView& r) { return r.last_seq(); }) == 3);
  REQUIRE(write(*repo, [&](WriteView& w) {
            Event e = sample_event(first.id, first.number);
            return w.append_event(e).status();
          }).is_ok());
  CHECK(seqs_of(read_ok<std::vector<Event>>(*repo, [&](ReadView& r) {
          return r.case_history(first.id);
        })) == std::vector<Seq>{1, 2, 3, 4});
  // Reopening does not seed the categories a second time.
  CHECK(read_ok<std::vector<Category>>(*repo, [](ReadView& r) { return r.load_categories(); }).size() ==
        builtin_categories().size());
}

TEST_CASE("a database written by a newer build is refused and left as it is", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("future.db");
  open_sqlite(path)->close();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = " + std::to_string(storage::kSchemaVersion + 1));
  }
  auto opened = SqliteRepository::open(path);
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kFailedPrecondition);
  CHECK(opened.status().reason() == "DATABASE_TOO_NEW");
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion + 1);
}

TEST_CASE("a database of another application is refused and left as it is", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE notes (body TEXT)");
  }
  auto opened = SqliteRepository::open(path);
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kFailedPrecondition);
  CHECK(opened.status().reason() == "NOT_A_GRIDCASE_DATABASE");
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "delete");
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 0);

  SECTION("so is one with another application id") {
    const std::string tagged = dir.file("tagged.db");
    {
      SQLite::Database other(tagged, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      other.exec("PRAGMA application_id = 1234");
    }
    auto r = SqliteRepository::open(tagged);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "NOT_A_GRIDCASE_DATABASE");
  }
  SECTION("so is a file that is not SQLite at all") {
    const std::string text = dir.file("notes.txt");
    std::ofstream(text) << std::string(4096, 'x');
    auto r = SqliteRepository::open(text);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().reason() == "NOT_A_GRIDCASE_DATABASE");
  }
}

TEST_CASE("a missing database is not created when create_if_missing is off", "[sqlite]") {
  TempDir dir;
  SqliteOptions options;
  options.create_if_missing = false;
  auto opened = SqliteRepository::open(dir.file("absent.db"), options);
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST_CASE("writes queued together share one commit and each failure stays its own", "[sqlite]") {
  TempDir dir;
  auto repo = open_sqlite(dir.file("batch.db"));
  Outcomes outcomes;
  std::uint64_t commits_before = 0;
  {
    WriterGate gate(*repo);
    commits_before = repo->commits();
    repo->write([](WriteView& w) { return file_case(w, number_of(1)); }, outcomes.slot(0));
    repo->write(
        [](WriteView& w) -> Status {
          GRIDCASE_RETURN_IF_ERROR(file_case(w, number_of(2)));
          return aborted("CASE_VERSION_MISMATCH", "fails after writing");
        },
        outcomes.slot(1));
    repo->write([](WriteView& w) { return file_case(w, number_of(1)); }, outcomes.slot(2));  // duplicate number
    repo->write([](WriteView&) -> Status { throw std::runtime_error("boom"); }, outcomes.slot(3));
    repo->write([](WriteView& w) { return file_case(w, number_of(3)); }, outcomes.slot(4));
    REQUIRE(gate.open().is_ok());
  }
  std::vector<Status> results = outcomes.wait();
  CHECK(results[0].is_ok());
  CHECK(results[1].reason() == "CASE_VERSION_MISMATCH");
  CHECK(results[2].code() == Code::kAlreadyExists);
  CHECK(results[3].code() == Code::kInternal);
  CHECK(results[4].is_ok());
  // The gate's own write, then all five in one transaction.
  CHECK(repo->commits() - commits_before == 2);

  auto events = read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.events_since(1, 100); });
  REQUIRE(seqs_of(events) == std::vector<Seq>{1, 2});
  CHECK(events[0].case_number == number_of(1));
  CHECK(events[1].case_number == number_of(3));
  CHECK(ids_of(read_ok<std::vector<Case>>(*repo, [](ReadView& r) { return r.list_cases({}); })) ==
        std::vector<CaseId>{2, 1});
}

TEST_CASE("concurrent writes from several threads all complete with distinct results",
          "[sqlite]") {
  TempDir dir;
  SqliteOptions options;
  options.max_batch = 64;
  auto repo = open_sqlite(dir.file("concurrent.db"), options);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 150;
  constexpr int kWrites = kThreads * kPerThread;

  struct Produced {
    CaseId id = 0;
    Seq seq = 0;
    std::int64_t number = 0;
  };
  std::vector<Produced> produced(kWrites);
  Outcomes counted;
  std::vector<std::function<void(Status)>> dones;
  for (int i = 0; i < kWrites; ++i) dones.push_back(counted.slot(static_cast<std::size_t>(i)));

  const std::uint64_t commits_before = repo->commits();
  {
    // Writers queue while the writer thread is held, and go on queueing after it is let go.
    WriterGate gate(*repo);
    std::atomic<int> queued{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int k = 0; k < kPerThread; ++k) {
          const int i = t * kPerThread + k;
          repo->write(
              [&produced, i](WriteView& w) -> Status {
                Produced& p = produced[static_cast<std::size_t>(i)];
                auto n = w.next_case_sequence("XC", 2026);
                if (!n.is_ok()) return n.status();
                p.number = *n;
                return file_case(w, number_of(static_cast<int>(*n)), &p.id, &p.seq);
              },
              dones[static_cast<std::size_t>(i)]);
          if (queued.fetch_add(1) + 1 == kWrites / 2) gate.open();
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  std::vector<Status> results = counted.wait();
  for (const Status& s : results) REQUIRE(s.is_ok());

  std::set<CaseId> ids;
  std::set<Seq> seqs;
  std::set<std::int64_t> numbers;
  for (const Produced& p : produced) {
    ids.insert(p.id);
    seqs.insert(p.seq);
    numbers.insert(p.number);
  }
  CHECK(ids.size() == kWrites);
  CHECK(seqs.size() == kWrites);
  CHECK(numbers.size() == kWrites);
  CHECK(*seqs.begin() == 1);
  CHECK(*seqs.rbegin() == kWrites);
  CHECK(*numbers.rbegin() == kWrites);
  CHECK(case_count(*repo) == kWrites);
  CHECK(read_ok<Seq>(*repo, [](ReadView& r) { return r.last_seq(); }) == kWrites);

  const std::uint64_t commits = repo->commits() - commits_before;
  INFO("commits: " << commits << " for " << kWrites << " writes");
  CHECK(commits < static_cast<std::uint64_t>(kWrites));
}

TEST_CASE("every read sees one snapshot while writes go on", "[sqlite]") {
  TempDir dir;
  auto repo = open_sqlite(dir.file("snapshot.db"));
  std::atomic<bool> stop{false};
  std::atomic<int> failed_writes{0};
  std::thread writer([&] {
    for (int i = 1; i <= 200 && !stop; ++i) {
      if (!write(*repo, [i](WriteView& w) { return file_case(w, number_of(i)); }).is_ok()) {
        ++failed_writes;
      }
    }
  });
  int mismatches = 0;
  for (int i = 0; i < 200; ++i) {
    std::int64_t cases = -1;
    Seq last = -1;
    REQUIRE(repo->read([&](ReadView& r) -> Status {
                       auto counts = r.count_cases_by_state();
                       if (!counts.is_ok()) return counts.status();
                       cases = 0;
                       for (const auto& [state, n] : *counts) cases += n;
                       std::this_thread::yield();
                       auto seq = r.last_seq();
                       if (!seq.is_ok()) return seq.status();
                       last = *seq;
                       return Status::ok();
                     }).is_ok());
    if (cases != last) ++mismatches;
  }
  stop = true;
  writer.join();
  CHECK(failed_writes == 0);
  CHECK(mismatches == 0);
}

TEST_CASE("close finishes the queued writes and refuses later ones", "[sqlite]") {
  TempDir dir;
  auto repo = open_sqlite(dir.file("close.db"));
  Outcomes outcomes;
  {
    WriterGate gate(*repo);
    for (int i = 0; i < 10; ++i) {
      repo->write([i](WriteView& w) { return file_case(w, number_of(i)); },
                  outcomes.slot(static_cast<std::size_t>(i)));
    }
    std::thread closer([&] { repo->close(); });
    gate.open();
    closer.join();
  }
  for (const Status& s : outcomes.wait()) CHECK(s.is_ok());
  CHECK(case_count(*repo) == 10);

  Status late = write(*repo, [](WriteView& w) { return file_case(w, number_of(99)); });
  CHECK(late.code() == Code::kUnavailable);
  CHECK(case_count(*repo) == 10);
  repo->close();  // a second close is harmless
}

TEST_CASE("a backup taken while writes go on is a consistent, openable copy", "[sqlite]") {
  TempDir dir;
  auto repo = open_sqlite(dir.file("live.db"));
  for (int i = 1; i <= 20; ++i) {
    REQUIRE(write(*repo, [i](WriteView& w) { return file_case(w, number_of(i)); }).is_ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<bool> writer_failed{false};
  std::atomic<int> written{20};
  std::thread writer([&] {
    while (!stop) {
      const int i = written + 1;
      if (!write(*repo, [i](WriteView& w) { return file_case(w, number_of(i)); }).is_ok()) {
        writer_failed = true;
        break;
      }
      written = i;
    }
  });
  // Wait (without a clock) until the writer has made progress, so the backup races real writes.
  auto wait_for = [&](int n) {
    while (written < n && !writer_failed) std::this_thread::yield();
  };
  wait_for(40);
  const std::string copy_path = dir.file("copy.db");
  Status backed_up = repo->backup_to(copy_path);
  wait_for(written + 10);
  stop = true;
  writer.join();
  REQUIRE_FALSE(writer_failed);
  REQUIRE(backed_up.is_ok());
  CHECK_FALSE(std::filesystem::exists(copy_path + ".tmp"));
  CHECK_FALSE(std::filesystem::exists(copy_path + "-wal"));

  auto copy = open_sqlite(copy_path);
  const std::int64_t cases = case_count(*copy);
  const Seq last = read_ok<Seq>(*copy, [](ReadView& r) { return r.last_seq(); });
  CHECK(cases >= 40);
  CHECK(cases == last);  // every case with its creation event, nothing half-written
  CHECK(cases < case_count(*repo));
  auto events = read_ok<std::vector<Event>>(*copy, [](ReadView& r) { return r.events_since(1, 1000000); });
  REQUIRE(static_cast<std::int64_t>(events.size()) == last);
  for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].seq == static_cast<Seq>(i + 1));

  SECTION("the copy takes writes of its own") {
    CHECK(write(*copy, [](WriteView& w) { return file_case(w, number_of(999999)); }).is_ok());
  }
  SECTION("a second backup replaces the first") {
    REQUIRE(repo->backup_to(copy_path).is_ok());
    copy.reset();
    CHECK(case_count(*open_sqlite(copy_path)) == case_count(*repo));
  }
}

}  // namespace gridcase::testing
