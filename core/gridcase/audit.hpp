// The audit log: who logged in (or failed to), who revealed whose personal data and why, who
// was refused what, whose sessions were ended. Append-only; admins list it.
#pragma once

#include <cstdint>
#include <string>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

enum class AuditKind {
  kUnspecified = 0,
  kLogin = 1,
  kLoginFailed = 2,
  kReveal = 3,            // personal data shown unmasked
  kPermissionDenied = 4,
  kSessionsRevoked = 5,
  kPasswordChanged = 6,
  kWarning = 7,           // an early warning handled, or its thresholds changed (warning.hpp)
};

struct AuditEntry {
  std::int64_t id = 0;
  TimeMs at = 0;
  AuditKind kind = AuditKind::kUnspecified;
  UserId actor_id = 0;       // 0 when unknown
  std::string username;      // as typed, for logins
  std::string address;       // the client's address, when known
  std::int64_t case_id = 0;
  std::string detail;        // what and why
};

}  // namespace gridcase
