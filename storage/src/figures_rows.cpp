#include "figures_rows.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "event_rows.hpp"
#include "json_text.hpp"

namespace gridcase::storage {
namespace {

using SQLite::Statement;

// Every figure, in order: the columns of the figure tables at this build's schema version.
const std::vector<Figure>& all_figures() {
  static const std::vector<Figure> all = [] {
    std::vector<Figure> out;
    for (const auto& f : figure_info()) out.push_back(f.figure);
    return out;
  }();
  return all;
}

std::string counter_columns(const std::vector<Figure>& figures = all_figures()) {
  std::string out;
  for (Figure f : figures) {
    if (!out.empty()) out += ", ";
    out += info(f).code;
  }
  return out;
}

// "a = a + excluded.a, ..." over the figures.
std::string add_excluded(const std::vector<Figure>& figures) {
  std::string s;
  for (Figure f : figures) {
    if (!s.empty()) s += ", ";
    s += std::string(info(f).code) + " = " + info(f).code + " + excluded." + info(f).code;
  }
  return s;
}

std::string placeholders(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

const std::string& facts_upsert_sql() {
  static const std::string sql = [] {
    std::string s = "INSERT INTO case_figures(case_id, unit_id, day, kind, category, channel, facts, " +
                    counter_columns() + ") VALUES (" + placeholders(7 + kFigureCount) +
                    ") ON CONFLICT(case_id) DO UPDATE SET unit_id = excluded.unit_id, "
                    "day = excluded.day, kind = excluded.kind, category = excluded.category, "
                    "channel = excluded.channel, facts = excluded.facts";
    for (const auto& f : figure_info()) {
      s += std::string(", ") + f.code + " = excluded." + f.code;
    }
    return s;
  }();
  return sql;
}

// The same row rewritten where it is: everything but its cell's unit and day. SQLite rewrites
// the entry of an index for every column an UPDATE sets, changed or not, so a case's later
// events leave case_figures_cell's entry (unit_id, day) alone. The parameters are numbered as
// the upsert's; ?2 and ?3 are bound and unused.
const std::string& facts_update_sql() {
  static const std::string sql = [] {
    std::string s = "UPDATE case_figures SET kind = ?4, category = ?5, channel = ?6, facts = ?7";
    int i = 8;
    for (const auto& f : figure_info()) s += std::string(", ") + f.code + " = ?" + std::to_string(i++);
    return s + " WHERE case_id = ?1";
  }();
  return sql;
}

std::string cell_upsert_sql(const char* table, const std::vector<Figure>& figures = all_figures()) {
  return std::string("INSERT INTO ") + table + "(unit_id, day, kind, category, channel, " +
         counter_columns(figures) + ") VALUES (" + placeholders(5 + static_cast<int>(figures.size())) +
         ") ON CONFLICT(unit_id, day, kind, category, channel) DO UPDATE SET " + add_excluded(figures);
}

void bind_key(Statement& s, int& i, const FigureKey& k) {
  s.bind(i++, k.unit);
  s.bind(i++, k.day);
  s.bind(i++, static_cast<int>(k.kind));
  s.bind(i++, k.category);
  s.bind(i++, static_cast<int>(k.channel));
}

std::string unit_month_upsert_sql(const std::vector<Figure>& figures = all_figures()) {
  return "INSERT INTO figure_unit_months(unit_id, day, " + counter_columns(figures) + ") VALUES (" +
         placeholders(2 + static_cast<int>(figures.size())) + ") ON CONFLICT(unit_id, day) DO UPDATE SET " +
         add_excluded(figures);
}

// The figures whose columns the figure tables have now: all of them, except while an older
// migration rebuilds the figures before a later one adds a column (which then starts at 0).
std::vector<Figure> present_figures(SQLite::Database& db) {
  std::set<std::string> columns;
  Statement s(db, "PRAGMA table_info(figure_days)");
  while (s.executeStep()) columns.insert(s.getColumn(1).getString());
  std::vector<Figure> out;
  for (Figure f : all_figures()) {
    if (columns.count(info(f).code) != 0) out.push_back(f);
  }
  return out;
}

void add_to_cells(Connection& c, const FigureKey& key, const FigureCounts& delta) {
  static const std::string days = cell_upsert_sql("figure_days");
  static const std::string months = cell_upsert_sql("figure_months");
  static const std::string unit_months = unit_month_upsert_sql();
  FigureKey month_key = key;
  month_key.day = period_start(key.day, Period::kMonth);
  for (const auto* sql : {&days, &months}) {
    StatementUse s(c, *sql);
    int i = 1;
    bind_key(*s, i, sql == &days ? key : month_key);
    for (int f = 0; f < kFigureCount; ++f) s->bind(i++, static_cast<std::int64_t>(delta.v[f]));
    s->exec();
  }
  StatementUse s(c, unit_months);
  s->bind(1, month_key.unit);
  s->bind(2, month_key.day);
  for (int f = 0; f < kFigureCount; ++f) s->bind(3 + f, static_cast<std::int64_t>(delta.v[f]));
  s->exec();
}

// Stores a case's facts and counts; `in_place`: its row exists with the same unit and day.
void store_facts(Connection& c, const CaseFacts& facts, const FigureCounts& counts, bool in_place) {
  StatementUse s(c, in_place ? facts_update_sql() : facts_upsert_sql());
  int i = 1;
  s->bind(i++, facts.case_id);
  s->bind(i++, facts.key.unit);
  s->bind(i++, facts.key.day);
  s->bind(i++, static_cast<int>(facts.key.kind));
  s->bind(i++, facts.key.category);
  s->bind(i++, static_cast<int>(facts.key.channel));
  s->bind(i++, encode_facts(facts));
  for (int f = 0; f < kFigureCount; ++f) s->bind(i++, static_cast<std::int64_t>(counts.v[f]));
  s->exec();
}

std::string unit_list(const std::vector<UnitId>& units) {
  std::string out = "[";
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(units[i]);
  }
  return out + "]";
}

}  // namespace

void record_figures(Connection& c, const Event& e) {
  CaseFacts facts;
  bool stored = false;
  {
    StatementUse s(c, "SELECT facts FROM case_figures WHERE case_id = ?");
    s->bind(1, e.case_id);
    stored = s->executeStep();
    if (stored && !decode_facts(s->getColumn(0).getString(), facts)) {
      throw SQLite::Exception("unreadable figure facts of case " + std::to_string(e.case_id));
    }
  }
  // The stored facts carry the key that the row's unit_id and day were written from.
  const UnitId unit_before = facts.key.unit;
  const int day_before = facts.key.day;
  const FoldedEvent folded = fold_event(facts, e);
  for (const auto& [key, delta] : folded.cell_deltas) add_to_cells(c, key, delta);
  if (folded.facts_changed) {
    store_facts(c, facts, folded.after, stored && unit_before == facts.key.unit && day_before == facts.key.day);
  }
}

std::vector<FigureRow> query_figure_rows(Connection& c, const FigureRowQuery& q) {
  std::vector<FigureRow> out;
  if (q.units.empty() || q.from_day >= q.to_day) return out;
  std::string group;
  auto dim = [&](bool on, const char* column, const char* none) -> std::string {
    if (!on) return none;
    group += group.empty() ? " GROUP BY " : ", ";
    group += column;
    return column;
  };
  std::string sql = "SELECT " + dim(q.by_unit, "unit_id", "0") + ", " + dim(q.by_day, "day", "0") +
                    ", " + dim(q.by_kind, "kind", "0") + ", " +
                    dim(q.by_category, "category", "''") + ", " +
                    dim(q.by_channel, "channel", "0") + ", count(*)";
  for (const auto& f : figure_info()) sql += std::string(", sum(") + f.code + ")";
  // Whole months without a kind, category or channel dimension read the per-unit monthly sums
  // (a few rows per unit and month), the rest the finer tables.
  const bool coarse = q.monthly && !q.by_kind && !q.by_category && !q.by_channel;
  sql += std::string(" FROM ") + (coarse ? "figure_unit_months" : q.monthly ? "figure_months" : "figure_days") +
         " WHERE unit_id IN (SELECT value FROM json_each(?)) AND day >= ? AND day < ?" + group;
  StatementUse s(c, sql);
  s->bind(1, unit_list(q.units));
  s->bind(2, q.from_day);
  s->bind(3, q.to_day);
  while (s->executeStep()) {
    if (s->getColumn(5).getInt64() == 0) continue;  // no cells at all
    FigureRow row;
    row.key.unit = s->getColumn(0).getInt64();
    row.key.day = s->getColumn(1).getInt();
    row.key.kind = static_cast<CaseKind>(s->getColumn(2).getInt());
    row.key.category = s->getColumn(3).getString();
    row.key.channel = static_cast<Channel>(s->getColumn(4).getInt());
    for (int f = 0; f < kFigureCount; ++f) row.counts.v[f] = s->getColumn(6 + f).getInt64();
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<CaseId> query_figure_cases(Connection& c, const FigureCaseQuery& q) {
  std::vector<CaseId> out;
  if (q.units.empty() || q.from_day >= q.to_day || q.limit <= 0) return out;
  // The column name comes from the fixed table of figures, never from the caller's text.
  const std::string sql =
      std::string("SELECT case_id FROM case_figures WHERE unit_id IN (SELECT value FROM json_each(?)) "
                  "AND day >= ? AND day < ? AND ") +
      info(q.figure).code +
      " > 0 AND (? = 0 OR kind = ?) AND (? = '' OR category = ?) AND (? = 0 OR channel = ?) "
      "AND (? = 0 OR case_id < ?) ORDER BY case_id DESC LIMIT ?";
  StatementUse s(c, sql);
  int i = 1;
  s->bind(i++, unit_list(q.units));
  s->bind(i++, q.from_day);
  s->bind(i++, q.to_day);
  s->bind(i++, static_cast<int>(q.kind));
  s->bind(i++, static_cast<int>(q.kind));
  s->bind(i++, q.category);
  s->bind(i++, q.category);
  s->bind(i++, static_cast<int>(q.channel));
  s->bind(i++, static_cast<int>(q.channel));
  s->bind(i++, q.before_id);
  s->bind(i++, q.before_id);
  s->bind(i++, q.limit);
  while (s->executeStep()) out.push_back(s->getColumn(0).getInt64());
  return out;
}

void rebuild_figures(SQLite::Database& db) {
  std::map<CaseId, CaseFacts> facts;
  {
    Statement s(db, "SELECT case_id, at, action, to_state, to_level, details, case_kind, "
                    "location_unit_id FROM events ORDER BY seq");
    while (s.executeStep()) {
      Event e;
      e.case_id = s.getColumn(0).getInt64();
      e.at = s.getColumn(1).getInt64();
      e.action = static_cast<Action>(s.getColumn(2).getInt());
      e.to_state = static_cast<CaseState>(s.getColumn(3).getInt());
      e.to_level = static_cast<Level>(s.getColumn(4).getInt());
      decode_event_details(s.getColumn(5).getString(), e.details);
      e.case_kind = static_cast<CaseKind>(s.getColumn(6).getInt());
      e.location_unit_id = s.getColumn(7).getInt64();
      fold(facts[e.case_id], e);
    }
  }
  const std::vector<Figure> figures = present_figures(db);
  std::string upsert = "INSERT INTO case_figures(case_id, unit_id, day, kind, category, channel, facts, " +
                       counter_columns(figures) + ") VALUES (" + placeholders(7 + static_cast<int>(figures.size())) +
                       ") ON CONFLICT(case_id) DO UPDATE SET unit_id = excluded.unit_id, day = excluded.day, "
                       "kind = excluded.kind, category = excluded.category, channel = excluded.channel, "
                       "facts = excluded.facts";
  for (Figure f : figures) upsert += std::string(", ") + info(f).code + " = excluded." + info(f).code;
  std::map<FigureKey, FigureCounts> days;
  Statement store(db, upsert);
  for (const auto& [id, f] : facts) {
    const FigureCounts counts = counts_of(f);
    int i = 1;
    store.bind(i++, f.case_id);
    store.bind(i++, f.key.unit);
    store.bind(i++, f.key.day);
    store.bind(i++, static_cast<int>(f.key.kind));
    store.bind(i++, f.key.category);
    store.bind(i++, static_cast<int>(f.key.channel));
    store.bind(i++, encode_facts(f));
    for (Figure k : figures) store.bind(i++, static_cast<std::int64_t>(counts[k]));
    store.exec();
    store.reset();
    if (f.created) days[f.key] += counts;
  }
  std::map<FigureKey, FigureCounts> months;
  for (const auto& [k, c] : days) {
    FigureKey m = k;
    m.day = period_start(k.day, Period::kMonth);
    months[m] += c;
  }
  std::map<std::pair<UnitId, int>, FigureCounts> unit_months;
  for (const auto& [k, c] : months) unit_months[{k.unit, k.day}] += c;
  {
    Statement insert(db, unit_month_upsert_sql(figures));
    for (const auto& [k, c] : unit_months) {
      insert.bind(1, k.first);
      insert.bind(2, k.second);
      int i = 3;
      for (Figure f : figures) insert.bind(i++, static_cast<std::int64_t>(c[f]));
      insert.exec();
      insert.reset();
    }
  }
  for (const auto& [table, cells] : {std::make_pair("figure_days", &days), std::make_pair("figure_months", &months)}) {
    Statement insert(db, cell_upsert_sql(table, figures));
    for (const auto& [k, c] : *cells) {
      int i = 1;
      bind_key(insert, i, k);
      for (Figure f : figures) insert.bind(i++, static_cast<std::int64_t>(c[f]));
      insert.exec();
      insert.reset();
    }
  }
}

}  // namespace gridcase::storage
