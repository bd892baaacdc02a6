// The Repository contract of evidence: attachments and the evidence flag of categories, run
// against the in-memory fake and SQLite.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

Attachment sample_attachment(CaseId case_id) {
  Attachment a;
  a.case_id = case_id;
  a.sha256 = std::string(63, 'b') + "c";
  a.size = 987654321;
  a.media_type = "image/jpeg";
  a.file_name = "整改后 'after'.jpg";
  a.note = "灭火器已更换，含 \"引号\"";
  a.has_coordinates = true;
  a.lat = 39.912345;
  a.lon = -116.5;
  a.captured_at = 1773626300000;
  a.uploaded_by = 7;
  a.uploaded_at = 1773626400000;
  return a;
}

std::string dump(const Attachment& a) {
  std::ostringstream o;
  o.precision(17);
  o << a.id << '|' << a.case_id << '|' << a.sha256 << '|' << a.size << '|' << a.media_type << '|' << a.file_name
    << '|' << a.note << '|' << a.has_coordinates << '|' << a.lat << '|' << a.lon << '|' << a.captured_at << '|'
    << a.uploaded_by << '|' << a.uploaded_at;
  return o.str();
}

std::vector<Attachment> attachments_of(Repository& repo, CaseId id) {
  return read_ok<std::vector<Attachment>>(repo, [&](ReadView& r) { return r.list_attachments(id); });
}

}  // namespace

TEMPLATE_TEST_CASE("attachments round-trip every field, listed per case in order", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const CaseId one = insert_case(repo, sample_case("XC-2026-000001"));
  const CaseId two = insert_case(repo, sample_case("XC-2026-000002"));
  CHECK(attachments_of(repo, one).empty());

  Attachment a = sample_attachment(one);
  Attachment b = sample_attachment(two);
  Attachment c = sample_attachment(one);
  c.has_coordinates = false;
  c.lat = c.lon = 0;
  c.file_name.clear();
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_attachment(a).status());
            GRIDCASE_RETURN_IF_ERROR(w.insert_attachment(b).status());
            return w.insert_attachment(c).status();
          }).is_ok());
  CHECK(a.id > 0);
  CHECK(b.id > a.id);
  CHECK(c.id > b.id);

  auto listed = attachments_of(repo, one);
  REQUIRE(listed.size() == 2);
  CHECK(dump(listed[0]) == dump(a));
  CHECK(dump(listed[1]) == dump(c));
  CHECK(dump(read_ok<Attachment>(repo, [&](ReadView& r) { return r.get_attachment(b.id); })) == dump(b));
  Status missing = read_status(repo, [](ReadView& r) { return r.get_attachment(999).status(); });
  CHECK(missing.code() == Code::kNotFound);
  CHECK(missing.reason() == "ATTACHMENT_NOT_FOUND");
}

TEMPLATE_TEST_CASE("an attachment of an unknown case is refused, a failed write keeps none", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const CaseId id = insert_case(repo, sample_case("XC-2026-000001"));
  Status s = write(repo, [&](WriteView& w) -> Status {
    Attachment ghost = sample_attachment(404);
    return w.insert_attachment(ghost).status();
  });
  CHECK(s.code() == Code::kNotFound);
  s = write(repo, [&](WriteView& w) -> Status {
    Attachment a = sample_attachment(id);
    GRIDCASE_RETURN_IF_ERROR(w.insert_attachment(a).status());
    return Status(reason::MISSING_FIELD, "give up after writing");
  });
  CHECK(s.reason() == "MISSING_FIELD");
  CHECK(attachments_of(repo, id).empty());
  // The id the failed write took is free again.
  Attachment kept = sample_attachment(id);
  REQUIRE(write(repo, [&](WriteView& w) { return w.insert_attachment(kept).status(); }).is_ok());
  CHECK(kept.id == 1);
}

TEMPLATE_TEST_CASE("a category's evidence flag is stored and replaced by upsert", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  auto load = [&] { return read_ok<std::vector<Category>>(repo, [](ReadView& r) { return r.load_categories(); }); };
  auto flag = [&](const std::string& code) {
    auto all = load();
    auto it = std::find_if(all.begin(), all.end(), [&](const Category& c) { return c.code == code; });
    REQUIRE(it != all.end());
    return it->evidence_required;
  };
  Category hazard = builtin_categories().front();
  CHECK_FALSE(flag(hazard.code));
  hazard.evidence_required = true;
  REQUIRE(write(repo, [&](WriteView& w) { return w.upsert_category(hazard); }).is_ok());
  CHECK(flag(hazard.code));
  hazard.evidence_required = false;
  REQUIRE(write(repo, [&](WriteView& w) { return w.upsert_category(hazard); }).is_ok());
  CHECK_FALSE(flag(hazard.code));
}

}  // namespace gridcase::testing
