#include "gridcase/net/figures_convert.hpp"

#include <cstdio>
#include <map>

#include "gridcase/names.hpp"

namespace gridcase::net {

Result<int> day_from_proto(const std::string& text, const char* field) {
  auto day = parse_day(text);
  if (!day) {
    return Status(reason::BAD_DATE, std::string(field) + " must be a date like 2026-03-01");
  }
  return *day;
}

namespace {

Result<Period> period_from_proto(int value) {
  if (value < 0 || value > static_cast<int>(Period::kYear)) {
    return Status(reason::UNKNOWN_ENUM_VALUE, "period: unknown value " + std::to_string(value));
  }
  return static_cast<Period>(value);
}

}  // namespace

Result<FigureQuery> from_proto(const v1::GetFiguresRequest& in) {
  FigureQuery q;
  q.unit_id = in.unit_id();
  auto from = day_from_proto(in.from(), "from");
  if (!from) return from.status();
  auto to = day_from_proto(in.to(), "to");
  if (!to) return to.status();
  q.from_day = *from;
  q.to_day = *to;
  auto period = period_from_proto(in.period());
  if (!period) return period.status();
  q.period = *period;
  q.by_child_unit = in.by_child_unit();
  q.by_kind = in.by_kind();
  q.by_category = in.by_category();
  q.by_channel = in.by_channel();
  q.by_department = in.by_department();
  auto kind = case_kind_from_proto(in.kind(), "kind");
  if (!kind) return kind.status();
  q.kind = *kind;
  auto channel = channel_from_proto(in.channel(), "channel");
  if (!channel) return channel.status();
  q.channel = *channel;
  if (in.category().size() > 64) return Status(reason::BAD_CATEGORY, "category too long");
  q.category = in.category();
  return q;
}

Result<FigureDrill> from_proto(const v1::ListFigureCasesRequest& in) {
  FigureDrill d;
  d.unit_id = in.unit_id();
  auto from = day_from_proto(in.from(), "from");
  if (!from) return from.status();
  auto to = day_from_proto(in.to(), "to");
  if (!to) return to.status();
  d.from_day = *from;
  d.to_day = *to;
  auto figure = parse_figure(in.figure());
  if (!figure) return Status(reason::UNKNOWN_FIGURE, "no figure named " + in.figure().substr(0, 64));
  d.figure = *figure;
  auto kind = case_kind_from_proto(in.kind(), "kind");
  if (!kind) return kind.status();
  d.kind = *kind;
  auto channel = channel_from_proto(in.channel(), "channel");
  if (!channel) return channel.status();
  d.channel = *channel;
  if (in.category().size() > 64) return Status(reason::BAD_CATEGORY, "category too long");
  d.category = in.category();
  d.page_size = in.page_size();
  if (in.page_token().size() > 64) return Status(reason::BAD_PAGE_TOKEN, "the page token is not one this server issued");
  d.page_token = in.page_token();
  return d;
}

Result<RankingConfig> ranking_config_from_proto(const v1::GetRankingRequest& in) {
  RankingConfig c;
  if (!in.weights().empty()) {
    if (in.weights().size() > 1000) return Status(reason::BAD_WEIGHTS, "weights too long");
    auto w = parse_weights(in.weights());
    if (!w) return w.status();
    c.weights = *w;
  }
  if (in.set_bands()) {
    if (!(in.green_min() >= 0 && in.green_min() <= 100 && in.yellow_min() >= 0 &&
          in.yellow_min() <= in.green_min())) {
      return Status(reason::BAD_BANDS, "bands must satisfy 0 <= yellow_min <= green_min <= 100");
    }
    c.green_min = in.green_min();
    c.yellow_min = in.yellow_min();
  }
  return c;
}

void to_proto(const FigureCounts& in, v1::FigureSet* out) {
  auto* counts = out->mutable_counts();
  for (const auto& f : figure_info()) (*counts)[f.code] = in[f.figure];
  for (const auto& r : rate_info()) {
    const Ratio ratio = rate(in, r.rate);
    auto* v = out->add_rates();
    v->set_code(r.code);
    v->set_numerator(ratio.numerator);
    v->set_denominator(ratio.denominator);
  }
}

void definitions_to_proto(google::protobuf::RepeatedPtrField<v1::FigureDefinition>* out) {
  for (const auto& f : figure_info()) {
    auto* d = out->Add();
    d->set_code(f.code);
    d->set_label_zh(f.label_zh);
    d->set_label_en(f.label_en);
    d->set_definition(f.definition);
    d->set_definition_zh(f.definition_zh);
  }
  for (const auto& r : rate_info()) {
    auto* d = out->Add();
    d->set_code(r.code);
    d->set_label_zh(r.label_zh);
    d->set_label_en(r.label_en);
    d->set_is_rate(true);
    for (Figure f : r.numerator) d->add_numerator(info(f).code);
    d->set_denominator(info(r.denominator).code);
    d->set_definition(rate_definition(r, false));
    d->set_definition_zh(rate_definition(r, true));
  }
}

std::string summary_period(int from_day, int to_day) {
  int y, m, d;
  date_from_day(from_day, y, m, d);
  char buf[64];
  if (period_start(from_day, Period::kYear) == from_day && period_end(from_day, Period::kYear) == to_day) {
    std::snprintf(buf, sizeof buf, "%d年", y);
  } else if (period_start(from_day, Period::kQuarter) == from_day &&
             period_end(from_day, Period::kQuarter) == to_day) {
    static const char* const kQuarters[] = {"一", "二", "三", "四"};
    std::snprintf(buf, sizeof buf, "%d年第%s季度", y, kQuarters[(m - 1) / 3]);
  } else if (period_start(from_day, Period::kMonth) == from_day &&
             period_end(from_day, Period::kMonth) == to_day) {
    std::snprintf(buf, sizeof buf, "%d年%d月", y, m);
  } else {
    return format_day(from_day) + "至" + format_day(to_day - 1);
  }
  return buf;
}

void to_proto(const FigureReport& in, v1::GetFiguresResponse* out) {
  to_proto(in.unit, out->mutable_unit());
  out->set_from(format_day(in.from_day));
  out->set_to(format_day(in.to_day));
  out->set_period(static_cast<v1::Period>(in.period));
  to_proto(in.total, out->mutable_total());
  for (const auto& c : in.cells) {
    auto* cell = out->add_cells();
    cell->set_unit_id(c.unit_id);
    if (in.period != Period::kUnspecified) {
      cell->set_period_start(format_day(c.period_start));
      cell->set_period_label(period_label(c.period_start, in.period));
    }
    cell->set_kind(to_proto(c.kind));
    cell->set_category(c.category);
    cell->set_channel(to_proto(c.channel));
    to_proto(c.counts, cell->mutable_figures());
  }
  for (const auto& u : in.children) to_proto(u, out->add_children());
  for (const auto& c : in.departments) {
    auto* cell = out->add_departments();
    cell->set_unit_id(c.unit_id);
    to_proto(c.counts, cell->mutable_figures());
  }
  for (const auto& u : in.department_units) to_proto(u, out->add_department_units());
  definitions_to_proto(out->mutable_definitions());
  out->set_summary(work_summary(in.unit.name, summary_period(in.from_day, in.to_day), in.total));
}

namespace {

void entries_to_proto(const std::vector<OrgUnit>& units, const std::vector<RankEntry>& entries,
                      google::protobuf::RepeatedPtrField<v1::RankEntry>* out) {
  std::map<UnitId, const OrgUnit*> by_id;
  for (const auto& u : units) by_id[u.id] = &u;
  for (const auto& e : entries) {
    auto* entry = out->Add();
    if (by_id.count(e.unit)) to_proto(*by_id[e.unit], entry->mutable_unit());
    to_proto(e.counts, entry->mutable_figures());
    entry->set_has_score(e.score.has_value());
    entry->set_score(e.score.value_or(0));
    entry->set_colour(to_proto(e.colour));
    entry->set_rank(e.rank);
  }
}

std::string weights_text(const std::map<RateKind, double>& weights) {
  std::string out;
  for (const auto& [r, w] : weights) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s=%g", out.empty() ? "" : ",", info(r).code, w);
    out += buf;
  }
  return out;
}

void rate_row_to_proto(const ComplaintRateRow& in, const OrgUnit& unit, const std::vector<int>& months,
                       v1::ComplaintRateRow* out) {
  to_proto(unit, out->mutable_unit());
  for (std::size_t m = 0; m < months.size(); ++m) {
    auto* month = out->add_months();
    month->set_month(period_label(months[m], Period::kMonth));
    month->set_complaints(in.complaints[m]);
    month->set_has_population(in.residents[m].has_value());
    if (in.residents[m]) {
      month->set_residents(*in.residents[m]);
      month->set_per_10k(per_10k(in.complaints[m], *in.residents[m]));
    }
  }
  out->set_has_rate(in.period_rate.has_value());
  out->set_per_10k(in.period_rate.value_or(0));
  out->set_rank(in.rank);
  const auto n = months.size();
  if (n >= 2 && in.residents[n - 1] && in.residents[n - 2]) {
    const double last = per_10k(in.complaints[n - 1], *in.residents[n - 1]);
    const double before = per_10k(in.complaints[n - 2], *in.residents[n - 2]);
    out->set_trend(last > before ? "up" : last < before ? "down" : "flat");
  }
}

}  // namespace

void to_proto(const ComplaintRates& in, v1::GetComplaintRatesResponse* out) {
  rate_row_to_proto(in.total, in.unit, in.months, out->mutable_total());
  for (std::size_t i = 0; i < in.children.size(); ++i) {
    rate_row_to_proto(in.children[i], in.child_units[i], in.months, out->add_children());
  }
  out->set_has_target(in.target.has_value());
  if (in.target) {
    out->set_target_per_10k(in.target->per_10k);
    out->set_target_unit_id(in.target->unit_id);
  }
}

void to_proto(const Ranking& in, v1::GetRankingResponse* out) {
  to_proto(in.unit, out->mutable_unit());
  entries_to_proto(in.units, in.entries, out->mutable_entries());
  entries_to_proto(in.departments, in.department_entries, out->mutable_departments());
  out->set_weights(weights_text(in.config.weights));
  out->set_department_weights(weights_text(in.config.department_weights));
  out->set_green_min(in.config.green_min);
  out->set_yellow_min(in.config.yellow_min);
}

v1::Reply figures_reply(FigureService& figures, const AsOf& at, UserId actor,
                        const v1::ClientFrame& frame) {
  v1::Reply reply;
  auto fail = [&](const Status& s) {
    to_proto(s, reply.mutable_error());
    return reply;
  };
  switch (frame.request_case()) {
    case v1::ClientFrame::kGetFigures: {
      auto q = from_proto(frame.get_figures());
      if (!q) return fail(q.status());
      auto report = figures.figures(actor, *q);
      if (!report) return fail(report.status());
      to_proto(*report, reply.mutable_figures());
      return reply;
    }
    case v1::ClientFrame::kGetRanking: {
      const auto& req = frame.get_ranking();
      auto from = day_from_proto(req.from(), "from");
      if (!from) return fail(from.status());
      auto to = day_from_proto(req.to(), "to");
      if (!to) return fail(to.status());
      auto config = ranking_config_from_proto(req);
      if (!config) return fail(config.status());
      auto ranking = figures.ranking(actor, req.unit_id(), *from, *to, *config);
      if (!ranking) return fail(ranking.status());
      to_proto(*ranking, reply.mutable_ranking());
      return reply;
    }
    case v1::ClientFrame::kGetComplaintRates: {
      const auto& req = frame.get_complaint_rates();
      auto from = day_from_proto(req.from(), "from");
      if (!from) return fail(from.status());
      auto to = day_from_proto(req.to(), "to");
      if (!to) return fail(to.status());
      auto rates = figures.complaint_rates(actor, req.unit_id(), *from, *to);
      if (!rates) return fail(rates.status());
      to_proto(*rates, reply.mutable_complaint_rates());
      return reply;
    }
    case v1::ClientFrame::kListFigureCases: {
      auto d = from_proto(frame.list_figure_cases());
      if (!d) return fail(d.status());
      auto page = figures.figure_cases(actor, *d);
      if (!page) return fail(page.status());
      auto* out = reply.mutable_figure_cases();
      for (const auto& c : page->cases) to_proto(c, at, out->add_cases());
      out->set_next_page_token(page->next_page_token);
      return reply;
    }
    default:
      return fail(Status(reason::UNKNOWN_REQUEST, "not a figures call"));
  }
}

}  // namespace gridcase::net
