// Every (state, action) pair of the common lifecycle, driven through the engine by a
// sub-district supervisor (who may take every case action).
#include <algorithm>
#include <map>

#include "fixture.hpp"
#include "gridcase/action_table.hpp"
#include "gridcase/lifecycle.hpp"

using namespace gridcase;
using testing::World;

namespace {

using S = CaseState;
using A = Action;

// The specification, written out independently of the engine's table: the state each allowed
// action leads to. Pairs not listed must be refused with FAILED_PRECONDITION.
const std::map<std::pair<S, A>, S>& expected() {
  static const std::map<std::pair<S, A>, S> kSpec = {
      {{S::kReported, A::kAccept}, S::kAccepted},
      {{S::kReported, A::kReject}, S::kNotAccepted},
      {{S::kReported, A::kEscalate}, S::kReported},
      {{S::kReported, A::kMerge}, S::kMerged},
      {{S::kReported, A::kComment}, S::kReported},
      {{S::kReported, A::kUrge}, S::kReported},
      {{S::kReported, A::kAssignLeader}, S::kReported},
      {{S::kReported, A::kRequestExtension}, S::kReported},
      {{S::kReported, A::kDecideExtension}, S::kReported},
      {{S::kAccepted, A::kDispatch}, S::kInProgress},
      {{S::kAccepted, A::kEscalate}, S::kAccepted},
      {{S::kAccepted, A::kSuspend}, S::kSuspended},
      {{S::kAccepted, A::kMerge}, S::kMerged},
      {{S::kAccepted, A::kComment}, S::kAccepted},
      {{S::kAccepted, A::kUrge}, S::kAccepted},
      {{S::kAccepted, A::kAssignLeader}, S::kAccepted},
      {{S::kAccepted, A::kRequestExtension}, S::kAccepted},
      {{S::kAccepted, A::kDecideExtension}, S::kAccepted},
      {{S::kInProgress, A::kDispatch}, S::kInProgress},
      {{S::kInProgress, A::kReturn}, S::kAccepted},
      {{S::kInProgress, A::kEscalate}, S::kInProgress},
      {{S::kInProgress, A::kResolve}, S::kResolved},
      {{S::kInProgress, A::kSuspend}, S::kSuspended},
      {{S::kInProgress, A::kMerge}, S::kMerged},
      {{S::kInProgress, A::kComment}, S::kInProgress},
      {{S::kInProgress, A::kUrge}, S::kInProgress},
      {{S::kInProgress, A::kAssignLeader}, S::kInProgress},
      {{S::kInProgress, A::kRequestExtension}, S::kInProgress},
      {{S::kInProgress, A::kDecideExtension}, S::kInProgress},
      {{S::kResolved, A::kClose}, S::kClosed},
      {{S::kResolved, A::kReopen}, S::kInProgress},
      {{S::kResolved, A::kComment}, S::kResolved},
      {{S::kSuspended, A::kResume}, S::kAccepted},  // suspended from ACCEPTED in case_in()
      {{S::kSuspended, A::kComment}, S::kSuspended},
      {{S::kSuspended, A::kUrge}, S::kSuspended},
      {{S::kSuspended, A::kAssignLeader}, S::kSuspended},
  };
  return kSpec;
}

// The common lifecycle's actions; the steps of disputes and petitions that follow them in the
// enum are specified in mediation_test.cpp and petition_test.cpp.
constexpr int kCommonActions = static_cast<int>(A::kAssignMediation);

const S kStates[] = {S::kReported, S::kAccepted,    S::kInProgress, S::kResolved,
                     S::kClosed,   S::kNotAccepted, S::kMerged,     S::kSuspended};

}  // namespace

TEST_CASE("every allowed (state, action) pair moves the case and appends one event") {
  for (const auto& [pair, to] : expected()) {
    const auto [from, action] = pair;
    DYNAMIC_SECTION(name(from) << " + " << name(action) << " -> " << name(to)) {
      World w;
      const CaseId id = w.case_in(from).id;
      CaseCommand cmd = w.command(action, id);  // may itself act first (a pending extension)
      Case before = w.engine.queries().get_case(w.supervisor, id)->c;
      auto r = w.engine.commands().act_sync(w.supervisor, cmd);
      INFO(r.status().to_string());
      REQUIRE(r.is_ok());
      CHECK(r->c.state == to);
      CHECK(r->c.version == before.version + 1);
      REQUIRE(r->events.size() == 1);
      const Event& e = r->events[0];
      CHECK(e.action == action);
      CHECK(e.from_state == from);
      CHECK(e.to_state == to);
      CHECK(e.case_version == r->c.version);
      auto detail = w.engine.queries().get_case(w.supervisor, before.id);
      REQUIRE(detail.is_ok());
      CHECK(detail->history.back().seq == e.seq);
      CHECK(detail->c.state == to);
    }
  }
}

TEST_CASE("every forbidden (state, action) pair answers FAILED_PRECONDITION naming the allowed actions") {
  for (S from : kStates) {
    for (int a = static_cast<int>(A::kAccept); a < kCommonActions; ++a) {
      const A action = static_cast<A>(a);
      if (!is_command(action) || expected().count({from, action})) continue;
      DYNAMIC_SECTION(name(from) << " + " << name(action) << " is refused") {
        World w;
        Case before = w.case_in(from);
        const auto history_before = w.engine.queries().get_case(w.supervisor, before.id)->history.size();
        auto r = w.act(w.supervisor, action, before.id);
        REQUIRE_FALSE(r.is_ok());
        CHECK(r.status().code() == Code::kFailedPrecondition);
        CHECK(r.status().reason() == "TRANSITION_NOT_ALLOWED");
        std::vector<std::string> allowed;
        for (const auto& [pair, to] : expected()) {
          // What can be done now only: no extension waits for a decision here.
          if (pair.first == from && pair.second != A::kDecideExtension) allowed.push_back(name(pair.second));
        }
        std::sort(allowed.begin(), allowed.end());
        // The whistle steps (whistle_test.cpp), allowed on any open case, are not common actions.
        std::vector<std::string> got;
        for (const auto& n : r.status().details()) {
          auto parsed = parse_name<A>(n);
          if (parsed && static_cast<int>(*parsed) < kCommonActions) got.push_back(n);
        }
        std::sort(got.begin(), got.end());
        CHECK(got == allowed);
        auto after = w.engine.queries().get_case(w.supervisor, before.id);
        REQUIRE(after.is_ok());
        CHECK(after->c.version == before.version);
        CHECK(after->history.size() == history_before);
      }
    }
  }
}

TEST_CASE("the engine's table agrees with the specification") {
  for (S from : kStates) {
    for (int a = static_cast<int>(A::kAccept); a < kCommonActions; ++a) {
      if (!is_command(static_cast<A>(a))) continue;
      Case c;
      c.state = from;
      c.state_before_suspend = S::kAccepted;
      auto next = next_state(c, static_cast<A>(a));
      auto it = expected().find({from, static_cast<A>(a)});
      INFO(name(from) << " + " << name(static_cast<A>(a)));
      if (it == expected().end()) {
        CHECK_FALSE(next.has_value());
      } else {
        REQUIRE(next.has_value());
        CHECK(*next == it->second);
      }
    }
  }
}

TEST_CASE("resume returns a case to the state it was suspended from") {
  World w;
  Case c = w.case_in(S::kInProgress);
  c = w.act_ok(w.supervisor, A::kSuspend, c.id);
  CHECK(c.state == S::kSuspended);
  c = w.act_ok(w.supervisor, A::kResume, c.id);
  CHECK(c.state == S::kInProgress);
}

TEST_CASE("terminal states accept nothing more") {
  CHECK(is_terminal(S::kClosed));
  CHECK(is_terminal(S::kNotAccepted));
  CHECK(is_terminal(S::kMerged));
  // Only a dispute whose agreement was not performed comes back from CLOSED (mediation.hpp).
  CHECK(allowed_actions(S::kClosed) == std::vector<A>{A::kAgreementNotPerformed});
  CHECK_FALSE(applies_to(CaseKind::kIncident, A::kAgreementNotPerformed));
  CHECK(allowed_actions(S::kMerged).empty());
  CHECK_FALSE(is_terminal(S::kResolved));
  CHECK_FALSE(is_open(S::kResolved));
  CHECK(is_open(S::kSuspended));
}

TEST_CASE("events only the scheduler records cannot be sent as commands") {
  World w;
  Case c = w.case_in(S::kInProgress);
  for (A action : {A::kCreate, A::kClockWarning, A::kClockExpired}) {
    CaseCommand cmd = w.command(action, c.id);
    auto r = w.engine.commands().act_sync(w.supervisor, cmd);
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().reason() == "NOT_A_COMMAND");
  }
}
