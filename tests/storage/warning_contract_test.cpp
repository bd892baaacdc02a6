// The Repository contract for early warnings (warning.hpp): a warning round-trips whole, lists
// by unit, kind, state and page, the newest under a key is found; signal counters add up per key
// and day and read back by range; policy versions number themselves (with every threshold);
// stall watches are kept per case and the quiet ones listed; a failed write leaves none of them
// behind.
#include <catch2/catch.hpp>

#include <sstream>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

Warning sample_warning(const std::string& key, UnitId unit, WarningKind kind) {
  Warning w;
  w.kind = kind;
  w.state = WarningState::kOpen;
  w.unit_id = unit;
  w.key = key;
  w.subject = "李* 电话 139****1111 \"引号\"\n第二行";
  w.category_code = "INC.ENV.RUBBISH";
  w.count = 4;
  w.threshold = 3;
  w.baseline = 1.25;
  w.window_days = 30;
  w.case_ids = {3, 9, 12};
  w.party_index = 0;
  w.raised_at = 1773626400000LL;
  w.holds_until = 1776218400000LL;
  w.policy_version = 2;
  w.case_id = 0;
  w.steps = {{WarningAction::kRaise, 0, 1773626400000LL, "3 in 30 days", 3},
             {WarningAction::kAcknowledge, 7, 1773626400500LL, "", 0}};
  w.version = 2;
  return w;
}

std::string dump(const Warning& w) {
  std::ostringstream out;
  out << w.id << '|' << static_cast<int>(w.kind) << '|' << static_cast<int>(w.state) << '|' << w.unit_id << '|'
      << w.key << '|' << w.subject << '|' << w.category_code << '|' << w.count << '|' << w.threshold << '|'
      << w.baseline << '|' << w.window_days << '|' << w.party_index << '|' << w.raised_at << '|' << w.holds_until
      << '|' << w.policy_version << '|' << w.case_id << '|' << w.version;
  for (CaseId id : w.case_ids) out << ',' << id;
  for (const auto& s : w.steps) {
    out << '{' << static_cast<int>(s.action) << '|' << s.by << '|' << s.at << '|' << s.reason << '|' << s.case_id
        << '}';
  }
  return out.str();
}

}  // namespace

TEMPLATE_TEST_CASE("warnings round-trip, list newest first by unit, kind, state and page",
                   "[contract][warning]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Warning a = sample_warning("phone:abc", 5, WarningKind::kRepeatContact);
  Warning b = sample_warning("hot:5:INC", 5, WarningKind::kHotSpot);
  Warning c = sample_warning("phone:abc", 6, WarningKind::kRepeatContact);
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_warning(a).status());
            GRIDCASE_RETURN_IF_ERROR(w.insert_warning(b).status());
            return w.insert_warning(c).status();
          }).is_ok());
  CHECK(a.id > 0);
  CHECK(b.id > a.id);
  CHECK(dump(read_ok<Warning>(repo, [&](ReadView& r) { return r.get_warning(a.id); })) == dump(a));
  CHECK(read_ok<Warning>(repo, [&](ReadView& r) { return r.latest_warning("phone:abc"); }).id == c.id);
  CHECK(read_status(repo, [](ReadView& r) { return r.latest_warning("phone:zzz").status(); }).reason() ==
        "WARNING_NOT_FOUND");
  CHECK(read_status(repo, [](ReadView& r) { return r.get_warning(999).status(); }).reason() == "WARNING_NOT_FOUND");

  using Ids = std::vector<std::int64_t>;
  auto list = [&](WarningFilter f) {
    Ids ids;
    for (const auto& w : read_ok<std::vector<Warning>>(repo, [&](ReadView& r) { return r.list_warnings(f); })) {
      ids.push_back(w.id);
    }
    return ids;
  };
  CHECK(list({}) == Ids{c.id, b.id, a.id});
  WarningFilter f;
  f.units = {5};
  CHECK(list(f) == Ids{b.id, a.id});
  f.kinds = {WarningKind::kRepeatContact};
  CHECK(list(f) == Ids{a.id});
  WarningFilter page;
  page.limit = 1;
  page.before_id = c.id;
  CHECK(list(page) == Ids{b.id});

  b.state = WarningState::kDismissed;
  b.steps.push_back({WarningAction::kDismiss, 7, 1773626401000LL, "误报", 0});
  b.version = 3;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_warning(b); }).is_ok());
  CHECK(dump(read_ok<Warning>(repo, [&](ReadView& r) { return r.get_warning(b.id); })) == dump(b));
  WarningFilter open;
  open.states = {WarningState::kOpen};
  CHECK(list(open) == Ids{c.id, a.id});
  Warning missing = b;
  missing.id = 999;
  CHECK(write(repo, [&](WriteView& w) { return w.update_warning(missing); }).reason() == "WARNING_NOT_FOUND");

  // Moved to another unit under another key, it is listed there and no longer at its old unit.
  b.unit_id = 7;
  b.key += ":moved";
  b.version = 4;
  REQUIRE(write(repo, [&](WriteView& w) { return w.update_warning(b); }).is_ok());
  CHECK(dump(read_ok<Warning>(repo, [&](ReadView& r) { return r.get_warning(b.id); })) == dump(b));
  WarningFilter moved;
  moved.units = {7};
  CHECK(list(moved) == Ids{b.id});
  CHECK(read_ok<Warning>(repo, [&](ReadView& r) { return r.latest_warning("hot:5:INC:moved"); }).id == b.id);
  CHECK(read_status(repo, [](ReadView& r) { return r.latest_warning("hot:5:INC").status(); }).reason() ==
        "WARNING_NOT_FOUND");
  f.kinds.clear();
  CHECK(list(f) == Ids{a.id});
}

TEMPLATE_TEST_CASE("signal counters add up per key and day, and policy versions number themselves",
                   "[contract][warning]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.add_signal_count("k", 20500, 1));
            GRIDCASE_RETURN_IF_ERROR(w.add_signal_count("k", 20500, 2));
            GRIDCASE_RETURN_IF_ERROR(w.add_signal_count("k", 20510, 1));
            return w.add_signal_count("other", 20505, 4);
          }).is_ok());
  using Counts = std::vector<std::pair<int, int>>;
  auto counts = [&](int from, int to) {
    return read_ok<Counts>(repo, [&](ReadView& r) { return r.signal_counts("k", from, to); });
  };
  CHECK(counts(20400, 20600) == Counts{{20500, 3}, {20510, 1}});
  CHECK(counts(20501, 20510) == Counts{{20510, 1}});
  CHECK(counts(20511, 20600).empty());

  CHECK(read_ok<std::vector<WarningPolicy>>(repo, [](ReadView& r) { return r.load_warning_policies(); }).empty());
  WarningPolicy p;
  p.repeat_count = 4;
  p.basis = "例会纪要";
  p.set_by = 2;
  p.set_at = 1773626400000LL;
  WarningPolicy q = p;
  q.hot_factor_percent = 250;
  q.group_persons = 8;
  q.petition_levels_above = 2;
  q.stalled_working_days = 3;
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.save_warning_policy(p));
            return w.save_warning_policy(q);
          }).is_ok());
  CHECK(p.version == 1);
  CHECK(q.version == 2);
  auto all = read_ok<std::vector<WarningPolicy>>(repo, [](ReadView& r) { return r.load_warning_policies(); });
  REQUIRE(all.size() == 2);
  CHECK(all[0].repeat_count == 4);
  CHECK(all[0].basis == "例会纪要");
  CHECK(all[1].version == 2);
  CHECK(all[1].hot_factor_percent == 250);
  CHECK(all[1].group_persons == 8);
  CHECK(all[1].petition_levels_above == 2);
  CHECK(all[1].stalled_working_days == 3);
  CHECK(all[0].group_persons == 5);
}

TEMPLATE_TEST_CASE("stall watches are set, replaced and removed, and the quiet ones listed longest quiet first",
                   "[contract][warning]", MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({7, 3000, 0}));
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({5, 1000, 0}));
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({9, 1000, 0}));
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({11, 500, 42}));  // a stalled warning stands on it
            GRIDCASE_RETURN_IF_ERROR(w.unwatch_stall(12));           // none: OK
            return w.watch_stall({8, 2000, 0});
          }).is_ok());
  auto quiet = [&](TimeMs before, int limit) {
    std::vector<CaseId> ids;
    for (const auto& q : read_ok<std::vector<StallWatch>>(repo, [&](ReadView& r) { return r.quiet_cases(before, limit); })) {
      ids.push_back(q.case_id);
    }
    return ids;
  };
  using Ids = std::vector<CaseId>;
  CHECK(quiet(3000, 0) == Ids{5, 9, 8});
  CHECK(quiet(3001, 2) == Ids{5, 9});
  CHECK(quiet(1000, 0).empty());
  auto watch = [&](CaseId id) { return read_ok<StallWatch>(repo, [&](ReadView& r) { return r.stall_watch(id); }); };
  CHECK(watch(11).warning_id == 42);
  CHECK(watch(11).last_at == 500);
  CHECK(watch(12).case_id == 0);

  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({5, 1000, 77}));  // raised
            GRIDCASE_RETURN_IF_ERROR(w.watch_stall({11, 4000, 0}));  // active again
            return w.unwatch_stall(9);                               // closed
          }).is_ok());
  CHECK(quiet(5000, 0) == Ids{8, 7, 11});
  CHECK(watch(5).warning_id == 77);
  CHECK(watch(9).case_id == 0);
  const auto& last = read_ok<std::vector<StallWatch>>(repo, [](ReadView& r) { return r.quiet_cases(5000, 1); });
  REQUIRE(last.size() == 1);
  CHECK(last[0].last_at == 2000);
}

TEMPLATE_TEST_CASE("a failed write leaves no warning, counter or policy behind", "[contract][warning]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  Status s = write(repo, [&](WriteView& w) -> Status {
    Warning x = sample_warning("k", 5, WarningKind::kHotSpot);
    GRIDCASE_RETURN_IF_ERROR(w.insert_warning(x).status());
    GRIDCASE_RETURN_IF_ERROR(w.add_signal_count("k", 20500, 1));
    WarningPolicy p;
    GRIDCASE_RETURN_IF_ERROR(w.save_warning_policy(p));
    GRIDCASE_RETURN_IF_ERROR(w.watch_stall({3, 100, 0}));
    return Status(reason::TRANSITION_NOT_ALLOWED, "roll back");
  });
  CHECK(s.reason() == "TRANSITION_NOT_ALLOWED");
  CHECK(read_ok<std::vector<Warning>>(repo, [](ReadView& r) { return r.list_warnings({}); }).empty());
  CHECK(read_ok<std::vector<std::pair<int, int>>>(repo, [](ReadView& r) { return r.signal_counts("k", 0, 99999); })
            .empty());
  CHECK(read_ok<std::vector<WarningPolicy>>(repo, [](ReadView& r) { return r.load_warning_policies(); }).empty());
  CHECK(read_ok<StallWatch>(repo, [](ReadView& r) { return r.stall_watch(3); }).case_id == 0);
}

}  // namespace gridcase::testing
