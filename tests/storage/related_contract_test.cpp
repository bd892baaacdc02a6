// The Repository contract of related cases: links and merged children, run against the
// in-memory fake and SQLite.
#include <catch2/catch.hpp>

#include "storage_fixtures.hpp"

namespace gridcase::testing {

TEMPLATE_TEST_CASE("links are symmetric, listed from either side, unique, and removed once", "[contract]",
                   MemoryStore, SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const CaseId a = insert_case(repo, sample_case("XC-2026-000001"));
  const CaseId b = insert_case(repo, sample_case("XC-2026-000002"));
  const CaseId c = insert_case(repo, sample_case("XC-2026-000003"));
  auto links_of = [&](CaseId id) {
    return read_ok<std::vector<CaseLink>>(repo, [&](ReadView& r) { return r.list_links(id); });
  };
  CHECK(links_of(a).empty());
  REQUIRE(write(repo, [&](WriteView& w) -> Status {
            GRIDCASE_RETURN_IF_ERROR(w.insert_link({b, a, 7, 1000, "同一事项 'x'"}));
            return w.insert_link({c, b, 8, 2000, ""});
          }).is_ok());
  auto of_a = links_of(a);
  REQUIRE(of_a.size() == 1);
  CHECK(of_a[0].case_id == a);  // stored smaller id first
  CHECK(of_a[0].other_case_id == b);
  CHECK(of_a[0].linked_by == 7);
  CHECK(of_a[0].linked_at == 1000);
  CHECK(of_a[0].reason == "同一事项 'x'");
  auto of_b = links_of(b);
  REQUIRE(of_b.size() == 2);
  CHECK(of_b[0].linked_at == 1000);
  CHECK(of_b[1].other_case_id == c);

  Status again = write(repo, [&](WriteView& w) { return w.insert_link({a, b, 9, 3000, ""}); });
  CHECK(again.code() == Code::kAlreadyExists);
  CHECK(again.reason() == "ALREADY_LINKED");
  REQUIRE(write(repo, [&](WriteView& w) { return w.delete_link(b, a); }).is_ok());
  CHECK(links_of(a).empty());
  CHECK(links_of(b).size() == 1);
  Status gone = write(repo, [&](WriteView& w) { return w.delete_link(a, b); });
  CHECK(gone.code() == Code::kNotFound);
  CHECK(gone.reason() == "NOT_LINKED");
}

TEMPLATE_TEST_CASE("merged_children lists the cases merged into a parent", "[contract]", MemoryStore,
                   SqliteStore, PgStore) {
  TestType store;
  Repository& repo = store.repo();
  const CaseId parent = insert_case(repo, sample_case("XC-2026-000001"));
  Case one = sample_case("XC-2026-000002");
  one.merged_into = parent;
  Case two = sample_case("XC-2026-000003");
  two.merged_into = parent;
  Case other = sample_case("XC-2026-000004");
  other.merged_into = 0;
  const CaseId a = insert_case(repo, one);
  const CaseId b = insert_case(repo, two);
  insert_case(repo, other);
  auto children = [&](CaseId id) {
    return read_ok<std::vector<CaseId>>(repo, [&](ReadView& r) { return r.merged_children(id); });
  };
  CHECK(children(parent) == std::vector<CaseId>{a, b});
  CHECK(children(a).empty());
  CHECK(children(0).empty());
}

}  // namespace gridcase::testing
