// Duplicate suggestions: the cases a draft likely repeats (duplicates.hpp).
#include "gridcase/duplicates.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

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

// Only the beginning of a long description is compared.
constexpr std::size_t kComparedBytes = 600;

// The unit whose cases are the candidates: the grid of a location, or the unit itself when it
// lies under no grid.
UnitId area_of(const OrgTree& tree, UnitId unit) {
  const OrgUnit* grid = tree.ancestor_of_type(unit, UnitType::kGrid);
  return grid != nullptr ? grid->id : unit;
}

// The category family of `code`: its parent and every category under that parent (under
// `code` itself at the top of a tree).
std::vector<std::string> family_of(const std::vector<Category>& all, const std::string& code) {
  std::string root = code;
  for (const auto& c : all) {
    if (c.code == code && !c.parent_code.empty()) root = c.parent_code;
  }
  std::vector<std::string> out;
  for (const auto& c : all) {
    // Walk up from c: does it reach root?
    for (const Category* at = &c; at != nullptr;) {
      if (at->code == root) {
        out.push_back(c.code);
        break;
      }
      const std::string& parent = at->parent_code;
      auto up = std::find_if(all.begin(), all.end(), [&](const Category& p) { return p.code == parent; });
      at = parent.empty() || up == all.end() ? nullptr : &*up;
    }
  }
  return out;
}

std::string compared(const std::string& title, const std::string& description) {
  std::string text = title + " " + description;
  if (text.size() > kComparedBytes) {
    std::size_t cut = kComparedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    text.resize(cut);
  }
  return text;
}

}  // namespace

DuplicateQuery duplicate_query_of(const Case& c) {
  DuplicateQuery q;
  q.kind = c.kind;
  q.category_code = c.category_code;
  q.location = c.location;
  q.title = c.title;
  q.description = c.description;
  for (const auto& p : c.parties) {
    if (!p.id_number.empty()) q.id_numbers.push_back(p.id_number);
  }
  q.matter = matter_of(c);
  q.at = c.created_at;
  q.exclude_case_id = c.id;
  return q;
}

PlaceMatch compare_places(const OrgTree& tree, const Location& a, const Location& b) {
  if (a.unit_id != 0 && b.unit_id != 0) {
    if (area_of(tree, a.unit_id) != area_of(tree, b.unit_id)) return PlaceMatch::kDifferent;
    const OrgUnit* x = tree.find(a.unit_id);
    const OrgUnit* y = tree.find(b.unit_id);
    const bool both_buildings = x != nullptr && y != nullptr && x->type == UnitType::kBuildingGroup &&
                                y->type == UnitType::kBuildingGroup;
    if (both_buildings && a.unit_id != b.unit_id) return PlaceMatch::kDifferent;
  }
  const bool addressed = !text_key(a.address).empty() && !text_key(b.address).empty();
  if (addressed) return same_address(a.address, b.address) ? PlaceMatch::kSame : PlaceMatch::kDifferent;
  if (a.unit_id != 0 && a.unit_id == b.unit_id) {
    const OrgUnit* x = tree.find(a.unit_id);
    if (x != nullptr && x->type == UnitType::kBuildingGroup) return PlaceMatch::kSame;
  }
  return PlaceMatch::kUnknown;
}

namespace {

// A petition of the same person about the same matter: a duplicate wherever and whenever.
bool same_petitioner(const DuplicateQuery& draft, const Case& candidate) {
  if (draft.kind != CaseKind::kPetition || candidate.kind != CaseKind::kPetition || draft.matter.empty() ||
      trimmed(matter_of(candidate)) != trimmed(draft.matter)) {
    return false;
  }
  for (const auto& p : candidate.parties) {
    if (p.id_number.empty()) continue;
    if (std::find(draft.id_numbers.begin(), draft.id_numbers.end(), p.id_number) != draft.id_numbers.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace

double duplicate_score(const OrgTree& tree, const DuplicateQuery& draft, const Case& candidate) {
  if (candidate.id == draft.exclude_case_id) return 0;
  if (same_petitioner(draft, candidate)) return 4;
  const PlaceMatch place = compare_places(tree, draft.location, candidate.location);
  if (place == PlaceMatch::kDifferent) return 0;
  const double similar =
      std::max(text_similarity(draft.title, candidate.title),
               text_similarity(compared(draft.title, draft.description), compared(candidate.title, candidate.description)));
  if (candidate.category_code == draft.category_code) {
    if (place == PlaceMatch::kSame) return 2 + similar;
    if (draft.location.unit_id != 0 && candidate.location.unit_id == draft.location.unit_id) return 1 + similar;
  }
  return similar >= kSimilarText ? similar : 0;
}

Result<std::vector<Case>> likely_duplicates(ReadView& view, const OrgTree& tree, const std::vector<Category>& categories,
                                            const User& viewer, const DuplicateQuery& query, TimeMs at, TimeMs window,
                                            int limit, int candidates_read) {
  std::vector<Case> candidates;
  std::vector<UnitId> units;
  if (query.location.unit_id != 0) {
    units = tree.subtree(area_of(tree, query.location.unit_id));
  } else if (!is_system(viewer)) {
    units = tree.subtree(viewer.scope_unit_id);
  } else {
    for (const auto& u : tree.units()) units.push_back(u.id);
  }
  // A candidate somewhere else is ruled out before the rest of it is read, unless it may be the
  // same petitioner's (a petition's parties are read for that).
  const NearFilter at_the_place = [&](UnitId unit, CaseKind kind, const std::string& address) {
    if (query.kind == CaseKind::kPetition && kind == CaseKind::kPetition) return true;
    Location place;
    place.unit_id = unit;
    place.address = address;
    return compare_places(tree, query.location, place) != PlaceMatch::kDifferent;
  };
  auto near = view.cases_near(units, family_of(categories, query.category_code), at - window, at + window,
                              candidates_read, at_the_place);
  if (!near) return near.status();
  candidates = std::move(*near);
  if (query.kind == CaseKind::kPetition) {
    for (const auto& id : std::set<std::string>(query.id_numbers.begin(), query.id_numbers.end())) {
      if (id.empty()) continue;
      auto same_person = view.cases_by_id_number(id, candidates_read);
      if (!same_person) return same_person.status();
      for (auto& c : *same_person) candidates.push_back(std::move(c));
    }
  }
  // First what rules a candidate out before its text is read: merged, not seen by the caller,
  // somewhere else (most candidates of a busy grid are at other addresses).
  std::vector<Case> kept;
  std::vector<CaseId> kept_ids;
  std::set<CaseId> seen;
  for (auto& c : candidates) {
    if (c.id == query.exclude_case_id || !seen.insert(c.id).second) continue;
    // A case merged into another is handled there: the parent is the one to suggest.
    if (c.state == CaseState::kMerged || c.merged_into != 0) continue;
    if (!sees(tree, viewer, c)) continue;
    if (!same_petitioner(query, c) && compare_places(tree, query.location, c.location) == PlaceMatch::kDifferent) {
      continue;
    }
    kept_ids.push_back(c.id);
    kept.push_back(std::move(c));
  }
  auto openings = view.description_openings(kept_ids, static_cast<int>(kComparedBytes));
  if (!openings) return openings.status();
  std::vector<std::pair<double, Case>> scored;
  for (auto& c : kept) {
    auto opening = openings->find(c.id);
    c.description = opening != openings->end() ? std::move(opening->second) : std::string();
    const double score = duplicate_score(tree, query, c);
    if (score > 0) scored.emplace_back(score, std::move(c));
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.id > b.second.id;
  });
  std::vector<Case> out;
  for (auto& [score, c] : scored) {
    if (static_cast<int>(out.size()) >= limit) break;
    // The candidates may be partial (ReadView::cases_near): what is shown is read in full.
    auto full = view.get_case(c.id);
    if (!full) return full.status();
    out.push_back(std::move(*full));
  }
  return out;
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
  if (utf8_length(query.title) > kMaxTitle || !is_clean_text(query.title, false) ||
      utf8_length(query.description) > kMaxDescription || !is_clean_text(query.description, true)) {
    return Status(reason::BAD_TEXT, "the title is one line of at most 200 characters, the description at most 10000");
  }
  for (const auto& id : query.id_numbers) {
    if (id.size() > 30 || !is_clean_text(id, false)) {
      return Status(reason::BAD_ID_NUMBER, "an ID number is at most 30 characters");
    }
  }
  const TimeMs at = query.at == 0 ? core_.clock.now() : query.at;
  const int limit = query.limit == 0 ? 20 : query.limit;
  OrgTreePtr tree = core_.tree();
  if (query.location.unit_id != 0 && tree->find(query.location.unit_id) == nullptr) {
    return Status(reason::UNIT_NOT_FOUND, "no unit " + std::to_string(query.location.unit_id));
  }
  std::vector<Case> out;
  User viewer;
  Status s = core_.repo.read([&](ReadView& view) -> Status {
    auto user = acting_user(view, actor);
    if (!user) return user.status();
    viewer = *user;
    if (!may(*user, Permission::kViewCases)) {
      return role_refusal("this role may not view cases", Permission::kViewCases);
    }
    auto found =
        likely_duplicates(view, *tree, all, *user, query, at, core_.options.duplicate_window, limit, kDuplicateCandidates);
    if (!found) return found.status();
    out = std::move(*found);
    return Status{};
  });
  if (!s) return s;
  for (auto& c : out) {
    present(*tree, viewer, c);
  }
  return out;
}

}  // namespace gridcase
