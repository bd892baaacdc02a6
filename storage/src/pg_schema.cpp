#include "pg_schema.hpp"

#include <set>
#include <string>

#include "gridcase/figures.hpp"

namespace gridcase::storage::pg {
namespace {

// Migration N brings gridcase_schema.version from N-1 to N. Never edit a released migration:
// add one. Ids are assigned as max + 1 by the store under the writers' lock (no sequences): a
// rolled-back insert leaves no hole, as on SQLite. Booleans are integers 0/1 and times integer
// milliseconds, as on SQLite. The figure columns are those of figures.hpp at SQLite schema 19;
// a figure added later needs a migration here too (pg_migrate checks that every figure has its
// column).
const char* const kMigrations[] = {
    // 1: everything SQLite's schema 19 has, in one step.
    R"sql(
-- gridcase's own: its schema version (one row).
CREATE TABLE gridcase_schema (version integer NOT NULL);
INSERT INTO gridcase_schema(version) VALUES (0);

CREATE TABLE org_units (
  id bigint PRIMARY KEY,
  parent_id bigint NOT NULL DEFAULT 0,
  type integer NOT NULL,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  case_prefix text NOT NULL DEFAULT '',
  retired integer NOT NULL DEFAULT 0
);
CREATE INDEX org_units_parent ON org_units(parent_id);

CREATE TABLE party_posts (
  id bigint PRIMARY KEY,
  unit_id bigint NOT NULL,
  kind integer NOT NULL,
  holder_name text NOT NULL,
  holder_user_id bigint NOT NULL DEFAULT 0
);

CREATE TABLE categories (
  code text PRIMARY KEY,
  kind integer NOT NULL,
  parent_code text NOT NULL DEFAULT '',
  name text NOT NULL,
  default_handler integer NOT NULL DEFAULT 0,
  evidence_required integer NOT NULL DEFAULT 0
);

CREATE TABLE users (
  id bigint PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role integer NOT NULL,
  scope_unit_id bigint NOT NULL,
  disabled integer NOT NULL DEFAULT 0,
  password_hash text NOT NULL,
  demo_password integer NOT NULL DEFAULT 0,
  password_changed_at bigint NOT NULL DEFAULT 0,
  must_change_password integer NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_digest text PRIMARY KEY,
  user_id bigint NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  revoked integer NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE cases (
  id bigint PRIMARY KEY,
  number text NOT NULL UNIQUE,
  kind integer NOT NULL,
  category_code text NOT NULL,
  channel integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  location_unit_id bigint NOT NULL,
  address text NOT NULL,
  has_coordinates integer NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  priority integer NOT NULL,
  level integer NOT NULL,
  handling_unit_id bigint NOT NULL,
  assignee_user_id bigint NOT NULL,
  leader_user_id bigint NOT NULL,
  reporter_user_id bigint NOT NULL,
  state integer NOT NULL,
  state_before_suspend integer NOT NULL,
  outcome integer NOT NULL,
  merged_into bigint NOT NULL,
  reopen_count integer NOT NULL,
  urge_count integer NOT NULL,
  version bigint NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  clocks bytea NOT NULL,
  policy_id bigint NOT NULL DEFAULT 0,
  policy_version integer NOT NULL DEFAULT 0,
  next_due bigint NOT NULL DEFAULT 0,
  colour integer NOT NULL DEFAULT 1,
  extension_clock integer NOT NULL DEFAULT 0,
  extension_ms bigint NOT NULL DEFAULT 0,
  extension_requested_by bigint NOT NULL DEFAULT 0,
  provisional integer NOT NULL DEFAULT 0,
  complained_unit_id bigint NOT NULL DEFAULT 0,
  mediation text NOT NULL DEFAULT '',
  petition text NOT NULL DEFAULT '',
  due_at bigint NOT NULL DEFAULT 0,
  hotline text NOT NULL DEFAULT '',
  hotline_order text UNIQUE,
  hazard text NOT NULL DEFAULT '',
  whistle text NOT NULL DEFAULT '',
  -- Every two characters in a row of the title and of the description, written by the store
  -- with the case: what a two-character search word is looked up in. Not in SQLite's table.
  bigrams text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX cases_handling_unit ON cases(handling_unit_id, id);
CREATE INDEX cases_location_unit ON cases(location_unit_id, id);
CREATE INDEX cases_state ON cases(state, id);
CREATE INDEX cases_kind ON cases(kind, id);
CREATE INDEX cases_assignee ON cases(assignee_user_id, id);
CREATE INDEX cases_leader ON cases(leader_user_id, id);
CREATE INDEX cases_next_due ON cases(next_due, id) WHERE next_due > 0;
CREATE INDEX cases_attention ON cases(id) WHERE colour IN (2, 3) OR level > 1;
CREATE INDEX cases_provisional ON cases(id) WHERE provisional = 1;
CREATE INDEX cases_due_at ON cases(due_at, id) WHERE due_at > 0;
CREATE INDEX cases_by_merged_into ON cases(merged_into) WHERE merged_into != 0;
CREATE INDEX cases_place_time ON cases(location_unit_id, category_code, created_at);
-- Text search: words of three characters or more by LIKE through these trigram indexes
-- (pg_trgm, which sees Chinese only under a UTF-8 lc_ctype: pg_migrate checks), shorter ones by
-- the bigrams (two characters) or strpos() over the rows (one).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_title_trgm ON cases USING gin (title gin_trgm_ops);
CREATE INDEX cases_description_trgm ON cases USING gin (description gin_trgm_ops);
CREATE INDEX cases_bigrams ON cases USING gin (bigrams);

CREATE TABLE case_parties (
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position integer NOT NULL,
  name text NOT NULL,
  phone text NOT NULL,
  id_number text NOT NULL,
  role integer NOT NULL,
  confidential integer NOT NULL,
  PRIMARY KEY (case_id, position)
);
CREATE INDEX case_parties_id_number ON case_parties(id_number) WHERE id_number != '';

CREATE TABLE case_sequences (
  prefix text NOT NULL,
  year integer NOT NULL,
  last bigint NOT NULL,
  PRIMARY KEY (prefix, year)
);

-- The last event seq handed out: one row, updated in the write transaction after the writers'
-- advisory lock, so that seqs are gapless and in commit order across servers (not a sequence,
-- whose numbers are taken before commit and skipped on rollback).
CREATE TABLE event_counter (last bigint NOT NULL);
INSERT INTO event_counter(last) VALUES (0);

CREATE TABLE events (
  seq bigint PRIMARY KEY,
  case_id bigint NOT NULL,
  actor_id bigint NOT NULL,
  at bigint NOT NULL,
  action integer NOT NULL,
  from_state integer NOT NULL,
  to_state integer NOT NULL,
  from_level integer NOT NULL,
  to_level integer NOT NULL,
  reason text NOT NULL,
  details bytea NOT NULL,
  case_version bigint NOT NULL,
  case_kind integer NOT NULL,
  handling_unit_id bigint NOT NULL,
  location_unit_id bigint NOT NULL
);
CREATE INDEX events_case ON events(case_id, seq);

-- fingerprint: the bytes of a lowercase-hex fingerprint (fingerprint_text NULL), or, for any
-- other, empty with the text in fingerprint_text (SQLite keeps the two in one column, as a BLOB
-- or as TEXT).
CREATE TABLE requests (
  user_id bigint NOT NULL,
  request_id text NOT NULL,
  fingerprint bytea NOT NULL,
  fingerprint_text text,
  case_id bigint NOT NULL,
  version bigint NOT NULL,
  at bigint NOT NULL,
  made_id bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, request_id)
);

CREATE TABLE policies (
  id bigint NOT NULL,
  version integer NOT NULL,
  kind integer NOT NULL,
  category_code text NOT NULL,
  priority integer NOT NULL,
  clocks text NOT NULL,
  basis text NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE policy_current (
  id bigint PRIMARY KEY,
  version integer NOT NULL,
  FOREIGN KEY (id, version) REFERENCES policies(id, version)
);

CREATE TABLE calendar_years (
  year integer PRIMARY KEY,
  text text NOT NULL
);

CREATE TABLE audit (
  id bigint PRIMARY KEY,
  at bigint NOT NULL,
  kind integer NOT NULL,
  actor_id bigint NOT NULL,
  username text NOT NULL,
  address text NOT NULL,
  case_id bigint NOT NULL,
  detail text NOT NULL
);
CREATE INDEX audit_kind ON audit(kind, id);

CREATE TABLE case_figures (
  case_id bigint PRIMARY KEY,
  unit_id bigint NOT NULL,
  day integer NOT NULL,
  kind integer NOT NULL,
  category text NOT NULL,
  channel integer NOT NULL,
  facts text NOT NULL,
  received bigint NOT NULL DEFAULT 0,
  accepted bigint NOT NULL DEFAULT 0,
  not_accepted bigint NOT NULL DEFAULT 0,
  merged bigint NOT NULL DEFAULT 0,
  open bigint NOT NULL DEFAULT 0,
  due bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_on_time bigint NOT NULL DEFAULT 0,
  overdue bigint NOT NULL DEFAULT 0,
  reopened bigint NOT NULL DEFAULT 0,
  reopen_times bigint NOT NULL DEFAULT 0,
  extended bigint NOT NULL DEFAULT 0,
  extension_times bigint NOT NULL DEFAULT 0,
  escalated bigint NOT NULL DEFAULT 0,
  escalations_manual bigint NOT NULL DEFAULT 0,
  escalations_deadline bigint NOT NULL DEFAULT 0,
  escalations_risk bigint NOT NULL DEFAULT 0,
  top_community bigint NOT NULL DEFAULT 0,
  top_sub_district bigint NOT NULL DEFAULT 0,
  top_district bigint NOT NULL DEFAULT 0,
  urged bigint NOT NULL DEFAULT 0,
  urge_times bigint NOT NULL DEFAULT 0,
  closed_at_grid bigint NOT NULL DEFAULT 0,
  closed_at_community bigint NOT NULL DEFAULT 0,
  closed_at_sub_district bigint NOT NULL DEFAULT 0,
  closed_at_district bigint NOT NULL DEFAULT 0,
  visit_batches bigint NOT NULL DEFAULT 0,
  visit_persons bigint NOT NULL DEFAULT 0,
  online_assigned bigint NOT NULL DEFAULT 0,
  online_handled bigint NOT NULL DEFAULT 0,
  disputes_resolved bigint NOT NULL DEFAULT 0,
  hotline_orders bigint NOT NULL DEFAULT 0,
  hotline_responded bigint NOT NULL DEFAULT 0,
  hotline_callbacks bigint NOT NULL DEFAULT 0,
  hotline_solved bigint NOT NULL DEFAULT 0,
  hotline_satisfied bigint NOT NULL DEFAULT 0,
  whistled bigint NOT NULL DEFAULT 0,
  whistle_calls bigint NOT NULL DEFAULT 0,
  whistle_check_ins bigint NOT NULL DEFAULT 0,
  whistle_check_ins_late bigint NOT NULL DEFAULT 0,
  whistle_ratings bigint NOT NULL DEFAULT 0,
  whistle_ratings_good bigint NOT NULL DEFAULT 0,
  whistle_rating_points bigint NOT NULL DEFAULT 0,
  agreements_not_performed bigint NOT NULL DEFAULT 0
);
CREATE INDEX case_figures_cell ON case_figures(unit_id, day);

CREATE TABLE figure_days (
  unit_id bigint NOT NULL,
  day integer NOT NULL,
  kind integer NOT NULL,
  category text NOT NULL,
  channel integer NOT NULL,
  received bigint NOT NULL DEFAULT 0,
  accepted bigint NOT NULL DEFAULT 0,
  not_accepted bigint NOT NULL DEFAULT 0,
  merged bigint NOT NULL DEFAULT 0,
  open bigint NOT NULL DEFAULT 0,
  due bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_on_time bigint NOT NULL DEFAULT 0,
  overdue bigint NOT NULL DEFAULT 0,
  reopened bigint NOT NULL DEFAULT 0,
  reopen_times bigint NOT NULL DEFAULT 0,
  extended bigint NOT NULL DEFAULT 0,
  extension_times bigint NOT NULL DEFAULT 0,
  escalated bigint NOT NULL DEFAULT 0,
  escalations_manual bigint NOT NULL DEFAULT 0,
  escalations_deadline bigint NOT NULL DEFAULT 0,
  escalations_risk bigint NOT NULL DEFAULT 0,
  top_community bigint NOT NULL DEFAULT 0,
  top_sub_district bigint NOT NULL DEFAULT 0,
  top_district bigint NOT NULL DEFAULT 0,
  urged bigint NOT NULL DEFAULT 0,
  urge_times bigint NOT NULL DEFAULT 0,
  closed_at_grid bigint NOT NULL DEFAULT 0,
  closed_at_community bigint NOT NULL DEFAULT 0,
  closed_at_sub_district bigint NOT NULL DEFAULT 0,
  closed_at_district bigint NOT NULL DEFAULT 0,
  visit_batches bigint NOT NULL DEFAULT 0,
  visit_persons bigint NOT NULL DEFAULT 0,
  online_assigned bigint NOT NULL DEFAULT 0,
  online_handled bigint NOT NULL DEFAULT 0,
  disputes_resolved bigint NOT NULL DEFAULT 0,
  hotline_orders bigint NOT NULL DEFAULT 0,
  hotline_responded bigint NOT NULL DEFAULT 0,
  hotline_callbacks bigint NOT NULL DEFAULT 0,
  hotline_solved bigint NOT NULL DEFAULT 0,
  hotline_satisfied bigint NOT NULL DEFAULT 0,
  whistled bigint NOT NULL DEFAULT 0,
  whistle_calls bigint NOT NULL DEFAULT 0,
  whistle_check_ins bigint NOT NULL DEFAULT 0,
  whistle_check_ins_late bigint NOT NULL DEFAULT 0,
  whistle_ratings bigint NOT NULL DEFAULT 0,
  whistle_ratings_good bigint NOT NULL DEFAULT 0,
  whistle_rating_points bigint NOT NULL DEFAULT 0,
  agreements_not_performed bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, kind, category, channel)
);

CREATE TABLE figure_months (
  unit_id bigint NOT NULL,
  day integer NOT NULL,
  kind integer NOT NULL,
  category text NOT NULL,
  channel integer NOT NULL,
  received bigint NOT NULL DEFAULT 0,
  accepted bigint NOT NULL DEFAULT 0,
  not_accepted bigint NOT NULL DEFAULT 0,
  merged bigint NOT NULL DEFAULT 0,
  open bigint NOT NULL DEFAULT 0,
  due bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_on_time bigint NOT NULL DEFAULT 0,
  overdue bigint NOT NULL DEFAULT 0,
  reopened bigint NOT NULL DEFAULT 0,
  reopen_times bigint NOT NULL DEFAULT 0,
  extended bigint NOT NULL DEFAULT 0,
  extension_times bigint NOT NULL DEFAULT 0,
  escalated bigint NOT NULL DEFAULT 0,
  escalations_manual bigint NOT NULL DEFAULT 0,
  escalations_deadline bigint NOT NULL DEFAULT 0,
  escalations_risk bigint NOT NULL DEFAULT 0,
  top_community bigint NOT NULL DEFAULT 0,
  top_sub_district bigint NOT NULL DEFAULT 0,
  top_district bigint NOT NULL DEFAULT 0,
  urged bigint NOT NULL DEFAULT 0,
  urge_times bigint NOT NULL DEFAULT 0,
  closed_at_grid bigint NOT NULL DEFAULT 0,
  closed_at_community bigint NOT NULL DEFAULT 0,
  closed_at_sub_district bigint NOT NULL DEFAULT 0,
  closed_at_district bigint NOT NULL DEFAULT 0,
  visit_batches bigint NOT NULL DEFAULT 0,
  visit_persons bigint NOT NULL DEFAULT 0,
  online_assigned bigint NOT NULL DEFAULT 0,
  online_handled bigint NOT NULL DEFAULT 0,
  disputes_resolved bigint NOT NULL DEFAULT 0,
  hotline_orders bigint NOT NULL DEFAULT 0,
  hotline_responded bigint NOT NULL DEFAULT 0,
  hotline_callbacks bigint NOT NULL DEFAULT 0,
  hotline_solved bigint NOT NULL DEFAULT 0,
  hotline_satisfied bigint NOT NULL DEFAULT 0,
  whistled bigint NOT NULL DEFAULT 0,
  whistle_calls bigint NOT NULL DEFAULT 0,
  whistle_check_ins bigint NOT NULL DEFAULT 0,
  whistle_check_ins_late bigint NOT NULL DEFAULT 0,
  whistle_ratings bigint NOT NULL DEFAULT 0,
  whistle_ratings_good bigint NOT NULL DEFAULT 0,
  whistle_rating_points bigint NOT NULL DEFAULT 0,
  agreements_not_performed bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, kind, category, channel)
);

CREATE TABLE figure_unit_months (
  unit_id bigint NOT NULL,
  day integer NOT NULL,
  received bigint NOT NULL DEFAULT 0,
  accepted bigint NOT NULL DEFAULT 0,
  not_accepted bigint NOT NULL DEFAULT 0,
  merged bigint NOT NULL DEFAULT 0,
  open bigint NOT NULL DEFAULT 0,
  due bigint NOT NULL DEFAULT 0,
  closed bigint NOT NULL DEFAULT 0,
  closed_on_time bigint NOT NULL DEFAULT 0,
  overdue bigint NOT NULL DEFAULT 0,
  reopened bigint NOT NULL DEFAULT 0,
  reopen_times bigint NOT NULL DEFAULT 0,
  extended bigint NOT NULL DEFAULT 0,
  extension_times bigint NOT NULL DEFAULT 0,
  escalated bigint NOT NULL DEFAULT 0,
  escalations_manual bigint NOT NULL DEFAULT 0,
  escalations_deadline bigint NOT NULL DEFAULT 0,
  escalations_risk bigint NOT NULL DEFAULT 0,
  top_community bigint NOT NULL DEFAULT 0,
  top_sub_district bigint NOT NULL DEFAULT 0,
  top_district bigint NOT NULL DEFAULT 0,
  urged bigint NOT NULL DEFAULT 0,
  urge_times bigint NOT NULL DEFAULT 0,
  closed_at_grid bigint NOT NULL DEFAULT 0,
  closed_at_community bigint NOT NULL DEFAULT 0,
  closed_at_sub_district bigint NOT NULL DEFAULT 0,
  closed_at_district bigint NOT NULL DEFAULT 0,
  visit_batches bigint NOT NULL DEFAULT 0,
  visit_persons bigint NOT NULL DEFAULT 0,
  online_assigned bigint NOT NULL DEFAULT 0,
  online_handled bigint NOT NULL DEFAULT 0,
  disputes_resolved bigint NOT NULL DEFAULT 0,
  hotline_orders bigint NOT NULL DEFAULT 0,
  hotline_responded bigint NOT NULL DEFAULT 0,
  hotline_callbacks bigint NOT NULL DEFAULT 0,
  hotline_solved bigint NOT NULL DEFAULT 0,
  hotline_satisfied bigint NOT NULL DEFAULT 0,
  whistled bigint NOT NULL DEFAULT 0,
  whistle_calls bigint NOT NULL DEFAULT 0,
  whistle_check_ins bigint NOT NULL DEFAULT 0,
  whistle_check_ins_late bigint NOT NULL DEFAULT 0,
  whistle_ratings bigint NOT NULL DEFAULT 0,
  whistle_ratings_good bigint NOT NULL DEFAULT 0,
  whistle_rating_points bigint NOT NULL DEFAULT 0,
  agreements_not_performed bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day)
);

CREATE TABLE attachments (
  id bigint PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  sha256 text NOT NULL,
  size bigint NOT NULL,
  media_type text NOT NULL,
  file_name text NOT NULL DEFAULT '',
  note text NOT NULL DEFAULT '',
  has_coordinates integer NOT NULL DEFAULT 0,
  lat double precision NOT NULL DEFAULT 0,
  lon double precision NOT NULL DEFAULT 0,
  captured_at bigint NOT NULL DEFAULT 0,
  uploaded_by bigint NOT NULL DEFAULT 0,
  uploaded_at bigint NOT NULL
);
CREATE INDEX attachments_by_case ON attachments(case_id, id);

CREATE TABLE case_links (
  case_id bigint NOT NULL REFERENCES cases(id),
  other_case_id bigint NOT NULL REFERENCES cases(id),
  linked_by bigint NOT NULL DEFAULT 0,
  linked_at bigint NOT NULL,
  reason text NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, other_case_id)
);
CREATE INDEX case_links_by_other ON case_links(other_case_id);

CREATE TABLE case_whistles (
  unit_id bigint NOT NULL,
  case_id bigint NOT NULL REFERENCES cases(id),
  PRIMARY KEY (unit_id, case_id)
);
CREATE INDEX case_whistles_case ON case_whistles(case_id);

CREATE TABLE inspection_plans (
  id bigint PRIMARY KEY,
  site_unit_id bigint NOT NULL,
  site text NOT NULL,
  period_days integer NOT NULL,
  inspector_user_id bigint NOT NULL,
  next_due_at bigint NOT NULL,
  active integer NOT NULL DEFAULT 1,
  created_by bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  inspections_made integer NOT NULL DEFAULT 0
);
CREATE INDEX inspection_plans_site ON inspection_plans(site_unit_id);
CREATE INDEX inspection_plans_due ON inspection_plans(next_due_at) WHERE active = 1;

CREATE TABLE inspections (
  id bigint PRIMARY KEY,
  plan_id bigint NOT NULL DEFAULT 0,
  site_unit_id bigint NOT NULL,
  site text NOT NULL,
  inspector_user_id bigint NOT NULL DEFAULT 0,
  state integer NOT NULL,
  due_at bigint NOT NULL DEFAULT 0,
  done_at bigint NOT NULL DEFAULT 0,
  note text NOT NULL DEFAULT '',
  findings text NOT NULL DEFAULT '',
  version bigint NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX inspections_site ON inspections(site_unit_id, id);
)sql",
    // 2: 人口底数 (population.hpp), as SQLite's schema 20.
    R"sql(
CREATE TABLE unit_populations (
  unit_id bigint NOT NULL REFERENCES org_units(id),
  counted_on integer NOT NULL,
  residents bigint NOT NULL CHECK (residents >= 0),
  households bigint NOT NULL CHECK (households >= 0),
  PRIMARY KEY (unit_id, counted_on)
);
CREATE TABLE complaint_targets (
  unit_id bigint PRIMARY KEY REFERENCES org_units(id),
  per_10k double precision NOT NULL CHECK (per_10k > 0)
);
)sql",
    // 3: several servers on one database. The generations they follow each other's changes by
    // (repository.hpp's StoreGenerations), moved by triggers in the transaction of every change,
    // whichever path makes it (statement triggers: a change of many rows moves a counter once);
    // and the indexes that count failed logins across servers.
    R"sql(
CREATE TABLE gridcase_generations (config bigint NOT NULL, accounts bigint NOT NULL);
INSERT INTO gridcase_generations(config, accounts) VALUES (0, 0);
CREATE FUNCTION gridcase_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE gridcase_generations SET config = config + 1;
  RETURN NULL;
END $$;
CREATE FUNCTION gridcase_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE gridcase_generations SET accounts = accounts + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER org_units_changed AFTER INSERT OR UPDATE OR DELETE ON org_units
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_config_changed();
CREATE TRIGGER party_posts_changed AFTER INSERT OR UPDATE OR DELETE ON party_posts
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_config_changed();
CREATE TRIGGER categories_changed AFTER INSERT OR UPDATE OR DELETE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_config_changed();
CREATE TRIGGER policies_changed AFTER INSERT OR UPDATE OR DELETE ON policy_current
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_config_changed();
CREATE TRIGGER calendar_years_changed AFTER INSERT OR UPDATE OR DELETE ON calendar_years
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_config_changed();
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_accounts_changed();
-- A session ended, not one begun (a login's INSERT ... ON CONFLICT DO UPDATE would fire a
-- statement-level UPDATE trigger too).
CREATE TRIGGER sessions_ended AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (NEW.revoked <> OLD.revoked) EXECUTE FUNCTION gridcase_accounts_changed();
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION gridcase_accounts_changed();
-- Failed logins are counted from the audit across servers (PgView::login_failures).
CREATE INDEX audit_logins_user ON audit(username, kind, at) WHERE kind IN (1, 2);
CREATE INDEX audit_logins_address ON audit(address, at) WHERE kind = 2;
)sql",
    // 4: property companies and residents' forums, as SQLite's schema 21.
    R"sql(
CREATE TABLE estates (
  id bigint PRIMARY KEY,
  company_id bigint NOT NULL,
  community_id bigint NOT NULL,
  name text NOT NULL,
  households bigint NOT NULL CHECK (households > 0),
  created_at bigint NOT NULL,
  UNIQUE (community_id, name)
);
CREATE TABLE forums (
  id bigint PRIMARY KEY,
  unit_id bigint NOT NULL,
  held_on integer NOT NULL,
  place text NOT NULL,
  attendance bigint NOT NULL CHECK (attendance >= 0),
  note text NOT NULL DEFAULT '',
  opinions text NOT NULL DEFAULT '',
  version bigint NOT NULL,
  created_by bigint NOT NULL DEFAULT 0,
  created_at bigint NOT NULL
);
CREATE INDEX forums_unit ON forums(unit_id, id);
)sql",
    // 5: early warnings (warning.hpp), as SQLite's schema 22.
    R"sql(
CREATE TABLE warnings (
  id bigint PRIMARY KEY,
  key text NOT NULL,
  unit_id bigint NOT NULL,
  kind integer NOT NULL,
  state integer NOT NULL,
  body text NOT NULL
);
CREATE INDEX warnings_key ON warnings(key, id);
CREATE INDEX warnings_unit ON warnings(unit_id, id);
CREATE TABLE signal_counts (
  key text NOT NULL,
  day integer NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, day)
);
CREATE TABLE warning_policies (
  version integer PRIMARY KEY,
  body text NOT NULL
);
)sql",
    // 6: livelihood projects (project.hpp), as SQLite's schema 23; the units a project is seen
    // by as an array that a listing matches with && (its GIN index).
    R"sql(
CREATE TABLE projects (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  unit_id bigint NOT NULL,
  units bigint[] NOT NULL,
  state integer NOT NULL,
  version bigint NOT NULL,
  created_at bigint NOT NULL,
  body text NOT NULL DEFAULT ''
);
CREATE INDEX projects_units ON projects USING gin (units);
)sql",
    // 7: 久拖未动 (warning.hpp, StallWatch), as SQLite's schema 24.
    R"sql(
CREATE TABLE stall_watch (
  case_id bigint PRIMARY KEY,
  last_at bigint NOT NULL,
  warning_id bigint NOT NULL DEFAULT 0
);
CREATE INDEX stall_watch_quiet ON stall_watch(last_at, case_id) WHERE warning_id = 0;
INSERT INTO stall_watch(case_id, last_at, warning_id)
  SELECT id, updated_at, 0 FROM cases WHERE state IN (1, 2, 3, 9, 11);
)sql",
    // 8: a page of one kind by deadline walks this index in order (PgView::list_cases), where
    // cases_due_at would fetch every due case of the other kinds to skip it: 0.1 ms against
    // 12.7 ms for a kind with few due cases on 1,000,000 cases.
    R"sql(
CREATE INDEX cases_kind_due ON cases(kind, due_at, id) WHERE due_at > 0;
)sql",
    // 9: people's request records are forgotten after a retention period, oldest first (as
    // SQLite's schema 26).
    R"sql(
CREATE INDEX requests_at ON requests(at) WHERE user_id <> 0;
)sql",
};
constexpr int kPgSchemaVersion = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);

bool has_table(PgConnection& c, const char* name) {
  return !c.exec("SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1",
                 Params().add(name))
              .empty();
}

// The version of the database, or -1 when it holds tables but not gridcase's.
int stored_version(PgConnection& c) {
  if (has_table(c, "gridcase_schema")) {
    Rows rows = c.exec("SELECT version FROM gridcase_schema");
    return rows.empty() ? 0 : rows.i32(0, 0);
  }
  Rows any = c.exec("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
  return any.i64(0, 0) == 0 ? 0 : -1;
}

// pg_trgm takes its trigrams from the characters lc_ctype calls letters or digits: under
// lc_ctype C no Chinese character is one, and every search would read the whole table.
Status check_ctype(PgConnection& c) {
  Rows r = c.exec("SELECT cardinality(show_trgm('群众反映噪音扰民')), current_setting('lc_ctype')");
  if (r.i64(0, 0) > 0) return Status::ok();
  return Status(reason::DATABASE_LOCALE_UNSUITABLE,
                "the database's lc_ctype is " + r.str(0, 1) +
                    ", under which pg_trgm sees no Chinese characters: create the database with lc_ctype C.UTF-8 "
                    "(CREATE DATABASE ... TEMPLATE template0 LC_CTYPE 'C.UTF-8')");
}

// Every figure of this build (figures.hpp) needs its column in the figure tables.
Status check_figure_columns(PgConnection& c) {
  Rows r = c.exec("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                  "AND table_name = 'figure_days'");
  std::set<std::string> columns;
  for (int row = 0; row < r.size(); ++row) columns.insert(r.str(row, 0));
  for (const auto& f : figure_info()) {
    if (columns.count(f.code) == 0) {
      return Status(reason::STORAGE_ERROR, std::string("the PostgreSQL schema has no column for the figure ") + f.code +
                                               ": a migration is missing in pg_schema.cpp");
    }
  }
  return Status::ok();
}

Status check_version(int version) {
  if (version < 0) {
    return Status(reason::NOT_A_GRIDCASE_DATABASE, "the database holds tables, but not gridcase's");
  }
  if (version > kPgSchemaVersion) {
    return Status(reason::DATABASE_TOO_NEW, "PostgreSQL schema version " + std::to_string(version) +
                                                " is newer than this build's " + std::to_string(kPgSchemaVersion));
  }
  return Status::ok();
}

}  // namespace

Status pg_migrate(PgConnection& c) {
  GRIDCASE_RETURN_IF_ERROR(check_version(stored_version(c)));
  for (;;) {
    c.run("BEGIN ISOLATION LEVEL READ COMMITTED");
    try {
      // Under the writers' lock, read again: another server may have migrated meanwhile.
      c.exec("SELECT pg_advisory_xact_lock($1::bigint)", Params().add(kWriteLockKey));
      const int version = stored_version(c);
      Status ok = check_version(version);
      if (ok.is_ok() && version >= kPgSchemaVersion) {
        ok = check_ctype(c);
        if (ok.is_ok()) ok = check_figure_columns(c);
      }
      if (!ok.is_ok() || version >= kPgSchemaVersion) {
        c.run("ROLLBACK");
        return ok;
      }
      c.run(kMigrations[version]);
      c.exec("UPDATE gridcase_schema SET version = $1::integer", Params().add(version + 1));
      // Judged before anything is kept: a database under an unsuitable locale is left as it was.
      ok = check_ctype(c);
      if (!ok.is_ok()) {
        c.run("ROLLBACK");
        return ok;
      }
      c.run("COMMIT");
    } catch (...) {
      if (c.usable()) c.run("ROLLBACK");
      throw;
    }
  }
}

}  // namespace gridcase::storage::pg
