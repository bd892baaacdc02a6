#include "seed.hpp"

#include <string>

#include "gridcase/calendar.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"

namespace gridcase::storage {

Status seed_defaults(WriteView& view) {
  auto categories = view.load_categories();
  if (!categories.is_ok()) return categories.status();
  if (categories->empty()) {
    for (const Category& c : builtin_categories()) GRIDCASE_RETURN_IF_ERROR(view.upsert_category(c));
  }
  auto policies = view.load_policies();
  if (!policies.is_ok()) return policies.status();
  if (policies->empty()) {
    for (DeadlinePolicy p : default_policies()) GRIDCASE_RETURN_IF_ERROR(view.save_policy(p));
  }
  auto years = view.load_calendar_years();
  if (!years.is_ok()) return years.status();
  for (std::string_view text : builtin_calendar_texts()) {
    auto year = parse_calendar_year(text);
    if (!year.is_ok()) continue;  // shipped data is checked by the core tests
    if (years->count(year->year) != 0) continue;
    GRIDCASE_RETURN_IF_ERROR(view.save_calendar_year(year->year, std::string(text)));
  }
  return Status::ok();
}

}  // namespace gridcase::storage
