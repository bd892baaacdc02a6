// The demo loader, run against a real SQLite database.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "demo.hpp"
#include "fake_crypto.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/names.hpp"
#include "gridcase/storage/sqlite_repository.hpp"

namespace fs = std::filesystem;
using namespace gridcase;

namespace {

// 2026-11-20 10:00 Asia/Shanghai.
constexpr TimeMs kNow = 1795140000000;

class TempDb {
 public:
  TempDb() {
    dir_ = fs::temp_directory_path() /
           ("gridcase-demo-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
  }
  ~TempDb() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "demo.db").string(); }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

std::unique_ptr<storage::SqliteRepository> open_db(const std::string& path) {
  auto repo = storage::SqliteRepository::open(path);
  REQUIRE(repo.is_ok());
  return std::move(repo.value());
}

struct Contents {
  std::vector<OrgUnit> units;
  std::vector<User> users;
  std::vector<Case> cases;
  std::vector<Event> events;
  std::map<CaseId, std::vector<Event>> histories;
};

Contents read_all(Repository& repo) {
  Contents out;
  Status s = repo.read([&](ReadView& view) -> Status {
    auto units = view.load_units();
    if (!units) return units.status();
    out.units = *units;
    auto users = view.list_users();
    if (!users) return users.status();
    out.users = *users;
    CaseFilter all;
    all.limit = 10000;
    auto cases = view.list_cases(all);
    if (!cases) return cases.status();
    out.cases = *cases;
    auto events = view.events_since(1, 100000);
    if (!events) return events.status();
    out.events = *events;
    for (const auto& c : out.cases) {
      auto h = view.case_history(c.id);
      if (!h) return h.status();
      out.histories[c.id] = *h;
    }
    return Status{};
  });
  REQUIRE(s.is_ok());
  return out;
}

}  // namespace

TEST_CASE("the demo loads a sub-district with every kind of case in many states") {
  TempDb db;
  auto repo = open_db(db.path());
  testing::FakeCrypto crypto;
  auto summary = demo::load_demo(*repo, crypto, kNow);
  REQUIRE(summary.is_ok());
  CHECK(summary->loaded);

  Contents got = read_all(*repo);
  CHECK(summary->units == static_cast<int>(got.units.size()));
  CHECK(summary->cases == static_cast<int>(got.cases.size()));
  CHECK(got.cases.size() >= 24);

  SECTION("the org tree has the sub-district, its eight communities and bodies beside them") {
    std::map<UnitType, int> by_type;
    std::set<std::string> names;
    for (const auto& u : got.units) {
      ++by_type[u.type];
      names.insert(u.name);
    }
    CHECK(by_type[UnitType::kDistrict] == 1);
    CHECK(by_type[UnitType::kSubDistrict] == 1);
    CHECK(by_type[UnitType::kCommunity] == 8);
    CHECK(by_type[UnitType::kGrid] >= 16);
    CHECK(by_type[UnitType::kBuildingGroup] >= 2 * by_type[UnitType::kGrid]);
    CHECK(by_type[UnitType::kMediationCommittee] >= 2);
    CHECK(by_type[UnitType::kPropertyCompany] >= 1);
    CHECK(by_type[UnitType::kDepartment] >= 4);
    for (const char* n : {"新城街道", "河畔社区", "京汉社区", "龙兴社区", "泰丰社区", "富力新城社区",
                          "璟苑社区", "金源郦都社区", "希望新城社区"}) {
      CHECK(names.count(n) == 1);
    }
    bool xc_prefix = false;
    for (const auto& u : got.units) xc_prefix = xc_prefix || (u.name == "新城街道" && u.case_prefix == "XC");
    CHECK(xc_prefix);
  }

  SECTION("every kind is present and cases sit in many states") {
    std::set<CaseKind> kinds;
    std::set<CaseState> states;
    for (const auto& c : got.cases) {
      kinds.insert(c.kind);
      states.insert(c.state);
      CHECK(c.number.rfind("XC-", 0) == 0);
    }
    for (CaseKind k : {CaseKind::kDispute, CaseKind::kHotline, CaseKind::kPetition,
                       CaseKind::kHazard, CaseKind::kIncident}) {
      CHECK(kinds.count(k) == 1);
    }
    for (CaseState s : {CaseState::kReported, CaseState::kAccepted, CaseState::kInProgress,
                        CaseState::kResolved, CaseState::kClosed, CaseState::kNotAccepted,
                        CaseState::kMerged, CaseState::kSuspended}) {
      INFO("state " << name(s));
      CHECK(states.count(s) == 1);
    }
  }

  SECTION("escalations, reopenings, urging and leaders appear in the histories") {
    std::set<Action> actions;
    for (const auto& e : got.events) actions.insert(e.action);
    for (Action a : {Action::kCreate, Action::kAccept, Action::kReject, Action::kDispatch,
                     Action::kReturn, Action::kEscalate, Action::kResolve, Action::kClose,
                     Action::kReopen, Action::kSuspend, Action::kResume, Action::kMerge,
                     Action::kComment, Action::kUrge, Action::kAssignLeader}) {
      INFO("action " << name(a));
      CHECK(actions.count(a) == 1);
    }
    bool above_grid = false;
    for (const auto& c : got.cases) above_grid = above_grid || c.level > Level::kGrid;
    CHECK(above_grid);
  }

  SECTION("the clocks ran: cases are green, yellow and red, and deadlines escalated some") {
    std::set<Colour> colours;
    for (const auto& c : got.cases) {
      colours.insert(c.colour);
      CHECK(c.policy_id != 0);
      CHECK_FALSE(c.clocks.empty());
    }
    CHECK(colours.count(Colour::kGreen) == 1);
    CHECK(colours.count(Colour::kYellow) == 1);
    CHECK(colours.count(Colour::kRed) == 1);

    std::set<Action> actions;
    int deadline_escalations = 0;
    for (const auto& e : got.events) {
      actions.insert(e.action);
      if (e.action != Action::kEscalate) continue;
      auto why = e.details.find("escalation_reason");
      if (why != e.details.end() && why->second == name(EscalationReason::kDeadline)) {
        ++deadline_escalations;
        CHECK(e.actor_id == kSystemActor);
        CHECK(e.to_level > e.from_level);
      }
    }
    CHECK(actions.count(Action::kClockWarning) == 1);
    CHECK(actions.count(Action::kClockExpired) == 1);
    CHECK(deadline_escalations > 0);
  }

  SECTION("every role has a demo user with the demo password flag, and the logins match") {
    std::set<Role> roles;
    std::map<std::string, User> by_name;
    for (const auto& u : got.users) {
      roles.insert(u.role);
      by_name[u.username] = u;
    }
    for (Role r : {Role::kGridWorker, Role::kMediator, Role::kHandler, Role::kIntakeClerk,
                   Role::kSupervisor, Role::kAdmin}) {
      CHECK(roles.count(r) == 1);
    }
    for (const auto& l : demo::demo_logins()) {
      INFO("login " << l.username);
      REQUIRE(by_name.count(l.username) == 1);
      CHECK(by_name[l.username].role == l.role);
      CHECK(by_name[l.username].demo_password);
    }
    for (const char* u : {"admin", "supervisor", "hepan_sup", "grid1", "grid2", "mediator", "handler", "clerk"}) {
      CHECK(by_name.count(u) == 1);
    }

    SystemClock clock;
    Engine engine(*repo, crypto, clock, nullptr);
    REQUIRE(engine.load().is_ok());
    auto login = engine.sessions().login("grid1", demo::kDemoPassword);
    REQUIRE(login.is_ok());
    CHECK(login->user.role == Role::kGridWorker);
  }

  SECTION("the event log is gapless and each case's history is complete and in order") {
    REQUIRE(!got.events.empty());
    for (std::size_t i = 0; i < got.events.size(); ++i) {
      CHECK(got.events[i].seq == static_cast<Seq>(i + 1));
      if (i > 0) CHECK(got.events[i].at >= got.events[i - 1].at);
      CHECK(got.events[i].at < kNow);
    }
    CHECK(summary->events == static_cast<int>(got.events.size()));
    std::size_t total = 0;
    for (const auto& c : got.cases) {
      const auto& h = got.histories[c.id];
      INFO("case " << c.number);
      REQUIRE(!h.empty());
      CHECK(h.front().action == Action::kCreate);
      CHECK(h.back().case_version == c.version);
      CHECK(h.back().to_state == c.state);
      for (std::size_t i = 1; i < h.size(); ++i) {
        CHECK(h[i].case_version == h[i - 1].case_version + 1);
        CHECK(h[i].from_state == h[i - 1].to_state);
        CHECK(h[i].seq > h[i - 1].seq);
      }
      total += h.size();
    }
    CHECK(total == got.events.size());
  }
}

TEST_CASE("whatever the weekday and hour, the demo has a yellow and a red case") {
  // Calendar-day clocks make this independent of the working calendar.
  testing::FakeCrypto crypto;
  for (int hours = 1; hours <= 7 * 24; hours += 25) {  // each weekday, a different hour
    TempDb db;
    auto repo = open_db(db.path());
    const TimeMs at = kNow + hours * 3600LL * 1000;
    REQUIRE(demo::load_demo(*repo, crypto, at).is_ok());
    std::set<Colour> colours;
    for (const auto& c : read_all(*repo).cases) colours.insert(c.colour);
    INFO("now " << format_shanghai(at));
    CHECK(colours.count(Colour::kYellow) == 1);
    CHECK(colours.count(Colour::kRed) == 1);
  }
}

TEST_CASE("whatever the weekday, the demo's livelihood projects show red, yellow and finished on the board") {
  testing::FakeCrypto crypto;
  const WorkingCalendar cal = WorkingCalendar::builtin();
  for (int hours = 1; hours <= 7 * 24; hours += 25) {
    TempDb db;
    auto repo = open_db(db.path());
    const TimeMs at = kNow + hours * 3600LL * 1000;
    auto summary = demo::load_demo(*repo, crypto, at);
    REQUIRE(summary.is_ok());
    CHECK(summary->projects == 3);
    std::vector<Project> projects;
    REQUIRE(repo->read([&](ReadView& r) -> Status {
                  auto found = r.list_projects({}, ProjectState::kUnspecified, 10);
                  if (!found) return found.status();
                  projects = std::move(*found);
                  return Status{};
                }).is_ok());
    INFO("now " << format_shanghai(at));
    REQUIRE(projects.size() == 3);
    std::map<std::string, Colour> colour;
    std::map<std::string, ProjectState> state;
    for (const auto& p : projects) {
      colour[p.name] = project_colour(cal, p, at);
      state[p.name] = p.state;
    }
    CHECK(colour["北岸华庭二期供热管网改造"] == Colour::kRed);
    CHECK(colour["沈铁四个小区自来水分水阀改造"] == Colour::kYellow);
    CHECK(state["地王花园辽河大坝坡道改造"] == ProjectState::kFinished);
    for (const auto& p : projects) {
      if (p.name == "北岸华庭二期供热管网改造") CHECK(p.complaints.size() >= 2);  // 富力新城's heating complaints
    }
  }
}

TEST_CASE("loading the demo twice changes nothing the second time") {
  TempDb db;
  auto repo = open_db(db.path());
  testing::FakeCrypto crypto;
  auto first = demo::load_demo(*repo, crypto, kNow);
  REQUIRE(first.is_ok());
  REQUIRE(first->loaded);
  Contents before = read_all(*repo);

  auto second = demo::load_demo(*repo, crypto, kNow + 3600 * 1000);
  REQUIRE(second.is_ok());
  CHECK_FALSE(second->loaded);
  Contents after = read_all(*repo);
  CHECK(after.units.size() == before.units.size());
  CHECK(after.users.size() == before.users.size());
  CHECK(after.cases.size() == before.cases.size());
  CHECK(after.events.size() == before.events.size());
}

TEST_CASE("the demo is deterministic: the same time gives the same cases and histories") {
  TempDb a_db, b_db;
  auto a = open_db(a_db.path());
  auto b = open_db(b_db.path());
  testing::FakeCrypto crypto;
  REQUIRE(demo::load_demo(*a, crypto, kNow).is_ok());
  REQUIRE(demo::load_demo(*b, crypto, kNow).is_ok());
  Contents x = read_all(*a);
  Contents y = read_all(*b);
  REQUIRE(x.cases.size() == y.cases.size());
  for (std::size_t i = 0; i < x.cases.size(); ++i) {
    CHECK(x.cases[i].number == y.cases[i].number);
    CHECK(x.cases[i].title == y.cases[i].title);
    CHECK(x.cases[i].state == y.cases[i].state);
    CHECK(x.cases[i].updated_at == y.cases[i].updated_at);
    CHECK(x.cases[i].colour == y.cases[i].colour);
    CHECK(x.cases[i].next_due == y.cases[i].next_due);
  }
  REQUIRE(x.events.size() == y.events.size());
  for (std::size_t i = 0; i < x.events.size(); ++i) {
    CHECK(x.events[i].action == y.events[i].action);
    CHECK(x.events[i].at == y.events[i].at);
  }
}

TEST_CASE("a demo account is flagged at login until its own password changes, also after a restart") {
  TempDb db;
  testing::FakeCrypto crypto;
  ManualClock clock(kNow);
  {
    auto repo = open_db(db.path());
    REQUIRE(demo::load_demo(*repo, crypto, kNow).is_ok());
    Engine engine(*repo, crypto, clock, nullptr);
    REQUIRE(engine.load().is_ok());
    auto before = engine.sessions().login("grid1", demo::kDemoPassword);
    REQUIRE(before.is_ok());
    CHECK(before->user.demo_password);

    const Status changed = engine.sessions().change_password(before->user.id, demo::kDemoPassword, "Grid1-new-pass");
    INFO(changed.to_string());
    REQUIRE(changed.is_ok());
    CHECK(engine.sessions().login("grid1", demo::kDemoPassword).status().reason() == "BAD_CREDENTIALS");
    auto after = engine.sessions().login("grid1", "Grid1-new-pass");
    REQUIRE(after.is_ok());
    CHECK_FALSE(after->user.demo_password);
    // Another demo account still has the demo password, and its flag.
    auto other = engine.sessions().login("grid2", demo::kDemoPassword);
    REQUIRE(other.is_ok());
    CHECK(other->user.demo_password);
    repo->close();
  }
  // The cleared flag is stored: a server started again on the file does not flag grid1.
  auto repo = open_db(db.path());
  Engine engine(*repo, crypto, clock, nullptr);
  REQUIRE(engine.load().is_ok());
  auto again = engine.sessions().login("grid1", "Grid1-new-pass");
  REQUIRE(again.is_ok());
  CHECK_FALSE(again->user.demo_password);
  CHECK(engine.sessions().login("grid2", demo::kDemoPassword)->user.demo_password);
}
