// Users and their roles. A user acts within a scope: the subtree of their scope unit.
#pragma once

#include <string>

#include "gridcase/clock.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

enum class Role {
  kUnspecified = 0,
  kGridWorker = 1,   // 网格员: logs cases in their grid, follows up
  kMediator = 2,     // 调解员: runs mediations, closes disputes
  kHandler = 3,      // 处置人: works on what is dispatched to them
  kIntakeClerk = 4,  // 受理员: registers orders and petitions, decides acceptance, dispatches
  kSupervisor = 5,   // 主管: watches the board, urges (督办), takes 包案
  kAdmin = 6,        // 管理员: org tree, users, categories
};

// The actor of set-up tools (gridcase-admin): allowed everything. Never reaches the engine
// from the network, whose callers are always logged-in users.
constexpr UserId kSystemActor = 0;

struct User {
  UserId id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kUnspecified;
  UnitId scope_unit_id = 0;
  bool disabled = false;
  std::string password_hash;  // Argon2id, as produced by the PasswordHasher port
  bool demo_password = false; // still has the password the demo loader gave it
  TimeMs password_changed_at = 0;
  // An admin set the password (a reset): the user changes it before anything else
  // (ChangePasswordRequest clears it; until then the server answers every other call
  // FAILED_PRECONDITION PASSWORD_CHANGE_REQUIRED).
  bool must_change_password = false;
};

// A login session. Only a digest of the token is stored.
struct SessionRecord {
  std::string token_digest;
  UserId user_id = 0;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  bool revoked = false;
};

}  // namespace gridcase
