// 人口底数 and 12345 complaints per resident (population.hpp): the CSV an admin loads, the target
// line, and the monthly rates of a unit and its communities or grids.
#include "gridcase/population.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "command_pipeline.hpp"
#include "engine_core.hpp"
#include "gridcase/access.hpp"
#include "gridcase/administration.hpp"
#include "gridcase/figure_service.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/text.hpp"
#include "scope.hpp"
#include "wait.hpp"

namespace gridcase {

namespace {

Status bad_row(int line, const std::string& what) {
  return Status(reason::BAD_POPULATION_CSV, "第" + std::to_string(line) + "行: " + what);
}

std::string trimmed(std::string s) {
  const char* blanks = " \t\r";
  const auto b = s.find_first_not_of(blanks);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(blanks) - b + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out(1);
  for (char ch : line) {
    if (ch == ',') {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  for (auto& f : out) f = trimmed(std::move(f));
  return out;
}

std::optional<std::int64_t> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size()) return std::nullopt;
  std::int64_t v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return text[0] == '-' ? -v : v;
}

bool residential(UnitType t) {
  return t == UnitType::kDistrict || t == UnitType::kSubDistrict || t == UnitType::kCommunity ||
         t == UnitType::kGrid;
}

// The child units where people live: the sub-districts of a district, the communities of a
// sub-district, the grids of a community (a grid's building groups are counted in the grid's).
std::vector<UnitId> residential_children(const OrgTree& tree, UnitId unit) {
  const OrgUnit* u = tree.find(unit);
  std::vector<UnitId> out;
  if (u == nullptr || u->type == UnitType::kGrid) return out;
  for (UnitId id : tree.children(unit)) {
    const OrgUnit* c = tree.find(id);
    if (c != nullptr && !c->retired && residential(c->type)) out.push_back(id);
  }
  return out;
}

}  // namespace

Result<std::vector<PopulationCount>> parse_population_csv(const std::string& text, const OrgTree& tree,
                                                          UnitId scope_unit) {
  if (!is_clean_text(text, true)) return bad_row(1, "文件不是有效的UTF-8文本");
  std::vector<PopulationCount> out;
  std::set<std::pair<UnitId, int>> seen;
  std::size_t at = 0;
  int line = 0;
  bool header = true;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string row = text.substr(at, end - at);
    at = end + 1;
    ++line;
    if (line == 1 && row.rfind("\xEF\xBB\xBF", 0) == 0) row.erase(0, 3);  // a spreadsheet's BOM
    if (trimmed(row).empty()) continue;
    const auto f = split_fields(row);
    if (header) {
      header = false;
      const bool chinese = f.size() >= 4 && f[0] == "单位编码" && f[1] == "统计日期" && f[2] == "人口" && f[3] == "户数";
      const bool english = f.size() >= 4 && f[0] == "unit_code" && f[1] == "counted_on" && f[2] == "residents" &&
                           f[3] == "households";
      if (!chinese && !english) return bad_row(line, "表头应为 单位编码,统计日期,人口,户数");
      continue;
    }
    if (f.size() != 4) return bad_row(line, "应有4列（单位编码,统计日期,人口,户数），实有" + std::to_string(f.size()) + "列");
    if (static_cast<int>(out.size()) >= kMaxPopulationRows) {
      return bad_row(line, "一次最多导入" + std::to_string(kMaxPopulationRows) + "行");
    }
    const OrgUnit* unit = nullptr;
    for (const auto& u : tree.units()) {
      if (u.code == f[0]) unit = &u;
    }
    if (unit == nullptr) return bad_row(line, "没有编码为“" + f[0] + "”的单位");
    if (unit->type != UnitType::kCommunity && unit->type != UnitType::kGrid) {
      return bad_row(line, "“" + unit->name + "”不是社区或网格，人口按社区、网格导入");
    }
    if (unit->retired) return bad_row(line, "“" + unit->name + "”已撤销");
    if (!tree.in_subtree(scope_unit, unit->id)) return bad_row(line, "“" + unit->name + "”不在您的管辖范围内");
    const auto day = parse_day(f[1]);
    if (!day) return bad_row(line, "统计日期“" + f[1] + "”无效，应为 2026-01-01 的格式");
    const auto residents = parse_count(f[2]);
    const auto households = parse_count(f[3]);
    if (!residents || !households) return bad_row(line, "人口和户数应为整数");
    if (*residents < 0 || *households < 0) return bad_row(line, "人口和户数不能为负数");
    if (*households > *residents) return bad_row(line, "户数多于人口");
    if (!seen.insert({unit->id, *day}).second) {
      return bad_row(line, "“" + unit->name + "”" + f[1] + "的人口重复出现");
    }
    out.push_back(PopulationCount{unit->id, *day, *residents, *households});
  }
  if (header) return bad_row(1, "文件为空");
  if (out.empty()) return bad_row(line, "没有数据行");
  return out;
}

std::optional<std::int64_t> residents_in_month(const OrgTree& tree, const std::vector<PopulationCount>& counts,
                                               UnitId unit, int month_start) {
  const int last_day = period_end(month_start, Period::kMonth) - 1;
  const PopulationCount* in_force = nullptr;
  const PopulationCount* first = nullptr;
  for (const auto& c : counts) {
    if (c.unit_id != unit) continue;
    if (first == nullptr || c.counted_on < first->counted_on) first = &c;
    if (c.counted_on <= last_day && (in_force == nullptr || c.counted_on > in_force->counted_on)) in_force = &c;
  }
  if (in_force != nullptr) return in_force->residents;
  if (first != nullptr) return first->residents;
  const auto children = residential_children(tree, unit);
  if (children.empty()) return std::nullopt;
  std::int64_t sum = 0;
  for (UnitId child : children) {
    const auto r = residents_in_month(tree, counts, child, month_start);
    if (!r) return std::nullopt;
    sum += *r;
  }
  return sum;
}

// ---- Administration: loading the counts, setting the target line ----

void Administration::load_population(UserId actor, std::string csv, Callback<int> done) {
  if (csv.size() > 1024 * 1024) return done(Status(reason::BAD_POPULATION_CSV, "人口文件最大1 MiB"));
  auto kept = std::make_shared<int>(0);
  Mutation m;
  m.name = "LOAD_POPULATION";
  m.apply = [csv = std::move(csv), kept](MutationWrite& w) -> Status {
    if (!may(w.actor, Permission::kManageOrg)) {
      return role_refusal("only admins load populations", Permission::kManageOrg);
    }
    auto rows = parse_population_csv(csv, *w.config.tree, w.actor.scope_unit_id);
    if (!rows) return rows.status();
    for (const auto& r : *rows) GRIDCASE_RETURN_IF_ERROR(w.view.save_population_count(r));
    *kept = static_cast<int>(rows->size());
    return Status{};
  };
  core_.pipeline.run_for(actor, std::move(m), kept, std::move(done));
}

Result<int> Administration::load_population_sync(UserId actor, std::string csv) {
  return wait_for<Result<int>>([&](Callback<int> cb) { load_population(actor, std::move(csv), std::move(cb)); });
}

void Administration::set_complaint_target(UserId actor, ComplaintTarget target, Callback<ComplaintTarget> done) {
  if (!(target.per_10k > 0 && target.per_10k <= 10000) || !std::isfinite(target.per_10k)) {
    return done(Status(reason::BAD_COMPLAINT_TARGET, "the target must be above 0 and at most 10000 per 10,000 residents"));
  }
  Mutation m;
  m.name = "SET_COMPLAINT_TARGET";
  m.apply = [target](MutationWrite& w) -> Status {
    if (!may(w.actor, Permission::kManageOrg)) {
      return role_refusal("only admins set the complaint target", Permission::kManageOrg);
    }
    const OrgTree& tree = *w.config.tree;
    const OrgUnit* unit = tree.find(target.unit_id);
    if (unit == nullptr || !sees_unit(tree, w.actor, unit->id)) {
      return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
    }
    if (unit->type != UnitType::kSubDistrict && unit->type != UnitType::kDistrict) {
      return Status(reason::BAD_COMPLAINT_TARGET, "a target line is set for a sub-district (or a district)");
    }
    return w.view.save_complaint_target(target);
  };
  core_.pipeline.run(actor, std::move(m), [target, done = std::move(done)](Status s) {
    if (!s) return done(s);
    done(target);
  });
}

Result<ComplaintTarget> Administration::set_complaint_target_sync(UserId actor, ComplaintTarget target) {
  return wait_for<Result<ComplaintTarget>>(
      [&](Callback<ComplaintTarget> cb) { set_complaint_target(actor, target, std::move(cb)); });
}

// ---- Figures: the monthly rates ----

Result<ComplaintRates> FigureService::complaint_rates(UserId actor, UnitId unit_id, int from_day, int to_day) {
  const int from = period_start(from_day, Period::kMonth);
  const int to = to_day > period_start(to_day, Period::kMonth) ? period_end(to_day, Period::kMonth) : to_day;
  auto sc = scope(actor, unit_id, from, to);
  if (!sc) return sc.status();
  const OrgTree& tree = *sc->tree;
  const UnitId root = sc->unit->id;

  ComplaintRates out;
  out.unit = *sc->unit;
  for (int m = from; m < to; m = period_end(m, Period::kMonth)) out.months.push_back(m);

  std::vector<FigureRow> rows;
  std::vector<PopulationCount> counts;
  std::vector<ComplaintTarget> targets;
  Status read = repo_.read([&](ReadView& view) -> Status {
    FigureRowQuery q;
    q.units = sc->units;
    q.from_day = from;
    q.to_day = to;
    q.monthly = true;
    q.by_unit = true;
    q.by_day = true;
    q.by_kind = true;
    auto r = view.figure_rows(q);
    if (!r) return r.status();
    rows = std::move(*r);
    auto c = view.load_population_counts();
    if (!c) return c.status();
    counts = std::move(*c);
    auto t = view.load_complaint_targets();
    if (!t) return t.status();
    targets = std::move(*t);
    return Status{};
  });
  if (!read) return read;

  // The child a unit of the subtree lies under (the root for cases located on the root).
  const auto children = residential_children(tree, root);
  std::map<UnitId, std::size_t> child_index;
  for (std::size_t i = 0; i < children.size(); ++i) child_index[children[i]] = i;
  auto child_of = [&](UnitId unit) -> std::optional<std::size_t> {
    for (const OrgUnit* u = tree.find(unit); u != nullptr && u->id != root; u = tree.find(u->parent_id)) {
      if (u->parent_id == root) {
        auto it = child_index.find(u->id);
        return it == child_index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
      }
    }
    return std::nullopt;
  };
  auto make_row = [&](UnitId unit) {
    ComplaintRateRow r;
    r.unit_id = unit;
    r.complaints.assign(out.months.size(), 0);
    for (int m : out.months) r.residents.push_back(residents_in_month(tree, counts, unit, m));
    return r;
  };
  out.total = make_row(root);
  for (UnitId c : children) out.children.push_back(make_row(c));
  for (const auto& row : rows) {
    if (row.key.kind != CaseKind::kHotline) continue;
    const auto month = std::lower_bound(out.months.begin(), out.months.end(), row.key.day);
    if (month == out.months.end() || *month != row.key.day) continue;
    const auto m = static_cast<std::size_t>(month - out.months.begin());
    const std::int64_t received = row.counts[Figure::kReceived];
    out.total.complaints[m] += received;
    if (auto c = child_of(row.key.unit)) out.children[*c].complaints[m] += received;
  }
  auto finish = [](ComplaintRateRow& r) {
    std::int64_t complaints = 0, residents = 0;
    for (std::size_t m = 0; m < r.complaints.size(); ++m) {
      if (!r.residents[m]) return;  // no population in some month: no rate for the period
      complaints += r.complaints[m];
      residents += *r.residents[m];
    }
    if (residents > 0) r.period_rate = per_10k(complaints, residents);
  };
  finish(out.total);
  for (auto& r : out.children) finish(r);

  // Lowest rate first; units without a population after them, in tree order.
  std::vector<std::size_t> order(out.children.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = out.children[a].period_rate;
    const auto& y = out.children[b].period_rate;
    if (x.has_value() != y.has_value()) return x.has_value();
    return x && *x < *y;
  });
  std::vector<ComplaintRateRow> ranked;
  int rank = 0;
  for (std::size_t i : order) {
    ranked.push_back(std::move(out.children[i]));
    if (ranked.back().period_rate) ranked.back().rank = ++rank;
    out.child_units.push_back(*tree.find(ranked.back().unit_id));
  }
  out.children = std::move(ranked);

  for (const OrgUnit* u = sc->unit; u != nullptr; u = tree.find(u->parent_id)) {
    auto t = std::find_if(targets.begin(), targets.end(), [&](const ComplaintTarget& x) { return x.unit_id == u->id; });
    if (t != targets.end()) {
      out.target = *t;
      break;
    }
  }
  return out;
}

}  // namespace gridcase
