// Sessions (登录与会话): logging in and out, the session a token opens, passwords changed by
// their owner, every session of a user ended by an admin, and the throttling of failed logins.
// One of the engine's services (engine.hpp: engine.sessions()). Only a digest of a token is
// stored; every login attempt, password change and ended session is audited.
//
// Its writes (a login's session row, a logout, a password change, a revocation) are its own, not
// the command pipeline's, and synchronous: each decides what the connection's next call may do,
// so the connection waits for it before reading that call. They are the only synchronous writes
// left on the server's io threads.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/configuration.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase {

struct SessionOptions {
  TimeMs token_ttl = 12LL * 3600 * 1000;  // sessions expire after 12 hours
  // Failed logins: after this many failures within the window, further attempts for the same
  // username (or from the same address) are refused until the window has passed.
  int login_failures_per_user = 5;
  int login_failures_per_address = 20;
  TimeMs login_window = 15LL * 60 * 1000;
};

struct LoginResult {
  std::string token;
  TimeMs expires_at = 0;
  User user;                   // without its password hash
};

class Sessions {
 public:
  // None is owned; all must outlive the service.
  Sessions(Repository& repo, Crypto& crypto, const Clock& clock, const Configuration& config,
           SessionOptions options);

  // UNAUTHENTICATED BAD_CREDENTIALS for an unknown user, a wrong password or a disabled user;
  // RESOURCE_EXHAUSTED LOGIN_THROTTLED after too many failures for the username or from the
  // address (SessionOptions), through this server or, on a shared store, any other. Every
  // attempt is audited.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const std::string& address = "");
  // The caller changes their own password; every session of theirs ends (log in again). Clears
  // the demo mark and the change an admin's reset asked for (User::must_change_password).
  // INVALID_ARGUMENT WEAK_PASSWORD; UNAUTHENTICATED BAD_CREDENTIALS for a wrong current one.
  Status change_password(UserId actor, const std::string& old_password, const std::string& new_password);
  // Admins: ends every session of a user. PERMISSION_DENIED ROLE_MAY_NOT for other roles;
  // NOT_FOUND USER_NOT_FOUND for a user outside the admin's scope.
  Status revoke_sessions(UserId actor, UserId user_id);
  // The session a token opens (its user and expiry); UNAUTHENTICATED INVALID_TOKEN when
  // unknown, expired or revoked.
  Result<LoginResult> authenticate(const std::string& token);
  Status logout(const std::string& token);

  // Advances whenever a session may have ended or an account changed (logout, revoke, password
  // change, any user update), after the change is durable; made through another server, once
  // this one has followed the store (Configuration::follow, Engine::follow_changes). A holder of
  // a session checked at generation g needs to check it again only once this differs from g.
  std::uint64_t session_generation() const {
    return session_generation_.load() + static_cast<std::uint64_t>(config_.accounts_generation());
  }
  // An account's role, scope or access changed (administration): sessions are checked again.
  void account_changed() { ++session_generation_; }

 private:
  // Login throttling: failures per username and per address within the window, counted here
  // and, for a store shared by several servers, by the store from its audit
  // (ReadView::login_failures): a failure through any server counts on every one.
  bool throttled(const std::string& username, const std::string& address, TimeMs now);
  void record_failure(const std::string& username, const std::string& address, TimeMs now);
  void audit(AuditEntry entry);
  Result<User> user(UserId id);

  Repository& repo_;
  Crypto& crypto_;
  const Clock& clock_;
  const Configuration& config_;
  const SessionOptions options_;

  std::mutex throttle_mu_;
  std::atomic<std::uint64_t> session_generation_{0};
  std::map<std::string, std::vector<TimeMs>> failures_by_user_;   // guarded by throttle_mu_
  std::map<std::string, std::vector<TimeMs>> failures_by_address_;
};

}  // namespace gridcase
