#include "transports.hpp"

#include <boost/asio/post.hpp>

namespace gridcase::bench {
namespace {

void fill_header(const CaseCommand& cmd, v1::ActionHeader* h) {
  h->set_request_id(cmd.request_id);
  h->set_case_id(cmd.case_id);
  h->set_expected_version(cmd.expected_version);
  h->set_reason(cmd.reason);
}

OpOutcome outcome_of(const v1::Reply& r) {
  OpOutcome out;
  out.error = error_reason(r);
  if (r.has_case_result()) {
    const auto& c = r.case_result().case_();
    out.case_id = c.id();
    out.version = c.version();
    out.state = static_cast<CaseState>(c.state());
  }
  return out;
}

OpOutcome outcome_of(const Result<CaseResult>& r) {
  OpOutcome out;
  if (!r) {
    out.error = r.status().reason().empty() ? "CODE_" + std::to_string(static_cast<int>(r.status().code()))
                                            : r.status().reason();
    return out;
  }
  out.case_id = r->c.id;
  out.version = r->c.version;
  out.state = r->c.state;
  return out;
}

}  // namespace

v1::ClientFrame to_frame(const PlannedOp& op) {
  v1::ClientFrame f;
  switch (op.kind) {
    case OpKind::kCreate: {
      const NewCase& n = op.create;
      auto* r = f.mutable_create_case();
      r->set_request_id(n.request_id);
      r->set_kind(static_cast<v1::CaseKind>(n.kind));
      r->set_category_code(n.category_code);
      r->set_channel(static_cast<v1::Channel>(n.channel));
      r->set_title(n.title);
      r->set_description(n.description);
      r->mutable_location()->set_unit_id(n.location.unit_id);
      r->mutable_location()->set_address(n.location.address);
      for (const auto& p : n.parties) {
        auto* party = r->add_parties();
        party->set_name(p.name);
        party->set_phone(p.phone);
        party->set_id_number(p.id_number);
        party->set_role(static_cast<v1::PartyRole>(p.role));
        party->set_confidential(p.confidential);
      }
      r->set_priority(static_cast<v1::Priority>(n.priority));
      break;
    }
    case OpKind::kAction: {
      const CaseCommand& cmd = op.command;
      switch (cmd.action) {
        case Action::kAccept: fill_header(cmd, f.mutable_accept_case()->mutable_header()); break;
        case Action::kDispatch: {
          auto* r = f.mutable_dispatch_case();
          fill_header(cmd, r->mutable_header());
          r->set_unit_id(cmd.unit_id);
          r->set_assignee_user_id(cmd.user_id);
          break;
        }
        case Action::kResolve: {
          auto* r = f.mutable_resolve_case();
          fill_header(cmd, r->mutable_header());
          r->set_outcome(static_cast<v1::Outcome>(cmd.outcome));
          break;
        }
        case Action::kClose: fill_header(cmd, f.mutable_close_case()->mutable_header()); break;
        case Action::kUrge: fill_header(cmd, f.mutable_urge_case()->mutable_header()); break;
        default: fill_header(cmd, f.mutable_comment_case()->mutable_header()); break;
      }
      break;
    }
    case OpKind::kGet:
      f.mutable_get_case()->set_case_id(op.case_id);
      break;
    case OpKind::kList: {
      auto* r = f.mutable_list_cases();
      for (CaseKind k : op.query.kinds) r->add_kinds(static_cast<v1::CaseKind>(k));
      for (CaseState s : op.query.states) r->add_states(static_cast<v1::CaseState>(s));
      r->set_unit_id(op.query.unit_id);
      r->set_page_size(op.query.page_size);
      break;
    }
  }
  return f;
}

void WsTransport::submit(std::size_t client, const PlannedOp& op, std::function<void(OpOutcome)> done) {
  pool_.connections()[client]->call(to_frame(op), [done = std::move(done)](const v1::Reply& r) {
    OpOutcome out = outcome_of(r);
    out.connection_lost = connection_gone(r);
    done(std::move(out));
  });
}

void EngineTransport::submit(std::size_t client, const PlannedOp& op, std::function<void(OpOutcome)> done) {
  const UserId actor = world_.client_account(client).id;
  boost::asio::io_context& home = contexts_(client);
  // Mutations answer on the store's writer thread: hop back to the client's thread.
  auto back = [&home](std::function<void(OpOutcome)> d) {
    return [&home, d = std::move(d)](Result<CaseResult> r) {
      boost::asio::post(home, [d, out = outcome_of(r)]() mutable { d(std::move(out)); });
    };
  };
  switch (op.kind) {
    case OpKind::kCreate:
      engine_.commands().create_case(actor, op.create, back(std::move(done)));
      return;
    case OpKind::kAction:
      engine_.commands().act(actor, op.command, back(std::move(done)));
      return;
    case OpKind::kGet: {
      auto r = engine_.queries().get_case(actor, op.case_id);
      OpOutcome out;
      if (!r) out.error = r.status().reason();
      boost::asio::post(home, [done = std::move(done), out]() mutable { done(std::move(out)); });
      return;
    }
    case OpKind::kList: {
      auto r = engine_.queries().list_cases(actor, op.query);
      OpOutcome out;
      if (!r) out.error = r.status().reason();
      boost::asio::post(home, [done = std::move(done), out]() mutable { done(std::move(out)); });
      return;
    }
  }
}

}  // namespace gridcase::bench
