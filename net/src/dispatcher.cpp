#include "gridcase/net/dispatcher.hpp"

#include <chrono>
#include <exception>

#include "gridcase/log.hpp"
#include "gridcase/net/action_frames.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/evidence_calls.hpp"
#include "gridcase/net/property_calls.hpp"
#include "gridcase/net/project_calls.hpp"
#include "gridcase/net/event_stream.hpp"
#include "gridcase/net/figures_convert.hpp"
#include "gridcase/net/hazard_whistle_convert.hpp"
#include "gridcase/net/metrics.hpp"
#include "gridcase/net/warning_convert.hpp"

namespace gridcase::net {
namespace {

using Clock = std::chrono::steady_clock;
using F = v1::ClientFrame;

Code reply_code(const v1::Reply& r) {
  return r.has_error() ? static_cast<Code>(r.error().code()) : Code::kOk;
}

template <typename Fill>
v1::Reply ok_reply(Fill fill) {
  v1::Reply r;
  fill(r);
  return r;
}

// The reply to an asynchronous call, made when its result arrives (on any thread): `fill`
// writes the value into the reply.
template <typename T, typename Fill>
std::function<void(Result<T>)> value_reply(Dispatcher::AsyncReply later, Fill fill) {
  return [later = std::move(later), fill = std::move(fill)](Result<T> result) {
    if (!result) return later(error_reply(0, result.status()));
    later(ok_reply([&](v1::Reply& r) { fill(*result, r); }));
  };
}

// The case's clocks are rendered as of the moment the reply is made.
CaseCommands::CaseCallback case_reply(Engine& engine, Dispatcher::AsyncReply later) {
  return [&engine, later = std::move(later)](Result<CaseResult> result) {
    if (!result) {
      later(error_reply(0, result.status()));
      return;
    }
    v1::Reply r;
    to_proto(*result, AsOf::of(engine), r.mutable_case_result());
    later(std::move(r));
  };
}

void start_session(SessionContext& ctx, const LoginResult& session, std::uint64_t generation) {
  ctx.user = session.user;
  ctx.user->password_hash.clear();
  ctx.token = session.token;
  ctx.expires_at = session.expires_at;
  ctx.session_generation = generation;
}

// Forgets the session and its subscriptions. True when there were subscriptions.
bool end_session(SessionContext& ctx) {
  const bool had = ctx.events != nullptr && ctx.events->size() > 0;
  if (ctx.events != nullptr) ctx.events->unsubscribe_all();
  ctx.user.reset();
  ctx.token.clear();
  ctx.expires_at = 0;
  return had;
}

v1::ServerFrame subscriptions_ended(const Status& why) {
  v1::ServerFrame frame;
  to_proto(why, frame.mutable_subscriptions_ended()->mutable_error());
  return frame;
}

void fill_user(const User& u, v1::Reply& r) { to_proto(u, r.mutable_user()->mutable_user()); }
void fill_unit(const OrgUnit& u, v1::Reply& r) { to_proto(u, r.mutable_org_unit()->mutable_unit()); }

// GetBoardRequest.limit: 0 means this many.
constexpr int kDefaultBoardLimit = 100;

}  // namespace

v1::Reply error_reply(std::uint64_t call_id, const Status& status) {
  v1::Reply r;
  r.set_call_id(call_id);
  to_proto(status, r.mutable_error());
  return r;
}

Dispatcher::Dispatcher(Engine& engine, Metrics* metrics, AttachmentStore* attachments)
    : engine_(engine), metrics_(metrics), attachments_(attachments), figures_(engine, engine.repository()) {}

std::optional<v1::ServerFrame> Dispatcher::check_session(SessionContext& ctx) {
  if (!ctx.user) return std::nullopt;
  // Read before the check, so that a change racing with it is caught by the next check.
  const std::uint64_t generation = engine_.sessions().session_generation();
  if (generation == ctx.session_generation && engine_.now() < ctx.expires_at) return std::nullopt;
  auto session = engine_.sessions().authenticate(ctx.token);
  if (!session) {
    // A store that cannot answer now proves nothing: check again next time.
    if (session.status().code() != Code::kUnauthenticated) return std::nullopt;
    if (!end_session(ctx)) return std::nullopt;
    return subscriptions_ended(session.status());
  }
  const User& now = session->user;
  const bool changed = now.role != ctx.user->role || now.scope_unit_id != ctx.user->scope_unit_id;
  start_session(ctx, *session, generation);
  if (!changed || ctx.events == nullptr || ctx.events->size() == 0) return std::nullopt;
  ctx.events->unsubscribe_all();
  return subscriptions_ended(Status(reason::ACCOUNT_CHANGED, "the account's role or scope changed; subscribe again"));
}

v1::Reply Dispatcher::malformed_frame() {
  auto r = error_reply(0, Status(reason::MALFORMED_FRAME, "the frame is not a ClientFrame"));
  if (metrics_ != nullptr) metrics_->record_call("malformed", Code::kInvalidArgument, 0);
  return r;
}

v1::Reply Dispatcher::rate_limited(const v1::ClientFrame& frame) {
  auto r = error_reply(frame.call_id(),
                       Status(reason::RATE_LIMITED, "too many calls on this connection; slow down"));
  if (metrics_ != nullptr) metrics_->record_call(call_name(frame), Code::kResourceExhausted, 0);
  return r;
}

std::optional<v1::Reply> Dispatcher::dispatch(SessionContext& ctx, const v1::ClientFrame& frame,
                                              AsyncReply later) {
  const auto start = Clock::now();
  const std::uint64_t call_id = frame.call_id();
  const std::string call = call_name(frame);
  Metrics* metrics = metrics_;
  auto finish = [start, call_id, call, metrics](v1::Reply& r) {
    r.set_call_id(call_id);
    if (metrics != nullptr) {
      const std::chrono::duration<double> took = Clock::now() - start;
      metrics->record_call(call, reply_code(r), took.count());
    }
  };

  // What other servers on the same store changed (the org tree, policies, accounts, sessions)
  // is followed before the call is looked at. A store that cannot answer now is told by the
  // call itself.
  if (Status followed = engine_.follow_changes(); !followed) {
    log::warn("could not follow the store's changes", {{"error", followed.to_string()}});
  }
  std::optional<v1::Reply> reply;
  try {
    reply = handle(ctx, frame, [finish, later = std::move(later)](v1::Reply r) {
      finish(r);
      later(std::move(r));
    });
  } catch (const std::exception& e) {
    // The engine reports errors as values; anything thrown is a bug, answered as INTERNAL so
    // that the connection survives it.
    log::error("call failed", {{"call", call}, {"what", e.what()}});
    reply = error_reply(call_id, Status(reason::INTERNAL, "internal error"));
  }
  if (reply) finish(*reply);
  return reply;
}

std::optional<v1::Reply> Dispatcher::handle(SessionContext& ctx, const v1::ClientFrame& frame,
                                            AsyncReply later) {
  const auto kind = frame.request_case();
  if (kind == F::REQUEST_NOT_SET) {
    return error_reply(0, Status(reason::UNKNOWN_REQUEST, "the frame carries no request"));
  }

  // ---- Sessions ----
  if (kind == F::kLogin) {
    const std::uint64_t generation = engine_.sessions().session_generation();
    auto result = engine_.sessions().login(frame.login().username(), frame.login().password(), ctx.address);
    if (!result) return error_reply(0, result.status());
    start_session(ctx, *result, generation);
    return ok_reply([&](v1::Reply& r) { to_proto(*result, r.mutable_login()); });
  }
  if (kind == F::kResume) {
    const std::uint64_t generation = engine_.sessions().session_generation();
    auto session = engine_.sessions().authenticate(frame.resume().token());
    if (!session) return error_reply(0, session.status());
    start_session(ctx, *session, generation);
    return ok_reply([&](v1::Reply& r) { to_proto(*session, r.mutable_login()); });
  }
  if (!ctx.user) {
    return error_reply(0, Status(reason::LOGIN_REQUIRED, "log in or resume a session first"));
  }
  // The session may have ended since it was last checked (expired, revoked, password changed).
  // Asking the store again is needed only when a session may have ended since (see
  // Engine::session_generation) or the expiry has passed; check_session, which the connection
  // runs before each call, takes the account's new role or scope on board.
  const bool may_have_ended = engine_.sessions().session_generation() != ctx.session_generation ||
                              engine_.now() >= ctx.expires_at;
  if (kind != F::kLogout && may_have_ended) {
    if (auto current = engine_.sessions().authenticate(ctx.token); !current) {
      if (current.status().code() == Code::kUnauthenticated) end_session(ctx);
      return error_reply(0, current.status());
    }
  }
  // An admin reset the password: the user changes it (or leaves) before anything else.
  if (ctx.user->must_change_password && kind != F::kChangePassword && kind != F::kLogout) {
    return error_reply(0, Status(reason::PASSWORD_CHANGE_REQUIRED,
                                 "an admin reset your password; change it (change_password) before anything else"));
  }
  const UserId actor = ctx.user->id;

  switch (kind) {
    case F::kLogout: {
      Status st = engine_.sessions().logout(ctx.token);
      // The connection forgets the session whatever the store says.
      end_session(ctx);
      if (!st) return error_reply(0, st);
      return ok_reply([](v1::Reply& r) { r.mutable_logout(); });
    }

    case F::kChangePassword: {
      const auto& req = frame.change_password();
      Status st = engine_.sessions().change_password(actor, req.old_password(), req.new_password());
      if (!st) return error_reply(0, st);
      return ok_reply([](v1::Reply& r) { r.mutable_done(); });
    }
    case F::kRevokeSessions: {
      Status st = engine_.sessions().revoke_sessions(actor, frame.revoke_sessions().user_id());
      if (!st) return error_reply(0, st);
      return ok_reply([](v1::Reply& r) { r.mutable_done(); });
    }

    // ---- Reads ----
    case F::kGetOrgTree: {
      const auto& req = frame.get_org_tree();
      auto tree = req.all_units() ? engine_.queries().all_units(actor, req.include_retired())
                                  : engine_.queries().org_tree(actor, req.root_unit_id(), req.include_retired());
      if (!tree) return error_reply(0, tree.status());
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_org_tree();
        for (const auto& u : tree->units) to_proto(u, out->add_units());
        for (const auto& p : tree->party_posts) to_proto(p, out->add_party_posts());
      });
    }
    case F::kListCategories: {
      auto k = case_kind_from_proto(frame.list_categories().kind(), "kind");
      if (!k) return error_reply(0, k.status());
      const auto all = engine_.queries().categories(*k);
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_categories();
        for (const auto& c : all) to_proto(c, all, out->add_categories());
      });
    }
    case F::kGetCase: {
      const auto& req = frame.get_case();
      auto detail = req.case_id() != 0 ? engine_.queries().get_case(actor, req.case_id())
                                        : engine_.queries().get_case_by_number(actor, req.number());
      if (!detail) return error_reply(0, detail.status());
      return ok_reply([&](v1::Reply& r) { to_proto(*detail, AsOf::of(engine_), r.mutable_case_detail()); });
    }
    case F::kListCases: {
      auto query = from_proto(frame.list_cases());
      if (!query) return error_reply(0, query.status());
      auto page = engine_.queries().list_cases(actor, *query);
      if (!page) return error_reply(0, page.status());
      const AsOf at = AsOf::of(engine_);
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_cases();
        for (const auto& c : page->cases) to_proto(c, at, out->add_cases());
        out->set_next_page_token(page->next_page_token);
      });
    }
    case F::kRevealParty: {
      const auto& req = frame.reveal_party();
      engine_.queries().reveal_party(actor, req.case_id(), req.party_index(), req.reason(),
                                     value_reply<CaseParty>(std::move(later), [](const CaseParty& p, v1::Reply& r) {
                                       to_proto(p, r.mutable_revealed()->mutable_party());
                                     }));
      return std::nullopt;
    }
    case F::kCheckPetition: {
      auto check = engine_.queries().check_petition(actor, frame.check_petition().case_id());
      if (!check) return error_reply(0, check.status());
      return ok_reply([&](v1::Reply& r) { to_proto(*check, r.mutable_acceptance_check()); });
    }
    case F::kFindPersonCases: {
      const auto& req = frame.find_person_cases();
      PersonKey who;
      who.id_number = req.id_number();
      who.name = req.name();
      who.phone = req.phone();
      engine_.queries().cases_of_person(
          actor, who, req.reason(),
          value_reply<std::vector<Case>>(std::move(later), [this](const std::vector<Case>& cases, v1::Reply& r) {
            const AsOf at = AsOf::of(engine_);
            auto* out = r.mutable_cases();
            for (const auto& c : cases) to_proto(c, at, out->add_cases());
          }));
      return std::nullopt;
    }
    case F::kGetDossier: {
      const auto& req = frame.get_dossier();
      if (req.archive()) {
        engine_.queries().archive_dossier(actor, req.case_id(), req.reason(),
                                          value_reply<std::string>(std::move(later), [](const std::string& html, v1::Reply& r) {
                                            r.mutable_dossier()->set_html(html);
                                          }));
        return std::nullopt;
      }
      auto html = engine_.queries().dossier(actor, req.case_id());
      if (!html) return error_reply(0, html.status());
      return ok_reply([&](v1::Reply& r) { r.mutable_dossier()->set_html(*html); });
    }
    case F::kListAudit: {
      const auto& req = frame.list_audit();
      auto kind = audit_kind_from_proto(req.kind(), "kind");
      if (!kind) return error_reply(0, kind.status());
      engine_.queries().list_audit(actor, *kind, req.before_id(), req.page_size(),
                                   value_reply<std::vector<AuditEntry>>(
                                       std::move(later), [](const std::vector<AuditEntry>& entries, v1::Reply& r) {
                                         auto* out = r.mutable_audit();
                                         for (const auto& e : entries) to_proto(e, out->add_entries());
                                       }));
      return std::nullopt;
    }
    case F::kListUsers: {
      auto users = engine_.admin().list_users(actor, frame.list_users().unit_id());
      if (!users) return error_reply(0, users.status());
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_users();
        for (const auto& u : *users) to_proto(u, out->add_users());
      });
    }

    // ---- Deadlines ----
    case F::kGetBoard: {
      const auto& req = frame.get_board();
      const int limit = req.limit() == 0 ? kDefaultBoardLimit : req.limit();
      auto board = engine_.queries().board(actor, req.unit_id(), limit);
      if (!board) return error_reply(0, board.status());
      return ok_reply([&](v1::Reply& r) { to_proto(*board, AsOf::of(engine_), r.mutable_board()); });
    }
    case F::kListPolicies: {
      const auto policies = engine_.admin().policies();
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_policies();
        for (const auto& p : policies) to_proto(p, out->add_policies());
      });
    }
    case F::kSetPolicy: {
      auto policy = from_proto(frame.set_policy().policy());
      if (!policy) return error_reply(0, policy.status());
      engine_.admin().set_policy(actor, std::move(*policy), value_reply<DeadlinePolicy>(std::move(later), [](const DeadlinePolicy& p, v1::Reply& r) {
        to_proto(p, r.mutable_policy()->mutable_policy());
      }));
      return std::nullopt;
    }
    case F::kGetCalendar: {
      auto info = engine_.admin().calendar_info(actor);
      if (!info) return error_reply(0, info.status());
      return ok_reply([&](v1::Reply& r) { to_proto(*info, r.mutable_calendar()); });
    }
    case F::kWorkingTime: {
      auto q = from_proto(frame.working_time());
      if (!q) return error_reply(0, q.status());
      auto answer = engine_.deadlines().working_time(actor, *q);
      if (!answer) return error_reply(0, answer.status());
      return ok_reply([&](v1::Reply& r) { to_proto(*answer, r.mutable_working_time()); });
    }
    case F::kSetCalendarYear: {
      engine_.admin().set_calendar_year(actor, frame.set_calendar_year().text(),
                                        value_reply<CalendarInfo>(std::move(later), [](const CalendarInfo& info, v1::Reply& r) {
                                          to_proto(info, r.mutable_calendar());
                                        }));
      return std::nullopt;
    }

    case F::kLoadPopulation: {
      engine_.admin().load_population(actor, frame.load_population().csv(),
                                      value_reply<int>(std::move(later), [](const int& rows, v1::Reply& r) {
                                        r.mutable_population_loaded()->set_rows(rows);
                                      }));
      return std::nullopt;
    }
    case F::kSetComplaintTarget: {
      const auto& req = frame.set_complaint_target();
      engine_.admin().set_complaint_target(
          actor, ComplaintTarget{req.unit_id(), req.per_10k()},
          value_reply<ComplaintTarget>(std::move(later), [](const ComplaintTarget& t, v1::Reply& r) {
            r.mutable_complaint_target()->set_unit_id(t.unit_id);
            r.mutable_complaint_target()->set_per_10k(t.per_10k);
          }));
      return std::nullopt;
    }

    // ---- Mutations ----
    case F::kCreateCase: {
      auto request = from_proto(frame.create_case());
      if (!request) return error_reply(0, request.status());
      engine_.commands().create_case(actor, std::move(*request), case_reply(engine_, std::move(later)));
      return std::nullopt;
    }

    // ---- Subscriptions ----
    case F::kSubscribe: {
      if (ctx.events == nullptr) {
        return error_reply(0, Status(reason::SUBSCRIPTIONS_UNAVAILABLE, "this connection cannot hold subscriptions"));
      }
      auto sub = ctx.events->subscribe(*ctx.user, frame.subscribe());
      if (!sub) return error_reply(0, sub.status());
      return ok_reply([&](v1::Reply& r) { *r.mutable_subscribed() = *sub; });
    }
    case F::kUnsubscribe: {
      const auto id = frame.unsubscribe().subscription_id();
      if (ctx.events == nullptr || !ctx.events->unsubscribe(id)) {
        return error_reply(0, Status(reason::SUBSCRIPTION_NOT_FOUND, "no subscription " + std::to_string(id)));
      }
      return ok_reply([](v1::Reply& r) { r.mutable_unsubscribed(); });
    }

    // ---- Administration ----
    case F::kCreateUser: {
      auto request = from_proto(frame.create_user());
      if (!request) return error_reply(0, request.status());
      engine_.admin().create_user(actor, std::move(*request), value_reply<User>(std::move(later), fill_user));
      return std::nullopt;
    }
    case F::kUpdateUser: {
      auto update = from_proto(frame.update_user());
      if (!update) return error_reply(0, update.status());
      // The session's own user, if changed, is read again by the next call (check_session).
      engine_.admin().update_user(actor, std::move(*update), value_reply<User>(std::move(later), fill_user));
      return std::nullopt;
    }
    case F::kCreateOrgUnit: {
      auto unit = from_proto(frame.create_org_unit());
      if (!unit) return error_reply(0, unit.status());
      engine_.admin().create_unit(actor, std::move(*unit), value_reply<OrgUnit>(std::move(later), fill_unit),
                                  frame.create_org_unit().request_id());
      return std::nullopt;
    }
    case F::kUpdateOrgUnit: {
      engine_.admin().update_unit(actor, from_proto(frame.update_org_unit()),
                                  value_reply<OrgUnit>(std::move(later), fill_unit));
      return std::nullopt;
    }

    // ---- Hazards: inspections and plans ----
    case F::kRecordInspection: {
      auto report = from_proto(frame.record_inspection());
      if (!report) return error_reply(0, report.status());
      engine_.commands().record_inspection(actor, std::move(*report),
                                           value_reply<Inspection>(std::move(later), [](const Inspection& i, v1::Reply& r) {
                                             to_proto(i, r.mutable_inspection()->mutable_inspection());
                                           }));
      return std::nullopt;
    }
    case F::kCreateInspectionPlan: {
      engine_.commands().create_inspection_plan(
          actor, from_proto(frame.create_inspection_plan()),
          value_reply<InspectionPlan>(std::move(later), [](const InspectionPlan& p, v1::Reply& r) {
            to_proto(p, r.mutable_inspection_plan()->mutable_plan());
          }));
      return std::nullopt;
    }
    case F::kListInspectionPlans: {
      auto plans = engine_.queries().list_inspection_plans(actor, frame.list_inspection_plans().unit_id());
      if (!plans) return error_reply(0, plans.status());
      return ok_reply([&](v1::Reply& r) {
        for (const auto& p : *plans) to_proto(p, r.mutable_inspection_plans()->add_plans());
      });
    }
    case F::kListInspections: {
      const auto& req = frame.list_inspections();
      auto state = inspection_state_from_proto(req.state(), "state");
      if (!state) return error_reply(0, state.status());
      auto found = engine_.queries().list_inspections(actor, req.unit_id(), *state);
      if (!found) return error_reply(0, found.status());
      return ok_reply([&](v1::Reply& r) {
        for (const auto& i : *found) to_proto(i, r.mutable_inspections()->add_inspections());
      });
    }
    case F::kRunDuePlans: {
      engine_.deadlines().run_due_plans(actor, value_reply<int>(std::move(later), [](int made, v1::Reply& r) {
        r.mutable_due_plans_run()->set_inspections_made(made);
      }));
      return std::nullopt;
    }

    // ---- Early warnings ----
    case F::kListWarnings: {
      auto filter = from_proto(frame.list_warnings());
      if (!filter) return error_reply(0, filter.status());
      auto found = engine_.queries().list_warnings(actor, frame.list_warnings().unit_id(), *filter);
      if (!found) return error_reply(0, found.status());
      auto policies = engine_.queries().warning_policies(actor);
      if (!policies) return error_reply(0, policies.status());
      return ok_reply([&](v1::Reply& r) {
        auto* out = r.mutable_warnings();
        for (const auto& w : *found) to_proto(w, out->add_warnings());
        out->set_next_page_token(next_warning_page(*found, filter->limit));
        for (const auto& p : *policies) to_proto(p, out->add_policies());
      });
    }
    case F::kHandleWarning: {
      auto command = from_proto(frame.handle_warning());
      if (!command) return error_reply(0, command.status());
      engine_.commands().handle_warning(actor, std::move(*command),
                                        value_reply<Warning>(std::move(later), [](const Warning& w, v1::Reply& r) {
                                          to_proto(w, r.mutable_warning()->mutable_warning());
                                        }));
      return std::nullopt;
    }
    case F::kSetWarningPolicy: {
      engine_.admin().set_warning_policy(
          actor, from_proto(frame.set_warning_policy().policy()),
          value_reply<WarningPolicy>(std::move(later), [](const WarningPolicy& p, v1::Reply& r) {
            to_proto(p, r.mutable_warning_policy()->mutable_policy());
          }));
      return std::nullopt;
    }

    // ---- Figures ----
    case F::kGetFigures:
    case F::kGetRanking:
    case F::kListFigureCases:
    case F::kGetComplaintRates:
      return figures_reply(figures_, AsOf::of(engine_), actor, frame);

    default:
      break;
  }

  // Property companies and residents' forums (net/src/property_calls.cpp).
  if (is_property_call(kind)) return property_call(engine_, actor, frame);
  // Livelihood projects (net/src/project_calls.cpp).
  if (is_project_call(kind)) return project_call(engine_, attachments_, actor, frame, std::move(later));

  // Duplicates and evidence (net/src/evidence_calls.cpp).
  if (is_evidence_call(kind)) return evidence_call(engine_, attachments_, ctx, actor, frame, std::move(later));

  if (action_frame(kind) != nullptr) {
    auto command = command_from_frame(frame);
    if (!command) return error_reply(0, command.status());
    engine_.commands().act(actor, std::move(*command), case_reply(engine_, std::move(later)));
    return std::nullopt;
  }
  return error_reply(0, Status(reason::UNKNOWN_REQUEST, "this server does not know the call"));
}

}  // namespace gridcase::net
