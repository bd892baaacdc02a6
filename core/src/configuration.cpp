#include "gridcase/configuration.hpp"

#include <map>
#include <string>

#include "gridcase/log.hpp"

namespace gridcase {

Configuration::Configuration(const CalendarConfig& calendar) : calendar_config_(calendar) {
  auto first = std::make_shared<ConfigSnapshot>();
  first->tree = std::make_shared<OrgTree>();
  first->categories = std::make_shared<std::vector<Category>>();
  first->calendar = std::make_shared<WorkingCalendar>(WorkingCalendar::builtin(calendar));
  first->policies = std::make_shared<std::vector<DeadlinePolicy>>();
  current_ = std::move(first);
}

Status Configuration::load(Repository& repo) {
  std::vector<OrgUnit> units;
  std::vector<Category> cats;
  std::vector<DeadlinePolicy> policies;
  std::map<int, std::string> years;
  Status s = repo.read([&](ReadView& view) {
    auto u = view.load_units();
    if (!u) return u.status();
    auto c = view.load_categories();
    if (!c) return c.status();
    auto p = view.load_policies();
    if (!p) return p.status();
    auto y = view.load_calendar_years();
    if (!y) return y.status();
    units = std::move(*u);
    cats = std::move(*c);
    policies = std::move(*p);
    years = std::move(*y);
    return Status{};
  });
  if (!s) return s;
  auto cal = std::make_shared<WorkingCalendar>(calendar_config_);
  for (const auto& [year, text] : years) {
    auto parsed = parse_calendar_year(text);
    if (!parsed) {
      log::warn("stored calendar year does not parse; it is ignored",
                {{"year", std::to_string(year)}, {"error", parsed.status().to_string()}});
      continue;
    }
    cal->set_year(std::move(*parsed));
  }
  replace([&](ConfigSnapshot& c) {
    c.tree = std::make_shared<OrgTree>(std::move(units));
    c.categories = std::make_shared<std::vector<Category>>(std::move(cats));
    c.policies = std::make_shared<std::vector<DeadlinePolicy>>(std::move(policies));
    c.calendar = std::move(cal);
  });
  return {};
}

ConfigPtr Configuration::current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

template <typename Edit>
void Configuration::replace(Edit edit) {
  std::lock_guard<std::mutex> lock(mu_);
  replace_locked(edit);
}

template <typename Edit>
void Configuration::replace_locked(Edit edit) {
  auto next = std::make_shared<ConfigSnapshot>(*current_);
  edit(*next);
  ++next->generation;
  current_ = std::move(next);
}

std::uint64_t Configuration::number_tree_change() { return ++tree_changes_; }

void Configuration::adopt_tree(OrgTreePtr tree, std::uint64_t number) {
  std::lock_guard<std::mutex> lock(mu_);
  if (number <= tree_number_) return;  // a later commit's tree is in force already
  tree_number_ = number;
  replace_locked([&](ConfigSnapshot& c) { c.tree = std::move(tree); });
}

void Configuration::adopt_categories(std::vector<Category> categories) {
  replace([&](ConfigSnapshot& c) { c.categories = std::make_shared<std::vector<Category>>(std::move(categories)); });
}

void Configuration::adopt_calendar(std::shared_ptr<const WorkingCalendar> calendar) {
  replace([&](ConfigSnapshot& c) { c.calendar = std::move(calendar); });
}

void Configuration::adopt_policies(std::vector<DeadlinePolicy> policies) {
  replace([&](ConfigSnapshot& c) { c.policies = std::make_shared<std::vector<DeadlinePolicy>>(std::move(policies)); });
}

}  // namespace gridcase
