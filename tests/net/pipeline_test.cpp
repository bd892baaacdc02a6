// No mutation bypasses the command pipeline: every action request of the frame table, the calls
// of their own (create, link, unlink, unmerge, uploads, inspections and plans) and the admin
// calls reach the store as pipeline runs only, one write unit each, and a resend is answered by
// the pipeline too. Every request of the API is classified here, so that a new one must be. A
// counting repository sees every write unit.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "fake_crypto.hpp"
#include "frames.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/memory_repository.hpp"
#include "gridcase/net/attachment_store.hpp"
#include "gridcase/net/action_frames.hpp"
#include "gridcase/net/convert.hpp"
#include "gridcase/net/dispatcher.hpp"
#include "gridcase/visibility.hpp"
#include "org_fixture.hpp"
#include "sha256.hpp"

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

std::string temp_dir() {
  std::random_device random;
  auto dir = std::filesystem::temp_directory_path() / ("gridcase-pipeline-" + std::to_string(random()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::unique_ptr<AttachmentStore> open_store(const std::string& dir) {
  auto store = AttachmentStore::open(dir, AttachmentLimits{});
  REQUIRE(store.is_ok());
  return std::move(*store);
}

struct Harness {
  MemoryRepository memory;
  CountingRepository repo{memory};
  FakeCrypto crypto;
  ManualClock clock{kStart};
  Engine engine{repo, crypto, clock, nullptr};
  std::string files = temp_dir();
  std::unique_ptr<AttachmentStore> attachments = open_store(files);
  Dispatcher dispatcher{engine, nullptr, attachments.get()};
  SessionContext ctx;
  SessionContext admin;
  Org org;
  std::uint64_t call = 1;

  Harness() {
    REQUIRE(engine.load().is_ok());
    org = build_org(engine);
    auto r = send(frames::login("supervisor", password_of("supervisor")));
    REQUIRE_FALSE(r.has_error());
    REQUIRE_FALSE(send(frames::login("admin", password_of("admin")), admin).has_error());
  }
  ~Harness() { std::filesystem::remove_all(files); }

  v1::Reply send(v1::ClientFrame f) { return send(std::move(f), ctx); }
  v1::Reply send(v1::ClientFrame f, SessionContext& session) {
    f.set_call_id(call++);
    std::optional<v1::Reply> later;
    auto now = dispatcher.dispatch(session, f, [&](v1::Reply r) { later = std::move(r); });
    REQUIRE((now || later));  // the in-memory store commits inline
    return now ? *now : *later;
  }

  // Sends `f` and checks that each write unit it caused was one pipeline run, at most one.
  v1::Reply through_pipeline(const v1::ClientFrame& f) { return through_pipeline(f, ctx); }
  v1::Reply through_pipeline(const v1::ClientFrame& f, SessionContext& session) {
    const int writes = repo.writes.load();
    const std::uint64_t runs = engine.mutations_run();
    v1::Reply r = send(f, session);
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

namespace {

// Every request of the API, by what it does to the store.
enum class Kind { kRead, kSession, kUploadStep, kMutation };

const std::map<std::string, Kind>& classes() {
  static const std::map<std::string, Kind> k = [] {
    std::map<std::string, Kind> m;
    for (const char* f : {"get_org_tree", "list_categories", "get_case", "list_cases", "reveal_party", "subscribe",
                          "unsubscribe", "list_users", "get_board", "list_policies", "get_calendar", "working_time", "list_audit",
                          "get_dossier", "check_petition", "find_person_cases", "get_figures", "get_ranking",
                          "list_figure_cases", "find_duplicates", "list_attachments", "read_attachment",
                          "get_related_cases", "list_inspection_plans", "list_inspections", "get_complaint_rates",
                          "list_estates", "get_company_figures", "get_company_ranking", "list_forums",
                          "get_forum_figures", "list_warnings", "get_project", "list_projects",
                          "get_project_figures"}) {
      m[f] = Kind::kRead;
    }
    for (const char* f : {"login", "resume", "logout", "change_password", "revoke_sessions"}) m[f] = Kind::kSession;
    // The bytes of an upload go to the attachment store; FinishUpload records the attachment.
    for (const char* f : {"begin_upload", "upload_chunk", "abort_upload"}) m[f] = Kind::kUploadStep;
    for (const char* f : {"create_case", "create_user", "update_user", "create_org_unit", "update_org_unit",
                          "set_policy", "set_calendar_year", "set_category_evidence", "link_cases", "unlink_cases",
                          "unmerge_case", "record_inspection", "create_inspection_plan", "run_due_plans",
                          "finish_upload", "load_population", "set_complaint_target", "add_estate", "record_forum",
                          "handle_opinion", "handle_warning", "set_warning_policy", "project_command"}) {
      m[f] = Kind::kMutation;
    }
    for (const auto& row : action_frames()) {
      m[v1::ClientFrame::descriptor()->FindFieldByNumber(row.request)->name()] = Kind::kMutation;
    }
    return m;
  }();
  return k;
}

// A frame with `field` set to its default (empty) request.
v1::ClientFrame empty_request(const google::protobuf::FieldDescriptor* field) {
  v1::ClientFrame f;
  f.GetReflection()->MutableMessage(&f, field);
  return f;
}

}  // namespace

TEST_CASE("every request of the API is a read, a session call, an upload step or a mutation") {
  const auto* oneof = v1::ClientFrame::descriptor()->FindOneofByName("request");
  REQUIRE(oneof != nullptr);
  std::set<std::string> seen;
  for (int i = 0; i < oneof->field_count(); ++i) {
    const std::string name = oneof->field(i)->name();
    INFO(name << " must be classified in pipeline_test.cpp: is it a mutation?");
    CHECK(classes().count(name) == 1);
    seen.insert(name);
  }
  for (const auto& [name, kind] : classes()) {
    INFO(name);
    CHECK(seen.count(name) == 1);  // no stale entry
  }
}

TEST_CASE("reads and upload steps write nothing to the store, whatever they are sent") {
  Harness h;
  const std::int64_t id = h.create("c-1");
  (void)id;
  const auto* oneof = v1::ClientFrame::descriptor()->FindOneofByName("request");
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    const Kind kind = classes().at(field->name());
    if (kind != Kind::kRead && kind != Kind::kUploadStep) continue;
    // Reveals and person look-ups are reads that put an audit entry on record before the data
    // leaves; empty ones are refused before that. The audit log (admins only) first lets the
    // entries queued before it land: one empty write unit that changes nothing.
    INFO(field->name());
    const int writes = h.repo.writes.load();
    h.send(empty_request(field), h.admin);
    h.send(empty_request(field));
    CHECK(h.repo.writes.load() - writes == (field->name() == "list_audit" ? 1 : 0));
  }
}

TEST_CASE("admin calls, uploads and the plan run are each one pipeline run") {
  Harness h;
  const std::int64_t id = h.create("c-1");
  auto once = [&](const v1::ClientFrame& f, SessionContext& session) {
    const std::uint64_t runs = h.engine.mutations_run();
    auto r = h.through_pipeline(f, session);
    INFO(call_name(f) << ": " << r.error().reason() << " " << r.error().message());
    CHECK_FALSE(r.has_error());
    CHECK(h.engine.mutations_run() - runs == 1);
    return r;
  };

  v1::ClientFrame user;
  auto* u = user.mutable_create_user();
  u->set_username("grid_c");
  u->set_password("grid-c-secret-2026");
  u->set_role(v1::ROLE_GRID_WORKER);
  u->set_scope_unit_id(h.org.grid_a);
  u->set_request_id("user-1");
  const auto made = once(user, h.admin);
  // A resend answers the user the first call made; the same request_id with other content is
  // refused.
  CHECK(once(user, h.admin).user().user().id() == made.user().user().id());
  u->set_display_name("另一个人");
  CHECK(h.through_pipeline(user, h.admin).error().reason() == "REQUEST_ID_REUSED");

  v1::ClientFrame update;
  update.mutable_update_user()->set_user_id(made.user().user().id());
  update.mutable_update_user()->set_display_name("网格员丙");
  once(update, h.admin);

  v1::ClientFrame unit;
  auto* nu = unit.mutable_create_org_unit();
  nu->set_parent_id(h.org.community);
  nu->set_type(v1::UNIT_TYPE_GRID);
  nu->set_code("G3");
  nu->set_name("河畔第三网格");
  nu->set_request_id("unit-1");
  const auto grid = once(unit, h.admin);
  CHECK(once(unit, h.admin).org_unit().unit().id() == grid.org_unit().unit().id());
  nu->set_code("G4");
  CHECK(h.through_pipeline(unit, h.admin).error().reason() == "REQUEST_ID_REUSED");

  v1::ClientFrame rename;
  rename.mutable_update_org_unit()->set_unit_id(grid.org_unit().unit().id());
  rename.mutable_update_org_unit()->set_name("河畔三网格");
  once(rename, h.admin);

  v1::ClientFrame policies;
  policies.mutable_list_policies();
  const auto listed = h.send(policies, h.admin);
  REQUIRE(listed.policies().policies_size() > 0);
  v1::ClientFrame policy;
  *policy.mutable_set_policy()->mutable_policy() = listed.policies().policies(0);
  policy.mutable_set_policy()->mutable_policy()->set_basis("街道办事处规定");
  once(policy, h.admin);

  v1::ClientFrame year;
  year.mutable_set_calendar_year()->set_text(std::string(builtin_calendar_texts().front()));
  once(year, h.admin);

  v1::ClientFrame categories;
  categories.mutable_list_categories();
  const auto catalogue = h.send(categories, h.admin);
  REQUIRE(catalogue.categories().categories_size() > 0);
  v1::ClientFrame evidence;
  evidence.mutable_set_category_evidence()->set_category_code(catalogue.categories().categories(0).code());
  evidence.mutable_set_category_evidence()->set_required(true);
  once(evidence, h.admin);

  // A plan due now, made by the plan run.
  v1::ClientFrame plan;
  auto* p = plan.mutable_create_inspection_plan();
  p->set_request_id("plan-1");
  p->set_site_unit_id(h.org.grid_a);
  p->set_site("河畔小区");
  p->set_period_days(7);
  p->set_inspector_user_id(h.org.worker_a);
  once(plan, h.ctx);
  v1::ClientFrame plans;
  plans.mutable_run_due_plans();
  CHECK(once(plans, h.ctx).due_plans_run().inspections_made() == 1);

  // An upload: its steps write nothing; finishing it records the attachment, once.
  const std::string bytes(100, 'x');
  v1::ClientFrame begin;
  auto* b = begin.mutable_begin_upload();
  b->set_request_id("up-1");
  b->set_case_id(id);
  b->set_size(static_cast<std::int64_t>(bytes.size()));
  b->set_media_type("text/plain");
  b->set_sha256(sha256_hex(bytes));
  b->set_file_name("note.txt");
  const int writes = h.repo.writes.load();
  const auto started = h.send(begin);
  REQUIRE(started.has_upload_started());
  v1::ClientFrame chunk;
  chunk.mutable_upload_chunk()->set_upload_id(started.upload_started().upload_id());
  chunk.mutable_upload_chunk()->set_data(bytes);
  REQUIRE(h.send(chunk).has_upload_progress());
  CHECK(h.repo.writes.load() == writes);
  v1::ClientFrame finish;
  finish.mutable_finish_upload()->set_upload_id(started.upload_started().upload_id());
  once(finish, h.ctx);
}
