// Figures kept by the stores (append_event folds each event into its case's facts and cell)
// against a recount from the history alone, after a random mix of operations; on both stores,
// and on a SQLite database upgraded from before the figure tables existed.
#include <catch2/catch.hpp>

#include <random>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "deadline_rows.hpp"
#include "event_rows.hpp"
#include "json_text.hpp"
#include "fake_crypto.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/identity.hpp"
#include "gridcase/figures.hpp"
#include "make_unit.hpp"
#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

constexpr TimeMs kMonday = 1773626400000LL;  // 2026-03-16 10:00 Asia/Shanghai

struct Org {
  UnitId sub_district = 0;
  std::vector<UnitId> communities;
  std::vector<UnitId> grids;
  std::vector<UnitId> departments;  // whistled in (吹哨报到)
  UserId supervisor = 0;
};

Org build_org(Engine& engine) {
  Org org;
  // Units named by their codes.
  auto unit = [&](UnitId parent, UnitType type, const std::string& code, const std::string& prefix = "") {
    return make_unit(engine, parent, type, code, code, prefix);
  };
  const UnitId district = unit(0, UnitType::kDistrict, "D");
  org.sub_district = unit(district, UnitType::kSubDistrict, "SD", "XC");
  for (int c = 0; c < 2; ++c) {
    const UnitId community = unit(org.sub_district, UnitType::kCommunity, "C" + std::to_string(c));
    org.communities.push_back(community);
    for (int g = 0; g < 2; ++g) {
      org.grids.push_back(unit(community, UnitType::kGrid, "G" + std::to_string(c) + std::to_string(g)));
    }
  }
  for (int d = 0; d < 2; ++d) {
    org.departments.push_back(unit(org.sub_district, UnitType::kDepartment, "DEP" + std::to_string(d)));
  }
  NewUser u;
  u.username = "boss";
  u.display_name = "boss";
  u.password = "password-boss";
  u.role = Role::kSupervisor;
  u.scope_unit_id = org.sub_district;
  auto made = engine.admin().create_user_sync(kSystemActor, u);
  REQUIRE(made.is_ok());
  org.supervisor = made->id;
  return org;
}

// Drives `engine` through `steps` random commands (most are refused by the lifecycle, which is
// part of the test: a refused command must leave the figures alone), creating cases of every
// kind and channel, advancing the clock and running the deadline scheduler.
void random_history(Engine& engine, ManualClock& clock, const Org& org, unsigned seed, int steps) {
  std::mt19937 rng(seed);
  std::mt19937 order_rng(seed + 1000);
  std::mt19937 whistle_rng(seed + 2000);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::pair<CaseKind, std::string>> categories = {
      {CaseKind::kIncident, "INC.ENV.RUBBISH"}, {CaseKind::kIncident, "INC.ENV.CLEANING"},
      {CaseKind::kDispute, "DSP.NEIGHBOR.NOISE"}, {CaseKind::kHotline, "HOT.SERVICE.CONSULT"},
      {CaseKind::kHazard, "HAZ.FIRE.EBIKE"}, {CaseKind::kPetition, "PET.CONDUCT"}};
  // The forward path (accept, dispatch, resolve, close) is drawn more often, so that many
  // cases get to the end; every other action stays in the mix.
  const Action actions[] = {Action::kAccept,  Action::kReject,   Action::kDispatch,
                            Action::kReturn,  Action::kEscalate, Action::kResolve,
                            Action::kClose,   Action::kReopen,   Action::kSuspend,
                            Action::kResume,  Action::kUrge,     Action::kRequestExtension,
                            Action::kDecideExtension, Action::kComment, Action::kMerge,
                            Action::kAccept,  Action::kDispatch, Action::kResolve,
                            Action::kClose,   Action::kAccept,   Action::kDispatch,
                            Action::kResolve, Action::kClose,    Action::kAccept,
                            Action::kDispatch, Action::kResolve, Action::kClose,
                            Action::kRequestExtension, Action::kDecideExtension};
  // 12345 orders' steps (hotline.hpp), drawn on a roll of their own for the orders only.
  const Action hotline_actions[] = {Action::kAccept,       Action::kDispatch,       Action::kSignOrder,    Action::kFirstContact,   Action::kReturnOrder,
                                    Action::kDecideReturn, Action::kReplyOrder,     Action::kRecordCallback,
                                    Action::kAppealRating, Action::kDecideAppeal};
  std::vector<CaseId> cases;
  std::vector<CaseId> orders;
  int request = 0;
  for (int i = 0; i < steps; ++i) {
    const int roll = pick(100);
    if (cases.empty() || roll < 8) {
      const auto& [kind, category] = categories[pick(static_cast<int>(categories.size()))];
      NewCase n;
      n.request_id = "r" + std::to_string(++request);
      n.kind = kind;
      n.category_code = category;
      n.channel = static_cast<Channel>(1 + pick(7));
      n.title = "事项";
      n.location.unit_id = org.grids[pick(static_cast<int>(org.grids.size()))];
      if (kind == CaseKind::kPetition) {
        // A petition names its petitioner, identified by ID number, and comes by a petition channel.
        CaseParty p;
        p.name = "信访人";
        const std::string digits = "11010119800101" + std::to_string(100 + request % 900);
        p.id_number = digits + id_check_character(digits);
        p.role = PartyRole::kApplicant;
        n.parties = {p};
        n.channel = pick(2) ? Channel::kLetter : Channel::kWalkIn;
      }
      if (kind == CaseKind::kHotline && request % 3 != 0) {
        // Most hotline cases are orders received with the centre's number and a requester.
        CaseParty p;
        p.name = "诉求人";
        p.phone = "1390000" + std::to_string(1000 + request % 9000);
        p.role = PartyRole::kReporter;
        n.parties = {p};
        n.channel = Channel::kHotline;
        n.hotline.order_no = "GD" + std::to_string(request);
        n.hotline.deadline_class = request % 2 ? HotlineDeadlineClass::kUrgent : HotlineDeadlineClass::kNormal;
        n.hotline.dispatched_at = clock.now();
      }
      auto r = engine.commands().create_case_sync(org.supervisor, n);
      REQUIRE(r.is_ok());
      cases.push_back(r->c.id);
      if (!n.hotline.order_no.empty()) orders.push_back(r->c.id);
      continue;
    }
    if (roll < 25) {
      clock.advance(static_cast<TimeMs>(pick(20)) * 3600 * 1000);  // up to 19 hours: days go by
      REQUIRE(engine.deadlines().run_due(clock.now(), 1000).is_ok());
      continue;
    }
    CaseCommand cmd;
    cmd.request_id = "r" + std::to_string(++request);
    cmd.case_id = cases[pick(static_cast<int>(cases.size()))];
    cmd.action = actions[pick(static_cast<int>(std::size(actions)))];
    cmd.reason = "理由";
    cmd.unit_id = pick(2) ? org.communities[pick(2)] : org.grids[pick(4)];
    cmd.outcome = static_cast<Outcome>(1 + pick(5));
    cmd.escalation_reason = pick(2) ? EscalationReason::kManual : EscalationReason::kRisk;
    cmd.into_case_id = cases[pick(static_cast<int>(cases.size()))];
    cmd.extension_amount = 1 + pick(3);
    cmd.approve = pick(3) != 0;
    cmd.hotline.method = ContactMethod::kPhone;
    cmd.hotline.result = "已联系";
    cmd.hotline.solved = request % 3 != 0;
    cmd.hotline.satisfied = request % 2 != 0;
    (void)engine.commands().act_sync(org.supervisor, cmd);  // refusals are expected
    // Now and then a step of an order's own, from a generator of its own (so that the draws
    // above stay as they were).
    if (!orders.empty() && order_rng() % 2 == 0) {
      cmd.request_id = "r" + std::to_string(++request);
      cmd.case_id = orders[order_rng() % orders.size()];
      cmd.action = hotline_actions[order_rng() % std::size(hotline_actions)];
      cmd.unit_id = org.grids[order_rng() % org.grids.size()];
      cmd.approve = order_rng() % 2 == 0;
      cmd.hotline.solved = order_rng() % 3 != 0;
      cmd.hotline.satisfied = order_rng() % 2 == 0;
      (void)engine.commands().act_sync(org.supervisor, cmd);
    }
    // And a step of 吹哨报到 (whistle.hpp), from a generator of its own too: whistle one or
    // both departments, check one in (late once its time has passed), rate one.
    if (whistle_rng() % 3 == 0) {
      const Action whistle_actions[] = {Action::kWhistle, Action::kCheckIn, Action::kCheckIn,
                                        Action::kRateDepartment, Action::kRateDepartment};
      cmd.request_id = "r" + std::to_string(++request);
      cmd.case_id = cases[whistle_rng() % cases.size()];
      cmd.action = whistle_actions[whistle_rng() % std::size(whistle_actions)];
      cmd.whistle = WhistleStep{};
      if (whistle_rng() % 2 == 0) {
        cmd.whistle.departments = org.departments;
      } else {
        cmd.whistle.departments = {org.departments[whistle_rng() % org.departments.size()]};
      }
      cmd.whistle.report_by = clock.now() + static_cast<TimeMs>(1 + whistle_rng() % 12) * 3600 * 1000;
      cmd.whistle.department_id = org.departments[whistle_rng() % org.departments.size()];
      cmd.whistle.rating = 1 + static_cast<int>(whistle_rng() % 5);
      (void)engine.commands().act_sync(org.supervisor, cmd);
    }
  }
}

std::map<FigureKey, FigureCounts> stored_cells(Repository& repo, const Org& org, bool monthly) {
  FigureRowQuery q;
  q.units = {org.sub_district};
  for (UnitId c : org.communities) q.units.push_back(c);
  for (UnitId g : org.grids) q.units.push_back(g);
  q.from_day = day_from_date(2000, 1, 1);
  q.to_day = day_from_date(2100, 1, 1);
  q.monthly = monthly;
  q.by_unit = q.by_day = q.by_kind = q.by_category = q.by_channel = true;
  auto rows = read_ok<std::vector<FigureRow>>(repo, [&](ReadView& r) { return r.figure_rows(q); });
  std::map<FigureKey, FigureCounts> out;
  for (const auto& row : rows) {
    if (!row.counts.zero()) out[row.key] += row.counts;
  }
  return out;
}

std::map<FigureKey, FigureCounts> by_month(const std::map<FigureKey, FigureCounts>& days) {
  std::map<FigureKey, FigureCounts> out;
  for (const auto& [k, c] : days) {
    FigureKey m = k;
    m.day = period_start(k.day, Period::kMonth);
    out[m] += c;
  }
  return out;
}

FigureCounts check_against_recount(Repository& repo, const Org& org) {
  auto recount = read_ok<std::map<FigureKey, FigureCounts>>(repo, [](ReadView& r) { return recount_figures(r); });
  REQUIRE_FALSE(recount.empty());
  const auto days = stored_cells(repo, org, false);
  CHECK(days.size() == recount.size());
  for (const auto& [k, c] : recount) {
    auto it = days.find(k);
    INFO("cell unit " << k.unit << " day " << format_day(k.day) << " " << k.category);
    REQUIRE(it != days.end());
    for (const auto& i : figure_info()) {
      INFO(i.code);
      CHECK(it->second[i.figure] == c[i.figure]);
    }
  }
  CHECK(stored_cells(repo, org, true) == by_month(recount));
  // Per unit and month only (the store's coarsest sums).
  FigureRowQuery coarse;
  coarse.units = {org.sub_district};
  for (UnitId c : org.communities) coarse.units.push_back(c);
  for (UnitId g : org.grids) coarse.units.push_back(g);
  coarse.from_day = day_from_date(2000, 1, 1);
  coarse.to_day = day_from_date(2100, 1, 1);
  coarse.monthly = coarse.by_unit = coarse.by_day = true;
  auto rows = read_ok<std::vector<FigureRow>>(repo, [&](ReadView& r) { return r.figure_rows(coarse); });
  std::map<std::pair<UnitId, int>, FigureCounts> stored_months, recount_months;
  for (const auto& row : rows) {
    if (!row.counts.zero()) stored_months[{row.key.unit, row.key.day}] += row.counts;
  }
  for (const auto& [k, c] : recount) recount_months[{k.unit, period_start(k.day, Period::kMonth)}] += c;
  CHECK(stored_months == recount_months);

  // Drill-down: the cases behind a figure are as many as the figure counts (for the counts of
  // cases; the _times and person counts may count more than one per case).
  FigureCounts total;
  for (const auto& [k, c] : recount) total += c;
  for (const auto& i : figure_info()) {
    const std::string code = i.code;
    if (code.find("_times") != std::string::npos || code.rfind("escalations_", 0) == 0 ||
        code.rfind("whistle_", 0) == 0 || code == "visit_persons") {
      continue;
    }
    FigureCaseQuery q;
    q.units = org.grids;
    q.from_day = day_from_date(2000, 1, 1);
    q.to_day = day_from_date(2100, 1, 1);
    q.figure = i.figure;
    q.limit = 100000;
    auto ids = read_ok<std::vector<CaseId>>(repo, [&](ReadView& r) { return r.figure_cases(q); });
    INFO(code);
    CHECK(static_cast<std::int64_t>(ids.size()) == total[i.figure]);
  }
  return total;
}

TEMPLATE_TEST_CASE("figures kept by the store equal a recount from the history after random operations",
                   "[contract][figures]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  FakeCrypto crypto;
  ManualClock clock(kMonday);
  Engine engine(store.repo(), crypto, clock, nullptr);
  REQUIRE(engine.load().is_ok());
  const Org org = build_org(engine);
  const unsigned seed = GENERATE(1u, 2u, 3u);
  INFO("seed " << seed);
  random_history(engine, clock, org, seed, 1200);
  static std::map<std::string, FigureCounts> seen;  // over the seeds, per store
  seen[TestType::kName] += check_against_recount(store.repo(), org);
  if (seed == 3u) {
    // Together, the random histories reach every kind of change the figures count.
    for (Figure f : {Figure::kClosed, Figure::kOverdue, Figure::kReopened, Figure::kExtended,
                     Figure::kEscalated, Figure::kUrged, Figure::kMerged, Figure::kNotAccepted,
                     Figure::kDisputesResolved, Figure::kClosedAtCommunity, Figure::kHotlineResponded,
                     Figure::kHotlineCallbacks, Figure::kHotlineSatisfied, Figure::kWhistled,
                     Figure::kWhistleCheckIns, Figure::kWhistleCheckInsLate, Figure::kWhistleRatings,
                     Figure::kWhistleRatingsGood}) {
      INFO(info(f).code);
      CHECK(seen[TestType::kName][f] > 0);
    }
  }
}

TEST_CASE("a database upgraded to the figure tables gets its figures from the stored history",
          "[figures]") {
  TempDir dir;
  const std::string path = dir.file("upgrade.db");
  Org org;
  {
    auto repo = open_sqlite(path);
    FakeCrypto crypto;
    ManualClock clock(kMonday);
    Engine engine(*repo, crypto, clock, nullptr);
    REQUIRE(engine.load().is_ok());
    org = build_org(engine);
    random_history(engine, clock, org, 7, 300);
  }
  {
    // Make it a version-4 database again: undo the later migrations, newest first: 26 (the
    // request records' time index), 25 (the place-and-time index with kind and address,
    // dropped below with 15 and 18), 24 (the stalled-case watch), 23 (the livelihood projects), 22 (the early warnings), 21 (estates and forums), 20 (the population
    // tables), 19 (the
    // events' case numbers back, the clocks and the events' details as JSON text: migrations 6
    // and 11 read them so), 17 (search
    // terms written at commit), 16 (a password to change), 15 and 18 (the place-and-time index,
    // dropped whatever its columns), 11 (what a request made; 12 to 14 only change the figure
    // tables, dropped below), 10 (the newest-first index), 9 (hazards and
    // whistles), 8 (evidence and related cases), 7 (12345 orders), 6 (the deadline column), 5 (the
    // figure tables). A later migration adds its own undo in front.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("DROP INDEX requests_at;");
    raw.exec("DROP TABLE stall_watch;");
    raw.exec("DROP TABLE projects;");
    raw.exec("DROP TABLE warnings; DROP TABLE signal_counts; DROP TABLE warning_policies;");
    raw.exec("DROP TABLE forums; DROP TABLE estates;");
    raw.exec("DROP TABLE unit_populations; DROP TABLE complaint_targets;");
    raw.exec("ALTER TABLE events ADD COLUMN case_number TEXT NOT NULL DEFAULT ''; "
             "UPDATE events SET case_number = (SELECT number FROM cases WHERE cases.id = events.case_id);");
    {
      std::vector<std::pair<std::int64_t, std::string>> clocks;
      SQLite::Statement read(raw, "SELECT id, clocks FROM cases");
      while (read.executeStep()) {
        std::vector<CaseClock> decoded;
        REQUIRE(storage::decode_case_clocks(read.getColumn(1).getString(), decoded));
        clocks.emplace_back(read.getColumn(0).getInt64(), storage::encode_case_clocks_text(decoded));
      }
      SQLite::Statement write(raw, "UPDATE cases SET clocks = ? WHERE id = ?");
      for (const auto& [id, text] : clocks) {
        write.bind(1, text);
        write.bind(2, id);
        write.exec();
        write.reset();
      }
    }
    {
      // Migration 11 reads the details as JSON.
      std::vector<std::pair<std::int64_t, std::string>> details;
      SQLite::Statement read(raw, "SELECT seq, details FROM events");
      while (read.executeStep()) {
        std::map<std::string, std::string> decoded;
        REQUIRE(storage::decode_event_details(read.getColumn(1).getString(), decoded));
        details.emplace_back(read.getColumn(0).getInt64(), storage::encode_string_map(decoded));
      }
      SQLite::Statement write(raw, "UPDATE events SET details = ? WHERE seq = ?");
      for (const auto& [seq, text] : details) {
        write.bind(1, text);
        write.bind(2, seq);
        write.exec();
        write.reset();
      }
    }
    raw.exec(
        "DROP TRIGGER cases_fts_insert; DROP TRIGGER cases_fts_update; DROP TRIGGER cases_fts_delete; "
        "DROP TABLE cases_fts_pending; "
        "CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN "
        "  INSERT INTO cases_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END; "
        "CREATE TRIGGER cases_fts_update AFTER UPDATE OF title, description ON cases BEGIN "
        "  INSERT INTO cases_fts(cases_fts, rowid, title, description) "
        "    VALUES ('delete', old.id, old.title, old.description); "
        "  INSERT INTO cases_fts(rowid, title, description) VALUES (new.id, new.title, new.description); END; "
        "CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN "
        "  INSERT INTO cases_fts(cases_fts, rowid, title, description) "
        "    VALUES ('delete', old.id, old.title, old.description); END;");
    raw.exec("ALTER TABLE users DROP COLUMN must_change_password;");
    raw.exec("DROP INDEX cases_place_time;");
    raw.exec("UPDATE requests SET version = made_id WHERE case_id = 0; ALTER TABLE requests DROP COLUMN made_id;");
    raw.exec("DROP INDEX cases_newest;");
    raw.exec("DROP TABLE case_whistles; DROP TABLE inspections; DROP TABLE inspection_plans; "
             "ALTER TABLE cases DROP COLUMN hazard; ALTER TABLE cases DROP COLUMN whistle;");
    raw.exec("DROP TABLE attachments; DROP TABLE case_links; DROP INDEX cases_by_merged_into; "
             "ALTER TABLE categories DROP COLUMN evidence_required;");
    raw.exec("DROP INDEX cases_hotline_order; ALTER TABLE cases DROP COLUMN hotline_order; "
             "ALTER TABLE cases DROP COLUMN hotline;");
    raw.exec("DROP INDEX cases_due_at; ALTER TABLE cases DROP COLUMN due_at;");
    raw.exec("DROP TABLE case_figures; DROP TABLE figure_days; DROP TABLE figure_months; "
             "DROP TABLE figure_unit_months;");
    raw.exec("PRAGMA user_version = 4");
  }
  auto repo = open_sqlite(path);
  check_against_recount(*repo, org);
}

}  // namespace
}  // namespace gridcase::testing
