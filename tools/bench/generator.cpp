#include "generator.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "case_text.hpp"
#include "demo.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/net/sodium_crypto.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "world.hpp"
#include "ws_pool.hpp"

namespace gridcase::bench {
namespace {

constexpr TimeMs kHour = 3600LL * 1000;
// Time advances in steps of this many hours: everything due within a step happens at its
// start, in one group of writes (and one commit), then the deadline runner catches up.
constexpr int kTickHours = 2;

enum class Who { kWorker, kSupervisor };

struct Step {
  Action action = Action::kUnspecified;
  Who who = Who::kWorker;
  int after_hours = 1;  // after the previous step
};

// One case's plan and progress.
struct CaseRun {
  CaseId id = 0;
  UnitId grid = 0;
  std::vector<Step> steps;
  std::size_t next = 0;
  bool long_history = false;
};

int hours(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// What happens to a case after it is logged, in the order it happens. Steps that would fall
// after the end of the period never happen, so recent cases are left in every state.
std::vector<Step> plan_steps(std::mt19937_64& rng, bool long_history) {
  std::vector<Step> s;
  auto add = [&](Action a, Who w, int lo, int hi) { s.push_back({a, w, hours(rng, lo, hi)}); };
  const double r = std::uniform_real_distribution<double>(0, 1)(rng);
  if (long_history) {
    add(Action::kAccept, Who::kWorker, 1, 2);
    add(Action::kDispatch, Who::kWorker, 1, 2);
    for (int i = 0; i < 47; ++i) add(i % 5 == 4 ? Action::kUrge : Action::kComment, i % 5 == 4 ? Who::kSupervisor : Who::kWorker, 1, 3);
    return s;  // still open: a hard case with a long file
  }
  if (r < 0.04) {
    add(Action::kReject, Who::kSupervisor, 1, 8);
    return s;
  }
  add(Action::kAccept, Who::kWorker, 1, 3);
  if (r < 0.10) {
    add(Action::kEscalate, Who::kWorker, 2, 12);
    add(Action::kDispatch, Who::kSupervisor, 1, 8);
  } else {
    add(Action::kDispatch, Who::kWorker, 1, 4);
  }
  const int comments = hours(rng, 0, 2);
  for (int i = 0; i < comments; ++i) add(Action::kComment, Who::kWorker, 4, 24);
  if (r > 0.97) add(Action::kUrge, Who::kSupervisor, 24, 72);
  // Most are settled within days; a few drag on past their deadlines.
  if (r > 0.93) {
    add(Action::kResolve, Who::kWorker, 200, 900);
  } else {
    add(Action::kResolve, Who::kWorker, 8, 72);
  }
  if (r > 0.88 && r <= 0.93) {  // callback unsatisfied: rework (返工)
    add(Action::kReopen, Who::kSupervisor, 12, 48);
    add(Action::kResolve, Who::kWorker, 8, 48);
  }
  add(Action::kClose, Who::kSupervisor, 12, 48);
  return s;
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

}  // namespace

GeneratedFacts read_generated_facts(const std::string& db) { return read_generated_facts_file(db + ".bench"); }

GeneratedFacts read_generated_facts_file(const std::string& path) {
  GeneratedFacts facts;
  std::ifstream in(path);
  std::string key;
  std::int64_t value = 0;
  while (in >> key >> value) {
    if (key == "cases") facts.cases = value;
    if (key == "long_history_case") facts.long_history_cases.push_back(value);
  }
  return facts;
}

Result<ScenarioReport> generate(const GenerateOptions& o) {
  const auto wall_start = SteadyClock::now();
  storage::SqliteOptions store_options;
  store_options.max_batch = 4096;  // the generator queues a whole hour of work at once
  auto opened = storage::SqliteRepository::open(o.db, store_options);
  if (!opened) return opened.status();
  storage::SqliteRepository& repo = **opened;
  net::SodiumCrypto crypto;

  const TimeMs end = SystemClock().now();
  const TimeMs start = end - static_cast<TimeMs>(o.days) * 24 * kHour;
  ManualClock clock(start);
  Engine engine(repo, crypto, clock, nullptr);
  GRIDCASE_RETURN_IF_ERROR(engine.load());
  if (engine.tree()->units().empty()) {
    auto loaded = demo::load_demo(repo, crypto, start);
    if (!loaded) return loaded.status();
    GRIDCASE_RETURN_IF_ERROR(engine.load());
  }
  auto described = describe(engine);
  if (!described) return described.status();
  const World world = std::move(*described);

  // Who acts for each grid: its grid worker and its community's supervisor.
  std::map<UnitId, UserId> worker_of, supervisor_of;
  std::vector<UnitId> grids;
  for (const auto& a : world.workers()) {
    worker_of[a.scope] = a.id;
    grids.push_back(a.scope);
  }
  for (const auto& a : world.supervisors()) {
    for (UnitId g : grids) {
      if (a.scope != world.sub_district() && world.tree().in_subtree(a.scope, g)) supervisor_of[g] = a.id;
    }
  }
  if (grids.empty()) return Status(reason::NO_GRIDS, "the org tree has no grid");

  std::mt19937_64 rng(o.seed);
  const std::int64_t ticks = static_cast<std::int64_t>(o.days) * 24 / kTickHours;
  const TimeMs tick_ms = kTickHours * kHour;
  // Cases per hour: daytime (08-20 Shanghai) four times the night's.
  std::vector<double> weight(static_cast<std::size_t>(ticks));
  double total_weight = 0;
  for (std::int64_t t = 0; t < ticks; ++t) {
    const int hour = to_shanghai(start + t * tick_ms).hour;
    weight[t] = hour >= 8 && hour < 20 ? 1.0 : 0.25;
    total_weight += weight[t];
  }

  std::vector<CaseRun> runs;
  runs.reserve(static_cast<std::size_t>(o.cases));
  std::vector<std::vector<std::uint32_t>> due(static_cast<std::size_t>(ticks) + 1);
  // Refusals (FAILED_PRECONDITION: a step the case's state no longer allows, e.g. escalating a
  // case the deadlines already moved to the top) happen to people too: the plan stops there.
  // Anything else is an error.
  std::atomic<std::int64_t> errors{0}, refused{0};
  std::map<std::string, std::int64_t> error_reasons;
  std::mutex error_mu;
  auto note_error = [&](const Status& s) {
    (s.code() == Code::kFailedPrecondition ? refused : errors).fetch_add(1);
    std::lock_guard<std::mutex> lock(error_mu);
    ++error_reasons[s.reason().empty() ? s.to_string() : s.reason()];
  };
  std::int64_t created_target = 0;
  double cumulative = 0;
  std::int64_t actions = 0;
  int last_percent = -1;

  for (std::int64_t t = 0; t < ticks; ++t) {
    clock.set(start + t * tick_ms);
    cumulative += weight[t];
    const std::int64_t want = std::min<std::int64_t>(
        o.cases, static_cast<std::int64_t>(static_cast<double>(o.cases) * cumulative / total_weight + 0.5));
    const std::size_t first_new = runs.size();
    const std::size_t new_cases = static_cast<std::size_t>(std::max<std::int64_t>(0, want - created_target));
    created_target = want;
    const std::vector<std::uint32_t> acting = std::move(due[t]);
    Latch latch(new_cases + acting.size());

    for (std::size_t k = 0; k < new_cases; ++k) {
      const std::size_t index = first_new + k;
      CaseRun run;
      run.grid = grids[std::uniform_int_distribution<std::size_t>(0, grids.size() - 1)(rng)];
      run.long_history = o.long_history_every > 0 && (index + 1) % static_cast<std::size_t>(o.long_history_every) == 0;
      run.steps = plan_steps(rng, run.long_history);
      runs.push_back(std::move(run));

      const Category& cat = world.random_category(rng);
      const auto& places = world.places_under(runs[index].grid);
      const UnitId place = places[std::uniform_int_distribution<std::size_t>(0, places.size() - 1)(rng)];
      CaseText text = make_case_text(rng, cat.kind, cat.name, world.place_name(place));
      NewCase n;
      n.request_id = "gen-" + std::to_string(o.seed) + "-" + std::to_string(index);
      n.kind = cat.kind;
      n.category_code = cat.code;
      // random_category leaves petitions out (they need an identified petitioner).
      n.channel = cat.kind == CaseKind::kHotline ? Channel::kHotline : Channel::kPatrol;
      n.title = std::move(text.title);
      n.description = std::move(text.description);
      n.location.unit_id = place;
      n.location.address = std::move(text.address);
      n.parties = std::move(text.parties);
      engine.commands().create_case(worker_of[runs[index].grid], std::move(n), [&, index](Result<CaseResult> r) {
        if (r) {
          runs[index].id = r->c.id;
        } else {
          note_error(r.status());
        }
        latch.done();
      });
    }
    for (std::uint32_t index : acting) {
      CaseRun& run = runs[index];
      const Step& step = run.steps[run.next];
      CaseCommand cmd;
      cmd.action = step.action;
      cmd.request_id = "gen-" + std::to_string(o.seed) + "-" + std::to_string(index) + "-" + std::to_string(run.next);
      cmd.case_id = run.id;
      cmd.reason = make_note(rng, step.action);
      switch (step.action) {
        case Action::kDispatch: cmd.unit_id = run.grid; break;
        case Action::kResolve: cmd.outcome = Outcome::kResolved; break;
        case Action::kEscalate:
          cmd.escalation_reason = EscalationReason::kManual;
          cmd.reason = "超出网格处置能力，提请社区协调。";
          break;
        case Action::kReject: cmd.reason = "不属于本街道受理范围，已告知诉求人。"; break;
        case Action::kReopen: cmd.reason = "回访不满意，重新办理。"; break;
        case Action::kAccept:
        case Action::kClose: break;
        default:
          if (cmd.reason.empty()) cmd.reason = "跟进处理。";
          break;
      }
      const UserId actor = step.who == Who::kWorker ? worker_of[run.grid] : supervisor_of[run.grid];
      ++actions;
      engine.commands().act(actor, std::move(cmd), [&, index](Result<CaseResult> r) {
        if (!r) {
          note_error(r.status());
          runs[index].steps.clear();  // give up on this case's plan
          runs[index].steps.shrink_to_fit();
        }
        latch.done();
      });
    }
    latch.wait(std::chrono::hours(1));

    // Schedule the next step of every case that moved (or was created) this hour.
    auto schedule = [&](std::uint32_t index) {
      CaseRun& run = runs[index];
      if (run.id == 0 || run.next >= run.steps.size()) {
        std::vector<Step>().swap(run.steps);
        return;
      }
      const std::int64_t when = t + (run.steps[run.next].after_hours + kTickHours - 1) / kTickHours;
      if (when < ticks) {
        due[static_cast<std::size_t>(when)].push_back(index);
      } else {
        std::vector<Step>().swap(run.steps);  // beyond now: the case stays where it is
      }
    };
    for (std::size_t k = 0; k < new_cases; ++k) schedule(static_cast<std::uint32_t>(first_new + k));
    for (std::uint32_t index : acting) {
      if (!runs[index].steps.empty()) ++runs[index].next;
      schedule(index);
    }

    // The deadline runner's work that fell due this hour.
    for (;;) {
      auto next = engine.deadlines().run_due(clock.now(), 2000);
      if (!next) {
        note_error(next.status());
        break;
      }
      if (*next != clock.now()) break;
    }
    const int percent = static_cast<int>(100 * (t + 1) / ticks);
    if (o.progress && percent != last_percent && percent % 5 == 0) {
      last_percent = percent;
      std::cerr << "generate: " << percent << "% (" << runs.size() << " cases, "
                << std::chrono::duration_cast<std::chrono::seconds>(SteadyClock::now() - wall_start).count()
                << " s)" << std::endl;
    }
  }

  auto last = engine.queries().last_seq();
  std::ofstream facts(o.db + ".bench", std::ios::trunc);
  facts << "cases " << runs.size() << "\n";
  std::int64_t long_cases = 0;
  for (const auto& run : runs) {
    if (run.long_history && run.id != 0) {
      facts << "long_history_case " << run.id << "\n";
      ++long_cases;
    }
  }
  facts.close();
  repo.close();
  opened->reset();  // the last connection closes: the WAL is checkpointed into the file

  ScenarioReport report;
  report.name = "generate";
  report.seconds = std::chrono::duration<double>(SteadyClock::now() - wall_start).count();
  report.figures["cases"] = static_cast<double>(runs.size());
  report.figures["lifecycle_actions"] = static_cast<double>(actions);
  report.figures["events"] = last ? static_cast<double>(*last) : 0;
  report.figures["long_history_cases"] = static_cast<double>(long_cases);
  report.figures["errors"] = static_cast<double>(errors.load());
  report.figures["refused_steps"] = static_cast<double>(refused.load());
  const std::uint64_t bytes = file_size(o.db) + file_size(o.db + "-wal");
  report.figures["database_bytes"] = static_cast<double>(bytes);
  if (!runs.empty()) report.figures["bytes_per_case"] = static_cast<double>(bytes) / static_cast<double>(runs.size());
  report.figures["writes_per_second"] =
      static_cast<double>(static_cast<std::int64_t>(runs.size()) + actions) / report.seconds;
  for (const auto& [reason, n] : error_reasons) report.notes["refused or failed: " + reason] = std::to_string(n);
  report.notes["db"] = o.db;
  return report;
}

}  // namespace gridcase::bench
