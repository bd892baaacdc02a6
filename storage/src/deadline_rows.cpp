#include "deadline_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

#include <SQLiteCpp/Statement.h>

#include "json_text.hpp"

namespace gridcase::storage {
namespace {

using Record = std::map<std::string, std::int64_t>;

template <typename E>
std::int64_t n(E value) {
  return static_cast<std::int64_t>(value);
}

// Reads one member into `field` when present; false when it does not fit the field's type.
bool get(const Record& r, const char* name, std::int64_t& field) {
  auto it = r.find(name);
  if (it != r.end()) field = it->second;
  return true;
}

bool get(const Record& r, const char* name, int& field) {
  auto it = r.find(name);
  if (it == r.end()) return true;
  if (it->second < std::numeric_limits<int>::min() || it->second > std::numeric_limits<int>::max()) {
    return false;
  }
  field = static_cast<int>(it->second);
  return true;
}

bool get(const Record& r, const char* name, bool& field) {
  auto it = r.find(name);
  if (it == r.end()) return true;
  if (it->second != 0 && it->second != 1) return false;
  field = it->second != 0;
  return true;
}

template <typename E>
bool get_enum(const Record& r, const char* name, E& field) {
  int value = static_cast<int>(field);
  if (!get(r, name, value)) return false;
  field = static_cast<E>(value);
  return true;
}

}  // namespace

std::string encode_case_clocks(const std::vector<CaseClock>& clocks) {
  std::vector<IntRecord> records;
  records.reserve(clocks.size());
  for (const CaseClock& c : clocks) {
    records.push_back({
        {"kind", n(c.kind)},
        {"unit", n(c.unit)},
        {"base_budget_ms", c.base_budget_ms},
        {"budget_ms", c.budget_ms},
        {"starts_on", n(c.starts_on)},
        {"stops_on", n(c.stops_on)},
        {"warn_percent", c.warn_percent},
        {"on_expiry", n(c.on_expiry)},
        {"run", n(c.run)},
        {"used_ms", c.used_ms},
        {"since", c.since},
        {"started_at", c.started_at},
        {"warn_at", c.warn_at},
        {"deadline", c.deadline},
        {"provisional", c.provisional ? 1 : 0, true},
        {"colour", n(c.colour)},
        {"extensions", c.extensions},
    });
  }
  return encode_int_records(records);
}

bool decode_case_clocks(std::string_view text, std::vector<CaseClock>& out) {
  out.clear();
  std::vector<Record> records;
  if (!decode_int_records(text, records)) return false;
  for (const Record& r : records) {
    CaseClock c;
    const bool ok = get_enum(r, "kind", c.kind) && get_enum(r, "unit", c.unit) &&
                    get(r, "base_budget_ms", c.base_budget_ms) && get(r, "budget_ms", c.budget_ms) &&
                    get_enum(r, "starts_on", c.starts_on) && get_enum(r, "stops_on", c.stops_on) &&
                    get(r, "warn_percent", c.warn_percent) && get_enum(r, "on_expiry", c.on_expiry) &&
                    get_enum(r, "run", c.run) && get(r, "used_ms", c.used_ms) &&
                    get(r, "since", c.since) && get(r, "started_at", c.started_at) &&
                    get(r, "warn_at", c.warn_at) && get(r, "deadline", c.deadline) &&
                    get(r, "provisional", c.provisional) && get_enum(r, "colour", c.colour) &&
                    get(r, "extensions", c.extensions);
    if (!ok) return false;
    out.push_back(c);
  }
  return true;
}

std::string encode_policy_clocks(const std::vector<ClockPolicy>& clocks) {
  std::vector<IntRecord> records;
  records.reserve(clocks.size());
  for (const ClockPolicy& c : clocks) {
    records.push_back({
        {"kind", n(c.kind)},
        {"amount", c.amount},
        {"unit", n(c.unit)},
        {"starts_on", n(c.starts_on)},
        {"stops_on", n(c.stops_on)},
        {"warn_percent", c.warn_percent},
        {"on_expiry", n(c.on_expiry)},
    });
  }
  return encode_int_records(records);
}

bool decode_policy_clocks(std::string_view text, std::vector<ClockPolicy>& out) {
  out.clear();
  std::vector<Record> records;
  if (!decode_int_records(text, records)) return false;
  for (const Record& r : records) {
    ClockPolicy c;
    const bool ok = get_enum(r, "kind", c.kind) && get(r, "amount", c.amount) &&
                    get_enum(r, "unit", c.unit) && get_enum(r, "starts_on", c.starts_on) &&
                    get_enum(r, "stops_on", c.stops_on) && get(r, "warn_percent", c.warn_percent) &&
                    get_enum(r, "on_expiry", c.on_expiry);
    if (!ok) return false;
    out.push_back(c);
  }
  return true;
}

bool has_provisional_deadline(const std::vector<CaseClock>& clocks) {
  return std::any_of(clocks.begin(), clocks.end(), [](const CaseClock& c) {
    return c.run == ClockRun::kRunning && c.provisional;
  });
}

void insert_policy(SQLite::Database& db, const DeadlinePolicy& p) {
  SQLite::Statement insert(db, "INSERT INTO policies(id, version, kind, category_code, priority, "
                               "clocks, basis) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, p.id);
  insert.bind(2, p.version);
  insert.bind(3, static_cast<int>(p.kind));
  insert.bind(4, p.category_code);
  insert.bind(5, static_cast<int>(p.priority));
  insert.bind(6, encode_policy_clocks(p.clocks));
  insert.bind(7, p.basis);
  insert.exec();
  SQLite::Statement current(db, "INSERT INTO policy_current(id, version) VALUES (?, ?) "
                                "ON CONFLICT(id) DO UPDATE SET version = excluded.version");
  current.bind(1, p.id);
  current.bind(2, p.version);
  current.exec();
}

}  // namespace gridcase::storage
