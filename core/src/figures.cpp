#include "gridcase/figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"
#include "gridcase/repository.hpp"

namespace gridcase {

namespace {
using F = Figure;
}

const std::vector<FigureInfo>& figure_info() {
  static const std::vector<FigureInfo> kInfo = {
      {F::kReceived, "received", "受理", "received", "cases registered (CREATE) in the period",
       "统计期内登记的案件数（各项指标均按登记日期归入统计期，统计各案件截至目前的办理情况）"},
      {F::kAccepted, "accepted", "立案", "accepted", "of those, cases that were accepted (ACCEPT)",
       "其中已受理立案的案件数"},
      {F::kNotAccepted, "not_accepted", "不予受理", "not accepted", "cases now NOT_ACCEPTED",
       "当前为不予受理的案件数"},
      {F::kMerged, "merged", "合并", "merged", "cases now MERGED into another",
       "当前已合并到其他案件的案件数"},
      {F::kOpen, "open", "在办", "open", "cases not yet CLOSED, NOT_ACCEPTED or MERGED",
       "尚未结案、未被不予受理或合并的案件数"},
      {F::kDue, "due", "应结案", "due",
       "cases CLOSED, plus cases whose RESOLVE deadline has passed (not rejected or merged)",
       "已结案的案件，加上办理期限已过的案件（不含不予受理、合并的），即结案率的分母"},
      {F::kClosed, "closed", "结案", "closed", "cases now CLOSED", "当前已结案的案件数"},
      {F::kClosedOnTime, "closed_on_time", "按期结案", "closed on time",
       "CLOSED cases whose RESOLVE clock never expired (extensions included in the budget)",
       "已结案且办理期限从未超期的案件数（获批的延期计入期限）"},
      {F::kOverdue, "overdue", "超期", "overdue", "cases whose RESOLVE clock expired at least once",
       "办理期限至少超期一次的案件数"},
      {F::kReopened, "reopened", "返工", "reopened", "cases reopened (返工) at least once",
       "至少返工一次的案件数（回访不满意或核查不通过而重新办理）"},
      {F::kReopenTimes, "reopen_times", "返工次数", "reopens", "REOPEN events", "返工的次数"},
      {F::kExtended, "extended", "延期", "extended", "cases with at least one approved extension",
       "至少有一次延期获批的案件数"},
      {F::kExtensionTimes, "extension_times", "延期次数", "extensions", "approved extensions",
       "获批的延期次数"},
      {F::kEscalated, "escalated", "上报", "escalated", "cases escalated at least once",
       "至少上报一次的案件数"},
      {F::kEscalationsManual, "escalations_manual", "主动上报次数", "manual escalations",
       "ESCALATE events with reason MANUAL", "因超出处置能力主动上报的次数"},
      {F::kEscalationsDeadline, "escalations_deadline", "超期上报次数", "deadline escalations",
       "ESCALATE events with reason DEADLINE", "因期限届满自动上报的次数"},
      {F::kEscalationsRisk, "escalations_risk", "风险上报次数", "risk escalations",
       "ESCALATE events with reason RISK", "因有激化风险（暴力、群体性事件）上报的次数"},
      {F::kTopCommunity, "top_community", "上报至社区", "up to community",
       "escalated cases whose highest level was COMMUNITY", "上报过且最高上报到社区的案件数"},
      {F::kTopSubDistrict, "top_sub_district", "上报至街道", "up to sub-district",
       "escalated cases whose highest level was SUB_DISTRICT", "上报过且最高上报到街道的案件数"},
      {F::kTopDistrict, "top_district", "上报至区", "up to district",
       "escalated cases whose highest level was DISTRICT", "上报过且最高上报到区的案件数"},
      {F::kUrged, "urged", "督办", "urged", "cases urged (督办) at least once", "至少被督办一次的案件数"},
      {F::kUrgeTimes, "urge_times", "督办次数", "urges", "URGE events", "督办的次数"},
      {F::kClosedAtGrid, "closed_at_grid", "网格结案", "closed at grid",
       "CLOSED cases settled at GRID: the level of the unit that handled them when they were resolved (a community's mediation committee: COMMUNITY; a sub-district's department: SUB_DISTRICT)",
       "在网格办结的已结案案件数：以办结时承办单位所在层级计（社区人民调解委员会计为社区，街道职能部门计为街道）"},
      {F::kClosedAtCommunity, "closed_at_community", "社区结案", "closed at community",
       "CLOSED cases settled at COMMUNITY: the level of the unit that handled them when they were resolved (a community's mediation committee: COMMUNITY; a sub-district's department: SUB_DISTRICT)",
       "在社区办结的已结案案件数：以办结时承办单位所在层级计（社区人民调解委员会计为社区，街道职能部门计为街道）"},
      {F::kClosedAtSubDistrict, "closed_at_sub_district", "街道结案", "closed at sub-district",
       "CLOSED cases settled at SUB_DISTRICT: the level of the unit that handled them when they were resolved (a community's mediation committee: COMMUNITY; a sub-district's department: SUB_DISTRICT)",
       "在街道办结的已结案案件数：以办结时承办单位所在层级计（社区人民调解委员会计为社区，街道职能部门计为街道）"},
      {F::kClosedAtDistrict, "closed_at_district", "区级结案", "closed at district",
       "CLOSED cases settled at DISTRICT: the level of the unit that handled them when they were resolved (a community's mediation committee: COMMUNITY; a sub-district's department: SUB_DISTRICT)",
       "在区级办结的已结案案件数：以办结时承办单位所在层级计（社区人民调解委员会计为社区，街道职能部门计为街道）"},
      {F::kVisitBatches, "visit_batches", "来访批次", "visit batches",
       "cases with channel WALK_IN (one visit, one batch)", "来访渠道登记的案件数（一次来访计一批）"},
      {F::kVisitPersons, "visit_persons", "来访人次", "visit person-times",
       "visitors of WALK_IN cases (CREATE detail \"visitors\", 1 when absent)",
       "来访案件的来访人数之和（登记时填写，未填的计1人）"},
      {F::kOnlineAssigned, "online_assigned", "网上交办件", "online-assigned",
       "cases with channel ONLINE or HOTLINE", "网上渠道及12345热线渠道的案件数"},
      {F::kOnlineHandled, "online_handled", "网上交办件办结", "online-assigned handled",
       "online-assigned cases now CLOSED", "网上交办件中已结案的"},
      {F::kDisputesResolved, "disputes_resolved", "化解矛盾", "disputes resolved",
       "DISPUTE cases CLOSED with outcome RESOLVED or AGREEMENT",
       "以已化解或达成调解协议结案的矛盾纠纷案件数"},
      {F::kHotlineOrders, "hotline_orders", "12345工单", "hotline orders", "HOTLINE cases",
       "12345热线工单案件数"},
      {F::kHotlineResponded, "hotline_responded", "及时响应", "responded in time",
       "hotline orders signed for (SIGN_ORDER) or first contacted (FIRST_CONTACT) before their "
       "RESPONSE clock expired; HOTLINE cases registered without an order number: accepted (ACCEPT) "
       "in time",
       "在响应时限内签收或先行联系的工单数；未带工单号登记的热线案件以按时受理计"},
      {F::kHotlineCallbacks, "hotline_callbacks", "回访", "callbacks",
       "hotline orders with a callback result, upheld appeals excluded",
       "有热线中心回访结果的工单数，申诉成立的不计"},
      {F::kHotlineSolved, "hotline_solved", "回访已解决", "solved", "callbacks answering solved",
       "回访结果为已解决的工单数"},
      {F::kHotlineSatisfied, "hotline_satisfied", "回访满意", "satisfied",
       "callbacks answering satisfied", "回访结果为满意的工单数"},
      {F::kWhistled, "whistled", "吹哨", "whistled", "cases with at least one department whistled in (WHISTLE)",
       "至少吹哨一个职能部门的案件数"},
      {F::kWhistleCalls, "whistle_calls", "吹哨部门次", "departments whistled",
       "departments whistled into the cases, one per department and case",
       "案件吹哨到的职能部门数，每个案件每个部门计一次"},
      {F::kWhistleCheckIns, "whistle_check_ins", "报到", "check-ins",
       "of those, departments that checked in (CHECK_IN)", "其中部门已报到的"},
      {F::kWhistleCheckInsLate, "whistle_check_ins_late", "迟到报到", "late check-ins",
       "check-ins after the report-by time of the whistle", "其中超过报到时限才报到的"},
      {F::kWhistleRatings, "whistle_ratings", "部门评价", "ratings",
       "departments rated by the sub-district after checking in (RATE_DEPARTMENT, 1 to 5)",
       "其中街道已评价的（报到后评价，1至5分）"},
      {F::kWhistleRatingsGood, "whistle_ratings_good", "好评", "good ratings",
       "ratings of 4 or 5", "其中评价为4分或5分的"},
      {F::kWhistleRatingPoints, "whistle_rating_points", "评价总分", "rating points",
       "the sum of the ratings (the average rating is rating points / ratings)",
       "评价分数之和（平均分 = 评价总分 ÷ 部门评价）"},
      {F::kAgreementsNotPerformed, "agreements_not_performed", "协议未履行", "agreements not performed",
       "DISPUTE cases whose effective mediation agreement a party did not perform, recorded after "
       "closing (AGREEMENT_NOT_PERFORMED at least once: mediated again or referred to court)",
       "调解协议生效结案后，当事人不履行协议并已记录的矛盾纠纷数（再次调解或告知向法院起诉）"},
  };
  return kInfo;
}

const FigureInfo& info(Figure f) { return figure_info()[static_cast<std::size_t>(f)]; }

std::optional<Figure> parse_figure(std::string_view code) {
  for (const auto& i : figure_info()) {
    if (code == i.code) return i.figure;
  }
  return std::nullopt;
}

FigureCounts& FigureCounts::operator+=(const FigureCounts& o) {
  for (int i = 0; i < kFigureCount; ++i) v[i] += o.v[i];
  return *this;
}

FigureCounts& FigureCounts::operator-=(const FigureCounts& o) {
  for (int i = 0; i < kFigureCount; ++i) v[i] -= o.v[i];
  return *this;
}

bool FigureCounts::zero() const {
  return std::all_of(v.begin(), v.end(), [](std::int64_t x) { return x == 0; });
}

const std::vector<RateInfo>& rate_info() {
  using R = RateKind;
  static const std::vector<RateInfo> kInfo = {
      {R::kClosure, "closure", "结案率", "closure rate", {F::kClosed}, F::kDue, false},
      {R::kOnTime, "on_time", "按期结案率", "on-time closure rate", {F::kClosedOnTime}, F::kDue, false},
      {R::kRework, "rework", "返工率", "rework rate", {F::kReopened}, F::kClosed, true},
      {R::kExtension, "extension", "延期率", "extension rate", {F::kExtended}, F::kDue, true},
      {R::kGridLevel, "grid_level", "小事不出网格率", "closed at grid level", {F::kClosedAtGrid},
       F::kClosed, false},
      {R::kCommunityLevel, "community_level", "大事不出社区率", "closed at community or below",
       {F::kClosedAtGrid, F::kClosedAtCommunity}, F::kClosed, false},
      {R::kHotlineResponse, "hotline_response", "响应率", "hotline response rate",
       {F::kHotlineResponded}, F::kHotlineOrders, false},
      {R::kHotlineSolved, "hotline_resolution", "解决率", "hotline solved rate", {F::kHotlineSolved},
       F::kHotlineCallbacks, false},
      {R::kHotlineSatisfied, "hotline_satisfaction", "满意率", "hotline satisfaction rate",
       {F::kHotlineSatisfied}, F::kHotlineCallbacks, false},
      {R::kWhistleCheckIn, "whistle_check_in", "报到率", "check-in rate", {F::kWhistleCheckIns},
       F::kWhistleCalls, false},
      {R::kWhistleLate, "whistle_late", "迟到报到率", "late check-in rate", {F::kWhistleCheckInsLate},
       F::kWhistleCheckIns, true},
      {R::kWhistleGood, "whistle_good", "好评率", "good rating rate", {F::kWhistleRatingsGood},
       F::kWhistleRatings, false},
  };
  return kInfo;
}

const RateInfo& info(RateKind r) { return rate_info()[static_cast<std::size_t>(r)]; }

std::optional<RateKind> parse_rate(std::string_view code) {
  for (const auto& i : rate_info()) {
    if (code == i.code) return i.rate;
  }
  return std::nullopt;
}

std::string rate_definition(const RateInfo& r, bool zh) {
  std::string text;
  for (Figure f : r.numerator) {
    text += (text.empty() ? "" : " + ") + std::string(zh ? info(f).label_zh : info(f).code);
  }
  return text + (zh ? " ÷ " : " / ") + (zh ? info(r.denominator).label_zh : info(r.denominator).code);
}

Ratio rate(const FigureCounts& counts, RateKind r) {
  const RateInfo& ri = info(r);
  Ratio out;
  for (Figure f : ri.numerator) out.numerator += counts[f];
  out.denominator = counts[ri.denominator];
  return out;
}

std::string format_percent(const Ratio& r) {
  if (!r.defined()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * r.value());
  return buf;
}

// ---- Days ------------------------------------------------------------------------------------

namespace {
constexpr TimeMs kDayMs = 86400000LL;
constexpr TimeMs kShanghaiOffsetMs = 8LL * 3600 * 1000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

int shanghai_day(TimeMs t) { return static_cast<int>(floor_div(t + kShanghaiOffsetMs, kDayMs)); }

// Howard Hinnant's days_from_civil / civil_from_days.
int day_from_date(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void date_from_day(int z, int& year, int& month, int& dom) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  dom = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = y + (month <= 2);
}

std::string format_day(int day) {
  int y, m, d;
  date_from_day(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<int> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const int day = day_from_date(y, m, d);
  int y2, m2, d2;
  date_from_day(day, y2, m2, d2);
  if (y2 != y || m2 != m || d2 != d) return std::nullopt;  // 2026-02-30
  return day;
}

const char* name(Period p) {
  switch (p) {
    case Period::kDay: return "DAY";
    case Period::kWeek: return "WEEK";
    case Period::kMonth: return "MONTH";
    case Period::kQuarter: return "QUARTER";
    case Period::kYear: return "YEAR";
    default: return "UNSPECIFIED";
  }
}

std::optional<Period> parse_period(std::string_view text) {
  std::string up;
  for (char ch : text) up += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kQuarter, Period::kYear}) {
    if (up == name(p)) return p;
  }
  return std::nullopt;
}

int period_start(int day, Period p) {
  int y, m, d;
  date_from_day(day, y, m, d);
  switch (p) {
    case Period::kWeek: {
      const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);  // 0 = Monday
      return day - weekday;
    }
    case Period::kMonth: return day_from_date(y, m, 1);
    case Period::kQuarter: return day_from_date(y, (m - 1) / 3 * 3 + 1, 1);
    case Period::kYear: return day_from_date(y, 1, 1);
    default: return day;
  }
}

int period_end(int day, Period p) {
  const int start = period_start(day, p);
  int y, m, d;
  date_from_day(start, y, m, d);
  switch (p) {
    case Period::kWeek: return start + 7;
    case Period::kMonth: return m == 12 ? day_from_date(y + 1, 1, 1) : day_from_date(y, m + 1, 1);
    case Period::kQuarter:
      return m >= 10 ? day_from_date(y + 1, 1, 1) : day_from_date(y, m + 3, 1);
    case Period::kYear: return day_from_date(y + 1, 1, 1);
    default: return start + 1;
  }
}

std::string period_label(int start_day, Period p) {
  int y, m, d;
  date_from_day(start_day, y, m, d);
  char buf[24];
  switch (p) {
    case Period::kWeek: {
      // ISO week: the week belongs to the year of its Thursday.
      const int thursday = start_day + 3;
      int ty, tm, td;
      date_from_day(thursday, ty, tm, td);
      const int week = (thursday - day_from_date(ty, 1, 1)) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04d-W%02d", ty, week);
      return buf;
    }
    case Period::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", y, m); return buf;
    case Period::kQuarter: std::snprintf(buf, sizeof buf, "%04d-Q%d", y, (m - 1) / 3 + 1); return buf;
    case Period::kYear: std::snprintf(buf, sizeof buf, "%04d", y); return buf;
    default: return format_day(start_day);
  }
}

bool whole_months(int from_day, int to_day) {
  return from_day < to_day && period_start(from_day, Period::kMonth) == from_day &&
         period_start(to_day, Period::kMonth) == to_day;
}

// ---- Facts -----------------------------------------------------------------------------------

namespace {
const std::string* detail(const Event& e, const char* key) {
  auto it = e.details.find(key);
  return it == e.details.end() ? nullptr : &it->second;
}
}  // namespace

void fold(CaseFacts& f, const Event& e) {
  f.case_id = e.case_id;
  switch (e.action) {
    case Action::kCreate: {
      f.created = true;
      f.key.unit = e.location_unit_id;
      f.key.day = shanghai_day(e.at);
      f.key.kind = e.case_kind;
      if (const auto* c = detail(e, "category")) f.key.category = *c;
      if (const auto* c = detail(e, "channel")) {
        f.key.channel = parse_name<Channel>(*c).value_or(Channel::kUnspecified);
      }
      if (detail(e, "order_no") != nullptr) f.hotline |= kFactOrder;
      if (const auto* v = detail(e, "visitors")) {
        const long n = std::strtol(v->c_str(), nullptr, 10);
        f.visitors = n > 0 && n < 100000 ? static_cast<int>(n) : 1;
      }
      break;
    }
    case Action::kAccept: f.accepted = true; break;
    case Action::kEscalate: {
      EscalationReason reason = EscalationReason::kUnspecified;
      if (const auto* r = detail(e, "escalation_reason")) {
        reason = parse_name<EscalationReason>(*r).value_or(EscalationReason::kUnspecified);
      }
      ++f.escalations[static_cast<int>(reason) & 3];
      break;
    }
    case Action::kReopen:
      ++f.reopens;
      f.close_level = Level::kUnspecified;
      f.outcome = Outcome::kUnspecified;
      break;
    case Action::kDecideExtension: {
      const auto* approved = detail(e, "approved");
      if (approved != nullptr && *approved == "true") ++f.extensions;
      break;
    }
    case Action::kUrge: ++f.urges; break;

    case Action::kClockExpired: {
      const auto* clock = detail(e, "clock");
      if (clock != nullptr && *clock == name(ClockKind::kResolve)) f.overdue = true;
      if (clock != nullptr && *clock == name(ClockKind::kResponse)) f.response_late = true;
      break;
    }
    case Action::kSignOrder:
    case Action::kFirstContact: f.hotline |= kFactResponded; break;
    case Action::kDecideReturn: {
      const auto* upheld = detail(e, "return_upheld");
      if (upheld != nullptr && *upheld == "true") f.hotline |= kFactReturned;
      break;
    }
    case Action::kWhistle:
      if (const auto* departments = detail(e, "departments")) {
        if (!departments->empty()) {
          f.whistle_calls += 1 + static_cast<int>(std::count(departments->begin(), departments->end(), ','));
        }
      }
      break;
    case Action::kCheckIn: {
      ++f.check_ins;
      const auto* late = detail(e, "late");
      if (late != nullptr && *late == "true") ++f.check_ins_late;
      break;
    }
    case Action::kRateDepartment:
      if (const auto* rating = detail(e, "rating")) {
        const long n = std::strtol(rating->c_str(), nullptr, 10);
        if (n >= 1 && n <= kMaxRating) {
          ++f.ratings;
          if (n >= 4) ++f.ratings_good;
          f.rating_points += static_cast<int>(n);
        }
      }
      break;
    case Action::kAgreementNotPerformed: {
      ++f.not_performed;
      const auto* again = detail(e, "remediate");
      if (again != nullptr && *again == "true") f.close_level = Level::kUnspecified;  // settled again later
      break;
    }
    case Action::kRecordCallback: {
      const auto* rework = detail(e, "rework");
      if (rework != nullptr && *rework == "true") {  // 重办: counted as a reopen
        ++f.reopens;
        f.close_level = Level::kUnspecified;
        f.outcome = Outcome::kUnspecified;
      }
      break;
    }
    default: break;
  }
  if (const auto* solved = detail(e, "callback_solved")) {
    const auto* satisfied = detail(e, "callback_satisfied");
    f.callback = 1 + (*solved == "true" ? 1 : 0) +
                 (satisfied != nullptr && *satisfied == "true" ? 2 : 0);
    f.appeal_upheld = false;  // a new rating; an appeal upheld earlier was about the last one
  }
  if (const auto* upheld = detail(e, "appeal_upheld")) {
    if (*upheld == "true") f.appeal_upheld = true;
  }
  // The outcome, whichever step records it (RESOLVE, the last signature of an agreement, a
  // referral, the reply to a 12345 order).
  if (const auto* o = detail(e, "outcome")) f.outcome = parse_name<Outcome>(*o).value_or(Outcome::kUnspecified);
  // The level that settled the case: the level of its handling unit when it was resolved, as
  // the engine records it; a history from before it did so gives the case's level at closing.
  if (const auto* settled = detail(e, "settled_level")) {
    f.close_level = parse_name<Level>(*settled).value_or(Level::kUnspecified);
  }
  if (e.to_state == CaseState::kClosed && f.state != CaseState::kClosed && f.close_level == Level::kUnspecified) {
    f.close_level = e.to_level;
  }
  if (e.to_state != CaseState::kUnspecified) f.state = e.to_state;
  if (e.to_level != Level::kUnspecified) {
    f.level = e.to_level;
    if (static_cast<int>(e.to_level) > static_cast<int>(f.max_level)) f.max_level = e.to_level;
  }
}

FoldedEvent fold_event(CaseFacts& facts, const Event& e) {
  FoldedEvent out;
  const FigureKey before_key = facts.key;
  const FigureCounts before = counts_of(facts);
  const std::string before_text = encode_facts(facts);
  fold(facts, e);
  out.after = counts_of(facts);
  if (before_key == facts.key) {
    FigureCounts delta = out.after;
    delta -= before;
    if (!delta.zero()) out.cell_deltas.emplace_back(facts.key, delta);
  } else {
    if (!before.zero()) {
      FigureCounts minus;
      minus -= before;
      out.cell_deltas.emplace_back(before_key, minus);
    }
    if (!out.after.zero()) out.cell_deltas.emplace_back(facts.key, out.after);
  }
  out.facts_changed = encode_facts(facts) != before_text;
  return out;
}

FigureCounts counts_of(const CaseFacts& f) {
  FigureCounts c;
  if (!f.created || (f.hotline & kFactReturned) != 0) return c;
  const bool closed = f.state == CaseState::kClosed;
  const bool rejected = f.state == CaseState::kNotAccepted;
  const bool merged = f.state == CaseState::kMerged;
  auto b = [](bool x) -> std::int64_t { return x ? 1 : 0; };
  c[F::kReceived] = 1;
  c[F::kAccepted] = b(f.accepted);
  c[F::kNotAccepted] = b(rejected);
  c[F::kMerged] = b(merged);
  c[F::kOpen] = b(!closed && !rejected && !merged);
  c[F::kClosed] = b(closed);
  c[F::kOverdue] = b(f.overdue);
  c[F::kDue] = b(closed || (f.overdue && !rejected && !merged));
  c[F::kClosedOnTime] = b(closed && !f.overdue);
  c[F::kReopened] = b(f.reopens > 0);
  c[F::kReopenTimes] = f.reopens;
  c[F::kExtended] = b(f.extensions > 0);
  c[F::kExtensionTimes] = f.extensions;
  const int escalations = f.escalations[0] + f.escalations[1] + f.escalations[2] + f.escalations[3];
  c[F::kEscalated] = b(escalations > 0);
  c[F::kEscalationsManual] = f.escalations[static_cast<int>(EscalationReason::kManual)];
  c[F::kEscalationsDeadline] = f.escalations[static_cast<int>(EscalationReason::kDeadline)];
  c[F::kEscalationsRisk] = f.escalations[static_cast<int>(EscalationReason::kRisk)];
  if (escalations > 0) {
    c[F::kTopCommunity] = b(f.max_level == Level::kCommunity);
    c[F::kTopSubDistrict] = b(f.max_level == Level::kSubDistrict);
    c[F::kTopDistrict] = b(f.max_level == Level::kDistrict);
  }
  c[F::kUrged] = b(f.urges > 0);
  c[F::kUrgeTimes] = f.urges;
  if (closed) {
    c[F::kClosedAtGrid] = b(f.close_level == Level::kGrid);
    c[F::kClosedAtCommunity] = b(f.close_level == Level::kCommunity);
    c[F::kClosedAtSubDistrict] = b(f.close_level == Level::kSubDistrict);
    c[F::kClosedAtDistrict] = b(f.close_level == Level::kDistrict);
  }
  const bool visit = f.key.channel == Channel::kWalkIn;
  c[F::kVisitBatches] = b(visit);
  c[F::kVisitPersons] = visit ? f.visitors : 0;
  const bool online = f.key.channel == Channel::kOnline || f.key.channel == Channel::kHotline;
  c[F::kOnlineAssigned] = b(online);
  c[F::kOnlineHandled] = b(online && closed);
  c[F::kDisputesResolved] =
      b(f.key.kind == CaseKind::kDispute && closed &&
        (f.outcome == Outcome::kResolved || f.outcome == Outcome::kAgreement));
  c[F::kAgreementsNotPerformed] = b(f.key.kind == CaseKind::kDispute && f.not_performed > 0);
  if (f.key.kind == CaseKind::kHotline) {
    c[F::kHotlineOrders] = 1;
    const bool answered = (f.hotline & kFactOrder) != 0 ? (f.hotline & kFactResponded) != 0 : f.accepted;
    c[F::kHotlineResponded] = b(answered && !f.response_late);
    if (f.callback > 0 && !f.appeal_upheld) {
      c[F::kHotlineCallbacks] = 1;
      c[F::kHotlineSolved] = b(((f.callback - 1) & 1) != 0);
      c[F::kHotlineSatisfied] = b(((f.callback - 1) & 2) != 0);
    }
  }
  c[F::kWhistled] = b(f.whistle_calls > 0);
  c[F::kWhistleCalls] = f.whistle_calls;
  c[F::kWhistleCheckIns] = f.check_ins;
  c[F::kWhistleCheckInsLate] = f.check_ins_late;
  c[F::kWhistleRatings] = f.ratings;
  c[F::kWhistleRatingsGood] = f.ratings_good;
  c[F::kWhistleRatingPoints] = f.rating_points;
  return c;
}

// Fields separated by '|'; the category last, since it is free text (codes have no '|' but
// nothing downstream relies on that).
std::string encode_facts(const CaseFacts& f) {
  std::string out = "f4";
  auto put = [&](std::int64_t v) {
    out += '|';
    out += std::to_string(v);
  };
  put(f.case_id);
  put(f.created ? 1 : 0);
  put(f.key.unit);
  put(f.key.day);
  put(static_cast<int>(f.key.kind));
  put(static_cast<int>(f.key.channel));
  put(static_cast<int>(f.state));
  put(static_cast<int>(f.level));
  put(static_cast<int>(f.max_level));
  put(static_cast<int>(f.close_level));
  put(static_cast<int>(f.outcome));
  put(f.accepted ? 1 : 0);
  put(f.overdue ? 1 : 0);
  put(f.response_late ? 1 : 0);
  put(f.reopens);
  put(f.extensions);
  put(f.urges);
  for (int n : f.escalations) put(n);
  put(f.visitors);
  put(f.callback);
  put(f.appeal_upheld ? 1 : 0);
  put(f.hotline);
  put(f.whistle_calls);
  put(f.check_ins);
  put(f.check_ins_late);
  put(f.ratings);
  put(f.ratings_good);
  put(f.rating_points);
  put(f.not_performed);
  out += '|';
  out += f.key.category;
  return out;
}

bool decode_facts(std::string_view text, CaseFacts& f) {
  // "f1" was written before hotline orders had facts of their own (one number fewer), "f2"
  // before whistles had (six fewer), "f3" before agreements not performed were counted (one fewer).
  const std::string_view version = text.substr(0, 3);
  const int numbers = version == "f1|" ? 24 : version == "f2|" ? 25 : version == "f3|" ? 31 : version == "f4|" ? 32 : 0;
  if (numbers == 0) return false;
  std::size_t at = 3;
  std::int64_t n[32] = {};
  for (int i = 0; i < numbers; ++i) {
    const std::size_t bar = text.find('|', at);
    if (bar == std::string_view::npos) return false;
    std::string field(text.substr(at, bar - at));
    char* end = nullptr;
    n[i] = std::strtoll(field.c_str(), &end, 10);
    if (field.empty() || *end != '\0') return false;
    at = bar + 1;
  }
  CaseFacts out;
  int i = 0;
  out.case_id = n[i++];
  out.created = n[i++] != 0;
  out.key.unit = n[i++];
  out.key.day = static_cast<int>(n[i++]);
  out.key.kind = static_cast<CaseKind>(n[i++]);
  out.key.channel = static_cast<Channel>(n[i++]);
  out.state = static_cast<CaseState>(n[i++]);
  out.level = static_cast<Level>(n[i++]);
  out.max_level = static_cast<Level>(n[i++]);
  out.close_level = static_cast<Level>(n[i++]);
  out.outcome = static_cast<Outcome>(n[i++]);
  out.accepted = n[i++] != 0;
  out.overdue = n[i++] != 0;
  out.response_late = n[i++] != 0;
  out.reopens = static_cast<int>(n[i++]);
  out.extensions = static_cast<int>(n[i++]);
  out.urges = static_cast<int>(n[i++]);
  for (int& e : out.escalations) e = static_cast<int>(n[i++]);
  out.visitors = static_cast<int>(n[i++]);
  out.callback = static_cast<int>(n[i++]);
  out.appeal_upheld = n[i++] != 0;
  out.hotline = static_cast<int>(n[i++]);
  out.whistle_calls = static_cast<int>(n[i++]);
  out.check_ins = static_cast<int>(n[i++]);
  out.check_ins_late = static_cast<int>(n[i++]);
  out.ratings = static_cast<int>(n[i++]);
  out.ratings_good = static_cast<int>(n[i++]);
  out.rating_points = static_cast<int>(n[i++]);
  out.not_performed = static_cast<int>(n[i++]);
  out.key.category = std::string(text.substr(at));
  f = std::move(out);
  return true;
}

Result<std::map<FigureKey, FigureCounts>> recount_figures(ReadView& view) {
  std::map<CaseId, CaseFacts> facts;
  Seq from = 1;
  constexpr int kBatch = 5000;
  for (;;) {
    auto events = view.events_since(from, kBatch);
    if (!events) return events.status();
    for (const Event& e : *events) fold(facts[e.case_id], e);
    if (static_cast<int>(events->size()) < kBatch) break;
    from = events->back().seq + 1;
  }
  std::map<FigureKey, FigureCounts> cells;
  for (const auto& [id, f] : facts) {
    if (!f.created) continue;
    cells[f.key] += counts_of(f);
  }
  return cells;
}

std::vector<FigureRow> group_rows(const std::map<FigureKey, FigureCounts>& cells,
                                  const FigureRowQuery& q) {
  std::map<FigureKey, FigureCounts> grouped;
  for (UnitId unit : q.units) {
    for (auto it = cells.lower_bound(FigureKey{unit, q.from_day, CaseKind::kUnspecified, "", Channel::kUnspecified});
         it != cells.end() && it->first.unit == unit && it->first.day < q.to_day; ++it) {
      FigureKey k;
      if (q.by_unit) k.unit = unit;
      if (q.by_day) k.day = q.monthly ? period_start(it->first.day, Period::kMonth) : it->first.day;
      if (q.by_kind) k.kind = it->first.kind;
      if (q.by_category) k.category = it->first.category;
      if (q.by_channel) k.channel = it->first.channel;
      grouped[k] += it->second;
    }
  }
  std::vector<FigureRow> out;
  for (auto& [k, c] : grouped) out.push_back({k, c});
  return out;
}

// ---- Rankings --------------------------------------------------------------------------------

Result<std::map<RateKind, double>> parse_weights(std::string_view text) {
  std::map<RateKind, double> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t comma = text.find(',', at);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(at, comma - at);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      if (eq == std::string_view::npos) {
        return Status(reason::BAD_WEIGHTS, "expected rate=weight, got " + std::string(item));
      }
      auto r = parse_rate(item.substr(0, eq));
      if (!r) return Status(reason::BAD_WEIGHTS, "no rate " + std::string(item.substr(0, eq)));
      std::string number(item.substr(eq + 1));
      char* end = nullptr;
      const double w = std::strtod(number.c_str(), &end);
      if (number.empty() || *end != '\0' || !(w >= 0) || w > 1000) {
        return Status(reason::BAD_WEIGHTS, "bad weight " + number);
      }
      out[*r] = w;
    }
    at = comma + 1;
  }
  return out;
}

std::optional<double> composite_score(const FigureCounts& counts, const RankingConfig& config) {
  double sum = 0, weights = 0;
  for (const auto& [r, w] : config.weights) {
    if (w <= 0) continue;
    const Ratio ratio = rate(counts, r);
    if (!ratio.defined()) continue;
    const double pct = 100.0 * ratio.value();
    sum += w * (info(r).lower_is_better ? 100.0 - pct : pct);
    weights += w;
  }
  if (weights <= 0) return std::nullopt;
  return sum / weights;
}

std::vector<RankEntry> rank_units(const std::vector<std::pair<UnitId, FigureCounts>>& units,
                                  const RankingConfig& config) {
  std::vector<RankEntry> out;
  for (const auto& [unit, counts] : units) {
    RankEntry e;
    e.unit = unit;
    e.counts = counts;
    e.score = composite_score(counts, config);
    if (e.score) {
      e.colour = *e.score >= config.green_min    ? Colour::kGreen
                 : *e.score >= config.yellow_min ? Colour::kYellow
                                                 : Colour::kRed;
    }
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const RankEntry& a, const RankEntry& b) {
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    if (a.score && *a.score != *b.score) return *a.score > *b.score;
    return a.unit < b.unit;
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].score) out[i].rank = static_cast<int>(i) + 1;
  }
  return out;
}

// ---- 双考核 ---------------------------------------------------------------------------------

std::map<UnitId, FigureCounts> department_figures(const std::vector<Case>& cases) {
  std::map<UnitId, FigureCounts> out;
  for (const Case& c : cases) {
    for (const WhistleCall& call : c.whistle.calls) {
      FigureCounts& d = out[call.department_id];
      d[F::kWhistled] += 1;  // one call per department and case
      d[F::kWhistleCalls] += 1;
      if (call.checked_in_at != 0) {
        d[F::kWhistleCheckIns] += 1;
        if (call.late) d[F::kWhistleCheckInsLate] += 1;
      }
      if (call.rating >= 1 && call.rating <= kMaxRating) {
        d[F::kWhistleRatings] += 1;
        if (call.rating >= 4) d[F::kWhistleRatingsGood] += 1;
        d[F::kWhistleRatingPoints] += call.rating;
      }
    }
  }
  return out;
}

// ---- Work summary ----------------------------------------------------------------------------

std::string work_summary(const std::string& unit_name, const std::string& period_label,
                         const FigureCounts& c) {
  auto n = [](std::int64_t v) { return std::to_string(v); };
  std::string s = period_label + "，" + unit_name + "共受理各类事项" + n(c[F::kReceived]) + "件";
  if (c[F::kReceived] == 0) return s + "。";
  // The denominator of the closure rate is named, so that a reader does not divide by the
  // cases received.
  if (c[F::kDue] > 0) s += "，应结案" + n(c[F::kDue]) + "件";
  s += "，已结案" + n(c[F::kClosed]) + "件";
  const Ratio closure = rate(c, RateKind::kClosure);
  const Ratio on_time = rate(c, RateKind::kOnTime);
  if (closure.defined()) s += "，结案率" + format_percent(closure);
  if (on_time.defined()) s += "，按期结案率" + format_percent(on_time);
  std::vector<std::string> work;
  if (c[F::kVisitBatches] > 0) {
    work.push_back("接待来访群众" + n(c[F::kVisitBatches]) + "批" + n(c[F::kVisitPersons]) + "人次");
  }
  if (c[F::kOnlineAssigned] > 0) work.push_back("办理网上交办件" + n(c[F::kOnlineHandled]) + "件");
  if (c[F::kDisputesResolved] > 0) work.push_back("化解矛盾" + n(c[F::kDisputesResolved]) + "起");
  if (!work.empty()) {
    s += "；";
    for (std::size_t i = 0; i < work.size(); ++i) s += (i ? "，" : "") + work[i];
  }
  const Ratio grid = rate(c, RateKind::kGridLevel);
  const Ratio community = rate(c, RateKind::kCommunityLevel);
  if (grid.defined()) {
    s += "；" + format_percent(grid) + "的事项在网格内办结，" + format_percent(community) +
         "在社区及以下办结";
  }
  std::vector<std::string> watch;
  if (c[F::kEscalated] > 0) watch.push_back("上报" + n(c[F::kEscalated]) + "件");
  if (c[F::kUrgeTimes] > 0) watch.push_back("督办" + n(c[F::kUrgeTimes]) + "次");
  if (c[F::kReopened] > 0) watch.push_back("返工" + n(c[F::kReopened]) + "件");
  if (c[F::kOverdue] > 0) watch.push_back("超期" + n(c[F::kOverdue]) + "件");
  if (!watch.empty()) {
    s += "；";
    for (std::size_t i = 0; i < watch.size(); ++i) s += (i ? "，" : "") + watch[i];
  }
  return s + "。";
}

}  // namespace gridcase
