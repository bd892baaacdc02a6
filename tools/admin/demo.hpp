// The demo: a sub-district as people in 新城街道 would recognise it, for trying gridcase out and
// for tests that need a realistic database.
//
// 示范区 → 新城街道 (case prefix "XC") → eight communities (河畔, 京汉, 龙兴, 泰丰, 富力新城, 璟苑,
// 金源郦都, 希望新城), each with 2-4 grids of 2-3 building groups; mediation committees, property
// companies and functional departments beside the tree; Party posts; one demo account per role;
// and a few dozen cases of every kind in varied states.
//
// Everything goes through the case engine, so the histories are real: each case is created and
// moved on by the demo users whose role and scope allow it, with times spread over the three
// weeks before `now`. The case clocks run too, as the server's scheduler would run them: each
// warning, expiry and DEADLINE escalation is recorded when it fell due, so the loaded demo has
// green, yellow and red cases and cases the deadlines moved up a level. The data is compiled in
// and the loader is deterministic: the same `now` gives the same database (apart from password
// hashes).
#pragma once

#include <string>
#include <vector>

#include "gridcase/clock.hpp"
#include "gridcase/crypto.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"

namespace gridcase::demo {

// Every demo account has this password (and is marked demo_password, so that logging in with
// it can remind people to change it).
constexpr const char* kDemoPassword = "demo12345";

struct DemoLogin {
  std::string username;
  std::string password;
  std::string display_name;
  Role role = Role::kUnspecified;
  std::string scope;  // the name of the scope unit, e.g. "河畔社区 第一网格"
};

struct DemoSummary {
  // False when the database already had an org tree: the demo was not loaded and nothing changed.
  bool loaded = false;
  int units = 0;
  int party_posts = 0;
  int users = 0;
  int cases = 0;
  int projects = 0;  // 民生项目
  int events = 0;
};

// The demo accounts, one or more per role.
const std::vector<DemoLogin>& demo_logins();

// Loads the demo into `repo` when it has no org units yet; otherwise changes nothing and
// returns loaded = false. Uses an engine of its own over `repo` and `crypto` whose clock runs
// through the three weeks before `now`. Any other engine over `repo` must be reloaded
// (Engine::load) afterwards to see the new tree.
//
// Fails with the engine's status, prefixed with what was being loaded, when a step is refused
// (the database then holds the part loaded so far).
Result<DemoSummary> load_demo(Repository& repo, Crypto& crypto, TimeMs now);

}  // namespace gridcase::demo
