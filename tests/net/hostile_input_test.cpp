// What the server does with hostile input, over real sockets against an in-process server on a
// SQLite file. One row per test: what is sent, the answer expected, and the connection's fate;
// every row ends by checking that a second client is still served.
//
//   row                                   answer                                 connection
//   garbage bytes                         INVALID_ARGUMENT MALFORMED_FRAME       stays open
//   a frame with no request               INVALID_ARGUMENT UNKNOWN_REQUEST       stays open
//   a text frame                          -                                      closed, 1003
//   a truncated protobuf frame            INVALID_ARGUMENT MALFORMED_FRAME       stays open
//   a frame over max_frame_bytes          -                                      closed, 1009
//   an unknown enum value (kind 99)       INVALID_ARGUMENT UNKNOWN_ENUM_VALUE    stays open
//   missing required fields               INVALID_ARGUMENT MISSING_FIELD         stays open
//   an overlong title                     INVALID_ARGUMENT TEXT_TOO_LONG         stays open
//   invalid UTF-8 in a string field       INVALID_ARGUMENT MALFORMED_FRAME       stays open
//   SQL metacharacters in text            stored and read back verbatim          stays open
//   negative and huge page sizes          INVALID_ARGUMENT PAGE_SIZE_OUT_OF_RANGE stays open
//   forged and foreign case ids           NOT_FOUND                              stays open
//   an expired token on resume            UNAUTHENTICATED                        stays open
//   a revoked token on resume             UNAUTHENTICATED                        stays open
//   a reused request_id, other payload    INVALID_ARGUMENT REQUEST_ID_REUSED     stays open
//   calls over the rate limit             RESOURCE_EXHAUSTED RATE_LIMITED        stays open
//   a flood of calls                      RATE_LIMITED, then                     closed, 1008
//   a client that never reads             -                                      closed, 1008
//   mediation, petition and figure calls  the same answers as the calls above    stays open
//     with unknown enums, forged ids,     (UNKNOWN_ENUM_VALUE, NOT_FOUND,
//     foreign units, bad dates            INVALID_ARGUMENT)
//   hotline, hazard, whistle, upload,     UNKNOWN_ENUM_VALUE, NOT_FOUND for      stays open
//     link and merge calls with unknown   forged, foreign and unknown ids,
//     enums, forged ids, bad sizes,       INVALID_ARGUMENT naming the value;
//     offsets, ratings, departments and   odd order numbers kept verbatim
//     order numbers
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "frames.hpp"
#include "live_server.hpp"
#include "org_fixture.hpp"
#include "ws_client.hpp"

using namespace gridcase;
using namespace gridcase::testing;

namespace {

constexpr int kInvalidArgument = 3;
constexpr int kNotFound = 5;
constexpr int kPermissionDenied = 7;
constexpr int kResourceExhausted = 8;
constexpr int kUnauthenticated = 16;

// A server whose rate limit stays out of the way of rows that are not about it.
net::ServerConfig unlimited() {
  net::ServerConfig config;
  config.max_calls_per_second = 0;
  return config;
}

std::int64_t create_case(WsClient& c, std::int64_t unit, const std::string& rid) {
  auto r = c.call(frames::create_case(rid, unit));
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_case_result());
  return r.case_result().case_().id();
}

void check_error(const v1::Reply& r, int code, const std::string& reason) {
  INFO(r.error().reason() << ": " << r.error().message());
  REQUIRE(r.has_error());
  CHECK(r.error().code() == code);
  CHECK(r.error().reason() == reason);
}

// The connection is still open and serves its logged-in user.
void check_open(WsClient& c) {
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  CHECK(c.call(tree).has_org_tree());
}

// The connection was closed by the server with `code`, promptly.
void check_closed(WsClient& c, int code) {
  while (c.read()) {
  }
  CHECK_FALSE(c.timed_out());
  CHECK(c.close_code() == code);
}

// A second client logs in and reads.
void check_still_serving(LiveServer& s) {
  auto c = s.client("supervisor");
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  CHECK(c->call(tree).has_org_tree());
}

v1::ClientFrame list_cases(int page_size) {
  v1::ClientFrame f;
  f.mutable_list_cases()->set_page_size(page_size);
  return f;
}

}  // namespace

TEST_CASE("hostile: garbage bytes get MALFORMED_FRAME and the connection stays usable") {
  LiveServer s(unlimited());
  WsClient c(s.port);
  c.send_binary(std::string("\xff\xff\xff\xff garbage", 12));
  auto f = c.next_frame();
  REQUIRE(f);
  REQUIRE(f->has_reply());
  CHECK(f->reply().call_id() == 0);
  check_error(f->reply(), kInvalidArgument, "MALFORMED_FRAME");
  c.login("grid_a", password_of("grid_a"));
  check_open(c);
  check_still_serving(s);
}

TEST_CASE("hostile: a frame with no request gets UNKNOWN_REQUEST and the connection stays usable") {
  LiveServer s(unlimited());
  WsClient c(s.port);
  check_error(c.call(v1::ClientFrame{}), kInvalidArgument, "UNKNOWN_REQUEST");
  c.login("grid_a", password_of("grid_a"));
  check_open(c);
  check_still_serving(s);
}

TEST_CASE("hostile: a text frame closes the connection with 1003") {
  LiveServer s(unlimited());
  WsClient c(s.port);
  c.send_text("{\"login\": {}}");
  check_closed(c, 1003);
  check_still_serving(s);
}

TEST_CASE("hostile: a truncated protobuf frame gets MALFORMED_FRAME and the connection stays usable") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  auto frame = frames::create_case("t1", s.org.grid_a);
  frame.set_call_id(77);
  const std::string whole = frame.SerializeAsString();
  // Cut inside the create_case field, so that its declared length runs past the end.
  const std::string cut = whole.substr(0, whole.size() / 2);
  v1::ClientFrame probe;
  REQUIRE_FALSE(probe.ParseFromString(cut));
  c->send_binary(cut);
  auto f = c->next_frame();
  REQUIRE(f);
  REQUIRE(f->has_reply());
  check_error(f->reply(), kInvalidArgument, "MALFORMED_FRAME");
  check_open(*c);
  // Nothing was created.
  CHECK(c->call(list_cases(10)).cases().cases_size() == 0);
  check_still_serving(s);
}

TEST_CASE("hostile: a frame over the size limit closes the connection with 1009") {
  net::ServerConfig config = unlimited();
  config.max_frame_bytes = 4096;
  LiveServer s(config);
  auto c = s.client("grid_a");
  c->send_binary(std::string(8192, '\x01'));
  check_closed(*c, 1009);
  check_still_serving(s);
}

TEST_CASE("hostile: an unknown enum value gets UNKNOWN_ENUM_VALUE naming the field") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  auto f = frames::create_case("e1", s.org.grid_a);
  f.mutable_create_case()->set_kind(static_cast<v1::CaseKind>(99));
  auto r = c->call(f);
  check_error(r, kInvalidArgument, "UNKNOWN_ENUM_VALUE");
  CHECK(r.error().message().find("kind") != std::string::npos);

  v1::ClientFrame cats;
  cats.mutable_list_categories()->set_kind(static_cast<v1::CaseKind>(-5));
  check_error(c->call(cats), kInvalidArgument, "UNKNOWN_ENUM_VALUE");

  auto p = frames::create_case("e2", s.org.grid_a);
  p.mutable_create_case()->mutable_parties(0)->set_role(static_cast<v1::PartyRole>(1000));
  check_error(c->call(p), kInvalidArgument, "UNKNOWN_ENUM_VALUE");
  check_open(*c);
  check_still_serving(s);
}

TEST_CASE("hostile: missing required fields get MISSING_FIELD") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  auto no_title = frames::create_case("m1", s.org.grid_a);
  no_title.mutable_create_case()->clear_title();
  check_error(c->call(no_title), kInvalidArgument, "MISSING_FIELD");

  auto no_request_id = frames::create_case("", s.org.grid_a);
  check_error(c->call(no_request_id), kInvalidArgument, "MISSING_FIELD");

  auto no_party_name = frames::create_case("m2", s.org.grid_a);
  no_party_name.mutable_create_case()->mutable_parties(0)->clear_name();
  check_error(c->call(no_party_name), kInvalidArgument, "MISSING_FIELD");

  // An empty login is just a wrong login.
  WsClient anon(s.port);
  v1::ClientFrame empty_login;
  empty_login.mutable_login();
  CHECK(anon.call(empty_login).error().code() == kUnauthenticated);
  check_open(*c);
  check_still_serving(s);
}

TEST_CASE("hostile: an overlong title gets TEXT_TOO_LONG") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  auto f = frames::create_case("long1", s.org.grid_a);
  std::string title;
  for (int i = 0; i < 201; ++i) title += "长";
  f.mutable_create_case()->set_title(title);
  check_error(c->call(f), kInvalidArgument, "TEXT_TOO_LONG");
  // 200 characters (600 bytes) is fine.
  title.resize(200 * 3);
  f.mutable_create_case()->set_title(title);
  f.mutable_create_case()->set_request_id("long2");
  CHECK(c->call(f).has_case_result());
  check_still_serving(s);
}

TEST_CASE("hostile: invalid UTF-8 in a string field is refused at parse with MALFORMED_FRAME") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  // proto3 strings must be UTF-8; protobuf refuses the frame before the engine sees it.
  auto f = frames::create_case("u1", s.org.grid_a);
  f.mutable_create_case()->set_title(std::string("bad \xc3\x28 text"));
  f.set_call_id(5);
  c->send_binary(f.SerializePartialAsString());
  auto reply = c->next_frame();
  REQUIRE(reply);
  REQUIRE(reply->has_reply());
  check_error(reply->reply(), kInvalidArgument, "MALFORMED_FRAME");
  CHECK(c->call(list_cases(10)).cases().cases_size() == 0);
  check_open(*c);
  check_still_serving(s);
}

TEST_CASE("hostile: SQL metacharacters in text are stored and read back verbatim") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  const std::string title = "'); DROP TABLE cases; -- \" % _ \\ ;";
  const std::string description = "Robert'); DELETE FROM users WHERE ('1'='1 /* */ %% _%";
  auto f = frames::create_case("sql'--", s.org.grid_a);
  f.mutable_create_case()->set_title(title);
  f.mutable_create_case()->set_description(description);
  f.mutable_create_case()->mutable_location()->set_address("1' OR '1'='1");
  const auto id = create_case(*c, s.org.grid_a, "plain");  // a neighbour that must survive
  auto created = c->call(f);
  REQUIRE(created.has_case_result());
  const auto sql_id = created.case_result().case_().id();

  auto got = c->call(frames::get_case(sql_id));
  REQUIRE(got.has_case_detail());
  CHECK(got.case_detail().case_().title() == title);
  CHECK(got.case_detail().case_().description() == description);
  CHECK(got.case_detail().case_().location().address() == "1' OR '1'='1");
  CHECK(c->call(frames::get_case(id)).has_case_detail());
  CHECK(c->call(list_cases(10)).cases().cases_size() == 2);

  // As a search text too.
  auto search = list_cases(10);
  search.mutable_list_cases()->set_text("%' OR 1=1 --");
  auto found = c->call(search);
  REQUIRE(found.has_cases());
  CHECK(found.cases().cases_size() == 0);
  search.mutable_list_cases()->set_text("DROP TABLE");
  found = c->call(search);
  REQUIRE(found.has_cases());
  CHECK(found.cases().cases_size() == 1);
  check_still_serving(s);
}

TEST_CASE("hostile: negative and huge page sizes get PAGE_SIZE_OUT_OF_RANGE") {
  LiveServer s(unlimited());
  auto c = s.client("supervisor");
  for (int size : {-1, -2147483647 - 1, 501, 2147483647}) {
    INFO(size);
    check_error(c->call(list_cases(size)), kInvalidArgument, "PAGE_SIZE_OUT_OF_RANGE");
    check_error(c->call(frames::get_board(0, size)), kInvalidArgument, "PAGE_SIZE_OUT_OF_RANGE");
  }
  CHECK(c->call(list_cases(500)).has_cases());
  check_open(*c);
  check_still_serving(s);
}

TEST_CASE("hostile: forged and foreign case ids get NOT_FOUND") {
  LiveServer s(unlimited());
  auto b = s.client("grid_b");
  const auto id = create_case(*b, s.org.grid_b, "b1");
  auto a = s.client("grid_a");
  for (std::int64_t forged : {id, id + 1000, std::int64_t{-1}, std::int64_t{9223372036854775807}}) {
    INFO(forged);
    CHECK(a->call(frames::get_case(forged)).error().code() == kNotFound);
  }
  // Acting on it is refused the same way, and changes nothing.
  auto accept = a->call(frames::accept("fa1", id));
  CHECK(accept.error().code() == kNotFound);
  auto still = b->call(frames::get_case(id));
  REQUIRE(still.has_case_detail());
  CHECK(still.case_detail().case_().state() == v1::CASE_STATE_REPORTED);
  check_open(*a);
  check_still_serving(s);
}

TEST_CASE("hostile: an expired token on resume gets UNAUTHENTICATED") {
  ManualClock clock(SystemClock().now());
  LiveServer s(unlimited(), &clock);
  WsClient first(s.port);
  const std::string token = first.login("grid_a", password_of("grid_a")).login().token();
  clock.advance(13LL * 3600 * 1000);  // past the 12-hour session lifetime

  WsClient back(s.port);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(token);
  auto r = back.call(resume);
  CHECK(r.error().code() == kUnauthenticated);
  // The connection that held it must log in again too.
  CHECK(first.call(frames::get_case(1)).error().code() == kUnauthenticated);
  // A forged token is refused the same way; the connection stays open for a real login.
  resume.mutable_resume()->set_token(std::string(64, 'f'));
  CHECK(back.call(resume).error().code() == kUnauthenticated);
  back.login("grid_a", password_of("grid_a"));
  check_open(back);
  check_still_serving(s);
}

TEST_CASE("hostile: a revoked token on resume gets UNAUTHENTICATED") {
  LiveServer s(unlimited());
  WsClient victim(s.port);
  const std::string token = victim.login("grid_a", password_of("grid_a")).login().token();

  SECTION("revoked by logout") {
    v1::ClientFrame logout;
    logout.mutable_logout();
    REQUIRE(victim.call(logout).has_logout());
  }
  SECTION("revoked by an admin") {
    auto admin = s.client("admin");
    v1::ClientFrame revoke;
    revoke.mutable_revoke_sessions()->set_user_id(s.org.worker_a);
    auto r = admin->call(revoke);
    INFO(r.error().reason() << ": " << r.error().message());
    REQUIRE(r.has_done());
    CHECK(victim.call(frames::get_case(1)).error().code() == kUnauthenticated);
  }
  WsClient back(s.port);
  v1::ClientFrame resume;
  resume.mutable_resume()->set_token(token);
  CHECK(back.call(resume).error().code() == kUnauthenticated);
  back.login("grid_a", password_of("grid_a"));
  check_open(back);
  check_still_serving(s);
}

TEST_CASE("hostile: a reused request_id with a different payload gets REQUEST_ID_REUSED") {
  LiveServer s(unlimited());
  auto c = s.client("grid_a");
  const auto id = create_case(*c, s.org.grid_a, "dup");
  // The same request again is answered with the same case.
  CHECK(create_case(*c, s.org.grid_a, "dup") == id);
  auto other = frames::create_case("dup", s.org.grid_a);
  other.mutable_create_case()->set_title("另一件事");
  check_error(c->call(other), kInvalidArgument, "REQUEST_ID_REUSED");
  CHECK(c->call(list_cases(10)).cases().cases_size() == 1);
  check_open(*c);
  check_still_serving(s);
}

namespace {

// The rate limit's time, moved by hand: while it stands still no token comes back, so what the
// limit allows is a count, whatever the machine's speed (sanitizers included).
class ManualRateClock {
 public:
  void advance(std::chrono::nanoseconds d) { offset_->fetch_add(d.count()); }
  std::function<std::chrono::steady_clock::time_point()> function() const {
    auto offset = offset_;
    return [offset] {
      return std::chrono::steady_clock::time_point{} + std::chrono::hours(1) +
             std::chrono::nanoseconds(offset->load());
    };
  }

 private:
  std::shared_ptr<std::atomic<std::int64_t>> offset_ =
      std::make_shared<std::atomic<std::int64_t>>(0);
};

// 5 calls a second, bursts of 10; a flood is 40 calls within a second. The limit counts in
// `clock`'s time.
net::ServerConfig rate_limited(const ManualRateClock& clock) {
  net::ServerConfig config;
  config.max_calls_per_second = 5;
  config.call_burst = 10;
  config.flood_window = std::chrono::milliseconds(1000);
  config.flood_factor = 10;
  config.rate_clock = clock.function();
  return config;
}

}  // namespace

TEST_CASE("hostile: calls over the rate limit get RATE_LIMITED without being run") {
  ManualRateClock clock;
  LiveServer s(rate_limited(clock));
  auto c = s.client("grid_a");  // the login took one of the 10 tokens
  constexpr int kCalls = 20;
  for (int i = 0; i < kCalls; ++i) {
    auto f = frames::create_case("rl" + std::to_string(i), s.org.grid_a);
    f.set_call_id(1000 + i);
    c->send_binary(f.SerializeAsString());
  }
  int created = 0, limited = 0;
  for (int i = 0; i < kCalls; ++i) {
    auto f = c->next_frame();
    REQUIRE(f);
    REQUIRE(f->has_reply());
    const auto& r = f->reply();
    CHECK(r.call_id() >= 1000);
    CHECK(r.call_id() < 1000 + kCalls);
    if (r.has_case_result()) {
      ++created;
    } else {
      check_error(r, kResourceExhausted, "RATE_LIMITED");
      ++limited;
    }
  }
  // The clock stood still: the 9 tokens left after the login, and not one more.
  CHECK(created == 9);
  CHECK(limited == kCalls - 9);
  // While it stands still the connection stays refused.
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  check_error(c->call(tree), kResourceExhausted, "RATE_LIMITED");
  // 1.1 s later (on the limit's clock) tokens are back: the refused ones were not run.
  clock.advance(std::chrono::milliseconds(1100));
  auto page = c->call(list_cases(100));
  REQUIRE(page.has_cases());
  CHECK(page.cases().cases_size() == created);
  check_open(*c);
  CHECK(s.server->metrics().flooding_clients_closed() == 0);
  check_still_serving(s);
}

TEST_CASE("hostile: a flood of calls is closed with 1008 while others are served") {
  ManualRateClock clock;
  LiveServer s(rate_limited(clock));
  auto c = s.client("grid_a");  // call 1 of the window, token 1 of 10
  auto other = s.client("grid_b");
  v1::ClientFrame tree;
  tree.mutable_get_org_tree();
  const std::string bytes = tree.SerializeAsString();
  // With the clock standing still all these calls fall in one window: calls 2-10 take the
  // tokens left, calls 11-39 are refused, call 40 is the flood (10 x 5/s x 1 s - burst 10).
  // One call at a time, each answer read before the next is sent, so that the count is exact
  // (a close drops the answers still queued).
  for (int call = 2; call <= 10; ++call) {
    INFO("call " << call);
    CHECK(c->call(tree).has_org_tree());
  }
  for (int call = 11; call <= 39; ++call) {
    INFO("call " << call);
    check_error(c->call(tree), kResourceExhausted, "RATE_LIMITED");
  }
  CHECK(s.server->metrics().flooding_clients_closed() == 0);
  c->send_binary(bytes);
  // No answer to the 40th: the connection is closed.
  CHECK_FALSE(c->next_frame());
  CHECK_FALSE(c->timed_out());
  CHECK(c->close_code() == 1008);
  CHECK(s.server->metrics().flooding_clients_closed() == 1);
  check_open(*other);
  check_still_serving(s);
}

TEST_CASE("hostile: a client that never reads is closed with 1008 while the others are unaffected") {
  net::ServerConfig config = unlimited();
  config.send_queue_messages = 16;
  config.send_queue_bytes = 64 * 1024;
  config.tcp_send_buffer_bytes = 4096;
  config.close_timeout = std::chrono::seconds(60);  // the slow client reads only at the end
  LiveServer s(config);

  // Both clients hold the same subscriptions, so each event costs them the same frames; a
  // burst of one event fits the queue many times over. Only the one that stops reading falls
  // behind.
  constexpr int kSubscriptions = 4;
  WsClient slow(s.port, /*receive_buffer=*/4096);
  slow.login("supervisor", password_of("supervisor"));
  for (int i = 0; i < kSubscriptions; ++i) REQUIRE(slow.call(frames::subscribe(0)).has_subscribed());
  auto fast = s.client("supervisor");
  for (int i = 0; i < kSubscriptions; ++i) REQUIRE(fast->call(frames::subscribe(0)).has_subscribed());

  auto writer = s.client("supervisor");
  int created = 0;
  // The bound only stops a broken server from looping forever.
  while (s.server->metrics().slow_clients_closed() == 0 && created < 3000) {
    create_case(*writer, s.org.grid_a, "slow" + std::to_string(created));
    ++created;
    // The fast client reads what it is sent as it comes.
    for (int i = 0; i < kSubscriptions; ++i) {
      auto push = fast->next_event();
      REQUIRE(push);
      CHECK(push->event().seq() == created);
    }
  }
  REQUIRE(s.server->metrics().slow_clients_closed() == 1);
  CHECK(created > 1);
  CHECK(fast->call(frames::get_case(1)).has_case_detail());

  // The slow one finds a 1008 after what was already on its way.
  check_closed(slow, 1008);
  check_still_serving(s);
}

TEST_CASE("hostile: mediation, petition and figure calls refuse bad input like the others") {
  LiveServer s(unlimited());
  auto a = s.client("grid_a");
  auto b = s.client("grid_b");
  const auto id = create_case(*a, s.org.grid_a, "mp1");
  const auto foreign = create_case(*b, s.org.grid_b, "mp2");

  SECTION("unknown enum values") {
    v1::ClientFrame consent;
    auto* c = consent.mutable_record_consent();
    c->mutable_header()->set_request_id("mp-consent");
    c->mutable_header()->set_case_id(id);
    c->set_consent(static_cast<v1::Consent>(77));
    check_error(a->call(consent), kInvalidArgument, "UNKNOWN_ENUM_VALUE");

    auto clerk = s.client("clerk");
    v1::ClientFrame decide;
    auto* d = decide.mutable_decide_petition();
    d->mutable_header()->set_request_id("mp-decide");
    d->mutable_header()->set_case_id(id);
    d->set_decision(static_cast<v1::PetitionDecision>(-3));
    d->set_basis("信访工作条例第三十二条");
    check_error(clerk->call(decide), kInvalidArgument, "UNKNOWN_ENUM_VALUE");

    v1::ClientFrame figures;
    figures.mutable_get_figures()->set_from("2026-01-01");
    figures.mutable_get_figures()->set_to("2027-01-01");
    figures.mutable_get_figures()->set_period(static_cast<v1::Period>(1234));
    check_error(clerk->call(figures), kInvalidArgument, "UNKNOWN_ENUM_VALUE");
  }

  SECTION("forged and foreign case ids") {
    for (std::int64_t forged : {foreign, id + 1000, std::int64_t{-1}}) {
      INFO(forged);
      v1::ClientFrame dossier;
      dossier.mutable_get_dossier()->set_case_id(forged);
      CHECK(a->call(dossier).error().code() == kNotFound);
      v1::ClientFrame check;
      check.mutable_check_petition()->set_case_id(forged);
      CHECK(a->call(check).error().code() == kNotFound);
      v1::ClientFrame session;
      auto* r = session.mutable_record_session();
      r->mutable_header()->set_request_id("mp-session-" + std::to_string(forged));
      r->mutable_header()->set_case_id(forged);
      r->mutable_session()->set_kind(v1::SESSION_KIND_MEDIATION);
      r->mutable_session()->set_record("双方陈述");
      r->mutable_session()->set_place("社区调解室");
      r->mutable_session()->add_attendees("王某");
      r->mutable_session()->set_at(1773800000000);
      // A negative id is not an id at all.
      CHECK(a->call(session).error().code() == (forged > 0 ? kNotFound : kInvalidArgument));
    }
    // The foreign case is untouched.
    auto still = b->call(frames::get_case(foreign));
    REQUIRE(still.has_case_detail());
    CHECK(still.case_detail().case_().version() == 1);
  }

  SECTION("figures of a foreign unit, bad dates and a bad page size") {
    v1::ClientFrame figures;
    figures.mutable_get_figures()->set_from("2026-01-01");
    figures.mutable_get_figures()->set_to("2027-01-01");
    figures.mutable_get_figures()->set_unit_id(s.org.grid_b);
    CHECK(a->call(figures).error().code() == kNotFound);
    figures.mutable_get_figures()->set_unit_id(s.org.grid_a);
    for (const char* bad : {"2026-13-01", "yesterday", "2026-02-30", "'; DROP TABLE cases; --"}) {
      INFO(bad);
      figures.mutable_get_figures()->set_from(bad);
      CHECK(a->call(figures).error().code() == kInvalidArgument);
    }
    v1::ClientFrame drill;
    drill.mutable_list_figure_cases()->set_from("2026-01-01");
    drill.mutable_list_figure_cases()->set_to("2027-01-01");
    drill.mutable_list_figure_cases()->set_figure("closed");
    drill.mutable_list_figure_cases()->set_page_size(-1);
    check_error(a->call(drill), kInvalidArgument, "PAGE_SIZE_OUT_OF_RANGE");
  }

  SECTION("a person search needs a reason; SQL in the id number only finds nobody") {
    auto clerk = s.client("clerk");
    v1::ClientFrame find;
    find.mutable_find_person_cases()->set_id_number("110109199003071234");
    CHECK(clerk->call(find).error().code() == kInvalidArgument);
    find.mutable_find_person_cases()->set_reason("复查同一事项");
    find.mutable_find_person_cases()->set_id_number("1' OR '1'='1");
    auto found = clerk->call(find);
    INFO(found.error().reason());
    REQUIRE_FALSE(found.has_error());
    CHECK(found.cases().cases_size() == 0);
  }
  check_open(*a);
  check_still_serving(s);
}

namespace {

v1::ClientFrame hotline_order(const std::string& rid, std::int64_t unit, const std::string& order_no) {
  auto f = frames::create_case(rid, unit);
  auto* c = f.mutable_create_case();
  c->set_kind(v1::CASE_KIND_HOTLINE);
  c->set_category_code("HOT.URBAN.NOISE");
  c->set_channel(v1::CHANNEL_HOTLINE);
  c->mutable_hotline()->set_order_no(order_no);
  c->mutable_hotline()->set_deadline_class(v1::HOTLINE_DEADLINE_CLASS_NORMAL);
  c->mutable_hotline()->set_dispatched_at(1773800000000);
  return f;
}

v1::ClientFrame link(const std::string& rid, std::int64_t case_id, std::int64_t other) {
  v1::ClientFrame f;
  auto* l = f.mutable_link_cases();
  l->mutable_header()->set_request_id(rid);
  l->mutable_header()->set_case_id(case_id);
  l->mutable_header()->set_reason("同一楼道反映");
  l->set_other_case_id(other);
  return f;
}

v1::ClientFrame begin_upload(const std::string& rid, std::int64_t case_id, std::int64_t size) {
  v1::ClientFrame f;
  auto* b = f.mutable_begin_upload();
  b->set_request_id(rid);
  b->set_case_id(case_id);
  b->set_size(size);
  b->set_media_type("image/jpeg");
  b->set_sha256(std::string(64, 'a'));
  b->set_file_name("现场.jpg");
  return f;
}

}  // namespace

TEST_CASE("hostile: hotline, hazard, whistle, upload, link and merge calls refuse bad input like the others") {
  LiveServer s(unlimited());
  const auto department =
      make_unit(*s.engine, s.org.sub_district, UnitType::kDepartment, "DEP1", "城管执法中队");
  auto a = s.client("grid_a");
  auto b = s.client("grid_b");
  const auto id = create_case(*a, s.org.grid_a, "h7-1");
  const auto foreign = create_case(*b, s.org.grid_b, "h7-2");

  SECTION("unknown enum values") {
    auto clerk = s.client("clerk");
    auto order = hotline_order("h7-order", s.org.grid_a, "2026112900001");
    order.mutable_create_case()->mutable_hotline()->set_deadline_class(
        static_cast<v1::HotlineDeadlineClass>(77));
    check_error(clerk->call(order), kInvalidArgument, "UNKNOWN_ENUM_VALUE");

    v1::ClientFrame contact;
    auto* c = contact.mutable_first_contact();
    c->mutable_header()->set_request_id("h7-contact");
    c->mutable_header()->set_case_id(id);
    c->set_method(static_cast<v1::HotlineContactMethod>(55));
    c->set_result("已电话联系");
    check_error(a->call(contact), kInvalidArgument, "UNKNOWN_ENUM_VALUE");

    v1::ClientFrame inspection;
    auto* i = inspection.mutable_record_inspection();
    i->set_request_id("h7-inspection");
    i->set_site_unit_id(s.org.grid_a);
    i->set_site("河畔路1号");
    auto* finding = i->add_findings();
    finding->set_description("消防通道堆放杂物");
    finding->set_hazard(true);
    finding->set_category_code("HAZ.FIRE.PASSAGE");
    finding->set_severity(static_cast<v1::HazardSeverity>(99));
    finding->set_deadline_days(3);
    check_error(a->call(inspection), kInvalidArgument, "UNKNOWN_ENUM_VALUE");
  }

  SECTION("forged and foreign ids") {
    make_user(*s.engine, "clerk_a", Role::kIntakeClerk, s.org.grid_a);
    auto grid_clerk = s.client("clerk_a");
    for (std::int64_t forged : {foreign, id + 1000}) {
      INFO(forged);
      v1::ClientFrame sign;
      sign.mutable_sign_order()->mutable_header()->set_request_id("h7-sign-" + std::to_string(forged));
      sign.mutable_sign_order()->mutable_header()->set_case_id(forged);
      CHECK(a->call(sign).error().code() == kNotFound);
      CHECK(a->call(link("h7-link-" + std::to_string(forged), id, forged)).error().code() == kNotFound);
      v1::ClientFrame merge;
      merge.mutable_merge_case()->mutable_header()->set_request_id("h7-merge-" + std::to_string(forged));
      merge.mutable_merge_case()->mutable_header()->set_case_id(id);
      merge.mutable_merge_case()->set_into_case_id(forged);
      // A grid worker may not merge at all; a clerk of the grid may, but not into what it cannot see.
      check_error(a->call(merge), kPermissionDenied, "ROLE_MAY_NOT");
      CHECK(grid_clerk->call(merge).error().code() == kNotFound);
      v1::ClientFrame unmerge;
      unmerge.mutable_unmerge_case()->mutable_header()->set_request_id("h7-unmerge-" + std::to_string(forged));
      unmerge.mutable_unmerge_case()->mutable_header()->set_case_id(forged);
      CHECK(a->call(unmerge).error().code() == kNotFound);
      CHECK(a->call(begin_upload("h7-up-" + std::to_string(forged), forged, 10)).error().code() == kNotFound);
      v1::ClientFrame related;
      related.mutable_get_related_cases()->set_case_id(forged);
      CHECK(a->call(related).error().code() == kNotFound);
      v1::ClientFrame read;
      read.mutable_read_attachment()->set_attachment_id(forged);
      CHECK(a->call(read).error().code() == kNotFound);
    }
    v1::ClientFrame chunk;
    chunk.mutable_upload_chunk()->set_upload_id("not-an-upload");
    chunk.mutable_upload_chunk()->set_data("x");
    check_error(a->call(chunk), kNotFound, "UPLOAD_NOT_FOUND");
    v1::ClientFrame finish;
    finish.mutable_finish_upload()->set_upload_id("'; DROP TABLE attachments; --");
    check_error(a->call(finish), kNotFound, "UPLOAD_NOT_FOUND");

    // Neither case was touched, and neither sees a link.
    auto still = b->call(frames::get_case(foreign));
    REQUIRE(still.has_case_detail());
    CHECK(still.case_detail().case_().version() == 1);
    auto own = a->call(frames::get_case(id));
    REQUIRE(own.has_case_detail());
    CHECK(own.case_detail().case_().version() == 1);
  }

  SECTION("bad values: sizes, offsets, ratings, departments, link targets, order numbers") {
    check_error(a->call(begin_upload("h7-neg", id, -5)), kInvalidArgument, "BAD_SIZE");
    auto started = a->call(begin_upload("h7-ok", id, 10));
    INFO(started.error().reason());
    REQUIRE(started.has_upload_started());
    v1::ClientFrame chunk;
    chunk.mutable_upload_chunk()->set_upload_id(started.upload_started().upload_id());
    chunk.mutable_upload_chunk()->set_offset(4);
    chunk.mutable_upload_chunk()->set_data("abcd");
    check_error(a->call(chunk), kInvalidArgument, "BAD_OFFSET");

    check_error(a->call(link("h7-self", id, id)), kInvalidArgument, "BAD_LINK_TARGET");

    auto supervisor = s.client("supervisor");
    v1::ClientFrame whistle;
    auto* w = whistle.mutable_whistle();
    w->mutable_header()->set_request_id("h7-whistle");
    w->mutable_header()->set_case_id(id);
    w->add_department_unit_ids(s.org.grid_b);
    w->set_report_by(4102444800000);  // 2100-01-01
    check_error(supervisor->call(whistle), kInvalidArgument, "NOT_A_DEPARTMENT");
    w->clear_department_unit_ids();
    w->add_department_unit_ids(department);
    w->add_department_unit_ids(department);
    check_error(supervisor->call(whistle), kInvalidArgument, "BAD_DEPARTMENTS");

    v1::ClientFrame rate;
    auto* r = rate.mutable_rate_department();
    r->mutable_header()->set_request_id("h7-rate");
    r->mutable_header()->set_case_id(id);
    r->set_department_unit_id(department);
    r->set_rating(9);
    check_error(supervisor->call(rate), kInvalidArgument, "BAD_RATING");

    auto clerk = s.client("clerk");
    check_error(clerk->call(hotline_order("h7-spaced", s.org.grid_a, "12345 OR 1=1")), kInvalidArgument,
                "BAD_ORDER_NUMBER");
    // SQL metacharacters without spaces are only an odd number, kept verbatim and unique.
    const std::string odd = "1';DROP--\"x";
    auto created = clerk->call(hotline_order("h7-odd", s.org.grid_a, odd));
    INFO(created.error().reason() << ": " << created.error().message());
    REQUIRE(created.has_case_result());
    auto read = clerk->call(frames::get_case(created.case_result().case_().id()));
    REQUIRE(read.has_case_detail());
    CHECK(read.case_detail().case_().hotline().intake().order_no() == odd);
    auto other = hotline_order("h7-odd-2", s.org.grid_a, odd);
    other.mutable_create_case()->set_title("另一件事");
    CHECK(clerk->call(other).error().reason() == "HOTLINE_ORDER_EXISTS");
  }
  check_open(*a);
  check_still_serving(s);
}
