#include "workload.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <iostream>
#include <mutex>
#include <thread>
#include <random>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "case_text.hpp"
#include "gridcase/names.hpp"
#include "ws_pool.hpp"

namespace gridcase::bench {
namespace {

namespace asio = boost::asio;

struct OwnCase {
  CaseId id = 0;
  std::int64_t version = 0;
  CaseState state = CaseState::kUnspecified;
  UnitId grid = 0;
  bool busy = false;
  int notes = 0;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Shared {
  std::atomic<bool> running{true};
  SteadyClock::time_point start, end;
  std::atomic<std::size_t> outstanding{0};
  std::atomic<std::size_t> clients_lost{0};  // clients whose connection went away mid-run
};

class MixClient : public std::enable_shared_from_this<MixClient> {
 public:
  MixClient(std::size_t index, const World& world, Transport& transport, asio::io_context& ioc,
            const MixOptions& options, std::shared_ptr<Shared> shared)
      : index_(index), world_(world), account_(world.client_account(index)), transport_(transport),
        timer_(ioc), options_(options), shared_(std::move(shared)), rng_(options.seed * 7919 + index) {}

  void start() {
    if (options_.rate > 0) {
      interval_ = std::chrono::duration_cast<SteadyClock::duration>(
          std::chrono::duration<double>(static_cast<double>(options_.clients) / options_.rate));
      const auto phase = std::uniform_real_distribution<double>(0, 1)(rng_);
      next_due_ = shared_->start + std::chrono::duration_cast<SteadyClock::duration>(interval_ * phase);
      tick();
    } else {
      for (int i = 0; i < std::max(1, options_.depth); ++i) issue(SteadyClock::now());
    }
  }

  std::map<std::string, Latencies>& ops() { return ops_; }

  // No more ticks; on the client's thread.
  void stop() { timer_.cancel(); }

 private:
  void tick() {
    timer_.expires_at(next_due_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || !self->shared_->running.load() || self->lost_) return;
      self->issue(self->next_due_);
      self->next_due_ += self->interval_;
      self->tick();
    });
  }

  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  template <typename T>
  const T& choose(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng_)];
  }

  std::string next_request_id() {
    return options_.run_tag + "-" + std::to_string(index_) + "-" + std::to_string(++request_seq_);
  }

  // An idle case of this client, or -1.
  int idle_case() {
    if (cases_.empty()) return -1;
    for (int tries = 0; tries < 4; ++tries) {
      const auto i = std::uniform_int_distribution<std::size_t>(0, cases_.size() - 1)(rng_);
      if (!cases_[i].busy) return static_cast<int>(i);
    }
    for (std::size_t i = 0; i < cases_.size(); ++i) {
      if (!cases_[i].busy) return static_cast<int>(i);
    }
    return -1;
  }

  PlannedOp plan_create() {
    PlannedOp op;
    op.kind = OpKind::kCreate;
    const Category& cat = world_.random_category(rng_);
    const UnitId place = choose(world_.places_under(account_.scope));
    CaseText text = make_case_text(rng_, cat.kind, cat.name, world_.place_name(place));
    NewCase& n = op.create;
    n.request_id = next_request_id();
    n.kind = cat.kind;
    n.category_code = cat.code;
    n.channel = cat.kind == CaseKind::kHotline ? Channel::kHotline : Channel::kPatrol;
    n.title = std::move(text.title);
    n.description = std::move(text.description);
    n.location.unit_id = place;
    n.location.address = std::move(text.address);
    n.parties = std::move(text.parties);
    n.priority = Priority::kNormal;
    return op;
  }

  PlannedOp plan_action(OwnCase& c) {
    PlannedOp op;
    op.kind = OpKind::kAction;
    CaseCommand& cmd = op.command;
    cmd.request_id = next_request_id();
    cmd.case_id = c.id;
    cmd.expected_version = c.version;
    const bool supervisor = account_.role == Role::kSupervisor;
    switch (c.state) {
      case CaseState::kReported:
        cmd.action = Action::kAccept;
        break;
      case CaseState::kAccepted:
        cmd.action = Action::kDispatch;
        cmd.unit_id = c.grid;
        break;
      case CaseState::kInProgress:
        if (supervisor && c.notes == 0 && uniform() < 0.2) {
          cmd.action = Action::kUrge;
        } else if (c.notes < 2 && uniform() < 0.4) {
          cmd.action = Action::kComment;
        } else {
          cmd.action = Action::kResolve;
          cmd.outcome = Outcome::kResolved;
        }
        break;
      default:  // resolved: a supervisor closes it, a grid worker notes the callback
        cmd.action = supervisor ? Action::kClose : Action::kComment;
        break;
    }
    cmd.reason = make_note(rng_, cmd.action);
    if (cmd.reason.empty() && cmd.action != Action::kAccept && cmd.action != Action::kDispatch &&
        cmd.action != Action::kClose) {
      cmd.reason = "跟进处理。";
    }
    return op;
  }

  PlannedOp plan_read() {
    PlannedOp op;
    if (!known_.empty() && uniform() < 0.5) {
      op.kind = OpKind::kGet;
      op.case_id = choose(known_);
      return op;
    }
    op.kind = OpKind::kList;
    op.query.kinds = {world_.random_category(rng_).kind};
    op.query.states = {CaseState::kReported, CaseState::kAccepted, CaseState::kInProgress};
    op.query.page_size = 50;
    return op;
  }

  void issue(SteadyClock::time_point intended) {
    if (!shared_->running.load() || lost_) return;
    if (SteadyClock::now() >= shared_->end) {
      shared_->running.store(false);
      return;
    }
    PlannedOp op;
    int slot = -1;
    const double create = options_.create_share;
    const double act = options_.action_share;
    const double read = options_.reads ? std::max(0.0, 1 - create - act) : 0;
    const double r = uniform() * (create + act + read);
    if (r >= create && r < create + act && (slot = idle_case()) >= 0) {
      op = plan_action(cases_[slot]);
      cases_[slot].busy = true;
    } else if (r < create + act) {
      op = plan_create();  // also when there is nothing idle to act on yet
    } else {
      op = plan_read();
    }
    const CaseId acted_on = slot >= 0 ? cases_[slot].id : 0;
    const std::string name = op.kind == OpKind::kCreate ? "create"
                             : op.kind == OpKind::kGet  ? "get"
                             : op.kind == OpKind::kList ? "list"
                                                        : "action." + lower(gridcase::name(op.command.action));
    const OpKind kind = op.kind;
    const Action action = op.command.action;
    const UnitId grid = kind == OpKind::kCreate ? world_.grid_of(op.create.location.unit_id) : 0;
    shared_->outstanding.fetch_add(1);
    transport_.submit(index_, op, [self = shared_from_this(), intended, name, kind, action, acted_on,
                                   grid](OpOutcome out) {
      self->finish(intended, name, kind, action, acted_on, grid, std::move(out));
    });
  }

  void finish(SteadyClock::time_point intended, const std::string& name, OpKind kind, Action action,
              CaseId acted_on, UnitId grid, OpOutcome out) {
    const auto took = SteadyClock::now() - intended;
    const bool counted = intended >= shared_->start && intended < shared_->end;
    if (counted) {
      auto record = [&](Latencies& l) {
        if (out.error.empty()) {
          l.add(took);
        } else {
          l.add_error(out.error);
        }
      };
      record(ops_[name]);
      if (kind == OpKind::kAction) record(ops_["action"]);
    }
    if (kind == OpKind::kCreate && out.error.empty()) {
      OwnCase c;
      c.id = out.case_id;
      c.version = out.version;
      c.state = out.state;
      c.grid = grid;  // dispatched to the grid it lies in
      remember(c.id);
      cases_.push_back(c);
    } else if (kind == OpKind::kAction) {
      for (std::size_t i = 0; i < cases_.size(); ++i) {
        if (cases_[i].id != acted_on) continue;
        OwnCase& c = cases_[i];
        c.busy = false;
        bool drop = !out.error.empty() || out.state == CaseState::kClosed;
        if (out.error.empty()) {
          c.version = out.version;
          c.state = out.state;
          if (action == Action::kComment || action == Action::kUrge) ++c.notes;
          if (c.state == CaseState::kResolved && account_.role != Role::kSupervisor && c.notes > 0 &&
              action == Action::kComment) {
            drop = true;  // resolved and followed up: closing is the supervisor's part
          }
          if (action == Action::kResolve) c.notes = 0;
        }
        if (drop) {
          cases_[i] = cases_.back();
          cases_.pop_back();
        }
        break;
      }
    }
    if (out.connection_lost && !lost_) {
      // Its error is counted above; the client stops rather than fail every call from now on.
      lost_ = true;
      shared_->clients_lost.fetch_add(1);
    }
    shared_->outstanding.fetch_sub(1);
    if (options_.rate <= 0) issue(SteadyClock::now());
  }

  void remember(CaseId id) {
    if (known_.size() < 1000) {
      known_.push_back(id);
    } else {
      known_[std::uniform_int_distribution<std::size_t>(0, known_.size() - 1)(rng_)] = id;
    }
  }

  std::size_t index_;
  const World& world_;
  const Account& account_;
  Transport& transport_;
  asio::steady_timer timer_;
  const MixOptions& options_;
  // Shared with the run and every other client: a reply or a tick may still reach a client after
  // the run has returned (a reply after the drain's bound, a call failed when its connection
  // closes).
  std::shared_ptr<Shared> shared_;
  std::mt19937_64 rng_;
  std::uint64_t request_seq_ = 0;
  std::vector<OwnCase> cases_;
  std::vector<CaseId> known_;
  std::map<std::string, Latencies> ops_;
  SteadyClock::duration interval_{};
  SteadyClock::time_point next_due_;
  bool lost_ = false;
};

}  // namespace

ScenarioReport run_mix(const World& world, Transport& transport,
                       const std::function<asio::io_context&(std::size_t)>& contexts,
                       const MixOptions& options, const std::string& name) {
  auto shared = std::make_shared<Shared>();
  shared->start = SteadyClock::now() + std::chrono::milliseconds(100);
  shared->end = shared->start + std::chrono::duration_cast<SteadyClock::duration>(
                                  std::chrono::duration<double>(options.seconds));
  std::vector<std::shared_ptr<MixClient>> clients;
  for (std::size_t i = 0; i < options.clients; ++i) {
    clients.push_back(std::make_shared<MixClient>(i, world, transport, contexts(i), options, shared));
  }
  {
    Latch started(clients.size());
    for (std::size_t i = 0; i < clients.size(); ++i) {
      asio::post(contexts(i), [c = clients[i], &started] {
        c->start();
        started.done();
      });
    }
    started.wait(std::chrono::seconds(60));
  }
  std::this_thread::sleep_until(shared->end);
  shared->running.store(false);
  const auto drain_until = SteadyClock::now() + std::chrono::seconds(30);
  while (shared->outstanding.load() > 0 && SteadyClock::now() < drain_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  ScenarioReport report;
  report.name = name;
  report.seconds = options.seconds;
  // Collect on each client's thread (its timer may still be cancelled there).
  Latch collected(clients.size());
  std::mutex mu;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    asio::post(contexts(i), [c = clients[i], &collected, &mu, &report] {
      c->stop();
      {
        std::lock_guard<std::mutex> lock(mu);
        merge_ops(report.ops, c->ops());
      }
      collected.done();
    });
  }
  collected.wait(std::chrono::seconds(60));
  report.figures["clients"] = static_cast<double>(options.clients);
  if (options.rate > 0) report.figures["offered_ops_per_second"] = options.rate;
  report.figures["left_outstanding"] = static_cast<double>(shared->outstanding.load());
  report.figures["clients_lost"] = static_cast<double>(shared->clients_lost.load());
  if (shared->clients_lost.load() > 0) {
    std::cerr << "gridcase-bench: " << name << ": " << shared->clients_lost.load() << " of " << clients.size()
              << " clients lost their connection; their calls after it were not made\n";
  }
  std::uint64_t writes = 0;
  for (auto& [op, l] : report.ops) {
    if (op == "create" || op == "action") writes += l.count();
  }
  report.figures["writes_per_second"] = static_cast<double>(writes) / options.seconds;
  return report;
}

}  // namespace gridcase::bench
