// The case_links table and the merged children of a case (migration 6).
#include <algorithm>
#include <string>

#include "errors.hpp"
#include "sql_view.hpp"

namespace gridcase::storage {

Result<std::vector<CaseLink>> SqlView::list_links(CaseId case_id) {
  return guarded([&]() -> Result<std::vector<CaseLink>> {
    StatementUse s(c_, "SELECT case_id, other_case_id, linked_by, linked_at, reason FROM case_links "
                       "WHERE case_id = ?1 UNION ALL "
                       "SELECT case_id, other_case_id, linked_by, linked_at, reason FROM case_links "
                       "WHERE other_case_id = ?1 ORDER BY linked_at, case_id, other_case_id");
    s->bind(1, case_id);
    std::vector<CaseLink> out;
    while (s->executeStep()) {
      CaseLink l;
      l.case_id = s->getColumn(0).getInt64();
      l.other_case_id = s->getColumn(1).getInt64();
      l.linked_by = s->getColumn(2).getInt64();
      l.linked_at = s->getColumn(3).getInt64();
      l.reason = s->getColumn(4).getString();
      out.push_back(std::move(l));
    }
    return out;
  });
}

Result<std::vector<CaseId>> SqlView::merged_children(CaseId parent) {
  return guarded([&]() -> Result<std::vector<CaseId>> {
    StatementUse s(c_, "SELECT id FROM cases WHERE merged_into = ?1 AND merged_into != 0 ORDER BY id");
    s->bind(1, parent);
    std::vector<CaseId> out;
    while (s->executeStep()) out.push_back(s->getColumn(0).getInt64());
    return out;
  });
}

Status SqlView::insert_link(const CaseLink& l) {
  return guarded(
      [&]() -> Status {
        StatementUse s(c_, "INSERT INTO case_links(case_id, other_case_id, linked_by, linked_at, reason) "
                           "VALUES (?, ?, ?, ?, ?)");
        s->bind(1, std::min(l.case_id, l.other_case_id));
        s->bind(2, std::max(l.case_id, l.other_case_id));
        s->bind(3, l.linked_by);
        s->bind(4, l.linked_at);
        s->bind(5, l.reason);
        s->exec();
        return Status::ok();
      },
      reason::ALREADY_LINKED);
}

Status SqlView::delete_link(CaseId a, CaseId b) {
  return guarded([&]() -> Status {
    StatementUse s(c_, "DELETE FROM case_links WHERE case_id = ? AND other_case_id = ?");
    s->bind(1, std::min(a, b));
    s->bind(2, std::max(a, b));
    if (s->exec() == 0) return Status(reason::NOT_LINKED, "the cases are not linked");
    return Status::ok();
  });
}

}  // namespace gridcase::storage
