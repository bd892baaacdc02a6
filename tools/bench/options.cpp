#include "options.hpp"

#include <cstdlib>

#include "gridcase/storage/open_store.hpp"

namespace gridcase::bench {
namespace {

Status number(const std::string& flag, const std::string& text, double min, double max, double& out) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || !(v >= min && v <= max)) {
    return Status(reason::BAD_FLAG, flag + ": expected a number between " + std::to_string(min) + " and " +
                                            std::to_string(max) + ", got \"" + text + "\"");
  }
  out = v;
  return Status::ok();
}

}  // namespace

std::string usage() {
  return "usage: gridcase-bench [SCENARIO] [options]\n"
         "\n"
         "Scenarios:\n"
         "  mix          N clients (grid workers and supervisors) create (30%), act (50%) and read (20%)\n"
         "  idle         many logged-in idle connections; the server's memory\n"
         "  fanout       one event to many subscribed supervisors; delivery latency\n"
         "  generate     fill a database with cases and realistic histories (--cases, --days)\n"
         "  reads        list and get on a large database (generates one unless --db has one;\n"
         "               on PostgreSQL, one copied there from a generated file, see --facts)\n"
         "  store-only   the mix's writes through core + storage in this process, no network\n"
         "  limits       this machine at best without gridcase: a synced 4 KiB write, bare SQLite\n"
         "               writes (an event and a case update each) by batch, Beast WebSocket echo\n"
         "  all          every scenario above, in that order\n"
         "\n"
         "mix and store-only also measure the limits after them and print each figure as a share of\n"
         "them (the \"ratios\" report), unless --no-limits.\n"
         "\n"
         "Options:\n"
         "  --scenario NAME          the same as the positional SCENARIO\n"
         "  --clients N              concurrent clients (default 64)\n"
         "  --duration SECONDS       measured time of mix, store-only, reads, idle (default 10)\n"
         "  --rate OPS               offered operations per second over all clients, mix and\n"
         "                           reads (default 0: closed loop, each client as fast as\n"
         "                           replies come)\n"
         "  --depth N                closed loop: calls each client keeps outstanding (default 1)\n"
         "  --db PATH                use this database (created and filled with the demo when\n"
         "                           missing) instead of a temporary one; mix, store-only, idle\n"
         "                           and fanout also take a PostgreSQL database (postgresql://...\n"
         "                           or 'host=... dbname=...'; filled with the demo when empty)\n"
         "  --connect URL            drive a running server (ws://127.0.0.1:PORT/ws) instead of\n"
         "                           starting one; mix only\n"
         "  --user NAME:PASSWORD     --connect: an account to log in as (repeatable; default the\n"
         "                           demo's grid1, grid2, hepan_sup and supervisor)\n"
         "  --server PATH            the gridcased binary (default: beside this tool's build)\n"
         "  --cases N                generate: how many cases (default 1000000)\n"
         "  --days N                 generate: over how many days, ending now (default 365)\n"
         "  --idle-connections N     idle: how many connections (default 10000)\n"
         "  --subscribers N          fanout: how many subscribed supervisors (default 1000)\n"
         "  --events N               fanout: how many events (default 20)\n"
         "  --servers N              mix on PostgreSQL: N gridcased processes on the one\n"
         "                           database, the clients spread over them in turn (default 1)\n"
         "  --facts FILE.db.bench    reads on PostgreSQL: what generate wrote beside the SQLite\n"
         "                           file the database was copied from (gridcase-admin copy)\n"
         "  --across-servers         fanout on PostgreSQL: write the events through a second\n"
         "                           gridcased on the same database, the subscribers staying on\n"
         "                           the first (delivery across servers)\n"
         "  --threads N              client threads (default 2)\n"
         "  --work-dir DIR           where temporary databases go (default a new /tmp dir)\n"
         "  --keep                   keep the temporary directory\n"
         "  --seed N                 random seed (default 1)\n"
         "  --json                   print JSON instead of tables\n"
         "  --no-limits              mix, store-only: do not measure the limits nor print ratios\n";
}

Result<Options> parse_options(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      const auto eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_value = true;
      }
    } else if (i == 0) {
      o.scenario = arg;
      continue;
    } else {
      return Status(reason::BAD_FLAG, "unexpected argument \"" + arg + "\"");
    }
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg == "--json") {
      o.json = true;
      continue;
    }
    if (arg == "--keep") {
      o.keep = true;
      continue;
    }
    if (arg == "--across-servers") {
      o.across = true;
      continue;
    }
    if (arg == "--no-limits") {
      o.limits = false;
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return Status(reason::BAD_FLAG, arg + " needs a value");
      value = args[++i];
    }
    double n = 0;
    if (arg == "--scenario") {
      o.scenario = value;
    } else if (arg == "--clients") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 100000, n));
      o.clients = static_cast<std::size_t>(n);
    } else if (arg == "--duration") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 0.1, 86400, o.seconds));
    } else if (arg == "--rate") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 0, 1e7, o.rate));
    } else if (arg == "--depth") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 1000, n));
      o.depth = static_cast<int>(n);
    } else if (arg == "--servers") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 16, n));
      o.servers = static_cast<int>(n);
    } else if (arg == "--facts") {
      o.facts = value;
    } else if (arg == "--db") {
      o.db = value;
    } else if (arg == "--connect") {
      o.connect = value;
    } else if (arg == "--user") {
      if (value.find(':') == std::string::npos) return Status(reason::BAD_FLAG, "--user: expected NAME:PASSWORD");
      o.users.push_back(value);
    } else if (arg == "--server") {
      o.server = value;
    } else if (arg == "--cases") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 1e9, n));
      o.cases = static_cast<std::int64_t>(n);
    } else if (arg == "--days") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 3650, n));
      o.days = static_cast<int>(n);
    } else if (arg == "--idle-connections") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 1000000, n));
      o.idle_connections = static_cast<std::size_t>(n);
    } else if (arg == "--subscribers") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 1000000, n));
      o.subscribers = static_cast<std::size_t>(n);
    } else if (arg == "--events") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 100000, n));
      o.events = static_cast<int>(n);
    } else if (arg == "--threads") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 1, 64, n));
      o.threads = static_cast<int>(n);
    } else if (arg == "--work-dir") {
      o.work_dir = value;
    } else if (arg == "--seed") {
      GRIDCASE_RETURN_IF_ERROR(number(arg, value, 0, 1e18, n));
      o.seed = static_cast<std::uint64_t>(n);
    } else {
      return Status(reason::BAD_FLAG, "unknown option \"" + arg + "\"");
    }
  }
  static const char* const kScenarios[] = {"mix", "idle", "fanout", "generate", "reads", "store-only", "limits", "all"};
  bool known = false;
  for (const char* s : kScenarios) known = known || o.scenario == s;
  if (!known) return Status(reason::BAD_FLAG, "unknown scenario \"" + o.scenario + "\"");
  const bool on_postgres = storage::store_kind(o.db) == storage::StoreKind::kPostgres;
  if (on_postgres && o.scenario != "mix" && o.scenario != "store-only" && o.scenario != "idle" &&
      o.scenario != "fanout" && o.scenario != "reads") {
    return Status(reason::BAD_FLAG, "--db: a PostgreSQL database is for mix, store-only, idle, fanout and reads "
                                    "only (generate makes a SQLite file)");
  }
  if (on_postgres && o.scenario == "reads" && o.facts.empty()) {
    return Status(reason::BAD_FLAG, "reads on PostgreSQL: name the generated file's facts with --facts FILE.db.bench "
                                    "(generate a SQLite database, copy it with gridcase-admin copy)");
  }
  if (o.across && (o.scenario != "fanout" || storage::store_kind(o.db) != storage::StoreKind::kPostgres)) {
    return Status(reason::BAD_FLAG, "--across-servers: for fanout on a PostgreSQL database (--db postgresql://...)");
  }
  if (o.servers > 1 && (o.scenario != "mix" || !o.connect.empty() ||
                        storage::store_kind(o.db) != storage::StoreKind::kPostgres)) {
    return Status(reason::BAD_FLAG, "--servers: for mix on a PostgreSQL database (--db postgresql://...), "
                                    "without --connect");
  }
  if (!o.connect.empty() && o.scenario != "mix") {
    return Status(reason::BAD_FLAG, "--connect drives the mix scenario only");
  }
  return o;
}

}  // namespace gridcase::bench
