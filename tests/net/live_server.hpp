// A gridcase server for the socket tests: 127.0.0.1 on a free port, with the net tests' org tree,
// over a fresh SQLite file in a temporary directory; or, when GRIDCASE_PG_CLUSTER names the test
// run's PostgreSQL cluster, over a fresh database of it (the tests registered a second time under
// "net on postgresql: " in tests/net/CMakeLists.txt).
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/log.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/server.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/net/subscription_hub.hpp"
#include "gridcase/storage/open_store.hpp"
#include "org_fixture.hpp"
#include "pg_database.hpp"
#include "ws_client.hpp"

namespace gridcase::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("gridcase-net-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct LiveServer {
  // `clock` (which must outlive the server) drives the engine; null: the system clock.
  // Attachments are kept in gridcase.db.attachments beside the database, within `limits`.
  explicit LiveServer(net::ServerConfig config = {}, const Clock* clock = nullptr,
                      net::AttachmentLimits limits = {}) {
    log::set_level(log::Level::kWarn);
    const char* cluster = std::getenv("GRIDCASE_PG_CLUSTER");
    std::string db = (dir.path() / "gridcase.db").string();
    if (cluster != nullptr && *cluster != '\0') {
      pg.emplace();
      db = pg->conninfo();
    }
    auto opened = storage::open_store(db);
    INFO(opened.status().to_string());
    REQUIRE(opened.is_ok());
    store = std::move(*opened);
    visibility = std::make_unique<ScopeVisibility>(store.repo(), *configuration);
    hub = std::make_unique<net::SubscriptionHub>(*visibility);
    engine = std::make_unique<Engine>(store.repo(), crypto, clock != nullptr ? *clock : system_clock, hub.get(),
                                      EngineOptions{}, configuration);
    REQUIRE(engine->load().is_ok());
    org = build_org(*engine);
    config.host = "127.0.0.1";
    config.port = 0;
    auto folder = net::AttachmentStore::open((dir.path() / "gridcase.db.attachments").string(), limits);
    INFO(folder.status().to_string());
    REQUIRE(folder.is_ok());
    attachments = std::move(*folder);
    server = std::make_unique<net::Server>(*engine, *hub, config, attachments.get());
    auto st = server->start();
    INFO(st.to_string());
    REQUIRE(st.is_ok());
    port = server->port();
  }
  ~LiveServer() {
    server->stop();
    store.close();
  }

  std::unique_ptr<WsClient> client(const std::string& username) {
    auto c = std::make_unique<WsClient>(port);
    c->login(username, password_of(username));
    return c;
  }

  TempDir dir;
  std::optional<PgDatabase> pg;  // on PostgreSQL: the database, dropped last
  storage::Store store;
  net::SodiumCrypto crypto{net::HashCost::kMinimum};
  SystemClock system_clock;
  std::shared_ptr<Configuration> configuration = std::make_shared<Configuration>();
  std::unique_ptr<ScopeVisibility> visibility;
  std::unique_ptr<net::SubscriptionHub> hub;
  std::unique_ptr<Engine> engine;
  Org org;
  std::unique_ptr<net::AttachmentStore> attachments;
  std::unique_ptr<net::Server> server;
  std::uint16_t port = 0;
};

}  // namespace gridcase::testing
