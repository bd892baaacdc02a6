#include "report_render.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string num(double v, const char* fmt = "%.1f") {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

const v1::FigureDefinition* definition(const v1::GetFiguresResponse& f, const std::string& code) {
  for (const auto& d : f.definitions()) {
    if (d.code() == code) return &d;
  }
  return nullptr;
}

}  // namespace

std::string percent(const v1::RateValue& r) {
  if (r.denominator() <= 0) return "—";
  return num(100.0 * static_cast<double>(r.numerator()) / static_cast<double>(r.denominator())) + "%";
}

v1::RateValue rate_of(const v1::FigureSet& s, const std::string& code) {
  for (const auto& r : s.rates()) {
    if (r.code() == code) return r;
  }
  v1::RateValue none;
  none.set_code(code);
  return none;
}

std::int64_t count_of(const v1::FigureSet& s, const std::string& code) {
  auto it = s.counts().find(code);
  return it == s.counts().end() ? 0 : it->second;
}

std::string definition_text(const v1::FigureDefinition& d) {
  return lang() == Lang::kEn || d.definition_zh().empty() ? d.definition() : d.definition_zh();
}

std::string average_rating(const v1::FigureSet& s) {
  const std::int64_t ratings = count_of(s, "whistle_ratings");
  if (ratings <= 0) return "—";
  return num(static_cast<double>(count_of(s, "whistle_rating_points")) / static_cast<double>(ratings));
}

std::string figures_csv(const v1::GetFiguresResponse& f, const UnitNamer& unit_name) {
  std::vector<std::string> counts, rates;
  for (const auto& d : f.definitions()) (d.is_rate() ? rates : counts).push_back(d.code());
  std::ostringstream out;
  out << "\xEF\xBB\xBF";
  out << "unit,period,kind,category,channel";
  for (const auto& c : counts) out << ',' << c;
  for (const auto& r : rates) out << ',' << r << "_pct";
  out << '\n';
  auto line = [&](const std::string& unit, const std::string& period, const std::string& kind,
                  const std::string& category, const std::string& channel, const v1::FigureSet& s) {
    out << csv_cell(unit) << ',' << csv_cell(period) << ',' << kind << ',' << csv_cell(category) << ',' << channel;
    for (const auto& c : counts) out << ',' << count_of(s, c);
    for (const auto& r : rates) {
      const auto v = rate_of(s, r);
      out << ',';
      if (v.denominator() > 0) out << num(100.0 * static_cast<double>(v.numerator()) / static_cast<double>(v.denominator()));
    }
    out << '\n';
  };
  line(f.unit().name(), f.from() + ".." + f.to(), "", "", "", f.total());
  for (const auto& c : f.cells()) {
    line(c.unit_id() != 0 ? unit_name(c.unit_id()) : f.unit().name(),
         c.period_label().empty() ? f.from() + ".." + f.to() : c.period_label(),
         c.kind() == v1::CASE_KIND_UNSPECIFIED ? "" : v1::CaseKind_Name(c.kind()), c.category(),
         c.channel() == v1::CHANNEL_UNSPECIFIED ? "" : v1::Channel_Name(c.channel()), c.figures());
  }
  return out.str();
}

namespace {

const char* kPalette[] = {"#2b6cb0", "#38a169", "#dd6b20", "#805ad5", "#e53e3e", "#319795"};

// A line chart of several series over the same labels.
std::string line_chart(const std::vector<std::string>& labels,
                       const std::vector<std::pair<std::string, std::vector<double>>>& series,
                       const std::string& unit) {
  const int w = 720, h = 260, left = 50, right = 20, top = 20, bottom = 50;
  double max = 1;
  for (const auto& s : series) {
    for (double v : s.second) max = std::max(max, v);
  }
  const std::size_t n = std::max<std::size_t>(labels.size(), 1);
  auto x = [&](std::size_t i) {
    return left + (n == 1 ? (w - left - right) / 2.0 : (w - left - right) * static_cast<double>(i) / (n - 1));
  };
  auto y = [&](double v) { return top + (h - top - bottom) * (1 - v / max); };
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  svg << "<line x1='" << left << "' y1='" << y(0) << "' x2='" << w - right << "' y2='" << y(0) << "' stroke='#999'/>";
  for (int t = 0; t <= 4; ++t) {
    const double v = max * t / 4;
    svg << "<text x='" << left - 6 << "' y='" << y(v) + 4 << "' font-size='10' text-anchor='end'>" << num(v, "%.0f") << unit << "</text>";
    svg << "<line x1='" << left << "' y1='" << y(v) << "' x2='" << w - right << "' y2='" << y(v) << "' stroke='#eee'/>";
  }
  const std::size_t every = std::max<std::size_t>(1, labels.size() / 12);
  for (std::size_t i = 0; i < labels.size(); i += every) {
    svg << "<text x='" << x(i) << "' y='" << h - bottom + 16 << "' font-size='10' text-anchor='middle'>" << esc(labels[i]) << "</text>";
  }
  for (std::size_t s = 0; s < series.size(); ++s) {
    const char* colour = kPalette[s % 6];
    std::string points;
    for (std::size_t i = 0; i < series[s].second.size(); ++i) {
      points += num(x(i)) + "," + num(y(series[s].second[i])) + " ";
      svg << "<circle cx='" << x(i) << "' cy='" << y(series[s].second[i]) << "' r='2.5' fill='" << colour << "'/>";
    }
    svg << "<polyline fill='none' stroke='" << colour << "' stroke-width='2' points='" << points << "'/>";
    svg << "<rect x='" << left + 150 * s << "' y='" << h - 18 << "' width='12' height='12' fill='" << colour << "'/>"
        << "<text x='" << left + 150 * s + 16 << "' y='" << h - 8 << "' font-size='12'>" << esc(series[s].first) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

// Grouped horizontal bars: one group per label, one bar per series.
std::string bar_chart(const std::vector<std::string>& labels,
                      const std::vector<std::pair<std::string, std::vector<double>>>& series) {
  const int w = 720, left = 160, right = 60, bar = 12, gap = 10;
  const int group = static_cast<int>(series.size()) * bar + gap;
  const int h = 30 + group * static_cast<int>(labels.size()) + 30;
  double max = 1;
  for (const auto& s : series) {
    for (double v : s.second) max = std::max(max, v);
  }
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int gy = 20 + group * static_cast<int>(i);
    svg << "<text x='" << left - 8 << "' y='" << gy + group / 2 << "' font-size='12' text-anchor='end'>" << esc(labels[i]) << "</text>";
    for (std::size_t s = 0; s < series.size(); ++s) {
      const double v = i < series[s].second.size() ? series[s].second[i] : 0;
      const double len = (w - left - right) * v / max;
      const int by = gy + static_cast<int>(s) * bar;
      svg << "<rect x='" << left << "' y='" << by << "' width='" << num(len) << "' height='" << bar - 2
          << "' fill='" << kPalette[s % 6] << "'/><text x='" << left + len + 4 << "' y='" << by + bar - 3
          << "' font-size='10'>" << num(v, "%.0f") << "</text>";
    }
  }
  for (std::size_t s = 0; s < series.size(); ++s) {
    svg << "<rect x='" << left + 150 * s << "' y='" << h - 18 << "' width='12' height='12' fill='" << kPalette[s % 6] << "'/>"
        << "<text x='" << left + 150 * s + 16 << "' y='" << h - 8 << "' font-size='12'>" << esc(series[s].first) << "</text>";
  }
  svg << "</svg>";
  return svg.str();
}

// One stacked bar of shares of `total`, with a legend. What the parts leave of the total is
// shown as a part of its own, `rest`, so that every share is of the same total.
std::string split_chart(std::vector<std::pair<std::string, double>> parts, double total, const std::string& rest) {
  const int w = 720, h = 70;
  double sum = 0;
  for (const auto& p : parts) sum += p.second;
  if (total > sum) parts.emplace_back(rest, total - sum);
  total = std::max(total, sum);
  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << w << "' height='" << h << "' role='img'>";
  double x = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const double share = total > 0 ? parts[i].second / total : 0;
    const double len = (w - 20) * share;
    svg << "<rect x='" << 10 + x << "' y='10' width='" << num(len) << "' height='24' fill='" << kPalette[i % 6] << "'/>";
    svg << "<rect x='" << 10 + 140 * i << "' y='46' width='12' height='12' fill='" << kPalette[i % 6] << "'/>"
        << "<text x='" << 26 + 140 * i << "' y='56' font-size='12'>" << esc(parts[i].first) << " "
        << num(100 * share) << "% (" << num(parts[i].second, "%.0f") << ")</text>";
    x += len;
  }
  svg << "</svg>";
  return svg.str();
}

const char* colour_css(v1::Colour c) {
  switch (c) {
    case v1::COLOUR_GREEN: return "#c6f6d5";
    case v1::COLOUR_YELLOW: return "#fefcbf";
    case v1::COLOUR_RED: return "#fed7d7";
    default: return "#edf2f7";
  }
}

}  // namespace

std::string html_report(const HtmlReport& r, const UnitNamer& unit_name) {
  const auto& f = r.by_unit;
  const bool en = lang() == Lang::kEn;
  std::ostringstream h;
  h << "<!DOCTYPE html><html lang='" << (en ? "en" : "zh-CN") << "'><head><meta charset='utf-8'>"
    << "<title>" << esc(f.unit().name()) << " " << esc(f.from()) << " — " << esc(f.to()) << "</title>"
    << "<style>body{font-family:sans-serif;max-width:780px;margin:2em auto;color:#1a202c}"
       "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #cbd5e0;padding:3px 8px;font-size:13px}"
       "th{background:#edf2f7}td.n{text-align:right}h2{border-bottom:2px solid #2b6cb0;padding-bottom:4px}"
       "p.summary{background:#f7fafc;border-left:4px solid #2b6cb0;padding:10px 14px;line-height:1.7}</style></head><body>";
  h << "<h1>" << esc(f.unit().name()) << (en ? " — figures" : " 工作考核报告") << "</h1>";
  h << "<p>" << (en ? "Cases registered from " : "统计范围：") << esc(f.from()) << (en ? " to " : " 至 ")
    << esc(f.to()) << (en ? " (exclusive), as they stand now." : "（不含），各案件截至目前的办理情况。") << "</p>";
  // Every share below is of the same total as the rate beside it.
  h << "<h2>" << (en ? "Summary" : "工作总结") << "</h2><p class='summary'>" << esc(f.summary()) << "</p>";

  h << "<h2>" << (en ? "Rates" : "主要指标") << "</h2><table><tr><th>" << (en ? "Rate" : "指标") << "</th><th>"
    << (en ? "Value" : "数值") << "</th><th>" << (en ? "Numerator / denominator" : "分子 / 分母") << "</th></tr>";
  for (const auto& rate : f.total().rates()) {
    const auto* d = definition(f, rate.code());
    h << "<tr><td>" << esc(d ? (en ? d->label_en() : d->label_zh()) : rate.code()) << "</td><td class='n'>" << percent(rate)
      << "</td><td>" << rate.numerator() << " / " << rate.denominator() << " (" << esc(d ? definition_text(*d) : "") << ")</td></tr>";
  }
  h << "</table>";

  // Trend.
  std::vector<std::string> labels;
  std::vector<double> received, closed, on_time;
  for (const auto& c : r.trend.cells()) {
    labels.push_back(c.period_label());
    received.push_back(static_cast<double>(count_of(c.figures(), "received")));
    closed.push_back(static_cast<double>(count_of(c.figures(), "closed")));
    const auto rate = rate_of(c.figures(), "on_time");
    on_time.push_back(rate.denominator() > 0 ? 100.0 * static_cast<double>(rate.numerator()) / static_cast<double>(rate.denominator()) : 0);
  }
  if (!labels.empty()) {
    h << "<h2>" << (en ? "Trend" : "趋势") << "</h2>"
      << line_chart(labels, {{en ? "received" : "受理", received}, {en ? "closed" : "结案", closed}}, "")
      << line_chart(labels, {{en ? "on-time closure rate" : "按期结案率", on_time}}, "%");
  }

  // By unit.
  std::vector<std::string> units;
  std::vector<double> u_received, u_closed, u_on_time;
  for (const auto& c : f.cells()) {
    units.push_back(unit_name(c.unit_id()));
    u_received.push_back(static_cast<double>(count_of(c.figures(), "received")));
    u_closed.push_back(static_cast<double>(count_of(c.figures(), "closed")));
    u_on_time.push_back(static_cast<double>(count_of(c.figures(), "closed_on_time")));
  }
  if (!units.empty()) {
    h << "<h2>" << (en ? "By unit" : "各单位") << "</h2>"
      << bar_chart(units, {{en ? "received" : "受理", u_received}, {en ? "closed" : "结案", u_closed},
                           {en ? "closed on time" : "按期结案", u_on_time}});
  }

  // Resolution level: shares of the closed cases, as 小事不出网格率 and 大事不出社区率 are.
  const auto closed_cases = static_cast<double>(count_of(f.total(), "closed"));
  h << "<h2>" << (en ? "Level at which cases were closed" : "结案层级（小事不出网格、大事不出社区）") << "</h2>"
    << "<p>" << (en ? "Shares of the " : "占已结案") << num(closed_cases, "%.0f") << (en ? " closed cases." : "件的比例。") << "</p>"
    << split_chart({{en ? "grid" : "网格", static_cast<double>(count_of(f.total(), "closed_at_grid"))},
                    {en ? "community" : "社区", static_cast<double>(count_of(f.total(), "closed_at_community"))},
                    {en ? "sub-district" : "街道", static_cast<double>(count_of(f.total(), "closed_at_sub_district"))},
                    {en ? "district" : "区", static_cast<double>(count_of(f.total(), "closed_at_district"))}},
                   closed_cases, en ? "level not recorded" : "层级未记录");

  // 双考核: the departments whistled in.
  if (f.departments_size() > 0) {
    h << "<h2>" << (en ? "Departments whistled in" : "吹哨报到部门（双考核）") << "</h2><table><tr><th>"
      << (en ? "Department" : "部门") << "</th><th>" << (en ? "Whistled" : "吹哨") << "</th><th>"
      << (en ? "Checked in" : "报到") << "</th><th>" << (en ? "Late" : "迟到报到") << "</th><th>"
      << (en ? "Ratings" : "评价次数") << "</th><th>" << (en ? "Average rating" : "平均评分") << "</th><th>"
      << (en ? "Late check-in rate" : "迟到报到率") << "</th></tr>";
    for (int i = 0; i < f.departments_size(); ++i) {
      const auto& c = f.departments(i);
      const std::string name = i < f.department_units_size() && !f.department_units(i).name().empty()
                                   ? f.department_units(i).name()
                                   : unit_name(c.unit_id());
      h << "<tr><td>" << esc(name) << "</td><td class='n'>" << count_of(c.figures(), "whistle_calls")
        << "</td><td class='n'>" << count_of(c.figures(), "whistle_check_ins") << "</td><td class='n'>"
        << count_of(c.figures(), "whistle_check_ins_late") << "</td><td class='n'>"
        << count_of(c.figures(), "whistle_ratings") << "</td><td class='n'>" << average_rating(c.figures())
        << "</td><td class='n'>" << percent(rate_of(c.figures(), "whistle_late")) << "</td></tr>";
    }
    h << "</table>";
  }

  // Ranking.
  if (r.ranking.entries_size() > 0) {
    h << "<h2>" << (en ? "Ranking" : "排名") << "</h2><p>" << (en ? "Weights: " : "权重：") << esc(r.ranking.weights())
      << (en ? "; green from " : "；绿色 ≥ ") << num(r.ranking.green_min(), "%.0f") << (en ? ", yellow from " : "，黄色 ≥ ")
      << num(r.ranking.yellow_min(), "%.0f") << "</p><table><tr><th>#</th><th>" << (en ? "Unit" : "单位") << "</th><th>"
      << (en ? "Score" : "得分") << "</th><th>" << (en ? "Received" : "受理") << "</th><th>" << (en ? "Closure" : "结案率")
      << "</th><th>" << (en ? "On time" : "按期结案率") << "</th><th>" << (en ? "Rework" : "返工率") << "</th><th>"
      << (en ? "At grid" : "网格结案率") << "</th></tr>";
    for (const auto& e : r.ranking.entries()) {
      h << "<tr style='background:" << colour_css(e.colour()) << "'><td>" << (e.rank() ? std::to_string(e.rank()) : "—")
        << "</td><td>" << esc(e.unit().name()) << "</td><td class='n'>" << (e.has_score() ? num(e.score()) : "—")
        << "</td><td class='n'>" << count_of(e.figures(), "received") << "</td><td class='n'>"
        << percent(rate_of(e.figures(), "closure")) << "</td><td class='n'>" << percent(rate_of(e.figures(), "on_time"))
        << "</td><td class='n'>" << percent(rate_of(e.figures(), "rework")) << "</td><td class='n'>"
        << percent(rate_of(e.figures(), "grid_level")) << "</td></tr>";
    }
    h << "</table>";
  }
  if (r.ranking.departments_size() > 0) {
    h << "<h2>" << (en ? "Departments ranked" : "部门排名（双考核）") << "</h2><p>" << (en ? "Weights: " : "权重：")
      << esc(r.ranking.department_weights()) << "</p><table><tr><th>#</th><th>" << (en ? "Department" : "部门")
      << "</th><th>" << (en ? "Score" : "得分") << "</th><th>" << (en ? "Check-in rate" : "报到率") << "</th><th>"
      << (en ? "Late check-in rate" : "迟到报到率") << "</th><th>" << (en ? "Good rating rate" : "好评率")
      << "</th><th>" << (en ? "Average rating" : "平均评分") << "</th></tr>";
    for (const auto& e : r.ranking.departments()) {
      h << "<tr style='background:" << colour_css(e.colour()) << "'><td>" << (e.rank() ? std::to_string(e.rank()) : "—")
        << "</td><td>" << esc(e.unit().name()) << "</td><td class='n'>" << (e.has_score() ? num(e.score()) : "—")
        << "</td><td class='n'>" << percent(rate_of(e.figures(), "whistle_check_in")) << "</td><td class='n'>"
        << percent(rate_of(e.figures(), "whistle_late")) << "</td><td class='n'>"
        << percent(rate_of(e.figures(), "whistle_good")) << "</td><td class='n'>" << average_rating(e.figures())
        << "</td></tr>";
    }
    h << "</table>";
  }

  // Counts and definitions.
  h << "<h2>" << (en ? "Counts and definitions" : "各项数据及口径") << "</h2><table><tr><th>" << (en ? "Figure" : "指标")
    << "</th><th>" << (en ? "Value" : "数值") << "</th><th>" << (en ? "Definition" : "口径") << "</th></tr>";
  for (const auto& d : f.definitions()) {
    if (d.is_rate()) continue;
    h << "<tr><td>" << esc(en ? d.label_en() : d.label_zh()) << "</td><td class='n'>" << count_of(f.total(), d.code())
      << "</td><td>" << esc(definition_text(d)) << "</td></tr>";
  }
  h << "</table></body></html>\n";
  return h.str();
}

}  // namespace gridcase::cli
