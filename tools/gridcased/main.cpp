// gridcased: opens the store, builds the engine and serves it over WebSocket until SIGTERM or
// SIGINT, with the deadline runner recording clocks that fall due. The one place that sees both
// storage and net.
//
// Exit status: 0 after an orderly shutdown; 2 for bad options; 1 when the database cannot be
// opened or loaded, or the address cannot be listened on.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <malloc.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "gridcase/clock.hpp"
#include "gridcase/deadline_runner.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/event_relay.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/server.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/visibility.hpp"
#include "gridcase/storage/open_store.hpp"
#include "gridcase/storage/pg_event_feed.hpp"
#include "options.hpp"

namespace {

// glibc's malloc hands the top of a thread's heap back to the kernel once 128 KiB of it are
// free, and serves blocks past a threshold from mmap. A reply of a few dozen cases frees that
// much at once, so each call paid again for faulting its pages in (about a tenth of the
// server's CPU under reads on a large database). Keep up to 128 MiB of freed heap instead, and
// serve from the heap everything below mmap's largest threshold (32 MiB on 64-bit). A fixed
// value also turns off glibc's moving thresholds.
void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

int fail(const std::string& what, const gridcase::Status& status) {
  gridcase::log::error(what, {{"error", status.to_string()}});
  std::cerr << "gridcased: " << what << ": " << status.message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gridcase;

  // A launcher may read the ready line and close the pipe (gridcase-bench does); what is
  // printed after it must not end the server. Writes to a closed pipe or socket then fail with
  // EPIPE instead.
  std::signal(SIGPIPE, SIG_IGN);
  keep_freed_memory();

  auto parsed = gridcased::parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed) {
    std::cerr << "gridcased: " << parsed.status().message() << "\n"
              << "Try 'gridcased --help'.\n";
    return 2;
  }
  gridcased::Options options = *parsed;
  if (options.help) {
    std::cout << gridcased::usage();
    return 0;
  }
  log::set_level(options.log_level);

  // The web application: a folder named with --web-root must be there; the build's own may be
  // missing (a build without Node), and then only the API is served.
  if (!options.server.web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::path(options.server.web_root) / "index.html", ec)) {
      if (options.web_root_given) {
        std::cerr << "gridcased: --web-root " << options.server.web_root << ": no index.html there\n";
        return 2;
      }
      log::warn("no web application: the build made none", {{"web_root", options.server.web_root}});
      options.server.web_root.clear();
    }
  }

  // PostgreSQL has no file to keep the attachments beside: several servers share one folder
  // that the admin names.
  const bool on_postgres = storage::store_kind(options.db_path) == storage::StoreKind::kPostgres;
  if (on_postgres && options.attachments_dir.empty()) {
    std::cerr << "gridcased: 使用 PostgreSQL 数据库时必须用 --attachments-dir 指定附件文件夹（各服务器共用同一文件夹）"
                 " (--db names a PostgreSQL database: name the attachments folder, one that every server"
                 " shares, with --attachments-dir)\n"
              << "Try 'gridcased --help'.\n";
    return 2;
  }
  const std::string db_label = storage::store_label(options.db_path);

  // A fresh install has no var/ yet.
  const auto parent = std::filesystem::path(options.db_path).parent_path();
  if (!on_postgres && !parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }

  auto opened = storage::open_store(options.db_path);
  if (!opened) return fail("cannot open database " + db_label, opened.status());
  storage::Store store = std::move(*opened);
  Repository& repo = store.repo();

  net::SodiumCrypto crypto;
  SystemClock clock;
  EngineOptions engine_options;
  engine_options.calendar = options.calendar;
  engine_options.duplicate_window = options.duplicate_window;
  engine_options.request_retention = options.request_retention;
  // The configuration is shared by the engine and the rule the hub asks who may see an event;
  // the hub is the engine's sink. On PostgreSQL other servers write too: every event, this
  // server's and theirs, reaches the hub through one relay in seq order, fed by the engine and
  // by the listener that reads the events table (pg_event_feed.hpp).
  auto config = std::make_shared<Configuration>(options.calendar);
  ScopeVisibility visibility(repo, *config);
  net::SubscriptionHub hub(visibility);
  std::unique_ptr<EventRelay> relay;
  std::unique_ptr<storage::PgEventFeed> feed;
  EventSink* sink = &hub;
  if (store.kind() == storage::StoreKind::kPostgres) {
    Seq last = 0;
    Status read = repo.read([&](ReadView& view) -> Status {
      auto seq = view.last_seq();
      if (!seq) return seq.status();
      last = *seq;
      return Status::ok();
    });
    if (!read) {
      store.close();
      return fail("cannot read " + db_label, read);
    }
    relay = std::make_unique<EventRelay>(hub, last);
    feed = std::make_unique<storage::PgEventFeed>(options.db_path, *relay);
    relay->set_gap_listener([f = feed.get()] { f->wake(); });
    sink = relay.get();
  }
  Engine engine(repo, crypto, clock, sink, engine_options, config);
  if (Status st = engine.load(); !st) {
    store.close();
    return fail("cannot load " + db_label, st);
  }
  // The engine's due listener from here on: commits that make a clock due sooner wake it. Its
  // first round picks up whatever fell due while the server was down.
  if (auto users = engine.admin().list_users(kSystemActor, 0)) {
    std::string demo;
    for (const auto& u : *users) {
      if (u.demo_password && !u.disabled) demo += (demo.empty() ? "" : ",") + u.username;
    }
    if (!demo.empty()) {
      log::warn("these accounts still use the demo password; change it before real use", {{"users", demo}});
    }
  }
  DeadlineRunner deadlines(engine, clock);

  // Catch the signals before announcing readiness, so that a script that stops the server as
  // soon as it reads the ready line gets an orderly shutdown too.
  boost::asio::io_context signals_ioc;
  boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code& ec, int signal) {
    if (!ec) log::info("signal received", {{"signal", std::to_string(signal)}});
  });

  {
    // Attachments live beside the SQLite database (in the named folder on PostgreSQL); a chunk
    // (with its frame around it) must fit in a frame.
    net::AttachmentLimits limits = options.attachments;
    const auto frame_room = static_cast<int>(std::min<std::size_t>(options.server.max_frame_bytes, 1u << 30));
    limits.chunk_bytes = std::max(1, std::min(limits.chunk_bytes, frame_room - 1024));
    const std::string attachments_dir =
        options.attachments_dir.empty() ? options.db_path + ".attachments" : options.attachments_dir;
    auto attachments = net::AttachmentStore::open(attachments_dir, std::move(limits));
    if (!attachments) {
      store.close();
      return fail("cannot open the attachments directory " + attachments_dir, attachments.status());
    }
    net::Server server(engine, hub, options.server, attachments->get());
    if (Status st = server.start(); !st) {
      store.close();
      return fail("cannot listen", st);
    }
    deadlines.start();
    if (feed) feed->start();
    log::info("ready", {{"db", db_label}, {"url", server.ws_url()}});
    std::cout << "gridcased listening on " << server.ws_url() << std::endl;
    if (!options.server.web_root.empty()) {
      std::cout << "gridcased web application at " << server.http_url() << "/" << std::endl;
    }
    signals_ioc.run();

    server.stop();
    // The runner finishes its round (its writes go through the store), then the store
    // finishes the writes still queued, then the server may go.
    deadlines.stop();
    store.close();
    if (feed) feed->stop();
  }
  log::info("bye");
  return 0;
}
