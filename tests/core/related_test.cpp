// One matter, many sources: links between cases, merging several into one parent, unmerging.
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/lifecycle.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;
using S = CaseState;

RelateCommand relate(World& w, CaseId id, CaseId other = 0) {
  RelateCommand cmd;
  cmd.request_id = w.request_id();
  cmd.case_id = id;
  cmd.other_case_id = other;
  cmd.reason = "同一事项";
  return cmd;
}

CaseCommand merge(World& w, CaseId child, CaseId parent) {
  CaseCommand cmd;
  cmd.action = A::kMerge;
  cmd.request_id = w.request_id();
  cmd.case_id = child;
  cmd.into_case_id = parent;
  cmd.reason = "同一楼栋同一问题";
  return cmd;
}

Case get(World& w, CaseId id) {
  auto d = w.engine.queries().get_case(kSystemActor, id);
  REQUIRE(d.is_ok());
  return d->c;
}

std::vector<Event> history(World& w, CaseId id) {
  auto d = w.engine.queries().get_case(kSystemActor, id);
  REQUIRE(d.is_ok());
  return d->history;
}

ClockRun resolve_clock(const Case& c) {
  for (const auto& k : c.clocks) {
    if (k.kind == ClockKind::kResolve) return k.run;
  }
  return ClockRun::kUnspecified;
}

}  // namespace

TEST_CASE("link and unlink: a symmetric relation with an event on both cases") {
  World w;
  const Case a = w.create(w.worker_a, w.grid_a);
  const Case b = w.create(w.supervisor, w.grid_b);

  auto linked = w.engine.commands().link_cases_sync(w.supervisor, relate(w, a.id, b.id), true);
  INFO(linked.status().to_string());
  REQUIRE(linked.is_ok());
  CHECK(linked->c.id == a.id);
  CHECK(history(w, a.id).back().action == A::kLink);
  CHECK(history(w, a.id).back().details.at("other_case_id") == std::to_string(b.id));
  CHECK(history(w, b.id).back().action == A::kLink);
  CHECK(history(w, b.id).back().details.at("other") == a.number);
  auto rel = w.engine.queries().related_cases(w.supervisor, b.id);
  REQUIRE(rel.is_ok());
  REQUIRE(rel->linked.size() == 1);
  CHECK(rel->linked[0].id == a.id);

  SECTION("linking again, in either order, is refused; a resend replays") {
    CHECK(w.engine.commands().link_cases_sync(w.supervisor, relate(w, b.id, a.id), true).status().reason() == "ALREADY_LINKED");
    auto cmd = relate(w, a.id, b.id);
    cmd.request_id = "link-x";
    REQUIRE(w.engine.commands().link_cases_sync(w.supervisor, cmd, false).is_ok());
    auto again = w.engine.commands().link_cases_sync(w.supervisor, cmd, false);
    REQUIRE(again.is_ok());
    CHECK(again->replayed);
    cmd.reason = "别的理由";
    CHECK(w.engine.commands().link_cases_sync(w.supervisor, cmd, false).status().reason() == "REQUEST_ID_REUSED");
    CHECK(w.engine.queries().related_cases(w.supervisor, a.id)->linked.empty());
    CHECK(history(w, b.id).back().action == A::kUnlink);
    CHECK(w.engine.commands().link_cases_sync(w.supervisor, relate(w, a.id, b.id), false).status().reason() == "NOT_LINKED");
  }
  SECTION("a user outside the subtree, a stale version, the case itself") {
    // grid_b's worker does not see grid A's case.
    CHECK(w.engine.commands().link_cases_sync(w.worker_b, relate(w, b.id, a.id), false).status().reason() == "CASE_NOT_FOUND");
    CHECK(w.engine.queries().related_cases(w.worker_b, a.id).status().reason() == "CASE_NOT_FOUND");
    auto stale = relate(w, a.id, b.id);
    stale.expected_version = 1;
    CHECK(w.engine.commands().link_cases_sync(w.supervisor, stale, false).status().reason() == "STALE_VERSION");
    CHECK(w.engine.commands().link_cases_sync(w.supervisor, relate(w, a.id, a.id), true).status().reason() == "BAD_LINK_TARGET");
  }
}

TEST_CASE("merge: the parent is handled once, each child keeps its clocks and follows it to resolved and closed") {
  World w;
  Case parent = w.case_in(S::kInProgress);
  const Case one = w.case_in(S::kAccepted);
  const Case two = w.create(w.worker_a, w.grid_a);  // REPORTED

  REQUIRE(w.engine.commands().act_sync(w.supervisor, merge(w, one.id, parent.id)).is_ok());
  REQUIRE(w.engine.commands().act_sync(w.supervisor, merge(w, two.id, parent.id)).is_ok());
  Case merged = get(w, one.id);
  CHECK(merged.state == S::kMerged);
  CHECK(merged.merged_into == parent.id);
  CHECK(resolve_clock(merged) == ClockRun::kPaused);  // kept, paused while the parent is handled
  REQUIRE(merged.parties.size() == one.parties.size());  // its own reporters
  CHECK(merged.parties.front().name == one.parties.front().name);
  CHECK(history(w, one.id).back().action == A::kMerge);
  auto rel = w.engine.queries().related_cases(w.supervisor, parent.id);
  REQUIRE(rel.is_ok());
  CHECK(rel->merged.size() == 2);

  SECTION("forbidden merges") {
    const Case other = w.case_in(S::kAccepted);
    // into a case merged into it
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, parent.id, one.id)).status().reason() == "MERGE_INTO_CHILD");
    // a parent into another case: its children would lose their parent
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, parent.id, other.id)).status().reason() == "HAS_MERGED_CASES");
    // into itself
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, other.id, other.id)).status().reason() == "BAD_MERGE_TARGET");
    // into a closed or resolved case
    const Case closed = w.case_in(S::kClosed);
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, other.id, closed.id)).status().reason() == "MERGE_TARGET_CLOSED");
    const Case resolved = w.case_in(S::kResolved);
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, other.id, resolved.id)).status().reason() == "MERGE_TARGET_CLOSED");
    CHECK(get(w, other.id).state == S::kAccepted);
  }

  SECTION("when the parent resolves and closes, the children follow, each in its own history") {
    parent = w.act_ok(w.supervisor, A::kResolve, parent.id);
    for (CaseId id : {one.id, two.id}) {
      const Case c = get(w, id);
      CHECK(c.state == S::kResolved);
      CHECK(c.outcome == parent.outcome);
      // Its own RESOLVE clock (running when it was merged) stops with the parent's resolution.
      if (id == one.id) CHECK(resolve_clock(c) == ClockRun::kStopped);
      const Event last = history(w, id).back();
      CHECK(last.action == A::kResolve);
      CHECK(last.from_state == S::kMerged);
      CHECK(last.details.at("parent_case_id") == std::to_string(parent.id));
    }
    // Unmerge only while the parent is open.
    CHECK(w.engine.commands().unmerge_case_sync(w.supervisor, relate(w, one.id)).status().reason() == "PARENT_NOT_OPEN");
    w.act_ok(w.supervisor, A::kClose, parent.id);
    CHECK(w.engine.commands().unmerge_case_sync(w.supervisor, relate(w, two.id)).status().reason() == "PARENT_NOT_OPEN");
    for (CaseId id : {one.id, two.id}) {
      CHECK(get(w, id).state == S::kClosed);
      CHECK(history(w, id).back().action == A::kClose);
    }
    // Each child counts as closed in its own figures, none as merged.
    auto counts = w.engine.queries().count_cases_by_state();
    REQUIRE(counts.is_ok());
    CHECK(counts->count(S::kMerged) == 0);
  }

  SECTION("unmerge while the parent is open: back to its state, with its clocks") {
    auto un = w.engine.commands().unmerge_case_sync(w.supervisor, relate(w, one.id));
    INFO(un.status().to_string());
    REQUIRE(un.is_ok());
    CHECK(un->c.state == S::kAccepted);
    CHECK(un->c.merged_into == 0);
    CHECK(resolve_clock(un->c) == ClockRun::kRunning);
    CHECK(history(w, one.id).back().action == A::kUnmerge);
    CHECK(history(w, parent.id).back().action == A::kUnmerge);
    CHECK(w.engine.commands().unmerge_case_sync(w.supervisor, relate(w, two.id)).value().c.state == S::kReported);
    // The parent resolves alone now.
    w.act_ok(w.supervisor, A::kResolve, parent.id);
    CHECK(get(w, one.id).state == S::kAccepted);
    // Bad input.
    CHECK(w.engine.commands().unmerge_case_sync(w.supervisor, relate(w, one.id)).status().reason() == "NOT_MERGED");
    CHECK(w.engine.commands().unmerge_case_sync(w.worker_b, relate(w, one.id)).status().reason() == "CASE_NOT_FOUND");
  }

  SECTION("roles that may not merge may not unmerge; stale versions and resends") {
    CHECK(w.engine.commands().unmerge_case_sync(w.worker_a, relate(w, one.id)).status().reason() == "ROLE_MAY_NOT");
    auto stale = relate(w, one.id);
    stale.expected_version = 1;
    CHECK(w.engine.commands().unmerge_case_sync(w.supervisor, stale).status().reason() == "STALE_VERSION");
    auto cmd = relate(w, two.id);
    cmd.request_id = "unmerge-1";
    REQUIRE(w.engine.commands().unmerge_case_sync(w.supervisor, cmd).is_ok());
    auto resent = w.engine.commands().unmerge_case_sync(w.supervisor, cmd);
    REQUIRE(resent.is_ok());
    CHECK(resent->replayed);
    CHECK(w.engine.commands().act_sync(w.supervisor, merge(w, two.id, parent.id)).is_ok());
    w.act_ok(w.supervisor, A::kResolve, parent.id);
    w.act_ok(w.supervisor, A::kClose, parent.id);
    CHECK(get(w, two.id).state == S::kClosed);
  }
}
