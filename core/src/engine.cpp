// The engine (engine.hpp): its services over one shared core. Each service's calls are in its
// own file: sessions.cpp, case_commands.cpp, case_queries.cpp, administration.cpp,
// deadline_work.cpp (and the topic files evidence.cpp, related.cpp, hazard.cpp,
// duplicates.cpp, kind_queries.cpp).
#include "gridcase/engine.hpp"

#include "case_rules.hpp"
#include "engine_core.hpp"
#include "scope.hpp"
#include "gridcase/text.hpp"

namespace gridcase {

EngineCore::EngineCore(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink,
                       EngineOptions options, std::shared_ptr<Configuration> config)
    : repo(repo), crypto(crypto), clock(clock), sink(sink), options(options),
      config(config != nullptr ? std::move(config) : std::make_shared<Configuration>(options.calendar)),
      sessions(repo, crypto, clock, *this->config, options.sessions),
      pipeline(repo, clock, *this->config, sink, acting_user,
               [this](UserId actor, CaseId case_id, const std::string& what, const Status& denial) {
                 audit_denial(actor, case_id, what, denial);
               }) {}

std::vector<Category> EngineCore::categories(CaseKind kind) const {
  std::shared_ptr<const std::vector<Category>> all = config->current()->categories;
  if (kind == CaseKind::kUnspecified) return *all;
  std::vector<Category> out;
  for (const auto& c : *all) {
    if (c.kind == kind) out.push_back(c);
  }
  return out;
}

void EngineCore::audit_denial(UserId actor, CaseId case_id, const std::string& what, const Status& denial) {
  AuditEntry e;
  e.kind = AuditKind::kPermissionDenied;
  e.actor_id = actor;
  e.case_id = case_id;
  e.detail = what + ": " + denial.message();
  record_audit(repo, clock, std::move(e));
}

const OrgUnit* level_unit(const OrgTree& tree, UnitId location, Level level) {
  UnitType type = UnitType::kUnspecified;
  switch (level) {
    case Level::kGrid: type = UnitType::kGrid; break;
    case Level::kCommunity: type = UnitType::kCommunity; break;
    case Level::kSubDistrict: type = UnitType::kSubDistrict; break;
    case Level::kDistrict: type = UnitType::kDistrict; break;
    default: break;
  }
  return tree.ancestor_of_type(location, type);
}

Status check_request_id(const std::string& request_id) {
  return rules::check_text(request_id, "request_id", kMaxRequestId, false, true);
}

// ---------------------------------------------------------------------------------------------

Engine::Engine(Repository& repo, Crypto& crypto, const Clock& clock, EventSink* sink,
               EngineOptions options, std::shared_ptr<Configuration> config)
    : core_(std::make_unique<EngineCore>(repo, crypto, clock, sink, options, std::move(config))),
      commands_(*core_), queries_(*core_), admin_(*core_), deadlines_(*core_) {}

Engine::~Engine() = default;

Status Engine::load() { return core_->config->load(core_->repo); }

Status Engine::follow_changes() {
  auto generations = core_->repo.generations();
  if (!generations) return generations.status();
  if (!core_->config->must_reload(*generations)) return {};
  return core_->repo.read([this](ReadView& view) { return core_->config->follow(view); });
}

Sessions& Engine::sessions() { return core_->sessions; }

const Configuration& Engine::configuration() const { return *core_->config; }

OrgTreePtr Engine::tree() const { return core_->tree(); }

std::shared_ptr<const WorkingCalendar> Engine::calendar() const { return core_->calendar(); }

Repository& Engine::repository() const { return core_->repo; }

TimeMs Engine::now() const { return core_->clock.now(); }

std::uint64_t Engine::mutations_run() const { return core_->pipeline.runs(); }

}  // namespace gridcase
