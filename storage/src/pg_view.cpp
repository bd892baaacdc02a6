#include "pg_view.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "deadline_rows.hpp"
#include "event_rows.hpp"
#include "gridcase/text.hpp"
#include "hazard_rows.hpp"
#include "kind_rows.hpp"
#include "property_rows.hpp"
#include "project_rows.hpp"
#include "request_rows.hpp"
#include "warning_rows.hpp"

namespace gridcase::storage::pg {
namespace {

// Column lists, in the order the readers and binders below use: SQLite's (sql_view.cpp).
#define GC_CASE_FIELDS                                                                       \
  "number, kind, category_code, channel, title, description, location_unit_id, address, "  \
  "has_coordinates, lat, lon, priority, level, handling_unit_id, assignee_user_id, "        \
  "leader_user_id, reporter_user_id, state, state_before_suspend, outcome, merged_into, "   \
  "reopen_count, urge_count, version, created_at, updated_at, clocks, policy_id, "          \
  "policy_version, next_due, colour, extension_clock, extension_ms, extension_requested_by, " \
  "provisional, complained_unit_id, mediation, petition, due_at, hotline, hotline_order, hazard, whistle"
#define GC_CASE_VALUES                                                                            \
  "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, " \
  "$22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, "  \
  "$41, $42, $43"
// An event's columns, its case's number looked up for each row ...
#define GC_EVENT_COLUMNS                                                                    \
  "seq, case_id, coalesce((SELECT number FROM cases WHERE cases.id = events.case_id), ''), " \
  GC_EVENT_REST
// ... or once, for a history of case $1.
#define GC_HISTORY_COLUMNS \
  "seq, case_id, coalesce((SELECT number FROM cases WHERE cases.id = $1), ''), " GC_EVENT_REST
#define GC_EVENT_REST                                         \
  "actor_id, at, action, from_state, to_state, from_level, " \
  "to_level, reason, details, case_version, case_kind, handling_unit_id, location_unit_id"
#define GC_USER_COLUMNS                                                                     \
  "id, username, display_name, role, scope_unit_id, disabled, password_hash, demo_password, " \
  "password_changed_at, must_change_password"

// What insert and update write: the fields, and the search bigrams derived from them.
#define GC_CASE_WRITTEN_FIELDS GC_CASE_FIELDS ", bigrams"
#define GC_CASE_WRITTEN_VALUES GC_CASE_VALUES ", $44"

constexpr const char* kCaseSelect = "SELECT id, " GC_CASE_FIELDS " FROM cases";
constexpr int kCaseWrittenCount = 44;

template <typename E>
E as_enum(const Rows& r, int row, int column) {
  return static_cast<E>(r.i32(row, column));
}

template <typename E>
int from_enum(E value) {
  return static_cast<int>(value);
}

// A PostgreSQL array literal of integers: {1,2,3}.
template <typename T>
std::string int_array(const std::vector<T>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(static_cast<std::int64_t>(items[i]));
  }
  return out + "}";
}

}  // namespace

// A PostgreSQL array literal of strings, each quoted: {"a","b\"c"}.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// Each two characters in a row of `title` and of `description` (not across the two), once:
// the `bigrams` a two-character word is looked up in (SCALEOUT.md: pg_trgm does not index
// words shorter than three characters, nor does SQLite's trigram index).
std::vector<std::string> search_bigrams(const std::string& title, const std::string& description) {
  std::set<std::string> out;
  for (const std::string* text : {&title, &description}) {
    std::size_t previous = std::string::npos;  // where the previous character starts
    for (std::size_t i = 0; i <= text->size(); ++i) {
      const bool starts = i == text->size() || (static_cast<unsigned char>((*text)[i]) & 0xC0) != 0x80;
      if (!starts) continue;
      if (previous != std::string::npos && i < text->size()) {
        std::size_t end = i + 1;
        while (end < text->size() && (static_cast<unsigned char>((*text)[end]) & 0xC0) == 0x80) ++end;
        out.insert(text->substr(previous, end - previous));
      }
      previous = i;
    }
  }
  return std::vector<std::string>(out.begin(), out.end());
}

namespace {

Case read_case(const Rows& r, int row) {
  Case c;
  int i = 0;
  c.id = r.i64(row, i++);
  c.number = r.str(row, i++);
  c.kind = as_enum<CaseKind>(r, row, i++);
  c.category_code = r.str(row, i++);
  c.channel = as_enum<Channel>(r, row, i++);
  c.title = r.str(row, i++);
  c.description = r.str(row, i++);
  c.location.unit_id = r.i64(row, i++);
  c.location.address = r.str(row, i++);
  c.location.has_coordinates = r.i64(row, i++) != 0;
  c.location.lat = r.f64(row, i++);
  c.location.lon = r.f64(row, i++);
  c.priority = as_enum<Priority>(r, row, i++);
  c.level = as_enum<Level>(r, row, i++);
  c.handling_unit_id = r.i64(row, i++);
  c.assignee_user_id = r.i64(row, i++);
  c.leader_user_id = r.i64(row, i++);
  c.reporter_user_id = r.i64(row, i++);
  c.state = as_enum<CaseState>(r, row, i++);
  c.state_before_suspend = as_enum<CaseState>(r, row, i++);
  c.outcome = as_enum<Outcome>(r, row, i++);
  c.merged_into = r.i64(row, i++);
  c.reopen_count = r.i32(row, i++);
  c.urge_count = r.i32(row, i++);
  c.version = r.i64(row, i++);
  c.created_at = r.i64(row, i++);
  c.updated_at = r.i64(row, i++);
  if (!decode_case_clocks(r.bytes(row, i++), c.clocks)) {
    throw CorruptRow("case " + std::to_string(c.id) + " has unreadable clocks");
  }
  c.policy_id = r.i64(row, i++);
  c.policy_version = r.i32(row, i++);
  c.next_due = r.i64(row, i++);
  c.colour = as_enum<Colour>(r, row, i++);
  c.extension_clock = as_enum<ClockKind>(r, row, i++);
  c.extension_ms = r.i64(row, i++);
  c.extension_requested_by = r.i64(row, i++);
  ++i;  // provisional: derived from the clocks
  c.complained_unit_id = r.i64(row, i++);
  const int mediation = i++;
  const int petition = i++;
  ++i;  // due_at: derived from the clocks
  const int hotline = i++;
  ++i;  // hotline_order: derived from the hotline record
  if (!decode_mediation(r.view(row, mediation), c.mediation) ||
      !decode_petition(r.view(row, petition), c.petition) || !decode_hotline(r.view(row, hotline), c.hotline)) {
    throw CorruptRow("case " + std::to_string(c.id) + " has an unreadable mediation, petition or hotline record");
  }
  if (!decode_hazard(r.view(row, i), c.hazard) || !decode_whistle(r.view(row, i + 1), c.whistle)) {
    throw CorruptRow("case " + std::to_string(c.id) + " has an unreadable hazard or whistle record");
  }
  return c;
}

// GC_CASE_FIELDS as $1..$43, the derived columns included.
Params case_params(const Case& c) {
  Params p;
  p.add(c.number)
      .add(from_enum(c.kind))
      .add(c.category_code)
      .add(from_enum(c.channel))
      .add(c.title)
      .add(c.description)
      .add(c.location.unit_id)
      .add(c.location.address)
      .add(c.location.has_coordinates)
      .add(c.location.lat)
      .add(c.location.lon)
      .add(from_enum(c.priority))
      .add(from_enum(c.level))
      .add(c.handling_unit_id)
      .add(c.assignee_user_id)
      .add(c.leader_user_id)
      .add(c.reporter_user_id)
      .add(from_enum(c.state))
      .add(from_enum(c.state_before_suspend))
      .add(from_enum(c.outcome))
      .add(c.merged_into)
      .add(c.reopen_count)
      .add(c.urge_count)
      .add(c.version)
      .add(c.created_at)
      .add(c.updated_at)
      .bytes(encode_case_clocks(c.clocks))
      .add(c.policy_id)
      .add(c.policy_version)
      .add(c.next_due)
      .add(from_enum(c.colour))
      .add(from_enum(c.extension_clock))
      .add(c.extension_ms)
      .add(c.extension_requested_by)
      .add(has_provisional_deadline(c.clocks))
      .add(c.complained_unit_id)
      .add(c.kind == CaseKind::kDispute ? encode_mediation(c.mediation) : std::string())
      .add(c.kind == CaseKind::kPetition ? encode_petition(c.petition) : std::string())
      .add(static_cast<std::int64_t>(earliest_deadline(c.clocks)));
  const bool order = c.kind == CaseKind::kHotline && !c.hotline.intake.order_no.empty();
  p.add(order ? encode_hotline(c.hotline) : std::string());
  if (order) {
    p.add(hotline_order_key(c.hotline.sub_district_id, c.hotline.intake.order_no));
  } else {
    p.null();  // no order, nothing to keep unique
  }
  p.add(c.kind == CaseKind::kHazard ? encode_hazard(c.hazard) : std::string());
  p.add(encode_whistle(c.whistle));
  p.add(text_array(search_bigrams(c.title, c.description)));
  return p;
}

Event read_event(const Rows& r, int row) {
  Event e;
  int i = 0;
  e.seq = r.i64(row, i++);
  e.case_id = r.i64(row, i++);
  e.case_number = r.str(row, i++);
  e.actor_id = r.i64(row, i++);
  e.at = r.i64(row, i++);
  e.action = as_enum<Action>(r, row, i++);
  e.from_state = as_enum<CaseState>(r, row, i++);
  e.to_state = as_enum<CaseState>(r, row, i++);
  e.from_level = as_enum<Level>(r, row, i++);
  e.to_level = as_enum<Level>(r, row, i++);
  e.reason = r.str(row, i++);
  if (!decode_event_details(r.bytes(row, i++), e.details)) {
    throw CorruptRow("event " + std::to_string(e.seq) + " has unreadable details");
  }
  e.case_version = r.i64(row, i++);
  e.case_kind = as_enum<CaseKind>(r, row, i++);
  e.handling_unit_id = r.i64(row, i++);
  e.location_unit_id = r.i64(row, i++);
  return e;
}

User read_user(const Rows& r, int row) {
  User u;
  int i = 0;
  u.id = r.i64(row, i++);
  u.username = r.str(row, i++);
  u.display_name = r.str(row, i++);
  u.role = as_enum<Role>(r, row, i++);
  u.scope_unit_id = r.i64(row, i++);
  u.disabled = r.i64(row, i++) != 0;
  u.password_hash = r.str(row, i++);
  u.demo_password = r.i64(row, i++) != 0;
  u.password_changed_at = r.i64(row, i++);
  u.must_change_password = r.i64(row, i++) != 0;
  return u;
}

// username .. must_change_password as $1..$9.
Params user_params(const User& u) {
  Params p;
  p.add(u.username)
      .add(u.display_name)
      .add(from_enum(u.role))
      .add(u.scope_unit_id)
      .add(u.disabled)
      .add(u.password_hash)
      .add(u.demo_password)
      .add(u.password_changed_at)
      .add(u.must_change_password);
  return p;
}

// parent_id .. retired as $1..$6.
Params unit_params(const OrgUnit& u) {
  Params p;
  p.add(u.parent_id).add(from_enum(u.type)).add(u.code).add(u.name).add(u.case_prefix).add(u.retired);
  return p;
}

// pg_trgm's index serves a LIKE pattern with three characters or more between its wildcards;
// shorter words are matched by strpos() (as SqlView does with instr()).
constexpr std::size_t kTrigram = 3;

// A LIKE pattern matching any text that holds `word`: %word% with backslash, '%' and '_' each
// escaped by a backslash (LIKE's default escape character), so that each is taken literally.
std::string like_substring(const std::string& word) {
  std::string out = "%";
  for (char ch : word) {
    if (ch == '\\' || ch == '%' || ch == '_') out += '\\';
    out += ch;
  }
  return out + "%";
}

// A limit of "none" (<= 0) as SQL NULL (LIMIT NULL: no limit).
Params& add_limit(Params& p, int limit) {
  return limit > 0 ? p.add(limit) : p.null();
}

}  // namespace

// ---------------------------------------------------------------------------- org tree

Result<std::vector<OrgUnit>> PgView::load_units() {
  return guarded([&]() -> Result<std::vector<OrgUnit>> {
    Rows r = c_.exec("SELECT id, parent_id, type, code, name, case_prefix, retired FROM org_units ORDER BY id");
    std::vector<OrgUnit> units;
    for (int row = 0; row < r.size(); ++row) {
      OrgUnit u;
      u.id = r.i64(row, 0);
      u.parent_id = r.i64(row, 1);
      u.type = as_enum<UnitType>(r, row, 2);
      u.code = r.str(row, 3);
      u.name = r.str(row, 4);
      u.case_prefix = r.str(row, 5);
      u.retired = r.i64(row, 6) != 0;
      units.push_back(std::move(u));
    }
    return units;
  });
}

Result<std::vector<PartyPost>> PgView::load_party_posts() {
  return guarded([&]() -> Result<std::vector<PartyPost>> {
    Rows r = c_.exec("SELECT id, unit_id, kind, holder_name, holder_user_id FROM party_posts ORDER BY id");
    std::vector<PartyPost> posts;
    for (int row = 0; row < r.size(); ++row) {
      PartyPost p;
      p.id = r.i64(row, 0);
      p.unit_id = r.i64(row, 1);
      p.kind = as_enum<PartyPostKind>(r, row, 2);
      p.holder_name = r.str(row, 3);
      p.holder_user_id = r.i64(row, 4);
      posts.push_back(std::move(p));
    }
    return posts;
  });
}

Result<std::vector<Category>> PgView::load_categories() {
  return guarded([&]() -> Result<std::vector<Category>> {
    Rows r = c_.exec("SELECT code, kind, parent_code, name, default_handler, evidence_required "
                     "FROM categories ORDER BY code");
    std::vector<Category> categories;
    for (int row = 0; row < r.size(); ++row) {
      Category c;
      c.code = r.str(row, 0);
      c.kind = as_enum<CaseKind>(r, row, 1);
      c.parent_code = r.str(row, 2);
      c.name = r.str(row, 3);
      c.default_handler = as_enum<UnitType>(r, row, 4);
      c.evidence_required = r.i64(row, 5) != 0;
      categories.push_back(std::move(c));
    }
    return categories;
  });
}

Result<UnitId> PgView::insert_unit(OrgUnit& u) {
  return guarded([&]() -> Result<UnitId> {
    Rows r = c_.exec("INSERT INTO org_units(id, parent_id, type, code, name, case_prefix, retired) "
                     "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM org_units), $1, $2, $3, $4, $5, $6) "
                     "ON CONFLICT DO NOTHING RETURNING id",
                     unit_params(u));
    if (r.empty()) return Status(reason::UNIT_CODE_TAKEN, "unit code " + u.code + " is taken");
    u.id = r.i64(0, 0);
    return u.id;
  });
}

Status PgView::update_unit(const OrgUnit& u) {
  return guarded([&]() -> Status {
    // Under the writers' lock nothing changes between these looks and the update.
    if (c_.exec("SELECT 1 FROM org_units WHERE id = $1", Params().add(u.id)).empty()) {
      return Status(reason::UNIT_NOT_FOUND, "no unit " + std::to_string(u.id));
    }
    if (!c_.exec("SELECT 1 FROM org_units WHERE code = $1 AND id <> $2", Params().add(u.code).add(u.id)).empty()) {
      return Status(reason::UNIT_CODE_TAKEN, "unit code " + u.code + " is taken");
    }
    Params p = unit_params(u);
    p.add(u.id);
    Rows r = c_.exec("UPDATE org_units SET parent_id = $1, type = $2, code = $3, name = $4, case_prefix = $5, "
                     "retired = $6 WHERE id = $7",
                     p);
    if (r.affected() == 0) return Status(reason::UNIT_NOT_FOUND, "no unit " + std::to_string(u.id));
    return Status::ok();
  });
}

Result<std::int64_t> PgView::insert_party_post(PartyPost& p) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO party_posts(id, unit_id, kind, holder_name, holder_user_id) "
                     "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM party_posts), $1, $2, $3, $4) RETURNING id",
                     Params().add(p.unit_id).add(from_enum(p.kind)).add(p.holder_name).add(p.holder_user_id));
    p.id = r.i64(0, 0);
    return p.id;
  });
}

Status PgView::upsert_category(const Category& c) {
  return guarded([&]() -> Status {
    c_.exec("INSERT INTO categories(code, kind, parent_code, name, default_handler, evidence_required) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, "
            "parent_code = excluded.parent_code, name = excluded.name, "
            "default_handler = excluded.default_handler, evidence_required = excluded.evidence_required",
            Params()
                .add(c.code)
                .add(from_enum(c.kind))
                .add(c.parent_code)
                .add(c.name)
                .add(from_enum(c.default_handler))
                .add(c.evidence_required));
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- users

Result<User> PgView::get_user(UserId id) {
  return guarded([&]() -> Result<User> {
    Rows r = c_.exec("SELECT " GC_USER_COLUMNS " FROM users WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::USER_NOT_FOUND, "no such user");
    return read_user(r, 0);
  });
}

Result<User> PgView::get_user_by_name(const std::string& username) {
  return guarded([&]() -> Result<User> {
    Rows r = c_.exec("SELECT " GC_USER_COLUMNS " FROM users WHERE username = $1", Params().add(username));
    if (r.empty()) return Status(reason::USER_NOT_FOUND, "no such user");
    return read_user(r, 0);
  });
}

Result<std::vector<User>> PgView::list_users() {
  return guarded([&]() -> Result<std::vector<User>> {
    Rows r = c_.exec("SELECT " GC_USER_COLUMNS " FROM users ORDER BY id");
    std::vector<User> users;
    for (int row = 0; row < r.size(); ++row) users.push_back(read_user(r, row));
    return users;
  });
}

Result<UserId> PgView::insert_user(User& u) {
  return guarded([&]() -> Result<UserId> {
    Rows r = c_.exec("INSERT INTO users(id, username, display_name, role, scope_unit_id, disabled, password_hash, "
                     "demo_password, password_changed_at, must_change_password) "
                     "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM users), $1, $2, $3, $4, $5, $6, $7, $8, $9) "
                     "ON CONFLICT DO NOTHING RETURNING id",
                     user_params(u));
    if (r.empty()) return Status(reason::USERNAME_TAKEN, "username " + u.username + " is taken");
    u.id = r.i64(0, 0);
    return u.id;
  });
}

Status PgView::update_user(const User& u) {
  return guarded([&]() -> Status {
    if (c_.exec("SELECT 1 FROM users WHERE id = $1", Params().add(u.id)).empty()) {
      return Status(reason::USER_NOT_FOUND, "no user " + std::to_string(u.id));
    }
    if (!c_.exec("SELECT 1 FROM users WHERE username = $1 AND id <> $2", Params().add(u.username).add(u.id))
             .empty()) {
      return Status(reason::USERNAME_TAKEN, "username " + u.username + " is taken");
    }
    Params p = user_params(u);
    p.add(u.id);
    Rows r = c_.exec("UPDATE users SET username = $1, display_name = $2, role = $3, scope_unit_id = $4, "
                     "disabled = $5, password_hash = $6, demo_password = $7, password_changed_at = $8, "
                     "must_change_password = $9 WHERE id = $10",
                     p);
    if (r.affected() == 0) return Status(reason::USER_NOT_FOUND, "no user " + std::to_string(u.id));
    return Status::ok();
  });
}

Result<SessionRecord> PgView::get_session(const std::string& token_digest) {
  return guarded([&]() -> Result<SessionRecord> {
    Rows r = c_.exec("SELECT token_digest, user_id, created_at, expires_at, revoked FROM sessions "
                     "WHERE token_digest = $1",
                     Params().add(token_digest));
    if (r.empty()) return Status(reason::SESSION_NOT_FOUND, "no such session");
    SessionRecord s;
    s.token_digest = r.str(0, 0);
    s.user_id = r.i64(0, 1);
    s.created_at = r.i64(0, 2);
    s.expires_at = r.i64(0, 3);
    s.revoked = r.i64(0, 4) != 0;
    return s;
  });
}

// A digest is random: a repeat replaces the record, as the other stores do.
Status PgView::insert_session(const SessionRecord& s) {
  return guarded([&]() -> Status {
    c_.exec("INSERT INTO sessions(token_digest, user_id, created_at, expires_at, revoked) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_digest) DO UPDATE SET user_id = excluded.user_id, "
            "created_at = excluded.created_at, expires_at = excluded.expires_at, revoked = excluded.revoked",
            Params().add(s.token_digest).add(s.user_id).add(s.created_at).add(s.expires_at).add(s.revoked));
    return Status::ok();
  });
}

Status PgView::revoke_session(const std::string& token_digest) {
  return guarded([&]() -> Status {
    c_.exec("UPDATE sessions SET revoked = 1 WHERE token_digest = $1", Params().add(token_digest));
    return Status::ok();
  });
}

Status PgView::revoke_user_sessions(UserId user_id) {
  return guarded([&]() -> Status {
    c_.exec("UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND revoked = 0", Params().add(user_id));
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- cases

void PgView::load_parties(std::vector<Case>& cases) {
  if (cases.empty()) return;
  std::unordered_map<CaseId, std::size_t> index;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    cases[i].parties.clear();
    index.emplace(cases[i].id, i);
    ids.push_back(cases[i].id);
  }
  Rows r = c_.exec("SELECT case_id, name, phone, id_number, role, confidential FROM case_parties "
                   "WHERE case_id = ANY($1::bigint[]) ORDER BY case_id, position",
                   Params().add(int_array(ids)));
  for (int row = 0; row < r.size(); ++row) {
    CaseParty p;
    p.name = r.str(row, 1);
    p.phone = r.str(row, 2);
    p.id_number = r.str(row, 3);
    p.role = as_enum<PartyRole>(r, row, 4);
    p.confidential = r.i64(row, 5) != 0;
    cases[index.at(r.i64(row, 0))].parties.push_back(std::move(p));
  }
  if (remember_parties_) {
    for (const Case& c : cases) stored_parties_[c.id] = c.parties;
  }
}

namespace {

bool same_parties(const std::vector<CaseParty>& a, const std::vector<CaseParty>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].phone != b[i].phone || a[i].id_number != b[i].id_number ||
        a[i].role != b[i].role || a[i].confidential != b[i].confidential) {
      return false;
    }
  }
  return true;
}

}  // namespace

void PgView::store_parties(const Case& c) {
  if (remember_parties_) {
    auto stored = stored_parties_.find(c.id);
    if (stored != stored_parties_.end() && same_parties(stored->second, c.parties)) return;
    stored_parties_[c.id] = c.parties;
  }
  // Deferred (PgConnection::defer): nothing here is read back, and the answers come with the
  // write's next statement.
  c_.defer("DELETE FROM case_parties WHERE case_id = $1", Params().add(c.id));
  int position = 0;
  for (const CaseParty& p : c.parties) {
    c_.defer("INSERT INTO case_parties(case_id, position, name, phone, id_number, role, confidential) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Params()
                .add(c.id)
                .add(position++)
                .add(p.name)
                .add(p.phone)
                .add(p.id_number)
                .add(from_enum(p.role))
                .add(p.confidential));
  }
}

void PgView::store_whistles(const Case& c) {
  std::vector<std::int64_t> wanted;
  for (const auto& call : c.whistle.calls) wanted.push_back(call.department_id);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::vector<std::int64_t> stored;
  Rows r = c_.exec("SELECT unit_id FROM case_whistles WHERE case_id = $1 ORDER BY unit_id", Params().add(c.id));
  for (int row = 0; row < r.size(); ++row) stored.push_back(r.i64(row, 0));
  if (stored == wanted) return;
  c_.exec("DELETE FROM case_whistles WHERE case_id = $1", Params().add(c.id));
  for (std::int64_t unit : wanted) {
    c_.exec("INSERT INTO case_whistles(unit_id, case_id) VALUES ($1, $2)", Params().add(unit).add(c.id));
  }
}

std::vector<Case> PgView::query_cases(const std::string& sql, const Params& params, const char* then) {
  Rows r = c_.exec(sql, params);
  if (then != nullptr) c_.defer(then);  // goes out ahead of the parties' read
  std::vector<Case> cases;
  cases.reserve(static_cast<std::size_t>(r.size()));
  for (int row = 0; row < r.size(); ++row) cases.push_back(read_case(r, row));
  load_parties(cases);
  return cases;
}

Result<Case> PgView::get_one_case(const std::string& where, const Params& params) {
  return guarded([&]() -> Result<Case> {
    std::vector<Case> found = query_cases(std::string(kCaseSelect) + where, params);
    if (found.empty()) return Status(reason::CASE_NOT_FOUND, "no such case");
    return std::move(found.front());
  });
}

Result<Case> PgView::get_case(CaseId id) { return get_one_case(" WHERE id = $1", Params().add(id)); }

Result<Case> PgView::get_case_by_number(const std::string& number) {
  return get_one_case(" WHERE number = $1", Params().add(number));
}

Result<Case> PgView::find_hotline_order(UnitId sub_district, const std::string& order_no) {
  return guarded([&]() -> Result<Case> {
    std::vector<Case> found = query_cases(std::string(kCaseSelect) + " WHERE hotline_order = $1",
                                          Params().add(hotline_order_key(sub_district, order_no)));
    if (found.empty()) return Status(reason::CASE_NOT_FOUND, "no hotline order " + order_no);
    return std::move(found.front());
  });
}

// The same answers as SqlView::list_cases. The text filter asks every word of the search
// (search_words) to be a substring of the title or of the description: exact, case-sensitive,
// '%' and '_' literal, as SQLite's trigram index and instr() together answer; words of three
// characters or more by LIKE through the pg_trgm indexes, of two through the bigram index
// (checked again by strpos()), of one by strpos() alone.
Result<std::vector<Case>> PgView::list_cases(const CaseFilter& f) {
  if (f.limit <= 0) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    Params params;
    int n = 0;
    auto next = [&]() { return "$" + std::to_string(++n); };
    std::string where = " WHERE true";
    if (f.kinds.size() == 1) {
      // One kind as a value, not an array: a page by deadline then walks cases_kind_due in order.
      where += " AND kind = " + next() + "::integer";
      params.add(from_enum(f.kinds[0]));
    } else if (!f.kinds.empty()) {
      where += " AND kind = ANY(" + next() + "::integer[])";
      params.add(int_array(f.kinds));
    }
    if (!f.states.empty()) {
      where += " AND state = ANY(" + next() + "::integer[])";
      params.add(int_array(f.states));
    }
    if (!f.category_codes.empty()) {
      where += " AND category_code = ANY(" + next() + "::text[])";
      params.add(text_array(f.category_codes));
    }
    if (f.level != Level::kUnspecified) {
      where += " AND level = " + next() + "::integer";
      params.add(from_enum(f.level));
    }
    if (!f.units.empty()) {
      const std::string units = next();
      where += " AND (location_unit_id = ANY(" + units + "::bigint[]) OR handling_unit_id = ANY(" + units +
               "::bigint[])";
      params.add(int_array(f.units));
      if (!f.whistled_units.empty()) {
        where += " OR id IN (SELECT case_id FROM case_whistles WHERE unit_id = ANY(" + next() + "::bigint[]))";
        params.add(int_array(f.whistled_units));
      }
      where += ")";
    }
    if (f.assignee != 0) {
      where += " AND assignee_user_id = " + next() + "::bigint";
      params.add(f.assignee);
    }
    if (f.leader != 0) {
      where += " AND leader_user_id = " + next() + "::bigint";
      params.add(f.leader);
    }
    if (f.needs_attention) where += " AND (colour IN (2, 3) OR level > 1)";
    if (f.provisional_only) where += " AND provisional = 1";
    for (const std::string& word : search_words(f.text)) {
      const std::string w = next();
      if (utf8_length(word) >= kTrigram) {
        where += " AND (title LIKE " + w + "::text OR description LIKE " + w + "::text)";
        params.add(like_substring(word));
      } else if (utf8_length(word) == 2) {
        where += " AND bigrams @> ARRAY[" + w + "::text] AND (strpos(title, " + w + "::text) > 0 OR strpos(description, " +
                 w + "::text) > 0)";
        params.add(word);
      } else {
        where += " AND (strpos(title, " + w + "::text) > 0 OR strpos(description, " + w + "::text) > 0)";
        params.add(word);
      }
    }
    std::vector<Case> cases;
    if (f.order == CaseOrder::kDeadline) {
      // The cases with a deadline first, by (due_at, id); then those without one, newest first.
      const bool past_deadlines = f.after_id != 0 && f.after_deadline == 0;
      if (!past_deadlines) {
        Params p = params;
        int m = n;
        std::string sql = std::string(kCaseSelect) + where + " AND due_at > 0";
        if (f.after_id != 0) {
          sql += " AND (due_at, id) > ($" + std::to_string(m + 1) + "::bigint, $" + std::to_string(m + 2) + "::bigint)";
          p.add(f.after_deadline).add(f.after_id);
          m += 2;
        }
        sql += " ORDER BY due_at, id LIMIT $" + std::to_string(m + 1) + "::bigint";
        p.add(f.limit);
        // Walk the deadline index in its order and stop at the page's end, as SQLite does. Left
        // to itself the planner multiplies the state's selectivity over the whole table into
        // the few cases that have a deadline (nearly all of them open), expects a handful of
        // rows, and fetches every due case to sort them: 20 ms against 0.5 ms on 1,000,000
        // cases. Without a sort to choose, it takes the index (for this statement only: the
        // setting is put back, deferred, with the next one).
        c_.defer("SET LOCAL enable_sort = off");
        cases = query_cases(sql, p, "SET LOCAL enable_sort = on");
      }
      if (static_cast<int>(cases.size()) < f.limit) {
        Params p = params;
        int m = n;
        std::string sql = std::string(kCaseSelect) + where + " AND due_at = 0";
        if (past_deadlines) {
          sql += " AND id < $" + std::to_string(++m) + "::bigint";
          p.add(f.after_id);
        }
        sql += " ORDER BY id DESC LIMIT $" + std::to_string(m + 1) + "::bigint";
        p.add(f.limit - static_cast<int>(cases.size()));
        for (Case& c : query_cases(sql, p)) cases.push_back(std::move(c));
      }
      return cases;
    }
    std::string sql = std::string(kCaseSelect) + where;
    if (f.before_id != 0) {
      sql += " AND id < " + next() + "::bigint";
      params.add(f.before_id);
    }
    sql += " ORDER BY id DESC LIMIT " + next() + "::bigint";
    params.add(f.limit);
    return query_cases(sql, params);
  });
}

Result<std::map<CaseState, std::int64_t>> PgView::count_cases_by_state() {
  return guarded([&]() -> Result<std::map<CaseState, std::int64_t>> {
    Rows r = c_.exec("SELECT state, count(*) FROM cases GROUP BY state");
    std::map<CaseState, std::int64_t> counts;
    for (int row = 0; row < r.size(); ++row) counts[as_enum<CaseState>(r, row, 0)] = r.i64(row, 1);
    return counts;
  });
}

Result<std::vector<Case>> PgView::cases_by_id_number(const std::string& id_number, int limit) {
  if (id_number.empty() || limit <= 0) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    return query_cases(std::string(kCaseSelect) +
                           " WHERE id IN (SELECT case_id FROM case_parties WHERE id_number = $1)"
                           " ORDER BY id DESC LIMIT $2::bigint",
                       Params().add(id_number).add(limit));
  });
}

Result<std::vector<Case>> PgView::cases_by_party(const std::string& name, const std::string& phone, int limit) {
  if (name.empty() == phone.empty() || limit <= 0) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    return query_cases(std::string(kCaseSelect) +
                           (name.empty() ? " WHERE id IN (SELECT case_id FROM case_parties WHERE phone = $1)"
                                         : " WHERE id IN (SELECT case_id FROM case_parties WHERE name = $1)") +
                           " ORDER BY id DESC LIMIT $2::bigint",
                       Params().add(name.empty() ? phone : name).add(limit));
  });
}

// The newest `limit` of the matching cases overall are the newest `limit` of the newest `limit`
// of each unit and category, which SqlView gathers range by range: the same cases, whole, and
// `keep` applied to them once chosen.
Result<std::vector<Case>> PgView::cases_near(const std::vector<UnitId>& units,
                                             const std::vector<std::string>& category_codes, TimeMs from, TimeMs to,
                                             int limit, const NearFilter& keep) {
  if (units.empty() || limit <= 0 || from > to) return std::vector<Case>{};
  return guarded([&]() -> Result<std::vector<Case>> {
    std::vector<Case> chosen = query_cases(std::string(kCaseSelect) +
                                               " WHERE location_unit_id = ANY($1::bigint[]) AND "
                                               "(cardinality($2::text[]) = 0 OR category_code = ANY($2::text[])) "
                                               "AND created_at BETWEEN $3::bigint AND $4::bigint "
                                               "ORDER BY created_at DESC, id DESC LIMIT $5::bigint",
                                           Params()
                                               .add(int_array(units))
                                               .add(text_array(category_codes))
                                               .add(static_cast<std::int64_t>(from))
                                               .add(static_cast<std::int64_t>(to))
                                               .add(limit));
    if (keep) {
      chosen.erase(std::remove_if(chosen.begin(), chosen.end(),
                                  [&](const Case& c) { return !keep(c.location.unit_id, c.kind, c.location.address); }),
                   chosen.end());
    }
    return chosen;
  });
}

Result<std::map<CaseId, std::string>> PgView::description_openings(const std::vector<CaseId>& ids, int chars) {
  if (ids.empty()) return std::map<CaseId, std::string>{};
  return guarded([&]() -> Result<std::map<CaseId, std::string>> {
    Rows r = c_.exec("SELECT id, left(description, $2::integer) FROM cases WHERE id = ANY($1::bigint[])",
                     Params().add(int_array(ids)).add(std::max(chars, 0)));
    std::map<CaseId, std::string> out;
    for (int row = 0; row < r.size(); ++row) out.emplace(r.i64(row, 0), r.str(row, 1));
    return out;
  });
}

Result<CaseId> PgView::insert_case(Case& c) {
  return guarded([&]() -> Result<CaseId> {
    Rows r = c_.exec("INSERT INTO cases(id, " GC_CASE_WRITTEN_FIELDS ") VALUES ((SELECT coalesce(max(id), 0) + 1 FROM cases), " GC_CASE_WRITTEN_VALUES
                     ") ON CONFLICT DO NOTHING RETURNING id",
                     case_params(c));
    if (r.empty()) {
      return Status(reason::CASE_NUMBER_TAKEN, "case number " + c.number + " (or its hotline order) is taken");
    }
    c.id = r.i64(0, 0);
    store_parties(c);
    store_whistles(c);
    return c.id;
  });
}

Status PgView::update_case(const Case& c) {
  return guarded([&]() -> Status {
    Params p = case_params(c);
    p.add(c.id);
    // Under the writers' lock nothing changes between this look and the update, which then
    // cannot fail for a reason of its own: it goes out deferred, with the parties'.
    Rows look = c_.exec(
        "SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1::bigint), "
        "EXISTS (SELECT 1 FROM cases WHERE id <> $1::bigint AND (number = $2 OR hotline_order = $3))",
        [&] {
          Params q;
          q.add(c.id).add(c.number);
          const bool order = c.kind == CaseKind::kHotline && !c.hotline.intake.order_no.empty();
          if (order) {
            q.add(hotline_order_key(c.hotline.sub_district_id, c.hotline.intake.order_no));
          } else {
            q.null();
          }
          return q;
        }());
    if (look.view(0, 0) != "t") return Status(reason::CASE_NOT_FOUND, "no case " + std::to_string(c.id));
    if (look.view(0, 1) == "t") {
      return Status(reason::CASE_NUMBER_TAKEN, "case number " + c.number + " (or its hotline order) is taken");
    }
    std::string sql = "UPDATE cases SET (" GC_CASE_WRITTEN_FIELDS ") = (" GC_CASE_WRITTEN_VALUES ") WHERE id = $" +
                      std::to_string(kCaseWrittenCount + 1);
    c_.defer(sql, p);
    store_parties(c);
    store_whistles(c);
    return Status::ok();
  });
}

Result<std::int64_t> PgView::next_case_sequence(const std::string& prefix, int year) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO case_sequences(prefix, year, last) VALUES ($1, $2, 1) "
                     "ON CONFLICT (prefix, year) DO UPDATE SET last = case_sequences.last + 1 RETURNING last",
                     Params().add(prefix).add(year));
    return r.i64(0, 0);
  });
}

// ---------------------------------------------------------------------------- history

Result<std::vector<Event>> PgView::case_history(CaseId id) {
  return guarded([&]() -> Result<std::vector<Event>> {
    Rows r = c_.exec("SELECT " GC_HISTORY_COLUMNS " FROM events WHERE case_id = $1 ORDER BY seq", Params().add(id));
    std::vector<Event> events;
    for (int row = 0; row < r.size(); ++row) events.push_back(read_event(r, row));
    return events;
  });
}

Result<std::vector<Event>> PgView::events_since(Seq from, int limit) {
  if (limit <= 0) return std::vector<Event>{};
  return guarded([&]() -> Result<std::vector<Event>> {
    Rows r = c_.exec("SELECT " GC_EVENT_COLUMNS " FROM events WHERE seq >= $1 ORDER BY seq LIMIT $2::bigint",
                     Params().add(from).add(limit));
    std::vector<Event> events;
    for (int row = 0; row < r.size(); ++row) events.push_back(read_event(r, row));
    return events;
  });
}

Result<Seq> PgView::last_seq() {
  return guarded([&]() -> Result<Seq> { return c_.exec("SELECT last FROM event_counter").i64(0, 0); });
}

// Moved by the triggers of migration 3 (pg_schema.cpp).
Result<StoreGenerations> PgView::generations() {
  return guarded([&]() -> Result<StoreGenerations> {
    Rows r = c_.exec("SELECT config, accounts FROM gridcase_generations");
    StoreGenerations g;
    g.config = r.i64(0, 0);
    g.accounts = r.i64(0, 1);
    return g;
  });
}

// The seq comes from the counter row, updated after the writers' advisory lock in the same
// transaction: gapless, and in commit order across servers.
Result<Seq> PgView::append_event(Event& e) {
  return guarded([&]() -> Result<Seq> {
    const Seq seq = c_.exec("UPDATE event_counter SET last = last + 1 RETURNING last").i64(0, 0);
    c_.defer("INSERT INTO events(seq, case_id, actor_id, at, action, from_state, to_state, from_level, to_level, "
            "reason, details, case_version, case_kind, handling_unit_id, location_unit_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            Params()
                .add(seq)
                .add(e.case_id)
                .add(e.actor_id)
                .add(e.at)
                .add(from_enum(e.action))
                .add(from_enum(e.from_state))
                .add(from_enum(e.to_state))
                .add(from_enum(e.from_level))
                .add(from_enum(e.to_level))
                .add(e.reason)
                .bytes(encode_event_details(e.details))
                .add(e.case_version)
                .add(from_enum(e.case_kind))
                .add(e.handling_unit_id)
                .add(e.location_unit_id));
    record_figures(e);
    e.seq = seq;
    appended_events_ = true;
    return seq;
  });
}

// ---------------------------------------------------------------------------- requests

Result<RequestRecord> PgView::find_request(UserId user_id, const std::string& request_id) {
  return guarded([&]() -> Result<RequestRecord> {
    Rows r = c_.exec("SELECT fingerprint, fingerprint_text, case_id, version, at, made_id FROM requests "
                     "WHERE user_id = $1 AND request_id = $2",
                     Params().add(user_id).add(request_id));
    if (r.empty()) return Status(reason::REQUEST_NOT_FOUND, "no such request");
    RequestRecord rec;
    rec.user_id = user_id;
    rec.request_id = request_id;
    if (r.null(0, 1)) {
      static const char kHex[] = "0123456789abcdef";
      for (unsigned char b : r.bytes(0, 0)) {
        rec.fingerprint += kHex[b >> 4];
        rec.fingerprint += kHex[b & 15];
      }
    } else {
      rec.fingerprint = r.str(0, 1);
    }
    rec.case_id = r.i64(0, 2);
    rec.version = r.i64(0, 3);
    rec.at = r.i64(0, 4);
    rec.made_id = r.i64(0, 5);
    return rec;
  });
}

Status PgView::save_request(const RequestRecord& r) {
  return guarded([&]() -> Status {
    Params p;
    p.add(r.user_id).add(r.request_id);
    std::string bytes;
    if (fingerprint_bytes(r.fingerprint, bytes)) {
      p.bytes(bytes).null();
    } else {
      p.bytes(std::string()).add(r.fingerprint);
    }
    p.add(r.case_id).add(r.version).add(r.at).add(r.made_id);
    Rows rows = c_.exec("INSERT INTO requests(user_id, request_id, fingerprint, fingerprint_text, case_id, version, "
                        "at, made_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                        p);
    if (rows.affected() == 0) return Status(reason::REQUEST_ID_TAKEN, "request id " + r.request_id + " is taken");
    return Status::ok();
  });
}

Result<int> PgView::forget_requests(TimeMs before, int limit) {
  if (limit <= 0) return 0;
  return guarded([&]() -> Result<int> {
    Rows rows = c_.exec("DELETE FROM requests WHERE (user_id, request_id) IN (SELECT user_id, request_id FROM "
                        "requests WHERE user_id <> 0 AND at < $1::bigint ORDER BY at LIMIT $2::bigint)",
                        Params().add(static_cast<std::int64_t>(before)).add(limit));
    return static_cast<int>(rows.affected());
  });
}

// ---------------------------------------------------------------------------- deadlines

Result<std::vector<DeadlinePolicy>> PgView::load_policies() {
  return guarded([&]() -> Result<std::vector<DeadlinePolicy>> {
    Rows r = c_.exec("SELECT p.id, p.version, p.kind, p.category_code, p.priority, p.clocks, p.basis "
                     "FROM policy_current c JOIN policies p ON p.id = c.id AND p.version = c.version ORDER BY p.id");
    std::vector<DeadlinePolicy> policies;
    for (int row = 0; row < r.size(); ++row) {
      DeadlinePolicy p;
      p.id = r.i64(row, 0);
      p.version = r.i32(row, 1);
      p.kind = as_enum<CaseKind>(r, row, 2);
      p.category_code = r.str(row, 3);
      p.priority = as_enum<Priority>(r, row, 4);
      if (!decode_policy_clocks(r.view(row, 5), p.clocks)) {
        throw CorruptRow("policy " + std::to_string(p.id) + " version " + std::to_string(p.version) +
                         " has unreadable clocks");
      }
      p.basis = r.str(row, 6);
      policies.push_back(std::move(p));
    }
    return policies;
  });
}

Result<std::map<int, std::string>> PgView::load_calendar_years() {
  return guarded([&]() -> Result<std::map<int, std::string>> {
    Rows r = c_.exec("SELECT year, text FROM calendar_years ORDER BY year");
    std::map<int, std::string> years;
    for (int row = 0; row < r.size(); ++row) years[r.i32(row, 0)] = r.str(row, 1);
    return years;
  });
}

Result<std::vector<CaseId>> PgView::due_cases(TimeMs until, int limit) {
  if (limit <= 0) return std::vector<CaseId>{};
  return guarded([&]() -> Result<std::vector<CaseId>> {
    Rows r = c_.exec("SELECT id FROM cases WHERE next_due > 0 AND next_due <= $1::bigint "
                     "ORDER BY next_due, id LIMIT $2::bigint",
                     Params().add(static_cast<std::int64_t>(until)).add(limit));
    std::vector<CaseId> ids;
    for (int row = 0; row < r.size(); ++row) ids.push_back(r.i64(row, 0));
    return ids;
  });
}

Result<TimeMs> PgView::earliest_due() {
  return guarded([&]() -> Result<TimeMs> {
    Rows r = c_.exec("SELECT next_due FROM cases WHERE next_due > 0 ORDER BY next_due LIMIT 1");
    return r.empty() ? TimeMs{0} : r.i64(0, 0);
  });
}

Status PgView::save_policy(DeadlinePolicy& p) {
  return guarded([&]() -> Status {
    DeadlinePolicy stored = p;
    if (stored.id == 0) stored.id = c_.exec("SELECT coalesce(max(id), 0) + 1 FROM policies").i64(0, 0);
    Rows r = c_.exec("INSERT INTO policies(id, version, kind, category_code, priority, clocks, basis) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                     Params()
                         .add(stored.id)
                         .add(stored.version)
                         .add(from_enum(stored.kind))
                         .add(stored.category_code)
                         .add(from_enum(stored.priority))
                         .add(encode_policy_clocks(stored.clocks))
                         .add(stored.basis));
    if (r.affected() == 0) {
      return Status(reason::POLICY_VERSION_TAKEN, "policy " + std::to_string(stored.id) + " version " +
                                                      std::to_string(stored.version) + " is stored already");
    }
    c_.exec("INSERT INTO policy_current(id, version) VALUES ($1, $2) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            Params().add(stored.id).add(stored.version));
    p.id = stored.id;
    return Status::ok();
  });
}

Status PgView::save_calendar_year(int year, const std::string& text) {
  return guarded([&]() -> Status {
    c_.exec("INSERT INTO calendar_years(year, text) VALUES ($1, $2) ON CONFLICT (year) DO UPDATE SET text = excluded.text",
            Params().add(year).add(text));
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- population

Result<std::vector<PopulationCount>> PgView::load_population_counts() {
  return guarded([&]() -> Result<std::vector<PopulationCount>> {
    Rows r = c_.exec("SELECT unit_id, counted_on, residents, households FROM unit_populations "
                     "ORDER BY unit_id, counted_on");
    std::vector<PopulationCount> out;
    for (int row = 0; row < r.size(); ++row) {
      out.push_back(PopulationCount{r.i64(row, 0), r.i32(row, 1), r.i64(row, 2), r.i64(row, 3)});
    }
    return out;
  });
}

Result<std::vector<ComplaintTarget>> PgView::load_complaint_targets() {
  return guarded([&]() -> Result<std::vector<ComplaintTarget>> {
    Rows r = c_.exec("SELECT unit_id, per_10k FROM complaint_targets ORDER BY unit_id");
    std::vector<ComplaintTarget> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(ComplaintTarget{r.i64(row, 0), r.f64(row, 1)});
    return out;
  });
}

Status PgView::save_population_count(const PopulationCount& count) {
  return guarded([&]() -> Status {
    c_.exec("INSERT INTO unit_populations(unit_id, counted_on, residents, households) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (unit_id, counted_on) DO UPDATE SET residents = excluded.residents, "
            "households = excluded.households",
            Params().add(static_cast<std::int64_t>(count.unit_id)).add(count.counted_on).add(count.residents)
                .add(count.households));
    return Status::ok();
  });
}

Status PgView::save_complaint_target(const ComplaintTarget& target) {
  return guarded([&]() -> Status {
    c_.exec("INSERT INTO complaint_targets(unit_id, per_10k) VALUES ($1, $2) "
            "ON CONFLICT (unit_id) DO UPDATE SET per_10k = excluded.per_10k",
            Params().add(static_cast<std::int64_t>(target.unit_id)).add(target.per_10k));
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- audit

// Indexed by migration 3's partial indexes (pg_schema.cpp), whose predicates name the kinds as
// literals: so does the query, or its generic plan could not use them.
static_assert(static_cast<int>(AuditKind::kLogin) == 1 && static_cast<int>(AuditKind::kLoginFailed) == 2,
              "the audit_logins indexes of pg_schema.cpp name these kinds");
Result<LoginFailures> PgView::login_failures(const std::string& username, const std::string& address, TimeMs since) {
  return guarded([&]() -> Result<LoginFailures> {
    Rows r = c_.exec(
        "SELECT (SELECT count(*) FROM audit WHERE username = $1 AND kind = 2 AND detail <> 'throttled' "
        "          AND at >= greatest($3::bigint, (SELECT coalesce(max(at) + 1, 0) FROM audit "
        "                                          WHERE username = $1 AND kind = 1))), "
        "       (SELECT count(*) FROM audit WHERE address = $2 AND $2 <> '' AND kind = 2 "
        "          AND detail <> 'throttled' AND at >= $3::bigint)",
        Params().add(username).add(address).add(since));
    LoginFailures out;
    out.by_user = r.i64(0, 0);
    out.by_address = r.i64(0, 1);
    return out;
  });
}

Result<std::vector<AuditEntry>> PgView::list_audit(AuditKind kind, std::int64_t before_id, int limit) {
  if (limit <= 0) return std::vector<AuditEntry>{};
  return guarded([&]() -> Result<std::vector<AuditEntry>> {
    std::string sql = "SELECT id, at, kind, actor_id, username, address, case_id, detail FROM audit WHERE true";
    Params p;
    int n = 0;
    if (kind != AuditKind::kUnspecified) {
      sql += " AND kind = $" + std::to_string(++n) + "::integer";
      p.add(from_enum(kind));
    }
    if (before_id != 0) {
      sql += " AND id < $" + std::to_string(++n) + "::bigint";
      p.add(before_id);
    }
    sql += " ORDER BY id DESC LIMIT $" + std::to_string(++n) + "::bigint";
    p.add(limit);
    Rows r = c_.exec(sql, p);
    std::vector<AuditEntry> entries;
    for (int row = 0; row < r.size(); ++row) {
      AuditEntry e;
      e.id = r.i64(row, 0);
      e.at = r.i64(row, 1);
      e.kind = as_enum<AuditKind>(r, row, 2);
      e.actor_id = r.i64(row, 3);
      e.username = r.str(row, 4);
      e.address = r.str(row, 5);
      e.case_id = r.i64(row, 6);
      e.detail = r.str(row, 7);
      entries.push_back(std::move(e));
    }
    return entries;
  });
}

Status PgView::append_audit(AuditEntry& e) {
  return guarded([&]() -> Status {
    Rows r = c_.exec("INSERT INTO audit(id, at, kind, actor_id, username, address, case_id, detail) "
                     "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM audit), $1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     Params()
                         .add(e.at)
                         .add(from_enum(e.kind))
                         .add(e.actor_id)
                         .add(e.username)
                         .add(e.address)
                         .add(e.case_id)
                         .add(e.detail));
    e.id = r.i64(0, 0);
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- evidence

namespace {

constexpr const char* kAttachmentColumns =
    "id, case_id, sha256, size, media_type, file_name, note, has_coordinates, lat, lon, "
    "captured_at, uploaded_by, uploaded_at";

Attachment read_attachment(const Rows& r, int row) {
  Attachment a;
  int i = 0;
  a.id = r.i64(row, i++);
  a.case_id = r.i64(row, i++);
  a.sha256 = r.str(row, i++);
  a.size = r.i64(row, i++);
  a.media_type = r.str(row, i++);
  a.file_name = r.str(row, i++);
  a.note = r.str(row, i++);
  a.has_coordinates = r.i64(row, i++) != 0;
  a.lat = r.f64(row, i++);
  a.lon = r.f64(row, i++);
  a.captured_at = r.i64(row, i++);
  a.uploaded_by = r.i64(row, i++);
  a.uploaded_at = r.i64(row, i++);
  return a;
}

}  // namespace

Result<std::vector<Attachment>> PgView::list_attachments(CaseId case_id) {
  return guarded([&]() -> Result<std::vector<Attachment>> {
    Rows r = c_.exec(std::string("SELECT ") + kAttachmentColumns + " FROM attachments WHERE case_id = $1 ORDER BY id",
                     Params().add(case_id));
    std::vector<Attachment> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_attachment(r, row));
    return out;
  });
}

Result<Attachment> PgView::get_attachment(AttachmentId id) {
  return guarded([&]() -> Result<Attachment> {
    Rows r = c_.exec(std::string("SELECT ") + kAttachmentColumns + " FROM attachments WHERE id = $1",
                     Params().add(id));
    if (r.empty()) return Status(reason::ATTACHMENT_NOT_FOUND, "attachment not found");
    return read_attachment(r, 0);
  });
}

Result<AttachmentId> PgView::insert_attachment(Attachment& a) {
  return guarded([&]() -> Result<AttachmentId> {
    if (c_.exec("SELECT 1 FROM cases WHERE id = $1", Params().add(a.case_id)).empty()) {
      return Status(reason::CASE_NOT_FOUND, "case not found");
    }
    Rows r = c_.exec("INSERT INTO attachments(id, case_id, sha256, size, media_type, file_name, note, "
                     "has_coordinates, lat, lon, captured_at, uploaded_by, uploaded_at) "
                     "VALUES ((SELECT coalesce(max(id), 0) + 1 FROM attachments), "
                     "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                     Params()
                         .add(a.case_id)
                         .add(a.sha256)
                         .add(a.size)
                         .add(a.media_type)
                         .add(a.file_name)
                         .add(a.note)
                         .add(a.has_coordinates)
                         .add(a.lat)
                         .add(a.lon)
                         .add(a.captured_at)
                         .add(a.uploaded_by)
                         .add(a.uploaded_at));
    a.id = r.i64(0, 0);
    return a.id;
  });
}

// ---------------------------------------------------------------------------- related cases

Result<std::vector<CaseLink>> PgView::list_links(CaseId case_id) {
  return guarded([&]() -> Result<std::vector<CaseLink>> {
    Rows r = c_.exec("SELECT case_id, other_case_id, linked_by, linked_at, reason FROM case_links "
                     "WHERE case_id = $1 OR other_case_id = $1 ORDER BY linked_at, case_id, other_case_id",
                     Params().add(case_id));
    std::vector<CaseLink> out;
    for (int row = 0; row < r.size(); ++row) {
      CaseLink l;
      l.case_id = r.i64(row, 0);
      l.other_case_id = r.i64(row, 1);
      l.linked_by = r.i64(row, 2);
      l.linked_at = r.i64(row, 3);
      l.reason = r.str(row, 4);
      out.push_back(std::move(l));
    }
    return out;
  });
}

Result<std::vector<CaseId>> PgView::merged_children(CaseId parent) {
  return guarded([&]() -> Result<std::vector<CaseId>> {
    Rows r = c_.exec("SELECT id FROM cases WHERE merged_into = $1 AND merged_into != 0 ORDER BY id",
                     Params().add(parent));
    std::vector<CaseId> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(r.i64(row, 0));
    return out;
  });
}

Status PgView::insert_link(const CaseLink& l) {
  return guarded([&]() -> Status {
    Rows r = c_.exec("INSERT INTO case_links(case_id, other_case_id, linked_by, linked_at, reason) "
                     "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                     Params()
                         .add(std::min(l.case_id, l.other_case_id))
                         .add(std::max(l.case_id, l.other_case_id))
                         .add(l.linked_by)
                         .add(l.linked_at)
                         .add(l.reason));
    if (r.affected() == 0) return Status(reason::ALREADY_LINKED, "the cases are linked already");
    return Status::ok();
  });
}

Status PgView::delete_link(CaseId a, CaseId b) {
  return guarded([&]() -> Status {
    Rows r = c_.exec("DELETE FROM case_links WHERE case_id = $1 AND other_case_id = $2",
                     Params().add(std::min(a, b)).add(std::max(a, b)));
    if (r.affected() == 0) return Status(reason::NOT_LINKED, "the cases are not linked");
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- hazards

namespace {

Inspection read_inspection(const Rows& r, int row) {
  Inspection x;
  int i = 0;
  x.id = r.i64(row, i++);
  x.plan_id = r.i64(row, i++);
  x.site_unit_id = r.i64(row, i++);
  x.site = r.str(row, i++);
  x.inspector_user_id = r.i64(row, i++);
  x.state = static_cast<InspectionState>(r.i32(row, i++));
  x.due_at = r.i64(row, i++);
  x.done_at = r.i64(row, i++);
  x.note = r.str(row, i++);
  if (!decode_findings(r.view(row, i++), x.findings)) {
    throw CorruptRow("inspection " + std::to_string(x.id) + " has unreadable findings");
  }
  x.version = r.i64(row, i++);
  x.created_at = r.i64(row, i++);
  return x;
}

Params inspection_params(const Inspection& x) {
  Params p;
  p.add(x.plan_id)
      .add(x.site_unit_id)
      .add(x.site)
      .add(x.inspector_user_id)
      .add(static_cast<int>(x.state))
      .add(x.due_at)
      .add(x.done_at)
      .add(x.note)
      .add(encode_findings(x.findings))
      .add(x.version)
      .add(x.created_at);
  return p;
}

InspectionPlan read_plan(const Rows& r, int row) {
  InspectionPlan p;
  int i = 0;
  p.id = r.i64(row, i++);
  p.site_unit_id = r.i64(row, i++);
  p.site = r.str(row, i++);
  p.period_days = r.i32(row, i++);
  p.inspector_user_id = r.i64(row, i++);
  p.next_due_at = r.i64(row, i++);
  p.active = r.i64(row, i++) != 0;
  p.created_by = r.i64(row, i++);
  p.created_at = r.i64(row, i++);
  p.inspections_made = r.i32(row, i++);
  return p;
}

Params plan_params(const InspectionPlan& x) {
  Params p;
  p.add(x.site_unit_id)
      .add(x.site)
      .add(x.period_days)
      .add(x.inspector_user_id)
      .add(x.next_due_at)
      .add(x.active)
      .add(x.created_by)
      .add(x.created_at)
      .add(x.inspections_made);
  return p;
}

}  // namespace

Result<Inspection> PgView::get_inspection(std::int64_t id) {
  return guarded([&]() -> Result<Inspection> {
    Rows r = c_.exec("SELECT id, " GC_INSPECTION_FIELDS " FROM inspections WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::INSPECTION_NOT_FOUND, "inspection not found");
    return read_inspection(r, 0);
  });
}

Result<InspectionPlan> PgView::get_inspection_plan(std::int64_t id) {
  return guarded([&]() -> Result<InspectionPlan> {
    Rows r = c_.exec("SELECT id, " GC_PLAN_FIELDS " FROM inspection_plans WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::PLAN_NOT_FOUND, "inspection plan not found");
    return read_plan(r, 0);
  });
}

Result<std::vector<Inspection>> PgView::list_inspections(const std::vector<UnitId>& units, InspectionState state,
                                                         int limit) {
  return guarded([&]() -> Result<std::vector<Inspection>> {
    Params p;
    p.add(units.empty() ? 0 : 1).add(int_array(units)).add(static_cast<int>(state));
    add_limit(p, limit);
    Rows r = c_.exec("SELECT id, " GC_INSPECTION_FIELDS " FROM inspections "
                     "WHERE ($1::integer = 0 OR site_unit_id = ANY($2::bigint[])) "
                     "AND ($3::integer = 0 OR state = $3::integer) ORDER BY id DESC LIMIT $4::bigint",
                     p);
    std::vector<Inspection> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_inspection(r, row));
    return out;
  });
}

Result<std::vector<InspectionPlan>> PgView::list_inspection_plans(const std::vector<UnitId>& units, int limit) {
  return guarded([&]() -> Result<std::vector<InspectionPlan>> {
    Params p;
    p.add(units.empty() ? 0 : 1).add(int_array(units));
    add_limit(p, limit);
    Rows r = c_.exec("SELECT id, " GC_PLAN_FIELDS " FROM inspection_plans "
                     "WHERE ($1::integer = 0 OR site_unit_id = ANY($2::bigint[])) ORDER BY id DESC LIMIT $3::bigint",
                     p);
    std::vector<InspectionPlan> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_plan(r, row));
    return out;
  });
}

Result<std::vector<std::int64_t>> PgView::due_inspection_plans(TimeMs until, int limit) {
  return guarded([&]() -> Result<std::vector<std::int64_t>> {
    Params p;
    p.add(static_cast<std::int64_t>(until));
    add_limit(p, limit);
    Rows r = c_.exec("SELECT id FROM inspection_plans WHERE active = 1 AND next_due_at <= $1::bigint "
                     "ORDER BY next_due_at, id LIMIT $2::bigint",
                     p);
    std::vector<std::int64_t> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(r.i64(row, 0));
    return out;
  });
}

Result<TimeMs> PgView::earliest_plan_due() {
  return guarded([&]() -> Result<TimeMs> {
    return c_.exec("SELECT coalesce(min(next_due_at), 0) FROM inspection_plans WHERE active = 1").i64(0, 0);
  });
}

Result<std::int64_t> PgView::insert_inspection(Inspection& x) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO inspections(id, " GC_INSPECTION_FIELDS ") VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM inspections), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                     "RETURNING id",
                     inspection_params(x));
    x.id = r.i64(0, 0);
    return x.id;
  });
}

Status PgView::update_inspection(const Inspection& x) {
  return guarded([&]() -> Status {
    Params p = inspection_params(x);
    p.add(x.id);
    Rows r = c_.exec("UPDATE inspections SET (" GC_INSPECTION_FIELDS ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                     "WHERE id = $12",
                     p);
    if (r.affected() == 0) return Status(reason::INSPECTION_NOT_FOUND, "no inspection " + std::to_string(x.id));
    return Status::ok();
  });
}

Result<std::int64_t> PgView::insert_inspection_plan(InspectionPlan& x) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO inspection_plans(id, " GC_PLAN_FIELDS ") VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM inspection_plans), $1, $2, $3, $4, $5, $6, $7, $8, $9) "
                     "RETURNING id",
                     plan_params(x));
    x.id = r.i64(0, 0);
    return x.id;
  });
}

Status PgView::update_inspection_plan(const InspectionPlan& x) {
  return guarded([&]() -> Status {
    Params p = plan_params(x);
    p.add(x.id);
    Rows r = c_.exec("UPDATE inspection_plans SET (" GC_PLAN_FIELDS ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                     "WHERE id = $10",
                     p);
    if (r.affected() == 0) return Status(reason::PLAN_NOT_FOUND, "no inspection plan " + std::to_string(x.id));
    return Status::ok();
  });
}

// ---------------------------------------------------------------------------- early warnings

namespace {

Warning read_warning(const Rows& r, int row) {
  Warning w;
  if (!decode_warning(r.view(row, 1), w)) {
    throw CorruptRow("warning " + std::to_string(r.i64(row, 0)) + " is unreadable");
  }
  w.id = r.i64(row, 0);
  return w;
}

Params warning_params(const Warning& w) {
  Params p;
  p.add(w.key).add(static_cast<std::int64_t>(w.unit_id)).add(from_enum(w.kind)).add(from_enum(w.state)).add(encode_warning(w));
  return p;
}

}  // namespace

Result<Warning> PgView::get_warning(std::int64_t id) {
  return guarded([&]() -> Result<Warning> {
    Rows r = c_.exec("SELECT id, body FROM warnings WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::WARNING_NOT_FOUND, "warning not found");
    return read_warning(r, 0);
  });
}

Result<Warning> PgView::latest_warning(const std::string& key) {
  return guarded([&]() -> Result<Warning> {
    Rows r = c_.exec("SELECT id, body FROM warnings WHERE key = $1 ORDER BY id DESC LIMIT 1", Params().add(key));
    if (r.empty()) return Status(reason::WARNING_NOT_FOUND, "warning not found");
    return read_warning(r, 0);
  });
}

Result<std::vector<Warning>> PgView::list_warnings(const WarningFilter& f) {
  return guarded([&]() -> Result<std::vector<Warning>> {
    Params p;
    p.add(f.units.empty() ? 0 : 1).add(int_array(f.units));
    p.add(f.kinds.empty() ? 0 : 1).add(int_array(f.kinds));
    p.add(f.states.empty() ? 0 : 1).add(int_array(f.states));
    p.add(f.before_id);
    add_limit(p, f.limit);
    Rows r = c_.exec("SELECT id, body FROM warnings "
                     "WHERE ($1::integer = 0 OR unit_id = ANY($2::bigint[])) "
                     "AND ($3::integer = 0 OR kind = ANY($4::integer[])) "
                     "AND ($5::integer = 0 OR state = ANY($6::integer[])) "
                     "AND ($7::bigint = 0 OR id < $7::bigint) ORDER BY id DESC LIMIT $8::bigint",
                     p);
    std::vector<Warning> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_warning(r, row));
    return out;
  });
}

Result<std::vector<std::pair<int, int>>> PgView::signal_counts(const std::string& key, int from_day, int to_day) {
  return guarded([&]() -> Result<std::vector<std::pair<int, int>>> {
    Rows r = c_.exec("SELECT day, count FROM signal_counts WHERE key = $1 AND day BETWEEN $2::integer AND $3::integer "
                     "AND count <> 0 ORDER BY day",
                     Params().add(key).add(from_day).add(to_day));
    std::vector<std::pair<int, int>> out;
    for (int row = 0; row < r.size(); ++row) out.emplace_back(r.i32(row, 0), r.i32(row, 1));
    return out;
  });
}

Result<std::vector<WarningPolicy>> PgView::load_warning_policies() {
  return guarded([&]() -> Result<std::vector<WarningPolicy>> {
    Rows r = c_.exec("SELECT version, body FROM warning_policies ORDER BY version");
    std::vector<WarningPolicy> out;
    for (int row = 0; row < r.size(); ++row) {
      WarningPolicy p;
      if (!decode_warning_policy(r.view(row, 1), p)) throw CorruptRow("warning policy is unreadable");
      p.version = r.i32(row, 0);
      out.push_back(std::move(p));
    }
    return out;
  });
}

Result<std::int64_t> PgView::insert_warning(Warning& w) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO warnings(id, key, unit_id, kind, state, body) VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM warnings), $1, $2, $3, $4, $5) RETURNING id",
                     warning_params(w));
    w.id = r.i64(0, 0);
    return w.id;
  });
}

Status PgView::update_warning(const Warning& w) {
  return guarded([&]() -> Status {
    Params p = warning_params(w);
    p.add(w.id);
    Rows r = c_.exec("UPDATE warnings SET (key, unit_id, kind, state, body) = ($1, $2, $3, $4, $5) WHERE id = $6", p);
    if (r.affected() == 0) return Status(reason::WARNING_NOT_FOUND, "no warning " + std::to_string(w.id));
    return Status::ok();
  });
}

Status PgView::add_signal_count(const std::string& key, int day, int delta) {
  return guarded([&]() -> Status {
    c_.defer("INSERT INTO signal_counts(key, day, count) VALUES ($1, $2::integer, $3::integer) "
            "ON CONFLICT (key, day) DO UPDATE SET count = signal_counts.count + $3::integer",
            Params().add(key).add(day).add(delta));
    return Status::ok();
  });
}

Status PgView::save_warning_policy(WarningPolicy& p) {
  return guarded([&]() -> Status {
    p.version = c_.exec("SELECT coalesce(max(version), 0) + 1 FROM warning_policies").i32(0, 0);
    c_.exec("INSERT INTO warning_policies(version, body) VALUES ($1::integer, $2)",
            Params().add(p.version).add(encode_warning_policy(p)));
    return Status::ok();
  });
}

Result<StallWatch> PgView::stall_watch(CaseId id) {
  return guarded([&]() -> Result<StallWatch> {
    Rows r = c_.exec("SELECT last_at, warning_id FROM stall_watch WHERE case_id = $1::bigint", Params().add(id));
    if (r.empty()) return StallWatch{};
    return StallWatch{id, r.i64(0, 0), r.i64(0, 1)};
  });
}

Result<std::vector<StallWatch>> PgView::quiet_cases(TimeMs before, int limit) {
  return guarded([&]() -> Result<std::vector<StallWatch>> {
    Rows r = c_.exec("SELECT case_id, last_at FROM stall_watch WHERE warning_id = 0 AND last_at < $1::bigint "
                     "ORDER BY last_at, case_id LIMIT $2::bigint",
                     Params().add(before).add(static_cast<std::int64_t>(limit > 0 ? limit : 1000000000)));
    std::vector<StallWatch> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(StallWatch{r.i64(row, 0), r.i64(row, 1), 0});
    return out;
  });
}

Status PgView::watch_stall(const StallWatch& w) {
  return guarded([&]() -> Status {
    c_.defer("INSERT INTO stall_watch(case_id, last_at, warning_id) VALUES ($1::bigint, $2::bigint, $3::bigint) "
            "ON CONFLICT (case_id) DO UPDATE SET last_at = EXCLUDED.last_at, warning_id = EXCLUDED.warning_id",
            Params().add(w.case_id).add(w.last_at).add(w.warning_id));
    return Status::ok();
  });
}

Status PgView::unwatch_stall(CaseId id) {
  return guarded([&]() -> Status {
    c_.defer("DELETE FROM stall_watch WHERE case_id = $1::bigint", Params().add(id));
    return Status::ok();
  });
}

}  // namespace gridcase::storage::pg

// ---------------------------------------------------------------------------- property companies and forums

namespace gridcase::storage::pg {
namespace {

Forum read_forum(const Rows& r, int row) {
  Forum f;
  int i = 0;
  f.id = r.i64(row, i++);
  f.unit_id = r.i64(row, i++);
  f.held_on = r.i32(row, i++);
  f.place = r.str(row, i++);
  f.attendance = r.i64(row, i++);
  f.note = r.str(row, i++);
  if (!decode_opinions(r.view(row, i++), f.opinions)) {
    throw CorruptRow("forum " + std::to_string(f.id) + " has unreadable opinions");
  }
  f.version = r.i64(row, i++);
  f.created_by = r.i64(row, i++);
  f.created_at = r.i64(row, i++);
  return f;
}

Params forum_params(const Forum& f) {
  Params p;
  p.add(f.unit_id)
      .add(f.held_on)
      .add(f.place)
      .add(f.attendance)
      .add(f.note)
      .add(encode_opinions(f.opinions))
      .add(f.version)
      .add(f.created_by)
      .add(f.created_at);
  return p;
}

}  // namespace

Result<std::vector<Estate>> PgView::load_estates() {
  return guarded([&]() -> Result<std::vector<Estate>> {
    Rows r = c_.exec("SELECT id, " GC_ESTATE_FIELDS " FROM estates ORDER BY id");
    std::vector<Estate> out;
    for (int row = 0; row < r.size(); ++row) {
      Estate e;
      e.id = r.i64(row, 0);
      e.company_id = r.i64(row, 1);
      e.community_id = r.i64(row, 2);
      e.name = r.str(row, 3);
      e.households = r.i64(row, 4);
      e.created_at = r.i64(row, 5);
      out.push_back(std::move(e));
    }
    return out;
  });
}

Result<Forum> PgView::get_forum(std::int64_t id) {
  return guarded([&]() -> Result<Forum> {
    Rows r = c_.exec("SELECT id, " GC_FORUM_FIELDS " FROM forums WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::FORUM_NOT_FOUND, "forum not found");
    return read_forum(r, 0);
  });
}

Result<std::vector<Forum>> PgView::list_forums(const std::vector<UnitId>& units, int limit) {
  return guarded([&]() -> Result<std::vector<Forum>> {
    Params p;
    p.add(units.empty() ? 0 : 1).add(int_array(units));
    add_limit(p, limit);
    Rows r = c_.exec("SELECT id, " GC_FORUM_FIELDS " FROM forums "
                     "WHERE ($1::integer = 0 OR unit_id = ANY($2::bigint[])) ORDER BY id DESC LIMIT $3::bigint",
                     p);
    std::vector<Forum> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_forum(r, row));
    return out;
  });
}

Result<std::int64_t> PgView::insert_estate(Estate& e) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows taken = c_.exec("SELECT 1 FROM estates WHERE community_id = $1 AND name = $2",
                         Params().add(e.community_id).add(e.name));
    if (!taken.empty()) return Status(reason::ESTATE_EXISTS, "the community has an estate of that name");
    Rows r = c_.exec("INSERT INTO estates(id, " GC_ESTATE_FIELDS ") VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM estates), $1, $2, $3, $4, $5) RETURNING id",
                     Params().add(e.company_id).add(e.community_id).add(e.name).add(e.households).add(e.created_at));
    e.id = r.i64(0, 0);
    return e.id;
  });
}

Result<std::int64_t> PgView::insert_forum(Forum& f) {
  return guarded([&]() -> Result<std::int64_t> {
    Rows r = c_.exec("INSERT INTO forums(id, " GC_FORUM_FIELDS ") VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM forums), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                     forum_params(f));
    f.id = r.i64(0, 0);
    return f.id;
  });
}

Status PgView::update_forum(const Forum& f) {
  return guarded([&]() -> Status {
    Params p = forum_params(f);
    p.add(f.id);
    Rows r = c_.exec("UPDATE forums SET (" GC_FORUM_FIELDS ") = ($1, $2, $3, $4, $5, $6, $7, $8, $9) WHERE id = $10", p);
    if (r.affected() == 0) return Status(reason::FORUM_NOT_FOUND, "no forum " + std::to_string(f.id));
    return Status::ok();
  });
}

}  // namespace gridcase::storage::pg

// ---------------------------------------------------------------------------- projects

namespace gridcase::storage::pg {
namespace {

Project read_project(const Rows& r, int row) {
  Project p;
  int i = 0;
  p.id = r.i64(row, i++);
  p.name = r.str(row, i++);
  p.unit_id = r.i64(row, i++);
  ++i;  // units: derived from the unit and the estates
  p.state = static_cast<ProjectState>(r.i32(row, i++));
  p.version = r.i64(row, i++);
  p.created_at = r.i64(row, i++);
  if (!decode_project_body(r.view(row, i++), p)) {
    throw CorruptRow("project " + std::to_string(p.id) + " has an unreadable body");
  }
  return p;
}

Params project_params(const Project& p) {
  Params out;
  out.add(p.name)
      .add(p.unit_id)
      .add(int_array(p.units()))
      .add(static_cast<int>(p.state))
      .add(p.version)
      .add(p.created_at)
      .add(encode_project_body(p));
  return out;
}

}  // namespace

Result<Project> PgView::get_project(ProjectId id) {
  return guarded([&]() -> Result<Project> {
    Rows r = c_.exec("SELECT id, " GC_PROJECT_FIELDS " FROM projects WHERE id = $1", Params().add(id));
    if (r.empty()) return Status(reason::PROJECT_NOT_FOUND, "project not found");
    return read_project(r, 0);
  });
}

Result<std::vector<Project>> PgView::list_projects(const std::vector<UnitId>& units, ProjectState state, int limit) {
  return guarded([&]() -> Result<std::vector<Project>> {
    Params p;
    p.add(units.empty() ? 0 : 1).add(int_array(units)).add(static_cast<int>(state));
    add_limit(p, limit);
    Rows r = c_.exec("SELECT id, " GC_PROJECT_FIELDS " FROM projects "
                     "WHERE ($1::integer = 0 OR units && $2::bigint[]) "
                     "AND ($3::integer = 0 OR state = $3::integer) ORDER BY id DESC LIMIT $4::bigint",
                     p);
    std::vector<Project> out;
    for (int row = 0; row < r.size(); ++row) out.push_back(read_project(r, row));
    return out;
  });
}

Result<ProjectId> PgView::insert_project(Project& x) {
  return guarded([&]() -> Result<ProjectId> {
    Rows r = c_.exec("INSERT INTO projects(id, " GC_PROJECT_FIELDS ") VALUES ("
                     "(SELECT coalesce(max(id), 0) + 1 FROM projects), $1, $2, $3::bigint[], $4, $5, $6, $7) "
                     "RETURNING id",
                     project_params(x));
    x.id = r.i64(0, 0);
    return x.id;
  });
}

Status PgView::update_project(const Project& x) {
  return guarded([&]() -> Status {
    Params p = project_params(x);
    p.add(x.id);
    Rows r = c_.exec("UPDATE projects SET (" GC_PROJECT_FIELDS ") = ($1, $2, $3::bigint[], $4, $5, $6, $7) "
                     "WHERE id = $8",
                     p);
    if (r.affected() == 0) return Status(reason::PROJECT_NOT_FOUND, "no project " + std::to_string(x.id));
    return Status::ok();
  });
}

}  // namespace gridcase::storage::pg
