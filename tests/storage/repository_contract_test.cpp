// The Repository contract: the same specifications, run against the in-memory fake and SQLite.
#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <tuple>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

using Ids = std::vector<CaseId>;

// Queues every fn with write() before waiting for any: on SQLite they may share one commit.
std::vector<Status> write_all(Repository& repo, std::vector<std::function<Status(WriteView&)>> fns) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Status> results(fns.size());
  std::size_t finished = 0;
  for (std::size_t i = 0; i < fns.size(); ++i) {
    repo.write(std::move(fns[i]), [&, i](Status s) {
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(s);
      ++finished;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return finished == fns.size(); });
  return results;
}

std::vector<Case> list(Repository& repo, const CaseFilter& filter) {
  return read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.list_cases(filter); });
}

Ids list_ids(Repository& repo, const CaseFilter& filter) { return ids_of(list(repo, filter)); }

Ids due(Repository& repo, TimeMs until, int limit) {
  return read_ok<Ids>(repo, [&](ReadView& r) { return r.due_cases(until, limit); });
}

TimeMs earliest(Repository& repo) {
  return read_ok<TimeMs>(repo, [](ReadView& r) { return r.earliest_due(); });
}

std::vector<DeadlinePolicy> policies(Repository& repo) {
  return read_ok<std::vector<DeadlinePolicy>>(repo, [](ReadView& r) { return r.load_policies(); });
}

std::vector<std::string> dumps(const std::vector<DeadlinePolicy>& ps) {
  std::vector<std::string> out;
  for (const DeadlinePolicy& p : ps) out.push_back(dump(p));
  return out;
}

std::map<int, std::string> calendar_years(Repository& repo) {
  return read_ok<std::map<int, std::string>>(repo, [](ReadView& r) { return r.load_calendar_years(); });
}

Ids search(Repository& repo, const std::string& text) {
  CaseFilter f;
  f.text = text;
  return list_ids(repo, f);
}

}  // namespace

TEMPLATE_TEST_CASE("a case round-trips every field, parties and Chinese text included",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case c = sample_case("XC-2026-000001");
  const CaseId id = insert_case(repo, c);
  CHECK(id > 0);
  c.id = id;

  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(id); })) == dump(c));
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case_by_number(c.number); })) ==
        dump(c));

  SECTION("an update replaces every field and the parties") {
    Case changed = c;
    changed.title = "漏水已修复，待回访";
    changed.description = "第二次描述\r\n含 'quotes' 与 \"双引号\" 和 emoji 🏠";
    changed.parties = {{"王芳", "", "", PartyRole::kReporter, true}};
    changed.state = CaseState::kResolved;
    changed.state_before_suspend = CaseState::kUnspecified;
    changed.location.has_coordinates = false;
    changed.location.lat = -0.5;
    changed.version = 12;
    changed.updated_at += 1000;
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(changed); }).is_ok());
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(id); })) == dump(changed));
    // The search index follows the update.
    CHECK(search(repo, "已修复") == Ids{id});
    CHECK(search(repo, "漏水严重").empty());
  }

  SECTION("a case without parties stays without parties") {
    Case bare = sample_case("XC-2026-000002");
    bare.parties.clear();
    bare.id = insert_case(repo, bare);
    CHECK(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(bare.id); }).parties.empty());
  }
}

TEMPLATE_TEST_CASE("a store with one server on it leads the deadline work, and keeps leading", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  CHECK(repo.lead_deadline_work());
  CHECK(repo.lead_deadline_work());
}

// SQLite keeps no generations and counts no failed logins (one server uses a file at a time):
// it answers zeros.
TEMPLATE_TEST_CASE("a change to the configuration or to accounts and sessions moves its generation, in its write",
                   "[contract]", MemoryStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto now = [&] { return read_ok<StoreGenerations>(repo, [](ReadView& r) { return r.generations(); }); };
  const StoreGenerations start = now();
  CHECK(repo.generations().value().config == start.config);
  UserId user_id = 0;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            Case c = sample_case("XC-2026-000001");
            GRIDCASE_RETURN_IF_ERROR(w.insert_case(c).status());
            User user{0, "zhangwei", "张伟", Role::kGridWorker, 1, false, "hash", true, 0};
            GRIDCASE_RETURN_IF_ERROR(w.insert_user(user).status());
            user_id = user.id;
            return w.insert_session({"digest", user.id, 1, 2, false});
          }).is_ok());
  StoreGenerations g = now();
  CHECK(g.config == start.config);  // cases, new users and new sessions move nothing
  CHECK(g.accounts == start.accounts);

  REQUIRE(write(repo, [](WriteView& w) -> Status {
            OrgUnit u{0, 0, UnitType::kDistrict, "D1", "新城区", "", false};
            return w.insert_unit(u).status();
          }).is_ok());
  CHECK(now().config > g.config);
  g = now();
  REQUIRE(write(repo, [](WriteView& w) { return w.upsert_category({"X.NEW", CaseKind::kHazard, "", "新", UnitType::kGrid}); })
              .is_ok());
  CHECK(now().config > g.config);
  g = now();
  REQUIRE(write(repo, [](WriteView& w) { return w.save_calendar_year(2031, "year 2031\n"); }).is_ok());
  CHECK(now().config > g.config);
  g = now();
  CHECK(g.accounts == start.accounts);

  REQUIRE(write(repo, [](WriteView& w) { return w.revoke_session("digest"); }).is_ok());
  CHECK(now().accounts > g.accounts);
  g = now();
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            auto u = w.get_user(user_id);
            if (!u) return u.status();
            u->disabled = true;
            return w.update_user(*u);
          }).is_ok());
  CHECK(now().accounts > g.accounts);
  g = now();
  // A write that fails leaves its generations as they were.
  Status s = write(repo, [](WriteView& w) -> Status {
    OrgUnit u{0, 0, UnitType::kDistrict, "D2", "老城区", "", false};
    GRIDCASE_RETURN_IF_ERROR(w.insert_unit(u).status());
    GRIDCASE_RETURN_IF_ERROR(w.revoke_user_sessions(1));
    return Status(reason::MISSING_FIELD, "give up");
  });
  CHECK(s.reason() == "MISSING_FIELD");
  CHECK(now().config == g.config);
  CHECK(now().accounts == g.accounts);
  CHECK(repo.generations().value().accounts == g.accounts);
}

TEMPLATE_TEST_CASE("failed logins are counted per username since its last login, and per address",
                   "[contract]", MemoryStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto audit = [&](AuditKind kind, const std::string& username, const std::string& address, TimeMs at,
                   const std::string& detail) {
    REQUIRE(write(repo, [&](WriteView& w) {
              AuditEntry e;
              e.kind = kind;
              e.username = username;
              e.address = address;
              e.at = at;
              e.detail = detail;
              return w.append_audit(e);
            }).is_ok());
  };
  auto count = [&](const std::string& username, const std::string& address, TimeMs since) {
    return read_ok<LoginFailures>(repo, [&](ReadView& r) { return r.login_failures(username, address, since); });
  };
  audit(AuditKind::kLoginFailed, "li", "10.0.0.1", 1000, "wrong password");
  audit(AuditKind::kLoginFailed, "li", "10.0.0.1", 2000, "wrong password");
  audit(AuditKind::kLoginFailed, "li", "10.0.0.2", 3000, "throttled");  // not a failure of its own
  audit(AuditKind::kLoginFailed, "wang", "10.0.0.1", 3000, "unknown user");
  audit(AuditKind::kLogin, "zhang", "10.0.0.1", 3500, "");
  LoginFailures f = count("li", "10.0.0.1", 0);
  CHECK(f.by_user == 2);
  CHECK(f.by_address == 3);
  f = count("li", "10.0.0.1", 1500);  // the window
  CHECK(f.by_user == 1);
  CHECK(f.by_address == 2);
  CHECK(count("li", "", 0).by_address == 0);
  audit(AuditKind::kLogin, "li", "10.0.0.3", 4000, "");
  audit(AuditKind::kLoginFailed, "li", "10.0.0.3", 5000, "wrong password");
  f = count("li", "10.0.0.1", 0);
  CHECK(f.by_user == 1);  // since the login
  CHECK(f.by_address == 3);
  CHECK(count("nobody", "10.9.9.9", 0).by_user == 0);
}

TEMPLATE_TEST_CASE("a missing case answers NOT_FOUND CASE_NOT_FOUND", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Status s = read_status(repo, [](ReadView& r) { return r.get_case(42).status(); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "CASE_NOT_FOUND");
  s = read_status(repo, [](ReadView& r) { return r.get_case_by_number("XC-2026-999999").status(); });
  CHECK(s.reason() == "CASE_NOT_FOUND");
  Case ghost = sample_case("XC-2026-000404");
  ghost.id = 404;
  s = write(repo, [&](WriteView& w) { return w.update_case(ghost); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "CASE_NOT_FOUND");
}

TEMPLATE_TEST_CASE("a second case with the same number is refused and leaves nothing",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  insert_case(repo, sample_case("XC-2026-000001"));
  Status s = write(repo, [](WriteView& w) -> Status {
    Case again = sample_case("XC-2026-000001");
    again.title = "重复";
    return w.insert_case(again).status();
  });
  CHECK(s.code() == Code::kAlreadyExists);
  CHECK(list(repo, CaseFilter{}).size() == 1);
}

TEMPLATE_TEST_CASE("event seq is gapless across writes and across a failed write", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const CaseId a = insert_case(repo, sample_case("XC-2026-000001"));
  const CaseId b = insert_case(repo, sample_case("XC-2026-000002"));
  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) == 0);

  auto append = [](CaseId id, std::string number, bool then_fail) {
    return [=](WriteView& w) -> Status {
      Event e = sample_event(id, number);
      auto seq = w.append_event(e);
      if (!seq.is_ok()) return seq.status();
      if (e.seq != *seq) return Status(reason::INTERNAL, "seq not stored into the event");
      if (then_fail) return Status(reason::STALE_VERSION, "fails after appending");
      return Status::ok();
    };
  };
  std::vector<Status> results = write_all(repo, {append(a, "XC-2026-000001", false),
                                                 append(b, "XC-2026-000002", false),
                                                 append(a, "XC-2026-000001", true),
                                                 append(a, "XC-2026-000001", false)});
  CHECK(results[0].is_ok());
  CHECK(results[1].is_ok());
  CHECK(results[2].code() == Code::kAborted);
  CHECK(results[2].reason() == "STALE_VERSION");
  CHECK(results[3].is_ok());

  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) == 3);
  auto all = read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.events_since(1, 100); });
  CHECK(seqs_of(all) == std::vector<Seq>{1, 2, 3});
  CHECK(seqs_of(read_ok<std::vector<Event>>(repo, [&](ReadView& r) { return r.case_history(a); })) ==
        std::vector<Seq>{1, 3});
  CHECK(seqs_of(read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.events_since(2, 1); })) ==
        std::vector<Seq>{2});
  CHECK(read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.events_since(4, 10); }).empty());
  CHECK(read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.case_history(999); }).empty());

  // Every field, the details map included, reads back as written.
  Event expected = sample_event(b, "XC-2026-000002");
  expected.seq = 2;
  CHECK(dump(all[1]) == dump(expected));
}

TEMPLATE_TEST_CASE("event details round-trip any text", "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Event e = sample_event(1, "XC-2026-000001");
  e.details = {
      {"", "empty key"},
      {"empty", ""},
      {"quotes", "\"'`"},
      {"backslashes", "\\ \\\\ \\n \\u0041"},
      {"controls", std::string("a\nb\r\tc\x01\x1f", 9)},
      {"nul", std::string("x\0y", 3)},
      {"json", "{\"a\":[1,2]}"},
      {"中文键", "中文值：漏水、噪音；𠀀 🏠"},
      {"sql", "'); DROP TABLE events; --"},
  };
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_event(e).status(); }).is_ok());
  auto events = read_ok<std::vector<Event>>(repo, [](ReadView& r) { return r.events_since(1, 10); });
  REQUIRE(events.size() == 1);
  CHECK(events[0].details == e.details);
}

TEMPLATE_TEST_CASE("a failing write leaves nothing behind", "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Status s = write(repo, [](WriteView& w) -> Status {
    Case c = sample_case("XC-2026-000001");
    GRIDCASE_RETURN_IF_ERROR(w.insert_case(c).status());
    Event e = sample_event(c.id, c.number);
    GRIDCASE_RETURN_IF_ERROR(w.append_event(e).status());
    GRIDCASE_RETURN_IF_ERROR(w.next_case_sequence("XC", 2026).status());
    RequestRecord req{7, "req-1", "fp", c.id, 1, 1000};
    GRIDCASE_RETURN_IF_ERROR(w.save_request(req));
    OrgUnit u{0, 0, UnitType::kDistrict, "D1", "新城区", "", false};
    GRIDCASE_RETURN_IF_ERROR(w.insert_unit(u).status());
    User user{0, "zhangwei", "张伟", Role::kGridWorker, 1, false, "hash", true, 0};
    GRIDCASE_RETURN_IF_ERROR(w.insert_user(user).status());
    GRIDCASE_RETURN_IF_ERROR(w.insert_session({"digest", user.id, 1, 2, false}));
    GRIDCASE_RETURN_IF_ERROR(w.upsert_category({"X.NEW", CaseKind::kHazard, "", "新", UnitType::kGrid}));
    return Status(reason::MISSING_FIELD, "give up after writing everything");
  });
  CHECK(s.code() == Code::kInvalidArgument);
  CHECK(s.reason() == "MISSING_FIELD");

  CHECK(list(repo, CaseFilter{}).empty());
  CHECK(read_ok<Seq>(repo, [](ReadView& r) { return r.last_seq(); }) == 0);
  CHECK(read_status(repo, [](ReadView& r) { return r.find_request(7, "req-1").status(); }).code() ==
        Code::kNotFound);
  CHECK(read_ok<std::vector<OrgUnit>>(repo, [](ReadView& r) { return r.load_units(); }).empty());
  CHECK(read_ok<std::vector<User>>(repo, [](ReadView& r) { return r.list_users(); }).empty());
  CHECK(read_status(repo, [](ReadView& r) { return r.get_session("digest").status(); }).code() ==
        Code::kNotFound);
  auto categories = read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); });
  CHECK(std::none_of(categories.begin(), categories.end(),
                     [](const Category& c) { return c.code == "X.NEW"; }));

  // The ids and numbers the failed write took are free again.
  std::int64_t next = 0;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            auto r = w.next_case_sequence("XC", 2026);
            if (r.is_ok()) next = *r;
            return r.status();
          }).is_ok());
  CHECK(next == 1);
  CHECK(insert_case(repo, sample_case("XC-2026-000001")) == 1);
}

TEMPLATE_TEST_CASE("request records are found again and cannot be saved twice", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  RequestRecord r{7, "a1b2-请求", "sha256:abc", 12, 3, 1764000000000};
  REQUIRE(write(repo, [&](WriteView& w) { return w.save_request(r); }).is_ok());
  CHECK(dump(read_ok<RequestRecord>(repo, [](ReadView& v) { return v.find_request(7, "a1b2-请求"); })) ==
        dump(r));

  RequestRecord again = r;
  again.fingerprint = "sha256:other";
  Status s = write(repo, [&](WriteView& w) { return w.save_request(again); });
  CHECK(s.code() == Code::kAlreadyExists);
  CHECK(read_ok<RequestRecord>(repo, [](ReadView& v) { return v.find_request(7, "a1b2-请求"); })
            .fingerprint == "sha256:abc");

  // The key is (user, request id): another user may use the same request id.
  RequestRecord other_user = r;
  other_user.user_id = 8;
  CHECK(write(repo, [&](WriteView& w) { return w.save_request(other_user); }).is_ok());

  s = read_status(repo, [](ReadView& v) { return v.find_request(9, "a1b2-请求").status(); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "REQUEST_NOT_FOUND");
}

TEMPLATE_TEST_CASE("request records before a time are forgotten oldest first, the system's kept", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto save = [&](UserId user, const std::string& id, TimeMs at) {
    RequestRecord r{user, id, "sha256:" + id, 1, 1, at};
    REQUIRE(write(repo, [&](WriteView& w) { return w.save_request(r); }).is_ok());
  };
  save(7, "oldest", 1000);
  save(8, "older", 2000);
  save(kSystemActor, "import:a:open", 500);  // an import's memory of what it brought in
  save(7, "recent", 5000);
  auto known = [&](UserId user, const std::string& id) {
    return read_status(repo, [&](ReadView& v) { return v.find_request(user, id).status(); }).is_ok();
  };
  auto forget = [&](TimeMs before, int limit) {
    int n = -1;
    REQUIRE(write(repo, [&](WriteView& w) -> Status {
              auto forgotten = w.forget_requests(before, limit);
              if (!forgotten) return forgotten.status();
              n = *forgotten;
              return Status{};
            }).is_ok());
    return n;
  };
  CHECK(forget(5000, 1) == 1);  // the oldest of people's first
  CHECK_FALSE(known(7, "oldest"));
  CHECK(known(8, "older"));
  CHECK(forget(5000, 10) == 1);  // "recent" is not before 5000
  CHECK_FALSE(known(8, "older"));
  CHECK(known(7, "recent"));
  CHECK(known(kSystemActor, "import:a:open"));
  CHECK(forget(5000, 10) == 0);
  CHECK(forget(6000, 0) == 0);
  CHECK(known(7, "recent"));
  // A forgotten request id may be used again.
  save(7, "oldest", 7000);
  CHECK(known(7, "oldest"));
}

TEMPLATE_TEST_CASE("users round-trip and usernames are unique", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  User zhang{0, "zhangwei", "张伟", Role::kGridWorker, 41, false, "$argon2id$v=19$m=65536$abc", true,
             1764000000000};
  User li{0, "lina", "李娜", Role::kSupervisor, 2, true, "$argon2id$xyz", false, 0};
  li.must_change_password = true;  // an admin reset it
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_user(zhang).status());
            return w.insert_user(li).status();
          }).is_ok());
  CHECK(zhang.id > 0);
  CHECK(li.id > zhang.id);

  CHECK(dump(read_ok<User>(repo, [&](ReadView& r) { return r.get_user(zhang.id); })) == dump(zhang));
  CHECK(dump(read_ok<User>(repo, [](ReadView& r) { return r.get_user_by_name("lina"); })) == dump(li));
  auto users = read_ok<std::vector<User>>(repo, [](ReadView& r) { return r.list_users(); });
  REQUIRE(users.size() == 2);
  CHECK(dump(users[0]) == dump(zhang));
  CHECK(dump(users[1]) == dump(li));

  User dup{0, "zhangwei", "另一个张伟", Role::kHandler, 1, false, "h", false, 0};
  Status s = write(repo, [&](WriteView& w) { return w.insert_user(dup).status(); });
  CHECK(s.code() == Code::kAlreadyExists);

  zhang.display_name = "张伟（离职）";
  zhang.disabled = true;
  zhang.demo_password = false;
  zhang.must_change_password = true;
  zhang.password_changed_at += 5;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_user(zhang); }).is_ok());
  CHECK(dump(read_ok<User>(repo, [&](ReadView& r) { return r.get_user(zhang.id); })) == dump(zhang));

  User ghost = zhang;
  ghost.id = 999;
  s = write(repo, [&](WriteView& w) { return w.update_user(ghost); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "USER_NOT_FOUND");
  s = read_status(repo, [](ReadView& r) { return r.get_user(999).status(); });
  CHECK(s.reason() == "USER_NOT_FOUND");
  s = read_status(repo, [](ReadView& r) { return r.get_user_by_name("nobody").status(); });
  CHECK(s.reason() == "USER_NOT_FOUND");
}

TEMPLATE_TEST_CASE("sessions round-trip and are revoked one by one or per user", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  SessionRecord a{"digest-a", 1, 1000, 2000, false};
  SessionRecord b{"digest-b", 1, 1100, 2100, false};
  SessionRecord c{"digest-c", 2, 1200, 2200, false};
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_session(a));
            GRIDCASE_RETURN_IF_ERROR(w.insert_session(b));
            return w.insert_session(c);
          }).is_ok());
  CHECK(dump(read_ok<SessionRecord>(repo, [](ReadView& r) { return r.get_session("digest-a"); })) ==
        dump(a));

  REQUIRE(write(repo, [](WriteView& w) { return w.revoke_session("digest-c"); }).is_ok());
  CHECK(read_ok<SessionRecord>(repo, [](ReadView& r) { return r.get_session("digest-c"); }).revoked);
  CHECK_FALSE(read_ok<SessionRecord>(repo, [](ReadView& r) { return r.get_session("digest-a"); }).revoked);

  REQUIRE(write(repo, [](WriteView& w) { return w.revoke_user_sessions(1); }).is_ok());
  CHECK(read_ok<SessionRecord>(repo, [](ReadView& r) { return r.get_session("digest-a"); }).revoked);
  CHECK(read_ok<SessionRecord>(repo, [](ReadView& r) { return r.get_session("digest-b"); }).revoked);

  Status s = read_status(repo, [](ReadView& r) { return r.get_session("nope").status(); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "SESSION_NOT_FOUND");
}

TEMPLATE_TEST_CASE("units and Party posts round-trip and unit codes are unique", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  OrgUnit district{0, 0, UnitType::kDistrict, "D01", "新城区", "", false};
  OrgUnit street{0, 0, UnitType::kSubDistrict, "D01.S01", "幸福街道", "XC", false};
  PartyPost post{0, 0, PartyPostKind::kGridBranchSecretary, "赵书记", 5};
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_unit(district).status());
            street.parent_id = district.id;
            GRIDCASE_RETURN_IF_ERROR(w.insert_unit(street).status());
            post.unit_id = street.id;
            return w.insert_party_post(post).status();
          }).is_ok());
  auto units = read_ok<std::vector<OrgUnit>>(repo, [](ReadView& r) { return r.load_units(); });
  REQUIRE(units.size() == 2);
  CHECK(dump(units[0]) == dump(district));
  CHECK(dump(units[1]) == dump(street));
  auto posts = read_ok<std::vector<PartyPost>>(repo, [](ReadView& r) { return r.load_party_posts(); });
  REQUIRE(posts.size() == 1);
  CHECK(post.id > 0);
  CHECK(dump(posts[0]) == dump(post));

  OrgUnit dup{0, district.id, UnitType::kSubDistrict, "D01.S01", "重复", "", false};
  Status s = write(repo, [&](WriteView& w) { return w.insert_unit(dup).status(); });
  CHECK(s.code() == Code::kAlreadyExists);

  street.name = "幸福街道（旧）";
  street.retired = true;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_unit(street); }).is_ok());
  units = read_ok<std::vector<OrgUnit>>(repo, [](ReadView& r) { return r.load_units(); });
  CHECK(dump(units[1]) == dump(street));

  OrgUnit ghost = street;
  ghost.id = 77;
  s = write(repo, [&](WriteView& w) { return w.update_unit(ghost); });
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.reason() == "UNIT_NOT_FOUND");
}

TEMPLATE_TEST_CASE("a new store holds the builtin categories and upsert adds or replaces",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto loaded = read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); });
  std::vector<std::string> expected;
  for (const Category& c : builtin_categories()) expected.push_back(dump(c));
  std::vector<std::string> actual;
  for (const Category& c : loaded) actual.push_back(dump(c));
  std::sort(expected.begin(), expected.end());
  std::sort(actual.begin(), actual.end());
  CHECK(actual == expected);

  Category changed = builtin_categories().front();
  changed.name = "改过的名字";
  Category added{"HAZ.ZZZ", CaseKind::kHazard, "", "新增类别", UnitType::kDepartment};
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.upsert_category(changed));
            return w.upsert_category(added);
          }).is_ok());
  loaded = read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); });
  CHECK(loaded.size() == builtin_categories().size() + 1);
  int seen = 0;
  for (const Category& c : loaded) {
    if (c.code == changed.code) {
      CHECK(dump(c) == dump(changed));
      ++seen;
    }
    if (c.code == added.code) {
      CHECK(dump(c) == dump(added));
      ++seen;
    }
  }
  CHECK(seen == 2);
}

TEMPLATE_TEST_CASE("case sequence numbers count per prefix and year", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  std::vector<std::int64_t> got;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            for (auto [prefix, year] : std::vector<std::pair<std::string, int>>{
                     {"XC", 2026}, {"XC", 2026}, {"DC", 2026}, {"XC", 2027}, {"XC", 2026}}) {
              auto r = w.next_case_sequence(prefix, year);
              if (!r.is_ok()) return r.status();
              got.push_back(*r);
            }
            return Status::ok();
          }).is_ok());
  CHECK(got == std::vector<std::int64_t>{1, 2, 1, 1, 3});
  std::int64_t next = 0;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            auto r = w.next_case_sequence("XC", 2026);
            if (r.is_ok()) next = *r;
            return r.status();
          }).is_ok());
  CHECK(next == 4);
}

TEMPLATE_TEST_CASE("list_cases applies each filter, newest first, with paging", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  // id  kind      state        category             level     location handling assignee leader
  //  1  dispute   reported     DSP.NEIGHBOR.LEAK    grid      41       41       0        0
  //  2  hotline   accepted     HOT.PROPERTY         community 42       31       7        0
  //  3  dispute   in progress  DSP.NEIGHBOR.NOISE   grid      42       42       7        3
  //  4  hazard    closed       HAZ.X                district  43       10       8        3
  //  5  dispute   in progress  DSP.NEIGHBOR.LEAK    community 41       31       8        0
  struct Row {
    CaseKind kind;
    CaseState state;
    const char* category;
    Level level;
    UnitId location, handling;
    UserId assignee, leader;
  };
  const std::vector<Row> rows = {
      {CaseKind::kDispute, CaseState::kReported, "DSP.NEIGHBOR.LEAK", Level::kGrid, 41, 41, 0, 0},
      {CaseKind::kHotline, CaseState::kAccepted, "HOT.PROPERTY", Level::kCommunity, 42, 31, 7, 0},
      {CaseKind::kDispute, CaseState::kInProgress, "DSP.NEIGHBOR.NOISE", Level::kGrid, 42, 42, 7, 3},
      {CaseKind::kHazard, CaseState::kClosed, "HAZ.X", Level::kDistrict, 43, 10, 8, 3},
      {CaseKind::kDispute, CaseState::kInProgress, "DSP.NEIGHBOR.LEAK", Level::kCommunity, 41, 31, 8, 0},
  };
  int n = 0;
  for (const Row& row : rows) {
    Case c = sample_case("XC-2026-00000" + std::to_string(++n));
    c.title = "案件" + std::to_string(n);
    c.description = "";
    c.kind = row.kind;
    c.state = row.state;
    c.category_code = row.category;
    c.level = row.level;
    c.location.unit_id = row.location;
    c.handling_unit_id = row.handling;
    c.assignee_user_id = row.assignee;
    c.leader_user_id = row.leader;
    REQUIRE(insert_case(repo, c) == n);
  }

  CaseFilter f;
  CHECK(list_ids(repo, f) == Ids{5, 4, 3, 2, 1});

  SECTION("kinds") {
    f.kinds = {CaseKind::kDispute, CaseKind::kHazard};
    CHECK(list_ids(repo, f) == Ids{5, 4, 3, 1});
  }
  SECTION("states") {
    f.states = {CaseState::kInProgress};
    CHECK(list_ids(repo, f) == Ids{5, 3});
  }
  SECTION("category codes") {
    f.category_codes = {"DSP.NEIGHBOR.LEAK", "HOT.PROPERTY"};
    CHECK(list_ids(repo, f) == Ids{5, 2, 1});
  }
  SECTION("level") {
    f.level = Level::kCommunity;
    CHECK(list_ids(repo, f) == Ids{5, 2});
  }
  SECTION("units match the location or the handling unit") {
    f.units = {31};
    CHECK(list_ids(repo, f) == Ids{5, 2});
    f.units = {42, 10};
    CHECK(list_ids(repo, f) == Ids{4, 3, 2});
    f.units = {99};
    CHECK(list_ids(repo, f).empty());
  }
  SECTION("thousands of units") {
    for (UnitId u = 1000; u < 6000; ++u) f.units.push_back(u);
    f.units.push_back(43);
    CHECK(list_ids(repo, f) == Ids{4});
  }
  SECTION("assignee and leader") {
    f.assignee = 7;
    CHECK(list_ids(repo, f) == Ids{3, 2});
    f.assignee = 0;
    f.leader = 3;
    CHECK(list_ids(repo, f) == Ids{4, 3});
  }
  SECTION("filters combine") {
    f.kinds = {CaseKind::kDispute};
    f.units = {41};
    f.states = {CaseState::kInProgress, CaseState::kReported};
    f.assignee = 8;
    CHECK(list_ids(repo, f) == Ids{5});
  }
  SECTION("paging by before_id and limit") {
    f.limit = 2;
    CHECK(list_ids(repo, f) == Ids{5, 4});
    f.before_id = 4;
    CHECK(list_ids(repo, f) == Ids{3, 2});
    f.before_id = 2;
    CHECK(list_ids(repo, f) == Ids{1});
    f.before_id = 1;
    CHECK(list_ids(repo, f).empty());
  }
  SECTION("listed cases carry their parties") {
    for (const Case& c : list(repo, f)) CHECK(c.parties.size() == 2);
  }
  SECTION("counts by state") {
    auto counts = read_ok<std::map<CaseState, std::int64_t>>(
        repo, [](ReadView& r) { return r.count_cases_by_state(); });
    CHECK(counts == std::map<CaseState, std::int64_t>{{CaseState::kReported, 1},
                                                      {CaseState::kAccepted, 1},
                                                      {CaseState::kInProgress, 2},
                                                      {CaseState::kClosed, 1}});
  }
}

TEMPLATE_TEST_CASE("text search finds Chinese substrings of any length", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case leak = sample_case("XC-2026-000001");
  leak.title = "三楼漏水严重";
  leak.description = "卫生间防水层老化";
  Case noise = sample_case("XC-2026-000002");
  noise.title = "夜间施工噪音扰民";
  noise.description = "楼下商铺装修，晚上十点后仍在施工。也有漏电隐患";
  Case english = sample_case("XC-2026-000003");
  english.title = "Broken street light";
  english.description = "Lamp post 12";
  const CaseId a = insert_case(repo, leak);
  const CaseId b = insert_case(repo, noise);
  const CaseId c = insert_case(repo, english);

  CHECK(search(repo, "漏") == Ids{b, a});           // one character
  CHECK(search(repo, "漏水") == Ids{a});            // two: below the trigram size
  CHECK(search(repo, "漏电") == Ids{b});
  CHECK(search(repo, "漏水严") == Ids{a});          // three
  CHECK(search(repo, "三楼漏水严重") == Ids{a});    // the whole title
  CHECK(search(repo, "防水层") == Ids{a});          // in the description
  CHECK(search(repo, "十点后仍在") == Ids{b});
  CHECK(search(repo, "漏水严重啊").empty());        // longer than any match
  CHECK(search(repo, "楼漏电").empty());
  CHECK(search(repo, "light") == Ids{c});
  CHECK(search(repo, "Lamp post 1") == Ids{c});     // each word is there
  CHECK(search(repo, "t l") == Ids{c});
  // A space means AND, as in any search box: every word, in the title or the description.
  CHECK(search(repo, "三楼 漏水") == Ids{a});        // two words below the trigram size
  CHECK(search(repo, "漏水 防水层") == Ids{a});      // one in the title, one in the description
  CHECK(search(repo, "噪音\xE3\x80\x80施工") == Ids{b});  // a full-width space
  CHECK(search(repo, "施工噪音 十点后仍在 漏") == Ids{b});
  CHECK(search(repo, "施工 施工") == Ids{b});
  CHECK(search(repo, "漏水 噪音").empty());
  CHECK(search(repo, "  ") == (Ids{c, b, a}));      // only spaces: no condition
  CHECK(search(repo, "LIGHT").empty());             // exact substrings: case matters

  SECTION("text combines with the other filters") {
    CaseFilter f;
    f.text = "漏";
    f.before_id = b;
    CHECK(list_ids(repo, f) == Ids{a});
    f.text = "施工噪音";
    f.before_id = 0;
    f.limit = 1;
    CHECK(list_ids(repo, f) == Ids{b});
  }
}

TEMPLATE_TEST_CASE("SQL and search metacharacters are stored and searched verbatim",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case tricky = sample_case("XC-2026-'; DROP TABLE cases; --");
  tricky.title = "O'Brien \"quoted\" 100% done_x_ NEAR AND OR NOT *";
  tricky.description = "a\\b ? ?1 :name @p $v ' '' \" \"\" ) ( ; -- /* */ {col}: ^x";
  Case plain = sample_case("XC-2026-000002");
  plain.title = "普通案件 100 percent";
  plain.description = "nothing special here";
  tricky.id = insert_case(repo, tricky);
  const CaseId p = insert_case(repo, plain);

  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case_by_number(tricky.number); })) ==
        dump(tricky));
  const Ids only{tricky.id};
  for (const char* q : {"'", "%", "_", "\"", "\"quoted\"", "O'Brien", "100%", "_x_", "NEAR AND",
                        "OR NOT *", "*", "\\", "a\\b", "''", "\"\"", "?1", ":name", "-- /*",
                        "{col}:", "^x", ") ("}) {
    INFO("query: " << q);
    CHECK(search(repo, q) == only);
  }
  CHECK(search(repo, "100") == Ids{p, tricky.id});
  CHECK(search(repo, "'; DROP").empty());  // the number is not searched
  CHECK(list(repo, CaseFilter{}).size() == 2);
}

TEMPLATE_TEST_CASE("case clocks and the other deadline fields round-trip exactly", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  Case c = sample_case("XC-2026-000001");
  // Every enum value and the extremes of every integer.
  CaseClock pending;  // all defaults: waiting for its start event
  CaseClock extreme = sample_clock();
  extreme.kind = ClockKind::kResponse;
  extreme.unit = BudgetUnit::kWorkingHours;
  extreme.base_budget_ms = kMax;
  extreme.budget_ms = kMin;
  extreme.starts_on = Action::kCreate;
  extreme.stops_on = Action::kClockExpired;
  extreme.warn_percent = std::numeric_limits<int>::max();
  extreme.on_expiry = ExpiryAction::kFlag;
  extreme.run = ClockRun::kPaused;
  extreme.used_ms = -1;
  extreme.since = kMin + 1;
  extreme.started_at = kMax - 1;
  extreme.warn_at = 9007199254740993;  // 2^53 + 1: not exact as a double
  extreme.deadline = -9007199254740993;
  extreme.provisional = false;
  extreme.colour = Colour::kRed;
  extreme.extensions = std::numeric_limits<int>::min();
  CaseClock unspecified = sample_clock();
  unspecified.unit = BudgetUnit::kUnspecified;
  unspecified.on_expiry = ExpiryAction::kUnspecified;
  unspecified.colour = Colour::kUnspecified;
  unspecified.run = ClockRun::kStopped;
  c.clocks = {pending, extreme, sample_clock(), unspecified};
  c.policy_id = kMax;
  c.policy_version = std::numeric_limits<int>::max();
  c.next_due = kMax;
  c.colour = Colour::kRed;
  c.extension_clock = ClockKind::kReturnWindow;
  c.extension_ms = kMin;
  c.extension_requested_by = kMax;
  c.id = insert_case(repo, c);

  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(c));
  auto listed = list(repo, CaseFilter{});
  REQUIRE(listed.size() == 1);
  CHECK(dump(listed[0]) == dump(c));

  SECTION("an update replaces them, down to no clocks at all") {
    Case changed = c;
    changed.clocks = {sample_clock()};
    changed.clocks[0].used_ms = 0;
    changed.policy_id = 0;
    changed.policy_version = 0;
    changed.next_due = 0;
    changed.colour = Colour::kGreen;
    changed.extension_clock = ClockKind::kUnspecified;
    changed.extension_ms = 0;
    changed.extension_requested_by = 0;
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(changed); }).is_ok());
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); })) == dump(changed));
    changed.clocks.clear();
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(changed); }).is_ok());
    CHECK(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(c.id); }).clocks.empty());
  }
  SECTION("a case made without deadlines reads back with the defaults") {
    Case plain;
    plain.number = "XC-2026-000002";
    plain.id = insert_case(repo, plain);
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(plain.id); })) == dump(plain));
  }
}

TEMPLATE_TEST_CASE("due_cases lists the cases due by an instant, earliest first, ties by id",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  // id:        1     2     3     4     5
  // next_due:  3000  2000  1000  2000  0 (none)
  const std::vector<TimeMs> next_due = {3000, 2000, 1000, 2000, 0};
  int n = 0;
  std::vector<Case> cases;
  for (TimeMs at : next_due) {
    Case c = sample_case("XC-2026-00000" + std::to_string(++n));
    c.next_due = at;
    c.id = insert_case(repo, c);
    REQUIRE(c.id == n);
    cases.push_back(c);
  }

  CHECK(earliest(repo) == 1000);
  CHECK(due(repo, 3000, 10) == Ids{3, 2, 4, 1});
  CHECK(due(repo, std::numeric_limits<TimeMs>::max(), 10) == Ids{3, 2, 4, 1});
  CHECK(due(repo, 2000, 10) == Ids{3, 2, 4});
  CHECK(due(repo, 1999, 10) == Ids{3});
  CHECK(due(repo, 999, 10).empty());
  CHECK(due(repo, 0, 10).empty());  // next_due 0 is "none", never due
  CHECK(due(repo, 3000, 2) == Ids{3, 2});
  CHECK(due(repo, 3000, 1) == Ids{3});
  CHECK(due(repo, 3000, 0).empty());

  SECTION("a case whose next_due is reset to 0 drops out") {
    cases[2].next_due = 0;
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(cases[2]); }).is_ok());
    CHECK(earliest(repo) == 2000);
    CHECK(due(repo, 3000, 10) == Ids{2, 4, 1});
  }
  SECTION("a case moved later moves back in the order") {
    cases[1].next_due = 5000;
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(cases[1]); }).is_ok());
    CHECK(due(repo, 5000, 10) == Ids{3, 4, 1, 2});
  }
  SECTION("with nothing due, earliest_due is 0") {
    REQUIRE(write(repo, [&](WriteView& w) -> Status {
              for (Case& c : cases) {
                c.next_due = 0;
                GRIDCASE_RETURN_IF_ERROR(w.update_case(c));
              }
              return Status::ok();
            }).is_ok());
    CHECK(earliest(repo) == 0);
    CHECK(due(repo, std::numeric_limits<TimeMs>::max(), 10).empty());
  }
}

TEMPLATE_TEST_CASE("an empty store has nothing due", "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  CHECK(earliest(store.repo()) == 0);
  CHECK(due(store.repo(), std::numeric_limits<TimeMs>::max(), 10).empty());
}

TEMPLATE_TEST_CASE("list_cases by deadline: running clocks earliest first, then the rest newest first",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto clock = [](ClockRun run, TimeMs deadline) {
    CaseClock k = sample_clock();
    k.run = run;
    k.deadline = deadline;
    return k;
  };
  // id  kind      clocks (run, deadline)                 the case's deadline
  //  1  incident  running 5000                           5000
  //  2  incident  stopped 1000                           none
  //  3  dispute   running 3000; running 7000             3000
  //  4  incident  paused 2000 (suspended)                none
  //  5  incident  running 5000                           5000 (after 1: ties by id)
  //  6  incident  running 9000; stopped 100              9000
  //  7  incident  none                                   none
  //  8  incident  running 1500 (red: past it)            1500
  struct Row {
    CaseKind kind;
    std::vector<CaseClock> clocks;
  };
  const std::vector<Row> rows = {
      {CaseKind::kIncident, {clock(ClockRun::kRunning, 5000)}},
      {CaseKind::kIncident, {clock(ClockRun::kStopped, 1000)}},
      {CaseKind::kDispute, {clock(ClockRun::kRunning, 3000), clock(ClockRun::kRunning, 7000)}},
      {CaseKind::kIncident, {clock(ClockRun::kPaused, 2000)}},
      {CaseKind::kIncident, {clock(ClockRun::kRunning, 5000)}},
      {CaseKind::kIncident, {clock(ClockRun::kRunning, 9000), clock(ClockRun::kStopped, 100)}},
      {CaseKind::kIncident, {}},
      {CaseKind::kIncident, {clock(ClockRun::kRunning, 1500)}},
  };
  std::vector<Case> cases;
  int n = 0;
  for (const Row& row : rows) {
    Case c = sample_case("XC-2026-00000" + std::to_string(++n));
    c.kind = row.kind;
    c.clocks = row.clocks;
    c.id = insert_case(repo, c);
    REQUIRE(c.id == n);
    cases.push_back(c);
  }
  CaseFilter f;
  f.order = CaseOrder::kDeadline;
  f.limit = 100;
  CHECK(list_ids(repo, f) == Ids{8, 3, 1, 5, 6, 7, 4, 2});

  SECTION("with a filter") {
    f.kinds = {CaseKind::kIncident};
    CHECK(list_ids(repo, f) == Ids{8, 1, 5, 6, 7, 4, 2});
  }
  SECTION("page by page, across the tie and into the cases without a deadline") {
    f.limit = 3;
    CHECK(list_ids(repo, f) == Ids{8, 3, 1});
    f.after_deadline = 5000;
    f.after_id = 1;
    CHECK(list_ids(repo, f) == Ids{5, 6, 7});
    f.after_deadline = 0;
    f.after_id = 7;
    CHECK(list_ids(repo, f) == Ids{4, 2});
    f.after_deadline = 9000;
    f.after_id = 6;
    CHECK(list_ids(repo, f) == Ids{7, 4, 2});
  }
  SECTION("a change of clocks moves the case") {
    cases[0].clocks = {clock(ClockRun::kStopped, 5000)};  // resolved: no deadline now
    cases[6].clocks = {clock(ClockRun::kRunning, 100)};   // accepted: its clock started
    REQUIRE(write(repo, [&](WriteView& w) -> Status {
              GRIDCASE_RETURN_IF_ERROR(w.update_case(cases[0]));
              return w.update_case(cases[6]);
            }).is_ok());
    CHECK(list_ids(repo, f) == Ids{7, 8, 3, 5, 6, 4, 2, 1});
  }
}

TEMPLATE_TEST_CASE("list_cases filters the cases that need attention and provisional deadlines",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto clock = [](ClockRun run, bool provisional) {
    CaseClock k = sample_clock();
    k.run = run;
    k.provisional = provisional;
    return k;
  };
  // id  colour       level      clocks (run, provisional)        attention  provisional
  //  1  green        grid       running, no                      -          -
  //  2  yellow       grid       running, yes                     yes        yes
  //  3  red          grid       paused, yes                      yes        -
  //  4  green        community  running, no; stopped, yes        yes        -
  //  5  unspecified  grid       stopped, yes; running, yes       -          yes
  //  6  green        grid       pending, yes                     -          -
  struct Row {
    Colour colour;
    Level level;
    std::vector<CaseClock> clocks;
  };
  const std::vector<Row> rows = {
      {Colour::kGreen, Level::kGrid, {clock(ClockRun::kRunning, false)}},
      {Colour::kYellow, Level::kGrid, {clock(ClockRun::kRunning, true)}},
      {Colour::kRed, Level::kGrid, {clock(ClockRun::kPaused, true)}},
      {Colour::kGreen, Level::kCommunity,
       {clock(ClockRun::kRunning, false), clock(ClockRun::kStopped, true)}},
      {Colour::kUnspecified, Level::kGrid,
       {clock(ClockRun::kStopped, true), clock(ClockRun::kRunning, true)}},
      {Colour::kGreen, Level::kGrid, {clock(ClockRun::kUnspecified, true)}},
  };
  std::vector<Case> cases;
  int n = 0;
  for (const Row& row : rows) {
    Case c = sample_case("XC-2026-00000" + std::to_string(++n));
    c.colour = row.colour;
    c.level = row.level;
    c.clocks = row.clocks;
    c.id = insert_case(repo, c);
    REQUIRE(c.id == n);
    cases.push_back(c);
  }

  CaseFilter f;
  SECTION("needs attention: yellow or red, or above GRID") {
    f.needs_attention = true;
    CHECK(list_ids(repo, f) == Ids{4, 3, 2});
    SECTION("and follows updates") {
      cases[2].colour = Colour::kGreen;  // case 3
      cases[0].level = Level::kDistrict;  // case 1
      REQUIRE(write(repo, [&](WriteView& w) -> Status {
                GRIDCASE_RETURN_IF_ERROR(w.update_case(cases[2]));
                return w.update_case(cases[0]);
              }).is_ok());
      CHECK(list_ids(repo, f) == Ids{4, 2, 1});
    }
  }
  SECTION("provisional only: a running clock with a provisional deadline") {
    f.provisional_only = true;
    CHECK(list_ids(repo, f) == Ids{5, 2});
    SECTION("and follows updates") {
      cases[1].clocks[0].provisional = false;  // case 2: its year's calendar arrived
      cases[2].clocks[0].run = ClockRun::kRunning;  // case 3 resumed
      REQUIRE(write(repo, [&](WriteView& w) -> Status {
                GRIDCASE_RETURN_IF_ERROR(w.update_case(cases[1]));
                return w.update_case(cases[2]);
              }).is_ok());
      CHECK(list_ids(repo, f) == Ids{5, 3});
    }
  }
  SECTION("both, and with the other filters and paging") {
    f.needs_attention = true;
    f.provisional_only = true;
    CHECK(list_ids(repo, f) == Ids{2});
    f.provisional_only = false;
    f.level = Level::kGrid;
    CHECK(list_ids(repo, f) == Ids{3, 2});
    f.limit = 1;
    CHECK(list_ids(repo, f) == Ids{3});
    f.before_id = 3;
    CHECK(list_ids(repo, f) == Ids{2});
  }
  SECTION("neither set: every case") {
    CHECK(list_ids(repo, f) == Ids{6, 5, 4, 3, 2, 1});
  }
}

TEMPLATE_TEST_CASE("a new store holds the default policies and saving adds versions",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  CHECK(dumps(policies(repo)) == dumps(default_policies()));
  std::int64_t max_id = 0;
  for (const DeadlinePolicy& p : default_policies()) max_id = std::max(max_id, p.id);

  SECTION("id 0 gets the next id, returned in the policy") {
    DeadlinePolicy added = default_policies().front();
    added.id = 0;
    added.category_code = "HOT.PROPERTY";
    added.priority = Priority::kUrgent;
    added.basis = "新增：紧急物业诉求";
    added.clocks[0].warn_percent = 50;
    REQUIRE(write(repo, [&](WriteView& w) { return w.save_policy(added); }).is_ok());
    CHECK(added.id == max_id + 1);
    auto loaded = policies(repo);
    REQUIRE(loaded.size() == default_policies().size() + 1);
    CHECK(dump(loaded.back()) == dump(added));

    DeadlinePolicy another = added;
    another.id = 0;
    REQUIRE(write(repo, [&](WriteView& w) { return w.save_policy(another); }).is_ok());
    CHECK(another.id == max_id + 2);
  }
  SECTION("a new version replaces the current one; the old one is refused again") {
    DeadlinePolicy v2 = default_policies().front();
    v2.version = 2;
    v2.clocks.pop_back();
    v2.basis = "修订";
    REQUIRE(write(repo, [&](WriteView& w) { return w.save_policy(v2); }).is_ok());
    CHECK(v2.id == default_policies().front().id);
    auto loaded = policies(repo);
    REQUIRE(loaded.size() == default_policies().size());
    CHECK(dump(loaded.front()) == dump(v2));

    for (int version : {1, 2}) {
      DeadlinePolicy again = v2;
      again.version = version;
      again.basis = "重复";
      Status s = write(repo, [&](WriteView& w) { return w.save_policy(again); });
      CHECK(s.code() == Code::kAlreadyExists);
      CHECK(s.reason() == "POLICY_VERSION_TAKEN");
    }
    CHECK(dump(policies(repo).front()) == dump(v2));
  }
  SECTION("an explicit new id is kept") {
    DeadlinePolicy p = default_policies().back();
    p.id = 100;
    REQUIRE(write(repo, [&](WriteView& w) { return w.save_policy(p); }).is_ok());
    CHECK(p.id == 100);
    CHECK(dump(policies(repo).back()) == dump(p));
  }
  SECTION("a failed write leaves the policies as they were") {
    Status s = write(repo, [&](WriteView& w) -> Status {
      DeadlinePolicy p = default_policies().front();
      p.version = 7;
      GRIDCASE_RETURN_IF_ERROR(w.save_policy(p));
      GRIDCASE_RETURN_IF_ERROR(w.save_calendar_year(2031, "year 2031\n"));
      return Status(reason::STALE_VERSION, "give up");
    });
    CHECK(s.code() == Code::kAborted);
    CHECK(dumps(policies(repo)) == dumps(default_policies()));
    CHECK(calendar_years(repo).count(2031) == 0);
  }
}

TEMPLATE_TEST_CASE("a new store holds the builtin calendar years and saving adds or replaces",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  std::map<int, std::string> builtin;
  for (std::string_view text : builtin_calendar_texts()) {
    auto year = parse_calendar_year(text);
    REQUIRE(year.is_ok());
    builtin[year->year] = std::string(text);
  }
  for (int year : {2024, 2025, 2026}) CHECK(builtin.count(year) == 1);
  CHECK(calendar_years(repo) == builtin);

  const std::string y2027 = "# 2027年（测试）\nyear 2027\nholiday 2027-01-01 元旦\n";
  const std::string y2025 = "year 2025\nholiday 2025-01-01 元旦\n";
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.save_calendar_year(2027, y2027));
            return w.save_calendar_year(2025, y2025);
          }).is_ok());
  std::map<int, std::string> expected = builtin;
  expected[2027] = y2027;
  expected[2025] = y2025;
  CHECK(calendar_years(repo) == expected);
}

namespace {

AuditEntry audit_entry(AuditKind kind, const std::string& detail) {
  AuditEntry e;
  e.at = 1764000000123;
  e.kind = kind;
  e.actor_id = 7;
  e.username = "zhang.wei";
  e.address = "10.0.0.8:51234";
  e.case_id = 42;
  e.detail = detail;
  return e;
}

std::vector<AuditEntry> audit(Repository& repo, AuditKind kind, std::int64_t before_id, int limit) {
  return read_ok<std::vector<AuditEntry>>(
      repo, [&](ReadView& r) { return r.list_audit(kind, before_id, limit); });
}

std::vector<std::int64_t> audit_ids(const std::vector<AuditEntry>& entries) {
  std::vector<std::int64_t> ids;
  for (const AuditEntry& e : entries) ids.push_back(e.id);
  return ids;
}

}  // namespace

TEMPLATE_TEST_CASE("audit entries get ids in order and round-trip every field", "[contract][audit]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  CHECK(audit(repo, AuditKind::kUnspecified, 0, 10).empty());

  AuditEntry reveal = audit_entry(AuditKind::kReveal, "查看当事人张伟的身份证号：调解需要 \"核实\"\n第二行");
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_audit(reveal); }).is_ok());
  CHECK(reveal.id == 1);
  AuditEntry login = audit_entry(AuditKind::kLogin, "");
  login.actor_id = 0;
  login.case_id = 0;
  login.address = "";
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_audit(login); }).is_ok());
  CHECK(login.id == 2);

  const auto all = audit(repo, AuditKind::kUnspecified, 0, 10);
  REQUIRE(all.size() == 2);
  CHECK(dump(all[0]) == dump(login));
  CHECK(dump(all[1]) == dump(reveal));
}

TEMPLATE_TEST_CASE("the audit log lists newest first, by kind, below an id, at most a limit",
                   "[contract][audit]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  // ids 1..9: kinds LOGIN, LOGIN_FAILED, REVEAL, LOGIN, LOGIN_FAILED, REVEAL, ...
  const AuditKind kinds[] = {AuditKind::kLogin, AuditKind::kLoginFailed, AuditKind::kReveal};
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            for (int i = 0; i < 9; ++i) {
              AuditEntry e = audit_entry(kinds[i % 3], "entry " + std::to_string(i + 1));
              GRIDCASE_RETURN_IF_ERROR(w.append_audit(e));
              if (e.id != i + 1) return Status(reason::INTERNAL, "id " + std::to_string(e.id));
            }
            return Status::ok();
          }).is_ok());
  using Ids = std::vector<std::int64_t>;
  CHECK(audit_ids(audit(repo, AuditKind::kUnspecified, 0, 100)) == Ids{9, 8, 7, 6, 5, 4, 3, 2, 1});
  CHECK(audit_ids(audit(repo, AuditKind::kUnspecified, 0, 3)) == Ids{9, 8, 7});
  CHECK(audit_ids(audit(repo, AuditKind::kUnspecified, 7, 3)) == Ids{6, 5, 4});
  CHECK(audit_ids(audit(repo, AuditKind::kUnspecified, 2, 3)) == Ids{1});
  CHECK(audit_ids(audit(repo, AuditKind::kUnspecified, 1, 3)).empty());
  CHECK(audit_ids(audit(repo, AuditKind::kReveal, 0, 100)) == Ids{9, 6, 3});
  CHECK(audit_ids(audit(repo, AuditKind::kLoginFailed, 0, 2)) == Ids{8, 5});
  CHECK(audit_ids(audit(repo, AuditKind::kLoginFailed, 5, 2)) == Ids{2});
  CHECK(audit_ids(audit(repo, AuditKind::kLogin, 7, 100)) == Ids{4, 1});
  CHECK(audit(repo, AuditKind::kSessionsRevoked, 0, 100).empty());
  CHECK(audit(repo, AuditKind::kUnspecified, 0, 0).empty());
  CHECK(audit(repo, AuditKind::kUnspecified, 0, -1).empty());
  CHECK(audit(repo, AuditKind::kReveal, 0, 100).front().detail == "entry 9");
}

TEMPLATE_TEST_CASE("an audit entry of a failed write is not kept and leaves no gap in the ids",
                   "[contract][audit]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  AuditEntry first = audit_entry(AuditKind::kLogin, "first");
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_audit(first); }).is_ok());
  CHECK(write(repo, [&](WriteView& w) -> Status {
          AuditEntry lost = audit_entry(AuditKind::kReveal, "lost");
          GRIDCASE_RETURN_IF_ERROR(w.append_audit(lost));
          return Status(reason::STALE_VERSION, "rolled back");
        }).code() == Code::kAborted);
  AuditEntry second = audit_entry(AuditKind::kPermissionDenied, "second");
  REQUIRE(write(repo, [&](WriteView& w) { return w.append_audit(second); }).is_ok());
  CHECK(second.id == 2);
  const auto all = audit(repo, AuditKind::kUnspecified, 0, 10);
  REQUIRE(all.size() == 2);
  CHECK(all[0].detail == "second");
  CHECK(all[1].detail == "first");
}

TEMPLATE_TEST_CASE("a write sees its own audit entries", "[contract][audit]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  std::vector<std::int64_t> seen;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            AuditEntry e = audit_entry(AuditKind::kSessionsRevoked, "all sessions of user 9");
            GRIDCASE_RETURN_IF_ERROR(w.append_audit(e));
            auto listed = w.list_audit(AuditKind::kSessionsRevoked, 0, 10);
            if (!listed.is_ok()) return listed.status();
            seen = audit_ids(*listed);
            return Status::ok();
          }).is_ok());
  CHECK(seen == std::vector<std::int64_t>{1});
}

}  // namespace gridcase::testing

namespace gridcase::testing {
namespace {

// A dispute with every mediation field set, odd text included.
Case mediated_case(const std::string& number) {
  Case c = sample_case(number);
  c.kind = CaseKind::kDispute;
  Mediation& m = c.mediation;
  m.committee_unit_id = 77;
  m.mediators = {5, 9};
  m.chosen_by_parties = true;
  m.consents = {Consent::kAgreed, Consent::kRefused, Consent::kUnspecified};
  MediationSession s;
  s.kind = SessionKind::kInvestigation;
  s.at = 1773626400000LL;
  s.place = "调解室 \"A\", 1,2|3";
  s.attendees = {"王芳", "", "李,强"};
  s.record = "第一行\n第二行\t\\ 引号\" 结束";
  s.recorded_by = 5;
  m.sessions = {s, MediationSession{}};
  m.has_agreement = true;
  m.agreement.parties_info = "当事人";
  m.agreement.facts = "事实";
  m.agreement.disputed_points = "争议";
  m.agreement.responsibilities = "责任";
  m.agreement.terms = {{"赔偿2000元", "转账", 1773626400001LL}, {"", "", -1}};
  m.agreement.party_marks = {SignMark::kThumbprint, SignMark::kUnspecified, SignMark::kSeal};
  m.agreement.mediator_signed = true;
  m.agreement.committee_sealed = true;
  m.agreement.signing_mediator = 9;
  m.agreement.drafted_at = 1;
  m.agreement.effective_at = std::numeric_limits<std::int64_t>::max();
  m.agreement.party_details = {{"汉族", "教师", "滨河路18号|3号楼,202室"}, {"", "", ""}};
  m.agreement.party_signed_at = {1773626400500LL, 0, 7};
  m.agreement.mediator_signed_at = 1773626400600LL;
  m.follow_ups = {{2, true, "已履行", 5}, {3, false, "", 9}};
  m.not_performed = {{1773626400700LL, 7, "未按期赔偿\n第二行", false, ReferralRoute::kCourt},
                     {8, 5, "", true, ReferralRoute::kUnspecified}};
  m.referral = ReferralRoute::kCourt;
  m.referral_note = "起诉";
  m.risk = true;
  m.police_notified = true;
  return c;
}

Case petition_case(const std::string& number, const std::string& id_number) {
  Case c = sample_case(number);
  c.kind = CaseKind::kPetition;
  c.parties[0].id_number = id_number;
  Petition& p = c.petition;
  p.intake.matter = "拆迁补偿";
  p.intake.received_level = AuthorityLevel::kProvince;
  p.intake.competent_level = AuthorityLevel::kCounty;
  p.intake.legal_route = LegalRoute::kAdministrativeReview;
  p.intake.persons = 7;
  p.intake.representatives = {0, 2};
  p.accepted_over = PetitionRule::kSkipsLevels;
  p.not_accepted_rule = PetitionRule::kAfterReReview;
  p.decision = PetitionDecision::kSupport;
  p.decision_basis = "依据";
  p.review_decision = PetitionDecision::kExplain;
  p.review_basis = "复查依据";
  p.re_review_decision = PetitionDecision::kNotSupport;
  p.re_review_basis = "复核依据";
  p.concluded = true;
  p.extension_reason = "延期理由";
  p.notices = {{NoticeKind::kAccepted, 10, PetitionRule::kUnspecified, "受理告知书\n\n陈明：\n"},
               {NoticeKind::kNotAccepted, 11, PetitionRule::kLegalRoute, "{\"not\":\"json\"}"}};
  return c;
}

}  // namespace

TEMPLATE_TEST_CASE("a dispute's mediation and a petition's record round-trip every field",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case dispute = mediated_case("XC-2026-000001");
  dispute.id = insert_case(repo, dispute);
  Case petition = petition_case("XC-2026-000002", "110109197505051111");
  petition.id = insert_case(repo, petition);
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(dispute.id); })) == dump(dispute));
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(petition.id); })) == dump(petition));

  SECTION("an update replaces them") {
    dispute.mediation.sessions.clear();
    dispute.mediation.agreement = Agreement{};
    dispute.mediation.has_agreement = false;
    petition.petition.notices.pop_back();
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(dispute); }).is_ok());
    REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(petition); }).is_ok());
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(dispute.id); })) == dump(dispute));
    CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(petition.id); })) == dump(petition));
  }
}

TEMPLATE_TEST_CASE("cases_near finds the cases of some units registered within a time range, newest first",
                   "[contract]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto at = [&](const std::string& number, UnitId unit, TimeMs created, const std::string& category) {
    Case c = sample_case(number);
    c.location.unit_id = unit;
    c.created_at = c.updated_at = created;
    c.category_code = category;
    return insert_case(repo, c);
  };
  const CaseId early = at("XC-2026-000001", 41, 1000, "DSP.NEIGHBOR.LEAK");
  const CaseId in_range = at("XC-2026-000002", 41, 5000, "DSP.NEIGHBOR.LEAK");
  const CaseId other_unit = at("XC-2026-000003", 42, 5000, "DSP.NEIGHBOR.LEAK");
  const CaseId elsewhere = at("XC-2026-000004", 43, 5000, "DSP.NEIGHBOR.LEAK");
  const CaseId noise = at("XC-2026-000005", 41, 6000, "DSP.NEIGHBOR.NOISE");
  const CaseId late = at("XC-2026-000006", 42, 9000, "DSP.NEIGHBOR.LEAK");
  const std::vector<UnitId> grid = {41, 42};
  auto near = [&](const std::vector<std::string>& categories, TimeMs from, TimeMs to, int limit) {
    return ids_of(read_ok<std::vector<Case>>(
        repo, [&](ReadView& r) { return r.cases_near(grid, categories, from, to, limit); }));
  };
  CHECK(near({}, 2000, 8000, 10) == Ids{noise, other_unit, in_range});
  CHECK(near({"DSP.NEIGHBOR.LEAK"}, 2000, 8000, 10) == Ids{other_unit, in_range});
  CHECK(near({"DSP.NEIGHBOR.LEAK", "DSP.NEIGHBOR.LEAK"}, 2000, 8000, 10) == Ids{other_unit, in_range});
  CHECK(near({"DSP.NEIGHBOR.LEAK", "DSP.NEIGHBOR.NOISE"}, 1000, 9000, 10) == Ids{late, noise, other_unit, in_range, early});
  CHECK(near({}, 1000, 9000, 2) == Ids{late, noise});
  CHECK(near({}, 9001, 20000, 10).empty());
  CHECK(near({}, 8000, 2000, 10).empty());
  CHECK(ids_of(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_near({43}, {}, 0, 10000, 10); })) ==
        Ids{elsewhere});
  CHECK(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_near({}, {}, 0, 10000, 10); }).empty());
  // With what a comparison reads (a store may leave the rest out).
  auto read = read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_near({43}, {}, 0, 10000, 10); });
  REQUIRE(read.size() == 1);
  const Case stored = read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(elsewhere); });
  CHECK(read[0].number == stored.number);
  CHECK(read[0].kind == stored.kind);
  CHECK(read[0].category_code == stored.category_code);
  CHECK(read[0].title == stored.title);
  CHECK(read[0].location.unit_id == stored.location.unit_id);
  CHECK(read[0].location.address == stored.location.address);
  CHECK(read[0].handling_unit_id == stored.handling_unit_id);
  CHECK(read[0].state == stored.state);
  CHECK(read[0].merged_into == stored.merged_into);
  CHECK(read[0].created_at == stored.created_at);
  // A petition comes with its record and its parties: the same petitioner is compared.
  Case petition = petition_case("XC-2026-000007", "110109197505051111");
  petition.location.unit_id = 43;
  petition.created_at = petition.updated_at = 7000;
  const CaseId petition_id = insert_case(repo, petition);
  auto with_petition = read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_near({43}, {}, 0, 10000, 10); });
  REQUIRE(ids_of(with_petition) == Ids{petition_id, elsewhere});
  CHECK(with_petition[0].petition.intake.matter == "拆迁补偿");
  REQUIRE(with_petition[0].parties.size() == petition.parties.size());
  CHECK(with_petition[0].parties[0].id_number == "110109197505051111");
}

TEMPLATE_TEST_CASE("cases_near leaves out what its filter refuses once the newest are chosen", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto at = [&](const std::string& number, UnitId unit, TimeMs created, const std::string& address, CaseKind kind) {
    Case c = kind == CaseKind::kPetition ? petition_case(number, "110109197505051111") : sample_case(number);
    c.location.unit_id = unit;
    c.location.address = address;
    c.created_at = c.updated_at = created;
    c.category_code = "DSP.NEIGHBOR.LEAK";
    return insert_case(repo, c);
  };
  const CaseId oldest = at("XC-2026-000001", 41, 1000, "和平里3号楼2单元", CaseKind::kDispute);
  const CaseId same_place = at("XC-2026-000002", 41, 2000, "和平里3号楼2单元", CaseKind::kDispute);
  at("XC-2026-000003", 42, 3000, "和平里9号楼", CaseKind::kDispute);
  const CaseId petition = at("XC-2026-000004", 42, 4000, "和平里9号楼", CaseKind::kPetition);
  const CaseId newest = at("XC-2026-000005", 41, 5000, "和平里3号楼2单元", CaseKind::kDispute);
  // What the filter was shown, to check that the store gives it each case's place and kind.
  std::vector<std::tuple<UnitId, CaseKind, std::string>> shown;
  const NearFilter keep = [&](UnitId unit, CaseKind kind, const std::string& address) {
    shown.emplace_back(unit, kind, address);
    return address == "和平里3号楼2单元" || kind == CaseKind::kPetition;
  };
  auto near = [&](int limit) {
    shown.clear();
    return ids_of(read_ok<std::vector<Case>>(
        repo, [&](ReadView& r) { return r.cases_near({41, 42}, {"DSP.NEIGHBOR.LEAK"}, 0, 10000, limit, keep); }));
  };
  CHECK(near(10) == Ids{newest, petition, same_place, oldest});
  CHECK(std::count(shown.begin(), shown.end(), std::make_tuple(UnitId{42}, CaseKind::kDispute, std::string("和平里9号楼"))) == 1);
  CHECK(std::count(shown.begin(), shown.end(), std::make_tuple(UnitId{42}, CaseKind::kPetition, std::string("和平里9号楼"))) == 1);
  // The newest three are chosen first: the refused one among them does not let the oldest in.
  CHECK(near(3) == Ids{newest, petition});
  CHECK(near(0).empty());
}

TEMPLATE_TEST_CASE("description_openings reads the first characters of the descriptions asked for", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case long_one = sample_case("XC-2026-000001");
  long_one.description = "楼上卫生间漏水，已经渗到楼下天花板";  // 17 characters, 3 bytes each
  Case short_one = sample_case("XC-2026-000002");
  short_one.description = "漏水";
  Case empty_one = sample_case("XC-2026-000003");
  empty_one.description.clear();
  const CaseId a = insert_case(repo, long_one);
  const CaseId b = insert_case(repo, short_one);
  const CaseId c = insert_case(repo, empty_one);
  using Openings = std::map<CaseId, std::string>;
  auto openings = [&](const std::vector<CaseId>& ids, int chars) {
    return read_ok<Openings>(repo, [&](ReadView& r) { return r.description_openings(ids, chars); });
  };
  // Cut by characters, never inside one; an unknown id left out; a short text whole.
  CHECK(openings({a, b, c, 999}, 5) == Openings{{a, "楼上卫生间"}, {b, "漏水"}, {c, ""}});
  CHECK(openings({a}, 600) == Openings{{a, long_one.description}});
  CHECK(openings({b}, 0) == Openings{{b, ""}});
  CHECK(openings({}, 5).empty());
}

TEMPLATE_TEST_CASE("population counts are kept by unit and date, a count of the same date replaced", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  OrgUnit grid;
  grid.type = UnitType::kGrid;
  grid.code = "G1";
  grid.name = "河畔第一网格";
  OrgUnit sub = grid;
  sub.type = UnitType::kSubDistrict;
  sub.code = "SD1";
  sub.name = "新城街道";
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_unit(sub).status(); }).is_ok());
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_unit(grid).status(); }).is_ok());
  auto save = [&](PopulationCount c) { return write(repo, [&](WriteView& w) { return w.save_population_count(c); }); };
  REQUIRE(save({grid.id, 20454, 4000, 1500}).is_ok());
  REQUIRE(save({grid.id, 20400, 3900, 1450}).is_ok());
  REQUIRE(save({grid.id, 20454, 4100, 1510}).is_ok());  // the same date again: replaced
  auto counts = read_ok<std::vector<PopulationCount>>(repo, [](ReadView& r) { return r.load_population_counts(); });
  REQUIRE(counts.size() == 2);
  CHECK(counts[0].unit_id == grid.id);
  CHECK(counts[0].counted_on == 20400);
  CHECK(counts[0].residents == 3900);
  CHECK(counts[1].residents == 4100);
  CHECK(counts[1].households == 1510);
  REQUIRE(write(repo, [&](WriteView& w) { return w.save_complaint_target({sub.id, 3.5}); }).is_ok());
  REQUIRE(write(repo, [&](WriteView& w) { return w.save_complaint_target({sub.id, 2.75}); }).is_ok());
  auto targets = read_ok<std::vector<ComplaintTarget>>(repo, [](ReadView& r) { return r.load_complaint_targets(); });
  REQUIRE(targets.size() == 1);
  CHECK(targets[0].unit_id == sub.id);
  CHECK(targets[0].per_10k == 2.75);
}

TEMPLATE_TEST_CASE("cases_by_id_number finds a person's cases across kinds, newest first", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const std::string person = "110109197505051111";
  const CaseId first = insert_case(repo, petition_case("XC-2025-000001", person));
  insert_case(repo, petition_case("XC-2025-000002", "110108196606062222"));
  Case dispute = mediated_case("XC-2026-000003");
  dispute.parties[0].id_number = "";
  CaseParty second_party = dispute.parties[0];
  second_party.id_number = person;
  dispute.parties.push_back(second_party);
  const CaseId third = insert_case(repo, dispute);

  auto found = read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_by_id_number(person, 10); });
  CHECK(ids_of(found) == Ids{third, first});
  REQUIRE(found.size() == 2);
  CHECK(found[1].petition.intake.matter == "拆迁补偿");  // read whole, records included
  CHECK(found[0].parties.size() == dispute.parties.size());
  auto limited = read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_by_id_number(person, 1); });
  CHECK(ids_of(limited) == Ids{third});
  CHECK(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_by_id_number("", 10); }).empty());
  CHECK(read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_by_id_number("1101011975", 10); }).empty());
  // The number a case no longer carries no longer finds it.
  dispute.id = third;
  dispute.parties.pop_back();
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(dispute); }).is_ok());
  auto after = read_ok<std::vector<Case>>(repo, [&](ReadView& r) { return r.cases_by_id_number(person, 10); });
  CHECK(ids_of(after) == Ids{first});
}

namespace {

// A 12345 order received by sub-district 2, every field of its record set.
Case hotline_case(const std::string& number, const std::string& order_no, UnitId sub_district = 2) {
  Case c = sample_case(number);
  c.kind = CaseKind::kHotline;
  c.channel = Channel::kHotline;
  c.category_code = "HOT.URBAN.NOISE";
  HotlineOrder& h = c.hotline;
  h.intake.order_no = order_no;
  h.intake.deadline_class = HotlineDeadlineClass::kUrgent;
  h.intake.dispatched_at = 1773622800000;
  h.sub_district_id = sub_district;
  h.intake_digest = "d1g3st|含中文";
  h.signed_at = 1773626400000;
  h.signed_by = 7;
  h.contacted_at = 1773630000000;
  h.contact_method = ContactMethod::kVisit;
  h.contact_result = "上门查看，市民\"同意\"次日复查\n第二行";
  h.contacted_by = 8;
  h.return_pending = true;
  h.return_reason = "非本街道职责";
  h.return_unit_id = 5;
  h.returned = false;
  h.returns_rejected = 2;
  h.replied_at = 1773640000000;
  h.reply = "已处理";
  h.callbacks = 3;
  h.callback_at = 1773650000000;
  h.solved = true;
  h.satisfied = false;
  h.appeal_pending = true;
  h.appeal_reason = "评价不合理";
  h.appeal_upheld = true;
  return c;
}

}  // namespace

TEMPLATE_TEST_CASE("a hotline order's record round-trips every field", "[contract][hotline]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case order = hotline_case("XC-2026-000001", "GD20260316001");
  order.id = insert_case(repo, order);
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(order.id); })) == dump(order));
  order.hotline.return_pending = false;
  order.hotline.returned = true;
  order.hotline.appeal_reason.clear();
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_case(order); }).is_ok());
  CHECK(dump(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(order.id); })) == dump(order));
}

TEMPLATE_TEST_CASE("find_hotline_order finds an order by its number within its sub-district",
                   "[contract][hotline]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Case order = hotline_case("XC-2026-000001", "GD20260316001");
  order.id = insert_case(repo, order);
  Case elsewhere = hotline_case("XC-2026-000002", "GD20260316001", 3);  // the same number, another sub-district
  elsewhere.id = insert_case(repo, elsewhere);
  insert_case(repo, sample_case("XC-2026-000003"));

  auto found = read_ok<Case>(repo, [&](ReadView& r) { return r.find_hotline_order(2, "GD20260316001"); });
  CHECK(dump(found) == dump(order));  // read whole, parties included
  CHECK(read_ok<Case>(repo, [&](ReadView& r) { return r.find_hotline_order(3, "GD20260316001"); }).id == elsewhere.id);
  for (const auto& missing : std::vector<std::pair<UnitId, std::string>>{
           {2, "GD20260316002"}, {4, "GD20260316001"}, {2, "GD2026031600"}, {2, ""}}) {
    const Status s = read_status(
        repo, [&](ReadView& r) { return r.find_hotline_order(missing.first, missing.second).status(); });
    CHECK(s.code() == Code::kNotFound);
  }
}

TEMPLATE_TEST_CASE("a second order with the same number in the same sub-district is refused and leaves nothing",
                   "[contract][hotline]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  insert_case(repo, hotline_case("XC-2026-000001", "GD20260316001"));
  Status s = write(repo, [](WriteView& w) -> Status {
    Case again = hotline_case("XC-2026-000002", "GD20260316001");
    return w.insert_case(again).status();
  });
  CHECK(s.code() == Code::kAlreadyExists);
  CHECK(list(repo, CaseFilter{}).size() == 1);
  // Nor may an update take another order's number.
  Case other = hotline_case("XC-2026-000003", "GD20260316009");
  other.id = insert_case(repo, other);
  other.hotline.intake.order_no = "GD20260316001";
  s = write(repo, [&](WriteView& w) { return w.update_case(other); });
  CHECK(s.code() == Code::kAlreadyExists);
  CHECK(read_ok<Case>(repo, [&](ReadView& r) { return r.get_case(other.id); }).hotline.intake.order_no ==
        "GD20260316009");
}

}  // namespace gridcase::testing
