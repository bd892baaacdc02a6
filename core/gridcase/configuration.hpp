// The configuration every part of the engine reads: the org tree, the categories, the working
// calendar and the deadline policies, as one immutable, versioned snapshot. A change (an admin
// call) is made in a write; once it is durable, the part it changed is adopted and a new
// snapshot replaces the old one whole. Readers take the snapshot once per call and see one
// consistent configuration throughout it.
//
// Several servers on one store: a change made through another server is followed by the
// store's generations (repository.hpp's StoreGenerations), which move in the transaction of
// every change. follow() compares them with those of the snapshot in force and reloads every
// part when the configuration's moved; the command pipeline calls it inside each write (under
// the writers' lock: a write never runs on a configuration older than the store's), the server
// at the start of each call.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "gridcase/calendar.hpp"
#include "gridcase/category.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/org.hpp"
#include "gridcase/repository.hpp"
#include "gridcase/status.hpp"

namespace gridcase {

struct ConfigSnapshot {
  std::uint64_t generation = 0;  // advances with every adopted change
  OrgTreePtr tree;               // never null, nor are the parts below
  std::shared_ptr<const std::vector<Category>> categories;
  std::shared_ptr<const WorkingCalendar> calendar;
  std::shared_ptr<const std::vector<DeadlinePolicy>> policies;
};
using ConfigPtr = std::shared_ptr<const ConfigSnapshot>;

class Configuration {
 public:
  // Empty (no units, categories or policies), with the built-in calendar years under
  // `calendar`'s working hours and time zone.
  explicit Configuration(const CalendarConfig& calendar = {});

  // Reads every part from the store. A stored calendar year that does not parse is logged and
  // left out. The store's error otherwise.
  Status load(Repository& repo);

  // The snapshot in force.
  ConfigPtr current() const;

  // Reloads every part through `view` when the store's configuration generation differs from
  // that of the snapshot in force, or when a change was adopted here since the last load (an
  // adopted part may be older than what another server committed meanwhile); otherwise reads
  // one row. Notes the store's accounts generation. The store's error otherwise.
  Status follow(ReadView& view);
  // The first half of follow() for generations read outside a view (Repository::generations):
  // notes the accounts generation and tells whether follow() would reload.
  bool must_reload(const StoreGenerations& generations);
  // The store's accounts generation last noted (0 before any): moves when a user or a session
  // changed through any server (Sessions::session_generation adds it).
  std::int64_t accounts_generation() const { return accounts_seen_.load(); }

  // Org changes are numbered in commit order by the write that makes them (writes run one at a
  // time): call inside the write, and adopt the tree it leaves with that number. Two org
  // changes may finish their calls in either order; the tree of the later commit stays.
  std::uint64_t number_tree_change();
  void adopt_tree(OrgTreePtr tree, std::uint64_t number);

  void adopt_categories(std::vector<Category> categories);
  void adopt_calendar(std::shared_ptr<const WorkingCalendar> calendar);
  void adopt_policies(std::vector<DeadlinePolicy> policies);

 private:
  // Replaces the snapshot with `edit` applied to a copy of it (the _locked form with mu_ held).
  template <typename Edit>
  void replace(Edit edit);
  template <typename Edit>
  void replace_locked(Edit edit);

  // Reads every part through `view` and puts it in force, unless a later load is in force
  // already.
  Status reload(ReadView& view, const StoreGenerations& generations, std::uint64_t adopted);

  const CalendarConfig calendar_config_;
  mutable std::mutex mu_;
  ConfigPtr current_;                          // guarded by mu_
  std::int64_t config_seen_ = -1;              // the store's generation of current_; guarded by mu_
  std::uint64_t adopted_ = 0;                  // parts adopted here; guarded by mu_
  std::uint64_t adopted_loaded_ = 0;           // adopted_ when current_ was loaded; guarded by mu_
  std::atomic<std::int64_t> accounts_seen_{0};
  std::uint64_t tree_number_ = 0;              // of the tree in force; guarded by mu_
  std::atomic<std::uint64_t> tree_changes_{0};  // numbered inside writes
};

}  // namespace gridcase
