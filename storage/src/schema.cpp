#include "schema.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "gridcase/calendar.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "deadline_rows.hpp"
#include "event_rows.hpp"
#include "figures_rows.hpp"
#include "kind_rows.hpp"
#include "request_rows.hpp"

namespace gridcase::storage {
namespace {

// Migration 8: evidence and related cases. A case's attachments (the bytes live outside the database, in the
// content-addressed store beside it, named by sha256), and the categories that require one
// before a case may be resolved.
const char* const kEvidenceMigration = R"sql(
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  file_name TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  has_coordinates INTEGER NOT NULL DEFAULT 0,
  lat REAL NOT NULL DEFAULT 0,
  lon REAL NOT NULL DEFAULT 0,
  captured_at INTEGER NOT NULL DEFAULT 0,
  uploaded_by INTEGER NOT NULL DEFAULT 0,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX attachments_by_case ON attachments(case_id, id);
ALTER TABLE categories ADD COLUMN evidence_required INTEGER NOT NULL DEFAULT 0;
-- Related cases: links (case_id < other_case_id), and the children of a merged parent.
CREATE TABLE case_links (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  other_case_id INTEGER NOT NULL REFERENCES cases(id),
  linked_by INTEGER NOT NULL DEFAULT 0,
  linked_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, other_case_id)
) WITHOUT ROWID;
CREATE INDEX case_links_by_other ON case_links(other_case_id);
CREATE INDEX cases_by_merged_into ON cases(merged_into) WHERE merged_into != 0;
)sql";

// Migration N brings user_version from N-1 to N. Never edit a released migration: add one.
// Ids are INTEGER PRIMARY KEY without AUTOINCREMENT: a rolled-back insert leaves no hole.
// Links to units and users are plain integers (0 = none), as in the core types; only the
// case's own parties carry a foreign key.
// Migration 7: see kMigrations.
constexpr const char* kHotlineOrdersMigration = R"sql(
ALTER TABLE cases ADD COLUMN hotline TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN hotline_order TEXT;
CREATE UNIQUE INDEX cases_hotline_order ON cases(hotline_order) WHERE hotline_order IS NOT NULL;
)sql";

// Migration 9: hazards, inspections and their plans, and whistles.
constexpr const char* kHazardsAndWhistlesMigration = R"sql(
ALTER TABLE cases ADD COLUMN hazard TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN whistle TEXT NOT NULL DEFAULT '';

CREATE TABLE case_whistles (
  unit_id INTEGER NOT NULL,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  PRIMARY KEY (unit_id, case_id)
) WITHOUT ROWID;
CREATE INDEX case_whistles_case ON case_whistles(case_id);

CREATE TABLE inspection_plans (
  id INTEGER PRIMARY KEY,
  site_unit_id INTEGER NOT NULL,
  site TEXT NOT NULL,
  period_days INTEGER NOT NULL,
  inspector_user_id INTEGER NOT NULL,
  next_due_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  inspections_made INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inspection_plans_site ON inspection_plans(site_unit_id);
CREATE INDEX inspection_plans_due ON inspection_plans(next_due_at) WHERE active = 1;

CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL DEFAULT 0,
  site_unit_id INTEGER NOT NULL,
  site TEXT NOT NULL,
  inspector_user_id INTEGER NOT NULL DEFAULT 0,
  state INTEGER NOT NULL,
  due_at INTEGER NOT NULL DEFAULT 0,
  done_at INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  findings TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX inspections_site ON inspections(site_unit_id, id);
)sql";

const char* const kMigrations[] = {
    // 1: the first schema.
    R"sql(
CREATE TABLE org_units (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER NOT NULL DEFAULT 0,
  type INTEGER NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  case_prefix TEXT NOT NULL DEFAULT '',
  retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE party_posts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  holder_name TEXT NOT NULL,
  holder_user_id INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE categories (
  code TEXT PRIMARY KEY,
  kind INTEGER NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  default_handler INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role INTEGER NOT NULL,
  scope_unit_id INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  demo_password INTEGER NOT NULL DEFAULT 0,
  password_changed_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  category_code TEXT NOT NULL,
  channel INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  location_unit_id INTEGER NOT NULL,
  address TEXT NOT NULL,
  has_coordinates INTEGER NOT NULL,
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  priority INTEGER NOT NULL,
  level INTEGER NOT NULL,
  handling_unit_id INTEGER NOT NULL,
  assignee_user_id INTEGER NOT NULL,
  leader_user_id INTEGER NOT NULL,
  reporter_user_id INTEGER NOT NULL,
  state INTEGER NOT NULL,
  state_before_suspend INTEGER NOT NULL,
  outcome INTEGER NOT NULL,
  merged_into INTEGER NOT NULL,
  reopen_count INTEGER NOT NULL,
  urge_count INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- The list filters; each index ends with the rowid, which serves ORDER BY id DESC.
CREATE INDEX cases_handling_unit ON cases(handling_unit_id);
CREATE INDEX cases_location_unit ON cases(location_unit_id);
CREATE INDEX cases_state ON cases(state);
CREATE INDEX cases_kind ON cases(kind);
CREATE INDEX cases_assignee ON cases(assignee_user_id);
CREATE INDEX cases_leader ON cases(leader_user_id);

CREATE TABLE case_parties (
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  id_number TEXT NOT NULL,
  role INTEGER NOT NULL,
  confidential INTEGER NOT NULL,
  PRIMARY KEY (case_id, position)
) WITHOUT ROWID;

-- Substring search over title and description. Trigrams match any substring of three or more
-- characters, Chinese included; shorter queries fall back to instr() in the query.
-- case_sensitive 1: the same exact-substring semantics as instr().
CREATE VIRTUAL TABLE cases_fts USING fts5(
  title, description,
  content='cases', content_rowid='id',
  tokenize='trigram case_sensitive 1'
);
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF title, description ON cases BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO cases_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
END;

CREATE TABLE case_sequences (
  prefix TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
) WITHOUT ROWID;

-- seq is assigned as max + 1 by the store (not AUTOINCREMENT), so a rolled-back write leaves
-- no gap in the history.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  case_number TEXT NOT NULL,
  actor_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action INTEGER NOT NULL,
  from_state INTEGER NOT NULL,
  to_state INTEGER NOT NULL,
  from_level INTEGER NOT NULL,
  to_level INTEGER NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL,
  case_version INTEGER NOT NULL,
  case_kind INTEGER NOT NULL,
  handling_unit_id INTEGER NOT NULL,
  location_unit_id INTEGER NOT NULL
);
CREATE INDEX events_case ON events(case_id, seq);

CREATE TABLE requests (
  user_id INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (user_id, request_id)
) WITHOUT ROWID;
)sql",

    // 2: case deadlines. A case's clocks are one JSON array (written and read by the store);
    // next_due, colour and provisional are derived from the case on every write, for the
    // scheduler and the board. Policies keep every version: cases made under an old one still
    // name it.
    R"sql(
ALTER TABLE cases ADD COLUMN clocks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE cases ADD COLUMN policy_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN next_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN colour INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN extension_clock INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_requested_by INTEGER NOT NULL DEFAULT 0;
-- 1 when a running clock's deadline is provisional (its year's calendar is missing).
ALTER TABLE cases ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
-- The scheduler's queue: only cases with a clock due to change colour. The rowid in each entry
-- orders ties by id.
CREATE INDEX cases_next_due ON cases(next_due) WHERE next_due > 0;
-- The board: the few cases that need attention, and the few with provisional deadlines. The
-- queries repeat these WHERE clauses word for word, so that the planner can use them.
CREATE INDEX cases_attention ON cases(id) WHERE colour IN (2, 3) OR level > 1;
CREATE INDEX cases_provisional ON cases(id) WHERE provisional = 1;

-- Every version of every policy; the current one of each id is named in policy_current.
CREATE TABLE policies (
  id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  category_code TEXT NOT NULL,
  priority INTEGER NOT NULL,
  clocks TEXT NOT NULL,
  basis TEXT NOT NULL,
  PRIMARY KEY (id, version)
) WITHOUT ROWID;
CREATE TABLE policy_current (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  FOREIGN KEY (id, version) REFERENCES policies(id, version)
);

-- One working-calendar year: the text of core/calendar/*.cal.
CREATE TABLE calendar_years (
  year INTEGER PRIMARY KEY,
  text TEXT NOT NULL
);
)sql",

    // 3: the audit log (append-only; ids assigned as max + 1 by the store), and the unit a case
    // complains about.
    R"sql(
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  address TEXT NOT NULL,
  case_id INTEGER NOT NULL,
  detail TEXT NOT NULL
);
-- Listing one kind newest first: the entries end with the rowid, which serves ORDER BY id DESC.
CREATE INDEX audit_kind ON audit(kind);

ALTER TABLE cases ADD COLUMN complained_unit_id INTEGER NOT NULL DEFAULT 0;
)sql",

    // 4: disputes' mediation and petitions' record (one JSON object of strings each, written
    // and read by the store; '' on other kinds), and the parties' ID numbers indexed, so that a
    // petitioner's earlier petitions are found across channels, levels and years.
    R"sql(
ALTER TABLE cases ADD COLUMN mediation TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN petition TEXT NOT NULL DEFAULT '';
CREATE INDEX case_parties_id_number ON case_parties(id_number) WHERE id_number != '';
)sql",

    // 5: figures (core/gridcase/figures.hpp). Each case's facts, folded from its history, with
    // its counts (for drill-down); and the sums per cell (location unit, registration day, kind,
    // category, channel), by day and by month (day = the first of the month), and by unit and
    // month alone. All are kept by append_event in the write unit of the event; the migration
    // fills them from the history already stored.
    R"sql(
CREATE TABLE case_figures (
  case_id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  category TEXT NOT NULL,
  channel INTEGER NOT NULL,
  facts TEXT NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  not_accepted INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 0,
  due INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  reopen_times INTEGER NOT NULL DEFAULT 0,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_times INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  escalations_manual INTEGER NOT NULL DEFAULT 0,
  escalations_deadline INTEGER NOT NULL DEFAULT 0,
  escalations_risk INTEGER NOT NULL DEFAULT 0,
  top_community INTEGER NOT NULL DEFAULT 0,
  top_sub_district INTEGER NOT NULL DEFAULT 0,
  top_district INTEGER NOT NULL DEFAULT 0,
  urged INTEGER NOT NULL DEFAULT 0,
  urge_times INTEGER NOT NULL DEFAULT 0,
  closed_at_grid INTEGER NOT NULL DEFAULT 0,
  closed_at_community INTEGER NOT NULL DEFAULT 0,
  closed_at_sub_district INTEGER NOT NULL DEFAULT 0,
  closed_at_district INTEGER NOT NULL DEFAULT 0,
  visit_batches INTEGER NOT NULL DEFAULT 0,
  visit_persons INTEGER NOT NULL DEFAULT 0,
  online_assigned INTEGER NOT NULL DEFAULT 0,
  online_handled INTEGER NOT NULL DEFAULT 0,
  disputes_resolved INTEGER NOT NULL DEFAULT 0,
  hotline_orders INTEGER NOT NULL DEFAULT 0,
  hotline_responded INTEGER NOT NULL DEFAULT 0,
  hotline_callbacks INTEGER NOT NULL DEFAULT 0,
  hotline_solved INTEGER NOT NULL DEFAULT 0,
  hotline_satisfied INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_figures_cell ON case_figures(unit_id, day);

CREATE TABLE figure_days (
  unit_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  category TEXT NOT NULL,
  channel INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  not_accepted INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 0,
  due INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  reopen_times INTEGER NOT NULL DEFAULT 0,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_times INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  escalations_manual INTEGER NOT NULL DEFAULT 0,
  escalations_deadline INTEGER NOT NULL DEFAULT 0,
  escalations_risk INTEGER NOT NULL DEFAULT 0,
  top_community INTEGER NOT NULL DEFAULT 0,
  top_sub_district INTEGER NOT NULL DEFAULT 0,
  top_district INTEGER NOT NULL DEFAULT 0,
  urged INTEGER NOT NULL DEFAULT 0,
  urge_times INTEGER NOT NULL DEFAULT 0,
  closed_at_grid INTEGER NOT NULL DEFAULT 0,
  closed_at_community INTEGER NOT NULL DEFAULT 0,
  closed_at_sub_district INTEGER NOT NULL DEFAULT 0,
  closed_at_district INTEGER NOT NULL DEFAULT 0,
  visit_batches INTEGER NOT NULL DEFAULT 0,
  visit_persons INTEGER NOT NULL DEFAULT 0,
  online_assigned INTEGER NOT NULL DEFAULT 0,
  online_handled INTEGER NOT NULL DEFAULT 0,
  disputes_resolved INTEGER NOT NULL DEFAULT 0,
  hotline_orders INTEGER NOT NULL DEFAULT 0,
  hotline_responded INTEGER NOT NULL DEFAULT 0,
  hotline_callbacks INTEGER NOT NULL DEFAULT 0,
  hotline_solved INTEGER NOT NULL DEFAULT 0,
  hotline_satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, kind, category, channel)
) WITHOUT ROWID;

CREATE TABLE figure_months (
  unit_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  category TEXT NOT NULL,
  channel INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  not_accepted INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 0,
  due INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  reopen_times INTEGER NOT NULL DEFAULT 0,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_times INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  escalations_manual INTEGER NOT NULL DEFAULT 0,
  escalations_deadline INTEGER NOT NULL DEFAULT 0,
  escalations_risk INTEGER NOT NULL DEFAULT 0,
  top_community INTEGER NOT NULL DEFAULT 0,
  top_sub_district INTEGER NOT NULL DEFAULT 0,
  top_district INTEGER NOT NULL DEFAULT 0,
  urged INTEGER NOT NULL DEFAULT 0,
  urge_times INTEGER NOT NULL DEFAULT 0,
  closed_at_grid INTEGER NOT NULL DEFAULT 0,
  closed_at_community INTEGER NOT NULL DEFAULT 0,
  closed_at_sub_district INTEGER NOT NULL DEFAULT 0,
  closed_at_district INTEGER NOT NULL DEFAULT 0,
  visit_batches INTEGER NOT NULL DEFAULT 0,
  visit_persons INTEGER NOT NULL DEFAULT 0,
  online_assigned INTEGER NOT NULL DEFAULT 0,
  online_handled INTEGER NOT NULL DEFAULT 0,
  disputes_resolved INTEGER NOT NULL DEFAULT 0,
  hotline_orders INTEGER NOT NULL DEFAULT 0,
  hotline_responded INTEGER NOT NULL DEFAULT 0,
  hotline_callbacks INTEGER NOT NULL DEFAULT 0,
  hotline_solved INTEGER NOT NULL DEFAULT 0,
  hotline_satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, kind, category, channel)
) WITHOUT ROWID;

-- The same sums per unit and month only (every kind, category and channel together): what a
-- unit's figures over whole months read unless broken down or filtered by those.
CREATE TABLE figure_unit_months (
  unit_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  not_accepted INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 0,
  due INTEGER NOT NULL DEFAULT 0,
  closed INTEGER NOT NULL DEFAULT 0,
  closed_on_time INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  reopen_times INTEGER NOT NULL DEFAULT 0,
  extended INTEGER NOT NULL DEFAULT 0,
  extension_times INTEGER NOT NULL DEFAULT 0,
  escalated INTEGER NOT NULL DEFAULT 0,
  escalations_manual INTEGER NOT NULL DEFAULT 0,
  escalations_deadline INTEGER NOT NULL DEFAULT 0,
  escalations_risk INTEGER NOT NULL DEFAULT 0,
  top_community INTEGER NOT NULL DEFAULT 0,
  top_sub_district INTEGER NOT NULL DEFAULT 0,
  top_district INTEGER NOT NULL DEFAULT 0,
  urged INTEGER NOT NULL DEFAULT 0,
  urge_times INTEGER NOT NULL DEFAULT 0,
  closed_at_grid INTEGER NOT NULL DEFAULT 0,
  closed_at_community INTEGER NOT NULL DEFAULT 0,
  closed_at_sub_district INTEGER NOT NULL DEFAULT 0,
  closed_at_district INTEGER NOT NULL DEFAULT 0,
  visit_batches INTEGER NOT NULL DEFAULT 0,
  visit_persons INTEGER NOT NULL DEFAULT 0,
  online_assigned INTEGER NOT NULL DEFAULT 0,
  online_handled INTEGER NOT NULL DEFAULT 0,
  disputes_resolved INTEGER NOT NULL DEFAULT 0,
  hotline_orders INTEGER NOT NULL DEFAULT 0,
  hotline_responded INTEGER NOT NULL DEFAULT 0,
  hotline_callbacks INTEGER NOT NULL DEFAULT 0,
  hotline_solved INTEGER NOT NULL DEFAULT 0,
  hotline_satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;
)sql",

    // 6: lists by deadline. due_at is the earliest deadline of a running clock (0: none), derived
    // from the clocks on every write like next_due; existing cases with a running clock (run 1)
    // take it from their clocks, and only those rows are rewritten.
    R"sql(
ALTER TABLE cases ADD COLUMN due_at INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET due_at =
  (SELECT min(json_extract(value, '$.deadline')) FROM json_each(cases.clocks)
   WHERE json_extract(value, '$.run') = 1 AND json_extract(value, '$.deadline') > 0)
WHERE EXISTS (SELECT 1 FROM json_each(cases.clocks)
              WHERE json_extract(value, '$.run') = 1 AND json_extract(value, '$.deadline') > 0);
-- A page by deadline walks this index in order of (due_at, id); the usual filters (kind, state,
-- location and handling unit) are checked in the entries, so a case row is read only when it
-- matches. The cases without a deadline come after, newest first, by the rowid.
CREATE INDEX cases_due_at ON cases(due_at, id, kind, state, location_unit_id, handling_unit_id)
  WHERE due_at > 0;
)sql",
    // 7: 12345 hotline orders. The order's record is one JSON object of strings (written and
    // read by the store); hotline_order ("<receiving sub-district id>/<the centre's order
    // number>", NULL for every other case) keeps an order number unique within its sub-district
    // and finds the order when it is received again.
    kHotlineOrdersMigration,
    // 8: evidence and related cases (above).
    kEvidenceMigration,
    // 9: hazards and 吹哨报到 (core/gridcase/hazard.hpp, whistle.hpp): a hazard case's record and
    // any case's whistle (JSON objects of strings, as migration 4's), the departments each case
    // was whistled into (kept with the case, for the lists of a department's people), and the
    // inspections and recurring inspection plans.
    kHazardsAndWhistlesMigration,
    // 10: newest-first lists. A list walks back from the newest case through this index; the
    // usual filters (kind, state, location and handling unit) are checked in its entries, so a
    // case row is read only when it matches, not for every case walked past. From this version
    // on a case's clocks are also written in a compact form, rows by position (deadline_rows.hpp),
    // which an older build must not read; rows in the named form are read as before.
    R"sql(
CREATE INDEX cases_newest ON cases(id, kind, state, location_unit_id, handling_unit_id);
)sql",
    // 11: what a request made besides a case change, by id (RequestRecord::made_id). Until now
    // an inspection's or a plan's request kept that id in `version`, with no case; an upload's
    // attachment was found through its ATTACH event (action 60) at the version it left.
    R"sql(
ALTER TABLE requests ADD COLUMN made_id INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET made_id = version, version = 0 WHERE case_id = 0;
UPDATE requests SET made_id = (
  SELECT CAST(json_extract(e.details, '$.attachment_id') AS INTEGER) FROM events e
  WHERE e.case_id = requests.case_id AND e.case_version = requests.version AND e.action = 60)
WHERE case_id != 0 AND EXISTS (
  SELECT 1 FROM events e
  WHERE e.case_id = requests.case_id AND e.case_version = requests.version AND e.action = 60);
)sql",
    // 12: the figures counted again from the history: the level that settled a case is now its
    // handling unit's when resolved, an outcome counts whichever step recorded it, and a case
    // closed by a referral counts at its level (core/gridcase/figures.hpp).
    R"sql(
DELETE FROM case_figures;
DELETE FROM figure_days;
DELETE FROM figure_months;
DELETE FROM figure_unit_months;
)sql",
    // 13: 双考核: the departments whistled into each case, their check-ins (late or not) and
    // ratings as figures (the whistle_* columns), counted from the history.
    R"sql(
ALTER TABLE case_figures ADD COLUMN whistled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_check_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_check_ins_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_ratings_good INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_figures ADD COLUMN whistle_rating_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_check_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_check_ins_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_ratings_good INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN whistle_rating_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_check_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_check_ins_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_ratings_good INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN whistle_rating_points INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_check_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_check_ins_late INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_ratings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_ratings_good INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN whistle_rating_points INTEGER NOT NULL DEFAULT 0;
DELETE FROM case_figures;
DELETE FROM figure_days;
DELETE FROM figure_months;
DELETE FROM figure_unit_months;
)sql",
    // 14: agreements not performed (协议未履行, AGREEMENT_NOT_PERFORMED), a figure of its own; no
    // history before this version has one, so every count starts at 0.
    R"sql(
ALTER TABLE case_figures ADD COLUMN agreements_not_performed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_days ADD COLUMN agreements_not_performed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_months ADD COLUMN agreements_not_performed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE figure_unit_months ADD COLUMN agreements_not_performed INTEGER NOT NULL DEFAULT 0;
)sql",
    // 15: duplicate suggestions (core/gridcase/duplicates.hpp) look for the cases of a grid's
    // units registered within a window of a report's time: a range of this index per unit,
    // however many cases the grid had before.
    R"sql(
CREATE INDEX cases_place_time ON cases(location_unit_id, created_at);
)sql",
    // 16: a password an admin reset, which its user changes before doing anything else
    // (User::must_change_password).
    R"sql(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
)sql",
    // 17: a new case's search terms are written once per commit, not once per write. FTS5 writes
    // what it holds to the index at every savepoint, and the writer opens one per write of a
    // batch: so a new case is listed in cases_fts_pending (rolled back with its write) and the
    // writer indexes the listed cases just before each COMMIT (SqlView::index_pending_text).
    // A change or removal of a case's text that is still listed needs no index change; of one
    // already indexed, it updates the index at once, as before.
    R"sql(
DROP TRIGGER cases_fts_insert;
DROP TRIGGER cases_fts_update;
DROP TRIGGER cases_fts_delete;
CREATE TABLE cases_fts_pending (case_id INTEGER PRIMARY KEY);
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
  INSERT INTO cases_fts_pending(case_id) VALUES (new.id);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF title, description ON cases
  WHEN NOT EXISTS (SELECT 1 FROM cases_fts_pending WHERE case_id = old.id) BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, title, description)
    VALUES ('delete', old.id, old.title, old.description);
  INSERT INTO cases_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
  INSERT INTO cases_fts(cases_fts, rowid, title, description)
    SELECT 'delete', old.id, old.title, old.description
    WHERE NOT EXISTS (SELECT 1 FROM cases_fts_pending WHERE case_id = old.id);
  DELETE FROM cases_fts_pending WHERE case_id = old.id;
END;
)sql",
    // 18: the place-and-time index carries the category too, so that the candidates of a
    // duplicate suggestion are chosen from the index alone, newest first per unit and category,
    // and only the chosen rows are read (SqlView::cases_near).
    R"sql(
DROP INDEX cases_place_time;
CREATE INDEX cases_place_time ON cases(location_unit_id, category_code, created_at);
)sql",
    // 19: fewer bytes per case (issue 18). An event no longer repeats its case's number (read
    // from the case); then compact_rows rewrites what earlier versions stored longer: an event's
    // details in the binary form (event_rows.hpp), a request's hex fingerprint as its bytes
    // (request_rows.hpp), a case's clocks in the binary form (deadline_rows.hpp), and its
    // mediation, petition and hotline records without their empty members (kind_rows.hpp).
    R"sql(
ALTER TABLE events DROP COLUMN case_number;
)sql",
    // 20: 人口底数 (population.hpp): each community's and grid's residents and households as
    // counted on a date, and the sub-districts' target lines of 12345 complaints per 10,000
    // residents per month.
    R"sql(
CREATE TABLE unit_populations (
  unit_id INTEGER NOT NULL REFERENCES org_units(id),
  counted_on INTEGER NOT NULL,
  residents INTEGER NOT NULL CHECK (residents >= 0),
  households INTEGER NOT NULL CHECK (households >= 0),
  PRIMARY KEY (unit_id, counted_on)
) WITHOUT ROWID;
CREATE TABLE complaint_targets (
  unit_id INTEGER PRIMARY KEY REFERENCES org_units(id),
  per_10k REAL NOT NULL CHECK (per_10k > 0)
);
)sql",
    // 21: property companies and residents' forums (property.hpp): the estates (小区) a company
    // serves, with their households, and the forums (恳谈会) held with their opinions.
    R"sql(
CREATE TABLE estates (
  id INTEGER PRIMARY KEY,
  company_id INTEGER NOT NULL,
  community_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  households INTEGER NOT NULL CHECK (households > 0),
  created_at INTEGER NOT NULL,
  UNIQUE (community_id, name)
);
CREATE TABLE forums (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL,
  held_on INTEGER NOT NULL,
  place TEXT NOT NULL,
  attendance INTEGER NOT NULL CHECK (attendance >= 0),
  note TEXT NOT NULL DEFAULT '',
  opinions TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  created_by INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX forums_unit ON forums(unit_id, id);
)sql",
    // 22: early warnings (warning.hpp): the warnings, filtered by key, unit, kind and state, the
    // rest of each in one JSON text (warning_rows.hpp); the signal counters per key and day; the
    // versions of the thresholds.
    R"sql(
CREATE TABLE warnings (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  unit_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  state INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX warnings_key ON warnings(key, id);
CREATE INDEX warnings_unit ON warnings(unit_id, id);
CREATE TABLE signal_counts (
  key TEXT NOT NULL,
  day INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, day)
) WITHOUT ROWID;
CREATE TABLE warning_policies (
  version INTEGER PRIMARY KEY,
  body TEXT NOT NULL
);
)sql",
    // 23: livelihood projects (民生项目, project.hpp): the columns a listing filters on, the
    // units it is seen by (a JSON array: the responsible unit and its estates' units) and the
    // rest of the record in `body` (project_rows.hpp).
    R"sql(
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  unit_id INTEGER NOT NULL,
  units TEXT NOT NULL,
  state INTEGER NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  body TEXT NOT NULL DEFAULT ''
);
)sql",
    // 24: 久拖未动 (warning.hpp, StallWatch): the last activity of each case someone owes a step,
    // and the stalled warning standing on it; the deadline rounds read the quiet ones from the
    // partial index. The cases open now start from their last change (REPORTED, ACCEPTED,
    // IN_PROGRESS, UNDER_REVIEW, UNDER_RE_REVIEW).
    R"sql(
CREATE TABLE stall_watch (
  case_id INTEGER PRIMARY KEY,
  last_at INTEGER NOT NULL,
  warning_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stall_watch_quiet ON stall_watch(last_at, case_id) WHERE warning_id = 0;
INSERT INTO stall_watch(case_id, last_at, warning_id)
  SELECT id, updated_at, 0 FROM cases WHERE state IN (1, 2, 3, 9, 11);
)sql",
    // 25: the duplicate suggestion's index also holds each case's kind and address, so that the
    // candidates at another address are ruled out without reading their rows (SqlView::cases_near).
    R"sql(
DROP INDEX cases_place_time;
CREATE INDEX cases_place_time ON cases(location_unit_id, category_code, created_at, kind, address);
)sql",
    // 26: the records of people's requests are kept for a retention period (EngineOptions::
    // request_retention), and forgotten oldest first through this index; the system's (user 0,
    // an import's memory of what it brought in) are kept for ever and left out of it.
    R"sql(
CREATE INDEX requests_at ON requests(at) WHERE user_id <> 0;
)sql",
    // 27: a case's history in one place. Events were kept in the order they happened, so a case
    // of 50 events read 50 rows spread over the whole table; now they are kept by case and seq
    // (a table without rowid keyed by both), and a case's history is a page or two. events_seq
    // keeps all events in order for the feeds, and each seq unique.
    R"sql(
CREATE TABLE events_by_case (
  seq INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action INTEGER NOT NULL,
  from_state INTEGER NOT NULL,
  to_state INTEGER NOT NULL,
  from_level INTEGER NOT NULL,
  to_level INTEGER NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL,
  case_version INTEGER NOT NULL,
  case_kind INTEGER NOT NULL,
  handling_unit_id INTEGER NOT NULL,
  location_unit_id INTEGER NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;
INSERT INTO events_by_case(seq, case_id, actor_id, at, action, from_state, to_state, from_level, to_level,
                           reason, details, case_version, case_kind, handling_unit_id, location_unit_id)
  SELECT seq, case_id, actor_id, at, action, from_state, to_state, from_level, to_level,
         reason, details, case_version, case_kind, handling_unit_id, location_unit_id
  FROM events ORDER BY case_id, seq;
DROP TABLE events;
ALTER TABLE events_by_case RENAME TO events;
CREATE UNIQUE INDEX events_seq ON events(seq);
)sql",
};
// The migration after which compact_rows rewrites the stored rows in their shorter forms.
constexpr int kCompactRowsVersion = 19;
// The migration after which the figure tables are filled from the history by rebuild_figures: the
// newest that changes what is counted (every figure's column exists from then on). A database
// migrated only to an older version, as tests make them, keeps them empty until it is upgraded.
constexpr int kFiguresRecountVersion = 14;
constexpr int kMigrationCount = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
static_assert(kMigrationCount == kSchemaVersion, "one migration per schema version");

// SQL functions for compact_rows: each returns its argument in the form this build writes, or
// unchanged when it is not a value of that kind (a row that was unreadable stays as it was, and
// reads as corrupt as before).
using Recode = std::string (*)(std::string_view);

std::string recode_fingerprint(std::string_view stored) {
  std::string bytes;
  return fingerprint_bytes(stored, bytes) ? bytes : std::string(stored);
}

std::string recode_details(std::string_view stored) {
  std::map<std::string, std::string> details;
  return decode_event_details(stored, details) ? encode_event_details(details) : std::string(stored);
}

std::string recode_clocks(std::string_view stored) {
  std::vector<CaseClock> clocks;
  return decode_case_clocks(stored, clocks) ? encode_case_clocks(clocks) : std::string(stored);
}

template <typename Record, bool (*decode)(std::string_view, Record&), std::string (*encode)(const Record&)>
std::string recode_record(std::string_view stored) {
  Record r;
  return !stored.empty() && decode(stored, r) ? encode(r) : std::string(stored);
}

// Called with one TEXT argument; a BLOB result when the recoded value is binary (fingerprints,
// clocks), TEXT otherwise. Any other argument is returned as it is.
template <Recode recode, bool kBlob>
void recode_function(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
    sqlite3_result_value(context, argv[0]);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string out = recode(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))));
  if (kBlob && out != std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])))) {
    sqlite3_result_blob(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_result_text(context, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  }
}

// Migration 19's rewrite of the rows earlier versions stored longer, inside its transaction.
// The functions exist only while it runs. A rewritten row is shorter: the space it leaves is
// reused by later writes, and returned to the file system by VACUUM.
void compact_rows(SQLite::Database& db) {
  struct Function {
    const char* name;
    void (*run)(sqlite3_context*, int, sqlite3_value**);
  };
  const Function functions[] = {
      {"gridcase_fingerprint", recode_function<recode_fingerprint, true>},
      {"gridcase_details", recode_function<recode_details, true>},
      {"gridcase_clocks", recode_function<recode_clocks, true>},
      {"gridcase_mediation", recode_function<recode_record<Mediation, decode_mediation, encode_mediation>, false>},
      {"gridcase_petition", recode_function<recode_record<Petition, decode_petition, encode_petition>, false>},
      {"gridcase_hotline", recode_function<recode_record<HotlineOrder, decode_hotline, encode_hotline>, false>},
  };
  for (const Function& f : functions) {
    const int rc = sqlite3_create_function_v2(db.getHandle(), f.name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                              nullptr, f.run, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(db.getHandle(), rc);
  }
  db.exec("UPDATE events SET details = gridcase_details(details) WHERE typeof(details) = 'text'");
  db.exec("UPDATE requests SET fingerprint = gridcase_fingerprint(fingerprint) WHERE typeof(fingerprint) = 'text'");
  db.exec("UPDATE cases SET clocks = gridcase_clocks(clocks), mediation = gridcase_mediation(mediation), "
          "petition = gridcase_petition(petition), hotline = gridcase_hotline(hotline)");
  for (const Function& f : functions) {
    sqlite3_create_function_v2(db.getHandle(), f.name, 1, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
  }
}

int pragma_int(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

bool has_tables(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
}

// application_id 0 with no tables is a new, empty file: ours to set up.
Status check_identity(SQLite::Database& db) {
  const int app_id = pragma_int(db, "application_id");
  if (app_id == kApplicationId) return Status::ok();
  if (app_id == 0 && !has_tables(db)) return Status::ok();
  return Status(reason::NOT_A_GRIDCASE_DATABASE, "application_id " + std::to_string(app_id) + " is not gridcase's");
}

Status check_version(int version) {
  if (version > kSchemaVersion) {
    return Status(reason::DATABASE_TOO_NEW, "schema version " + std::to_string(version) + " is newer than this build's " +
                      std::to_string(kSchemaVersion));
  }
  return Status::ok();
}

// The first-run data of each schema version, in one transaction: the builtin categories (v1) and
// the default deadline policies (v2) into empty tables; and, on every open, each shipped
// calendar year the database does not hold yet (a year an admin edited is kept as it is).
void seed(SQLite::Database& db, int version) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  if (version >= 1 && db.execAndGet("SELECT count(*) FROM categories").getInt64() == 0) {
    SQLite::Statement insert(db,
                             "INSERT INTO categories(code, kind, parent_code, name, default_handler) "
                             "VALUES (?, ?, ?, ?, ?)");
    for (const Category& c : builtin_categories()) {
      insert.bind(1, c.code);
      insert.bind(2, static_cast<int>(c.kind));
      insert.bind(3, c.parent_code);
      insert.bind(4, c.name);
      insert.bind(5, static_cast<int>(c.default_handler));
      insert.exec();
      insert.reset();
    }
  }
  if (version >= 2) {
    if (db.execAndGet("SELECT count(*) FROM policies").getInt64() == 0) {
      for (const DeadlinePolicy& p : default_policies()) insert_policy(db, p);
    }
    SQLite::Statement insert(db, "INSERT OR IGNORE INTO calendar_years(year, text) VALUES (?, ?)");
    for (std::string_view text : builtin_calendar_texts()) {
      auto year = parse_calendar_year(text);
      if (!year.is_ok()) continue;  // shipped data is checked by the core tests
      insert.bind(1, year->year);
      insert.bind(2, std::string(text));  // TEXT (a pointer and size would bind a BLOB)
      insert.exec();
      insert.reset();
    }
  }
  tx.commit();
}

}  // namespace

void configure_writer(SQLite::Database& db) {
  const std::string mode = db.execAndGet("PRAGMA journal_mode=WAL").getString();
  if (mode != "wal") {
    throw SQLite::Exception("cannot switch to WAL (journal_mode is " + mode + ")");
  }
  db.exec("PRAGMA synchronous=FULL");  // a write is acknowledged only once it is durable
  db.exec("PRAGMA foreign_keys=ON");
  // A batch of group-committed writes dirties more pages than the default 2 MiB cache holds;
  // spilling them into the WAL before COMMIT, and each write's savepoint journal into a temp
  // file, cost more than the writes themselves. Neither changes what is durable when: the WAL
  // is still synced at every COMMIT.
  db.exec("PRAGMA cache_size=-65536");  // KiB: 64 MiB
  db.exec("PRAGMA temp_store=MEMORY");
}

Status check_database(SQLite::Database& db) {
  GRIDCASE_RETURN_IF_ERROR(check_identity(db));
  return check_version(pragma_int(db, "user_version"));
}

Status migrate(SQLite::Database& db, int target_version) {
  if (target_version < 1 || target_version > kSchemaVersion) {
    return Status(reason::BAD_SCHEMA_VERSION, "no schema version " + std::to_string(target_version));
  }
  for (;;) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Read again under the write lock: another process may have migrated meanwhile.
    GRIDCASE_RETURN_IF_ERROR(check_identity(db));
    const int version = pragma_int(db, "user_version");
    GRIDCASE_RETURN_IF_ERROR(check_version(version));
    if (version >= target_version) break;  // the transaction rolls back: nothing was changed
    db.exec(kMigrations[version]);
    if (version + 1 == kFiguresRecountVersion) rebuild_figures(db);
    if (version + 1 == kCompactRowsVersion) compact_rows(db);
    // PRAGMAs take no bound parameters; both values are constants of this file.
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    tx.commit();
  }

  seed(db, std::min(target_version, pragma_int(db, "user_version")));
  return Status::ok();
}

}  // namespace gridcase::storage
