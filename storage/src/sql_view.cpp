#include "sql_view.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>

#include <sqlite3.h>

#include "deadline_rows.hpp"
#include "errors.hpp"
#include "event_rows.hpp"
#include "figures_rows.hpp"
#include "gridcase/text.hpp"
#include "json_text.hpp"
#include "hazard_rows.hpp"
#include "kind_rows.hpp"
#include "property_rows.hpp"
#include "project_rows.hpp"
#include "request_rows.hpp"
#include "warning_rows.hpp"

namespace gridcase::storage {
namespace {

using SQLite::Statement;

// Column lists, in the order the readers and binders below use.
#define GC_CASE_FIELDS                                                                       \
  "number, kind, category_code, channel, title, description, location_unit_id, address, "  \
  "has_coordinates, lat, lon, priority, level, handling_unit_id, assignee_user_id, "        \
  "leader_user_id, reporter_user_id, state, state_before_suspend, outcome, merged_into, "   \
  "reopen_count, urge_count, version, created_at, updated_at, clocks, policy_id, "          \
  "policy_version, next_due, colour, extension_clock, extension_ms, extension_requested_by, " \
  "provisional, complained_unit_id, mediation, petition, due_at, hotline, hotline_order, hazard, whistle"
// An event's case number is its case's (numbers never change): since schema version 19 it is
// read from the case, not repeated in every event (15 bytes of each).
#define GC_EVENT_STORED_COLUMNS                                                             \
  "seq, case_id, actor_id, at, action, from_state, to_state, from_level, "                  \
  "to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id"
#define GC_EVENT_COLUMNS                                                                    \
  "seq, case_id, coalesce((SELECT number FROM cases WHERE cases.id = events.case_id), ''), " \
  "actor_id, at, action, from_state, to_state, from_level, "                                \
  "to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id"
// A case's history: the case's number, read once, is bound as ?2 instead of looked up for each
// event.
#define GC_HISTORY_COLUMNS                                         \
  "seq, case_id, ?2, actor_id, at, action, from_state, to_state, " \
  "from_level, to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id"
#define GC_USER_COLUMNS                                                                     \
  "id, username, display_name, role, scope_unit_id, disabled, password_hash, demo_password, " \
  "password_changed_at, must_change_password"

constexpr const char* kCaseSelect = "SELECT id, " GC_CASE_FIELDS " FROM cases";

template <typename E>
E as_enum(const SQLite::Column& column) {
  return static_cast<E>(column.getInt());
}

template <typename E>
int from_enum(E value) {
  return static_cast<int>(value);
}

int from_bool(bool value) { return value ? 1 : 0; }

// Reads `id, GC_CASE_FIELDS` (parties are loaded separately; `provisional` is derived).
Case read_case(Statement& s) {
  Case c;
  int i = 0;
  c.id = s.getColumn(i++).getInt64();
  c.number = s.getColumn(i++).getString();
  c.kind = as_enum<CaseKind>(s.getColumn(i++));
  c.category_code = s.getColumn(i++).getString();
  c.channel = as_enum<Channel>(s.getColumn(i++));
  c.title = s.getColumn(i++).getString();
  c.description = s.getColumn(i++).getString();
  c.location.unit_id = s.getColumn(i++).getInt64();
  c.location.address = s.getColumn(i++).getString();
  c.location.has_coordinates = s.getColumn(i++).getInt() != 0;
  c.location.lat = s.getColumn(i++).getDouble();
  c.location.lon = s.getColumn(i++).getDouble();
  c.priority = as_enum<Priority>(s.getColumn(i++));
  c.level = as_enum<Level>(s.getColumn(i++));
  c.handling_unit_id = s.getColumn(i++).getInt64();
  c.assignee_user_id = s.getColumn(i++).getInt64();
  c.leader_user_id = s.getColumn(i++).getInt64();
  c.reporter_user_id = s.getColumn(i++).getInt64();
  c.state = as_enum<CaseState>(s.getColumn(i++));
  c.state_before_suspend = as_enum<CaseState>(s.getColumn(i++));
  c.outcome = as_enum<Outcome>(s.getColumn(i++));
  c.merged_into = s.getColumn(i++).getInt64();
  c.reopen_count = s.getColumn(i++).getInt();
  c.urge_count = s.getColumn(i++).getInt();
  c.version = s.getColumn(i++).getInt64();
  c.created_at = s.getColumn(i++).getInt64();
  c.updated_at = s.getColumn(i++).getInt64();
  if (!decode_case_clocks(s.getColumn(i++).getString(), c.clocks)) {
    throw SQLite::Exception("case " + std::to_string(c.id) + " has unreadable clocks",
                            SQLITE_CORRUPT);
  }
  c.policy_id = s.getColumn(i++).getInt64();
  c.policy_version = s.getColumn(i++).getInt();
  c.next_due = s.getColumn(i++).getInt64();
  c.colour = as_enum<Colour>(s.getColumn(i++));
  c.extension_clock = as_enum<ClockKind>(s.getColumn(i++));
  c.extension_ms = s.getColumn(i++).getInt64();
  c.extension_requested_by = s.getColumn(i++).getInt64();
  ++i;  // provisional: derived from the clocks
  c.complained_unit_id = s.getColumn(i++).getInt64();
  const int mediation = i++;
  const int petition = i++;
  ++i;  // due_at: derived from the clocks
  const int hotline = i++;
  ++i;  // hotline_order: derived from the hotline record
  if (!decode_mediation(s.getColumn(mediation).getString(), c.mediation) ||
      !decode_petition(s.getColumn(petition).getString(), c.petition) ||
      !decode_hotline(s.getColumn(hotline).getString(), c.hotline)) {
    throw SQLite::Exception("case " + std::to_string(c.id) + " has an unreadable mediation, petition or hotline record",
                            SQLITE_CORRUPT);
  }
  if (!decode_hazard(s.getColumn(i++).getString(), c.hazard) ||
      !decode_whistle(s.getColumn(i++).getString(), c.whistle)) {
    throw SQLite::Exception("case " + std::to_string(c.id) + " has an unreadable hazard or whistle record",
                            SQLITE_CORRUPT);
  }
  return c;
}

// A case's columns that take encoding (its records, clocks and derived values), encoded once
// for every statement that binds them: an update binds them twice (which indexed columns
// changed, then the UPDATE).
struct EncodedCase {
  explicit EncodedCase(const Case& c)
      : clocks(encode_case_clocks(c.clocks)),
        mediation(c.kind == CaseKind::kDispute ? encode_mediation(c.mediation) : std::string()),
        petition(c.kind == CaseKind::kPetition ? encode_petition(c.petition) : std::string()),
        has_order(c.kind == CaseKind::kHotline && !c.hotline.intake.order_no.empty()),
        hotline(has_order ? encode_hotline(c.hotline) : std::string()),
        hotline_order(has_order ? hotline_order_key(c.hotline.sub_district_id, c.hotline.intake.order_no)
                                : std::string()),
        hazard(c.kind == CaseKind::kHazard ? encode_hazard(c.hazard) : std::string()),
        whistle(encode_whistle(c.whistle)),
        provisional(has_provisional_deadline(c.clocks)),
        due_at(earliest_deadline(c.clocks)) {}

  std::string clocks;
  std::string mediation;
  std::string petition;
  bool has_order;
  std::string hotline;
  std::string hotline_order;
  std::string hazard;
  std::string whistle;
  bool provisional;
  TimeMs due_at;
};

// Binds GC_CASE_FIELDS to parameters 1..kCaseFieldCount, the derived columns included, without
// copying: `c` and `e` must outlive the statement's execution (StatementUse clears the
// bindings when it is released).
void bind_case_fields(Statement& s, const Case& c, const EncodedCase& e) {
  int i = 1;
  s.bindNoCopy(i++, c.number);
  s.bind(i++, from_enum(c.kind));
  s.bindNoCopy(i++, c.category_code);
  s.bind(i++, from_enum(c.channel));
  s.bindNoCopy(i++, c.title);
  s.bindNoCopy(i++, c.description);
  s.bind(i++, c.location.unit_id);
  s.bindNoCopy(i++, c.location.address);
  s.bind(i++, from_bool(c.location.has_coordinates));
  s.bind(i++, c.location.lat);
  s.bind(i++, c.location.lon);
  s.bind(i++, from_enum(c.priority));
  s.bind(i++, from_enum(c.level));
  s.bind(i++, c.handling_unit_id);
  s.bind(i++, c.assignee_user_id);
  s.bind(i++, c.leader_user_id);
  s.bind(i++, c.reporter_user_id);
  s.bind(i++, from_enum(c.state));
  s.bind(i++, from_enum(c.state_before_suspend));
  s.bind(i++, from_enum(c.outcome));
  s.bind(i++, c.merged_into);
  s.bind(i++, c.reopen_count);
  s.bind(i++, c.urge_count);
  s.bind(i++, c.version);
  s.bind(i++, c.created_at);
  s.bind(i++, c.updated_at);
  s.bindNoCopy(i++, e.clocks.data(), static_cast<int>(e.clocks.size()));  // a BLOB
  s.bind(i++, c.policy_id);
  s.bind(i++, c.policy_version);
  s.bind(i++, c.next_due);
  s.bind(i++, from_enum(c.colour));
  s.bind(i++, from_enum(c.extension_clock));
  s.bind(i++, c.extension_ms);
  s.bind(i++, c.extension_requested_by);
  s.bind(i++, from_bool(e.provisional));
  s.bind(i++, c.complained_unit_id);
  s.bindNoCopy(i++, e.mediation);
  s.bindNoCopy(i++, e.petition);
  s.bind(i++, e.due_at);
  s.bindNoCopy(i++, e.hotline);
  if (e.has_order) {
    s.bindNoCopy(i++, e.hotline_order);
  } else {
    s.bind(i++);  // NULL: no order, nothing to keep unique
  }
  s.bindNoCopy(i++, e.hazard);
  s.bindNoCopy(i++, e.whistle);
}
constexpr int kCaseFieldCount = 43;

Event read_event(Statement& s) {
  Event e;
  int i = 0;
  e.seq = s.getColumn(i++).getInt64();
  e.case_id = s.getColumn(i++).getInt64();
  e.case_number = s.getColumn(i++).getString();
  e.actor_id = s.getColumn(i++).getInt64();
  e.at = s.getColumn(i++).getInt64();
  e.action = as_enum<Action>(s.getColumn(i++));
  e.from_state = as_enum<CaseState>(s.getColumn(i++));
  e.to_state = as_enum<CaseState>(s.getColumn(i++));
  e.from_level = as_enum<Level>(s.getColumn(i++));
  e.to_level = as_enum<Level>(s.getColumn(i++));
  e.reason = s.getColumn(i++).getString();
  if (!decode_event_details(s.getColumn(i++).getString(), e.details)) {
    throw SQLite::Exception("event " + std::to_string(e.seq) + " has unreadable details",
                            SQLITE_CORRUPT);
  }
  e.case_version = s.getColumn(i++).getInt64();
  e.case_kind = as_enum<CaseKind>(s.getColumn(i++));
  e.handling_unit_id = s.getColumn(i++).getInt64();
  e.location_unit_id = s.getColumn(i++).getInt64();
  return e;
}

User read_user(Statement& s) {
  User u;
  int i = 0;
  u.id = s.getColumn(i++).getInt64();
  u.username = s.getColumn(i++).getString();
  u.display_name = s.getColumn(i++).getString();
  u.role = as_enum<Role>(s.getColumn(i++));
  u.scope_unit_id = s.getColumn(i++).getInt64();
  u.disabled = s.getColumn(i++).getInt() != 0;
  u.password_hash = s.getColumn(i++).getString();
  u.demo_password = s.getColumn(i++).getInt() != 0;
  u.password_changed_at = s.getColumn(i++).getInt64();
  u.must_change_password = s.getColumn(i++).getInt() != 0;
  return u;
}

// Binds username .. must_change_password to parameters 1..9.
void bind_user_fields(Statement& s, const User& u) {
  int i = 1;
  s.bind(i++, u.username);
  s.bind(i++, u.display_name);
  s.bind(i++, from_enum(u.role));
  s.bind(i++, u.scope_unit_id);
  s.bind(i++, from_bool(u.disabled));
  s.bind(i++, u.password_hash);
  s.bind(i++, from_bool(u.demo_password));
  s.bind(i++, u.password_changed_at);
  s.bind(i++, from_bool(u.must_change_password));
}

// Binds code .. retired to parameters 1..6.
void bind_unit_fields(Statement& s, const OrgUnit& u) {
  int i = 1;
  s.bind(i++, u.parent_id);
  s.bind(i++, from_enum(u.type));
  s.bind(i++, u.code);
  s.bind(i++, u.name);
  s.bind(i++, u.case_prefix);
  s.bind(i++, from_bool(u.retired));
}

// An FTS5 query that matches `text` as one phrase: inside double quotes every character is
// literal, and a double quote is written twice.
std::string fts_phrase(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

// Trigram search needs at least three characters; shorter text is matched with instr().
constexpr std::size_t kTrigram = 3;

}  // namespace

// ---------------------------------------------------------------------------- org tree

Result<std::vector<OrgUnit>> SqlView::load_units() {
  return guarded([&]() -> Result<std::vector<OrgUnit>> {
    StatementUse s(c_, "SELECT id, parent_id, type, code, name, case_prefix, retired "
                       "FROM org_units ORDER BY id");
    std::vector<OrgUnit> units;
    while (s->executeStep()) {
      OrgUnit u;
      u.id = s->getColumn(0).getInt64();
      u.parent_id = s->getColumn(1).getInt64();
      u.type = as_enum<UnitType>(s->getColumn(2));
      u.code = s->getColumn(3).getString();
      u.name = s->getColumn(4).getString();
      u.case_prefix = s->getColumn(5).getString();
      u.retired = s->getColumn(6).getInt() != 0;
      units.push_back(std::move(u));
    }
    return units;
  });
}

Result<std::vector<PartyPost>> SqlView::load_party_posts() {
  return guarded([&]() -> Result<std::vector<PartyPost>> {
    StatementUse s(c_, "SELECT id, unit_id, kind, holder_name, holder_user_id "
                       "FROM party_posts ORDER BY id");
    std::vector<PartyPost> posts;
    while (s->executeStep()) {
      PartyPost p;
      p.id = s->getColumn(0).getInt64();
      p.unit_id = s->getColumn(1).getInt64();
      p.kind = as_enum<PartyPostKind>(s->getColumn(2));
      p.holder_name = s->getColumn(3).getString();
      p.holder_user_id = s->getColumn(4).getInt64();
      posts.push_back(std::move(p));
    }
    return posts;
  });
}

Result<std::vector<Category>> SqlView::load_categories() {
  return guarded([&]() -> Result<std::vector<Category>> {
    StatementUse s(c_, "SELECT code, kind, parent_code, name, default_handler, evidence_required "
                       "FROM categories ORDER BY code");
    std::vector<Category> categories;
    while (s->executeStep()) {
      Category c;
      c.code = s->getColumn(0).getString();
      c.kind = as_enum<CaseKind>(s->getColumn(1));
      c.parent_code = s->getColumn(2).getString();
      c.name = s->getColumn(3).getString();
      c.default_handler = as_enum<UnitType>(s->getColumn(4));
      c.evidence_required = s->getColumn(5).getInt() != 0;
      categories.push_back(std::move(c));
    }
    return categories;
  });
}

Result<UnitId> SqlView::insert_unit(OrgUnit& u) {
  return guarded(
      [&]() -> Result<UnitId> {
        StatementUse s(c_, "INSERT INTO org_units(parent_id, type, code, name, case_prefix, retired) "
                           "VALUES (?, ?, ?, ?, ?, ?)");
        bind_unit_fields(*s, u);
        s->exec();
        u.id = c_.db().getLastInsertRowid();
        return u.id;
      },
      reason::UNIT_CODE_TAKEN);
}

Status SqlView::update_unit(const OrgUnit& u) {
  return guarded(
      [&]() -> Status {
        StatementUse s(c_, "UPDATE org_units SET parent_id = ?, type = ?, code = ?, name = ?, "
                           "case_prefix = ?, retired = ? WHERE id = ?");
        bind_unit_fields(*s, u);
        s->bind(7, u.id);
        if (s->exec() == 0) {
          return Status(reason::UNIT_NOT_FOUND, "no unit " + std::to_string(u.id));
        }
        return Status::ok();
      },
      reason::UNIT_CODE_TAKEN);
}

Result<std::int64_t> SqlView::insert_party_post(PartyPost& p) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO party_posts(unit_id, kind, holder_name, holder_user_id) "
                       "VALUES (?, ?, ?, ?)");
    s->bind(1, p.unit_id);
    s->bind(2, from_enum(p.kind));
    s->bind(3, p.holder_name);
    s->bind(4, p.holder_user_id);
    s->exec();
    p.id = c_.db().getLastInsertRowid();
    return p.id;
  });
}

Status SqlView::upsert_category(const Category& c) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO categories(code, kind, parent_code, name, default_handler, "
                       "evidence_required) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET "
                       "kind = excluded.kind, parent_code = excluded.parent_code, name = excluded.name, "
                       "default_handler = excluded.default_handler, "
                       "evidence_required = excluded.evidence_required");
    s->bind(1, c.code);
    s->bind(2, from_enum(c.kind));
    s->bind(3, c.parent_code);
    s->bind(4, c.name);
    s->bind(5, from_enum(c.default_handler));
    s->bind(6, c.evidence_required ? 1 : 0);
    s->exec();
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- users

Result<User> SqlView::get_one_user(const std::string& sql,
                                   const std::function<void(Statement&)>& bind) {
  return guarded([&]() -> Result<User> {
    StatementUse s(c_, sql);
    bind(*s);
    if (!s->executeStep()) return Status(reason::USER_NOT_FOUND, "no such user");
    return read_user(*s);
  });
}

Result<User> SqlView::get_user(UserId id) {
  return get_one_user("SELECT " GC_USER_COLUMNS " FROM users WHERE id = ?",
                      [&](Statement& s) { s.bind(1, id); });
}

Result<User> SqlView::get_user_by_name(const std::string& username) {
  return get_one_user("SELECT " GC_USER_COLUMNS " FROM users WHERE username = ?",
                      [&](Statement& s) { s.bind(1, username); });
}

Result<std::vector<User>> SqlView::list_users() {
  return guarded([&]() -> Result<std::vector<User>> {
    StatementUse s(c_, "SELECT " GC_USER_COLUMNS " FROM users ORDER BY id");
    std::vector<User> users;
    while (s->executeStep()) users.push_back(read_user(*s));
    return users;
  });
}

Result<UserId> SqlView::insert_user(User& u) {
  return guarded(
      [&]() -> Result<UserId> {
        StatementUse s(c_, "INSERT INTO users(username, display_name, role, scope_unit_id, "
                           "disabled, password_hash, demo_password, password_changed_at, "
                           "must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind_user_fields(*s, u);
        s->exec();
        u.id = c_.db().getLastInsertRowid();
        return u.id;
      },
      reason::USERNAME_TAKEN);
}

Status SqlView::update_user(const User& u) {
  return guarded(
      [&]() -> Status {
        StatementUse s(c_, "UPDATE users SET username = ?, display_name = ?, role = ?, "
                           "scope_unit_id = ?, disabled = ?, password_hash = ?, "
                           "demo_password = ?, password_changed_at = ?, must_change_password = ? "
                           "WHERE id = ?");
        bind_user_fields(*s, u);
        s->bind(10, u.id);
        if (s->exec() == 0) {
          return Status(reason::USER_NOT_FOUND, "no user " + std::to_string(u.id));
        }
        return Status::ok();
      },
      reason::USERNAME_TAKEN);
}

Result<SessionRecord> SqlView::get_session(const std::string& token_digest) {
  return guarded([&]() -> Result<SessionRecord> {
    StatementUse s(c_, "SELECT token_digest, user_id, created_at, expires_at, revoked "
                       "FROM sessions WHERE token_digest = ?");
    s->bind(1, token_digest);
    if (!s->executeStep()) return Status(reason::SESSION_NOT_FOUND, "no such session");
    SessionRecord r;
    r.token_digest = s->getColumn(0).getString();
    r.user_id = s->getColumn(1).getInt64();
    r.created_at = s->getColumn(2).getInt64();
    r.expires_at = s->getColumn(3).getInt64();
    r.revoked = s->getColumn(4).getInt() != 0;
    return r;
  });
}

// A digest is random: a repeat replaces the record, as the in-memory store does.
Status SqlView::insert_session(const SessionRecord& r) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO sessions(token_digest, user_id, created_at, expires_at, "
                       "revoked) VALUES (?, ?, ?, ?, ?) ON CONFLICT(token_digest) DO UPDATE SET "
                       "user_id = excluded.user_id, created_at = excluded.created_at, "
                       "expires_at = excluded.expires_at, revoked = excluded.revoked");
    s->bind(1, r.token_digest);
    s->bind(2, r.user_id);
    s->bind(3, r.created_at);
    s->bind(4, r.expires_at);
    s->bind(5, from_bool(r.revoked));
    s->exec();
    return Status::ok();
  });
}

// Revoking a session that does not exist (or no longer exists) is not an error.
Status SqlView::revoke_session(const std::string& token_digest) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE sessions SET revoked = 1 WHERE token_digest = ?");
    s->bind(1, token_digest);
    s->exec();
    return Status::ok();
  });
}

Status SqlView::revoke_user_sessions(UserId user_id) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0");
    s->bind(1, user_id);
    s->exec();
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- cases

void SqlView::load_parties(std::vector<Case>& cases) {
  if (cases.empty()) return;
  std::unordered_map<CaseId, std::size_t> index;
  std::vector<std::int64_t> ids;
  ids.reserve(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    cases[i].parties.clear();
    index.emplace(cases[i].id, i);
    ids.push_back(cases[i].id);
  }
  StatementUse s(c_, "SELECT case_id, name, phone, id_number, role, confidential "
                     "FROM case_parties WHERE case_id IN (SELECT value FROM json_each(?)) "
                     "ORDER BY case_id, position");
  s->bind(1, encode_int_array(ids));
  while (s->executeStep()) {
    CaseParty p;
    p.name = s->getColumn(1).getString();
    p.phone = s->getColumn(2).getString();
    p.id_number = s->getColumn(3).getString();
    p.role = as_enum<PartyRole>(s->getColumn(4));
    p.confidential = s->getColumn(5).getInt() != 0;
    cases[index.at(s->getColumn(0).getInt64())].parties.push_back(std::move(p));
  }
}

void SqlView::store_parties(const Case& c) {
  {
    StatementUse del(c_, "DELETE FROM case_parties WHERE case_id = ?");
    del->bind(1, c.id);
    del->exec();
  }
  int position = 0;
  for (const CaseParty& p : c.parties) {
    StatementUse s(c_, "INSERT INTO case_parties(case_id, position, name, phone, id_number, "
                       "role, confidential) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s->bind(1, c.id);
    s->bind(2, position++);
    s->bind(3, p.name);
    s->bind(4, p.phone);
    s->bind(5, p.id_number);
    s->bind(6, from_enum(p.role));
    s->bind(7, from_bool(p.confidential));
    s->exec();
  }
}

Result<Case> SqlView::get_one_case(const std::string& sql,
                                   const std::function<void(Statement&)>& bind) {
  return guarded([&]() -> Result<Case> {
    std::vector<Case> found;
    {
      StatementUse s(c_, sql);
      bind(*s);
      if (!s->executeStep()) return Status(reason::CASE_NOT_FOUND, "no such case");
      found.push_back(read_case(*s));
    }
    load_parties(found);
    return std::move(found.front());
  });
}

Result<Case> SqlView::get_case(CaseId id) {
  return get_one_case(std::string(kCaseSelect) + " WHERE id = ?",
                      [&](Statement& s) { s.bind(1, id); });
}

Result<Case> SqlView::get_case_by_number(const std::string& number) {
  return get_one_case(std::string(kCaseSelect) + " WHERE number = ?",
                      [&](Statement& s) { s.bind(1, number); });
}

bool SqlView::few_of_kinds(const std::string& kinds) {
  constexpr std::int64_t kFewOfKind = 2000;
  // Counting up to the bound costs as much as a page of a common kind, so a common kind is
  // remembered: cases are seldom deleted, and should one become few again the list is still
  // right, only slower.
  if (c_.common_kinds().count(kinds) != 0) return false;
  StatementUse probe(c_, "SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY cases_kind "
                         "WHERE kind IN (SELECT value FROM json_each(?)) LIMIT ?)");
  probe->bind(1, kinds);
  probe->bind(2, kFewOfKind);
  const bool few = probe->executeStep() && probe->getColumn(0).getInt64() < kFewOfKind;
  if (!few) c_.common_kinds().insert(kinds);
  return few;
}

// A page is the newest matching cases. Most pages are found among the newest few thousand
// cases, so the first pass walks back over at most kWalkRows of them (ids are dense) through
// cases_newest, whose entries carry kind, state and units: a case row is read only when those
// match. Kind, state, category and units are kept off their own indexes (the unary "+"), which
// would otherwise lead the planner to read and sort every case of a kind or state. When that
// pass does not fill the page (rare matches, or an old page token), the rest comes from a
// second pass over the older cases in which the planner may use any index, as it always did. The SQL depends only on
// which filters are set, never on their values, so each shape is prepared once per connection.
// Lists are bound as one JSON array each. A page by deadline is described where it is built.
Result<std::vector<Case>> SqlView::list_cases(const CaseFilter& f) {
  if (f.limit <= 0) return std::vector<Case>{};
  constexpr std::int64_t kWalkRows = 4000;
  using Values = std::vector<std::variant<std::int64_t, std::string>>;
  auto ints = [](const auto& items) {
    std::vector<std::int64_t> out;
    for (const auto& item : items) out.push_back(static_cast<std::int64_t>(item));
    return encode_int_array(out);
  };
  // The filters' WHERE clause; with `off_index`, kind, state, category and units are kept off
  // their indexes (the unary "+").
  // `from` names the index to walk, if any.
  auto where = [&](bool off_index, const char* from, std::string& sql, Values& values) {
    const char* plus = off_index ? "+" : "";
    sql = std::string(kCaseSelect) + from + " WHERE 1";
    values.clear();
    if (!f.kinds.empty()) {
      sql += std::string(" AND ") + plus + "kind IN (SELECT value FROM json_each(?))";
      values.emplace_back(ints(f.kinds));
    }
    if (!f.states.empty()) {
      sql += std::string(" AND ") + plus + "state IN (SELECT value FROM json_each(?))";
      values.emplace_back(ints(f.states));
    }
    if (!f.category_codes.empty()) {
      sql += std::string(" AND ") + plus + "category_code IN (SELECT value FROM json_each(?))";
      values.emplace_back(encode_string_array(f.category_codes));
    }
    if (f.level != Level::kUnspecified) {
      sql += " AND level = ?";
      values.emplace_back(static_cast<std::int64_t>(f.level));
    }
    if (!f.units.empty()) {
      sql += std::string(" AND (") + plus + "location_unit_id IN (SELECT value FROM json_each(?)) OR " + plus +
             "handling_unit_id IN (SELECT value FROM json_each(?))";
      const std::string units = ints(f.units);
      values.emplace_back(units);
      values.emplace_back(units);
      if (!f.whistled_units.empty()) {
        sql += " OR id IN (SELECT case_id FROM case_whistles WHERE unit_id IN (SELECT value FROM json_each(?)))";
        values.emplace_back(ints(f.whistled_units));
      }
      sql += ")";
    }
    if (f.assignee != 0) {
      sql += " AND assignee_user_id = ?";
      values.emplace_back(f.assignee);
    }
    if (f.leader != 0) {
      sql += " AND leader_user_id = ?";
      values.emplace_back(f.leader);
    }
    // Word for word the WHERE clauses of the partial indexes cases_attention and
    // cases_provisional (colour yellow 2 / red 3; level above GRID 1).
    if (f.needs_attention) sql += " AND (colour IN (2, 3) OR level > 1)";
    if (f.provisional_only) sql += " AND provisional = 1";
    // Every word of the search (search_words): the words of three characters or more through
    // the trigram index, together, the shorter ones each by instr(). The cases not yet in the
    // index (index_pending_text) are found by instr() on their rows, as PostgreSQL finds every
    // case: exact and case-sensitive, where the index folds case.
    // The case (of `table`, "" or "c.") holds `word` in its title or description.
    auto holds = [&](const char* table, const std::string& word) {
      sql += std::string(" AND (instr(") + table + "title, ?) > 0 OR instr(" + table + "description, ?) > 0)";
      values.emplace_back(word);
      values.emplace_back(word);
    };
    std::string phrases;
    std::vector<std::string> long_words;
    for (const std::string& word : search_words(f.text)) {
      if (utf8_length(word) >= kTrigram) {
        phrases += (phrases.empty() ? "" : " AND ") + fts_phrase(word);
        long_words.push_back(word);
      } else {
        holds("", word);
      }
    }
    if (!phrases.empty()) {
      // One list of ids from both, so that the page is still read newest first by id, not
      // gathered and sorted; the pending list (a few dozen) leads its join.
      sql += " AND id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ? UNION ALL "
             "SELECT p.case_id FROM cases_fts_pending p CROSS JOIN cases c ON c.id = p.case_id WHERE 1";
      values.emplace_back(phrases);
      for (const std::string& word : long_words) holds("c.", word);
      sql += ")";
    }
  };
  // walk: the first pass, over ids >= floor; otherwise the second, over ids < floor.
  auto build = [&](bool walk, std::int64_t floor, std::int64_t limit, std::string& sql, Values& values) {
    where(walk, walk ? " INDEXED BY cases_newest" : "", sql, values);
    if (f.before_id != 0) {
      sql += " AND id < ?";
      values.emplace_back(f.before_id);
    }
    sql += walk ? " AND id >= ?" : " AND id < ?";
    values.emplace_back(floor);
    sql += " ORDER BY id DESC LIMIT ?";
    values.emplace_back(limit);
  };

  return guarded([&]() -> Result<std::vector<Case>> {
    std::vector<Case> cases;
    auto run = [&](const std::string& sql, const Values& values) {
      StatementUse s(c_, sql);
      int i = 1;
      for (const auto& v : values) {
        if (std::holds_alternative<std::int64_t>(v)) {
          s->bind(i++, std::get<std::int64_t>(v));
        } else {
          s->bind(i++, std::get<std::string>(v));
        }
      }
      while (s->executeStep()) cases.push_back(read_case(*s));
    };
    if (f.order == CaseOrder::kDeadline) {
      // With only kinds, states and units to go by, the planner (knowing the average number
      // of cases of a kind) would scan the whole table newest first even for a kind with a
      // handful of cases: a second on a million cases. Walking cases_due_at for such a kind
      // reads every case with a deadline to find none. So when the kinds asked for have fewer
      // than kFewOfKind cases, both passes read those few through cases_kind and sort them.
      // Otherwise the cases with a deadline come first, walking cases_due_at in order, the
      // other indexes kept out of the planner's way; then those without one, newest first,
      // through cases_newest, whose entries carry those filters. An assignee, leader,
      // attention, provisional or text filter has an index of its own, which the planner picks
      // as before.
      const bool own_index = f.assignee != 0 || f.leader != 0 || f.needs_attention ||
                             f.provisional_only || !f.text.empty();
      const bool few = !own_index && !f.kinds.empty() && few_of_kinds(ints(f.kinds));
      const char* via = few ? " INDEXED BY cases_kind" : "";
      const bool past_deadlines = f.after_id != 0 && f.after_deadline == 0;
      std::string sql;
      Values values;
      if (!past_deadlines) {
        where(!few, via, sql, values);
        sql += " AND due_at > 0";
        if (f.after_id != 0) {
          sql += " AND (due_at, id) > (?, ?)";
          values.emplace_back(f.after_deadline);
          values.emplace_back(f.after_id);
        }
        sql += " ORDER BY due_at, id LIMIT ?";
        values.emplace_back(static_cast<std::int64_t>(f.limit));
        run(sql, values);
      }
      if (static_cast<int>(cases.size()) < f.limit) {
        if (!own_index && !few) via = " INDEXED BY cases_newest";
        where(!own_index && !few, via, sql, values);
        sql += " AND due_at = 0";
        if (past_deadlines) {
          sql += " AND id < ?";
          values.emplace_back(f.after_id);
        }
        sql += " ORDER BY id DESC LIMIT ?";
        values.emplace_back(static_cast<std::int64_t>(f.limit - static_cast<int>(cases.size())));
        run(sql, values);
      }
      load_parties(cases);
      return cases;
    }
    std::int64_t top = f.before_id;
    if (top == 0) {
      StatementUse s(c_, "SELECT coalesce(max(id), 0) + 1 FROM cases");
      s->executeStep();
      top = s->getColumn(0).getInt64();
    }
    const std::int64_t floor = std::max<std::int64_t>(0, top - kWalkRows);
    std::string sql;
    Values values;
    // Text search starts from its own index: no walk.
    if (f.text.empty()) {
      build(true, floor, f.limit, sql, values);
      run(sql, values);
    }
    if (static_cast<int>(cases.size()) < f.limit && (floor > 0 || !f.text.empty())) {
      build(false, f.text.empty() ? floor : top, f.limit - static_cast<int>(cases.size()), sql, values);
      run(sql, values);
    }
    load_parties(cases);
    return cases;
  });
}

Result<Case> SqlView::find_hotline_order(UnitId sub_district, const std::string& order_no) {
  return guarded([&]() -> Result<Case> {
    std::vector<Case> cases;
    {
      StatementUse s(c_, std::string(kCaseSelect) + " WHERE hotline_order = ?");
      s->bind(1, hotline_order_key(sub_district, order_no));
      while (s->executeStep()) cases.push_back(read_case(*s));
    }
    if (cases.empty()) return Status(reason::CASE_NOT_FOUND, "no hotline order " + order_no);
    load_parties(cases);
    return std::move(cases.front());
  });
}

Result<std::vector<Case>> SqlView::cases_by_id_number(const std::string& id_number, int limit) {
  if (id_number.empty() || limit <= 0) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    std::vector<Case> cases;
    {
      StatementUse s(c_, std::string(kCaseSelect) +
                             " WHERE id IN (SELECT case_id FROM case_parties WHERE id_number = ?)"
                             " ORDER BY id DESC LIMIT ?");
      s->bind(1, id_number);
      s->bind(2, static_cast<std::int64_t>(limit));
      while (s->executeStep()) cases.push_back(read_case(*s));
    }
    load_parties(cases);
    return cases;
  });
}

Result<std::vector<Case>> SqlView::cases_by_party(const std::string& name, const std::string& phone, int limit) {
  if (name.empty() == phone.empty() || limit <= 0) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    std::vector<Case> cases;
    {
      StatementUse s(c_, std::string(kCaseSelect) +
                             (name.empty() ? " WHERE id IN (SELECT case_id FROM case_parties WHERE phone = ?)"
                                           : " WHERE id IN (SELECT case_id FROM case_parties WHERE name = ?)") +
                             " ORDER BY id DESC LIMIT ?");
      s->bind(1, name.empty() ? phone : name);
      s->bind(2, static_cast<std::int64_t>(limit));
      while (s->executeStep()) cases.push_back(read_case(*s));
    }
    load_parties(cases);
    return cases;
  });
}

Result<std::vector<Case>> SqlView::cases_near(const std::vector<UnitId>& units,
                                              const std::vector<std::string>& category_codes, TimeMs from, TimeMs to,
                                              int limit, const NearFilter& keep) {
  if (units.empty() || limit <= 0 || from > to) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    // First the newest `limit` of each unit and category, from cases_place_time alone (unit,
    // category, time, kind, address: migration 25), each range walked newest first and left
    // after `limit`: what is read does not grow with the cases a grid had in the window, of
    // whatever category. Then the newest `limit` of them all, and of those only the ones `keep`
    // lets through are read from their rows: in a busy grid most candidates are at other
    // addresses, and reading their rows was most of a create's suggestion.
    struct Entry {
      std::int64_t created_at;
      CaseId id;
      UnitId unit;
      CaseKind kind;
      std::size_t address_at, address_size;  // in `addresses`
    };
    std::vector<Entry> newest;
    std::string addresses;  // every entry's address, one after the other: one allocation, not one each
    {
      std::string sql =
          "SELECT created_at, id, kind, address FROM cases INDEXED BY cases_place_time WHERE location_unit_id = ?";
      if (!category_codes.empty()) sql += " AND category_code = ?";
      sql += " AND created_at BETWEEN ? AND ? ORDER BY created_at DESC LIMIT ?";
      StatementUse s(c_, sql);
      const std::vector<std::string> any{std::string()};
      for (UnitId unit : units) {
        for (const std::string& category : category_codes.empty() ? any : category_codes) {
          int i = 1;
          s->bind(i++, static_cast<std::int64_t>(unit));
          if (!category_codes.empty()) s->bind(i++, category);
          s->bind(i++, static_cast<std::int64_t>(from));
          s->bind(i++, static_cast<std::int64_t>(to));
          s->bind(i++, static_cast<std::int64_t>(limit));
          while (s->executeStep()) {
            const SQLite::Column address = s->getColumn(3);
            const auto size = static_cast<std::size_t>(address.getBytes());
            newest.push_back(Entry{s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), unit,
                                   as_enum<CaseKind>(s->getColumn(2)), addresses.size(), size});
            addresses.append(address.getText(""), size);
          }
          s->reset();
        }
      }
    }
    auto later = [](const Entry& a, const Entry& b) {
      return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
    };
    std::sort(newest.begin(), newest.end(), later);
    // A unit or category named twice.
    newest.erase(std::unique(newest.begin(), newest.end(), [](const Entry& a, const Entry& b) { return a.id == b.id; }),
                 newest.end());
    if (newest.size() > static_cast<std::size_t>(limit)) newest.resize(static_cast<std::size_t>(limit));
    std::vector<std::int64_t> ids;
    ids.reserve(newest.size());
    for (const Entry& n : newest) {
      if (!keep || keep(n.unit, n.kind, addresses.substr(n.address_at, n.address_size))) ids.push_back(n.id);
    }

    std::vector<Case> cases;
    std::vector<Case> petitions;
    cases.reserve(ids.size());
    if (!ids.empty()) {
      // Only what rules a candidate in or out (see ReadView): decoding every column of the
      // candidates was more than half of a create's time in the writer, and reading their
      // descriptions most of what was left (description_openings reads the few still in).
      StatementUse s(c_,
                     "SELECT id, number, kind, category_code, title, location_unit_id, "
                     "address, handling_unit_id, state, merged_into, created_at, whistle, "
                     "CASE WHEN kind = ? THEN petition END "
                     "FROM cases WHERE id IN (SELECT value FROM json_each(?))");
      s->bind(1, from_enum(CaseKind::kPetition));
      s->bind(2, encode_int_array(ids));
      while (s->executeStep()) {
        Case c;
        int k = 0;
        c.id = s->getColumn(k++).getInt64();
        c.number = s->getColumn(k++).getString();
        c.kind = as_enum<CaseKind>(s->getColumn(k++));
        c.category_code = s->getColumn(k++).getString();
        c.title = s->getColumn(k++).getString();
        c.location.unit_id = s->getColumn(k++).getInt64();
        c.location.address = s->getColumn(k++).getString();
        c.handling_unit_id = s->getColumn(k++).getInt64();
        c.state = as_enum<CaseState>(s->getColumn(k++));
        c.merged_into = s->getColumn(k++).getInt64();
        c.created_at = s->getColumn(k++).getInt64();
        const std::string whistle = s->getColumn(k++).getString();
        const std::string petition = s->getColumn(k++).getString();
        if (!decode_whistle(whistle, c.whistle) || !decode_petition(petition, c.petition)) {
          throw SQLite::Exception("case " + std::to_string(c.id) + " has an unreadable petition or whistle record",
                                  SQLITE_CORRUPT);
        }
        (c.kind == CaseKind::kPetition ? petitions : cases).push_back(std::move(c));
      }
    }
    // Parties only for petitions: the one comparison that reads them (the same petitioner).
    load_parties(petitions);
    for (auto& c : petitions) cases.push_back(std::move(c));
    // Back in the order chosen above, by position rather than by sorting whole cases.
    std::unordered_map<CaseId, std::size_t> position;
    for (std::size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
    std::vector<Case> ordered(ids.size());
    for (auto& c : cases) ordered[position.at(c.id)] = std::move(c);
    ordered.erase(std::remove_if(ordered.begin(), ordered.end(), [](const Case& c) { return c.id == 0; }),
                  ordered.end());
    return ordered;
  });
}

Result<std::map<CaseId, std::string>> SqlView::description_openings(const std::vector<CaseId>& ids, int chars) {
  if (ids.empty()) return std::map<CaseId, std::string>{};
  return guarded([&]() -> Result<std::map<CaseId, std::string>> {
    StatementUse s(c_, "SELECT id, substr(description, 1, ?) FROM cases WHERE id IN (SELECT value FROM json_each(?))");
    s->bind(1, std::max(chars, 0));
    s->bind(2, encode_int_array(ids));
    std::map<CaseId, std::string> out;
    while (s->executeStep()) out.emplace(s->getColumn(0).getInt64(), s->getColumn(1).getString());
    return out;
  });
}

void SqlView::index_pending_text(std::int64_t at_least) {
  {
    // Too few listed: nothing to write, not even an emptied table's page.
    const std::int64_t bound = std::max<std::int64_t>(at_least, 1);
    StatementUse listed(c_, "SELECT count(*) FROM (SELECT 1 FROM cases_fts_pending LIMIT ?)");
    listed->bind(1, bound);
    if (!listed->executeStep() || listed->getColumn(0).getInt64() < bound) return;
  }
  StatementUse(c_,
               "INSERT INTO cases_fts(rowid, title, description) "
               "SELECT c.id, c.title, c.description FROM cases_fts_pending p JOIN cases c ON c.id = p.case_id")
      ->exec();
  StatementUse(c_, "DELETE FROM cases_fts_pending")->exec();
}

Result<std::map<CaseState, std::int64_t>> SqlView::count_cases_by_state() {
  return guarded([&]() -> Result<std::map<CaseState, std::int64_t>> {
    StatementUse s(c_, "SELECT state, count(*) FROM cases GROUP BY state");
    std::map<CaseState, std::int64_t> counts;
    while (s->executeStep()) {
      counts[as_enum<CaseState>(s->getColumn(0))] = s->getColumn(1).getInt64();
    }
    return counts;
  });
}

Result<CaseId> SqlView::insert_case(Case& c) {
  return guarded(
      [&]() -> Result<CaseId> {
        {
          StatementUse s(c_, "INSERT INTO cases(" GC_CASE_FIELDS ") VALUES ("
                             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          const EncodedCase encoded(c);
          bind_case_fields(*s, c, encoded);
          s->exec();
        }
        const CaseId id = c_.db().getLastInsertRowid();
        c.id = id;
        store_parties(c);
        store_whistles(c);
        return id;
      },
      reason::CASE_NUMBER_TAKEN);
}

// Only what changed is written: title and description (and so the full-text index, whose
// triggers fire on "UPDATE OF title, description") when they differ, and the parties when they
// differ. A lifecycle action changes neither, and rewriting them was most of its cost.
namespace {

// The columns of `cases` that an index, a unique constraint or a trigger reads, by their
// parameter in bind_case_fields. SQLite rewrites an index entry for every column an UPDATE
// sets, changed or not (and fires a trigger on it): setting each of these only when its value
// changed keeps an update from rewriting fourteen index entries per write, most of them to
// what they were. A column added to an index must be added here: the test "an update sets no
// column that an index or a trigger of cases reads unless it changed" checks the schema.
struct IndexedColumn {
  const char* name;
  int parameter;
};
constexpr IndexedColumn kIndexedCaseColumns[] = {
    {"number", 1},           {"kind", 2},           {"category_code", 3},    {"title", 5},
    {"description", 6},      {"location_unit_id", 7}, {"address", 8},        {"level", 13},
    {"handling_unit_id", 14}, {"assignee_user_id", 15}, {"leader_user_id", 16}, {"state", 18},
    {"merged_into", 21},     {"created_at", 25},    {"next_due", 30},        {"colour", 31},
    {"provisional", 35},     {"due_at", 39},        {"hotline_order", 41},
};
constexpr std::size_t kIndexedCaseColumnCount = sizeof kIndexedCaseColumns / sizeof kIndexedCaseColumns[0];
static_assert(kIndexedCaseColumnCount <= 32, "the changed columns are one bit each of a 32-bit mask");

// "SELECT number IS NOT ?1, ... FROM cases WHERE id = ?44": which indexed columns differ.
std::string changed_columns_query() {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < kIndexedCaseColumnCount; ++i) {
    sql += std::string(i == 0 ? "" : ", ") + kIndexedCaseColumns[i].name + " IS NOT ?" +
           std::to_string(kIndexedCaseColumns[i].parameter);
  }
  return sql + " FROM cases WHERE id = ?" + std::to_string(kCaseFieldCount + 1);
}

// The UPDATE of every column that no index reads, and of the indexed ones in `changed` (bit i:
// kIndexedCaseColumns[i]).
std::string build_case_update(std::uint32_t changed) {
  std::string sql =
      "UPDATE cases SET channel = ?4, has_coordinates = ?9, lat = ?10, lon = ?11, priority = ?12, "
      "reporter_user_id = ?17, state_before_suspend = ?19, outcome = ?20, reopen_count = ?22, urge_count = ?23, "
      "version = ?24, updated_at = ?26, clocks = ?27, policy_id = ?28, policy_version = ?29, extension_clock = ?32, "
      "extension_ms = ?33, extension_requested_by = ?34, complained_unit_id = ?36, mediation = ?37, petition = ?38, "
      "hotline = ?40, hazard = ?42, whistle = ?43";
  for (std::size_t i = 0; i < kIndexedCaseColumnCount; ++i) {
    if ((changed & (1u << i)) == 0) continue;
    sql += std::string(", ") + kIndexedCaseColumns[i].name + " = ?" + std::to_string(kIndexedCaseColumns[i].parameter);
  }
  return sql + " WHERE id = ?" + std::to_string(kCaseFieldCount + 1);
}

// The same, built once per change mask and thread: a handful of masks are ever seen.
const std::string& case_update(std::uint32_t changed) {
  thread_local std::unordered_map<std::uint32_t, std::string> built;
  auto it = built.find(changed);
  if (it == built.end()) it = built.emplace(changed, build_case_update(changed)).first;
  return it->second;
}

}  // namespace

Status SqlView::update_case(const Case& c) {
  return guarded(
      [&]() -> Status {
        static const std::string kChangedQuery = changed_columns_query();
        const EncodedCase encoded(c);
        std::uint32_t changed = 0;
        {
          StatementUse s(c_, kChangedQuery);
          bind_case_fields(*s, c, encoded);
          s->bind(kCaseFieldCount + 1, c.id);
          if (!s->executeStep()) return Status(reason::CASE_NOT_FOUND, "no case " + std::to_string(c.id));
          for (std::size_t i = 0; i < kIndexedCaseColumnCount; ++i) {
            if (s->getColumn(static_cast<int>(i)).getInt() != 0) changed |= 1u << i;
          }
        }
        {
          StatementUse s(c_, case_update(changed));
          bind_case_fields(*s, c, encoded);
          s->bind(kCaseFieldCount + 1, c.id);
          s->exec();
        }
        if (!parties_stored(c)) store_parties(c);
        store_whistles(c);
        return Status::ok();
      },
      reason::CASE_NUMBER_TAKEN);
}

bool SqlView::parties_stored(const Case& c) {
  StatementUse s(c_, "SELECT name, phone, id_number, role, confidential FROM case_parties "
                     "WHERE case_id = ? ORDER BY position");
  s->bind(1, c.id);
  std::size_t i = 0;
  while (s->executeStep()) {
    if (i >= c.parties.size()) return false;
    const CaseParty& p = c.parties[i++];
    if (p.name != s->getColumn(0).getString() || p.phone != s->getColumn(1).getString() ||
        p.id_number != s->getColumn(2).getString() || from_enum(p.role) != s->getColumn(3).getInt() ||
        from_bool(p.confidential) != s->getColumn(4).getInt()) {
      return false;
    }
  }
  return i == c.parties.size();
}

Result<std::int64_t> SqlView::next_case_sequence(const std::string& prefix, int year) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO case_sequences(prefix, year, last) VALUES (?, ?, 1) "
                       "ON CONFLICT(prefix, year) DO UPDATE SET last = last + 1 RETURNING last");
    s->bind(1, prefix);
    s->bind(2, year);
    if (!s->executeStep()) throw SQLite::Exception("case sequence returned no row");
    return s->getColumn(0).getInt64();
  });
}

// ---------------------------------------------------------------------------- history

Result<std::vector<Event>> SqlView::query_events(const std::string& sql,
                                                 const std::function<void(Statement&)>& bind) {
  return guarded([&]() -> Result<std::vector<Event>> {
    StatementUse s(c_, sql);
    bind(*s);
    std::vector<Event> events;
    while (s->executeStep()) events.push_back(read_event(*s));
    return events;
  });
}

Result<std::vector<Event>> SqlView::case_history(CaseId id) {
  Result<std::string> number = guarded([&]() -> Result<std::string> {
    StatementUse s(c_, "SELECT number FROM cases WHERE id = ?");
    s->bind(1, id);
    return s->executeStep() ? s->getColumn(0).getString() : std::string();
  });
  if (!number) return number.status();
  return query_events("SELECT " GC_HISTORY_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq",
                      [&](Statement& s) {
                        s.bind(1, id);
                        s.bind(2, *number);
                      });
}

Result<std::vector<Event>> SqlView::events_since(Seq from, int limit) {
  if (limit <= 0) return std::vector<Event>{};
  return query_events("SELECT " GC_EVENT_COLUMNS " FROM events WHERE seq >= ? ORDER BY seq LIMIT ?",
                      [&](Statement& s) {
                        s.bind(1, from);
                        s.bind(2, limit);
                      });
}

Result<Seq> SqlView::last_seq() {
  return guarded([&]() -> Result<Seq> {
    StatementUse s(c_, "SELECT coalesce(max(seq), 0) FROM events");
    s->executeStep();
    return s->getColumn(0).getInt64();
  });
}

Result<Seq> SqlView::append_event(Event& e) {
  Result<Seq> last = last_seq();
  if (!last.is_ok()) return last.status();
  return guarded([&]() -> Result<Seq> {
    StatementUse s(c_, "INSERT INTO events(" GC_EVENT_STORED_COLUMNS ") "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const Seq seq = *last + 1;
    int i = 1;
    s->bind(i++, seq);
    s->bind(i++, e.case_id);
    s->bind(i++, e.actor_id);
    s->bind(i++, e.at);
    s->bind(i++, from_enum(e.action));
    s->bind(i++, from_enum(e.from_state));
    s->bind(i++, from_enum(e.to_state));
    s->bind(i++, from_enum(e.from_level));
    s->bind(i++, from_enum(e.to_level));
    s->bind(i++, e.reason);
    const std::string details = encode_event_details(e.details);
    s->bind(i++, details.data(), static_cast<int>(details.size()));  // a BLOB (SQLite copies it)
    s->bind(i++, e.case_version);
    s->bind(i++, from_enum(e.case_kind));
    s->bind(i++, e.handling_unit_id);
    s->bind(i++, e.location_unit_id);
    s->exec();
    record_figures(c_, e);
    e.seq = seq;
    return seq;
  });
}

Result<std::vector<FigureRow>> SqlView::figure_rows(const FigureRowQuery& query) {
  return guarded([&]() -> Result<std::vector<FigureRow>> { return query_figure_rows(c_, query); });
}

Result<std::vector<CaseId>> SqlView::figure_cases(const FigureCaseQuery& query) {
  return guarded([&]() -> Result<std::vector<CaseId>> { return query_figure_cases(c_, query); });
}

// ---------------------------------------------------------------------------- requests

Result<RequestRecord> SqlView::find_request(UserId user_id, const std::string& request_id) {
  return guarded([&]() -> Result<RequestRecord> {
    StatementUse s(c_, "SELECT fingerprint, case_id, version, at, made_id FROM requests "
                       "WHERE user_id = ? AND request_id = ?");
    s->bind(1, user_id);
    s->bind(2, request_id);
    if (!s->executeStep()) return Status(reason::REQUEST_NOT_FOUND, "no such request");
    RequestRecord r;
    r.user_id = user_id;
    r.request_id = request_id;
    r.fingerprint = read_fingerprint(s->getColumn(0));
    r.case_id = s->getColumn(1).getInt64();
    r.version = s->getColumn(2).getInt64();
    r.at = s->getColumn(3).getInt64();
    r.made_id = s->getColumn(4).getInt64();
    return r;
  });
}

Status SqlView::save_request(const RequestRecord& r) {
  return guarded(
      [&]() -> Status {
        StatementUse s(c_, "INSERT INTO requests(user_id, request_id, fingerprint, case_id, "
                           "version, at, made_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
        s->bind(1, r.user_id);
        s->bind(2, r.request_id);
        bind_fingerprint(*s, 3, r.fingerprint);
        s->bind(4, r.case_id);
        s->bind(5, r.version);
        s->bind(6, r.at);
        s->bind(7, r.made_id);
        s->exec();
        return Status::ok();
      },
      reason::REQUEST_ID_TAKEN);
}

// Through requests_at (migration 26), oldest first: a round reads what it deletes and no more.
Result<int> SqlView::forget_requests(TimeMs before, int limit) {
  if (limit <= 0) return 0;
  return guarded([&]() -> Result<int> {
    StatementUse s(c_, "DELETE FROM requests WHERE (user_id, request_id) IN (SELECT user_id, request_id "
                       "FROM requests INDEXED BY requests_at WHERE user_id <> 0 AND at < ? ORDER BY at LIMIT ?)");
    s->bind(1, static_cast<std::int64_t>(before));
    s->bind(2, limit);
    return s->exec();
  });
}

}  // namespace gridcase::storage

namespace gridcase::storage {

// ---------------------------------------------------------------------------- deadlines

Result<std::vector<DeadlinePolicy>> SqlView::load_policies() {
  return guarded([&]() -> Result<std::vector<DeadlinePolicy>> {
    StatementUse s(c_, "SELECT p.id, p.version, p.kind, p.category_code, p.priority, p.clocks, "
                       "p.basis FROM policy_current c JOIN policies p "
                       "ON p.id = c.id AND p.version = c.version ORDER BY p.id");
    std::vector<DeadlinePolicy> policies;
    while (s->executeStep()) {
      DeadlinePolicy p;
      p.id = s->getColumn(0).getInt64();
      p.version = s->getColumn(1).getInt();
      p.kind = as_enum<CaseKind>(s->getColumn(2));
      p.category_code = s->getColumn(3).getString();
      p.priority = as_enum<Priority>(s->getColumn(4));
      if (!decode_policy_clocks(s->getColumn(5).getString(), p.clocks)) {
        throw SQLite::Exception("policy " + std::to_string(p.id) + " version " +
                                    std::to_string(p.version) + " has unreadable clocks",
                                SQLITE_CORRUPT);
      }
      p.basis = s->getColumn(6).getString();
      policies.push_back(std::move(p));
    }
    return policies;
  });
}

Result<std::map<int, std::string>> SqlView::load_calendar_years() {
  return guarded([&]() -> Result<std::map<int, std::string>> {
    StatementUse s(c_, "SELECT year, text FROM calendar_years ORDER BY year");
    std::map<int, std::string> years;
    while (s->executeStep()) years[s->getColumn(0).getInt()] = s->getColumn(1).getString();
    return years;
  });
}

// `next_due > 0` lets the planner use the partial index cases_next_due, whose entries end with
// the rowid: the order is next_due, then id, without sorting.
Result<std::vector<CaseId>> SqlView::due_cases(TimeMs until, int limit) {
  if (limit <= 0) return std::vector<CaseId>{};
  return guarded([&]() -> Result<std::vector<CaseId>> {
    StatementUse s(c_, "SELECT id FROM cases WHERE next_due > 0 AND next_due <= ? "
                       "ORDER BY next_due, id LIMIT ?");
    s->bind(1, until);
    s->bind(2, limit);
    std::vector<CaseId> ids;
    while (s->executeStep()) ids.push_back(s->getColumn(0).getInt64());
    return ids;
  });
}

Result<TimeMs> SqlView::earliest_due() {
  return guarded([&]() -> Result<TimeMs> {
    StatementUse s(c_, "SELECT next_due FROM cases WHERE next_due > 0 ORDER BY next_due LIMIT 1");
    if (!s->executeStep()) return TimeMs{0};
    return s->getColumn(0).getInt64();
  });
}

Status SqlView::save_policy(DeadlinePolicy& p) {
  return guarded(
      [&]() -> Status {
        DeadlinePolicy stored = p;
        if (stored.id == 0) {
          StatementUse s(c_, "SELECT coalesce(max(id), 0) + 1 FROM policies");
          s->executeStep();
          stored.id = s->getColumn(0).getInt64();
        }
        insert_policy(c_.db(), stored);
        p.id = stored.id;
        return Status::ok();
      },
      reason::POLICY_VERSION_TAKEN);
}

Status SqlView::save_calendar_year(int year, const std::string& text) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO calendar_years(year, text) VALUES (?, ?) "
                       "ON CONFLICT(year) DO UPDATE SET text = excluded.text");
    s->bind(1, year);
    s->bind(2, text);
    s->exec();
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- population

Result<std::vector<PopulationCount>> SqlView::load_population_counts() {
  return guarded([&]() -> Result<std::vector<PopulationCount>> {
    StatementUse s(c_, "SELECT unit_id, counted_on, residents, households FROM unit_populations "
                       "ORDER BY unit_id, counted_on");
    std::vector<PopulationCount> out;
    while (s->executeStep()) {
      out.push_back(PopulationCount{s->getColumn(0).getInt64(), s->getColumn(1).getInt(), s->getColumn(2).getInt64(),
                                    s->getColumn(3).getInt64()});
    }
    return out;
  });
}

Result<std::vector<ComplaintTarget>> SqlView::load_complaint_targets() {
  return guarded([&]() -> Result<std::vector<ComplaintTarget>> {
    StatementUse s(c_, "SELECT unit_id, per_10k FROM complaint_targets ORDER BY unit_id");
    std::vector<ComplaintTarget> out;
    while (s->executeStep()) out.push_back(ComplaintTarget{s->getColumn(0).getInt64(), s->getColumn(1).getDouble()});
    return out;
  });
}

Status SqlView::save_population_count(const PopulationCount& count) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO unit_populations(unit_id, counted_on, residents, households) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT(unit_id, counted_on) DO UPDATE SET residents = excluded.residents, "
                       "households = excluded.households");
    s->bind(1, count.unit_id);
    s->bind(2, count.counted_on);
    s->bind(3, count.residents);
    s->bind(4, count.households);
    s->exec();
    return Status::ok();
  });
}

Status SqlView::save_complaint_target(const ComplaintTarget& target) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO complaint_targets(unit_id, per_10k) VALUES (?, ?) "
                       "ON CONFLICT(unit_id) DO UPDATE SET per_10k = excluded.per_10k");
    s->bind(1, target.unit_id);
    s->bind(2, target.per_10k);
    s->exec();
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- audit

// One SQL shape per combination of filters, so that the planner picks audit_kind (or the rowid)
// and walks it backwards without sorting.
Result<std::vector<AuditEntry>> SqlView::list_audit(AuditKind kind, std::int64_t before_id, int limit) {
  if (limit <= 0) return std::vector<AuditEntry>{};
  std::string sql = "SELECT id, at, kind, actor_id, username, address, case_id, detail FROM audit WHERE 1";
  if (kind != AuditKind::kUnspecified) sql += " AND kind = ?";
  if (before_id != 0) sql += " AND id < ?";
  sql += " ORDER BY id DESC LIMIT ?";
  return guarded([&]() -> Result<std::vector<AuditEntry>> {
    StatementUse s(c_, sql);
    int i = 1;
    if (kind != AuditKind::kUnspecified) s->bind(i++, from_enum(kind));
    if (before_id != 0) s->bind(i++, before_id);
    s->bind(i++, limit);
    std::vector<AuditEntry> entries;
    while (s->executeStep()) {
      AuditEntry e;
      int k = 0;
      e.id = s->getColumn(k++).getInt64();
      e.at = s->getColumn(k++).getInt64();
      e.kind = as_enum<AuditKind>(s->getColumn(k++));
      e.actor_id = s->getColumn(k++).getInt64();
      e.username = s->getColumn(k++).getString();
      e.address = s->getColumn(k++).getString();
      e.case_id = s->getColumn(k++).getInt64();
      e.detail = s->getColumn(k++).getString();
      entries.push_back(std::move(e));
    }
    return entries;
  });
}

// The id is max + 1 (INTEGER PRIMARY KEY without AUTOINCREMENT): a rolled-back append leaves
// no hole.
Status SqlView::append_audit(AuditEntry& e) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO audit(at, kind, actor_id, username, address, case_id, detail) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)");
    int i = 1;
    s->bind(i++, e.at);
    s->bind(i++, from_enum(e.kind));
    s->bind(i++, e.actor_id);
    s->bind(i++, e.username);
    s->bind(i++, e.address);
    s->bind(i++, e.case_id);
    s->bind(i++, e.detail);
    s->exec();
    e.id = c_.db().getLastInsertRowid();
    return Status::ok();
  });
}

}  // namespace gridcase::storage

// ---------------------------------------------------------------------------- hazards

namespace gridcase::storage {
namespace {

Inspection read_inspection(SQLite::Statement& s) {
  Inspection x;
  int i = 0;
  x.id = s.getColumn(i++).getInt64();
  x.plan_id = s.getColumn(i++).getInt64();
  x.site_unit_id = s.getColumn(i++).getInt64();
  x.site = s.getColumn(i++).getString();
  x.inspector_user_id = s.getColumn(i++).getInt64();
  x.state = static_cast<InspectionState>(s.getColumn(i++).getInt());
  x.due_at = s.getColumn(i++).getInt64();
  x.done_at = s.getColumn(i++).getInt64();
  x.note = s.getColumn(i++).getString();
  if (!decode_findings(s.getColumn(i++).getString(), x.findings)) {
    throw SQLite::Exception("inspection " + std::to_string(x.id) + " has unreadable findings", SQLITE_CORRUPT);
  }
  x.version = s.getColumn(i++).getInt64();
  x.created_at = s.getColumn(i++).getInt64();
  return x;
}

void bind_inspection(SQLite::Statement& s, const Inspection& x) {
  int i = 1;
  s.bind(i++, x.plan_id);
  s.bind(i++, x.site_unit_id);
  s.bind(i++, x.site);
  s.bind(i++, x.inspector_user_id);
  s.bind(i++, static_cast<int>(x.state));
  s.bind(i++, x.due_at);
  s.bind(i++, x.done_at);
  s.bind(i++, x.note);
  s.bind(i++, encode_findings(x.findings));
  s.bind(i++, x.version);
  s.bind(i++, x.created_at);
}

InspectionPlan read_plan(SQLite::Statement& s) {
  InspectionPlan p;
  int i = 0;
  p.id = s.getColumn(i++).getInt64();
  p.site_unit_id = s.getColumn(i++).getInt64();
  p.site = s.getColumn(i++).getString();
  p.period_days = s.getColumn(i++).getInt();
  p.inspector_user_id = s.getColumn(i++).getInt64();
  p.next_due_at = s.getColumn(i++).getInt64();
  p.active = s.getColumn(i++).getInt() != 0;
  p.created_by = s.getColumn(i++).getInt64();
  p.created_at = s.getColumn(i++).getInt64();
  p.inspections_made = s.getColumn(i++).getInt();
  return p;
}

void bind_plan(SQLite::Statement& s, const InspectionPlan& p) {
  int i = 1;
  s.bind(i++, p.site_unit_id);
  s.bind(i++, p.site);
  s.bind(i++, p.period_days);
  s.bind(i++, p.inspector_user_id);
  s.bind(i++, p.next_due_at);
  s.bind(i++, p.active ? 1 : 0);
  s.bind(i++, p.created_by);
  s.bind(i++, p.created_at);
  s.bind(i++, p.inspections_made);
}

std::string unit_array(const std::vector<UnitId>& units) {
  return encode_int_array(std::vector<std::int64_t>(units.begin(), units.end()));
}

}  // namespace

void SqlView::store_whistles(const Case& c) {
  std::vector<std::int64_t> stored;
  {
    StatementUse s(c_, "SELECT unit_id FROM case_whistles WHERE case_id = ? ORDER BY unit_id");
    s->bind(1, c.id);
    while (s->executeStep()) stored.push_back(s->getColumn(0).getInt64());
  }
  std::vector<std::int64_t> wanted;
  for (const auto& call : c.whistle.calls) wanted.push_back(call.department_id);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (stored == wanted) return;
  {
    StatementUse s(c_, "DELETE FROM case_whistles WHERE case_id = ?");
    s->bind(1, c.id);
    s->exec();
  }
  for (std::int64_t unit : wanted) {
    StatementUse s(c_, "INSERT INTO case_whistles(unit_id, case_id) VALUES (?, ?)");
    s->bind(1, unit);
    s->bind(2, c.id);
    s->exec();
  }
}

Result<Inspection> SqlView::get_inspection(std::int64_t id) {
  return guarded([&]() -> Result<Inspection> {
    StatementUse s(c_, "SELECT id, " GC_INSPECTION_FIELDS " FROM inspections WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::INSPECTION_NOT_FOUND, "inspection not found");
    return read_inspection(*s);
  });
}

Result<InspectionPlan> SqlView::get_inspection_plan(std::int64_t id) {
  return guarded([&]() -> Result<InspectionPlan> {
    StatementUse s(c_, "SELECT id, " GC_PLAN_FIELDS " FROM inspection_plans WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::PLAN_NOT_FOUND, "inspection plan not found");
    return read_plan(*s);
  });
}

Result<std::vector<Inspection>> SqlView::list_inspections(const std::vector<UnitId>& units, InspectionState state,
                                                          int limit) {
  return guarded([&]() -> Result<std::vector<Inspection>> {
    // One statement for every filter: an empty list or state 0 matches everything.
    StatementUse s(c_, "SELECT id, " GC_INSPECTION_FIELDS " FROM inspections "
                       "WHERE (?1 = 0 OR site_unit_id IN (SELECT value FROM json_each(?2))) "
                       "AND (?3 = 0 OR state = ?3) ORDER BY id DESC LIMIT ?4");
    s->bind(1, units.empty() ? 0 : 1);
    s->bind(2, unit_array(units));
    s->bind(3, static_cast<int>(state));
    s->bind(4, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<Inspection> out;
    while (s->executeStep()) out.push_back(read_inspection(*s));
    return out;
  });
}

Result<std::vector<InspectionPlan>> SqlView::list_inspection_plans(const std::vector<UnitId>& units, int limit) {
  return guarded([&]() -> Result<std::vector<InspectionPlan>> {
    StatementUse s(c_, "SELECT id, " GC_PLAN_FIELDS " FROM inspection_plans "
                       "WHERE (?1 = 0 OR site_unit_id IN (SELECT value FROM json_each(?2))) "
                       "ORDER BY id DESC LIMIT ?3");
    s->bind(1, units.empty() ? 0 : 1);
    s->bind(2, unit_array(units));
    s->bind(3, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<InspectionPlan> out;
    while (s->executeStep()) out.push_back(read_plan(*s));
    return out;
  });
}

Result<std::vector<std::int64_t>> SqlView::due_inspection_plans(TimeMs until, int limit) {
  return guarded([&]() -> Result<std::vector<std::int64_t>> {
    StatementUse s(c_, "SELECT id FROM inspection_plans WHERE active = 1 AND next_due_at <= ? "
                       "ORDER BY next_due_at, id LIMIT ?");
    s->bind(1, until);
    s->bind(2, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<std::int64_t> out;
    while (s->executeStep()) out.push_back(s->getColumn(0).getInt64());
    return out;
  });
}

Result<TimeMs> SqlView::earliest_plan_due() {
  return guarded([&]() -> Result<TimeMs> {
    StatementUse s(c_, "SELECT coalesce(min(next_due_at), 0) FROM inspection_plans WHERE active = 1");
    s->executeStep();
    return s->getColumn(0).getInt64();
  });
}

Result<std::int64_t> SqlView::insert_inspection(Inspection& x) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO inspections(" GC_INSPECTION_FIELDS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_inspection(*s, x);
    s->exec();
    x.id = c_.db().getLastInsertRowid();
    return x.id;
  });
}

Status SqlView::update_inspection(const Inspection& x) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE inspections SET plan_id = ?1, site_unit_id = ?2, site = ?3, inspector_user_id = ?4, "
                       "state = ?5, due_at = ?6, done_at = ?7, note = ?8, findings = ?9, version = ?10, "
                       "created_at = ?11 WHERE id = ?12");
    bind_inspection(*s, x);
    s->bind(12, x.id);
    if (s->exec() == 0) return Status(reason::INSPECTION_NOT_FOUND, "no inspection " + std::to_string(x.id));
    return Status::ok();
  });
}

Result<std::int64_t> SqlView::insert_inspection_plan(InspectionPlan& p) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO inspection_plans(" GC_PLAN_FIELDS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_plan(*s, p);
    s->exec();
    p.id = c_.db().getLastInsertRowid();
    return p.id;
  });
}

Status SqlView::update_inspection_plan(const InspectionPlan& p) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE inspection_plans SET site_unit_id = ?1, site = ?2, period_days = ?3, "
                       "inspector_user_id = ?4, next_due_at = ?5, active = ?6, created_by = ?7, created_at = ?8, "
                       "inspections_made = ?9 WHERE id = ?10");
    bind_plan(*s, p);
    s->bind(10, p.id);
    if (s->exec() == 0) return Status(reason::PLAN_NOT_FOUND, "no inspection plan " + std::to_string(p.id));
    return Status::ok();
  });
}

// ---- Early warnings -------------------------------------------------------------------------

namespace {

Warning read_warning(SQLite::Statement& s) {
  Warning w;
  if (!decode_warning(s.getColumn(1).getString(), w)) {
    throw SQLite::Exception("warning " + std::to_string(s.getColumn(0).getInt64()) + " is unreadable", SQLITE_CORRUPT);
  }
  w.id = s.getColumn(0).getInt64();
  return w;
}

std::vector<std::int64_t> as_ints(const std::vector<WarningKind>& v) {
  std::vector<std::int64_t> out;
  for (auto x : v) out.push_back(static_cast<std::int64_t>(x));
  return out;
}
std::vector<std::int64_t> as_ints(const std::vector<WarningState>& v) {
  std::vector<std::int64_t> out;
  for (auto x : v) out.push_back(static_cast<std::int64_t>(x));
  return out;
}

}  // namespace

Result<Warning> SqlView::get_warning(std::int64_t id) {
  return guarded([&]() -> Result<Warning> {
    StatementUse s(c_, "SELECT id, body FROM warnings WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::WARNING_NOT_FOUND, "warning not found");
    return read_warning(*s);
  });
}

Result<Warning> SqlView::latest_warning(const std::string& key) {
  return guarded([&]() -> Result<Warning> {
    StatementUse s(c_, "SELECT id, body FROM warnings WHERE key = ? ORDER BY id DESC LIMIT 1");
    s->bind(1, key);
    if (!s->executeStep()) return Status(reason::WARNING_NOT_FOUND, "warning not found");
    return read_warning(*s);
  });
}

Result<std::vector<Warning>> SqlView::list_warnings(const WarningFilter& f) {
  return guarded([&]() -> Result<std::vector<Warning>> {
    StatementUse s(c_, "SELECT id, body FROM warnings "
                       "WHERE (?1 = 0 OR unit_id IN (SELECT value FROM json_each(?2))) "
                       "AND (?3 = 0 OR kind IN (SELECT value FROM json_each(?4))) "
                       "AND (?5 = 0 OR state IN (SELECT value FROM json_each(?6))) "
                       "AND (?7 = 0 OR id < ?7) ORDER BY id DESC LIMIT ?8");
    std::vector<std::int64_t> units(f.units.begin(), f.units.end());
    s->bind(1, f.units.empty() ? 0 : 1);
    s->bind(2, encode_int_array(units));
    s->bind(3, f.kinds.empty() ? 0 : 1);
    s->bind(4, encode_int_array(as_ints(f.kinds)));
    s->bind(5, f.states.empty() ? 0 : 1);
    s->bind(6, encode_int_array(as_ints(f.states)));
    s->bind(7, f.before_id);
    s->bind(8, static_cast<std::int64_t>(f.limit > 0 ? f.limit : -1));
    std::vector<Warning> out;
    while (s->executeStep()) out.push_back(read_warning(*s));
    return out;
  });
}

Result<std::vector<std::pair<int, int>>> SqlView::signal_counts(const std::string& key, int from_day, int to_day) {
  return guarded([&]() -> Result<std::vector<std::pair<int, int>>> {
    StatementUse s(c_, "SELECT day, count FROM signal_counts WHERE key = ? AND day BETWEEN ? AND ? AND count <> 0 "
                       "ORDER BY day");
    s->bind(1, key);
    s->bind(2, from_day);
    s->bind(3, to_day);
    std::vector<std::pair<int, int>> out;
    while (s->executeStep()) out.emplace_back(s->getColumn(0).getInt(), s->getColumn(1).getInt());
    return out;
  });
}

Result<std::vector<WarningPolicy>> SqlView::load_warning_policies() {
  return guarded([&]() -> Result<std::vector<WarningPolicy>> {
    StatementUse s(c_, "SELECT version, body FROM warning_policies ORDER BY version");
    std::vector<WarningPolicy> out;
    while (s->executeStep()) {
      WarningPolicy p;
      if (!decode_warning_policy(s->getColumn(1).getString(), p)) {
        throw SQLite::Exception("warning policy is unreadable", SQLITE_CORRUPT);
      }
      p.version = s->getColumn(0).getInt();
      out.push_back(std::move(p));
    }
    return out;
  });
}

Result<std::int64_t> SqlView::insert_warning(Warning& w) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO warnings(key, unit_id, kind, state, body) VALUES (?, ?, ?, ?, ?)");
    s->bind(1, w.key);
    s->bind(2, w.unit_id);
    s->bind(3, static_cast<int>(w.kind));
    s->bind(4, static_cast<int>(w.state));
    s->bind(5, encode_warning(w));
    s->exec();
    w.id = c_.db().getLastInsertRowid();
    return w.id;
  });
}

Status SqlView::update_warning(const Warning& w) {
  return guarded([&]() -> Status {
    // A warning keeps its key and unit as it grows: it is rewritten where it is, without the two
    // columns its indexes read (SQLite rewrites an index entry for every column an UPDATE sets);
    // only when one of them changed is it set too.
    const char* in_place =
        "UPDATE warnings SET kind = ?3, state = ?4, body = ?5 WHERE id = ?6 AND key = ?1 AND unit_id = ?2";
    const char* moved = "UPDATE warnings SET key = ?1, unit_id = ?2, kind = ?3, state = ?4, body = ?5 WHERE id = ?6";
    const std::string body = encode_warning(w);
    for (const char* sql : {in_place, moved}) {
      StatementUse s(c_, sql);
      s->bind(1, w.key);
      s->bind(2, w.unit_id);
      s->bind(3, static_cast<int>(w.kind));
      s->bind(4, static_cast<int>(w.state));
      s->bind(5, body);
      s->bind(6, w.id);
      if (s->exec() != 0) return Status::ok();
    }
    return Status(reason::WARNING_NOT_FOUND, "no warning " + std::to_string(w.id));
  });
}

Status SqlView::add_signal_count(const std::string& key, int day, int delta) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO signal_counts(key, day, count) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT(key, day) DO UPDATE SET count = count + ?3");
    s->bind(1, key);
    s->bind(2, day);
    s->bind(3, delta);
    s->exec();
    return Status::ok();
  });
}

Status SqlView::save_warning_policy(WarningPolicy& p) {
  return guarded([&]() -> Status {
    StatementUse q(c_, "SELECT coalesce(max(version), 0) + 1 FROM warning_policies");
    q->executeStep();
    p.version = q->getColumn(0).getInt();
    StatementUse s(c_, "INSERT INTO warning_policies(version, body) VALUES (?, ?)");
    s->bind(1, p.version);
    s->bind(2, encode_warning_policy(p));
    s->exec();
    return Status::ok();
  });
}

Result<StallWatch> SqlView::stall_watch(CaseId id) {
  return guarded([&]() -> Result<StallWatch> {
    StatementUse s(c_, "SELECT last_at, warning_id FROM stall_watch WHERE case_id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return StallWatch{};
    return StallWatch{id, s->getColumn(0).getInt64(), s->getColumn(1).getInt64()};
  });
}

// `warning_id = 0` lets the planner use the partial index stall_watch_quiet, in its order.
Result<std::vector<StallWatch>> SqlView::quiet_cases(TimeMs before, int limit) {
  return guarded([&]() -> Result<std::vector<StallWatch>> {
    StatementUse s(c_, "SELECT case_id, last_at FROM stall_watch WHERE warning_id = 0 AND last_at < ? "
                       "ORDER BY last_at, case_id LIMIT ?");
    s->bind(1, before);
    s->bind(2, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<StallWatch> out;
    while (s->executeStep()) out.push_back(StallWatch{s->getColumn(0).getInt64(), s->getColumn(1).getInt64(), 0});
    return out;
  });
}

Status SqlView::watch_stall(const StallWatch& w) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "INSERT INTO stall_watch(case_id, last_at, warning_id) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT(case_id) DO UPDATE SET last_at = ?2, warning_id = ?3");
    s->bind(1, w.case_id);
    s->bind(2, w.last_at);
    s->bind(3, w.warning_id);
    s->exec();
    return Status::ok();
  });
}

Status SqlView::unwatch_stall(CaseId id) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "DELETE FROM stall_watch WHERE case_id = ?");
    s->bind(1, id);
    s->exec();
    return Status::ok();
  });
}

}  // namespace gridcase::storage

// ---------------------------------------------------------------------------- property companies and forums

namespace gridcase::storage {
namespace {

Forum read_forum(SQLite::Statement& s) {
  Forum f;
  int i = 0;
  f.id = s.getColumn(i++).getInt64();
  f.unit_id = s.getColumn(i++).getInt64();
  f.held_on = s.getColumn(i++).getInt();
  f.place = s.getColumn(i++).getString();
  f.attendance = s.getColumn(i++).getInt64();
  f.note = s.getColumn(i++).getString();
  if (!decode_opinions(s.getColumn(i++).getString(), f.opinions)) {
    throw SQLite::Exception("forum " + std::to_string(f.id) + " has unreadable opinions", SQLITE_CORRUPT);
  }
  f.version = s.getColumn(i++).getInt64();
  f.created_by = s.getColumn(i++).getInt64();
  f.created_at = s.getColumn(i++).getInt64();
  return f;
}

void bind_forum(SQLite::Statement& s, const Forum& f) {
  int i = 1;
  s.bind(i++, f.unit_id);
  s.bind(i++, f.held_on);
  s.bind(i++, f.place);
  s.bind(i++, f.attendance);
  s.bind(i++, f.note);
  s.bind(i++, encode_opinions(f.opinions));
  s.bind(i++, f.version);
  s.bind(i++, f.created_by);
  s.bind(i++, f.created_at);
}

}  // namespace

Result<std::vector<Estate>> SqlView::load_estates() {
  return guarded([&]() -> Result<std::vector<Estate>> {
    StatementUse s(c_, "SELECT id, " GC_ESTATE_FIELDS " FROM estates ORDER BY id");
    std::vector<Estate> out;
    while (s->executeStep()) {
      Estate e;
      e.id = s->getColumn(0).getInt64();
      e.company_id = s->getColumn(1).getInt64();
      e.community_id = s->getColumn(2).getInt64();
      e.name = s->getColumn(3).getString();
      e.households = s->getColumn(4).getInt64();
      e.created_at = s->getColumn(5).getInt64();
      out.push_back(std::move(e));
    }
    return out;
  });
}

Result<Forum> SqlView::get_forum(std::int64_t id) {
  return guarded([&]() -> Result<Forum> {
    StatementUse s(c_, "SELECT id, " GC_FORUM_FIELDS " FROM forums WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::FORUM_NOT_FOUND, "forum not found");
    return read_forum(*s);
  });
}

Result<std::vector<Forum>> SqlView::list_forums(const std::vector<UnitId>& units, int limit) {
  return guarded([&]() -> Result<std::vector<Forum>> {
    StatementUse s(c_, "SELECT id, " GC_FORUM_FIELDS " FROM forums "
                       "WHERE (?1 = 0 OR unit_id IN (SELECT value FROM json_each(?2))) ORDER BY id DESC LIMIT ?3");
    s->bind(1, units.empty() ? 0 : 1);
    s->bind(2, encode_int_array(std::vector<std::int64_t>(units.begin(), units.end())));
    s->bind(3, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<Forum> out;
    while (s->executeStep()) out.push_back(read_forum(*s));
    return out;
  });
}

Result<std::int64_t> SqlView::insert_estate(Estate& e) {
  return guarded([&]() -> Result<std::int64_t> {
    {
      StatementUse s(c_, "SELECT 1 FROM estates WHERE community_id = ? AND name = ?");
      s->bind(1, e.community_id);
      s->bind(2, e.name);
      if (s->executeStep()) return Status(reason::ESTATE_EXISTS, "the community has an estate of that name");
    }
    StatementUse s(c_, "INSERT INTO estates(" GC_ESTATE_FIELDS ") VALUES (?, ?, ?, ?, ?)");
    s->bind(1, e.company_id);
    s->bind(2, e.community_id);
    s->bind(3, e.name);
    s->bind(4, e.households);
    s->bind(5, e.created_at);
    s->exec();
    e.id = c_.db().getLastInsertRowid();
    return e.id;
  });
}

Result<std::int64_t> SqlView::insert_forum(Forum& f) {
  return guarded([&]() -> Result<std::int64_t> {
    StatementUse s(c_, "INSERT INTO forums(" GC_FORUM_FIELDS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_forum(*s, f);
    s->exec();
    f.id = c_.db().getLastInsertRowid();
    return f.id;
  });
}

Status SqlView::update_forum(const Forum& f) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE forums SET unit_id = ?1, held_on = ?2, place = ?3, attendance = ?4, note = ?5, "
                       "opinions = ?6, version = ?7, created_by = ?8, created_at = ?9 WHERE id = ?10");
    bind_forum(*s, f);
    s->bind(10, f.id);
    if (s->exec() == 0) return Status(reason::FORUM_NOT_FOUND, "no forum " + std::to_string(f.id));
    return Status::ok();
  });
}

}  // namespace gridcase::storage

// ---------------------------------------------------------------------------- projects

namespace gridcase::storage {
namespace {

Project read_project(SQLite::Statement& s) {
  Project p;
  int i = 0;
  p.id = s.getColumn(i++).getInt64();
  p.name = s.getColumn(i++).getString();
  p.unit_id = s.getColumn(i++).getInt64();
  ++i;  // units: derived from the unit and the estates
  p.state = static_cast<ProjectState>(s.getColumn(i++).getInt());
  p.version = s.getColumn(i++).getInt64();
  p.created_at = s.getColumn(i++).getInt64();
  if (!decode_project_body(s.getColumn(i++).getString(), p)) {
    throw SQLite::Exception("project " + std::to_string(p.id) + " has an unreadable body", SQLITE_CORRUPT);
  }
  return p;
}

void bind_project(SQLite::Statement& s, const Project& p) {
  int i = 1;
  s.bind(i++, p.name);
  s.bind(i++, p.unit_id);
  const auto units = p.units();
  s.bind(i++, encode_int_array(std::vector<std::int64_t>(units.begin(), units.end())));
  s.bind(i++, static_cast<int>(p.state));
  s.bind(i++, p.version);
  s.bind(i++, p.created_at);
  s.bind(i++, encode_project_body(p));
}

}  // namespace

Result<Project> SqlView::get_project(ProjectId id) {
  return guarded([&]() -> Result<Project> {
    StatementUse s(c_, "SELECT id, " GC_PROJECT_FIELDS " FROM projects WHERE id = ?");
    s->bind(1, id);
    if (!s->executeStep()) return Status(reason::PROJECT_NOT_FOUND, "project not found");
    return read_project(*s);
  });
}

Result<std::vector<Project>> SqlView::list_projects(const std::vector<UnitId>& units, ProjectState state, int limit) {
  return guarded([&]() -> Result<std::vector<Project>> {
    // One statement for every filter: an empty list or state 0 matches everything.
    StatementUse s(c_, "SELECT id, " GC_PROJECT_FIELDS " FROM projects "
                       "WHERE (?1 = 0 OR EXISTS (SELECT 1 FROM json_each(projects.units) AS u "
                       "WHERE u.value IN (SELECT value FROM json_each(?2)))) "
                       "AND (?3 = 0 OR state = ?3) ORDER BY id DESC LIMIT ?4");
    s->bind(1, units.empty() ? 0 : 1);
    s->bind(2, encode_int_array(std::vector<std::int64_t>(units.begin(), units.end())));
    s->bind(3, static_cast<int>(state));
    s->bind(4, static_cast<std::int64_t>(limit > 0 ? limit : -1));
    std::vector<Project> out;
    while (s->executeStep()) out.push_back(read_project(*s));
    return out;
  });
}

Result<ProjectId> SqlView::insert_project(Project& p) {
  return guarded([&]() -> Result<ProjectId> {
    StatementUse s(c_, "INSERT INTO projects(" GC_PROJECT_FIELDS ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    bind_project(*s, p);
    s->exec();
    p.id = c_.db().getLastInsertRowid();
    return p.id;
  });
}

Status SqlView::update_project(const Project& p) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "UPDATE projects SET name = ?1, unit_id = ?2, units = ?3, state = ?4, version = ?5, "
                       "created_at = ?6, body = ?7 WHERE id = ?8");
    bind_project(*s, p);
    s->bind(8, p.id);
    if (s->exec() == 0) return Status(reason::PROJECT_NOT_FOUND, "no project " + std::to_string(p.id));
    return Status::ok();
  });
}

}  // namespace gridcase::storage
