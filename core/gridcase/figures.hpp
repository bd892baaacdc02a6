// What supervisors are judged on (考核指标): the counts and rates of a unit's subtree over a
// period, their definitions, rankings of child units and the year-end work summary.
//
// Attribution. Every case belongs to exactly one cell: the unit of its location (a grid or
// building group), its registration day (the Asia/Shanghai date of its CREATE event), its kind,
// category and channel. A unit's figures for a period are the sums over the cells of the units
// in its subtree whose day lies in the period: "the cases registered in the period, and what
// has become of them so far" (a cohort). A case registered in March and closed in May counts as
// closed in March's figures from May on. Every count is a count of cases unless its name ends
// in _times (then it counts events).
//
// Exactness. A case's figures are a pure function of its history: fold its events in seq
// order into CaseFacts, then counts_of(facts). Stores keep the per-case facts and per-cell sums
// up to date inside the write unit that appends each event (apply the difference of counts_of
// before and after), and recount_figures() recomputes them from the history alone, for tests
// and audits.
//
// 双考核 (whistle figures). The whistle_* counts count departments called in (吹哨) on the cases
// of the cell, one per department and case, and what became of each call: its check-in (报到),
// late or not, and the sub-district's rating. FigureService breaks them down per department.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/status.hpp"

namespace gridcase {

class ReadView;

// The counts. Their definitions (figure_info) are the reference; keep the README's table in step.
enum class Figure {
  kReceived = 0,          // 受理 (登记): cases registered
  kAccepted,              // 立案: cases accepted
  kNotAccepted,           // 不予受理
  kMerged,                // 合并
  kOpen,                  // 在办: not yet closed, rejected or merged
  kDue,                   // 应结案: closed, or RESOLVE deadline passed (not rejected or merged)
  kClosed,                // 结案
  kClosedOnTime,          // 按期结案: closed, RESOLVE clock never expired
  kOverdue,               // 超期: the RESOLVE clock expired at least once
  kReopened,              // 返工: cases reopened at least once
  kReopenTimes,           // reopen events
  kExtended,              // 延期: cases with at least one approved extension
  kExtensionTimes,        // approved extensions
  kEscalated,             // 上报: cases escalated at least once
  kEscalationsManual,     // escalation events by reason
  kEscalationsDeadline,
  kEscalationsRisk,
  kTopCommunity,          // escalated cases by the highest level reached
  kTopSubDistrict,
  kTopDistrict,
  kUrged,                 // 督办: cases urged at least once
  kUrgeTimes,             // urge events
  kClosedAtGrid,          // closed cases by the level that closed them
  kClosedAtCommunity,
  kClosedAtSubDistrict,
  kClosedAtDistrict,
  kVisitBatches,          // 来访批次: WALK_IN cases
  kVisitPersons,          // 来访人次: their visitors
  kOnlineAssigned,        // 网上交办件: ONLINE and HOTLINE cases
  kOnlineHandled,         //   of which closed
  kDisputesResolved,      // 化解矛盾: DISPUTE cases closed as resolved or by agreement
  kHotlineOrders,         // 12345 orders
  kHotlineResponded,      //   signed for before their RESPONSE clock expired
  kHotlineCallbacks,      //   with a callback result, upheld appeals excluded
  kHotlineSolved,         //   callbacks: solved
  kHotlineSatisfied,      //   callbacks: satisfied
  // 吹哨报到 (whistle.hpp): the cases and the departments called in on them.
  kWhistled,              // 吹哨: cases with at least one department called in
  kWhistleCalls,          // 吹哨部门次: departments called in (one per department and case)
  kWhistleCheckIns,       //   of which checked in (报到)
  kWhistleCheckInsLate,   //   of which checked in after the report-by time
  kWhistleRatings,        //   of which rated by the sub-district
  kWhistleRatingsGood,    //   of which rated 4 or 5
  kWhistleRatingPoints,   //   the sum of their ratings (the average is points / ratings)
  kAgreementsNotPerformed,  // 协议未履行: disputes whose effective agreement was not performed
};
constexpr int kFigureCount = static_cast<int>(Figure::kAgreementsNotPerformed) + 1;

struct FigureInfo {
  Figure figure;
  const char* code;        // column and wire name: "closed_on_time"
  const char* label_zh;    // "按期结案"
  const char* label_en;
  const char* definition;  // one sentence, the reference definition
  const char* definition_zh;  // the same in Chinese (口径), for the Chinese interface
};
const std::vector<FigureInfo>& figure_info();
const FigureInfo& info(Figure f);
std::optional<Figure> parse_figure(std::string_view code);

// A vector of counts indexed by Figure.
struct FigureCounts {
  std::array<std::int64_t, kFigureCount> v{};
  std::int64_t& operator[](Figure f) { return v[static_cast<int>(f)]; }
  std::int64_t operator[](Figure f) const { return v[static_cast<int>(f)]; }
  FigureCounts& operator+=(const FigureCounts& o);
  FigureCounts& operator-=(const FigureCounts& o);
  bool operator==(const FigureCounts& o) const { return v == o.v; }
  bool operator!=(const FigureCounts& o) const { return v != o.v; }
  bool zero() const;
};

// The rates. Each is numerator / denominator over the same cohort; a zero denominator leaves
// the rate undefined (shown as "—"), never 0 or 100%.
enum class RateKind {
  kClosure = 0,        // 结案率 = closed / due
  kOnTime,             // 按期结案率 = closed_on_time / due
  kRework,             // 返工率 = reopened / closed
  kExtension,          // 延期率 = extended / due
  kGridLevel,          // 小事不出网格 = closed_at_grid / closed
  kCommunityLevel,     // 大事不出社区 = (closed_at_grid + closed_at_community) / closed
  kHotlineResponse,    // 响应率 = hotline_responded / hotline_orders
  kHotlineSolved,      // 解决率 = hotline_solved / hotline_callbacks
  kHotlineSatisfied,   // 满意率 = hotline_satisfied / hotline_callbacks
  kWhistleCheckIn,     // 报到率 = whistle_check_ins / whistle_calls
  kWhistleLate,        // 迟到报到率 = whistle_check_ins_late / whistle_check_ins
  kWhistleGood,        // 好评率 = whistle_ratings_good / whistle_ratings
};
constexpr int kRateCount = static_cast<int>(RateKind::kWhistleGood) + 1;

struct RateInfo {
  RateKind rate;
  const char* code;
  const char* label_zh;
  const char* label_en;
  std::vector<Figure> numerator;  // summed
  Figure denominator;
  bool lower_is_better;
};
const std::vector<RateInfo>& rate_info();
const RateInfo& info(RateKind r);
std::optional<RateKind> parse_rate(std::string_view code);
// "结案 ÷ 应结案" / "closed / due": what a rate divides, by the figures' names.
std::string rate_definition(const RateInfo& r, bool zh);

struct Ratio {
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  bool defined() const { return denominator > 0; }
  double value() const { return defined() ? static_cast<double>(numerator) / denominator : 0.0; }
};
Ratio rate(const FigureCounts& counts, RateKind r);
// "87.5%", or "—" when undefined.
std::string format_percent(const Ratio& r);

// ---- Days and periods (Asia/Shanghai dates as days since 1970-01-01) ----
int shanghai_day(TimeMs t);
int day_from_date(int year, int month, int day);
void date_from_day(int day, int& year, int& month, int& dom);
// "2026-03-16"; and parsing it back (nullopt when not a valid date).
std::string format_day(int day);
std::optional<int> parse_day(std::string_view text);

enum class Period { kUnspecified = 0, kDay = 1, kWeek = 2, kMonth = 3, kQuarter = 4, kYear = 5 };
const char* name(Period p);
std::optional<Period> parse_period(std::string_view text);
// The first day of the period holding `day` (weeks start on Monday).
int period_start(int day, Period p);
// The first day of the next period.
int period_end(int day, Period p);
// "2026-03-16", "2026-W12", "2026-03", "2026-Q1", "2026".
std::string period_label(int start_day, Period p);
// True when [from, to) is made of whole months (the stores then read their monthly sums).
bool whole_months(int from_day, int to_day);

// ---- Per-case facts: the fold of a case's history ----
struct FigureKey {
  UnitId unit = 0;  // the location unit
  int day = 0;      // registration day (or the first of its month in monthly sums)
  CaseKind kind = CaseKind::kUnspecified;
  std::string category;
  Channel channel = Channel::kUnspecified;
  bool operator<(const FigureKey& o) const {
    return std::tie(unit, day, kind, category, channel) <
           std::tie(o.unit, o.day, o.kind, o.category, o.channel);
  }
  bool operator==(const FigureKey& o) const {
    return std::tie(unit, day, kind, category, channel) ==
           std::tie(o.unit, o.day, o.kind, o.category, o.channel);
  }
};

// What the figures need to know of one case, as its events leave it.
//
// Event contract for case kinds built elsewhere (petitions, hotline callbacks): CREATE may carry
// details "visitors" (persons in a visit, default 1); any event may carry "callback_solved" and
// "callback_satisfied" ("true"/"false": the hotline centre's callback, the last one counts) and
// "appeal_upheld" = "true" (申诉成立: the case leaves the hotline's callback rates; a later
// callback is rated again). The hotline's own steps: CREATE with "order_no" marks an order, whose
// response is SIGN_ORDER or FIRST_CONTACT (not the desk's ACCEPT); RECORD_CALLBACK with "rework"
// = "true" reopens it (重办, counted as rework); DECIDE_RETURN with "return_upheld" = "true" sends
// it back to the hotline and out of every figure.
struct CaseFacts {
  CaseId case_id = 0;
  bool created = false;  // a CREATE has been folded in
  FigureKey key;
  CaseState state = CaseState::kUnspecified;
  Level level = Level::kUnspecified;
  Level max_level = Level::kUnspecified;
  // The level that settled it: its handling unit's level when resolved (the event's
  // "settled_level"), else its level when closed; reset by a reopen or a rework.
  Level close_level = Level::kUnspecified;
  Outcome outcome = Outcome::kUnspecified;
  bool accepted = false;
  bool overdue = false;        // RESOLVE expired
  bool response_late = false;  // RESPONSE expired
  int reopens = 0;
  int extensions = 0;
  int urges = 0;
  int escalations[4] = {0, 0, 0, 0};  // by EscalationReason
  int visitors = 1;
  int callback = 0;  // 0 none; else 1 + solved + 2 * satisfied
  bool appeal_upheld = false;
  // Hotline orders (hotline.hpp), bits: kFactOrder, kFactResponded, kFactReturned.
  int hotline = 0;
  // 吹哨报到 (whistle.hpp): departments called in, checked in, late, rated, rated 4-5, points.
  int whistle_calls = 0;
  int check_ins = 0;
  int check_ins_late = 0;
  int ratings = 0;
  int ratings_good = 0;
  int rating_points = 0;
  int not_performed = 0;  // AGREEMENT_NOT_PERFORMED events (协议未履行)
};
constexpr int kFactOrder = 1;      // received with the centre's order number (CREATE "order_no")
constexpr int kFactResponded = 2;  // signed for (SIGN_ORDER) or first contacted (FIRST_CONTACT)
constexpr int kFactReturned = 4;   // returned to the hotline, upheld (DECIDE_RETURN): counted to no one

// Folds one event of the case into its facts (events must come in seq order).
void fold(CaseFacts& facts, const Event& e);
// The case's contribution to its cell.
FigureCounts counts_of(const CaseFacts& facts);
// What one event changes in a store's figures: the case's facts folded forward, the amounts to
// add to the cells (none, one, or two when the case's cell moved: its old contribution taken
// from the old cell and its new one added to the new), and whether the facts' stored form
// changed (the store rewrites them only then).
struct FoldedEvent {
  std::vector<std::pair<FigureKey, FigureCounts>> cell_deltas;
  FigureCounts after;  // counts_of(facts) once folded
  bool facts_changed = false;
};
FoldedEvent fold_event(CaseFacts& facts, const Event& e);
// A compact text form for stores; decode returns false on text it did not write.
std::string encode_facts(const CaseFacts& facts);
bool decode_facts(std::string_view text, CaseFacts& out);

// Recomputes every cell from the history alone (events in seq order), ignoring any stored sums.
Result<std::map<FigureKey, FigureCounts>> recount_figures(ReadView& view);

// ---- Store reads ----
// The sums of the cells of `units` with day in [from_day, to_day), grouped by the dimensions
// asked for (the others come back as 0 / empty). `monthly` allows reading monthly sums (only
// valid when whole_months(from_day, to_day)); days then come back as the first of each month.
struct FigureRowQuery {
  std::vector<UnitId> units;
  int from_day = 0;
  int to_day = 0;
  bool monthly = false;
  bool by_unit = false;
  bool by_day = false;
  bool by_kind = false;
  bool by_category = false;
  bool by_channel = false;
};
struct FigureRow {
  FigureKey key;
  FigureCounts counts;
};

// Drill-down: the cases behind one figure (their count for it is non-zero), newest first.
struct FigureCaseQuery {
  std::vector<UnitId> units;
  int from_day = 0;
  int to_day = 0;
  Figure figure = Figure::kReceived;
  CaseKind kind = CaseKind::kUnspecified;  // kUnspecified: any
  std::string category;                    // empty: any
  Channel channel = Channel::kUnspecified; // kUnspecified: any
  CaseId before_id = 0;                    // paging: ids below this (0: from the newest)
  int limit = 50;
};

// Sums `rows` in memory (the in-memory store and tests): group by the query's dimensions.
std::vector<FigureRow> group_rows(const std::map<FigureKey, FigureCounts>& cells,
                                  const FigureRowQuery& q);

// ---- Rankings (排名) ----
// The composite score of a unit: the weighted mean of its defined rates, each as a percentage
// (rates where lower is better count as 100 - rate), 0..100. Rates with weight 0 or an
// undefined value are left out (and so is their weight).
struct RankingConfig {
  std::map<RateKind, double> weights = {{RateKind::kClosure, 0.3},
                                        {RateKind::kOnTime, 0.4},
                                        {RateKind::kRework, 0.15},
                                        {RateKind::kGridLevel, 0.15}};
  double green_min = 90;   // score >= green_min: green
  double yellow_min = 75;  // score >= yellow_min: yellow; below: red
  // 双考核: the departments whistled into the cases are ranked on these (same bands).
  std::map<RateKind, double> department_weights = {{RateKind::kWhistleCheckIn, 0.3},
                                                   {RateKind::kWhistleLate, 0.3},
                                                   {RateKind::kWhistleGood, 0.4}};
};
// Parses "closure=0.3,on_time=0.4,...". INVALID_ARGUMENT on an unknown rate or a bad weight.
Result<std::map<RateKind, double>> parse_weights(std::string_view text);

struct RankEntry {
  UnitId unit = 0;
  FigureCounts counts;
  std::optional<double> score;  // none when no weighted rate is defined
  Colour colour = Colour::kUnspecified;  // kUnspecified when there is no score
  int rank = 0;  // 1 = best; units without a score come last, unranked (0)
};
std::optional<double> composite_score(const FigureCounts& counts, const RankingConfig& config);
// Orders by score, best first (ties by unit id), and grades each.
std::vector<RankEntry> rank_units(const std::vector<std::pair<UnitId, FigureCounts>>& units,
                                  const RankingConfig& config);

// ---- 双考核: departments whistled in ----
// Each department's calls on `cases` (whistle.hpp) as whistle_* counts: kWhistled the cases it
// was called into, kWhistleCalls its calls, and so on (the same counts the cells keep, so that
// the departments of a set of cases add up to the set's whistle figures).
std::map<UnitId, FigureCounts> department_figures(const std::vector<Case>& cases);

// ---- The work summary (工作总结) ----
// One paragraph in Chinese, in the style of a year-end report:
// "2026年，新城街道共受理各类事项120件，应结案110件，已结案100件，结案率90.9%，按期结案率81.8%；接待来访群众
// 55批105人次，办理网上交办件158件，化解矛盾81起；……". Parts whose counts are zero are left out.
std::string work_summary(const std::string& unit_name, const std::string& period_label,
                         const FigureCounts& counts);

}  // namespace gridcase
