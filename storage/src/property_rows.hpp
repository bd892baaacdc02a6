// How a forum's opinions are kept in a row: one TEXT column holding a JSON object of strings
// (encode_string_map), the list flattened into numbered keys ("o.0.text"), as hazard_rows.hpp
// keeps an inspection's findings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gridcase/property.hpp"

// The columns of an estate and of a forum after their id, in the order both stores read and
// bind them.
#define GC_ESTATE_FIELDS "company_id, community_id, name, households, created_at"
#define GC_FORUM_FIELDS "unit_id, held_on, place, attendance, note, opinions, version, created_by, created_at"

namespace gridcase::storage {

std::string encode_opinions(const std::vector<ForumOpinion>& opinions);
// False when `text` is neither empty nor what encode_opinions writes.
bool decode_opinions(std::string_view text, std::vector<ForumOpinion>& out);

}  // namespace gridcase::storage
