// The mapping file of gridcase-import: which columns hold which fields, how values become
// channels, categories and units, and the categories and demo city the import creates.
//
//   # comment
//   [source]            name, key, opened, target, closed, closed_if (COLUMN=VALUE), title,
//                       description, time_format (mdy12: "01/05/2015 10:24:30 AM" | iso:
//                       "2015-01-05 10:24:30"), utc_offset (+08:00), kind (INCIDENT...)
//   [channel:COLUMN]    VALUE = CHANNEL      (* = the default)
//   [category:COLUMN]   VALUE = CATEGORY_CODE (* = the default)
//   [new_categories]    CODE = PARENT_CODE | 名称   (created when missing; kind from [source])
//   [city]              district = CODE | 名称
//                       sub_district = CODE | 名称 | CASE_PREFIX
//                       grid_column = COLUMN
//                       grid_scheme = wwpp   ("503.0": community 5, grid 3 of it)
//                       community_code = {sd}-W{ward:02}  community_name = 第{ward}选区社区
//                       grid_code = {sd}-W{ward:02}-P{precinct:02}  grid_name = 第{ward}选区第{precinct}网格
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gridcase/case.hpp"
#include "gridcase/status.hpp"

namespace gridcase::import {

struct ValueMap {
  std::string column;
  std::map<std::string, std::string> values;  // "*" is the default
  // The mapped value of `v`, the default, or nullopt.
  std::optional<std::string> lookup(const std::string& v) const;
};

struct NewCategory {
  std::string code, parent, name;
};

struct Mapping {
  std::map<std::string, std::string> source;  // [source]
  ValueMap channel;
  ValueMap category;
  std::vector<NewCategory> new_categories;
  std::map<std::string, std::string> city;    // [city]
  CaseKind kind = CaseKind::kIncident;
  TimeMs utc_offset_ms = 0;

  std::string get(const std::string& key) const;  // [source] value or ""
};

// INVALID_ARGUMENT "BAD_MAPPING" naming the line on a malformed file.
Result<Mapping> parse_mapping(const std::string& text);

// "01/05/2015 10:24:30 AM" (mdy12) or "2015-01-05 10:24:30" (iso), local time at `offset_ms`
// from UTC, as Unix ms. nullopt when empty or malformed.
std::optional<TimeMs> parse_time(const std::string& text, const std::string& format, TimeMs offset_ms);

// Fills {name} and {name:02} placeholders.
std::string fill(const std::string& pattern, const std::map<std::string, std::string>& values);

}  // namespace gridcase::import
