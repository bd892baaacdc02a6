// One matter, many sources (duplicate suggestions) and evidence (attachments, categories that
// require evidence before a case is resolved).
#include <algorithm>

#include "fixture.hpp"
#include "gridcase/lifecycle.hpp"

using namespace gridcase;
using testing::World;

namespace {

constexpr TimeMs kDay = 24LL * 3600 * 1000;
const std::string kSha(64, 'a');

DuplicateQuery draft_of(const NewCase& n) {
  DuplicateQuery q;
  q.kind = n.kind;
  q.category_code = n.category_code;
  q.location = n.location;
  q.title = n.title;
  q.description = n.description;
  return q;
}

// A report in `grid` of `category` at `address` with this title (no description).
NewCase report(World& w, UnitId grid, const std::string& category, const std::string& address, const std::string& title) {
  NewCase n = w.new_case(grid, CaseKind::kIncident, category);
  n.location.address = address;
  n.title = title;
  n.description.clear();
  return n;
}

Case created(World& w, const NewCase& n) {
  auto r = w.engine.commands().create_case_sync(w.supervisor, n);
  INFO(r.status().to_string());
  REQUIRE(r.is_ok());
  return r->c;
}

std::vector<CaseId> ids(const Result<std::vector<Case>>& r) {
  std::vector<CaseId> out;
  if (r) {
    for (const auto& c : *r) out.push_back(c.id);
  }
  return out;
}

bool has(const std::vector<CaseId>& v, CaseId id) { return std::find(v.begin(), v.end(), id) != v.end(); }

NewAttachment photo(World& w, CaseId id, const std::string& sha = kSha) {
  NewAttachment a;
  a.request_id = w.request_id();
  a.case_id = id;
  a.sha256 = sha;
  a.size = 1234;
  a.media_type = "image/jpeg";
  a.file_name = "after.jpg";
  a.note = "整改后照片";
  a.has_coordinates = true;
  a.lat = 39.9;
  a.lon = 116.4;
  a.captured_at = testing::kStart - 60000;
  return a;
}

NewCase petition(World& w, const std::string& matter, const std::string& id_number) {
  NewCase n = w.new_case(w.grid_a, CaseKind::kPetition, "PET.HOUSING.DEMOLITION");
  n.channel = Channel::kLetter;
  n.title = "反映拆迁补偿问题";
  CaseParty p;
  p.name = "陈明";
  p.phone = "13700001234";
  p.id_number = id_number;
  p.role = PartyRole::kApplicant;
  n.parties = {p};
  n.petition.matter = matter;
  return n;
}

}  // namespace

TEST_CASE("duplicates: same category and place within the window, only what the caller sees") {
  World w;
  const Case first = w.create(w.worker_a, w.grid_a);  // INC.ENV.RUBBISH at 河畔路1号, grid A

  NewCase draft = w.new_case(w.grid_a);
  auto found = w.engine.queries().find_duplicates(w.worker_a, draft_of(draft));
  REQUIRE(found.is_ok());
  CHECK(ids(found) == std::vector<CaseId>{first.id});
  // Parties come masked, as in every list.
  CHECK(found->front().parties.front().id_number != "110109199003071234");

  SECTION("the same address in another grid is another grid's matter") {
    NewCase elsewhere = w.new_case(w.grid_b);
    CHECK_FALSE(has(ids(w.engine.queries().find_duplicates(w.supervisor, draft_of(elsewhere))), first.id));
  }
  SECTION("another category or another place is not a duplicate") {
    NewCase other = w.new_case(w.grid_a, CaseKind::kIncident, "INC.FAC.STREETLIGHT");
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(other))).empty());
    NewCase far = w.new_case(w.grid_c);
    far.location.address = "京汉路9号";
    CHECK(ids(w.engine.queries().find_duplicates(w.supervisor, draft_of(far))).empty());
  }
  SECTION("outside the window it is not suggested") {
    w.clock.advance(8 * kDay);
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(draft))).empty());
    auto inside = draft_of(draft);
    inside.at = testing::kStart + 6 * kDay;
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, inside)) == std::vector<CaseId>{first.id});
  }
  SECTION("a user outside the subtree is shown nothing of grid A") {
    NewCase in_b = w.new_case(w.grid_b);
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_b, draft_of(in_b))).empty());
  }
  SECTION("asked for a registered case: itself is left out, the first is found") {
    const Case second = w.create(w.worker_a, w.grid_a);
    DuplicateQuery of;
    of.exclude_case_id = second.id;
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, of)) == std::vector<CaseId>{first.id});
    of.exclude_case_id = first.id;
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_b, of)).empty() == true);
    CHECK(w.engine.queries().find_duplicates(w.worker_b, of).status().reason() == "CASE_NOT_FOUND");
  }
  SECTION("bad input") {
    auto bad = draft_of(draft);
    bad.kind = static_cast<CaseKind>(42);
    CHECK(w.engine.queries().find_duplicates(w.worker_a, bad).status().reason() == "INVALID_ENUM_VALUE");
    bad = draft_of(draft);
    bad.category_code = "NO.SUCH";
    CHECK(w.engine.queries().find_duplicates(w.worker_a, bad).status().reason() == "UNKNOWN_CATEGORY");
    bad = draft_of(draft);
    bad.limit = 1000;
    CHECK(w.engine.queries().find_duplicates(w.worker_a, bad).status().code() == Code::kInvalidArgument);
  }
}

TEST_CASE("duplicates: an address typed with one more space is the same place") {
  World w;
  const Case first = created(w, report(w, w.grid_a, "INC.ENV.RUBBISH", "河畔小区3号楼东侧", "垃圾桶满溢"));
  // Another wording, the same place and category.
  NewCase draft = report(w, w.grid_a, "INC.ENV.RUBBISH", "河畔小区 3号楼东侧", "有人乱扔装修废料");
  CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(draft))) == std::vector<CaseId>{first.id});
  draft.location.address = "河畔小区３号楼，东侧";  // full-width digit and comma
  CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(draft))) == std::vector<CaseId>{first.id});
  draft.location.address = "河畔小区5号楼东侧";  // another building: another place
  CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(draft))).empty());
}

TEST_CASE("duplicates: similar Chinese text in the same grid and parent category is suggested") {
  World w;
  const Case first = created(w, report(w, w.grid_a, "INC.ENV.RUBBISH", "", "3号楼东侧垃圾堆积多日无人清运"));
  const Case unrelated = created(w, report(w, w.grid_a, "INC.ENV.RUBBISH", "", "路面有大片油污"));
  // 道路保洁 is under 环境卫生 too; the words differ a little.
  NewCase draft = report(w, w.grid_a, "INC.ENV.CLEANING", "", "3号楼东侧垃圾堆积，多日没人清运");
  auto found = ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(draft)));
  CHECK(found == std::vector<CaseId>{first.id});
  CHECK_FALSE(has(found, unrelated.id));
  SECTION("the words in the description count too") {
    NewCase d = report(w, w.grid_a, "INC.ENV.RUBBISH", "", "环境问题");
    d.description = "3号楼东侧垃圾堆积多日无人清运，气味很大";
    CHECK(has(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(d))), first.id));
  }
  SECTION("not in another grid, another category family, or at another address") {
    NewCase other_grid = draft;
    other_grid.location.unit_id = w.grid_b;
    CHECK(ids(w.engine.queries().find_duplicates(w.supervisor, draft_of(other_grid))).empty());
    NewCase manhole = report(w, w.grid_a, "INC.FAC.MANHOLE", "", draft.title);
    CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(manhole))).empty());
    const Case addressed = created(w, report(w, w.grid_a, "INC.ENV.RUBBISH", "河畔小区3号楼", "3号楼东侧垃圾堆积"));
    NewCase elsewhere = report(w, w.grid_a, "INC.ENV.RUBBISH", "京汉小区8号楼", "3号楼东侧垃圾堆积");
    CHECK_FALSE(has(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(elsewhere))), addressed.id));
  }
}

TEST_CASE("duplicates: a case merged into another is not suggested again") {
  World w;
  const Case parent = w.create(w.worker_a, w.grid_a);
  const Case child = w.create(w.worker_a, w.grid_a);
  CaseCommand merge;
  merge.action = Action::kMerge;
  merge.request_id = w.request_id();
  merge.case_id = child.id;
  merge.into_case_id = parent.id;
  REQUIRE(w.engine.commands().act_sync(w.supervisor, merge).is_ok());
  CHECK(ids(w.engine.queries().find_duplicates(w.worker_a, draft_of(w.new_case(w.grid_a)))) ==
        std::vector<CaseId>{parent.id});
}

TEST_CASE("the reply to a new case lists the cases it likely repeats") {
  World w;
  const Case first = w.create(w.worker_a, w.grid_a);
  auto second = w.engine.commands().create_case_sync(w.worker_a, w.new_case(w.grid_a));
  REQUIRE(second.is_ok());
  REQUIRE(second->duplicates.size() == 1);
  CHECK(second->duplicates.front().id == first.id);
  CHECK(second->duplicates.front().parties.front().id_number != "110109199003071234");  // masked
  // Nothing like it elsewhere.
  auto far = w.engine.commands().create_case_sync(w.supervisor, report(w, w.grid_c, "INC.FAC.MANHOLE", "京汉路9号", "井盖缺失"));
  REQUIRE(far.is_ok());
  CHECK(far->duplicates.empty());
  // At most a handful.
  for (int i = 0; i < 7; ++i) w.create(w.worker_a, w.grid_a);
  auto many = w.engine.commands().create_case_sync(w.worker_a, w.new_case(w.grid_a));
  REQUIRE(many.is_ok());
  CHECK(many->duplicates.size() == static_cast<std::size_t>(kCreateDuplicates));
}

TEST_CASE("a new case's suggestions leave out the case itself, and a resend answers the case alone") {
  World w;
  const Case first = w.create(w.worker_a, w.grid_a);
  NewCase again = w.new_case(w.grid_a);
  auto second = w.engine.commands().create_case_sync(w.worker_a, again);
  REQUIRE(second.is_ok());
  REQUIRE(second->duplicates.size() == 1);
  CHECK(second->duplicates.front().id == first.id);
  auto resent = w.engine.commands().create_case_sync(w.worker_a, again);
  REQUIRE(resent.is_ok());
  CHECK(resent->replayed);
  CHECK(resent->c.id == second->c.id);
  CHECK(resent->duplicates.empty());
  // A third report is compared with both, never with itself.
  auto third = w.engine.commands().create_case_sync(w.supervisor, w.new_case(w.grid_a));
  REQUIRE(third.is_ok());
  CHECK(ids(third->duplicates) == std::vector<CaseId>{second->c.id, first.id});
}

TEST_CASE("a merge into a case of another category or at another place needs a reason") {
  World w;
  const Case rubbish = w.create(w.worker_a, w.grid_a);
  const Case manhole = created(w, report(w, w.grid_a, "INC.FAC.MANHOLE", "河畔路1号", "井盖缺失"));
  CaseCommand merge;
  merge.action = Action::kMerge;
  merge.request_id = w.request_id();
  merge.case_id = rubbish.id;
  merge.into_case_id = manhole.id;
  merge.reason = " ";
  auto refused = w.engine.commands().act_sync(w.supervisor, merge);
  CHECK(refused.status().reason() == "MERGE_NEEDS_REASON");
  CHECK(refused.status().code() == Code::kFailedPrecondition);
  CHECK(refused.status().message().find("类别不同（垃圾暴露，井盖缺失）") != std::string::npos);
  CHECK(refused.status().message().find(manhole.number) != std::string::npos);
  auto still = w.engine.queries().get_case(w.supervisor, rubbish.id);
  REQUIRE(still.is_ok());
  CHECK(still->c.state == CaseState::kReported);  // nothing changed

  SECTION("another grid is another place") {
    const Case in_b = w.create(w.worker_b, w.grid_b);
    merge.request_id = w.request_id();
    merge.into_case_id = in_b.id;
    auto r = w.engine.commands().act_sync(w.supervisor, merge);
    CHECK(r.status().reason() == "MERGE_NEEDS_REASON");
    CHECK(r.status().message().find("地点不同") != std::string::npos);
  }
  SECTION("with a reason it is merged") {
    merge.request_id = w.request_id();
    merge.reason = "同一报告人重复上报，实为井盖周边垃圾";
    CHECK(w.engine.commands().act_sync(w.supervisor, merge).is_ok());
  }
  SECTION("the same category at the same place needs none") {
    const Case again = w.create(w.worker_a, w.grid_a);
    merge.request_id = w.request_id();
    merge.into_case_id = again.id;
    merge.reason.clear();
    CHECK(w.engine.commands().act_sync(w.supervisor, merge).is_ok());
  }
}

TEST_CASE("duplicates: a petition from the same person on the same matter, whenever it came") {
  World w;
  auto first = w.engine.commands().create_case_sync(w.clerk, petition(w, "河畔小区3号楼拆迁补偿", "110109197505051111"));
  REQUIRE(first.is_ok());
  w.clock.advance(90 * kDay);
  auto other_matter = w.engine.commands().create_case_sync(w.clerk, petition(w, "河畔小区停车收费", "110109197505051111"));
  REQUIRE(other_matter.is_ok());

  DuplicateQuery q;
  q.kind = CaseKind::kPetition;
  q.category_code = "PET.HOUSING.DEMOLITION";
  q.location.unit_id = w.grid_c;  // elsewhere: only the person and the matter match
  q.location.address = "京汉路9号";
  q.id_numbers = {"110109197505051111"};
  q.matter = "河畔小区3号楼拆迁补偿";
  CHECK(ids(w.engine.queries().find_duplicates(w.clerk, q)) == std::vector<CaseId>{first->c.id});
  q.id_numbers = {"110108197505052222"};  // another person
  CHECK(ids(w.engine.queries().find_duplicates(w.clerk, q)).empty());
}

TEST_CASE("attachments: recorded with who, when and where, listed, idempotent, refused outside scope") {
  World w;
  const Case c = w.create(w.worker_a, w.grid_a);

  auto r = w.engine.commands().add_attachment_sync(w.worker_a, photo(w, c.id));
  REQUIRE(r.is_ok());
  CHECK(r->attachment.id > 0);
  CHECK(r->attachment.uploaded_by == w.worker_a);
  CHECK(r->attachment.uploaded_at == testing::kStart);
  CHECK(r->event.action == Action::kAttach);
  CHECK(r->event.details.at("sha256") == kSha);
  CHECK(r->event.case_version == c.version + 1);

  auto list = w.engine.queries().attachments(w.supervisor, c.id);
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 1);
  CHECK(list->front().has_coordinates);
  CHECK(list->front().lat == Approx(39.9));
  CHECK(list->front().captured_at == testing::kStart - 60000);
  CHECK(list->front().note == "整改后照片");

  auto detail = w.engine.queries().get_case(w.supervisor, c.id);
  REQUIRE(detail.is_ok());
  CHECK(detail->history.back().action == Action::kAttach);

  SECTION("a resent request replays; a reused id with other content is refused") {
    NewAttachment again = photo(w, c.id);
    again.request_id = "req-attach";
    auto second = w.engine.commands().add_attachment_sync(w.worker_a, again);  // the same content again
    REQUIRE(second.is_ok());
    auto replay = w.engine.commands().add_attachment_sync(w.worker_a, again);
    REQUIRE(replay.is_ok());
    CHECK(replay->replayed);
    CHECK(replay->attachment.id == second->attachment.id);
    CHECK(replay->attachment.id != r->attachment.id);
    CHECK(w.engine.queries().attachments(w.worker_a, c.id)->size() == 2);
    again.note = "另一张";
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, again).status().reason() == "REQUEST_ID_REUSED");
    CHECK(w.engine.queries().attachments(w.worker_a, c.id)->size() == 2);
  }
  SECTION("a user outside the subtree neither sees nor attaches") {
    CHECK(w.engine.queries().attachments(w.worker_b, c.id).status().reason() == "CASE_NOT_FOUND");
    CHECK(w.engine.queries().attachment(w.worker_b, r->attachment.id).status().reason() == "ATTACHMENT_NOT_FOUND");
    CHECK(w.engine.queries().check_attach(w.worker_b, c.id).reason() == "CASE_NOT_FOUND");
    CHECK(w.engine.commands().add_attachment_sync(w.worker_b, photo(w, c.id)).status().reason() == "CASE_NOT_FOUND");
    CHECK(w.engine.queries().attachment(w.worker_a, r->attachment.id).is_ok());
  }
  SECTION("admins do not work on cases; a closed case takes no more files") {
    CHECK(w.engine.queries().check_attach(w.admin, c.id).reason() == "ROLE_MAY_NOT");
    const Case done = w.case_in(CaseState::kClosed);
    CHECK(w.engine.queries().check_attach(w.supervisor, done.id).reason() == "CASE_CLOSED");
    CHECK(w.engine.commands().add_attachment_sync(w.supervisor, photo(w, done.id)).status().reason() == "CASE_CLOSED");
  }
  SECTION("bad fields are refused before anything is written") {
    NewAttachment bad = photo(w, c.id);
    bad.sha256 = "ABC";
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, bad).status().reason() == "BAD_SHA256");
    bad = photo(w, c.id);
    bad.media_type = "jpeg";
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, bad).status().reason() == "BAD_MEDIA_TYPE");
    bad = photo(w, c.id);
    bad.file_name = "../etc/passwd";
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, bad).status().code() == Code::kInvalidArgument);
    bad = photo(w, c.id);
    bad.lat = 123;
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, bad).status().reason() == "BAD_COORDINATES");
    bad = photo(w, c.id);
    bad.size = 0;
    CHECK(w.engine.commands().add_attachment_sync(w.worker_a, bad).status().reason() == "BAD_SIZE");
    CHECK(w.engine.queries().attachments(w.worker_a, c.id)->size() == 1);
  }
}

TEST_CASE("a category that requires evidence refuses RESOLVE until the case has an attachment") {
  World w;
  SECTION("only admins set the flag; an unknown category is refused") {
    CHECK(w.engine.admin().set_category_evidence_sync(w.supervisor, "INC.ENV.RUBBISH", true).status().reason() == "ROLE_MAY_NOT");
    CHECK(w.engine.admin().set_category_evidence_sync(w.admin, "NO.SUCH", true).status().reason() == "UNKNOWN_CATEGORY");
  }
  auto set = w.engine.admin().set_category_evidence_sync(w.admin, "INC.ENV", true);  // the parent of INC.ENV.RUBBISH
  REQUIRE(set.is_ok());
  CHECK(set->evidence_required);
  auto cats = w.engine.queries().categories(CaseKind::kIncident);
  CHECK(std::any_of(cats.begin(), cats.end(), [](const Category& k) { return k.code == "INC.ENV" && k.evidence_required; }));

  const Case c = w.case_in(CaseState::kInProgress);
  auto refused = w.act(w.supervisor, Action::kResolve, c.id);
  CHECK(refused.status().code() == Code::kFailedPrecondition);
  CHECK(refused.status().reason() == "EVIDENCE_REQUIRED");
  CHECK(refused.status().message().find("INC.ENV") != std::string::npos);
  CHECK(w.engine.queries().get_case(w.supervisor, c.id)->c.state == CaseState::kInProgress);

  REQUIRE(w.engine.commands().add_attachment_sync(w.worker_a, photo(w, c.id)).is_ok());
  CHECK(w.act_ok(w.supervisor, Action::kResolve, c.id).state == CaseState::kResolved);

  SECTION("turned off, it no longer applies") {
    REQUIRE(w.engine.admin().set_category_evidence_sync(w.admin, "INC.ENV", false).is_ok());
    const Case other = w.case_in(CaseState::kResolved);
    CHECK(other.state == CaseState::kResolved);
  }
}
