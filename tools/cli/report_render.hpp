// What `gridcase report` writes: figures as CSV for spreadsheets, and a self-contained HTML
// report (inline SVG charts, no scripts, no network) — from the server's figures answers.
#pragma once

#include <functional>
#include <string>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

using UnitNamer = std::function<std::string(std::int64_t)>;

// "85.7%", or "—" when the denominator is 0.
std::string percent(const v1::RateValue& r);
// The rate `code` of a figure set (an undefined one when absent).
v1::RateValue rate_of(const v1::FigureSet& s, const std::string& code);
std::int64_t count_of(const v1::FigureSet& s, const std::string& code);
// A figure's definition in the interface's language (the Chinese one by default).
std::string definition_text(const v1::FigureDefinition& d);
// 双考核: a department's average rating with one decimal ("4.5"), or "—" when never rated.
std::string average_rating(const v1::FigureSet& s);

// One header line, then the total and one line per cell: unit, period, kind, category, channel,
// every count, every rate (as a percentage with one decimal, empty when undefined). UTF-8 with
// a byte-order mark so that spreadsheet programs read the Chinese right.
std::string figures_csv(const v1::GetFiguresResponse& figures, const UnitNamer& unit_name);

struct HtmlReport {
  v1::GetFiguresResponse by_unit;  // totals, cells per child unit, departments, definitions, summary
  v1::GetFiguresResponse trend;    // cells per period
  v1::GetRankingResponse ranking;
};
std::string html_report(const HtmlReport& report, const UnitNamer& unit_name);

}  // namespace gridcase::cli
