// What SqliteRepository promises beyond the Repository contract: durability across reopening,
// refusing files it must not touch, upgrading older databases in place, group commit,
// concurrency, close and online backup.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gridcase/storage/fault_vfs.hpp"
#include "gridcase/storage/sql_trace.hpp"
#include "deadline_rows.hpp"
#include "kind_rows.hpp"
#include "schema.hpp"
#include "sql_view.hpp"
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

// One write that files case `c` and its creation event, as the engine does.
Status file_filled(WriteView& w, Case c, CaseId* id_out = nullptr, Seq* seq_out = nullptr) {
  auto id = w.insert_case(c);
  if (!id.is_ok()) return id.status();
  Event e = sample_event(c.id, c.number);
  e.action = Action::kCreate;
  auto seq = w.append_event(e);
  if (!seq.is_ok()) return seq.status();
  if (id_out) *id_out = *id;
  if (seq_out) *seq_out = *seq;
  return Status::ok();
}

// The same with the sample case numbered `number`.
Status file_case(WriteView& w, const std::string& number, CaseId* id_out = nullptr,
                 Seq* seq_out = nullptr) {
  return file_filled(w, sample_case(number), id_out, seq_out);
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

// The statements the store ran (sql_trace.hpp) while `fn` ran, those that `keep` accepts, in
// their order.
std::vector<std::string> statements_while(const std::function<void()>& fn,
                                          const std::function<bool(const std::string&)>& keep) {
  std::mutex mu;
  std::vector<std::string> ran;
  {
    storage::ScopedSqlTrace trace([&](const std::string& sql) {
      std::lock_guard<std::mutex> lock(mu);
      if (keep(sql)) ran.push_back(sql);
    });
    fn();
  }
  std::lock_guard<std::mutex> lock(mu);
  return ran;
}

// A database at schema version 1, made by the store's own first migration, as a build of
// that version left it (builtin categories seeded).
void create_v1_database(const std::string& path) {
  SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  storage::configure_writer(raw);
  REQUIRE(storage::migrate(raw, 1).is_ok());
  REQUIRE(raw.execAndGet("PRAGMA user_version").getInt() == 1);
}

// Writes `c` (id, number .. updated_at and parties: the version 1 columns) into a version 1
// database.
void insert_v1_case(SQLite::Database& raw, const Case& c) {
  SQLite::Statement s(raw,
                      "INSERT INTO cases(id, number, kind, category_code, channel, title, "
                      "description, location_unit_id, address, has_coordinates, lat, lon, "
                      "priority, level, handling_unit_id, assignee_user_id, leader_user_id, "
                      "reporter_user_id, state, state_before_suspend, outcome, merged_into, "
                      "reopen_count, urge_count, version, created_at, updated_at) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int i = 1;
  s.bind(i++, c.id);
  s.bind(i++, c.number);
  s.bind(i++, static_cast<int>(c.kind));
  s.bind(i++, c.category_code);
  s.bind(i++, static_cast<int>(c.channel));
  s.bind(i++, c.title);
  s.bind(i++, c.description);
  s.bind(i++, c.location.unit_id);
  s.bind(i++, c.location.address);
  s.bind(i++, c.location.has_coordinates ? 1 : 0);
  s.bind(i++, c.location.lat);
  s.bind(i++, c.location.lon);
  s.bind(i++, static_cast<int>(c.priority));
  s.bind(i++, static_cast<int>(c.level));
  s.bind(i++, c.handling_unit_id);
  s.bind(i++, c.assignee_user_id);
  s.bind(i++, c.leader_user_id);
  s.bind(i++, c.reporter_user_id);
  s.bind(i++, static_cast<int>(c.state));
  s.bind(i++, static_cast<int>(c.state_before_suspend));
  s.bind(i++, static_cast<int>(c.outcome));
  s.bind(i++, c.merged_into);
  s.bind(i++, c.reopen_count);
  s.bind(i++, c.urge_count);
  s.bind(i++, c.version);
  s.bind(i++, c.created_at);
  s.bind(i++, c.updated_at);
  s.exec();
  int position = 0;
  for (const CaseParty& p : c.parties) {
    SQLite::Statement party(raw, "INSERT INTO case_parties(case_id, position, name, phone, "
                                 "id_number, role, confidential) VALUES (?, ?, ?, ?, ?, ?, ?)");
    party.bind(1, c.id);
    party.bind(2, position++);
    party.bind(3, p.name);
    party.bind(4, p.phone);
    party.bind(5, p.id_number);
    party.bind(6, static_cast<int>(p.role));
    party.bind(7, p.confidential ? 1 : 0);
    party.exec();
  }
}

void insert_v1_event(SQLite::Database& raw, const Event& e) {
  SQLite::Statement s(raw, "INSERT INTO events(seq, case_id, case_number, actor_id, at, action, "
                           "from_state, to_state, from_level, to_level, reason, details, "
                           "case_version, case_kind, handling_unit_id, location_unit_id) VALUES "
                           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  int i = 1;
  s.bind(i++, e.seq);
  s.bind(i++, e.case_id);
  s.bind(i++, e.case_number);
  s.bind(i++, e.actor_id);
  s.bind(i++, e.at);
  s.bind(i++, static_cast<int>(e.action));
  s.bind(i++, static_cast<int>(e.from_state));
  s.bind(i++, static_cast<int>(e.to_state));
  s.bind(i++, static_cast<int>(e.from_level));
  s.bind(i++, static_cast<int>(e.to_level));
  s.bind(i++, e.reason);
  s.bind(i++, e.details.empty() ? std::string("{}")
                                : std::string("{\"note\":\"") + e.details.at("note") + "\"}");
  s.bind(i++, e.case_version);
  s.bind(i++, static_cast<int>(e.case_kind));
  s.bind(i++, e.handling_unit_id);
  s.bind(i++, e.location_unit_id);
  s.exec();
}

// The builtin calendar years, year → text.
std::map<int, std::string> builtin_years() {
  std::map<int, std::string> years;
  for (std::string_view text : builtin_calendar_texts()) {
    auto year = parse_calendar_year(text);
    REQUIRE(year.is_ok());
    years[year->year] = std::string(text);
  }
  return years;
}

std::vector<std::string> table_columns(SQLite::Database& raw, const std::string& table) {
  std::vector<std::string> columns;
  SQLite::Statement s(raw, "SELECT name FROM pragma_table_info(?)");
  s.bind(1, table);
  while (s.executeStep()) columns.push_back(s.getColumn(0).getString());
  return columns;
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
            return Status(reason::STALE_VERSION, "rolled back");
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
          return Status(reason::STALE_VERSION, "fails after writing");
        },
        outcomes.slot(1));
    repo->write([](WriteView& w) { return file_case(w, number_of(1)); }, outcomes.slot(2));  // duplicate number
    repo->write([](WriteView&) -> Status { throw std::runtime_error("boom"); }, outcomes.slot(3));
    repo->write([](WriteView& w) { return file_case(w, number_of(3)); }, outcomes.slot(4));
    REQUIRE(gate.open().is_ok());
  }
  std::vector<Status> results = outcomes.wait();
  CHECK(results[0].is_ok());
  CHECK(results[1].reason() == "STALE_VERSION");
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

TEST_CASE("a version 1 database is upgraded in place, keeping its cases and history", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  create_v1_database(path);

  // What a version 1 build stored: cases without deadlines, their history, a request.
  Case old_case = sample_case("XC-2025-000001");
  old_case.id = 1;
  Case blank;  // the deadline fields as a case without them has them
  old_case.clocks = blank.clocks;
  old_case.policy_id = blank.policy_id;
  old_case.policy_version = blank.policy_version;
  old_case.next_due = blank.next_due;
  old_case.colour = blank.colour;
  old_case.extension_clock = blank.extension_clock;
  old_case.extension_ms = blank.extension_ms;
  old_case.extension_requested_by = blank.extension_requested_by;
  old_case.complained_unit_id = blank.complained_unit_id;
  Case grid_case = old_case;
  grid_case.id = 2;
  grid_case.number = "XC-2025-000002";
  grid_case.title = "路灯不亮";
  grid_case.level = Level::kGrid;
  grid_case.parties.clear();
  Event created = sample_event(1, old_case.number);
  created.seq = 1;
  created.action = Action::kCreate;
  created.details = {{"note", "登记"}};
  Event escalated = sample_event(1, old_case.number);
  escalated.seq = 2;
  escalated.details = {{"note", "上报社区"}};
  Event other = sample_event(2, grid_case.number);
  other.seq = 3;
  other.details.clear();
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(raw);
    insert_v1_case(raw, old_case);
    insert_v1_case(raw, grid_case);
    insert_v1_event(raw, created);
    insert_v1_event(raw, escalated);
    insert_v1_event(raw, other);
    raw.exec("INSERT INTO requests(user_id, request_id, fingerprint, case_id, version, at) "
             "VALUES (7, 'req-1', 'fp', 1, 11, 1000)");
    raw.exec("INSERT INTO case_sequences(prefix, year, last) VALUES ('XC', 2025, 2)");
    tx.commit();
  }

  auto repo = open_sqlite(path);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    CHECK(raw.execAndGet("PRAGMA application_id").getInt() == storage::kApplicationId);
    CHECK(raw.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt() == 0);
    // Seeded text is stored as TEXT, like the text the store writes.
    CHECK(raw.execAndGet("SELECT count(*) FROM calendar_years WHERE typeof(text) <> 'text'").getInt() == 0);
    CHECK(raw.execAndGet("SELECT count(*) FROM policies WHERE typeof(clocks) <> 'text' "
                         "OR typeof(basis) <> 'text'").getInt() == 0);
    const auto columns = table_columns(raw, "cases");
    for (const char* column : {"clocks", "policy_id", "policy_version", "next_due", "colour",
                               "extension_clock", "extension_ms", "extension_requested_by",
                               "provisional", "complained_unit_id"}) {
      INFO("column " << column);
      CHECK(std::find(columns.begin(), columns.end(), column) != columns.end());
    }
  }

  // The cases and their history read back as they were, with no deadlines.
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); })) == dump(old_case));
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(2); })) == dump(grid_case));
  auto history = read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.case_history(1); });
  REQUIRE(history.size() == 2);
  CHECK(dump(history[0]) == dump(created));
  CHECK(dump(history[1]) == dump(escalated));
  CHECK(read_ok<Seq>(*repo, [](ReadView& r) { return r.last_seq(); }) == 3);
  CHECK(read_ok<RequestRecord>(*repo, [](ReadView& r) { return r.find_request(7, "req-1"); }).version == 11);
  CHECK(ids_of(read_ok<std::vector<Case>>(*repo, [](ReadView& r) {
          CaseFilter f;
          f.text = "路灯不";  // the search index still covers the old cases
          return r.list_cases(f);
        })) == std::vector<CaseId>{2});

  // The new tables are seeded; the categories are not seeded twice.
  CHECK(read_ok<std::vector<DeadlinePolicy>>(*repo, [](ReadView& r) { return r.load_policies(); })
            .size() == default_policies().size());
  CHECK(read_ok<std::map<int, std::string>>(*repo, [](ReadView& r) { return r.load_calendar_years(); }) ==
        builtin_years());
  CHECK(read_ok<std::vector<Category>>(*repo, [](ReadView& r) { return r.load_categories(); }).size() ==
        builtin_categories().size());

  // The old cases answer the new queries, and take deadlines.
  CHECK(read_ok<TimeMs>(*repo, [](ReadView& r) { return r.earliest_due(); }) == 0);
  CHECK(ids_of(read_ok<std::vector<Case>>(*repo, [](ReadView& r) {
          CaseFilter f;
          f.needs_attention = true;  // level COMMUNITY
          return r.list_cases(f);
        })) == std::vector<CaseId>{1});
  Case with_clock = grid_case;
  with_clock.clocks = {sample_clock()};
  with_clock.next_due = 5000;
  with_clock.colour = Colour::kYellow;
  REQUIRE(write(*repo, [&](WriteView& w) { return w.update_case(with_clock); }).is_ok());
  CHECK(read_ok<std::vector<CaseId>>(*repo, [](ReadView& r) { return r.due_cases(5000, 10); }) ==
        std::vector<CaseId>{2});
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(2); })) == dump(with_clock));
  CHECK(insert_case(*repo, sample_case("XC-2025-000003")) == 3);

  SECTION("reopening changes nothing more") {
    repo->close();
    repo.reset();
    auto again = open_sqlite(path);
    CHECK(read_ok<Seq>(*again, [](ReadView& r) { return r.last_seq(); }) == 3);
    CHECK(read_ok<std::vector<DeadlinePolicy>>(*again, [](ReadView& r) { return r.load_policies(); })
              .size() == default_policies().size());
  }
}

TEST_CASE("a migration that fails leaves the older database as it was", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v1-blocked.db");
  create_v1_database(path);
  {
    // Something in the way of migration 2's last statement.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("CREATE TABLE calendar_years (year INTEGER)");
    Case c = sample_case("XC-2025-000001");
    c.id = 1;
    insert_v1_case(raw, c);
  }
  auto opened = SqliteRepository::open(path);
  REQUIRE_FALSE(opened.is_ok());
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 1);
  const auto columns = table_columns(raw, "cases");
  CHECK(std::find(columns.begin(), columns.end(), "clocks") == columns.end());
  CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'policies'").getInt() == 0);
  CHECK(raw.execAndGet("SELECT count(*) FROM cases").getInt() == 1);
}

TEST_CASE("an edited calendar year survives reopening and a missing shipped year is added",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("calendar.db");
  const std::string edited = "# 2025（补充通知后）\nyear 2025\nholiday 2025-01-01 元旦\n";
  {
    auto repo = open_sqlite(path);
    REQUIRE(write(*repo, [&](WriteView& w) { return w.save_calendar_year(2025, edited); }).is_ok());
    repo->close();
  }
  {
    // As if the database predated the build that ships 2026.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM calendar_years WHERE year = 2026");
  }
  auto repo = open_sqlite(path);
  auto years = read_ok<std::map<int, std::string>>(*repo, [](ReadView& r) { return r.load_calendar_years(); });
  auto expected = builtin_years();
  expected[2025] = edited;
  CHECK(years == expected);
}

TEST_CASE("every version of a policy stays stored, the newest saved is the current one",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("policies.db");
  auto repo = open_sqlite(path);
  const DeadlinePolicy v1 = default_policies().front();
  DeadlinePolicy v2 = v1;
  v2.version = 2;
  v2.basis = "修订版";
  v2.clocks.front().amount = 8;
  REQUIRE(write(*repo, [&](WriteView& w) { return w.save_policy(v2); }).is_ok());
  DeadlinePolicy dup = v2;
  dup.basis = "不应保存";
  CHECK(write(*repo, [&](WriteView& w) { return w.save_policy(dup); }).reason() == "POLICY_VERSION_TAKEN");
  repo->close();
  repo.reset();

  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  SQLite::Statement rows(raw, "SELECT version, basis FROM policies WHERE id = ? ORDER BY version");
  rows.bind(1, v1.id);
  std::vector<std::pair<int, std::string>> stored;
  while (rows.executeStep()) stored.emplace_back(rows.getColumn(0).getInt(), rows.getColumn(1).getString());
  CHECK(stored == std::vector<std::pair<int, std::string>>{{1, v1.basis}, {2, v2.basis}});
  CHECK(raw.execAndGet("SELECT count(*) FROM policies").getInt64() ==
        static_cast<std::int64_t>(default_policies().size()) + 1);

  // Reopening neither seeds the defaults again nor brings version 1 back.
  repo = open_sqlite(path);
  auto loaded = read_ok<std::vector<DeadlinePolicy>>(*repo, [](ReadView& r) { return r.load_policies(); });
  REQUIRE(loaded.size() == default_policies().size());
  CHECK(dump(loaded.front()) == dump(v2));
}

TEST_CASE("an update sets no column that an index or a trigger of cases reads unless it changed",
          "[sqlite]") {
  // SQLite rewrites an index entry for every column an UPDATE sets, to the same value or not,
  // and fires the triggers on it: a lifecycle step that sets them all dirties a page of every
  // index of cases at each write.
  TempDir dir;
  const std::string path = dir.file("update.db");
  auto repo = open_sqlite(path);
  const CaseId id = insert_case(*repo, sample_case(number_of(1)));

  // What the schema reads: the columns of every index of cases (the unique ones included),
  // those named in a partial index's WHERE, and those of the triggers' UPDATE OF.
  std::set<std::string> read_by_schema;
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    std::set<std::string> columns;
    SQLite::Statement table(raw, "SELECT name FROM pragma_table_info('cases')");
    while (table.executeStep()) columns.insert(table.getColumn(0).getString());
    auto words_of = [&](const std::string& text) {
      std::string word;
      for (char ch : text + " ") {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') {
          word += ch;
        } else {
          if (columns.count(word) != 0) read_by_schema.insert(word);
          word.clear();
        }
      }
    };
    SQLite::Statement indexes(raw, "SELECT name, coalesce(sql, '') FROM sqlite_schema "
                                   "WHERE type = 'index' AND tbl_name = 'cases'");
    int index_count = 0;
    while (indexes.executeStep()) {
      ++index_count;
      SQLite::Statement info(raw, "SELECT name FROM pragma_index_info(?) WHERE name IS NOT NULL");
      info.bind(1, indexes.getColumn(0).getString());
      while (info.executeStep()) read_by_schema.insert(info.getColumn(0).getString());
      const std::string sql = indexes.getColumn(1).getString();
      const auto where = sql.find(" WHERE ");
      if (where != std::string::npos) words_of(sql.substr(where));
    }
    SQLite::Statement triggers(raw, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'cases'");
    while (triggers.executeStep()) {
      const std::string sql = triggers.getColumn(0).getString();
      const auto of = sql.find("UPDATE OF ");
      if (of != std::string::npos) words_of(sql.substr(of + 10, sql.find(" ON ", of) - of - 10));
    }
    REQUIRE(index_count >= 10);
    REQUIRE(read_by_schema.count("address") == 1);  // cases_place_time, since schema 25
    REQUIRE(read_by_schema.count("title") == 1);     // the search index's trigger
  }

  // The columns the store's UPDATE of cases sets when the case is saved after `change`.
  auto set_by = [&](const std::function<Status(Case&)>& change) {
    const auto updates = statements_while(
        [&] {
          REQUIRE(write(*repo, [&](WriteView& w) -> Status {
                    auto c = w.get_case(id);
                    if (!c) return c.status();
                    GRIDCASE_RETURN_IF_ERROR(change(*c));
                    c->version += 1;
                    c->updated_at += 1000;
                    return w.update_case(*c);
                  }).is_ok());
        },
        [](const std::string& sql) { return sql.rfind("UPDATE cases SET ", 0) == 0; });
    REQUIRE(updates.size() == 1);
    std::set<std::string> out;
    const std::string& sql = updates.front();
    const auto end = sql.find(" WHERE ");
    std::size_t at = std::string("UPDATE cases SET ").size();
    while (at < end) {
      const auto eq = sql.find(" = ", at);
      out.insert(sql.substr(at, eq - at));
      const auto comma = sql.find(", ", eq);
      at = comma == std::string::npos || comma > end ? end : comma + 2;
    }
    return out;
  };
  auto read_by_schema_of = [&](const std::set<std::string>& set) {
    std::set<std::string> out;
    for (const auto& column : set) {
      if (read_by_schema.count(column) != 0) out.insert(column);
    }
    return out;
  };

  SECTION("nothing that an index reads changes: none of those columns is set") {
    const auto set = set_by([](Case&) { return Status::ok(); });
    CHECK(set.count("version") == 1);
    CHECK(read_by_schema_of(set).empty());
  }
  SECTION("the state and the handler change: those two are set, and no other the schema reads") {
    const auto set = set_by([](Case& c) {
      c.state = c.state == CaseState::kInProgress ? CaseState::kResolved : CaseState::kInProgress;
      c.assignee_user_id += 7;
      return Status::ok();
    });
    CHECK(read_by_schema_of(set) == std::set<std::string>{"assignee_user_id", "state"});
  }
  SECTION("the address changes: it is set, the place-and-time index follows it") {
    const auto set = set_by([](Case& c) {
      c.location.address += " 2单元";
      return Status::ok();
    });
    CHECK(read_by_schema_of(set) == std::set<std::string>{"address"});
    // The duplicate suggestion filters on the address held in that index.
    const Case now = read_ok<Case>(*repo, [&](ReadView& r) { return r.get_case(id); });
    std::vector<std::string> seen;
    const NearFilter keep = [&](UnitId, CaseKind, const std::string& address) {
      seen.push_back(address);
      return true;
    };
    const auto near = read_ok<std::vector<Case>>(*repo, [&](ReadView& r) {
      return r.cases_near({now.location.unit_id}, {now.category_code}, 0, now.created_at + 1, 10, keep);
    });
    REQUIRE(near.size() == 1);
    CHECK(seen == std::vector<std::string>{now.location.address});
  }
}

TEST_CASE("a case's later events rewrite its figure row but not the row's entry in the cell index",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("figures.db");
  auto repo = open_sqlite(path);
  CaseId id = 0;
  REQUIRE(write(*repo, [&](WriteView& w) { return file_case(w, number_of(1), &id); }).is_ok());
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  auto row = [&] {
    SQLite::Statement s(raw, "SELECT unit_id, day, escalated FROM case_figures WHERE case_id = ?");
    s.bind(1, id);
    REQUIRE(s.executeStep());
    return std::vector<std::int64_t>{s.getColumn(0).getInt64(), s.getColumn(1).getInt64(), s.getColumn(2).getInt64()};
  };
  const auto before = row();
  CHECK(before[2] == 0);

  const auto ran = statements_while(
      [&] {
        REQUIRE(write(*repo, [&](WriteView& w) {
                  Event e = sample_event(id, number_of(1));  // an escalation: the facts change
                  return w.append_event(e).status();
                }).is_ok());
      },
      [](const std::string& sql) {
        return sql.find("case_figures") != std::string::npos && sql.rfind("SELECT", 0) != 0;
      });
  REQUIRE(ran.size() == 1);
  CHECK(ran.front().rfind("UPDATE case_figures SET ", 0) == 0);
  CHECK(ran.front().find("unit_id") == std::string::npos);
  CHECK(ran.front().find(" day =") == std::string::npos);
  const auto after = row();
  CHECK(after[0] == before[0]);
  CHECK(after[1] == before[1]);
  CHECK(after[2] == 1);  // escalated
}

TEST_CASE("the scheduler's and the lists' statements, as the store runs them, use their indexes",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("plans.db");
  auto repo = open_sqlite(path);
  // 2000 disputes (in unit 41, handled by 31): enough for a kind with "many" cases, which a page
  // by deadline lists through cases_newest rather than cases_kind.
  REQUIRE(write(*repo, [](WriteView& w) {
            for (int i = 1; i <= 2000; ++i) GRIDCASE_RETURN_IF_ERROR(file_case(w, number_of(i)));
            return Status::ok();
          }).is_ok());

  // The statements that read cases, as the store prepared them, while `fn` ran.
  auto statements_of = [](const std::function<void()>& fn) {
    return statements_while(fn, [](const std::string& sql) {
      return sql.rfind("SELECT", 0) == 0 && sql.find(" FROM cases ") != std::string::npos &&
             sql.find("count(*)") == std::string::npos;
    });
  };
  auto list = [&](const CaseFilter& f) {
    return statements_of([&] {
      read_ok<std::vector<Case>>(*repo, [&](ReadView& r) { return r.list_cases(f); });
    });
  };
  // SQLite's plan of a statement as the store runs it (its placeholders unbound: the plan does
  // not depend on the values), on a connection of its own to the same file.
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    std::string out;
    SQLite::Statement s(raw, "EXPLAIN QUERY PLAN " + sql);
    while (s.executeStep()) out += s.getColumn(3).getString() + "\n";
    return out;
  };
  auto uses = [](const std::string& plan, const char* index) { return plan.find(index) != std::string::npos; };
  auto sorts = [](const std::string& plan) { return plan.find("TEMP B-TREE") != std::string::npos; };

  SECTION("duplicate candidates: newest first per unit and category from the place-and-time index, no sort, no row read") {
    auto near = statements_of([&] {
      read_ok<std::vector<Case>>(*repo, [](ReadView& r) {
        return r.cases_near({1, 2}, {"DSP.NEIGHBOR.LEAK", "DSP.NEIGHBOR.NOISE"}, 0, 1000000, 100);
      });
    });
    REQUIRE_FALSE(near.empty());
    const std::string near_plan = plan(near[0]);
    INFO(near[0] << "\n" << near_plan);
    CHECK(near[0].find("created_at, id, kind, address FROM cases") != std::string::npos);
    CHECK(uses(near_plan, "COVERING INDEX cases_place_time"));
    CHECK_FALSE(sorts(near_plan));
  }

  SECTION("the scheduler: the next due cases and the earliest due instant") {
    auto due = statements_of([&] {
      read_ok<std::vector<CaseId>>(*repo, [](ReadView& r) { return r.due_cases(1, 1); });
    });
    REQUIRE(due.size() == 1);
    const std::string due_plan = plan(due[0]);
    INFO(due[0] << "\n" << due_plan);
    CHECK(uses(due_plan, "cases_next_due"));
    CHECK_FALSE(sorts(due_plan));
    auto earliest = statements_of([&] { read_ok<TimeMs>(*repo, [](ReadView& r) { return r.earliest_due(); }); });
    REQUIRE(earliest.size() == 1);
    const std::string earliest_plan = plan(earliest[0]);
    INFO(earliest[0] << "\n" << earliest_plan);
    CHECK(uses(earliest_plan, "cases_next_due"));
  }

  SECTION("the board: cases needing attention and provisional ones, past the first walk") {
    // An old page token: the walk over the newest ids finds nothing, and the second pass, over
    // the older ones, is the statement that may use the partial index.
    for (bool attention : {true, false}) {
      CaseFilter f;
      f.needs_attention = attention;
      f.provisional_only = !attention;
      f.before_id = 10000;
      auto sqls = list(f);
      REQUIRE(sqls.size() == 2);
      CHECK(sqls[0].find("INDEXED BY cases_newest") != std::string::npos);
      const std::string second = plan(sqls[1]);
      INFO(sqls[1] << "\n" << second);
      CHECK(uses(second, attention ? "cases_attention" : "cases_provisional"));
    }
  }

  // One kind's open cases in a subtree.
  CaseFilter open_in_units;
  open_in_units.states = {CaseState::kAccepted, CaseState::kInProgress};
  open_in_units.units = {4, 5};

  SECTION("a page by deadline walks cases_due_at, then the cases without one by their kind") {
    CaseFilter f = open_in_units;
    f.order = CaseOrder::kDeadline;
    f.after_deadline = 1;
    f.after_id = 1;
    f.limit = 51;
    f.kinds = {CaseKind::kDispute};  // 2000 of them: many
    auto many = list(f);
    REQUIRE(many.size() == 2);  // nothing in units 4 and 5: both passes run
    const std::string by_deadline = plan(many[0]);
    INFO(many[0] << "\n" << by_deadline);
    CHECK(many[0].find("due_at > 0") != std::string::npos);
    CHECK(uses(by_deadline, "cases_due_at"));
    CHECK_FALSE(sorts(by_deadline));
    const std::string rest_many = plan(many[1]);
    INFO(many[1] << "\n" << rest_many);
    CHECK(many[1].find("due_at = 0") != std::string::npos);
    CHECK(uses(rest_many, "cases_newest"));
    CHECK_FALSE(sorts(rest_many));

    // A kind with few cases is read through cases_kind in both passes: walking cases_due_at
    // would read every case with a deadline to find none of them.
    f.kinds = {CaseKind::kHazard};  // none: few
    auto few = list(f);
    REQUIRE(few.size() == 2);
    const std::string first_few = plan(few[0]);
    INFO(few[0] << "\n" << first_few);
    CHECK(few[0].find("due_at > 0") != std::string::npos);
    CHECK(uses(first_few, "cases_kind"));
    const std::string rest_few = plan(few[1]);
    INFO(few[1] << "\n" << rest_few);
    CHECK(uses(rest_few, "cases_kind"));

    // Asked again, on any connection of the pool that asked before, the common kind is not
    // counted again, and still walks cases_due_at.
    f.kinds = {CaseKind::kDispute};
    for (int i = 0; i < SqliteOptions{}.reader_connections; ++i) list(f);
    auto again = statements_while(
        [&] { read_ok<std::vector<Case>>(*repo, [&](ReadView& r) { return r.list_cases(f); }); },
        [](const std::string& sql) { return sql.find("count(*)") != std::string::npos; });
    CHECK(again.empty());
    CHECK(uses(plan(list(f)[0]), "cases_due_at"));
  }

  SECTION("the newest-first walk of a list reads its filters from the index, in id order") {
    CaseFilter f = open_in_units;
    f.kinds = {CaseKind::kDispute};
    auto sqls = list(f);
    REQUIRE(sqls.size() == 1);  // 2000 cases: the walk covers them all, no second pass
    const std::string newest = plan(sqls[0]);
    INFO(sqls[0] << "\n" << newest);
    CHECK(uses(newest, "cases_newest"));
    CHECK_FALSE(sorts(newest));
  }
}

// Readers map the database file only while it is quiet, and stop at the first commit they see:
// reads across those changes see every acknowledged write.
TEST_CASE("reads see each commit whether the readers map the file or not", "[sqlite]") {
  TempDir dir;
  auto repo = open_sqlite(dir.file("mapped.db"));
  auto count = [&] {
    std::int64_t cases = -1;
    REQUIRE(repo->read([&](ReadView& r) -> Status {
                  auto counts = r.count_cases_by_state();
                  if (!counts.is_ok()) return counts.status();
                  cases = 0;
                  for (const auto& [state, n] : *counts) cases += n;
                  return Status::ok();
                }).is_ok());
    return cases;
  };
  for (int round = 1; round <= 4; ++round) {
    REQUIRE(write(*repo, [round](WriteView& w) { return file_case(w, number_of(round)); }).is_ok());
    // Quiet reads (one after another, so mostly on one reader): it maps the file again.
    for (int i = 0; i < 40; ++i) REQUIRE(count() == round);
  }
  CHECK(count() == 4);
}

TEST_CASE("unreadable clocks are reported as a corrupt database", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("corrupt-clocks.db");
  auto repo = open_sqlite(path);
  const CaseId id = insert_case(*repo, sample_case("XC-2026-000001"));
  for (const char* bad : {"[{\"kind\":1", "[{\"kind\":\"x\"}]", "[{\"used_ms\":9223372036854775808}]",
                          "[{\"warn_percent\":2147483648}]", "[{\"provisional\":2}]", "{}", "[1.5]",
                          // The compact rows: too short, too long, a value that does not fit.
                          "[[1,2,3]]", "[[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]]",
                          "[[1,1,1,1,1,1,2147483648,1,1,1,1,1,1,1,1,1,1]]",
                          "[[1,1,1,1,1,1,75,1,1,1,1,1,1,1,2,1,1]]", "[[1,1,1,1,1,1,75,1,1,1,1,1,1,1,0,1,1]",
                          "[[1,1,1,1,1,1,75,1,1,1,1,1,1,1,0,1,1],[1]]"}) {
    INFO("clocks " << bad);
    {
      SQLite::Database raw(path, SQLite::OPEN_READWRITE);
      SQLite::Statement s(raw, "UPDATE cases SET clocks = ? WHERE id = ?");
      s.bind(1, bad);
      s.bind(2, id);
      s.exec();
    }
    Status s = read_status(*repo, [&](ReadView& r) { return r.get_case(id).status(); });
    CHECK(s.code() == Code::kDataLoss);
    CHECK(s.reason() == "DATABASE_CORRUPT");
  }
}

// Clocks were an array of named objects before schema version 10, rows by position (text)
// from 10 to 18, and are binary since; each older form still reads.
TEST_CASE("clocks stored in the forms of older versions read back the same", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("named-clocks.db");
  auto repo = open_sqlite(path);
  const Case original = sample_case("XC-2026-000001");
  REQUIRE(original.clocks.size() == 2);
  const CaseId id = insert_case(*repo, original);
  std::string named = "[";
  for (const CaseClock& k : original.clocks) {
    if (named.size() > 1) named += ",";
    named += "{\"kind\":" + std::to_string(static_cast<int>(k.kind)) +
             ",\"unit\":" + std::to_string(static_cast<int>(k.unit)) +
             ",\"base_budget_ms\":" + std::to_string(k.base_budget_ms) +
             ",\"budget_ms\":" + std::to_string(k.budget_ms) +
             ",\"starts_on\":" + std::to_string(static_cast<int>(k.starts_on)) +
             ",\"stops_on\":" + std::to_string(static_cast<int>(k.stops_on)) +
             ",\"warn_percent\":" + std::to_string(k.warn_percent) +
             ",\"on_expiry\":" + std::to_string(static_cast<int>(k.on_expiry)) +
             ",\"run\":" + std::to_string(static_cast<int>(k.run)) +
             ",\"used_ms\":" + std::to_string(k.used_ms) + ",\"since\":" + std::to_string(k.since) +
             ",\"started_at\":" + std::to_string(k.started_at) +
             ",\"warn_at\":" + std::to_string(k.warn_at) + ",\"deadline\":" + std::to_string(k.deadline) +
             ",\"provisional\":" + (k.provisional ? "true" : "false") +
             ",\"colour\":" + std::to_string(static_cast<int>(k.colour)) +
             ",\"extensions\":" + std::to_string(k.extensions) + "}";
  }
  named += "]";
  std::string compact;
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT typeof(clocks) FROM cases WHERE id = " + std::to_string(id)).getString() == "blob");
    compact = raw.execAndGet("SELECT clocks FROM cases WHERE id = " + std::to_string(id)).getString();
  }
  // Since schema version 19 the binary form; from 10 to 18 the rows of the text form.
  const std::string rows = storage::encode_case_clocks_text(original.clocks);
  CHECK(rows.rfind("[[", 0) == 0);
  CHECK(rows.size() < named.size() / 2);
  CHECK(compact.size() < rows.size() / 2);
  for (const std::string& stored : {named, rows}) {
    INFO(stored);
    {
      SQLite::Database raw(path, SQLite::OPEN_READWRITE);
      SQLite::Statement s(raw, "UPDATE cases SET clocks = ? WHERE id = ?");
      s.bind(1, stored);
      s.bind(2, id);
      s.exec();
    }
    const Case read = read_ok<Case>(*repo, [&](ReadView& r) { return r.get_case(id); });
    REQUIRE(read.clocks.size() == original.clocks.size());
    for (std::size_t i = 0; i < read.clocks.size(); ++i) CHECK(dump(read.clocks[i]) == dump(original.clocks[i]));
  }
}

TEST_CASE("a version 2 database gains the audit log and keeps its cases", "[sqlite][audit]") {
  TempDir dir;
  const std::string path = dir.file("v2.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::configure_writer(raw);
    REQUIRE(storage::migrate(raw, 2).is_ok());
    Case c = sample_case("XC-2025-000001");
    c.id = 1;
    insert_v1_case(raw, c);
    CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'audit'").getInt() == 0);
  }
  auto repo = open_sqlite(path);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    const auto columns = table_columns(raw, "audit");
    CHECK(columns == std::vector<std::string>{"id", "at", "kind", "actor_id", "username", "address",
                                              "case_id", "detail"});
  }
  CHECK(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); }).complained_unit_id == 0);
  AuditEntry e;
  e.kind = AuditKind::kLogin;
  e.username = "admin";
  REQUIRE(write(*repo, [&](WriteView& w) { return w.append_audit(e); }).is_ok());
  CHECK(e.id == 1);
  Case c = read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); });
  c.complained_unit_id = 31;
  REQUIRE(write(*repo, [&](WriteView& w) { return w.update_case(c); }).is_ok());
  CHECK(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); }).complained_unit_id == 31);
}

TEST_CASE("listing the audit log walks an index newest first without sorting", "[sqlite][audit]") {
  TempDir dir;
  const std::string path = dir.file("audit-plans.db");
  open_sqlite(path)->close();
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  auto plan = [&](const std::string& sql) {
    std::string out;
    SQLite::Statement s(raw, "EXPLAIN QUERY PLAN " + sql);
    while (s.executeStep()) out += s.getColumn(3).getString() + "\n";
    return out;
  };
  // The same SQL as the store's (sql_view.cpp).
  const std::string select = "SELECT id, at, kind, actor_id, username, address, case_id, detail FROM audit WHERE 1";
  for (const std::string& sql :
       {select + " AND kind = 3 ORDER BY id DESC LIMIT 50",
        select + " AND kind = 3 AND id < 100 ORDER BY id DESC LIMIT 50"}) {
    const std::string p = plan(sql);
    INFO(sql << "\n" << p);
    CHECK(p.find("audit_kind") != std::string::npos);
    CHECK(p.find("TEMP B-TREE") == std::string::npos);
  }
  for (const std::string& sql : {select + " ORDER BY id DESC LIMIT 50",
                                 select + " AND id < 100 ORDER BY id DESC LIMIT 50"}) {
    const std::string p = plan(sql);
    INFO(sql << "\n" << p);
    CHECK(p.find("TEMP B-TREE") == std::string::npos);
  }
}

namespace {

std::string integrity(const std::string& path) {
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  std::string out;
  SQLite::Statement s(raw, "PRAGMA integrity_check");
  while (s.executeStep()) out += s.getColumn(0).getString();
  return out;
}

std::vector<std::string> case_numbers(Repository& repo) {
  std::vector<std::string> numbers;
  for (const Case& c : read_ok<std::vector<Case>>(repo, [](ReadView& r) {
         CaseFilter f;
         f.limit = 1000000;
         return r.list_cases(f);
       })) {
    numbers.push_back(c.number);
  }
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

// What a store must hold: exactly the acknowledged cases, each with its creation event, the
// history gapless.
void check_holds_exactly(Repository& repo, std::vector<std::string> acknowledged) {
  std::sort(acknowledged.begin(), acknowledged.end());
  CHECK(case_numbers(repo) == acknowledged);
  auto events = read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.events_since(1, 1000000); });
  REQUIRE(events.size() == acknowledged.size());
  std::vector<std::string> event_numbers;
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].seq == static_cast<Seq>(i + 1));
    event_numbers.push_back(events[i].case_number);
  }
  std::sort(event_numbers.begin(), event_numbers.end());
  CHECK(event_numbers == acknowledged);
  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) ==
        static_cast<Seq>(acknowledged.size()));
}

// The store at `path` as a crash would leave it (copy_as_crashed), opened.
std::unique_ptr<SqliteRepository> crash_copy(const TempDir& dir, const std::string& path) {
  return open_sqlite(copy_as_crashed(dir, path));
}

}  // namespace

TEST_CASE("with the disk failing, writes answer STORAGE_FAULT, reads go on, and writes recover",
          "[sqlite][fault]") {
  using storage::fault_vfs::Fault;
  namespace fault_vfs = storage::fault_vfs;
  const auto [fault, ops, reason, label] = GENERATE(table<Fault, unsigned, const char*, const char*>({
      {Fault::kIoError, fault_vfs::kAllWrites, "STORAGE_FAULT", "I/O error on write, sync and truncate"},
      {Fault::kDiskFull, fault_vfs::kAllWrites, "STORAGE_FAULT", "full disk"},
      {Fault::kIoError, fault_vfs::kWrite, "STORAGE_FAULT", "I/O error on write only"},
  }));
  INFO(label);
  DisarmOnExit disarm_on_exit;
  TempDir dir;
  const std::string path = dir.file("faulty.db");
  SqliteOptions options;
  options.vfs = fault_vfs::install();
  auto repo = open_sqlite(path, options);

  std::vector<std::string> acknowledged;
  std::vector<std::string> failed;
  int next = 1;
  auto file_next = [&]() {
    const std::string number = number_of(next++);
    Status s = write(*repo, [number](WriteView& w) { return file_case(w, number); });
    (s.is_ok() ? acknowledged : failed).push_back(number);
    return s;
  };
  for (int i = 0; i < 5; ++i) REQUIRE(file_next().is_ok());
  const Case before = read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(3); });

  const std::uint64_t failures_before = fault_vfs::failures();
  fault_vfs::arm(fault, ops);

  // One write at a time: each one's COMMIT fails.
  for (int i = 0; i < 3; ++i) {
    Status s = file_next();
    CHECK(s.code() == Code::kUnavailable);
    CHECK(s.reason() == reason);
  }
  // A batch whose COMMIT fails: every write of it gets the fault. (The held write is a batch
  // of its own that changes nothing, so it has nothing to write and commits.)
  Outcomes outcomes;
  Status held;
  std::uint64_t commits_before = 0;
  {
    WriterGate gate(*repo);
    commits_before = repo->commits();
    for (int i = 0; i < 6; ++i) {
      const std::string number = number_of(next++);
      failed.push_back(number);
      repo->write([number](WriteView& w) { return file_case(w, number); },
                  outcomes.slot(static_cast<std::size_t>(i)));
    }
    held = gate.open();
  }
  CHECK(held.is_ok());
  CHECK(repo->commits() - commits_before == 1);
  for (const Status& s : outcomes.wait()) {
    CHECK(s.code() == Code::kUnavailable);
    CHECK(s.reason() == reason);
  }
  CHECK(fault_vfs::failures() > failures_before);

  // Reads go on, and see what was committed before the fault.
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(3); })) == dump(before));
  check_holds_exactly(*repo, acknowledged);

  SECTION("once the fault clears, writes succeed and nothing of the failed ones remains") {
    fault_vfs::disarm();
    for (int i = 0; i < 5; ++i) REQUIRE(file_next().is_ok());
    check_holds_exactly(*repo, acknowledged);
    // The ids continue without a gap too: the failed inserts left nothing behind.
    CHECK(ids_of(read_ok<std::vector<Case>>(*repo, [](ReadView& r) { return r.list_cases({}); })).front() == 10);
    CHECK(integrity(path) == "ok");

    // And so after reopening (the WAL is read back on open).
    repo->close();
    repo.reset();
    CHECK(integrity(path) == "ok");
    auto reopened = open_sqlite(path);
    check_holds_exactly(*reopened, acknowledged);
  }

  SECTION("a crash once the store has written again does not bring the failed commits back") {
    fault_vfs::disarm();
    // The next commit overwrites the WAL frames a failed commit may have left (a failed sync),
    // so recovery from the WAL stops before them.
    REQUIRE(file_next().is_ok());
    TempDir crash_dir;
    auto recovered = crash_copy(crash_dir, path);
    check_holds_exactly(*recovered, acknowledged);
    CHECK(integrity(crash_dir.file("crashed.db")) == "ok");
  }

  SECTION("a crash before the store writes again brings back nothing") {
    TempDir crash_dir;
    auto recovered = crash_copy(crash_dir, path);
    check_holds_exactly(*recovered, acknowledged);
    CHECK(integrity(crash_dir.file("crashed.db")) == "ok");
  }

  SECTION("a backup fails while the disk fails, and works once it clears") {
    Status s = repo->backup_to(dir.file("copy.db"));
    CHECK(s.reason() == "STORAGE_FAULT");
    CHECK_FALSE(std::filesystem::exists(dir.file("copy.db")));
    fault_vfs::disarm();
    REQUIRE(repo->backup_to(dir.file("copy.db")).is_ok());
    check_holds_exactly(*open_sqlite(dir.file("copy.db")), acknowledged);
  }
}

namespace {

// A store on the fault VFS in a directory of its own; the VFS is disarmed when it goes.
struct FaultyStore {
  DisarmOnExit disarm;
  TempDir dir;
  std::string path = dir.file("faulty.db");
  std::unique_ptr<SqliteRepository> repo;
  FaultyStore() {
    SqliteOptions options;
    options.vfs = storage::fault_vfs::install();
    repo = open_sqlite(path, options);
  }
  // Files case number_of(i); on success its number joins `acknowledged`.
  Status file(int i) {
    const std::string number = number_of(i);
    Status s = write(*repo, [number](WriteView& w) { return file_case(w, number); });
    if (s.is_ok()) acknowledged.push_back(number);
    return s;
  }
  std::vector<std::string> acknowledged;
};

}  // namespace

TEST_CASE("the store's commits reach the WAL in a few writes each, not two per page", "[sqlite][fault]") {
  // The fault VFS counts the WAL writes that pass through it; the store opens its connections
  // through the gathering VFS over it (wal_gather_vfs.hpp). A commit of one new case writes
  // some 30 pages, 120 KiB: two writes of 64 KiB, against 57 writes a commit without it.
  FaultyStore store;
  REQUIRE(store.file(1).is_ok());
  const std::uint64_t writes_before = storage::fault_vfs::wal_writes();
  const std::uint64_t commits_before = store.repo->commits();
  for (int i = 2; i <= 21; ++i) REQUIRE(store.file(i).is_ok());
  const std::uint64_t commits = store.repo->commits() - commits_before;
  const std::uint64_t writes = storage::fault_vfs::wal_writes() - writes_before;
  CHECK(commits == 20);
  CHECK(writes <= 4 * commits);
  check_holds_exactly(*store.repo, store.acknowledged);
}

TEST_CASE("a commit whose sync fails once is answered as not saved and never comes back",
          "[sqlite][fault]") {
  namespace fault_vfs = storage::fault_vfs;
  FaultyStore store;
  int next = 1;
  for (; next <= 5; ++next) REQUIRE(store.file(next).is_ok());

  SECTION("one write") {
    const std::uint64_t failures_before = fault_vfs::failures();
    fault_vfs::arm(fault_vfs::Fault::kIoError, fault_vfs::kSync, 1);
    Status s = store.file(next++);
    CHECK(fault_vfs::failures() == failures_before + 1);
    CHECK(s.code() == Code::kUnavailable);
    CHECK(s.reason() == "STORAGE_FAULT");
    CHECK(s.message().find("not saved") != std::string::npos);
  }
  SECTION("a batch of six") {
    Outcomes outcomes;
    {
      WriterGate gate(*store.repo);
      // The held write changes nothing, so its commit syncs nothing: the one failing sync is
      // the batch's.
      fault_vfs::arm(fault_vfs::Fault::kIoError, fault_vfs::kSync, 1);
      for (int i = 0; i < 6; ++i) {
        const std::string number = number_of(next++);
        store.repo->write([number](WriteView& w) { return file_case(w, number); },
                          outcomes.slot(static_cast<std::size_t>(i)));
      }
      CHECK(gate.open().is_ok());
    }
    for (const Status& s : outcomes.wait()) CHECK(s.reason() == "STORAGE_FAULT");
  }
  // Answered only once the log was sealed: a crash now, before any other write, finds the
  // acknowledged writes and nothing of the failed ones.
  {
    TempDir crash_dir;
    check_holds_exactly(*crash_copy(crash_dir, store.path), store.acknowledged);
  }
  check_holds_exactly(*store.repo, store.acknowledged);
  REQUIRE(store.file(next++).is_ok());
  check_holds_exactly(*store.repo, store.acknowledged);
}

TEST_CASE("while syncs keep failing the first failed commit is uncertain and later writes are refused untried",
          "[sqlite][fault]") {
  namespace fault_vfs = storage::fault_vfs;
  FaultyStore store;
  for (int i = 1; i <= 3; ++i) REQUIRE(store.file(i).is_ok());
  const std::vector<std::string> before = store.acknowledged;
  fault_vfs::arm(fault_vfs::Fault::kIoError, fault_vfs::kSync);
  CHECK(store.file(4).reason() == "COMMIT_UNCERTAIN");
  // Nothing more reaches the log while it cannot be sealed: each write is refused before it runs.
  std::atomic<int> ran{0};
  for (int i = 5; i <= 7; ++i) {
    const std::string number = number_of(i);
    Status s = write(*store.repo, [number, &ran](WriteView& w) {
      ++ran;
      return file_case(w, number);
    });
    CHECK(s.reason() == "STORAGE_FAULT");
  }
  CHECK(ran == 0);
  // Reads go on and see none of it.
  check_holds_exactly(*store.repo, before);
  {
    // A crash now may bring the uncertain write back, whole, and nothing else.
    TempDir crash_dir;
    const auto numbers = case_numbers(*crash_copy(crash_dir, store.path));
    auto with_uncertain = before;
    with_uncertain.push_back(number_of(4));
    CHECK((numbers == before || numbers == with_uncertain));
  }
  // Once the disk works again, the next write seals the log first: the uncertain write is not
  // there, now or after a crash.
  fault_vfs::disarm();
  REQUIRE(store.file(8).is_ok());
  check_holds_exactly(*store.repo, store.acknowledged);
  TempDir crash_dir;
  check_holds_exactly(*crash_copy(crash_dir, store.path), store.acknowledged);
}

TEST_CASE("a store killed right after a failed sync was answered comes back without the write",
          "[sqlite][fault][kill]") {
  namespace fault_vfs = storage::fault_vfs;
  TempDir dir;
  const std::string path = dir.file("killed.db");
  int answer_pipe[2];
  REQUIRE(::pipe(answer_pipe) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The store's process: three writes, then one whose COMMIT cannot sync; the answer goes to
    // the parent and the process is killed at once, before anything else is written.
    ::close(answer_pipe[0]);
    auto answer_and_die = [&](const std::string& answer) {
      const ssize_t written = ::write(answer_pipe[1], answer.data(), answer.size());
      (void)written;
      ::kill(::getpid(), SIGKILL);
    };
    try {
      SqliteOptions options;
      options.vfs = fault_vfs::install();
      auto repo = SqliteRepository::open(path, options);
      bool ok = repo.is_ok();
      for (int i = 1; ok && i <= 3; ++i) {
        const std::string number = number_of(i);
        ok = write(**repo, [number](WriteView& w) { return file_case(w, number); }).is_ok();
      }
      if (!ok) answer_and_die("setup failed");
      fault_vfs::arm(fault_vfs::Fault::kIoError, fault_vfs::kSync, 1);
      const std::string number = number_of(4);
      // Killed with the store open, as a crash leaves it.
      answer_and_die(write(**repo, [number](WriteView& w) { return file_case(w, number); }).reason());
    } catch (...) {
    }
    answer_and_die("setup threw");
  }
  ::close(answer_pipe[1]);
  std::string answer;
  char buf[128];
  for (ssize_t n; (n = ::read(answer_pipe[0], buf, sizeof buf)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
  ::close(answer_pipe[0]);
  int wstatus = 0;
  REQUIRE(::waitpid(child, &wstatus, 0) == child);
  CHECK(WIFSIGNALED(wstatus));
  CHECK(answer == "STORAGE_FAULT");
  CHECK(std::filesystem::exists(path + "-wal"));
  // Opened after the kill, SQLite recovers the WAL: the write answered as not saved is not there.
  check_holds_exactly(*open_sqlite(path), {number_of(1), number_of(2), number_of(3)});
  CHECK(integrity(path) == "ok");
}

TEST_CASE("writes failing on the disk while other threads write leave only acknowledged writes",
          "[sqlite][fault]") {
  namespace fault_vfs = storage::fault_vfs;
  DisarmOnExit disarm_on_exit;
  TempDir dir;
  const std::string path = dir.file("flaky.db");
  SqliteOptions options;
  options.vfs = fault_vfs::install();
  options.max_batch = 16;
  auto repo = open_sqlite(path, options);

  constexpr int kThreads = 3;
  constexpr int kPerThread = 120;
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> failed{0};
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        const std::string number = number_of(t * kPerThread + k);
        Status s = write(*repo, [number](WriteView& w) { return file_case(w, number); });
        if (s.is_ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(number);
        } else if (s.reason() == "STORAGE_FAULT" || s.reason() == "COMMIT_UNCERTAIN") {
          ++failed;
        }
        ++finished;
      }
    });
  }
  // The disk fails and recovers a few times while the writes go on; reads go on throughout.
  const unsigned fault_ops[] = {fault_vfs::kAllWrites, fault_vfs::kSync, fault_vfs::kWrite};
  int reads_failed = 0;
  for (int round = 0; round < 6; ++round) {
    const int mark = finished.load();
    while (finished.load() < mark + 20 && finished.load() < kThreads * kPerThread) std::this_thread::yield();
    fault_vfs::arm(round % 2 == 0 ? fault_vfs::Fault::kIoError : fault_vfs::Fault::kDiskFull,
                   fault_ops[round % 3]);
    const int failed_mark = failed.load();
    for (int i = 0; i < 200 && failed.load() == failed_mark && finished.load() < kThreads * kPerThread; ++i) {
      if (!read_status(*repo, [](ReadView& r) { return r.last_seq().status(); }).is_ok()) ++reads_failed;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    fault_vfs::disarm();
  }
  for (auto& th : threads) th.join();
  CHECK(reads_failed == 0);
  CHECK(failed > 0);
  CHECK(static_cast<int>(acknowledged.size()) + failed == kThreads * kPerThread);
  INFO("acknowledged " << acknowledged.size() << ", failed " << failed.load());
  check_holds_exactly(*repo, acknowledged);
  REQUIRE(write(*repo, [](WriteView& w) { return file_case(w, number_of(999999)); }).is_ok());
  acknowledged.push_back(number_of(999999));
  repo->close();
  repo.reset();
  CHECK(integrity(path) == "ok");
  check_holds_exactly(*open_sqlite(path), acknowledged);
}

TEST_CASE("a backup taken under several writer threads restores to a consistent copy",
          "[sqlite][backup]") {
  TempDir dir;
  SqliteOptions options;
  options.max_batch = 32;
  auto repo = open_sqlite(dir.file("busy.db"), options);
  constexpr int kThreads = 3;
  constexpr int kPerThread = 150;
  std::atomic<int> done{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int k = 0; k < kPerThread; ++k) {
        Status s = write(*repo, [](WriteView& w) -> Status {
          auto n = w.next_case_sequence("XC", 2026);
          if (!n.is_ok()) return n.status();
          return file_case(w, number_of(static_cast<int>(*n)));
        });
        if (!s.is_ok()) ++failed;
        ++done;
      }
    });
  }
  // Two backups while the writers run: one early, one later.
  std::vector<std::string> copies = {dir.file("early.db"), dir.file("late.db")};
  std::vector<Status> backed_up;
  for (int i = 0; i < 2; ++i) {
    const int target = (i + 1) * kThreads * kPerThread / 3;
    while (done.load() < target) std::this_thread::yield();
    backed_up.push_back(repo->backup_to(copies[static_cast<std::size_t>(i)]));
  }
  for (auto& th : threads) th.join();
  CHECK(failed == 0);
  const std::int64_t total = case_count(*repo);
  CHECK(total == kThreads * kPerThread);

  std::int64_t previous = 0;
  for (std::size_t i = 0; i < copies.size(); ++i) {
    INFO("copy " << copies[i]);
    REQUIRE(backed_up[i].is_ok());
    CHECK(integrity(copies[i]) == "ok");
    auto copy = open_sqlite(copies[i]);
    const Seq last = read_ok<Seq>(*copy, [](ReadView& r) { return r.last_seq(); });
    auto events = read_ok<std::vector<Event>>(*copy, [](ReadView& r) { return r.events_since(1, 1000000); });
    CHECK(static_cast<Seq>(events.size()) == last);
    std::int64_t creations = 0;
    for (std::size_t k = 0; k < events.size(); ++k) {
      CHECK(events[k].seq == static_cast<Seq>(k + 1));
      if (events[k].action == Action::kCreate) ++creations;
    }
    const std::int64_t cases = case_count(*copy);
    CHECK(cases == creations);
    {
      // Each case's number came from the same write as the case: the series matches too.
      SQLite::Database raw(copies[i], SQLite::OPEN_READONLY);
      CHECK(raw.execAndGet("SELECT last FROM case_sequences WHERE prefix = 'XC' AND year = 2026")
                .getInt64() == cases);
    }
    CHECK(cases > 0);
    CHECK(cases >= previous);
    CHECK(cases <= total);
    previous = cases;
    // The restored copy takes writes, continuing the history without a gap.
    Seq seq = 0;
    REQUIRE(write(*copy, [&](WriteView& w) {
              return file_case(w, number_of(1000000), nullptr, &seq);
            }).is_ok());
    CHECK(seq == last + 1);
    copy->close();
    CHECK(integrity(copies[i]) == "ok");
  }
}


TEST_CASE("a version 3 database gains the mediation and petition records and keeps its cases",
          "[sqlite][mediation]") {
  TempDir dir;
  const std::string path = dir.file("v3.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::configure_writer(raw);
    REQUIRE(storage::migrate(raw, 3).is_ok());
    Case c = sample_case("XC-2025-000001");
    c.id = 1;
    c.parties[0].id_number = "110109197505051111";
    insert_v1_case(raw, c);
  }
  auto repo = open_sqlite(path);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'case_parties_id_number'").getInt() == 1);
  }
  Case c = read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); });
  CHECK(c.mediation.committee_unit_id == 0);
  CHECK_FALSE(c.mediation.has_agreement);
  // The earlier case is found by its party's ID number, and takes a mediation record.
  auto found = read_ok<std::vector<Case>>(*repo, [](ReadView& r) { return r.cases_by_id_number("110109197505051111", 5); });
  REQUIRE(found.size() == 1);
  c.kind = CaseKind::kDispute;
  c.mediation.committee_unit_id = 8;
  c.mediation.consents = {Consent::kAgreed};
  REQUIRE(write(*repo, [&](WriteView& w) { return w.update_case(c); }).is_ok());
  CHECK(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); }).mediation.consents ==
        std::vector<Consent>{Consent::kAgreed});
}

TEST_CASE("a version 5 database gains each case's deadline for lists ordered by it", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v5.db");
  // Case 1: a running RESOLVE clock due at 7000 and a stopped one due at 100; case 2: a paused
  // clock (suspended); case 3: two running clocks, the earlier due at 4000.
  // As version 5 wrote them (run 1 running, 2 paused, 3 stopped).
  auto clock = [](int kind, int run, std::int64_t deadline) {
    return R"({"kind":)" + std::to_string(kind) +
           R"(,"unit":2,"base_budget_ms":1000,"budget_ms":1000,"starts_on":1,"stops_on":2,)"
           R"("warn_percent":75,"on_expiry":1,"run":)" + std::to_string(run) +
           R"(,"used_ms":0,"since":0,"started_at":0,"warn_at":0,"deadline":)" + std::to_string(deadline) +
           R"(,"provisional":false,"colour":1,"extensions":0})";
  };
  const std::string running_7000_stopped_100 = "[" + clock(2, 1, 7000) + "," + clock(1, 3, 100) + "]";
  const std::string paused = "[" + clock(2, 2, 2000) + "]";
  const std::string running_4000_9000 = "[" + clock(1, 1, 9000) + "," + clock(2, 1, 4000) + "]";
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::configure_writer(raw);
    REQUIRE(storage::migrate(raw, 5).is_ok());
    int n = 0;
    for (const std::string& clocks : {running_7000_stopped_100, paused, running_4000_9000}) {
      Case c = sample_case("XC-2025-00000" + std::to_string(++n));
      c.id = n;
      insert_v1_case(raw, c);
      SQLite::Statement s(raw, "UPDATE cases SET clocks = ? WHERE id = ?");
      s.bind(1, clocks);
      s.bind(2, n);
      REQUIRE(s.exec() == 1);
    }
  }
  auto repo = open_sqlite(path);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    std::vector<std::pair<int, std::int64_t>> due;
    SQLite::Statement s(raw, "SELECT id, due_at FROM cases ORDER BY id");
    while (s.executeStep()) due.emplace_back(s.getColumn(0).getInt(), s.getColumn(1).getInt64());
    CHECK(due == std::vector<std::pair<int, std::int64_t>>{{1, 7000}, {2, 0}, {3, 4000}});
  }
  CaseFilter f;
  f.order = CaseOrder::kDeadline;
  auto listed = read_ok<std::vector<Case>>(*repo, [&](ReadView& r) { return r.list_cases(f); });
  CHECK(ids_of(listed) == std::vector<CaseId>{3, 1, 2});
}

TEST_CASE("an unreadable mediation or petition record reads as a corrupt database", "[sqlite][mediation]") {
  TempDir dir;
  const std::string path = dir.file("corrupt-mediation.db");
  auto repo = open_sqlite(path);
  const CaseId id = insert_case(*repo, sample_case("XC-2026-000001"));
  for (const char* column : {"mediation", "petition"}) {
    for (const char* bad : {"{\"committee\":\"x\"}", "[1]", "{\"sessions\":\"99999999999\"}", "{"}) {
      INFO(column << " " << bad);
      {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        SQLite::Statement s(raw, std::string("UPDATE cases SET mediation = '', petition = '', ") + column +
                                     " = ? WHERE id = ?");
        s.bind(1, bad);
        s.bind(2, id);
        s.exec();
      }
      Status s = read_status(*repo, [&](ReadView& r) { return r.get_case(id).status(); });
      if (std::string(column) == "petition" && std::string(bad).find("committee") != std::string::npos) {
        CHECK(s.is_ok());  // a key the petition record does not know is ignored
        continue;
      }
      if (std::string(column) == "petition" && std::string(bad).find("sessions") != std::string::npos) {
        CHECK(s.is_ok());
        continue;
      }
      CHECK(s.code() == Code::kDataLoss);
      CHECK(s.reason() == "DATABASE_CORRUPT");
    }
  }
}

TEST_CASE("a version 10 database keeps what its requests made: inspections, plans and uploads",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v10.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::configure_writer(raw);
    REQUIRE(storage::migrate(raw, 10).is_ok());
    // As version 10 wrote them: an inspection's and a plan's request kept the id they made in
    // `version`, with no case; an upload's request kept its case and the version its ATTACH
    // event left; a plain case step kept only its case and version.
    raw.exec("INSERT INTO requests(user_id, request_id, fingerprint, case_id, version, at) VALUES "
             "(7, 'inspect-1', 'f1', 0, 41, 1000), (7, 'plan-1', 'f2', 0, 3, 1001), "
             "(7, 'upload-1', 'f3', 12, 4, 1002), (7, 'accept-1', 'f4', 12, 2, 1003)");
    raw.exec("INSERT INTO events(case_id, case_number, actor_id, at, action, from_state, to_state, from_level, "
             "to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id) VALUES "
             "(12, 'XC-2026-000012', 7, 1002, 60, 3, 3, 1, 1, '', '{\"attachment_id\":\"95\",\"size\":\"10\"}', "
             "4, 5, 1, 1), "
             "(12, 'XC-2026-000012', 7, 1003, 2, 1, 2, 1, 1, '', '{}', 2, 5, 1, 1)");
  }
  auto repo = open_sqlite(path);
  auto request = [&](const std::string& id) {
    return read_ok<RequestRecord>(*repo, [&](ReadView& r) { return r.find_request(7, id); });
  };
  const RequestRecord inspect = request("inspect-1");
  CHECK(inspect.case_id == 0);
  CHECK(inspect.version == 0);
  CHECK(inspect.made_id == 41);
  CHECK(request("plan-1").made_id == 3);
  const RequestRecord upload = request("upload-1");
  CHECK(upload.case_id == 12);
  CHECK(upload.version == 4);
  CHECK(upload.made_id == 95);
  const RequestRecord accept = request("accept-1");
  CHECK(accept.version == 2);
  CHECK(accept.made_id == 0);
}

}  // namespace gridcase::testing

namespace gridcase::testing {
namespace {

// Files a case titled `title` (no description) with its creation event; its id in *id_out.
Status file_titled(WriteView& w, const std::string& number, const std::string& title, CaseId* id_out = nullptr) {
  Case c = sample_case(number);
  c.title = title;
  c.description = "";
  return file_filled(w, std::move(c), id_out);
}

Status retitle(WriteView& w, CaseId id, const std::string& title) {
  auto c = w.get_case(id);
  if (!c.is_ok()) return c.status();
  c->title = title;
  return w.update_case(*c);
}

std::vector<std::string> found_by_text(Repository& repo, const std::string& text) {
  std::vector<std::string> out;
  for (const Case& c : read_ok<std::vector<Case>>(repo, [&](ReadView& r) {
         CaseFilter f;
         f.text = text;
         return r.list_cases(f);
       })) {
    out.push_back(c.title);
  }
  return out;
}

// The full-text index and the cases still waiting to be indexed (fewer than the writer's
// bound) together agree with the cases table: indexed as the writer would, the index passes
// FTS5's own check.
void check_search_index(const std::string& path) {
  storage::Connection c(path, SQLite::OPEN_READWRITE, 1000);
  SQLite::Database& raw = c.db();
  CHECK(raw.execAndGet("SELECT count(*) FROM cases_fts_pending").getInt64() < storage::SqlView::kIndexPendingEvery);
  SQLite::Transaction tx(raw, SQLite::TransactionBehavior::IMMEDIATE);
  storage::SqlView(c).index_pending_text();
  tx.commit();
  CHECK(raw.execAndGet("SELECT count(*) FROM cases_fts_pending").getInt64() == 0);
  CHECK_NOTHROW(raw.exec("INSERT INTO cases_fts(cases_fts, rank) VALUES ('integrity-check', 1)"));
}

}  // namespace

TEST_CASE("the cases of a batch are searchable once it commits and a failed write leaves no search entry",
          "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.file("search.db");
  auto repo = open_sqlite(path);
  Outcomes outcomes;
  CaseId retitled_later = 0;
  {
    // One batch: the index is written once, just before its COMMIT.
    WriterGate gate(*repo);
    repo->write([](WriteView& w) { return file_titled(w, number_of(1), "楼道堆放杂物影响通行"); }, outcomes.slot(0));
    repo->write(
        [](WriteView& w) {
          Status s = file_titled(w, number_of(2), "小区路灯不亮已经三天");
          return s.is_ok() ? Status(reason::STALE_VERSION, "refused after the insert") : s;
        },
        outcomes.slot(1));
    repo->write(
        [](WriteView& w) {
          CaseId id = 0;
          GRIDCASE_RETURN_IF_ERROR(file_titled(w, number_of(3), "楼下烧烤油烟呛人", &id));
          return retitle(w, id, "夜间施工噪音扰民");
        },
        outcomes.slot(2));
    repo->write([&](WriteView& w) { return file_titled(w, number_of(4), "井盖缺失存在隐患", &retitled_later); },
                outcomes.slot(3));
    repo->write([&](WriteView& w) { return retitle(w, retitled_later, "窨井盖破损需更换"); }, outcomes.slot(4));
    CHECK(gate.open().is_ok());
  }
  const auto statuses = outcomes.wait();
  CHECK(statuses[0].is_ok());
  CHECK(statuses[1].reason() == "STALE_VERSION");
  CHECK(statuses[2].is_ok());
  CHECK(statuses[3].is_ok());
  CHECK(statuses[4].is_ok());

  CHECK(found_by_text(*repo, "堆放杂物") == std::vector<std::string>{"楼道堆放杂物影响通行"});
  CHECK(found_by_text(*repo, "路灯不亮").empty());
  CHECK(found_by_text(*repo, "施工噪音") == std::vector<std::string>{"夜间施工噪音扰民"});
  CHECK(found_by_text(*repo, "烧烤油烟").empty());
  CHECK(found_by_text(*repo, "井盖破损") == std::vector<std::string>{"窨井盖破损需更换"});
  CHECK(found_by_text(*repo, "井盖缺失").empty());
  check_search_index(path);

  // A case already indexed changes its title: the index follows at once.
  REQUIRE(write(*repo, [](WriteView& w) {
            auto c = w.get_case_by_number(number_of(1));
            if (!c.is_ok()) return c.status();
            return retitle(w, c->id, "消防通道被占用");
          }).is_ok());
  CHECK(found_by_text(*repo, "堆放杂物").empty());
  CHECK(found_by_text(*repo, "消防通道") == std::vector<std::string>{"消防通道被占用"});
  check_search_index(path);
}

TEST_CASE("new cases are found by search before they are indexed, and indexed a few dozen at a time",
          "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.file("pending.db");
  auto repo = open_sqlite(path);
  auto pending = [&] {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    return raw.execAndGet("SELECT count(*) FROM cases_fts_pending").getInt64();
  };
  const std::int64_t every = storage::SqlView::kIndexPendingEvery;
  for (int i = 1; i < every; ++i) {
    REQUIRE(write(*repo, [i](WriteView& w) {
              return file_titled(w, number_of(i), "第" + std::to_string(i) + "号楼楼道堆放杂物");
            }).is_ok());
  }
  REQUIRE(write(*repo, [](WriteView& w) {
            auto c = w.get_case_by_number(number_of(2));
            if (!c.is_ok()) return c.status();
            return retitle(w, c->id, "地下车库积水严重");
          }).is_ok());
  CHECK(pending() == every - 1);  // none indexed yet
  // Found from their rows, newest first, each word of three characters or more required.
  auto found = found_by_text(*repo, "楼道堆放杂物");
  REQUIRE(found.size() == static_cast<std::size_t>(std::min<std::int64_t>(CaseFilter{}.limit, every - 2)));
  CHECK(found.front() == "第" + std::to_string(every - 1) + "号楼楼道堆放杂物");
  CHECK(found_by_text(*repo, "第1号楼 堆放杂物") == std::vector<std::string>{"第1号楼楼道堆放杂物"});
  CHECK(found_by_text(*repo, "车库积水") == std::vector<std::string>{"地下车库积水严重"});
  CHECK(found_by_text(*repo, "第2号楼").empty());  // its title before

  // The case that makes the bound: all are indexed in its commit, and found the same.
  REQUIRE(write(*repo, [&](WriteView& w) { return file_titled(w, number_of(every), "消防通道被占用"); }).is_ok());
  CHECK(pending() == 0);
  CHECK(found_by_text(*repo, "第1号楼 堆放杂物") == std::vector<std::string>{"第1号楼楼道堆放杂物"});
  CHECK(found_by_text(*repo, "车库积水") == std::vector<std::string>{"地下车库积水严重"});
  CHECK(found_by_text(*repo, "消防通道") == std::vector<std::string>{"消防通道被占用"});
  // An indexed case and a pending one, newest first.
  REQUIRE(write(*repo, [&](WriteView& w) { return file_titled(w, number_of(every + 1), "消防通道堆放电动车"); }).is_ok());
  CHECK(pending() == 1);
  CHECK(found_by_text(*repo, "消防通道") == std::vector<std::string>{"消防通道堆放电动车", "消防通道被占用"});
  check_search_index(path);
}

namespace {

// Builds a database of schema `version` at `path`, filled by `fill` in one transaction.
void build_older(const std::string& path, int version, const std::function<void(storage::SqlView&)>& fill) {
  storage::Connection c(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 1000);
  storage::configure_writer(c.db());
  REQUIRE(storage::migrate(c.db(), version).is_ok());
  storage::SqlView view(c);
  c.db().exec("BEGIN");
  fill(view);
  c.db().exec("COMMIT");
}

}  // namespace

TEST_CASE("a version 16 database keeps its search and indexes its new cases at commit", "[sqlite][search]") {
  TempDir dir;
  const std::string path = dir.file("v16.db");
  build_older(path, 16, [&](storage::SqlView& view) {
    // The case alone: this build's events no longer fit version 16's table (the case number).
    Case first = sample_case(number_of(1));
    first.title = "小区路灯不亮已经三天";
    first.description = "";
    REQUIRE(view.insert_case(first).is_ok());
  });
  auto repo = open_sqlite(path);
  CHECK(found_by_text(*repo, "路灯不亮") == std::vector<std::string>{"小区路灯不亮已经三天"});
  REQUIRE(write(*repo, [](WriteView& w) { return file_titled(w, number_of(2), "楼道堆放杂物影响通行"); }).is_ok());
  CHECK(found_by_text(*repo, "堆放杂物") == std::vector<std::string>{"楼道堆放杂物影响通行"});
  check_search_index(path);
}

TEST_CASE("a version 24 database gains the suggestion's index with kind and address",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v24.db");
  CaseId near_one = 0, far_one = 0;
  build_older(path, 24, [&](storage::SqlView& view) {
    Case near = sample_case(number_of(1));
    near.location = Location{41, "和平里3号楼2单元"};
    near.created_at = near.updated_at = 2000;
    REQUIRE(view.insert_case(near).is_ok());
    Case far = sample_case(number_of(2));
    far.location = Location{41, "和平里9号楼"};
    far.created_at = far.updated_at = 3000;
    REQUIRE(view.insert_case(far).is_ok());
    near_one = near.id;
    far_one = far.id;
  });
  auto repo = open_sqlite(path);
  const NearFilter same_address = [](UnitId, CaseKind, const std::string& address) {
    return address == "和平里3号楼2单元";
  };
  auto near = read_ok<std::vector<Case>>(*repo, [&](ReadView& r) {
    return r.cases_near({41}, {sample_case(number_of(3)).category_code}, 0, 10000, 10, same_address);
  });
  REQUIRE(ids_of(near) == std::vector<CaseId>{near_one});
  CHECK(near[0].location.address == "和平里3号楼2单元");
  CHECK(ids_of(read_ok<std::vector<Case>>(*repo, [&](ReadView& r) {
          return r.cases_near({41}, {sample_case(number_of(3)).category_code}, 0, 10000, 10, {});
        })) == std::vector<CaseId>{far_one, near_one});
  repo.reset();
  // The place of each candidate comes from the index (the statements' plans are checked in "the
  // scheduler's and the lists' statements ... use their indexes").
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  std::vector<std::string> columns;
  SQLite::Statement info(raw, "SELECT name FROM pragma_index_info('cases_place_time') ORDER BY seqno");
  while (info.executeStep()) columns.push_back(info.getColumn(0).getString());
  CHECK(columns == std::vector<std::string>{"location_unit_id", "category_code", "created_at", "kind", "address"});
}

TEST_CASE("a version 25 database forgets its old request records through the new index", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v25.db");
  build_older(path, 25, [&](storage::SqlView& view) {
    for (int i = 0; i < 5; ++i) {
      REQUIRE(view.save_request(RequestRecord{7, "r" + std::to_string(i), "fp", 1, 1, 1000 + i}).is_ok());
    }
    REQUIRE(view.save_request(RequestRecord{kSystemActor, "import:k:open", "fp", 1, 1, 10}).is_ok());
  });
  auto repo = open_sqlite(path);
  int forgotten = -1;
  REQUIRE(write(*repo, [&](WriteView& w) -> Status {
            auto n = w.forget_requests(1003, 100);
            if (!n) return n.status();
            forgotten = *n;
            return Status{};
          }).is_ok());
  CHECK(forgotten == 3);
  CHECK(read_status(*repo, [](ReadView& v) { return v.find_request(7, "r2").status(); }).code() == Code::kNotFound);
  CHECK(read_status(*repo, [](ReadView& v) { return v.find_request(7, "r3").status(); }).is_ok());
  CHECK(read_status(*repo, [](ReadView& v) { return v.find_request(kSystemActor, "import:k:open").status(); }).is_ok());
}

TEST_CASE("a version 26 database keeps each case's history by case, every event as it was", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("v26.db");
  // Three cases whose events interleave in time, as they do in a sub-district's day.
  std::map<CaseId, std::vector<Event>> written;
  build_older(path, 26, [&](storage::SqlView& view) {
    std::vector<Case> cases;
    for (int i = 1; i <= 3; ++i) {
      Case c = sample_case(number_of(i));
      REQUIRE(view.insert_case(c).is_ok());
      cases.push_back(c);
    }
    for (int round = 0; round < 4; ++round) {
      for (const Case& c : cases) {
        Event e = sample_event(c.id, c.number);
        e.action = round == 0 ? Action::kCreate : Action::kAccept;
        e.at = 1000 * round + c.id;
        e.reason = "第" + std::to_string(round) + "次 " + c.number;
        e.details["round"] = std::to_string(round);
        e.case_version = round + 1;
        REQUIRE(view.append_event(e).is_ok());
        written[c.id].push_back(e);
      }
    }
  });
  auto repo = open_sqlite(path);
  auto same = [](const Event& a, const Event& b) {
    return a.seq == b.seq && a.case_id == b.case_id && a.case_number == b.case_number && a.at == b.at &&
           a.action == b.action && a.reason == b.reason && a.details == b.details && a.case_version == b.case_version &&
           a.actor_id == b.actor_id && a.case_kind == b.case_kind && a.handling_unit_id == b.handling_unit_id &&
           a.location_unit_id == b.location_unit_id;
  };
  for (const auto& [id, events] : written) {
    auto history = read_ok<std::vector<Event>>(*repo, [id = id](ReadView& r) { return r.case_history(id); });
    REQUIRE(history.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      INFO("case " << id << " event " << i);
      CHECK(same(history[i], events[i]));
    }
  }
  // The feed still reads every event in the order they happened, from any point.
  auto all = read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.events_since(1, 100); });
  CHECK(seqs_of(all) == std::vector<Seq>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(seqs_of(read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.events_since(5, 3); })) ==
        std::vector<Seq>{5, 6, 7});
  // A new event follows the last one.
  Seq next = 0;
  REQUIRE(write(*repo, [&](WriteView& w) -> Status {
            Event e = sample_event(written.begin()->first, number_of(1));
            auto seq = w.append_event(e);
            if (!seq) return seq.status();
            next = *seq;
            return Status::ok();
          }).is_ok());
  CHECK(next == 13);
  CHECK(read_ok<std::vector<Event>>(*repo, [&](ReadView& r) { return r.case_history(written.begin()->first); })
            .back()
            .seq == 13);
  repo.reset();
  // Kept by case and seq, with seq unique across all cases.
  SQLite::Database raw(path, SQLite::OPEN_READWRITE);
  CHECK(raw.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'events'").getString().find("WITHOUT ROWID") !=
        std::string::npos);
  std::vector<std::string> key;
  SQLite::Statement pk(raw, "SELECT name FROM pragma_index_info((SELECT name FROM pragma_index_list('events') "
                            "WHERE origin = 'pk'))");
  while (pk.executeStep()) key.push_back(pk.getColumn(0).getString());
  CHECK(key == std::vector<std::string>{"case_id", "seq"});
  CHECK_THROWS(raw.exec("INSERT INTO events SELECT seq, case_id + 1, actor_id, at, action, from_state, to_state, "
                        "from_level, to_level, reason, details, case_version, case_kind, handling_unit_id, "
                        "location_unit_id FROM events WHERE seq = 1"));
}

TEST_CASE("an update changes the indexed columns it changes and leaves the others found as before",
          "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("update.db");
  auto repo = open_sqlite(path);
  Case c = sample_case(number_of(1));
  c.state = CaseState::kAccepted;
  c.level = Level::kGrid;
  c.colour = Colour::kGreen;
  c.clocks.clear();
  c.next_due = 0;
  c.id = insert_case(*repo, c);
  Case other = sample_case(number_of(2));
  const CaseId other_id = insert_case(*repo, other);

  auto listed = [&](const std::function<void(CaseFilter&)>& set) {
    return ids_of(read_ok<std::vector<Case>>(*repo, [&](ReadView& r) {
      CaseFilter f;
      set(f);
      return r.list_cases(f);
    }));
  };
  auto update = [&](const Case& next) {
    REQUIRE(write(*repo, [&](WriteView& w) { return w.update_case(next); }).is_ok());
  };
  const std::vector<CaseId> just{c.id};

  // Every indexed column the engine changes, changed at once.
  Case moved = c;
  moved.state = CaseState::kInProgress;
  moved.handling_unit_id = 77;
  moved.assignee_user_id = 70;
  moved.leader_user_id = 71;
  moved.level = Level::kCommunity;
  moved.merged_into = other_id;
  moved.title = "五楼厨房漏水";
  moved.clocks = {sample_clock()};
  moved.next_due = 1764003600000;
  moved.version = 2;
  update(moved);
  CHECK(listed([](CaseFilter& f) { f.states = {CaseState::kInProgress}; }) == just);
  CHECK(listed([](CaseFilter& f) { f.states = {CaseState::kAccepted}; }).empty());
  CHECK(listed([](CaseFilter& f) { f.units = {77}; }) == just);
  CHECK(listed([](CaseFilter& f) { f.assignee = 70; }) == just);
  CHECK(listed([](CaseFilter& f) { f.leader = 71; }) == just);
  CHECK(listed([](CaseFilter& f) { f.needs_attention = true; }) == std::vector<CaseId>{other_id, c.id});
  CHECK(listed([](CaseFilter& f) { f.text = "五楼厨房"; }) == just);
  CHECK(listed([](CaseFilter& f) { f.text = "三楼漏水"; }) == std::vector<CaseId>{other_id});
  auto due = read_ok<std::vector<CaseId>>(*repo, [](ReadView& r) { return r.due_cases(1764003600000, 10); });
  std::sort(due.begin(), due.end());
  CHECK(due == std::vector<CaseId>{c.id, other_id});
  CHECK(dump(read_ok<Case>(*repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(moved));

  // Only columns no index reads: the index entries stay as they were, and still find the case.
  Case urged = moved;
  urged.urge_count += 1;
  urged.reopen_count += 1;
  urged.version = 3;
  update(urged);
  CHECK(listed([](CaseFilter& f) { f.states = {CaseState::kInProgress}; }) == just);
  CHECK(listed([](CaseFilter& f) { f.units = {77}; }) == just);
  CHECK(listed([](CaseFilter& f) { f.text = "五楼厨房"; }) == just);
  CHECK(dump(read_ok<Case>(*repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(urged));
  check_search_index(path);

  // A case that is not there is said so.
  Case missing = urged;
  missing.id = 999;
  missing.number = number_of(999);
  CHECK(write(*repo, [&](WriteView& w) { return w.update_case(missing); }).reason() == "CASE_NOT_FOUND");
}

}  // namespace gridcase::testing

namespace gridcase::testing {

// Version 19 stores less per case (issue 18): events without their case's number, a hex
// fingerprint as its bytes, clocks in a binary form, kind records without their empty members.
// A database of version 18 is rewritten so when it is opened, and reads as it did.
TEST_CASE("a version 18 database is rewritten in the shorter forms of version 19 and reads the same",
          "[sqlite][upgrade]") {
  TempDir dir;
  const std::string path = dir.file("v18.db");
  // As version 18 wrote them: every member, empty or not. A session held at a place named "0"
  // keeps its name (only numbers of 0 are left out).
  const std::string mediation =
      R"({"ag.details":"0","ag.disputed":"","ag.drafted_at":"0","ag.effective_at":"0","ag.facts":"",)"
      R"("ag.marks":"","ag.mediator_signed":"0","ag.mediator_signed_at":"0","ag.parties_info":"",)"
      R"("ag.responsibilities":"","ag.sealed":"0","ag.signed_at":"","ag.signing_mediator":"0",)"
      R"("ag.terms":"0","chosen":"0","committee":"8","consents":"1,0","follow_ups":"0",)"
      R"("has_agreement":"0","mediators":"12","not_performed":"0","police":"0","referral":"0",)"
      R"("referral_note":"","risk":"0","s.0.a.0":"张伟","s.0.at":"1764000000000","s.0.attendees":"1",)"
      R"("s.0.by":"12","s.0.kind":"2","s.0.place":"0","s.0.record":"双方同意调解","sessions":"1"})";
  const std::string hotline =
      R"({"appeal_pending":"0","appeal_reason":"","callbacks":"0","class":"2","order_no":"GD-1",)"
      R"("reply":"","solved":"0","sub_district":"3"})";
  const std::string hex_fingerprint = "0123456789abcdef00ff0123456789ab";

  Case dispute = sample_case(number_of(1));
  dispute.id = 1;
  REQUIRE(storage::decode_mediation(mediation, dispute.mediation));
  // Columns of later versions than 1 that the version-1 insert below leaves at their defaults.
  for (Case* c : {&dispute}) {
    c->policy_id = 0;
    c->policy_version = 0;
    c->next_due = 0;
    c->colour = Colour::kGreen;
    c->extension_clock = ClockKind::kUnspecified;
    c->extension_ms = 0;
    c->extension_requested_by = 0;
    c->complained_unit_id = 0;
  }
  Case order = dispute;
  order.id = 2;
  order.number = number_of(2);
  order.kind = CaseKind::kHotline;
  order.mediation = Mediation{};
  order.clocks.clear();
  REQUIRE(storage::decode_hotline(hotline, order.hotline));
  Event created = sample_event(1, dispute.number);
  created.seq = 1;
  created.action = Action::kCreate;
  created.details = {{"note", "登记"}};  // insert_v1_event writes only a plain note
  Event escalated = sample_event(1, dispute.number);
  escalated.seq = 2;
  escalated.details = {{"note", "上报社区"}};
  Event other = sample_event(2, order.number);
  other.seq = 3;
  other.details.clear();

  std::int64_t bytes_before = 0;
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::configure_writer(raw);
    REQUIRE(storage::migrate(raw, 18).is_ok());
    SQLite::Transaction tx(raw);
    for (const Case* c : {&dispute, &order}) {
      insert_v1_case(raw, *c);
      SQLite::Statement s(raw, "UPDATE cases SET clocks = ?, mediation = ?, hotline = ? WHERE id = ?");
      s.bind(1, storage::encode_case_clocks_text(c->clocks));
      s.bind(2, c == &dispute ? mediation : std::string());
      s.bind(3, c == &order ? hotline : std::string());
      s.bind(4, c->id);
      REQUIRE(s.exec() == 1);
    }
    for (const Event* e : {&created, &escalated, &other}) insert_v1_event(raw, *e);
    raw.exec("INSERT INTO requests(user_id, request_id, fingerprint, case_id, version, at, made_id) VALUES "
             "(7, 'r-hex', '" + hex_fingerprint + "', 1, 11, 1000, 0), "
             "(7, 'r-odd', '12345', 1, 10, 900, 0), "
             "(7, 'r-upper', 'ABCDEF', 2, 3, 800, 0)");
    tx.commit();
    bytes_before = raw.execAndGet("SELECT sum(length(CAST(clocks AS BLOB)) + length(CAST(mediation AS BLOB)) + "
                                  "length(CAST(hotline AS BLOB))) FROM cases").getInt64() +
                   raw.execAndGet("SELECT sum(length(CAST(fingerprint AS BLOB))) FROM requests").getInt64();
  }

  auto repo = open_sqlite(path);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == storage::kSchemaVersion);
    const auto columns = table_columns(raw, "events");
    CHECK(std::find(columns.begin(), columns.end(), "case_number") == columns.end());
    CHECK(raw.execAndGet("SELECT typeof(fingerprint) || length(fingerprint) FROM requests "
                         "WHERE request_id = 'r-hex'").getString() == "blob16");
    // Not lowercase hex of even length: kept as the text it is.
    CHECK(raw.execAndGet("SELECT count(*) FROM requests WHERE typeof(fingerprint) = 'text'").getInt() == 2);
    CHECK(raw.execAndGet("SELECT count(*) FROM cases WHERE typeof(clocks) = 'blob'").getInt() == 2);
    CHECK(raw.execAndGet("SELECT count(*) FROM events WHERE typeof(details) = 'blob'").getInt() == 3);
    const std::int64_t bytes_after =
        raw.execAndGet("SELECT sum(length(CAST(clocks AS BLOB)) + length(CAST(mediation AS BLOB)) + "
                       "length(CAST(hotline AS BLOB))) FROM cases").getInt64() +
        raw.execAndGet("SELECT sum(length(CAST(fingerprint AS BLOB))) FROM requests").getInt64();
    INFO(bytes_before << " bytes before, " << bytes_after << " after");
    CHECK(bytes_after * 2 < bytes_before);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }

  // The cases, their history and the requests read back as version 18 stored them.
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); })) == dump(dispute));
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(2); })) == dump(order));
  const Case read = read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); });
  REQUIRE(read.mediation.sessions.size() == 1);
  CHECK(read.mediation.sessions[0].place == "0");
  CHECK(read.mediation.committee_unit_id == 8);
  CHECK(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(2); }).hotline.intake.order_no == "GD-1");
  auto history = read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.events_since(1, 10); });
  REQUIRE(history.size() == 3);
  CHECK(dump(history[0]) == dump(created));
  CHECK(dump(history[1]) == dump(escalated));
  CHECK(dump(history[2]) == dump(other));
  CHECK(read_ok<RequestRecord>(*repo, [](ReadView& r) { return r.find_request(7, "r-hex"); }).fingerprint ==
        hex_fingerprint);
  CHECK(read_ok<RequestRecord>(*repo, [](ReadView& r) { return r.find_request(7, "r-odd"); }).fingerprint ==
        "12345");
  CHECK(read_ok<RequestRecord>(*repo, [](ReadView& r) { return r.find_request(7, "r-upper"); }).fingerprint ==
        "ABCDEF");

  // Written again, the cases keep the short forms and read the same; so do a new event and a
  // new request.
  Event urged = sample_event(1, dispute.number);
  urged.details = {{"urge_count", "6"}, {"note", "请尽快处理"}};
  const std::string next_fingerprint = "ffeeddccbbaa99887766554433221100";
  REQUIRE(write(*repo, [&](WriteView& w) {
            Status s = w.update_case(read);
            if (s.is_ok()) s = w.append_event(urged).status();
            if (s.is_ok()) s = w.save_request({7, "r-next", next_fingerprint, 1, 12, 2000, 0});
            return s;
          }).is_ok());
  CHECK(dump(read_ok<Case>(*repo, [](ReadView& r) { return r.get_case(1); })) == dump(dispute));
  history = read_ok<std::vector<Event>>(*repo, [](ReadView& r) { return r.case_history(1); });
  REQUIRE(history.size() == 3);
  CHECK(dump(history[2]) == dump(urged));
  CHECK(read_ok<RequestRecord>(*repo, [](ReadView& r) { return r.find_request(7, "r-next"); }).fingerprint ==
        next_fingerprint);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    const std::string stored = raw.execAndGet("SELECT mediation FROM cases WHERE id = 1").getString();
    CHECK(stored.find("\"ag.facts\"") == std::string::npos);
    CHECK(stored.find("\"s.0.place\":\"0\"") != std::string::npos);
    CHECK(raw.execAndGet("SELECT typeof(clocks) FROM cases WHERE id = 1").getString() == "blob");
    CHECK(raw.execAndGet("SELECT typeof(details) FROM events WHERE seq = 4").getString() == "blob");
    CHECK(raw.execAndGet("SELECT typeof(fingerprint) FROM requests WHERE request_id = 'r-next'").getString() ==
          "blob");
  }
}

}  // namespace gridcase::testing

namespace gridcase::testing {

// The binary form keeps some times as differences (schema version 19); any values come back.
TEST_CASE("clocks in the binary form read back exactly, whatever their values", "[sqlite]") {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::vector<CaseClock> clocks = {sample_clock(), sample_clock(), sample_clock(), CaseClock{}};
  clocks[1].since = kMin;
  clocks[1].started_at = kMax;
  clocks[1].warn_at = -1;
  clocks[1].deadline = kMin;
  clocks[1].base_budget_ms = kMax;
  clocks[1].budget_ms = kMin;
  clocks[2].used_ms = kMax;
  clocks[2].extensions = std::numeric_limits<int>::min();
  clocks[2].warn_percent = std::numeric_limits<int>::max();
  const std::string stored = storage::encode_case_clocks(clocks);
  std::vector<CaseClock> read;
  REQUIRE(storage::decode_case_clocks(stored, read));
  REQUIRE(read.size() == clocks.size());
  for (std::size_t i = 0; i < clocks.size(); ++i) CHECK(dump(read[i]) == dump(clocks[i]));
  // A running clock takes less than half the bytes of the text form of versions 10 to 18.
  CHECK(storage::encode_case_clocks({sample_clock()}).size() * 2 <
        storage::encode_case_clocks_text({sample_clock()}).size());
  CHECK(storage::decode_case_clocks(storage::encode_case_clocks({}), read));
  CHECK(read.empty());
  CHECK_FALSE(storage::decode_case_clocks(std::string("\x01\x02\x04", 3), read));  // not 17 fields
  CHECK_FALSE(storage::decode_case_clocks(std::string("\x01\x80", 2), read));      // a varint cut short
}

TEST_CASE("compact gives the file's free pages back and keeps every case", "[sqlite]") {
  TempDir dir;
  const std::string path = dir.file("compact.db");
  {
    auto repo = open_sqlite(path);
    for (int i = 1; i <= 50; ++i) {
      REQUIRE(write(*repo, [i](WriteView& w) { return file_case(w, number_of(i)); }).is_ok());
    }
    repo->close();
  }
  {
    // Free pages inside the file, as rows that shrank leave them.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("CREATE TABLE scratch(x); "
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
             "INSERT INTO scratch SELECT randomblob(1000) FROM n; DROP TABLE scratch;");
    raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    REQUIRE(raw.execAndGet("PRAGMA freelist_count").getInt() > 400);
  }
  auto sizes = SqliteRepository::compact(path);
  REQUIRE(sizes.is_ok());
  CHECK(sizes->second < sizes->first - 1000000);
  CHECK(static_cast<std::int64_t>(std::filesystem::file_size(path)) == sizes->second);
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA freelist_count").getInt() == 0);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  auto repo = open_sqlite(path);
  CHECK(case_count(*repo) == 50);
  // No database there: said so, and none made.
  auto missing = SqliteRepository::compact(dir.file("none.db"));
  CHECK(missing.status().reason() == "DATABASE_NOT_FOUND");
  CHECK_FALSE(std::filesystem::exists(dir.file("none.db")));
}

}  // namespace gridcase::testing
