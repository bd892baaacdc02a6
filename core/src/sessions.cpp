#include "gridcase/sessions.hpp"

#include <algorithm>

#include "gridcase/log.hpp"
#include "gridcase/text.hpp"
#include "passwords.hpp"
#include "scope.hpp"

namespace gridcase {

Sessions::Sessions(Repository& repo, Crypto& crypto, const Clock& clock, const Configuration& config,
                   SessionOptions options)
    : repo_(repo), crypto_(crypto), clock_(clock), config_(config), options_(options) {}

void Sessions::audit(AuditEntry entry) { record_audit(repo_, clock_, std::move(entry)); }

Result<User> Sessions::user(UserId id) {
  return read_user(repo_, id);
}

Result<LoginResult> Sessions::login(const std::string& username, const std::string& password,
                                  const std::string& address) {
  const Status bad = Status(reason::BAD_CREDENTIALS, "wrong username or password");
  const TimeMs now = clock_.now();
  // What is logged of a name that may be garbage: at most 64 bytes of clean text.
  const std::string typed = is_clean_text(username, false) ? username.substr(0, 64) : "(not text)";
  AuditEntry entry;
  entry.at = now;
  entry.username = typed;
  entry.address = address;
  if (throttled(username, address, now)) {
    entry.kind = AuditKind::kLoginFailed;
    entry.detail = "throttled";
    audit(entry);
    return Status(reason::LOGIN_THROTTLED, "too many failed logins for this account or from this address; try again later");
  }
  User user;
  Status s = Status(reason::USER_NOT_FOUND, "");
  if (!username.empty() && !password.empty() && username.size() <= 64 && password.size() <= 256) {
    s = repo_.read([&](ReadView& view) {
      auto u = view.get_user_by_name(username);
      if (!u) return u.status();
      user = std::move(*u);
      return Status{};
    });
  }
  if (!s && s.code() != Code::kNotFound) return s;
  if (!s || user.disabled || !crypto_.verify_password(user.password_hash, password)) {
    record_failure(username, address, now);
    entry.kind = AuditKind::kLoginFailed;
    entry.actor_id = s ? user.id : 0;
    entry.detail = !s ? "unknown user" : user.disabled ? "account disabled" : "wrong password";
    // Stored before the answer goes out: the failure counts on every server sharing the store
    // (ReadView::login_failures) by the time the client can try again.
    Status stored = repo_.write_sync([&](WriteView& view) { return view.append_audit(entry); });
    if (!stored) log::warn("audit entry not stored", {{"error", stored.to_string()}});
    return bad;
  }

  LoginResult out;
  out.token = crypto_.new_token();
  SessionRecord session;
  session.token_digest = crypto_.token_digest(out.token);
  session.user_id = user.id;
  session.created_at = now;
  session.expires_at = session.created_at + options_.token_ttl;
  entry.kind = AuditKind::kLogin;
  entry.actor_id = user.id;
  if (user.demo_password) entry.detail = "demo password still in use";
  GRIDCASE_RETURN_IF_ERROR(repo_.write_sync([&](WriteView& view) -> Status {
    GRIDCASE_RETURN_IF_ERROR(view.insert_session(session));
    return view.append_audit(entry);
  }));
  {
    std::lock_guard<std::mutex> lock(throttle_mu_);
    failures_by_user_.erase(username);
  }
  out.expires_at = session.expires_at;
  out.user = without_secret(std::move(user));
  return out;
}

namespace {

// Drops failures older than the window and tells how many are left.
std::size_t recent(std::vector<TimeMs>& failures, TimeMs since) {
  failures.erase(std::remove_if(failures.begin(), failures.end(), [&](TimeMs t) { return t < since; }),
                 failures.end());
  return failures.size();
}

}  // namespace

bool Sessions::throttled(const std::string& username, const std::string& address, TimeMs now) {
  const TimeMs since = now - options_.login_window;
  const auto user_limit = static_cast<std::int64_t>(options_.login_failures_per_user);
  const auto address_limit = static_cast<std::int64_t>(options_.login_failures_per_address);
  {
    std::lock_guard<std::mutex> lock(throttle_mu_);
    auto by_user = failures_by_user_.find(username);
    if (by_user != failures_by_user_.end() &&
        static_cast<std::int64_t>(recent(by_user->second, since)) >= user_limit) {
      return true;
    }
    auto by_address = failures_by_address_.find(address);
    if (!address.empty() && by_address != failures_by_address_.end() &&
        static_cast<std::int64_t>(recent(by_address->second, since)) >= address_limit) {
      return true;
    }
  }
  // Failures through the other servers on the same store (a store that one server uses counts
  // none: the counts above are all there is). A store that cannot answer now throttles nothing
  // more; the login itself then meets the same store.
  LoginFailures stored;
  Status s = repo_.read([&](ReadView& view) {
    auto counted = view.login_failures(username, address, since);
    if (!counted) return counted.status();
    stored = *counted;
    return Status{};
  });
  if (!s) return false;
  return stored.by_user >= user_limit || (!address.empty() && stored.by_address >= address_limit);
}

void Sessions::record_failure(const std::string& username, const std::string& address, TimeMs now) {
  std::lock_guard<std::mutex> lock(throttle_mu_);
  // Bounded memory under a flood of made-up names: forget the oldest accounts' counters.
  if (failures_by_user_.size() > 100000) failures_by_user_.clear();
  if (failures_by_address_.size() > 100000) failures_by_address_.clear();
  failures_by_user_[username.substr(0, 64)].push_back(now);
  if (!address.empty()) failures_by_address_[address].push_back(now);
}

Status Sessions::change_password(UserId actor, const std::string& old_password, const std::string& new_password) {
  auto me = user(actor);
  if (!me) return me.status();
  GRIDCASE_RETURN_IF_ERROR(check_password_strength(me->username, new_password));
  std::string stored;
  GRIDCASE_RETURN_IF_ERROR(repo_.read([&](ReadView& view) {
    auto u = view.get_user(actor);
    if (!u) return u.status();
    stored = u->password_hash;
    return Status{};
  }));
  if (old_password.size() > 256 || !crypto_.verify_password(stored, old_password)) {
    return Status(reason::BAD_CREDENTIALS, "the current password is wrong");
  }
  if (old_password == new_password) return Status(reason::WEAK_PASSWORD, "choose a password different from the current one");
  const std::string hash = crypto_.hash_password(new_password);
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto u = view.get_user(actor);
    if (!u) return u.status();
    u->password_hash = hash;
    u->demo_password = false;
    u->must_change_password = false;
    u->password_changed_at = clock_.now();
    GRIDCASE_RETURN_IF_ERROR(view.update_user(*u));
    return end_sessions(view, *u, actor, AuditKind::kPasswordChanged, clock_.now(), "by the user; every session ended");
  });
  if (s) ++session_generation_;
  return s;
}

Status Sessions::revoke_sessions(UserId actor, UserId user_id) {
  OrgTreePtr tree = config_.current()->tree;
  Status s = repo_.write_sync([&](WriteView& view) -> Status {
    auto admin = authorised_user(view, actor, Permission::kManageUsers, "only admins end other users' sessions");
    if (!admin) return admin.status();
    auto u = view.get_user(user_id);
    if (!u || !sees_unit(*tree, *admin, u->scope_unit_id)) return Status(reason::USER_NOT_FOUND, "no such user in your scope");
    return end_sessions(view, *u, actor, AuditKind::kSessionsRevoked, clock_.now(),
                        "every session of user #" + std::to_string(user_id) + " ended by an admin");
  });
  if (s) ++session_generation_;
  return s;
}

Result<LoginResult> Sessions::authenticate(const std::string& token) {
  const Status bad = Status(reason::INVALID_TOKEN, "the session token is unknown, expired or revoked");
  if (token.empty() || token.size() > 256) return bad;
  const std::string digest = crypto_.token_digest(token);
  LoginResult out;
  Status s = repo_.read([&](ReadView& view) {
    auto session = view.get_session(digest);
    if (!session) return session.status();
    if (session->revoked || session->expires_at <= clock_.now()) return bad;
    auto u = acting_user(view, session->user_id);
    if (!u) return u.status();
    out.user = std::move(*u);
    out.expires_at = session->expires_at;
    return Status{};
  });
  if (s.code() == Code::kNotFound) return bad;
  if (!s) return s;
  out.token = token;
  out.user = without_secret(std::move(out.user));
  return out;
}

Status Sessions::logout(const std::string& token) {
  if (token.empty()) return {};
  const std::string digest = crypto_.token_digest(token);
  Status s = repo_.write_sync([&](WriteView& view) { return view.revoke_session(digest); });
  if (s) ++session_generation_;
  return s;
}

// ---- Queries -------------------------------------------------------------------------------


}  // namespace gridcase
