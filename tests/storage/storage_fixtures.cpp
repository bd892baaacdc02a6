#include "storage_fixtures.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "gridcase/hazard.hpp"
#include "gridcase/hotline.hpp"
#include "gridcase/mediation.hpp"
#include "gridcase/petition.hpp"
#include "gridcase/storage/fault_vfs.hpp"
#include "gridcase/whistle.hpp"

namespace gridcase::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "gridcase-storage-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string copy_as_crashed(const TempDir& dir, const std::string& path) {
  const std::string copy = dir.file("crashed.db");
  std::filesystem::copy_file(path, copy);
  if (std::filesystem::exists(path + "-wal")) std::filesystem::copy_file(path + "-wal", copy + "-wal");
  return copy;
}

DisarmOnExit::~DisarmOnExit() { storage::fault_vfs::disarm(); }

std::unique_ptr<storage::SqliteRepository> open_sqlite(const std::string& path,
                                                       storage::SqliteOptions options) {
  auto opened = storage::SqliteRepository::open(path, options);
  if (!opened.is_ok()) throw std::runtime_error("open failed: " + opened.status().to_string());
  return std::move(opened).value();
}

SqliteStore::SqliteStore() : sqlite(open_sqlite(dir.file("contract.db"))) {}


std::unique_ptr<storage::PgRepository> open_pg(const std::string& conninfo, storage::PgOptions options) {
  auto opened = storage::PgRepository::open(conninfo, options);
  if (!opened.is_ok()) throw std::runtime_error("open failed: " + opened.status().to_string());
  return std::move(opened).value();
}

PgStore::PgStore() : pg(open_pg(database.conninfo())) {}

CaseClock sample_clock() {
  CaseClock k;
  k.kind = ClockKind::kResolve;
  k.unit = BudgetUnit::kCalendarDays;
  k.base_budget_ms = 30 * 86400000LL;
  k.budget_ms = 32 * 86400000LL;
  k.starts_on = Action::kAccept;
  k.stops_on = Action::kResolve;
  k.warn_percent = 80;
  k.on_expiry = ExpiryAction::kEscalate;
  k.run = ClockRun::kRunning;
  k.used_ms = 3600000;
  k.since = 1764000100000;
  k.started_at = 1764000000123;
  k.warn_at = 1766000000000;
  k.deadline = 1766764800000;
  k.provisional = true;
  k.colour = Colour::kYellow;
  k.extensions = 1;
  return k;
}

Case sample_case(const std::string& number) {
  Case c;
  c.number = number;
  c.kind = CaseKind::kDispute;
  c.category_code = "DSP.NEIGHBOR.LEAK";
  c.channel = Channel::kPatrol;
  c.title = "三楼漏水严重";
  c.description = "楼上302室卫生间漏水，\n楼下202室天花板\"发霉\"；住户多次协商未果。";
  c.location.unit_id = 41;
  c.location.address = "幸福路8号3栋2单元";
  c.location.has_coordinates = true;
  c.location.lat = 30.572815512345678;
  c.location.lon = 104.066801;
  c.parties = {
      {"张伟", "13800138000", "510103199001011234", PartyRole::kApplicant, false},
      {"李娜", "13900139000", "", PartyRole::kRespondent, true},
  };
  c.priority = Priority::kHigh;
  c.level = Level::kCommunity;
  c.handling_unit_id = 31;
  c.assignee_user_id = 7;
  c.leader_user_id = 3;
  c.reporter_user_id = 9;
  c.state = CaseState::kSuspended;
  c.state_before_suspend = CaseState::kInProgress;
  c.outcome = Outcome::kAgreement;
  c.merged_into = 0;
  c.reopen_count = 2;
  c.urge_count = 5;
  c.clocks = {sample_clock(), sample_clock()};
  c.clocks[1].kind = ClockKind::kReturnWindow;
  c.clocks[1].unit = BudgetUnit::kWorkingDays;
  c.clocks[1].run = ClockRun::kStopped;
  c.clocks[1].stops_on = Action::kDispatch;
  c.clocks[1].colour = Colour::kGreen;
  c.clocks[1].provisional = false;
  c.policy_id = 5;
  c.policy_version = 3;
  c.next_due = 1764003600000;
  c.colour = Colour::kYellow;
  c.extension_clock = ClockKind::kResolve;
  c.extension_ms = 2 * 86400000LL;
  c.extension_requested_by = 7;
  c.complained_unit_id = 23;
  c.version = 11;
  c.created_at = 1764000000123;
  c.updated_at = 1764000999456;
  return c;
}

Event sample_event(CaseId case_id, const std::string& number) {
  Event e;
  e.case_id = case_id;
  e.case_number = number;
  e.actor_id = 7;
  e.at = 1764000000999;
  e.action = Action::kEscalate;
  e.from_state = CaseState::kAccepted;
  e.to_state = CaseState::kInProgress;
  e.from_level = Level::kGrid;
  e.to_level = Level::kCommunity;
  e.reason = "网格无法处置：需社区协调";
  e.details = {{"to_unit", "31"}, {"note", "说明：\"紧急\"\n第二行\t\\结束"}};
  e.case_version = 4;
  e.case_kind = CaseKind::kDispute;
  e.handling_unit_id = 31;
  e.location_unit_id = 41;
  return e;
}

Status write(Repository& repo, std::function<Status(WriteView&)> fn) {
  return repo.write_sync(std::move(fn));
}

CaseId insert_case(Repository& repo, Case c) {
  CaseId id = 0;
  Status s = repo.write_sync([&](WriteView& w) -> Status {
    auto r = w.insert_case(c);
    if (!r.is_ok()) return r.status();
    id = *r;
    return Status::ok();
  });
  if (!s.is_ok()) throw std::runtime_error("insert_case failed: " + s.to_string());
  return id;
}

Status read_status(Repository& repo, const std::function<Status(ReadView&)>& fn) {
  return repo.read(fn);
}

std::vector<CaseId> ids_of(const std::vector<Case>& cases) {
  std::vector<CaseId> ids;
  for (const Case& c : cases) ids.push_back(c.id);
  return ids;
}

std::vector<Seq> seqs_of(const std::vector<Event>& events) {
  std::vector<Seq> seqs;
  for (const Event& e : events) seqs.push_back(e.seq);
  return seqs;
}

namespace {

// "name=value " pairs; strings quoted so that empty and trailing-space values show.
class Dumper {
 public:
  template <typename T>
  Dumper& f(const char* name, const T& value) {
    out_ << name << '=' << value << ' ';
    return *this;
  }
  Dumper& s(const char* name, const std::string& value) {
    out_ << name << "=[" << value << "] ";
    return *this;
  }
  Dumper& e(const char* name, int value) { return f(name, value); }
  Dumper& d(const char* name, double value) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    return f(name, buf);
  }
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

template <typename E>
int n(E value) {
  return static_cast<int>(value);
}

}  // namespace

// dump(Case) names every field by hand, and every round-trip check compares dumps: a field it
// does not name would escape them all. So the build counts the fields of Case and of each struct
// it holds (how many values brace-initialise it) and stops when a count changes.
//
// When one of these fires: add the new field to dump(Case) below (or to dump(CaseClock) for
// CaseClock), give it a value other than the default in sample_case() so that the round trips
// see it, and only then raise the count here to the struct's new number of fields.
namespace field_count {
struct AnyValue {
  template <class T>
  operator T() const;  // never defined: used only in unevaluated contexts
};
template <class T, class Seq, class = void>
struct InitialisesWith : std::false_type {};
template <class T, std::size_t... I>
struct InitialisesWith<T, std::index_sequence<I...>, std::void_t<decltype(T{(void(I), AnyValue{})...})>>
    : std::true_type {};
// The number of fields of the aggregate T.
template <class T, std::size_t N = 0>
constexpr std::size_t of() {
  if constexpr (!InitialisesWith<T, std::make_index_sequence<N + 1>>::value) {
    return N;
  } else {
    return of<T, N + 1>();
  }
}
}  // namespace field_count

#define GRIDCASE_DUMPED_FIELDS(Type, n)                                                      \
  static_assert(field_count::of<Type>() == (n),                                              \
                #Type " gained or lost a field: name it in dump() (storage_fixtures.cpp) and " \
                "set it in sample_case(), then update this count")
GRIDCASE_DUMPED_FIELDS(Case, 38);
GRIDCASE_DUMPED_FIELDS(Location, 5);
GRIDCASE_DUMPED_FIELDS(CaseParty, 5);
GRIDCASE_DUMPED_FIELDS(CaseClock, 17);
GRIDCASE_DUMPED_FIELDS(Mediation, 13);
GRIDCASE_DUMPED_FIELDS(NonPerformance, 5);
GRIDCASE_DUMPED_FIELDS(PartyDetails, 3);
GRIDCASE_DUMPED_FIELDS(MediationSession, 6);
GRIDCASE_DUMPED_FIELDS(Agreement, 14);
GRIDCASE_DUMPED_FIELDS(AgreementTerm, 3);
GRIDCASE_DUMPED_FIELDS(FollowUp, 4);
GRIDCASE_DUMPED_FIELDS(Petition, 12);
GRIDCASE_DUMPED_FIELDS(PetitionIntake, 6);
GRIDCASE_DUMPED_FIELDS(PetitionNotice, 4);
GRIDCASE_DUMPED_FIELDS(HotlineOrder, 23);
GRIDCASE_DUMPED_FIELDS(HotlineIntake, 3);
GRIDCASE_DUMPED_FIELDS(Hazard, 9);
GRIDCASE_DUMPED_FIELDS(ResponsibleParty, 3);
GRIDCASE_DUMPED_FIELDS(Rectification, 4);
GRIDCASE_DUMPED_FIELDS(Reinspection, 5);
GRIDCASE_DUMPED_FIELDS(Whistle, 1);
GRIDCASE_DUMPED_FIELDS(WhistleCall, 11);
#undef GRIDCASE_DUMPED_FIELDS

std::string dump(const Case& c) {
  Dumper d;
  d.f("id", c.id).s("number", c.number).e("kind", n(c.kind)).s("category", c.category_code)
      .e("channel", n(c.channel)).s("title", c.title).s("description", c.description)
      .f("loc.unit", c.location.unit_id).s("loc.address", c.location.address)
      .f("loc.has_coordinates", c.location.has_coordinates).d("loc.lat", c.location.lat)
      .d("loc.lon", c.location.lon);
  for (const CaseParty& p : c.parties) {
    d.s("party.name", p.name).s("party.phone", p.phone).s("party.id", p.id_number)
        .e("party.role", n(p.role)).f("party.confidential", p.confidential);
  }
  d.e("priority", n(c.priority)).e("level", n(c.level)).f("handling", c.handling_unit_id)
      .f("assignee", c.assignee_user_id).f("leader", c.leader_user_id)
      .f("reporter", c.reporter_user_id).e("state", n(c.state))
      .e("state_before_suspend", n(c.state_before_suspend)).e("outcome", n(c.outcome))
      .f("merged_into", c.merged_into).f("reopen", c.reopen_count).f("urge", c.urge_count)
      .f("version", c.version).f("created", c.created_at).f("updated", c.updated_at);
  for (const CaseClock& k : c.clocks) d.f("clock", dump(k));
  d.f("clocks", c.clocks.size()).f("policy", c.policy_id).f("policy_version", c.policy_version)
      .f("next_due", c.next_due).e("colour", n(c.colour))
      .e("extension_clock", n(c.extension_clock)).f("extension_ms", c.extension_ms)
      .f("extension_by", c.extension_requested_by).f("complained_unit", c.complained_unit_id);
  const Mediation& m = c.mediation;
  d.f("med.committee", m.committee_unit_id).f("med.chosen", m.chosen_by_parties);
  for (UserId u : m.mediators) d.f("med.mediator", u);
  for (Consent x : m.consents) d.e("med.consent", n(x));
  for (const auto& s : m.sessions) {
    d.e("ses.kind", n(s.kind)).f("ses.at", s.at).s("ses.place", s.place).s("ses.record", s.record)
        .f("ses.by", s.recorded_by).f("ses.attendees", s.attendees.size());
    for (const auto& a : s.attendees) d.s("ses.attendee", a);
  }
  const Agreement& a = m.agreement;
  d.f("med.has_agreement", m.has_agreement).s("ag.parties", a.parties_info).s("ag.facts", a.facts)
      .s("ag.disputed", a.disputed_points).s("ag.resp", a.responsibilities);
  for (const auto& t : a.terms) d.s("term.content", t.content).s("term.how", t.performance).f("term.due", t.due_at);
  for (SignMark k : a.party_marks) d.e("ag.mark", n(k));
  for (const auto& x : a.party_details) d.s("ag.ethnicity", x.ethnicity).s("ag.occupation", x.occupation).s("ag.address", x.address);
  for (TimeMs t : a.party_signed_at) d.f("ag.signed_at", t);
  d.f("ag.mediator_signed_at", a.mediator_signed_at);
  d.f("ag.mediator_signed", a.mediator_signed).f("ag.sealed", a.committee_sealed)
      .f("ag.signer", a.signing_mediator).f("ag.drafted", a.drafted_at).f("ag.effective", a.effective_at);
  for (const auto& f : m.follow_ups) d.f("fu.at", f.at).f("fu.performed", f.performed).s("fu.note", f.note).f("fu.by", f.by);
  d.e("med.referral", n(m.referral)).s("med.referral_note", m.referral_note).f("med.risk", m.risk)
      .f("med.police", m.police_notified);
  for (const auto& x : m.not_performed) {
    d.f("np.at", x.at).f("np.by", x.by).s("np.note", x.note).f("np.remediate", x.remediate).e("np.referral", n(x.referral));
  }
  const Petition& p = c.petition;
  d.s("pet.matter", p.intake.matter).e("pet.received", n(p.intake.received_level))
      .e("pet.competent", n(p.intake.competent_level)).e("pet.route", n(p.intake.legal_route))
      .f("pet.persons", p.intake.persons);
  for (int r : p.intake.representatives) d.f("pet.rep", r);
  d.e("pet.over", n(p.accepted_over)).e("pet.not_accepted", n(p.not_accepted_rule))
      .e("pet.decision", n(p.decision)).s("pet.basis", p.decision_basis)
      .e("pet.review", n(p.review_decision)).s("pet.review_basis", p.review_basis)
      .e("pet.re_review", n(p.re_review_decision)).s("pet.re_review_basis", p.re_review_basis)
      .f("pet.concluded", p.concluded).s("pet.extension_reason", p.extension_reason);
  for (const auto& x : p.notices) d.e("notice.kind", n(x.kind)).f("notice.at", x.at).e("notice.rule", n(x.rule)).s("notice.text", x.text);
  const HotlineOrder& h = c.hotline;
  d.s("hot.order_no", h.intake.order_no).f("hot.class", static_cast<int>(h.intake.deadline_class))
      .f("hot.dispatched", h.intake.dispatched_at).f("hot.sub_district", h.sub_district_id)
      .s("hot.digest", h.intake_digest).f("hot.signed_at", h.signed_at).f("hot.signed_by", h.signed_by)
      .f("hot.contacted_at", h.contacted_at).f("hot.method", static_cast<int>(h.contact_method))
      .s("hot.contact_result", h.contact_result).f("hot.contacted_by", h.contacted_by)
      .f("hot.return_pending", h.return_pending).s("hot.return_reason", h.return_reason)
      .f("hot.return_unit", h.return_unit_id).f("hot.returned", h.returned)
      .f("hot.returns_rejected", h.returns_rejected).f("hot.replied_at", h.replied_at).s("hot.reply", h.reply)
      .f("hot.callbacks", h.callbacks).f("hot.callback_at", h.callback_at).f("hot.solved", h.solved)
      .f("hot.satisfied", h.satisfied).f("hot.appeal_pending", h.appeal_pending)
      .s("hot.appeal_reason", h.appeal_reason).f("hot.appeal_upheld", h.appeal_upheld);
  const Hazard& z = c.hazard;
  d.f("haz.inspection", z.inspection_id).s("haz.site", z.site).e("haz.severity", n(z.severity))
      .e("haz.resp.kind", n(z.responsible.kind)).s("haz.resp.name", z.responsible.name)
      .s("haz.resp.contact", z.responsible.contact).f("haz.days", z.deadline_days)
      .f("haz.awaiting", z.awaiting_reinspection).f("haz.failed", z.failed_reinspections);
  for (const auto& r : z.rectifications) {
    d.f("rect.at", r.at).s("rect.note", r.note).f("rect.by", r.by).f("rect.evidence", r.evidence.size());
    for (const auto& e : r.evidence) d.s("rect.ref", e);
  }
  for (const auto& r : z.reinspections) {
    d.f("re.at", r.at).f("re.passed", r.passed).s("re.note", r.note).f("re.days", r.deadline_days).f("re.by", r.by);
  }
  for (const auto& w : c.whistle.calls) {
    d.f("wh.dept", w.department_id).f("wh.at", w.whistled_at).f("wh.by_time", w.report_by)
        .f("wh.by", w.whistled_by).f("wh.in_at", w.checked_in_at).f("wh.in_by", w.checked_in_by)
        .f("wh.late", w.late).s("wh.contribution", w.contribution).f("wh.rating", w.rating)
        .s("wh.comment", w.rating_comment).f("wh.rated_by", w.rated_by);
  }
  return d.str();
}

std::string dump(const CaseClock& k) {
  Dumper d;
  d.e("kind", n(k.kind)).e("unit", n(k.unit)).f("base_budget", k.base_budget_ms)
      .f("budget", k.budget_ms).e("starts_on", n(k.starts_on)).e("stops_on", n(k.stops_on))
      .f("warn_percent", k.warn_percent).e("on_expiry", n(k.on_expiry)).e("run", n(k.run))
      .f("used", k.used_ms).f("since", k.since).f("started", k.started_at)
      .f("warn_at", k.warn_at).f("deadline", k.deadline).f("provisional", k.provisional)
      .e("colour", n(k.colour)).f("extensions", k.extensions);
  return "{" + d.str() + "}";
}

std::string dump(const DeadlinePolicy& p) {
  Dumper d;
  d.f("id", p.id).f("version", p.version).e("kind", n(p.kind)).s("category", p.category_code)
      .e("priority", n(p.priority));
  for (const ClockPolicy& c : p.clocks) {
    d.e("clock.kind", n(c.kind)).f("clock.amount", c.amount).e("clock.unit", n(c.unit))
        .e("clock.starts_on", n(c.starts_on)).e("clock.stops_on", n(c.stops_on))
        .f("clock.warn_percent", c.warn_percent).e("clock.on_expiry", n(c.on_expiry));
  }
  d.f("clocks", p.clocks.size()).s("basis", p.basis);
  return d.str();
}

std::string dump(const Event& e) {
  Dumper d;
  d.f("seq", e.seq).f("case", e.case_id).s("number", e.case_number).f("actor", e.actor_id)
      .f("at", e.at).e("action", n(e.action)).e("from_state", n(e.from_state))
      .e("to_state", n(e.to_state)).e("from_level", n(e.from_level))
      .e("to_level", n(e.to_level)).s("reason", e.reason);
  for (const auto& [key, value] : e.details) d.s(("detail." + key).c_str(), value);
  d.f("details", e.details.size()).f("version", e.case_version).e("kind", n(e.case_kind))
      .f("handling", e.handling_unit_id).f("location", e.location_unit_id);
  return d.str();
}

std::string dump(const User& u) {
  Dumper d;
  d.f("id", u.id).s("username", u.username).s("display", u.display_name).e("role", n(u.role))
      .f("scope", u.scope_unit_id).f("disabled", u.disabled).s("hash", u.password_hash)
      .f("demo", u.demo_password).f("changed", u.password_changed_at)
      .f("must_change", u.must_change_password);
  return d.str();
}

std::string dump(const OrgUnit& u) {
  Dumper d;
  d.f("id", u.id).f("parent", u.parent_id).e("type", n(u.type)).s("code", u.code)
      .s("name", u.name).s("prefix", u.case_prefix).f("retired", u.retired);
  return d.str();
}

std::string dump(const PartyPost& p) {
  Dumper d;
  d.f("id", p.id).f("unit", p.unit_id).e("kind", n(p.kind)).s("holder", p.holder_name)
      .f("holder_user", p.holder_user_id);
  return d.str();
}

std::string dump(const Category& c) {
  Dumper d;
  d.s("code", c.code).e("kind", n(c.kind)).s("parent", c.parent_code).s("name", c.name)
      .e("handler", n(c.default_handler)).s("evidence", c.evidence_required ? "required" : "no");
  return d.str();
}

std::string dump(const SessionRecord& s) {
  Dumper d;
  d.s("digest", s.token_digest).f("user", s.user_id).f("created", s.created_at)
      .f("expires", s.expires_at).f("revoked", s.revoked);
  return d.str();
}

std::string dump(const RequestRecord& r) {
  Dumper d;
  d.f("user", r.user_id).s("request", r.request_id).s("fingerprint", r.fingerprint)
      .f("case", r.case_id).f("version", r.version).f("at", r.at);
  return d.str();
}

std::string dump(const AuditEntry& a) {
  Dumper d;
  d.f("id", a.id).f("at", a.at).e("kind", n(a.kind)).f("actor", a.actor_id)
      .s("username", a.username).s("address", a.address).f("case", a.case_id)
      .s("detail", a.detail);
  return d.str();
}

}  // namespace gridcase::testing
