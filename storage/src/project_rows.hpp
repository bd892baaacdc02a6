// How a livelihood project (project.hpp) is kept in rows, the same in both stores: its name,
// responsible unit, state, version and creation time in columns of their own, the units it is
// seen by (the responsible unit and its estates' units) as a list a listing filters on, and the
// rest in one TEXT column as a JSON object of strings, lists flattened into numbered keys
// ("m.0.planned"), as hazard_rows.hpp does for an inspection's findings.
#pragma once

#include <string>
#include <string_view>

#include "gridcase/project.hpp"

// The columns of a project after its id, in the order both stores read and bind them.
#define GC_PROJECT_FIELDS "name, unit_id, units, state, version, created_at, body"

namespace gridcase::storage {

// The body: everything of `p` but its id and the columns above.
std::string encode_project_body(const Project& p);
// False when `text` is not what encode_project_body writes; `out` keeps its columns.
bool decode_project_body(std::string_view text, Project& out);

}  // namespace gridcase::storage
