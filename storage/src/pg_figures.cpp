// Figures (core/gridcase/figures.hpp) on PostgreSQL: the same tables and the same bookkeeping
// as figures_rows.cpp: each case's facts and counts in case_figures, the sums per cell in
// figure_days and figure_months, per unit and month in figure_unit_months, all kept by
// append_event in the write unit of the event.
#include <string>
#include <vector>

#include "pg_view.hpp"

namespace gridcase::storage::pg {
namespace {

std::string counter_columns() {
  std::string out;
  for (const auto& f : figure_info()) {
    if (!out.empty()) out += ", ";
    out += f.code;
  }
  return out;
}

std::string placeholders(int from, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(from + i);
  return out;
}

// "t.a = t.a + excluded.a, ..." over the figures.
std::string add_excluded(const char* table) {
  std::string s;
  for (const auto& f : figure_info()) {
    if (!s.empty()) s += ", ";
    s += std::string(f.code) + " = " + table + "." + f.code + " + excluded." + f.code;
  }
  return s;
}

const std::string& facts_upsert_sql() {
  static const std::string sql = [] {
    std::string s = "INSERT INTO case_figures(case_id, unit_id, day, kind, category, channel, facts, " +
                    counter_columns() + ") VALUES (" + placeholders(1, 7 + kFigureCount) +
                    ") ON CONFLICT (case_id) DO UPDATE SET unit_id = excluded.unit_id, day = excluded.day, "
                    "kind = excluded.kind, category = excluded.category, channel = excluded.channel, "
                    "facts = excluded.facts";
    for (const auto& f : figure_info()) s += std::string(", ") + f.code + " = excluded." + f.code;
    return s;
  }();
  return sql;
}

std::string cell_upsert_sql(const char* table) {
  return std::string("INSERT INTO ") + table + "(unit_id, day, kind, category, channel, " + counter_columns() +
         ") VALUES (" + placeholders(1, 5 + kFigureCount) +
         ") ON CONFLICT (unit_id, day, kind, category, channel) DO UPDATE SET " + add_excluded(table);
}

const std::string& unit_month_upsert_sql() {
  static const std::string sql = "INSERT INTO figure_unit_months(unit_id, day, " + counter_columns() + ") VALUES (" +
                                 placeholders(1, 2 + kFigureCount) + ") ON CONFLICT (unit_id, day) DO UPDATE SET " +
                                 add_excluded("figure_unit_months");
  return sql;
}

Params& add_key(Params& p, const FigureKey& k) {
  return p.add(static_cast<std::int64_t>(k.unit))
      .add(k.day)
      .add(static_cast<int>(k.kind))
      .add(k.category)
      .add(static_cast<int>(k.channel));
}

void add_to_cells(PgConnection& c, const FigureKey& key, const FigureCounts& delta) {
  static const std::string days = cell_upsert_sql("figure_days");
  static const std::string months = cell_upsert_sql("figure_months");
  FigureKey month_key = key;
  month_key.day = period_start(key.day, Period::kMonth);
  for (const auto* sql : {&days, &months}) {
    Params p;
    add_key(p, sql == &days ? key : month_key);
    for (int f = 0; f < kFigureCount; ++f) p.add(static_cast<std::int64_t>(delta.v[f]));
    c.defer(*sql, p);
  }
  Params p;
  p.add(static_cast<std::int64_t>(month_key.unit)).add(month_key.day);
  for (int f = 0; f < kFigureCount; ++f) p.add(static_cast<std::int64_t>(delta.v[f]));
  c.defer(unit_month_upsert_sql(), p);
}

void store_facts(PgConnection& c, const CaseFacts& facts, const FigureCounts& counts) {
  Params p;
  p.add(static_cast<std::int64_t>(facts.case_id));
  add_key(p, facts.key);
  p.add(encode_facts(facts));
  for (int f = 0; f < kFigureCount; ++f) p.add(static_cast<std::int64_t>(counts.v[f]));
  c.defer(facts_upsert_sql(), p);
}

std::string unit_array(const std::vector<UnitId>& units) {
  std::string out = "{";
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(units[i]);
  }
  return out + "}";
}

}  // namespace

void PgView::record_figures(const Event& e) {
  CaseFacts facts;
  Rows r = c_.exec("SELECT facts FROM case_figures WHERE case_id = $1", Params().add(e.case_id));
  if (!r.empty() && !decode_facts(r.view(0, 0), facts)) {
    throw CorruptRow("unreadable figure facts of case " + std::to_string(e.case_id));
  }
  const FoldedEvent folded = fold_event(facts, e);
  for (const auto& [key, delta] : folded.cell_deltas) add_to_cells(c_, key, delta);
  if (folded.facts_changed) store_facts(c_, facts, folded.after);
}

Result<std::vector<FigureRow>> PgView::figure_rows(const FigureRowQuery& q) {
  return guarded([&]() -> Result<std::vector<FigureRow>> {
    std::vector<FigureRow> out;
    if (q.units.empty() || q.from_day >= q.to_day) return out;
    std::string group;
    auto dim = [&](bool on, const char* column, const char* none) -> std::string {
      if (!on) return none;
      group += group.empty() ? " GROUP BY " : ", ";
      group += column;
      return column;
    };
    std::string sql = "SELECT " + dim(q.by_unit, "unit_id", "0") + ", " + dim(q.by_day, "day", "0") + ", " +
                      dim(q.by_kind, "kind", "0") + ", " + dim(q.by_category, "category", "''") + ", " +
                      dim(q.by_channel, "channel", "0") + ", count(*)";
    for (const auto& f : figure_info()) sql += std::string(", coalesce(sum(") + f.code + "), 0)";
    const bool coarse = q.monthly && !q.by_kind && !q.by_category && !q.by_channel;
    sql += std::string(" FROM ") + (coarse ? "figure_unit_months" : q.monthly ? "figure_months" : "figure_days") +
           " WHERE unit_id = ANY($1::bigint[]) AND day >= $2::integer AND day < $3::integer" + group;
    Rows r = c_.exec(sql, Params().add(unit_array(q.units)).add(q.from_day).add(q.to_day));
    for (int row = 0; row < r.size(); ++row) {
      if (r.i64(row, 5) == 0) continue;  // no cells at all
      FigureRow fr;
      fr.key.unit = r.i64(row, 0);
      fr.key.day = r.i32(row, 1);
      fr.key.kind = static_cast<CaseKind>(r.i32(row, 2));
      fr.key.category = r.str(row, 3);
      fr.key.channel = static_cast<Channel>(r.i32(row, 4));
      for (int f = 0; f < kFigureCount; ++f) fr.counts.v[f] = r.i64(row, 6 + f);
      out.push_back(std::move(fr));
    }
    return out;
  });
}

Result<std::vector<CaseId>> PgView::figure_cases(const FigureCaseQuery& q) {
  return guarded([&]() -> Result<std::vector<CaseId>> {
    std::vector<CaseId> out;
    if (q.units.empty() || q.from_day >= q.to_day || q.limit <= 0) return out;
    // The column name comes from the fixed table of figures, never from the caller's text.
    const std::string sql =
        std::string("SELECT case_id FROM case_figures WHERE unit_id = ANY($1::bigint[]) "
                    "AND day >= $2::integer AND day < $3::integer AND ") +
        info(q.figure).code +
        " > 0 AND ($4::integer = 0 OR kind = $4::integer) AND ($5::text = '' OR category = $5::text) "
        "AND ($6::integer = 0 OR channel = $6::integer) AND ($7::bigint = 0 OR case_id < $7::bigint) "
        "ORDER BY case_id DESC LIMIT $8::bigint";
    Rows r = c_.exec(sql, Params()
                              .add(unit_array(q.units))
                              .add(q.from_day)
                              .add(q.to_day)
                              .add(static_cast<int>(q.kind))
                              .add(q.category)
                              .add(static_cast<int>(q.channel))
                              .add(static_cast<std::int64_t>(q.before_id))
                              .add(q.limit));
    for (int row = 0; row < r.size(); ++row) out.push_back(r.i64(row, 0));
    return out;
  });
}

}  // namespace gridcase::storage::pg
