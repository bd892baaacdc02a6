#include "gridcase/storage/pg_repository.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "gridcase/log.hpp"
#include "pg_connection.hpp"
#include "pg_events_channel.hpp"
#include "pg_reconnect.hpp"
#include "pg_schema.hpp"
#include "pg_view.hpp"
#include "write_queue.hpp"
#include "seed.hpp"

namespace gridcase::storage {
namespace {

using pg::PgConnection;
using pg::PgError;
using pg::PgView;
using pg::Reconnector;

// Begins a transaction on `c`, (re)connecting first when there is no usable connection. A
// connection that turns out to be dead at BEGIN (the server restarted, or ended it, or failed
// over) is replaced once: nothing of the caller's work has run yet. Throws PgError, at once
// while `reconnector` waits out its delay.
void begin(std::unique_ptr<PgConnection>& c, Reconnector& reconnector, const char* sql) {
  for (int attempt = 0;; ++attempt) {
    if (!c || !c->usable()) {
      c.reset();
      c = reconnector.connect();
    }
    try {
      c->exec(sql);
      return;
    } catch (const PgError&) {
      if (attempt > 0 || c->usable()) throw;
    }
  }
}

// PostgreSQL keeps 64 subtransactions per backend in its cache (PGPROC_MAX_CACHED_SUBXIDS);
// a transaction with more makes every snapshot on the server look them up on disk.
constexpr int kMostSubtransactions = 60;

}  // namespace

struct PgRepository::Impl {
  Impl(const std::string& conninfo, PgOptions options)
      : options(options),
        reconnector(conninfo, std::chrono::milliseconds(options.reconnect_first_ms),
                    std::chrono::milliseconds(options.reconnect_most_ms)) {}

  PgOptions options;
  Reconnector reconnector;  // every connection after the first, writer's and readers'

  std::unique_ptr<PgConnection> writer;  // the writer thread's once it runs
  std::thread writer_thread;
  std::atomic<std::uint64_t> commits{0};

  WriteQueue queue;
  std::mutex close_mu;

  // The deadline leader's lock and its connection (lead_deadline_work).
  std::mutex leader_mu;
  std::unique_ptr<PgConnection> leader;  // guarded by leader_mu
  bool leading = false;                  // guarded by leader_mu

  // The read pool: each slot holds a connection, or none until (re)connected.
  std::vector<std::unique_ptr<PgConnection>> readers;
  std::mutex pool_mu;
  std::condition_variable pool_cv;
  std::vector<std::size_t> idle;

  std::size_t borrow() {
    std::unique_lock<std::mutex> lock(pool_mu);
    pool_cv.wait(lock, [&] { return !idle.empty(); });
    const std::size_t slot = idle.back();
    idle.pop_back();
    return slot;
  }
  void give_back(std::size_t slot) {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      idle.push_back(slot);
    }
    pool_cv.notify_one();
  }

  void writer_loop();
  void run_batch(std::vector<PendingWrite>& batch);
};

void PgRepository::Impl::writer_loop() {
  std::vector<PendingWrite> batch;
  const std::size_t max_batch = static_cast<std::size_t>(std::clamp(options.max_batch, 1, kMostSubtransactions));
  while (queue.take(batch, max_batch)) {
    run_batch(batch);
    batch.clear();
  }
}

// One transaction for the batch: the writers' advisory lock first (READ COMMITTED, so every
// statement after it sees all that committed before), then one savepoint per write; a failing
// write is rolled back to its savepoint alone, a failing BEGIN, lock, savepoint or COMMIT
// undoes the whole batch. `done` is called after COMMIT returned.
//
// Round trips are what a write costs here, so the statements whose answers nothing reads go
// out deferred (PgConnection::defer) with the next one that is read: a write's SAVEPOINT with
// its first read, the previous write's RELEASE with it too, its figures, parties and event rows
// with its next read or the flush that ends it. A write is answered only after that flush has
// brought every one of its statements' answers.
void PgRepository::Impl::run_batch(std::vector<PendingWrite>& batch) {
  std::vector<Status> results(batch.size());
  Status fault;
  bool committing = false;
  try {
    begin(writer, reconnector, "BEGIN ISOLATION LEVEL READ COMMITTED");
    PgConnection& c = *writer;
    PgView view(c);
    view.remember_parties();
    c.exec("SELECT pg_advisory_xact_lock($1::bigint)", pg::Params().add(pg::kWriteLockKey));
    for (std::size_t i = 0; i < batch.size(); ++i) {
      c.defer("SAVEPOINT w");
      Status status;
      try {
        status = batch[i].fn(view);
        if (status.is_ok()) c.flush();  // the write's deferred statements, answered
      } catch (...) {
        status = pg::status_from_current_exception();
      }
      if (!c.usable()) throw PgError("the connection to PostgreSQL was lost: " + status.to_string(), "08006", true);
      if (status.is_ok()) {
        c.defer("RELEASE SAVEPOINT w");
      } else {
        // What the failed write left deferred is undone with it: its answers only drain.
        try {
          c.flush();
        } catch (const PgError& e) {
          if (e.connection_lost()) throw;
        }
        c.exec("ROLLBACK TO SAVEPOINT w");
        c.exec("RELEASE SAVEPOINT w");
        view.forget_parties();
      }
      results[i] = std::move(status);
    }
    // Every server's event feed hears of the new events when this commits (pg_events_channel.hpp).
    if (view.appended_events()) pg::notify_events(c);
    committing = true;
    c.exec("COMMIT");
    commits.fetch_add(1);
  } catch (...) {
    const Status cause = pg::status_from_current_exception();
    log::error("write batch failed", {{"writes", std::to_string(batch.size())}, {"error", cause.to_string()}});
    const bool lost = !writer || !writer->usable();
    if (committing && lost) {
      // The COMMIT went out and its answer did not come back: it may have been applied.
      fault = Status(reason::COMMIT_UNCERTAIN,
                     "the database connection was lost while committing: the change may or may not have been "
                     "applied; resend it with the same request_id to learn which");
    } else {
      fault = Status(reason::STORAGE_FAULT, cause.message().empty() ? cause.to_string() : cause.message());
    }
    if (writer && writer->usable()) {
      try {
        writer->run("ROLLBACK");
      } catch (...) {
        writer.reset();
      }
    } else {
      writer.reset();  // reconnects for the next batch
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) finish(batch[i], fault.is_ok() ? std::move(results[i]) : fault);
}

PgRepository::PgRepository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PgRepository::~PgRepository() { close(); }

Result<std::unique_ptr<PgRepository>> PgRepository::open(const std::string& conninfo, PgOptions options) {
  auto impl = std::make_unique<Impl>(conninfo, options);
  Status status = pg::guarded([&]() -> Status {
    impl->writer = std::make_unique<PgConnection>(conninfo);
    try {
      pg::require_writable(*impl->writer);
    } catch (const PgError& e) {
      if (e.sqlstate() != "25006") throw;
      return Status(reason::DATABASE_READ_ONLY,
                    std::string(e.what()) + ": name the primary, or every host with target_session_attrs=read-write");
    }
    GRIDCASE_RETURN_IF_ERROR(pg::pg_migrate(*impl->writer));
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  {
    // Seeding is a write like any other: under the lock, one transaction.
    Impl* raw = impl.get();
    std::vector<PendingWrite> batch;
    Status seeded;
    batch.push_back({[](WriteView& view) { return seed_defaults(view); }, [&](Status s) { seeded = std::move(s); }});
    raw->run_batch(batch);
    if (!seeded.is_ok()) return seeded;
  }
  status = pg::guarded([&]() -> Status {
    const int reader_count = std::max(1, options.reader_connections);
    for (int i = 0; i < reader_count; ++i) {
      impl->readers.push_back(impl->reconnector.connect());
      impl->idle.push_back(static_cast<std::size_t>(i));
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  Impl* raw = impl.get();
  raw->writer_thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "gc-pg-writer");
    raw->writer_loop();
  });
  log::info("PostgreSQL database opened", {});
  return std::unique_ptr<PgRepository>(new PgRepository(std::move(impl)));
}

Status PgRepository::read(const std::function<Status(ReadView&)>& fn) {
  const std::size_t slot = impl_->borrow();
  struct GiveBack {
    Impl& impl;
    std::size_t slot;
    ~GiveBack() { impl.give_back(slot); }
  } give_back{*impl_, slot};
  std::unique_ptr<PgConnection>& c = impl_->readers[slot];
  return pg::guarded([&]() -> Status {
    begin(c, impl_->reconnector, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    Status status;
    try {
      PgView view(*c);
      status = fn(view);
    } catch (...) {
      status = pg::status_from_current_exception();
    }
    try {
      c->exec("COMMIT");
    } catch (...) {
      if (c->usable()) {
        c->run("ROLLBACK");
      } else if (status.is_ok()) {
        throw;
      }
    }
    return status;
  });
}

void PgRepository::write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) {
  impl_->queue.push(PendingWrite{std::move(fn), std::move(done)});
}

Result<StoreGenerations> PgRepository::generations() {
  const std::size_t slot = impl_->borrow();
  struct GiveBack {
    Impl& impl;
    std::size_t slot;
    ~GiveBack() { impl.give_back(slot); }
  } give_back{*impl_, slot};
  std::unique_ptr<PgConnection>& c = impl_->readers[slot];
  return pg::guarded([&]() -> Result<StoreGenerations> {
    if (!c || !c->usable()) {
      c.reset();
      c = impl_->reconnector.connect();
    }
    pg::Rows rows = c->exec("SELECT config, accounts FROM gridcase_generations");
    StoreGenerations g;
    g.config = rows.i64(0, 0);
    g.accounts = rows.i64(0, 1);
    return g;
  });
}

bool PgRepository::lead_deadline_work() {
  std::lock_guard<std::mutex> lock(impl_->leader_mu);
  Impl& impl = *impl_;
  try {
    if (impl.leading && impl.leader && impl.leader->usable()) {
      // A session that ended took its lock with it: asking the session anything tells.
      impl.leader->exec("SELECT 1");
      return true;
    }
    if (impl.leading) log::warn("the deadline leader's database session ended; no longer leading", {});
    impl.leading = false;
    if (!impl.leader || !impl.leader->usable()) {
      impl.leader.reset();
      impl.leader = impl.reconnector.connect();
    }
    pg::Rows rows = impl.leader->exec("SELECT pg_try_advisory_lock($1::bigint)", pg::Params().add(pg::kDeadlineLeaderKey));
    impl.leading = !rows.empty() && rows.view(0, 0) == "t";
    if (impl.leading) log::info("leading the deadline rounds", {});
    return impl.leading;
  } catch (...) {
    const Status cause = pg::status_from_current_exception();
    if (impl.leading) log::warn("the deadline leader's database session ended; no longer leading", {{"error", cause.to_string()}});
    impl.leading = false;
    if (impl.leader && !impl.leader->usable()) impl.leader.reset();
    return false;
  }
}

void PgRepository::close() {
  std::lock_guard<std::mutex> close_lock(impl_->close_mu);
  impl_->queue.close();
  if (impl_->writer_thread.joinable()) impl_->writer_thread.join();
  std::lock_guard<std::mutex> lock(impl_->leader_mu);
  // Give the lead up before the session ends: the database releases a closed session's locks
  // only once its backend has exited, a moment after the socket closes, and another server
  // asking in that moment would be refused.
  if (impl_->leading && impl_->leader && impl_->leader->usable()) {
    try {
      impl_->leader->exec("SELECT pg_advisory_unlock($1::bigint)", pg::Params().add(pg::kDeadlineLeaderKey));
    } catch (...) {
      // The session is gone already, and its lock with it.
    }
  }
  impl_->leader.reset();
  impl_->leading = false;
}

std::uint64_t PgRepository::commits() const { return impl_->commits.load(); }

}  // namespace gridcase::storage
