// Administration (系统管理): users, the org tree and its party posts, deadline policies, the
// working calendar and the categories that require evidence. One of the engine's services
// (engine.hpp: engine.admin()). Admins only (or kSystemActor, the set-up tools), within their
// own subtree.
//
// Every change runs through the one command pipeline (core/src/command_pipeline.hpp), as case
// commands do, and is adopted into the shared configuration snapshot (configuration.hpp) once
// committed, so that the next call of any service sees it. Creating a user or a unit may carry a
// request_id: a resend with the same content answers what the first made (the password is not
// part of the content compared); other content, INVALID_ARGUMENT REQUEST_ID_REUSED. Without
// one, a repeated create is refused by what it would duplicate (USERNAME_TAKEN,
// UNIT_CODE_TAKEN). The other changes carry none: doing one twice leaves what doing it once does.
// Besides its own reasons, every change may answer PERMISSION_DENIED ROLE_MAY_NOT (audited),
// UNAUTHENTICATED UNKNOWN_USER or USER_DISABLED, and UNAVAILABLE STORAGE_FAULT or
// COMMIT_UNCERTAIN.
//
// Asynchronous: `done` runs once the outcome is durable, possibly on the store's writer thread.
// The *_sync forms block, for tools and tests.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gridcase/calendar.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/org.hpp"
#include "gridcase/population.hpp"
#include "gridcase/status.hpp"
#include "gridcase/user.hpp"
#include "gridcase/warning.hpp"

namespace gridcase {

struct NewUser {
  std::string request_id;  // optional idempotency key: a resend answers the user it made
  std::string username;
  std::string display_name;
  std::string password;
  Role role = Role::kUnspecified;
  UnitId scope_unit_id = 0;
  bool demo_password = false;
};

struct UserUpdate {
  UserId user_id = 0;
  Role role = Role::kUnspecified;     // kUnspecified: unchanged
  UnitId scope_unit_id = 0;           // 0: unchanged
  std::string display_name;           // empty: unchanged
  std::optional<bool> disabled;
  std::string new_password;           // empty: unchanged; set: every session of the user ends,
                                      // and the user changes it at the next login (unless the
                                      // admin reset their own: User::must_change_password)
};

struct UnitUpdate {
  UnitId unit_id = 0;
  std::string name;          // empty: unchanged
  UnitId new_parent_id = 0;  // 0: unchanged
  bool retire = false;
};

// The working calendar as loaded, and what depends on missing years.
struct CalendarInfo {
  std::vector<int> years;           // loaded years
  std::vector<int> missing_years;   // years that provisional deadlines reach into
  int provisional_clocks = 0;       // running clocks with a provisional deadline
};

struct EngineCore;

class Administration {
 public:
  template <typename T>
  using Callback = std::function<void(Result<T>)>;

  explicit Administration(EngineCore& core) : core_(core) {}

  // ---- Users ----
  // INVALID_ARGUMENT BAD_USERNAME, WEAK_PASSWORD; BAD_UNIT for a scope outside one's own;
  // ALREADY_EXISTS USERNAME_TAKEN.
  void create_user(UserId actor, NewUser request, Callback<User> done);
  Result<User> create_user_sync(UserId actor, NewUser request);
  // A new password or disabling the account ends every session of the user (audited). A new
  // password set for another user must be changed by them before anything else.
  // NOT_FOUND USER_NOT_FOUND outside one's scope; INVALID_ARGUMENT BAD_UNIT, WEAK_PASSWORD.
  void update_user(UserId actor, UserUpdate update, Callback<User> done);
  Result<User> update_user_sync(UserId actor, UserUpdate update);
  // The users of a subtree (0: the caller's scope), without their password hashes.
  Result<std::vector<User>> list_users(UserId actor, UnitId unit);

  // ---- The org tree ----
  // INVALID_ARGUMENT BAD_PARENT (a type that cannot hold it, outside one's scope, a loop),
  // BAD_CASE_PREFIX; ALREADY_EXISTS UNIT_CODE_TAKEN; only set-up tools create root units.
  void create_unit(UserId actor, OrgUnit unit, Callback<OrgUnit> done, std::string request_id = {});
  Result<OrgUnit> create_unit_sync(UserId actor, OrgUnit unit, std::string request_id = {});
  // Renames, moves or retires a unit. NOT_FOUND UNIT_NOT_FOUND; INVALID_ARGUMENT BAD_PARENT;
  // FAILED_PRECONDITION UNIT_HAS_ACTIVE_CHILDREN.
  void update_unit(UserId actor, UnitUpdate update, Callback<OrgUnit> done);
  Result<OrgUnit> update_unit_sync(UserId actor, UnitUpdate update);
  // A Party post (党建引领) held in a unit. INVALID_ARGUMENT BAD_UNIT, BAD_USER.
  void create_party_post(UserId actor, PartyPost post, Callback<PartyPost> done);
  Result<PartyPost> create_party_post_sync(UserId actor, PartyPost post);

  // ---- Deadline policies ----
  std::vector<DeadlinePolicy> policies() const;
  // A new policy (id 0) or a new version of one; applies to cases created after it.
  // INVALID_ARGUMENT BAD_POLICY, UNKNOWN_CATEGORY; NOT_FOUND POLICY_NOT_FOUND.
  void set_policy(UserId actor, DeadlinePolicy policy, Callback<DeadlinePolicy> done);
  // The early-warning thresholds (warning.hpp): stored as the next version, which applies to
  // every case written from the commit on (a warning records the version it was raised under).
  // Admins only; INVALID_ARGUMENT BAD_WARNING_POLICY for a threshold out of its range. Audited
  // (AuditKind::kWarning). core/src/warnings.cpp.
  void set_warning_policy(UserId actor, WarningPolicy policy, Callback<WarningPolicy> done);
  Result<WarningPolicy> set_warning_policy_sync(UserId actor, WarningPolicy policy);
  Result<DeadlinePolicy> set_policy_sync(UserId actor, DeadlinePolicy policy);

  // ---- The working calendar ----
  Result<CalendarInfo> calendar_info(UserId actor);
  // Adds or replaces a year (the text format of core/calendar/*.cal) and recomputes every
  // deadline that was provisional. INVALID_ARGUMENT BAD_CALENDAR.
  void set_calendar_year(UserId actor, std::string text, Callback<CalendarInfo> done);
  Result<CalendarInfo> set_calendar_year_sync(UserId actor, std::string text);

  // ---- Evidence (core/src/evidence.cpp) ----
  // Whether a category (and the categories below it) requires evidence before a case may be
  // resolved. NOT_FOUND UNKNOWN_CATEGORY for an unknown code.
  void set_category_evidence(UserId actor, std::string code, bool required, Callback<Category> done);
  Result<Category> set_category_evidence_sync(UserId actor, std::string code, bool required);

  // ---- 人口底数 (core/src/population.cpp) ----
  // Loads the residents and households of communities and grids from a CSV (population.hpp,
  // parse_population_csv): every row is checked first, then all are kept (a unit's count of
  // the same date replaced) or none. Answers the rows kept. INVALID_ARGUMENT BAD_POPULATION_CSV.
  void load_population(UserId actor, std::string csv, Callback<int> done);
  Result<int> load_population_sync(UserId actor, std::string csv);
  // Sets a sub-district's (or district's) target line, complaints per 10,000 residents per
  // month. INVALID_ARGUMENT BAD_COMPLAINT_TARGET; NOT_FOUND UNIT_NOT_FOUND outside one's scope.
  void set_complaint_target(UserId actor, ComplaintTarget target, Callback<ComplaintTarget> done);
  Result<ComplaintTarget> set_complaint_target_sync(UserId actor, ComplaintTarget target);

 private:
  EngineCore& core_;
};

}  // namespace gridcase
