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
  return repo.read([&](ReadView& view) -> Status {
    std::uint64_t adopted = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      adopted = adopted_;
    }
    auto g = view.generations();
    if (!g) return g.status();
    return reload(view, *g, adopted);
  });
}

Status Configuration::follow(ReadView& view) {
  std::uint64_t adopted = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    adopted = adopted_;
  }
  // Read after adopted_: a change adopted since is in what the view sees.
  auto g = view.generations();
  if (!g) return g.status();
  if (!must_reload(*g)) return {};
  return reload(view, *g, adopted);
}

bool Configuration::must_reload(const StoreGenerations& generations) {
  std::int64_t seen = accounts_seen_.load();
  while (generations.accounts > seen && !accounts_seen_.compare_exchange_weak(seen, generations.accounts)) {
  }
  std::lock_guard<std::mutex> lock(mu_);
  return generations.config != config_seen_ || adopted_ != adopted_loaded_;
}

Status Configuration::reload(ReadView& view, const StoreGenerations& generations, std::uint64_t adopted) {
  auto units = view.load_units();
  if (!units) return units.status();
  auto cats = view.load_categories();
  if (!cats) return cats.status();
  auto policies = view.load_policies();
  if (!policies) return policies.status();
  auto years = view.load_calendar_years();
  if (!years) return years.status();
  auto cal = std::make_shared<WorkingCalendar>(calendar_config_);
  for (const auto& [year, text] : *years) {
    auto parsed = parse_calendar_year(text);
    if (!parsed) {
      log::warn("stored calendar year does not parse; it is ignored",
                {{"year", std::to_string(year)}, {"error", parsed.status().to_string()}});
      continue;
    }
    cal->set_year(std::move(*parsed));
  }
  std::lock_guard<std::mutex> lock(mu_);
  // A load that read an older store than the one in force (two calls following at once) yields.
  if (generations.config < config_seen_ || (generations.config == config_seen_ && adopted < adopted_loaded_)) return {};
  config_seen_ = generations.config;
  adopted_loaded_ = adopted;
  replace_locked([&](ConfigSnapshot& c) {
    c.tree = std::make_shared<OrgTree>(std::move(*units));
    c.categories = std::make_shared<std::vector<Category>>(std::move(*cats));
    c.policies = std::make_shared<std::vector<DeadlinePolicy>>(std::move(*policies));
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
  ++adopted_;
  replace_locked([&](ConfigSnapshot& c) { c.tree = std::move(tree); });
}

void Configuration::adopt_categories(std::vector<Category> categories) {
  replace([&](ConfigSnapshot& c) {
    ++adopted_;
    c.categories = std::make_shared<std::vector<Category>>(std::move(categories));
  });
}

void Configuration::adopt_calendar(std::shared_ptr<const WorkingCalendar> calendar) {
  replace([&](ConfigSnapshot& c) {
    ++adopted_;
    c.calendar = std::move(calendar);
  });
}

void Configuration::adopt_policies(std::vector<DeadlinePolicy> policies) {
  replace([&](ConfigSnapshot& c) {
    ++adopted_;
    c.policies = std::make_shared<std::vector<DeadlinePolicy>>(std::move(policies));
  });
}

}  // namespace gridcase
