#include "gridcase/figure_service.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "scope.hpp"
#include "gridcase/access.hpp"

namespace gridcase {

namespace {
constexpr int kMaxDays = 20 * 366;
constexpr int kMaxPage = 500;

bool located_under(UnitType t) {
  return t == UnitType::kDistrict || t == UnitType::kSubDistrict || t == UnitType::kCommunity ||
         t == UnitType::kGrid || t == UnitType::kBuildingGroup;
}
}  // namespace

FigureService::FigureService(Engine& engine, Repository& repo) : engine_(engine), repo_(repo) {}

Result<FigureService::Scope> FigureService::scope(UserId actor, UnitId unit_id, int from_day,
                                                  int to_day) {
  if (from_day >= to_day || to_day - from_day > kMaxDays) {
    return Status(reason::BAD_PERIOD, "the period must be non-empty and at most 20 years");
  }
  Scope s;
  auto user = engine_.queries().user(actor);
  if (!user) return user.status();
  s.user = std::move(*user);
  if (s.user.id != kSystemActor && !role_may(s.user.role, Permission::kViewCases)) {
    return role_refusal("this role may not view cases or their figures", Permission::kViewCases);
  }
  s.tree = engine_.tree();
  const UnitId root = unit_id != 0 ? unit_id : s.user.scope_unit_id;
  s.unit = s.tree->find(root);
  if (s.unit == nullptr ||
      (s.user.id != kSystemActor && !s.tree->in_subtree(s.user.scope_unit_id, root))) {
    return Status(reason::UNIT_NOT_FOUND, "no such unit in your scope");
  }
  s.units = s.tree->subtree(root, true);
  return s;
}

Result<FigureReport> FigureService::figures(UserId actor, const FigureQuery& q) {
  auto sc = scope(actor, q.unit_id, q.from_day, q.to_day);
  if (!sc) return sc.status();
  const OrgTree& tree = *sc->tree;

  std::set<std::string> categories;
  if (!q.category.empty()) {
    const auto all = engine_.queries().categories(CaseKind::kUnspecified);
    categories.insert(q.category);
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& c : all) {
        if (categories.count(c.parent_code) && categories.insert(c.code).second) grew = true;
      }
    }
    if (std::none_of(all.begin(), all.end(), [&](const Category& c) { return c.code == q.category; })) {
      return Status(reason::UNKNOWN_CATEGORY, "no category " + q.category);
    }
  }

  FigureRowQuery rq;
  rq.units = sc->units;
  rq.by_unit = q.by_child_unit;
  rq.by_day = q.period != Period::kUnspecified;
  rq.by_kind = q.by_kind || q.kind != CaseKind::kUnspecified;
  rq.by_category = q.by_category || !q.category.empty();
  rq.by_channel = q.by_channel || q.channel != Channel::kUnspecified;
  // The whole months inside the period read the monthly sums, the days before and after them
  // the daily ones (day and week trends read days throughout).
  std::vector<FigureRowQuery> parts;
  const bool fine_period = q.period == Period::kDay || q.period == Period::kWeek;
  const int first_month = period_start(q.from_day, Period::kMonth) == q.from_day
                              ? q.from_day
                              : period_end(q.from_day, Period::kMonth);
  const int end_month = period_start(q.to_day, Period::kMonth);
  if (fine_period || first_month >= end_month) {
    parts.push_back(rq);
    parts.back().from_day = q.from_day;
    parts.back().to_day = q.to_day;
  } else {
    for (auto [from, to, monthly] : {std::make_tuple(q.from_day, first_month, false),
                                     std::make_tuple(first_month, end_month, true),
                                     std::make_tuple(end_month, q.to_day, false)}) {
      if (from >= to) continue;
      parts.push_back(rq);
      parts.back().from_day = from;
      parts.back().to_day = to;
      parts.back().monthly = monthly;
    }
  }

  std::vector<FigureRow> rows;
  std::vector<Case> whistled;  // by_department: the cases with a department called in
  Status read = repo_.read([&](ReadView& view) {
    for (const auto& part : parts) {
      auto r = view.figure_rows(part);
      if (!r) return r.status();
      rows.insert(rows.end(), std::make_move_iterator(r->begin()), std::make_move_iterator(r->end()));
    }
    if (!q.by_department) return Status{};
    FigureCaseQuery fq;
    fq.units = sc->units;
    fq.from_day = q.from_day;
    fq.to_day = q.to_day;
    fq.figure = Figure::kWhistled;
    fq.limit = 1000;
    for (;;) {
      auto ids = view.figure_cases(fq);
      if (!ids) return ids.status();
      for (CaseId id : *ids) {
        auto c = view.get_case(id);
        if (!c) return c.status();
        if (q.kind != CaseKind::kUnspecified && c->kind != q.kind) continue;
        if (!q.category.empty() && categories.count(c->category_code) == 0) continue;
        if (q.channel != Channel::kUnspecified && c->channel != q.channel) continue;
        whistled.push_back(std::move(*c));
      }
      if (static_cast<int>(ids->size()) < fq.limit) break;
      fq.before_id = ids->back();
    }
    return Status{};
  });
  if (!read) return read;

  FigureReport report;
  report.unit = *sc->unit;
  report.from_day = q.from_day;
  report.to_day = q.to_day;
  report.period = q.period;

  // Leaf unit → the child of the root it lies under.
  std::unordered_map<UnitId, UnitId> owner;
  std::map<UnitId, int> order;
  if (q.by_child_unit) {
    int i = 0;
    order[sc->unit->id] = i++;
    for (UnitId child : tree.children(sc->unit->id)) {
      const OrgUnit* u = tree.find(child);
      if (u == nullptr) continue;
      report.children.push_back(*u);
      order[child] = i++;
      for (UnitId below : tree.subtree(child, true)) owner[below] = child;
    }
  }

  struct CellKey {
    int unit_order;
    UnitId unit;
    int period;
    CaseKind kind;
    std::string category;
    Channel channel;
    bool operator<(const CellKey& o) const {
      return std::tie(unit_order, unit, period, kind, category, channel) <
             std::tie(o.unit_order, o.unit, o.period, o.kind, o.category, o.channel);
    }
  };
  std::map<CellKey, FigureCounts> cells;
  for (const FigureRow& row : rows) {
    if (q.kind != CaseKind::kUnspecified && row.key.kind != q.kind) continue;
    if (!q.category.empty() && categories.count(row.key.category) == 0) continue;
    if (q.channel != Channel::kUnspecified && row.key.channel != q.channel) continue;
    report.total += row.counts;
    CellKey k{0, 0, 0, CaseKind::kUnspecified, "", Channel::kUnspecified};
    if (q.by_child_unit) {
      auto it = owner.find(row.key.unit);
      k.unit = it == owner.end() ? sc->unit->id : it->second;
      k.unit_order = order[k.unit];
    }
    if (q.period != Period::kUnspecified) k.period = period_start(row.key.day, q.period);
    if (q.by_kind) k.kind = row.key.kind;
    if (q.by_category) k.category = row.key.category;
    if (q.by_channel) k.channel = row.key.channel;
    cells[k] += row.counts;
  }
  for (const auto& [department, counts] : department_figures(whistled)) {
    FigureCell cell;
    cell.unit_id = department;
    cell.counts = counts;
    report.departments.push_back(std::move(cell));
    const OrgUnit* u = tree.find(department);
    OrgUnit unit;
    unit.id = department;
    report.department_units.push_back(u != nullptr ? *u : unit);
  }
  const bool grouped = q.by_child_unit || q.period != Period::kUnspecified || q.by_kind ||
                       q.by_category || q.by_channel;
  if (grouped) {
    for (auto& [k, c] : cells) {
      report.cells.push_back({k.unit, k.period, k.kind, k.category, k.channel, c});
    }
  }
  return report;
}

Result<Ranking> FigureService::ranking(UserId actor, UnitId unit_id, int from_day, int to_day,
                                       const RankingConfig& config) {
  if (!(config.yellow_min <= config.green_min)) {
    return Status(reason::BAD_BANDS, "the yellow band must start at or below the green band");
  }
  FigureQuery q;
  q.unit_id = unit_id;
  q.from_day = from_day;
  q.to_day = to_day;
  q.by_child_unit = true;
  q.by_department = true;
  auto report = figures(actor, q);
  if (!report) return report.status();
  Ranking out;
  out.unit = report->unit;
  out.config = config;
  std::map<UnitId, FigureCounts> by_unit;
  for (const auto& cell : report->cells) by_unit[cell.unit_id] += cell.counts;
  std::vector<std::pair<UnitId, FigureCounts>> units;
  for (const OrgUnit& child : report->children) {
    if (!located_under(child.type)) continue;
    out.units.push_back(child);
    units.emplace_back(child.id, by_unit[child.id]);
  }
  out.entries = rank_units(units, config);
  RankingConfig departments = config;
  departments.weights = config.department_weights;
  std::vector<std::pair<UnitId, FigureCounts>> called;
  for (std::size_t i = 0; i < report->departments.size(); ++i) {
    out.departments.push_back(report->department_units[i]);
    called.emplace_back(report->departments[i].unit_id, report->departments[i].counts);
  }
  out.department_entries = rank_units(called, departments);
  return out;
}

Result<CasePage> FigureService::figure_cases(UserId actor, const FigureDrill& d) {
  if (d.page_size < 0 || d.page_size > kMaxPage) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "page_size must be between 1 and 500");
  }
  CaseId before = 0;
  if (!d.page_token.empty()) {
    if (d.page_token.size() < 2 || d.page_token[0] != 'f' ||
        d.page_token.find_first_not_of("0123456789", 1) != std::string::npos ||
        d.page_token.size() > 19) {
      return Status(reason::BAD_PAGE_TOKEN, "the page token is not one this server issued");
    }
    before = std::stoll(d.page_token.substr(1));
  }
  auto sc = scope(actor, d.unit_id, d.from_day, d.to_day);
  if (!sc) return sc.status();
  const int page = d.page_size == 0 ? 50 : d.page_size;
  FigureCaseQuery fq;
  fq.units = sc->units;
  fq.from_day = d.from_day;
  fq.to_day = d.to_day;
  fq.figure = d.figure;
  fq.kind = d.kind;
  fq.category = d.category;
  fq.channel = d.channel;
  fq.before_id = before;
  fq.limit = page + 1;
  CasePage out;
  Status read = repo_.read([&](ReadView& view) {
    auto ids = view.figure_cases(fq);
    if (!ids) return ids.status();
    for (CaseId id : *ids) {
      if (static_cast<int>(out.cases.size()) == page) {
        out.next_page_token = "f" + std::to_string(out.cases.back().id);
        break;
      }
      auto c = view.get_case(id);
      if (!c) return c.status();
      out.cases.push_back(std::move(*c));
    }
    return Status{};
  });
  if (!read) return read;
  if (sc->user.id != kSystemActor) {
    for (Case& c : out.cases) present_to(*sc->tree, sc->user, c);
  }
  return out;
}

}  // namespace gridcase
