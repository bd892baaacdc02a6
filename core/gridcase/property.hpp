// Property companies (物业企业) and residents' forums (群众恳谈会): heading off poor service
// before it becomes complaints.
//
// A property company is a unit of type PROPERTY_COMPANY beside the tree (org.hpp), hanging under
// a community or a sub-district. Cases are sent to it as to any handling unit: the DISPATCH
// action (派遣) through the one pipeline, audited and in the case's history. The org tree has
// no estates (小区), so a company's estates are named places within communities, each with its
// households (户数): the households a company serves are the sum over its estates.
//
// A company's cases (for its figures) are those registered in the period that complain about it
// (Case::complained_unit_id) or were handled by it at some point of their history (an event
// whose handling unit is the company). Their counts are the figures of figures.hpp, folded from
// each case's history (fold, counts_of): the same definitions as every unit's figures.
//   complaints per 1,000 households = cases / households served × 1000 (none without estates)
//   响应率 response       = hotline_responded / hotline_orders
//   解决率 resolution     = hotline_solved / hotline_callbacks
//   满意率 satisfaction   = hotline_satisfied / hotline_callbacks
//   返工率 rework         = reopened / closed
// A ranking puts the companies in a scope by complaints per 1,000 households, lowest first
// (those without households last), ties by satisfaction, then by id.
//
// A residents' forum (恳谈会) is held by a community (or a grid) on a date at a place, with an
// attendance and the opinions raised. Each opinion is either answered on the spot (当场答复)
// or turned into a case (转为案件), once: the case's CREATE event names the forum and the
// opinion ("forum_id", "forum_opinion"), and the opinion keeps the case's id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/figures.hpp"
#include "gridcase/org.hpp"

namespace gridcase {

// 小区: an estate served by a property company, within a community.
struct Estate {
  std::int64_t id = 0;
  UnitId company_id = 0;     // a PROPERTY_COMPANY unit
  UnitId community_id = 0;   // the community the estate lies in
  std::string name;
  std::int64_t households = 0;
  TimeMs created_at = 0;
};

// One opinion raised at a forum (群众意见).
struct ForumOpinion {
  std::string text;
  std::string answer;         // answered on the spot: the answer given
  TimeMs answered_at = 0;
  CaseId case_id = 0;         // turned into a case
  std::string case_number;
};

// 群众恳谈会.
struct Forum {
  std::int64_t id = 0;
  UnitId unit_id = 0;   // the community (or grid) that held it
  int held_on = 0;      // figures.hpp day (Asia/Shanghai date)
  std::string place;
  std::int64_t attendance = 0;
  std::string note;
  std::vector<ForumOpinion> opinions;
  std::int64_t version = 0;
  UserId created_by = 0;
  TimeMs created_at = 0;
};

// ---- Commands (CaseCommands, core/src/property.cpp) ------------------------------------------

struct NewEstate {
  std::string request_id;   // idempotency key (required)
  UnitId company_id = 0;    // an active property company the caller may dispatch to
  UnitId community_id = 0;  // an active community in the caller's scope
  std::string name;         // 1..100 characters
  std::int64_t households = 0;  // 1..1,000,000
};

struct NewForum {
  std::string request_id;
  UnitId unit_id = 0;       // an active community or grid in the caller's scope
  int held_on = 0;          // a day, not after today
  std::string place;
  std::int64_t attendance = 0;  // 0..100,000
  std::string note;
  std::vector<std::string> opinions;  // at most 100
};

// Answer opinion `opinion` (1-based) of a forum on the spot (OpinionCase in case_commands.hpp
// turns one into a case).
struct OpinionAnswer {
  std::string request_id;
  std::int64_t forum_id = 0;
  int opinion = 0;          // 1-based
  std::string answer;       // the answer given on the spot (required)
};

// ---- Figures (PropertyService) ---------------------------------------------------------------

struct CompanyFigures {
  OrgUnit company;
  std::vector<Estate> estates;
  std::int64_t households = 0;
  std::int64_t cases = 0;                 // the company's cases registered in the period
  std::optional<double> per_1000;         // cases per 1,000 households; none without households
  FigureCounts counts;                    // summed over those cases
  Ratio response, resolution, satisfaction, rework;
  std::vector<Case> case_list;            // the cases, oldest first (reports)
  int rank = 0;                           // in a ranking: 1 = best
};

struct ForumFigures {
  UnitId unit_id = 0;                     // a community (or the unit asked for)
  std::int64_t forums = 0;                // 恳谈会 held
  std::int64_t attendance = 0;
  std::int64_t opinions = 0;              // opinions raised
  std::int64_t answered = 0;              // answered on the spot
  std::int64_t turned_into_cases = 0;     // turned into cases
  std::int64_t cases_closed = 0;          //   of which closed
  std::int64_t cases_open = 0;            //   of which open (not closed, rejected or merged)
  std::int64_t cases_other = 0;           //   of which not accepted or merged
};

// Checks of the records, pure. INVALID_ARGUMENT with a reason (reasons.def) naming the field.
Status check_new_estate(const NewEstate& e);
Status check_new_forum(const NewForum& f, int today);

// The figures of one company over [from_day, to_day) from the cases given (the candidates: a
// superset) and their histories (one vector of events per case, in the same order).
CompanyFigures company_figures(const OrgUnit& company, const std::vector<Estate>& estates,
                               const std::vector<Case>& candidates,
                               const std::vector<std::vector<Event>>& histories, int from_day, int to_day);
// Orders `rows` as the ranking does and sets their rank.
void rank_companies(std::vector<CompanyFigures>& rows);

// The forum figures of one community from its forums held in the period and the current state
// of the cases their opinions became (by id; a case missing from the map counts as open).
ForumFigures forum_figures(UnitId unit, const std::vector<Forum>& forums,
                           const std::vector<Case>& opinion_cases);

}  // namespace gridcase
