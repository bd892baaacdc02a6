// How deadline data is kept in rows: a case's clocks as a JSON array of rows of integers (one
// per clock, its fields by position), a policy's clocks as a JSON array of flat integer objects
// (one member per field, named as the field), and a policy as one row of `policies` plus its
// entry in `policy_current`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "gridcase/case_clock.hpp"
#include "gridcase/deadlines.hpp"

namespace gridcase::storage {

// A case's clocks as stored since schema version 19: binary (bind it as a BLOB).
std::string encode_case_clocks(const std::vector<CaseClock>& clocks);
// The text form schema versions 10 to 18 wrote (a JSON array of integer rows), for tests that
// make a database of an older version.
std::string encode_case_clocks_text(const std::vector<CaseClock>& clocks);
// False when `text` is not what encode_case_clocks or encode_case_clocks_text writes, nor the
// named form written before schema version 10 (an array of objects, one member per field). In
// the named form, members missing from an object keep the field's default and unknown members
// are ignored.
bool decode_case_clocks(std::string_view text, std::vector<CaseClock>& out);

std::string encode_policy_clocks(const std::vector<ClockPolicy>& clocks);
bool decode_policy_clocks(std::string_view text, std::vector<ClockPolicy>& out);

// True when a running clock's deadline is provisional: the case's `provisional` column.
bool has_provisional_deadline(const std::vector<CaseClock>& clocks);

// Stores policy version (p.id, p.version) and makes it the current one of p.id. Throws
// SQLite::Exception; a stored (id, version) is a PRIMARY KEY violation and changes nothing.
void insert_policy(SQLite::Database& db, const DeadlinePolicy& p);

}  // namespace gridcase::storage
