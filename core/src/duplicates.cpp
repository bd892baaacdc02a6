// Duplicate suggestions: the cases a draft likely repeats (duplicates.hpp).
#include "gridcase/duplicates.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "gridcase/access.hpp"
#include "engine_core.hpp"
#include "gridcase/text.hpp"
#include "scope.hpp"

namespace gridcase {

namespace {

std::string trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string matter_of(const Case& c) {
  return c.petition.intake.matter.empty() ? c.title : c.petition.intake.matter;
}

TimeMs distance(TimeMs a, TimeMs b) { return a > b ? a - b : b - a; }

// How many cases of one category are looked at, newest first, before the window is applied.
constexpr int kCategoryScan = 1000;

}  // namespace

DuplicateQuery duplicate_query_of(const Case& c) {
  DuplicateQuery q;
  q.kind = c.kind;
  q.category_code = c.category_code;
  q.location = c.location;
  for (const auto& p : c.parties) {
    if (!p.id_number.empty()) q.id_numbers.push_back(p.id_number);
  }
  q.matter = matter_of(c);
  q.at = c.created_at;
  q.exclude_case_id = c.id;
  return q;
}

bool is_likely_duplicate(const DuplicateQuery& draft, const Case& candidate, TimeMs at, TimeMs window) {
  if (candidate.id == draft.exclude_case_id) return false;
  if (draft.kind == CaseKind::kPetition && candidate.kind == CaseKind::kPetition &&
      !draft.matter.empty() && trimmed(matter_of(candidate)) == trimmed(draft.matter)) {
    for (const auto& p : candidate.parties) {
      if (p.id_number.empty()) continue;
      if (std::find(draft.id_numbers.begin(), draft.id_numbers.end(), p.id_number) != draft.id_numbers.end()) {
        return true;
      }
    }
  }
  if (candidate.category_code != draft.category_code || distance(candidate.created_at, at) > window) {
    return false;
  }
  const bool same_unit = draft.location.unit_id != 0 && candidate.location.unit_id == draft.location.unit_id;
  const std::string address = trimmed(draft.location.address);
  const bool same_address = !address.empty() && trimmed(candidate.location.address) == address;
  return same_unit || same_address;
}

Result<std::vector<Case>> CaseQueries::find_duplicates(UserId actor, const DuplicateQuery& asked) {
  DuplicateQuery query = asked;
  if (asked.kind == CaseKind::kUnspecified && asked.exclude_case_id > 0) {
    OrgTreePtr tree = core_.tree();
    Status s = core_.repo.read([&](ReadView& view) -> Status {
      auto user = acting_user(view, actor);
      if (!user) return user.status();
      auto c = visible_case(view, *tree, *user, asked.exclude_case_id);
      if (!c) return c.status();
      query = duplicate_query_of(*c);
      return Status{};
    });
    if (!s) return s;
    query.limit = asked.limit;
  }
  const int kind = static_cast<int>(query.kind);
  if (kind <= 0 || kind > static_cast<int>(CaseKind::kIncident)) {
    return Status(reason::INVALID_ENUM_VALUE, "unknown or missing value for kind");
  }
  if (query.category_code.empty()) return Status(reason::MISSING_FIELD, "category_code is required");
  if (query.limit < 0 || query.limit > kMaxDuplicates) {
    return Status(reason::PAGE_SIZE_OUT_OF_RANGE, "limit must be between 1 and " + std::to_string(kMaxDuplicates));
  }
  const auto all = core_.categories(query.kind);
  if (std::none_of(all.begin(), all.end(), [&](const Category& c) { return c.code == query.category_code; })) {
    return Status(reason::UNKNOWN_CATEGORY, "no category " + query.category_code + " for that kind");
  }
  if (query.location.address.size() > 300 || !is_clean_text(query.location.address, false) ||
      query.matter.size() > 300 || !is_clean_text(query.matter, false)) {
    return Status(reason::BAD_TEXT, "the address and the matter are single lines of at most 300 bytes");
  }
  for (const auto& id : query.id_numbers) {
    if (id.size() > 30 || !is_clean_text(id, false)) {
      return Status(reason::BAD_ID_NUMBER, "an ID number is at most 30 characters");
    }
  }
  const TimeMs at = query.at == 0 ? core_.clock.now() : query.at;
  const int limit = query.limit == 0 ? 20 : query.limit;
  OrgTreePtr tree = core_.tree();
  std::vector<Case> out;
  User viewer;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(*user, Permission::kViewCases)) {
      return role_refusal("this role may not view cases", Permission::kViewCases);
    }
    std::vector<Case> candidates;
    CaseFilter f;
    f.category_codes = {query.category_code};
    if (user->id != kSystemActor) f.units = tree->subtree(user->scope_unit_id);
    f.limit = kCategoryScan;
    auto same_category = view.list_cases(f);
    if (!same_category) return same_category.status();
    candidates = std::move(*same_category);
    if (query.kind == CaseKind::kPetition) {
      for (const auto& id : std::set<std::string>(query.id_numbers.begin(), query.id_numbers.end())) {
        if (id.empty()) continue;
        auto same_person = view.cases_by_id_number(id, kCategoryScan);
        if (!same_person) return same_person.status();
        for (auto& c : *same_person) candidates.push_back(std::move(c));
      }
    }
    std::set<CaseId> seen;
    for (auto& c : candidates) {
      if (!seen.insert(c.id).second) continue;
      if (!sees(*tree, *user, c)) continue;
      if (is_likely_duplicate(query, c, at, core_.options.duplicate_window)) out.push_back(std::move(c));
    }
    return Status{};
  });
  if (!s) return s;
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.id > b.id; });
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  for (auto& c : out) {
    present(*tree, viewer, c);
  }
  return out;
}

}  // namespace gridcase
