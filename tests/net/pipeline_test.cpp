// No case mutation bypasses the command pipeline: every action request of the frame table, and
// the calls of their own (create, link, unlink, unmerge, inspections and plans), reach the
// store as pipeline runs only, one write unit each, and a resend is answered by the pipeline
// too. A counting repository sees every write unit.
#include <catch2/catch.hpp>

#include <atomic>
#include <optional>

#include "fake_crypto.hpp"
#include "frames.hpp"
#include "gridcase/memory_repository.hpp"
#include "gridcase/net/action_frames.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/visibility.hpp"
#include "org_fixture.hpp"

using namespace gridcase;
using namespace gridcase::net;
using namespace gridcase::testing;

namespace {

constexpr TimeMs kStart = 1773626400000LL;  // 2026-03-16 10:00 Asia/Shanghai

class CountingRepository final : public Repository {
 public:
  explicit CountingRepository(Repository& inner) : inner_(inner) {}
  Status read(const std::function<Status(ReadView&)>& fn) override { return inner_.read(fn); }
  void write(std::function<Status(WriteView&)> fn, std::function<void(Status)> done) override {
    ++writes;
    inner_.write(std::move(fn), std::move(done));
  }
  std::atomic<int> writes{0};

 private:
  Repository& inner_;
};

struct Harness {
  MemoryRepository memory;
  CountingRepository repo{memory};
  FakeCrypto crypto;
  ManualClock clock{kStart};
  Engine engine{repo, crypto, clock, nullptr};
  Dispatcher dispatcher{engine, nullptr};
  SessionContext ctx;
  Org org;
  std::uint64_t call = 1;

  Harness() {
    REQUIRE(engine.load().is_ok());
    org = build_org(engine);
    auto r = send(frames::login("supervisor", password_of("supervisor")));
    REQUIRE_FALSE(r.has_error());
  }

  v1::Reply send(v1::ClientFrame f) {
    f.set_call_id(call++);
    std::optional<v1::Reply> later;
    auto now = dispatcher.dispatch(ctx, f, [&](v1::Reply r) { later = std::move(r); });
    REQUIRE((now || later));  // the in-memory store commits inline
    return now ? *now : *later;
  }

  // Sends `f` and checks that each write unit it caused was one pipeline run, at most one.
  v1::Reply through_pipeline(const v1::ClientFrame& f) {
    const int writes = repo.writes.load();
    const std::uint64_t runs = engine.mutations_run();
    v1::Reply r = send(f);
    const int wrote = repo.writes.load() - writes;
    const auto ran = static_cast<int>(engine.mutations_run() - runs);
    INFO(call_name(f) << ": " << r.error().reason() << " " << r.error().message());
    CHECK(wrote == ran);
    CHECK(ran <= 1);
    return r;
  }

  std::int64_t create(const std::string& rid) {
    auto r = through_pipeline(frames::create_case(rid, org.grid_a));
    REQUIRE_FALSE(r.has_error());
    return r.case_result().case_().id();
  }
};

// The frame of `row`, for `case_id`, with every header field set.
v1::ClientFrame action_request(const ActionFrame& row, std::int64_t case_id, const std::string& rid) {
  v1::ClientFrame f;
  const auto* field = v1::ClientFrame::descriptor()->FindFieldByNumber(row.request);
  auto* request = f.GetReflection()->MutableMessage(&f, field);
  const auto* header_field = request->GetDescriptor()->FindFieldByName("header");
  auto* header = static_cast<v1::ActionHeader*>(request->GetReflection()->MutableMessage(request, header_field));
  header->set_request_id(rid);
  header->set_case_id(case_id);
  header->set_reason("网格员现场核实");
  return f;
}

}  // namespace

TEST_CASE("every action request reaches the store only through the command pipeline") {
  Harness h;
  const std::int64_t id = h.create("c-1");
  int applied = 0;
  int n = 0;
  for (const auto& row : action_frames()) {
    auto r = h.through_pipeline(action_request(row, id, "a-" + std::to_string(++n)));
    if (!r.has_error()) ++applied;
  }
  // Enough of them find the case in a state that allows them to change it.
  CHECK(applied >= 5);
}

TEST_CASE("a resent action is answered by the pipeline from what the first call made") {
  Harness h;
  const std::int64_t id = h.create("c-1");
  const auto first = h.through_pipeline(frames::accept("acc-1", id));
  REQUIRE_FALSE(first.has_error());
  const auto events = h.engine.queries().events_since(1, 1000)->size();
  const auto again = h.through_pipeline(frames::accept("acc-1", id));
  REQUIRE_FALSE(again.has_error());
  CHECK(again.case_result().replayed());
  CHECK(again.case_result().applied_version() == first.case_result().applied_version());
  CHECK(h.engine.queries().events_since(1, 1000)->size() == events);
}

TEST_CASE("links, unmerging, inspections and plans reach the store through the pipeline too") {
  Harness h;
  const std::int64_t a = h.create("c-a");
  const std::int64_t b = h.create("c-b");
  v1::ClientFrame link;
  auto* l = link.mutable_link_cases();
  l->mutable_header()->set_request_id("link-1");
  l->mutable_header()->set_case_id(a);
  l->set_other_case_id(b);
  CHECK_FALSE(h.through_pipeline(link).has_error());
  v1::ClientFrame unlink;
  *unlink.mutable_unlink_cases() = link.link_cases();
  unlink.mutable_unlink_cases()->mutable_header()->set_request_id("unlink-1");
  CHECK_FALSE(h.through_pipeline(unlink).has_error());
  v1::ClientFrame unmerge;
  unmerge.mutable_unmerge_case()->mutable_header()->set_request_id("unmerge-1");
  unmerge.mutable_unmerge_case()->mutable_header()->set_case_id(a);
  CHECK(h.through_pipeline(unmerge).error().reason() == "NOT_MERGED");

  v1::ClientFrame inspect;
  auto* i = inspect.mutable_record_inspection();
  i->set_request_id("inspect-1");
  i->set_site_unit_id(h.org.grid_a);
  i->set_site("河畔小区3号楼");
  i->add_findings()->set_description("消防通道畅通");
  const auto inspected = h.through_pipeline(inspect);
  REQUIRE_FALSE(inspected.has_error());
  // A resend answers the same inspection, by the id its request stored.
  const auto resent = h.through_pipeline(inspect);
  REQUIRE_FALSE(resent.has_error());
  CHECK(resent.inspection().inspection().id() == inspected.inspection().inspection().id());

  v1::ClientFrame plan;
  auto* p = plan.mutable_create_inspection_plan();
  p->set_request_id("plan-1");
  p->set_site_unit_id(h.org.grid_a);
  p->set_site("河畔小区");
  p->set_period_days(7);
  p->set_inspector_user_id(h.org.worker_a);
  const auto planned = h.through_pipeline(plan);
  INFO(planned.error().message());
  REQUIRE_FALSE(planned.has_error());
  CHECK(h.through_pipeline(plan).inspection_plan().plan().id() == planned.inspection_plan().plan().id());
}
