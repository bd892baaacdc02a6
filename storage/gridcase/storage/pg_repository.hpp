// The Repository port over PostgreSQL (through libpq), for several servers on one database.
//
// Writes run on ONE writer thread per repository, with one connection: it takes up to
// `max_batch` queued writes and runs them in one READ COMMITTED transaction that first takes a
// transaction-level advisory lock (pg_schema.hpp's kWriteLockKey), so that writes run one at a
// time across every server on the database and each sees all that committed before it; each
// write inside its own savepoint (a failing write is rolled back to it and leaves nothing);
// one COMMIT (synchronous_commit as the server says, on by default), and only then each write's
// `done`. A batch stays under PostgreSQL's 64 cached subtransactions per transaction.
//
// Event seqs come from a counter row updated in that transaction, after the lock: gapless, and
// in commit order across servers, so a reader of events_since never skips one that commits
// late. Expected conflicts are found by ON CONFLICT DO NOTHING and a row count (a failed
// statement would abort the whole transaction).
//
// Reads borrow a connection from a small pool and run in one REPEATABLE READ READ ONLY
// transaction: one snapshot per read.
//
// Errors are mapped once, at this boundary (pg_connection.hpp): a lost connection or a server
// that is shutting down becomes UNAVAILABLE "STORAGE_FAULT" (the connection is replaced on the
// next use); a COMMIT whose answer was lost with the connection, UNAVAILABLE "COMMIT_UNCERTAIN"
// (resending with the same request_id tells whether it was applied).
//
// Losing the server (a restart, a failover): every connection, the writer's and the readers',
// is replaced on its next use, through pg_reconnect.hpp: with several hosts and
// target_session_attrs=read-write, libpq picks the one that takes writes; a server that does not
// (a standby) is not kept. After a failed attempt the next waits 50 ms, doubling up to
// reconnect_most_ms; meanwhile reads and writes answer UNAVAILABLE "STORAGE_FAULT" at once and
// nothing of theirs was sent. A write whose batch never reached COMMIT was not applied; one
// answered COMMIT_UNCERTAIN may have been: resent with its request_id after the reconnect, it is
// applied or replayed, once (request records commit with the write they record).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"

namespace gridcase::storage {

struct PgOptions {
  int reader_connections = 4;  // pool of read connections
  int max_batch = 50;          // most writes sharing one commit (each takes a subtransaction)
  int reconnect_first_ms = 50;    // wait after a failed connection attempt, doubling...
  int reconnect_most_ms = 1000;   // ...up to this
};

class PgRepository final : public gridcase::Repository {
 public:
  // Connects to `conninfo` (postgresql://... or "host=... dbname=..."), applies the pending
  // migrations (under the writers' lock, so several servers may start at once) and seeds what
  // SqliteRepository::open seeds (seed.hpp). Then starts the writer thread.
  //
  // Fails with
  //   UNAVAILABLE "STORAGE_FAULT"                    the server cannot be reached, or refuses;
  //   FAILED_PRECONDITION "DATABASE_READ_ONLY"       the server takes no writes (a standby);
  //   FAILED_PRECONDITION "DATABASE_TOO_NEW"         a schema newer than this build's;
  //   FAILED_PRECONDITION "NOT_A_GRIDCASE_DATABASE"  a database holding other tables.
  static Result<std::unique_ptr<PgRepository>> open(const std::string& conninfo, PgOptions options = {});

  PgRepository(const PgRepository&) = delete;
  PgRepository& operator=(const PgRepository&) = delete;
  // Calls close(). No read may be in flight.
  ~PgRepository() override;

  // Runs fn on a pooled connection inside a REPEATABLE READ READ ONLY transaction. Blocks while
  // every pooled connection is in use. Thread-safe. Still works after close().
  Status read(const std::function<Status(ReadView&)>& fn) override;

  // Queues fn for the writer thread; `done` runs on the writer thread after the COMMIT (or on
  // the calling thread with UNAVAILABLE "REPOSITORY_CLOSED" once close() has been called).
  void write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) override;

  // One statement on a pooled read connection, outside a transaction (one round trip).
  Result<StoreGenerations> generations() override;

  // True while this repository holds the deadline leader's lock (pg_schema.hpp's
  // kDeadlineLeaderKey), a session-level advisory lock on a connection kept for it alone: the
  // first call on a server that does not hold it tries to take it (pg_try_advisory_lock,
  // without waiting); a server that holds it checks that its session is still alive (one
  // round trip). When that session has ended (the connection was lost, or the session was
  // terminated), the lock is free for another server: this one answers false and tries again,
  // on a new connection, at its next call. False, too, when the database cannot be reached.
  // Thread-safe. close() releases the lock.
  bool lead_deadline_work() override;

  // Finishes every queued write, then stops the writer thread. Idempotent; thread-safe.
  void close();

  // How many write transactions the writer has committed. For tests and metrics.
  std::uint64_t commits() const;

 private:
  struct Impl;
  explicit PgRepository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridcase::storage
