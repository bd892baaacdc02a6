// gridcase-bench's command line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/status.hpp"

namespace gridcase::bench {

struct Options {
  std::string scenario = "mix";  // mix, idle, fanout, generate, reads, store-only, limits, all
  std::size_t clients = 64;
  double seconds = 10;
  double rate = 0;               // offered operations per second; 0: closed loop
  int depth = 1;
  std::string db;                // a database to use instead of a temporary one
  std::string connect;           // ws://127.0.0.1:PORT/ws of a running server
  std::vector<std::string> users;  // --connect: accounts to log in as (user:password)
  std::string server;            // the gridcased binary
  bool json = false;
  std::int64_t cases = 1000000;  // generate
  int days = 365;                // generate
  std::size_t idle_connections = 10000;
  std::size_t subscribers = 1000;
  int events = 20;               // fanout: events sent
  bool across = false;           // fanout on PostgreSQL: events written through a second server
  int servers = 1;               // mix on PostgreSQL: gridcased processes on the one database
  std::string facts;             // reads on PostgreSQL: the generated database's .bench file
  int threads = 2;               // client threads
  std::string work_dir;          // where temporary databases go (default: a new dir under /tmp)
  bool keep = false;             // keep the temporary directory
  bool limits = true;            // mix, store-only: measure the limits too, print ratios
  std::uint64_t seed = 1;
  bool help = false;
};

Result<Options> parse_options(const std::vector<std::string>& args);
std::string usage();

}  // namespace gridcase::bench
