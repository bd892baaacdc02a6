// Fills a database with cases that have realistic histories, as the engine makes them: every
// case is created and moved on through the engine by the account whose role and scope allow it
// (grid workers of its grid, supervisors of its community), with time running through the
// period on a manual clock, and the deadline runner's work (warnings, expiries, DEADLINE
// escalations) recorded as it falls due. Cases created long ago are mostly closed; recent ones
// are in every state. A few cases get a 50-event history (for reading long histories).
//
// Also writes "<db>.bench", a small text file naming those long-history cases for the reads
// scenario.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gridcase/status.hpp"
#include "stats.hpp"

namespace gridcase::bench {

struct GenerateOptions {
  std::string db;
  std::int64_t cases = 1000000;
  int days = 365;                    // the period the cases were created over, ending now
  std::int64_t long_history_every = 5000;  // one case in this many gets 50 events
  std::uint64_t seed = 1;
  bool progress = true;              // progress lines on stderr
};

Result<ScenarioReport> generate(const GenerateOptions& options);

// What generate() wrote beside the database; empty when there is no such file.
struct GeneratedFacts {
  std::int64_t cases = 0;
  std::vector<std::int64_t> long_history_cases;
};
GeneratedFacts read_generated_facts(const std::string& db);
// The same, from the facts file itself (a PostgreSQL database copied from a generated file).
GeneratedFacts read_generated_facts_file(const std::string& path);

}  // namespace gridcase::bench
