// libFuzzer target: bytes -> gridcase.v1.ClientFrame -> net::Dispatcher -> Engine -> SQLite.
//
// LLVMFuzzerInitialize opens a SQLite database in a temporary directory, loads the demo (org
// tree, users of every role, cases in varied states) and logs in as the demo supervisor, so that
// most frames reach the engine rather than stopping at LOGIN_REQUIRED. Attachments go to a
// store beside the database, with small limits. Each input is parsed as a ClientFrame (bytes
// that do not parse go to Dispatcher::malformed_frame) and dispatched on a copy of that session
// with its own event stream; asynchronous replies are awaited, then dropped. Replies are not
// checked: the target looks for crashes, sanitizer reports and hangs.
//
// The clock stands still (sessions never expire under the fuzzer). State carries over between
// inputs (cases created by one input can be acted on by the next), as it does on a live server.
// A logout, password change or session revocation in an input is undone by logging in again.
//
// GRIDCASE_FUZZ_PRINT=1 prints each reply (useful when replaying one artifact:
// `GRIDCASE_FUZZ_PRINT=1 build-fuzz/tests/fuzz/frame_fuzzer FILE`).
//
// Built only by tools/fuzz.sh (clang, -DGRIDCASE_FUZZ=ON).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <unistd.h>

#include "demo.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/event_stream.hpp"
#include "gridcase/net/metrics.hpp"
#include "gridcase/net/server.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "gridcase/v1/gridcase.pb.h"

namespace {

using namespace gridcase;
namespace v1 = ::gridcase::v1;

constexpr TimeMs kStart = 1773626400000LL;  // Monday 2026-03-16 10:00 Asia/Shanghai
constexpr const char* kUser = "supervisor";

// Fast and deterministic: Argon2id per login would make every login frame cost ~100 ms.
class CheapCrypto final : public Crypto {
 public:
  std::string hash_password(const std::string& password) override { return "cheap$" + password; }
  bool verify_password(const std::string& encoded_hash, const std::string& password) override {
    return encoded_hash == "cheap$" + password;
  }
  std::string new_token() override { return "tok-" + std::to_string(next_++); }
  std::string token_digest(const std::string& token) override { return "d:" + token; }
  std::string fingerprint(const std::string& bytes) override {
    return std::to_string(std::hash<std::string>{}(bytes));
  }

 private:
  std::uint64_t next_ = 1;
};

struct DropSubscriber final : net::Subscriber {
  void deliver(std::vector<net::EventDelivery>) override {}
};

struct World {
  std::filesystem::path dir;
  std::unique_ptr<storage::SqliteRepository> repo;
  CheapCrypto crypto;
  ManualClock clock{kStart};
  std::shared_ptr<Configuration> config = std::make_shared<Configuration>();
  std::unique_ptr<ScopeVisibility> visibility;
  std::unique_ptr<net::SubscriptionHub> hub;
  std::unique_ptr<Engine> engine;
  net::Metrics metrics;
  std::unique_ptr<net::AttachmentStore> attachments;
  std::unique_ptr<net::Dispatcher> dispatcher;
  net::SessionContext session;  // logged in as kUser
};

World* g_world = nullptr;
bool g_print = false;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "frame_fuzzer: %s\n", what.c_str());
  std::abort();
}

// Dispatches `frame` and waits for its reply, inline or from the writer thread.
std::optional<v1::Reply> call(net::SessionContext& ctx, const v1::ClientFrame& frame) {
  struct Wait {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<v1::Reply> reply;
  };
  auto wait = std::make_shared<Wait>();
  auto now = g_world->dispatcher->dispatch(ctx, frame, [wait](v1::Reply r) {
    std::lock_guard<std::mutex> lock(wait->mu);
    wait->reply = std::move(r);
    wait->cv.notify_all();
  });
  if (now) return now;
  std::unique_lock<std::mutex> lock(wait->mu);
  if (!wait->cv.wait_for(lock, std::chrono::seconds(30), [&] { return wait->reply.has_value(); })) {
    die("an asynchronous reply never came (call " + std::to_string(frame.request_case()) + ")");
  }
  return std::move(wait->reply);
}

// Logs in as the supervisor, or, when an input changed its password, as another demo user
// with a wide scope. Returns false when none of them can log in any more.
bool log_in() {
  for (const char* username : {kUser, "clerk", "hepan_sup", "grid1"}) {
    v1::ClientFrame f;
    f.set_call_id(1);
    f.mutable_login()->set_username(username);
    f.mutable_login()->set_password(demo::kDemoPassword);
    net::SessionContext ctx;
    auto reply = call(ctx, f);
    if (reply && !reply->has_error() && ctx.user) {
      g_world->session = ctx;
      return true;
    }
  }
  return false;
}

void cleanup() {
  if (!g_world) return;
  g_world->repo->close();
  std::error_code ec;
  std::filesystem::remove_all(g_world->dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  net::route_protobuf_logs();  // as the server does: invalid UTF-8 is not worth a log line
  const char* print = std::getenv("GRIDCASE_FUZZ_PRINT");
  g_print = print && *print && std::string(print) != "0";
  auto* w = new World;
  g_world = w;
  // The database lives in memory-backed storage when there is some: every commit is fsynced.
  std::filesystem::path base =
      std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  w->dir = base / ("gridcase-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(w->dir);
  auto opened = storage::SqliteRepository::open((w->dir / "fuzz.db").string());
  if (!opened) die("cannot open the database: " + opened.status().to_string());
  w->repo = std::move(*opened);
  w->visibility = std::make_unique<ScopeVisibility>(*w->repo, *w->config);
  w->hub = std::make_unique<net::SubscriptionHub>(*w->visibility);
  w->engine = std::make_unique<Engine>(*w->repo, w->crypto, w->clock, w->hub.get(), EngineOptions{}, w->config);
  if (Status st = w->engine->load(); !st) die("engine load: " + st.to_string());
  auto demo = demo::load_demo(*w->repo, w->crypto, kStart);
  if (!demo) die("demo: " + demo.status().to_string());
  if (Status st = w->engine->load(); !st) die("engine reload: " + st.to_string());
  // Small limits, so that sizes, chunks and types past them are reachable from one frame.
  net::AttachmentLimits limits;
  limits.max_bytes = 64 * 1024;
  limits.chunk_bytes = 4096;
  auto attachments = net::AttachmentStore::open((w->dir / "attachments").string(), limits);
  if (!attachments) die("attachments: " + attachments.status().to_string());
  w->attachments = std::move(*attachments);
  w->dispatcher = std::make_unique<net::Dispatcher>(*w->engine, &w->metrics, w->attachments.get());
  if (!log_in()) die("cannot log in as " + std::string(kUser));
  std::atexit(cleanup);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = *g_world;
  v1::ClientFrame frame;
  if (!frame.ParseFromArray(data, static_cast<int>(size))) {
    (void)w.dispatcher->malformed_frame();
    return 0;
  }

  net::SessionContext ctx = w.session;
  auto subscriber = std::make_shared<DropSubscriber>();
  {
    net::EventStream events(*w.engine, *w.hub, [](net::OutFrame) {}, 8);
    events.bind(subscriber);
    ctx.events = &events;
    auto reply = call(ctx, frame);
    if (g_print && reply) {
      std::fprintf(stderr, "frame_fuzzer: call %d -> %s\n", static_cast<int>(frame.request_case()),
                   reply->ShortDebugString().substr(0, 300).c_str());
    }
    // A subscription from an old seq replays: run a few pages of it.
    for (int i = 0; i < 4 && events.replaying(); ++i) events.pump(64);
  }
  // Uploads carry over, so that a chunk or finish in a later input finds the upload begun in an
  // earlier one. Once the connection's limit is reached they are dropped and the ids start
  // again at "1", where the seeds point.
  if (ctx.uploads.size() >= 4) {
    ctx.uploads.clear();
    ctx.last_upload_id = 0;
  }
  w.session.uploads = std::move(ctx.uploads);
  w.session.last_upload_id = ctx.last_upload_id;

  // Calls that end sessions: log in again so that the next input still reaches the engine.
  switch (frame.request_case()) {
    case v1::ClientFrame::kLogout:
    case v1::ClientFrame::kChangePassword:
    case v1::ClientFrame::kRevokeSessions:
      (void)log_in();
      break;
    default:
      break;
  }
  return 0;
}
