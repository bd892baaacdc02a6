#include "pg_reconnect.hpp"

#include <algorithm>
#include <utility>

#include "gridcase/log.hpp"

namespace gridcase::storage::pg {

Reconnector::Reconnector(std::string conninfo, std::chrono::milliseconds first_delay,
                         std::chrono::milliseconds most_delay)
    : conninfo_(std::move(conninfo)),
      first_delay_(std::max(first_delay, std::chrono::milliseconds(1))),
      most_delay_(std::max(most_delay, first_delay_)) {}

std::unique_ptr<PgConnection> Reconnector::connect() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (delay_.count() > 0 && now < not_before_) {
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(not_before_ - now);
      throw PgError("PostgreSQL is not reachable; the next attempt in " + std::to_string(wait.count()) +
                        " ms (last attempt: " + last_error_ + ")",
                    "08001", true);
    }
  }
  std::unique_ptr<PgConnection> c;
  try {
    c = std::make_unique<PgConnection>(conninfo_);
    require_writable(*c);
  } catch (const PgError& e) {
    failed(e.what());
    throw PgError(e.what(), e.sqlstate(), true);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (delay_.count() > 0) {
    log::info("connected to PostgreSQL again", {});
    delay_ = std::chrono::milliseconds(0);
    last_error_.clear();
  }
  return c;
}

void Reconnector::failed(const std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool first = delay_.count() == 0;
  delay_ = first ? first_delay_ : std::min(delay_ * 2, most_delay_);
  not_before_ = std::chrono::steady_clock::now() + delay_;
  if (first || why != last_error_) log::warn("cannot connect to PostgreSQL; retrying", {{"error", why}});
  last_error_ = why;
}

bool Reconnector::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delay_.count() > 0;
}

void require_writable(PgConnection& c) {
  Rows r = c.exec("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')");
  if (r.str(0, 0) == "t" || r.str(0, 1) == "on") {
    throw PgError(r.str(0, 0) == "t" ? "the PostgreSQL server is a read-only standby (in recovery)"
                                     : "the PostgreSQL session is read-only (default_transaction_read_only)",
                  "25006", false);
  }
}

}  // namespace gridcase::storage::pg
