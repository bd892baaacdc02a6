// What `gridcase report` writes, from figures answers built by hand: the CSV for spreadsheets and
// the self-contained HTML report.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "report_render.hpp"

using namespace gridcase;
using namespace gridcase::cli;

namespace {

void define(v1::GetFiguresResponse& f, const std::string& code, bool is_rate) {
  auto* d = f.add_definitions();
  d->set_code(code);
  d->set_label_zh(code + "_zh");
  d->set_label_en(code);
  d->set_is_rate(is_rate);
  d->set_definition("the definition of " + code);
}

void fill(v1::FigureSet& s, std::int64_t received, std::int64_t closed, std::int64_t due) {
  (*s.mutable_counts())["received"] = received;
  (*s.mutable_counts())["closed"] = closed;
  auto* r = s.add_rates();
  r->set_code("closure");
  r->set_numerator(closed);
  r->set_denominator(due);
}

// A community with two grids: totals, one cell per grid, and the summary paragraph.
v1::GetFiguresResponse by_unit() {
  v1::GetFiguresResponse f;
  f.mutable_unit()->set_id(3);
  f.mutable_unit()->set_name("河畔社区");
  f.set_from("2026-01-01");
  f.set_to("2027-01-01");
  define(f, "received", false);
  define(f, "closed", false);
  define(f, "closure", true);
  fill(*f.mutable_total(), 12, 7, 8);
  auto* a = f.add_cells();
  a->set_unit_id(4);
  fill(*a->mutable_figures(), 9, 6, 6);
  auto* b = f.add_cells();
  b->set_unit_id(5);
  b->set_kind(v1::CASE_KIND_DISPUTE);
  b->set_category("DSP.NEIGHBOR, \"noise\"");
  fill(*b->mutable_figures(), 3, 1, 0);  // nothing due: the rate is undefined
  f.set_summary("受理群众诉求12件，结案7件。<script>alert(1)</script>");
  return f;
}

std::string name_of(std::int64_t id) { return id == 4 ? "第一网格" : id == 5 ? "第二网格" : "?"; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("a rate is a percentage with one decimal, or a dash when nothing is due") {
  v1::RateValue r;
  r.set_numerator(6);
  r.set_denominator(7);
  CHECK(percent(r) == "85.7%");
  r.set_denominator(0);
  CHECK(percent(r) == "—");
  v1::FigureSet s;
  fill(s, 1, 2, 3);
  CHECK(rate_of(s, "closure").denominator() == 3);
  CHECK(rate_of(s, "on_time").denominator() == 0);  // absent: undefined, not zero
  CHECK(count_of(s, "closed") == 2);
  CHECK(count_of(s, "urged") == 0);
}

TEST_CASE("the CSV has a byte-order mark, one column per figure, the total and one line per cell") {
  const auto rows = lines(figures_csv(by_unit(), name_of));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == "\xEF\xBB\xBFunit,period,kind,category,channel,received,closed,closure_pct");
  CHECK(rows[1] == "河畔社区,2026-01-01..2027-01-01,,,,12,7,87.5");
  CHECK(rows[2] == "第一网格,2026-01-01..2027-01-01,,,,9,6,100.0");
  // A category with a comma and quotes is quoted; an undefined rate is an empty cell.
  CHECK(rows[3] == "第二网格,2026-01-01..2027-01-01,CASE_KIND_DISPUTE,\"DSP.NEIGHBOR, \"\"noise\"\"\",,3,1,");
}

TEST_CASE("the HTML report stands alone: no script, no network, the summary escaped") {
  HtmlReport report;
  report.by_unit = by_unit();
  report.trend = by_unit();
  report.trend.clear_cells();
  for (const char* month : {"2026-01", "2026-02", "2026-03"}) {
    auto* c = report.trend.add_cells();
    c->set_period_label(month);
    fill(*c->mutable_figures(), 4, 2, 3);
  }
  auto* e = report.ranking.add_entries();
  e->mutable_unit()->set_name("第一网格");
  e->set_has_score(true);
  e->set_score(91.5);
  e->set_rank(1);
  e->set_colour(v1::COLOUR_GREEN);
  report.ranking.set_weights("closure=1");
  report.ranking.set_green_min(90);
  report.ranking.set_yellow_min(75);

  const std::string html = html_report(report, name_of);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("</html>") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  // Nothing is fetched: the only URL is the SVG namespace.
  std::string rest = html;
  for (std::size_t at = 0; (at = rest.find("http", at)) != std::string::npos; ++at) {
    CHECK(rest.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
  }
  CHECK(html.find("<svg") != std::string::npos);  // charts are inline SVG
  for (const char* month : {"2026-01", "2026-02", "2026-03"}) CHECK(html.find(month) != std::string::npos);
  CHECK(html.find("河畔社区") != std::string::npos);
  CHECK(html.find("第一网格") != std::string::npos);
  CHECK(html.find("87.5%") != std::string::npos);  // the total's closure rate
  CHECK(html.find("closure=1") != std::string::npos);
  CHECK(html.find("the definition of closure") != std::string::npos);
}

TEST_CASE("the HTML report's level bar shows shares of the closed cases, as 小事不出网格率 does") {
  // 12 closed, 11 of them at grid, one whose level was not recorded: 91.7% in the table and in
  // the bar, never 100.0% of the 11 that have a level.
  HtmlReport report;
  report.by_unit = by_unit();
  auto& f = report.by_unit;
  define(f, "grid_level", true);
  f.mutable_definitions(1)->set_definition_zh("当前已结案的案件数");  // "closed"
  (*f.mutable_total()->mutable_counts())["closed"] = 12;
  (*f.mutable_total()->mutable_counts())["closed_at_grid"] = 11;
  auto* grid = f.mutable_total()->add_rates();
  grid->set_code("grid_level");
  grid->set_numerator(11);
  grid->set_denominator(12);
  const std::string html = html_report(report, name_of);
  CHECK(html.find("91.7%") != std::string::npos);
  CHECK(html.find("网格 91.7% (11)") != std::string::npos);
  CHECK(html.find("层级未记录 8.3% (1)") != std::string::npos);
  CHECK(html.find("100.0% (11)") == std::string::npos);
  CHECK(html.find("占已结案12件的比例") != std::string::npos);
  // Definitions in the interface's language: Chinese where the server gave one.
  CHECK(html.find("当前已结案的案件数") != std::string::npos);
  CHECK(html.find("the definition of closed") == std::string::npos);
  CHECK(html.find("the definition of received") != std::string::npos);  // none in Chinese: English
}

TEST_CASE("the HTML report lists and ranks the departments whistled in (双考核)") {
  HtmlReport report;
  report.by_unit = by_unit();
  auto* d = report.by_unit.add_departments();
  d->set_unit_id(9);
  auto& counts = *d->mutable_figures()->mutable_counts();
  counts["whistle_calls"] = 2;
  counts["whistle_check_ins"] = 2;
  counts["whistle_check_ins_late"] = 1;
  counts["whistle_ratings"] = 2;
  counts["whistle_rating_points"] = 9;
  auto* late = d->mutable_figures()->add_rates();
  late->set_code("whistle_late");
  late->set_numerator(1);
  late->set_denominator(2);
  report.by_unit.add_department_units()->set_name("新城派出所");
  auto* e = report.ranking.add_departments();
  e->mutable_unit()->set_name("新城派出所");
  e->set_has_score(true);
  e->set_score(62.5);
  e->set_rank(1);
  e->set_colour(v1::COLOUR_RED);
  *e->mutable_figures() = d->figures();
  report.ranking.set_department_weights("whistle_check_in=0.3");
  const std::string html = html_report(report, name_of);
  CHECK(html.find("吹哨报到部门（双考核）") != std::string::npos);
  CHECK(html.find("新城派出所") != std::string::npos);
  CHECK(html.find("<td class='n'>4.5</td>") != std::string::npos);   // 9 points / 2 ratings
  CHECK(html.find("<td class='n'>50.0%</td>") != std::string::npos); // 1 late of 2 check-ins
  CHECK(html.find("部门排名（双考核）") != std::string::npos);
  CHECK(html.find("62.5") != std::string::npos);
  CHECK(html.find("whistle_check_in=0.3") != std::string::npos);
  CHECK(average_rating(v1::FigureSet()) == "—");
}
