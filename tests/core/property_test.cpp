// Property companies (物业企业) and residents' forums (恳谈会): estates and the households a
// company serves, cases sent to a company, its figures and ranking against a hand-counted
// fixture; forums, their opinions turned into cases or answered, their figures per community;
// and bad input refused with nothing changed.
#include "fixture.hpp"
#include "gridcase/property_service.hpp"

using namespace gridcase;
using testing::World;

namespace {

using A = Action;

struct Companies {
  World w;
  UnitId a = 0, b = 0, c = 0;  // 河畔物业 (under 河畔), 京汉物业 (under 京汉), 新城物业 (under the sub-district)

  Companies() {
    a = w.unit(w.hepan, UnitType::kPropertyCompany, "WY1", "河畔物业");
    b = w.unit(w.jinghan, UnitType::kPropertyCompany, "WY2", "京汉物业");
    c = w.unit(w.sub_district, UnitType::kPropertyCompany, "WY3", "新城物业");
  }

  Estate estate(UnitId company, UnitId community, const std::string& name, std::int64_t households) {
    NewEstate e{w.request_id(), company, community, name, households};
    auto r = w.engine.commands().add_estate(w.supervisor, e);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    return *r;
  }

  Case ok(UserId actor, CaseCommand cmd) {
    auto r = w.engine.commands().act_sync(actor, cmd);
    INFO(name(cmd.action) << ": " << r.status().to_string());
    REQUIRE(r.is_ok());
    return r->c;
  }
  CaseCommand step(A action, CaseId id) {
    CaseCommand cmd;
    cmd.action = action;
    cmd.request_id = w.request_id();
    cmd.case_id = id;
    cmd.reason = "理由";
    if (action == A::kResolve) cmd.outcome = Outcome::kResolved;
    return cmd;
  }
  Case send_to(UnitId company, CaseId id) {
    CaseCommand cmd = step(A::kDispatch, id);
    cmd.unit_id = company;
    return ok(w.supervisor, cmd);
  }
  Case order(const std::string& no, UnitId complained) {
    NewCase n = w.new_case(w.grid_a, CaseKind::kHotline, "HOT.PROPERTY.HEATING");
    n.channel = Channel::kHotline;
    n.title = "小区供暖不热";
    n.hotline.order_no = no;
    n.hotline.deadline_class = HotlineDeadlineClass::kNormal;
    n.hotline.dispatched_at = testing::kStart - 3600 * 1000;
    n.complained_unit_id = complained;
    auto r = w.engine.commands().create_case_sync(w.clerk, n);
    INFO(r.status().to_string());
    REQUIRE(r.is_ok());
    ok(w.clerk, step(A::kAccept, r->c.id));
    return r->c;
  }
};

int march_1() { return day_from_date(2026, 3, 1); }
int april_1() { return day_from_date(2026, 4, 1); }

}  // namespace

TEST_CASE("a case is sent to a property company through the pipeline and its history shows it") {
  Companies f;
  Case c = f.w.create(f.w.supervisor, f.w.grid_a);
  f.ok(f.w.supervisor, f.step(A::kAccept, c.id));
  const auto runs = f.w.engine.mutations_run();
  Case sent = f.send_to(f.a, c.id);
  CHECK(f.w.engine.mutations_run() == runs + 1);
  CHECK(sent.handling_unit_id == f.a);
  auto detail = f.w.engine.queries().get_case(f.w.supervisor, c.id);
  REQUIRE(detail.is_ok());
  CHECK(detail->history.back().action == A::kDispatch);
  CHECK(detail->history.back().handling_unit_id == f.a);
}

TEST_CASE("company figures and ranking match a hand-counted fixture") {
  Companies f;
  f.estate(f.a, f.w.hepan, "河畔花园", 300);
  f.estate(f.a, f.w.hepan, "河畔名苑", 200);
  f.estate(f.b, f.w.jinghan, "京汉小区", 1000);

  // 河畔物业: four cases.
  // 1. an order about it, sent to it, signed, contacted, replied; callback solved and satisfied.
  Case o1 = f.order("12345-001", f.a);
  f.send_to(f.a, o1.id);
  CaseCommand sign = f.step(A::kSignOrder, o1.id);
  f.ok(f.w.community_handler, sign);
  CaseCommand contact = f.step(A::kFirstContact, o1.id);
  contact.hotline.method = ContactMethod::kPhone;
  contact.hotline.result = "已电话联系";
  f.ok(f.w.community_handler, contact);
  f.ok(f.w.community_handler, f.step(A::kReplyOrder, o1.id));
  CaseCommand cb = f.step(A::kRecordCallback, o1.id);
  cb.hotline.solved = true;
  cb.hotline.satisfied = true;
  f.ok(f.w.clerk, cb);
  // 2. an order sent to it, not yet signed for.
  Case o2 = f.order("12345-002", 0);
  f.send_to(f.a, o2.id);
  // 3. a complaint about it, only registered.
  NewCase n3 = f.w.new_case(f.w.grid_b);
  n3.complained_unit_id = f.a;
  REQUIRE(f.w.engine.commands().create_case_sync(f.w.supervisor, n3).is_ok());
  // 4. a case of 京汉 sent to it, resolved, reopened (返工), resolved and closed.
  Case c4 = f.w.create(f.w.supervisor, f.w.grid_c);
  f.ok(f.w.supervisor, f.step(A::kAccept, c4.id));
  f.send_to(f.a, c4.id);
  f.ok(f.w.supervisor, f.step(A::kResolve, c4.id));
  f.ok(f.w.supervisor, f.step(A::kReopen, c4.id));
  f.ok(f.w.supervisor, f.step(A::kResolve, c4.id));
  f.ok(f.w.supervisor, f.step(A::kClose, c4.id));
  // Not its: a case of 河畔 nobody sent anywhere.
  f.w.create(f.w.supervisor, f.w.grid_a);
  // 京汉物业: one complaint.
  NewCase n5 = f.w.new_case(f.w.grid_c);
  n5.complained_unit_id = f.b;
  REQUIRE(f.w.engine.commands().create_case_sync(f.w.supervisor, n5).is_ok());

  PropertyService service{f.w.engine, f.w.repo};
  auto fa = service.company_figures(f.w.supervisor, f.a, march_1(), april_1());
  INFO(fa.status().to_string());
  REQUIRE(fa.is_ok());
  CHECK(fa->households == 500);
  CHECK(fa->estates.size() == 2);
  CHECK(fa->cases == 4);
  REQUIRE(fa->per_1000.has_value());
  CHECK(*fa->per_1000 == Approx(8.0));
  CHECK(fa->response.numerator == 1);
  CHECK(fa->response.denominator == 2);
  CHECK(fa->resolution.numerator == 1);
  CHECK(fa->resolution.denominator == 1);
  CHECK(fa->satisfaction.numerator == 1);
  CHECK(fa->satisfaction.denominator == 1);
  CHECK(fa->rework.numerator == 1);
  CHECK(fa->rework.denominator == 2);
  // The phone of a party comes masked to a supervisor, as in every list.
  REQUIRE(fa->case_list.size() == 4);
  CHECK(fa->case_list[0].parties[0].phone != "13812341234");

  // The month before holds none of them.
  auto feb = service.company_figures(f.w.supervisor, f.a, day_from_date(2026, 2, 1), march_1());
  REQUIRE(feb.is_ok());
  CHECK(feb->cases == 0);

  // The sub-district's ranking: 京汉物业 1.0 per 1,000, 河畔物业 8.0, 新城物业 without estates last.
  auto ranking = service.company_ranking(f.w.supervisor, march_1(), april_1());
  REQUIRE(ranking.is_ok());
  REQUIRE(ranking->rows.size() == 3);
  CHECK(ranking->rows[0].company.id == f.b);
  CHECK(*ranking->rows[0].per_1000 == Approx(1.0));
  CHECK(ranking->rows[1].company.id == f.a);
  CHECK(ranking->rows[2].company.id == f.c);
  CHECK_FALSE(ranking->rows[2].per_1000.has_value());
  CHECK(ranking->rows[2].rank == 3);

  // 河畔's supervisor sees its own company and the sub-district's, not 京汉's.
  auto hepan = service.company_ranking(f.w.hepan_supervisor, march_1(), april_1());
  REQUIRE(hepan.is_ok());
  REQUIRE(hepan->rows.size() == 2);
  CHECK(hepan->rows[0].company.id == f.a);
  CHECK(hepan->rows[1].company.id == f.c);
  CHECK(service.company_figures(f.w.hepan_supervisor, f.b, march_1(), april_1()).status().reason() ==
        "NOT_A_PROPERTY_COMPANY");
}

TEST_CASE("bad estates are refused and nothing is stored") {
  Companies f;
  PropertyService service{f.w.engine, f.w.repo};
  auto count = [&] { return service.estates(f.w.supervisor, 0)->size(); };
  const auto before = count();
  auto& commands = f.w.engine.commands();
  // An unknown company, and a unit that is not one.
  CHECK(commands.add_estate(f.w.supervisor, NewEstate{f.w.request_id(), 9999, f.w.hepan, "某小区", 100})
            .status().reason() == "NOT_A_PROPERTY_COMPANY");
  CHECK(commands.add_estate(f.w.supervisor, NewEstate{f.w.request_id(), f.w.grid_a, f.w.hepan, "某小区", 100})
            .status().reason() == "NOT_A_PROPERTY_COMPANY");
  // An estate in a community outside the caller's scope.
  CHECK(commands.add_estate(f.w.hepan_supervisor, NewEstate{f.w.request_id(), f.c, f.w.jinghan, "京汉小区", 100})
            .status().reason() == "ESTATE_OUTSIDE_SCOPE");
  // No households, or a grid for a community.
  CHECK(commands.add_estate(f.w.supervisor, NewEstate{f.w.request_id(), f.a, f.w.hepan, "某小区", 0})
            .status().reason() == "BAD_ESTATE");
  CHECK(commands.add_estate(f.w.supervisor, NewEstate{f.w.request_id(), f.a, f.w.grid_a, "某小区", 10})
            .status().reason() == "ESTATE_OUTSIDE_SCOPE");
  // A grid worker may not.
  CHECK(commands.add_estate(f.w.worker_a, NewEstate{f.w.request_id(), f.a, f.w.hepan, "某小区", 10})
            .status().reason() == "ROLE_MAY_NOT");
  CHECK(count() == before);
  // The same name twice in one community.
  f.estate(f.a, f.w.hepan, "河畔花园", 300);
  CHECK(commands.add_estate(f.w.supervisor, NewEstate{f.w.request_id(), f.a, f.w.hepan, "河畔花园", 50})
            .status().reason() == "ESTATE_EXISTS");
  CHECK(count() == before + 1);
}

namespace {

Forum record(World& w, UnitId unit, int day, std::int64_t attendance, std::vector<std::string> opinions) {
  NewForum f;
  f.request_id = w.request_id();
  f.unit_id = unit;
  f.held_on = day;
  f.place = "社区党群服务中心";
  f.attendance = attendance;
  f.opinions = std::move(opinions);
  auto r = w.engine.commands().record_forum(w.supervisor, f);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return *r;
}

Result<Forum> to_case(World& w, const Forum& forum, int opinion, UnitId where) {
  OpinionCase oc;
  oc.forum_id = forum.id;
  oc.opinion = opinion;
  oc.c = w.new_case(where);
  return w.engine.commands().opinion_case(w.supervisor, oc);
}

}  // namespace

TEST_CASE("forum figures per community match a hand-counted fixture") {
  World w;
  Forum f1 = record(w, w.hepan, day_from_date(2026, 3, 10), 40, {"电梯经常停运", "路灯不亮", "希望增设充电桩"});
  Forum f2 = record(w, w.grid_a, day_from_date(2026, 3, 12), 15, {"垃圾清运不及时"});
  Forum f3 = record(w, w.jinghan, day_from_date(2026, 3, 14), 20, {"楼道堆物", "噪音扰民"});
  record(w, w.hepan, day_from_date(2026, 2, 20), 30, {"二月的意见"});

  auto r1 = to_case(w, f1, 1, w.grid_a);
  INFO(r1.status().to_string());
  REQUIRE(r1.is_ok());
  const CaseId c1 = r1->opinions[0].case_id;
  REQUIRE(c1 != 0);
  CHECK_FALSE(r1->opinions[0].case_number.empty());
  for (A a : {A::kAccept, A::kDispatch, A::kResolve, A::kClose}) w.act_ok(w.supervisor, a, c1);
  OpinionAnswer ans{w.request_id(), f1.id, 2, "已报修，三日内修复"};
  REQUIRE(w.engine.commands().answer_opinion(w.supervisor, ans).is_ok());
  REQUIRE(to_case(w, f2, 1, w.grid_a).is_ok());
  auto r3 = to_case(w, f3, 1, w.grid_c);
  REQUIRE(r3.is_ok());
  w.act_ok(w.supervisor, A::kReject, r3->opinions[0].case_id);

  // The case shows its forum.
  auto detail = w.engine.queries().get_case(w.supervisor, c1);
  REQUIRE(detail.is_ok());
  CHECK(detail->history.front().action == A::kCreate);
  CHECK(detail->history.front().details.at("forum_id") == std::to_string(f1.id));
  CHECK(detail->history.front().details.at("forum_opinion") == "1");

  PropertyService service{w.engine, w.repo};
  auto report = service.forum_figures(w.supervisor, w.sub_district, march_1(), april_1());
  INFO(report.status().to_string());
  REQUIRE(report.is_ok());
  CHECK(report->total.forums == 3);
  CHECK(report->total.attendance == 75);
  CHECK(report->total.opinions == 6);
  CHECK(report->total.answered == 1);
  CHECK(report->total.turned_into_cases == 3);
  CHECK(report->total.cases_closed == 1);
  CHECK(report->total.cases_open == 1);
  CHECK(report->total.cases_other == 1);
  REQUIRE(report->communities.size() == 2);
  const ForumFigures& hepan = report->communities[0];
  CHECK(report->community_units[0].id == w.hepan);
  CHECK(hepan.forums == 2);
  CHECK(hepan.opinions == 4);
  CHECK(hepan.answered == 1);
  CHECK(hepan.turned_into_cases == 2);
  CHECK(hepan.cases_closed == 1);
  CHECK(hepan.cases_open == 1);
  const ForumFigures& jinghan = report->communities[1];
  CHECK(jinghan.forums == 1);
  CHECK(jinghan.opinions == 2);
  CHECK(jinghan.turned_into_cases == 1);
  CHECK(jinghan.cases_other == 1);
}

TEST_CASE("bad forums and opinions are refused and nothing changes") {
  World w;
  auto& commands = w.engine.commands();
  NewForum bad;
  bad.request_id = w.request_id();
  bad.unit_id = w.hepan;
  bad.held_on = day_from_date(2026, 3, 10);
  bad.place = "社区活动室";
  bad.attendance = -5;
  CHECK(commands.record_forum(w.supervisor, bad).status().reason() == "BAD_FORUM");
  bad.attendance = 5;
  bad.held_on = day_from_date(2026, 3, 20);  // after today
  CHECK(commands.record_forum(w.supervisor, bad).status().reason() == "BAD_FORUM");
  bad.held_on = day_from_date(2026, 3, 10);
  bad.unit_id = w.jinghan;
  CHECK(commands.record_forum(w.hepan_supervisor, bad).status().reason() == "UNIT_NOT_FOUND");
  PropertyService service{w.engine, w.repo};
  CHECK(service.forums(w.supervisor, 0, 100)->empty());

  Forum f = record(w, w.hepan, day_from_date(2026, 3, 10), 40, {"电梯经常停运", "路灯不亮"});
  REQUIRE(to_case(w, f, 1, w.grid_a).is_ok());
  auto count_cases = [&] {
    auto by_state = w.engine.queries().count_cases_by_state();
    REQUIRE(by_state.is_ok());
    std::int64_t n = 0;
    for (const auto& [state, count] : *by_state) n += count;
    return n;
  };
  const auto cases = count_cases();
  // Turned into a case twice; answered after; an opinion it does not have; a case outside it.
  CHECK(to_case(w, f, 1, w.grid_a).status().reason() == "OPINION_HANDLED");
  CHECK(commands.answer_opinion(w.supervisor, OpinionAnswer{w.request_id(), f.id, 1, "答复"}).status().reason() ==
        "OPINION_HANDLED");
  CHECK(to_case(w, f, 3, w.grid_a).status().reason() == "OPINION_NOT_FOUND");
  CHECK(to_case(w, f, 2, w.grid_c).status().reason() == "BAD_LOCATION");
  CHECK(commands.answer_opinion(w.worker_b, OpinionAnswer{w.request_id(), 999, 1, "答复"}).status().reason() ==
        "FORUM_NOT_FOUND");
  CHECK(count_cases() == cases);
  auto stored = service.forum(w.supervisor, f.id);
  REQUIRE(stored.is_ok());
  CHECK(stored->opinions[1].case_id == 0);
  CHECK(stored->opinions[1].answered_at == 0);
  CHECK(stored->version == 2);
}
