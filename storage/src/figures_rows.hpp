// How figures (core/gridcase/figures.hpp) are kept in rows: case_figures holds each case's
// facts and counts; figure_days and figure_months the sums per cell, figure_unit_months the
// sums per unit and month. See migration 4.
#pragma once

#include <vector>

#include <SQLiteCpp/Database.h>

#include "connection.hpp"
#include "gridcase/figures.hpp"

namespace gridcase::storage {

// Folds `e` into its case's facts and applies the change of its counts to the day, month and
// unit-month sums, on the connection's current transaction. Throws SQLite::Exception.
void record_figures(Connection& c, const Event& e);

// The sums of figure_days (or figure_months when q.monthly) grouped as asked. Throws.
std::vector<FigureRow> query_figure_rows(Connection& c, const FigureRowQuery& q);

// Drill-down: ids of the cases whose count for q.figure is non-zero, newest first. Throws.
std::vector<CaseId> query_figure_cases(Connection& c, const FigureCaseQuery& q);

// Fills the (empty) figure tables from the stored history, on the current transaction: used by
// the newest migration that changes what is counted (schema.cpp), on a database that already
// holds cases. Throws SQLite::Exception.
void rebuild_figures(SQLite::Database& db);

}  // namespace gridcase::storage
