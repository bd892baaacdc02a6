// The Repository contract for property companies and forums (property.hpp): estates round-trip
// and refuse a name their community has already; forums round-trip with their opinions, update
// in place and list by unit, newest first; a failed write leaves neither behind.
#include <catch2/catch.hpp>

#include <sstream>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

std::string dump(const Estate& e) {
  std::ostringstream out;
  out << e.id << '|' << e.company_id << '|' << e.community_id << '|' << e.name << '|' << e.households << '|'
      << e.created_at;
  return out.str();
}

std::string dump(const Forum& f) {
  std::ostringstream out;
  out << f.id << '|' << f.unit_id << '|' << f.held_on << '|' << f.place << '|' << f.attendance << '|' << f.note << '|'
      << f.version << '|' << f.created_by << '|' << f.created_at;
  for (const auto& o : f.opinions) {
    out << "{" << o.text << '|' << o.answer << '|' << o.answered_at << '|' << o.case_id << '|' << o.case_number << "}";
  }
  return out.str();
}

Estate sample_estate(UnitId community, const std::string& name) {
  Estate e;
  e.company_id = 40;
  e.community_id = community;
  e.name = name;
  e.households = 640;
  e.created_at = 1773626400000LL;
  return e;
}

Forum sample_forum(UnitId unit) {
  Forum f;
  f.unit_id = unit;
  f.held_on = 20527;
  f.place = "社区党群服务中心 \"二楼\"";
  f.attendance = 42;
  f.note = "第一行\n第二行";
  f.opinions = {{"电梯经常停运", "", 0, 0, ""}, {"路灯不亮|坏了", "已报修", 1773626400001LL, 0, ""},
                {"楼道堆物", "", 0, 77, "XC-2026-000077"}};
  f.version = 1;
  f.created_by = 3;
  f.created_at = 1773626400000LL;
  return f;
}

}  // namespace

TEMPLATE_TEST_CASE("estates round-trip and a community's estate names are unique", "[contract][property]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  CHECK(read_ok<std::vector<Estate>>(repo, [](ReadView& r) { return r.load_estates(); }).empty());
  Estate a = sample_estate(5, "河畔花园");
  Estate b = sample_estate(6, "河畔花园");  // the same name in another community
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_estate(a).status());
            return w.insert_estate(b).status();
          }).is_ok());
  CHECK(a.id > 0);
  CHECK(b.id > a.id);
  Estate again = sample_estate(5, "河畔花园");
  CHECK(write(repo, [&](WriteView& w) { return w.insert_estate(again).status(); }).reason() == "ESTATE_EXISTS");
  auto all = read_ok<std::vector<Estate>>(repo, [](ReadView& r) { return r.load_estates(); });
  REQUIRE(all.size() == 2);
  CHECK(dump(all[0]) == dump(a));
  CHECK(dump(all[1]) == dump(b));
}

TEMPLATE_TEST_CASE("forums round-trip with their opinions, update in place and list by unit, newest first",
                   "[contract][property]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Forum x = sample_forum(5);
  Forum y = sample_forum(6);
  y.opinions.clear();
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_forum(x).status());
            return w.insert_forum(y).status();
          }).is_ok());
  CHECK(y.id > x.id);
  CHECK(dump(read_ok<Forum>(repo, [&](ReadView& r) { return r.get_forum(x.id); })) == dump(x));
  CHECK(dump(read_ok<Forum>(repo, [&](ReadView& r) { return r.get_forum(y.id); })) == dump(y));

  using Ids = std::vector<std::int64_t>;
  auto list = [&](std::vector<UnitId> units, int limit) {
    Ids ids;
    for (const auto& f : read_ok<std::vector<Forum>>(repo, [&](ReadView& r) { return r.list_forums(units, limit); })) {
      ids.push_back(f.id);
    }
    return ids;
  };
  CHECK(list({}, 10) == Ids{y.id, x.id});
  CHECK(list({}, 1) == Ids{y.id});
  CHECK(list({}, 0) == Ids{y.id, x.id});
  CHECK(list({5}, 10) == Ids{x.id});
  CHECK(list({7}, 10).empty());

  x.opinions[0].case_id = 78;
  x.opinions[0].case_number = "XC-2026-000078";
  x.version = 2;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_forum(x); }).is_ok());
  CHECK(dump(read_ok<Forum>(repo, [&](ReadView& r) { return r.get_forum(x.id); })) == dump(x));
  Forum missing = x;
  missing.id = 999;
  CHECK(write(repo, [&](WriteView& w) { return w.update_forum(missing); }).reason() == "FORUM_NOT_FOUND");
  CHECK(read_status(repo, [](ReadView& r) { return r.get_forum(999).status(); }).reason() == "FORUM_NOT_FOUND");
}

TEMPLATE_TEST_CASE("a failed write leaves no estate or forum behind", "[contract][property]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Status s = write(repo, [&](WriteView& w) -> Status {
    Estate e = sample_estate(5, "河畔花园");
    GRIDCASE_RETURN_IF_ERROR(w.insert_estate(e).status());
    Forum f = sample_forum(5);
    GRIDCASE_RETURN_IF_ERROR(w.insert_forum(f).status());
    return Status(reason::TRANSITION_NOT_ALLOWED, "roll back");
  });
  CHECK(s.reason() == "TRANSITION_NOT_ALLOWED");
  CHECK(read_ok<std::vector<Estate>>(repo, [](ReadView& r) { return r.load_estates(); }).empty());
  CHECK(read_ok<std::vector<Forum>>(repo, [](ReadView& r) { return r.list_forums({}, 0); }).empty());
}

}  // namespace gridcase::testing
