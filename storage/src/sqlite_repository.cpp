#include "gridcase/storage/sqlite_repository.hpp"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include "connection.hpp"
#include "errors.hpp"
#include "gridcase/log.hpp"
#include "gridcase/storage/wal_gather_vfs.hpp"
#include "schema.hpp"
#include "sql_view.hpp"
#include "write_queue.hpp"

namespace gridcase::storage {
namespace {



// How much of the database file a reader maps into memory while it maps it (see Reader); SQLite
// caps it at its compile-time maximum.
constexpr long long kReaderMapBytes = 4LL << 30;
// Leases in a row without a commit after which a reader maps the database file again.
constexpr int kQuietLeases = 8;

// WAL frames after which a checkpoint is asked for (SQLite's own default threshold).
constexpr int kCheckpointFrames = 1000;
// WAL frames past which a checkpoint also restarts the WAL, waiting for the writer if it must.
constexpr int kRestartFrames = 8 * kCheckpointFrames;

}  // namespace

struct SqliteRepository::Impl {
  std::string path;
  SqliteOptions options;

  // The writer: one read-write connection, used only by the writer thread once it runs.
  std::unique_ptr<Connection> writer;
  std::unique_ptr<SqlView> writer_view;
  std::thread writer_thread;
  std::atomic<std::uint64_t> commits{0};

  WriteQueue queue;
  std::mutex close_mu;  // one close() at a time

  // Set when a COMMIT's sync failed and no commit has synced since (see seal()). Writer thread.
  bool unsealed = false;

  // Checkpoints (copying the WAL back into the database file) run on a thread of their own with
  // a connection of their own, asked for by the writer connection's WAL hook, so that no commit
  // waits for one. What is durable when does not change: every COMMIT still syncs the WAL.
  std::thread checkpoint_thread;
  std::mutex checkpoint_mu;
  std::condition_variable checkpoint_cv;
  bool checkpoint_due = false;
  bool checkpoint_stop = false;

  // A read-only connection of the pool, and whether it maps the database file.
  //
  // Mapped (mmap_size), the file's pages are used in place instead of being copied into the
  // connection's page cache, which on a large database that is read and not written is what
  // keeps reads fast. But a read transaction that finds the database changed makes SQLite drop
  // the whole mapping (as it empties the page cache), so under a stream of commits every read
  // would map the file again and fault its pages in one by one, which costs more than copying
  // them. So a reader maps the file only while the database is quiet: it stops at the first
  // commit it sees since its last lease and maps again after kQuietLeases leases without one.
  // Either way a read sees the same snapshot; only the cost of getting at the pages differs.
  struct Reader {
    std::unique_ptr<Connection> connection;
    std::uint64_t seen_commits = 0;
    int quiet_leases = 0;
    bool mapped = false;

    // Never throws: should the PRAGMA fail, the reader reads as it did and tries again later.
    void map(bool on) {
      const std::string sql = std::string("PRAGMA mmap_size=") + (on ? std::to_string(kReaderMapBytes) : "0");
      if (connection->db().tryExec(sql) == SQLITE_OK) mapped = on;
    }
    // Called with the reader lent out, before its read transaction begins.
    void adapt(std::uint64_t commits) {
      if (commits != seen_commits) {
        seen_commits = commits;
        quiet_leases = 0;
        if (mapped) map(false);
      } else if (!mapped && ++quiet_leases >= kQuietLeases) {
        map(true);
      }
    }
  };

  // The read pool. Every reader is in `readers`; the ones not lent out are in `idle`.
  std::vector<std::unique_ptr<Reader>> readers;
  std::mutex pool_mu;
  std::condition_variable pool_cv;
  std::vector<Reader*> idle;

  Reader* borrow_reader() {
    Reader* r = nullptr;
    {
      std::unique_lock<std::mutex> lock(pool_mu);
      pool_cv.wait(lock, [&] { return !idle.empty(); });
      r = idle.back();
      idle.pop_back();
    }
    r->adapt(commits.load());
    return r;
  }

  void return_reader(Reader* r) {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      idle.push_back(r);
    }
    pool_cv.notify_one();
  }

  // Lends a pooled reader for one scope.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl), r_(impl.borrow_reader()) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { impl_.return_reader(r_); }
    Connection& operator*() { return *r_->connection; }

   private:
    Impl& impl_;
    Reader* r_;
  };

  void writer_loop();
  void run_batch(std::vector<PendingWrite>& batch);
  void checkpoint_loop();
  void stop_checkpoints();
  // Installed on the writer connection in place of SQLite's automatic checkpoints.
  static int on_wal_commit(void* impl, sqlite3* db, const char* name, int frames);
  void watch_wal(SQLite::Database& db) { sqlite3_wal_hook(db.getHandle(), &Impl::on_wal_commit, this); }

  // Opens the read-write connection (and its view) in place of the current one, if any.
  // Throws SQLite::Exception.
  void open_writer(int flags);
  // After a failed batch: gets the writer connection out of its transaction; when it cannot
  // (ROLLBACK fails too), or SQLite reports the connection unusable, replaces the connection.
  // A replacement that fails leaves no connection: the next batch tries again.
  void recover_writer(int error_code);
  // After a COMMIT whose sync failed. The failed batch's frames may still be in the WAL file,
  // complete and valid, although SQLite counts them out and readers never see them: a crash
  // before the next commit would bring them back when the WAL is recovered. A commit that syncs
  // overwrites them from their first frame on, and recovery stops at the first frame that does
  // not follow on from the one before it, so after it the failed batch can never come back.
  // seal() makes such a commit (it rewrites the schema version, unchanged), a few times if the
  // disk needs it; true once one has synced. It keeps the writer connection (rolled back, not
  // replaced): were it the process's last connection to the file, closing it and opening
  // another would recover the WAL as a restart does, failed frames included.
  bool seal();
};

void SqliteRepository::Impl::open_writer(int flags) {
  writer_view.reset();
  writer.reset();  // finalizes its statements, then closes
  auto connection = std::make_unique<Connection>(path, flags, options.busy_timeout_ms, options.vfs);
  configure_writer(connection->db());
  watch_wal(connection->db());
  writer = std::move(connection);
  writer_view = std::make_unique<SqlView>(*writer);
}

void SqliteRepository::Impl::recover_writer(int error_code) {
  bool replace = false;
  const int primary = error_code & 0xff;
  // The connection's own file handles may be the ones gone bad.
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT ||
      primary == SQLITE_MISUSE) {
    replace = true;
  }
  sqlite3* handle = writer->db().getHandle();
  if (sqlite3_get_autocommit(handle) == 0) {
    const int rc = writer->db().tryExec("ROLLBACK");
    if (rc != SQLITE_OK || sqlite3_get_autocommit(handle) == 0) {
      log::error("rollback after a failed batch failed", {{"error", sqlite3_errmsg(handle)}});
      replace = true;
    }
  }
  if (!replace) return;
  try {
    open_writer(SQLite::OPEN_READWRITE);
    log::info("writer connection reopened", {{"path", path}});
  } catch (const std::exception& e) {
    writer_view.reset();
    writer.reset();
    log::error("cannot reopen the writer connection", {{"error", e.what()}});
  }
}

bool SqliteRepository::Impl::seal() {
  constexpr int kAttempts = 3;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
    int error_code = SQLITE_IOERR;
    try {
      if (!writer) open_writer(SQLite::OPEN_READWRITE);
      SQLite::Database& db = writer->db();
      db.exec("BEGIN IMMEDIATE");
      const int version = db.execAndGet("PRAGMA user_version").getInt();
      db.exec("PRAGMA user_version = " + std::to_string(version));
      db.exec("COMMIT");
      commits.fetch_add(1);
      if (unsealed) log::info("the store writes again: a commit synced after the failed one", {});
      unsealed = false;
      return true;
    } catch (const SQLite::Exception& e) {
      error_code = e.getExtendedErrorCode() < 0 ? SQLITE_IOERR : e.getExtendedErrorCode();
      log::error("cannot seal the log after a failed commit", {{"error", e.what()}});
    } catch (const std::exception& e) {
      log::error("cannot seal the log after a failed commit", {{"error", e.what()}});
    }
    if (writer) recover_writer(error_code);
  }
  unsealed = true;
  return false;
}

int SqliteRepository::Impl::on_wal_commit(void* arg, sqlite3*, const char*, int frames) {
  if (frames >= kCheckpointFrames) {
    auto* impl = static_cast<Impl*>(arg);
    {
      std::lock_guard<std::mutex> lock(impl->checkpoint_mu);
      impl->checkpoint_due = true;
    }
    impl->checkpoint_cv.notify_one();
  }
  return SQLITE_OK;
}

void SqliteRepository::Impl::checkpoint_loop() {
  std::unique_ptr<Connection> connection;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(checkpoint_mu);
      checkpoint_cv.wait(lock, [&] { return checkpoint_stop || checkpoint_due; });
      if (checkpoint_stop) return;
      checkpoint_due = false;
    }
    try {
      if (!connection) {
        connection = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE, options.busy_timeout_ms, options.vfs);
        // A connection learns that the database is in WAL mode on its first read; until then a
        // checkpoint through it does nothing.
        connection->db().execAndGet("PRAGMA schema_version");
      }
      // PASSIVE: copies what no reader still needs, never waits for readers or the writer.
      int frames = 0, copied = 0;
      int rc = sqlite3_wal_checkpoint_v2(connection->db().getHandle(), nullptr,
                                         SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
      // The WAL starts over only when a write begins after everything was copied, which a busy
      // writer may never leave room for: past a bound, wait for a gap between two batches
      // (RESTART holds off the next one for as long as the copy takes).
      if (rc == SQLITE_OK && frames > kRestartFrames) {
        rc = sqlite3_wal_checkpoint_v2(connection->db().getHandle(), nullptr,
                                       SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
      }
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        log::warn("checkpoint failed", {{"error", sqlite3_errstr(rc)}});
        connection.reset();  // a fresh connection next time
      }
    } catch (const std::exception& e) {
      log::warn("checkpoint failed", {{"error", e.what()}});
      connection.reset();
    }
  }
}

void SqliteRepository::Impl::stop_checkpoints() {
  {
    std::lock_guard<std::mutex> lock(checkpoint_mu);
    checkpoint_stop = true;
  }
  checkpoint_cv.notify_all();
  if (checkpoint_thread.joinable()) checkpoint_thread.join();
}

void SqliteRepository::Impl::writer_loop() {
  std::vector<PendingWrite> batch;
  const std::size_t max_batch = static_cast<std::size_t>(std::max(1, options.max_batch));
  while (queue.take(batch, max_batch)) {
    run_batch(batch);
    batch.clear();
  }
}

// One transaction for the whole batch, one savepoint per write: a failing write is undone
// alone; a failing BEGIN, savepoint or COMMIT undoes the whole batch. `done` is called only
// after the COMMIT returned, i.e. once the changes are durable. A COMMIT whose sync fails
// leaves its frames in the log, unseen by this process, and a crash before the next commit
// would bring the batch back: so its writes are answered only after seal(), as not saved
// (UNAVAILABLE "STORAGE_FAULT", as other faults), and only when the disk will not let the log
// be sealed as "COMMIT_UNCERTAIN" (the batch may come back, whole, after a crash; resending
// with the same request_id tells which). Until a seal succeeds no batch is run: each is
// refused as STORAGE_FAULT, nothing applied.
//
// After a failed batch the connection is rolled back (or replaced, see recover_writer), so
// the next batch starts clean: no write of a failed batch remains, in the file or in the
// connection's cache.
void SqliteRepository::Impl::run_batch(std::vector<PendingWrite>& batch) {
  std::vector<Status> results(batch.size());
  Status fault;
  if (unsealed && !seal()) {
    fault = storage_fault("the disk did not confirm an earlier change and still fails: nothing was written");
    for (PendingWrite& w : batch) finish(w, fault);
    return;
  }
  if (!writer) {
    try {
      open_writer(SQLite::OPEN_READWRITE);
      log::info("writer connection reopened", {{"path", path}});
    } catch (...) {
      const Status cause = status_from_current_exception();
      fault = storage_fault("no writer connection: " + cause.to_string());
      for (PendingWrite& w : batch) finish(w, fault);
      return;
    }
  }
  SQLite::Database& db = writer->db();
  int error_code = SQLITE_OK;
  int extended_code = SQLITE_OK;
  bool committing = false;
  try {
    // Kept statements: preparing these anew for every write was a measurable share of it.
    auto run = [&](const char* sql) { StatementUse(*writer, sql)->exec(); };
    run("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      run("SAVEPOINT w");
      Status status;
      try {
        status = batch[i].fn(*writer_view);
      } catch (...) {
        status = status_from_current_exception();
      }
      // After some errors (I/O, full disk) SQLite rolls back the whole transaction itself:
      // the batch's earlier writes are gone too.
      if (sqlite3_get_autocommit(db.getHandle()) != 0) {
        throw SQLite::Exception("the transaction was rolled back: " + status.to_string(),
                                SQLITE_IOERR);
      }
      if (status.is_ok()) {
        run("RELEASE w");
      } else {
        run("ROLLBACK TO w");
        run("RELEASE w");
      }
      results[i] = std::move(status);
    }
    // Once per batch, outside the writes' savepoints: FTS5 writes its pending terms to the
    // index at every savepoint, which per write was a large share of the batch. And only once
    // enough cases wait, which at a few writes per batch was most of the writer's work.
    writer_view->index_pending_text(SqlView::kIndexPendingEvery);
    committing = true;
    run("COMMIT");
    commits.fetch_add(1);
  } catch (...) {
    const Status cause = status_from_current_exception();
    try {
      throw;
    } catch (const SQLite::Exception& e) {
      error_code = e.getErrorCode() < 0 ? SQLITE_OK : e.getErrorCode();
      extended_code = e.getExtendedErrorCode();
    } catch (...) {
    }
    log::error("write batch failed", {{"writes", std::to_string(batch.size())},
                                      {"error", cause.to_string()}});
    const bool sync_failed =
        committing && (extended_code == SQLITE_IOERR_FSYNC || extended_code == SQLITE_IOERR_DIR_FSYNC);
    recover_writer(error_code);
    if (!sync_failed) {
      fault = storage_fault(cause.message().empty() ? cause.to_string() : cause.message());
    } else if (seal()) {
      fault = storage_fault("the disk did not confirm the change, so it was not saved");
    } else {
      // The whole batch reached the log but the disk did not confirm it, and the log could not
      // be sealed: after a crash it may come back, whole. Only a resend (same request_id) can
      // tell the caller which it was.
      fault = Status(reason::COMMIT_UNCERTAIN, "the disk did not confirm the change: it may or may not have been applied; "
                     "resend it with the same request_id to learn which");
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    finish(batch[i], fault.is_ok() ? std::move(results[i]) : fault);
  }
}

SqliteRepository::SqliteRepository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteRepository::~SqliteRepository() { close(); }

Result<std::unique_ptr<SqliteRepository>> SqliteRepository::open(const std::string& path,
                                                                  SqliteOptions options) {
  std::error_code ec;
  if (!options.create_if_missing && !std::filesystem::exists(path, ec)) {
    return Status(reason::DATABASE_NOT_FOUND, "no database at " + path);
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  try {
    // Every connection's WAL writes reach the file in one write per commit.
    options.vfs = wal_gather_vfs::install(options.vfs);
    impl->options = options;
    const int flags = SQLite::OPEN_READWRITE | (options.create_if_missing ? SQLite::OPEN_CREATE : 0);
    impl->writer = std::make_unique<Connection>(path, flags, options.busy_timeout_ms, options.vfs);
    // Judge the file before changing anything in it (not even its journal mode).
    GRIDCASE_RETURN_IF_ERROR(check_database(impl->writer->db()));
    configure_writer(impl->writer->db());
    GRIDCASE_RETURN_IF_ERROR(migrate(impl->writer->db()));
    impl->watch_wal(impl->writer->db());
    impl->writer_view = std::make_unique<SqlView>(*impl->writer);
    {
      // Cases another program added without indexing them (see SqlView::index_pending_text).
      SQLite::Transaction tx(impl->writer->db(), SQLite::TransactionBehavior::IMMEDIATE);
      impl->writer_view->index_pending_text();
      tx.commit();
    }

    const int reader_count = std::max(1, options.reader_connections);
    for (int i = 0; i < reader_count; ++i) {
      auto reader = std::make_unique<Impl::Reader>();
      reader->connection =
          std::make_unique<Connection>(path, SQLite::OPEN_READONLY, options.busy_timeout_ms, options.vfs);
      reader->connection->db().exec("PRAGMA mmap_size=0");  // until the database is seen quiet
      impl->idle.push_back(reader.get());
      impl->readers.push_back(std::move(reader));
    }
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) == SQLITE_NOTADB) {
      return Status(reason::NOT_A_GRIDCASE_DATABASE, path + " is not an SQLite database");
    }
    return status_from(e);
  } catch (...) {
    return status_from_current_exception();
  }

  Impl* raw = impl.get();
  // Named, so that top -H and the benchmark tell the store's threads apart.
  raw->checkpoint_thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "gc-checkpoint");
    raw->checkpoint_loop();
  });
  raw->writer_thread = std::thread([raw] {
    pthread_setname_np(pthread_self(), "gc-writer");
    raw->writer_loop();
  });
  log::info("database opened", {{"path", path}});
  return std::unique_ptr<SqliteRepository>(new SqliteRepository(std::move(impl)));
}

Status SqliteRepository::read(const std::function<Status(ReadView&)>& fn) {
  Impl::Lease lease(*impl_);
  Connection& c = *lease;
  return guarded([&]() -> Status {
    // One snapshot for everything fn reads. BEGIN and COMMIT are kept statements, as the
    // writer's are: preparing them anew was a few percent of a short read.
    StatementUse(c, "BEGIN")->exec();
    Status status;
    try {
      SqlView view(c);
      status = fn(view);
    } catch (...) {
      status = status_from_current_exception();
    }
    try {
      StatementUse(c, "COMMIT")->exec();
    } catch (const SQLite::Exception&) {
      c.db().tryExec("ROLLBACK");
    }
    return status;
  });
}

void SqliteRepository::write(std::function<Status(WriteView&)> fn,
                             std::function<void(Status)> done) {
  impl_->queue.push(PendingWrite{std::move(fn), std::move(done)});
}

void SqliteRepository::close() {
  std::lock_guard<std::mutex> close_lock(impl_->close_mu);
  impl_->queue.close();
  if (impl_->writer_thread.joinable()) {
    impl_->writer_thread.join();
    impl_->stop_checkpoints();
    // The writer thread is gone, so its connection is free: keep the planner's statistics
    // fresh for the next run (cheap; SQLite decides what, if anything, needs analysing).
    if (impl_->writer) impl_->writer->db().tryExec("PRAGMA optimize");
  }
}

Result<std::pair<std::int64_t, std::int64_t>> SqliteRepository::compact(const std::string& path,
                                                                       SqliteOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status(reason::DATABASE_NOT_FOUND, "no database at " + path);
  {
    // Judged and brought up to date by the store itself; closing it empties the log.
    options.create_if_missing = false;
    options.reader_connections = 1;
    auto repo = open(path, options);
    if (!repo) return repo.status();
    (*repo)->close();
  }
  auto size_of = [&]() -> std::int64_t {
    const auto size = fs::file_size(path, ec);
    return ec ? -1 : static_cast<std::int64_t>(size);
  };
  const std::int64_t before = size_of();
  Status status = guarded([&]() -> Status {
    Connection connection(path, SQLite::OPEN_READWRITE, options.busy_timeout_ms,
                          wal_gather_vfs::install(options.vfs));
    connection.db().exec("VACUUM");
    // The rewritten pages go through the log: copy them into the file, which then shrinks.
    connection.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return std::make_pair(before, size_of());
}

Status SqliteRepository::backup_to(const std::string& dest_path) {
  namespace fs = std::filesystem;
  const std::string tmp = dest_path + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  Status status = guarded([&]() -> Status {
    Impl::Lease lease(*impl_);
    Connection dest(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, impl_->options.busy_timeout_ms,
                    impl_->options.vfs);
    {
      // All pages in one step: one read snapshot of the source, so the copy is consistent
      // while the writer goes on.
      SQLite::Backup backup(dest.db(), (*lease).db());
      if (backup.executeStep(-1) != SQLITE_DONE) {
        throw SQLite::Exception("backup did not finish", SQLITE_IOERR);
      }
    }
    // A self-contained single file: no -wal beside it. Opening it as a repository turns WAL
    // back on.
    dest.db().exec("PRAGMA journal_mode=DELETE");
    return Status::ok();
  });
  if (!status.is_ok()) {
    fs::remove(tmp, ec);
    return status;
  }
  // A WAL file left from an older dest_path would be replayed into the new copy.
  fs::remove(dest_path + "-wal", ec);
  fs::remove(dest_path + "-shm", ec);
  fs::rename(tmp, dest_path, ec);
  if (ec) return storage_fault("cannot move the backup into place: " + ec.message());
  return Status::ok();
}

const std::string& SqliteRepository::path() const { return impl_->path; }

std::uint64_t SqliteRepository::commits() const { return impl_->commits.load(); }

}  // namespace gridcase::storage
