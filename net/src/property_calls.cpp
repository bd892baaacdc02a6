#include "gridcase/net/property_calls.hpp"

#include "gridcase/net/convert.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/net/figures_convert.hpp"
#include "gridcase/property_service.hpp"

namespace gridcase::net {

namespace {

using F = v1::ClientFrame;

void to_proto(const Estate& in, v1::Estate* out) {
  out->set_id(in.id);
  out->set_company_id(in.company_id);
  out->set_community_id(in.community_id);
  out->set_name(in.name);
  out->set_households(in.households);
}

void to_proto(const Ratio& in, const char* code, v1::RateValue* out) {
  out->set_code(code);
  out->set_numerator(in.numerator);
  out->set_denominator(in.denominator);
}

void to_proto(const CompanyFigures& in, const AsOf& at, v1::CompanyFigures* out) {
  net::to_proto(in.company, out->mutable_company());
  for (const auto& e : in.estates) to_proto(e, out->add_estates());
  out->set_households(in.households);
  out->set_cases(in.cases);
  out->set_has_households(in.per_1000.has_value());
  out->set_per_1000(in.per_1000.value_or(0));
  to_proto(in.response, "hotline_response", out->mutable_response());
  to_proto(in.resolution, "hotline_solved", out->mutable_resolution());
  to_proto(in.satisfaction, "hotline_satisfied", out->mutable_satisfaction());
  to_proto(in.rework, "rework", out->mutable_rework());
  for (const auto& c : in.case_list) net::to_proto(c, at, out->add_cases_list());
  out->set_rank(in.rank);
  out->set_closed(in.counts[Figure::kClosed]);
  out->set_reopened(in.counts[Figure::kReopened]);
}

void to_proto(const Forum& in, v1::Forum* out) {
  out->set_id(in.id);
  out->set_unit_id(in.unit_id);
  out->set_held_on(format_day(in.held_on));
  out->set_place(in.place);
  out->set_attendance(in.attendance);
  out->set_note(in.note);
  for (const auto& o : in.opinions) {
    auto* p = out->add_opinions();
    p->set_text(o.text);
    p->set_answer(o.answer);
    p->set_answered_at(o.answered_at);
    p->set_case_id(o.case_id);
    p->set_case_number(o.case_number);
  }
  out->set_version(in.version);
  out->set_created_at(in.created_at);
}

void to_proto(const ForumFigures& in, const OrgTree& tree, v1::ForumFigures* out) {
  if (const OrgUnit* u = tree.find(in.unit_id)) net::to_proto(*u, out->mutable_unit());
  out->set_forums(in.forums);
  out->set_attendance(in.attendance);
  out->set_opinions(in.opinions);
  out->set_answered(in.answered);
  out->set_turned_into_cases(in.turned_into_cases);
  out->set_cases_closed(in.cases_closed);
  out->set_cases_open(in.cases_open);
  out->set_cases_other(in.cases_other);
}

v1::Reply fail(const Status& s) { return error_reply(0, s); }

}  // namespace

bool is_property_call(F::RequestCase kind) {
  switch (kind) {
    case F::kAddEstate:
    case F::kListEstates:
    case F::kGetCompanyFigures:
    case F::kGetCompanyRanking:
    case F::kRecordForum:
    case F::kListForums:
    case F::kHandleOpinion:
    case F::kGetForumFigures:
      return true;
    default:
      return false;
  }
}

v1::Reply property_call(Engine& engine, UserId actor, const v1::ClientFrame& frame) {
  PropertyService service(engine, engine.repository());
  v1::Reply reply;
  auto forums_reply = [&](const Result<Forum>& f) {
    if (!f) return fail(f.status());
    to_proto(*f, reply.mutable_forums()->add_forums());
    return reply;
  };
  switch (frame.request_case()) {
    case F::kAddEstate: {
      const auto& req = frame.add_estate();
      auto e = engine.commands().add_estate(
          actor, NewEstate{req.request_id(), req.company_id(), req.community_id(), req.name(), req.households()});
      if (!e) return fail(e.status());
      to_proto(*e, reply.mutable_estates()->add_estates());
      return reply;
    }
    case F::kListEstates: {
      auto companies = service.companies(actor);
      if (!companies) return fail(companies.status());
      auto estates = service.estates(actor, frame.list_estates().company_id());
      if (!estates) return fail(estates.status());
      for (const auto& c : *companies) net::to_proto(c, reply.mutable_estates()->add_companies());
      for (const auto& e : *estates) to_proto(e, reply.mutable_estates()->add_estates());
      return reply;
    }
    case F::kGetCompanyFigures:
    case F::kGetCompanyRanking: {
      const bool ranking = frame.request_case() == F::kGetCompanyRanking;
      const auto& req = ranking ? frame.get_company_ranking() : frame.get_company_figures();
      auto from = day_from_proto(req.from(), "from");
      if (!from) return fail(from.status());
      auto to = day_from_proto(req.to(), "to");
      if (!to) return fail(to.status());
      const AsOf at = AsOf::of(engine);
      if (!ranking) {
        auto f = service.company_figures(actor, req.company_id(), *from, *to);
        if (!f) return fail(f.status());
        to_proto(*f, at, reply.mutable_company_figures());
        return reply;
      }
      auto r = service.company_ranking(actor, *from, *to);
      if (!r) return fail(r.status());
      auto* out = reply.mutable_company_ranking();
      out->set_from(format_day(r->from_day));
      out->set_to(format_day(r->to_day));
      for (const auto& row : r->rows) to_proto(row, at, out->add_rows());
      return reply;
    }
    case F::kRecordForum: {
      const auto& req = frame.record_forum();
      auto day = day_from_proto(req.held_on(), "held_on");
      if (!day) return fail(day.status());
      NewForum f;
      f.request_id = req.request_id();
      f.unit_id = req.unit_id();
      f.held_on = *day;
      f.place = req.place();
      f.attendance = req.attendance();
      f.note = req.note();
      f.opinions.assign(req.opinions().begin(), req.opinions().end());
      return forums_reply(engine.commands().record_forum(actor, std::move(f)));
    }
    case F::kListForums: {
      const auto& req = frame.list_forums();
      if (req.forum_id() != 0) return forums_reply(service.forum(actor, req.forum_id()));
      auto found = service.forums(actor, req.unit_id(), req.limit());
      if (!found) return fail(found.status());
      for (const auto& f : *found) to_proto(f, reply.mutable_forums()->add_forums());
      return reply;
    }
    case F::kHandleOpinion: {
      const auto& req = frame.handle_opinion();
      if (!req.has_new_case()) {
        return forums_reply(engine.commands().answer_opinion(
            actor, OpinionAnswer{req.request_id(), req.forum_id(), req.opinion(), req.answer()}));
      }
      auto nc = from_proto(req.new_case());
      if (!nc) return fail(nc.status());
      OpinionCase oc;
      oc.forum_id = req.forum_id();
      oc.opinion = req.opinion();
      oc.c = std::move(*nc);
      oc.c.request_id = req.request_id();
      return forums_reply(engine.commands().opinion_case(actor, std::move(oc)));
    }
    case F::kGetForumFigures: {
      const auto& req = frame.get_forum_figures();
      auto from = day_from_proto(req.from(), "from");
      if (!from) return fail(from.status());
      auto to = day_from_proto(req.to(), "to");
      if (!to) return fail(to.status());
      auto r = service.forum_figures(actor, req.unit_id(), *from, *to);
      if (!r) return fail(r.status());
      auto tree = engine.tree();
      to_proto(r->total, *tree, reply.mutable_forum_figures()->mutable_total());
      for (const auto& c : r->communities) to_proto(c, *tree, reply.mutable_forum_figures()->add_communities());
      return reply;
    }
    default:
      return fail(Status(reason::UNKNOWN_REQUEST, "not a property call"));
  }
}

}  // namespace gridcase::net
