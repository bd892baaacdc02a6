// Property companies and residents' forums for readers (the API, the CLI, reports): estates,
// company figures and their ranking, forums and their figures (property.hpp), checked against
// the caller's scope. Changes go through CaseCommands (add_estate, record_forum, ...).
//
// Scope. A caller sees the companies inside their subtree and those attached to a unit above
// them (the side bodies they may send cases to); a company outside answers NOT_FOUND
// NOT_A_PROPERTY_COMPANY. A company's figures count its cases wherever they lie. Forums are
// seen when the unit that held them is in the caller's subtree.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <vector>

#include "gridcase/engine.hpp"
#include "gridcase/property.hpp"

namespace gridcase {

struct CompanyRanking {
  OrgUnit unit;                       // the scope ranked
  int from_day = 0, to_day = 0;
  std::vector<CompanyFigures> rows;   // best first (property.hpp)
};

struct ForumReport {
  OrgUnit unit;
  int from_day = 0, to_day = 0;
  ForumFigures total;                 // the unit's whole subtree
  std::vector<ForumFigures> communities;  // one per community in the subtree, tree order
  std::vector<OrgUnit> community_units;   // the same communities
};

class PropertyService {
 public:
  // Does not own its collaborators; they must outlive it.
  PropertyService(Engine& engine, Repository& repo);

  // The companies the caller sees, in id order; and the estates of one (0: of all of them).
  Result<std::vector<OrgUnit>> companies(UserId actor);
  Result<std::vector<Estate>> estates(UserId actor, UnitId company_id);
  // One company's figures over [from_day, to_day), its cases listed (masked for the caller).
  //   INVALID_ARGUMENT BAD_PERIOD; NOT_FOUND NOT_A_PROPERTY_COMPANY
  Result<CompanyFigures> company_figures(UserId actor, UnitId company_id, int from_day, int to_day);
  // The companies the caller sees ranked over [from_day, to_day) (case lists left empty).
  Result<CompanyRanking> company_ranking(UserId actor, int from_day, int to_day);

  // A forum (FORUM_NOT_FOUND outside the caller's scope); the forums held by units in the
  // subtree of `unit_id` (0: the caller's scope), newest first, at most `limit` (1..500).
  Result<Forum> forum(UserId actor, std::int64_t forum_id);
  Result<std::vector<Forum>> forums(UserId actor, UnitId unit_id, int limit);
  // Forums held in [from_day, to_day) in the subtree of `unit_id`, per community.
  //   INVALID_ARGUMENT BAD_PERIOD; NOT_FOUND UNIT_NOT_FOUND
  Result<ForumReport> forum_figures(UserId actor, UnitId unit_id, int from_day, int to_day);

 private:
  Engine& engine_;
  Repository& repo_;
};

}  // namespace gridcase
