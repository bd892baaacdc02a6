// Connecting to PostgreSQL again after losing it (PostgreSQL store): every connection of one
// repository (its writer and its readers) comes through one Reconnector, which spaces the
// attempts out while the server cannot be reached.
//
// A failover looks like this from here: the primary dies, every connection to it is lost, the
// standby refuses writers until it is promoted. With several hosts and
// target_session_attrs=read-write in the connection string, libpq tries each host and keeps the
// one that takes writes; this class adds the waiting: after a failed attempt the next one may
// start only after a delay, 50 ms at first, doubling up to a ceiling (1 s by default). A call
// that arrives during the delay fails at once, without trying: the caller answers UNAVAILABLE
// and sends nothing. The first attempt that succeeds ends the delay for everyone.
//
// A server that answers but does not take writes (a standby, or a read-only database: named
// alone, or without target_session_attrs) counts as a failed attempt: connections here must see
// every committed write and may write.
//
// Thread-safe: the writer and every reader share one.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "pg_connection.hpp"

namespace gridcase::storage::pg {

class Reconnector {
 public:
  Reconnector(std::string conninfo, std::chrono::milliseconds first_delay, std::chrono::milliseconds most_delay);

  // A new connection to a server that takes writes. Throws PgError (connection_lost() true,
  // SQLSTATE class 08, or 25006 for a read-only server) when the attempt fails, or without
  // trying while the delay after the last failed attempt runs; its message says why and when
  // the next attempt may start.
  std::unique_ptr<PgConnection> connect();

  // Whether the last attempt failed (the server is being waited for). For logs and tests.
  bool waiting() const;

 private:
  void failed(const std::string& why);

  const std::string conninfo_;
  const std::chrono::milliseconds first_delay_;
  const std::chrono::milliseconds most_delay_;
  mutable std::mutex mu_;
  std::chrono::milliseconds delay_{0};                    // 0: the last attempt succeeded
  std::chrono::steady_clock::time_point not_before_{};   // no attempt before this
  std::string last_error_;
};

// Throws PgError (SQLSTATE 25006, connection_lost() false) when `c` is on a server that does
// not take writes: a hot standby, or a session that is read-only by default.
void require_writable(PgConnection& c);

}  // namespace gridcase::storage::pg
