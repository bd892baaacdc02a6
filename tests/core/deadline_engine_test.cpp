// Deadlines in the engine: clocks start and stop with the lifecycle, turn yellow and red, and
// escalate a case left alone one level per expiry, exactly once, across restarts.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "fixture.hpp"
#include "gridcase/visibility.hpp"
#include "gridcase/deadline_runner.hpp"

using namespace gridcase;
using testing::World;
using A = Action;

namespace {

TimeMs local(const char* date, int hour, int minute = 0) {
  CivilDate d;
  REQUIRE(parse_date(date, d));
  return (days_from_civil(d) * 1440 + hour * 60 + minute - 480) * 60000LL;
}

const CaseClock& clock_of(const Case& c, ClockKind kind) {
  for (const auto& k : c.clocks) {
    if (k.kind == kind) return k;
  }
  FAIL("the case has no such clock");
  return c.clocks.front();
}

// A 12345 order in grid A, received at `when`: RESOLVE 5 working days from receipt, escalating.
Case hotline(World& w, TimeMs when) {
  w.clock.set(when);
  NewCase nc = w.new_case(w.grid_a, CaseKind::kHotline, "HOT.URBAN.NOISE");
  nc.channel = Channel::kHotline;
  nc.title = "夜间施工噪音扰民";
  auto r = w.engine.commands().create_case_sync(w.clerk, nc);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

std::vector<Event> deadline_events(World& w, CaseId id) {
  std::vector<Event> out;
  auto detail = w.engine.queries().get_case(w.supervisor, id);
  REQUIRE(detail.is_ok());
  for (const auto& e : detail->history) {
    if (e.action == A::kClockWarning || e.action == A::kClockExpired ||
        (e.action == A::kEscalate && e.details.count("escalation_reason") &&
         e.details.at("escalation_reason") == "DEADLINE")) {
      out.push_back(e);
    }
  }
  return out;
}

void run(World& w, TimeMs at) {
  w.clock.set(at);
  REQUIRE(w.engine.deadlines().run_due(at).is_ok());
}

}  // namespace

TEST_CASE("a new case runs the clocks of its policy") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  REQUIRE(c.policy_id != 0);
  const CaseClock& resolve = clock_of(c, ClockKind::kResolve);
  CHECK(resolve.run == ClockRun::kRunning);
  CHECK(resolve.deadline == local("2025-10-11", 0));  // National Day 2025 in between
  CHECK(clock_of(c, ClockKind::kResponse).run == ClockRun::kRunning);
  CHECK(c.next_due == clock_of(c, ClockKind::kResponse).warn_at);
  // An incident's RESOLVE clock waits for acceptance.
  w.clock.set(local("2026-03-16", 10));
  Case inc = w.create(w.worker_a, w.grid_a);
  CHECK(clock_of(inc, ClockKind::kResolve).run == ClockRun::kUnspecified);
  inc = w.act_ok(w.worker_a, A::kAccept, inc.id);
  CHECK(clock_of(inc, ClockKind::kResponse).run == ClockRun::kStopped);
  CHECK(clock_of(inc, ClockKind::kResolve).run == ClockRun::kRunning);
  CHECK(clock_of(inc, ClockKind::kResolve).deadline == local("2026-03-16", 15, 30));  // 4 working hours
}

TEST_CASE("a case left alone climbs grid, community, sub-district on the days the calendar says") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  const auto published_before = w.sink.published.size();

  // 75% of five working days (28, 29, 30 Sep, then 9 Oct) is reached at 18:00 on 9 October.
  run(w, local("2025-10-09", 17, 59));
  CHECK(deadline_events(w, c.id).empty() == false);  // the RESPONSE clock (4 working hours) went red long ago
  auto before_warning = deadline_events(w, c.id).size();
  run(w, local("2025-10-09", 18));
  auto events = deadline_events(w, c.id);
  REQUIRE(events.size() == before_warning + 1);
  CHECK(events.back().action == A::kClockWarning);
  CHECK(events.back().details.at("clock") == "RESOLVE");
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.colour == Colour::kRed);  // RESPONSE is red

  // Due at the end of Friday 10 October: red, and up to the community.
  run(w, local("2025-10-10", 23, 59));
  CHECK(deadline_events(w, c.id).size() == before_warning + 1);
  run(w, local("2025-10-11", 0));
  events = deadline_events(w, c.id);
  REQUIRE(events.size() == before_warning + 3);
  CHECK(events[events.size() - 2].action == A::kClockExpired);
  const Event& up = events.back();
  CHECK(up.action == A::kEscalate);
  CHECK(up.from_level == Level::kGrid);
  CHECK(up.to_level == Level::kCommunity);
  CHECK(up.handling_unit_id == w.hepan);
  CHECK(up.actor_id == kSystemActor);
  Case now = w.engine.queries().get_case(w.supervisor, c.id)->c;
  CHECK(now.level == Level::kCommunity);
  CHECK(now.handling_unit_id == w.hepan);
  // The community's clock counts five working days from the next day: 13-17 October.
  CHECK(clock_of(now, ClockKind::kResolve).deadline == local("2025-10-18", 0));
  CHECK(clock_of(now, ClockKind::kResolve).colour == Colour::kGreen);

  // Running again at the same instant changes nothing: once per expiry, not once per scan.
  run(w, local("2025-10-11", 0));
  CHECK(deadline_events(w, c.id).size() == before_warning + 3);

  // Then the sub-district (20-24 October), and the district.
  run(w, local("2025-10-18", 0));
  now = w.engine.queries().get_case(w.supervisor, c.id)->c;
  CHECK(now.level == Level::kSubDistrict);
  CHECK(now.handling_unit_id == w.sub_district);
  CHECK(clock_of(now, ClockKind::kResolve).deadline == local("2025-10-25", 0));
  run(w, local("2025-10-25", 0));
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.level == Level::kDistrict);

  // At the top it stays red and goes no higher.
  run(w, local("2025-11-30", 0));
  now = w.engine.queries().get_case(w.supervisor, c.id)->c;
  CHECK(now.level == Level::kDistrict);
  CHECK(now.colour == Colour::kRed);
  events = deadline_events(w, c.id);
  CHECK(events.back().action == A::kClockExpired);
  CHECK(events.back().details.at("top_level") == "true");
  CHECK(now.next_due == 0);

  // Every one of those events reached the sink once, in seq order, and the history is gapless.
  std::vector<Seq> seqs;
  for (std::size_t i = published_before; i < w.sink.published.size(); ++i) seqs.push_back(w.sink.published[i].seq);
  for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] == seqs[i - 1] + 1);
  auto all = w.engine.queries().events_since(1, 100000);
  for (std::size_t i = 0; i < all->size(); ++i) CHECK((*all)[i].seq == static_cast<Seq>(i + 1));
}

TEST_CASE("subscribers of every unit on the way up see a DEADLINE escalation") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  run(w, local("2025-10-11", 0));
  const Event* up = nullptr;
  for (const auto& e : w.sink.published) {
    if (e.case_id == c.id && e.action == A::kEscalate) up = &e;
  }
  REQUIRE(up != nullptr);
  ScopeVisibility visibility(w.repo, w.engine.configuration());
  auto sees = [&](UserId who, UnitId unit) { return visibility.visible(*w.engine.queries().user(who), unit, *up); };
  CHECK(sees(w.worker_a, 0));
  CHECK(sees(w.hepan_supervisor, 0));
  CHECK(sees(w.supervisor, 0));
  CHECK(sees(w.supervisor, w.hepan));
  CHECK_FALSE(sees(w.worker_b, 0));
  CHECK_FALSE(sees(w.supervisor, w.jinghan));
}

TEST_CASE("after an outage the scheduler catches up once per expiry, and a restart repeats nothing") {
  World step;
  Case a = hotline(step, local("2025-09-26", 14));
  for (TimeMs t : {local("2025-10-09", 18), local("2025-10-11", 0), local("2025-10-16", 18),
                   local("2025-10-18", 0), local("2025-10-23", 18), local("2025-10-25", 0)}) {
    run(step, t);
  }
  World late;
  Case b = hotline(late, local("2025-09-26", 14));
  run(late, local("2025-10-26", 12));  // down for a month: everything at once
  auto stepwise = deadline_events(step, a.id);
  auto caught_up = deadline_events(late, b.id);
  REQUIRE(stepwise.size() == caught_up.size());
  for (std::size_t i = 0; i < stepwise.size(); ++i) {
    CHECK(stepwise[i].action == caught_up[i].action);
    CHECK(stepwise[i].to_level == caught_up[i].to_level);
    CHECK(stepwise[i].details.at("clock") == caught_up[i].details.at("clock"));
  }
  CHECK(late.engine.queries().get_case(late.supervisor, b.id)->c.level == Level::kDistrict);

  // A restart: a new engine over the same store runs the same instant again, and nothing new
  // is recorded.
  Engine restarted(late.repo, late.crypto, late.clock, &late.sink);
  REQUIRE(restarted.load().is_ok());
  const auto events = *late.engine.queries().last_seq();
  REQUIRE(restarted.deadlines().run_due(local("2025-10-26", 12)).is_ok());
  CHECK(*late.engine.queries().last_seq() == events);
}

TEST_CASE("a restart between the warning and the expiry neither loses nor repeats the escalation") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  run(w, local("2025-10-10", 12));  // warning recorded
  const auto warnings = deadline_events(w, c.id).size();
  Engine restarted(w.repo, w.crypto, w.clock, &w.sink);
  REQUIRE(restarted.load().is_ok());
  w.clock.set(local("2025-10-11", 9));
  REQUIRE(restarted.deadlines().run_due(w.clock.now()).is_ok());
  REQUIRE(restarted.deadlines().run_due(w.clock.now()).is_ok());
  auto events = deadline_events(w, c.id);
  REQUIRE(events.size() == warnings + 2);
  CHECK(events[warnings].action == A::kClockExpired);
  CHECK(events[warnings + 1].action == A::kEscalate);
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.level == Level::kCommunity);
}

TEST_CASE("an approved extension moves the deadline, a denied one does not, none after the deadline") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  w.clock.set(local("2025-10-09", 10));
  CaseCommand ask = w.command(A::kRequestExtension, c.id);
  ask.clock = ClockKind::kResolve;
  ask.extension_amount = 2;
  ask.reason = "需协调多个部门";
  REQUIRE(w.engine.commands().act_sync(w.worker_a, ask).is_ok());
  // The same request id asking for another amount is another request, not a resend.
  CaseCommand more = ask;
  more.extension_amount = 5;
  CHECK(w.engine.commands().act_sync(w.worker_a, more).status().reason() == "REQUEST_ID_REUSED");
  CHECK(w.engine.commands().act_sync(w.worker_a, ask).is_ok());  // the resend replays
  CaseCommand again = w.command(A::kRequestExtension, c.id);
  again.clock = ClockKind::kResolve;
  again.extension_amount = 1;
  CHECK(w.engine.commands().act_sync(w.worker_a, again).status().reason() == "EXTENSION_PENDING");
  CaseCommand approve = w.command(A::kDecideExtension, c.id);
  approve.approve = true;
  CHECK(w.engine.commands().act_sync(w.worker_a, approve).status().code() == Code::kPermissionDenied);
  auto decided = w.engine.commands().act_sync(w.supervisor, approve);
  REQUIRE(decided.is_ok());
  // Two more working days: Saturday 11 (adjusted) and Monday 13 October.
  CHECK(clock_of(decided->c, ClockKind::kResolve).deadline == local("2025-10-14", 0));
  CHECK(clock_of(decided->c, ClockKind::kResolve).extensions == 1);
  CHECK(decided->events[0].details.at("approved") == "true");

  CaseCommand ask2 = w.command(A::kRequestExtension, c.id);
  ask2.clock = ClockKind::kResolve;
  ask2.extension_amount = 3;
  REQUIRE(w.engine.commands().act_sync(w.worker_a, ask2).is_ok());
  CaseCommand deny = w.command(A::kDecideExtension, c.id);
  deny.approve = false;
  auto denied = w.engine.commands().act_sync(w.supervisor, deny);
  REQUIRE(denied.is_ok());
  CHECK(clock_of(denied->c, ClockKind::kResolve).deadline == local("2025-10-14", 0));
  CHECK(denied->c.extension_clock == ClockKind::kUnspecified);

  w.clock.set(local("2025-10-14", 1));
  CaseCommand late = w.command(A::kRequestExtension, c.id);
  late.clock = ClockKind::kResolve;
  late.extension_amount = 1;
  CHECK(w.engine.commands().act_sync(w.worker_a, late).status().reason() == "DEADLINE_PASSED");
}

TEST_CASE("suspension stops every running clock and resume goes on with what was left") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  c = w.act_ok(w.clerk, A::kAccept, c.id);
  w.clock.set(local("2025-09-29", 12));  // 28 Sep and half of 29 Sep used: 1.5 working days
  c = w.act_ok(w.clerk, A::kSuspend, c.id);
  CHECK(clock_of(c, ClockKind::kResolve).run == ClockRun::kPaused);
  CHECK(c.next_due == 0);
  run(w, local("2025-11-03", 9));  // a month later: nothing falls due while suspended
  CHECK(deadline_events(w, c.id).size() == 0);
  w.clock.set(local("2025-11-03", 12));  // Monday noon: 3.5 working days left
  c = w.act_ok(w.clerk, A::kResume, c.id);
  CHECK(clock_of(c, ClockKind::kResolve).run == ClockRun::kRunning);
  // 12:00 Mon to end of Mon = 0.5, Tue, Wed, Thu = 3.5: due at the end of Thursday 6 November.
  CHECK(clock_of(c, ClockKind::kResolve).deadline == local("2025-11-07", 0));
}

TEST_CASE("closing or rejecting a case stops its clocks") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  c = w.act_ok(w.clerk, A::kReject, c.id);
  for (const auto& k : c.clocks) CHECK(k.run != ClockRun::kRunning);
  CHECK(c.next_due == 0);
  run(w, local("2025-12-01", 9));
  CHECK(deadline_events(w, c.id).empty());
}

TEST_CASE("rework restarts the RESOLVE clock with its whole budget") {
  World w;
  w.clock.set(local("2026-03-16", 10));
  Case c = w.case_in(CaseState::kResolved);
  CHECK(clock_of(c, ClockKind::kResolve).run == ClockRun::kStopped);
  w.clock.set(local("2026-03-17", 9));
  c = w.act_ok(w.supervisor, A::kReopen, c.id);
  const CaseClock& k = clock_of(c, ClockKind::kResolve);
  CHECK(k.run == ClockRun::kRunning);
  CHECK(k.deadline == local("2026-03-17", 14, 30));  // 4 working hours: 9:00-12:00, 13:30-14:30
}

TEST_CASE("a policy change applies to new cases and never rewrites old ones") {
  World w;
  w.clock.set(local("2026-03-16", 10));
  Case old_case = w.act_ok(w.supervisor, A::kAccept, w.create(w.supervisor, w.grid_a).id);
  DeadlinePolicy p;
  for (const auto& existing : w.engine.admin().policies()) {
    if (existing.kind == CaseKind::kIncident && existing.category_code == "INC.ENV.RUBBISH") p = existing;
  }
  REQUIRE(p.id != 0);
  for (auto& clk : p.clocks) {
    if (clk.kind == ClockKind::kResolve) clk.amount = 8;
  }
  CHECK(w.engine.admin().set_policy_sync(w.supervisor, p).status().code() == Code::kPermissionDenied);
  auto saved = w.engine.admin().set_policy_sync(w.admin, p);
  REQUIRE(saved.is_ok());
  CHECK(saved->version == 2);
  Case new_case = w.act_ok(w.supervisor, A::kAccept, w.create(w.supervisor, w.grid_a).id);
  CHECK(new_case.policy_version == 2);
  CHECK(clock_of(new_case, ClockKind::kResolve).budget_ms == 8 * 3600000LL);
  Case reread = w.engine.queries().get_case(w.supervisor, old_case.id)->c;
  CHECK(reread.policy_version == 1);
  CHECK(clock_of(reread, ClockKind::kResolve).budget_ms == 4 * 3600000LL);
  DeadlinePolicy bad = p;
  bad.clocks.clear();
  CHECK(w.engine.admin().set_policy_sync(w.admin, bad).status().reason() == "BAD_POLICY");
}

TEST_CASE("a deadline in next year's unpublished calendar is provisional until the year is loaded") {
  World w;
  Case c = hotline(w, local("2026-12-28", 10));  // five working days reach into 2027
  CHECK(clock_of(c, ClockKind::kResolve).provisional);
  CHECK(clock_of(c, ClockKind::kResolve).deadline == local("2027-01-05", 0));  // weekends only
  auto info = w.engine.admin().calendar_info(w.admin);
  REQUIRE(info.is_ok());
  CHECK(info->provisional_clocks == 1);
  CHECK(info->missing_years == std::vector<int>{2027});
  CHECK(w.engine.admin().set_calendar_year_sync(w.supervisor, "year 2027\n").status().code() == Code::kPermissionDenied);
  CHECK(w.engine.admin().set_calendar_year_sync(w.admin, "year 2027\nholiday 2027-13-01 x\n").status().reason() == "BAD_CALENDAR");
  auto loaded = w.engine.admin().set_calendar_year_sync(w.admin, "year 2027\nholiday 2027-01-01..2027-01-03 元旦\n");
  REQUIRE(loaded.is_ok());
  CHECK(loaded->provisional_clocks == 0);
  CHECK(loaded->missing_years.empty());
  Case now = w.engine.queries().get_case(w.supervisor, c.id)->c;
  CHECK_FALSE(clock_of(now, ClockKind::kResolve).provisional);
  CHECK(clock_of(now, ClockKind::kResolve).deadline == local("2027-01-06", 0));
}

TEST_CASE("the board shows red, yellow and escalated cases of the subtree, most urgent first") {
  World w;
  w.clock.set(local("2026-03-16", 10));
  // Never signed for: its one-hour RESPONSE clock only flags, so it stays red at the grid.
  Case red = w.create(w.worker_a, w.grid_a);
  w.clock.set(local("2026-03-16", 13, 45));
  Case yellow = w.act_ok(w.supervisor, A::kAccept, w.create(w.worker_b, w.grid_b).id);  // due 08:45 next day
  Case escalated = w.act_ok(w.supervisor, A::kAccept, w.create(w.supervisor, w.grid_c).id);
  escalated = w.act_ok(w.supervisor, A::kEscalate, escalated.id);
  w.clock.set(local("2026-03-17", 8, 30));
  Case calm = w.create(w.worker_a, w.grid_a);  // its one-hour RESPONSE clock has just started
  run(w, local("2026-03-17", 8, 40));  // red is long overdue; the other two have used 3.9 of 4 hours
  REQUIRE(w.engine.queries().get_case(w.supervisor, red.id)->c.level == Level::kGrid);
  auto board = w.engine.queries().board(w.supervisor, 0);
  REQUIRE(board.is_ok());
  std::vector<CaseId> order;
  for (const auto& c : board->cases) order.push_back(c.id);
  REQUIRE(order.size() == 3);
  CHECK(order[0] == red.id);
  CHECK(std::find(order.begin(), order.end(), yellow.id) != order.end());
  CHECK(std::find(order.begin(), order.end(), escalated.id) != order.end());
  CHECK(std::find(order.begin(), order.end(), calm.id) == order.end());
  CHECK(board->total.unit_id == w.sub_district);
  CHECK(board->total.red == 1);
  CHECK(board->total.yellow == 2);
  CHECK(board->total.escalated == 1);
  // Per child: 河畔 holds the red and a yellow case, 京汉 the escalated one.
  bool saw_hepan = false, saw_jinghan = false;
  for (const auto& b : board->children) {
    if (b.unit_id == w.hepan) {
      saw_hepan = true;
      CHECK(b.red == 1);
      CHECK(b.yellow == 1);
      CHECK(b.escalated == 0);
    }
    if (b.unit_id == w.jinghan) {
      saw_jinghan = true;
      CHECK(b.escalated == 1);
    }
  }
  CHECK(saw_hepan);
  CHECK(saw_jinghan);
  // A case of grid A handed to the sub-district's department counts once, in the row of who
  // must act, not also in 河畔's (where it is): the rows add up to the total.
  Case handed = w.act_ok(w.supervisor, A::kAccept, w.create(w.worker_a, w.grid_a).id);
  CaseCommand to_department = w.command(A::kDispatch, handed.id);
  to_department.unit_id = w.department;
  auto dispatched = w.engine.commands().act_sync(w.supervisor, to_department);
  REQUIRE(dispatched.is_ok());
  run(w, clock_of(dispatched->c, ClockKind::kResolve).warn_at + 60 * 1000);  // yellow, not yet red
  REQUIRE(w.engine.queries().get_case(w.supervisor, handed.id)->c.handling_unit_id == w.department);
  board = w.engine.queries().board(w.supervisor, 0);
  REQUIRE(board.is_ok());
  BoardCount sum;
  for (const auto& b : board->children) {
    sum.red += b.red;
    sum.yellow += b.yellow;
    sum.escalated += b.escalated;
  }
  CHECK(std::any_of(board->cases.begin(), board->cases.end(), [&](const Case& c) { return c.id == handed.id; }));
  CHECK(sum.red == board->total.red);
  CHECK(sum.yellow == board->total.yellow);
  CHECK(sum.escalated == board->total.escalated);
  // A grid worker's board covers their own grid only.
  auto mine = w.engine.queries().board(w.worker_b, 0);
  REQUIRE(mine.is_ok());
  for (const auto& c : mine->cases) CHECK(c.location.unit_id == w.grid_b);
  CHECK(w.engine.queries().board(w.worker_b, w.hepan).status().code() == Code::kNotFound);
}

TEST_CASE("open cases list by deadline, most urgent first, paged with tokens of that order") {
  World w;
  // Received in this order; the RESOLVE clock runs 5 working days from receipt.
  Case late = hotline(w, local("2025-09-29", 15));
  Case early = hotline(w, local("2025-09-29", 9));
  Case suspended = hotline(w, local("2025-09-29", 8));
  Case rejected = hotline(w, local("2025-09-29", 7));
  Case earliest = hotline(w, local("2025-09-26", 9));
  w.clock.set(local("2025-09-29", 16));
  w.act_ok(w.clerk, A::kAccept, suspended.id);
  w.act_ok(w.clerk, A::kSuspend, suspended.id);
  w.act_ok(w.clerk, A::kReject, rejected.id);

  CaseQuery q;
  q.order = CaseOrder::kDeadline;
  q.page_size = 2;
  std::vector<CaseId> seen;
  int pages = 0;
  do {
    auto page = w.engine.queries().list_cases(w.supervisor, q);
    REQUIRE(page.is_ok());
    for (const auto& c : page->cases) seen.push_back(c.id);
    q.page_token = page->next_page_token;
    ++pages;
  } while (!q.page_token.empty() && pages < 10);
  // Running clocks by deadline, then the cases without one (suspended, rejected), newest first.
  CHECK(seen == std::vector<CaseId>{earliest.id, early.id, late.id, rejected.id, suspended.id});
  CHECK(pages == 3);

  // Open ones only, by kind: the filters apply as in any list.
  q.page_size = 50;
  q.kinds = {CaseKind::kHotline};
  q.states = {CaseState::kReported, CaseState::kAccepted, CaseState::kInProgress};
  auto open = w.engine.queries().list_cases(w.supervisor, q);
  REQUIRE(open.is_ok());
  std::vector<CaseId> open_ids;
  for (const auto& c : open->cases) open_ids.push_back(c.id);
  CHECK(open_ids == std::vector<CaseId>{earliest.id, early.id, late.id});

  // A token belongs to its order.
  CaseQuery newest;
  newest.page_size = 1;
  auto first = w.engine.queries().list_cases(w.supervisor, newest);
  REQUIRE(first.is_ok());
  q.page_token = first->next_page_token;
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "BAD_PAGE_TOKEN");
  for (const char* bad : {"d", "d.", "d12", "d12.", "d.5", "d-1.5", "d1.0", "d99999999999999999999.1", "c5"}) {
    INFO(bad);
    q.page_token = bad;
    CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "BAD_PAGE_TOKEN");
  }
  q.page_token.clear();
  q.order = static_cast<CaseOrder>(9);
  CHECK(w.engine.queries().list_cases(w.supervisor, q).status().reason() == "INVALID_ENUM_VALUE");
}

TEST_CASE("a leader at or above the case's level stays when the case escalates") {
  World w;
  Case c = w.create(w.worker_a, w.grid_a);
  CaseCommand lead = w.command(A::kAssignLeader, c.id);
  lead.user_id = w.hepan_supervisor;
  REQUIRE(w.engine.commands().act_sync(w.supervisor, lead).is_ok());
  c = w.act_ok(w.supervisor, A::kEscalate, c.id);
  c = w.act_ok(w.supervisor, A::kEscalate, c.id);  // now at the sub-district
  CHECK(c.leader_user_id == w.hepan_supervisor);
  CaseQuery mine;
  mine.leader = w.hepan_supervisor;
  auto led = w.engine.queries().list_cases(w.hepan_supervisor, mine);
  REQUIRE(led.is_ok());
  REQUIRE(led->cases.size() == 1);
  // A community supervisor cannot take a case that already sits at the sub-district.
  CaseCommand too_low = w.command(A::kAssignLeader, c.id);
  too_low.user_id = w.hepan_supervisor;
  CHECK(w.engine.commands().act_sync(w.supervisor, too_low).status().reason() == "BAD_LEADER");
  too_low.request_id = w.request_id();
  too_low.user_id = w.supervisor;
  CHECK(w.engine.commands().act_sync(w.supervisor, too_low).is_ok());
}

TEST_CASE("urging is counted and may carry a new target") {
  World w;
  Case c = w.case_in(CaseState::kInProgress);
  CaseCommand urge = w.command(A::kUrge, c.id);
  urge.reason = "请于周五前办结";
  urge.target_at = local("2026-03-20", 17);
  auto r = w.engine.commands().act_sync(w.supervisor, urge);
  REQUIRE(r.is_ok());
  CHECK(r->c.urge_count == 1);
  CHECK(r->events[0].details.at("target_at") == std::to_string(local("2026-03-20", 17)));
  CHECK(r->events[0].reason == "请于周五前办结");
}

TEST_CASE("the deadline runner records what falls due without being asked") {
  World w;
  Case c = hotline(w, local("2025-09-26", 14));
  DeadlineRunner runner(w.engine, w.clock);
  runner.start();
  w.clock.set(local("2025-10-11", 0));
  runner.poke();
  bool escalated = false;
  for (int i = 0; i < 500 && !escalated; ++i) {  // bounded wait: at most ~10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    escalated = w.engine.queries().get_case(w.supervisor, c.id)->c.level == Level::kCommunity;
  }
  runner.stop();
  CHECK(escalated);
  CHECK(runner.rounds() >= 1);
}

TEST_CASE("every commit that leaves a case due tells the engine's due listener when") {
  World w;
  std::mutex mu;
  std::vector<TimeMs> told;
  w.engine.deadlines().set_due_listener([&](TimeMs at) {
    std::lock_guard<std::mutex> lock(mu);
    told.push_back(at);
  });
  Case c = w.create(w.worker_a, w.grid_a);
  REQUIRE(c.next_due != 0);
  {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(told == std::vector<TimeMs>{c.next_due});
  }
  auto accepted = w.act(w.worker_a, A::kAccept, c.id);
  REQUIRE(accepted.is_ok());
  REQUIRE(accepted->c.next_due != 0);
  CHECK(accepted->c.next_due != c.next_due);  // RESPONSE stopped, RESOLVE runs
  {
    std::lock_guard<std::mutex> lock(mu);
    CHECK(told == std::vector<TimeMs>{c.next_due, accepted->c.next_due});
  }
  w.engine.deadlines().set_due_listener(nullptr);
}

TEST_CASE("a commit that makes a deadline due sooner wakes the deadline runner, unpoked") {
  World w;
  // An accepted incident: only its RESOLVE clock runs, due hours from now.
  Case far = w.create(w.worker_a, w.grid_a);
  auto accepted = w.act(w.worker_a, A::kAccept, far.id);
  REQUIRE(accepted.is_ok());
  const TimeMs planned = accepted->c.next_due;
  REQUIRE(planned > w.clock.now());

  DeadlineRunner runner(w.engine, w.clock);
  runner.start();
  // Waits (bounded) for `n` rounds. The runner, once its round is done, sleeps until the next
  // due instant of the manual clock, and looks again by itself only after 60 real seconds: a
  // round within the 30 s allowed here was started by a wake.
  auto rounds_reach = [&](std::uint64_t n) {
    for (int i = 0; i < 1500 && runner.rounds() < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return runner.rounds() >= n;
  };
  REQUIRE(rounds_reach(1));  // the first round, at start: plans to wake at `planned`
  const auto before = runner.rounds();

  // A new incident's RESPONSE clock turns yellow before the RESOLVE clock of the first.
  Case soon = w.create(w.worker_a, w.grid_a);
  REQUIRE(soon.next_due != 0);
  REQUIRE(soon.next_due < planned);
  CHECK(rounds_reach(before + 1));
  runner.stop();
}
