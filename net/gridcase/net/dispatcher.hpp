// The dispatcher: one ClientFrame in, one Reply out, through the Engine. Knows nothing of
// sockets, so that every call can be tested without a network.
//
// Calls other than login and resume need a logged-in session (UNAUTHENTICATED
// "LOGIN_REQUIRED"), and the session must still be valid when the call arrives: a session that
// expired or was revoked (logout elsewhere, a password change, an admin's revoke_sessions)
// answers the engine's UNAUTHENTICATED and the connection is logged out. A user whose password
// an admin reset may only change it or log out until they have changed it (FAILED_PRECONDITION
// "PASSWORD_CHANGE_REQUIRED"; the login reply says so). A frame with no request answers
// INVALID_ARGUMENT "UNKNOWN_REQUEST".
// Reads run inline on the caller's thread; mutations (create and every lifecycle action,
// extension requests and decisions included) go through the engine's asynchronous commands and
// answer later, possibly from the store's writer thread. Administration (users, units, deadline
// policies, calendar years) answers inline. A case's clocks are rendered as of the engine's
// current time and working calendar. Every reply carries the frame's call_id and is counted in
// the metrics under the call's field name (e.g. "request_extension", "get_board").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "gridcase/engine.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/user.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::net {

class AttachmentStore;
class EventStream;
class Metrics;
class PendingUpload;

// What the dispatcher knows of one connection. Owned by the connection and only touched from
// its strand.
struct SessionContext {
  std::optional<User> user;     // set once logged in (without its password hash)
  std::string token;            // the session token, when logged in
  EventStream* events = nullptr;  // the connection's subscriptions; null: subscribing fails
  std::string address;          // the client's IP address, as login throttling and audit see it
  TimeMs expires_at = 0;        // when the session expires
  std::uint64_t session_generation = 0;  // the engine's session generation when last checked
  // Attachment uploads in progress on this connection, by upload id; dropped (and their temp
  // files removed) when the connection goes.
  std::map<std::string, std::shared_ptr<PendingUpload>> uploads;
  std::uint64_t last_upload_id = 0;
};

class Dispatcher {
 public:
  using AsyncReply = std::function<void(::gridcase::v1::Reply)>;

  // `engine` must outlive the dispatcher; `metrics` may be null; without `attachments` the
  // attachment calls answer UNAVAILABLE.
  explicit Dispatcher(Engine& engine, Metrics* metrics = nullptr, AttachmentStore* attachments = nullptr);

  // Handles one call. When the call completes inline, its reply is returned and `later` is
  // never called. Otherwise returns nullopt and `later` runs exactly once with the reply,
  // possibly on another thread. `ctx` must stay valid only for the duration of this call.
  std::optional<::gridcase::v1::Reply> dispatch(SessionContext& ctx,
                                                const ::gridcase::v1::ClientFrame& frame,
                                                AsyncReply later);

  // Checks that the connection's session still stands before anything more is sent or run on
  // it: cheap unless a session may have ended since the last check (see
  // Engine::session_generation) or the session's expiry has passed. When the session has
  // ended, the connection is logged out; when the account's role or scope changed, the
  // connection keeps the session with the new account. Either way its subscriptions end, and
  // if it had any, the push that tells the client so is returned.
  std::optional<::gridcase::v1::ServerFrame> check_session(SessionContext& ctx);

  // The reply to bytes that are not a ClientFrame: call_id 0, INVALID_ARGUMENT
  // "MALFORMED_FRAME".
  ::gridcase::v1::Reply malformed_frame();

  // The reply to a call refused by the connection's rate limit, without running it: the
  // frame's call_id, RESOURCE_EXHAUSTED "RATE_LIMITED". Counted under the call's name.
  ::gridcase::v1::Reply rate_limited(const ::gridcase::v1::ClientFrame& frame);

 private:
  std::optional<::gridcase::v1::Reply> handle(SessionContext& ctx,
                                              const ::gridcase::v1::ClientFrame& frame,
                                              AsyncReply later);

  Engine& engine_;
  Metrics* metrics_;
  AttachmentStore* attachments_;
  FigureService figures_;
};

// A reply carrying `status` as its error.
::gridcase::v1::Reply error_reply(std::uint64_t call_id, const Status& status);

}  // namespace gridcase::net
