// What the PostgreSQL store promises beyond the contract suite (which runs on it as PgStore):
// it refuses databases it must not use, seeds what SQLite seeds, searches text exactly as
// SQLite does, survives a lost connection, and keeps one gapless event sequence in commit
// order when two repositories (two servers) write to one database at once. Each test runs on a
// database of its own on the test run's cluster (PgDatabase).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

using Ids = std::vector<CaseId>;

Ids text_search(Repository& repo, const std::string& text) {
  CaseFilter f;
  f.text = text;
  f.limit = 0x7fff;
  return ids_of(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.list_cases(f); }));
}

}  // namespace

TEST_CASE("PostgreSQL: a database of a newer schema or of another application is refused at open",
          "[pg]") {
  PgDatabase newer;
  open_pg(newer.conninfo())->close();
  newer.run("UPDATE gridcase_schema SET version = version + 1");
  auto opened = storage::PgRepository::open(newer.conninfo());
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().reason() == "DATABASE_TOO_NEW");

  PgDatabase other;
  other.run("CREATE TABLE invoices (id bigint PRIMARY KEY)");
  opened = storage::PgRepository::open(other.conninfo());
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().reason() == "NOT_A_GRIDCASE_DATABASE");
}

TEST_CASE("PostgreSQL: a database whose lc_ctype hides Chinese from pg_trgm is refused at open, left empty",
          "[pg]") {
  PgDatabase blind("TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'");
  auto opened = storage::PgRepository::open(blind.conninfo());
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kFailedPrecondition);
  CHECK(opened.status().reason() == "DATABASE_LOCALE_UNSUITABLE");
  CHECK(opened.status().message().find("C.UTF-8") != std::string::npos);
  // Nothing was kept: these fail (throw) when the table or the extension exists.
  blind.run("CREATE TABLE cases (id integer)");
  blind.run("CREATE EXTENSION pg_trgm");

  PgDatabase fine("TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C'");
  CHECK(storage::PgRepository::open(fine.conninfo()).is_ok());
}

TEST_CASE("PostgreSQL: an unreachable server is UNAVAILABLE STORAGE_FAULT at open", "[pg]") {
  TempDir dir;  // a socket folder with no server in it
  auto opened = storage::PgRepository::open("host=" + dir.file("") + " port=1 dbname=none connect_timeout=2");
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kUnavailable);
  CHECK(opened.status().reason() == "STORAGE_FAULT");
}

TEST_CASE("PostgreSQL: a new database is seeded as a new SQLite file is, once, whoever opens it", "[pg]") {
  PgStore pg;
  SqliteStore sqlite;
  auto categories = [](Repository& repo) {
    std::vector<std::string> out;
    for (const Category& c : read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); })) {
      out.push_back(dump(c));
    }
    return out;
  };
  auto policies = [](Repository& repo) {
    std::vector<std::string> out;
    for (const DeadlinePolicy& p :
         read_ok<std::vector<DeadlinePolicy>>(repo, [](ReadView& r) { return r.load_policies(); })) {
      out.push_back(dump(p));
    }
    return out;
  };
  auto years = [](Repository& repo) {
    return read_ok<std::map<int, std::string>>(repo, [](ReadView& r) { return r.load_calendar_years(); });
  };
  CHECK_FALSE(categories(pg.repo()).empty());
  CHECK(categories(pg.repo()) == categories(sqlite.repo()));
  CHECK(policies(pg.repo()) == policies(sqlite.repo()));
  CHECK(years(pg.repo()) == years(sqlite.repo()));

  // A second server opening the same database seeds nothing again; an edited year stays. It
  // names the database by a postgresql:// URI (the key=value form is what the fixture gives).
  const int year = years(pg.repo()).begin()->first;
  REQUIRE(write(pg.repo(), [&](WriteView& w) { return w.save_calendar_year(year, "edited"); }).is_ok());
  std::map<std::string, std::string> keys;
  {
    std::istringstream words(pg.database.conninfo());
    std::string word;
    while (words >> word) keys[word.substr(0, word.find('='))] = word.substr(word.find('=') + 1);
  }
  const std::string uri = "postgresql://" + keys.at("user") + "@/" + keys.at("dbname") + "?host=" + keys.at("host") +
                          "&port=" + keys.at("port");
  auto second = open_pg(uri);
  CHECK(policies(*second) == policies(sqlite.repo()));
  CHECK(years(*second).at(year) == "edited");
}

TEST_CASE("PostgreSQL: servers starting at once on a new database migrate and seed it once", "[pg]") {
  PgDatabase database;
  SqliteStore sqlite;
  constexpr int kServers = 4;
  std::vector<Result<std::unique_ptr<storage::PgRepository>>> opened;
  for (int i = 0; i < kServers; ++i) opened.emplace_back(Status(reason::STORAGE_ERROR, "not opened"));
  {
    std::vector<std::thread> starting;
    for (int i = 0; i < kServers; ++i) {
      starting.emplace_back([&, i] { opened[static_cast<std::size_t>(i)] = storage::PgRepository::open(database.conninfo()); });
    }
    for (auto& t : starting) t.join();
  }
  for (auto& o : opened) REQUIRE(o.is_ok());
  auto policies = [](Repository& repo) {
    return read_ok<std::vector<DeadlinePolicy>>(repo, [](ReadView& r) { return r.load_policies(); });
  };
  auto categories = [](Repository& repo) {
    return read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); });
  };
  // Seeded twice, the policies would hold each default twice under new ids.
  CHECK(policies(**opened[0]).size() == policies(sqlite.repo()).size());
  CHECK(categories(**opened[kServers - 1]).size() == categories(sqlite.repo()).size());
}

TEST_CASE("PostgreSQL: text search answers exactly as SQLite for 1, 2, 3 and more characters, % and _ literal",
          "[pg]") {
  PgStore pg;
  SqliteStore sqlite;
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"群众反映噪音扰民", "夜间施工噪音"},
      {"噪音", "楼下广场舞"},
      {"漏水", "三楼卫生间漏水，楼下天花板发霉"},
      {"100% 完成", "进度_已完成"},
      {"50%折扣", "a_b c%d"},
      {"Noise complaint", "noise at NIGHT"},
      {"路灯不亮", "幸福路8号路灯坏了"},
      {"扰民", ""},
      {"反映噪", "音量大"},  // a word across title and description is in neither
  };
  int n = 0;
  for (const auto& [title, description] : texts) {
    Case c = sample_case("XC-2026-" + std::to_string(100000 + ++n));
    c.title = title;
    c.description = description;
    CHECK(insert_case(pg.repo(), c) == insert_case(sqlite.repo(), c));
  }
  const std::vector<std::string> queries = {
      "噪",    "音",   "噪音", "扰民",   "噪音扰", "群众反映噪音", "漏", "发霉",  "%",   "_",
      "%完",  "0%",   "a_b",  "c%d",    "_已",    "Noise",       "noise", "NOISE", "nois", "路灯 幸福",
      "噪音 扰民", "噪音　施工", "不存在", "楼下", "8号", "ab",     "a%b",   "",      " ",   "　"};
  for (const std::string& q : queries) {
    INFO("query: [" << q << "]");
    CHECK(text_search(pg.repo(), q) == text_search(sqlite.repo(), q));
  }
  // Not vacuous: the answers differ by query.
  CHECK(text_search(pg.repo(), "噪音").size() == 2);
  CHECK(text_search(pg.repo(), "%").size() == 2);
  CHECK(text_search(pg.repo(), "_").size() == 2);
}

TEST_CASE("PostgreSQL: a connection lost mid-call answers UNAVAILABLE STORAGE_FAULT, leaves nothing, "
          "and the next call reconnects",
          "[pg]") {
  PgStore store;
  Repository& repo = store.repo();
  const CaseId id = insert_case(repo, sample_case("XC-2026-000001"));
  // Ends every other connection to the database (the store's), waiting until they are gone.
  auto kill_connections = [&] {
    store.database.run("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  };

  Status read = read_status(repo, [&](ReadView& r) -> Status {
    kill_connections();
    return r.get_case(id).status();
  });
  CHECK(read.code() == Code::kUnavailable);
  CHECK(read.reason() == "STORAGE_FAULT");

  Event lost = sample_event(id, "XC-2026-000001");
  Status written = write(repo, [&](WriteView& w) -> Status {
    GRIDCASE_RETURN_IF_ERROR(w.append_event(lost).status());
    kill_connections();
    return w.append_event(lost).status();
  });
  CHECK(written.code() == Code::kUnavailable);
  CHECK(written.reason() == "STORAGE_FAULT");

  // Connections found dead before a call begins are replaced without a fault.
  kill_connections();
  for (int i = 0; i < 6; ++i) {
    CHECK(read_status(repo, [&](ReadView& r) { return r.get_case(id).status(); }).is_ok());
  }
  Event e = sample_event(id, "XC-2026-000001");
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_event(e).status(); }).is_ok());
  CHECK(e.seq == 1);  // the lost write left nothing
  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) == 1);
}

TEST_CASE("PostgreSQL: a server that takes no writes is refused at open with DATABASE_READ_ONLY, left as it was",
          "[pg]") {
  PgDatabase read_only;
  read_only.run("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', "
                "current_database()); END $$");
  auto opened = storage::PgRepository::open(read_only.conninfo());
  REQUIRE_FALSE(opened.is_ok());
  CHECK(opened.status().code() == Code::kFailedPrecondition);
  CHECK(opened.status().reason() == "DATABASE_READ_ONLY");
  CHECK(opened.status().message().find("target_session_attrs=read-write") != std::string::npos);
  // Nothing was made: this fails (throws) when the table exists.
  read_only.run("BEGIN READ WRITE; CREATE TABLE gridcase_schema (version integer); ROLLBACK");
}

// The server goes away and comes back as one that takes no writes (a standby, as after a
// failover before the promotion), then takes writes again: meanwhile reads and writes answer
// UNAVAILABLE, the ones that arrive during the wait after a failed attempt without trying, and
// nothing of a failed write is kept; then the repository reconnects by itself.
TEST_CASE("PostgreSQL: after losing its server the repository waits between attempts, answers UNAVAILABLE "
          "meanwhile with nothing applied, and reconnects by itself",
          "[pg]") {
  PgDatabase database;
  storage::PgOptions options;
  options.reconnect_first_ms = 3000;  // long enough that the second call surely falls inside it
  options.reconnect_most_ms = 3000;
  auto pg = open_pg(database.conninfo(), options);
  Repository& repo = *pg;
  const CaseId id = insert_case(repo, sample_case("XC-2026-000001"));
  auto append = [&] {
    Event e = sample_event(id, "XC-2026-000001");
    return write(repo, [&](WriteView& w) { return w.append_event(e).status(); });
  };
  REQUIRE(append().is_ok());

  auto set_read_only = [&](const char* on) {
    database.run(std::string("BEGIN READ WRITE; DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET "
                             "default_transaction_read_only = ") +
                 on + "', current_database()); END $$; COMMIT");
  };
  set_read_only("on");
  database.run("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
               "WHERE datname = current_database() AND pid <> pg_backend_pid()");

  // The first call after the loss tries, and finds a server that takes no writes.
  Status first = append();
  CHECK(first.code() == Code::kUnavailable);
  CHECK(first.reason() == "STORAGE_FAULT");
  CHECK(first.message().find("read-only") != std::string::npos);
  // The next ones, within the wait, do not try.
  Status waiting = append();
  CHECK(waiting.reason() == "STORAGE_FAULT");
  CHECK(waiting.message().find("next attempt") != std::string::npos);
  Status read = read_status(repo, [&](ReadView& r) { return r.get_case(id).status(); });
  CHECK(read.reason() == "STORAGE_FAULT");

  set_read_only("off");
  Status again;
  for (int i = 0; i < 300; ++i) {  // up to 30 s: the wait is 3 s
    again = append();
    if (again.is_ok()) break;
    REQUIRE(again.reason() == "STORAGE_FAULT");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(again.is_ok());
  CHECK(read_status(repo, [&](ReadView& r) { return r.get_case(id).status(); }).is_ok());
  // The first append and the last: the failed ones left nothing.
  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) == 2);
}

// Two repositories on one database stand for two servers: 4 threads each queue writes that
// make a case and append events to it, some failing half way, while a reader follows
// events_since. The seq is 1..N with no hole and each write's events are contiguous; the
// reader never sees a hole or goes backwards; the figures equal a recount.
TEST_CASE("PostgreSQL: two repositories writing at once keep one gapless event sequence in commit order",
          "[pg]") {
  PgDatabase database;
  storage::PgOptions options;
  options.reader_connections = 2;
  auto a = open_pg(database.conninfo(), options);
  auto b = open_pg(database.conninfo(), options);
  constexpr int kThreads = 4;
  constexpr int kWritesPerThread = 500;
  constexpr int kEventsPerWrite = 3;
  std::atomic<bool> writing{true};
  std::atomic<int> ok_writes{0};
  std::atomic<int> failed_writes{0};

  std::vector<std::string> reader_problems;
  std::size_t reader_seen = 0;
  std::thread reader([&] {
    Seq next = 1;
    auto follow = [&] {
      auto events = read_ok<std::vector<Event>>(*b, [&](ReadView& r) { return r.events_since(next, 1000); });
      for (const Event& e : events) {
        if (e.seq != next) reader_problems.push_back("expected seq " + std::to_string(next) + ", read " +
                                                     std::to_string(e.seq));
        next = e.seq + 1;
        ++reader_seen;
      }
    };
    while (writing.load()) follow();
    follow();
  });

  std::vector<std::thread> writers;
  for (int t = 0; t < 2 * kThreads; ++t) {
    Repository& repo = t % 2 == 0 ? static_cast<Repository&>(*a) : static_cast<Repository&>(*b);
    writers.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        const bool fail = i % 7 == 3;  // some writes fail after appending: they leave nothing
        Status s = write(repo, [&](WriteView& w) -> Status {
          Case c = sample_case("XC-" + std::to_string(t) + "-" + std::to_string(i));
          auto id = w.insert_case(c);
          if (!id.is_ok()) return id.status();
          for (int k = 0; k < kEventsPerWrite; ++k) {
            Event e = sample_event(*id, c.number);
            e.action = k == 0 ? Action::kCreate : Action::kComment;
            e.case_version = k + 1;
            auto seq = w.append_event(e);
            if (!seq.is_ok()) return seq.status();
          }
          if (fail) return Status(reason::STORAGE_ERROR, "failing on purpose");
          return Status::ok();
        });
        (s.is_ok() ? ok_writes : failed_writes).fetch_add(1);
      }
    });
  }
  for (auto& w : writers) w.join();
  writing = false;
  reader.join();

  CHECK(reader_problems == std::vector<std::string>{});
  CHECK(failed_writes.load() == 2 * kThreads * (kWritesPerThread / 7 + (kWritesPerThread % 7 > 3 ? 1 : 0)));
  const int n = ok_writes.load() * kEventsPerWrite;
  CHECK(reader_seen == static_cast<std::size_t>(n));
  auto all = read_ok<std::vector<Event>>(*a, [](ReadView& r) { return r.events_since(1, 1 << 20); });
  REQUIRE(all.size() == static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) CHECK(all[static_cast<std::size_t>(i)].seq == i + 1);
  // Each write's events are contiguous: a case's three events are seqs s, s+1, s+2.
  for (int i = 0; i + kEventsPerWrite <= n; i += kEventsPerWrite) {
    for (int k = 1; k < kEventsPerWrite; ++k) {
      CHECK(all[static_cast<std::size_t>(i + k)].case_id == all[static_cast<std::size_t>(i)].case_id);
    }
  }
  CHECK(read_ok<Seq>(*b, [](ReadView& r) { return r.last_seq(); }) == n);
  // The figures kept by both equal a count: every case made once, received once.
  FigureRowQuery q;
  q.units = {41};
  q.from_day = 0;
  q.to_day = 1 << 30;
  auto rows = read_ok<std::vector<FigureRow>>(*a, [&](ReadView& r) { return r.figure_rows(q); });
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].counts[Figure::kReceived] == ok_writes.load());
}

TEST_CASE("PostgreSQL: a case's parties are stored as written by each write of a batch, a rolled-back one "
          "included",
          "[pg]") {
  PgStore store;
  Repository& repo = store.repo();
  Case original = sample_case("XC-2026-000001");
  const CaseId id = insert_case(repo, original);
  original.id = id;
  const std::vector<CaseParty> first = original.parties;
  std::vector<CaseParty> second = first;
  second.push_back(CaseParty{"第二人", "13900000002", "", PartyRole::kRespondent, false});

  // The writer holds a first write until the others are queued, so they share one batch.
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::vector<std::promise<Status>> results(4);
  auto queue = [&](std::size_t i, std::function<Status(WriteView&)> fn) {
    repo.write(std::move(fn), [&results, i](Status s) { results[i].set_value(std::move(s)); });
  };
  queue(0, [&](WriteView&) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return release; });
    return Status::ok();
  });
  // 1: reads the case (its parties as stored), writes `second`, then fails: rolled back.
  queue(1, [&](WriteView& w) -> Status {
    auto c = w.get_case(id);
    if (!c) return c.status();
    c->parties = second;
    GRIDCASE_RETURN_IF_ERROR(w.update_case(*c));
    return Status(reason::CONSTRAINT_VIOLATION, "fails after its update");
  });
  // 2: writes `second` again, without reading first: it must be stored, not taken as unchanged.
  queue(2, [&](WriteView& w) -> Status {
    Case c = original;
    c.parties = second;
    return w.update_case(c);
  });
  // 3: reads it back inside the batch.
  std::vector<CaseParty> seen_in_batch;
  queue(3, [&](WriteView& w) -> Status {
    auto c = w.get_case(id);
    if (!c) return c.status();
    seen_in_batch = c->parties;
    return Status::ok();
  });
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  CHECK(results[0].get_future().get().is_ok());
  CHECK(results[1].get_future().get().reason() == "CONSTRAINT_VIOLATION");
  CHECK(results[2].get_future().get().is_ok());
  CHECK(results[3].get_future().get().is_ok());
  CHECK(seen_in_batch.size() == second.size());
  const Case stored = read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(id); });
  REQUIRE(stored.parties.size() == second.size());
  CHECK(stored.parties.back().name == "第二人");

  // And a write that leaves them as they are keeps them (nothing deleted, nothing lost).
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            auto c = w.get_case(id);
            if (!c) return c.status();
            c->title = "同一当事人";
            return w.update_case(*c);
          }).is_ok());
  const Case kept = read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(id); });
  CHECK(kept.title == "同一当事人");
  CHECK(kept.parties.size() == second.size());
}

}  // namespace gridcase::testing
