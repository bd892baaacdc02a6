// Builders of ClientFrames for the net tests.
#pragma once

#include <string>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::testing::frames {

namespace v1 = ::gridcase::v1;

inline v1::ClientFrame login(const std::string& username, const std::string& password) {
  v1::ClientFrame f;
  f.mutable_login()->set_username(username);
  f.mutable_login()->set_password(password);
  return f;
}

inline v1::ClientFrame create_case(const std::string& request_id, std::int64_t unit_id) {
  v1::ClientFrame f;
  auto* c = f.mutable_create_case();
  c->set_request_id(request_id);
  c->set_kind(v1::CASE_KIND_INCIDENT);
  c->set_category_code("INC.ENV.RUBBISH");
  c->set_channel(v1::CHANNEL_PATROL);
  c->set_title("垃圾暴露");
  c->set_description("小区东门垃圾桶满溢");
  c->mutable_location()->set_unit_id(unit_id);
  c->mutable_location()->set_address("河畔路1号");
  auto* p = c->add_parties();
  p->set_name("张三");
  p->set_phone("13812341234");
  p->set_role(v1::PARTY_ROLE_REPORTER);
  return f;
}

// A lifecycle action with the header filled in. Per-action fields are set by the caller.
inline v1::ActionHeader* header_of(v1::ClientFrame& f) {
  switch (f.request_case()) {
    case v1::ClientFrame::kAcceptCase: return f.mutable_accept_case()->mutable_header();
    case v1::ClientFrame::kDispatchCase: return f.mutable_dispatch_case()->mutable_header();
    case v1::ClientFrame::kEscalateCase: return f.mutable_escalate_case()->mutable_header();
    case v1::ClientFrame::kResolveCase: return f.mutable_resolve_case()->mutable_header();
    case v1::ClientFrame::kCloseCase: return f.mutable_close_case()->mutable_header();
    default: return nullptr;
  }
}

inline v1::ClientFrame accept(const std::string& rid, std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_accept_case();
  header_of(f)->set_request_id(rid);
  header_of(f)->set_case_id(case_id);
  return f;
}

inline v1::ClientFrame dispatch(const std::string& rid, std::int64_t case_id, std::int64_t unit) {
  v1::ClientFrame f;
  f.mutable_dispatch_case()->set_unit_id(unit);
  header_of(f)->set_request_id(rid);
  header_of(f)->set_case_id(case_id);
  return f;
}

inline v1::ClientFrame escalate(const std::string& rid, std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_escalate_case()->set_escalation_reason(v1::ESCALATION_REASON_MANUAL);
  header_of(f)->set_request_id(rid);
  header_of(f)->set_case_id(case_id);
  header_of(f)->set_reason("超出网格处置能力");
  return f;
}

inline v1::ClientFrame resolve(const std::string& rid, std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_resolve_case()->set_outcome(v1::OUTCOME_RESOLVED);
  header_of(f)->set_request_id(rid);
  header_of(f)->set_case_id(case_id);
  return f;
}

inline v1::ClientFrame close(const std::string& rid, std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_close_case();
  header_of(f)->set_request_id(rid);
  header_of(f)->set_case_id(case_id);
  return f;
}

inline v1::ClientFrame get_case(std::int64_t case_id) {
  v1::ClientFrame f;
  f.mutable_get_case()->set_case_id(case_id);
  return f;
}

inline v1::ClientFrame request_extension(const std::string& rid, std::int64_t case_id,
                                         std::int64_t amount,
                                         v1::ClockKind clock = v1::CLOCK_KIND_UNSPECIFIED) {
  v1::ClientFrame f;
  auto* r = f.mutable_request_extension();
  r->mutable_header()->set_request_id(rid);
  r->mutable_header()->set_case_id(case_id);
  r->mutable_header()->set_reason("等待环卫车辆");
  r->set_clock(clock);
  r->set_amount(amount);
  return f;
}

inline v1::ClientFrame decide_extension(const std::string& rid, std::int64_t case_id, bool approve) {
  v1::ClientFrame f;
  auto* r = f.mutable_decide_extension();
  r->mutable_header()->set_request_id(rid);
  r->mutable_header()->set_case_id(case_id);
  r->set_approve(approve);
  return f;
}

inline v1::ClientFrame get_board(std::int64_t unit_id = 0, int limit = 0) {
  v1::ClientFrame f;
  f.mutable_get_board()->set_unit_id(unit_id);
  f.mutable_get_board()->set_limit(limit);
  return f;
}

inline v1::ClientFrame subscribe(std::int64_t from_seq, std::int64_t unit_id = 0) {
  v1::ClientFrame f;
  f.mutable_subscribe()->set_from_seq(from_seq);
  f.mutable_subscribe()->set_unit_id(unit_id);
  return f;
}

}  // namespace gridcase::testing::frames
