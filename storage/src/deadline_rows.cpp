#include "deadline_rows.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <type_traits>

#include <SQLiteCpp/Statement.h>

#include "json_text.hpp"
#include "varint.hpp"

namespace gridcase::storage {
namespace {

using Record = std::map<std::string, std::int64_t>;

template <typename E>
std::int64_t n(E value) {
  return static_cast<std::int64_t>(value);
}

// Converts a stored integer to the field's type; false when it does not fit.
bool to_field(std::int64_t value, std::int64_t& field) {
  field = value;
  return true;
}

bool to_field(std::int64_t value, int& field) {
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) return false;
  field = static_cast<int>(value);
  return true;
}

bool to_field(std::int64_t value, bool& field) {
  if (value != 0 && value != 1) return false;
  field = value != 0;
  return true;
}

template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
bool to_field(std::int64_t value, E& field) {
  int v = 0;
  if (!to_field(value, v)) return false;
  field = static_cast<E>(v);
  return true;
}

// Reads one member into `field` when present; false when it does not fit the field's type.
template <typename T>
bool get(const Record& r, const char* name, T& field) {
  auto it = r.find(name);
  return it == r.end() || to_field(it->second, field);
}

// A case clock's fields in the order of its compact row (see encode_case_clocks).
constexpr std::size_t kClockWidth = 17;

// The first byte of the binary form; the text forms begin with '[' (or white space).
constexpr char kBinaryClocks = '\x01';

// In the binary form, some fields are kept as their difference from an earlier field of the
// clock, which is small: budget_ms from base_budget_ms (equal until an extension), started_at
// and warn_at from since, deadline from warn_at. {field, the field it is kept against}, applied
// from the last to the first when encoding, from the first to the last when decoding.
constexpr std::size_t kRelative[][2] = {{3, 2}, {11, 10}, {12, 10}, {13, 12}};

// Differences wrap around (unsigned), so that any values come back exactly.
std::int64_t minus(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t plus(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

// The binary form's integers, kClockWidth per clock.
bool decode_binary_rows(std::string_view in, std::vector<std::int64_t>& flat) {
  std::size_t pos = 1;  // after kBinaryClocks
  while (pos < in.size()) {
    std::int64_t v = 0;
    if (!read_varint(in, pos, v)) return false;
    flat.push_back(v);
  }
  if (flat.size() % kClockWidth != 0) return false;
  for (std::size_t i = 0; i < flat.size(); i += kClockWidth) {
    for (const auto& [field, base] : kRelative) flat[i + field] = plus(flat[i + field], flat[i + base]);
  }
  return true;
}

}  // namespace

namespace {

// Each clock's fields by position: kind, unit, base_budget_ms, budget_ms, starts_on, stops_on,
// warn_percent, on_expiry, run, used_ms, since, started_at, warn_at, deadline, provisional,
// colour, extensions.
std::vector<std::int64_t> clock_fields(const std::vector<CaseClock>& clocks) {
  std::vector<std::int64_t> flat;
  flat.reserve(clocks.size() * kClockWidth);
  for (const CaseClock& c : clocks) {
    for (std::int64_t v : {n(c.kind), n(c.unit), c.base_budget_ms, c.budget_ms, n(c.starts_on),
                           n(c.stops_on), n(c.warn_percent), n(c.on_expiry), n(c.run), c.used_ms,
                           c.since, c.started_at, c.warn_at, c.deadline, n(c.provisional),
                           n(c.colour), n(c.extensions)}) {
      flat.push_back(v);
    }
  }
  return flat;
}

}  // namespace

// Since schema version 19: kBinaryClocks, then each clock's fields (clock_fields, some as
// differences: kRelative) as varints, about 40 bytes a clock. From version 10 to 18 the same
// fields were a JSON array of rows (encode_case_clocks_text, about 110 bytes a clock); before,
// each clock was an object of named members. All three are read.
std::string encode_case_clocks(const std::vector<CaseClock>& clocks) {
  std::vector<std::int64_t> flat = clock_fields(clocks);
  for (std::size_t i = 0; i < flat.size(); i += kClockWidth) {
    for (std::size_t r = std::size(kRelative); r-- > 0;) {
      flat[i + kRelative[r][0]] = minus(flat[i + kRelative[r][0]], flat[i + kRelative[r][1]]);
    }
  }
  std::string out(1, kBinaryClocks);
  for (std::int64_t v : flat) append_varint(out, v);
  return out;
}

std::string encode_case_clocks_text(const std::vector<CaseClock>& clocks) {
  return encode_int_rows(clock_fields(clocks), kClockWidth);
}

bool decode_case_clocks(std::string_view text, std::vector<CaseClock>& out) {
  out.clear();
  std::vector<std::int64_t> flat;
  const bool binary = !text.empty() && text[0] == kBinaryClocks;
  if (binary && !decode_binary_rows(text, flat)) return false;
  if (binary || decode_int_rows(text, kClockWidth, flat)) {
    out.reserve(flat.size() / kClockWidth);
    for (std::size_t i = 0; i < flat.size(); i += kClockWidth) {
      const std::int64_t* v = &flat[i];
      CaseClock c;
      const bool ok = to_field(v[0], c.kind) && to_field(v[1], c.unit) && to_field(v[2], c.base_budget_ms) &&
                      to_field(v[3], c.budget_ms) && to_field(v[4], c.starts_on) &&
                      to_field(v[5], c.stops_on) && to_field(v[6], c.warn_percent) &&
                      to_field(v[7], c.on_expiry) && to_field(v[8], c.run) && to_field(v[9], c.used_ms) &&
                      to_field(v[10], c.since) && to_field(v[11], c.started_at) &&
                      to_field(v[12], c.warn_at) && to_field(v[13], c.deadline) &&
                      to_field(v[14], c.provisional) && to_field(v[15], c.colour) &&
                      to_field(v[16], c.extensions);
      if (!ok) return false;
      out.push_back(c);
    }
    return true;
  }
  // The named form, written before schema version 10.
  std::vector<Record> records;
  if (!decode_int_records(text, records)) return false;
  for (const Record& r : records) {
    CaseClock c;
    const bool ok = get(r, "kind", c.kind) && get(r, "unit", c.unit) &&
                    get(r, "base_budget_ms", c.base_budget_ms) && get(r, "budget_ms", c.budget_ms) &&
                    get(r, "starts_on", c.starts_on) && get(r, "stops_on", c.stops_on) &&
                    get(r, "warn_percent", c.warn_percent) && get(r, "on_expiry", c.on_expiry) &&
                    get(r, "run", c.run) && get(r, "used_ms", c.used_ms) &&
                    get(r, "since", c.since) && get(r, "started_at", c.started_at) &&
                    get(r, "warn_at", c.warn_at) && get(r, "deadline", c.deadline) &&
                    get(r, "provisional", c.provisional) && get(r, "colour", c.colour) &&
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
    const bool ok = get(r, "kind", c.kind) && get(r, "amount", c.amount) &&
                    get(r, "unit", c.unit) && get(r, "starts_on", c.starts_on) &&
                    get(r, "stops_on", c.stops_on) && get(r, "warn_percent", c.warn_percent) &&
                    get(r, "on_expiry", c.on_expiry);
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
