#include "scenarios.hpp"

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "generator.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/open_store.hpp"
#include "demo.hpp"
#include "server_process.hpp"
#include "transports.hpp"
#include "workload.hpp"
#include "world.hpp"
#include "ws_pool.hpp"

namespace gridcase::bench {
namespace {

namespace asio = boost::asio;

// `name`: milliseconds of `cpu_seconds` per write of the run (nothing when none was written).
void per_write(ScenarioReport& report, const std::string& name, double cpu_seconds) {
  auto writes = report.figures.find("writes_per_second");
  if (writes == report.figures.end() || writes->second <= 0 || cpu_seconds <= 0) return;
  report.figures[name] = cpu_seconds * 1000 / (writes->second * report.seconds);
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

std::string run_tag() {
  return "bench" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000007);
}

// The database of a scenario, ready (the demo and the benchmark's accounts in it): --db when
// given, else a new one in the work directory, copied from a template made once (hashing the
// accounts' passwords is slow by design).
Result<World> fresh_database(const Env& env, const std::string& name, std::string& db) {
  if (!env.options.db.empty()) {
    db = env.options.db;
    return prepare_database(db);
  }
  namespace fs = std::filesystem;
  const std::string model = env.work_dir + "/template.db";
  if (!fs::exists(model)) {
    auto made = prepare_database(model);
    if (!made) return made.status();
  }
  db = env.work_dir + "/" + name + ".db";
  std::error_code ec;
  fs::copy_file(model, db, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status(reason::COPY_FAILED, "cannot copy " + model + ": " + ec.message());
  return prepare_database(db);
}

Status start_server(const Env& env, const std::string& db, ServerProcess& server,
                    const std::string& log_name = "gridcased.log") {
  std::vector<std::string> args = {"--db", db, "--max-calls-per-second", "0", "--log-level", "warn"};
  if (storage::store_kind(db) == storage::StoreKind::kPostgres) {
    // No file to keep the attachments beside: gridcased asks for a folder.
    args.insert(args.end(), {"--attachments-dir", env.work_dir + "/attachments"});
  }
  return server.start(env.server_binary, args, env.work_dir + "/" + log_name);
}

std::vector<std::pair<std::string, std::string>> credentials(const std::vector<Account>& accounts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : accounts) out.emplace_back(a.username, a.password);
  return out;
}

// Clients' accounts as one list, and for each client its position in it.
struct Seating {
  std::vector<Account> accounts;
  std::vector<std::size_t> owner;
};

Seating seat_mix_clients(const World& world, std::size_t clients) {
  Seating s;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < clients; ++i) {
    const Account& a = world.client_account(i);
    auto [it, added] = index.emplace(a.username, s.accounts.size());
    if (added) s.accounts.push_back(a);
    s.owner.push_back(it->second);
  }
  return s;
}

// --connect: what the accounts given can see, over the API.
Result<World> world_over_api(ClientPool& pool, const std::vector<std::string>& users) {
  std::vector<Account> workers, supervisors;
  std::map<UnitId, OrgUnit> units;
  std::vector<Category> categories;
  auto& c = *pool.connections().front();
  for (const auto& spec : users) {
    const auto colon = spec.find(':');
    v1::ClientFrame login;
    login.mutable_login()->set_username(spec.substr(0, colon));
    login.mutable_login()->set_password(spec.substr(colon + 1));
    v1::Reply r = pool.call(c, login);
    if (r.has_error()) return Status(reason::LOGIN_FAILED, spec.substr(0, colon) + ": " + r.error().message());
    Account a{spec.substr(0, colon), spec.substr(colon + 1), static_cast<Role>(r.login().user().role()),
              r.login().user().scope_unit_id(), r.login().user().id()};
    v1::ClientFrame tree;
    tree.mutable_get_org_tree();
    v1::Reply t = pool.call(c, tree);
    for (const auto& u : t.org_tree().units()) {
      OrgUnit o;
      o.id = u.id();
      o.parent_id = u.parent_id();
      o.type = static_cast<UnitType>(u.type());
      o.code = u.code();
      o.name = u.name();
      o.case_prefix = u.case_prefix();
      o.retired = u.retired();
      units[o.id] = o;
    }
    if (categories.empty()) {
      v1::ClientFrame cats;
      cats.mutable_list_categories();
      const v1::Reply listed = pool.call(c, cats);
      for (const auto& k : listed.categories().categories()) {
        categories.push_back({k.code(), static_cast<CaseKind>(k.kind()), k.parent_code(), k.name(),
                              static_cast<UnitType>(k.default_handler())});
      }
    }
    if (a.role == Role::kGridWorker) workers.push_back(a);
    if (a.role == Role::kSupervisor) supervisors.push_back(a);
    v1::ClientFrame logout;
    logout.mutable_logout();
    pool.call(c, logout);
  }
  std::vector<OrgUnit> list;
  for (auto& [id, u] : units) {
    if (units.count(u.parent_id) == 0) u.parent_id = 0;  // the top of what these accounts see
    list.push_back(u);
  }
  if (workers.empty() && supervisors.empty()) {
    return Status(reason::NO_ACCOUNTS, "--connect needs grid worker or supervisor accounts");
  }
  return World(std::make_shared<OrgTree>(list), categories, workers, supervisors);
}

// Clients on pool connections 0..n-1, each sending next(i, rng) until `seconds` have passed.
// With rate 0 the loop is closed: a client sends its next call when the last one is answered,
// so the server is kept saturated. With a rate (calls per second over all clients) the loop is
// open: client i sends on its own schedule, one call every n / rate seconds from a random
// phase, whether or not the last call was answered, and a latency counts from when the call
// was due, so a slow answer is not hidden by the calls it delayed.
std::map<std::string, Latencies> read_loop(
    ClientPool& pool, std::size_t n, double seconds, double rate,
    const std::function<std::pair<std::string, v1::ClientFrame>(std::size_t, std::mt19937_64&)>& next) {
  struct Client {
    std::mt19937_64 rng;
    std::map<std::string, Latencies> ops;
    std::unique_ptr<asio::steady_timer> timer;
    SteadyClock::time_point due;
  };
  std::vector<Client> clients(n);
  for (std::size_t i = 0; i < n; ++i) clients[i].rng.seed(1000 + i);
  std::atomic<bool> running{true};
  std::atomic<std::size_t> outstanding{0};
  std::atomic<std::size_t> ticking{rate > 0 ? n : 0};  // paced clients whose timer still runs
  const auto start = SteadyClock::now();
  const auto end = start + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(seconds));
  const auto interval = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(rate > 0 ? static_cast<double>(n) / rate : 0));
  // `sent`: when the call counts from (its due time when paced).
  std::function<void(std::size_t, SteadyClock::time_point)> issue = [&](std::size_t i, SteadyClock::time_point sent) {
    if (!running.load() || SteadyClock::now() >= end) return;
    auto [name, frame] = next(i, clients[i].rng);
    outstanding.fetch_add(1);
    pool.connections()[i]->call(std::move(frame), [&, i, name = name, sent](const v1::Reply& r) {
      if (r.has_error()) {
        clients[i].ops[name].add_error(error_reason(r));
      } else {
        clients[i].ops[name].add(SteadyClock::now() - sent);
      }
      outstanding.fetch_sub(1);
      if (rate <= 0) issue(i, SteadyClock::now());
    });
  };
  std::function<void(std::size_t)> tick = [&](std::size_t i) {
    Client& c = clients[i];
    c.timer->expires_at(c.due);
    c.timer->async_wait([&, i](boost::system::error_code ec) {
      if (ec || !running.load()) {
        ticking.fetch_sub(1);
        return;
      }
      issue(i, clients[i].due);
      clients[i].due += interval;
      tick(i);
    });
  };
  for (std::size_t i = 0; i < n; ++i) {
    auto& context = pool.connections()[i]->context();
    if (rate > 0) {
      clients[i].timer = std::make_unique<asio::steady_timer>(context);
      const double phase = std::uniform_real_distribution<double>(0, 1)(clients[i].rng);
      clients[i].due = start + std::chrono::duration_cast<SteadyClock::duration>(interval * phase);
      asio::post(context, [&tick, i] { tick(i); });
    } else {
      asio::post(context, [&issue, i] { issue(i, SteadyClock::now()); });
    }
  }
  std::this_thread::sleep_until(end);
  running.store(false);
  for (std::size_t i = 0; i < n; ++i) {
    if (clients[i].timer) asio::post(pool.connections()[i]->context(), [&clients, i] { clients[i].timer->cancel(); });
  }
  const auto drain = SteadyClock::now() + std::chrono::seconds(30);
  while ((outstanding.load() > 0 || ticking.load() > 0) && SteadyClock::now() < drain) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::map<std::string, Latencies> out;
  for (auto& c : clients) merge_ops(out, c.ops);
  return out;
}

}  // namespace

Result<ScenarioReport> run_mix_scenario(const Env& env) {
  const Options& o = env.options;
  ServerProcess server;
  // --servers N: the others on the same database; client i talks to server i % N.
  std::vector<std::unique_ptr<ServerProcess>> others;
  World world;
  ClientPool pool(o.threads);
  Seating seats;
  std::uint16_t port = 0;
  std::string host = "127.0.0.1";
  if (o.connect.empty()) {
    std::string db;
    auto prepared = fresh_database(env, "mix", db);
    if (!prepared) return prepared.status();
    world = std::move(*prepared);
    GRIDCASE_RETURN_IF_ERROR(start_server(env, db, server));
    port = server.port();
    for (int n = 1; n < o.servers; ++n) {
      others.push_back(std::make_unique<ServerProcess>());
      GRIDCASE_RETURN_IF_ERROR(start_server(env, db, *others.back(), "gridcased-" + std::to_string(n + 1) + ".log"));
    }
  } else {
    // ws://HOST:PORT/ws
    const std::string rest = o.connect.substr(o.connect.find("//") == std::string::npos ? 0 : o.connect.find("//") + 2);
    const auto colon = rest.find(':');
    if (colon == std::string::npos) return Status(reason::BAD_FLAG, "--connect: expected ws://HOST:PORT/ws");
    host = rest.substr(0, colon);
    port = static_cast<std::uint16_t>(std::stoi(rest.substr(colon + 1)));
    if (pool.connect(port, 1, 1, host) != 0) return Status(reason::CONNECT_FAILED, "cannot connect to " + o.connect);
    std::vector<std::string> users = o.users;
    if (users.empty()) {
      for (const char* u : {"grid1", "grid2", "hepan_sup", "supervisor"}) {
        users.push_back(std::string(u) + ":" + demo::kDemoPassword);
      }
    }
    auto described = world_over_api(pool, users);
    if (!described) return described.status();
    world = std::move(*described);
    pool.connect(port, o.clients - 1, 64, host);
  }
  if (o.connect.empty()) {
    // Connection i to server i % N: each connect call appends its connections in order.
    std::size_t failed = 0;
    for (std::size_t i = 0; i < o.clients; ++i) {
      failed += pool.connect(i % o.servers == 0 ? port : others[i % o.servers - 1]->port(), 1, 1, host);
    }
    if (failed != 0) return Status(reason::CONNECT_FAILED, std::to_string(failed) + " connections failed");
  }
  seats = seat_mix_clients(world, o.clients);
  GRIDCASE_RETURN_IF_ERROR(pool.sign_in(credentials(seats.accounts), [&](std::size_t i) { return seats.owner[i]; }));

  MixOptions mix;
  mix.clients = o.clients;
  mix.seconds = o.seconds;
  mix.rate = o.rate;
  mix.depth = o.depth;
  mix.seed = o.seed;
  mix.run_tag = run_tag();
  WsTransport transport(pool);
  const ProcessSample before = server.sample();
  std::vector<ProcessSample> others_before;
  for (const auto& s : others) others_before.push_back(s->sample());
  const double machine_before = machine_cpu_seconds();
  const ProcessSample self_before = sample_process(getpid());
  ScenarioReport report = run_mix(world, transport,
                                  [&](std::size_t i) -> asio::io_context& { return pool.connections()[i]->context(); },
                                  mix, "mix");
  if (o.connect.empty()) {
    report.server = cost_between(before, server.sample());
    for (std::size_t n = 0; n < others.size(); ++n) {
      const ServerCost c = cost_between(others_before[n], others[n]->sample());
      report.server.cpu_seconds += c.cpu_seconds;
      report.server.writer_cpu_seconds += c.writer_cpu_seconds;
      report.server.checkpoint_cpu_seconds += c.checkpoint_cpu_seconds;
      report.server.peak_rss_kib = std::max(report.server.peak_rss_kib, c.peak_rss_kib);
      report.server.rss_kib += c.rss_kib;
    }
    report.has_server = true;
    per_write(report, "writer_cpu_ms_per_write", report.server.writer_cpu_seconds);
    per_write(report, "checkpoint_cpu_ms_per_write", report.server.checkpoint_cpu_seconds);
    // Where the machine's time went: the servers, this benchmark's clients, and the rest (the
    // database's processes on PostgreSQL, and whatever else runs).
    const double machine = machine_cpu_seconds() - machine_before;
    const double clients = cost_between(self_before, sample_process(getpid())).cpu_seconds;
    report.figures["machine_cpu_seconds"] = machine;
    report.figures["benchmark_clients_cpu_seconds"] = clients;
    report.figures["other_cpu_seconds"] = std::max(0.0, machine - clients - report.server.cpu_seconds);
    per_write(report, "other_cpu_ms_per_write", report.figures["other_cpu_seconds"]);
    if (o.servers > 1) report.figures["servers"] = o.servers;
  }
  report.notes["transport"] = "websocket";
  pool.close_all();
  return report;
}

Result<ScenarioReport> run_store_only(const Env& env) {
  const Options& o = env.options;
  std::string db;
  Env own = env;
  // Always a fresh SQLite database of its own; a PostgreSQL database named by --db is used.
  const bool on_postgres = storage::store_kind(o.db) == storage::StoreKind::kPostgres;
  if (!on_postgres) own.options.db.clear();
  auto ready = fresh_database(own, "store-only", db);
  if (!ready) return ready.status();
  auto opened = storage::open_store(db);
  if (!opened) return opened.status();
  storage::Store& store = *opened;
  net::SodiumCrypto crypto;
  SystemClock clock;
  Engine engine(store.repo(), crypto, clock, nullptr);
  GRIDCASE_RETURN_IF_ERROR(engine.load());
  if (engine.tree()->units().empty()) {
    auto loaded = demo::load_demo(store.repo(), crypto, clock.now());
    if (!loaded) return loaded.status();
    GRIDCASE_RETURN_IF_ERROR(engine.load());
  }
  auto described = describe(engine);
  if (!described) return described.status();
  const World world = std::move(*described);

  ClientPool pool(o.threads);
  auto contexts = [&](std::size_t i) -> asio::io_context& { return pool.context(i); };
  EngineTransport transport(engine, world, contexts);
  MixOptions mix;
  mix.clients = o.clients;
  mix.seconds = o.seconds;
  mix.depth = o.depth;
  mix.rate = o.rate;
  mix.reads = false;
  mix.seed = o.seed;
  mix.run_tag = run_tag();
  rusage before{}, after{};
  getrusage(RUSAGE_SELF, &before);
  const ProcessSample self_before = sample_process(getpid());
  const std::uint64_t commits_before = store.commits();
  ScenarioReport report = run_mix(world, transport, contexts, mix, "store-only");
  const std::uint64_t commits = store.commits() - commits_before;
  getrusage(RUSAGE_SELF, &after);
  const ServerCost self = cost_between(self_before, sample_process(getpid()));
  auto seconds = [](const rusage& r) {
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  };
  report.figures["process_cpu_seconds"] = seconds(after) - seconds(before);
  report.figures["commits"] = static_cast<double>(commits);
  if (commits > 0 && report.figures.count("writes_per_second")) {
    report.figures["writes_per_commit"] = report.figures["writes_per_second"] * report.seconds / static_cast<double>(commits);
    report.figures["cpu_ms_per_write"] =
        report.figures["process_cpu_seconds"] * 1000 / (report.figures["writes_per_second"] * report.seconds);
  }
  per_write(report, "writer_cpu_ms_per_write", self.writer_cpu_seconds);
  per_write(report, "checkpoint_cpu_ms_per_write", self.checkpoint_cpu_seconds);
  report.notes["transport"] = on_postgres ? "in-process engine + PostgreSQL (writes only, no network)"
                                         : "in-process engine + SQLite (writes only, no network)";
  store.close();
  return report;
}

Result<ScenarioReport> run_idle(const Env& env) {
  const Options& o = env.options;
  std::string db;
  auto prepared = fresh_database(env, "idle", db);
  if (!prepared) return prepared.status();
  const World world = std::move(*prepared);
  ServerProcess server;
  GRIDCASE_RETURN_IF_ERROR(start_server(env, db, server));
  const ProcessSample at_start = server.sample();

  ClientPool pool(o.threads);
  const auto t0 = SteadyClock::now();
  const std::size_t failed = pool.connect(server.port(), o.idle_connections, 256);
  std::vector<Account> accounts = world.workers();
  accounts.insert(accounts.end(), world.supervisors().begin(), world.supervisors().end());
  // One login (a deliberately slow password check) per account, so a few connections use few.
  accounts.resize(std::max<std::size_t>(1, std::min(accounts.size(), o.idle_connections / 100)));
  Status signed_in = pool.sign_in(credentials(accounts), [&](std::size_t i) { return i % accounts.size(); });
  const double setup = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  const ProcessSample logged_in = server.sample();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  std::atomic<std::size_t> open{0};
  pool.for_each([&](PoolConnection& c, std::size_t) {
    if (c.is_open()) open.fetch_add(1);
  });
  // Every connection still answers.
  std::atomic<std::size_t> answered{0};
  pool.call_each(
      [&](std::size_t i) -> std::optional<v1::ClientFrame> {
        if (i % 100 != 0) return std::nullopt;
        v1::ClientFrame f;
        f.mutable_list_categories();
        return f;
      },
      [&](std::size_t, const v1::Reply& r) {
        if (!r.has_error()) answered.fetch_add(1);
      });
  const ProcessSample end = server.sample();

  ScenarioReport report;
  report.name = "idle";
  report.seconds = o.seconds;
  report.figures["connections"] = static_cast<double>(o.idle_connections);
  report.figures["connect_failures"] = static_cast<double>(failed);
  report.figures["open_at_end"] = static_cast<double>(open.load());
  report.figures["probed_ok"] = static_cast<double>(answered.load());
  report.figures["connect_and_login_seconds"] = setup;
  report.figures["server_rss_mib_before"] = static_cast<double>(at_start.rss_kib) / 1024.0;
  report.figures["server_rss_mib_logged_in"] = static_cast<double>(logged_in.rss_kib) / 1024.0;
  report.figures["server_rss_mib_end"] = static_cast<double>(end.rss_kib) / 1024.0;
  report.figures["server_kib_per_connection"] =
      static_cast<double>(end.rss_kib - std::min(end.rss_kib, at_start.rss_kib)) / static_cast<double>(o.idle_connections);
  report.server = cost_between(at_start, end);
  report.has_server = true;
  if (!signed_in) report.notes["sign_in"] = signed_in.to_string();
  pool.close_all();
  return report;
}

Result<ScenarioReport> run_fanout(const Env& env) {
  const Options& o = env.options;
  std::string db;
  auto prepared = fresh_database(env, "fanout", db);
  if (!prepared) return prepared.status();
  const World world = std::move(*prepared);
  ServerProcess server;
  GRIDCASE_RETURN_IF_ERROR(start_server(env, db, server));

  // --across-servers: connection 0 acts through a second server on the same database.
  ServerProcess writer;
  if (o.across) GRIDCASE_RETURN_IF_ERROR(start_server(env, db, writer, "gridcased-writer.log"));

  ClientPool pool(o.threads);
  const std::size_t n = o.subscribers + 1;  // connection 0 acts, the rest listen
  if (o.across) {
    if (pool.connect(writer.port(), 1, 256) != 0 || pool.connect(server.port(), n - 1, 256) != 0) {
      return Status(reason::CONNECT_FAILED, "connections failed");
    }
  } else if (pool.connect(server.port(), n, 256) != 0) {
    return Status(reason::CONNECT_FAILED, "connections failed");
  }
  const std::vector<Account> tops = world.top_supervisors();
  std::vector<Account> accounts{world.workers().front()};
  accounts.insert(accounts.end(), tops.begin(), tops.end());
  GRIDCASE_RETURN_IF_ERROR(
      pool.sign_in(credentials(accounts), [&](std::size_t i) { return i == 0 ? 0 : 1 + i % tops.size(); }));

  // The case the events are about.
  PoolConnection& actor = *pool.connections().front();
  std::mt19937_64 rng(o.seed);
  v1::ClientFrame create;
  {
    PlannedOp op;
    op.kind = OpKind::kCreate;
    op.create.request_id = run_tag() + "-fanout";
    const Category& cat = world.random_category(rng);
    op.create.kind = cat.kind;
    op.create.category_code = cat.code;
    op.create.channel = Channel::kPatrol;
    op.create.title = "扇出测试：楼道堆放杂物";
    op.create.location.unit_id = world.workers().front().scope;
    create = to_frame(op);
  }
  v1::Reply created = pool.call(actor, create);
  if (created.has_error()) return Status(reason::CREATE_FAILED, created.error().message());
  const std::int64_t case_id = created.case_result().case_().id();
  const std::int64_t base_version = created.case_result().case_().version();

  std::vector<std::atomic<std::int64_t>> sent_at(static_cast<std::size_t>(o.events) + 1);
  std::mutex mu;
  Latencies delivery, after_reply;
  std::vector<std::atomic<std::int64_t>> replied_at(static_cast<std::size_t>(o.events) + 1);
  std::atomic<std::int64_t> delivered{0};
  auto now_ns = [] { return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count(); };
  pool.for_each([&](PoolConnection& c, std::size_t i) {
    if (i == 0) return;
    c.set_event_handler([&](const v1::EventPush& push) {
      const auto& e = push.event();
      if (e.case_id() != case_id) return;
      const std::int64_t k = e.case_version() - base_version;
      if (k < 1 || k > o.events) return;
      const std::int64_t t = now_ns();
      std::lock_guard<std::mutex> lock(mu);
      delivery.add(std::chrono::nanoseconds(t - sent_at[k].load()));
      const std::int64_t replied = replied_at[k].load();
      if (replied != 0) after_reply.add(std::chrono::nanoseconds(std::max<std::int64_t>(0, t - replied)));
      delivered.fetch_add(1);
    });
  });
  std::atomic<std::size_t> subscribed{0};
  pool.call_each(
      [&](std::size_t i) -> std::optional<v1::ClientFrame> {
        if (i == 0) return std::nullopt;
        v1::ClientFrame f;
        f.mutable_subscribe();
        return f;
      },
      [&](std::size_t, const v1::Reply& r) {
        if (!r.has_error()) subscribed.fetch_add(1);
      });

  const ProcessSample before = server.sample();
  const auto t0 = SteadyClock::now();
  Latencies commit;
  for (int k = 1; k <= o.events; ++k) {
    v1::ClientFrame f;
    auto* h = f.mutable_comment_case()->mutable_header();
    h->set_request_id(run_tag() + "-fanout-" + std::to_string(k));
    h->set_case_id(case_id);
    h->set_reason("请各社区关注此事件。");
    sent_at[k].store(now_ns());
    const auto s = SteadyClock::now();
    v1::Reply r = pool.call(actor, f);
    replied_at[k].store(now_ns());
    if (r.has_error()) {
      commit.add_error(error_reason(r));
    } else {
      commit.add(SteadyClock::now() - s);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::int64_t expected = static_cast<std::int64_t>(subscribed.load()) * o.events;
  const auto wait_until = SteadyClock::now() + std::chrono::seconds(10);
  while (delivered.load() < expected && SteadyClock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();

  ScenarioReport report;
  report.name = "fanout";
  report.seconds = seconds;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (std::int64_t i = delivered.load(); i < expected; ++i) delivery.add_error("NOT_DELIVERED");
    report.ops["delivery"] = delivery;
    report.ops["delivery_after_reply"] = after_reply;
  }
  report.ops["comment"] = commit;
  report.figures["subscribers"] = static_cast<double>(subscribed.load());
  report.figures["events"] = o.events;
  report.figures["deliveries"] = static_cast<double>(delivered.load());
  report.figures["expected_deliveries"] = static_cast<double>(expected);
  report.server = cost_between(before, server.sample());
  report.has_server = true;
  report.notes["measured"] = "delivery: from sending the comment to the event at each subscriber";
  if (o.across) {
    report.notes["across"] =
        "the comments went through a second gridcased on the same PostgreSQL database; the subscribers "
        "were on the first (server figures are the first's)";
  }
  pool.close_all();
  return report;
}

Result<ScenarioReport> run_generate(const Env& env, const std::string& db) {
  GenerateOptions g;
  g.db = db;
  g.cases = env.options.cases;
  g.days = env.options.days;
  g.seed = env.options.seed;
  g.progress = true;
  if (g.cases < 20000) g.long_history_every = std::max<std::int64_t>(10, g.cases / 4);
  return generate(g);
}

Result<ScenarioReport> run_reads(const Env& env, const std::string& db) {
  const Options& o = env.options;
  const bool on_postgres = storage::store_kind(db) == storage::StoreKind::kPostgres;
  // On PostgreSQL the facts are those of the generated file it was copied from.
  GeneratedFacts facts = on_postgres ? read_generated_facts_file(o.facts) : read_generated_facts(db);
  if (on_postgres && facts.cases == 0) return Status(reason::NO_LONG_HISTORIES, o.facts + " names no generated cases");
  std::optional<ScenarioReport> generated;
  if (facts.cases == 0) {
    auto g = run_generate(env, db);
    if (!g) return g.status();
    generated = std::move(*g);
    facts = read_generated_facts(db);
  }
  if (facts.long_history_cases.empty()) {
    return Status(reason::NO_LONG_HISTORIES, storage::store_label(db) + " has no generated long-history cases");
  }
  const std::uint64_t bytes = file_size(db) + file_size(db + "-wal");
  auto prepared = prepare_database(db);  // the accounts are there already: nothing changes
  if (!prepared) return prepared.status();
  const World world = std::move(*prepared);

  ServerProcess server;
  GRIDCASE_RETURN_IF_ERROR(start_server(env, db, server));
  const double startup = server.startup_seconds();
  const ProcessSample at_start = server.sample();

  const std::size_t clients = 4;
  ClientPool pool(o.threads);
  if (pool.connect(server.port(), clients, clients) != 0) return Status(reason::CONNECT_FAILED, "connections failed");
  const std::vector<Account> tops = world.top_supervisors();
  GRIDCASE_RETURN_IF_ERROR(pool.sign_in(credentials(tops), [&](std::size_t i) { return i % tops.size(); }));

  static const CaseKind kKinds[] = {CaseKind::kDispute, CaseKind::kHotline, CaseKind::kPetition,
                                    CaseKind::kHazard, CaseKind::kIncident};
  // The figures supervisors ask for: the sub-district's year and a community's month, both the
  // current ones (the generated history ends now).
  const ShanghaiTime today = to_shanghai(SystemClock().now());
  char year_from[32], year_to[32], month_from[32], month_to[32];
  std::snprintf(year_from, sizeof year_from, "%04d-01-01", today.year);
  std::snprintf(year_to, sizeof year_to, "%04d-01-01", today.year + 1);
  std::snprintf(month_from, sizeof month_from, "%04d-%02d-01", today.year, today.month);
  std::snprintf(month_to, sizeof month_to, "%04d-%02d-01", today.month == 12 ? today.year + 1 : today.year,
                today.month == 12 ? 1 : today.month + 1);
  std::vector<UnitId> communities;
  for (UnitId u : world.tree().children(world.sub_district())) {
    const OrgUnit* unit = world.tree().find(u);
    if (unit != nullptr && unit->type == UnitType::kCommunity) communities.push_back(u);
  }
  if (communities.empty()) return Status(reason::NO_COMMUNITY, "the sub-district has no community");
  const ProcessSample before = server.sample();
  auto ops = read_loop(pool, clients, o.seconds, o.rate, [&](std::size_t i, std::mt19937_64& rng) {
    v1::ClientFrame f;
    // One call in ten asks for figures: a sub-district's year or a community's month.
    if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) {
      auto* r = f.mutable_get_figures();
      if (i % 2 == 0) {
        r->set_unit_id(world.sub_district());
        r->set_from(year_from);
        r->set_to(year_to);
        return std::make_pair(std::string("figures_sub_district_year"), f);
      }
      r->set_unit_id(communities[std::uniform_int_distribution<std::size_t>(0, communities.size() - 1)(rng)]);
      r->set_from(month_from);
      r->set_to(month_to);
      return std::make_pair(std::string("figures_community_month"), f);
    }
    if (i % 2 == 0) {
      auto* r = f.mutable_list_cases();
      r->set_unit_id(world.sub_district());
      r->add_kinds(static_cast<v1::CaseKind>(kKinds[std::uniform_int_distribution<int>(0, 4)(rng)]));
      for (auto s : {v1::CASE_STATE_REPORTED, v1::CASE_STATE_ACCEPTED, v1::CASE_STATE_IN_PROGRESS, v1::CASE_STATE_SUSPENDED}) {
        r->add_states(s);
      }
      r->set_order(v1::CASE_ORDER_DEADLINE);
      r->set_page_size(50);
      return std::make_pair(std::string("list_open_page"), f);
    }
    const auto& ids = facts.long_history_cases;
    f.mutable_get_case()->set_case_id(ids[std::uniform_int_distribution<std::size_t>(0, ids.size() - 1)(rng)]);
    return std::make_pair(std::string("get_50_events"), f);
  });

  ScenarioReport report;
  report.name = "reads";
  report.seconds = o.seconds;
  report.ops = std::move(ops);
  report.figures["cases"] = static_cast<double>(facts.cases);
  report.figures["clients"] = static_cast<double>(clients);
  if (o.rate > 0) report.figures["offered_ops_per_second"] = o.rate;
  if (!on_postgres) {
    report.figures["database_bytes"] = static_cast<double>(bytes);
    report.figures["bytes_per_case"] = static_cast<double>(bytes) / static_cast<double>(facts.cases);
  }
  report.figures["server_ready_seconds"] = startup;
  report.figures["server_rss_mib_at_ready"] = static_cast<double>(at_start.rss_kib) / 1024.0;
  report.server = cost_between(before, server.sample());
  report.has_server = true;
  report.notes["db"] = storage::store_label(db);
  report.notes["list"] = "a sub-district's open cases of one kind, first page of 50 by deadline";
  if (generated) {
    for (const auto& [k, v] : generated->figures) report.figures["generate_" + k] = v;
    report.figures["generate_seconds"] = generated->seconds;
  }
  pool.close_all();
  return report;
}

}  // namespace gridcase::bench
