#include "gridcase/storage/pg_event_feed.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <stdexcept>

#include "gridcase/log.hpp"
#include "pg_connection.hpp"
#include "pg_events_channel.hpp"
#include "pg_view.hpp"

namespace gridcase::storage {

namespace pg {

void notify_events(PgConnection& c) {
  // Goes out with the COMMIT that follows it (PgConnection::defer).
  c.defer("SELECT pg_notify($1, last::text) FROM event_counter", Params().add(kEventsChannel));
}

}  // namespace pg

namespace {

using pg::PgConnection;

// What a wait ended with.
struct Woken {
  bool wake = false;    // wake() or stop()
  bool input = false;   // the connection's socket has something to read
  bool timeout = false;
};

// Waits for `socket` (-1: none) to be readable, for `wake_fd`, or for `timeout`.
Woken wait_for(int socket, int wake_fd, std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{wake_fd, POLLIN, 0}, {socket, POLLIN, 0}};
  const nfds_t count = socket >= 0 ? 2 : 1;
  const int ms = static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 1 << 30));
  int n;
  do {
    n = ::poll(fds, count, ms);
  } while (n < 0 && errno == EINTR);
  Woken w;
  if (n == 0) {
    w.timeout = true;
    return w;
  }
  if (n < 0) {
    w.input = socket >= 0;  // let the connection tell what is wrong
    return w;
  }
  if ((fds[0].revents & POLLIN) != 0) {
    eventfd_t value = 0;
    (void)::eventfd_read(wake_fd, &value);
    w.wake = true;
  }
  if (count == 2 && fds[1].revents != 0) w.input = true;
  return w;
}

// True when one of the notifications' payloads names a seq after `published` (or cannot be
// read: then the store is read anyway).
bool news_after(const std::vector<std::string>& payloads, Seq published) {
  for (const std::string& p : payloads) {
    Seq seq = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), seq);
    if (ec != std::errc() || end != p.data() + p.size() || seq > published) return true;
  }
  return false;
}

}  // namespace

std::string PgEventFeed::default_listener_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string name = "gridcase-listener " + std::to_string(::getpid()) + "@" + host;
  // PostgreSQL keeps 63 bytes (NAMEDATALEN - 1) and shows only printable ASCII.
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) c = '?';
  }
  if (name.size() > 63) name.resize(63);
  return name;
}

PgEventFeed::PgEventFeed(std::string conninfo, EventRelay& relay, PgEventFeedOptions options)
    : conninfo_(std::move(conninfo)), relay_(relay), options_(std::move(options)) {
  if (options_.application_name.empty()) options_.application_name = default_listener_name();
  options_.page = std::max(1, options_.page);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw std::runtime_error("eventfd failed");
}

PgEventFeed::~PgEventFeed() {
  stop();
  ::close(wake_fd_);
}

void PgEventFeed::start() {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "gc-pg-listener");
    run();
  });
}

void PgEventFeed::wake() { (void)::eventfd_write(wake_fd_, 1); }

void PgEventFeed::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void PgEventFeed::run() {
  const pg::Settings defaults = {{"connect_timeout", "10"},
                                 {"keepalives", "1"},
                                 {"keepalives_idle", "30"},
                                 {"keepalives_interval", "10"},
                                 {"keepalives_count", "3"}};
  const pg::Settings overrides = {{"application_name", options_.application_name}};
  std::unique_ptr<PgConnection> c;
  std::chrono::milliseconds retry = options_.first_retry;
  bool read = true;
  while (!stopping_.load()) {
    try {
      if (!c) {
        c = std::make_unique<PgConnection>(conninfo_, defaults, overrides);
        // LISTEN before reading: a commit after the read below is then heard of.
        c->run(std::string("LISTEN ") + pg::kEventsChannel);
        connects_.fetch_add(1);
        listening_ = true;
        read = true;
        log::info("event listener connected", {{"application_name", options_.application_name},
                                               {"published", std::to_string(relay_.published())}});
      }
      while (read && !stopping_.load()) {
        const Seq from = relay_.published() + 1;
        pg::PgView view(*c);
        auto events = view.events_since(from, options_.page);
        if (!events) throw std::runtime_error(events.status().to_string());
        if (!events->empty()) relay_.publish(*events);
        // Notifications that arrived while reading sit in libpq's buffer, not on the socket.
        read = static_cast<int>(events->size()) == options_.page ||
               news_after(c->take_notifications(), relay_.published());
        retry = options_.first_retry;  // the connection works
      }
      const Woken w = wait_for(c->socket(), wake_fd_, options_.fallback_poll);
      read = w.wake || w.timeout;
      if (w.input && news_after(c->take_notifications(), relay_.published())) read = true;
    } catch (const std::exception& e) {
      listening_ = false;
      c.reset();
      if (stopping_.load()) break;
      log::warn("event listener lost its connection; reconnecting",
                {{"application_name", options_.application_name},
                 {"error", e.what()},
                 {"retry_ms", std::to_string(retry.count())}});
      // Wakes do not cut the pause short (they come with every commit of this server's own).
      const auto until = std::chrono::steady_clock::now() + retry;
      while (!stopping_.load()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        wait_for(-1, wake_fd_, left);
      }
      retry = std::min(retry * 2, options_.longest_retry);
    }
  }
  listening_ = false;
}

}  // namespace gridcase::storage
