// The small piece of JSON the store needs: an event's details (a string → string map) and a
// case's clocks or a policy's clocks (arrays of flat objects of integers) kept in one TEXT column
// each, and arrays bound as one parameter to `json_each(?)` for IN filters.
//
// Strings are written byte for byte except for '"', '\\' and control characters, which are
// escaped; so any string (any UTF-8, quotes, newlines, NULs) reads back exactly. Text is read
// with nlohmann-json, which holds it to RFC 8259: a string that is not UTF-8 does not decode.
// (The hand-written reader it replaces let such bytes through.) The integer-only clock rows are
// read by a small hand-written scanner, for speed; json_text.cpp says why.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gridcase::storage {

// {"key":"value",...} in key order.
std::string encode_string_map(const std::map<std::string, std::string>& values);
// Parses what encode_string_map wrote (any JSON object whose values are all strings).
// False, with `out` unspecified, when `text` is not such an object.
bool decode_string_map(std::string_view text, std::map<std::string, std::string>& out);

// One flat object of integer (or boolean) members, in the order given: {"a":1,"b":true}.
struct IntField {
  const char* name;
  std::int64_t value;
  bool boolean = false;  // written as true/false
};
using IntRecord = std::vector<IntField>;
// [{...},{...}]. Every int64 is written in full decimal, so it reads back exactly.
std::string encode_int_records(const std::vector<IntRecord>& records);
// Parses an array of flat objects whose members are all integers or booleans (true = 1,
// false = 0) into name → value maps. False, with `out` unspecified, on anything else, including
// an integer outside int64.
bool decode_int_records(std::string_view text, std::vector<std::map<std::string, std::int64_t>>& out);

// [[1,2,3],[4,5,6]]: records of integers whose fields are known by position, the compact form of
// encode_int_records. `flat` holds the records one after another, `width` values each.
std::string encode_int_rows(const std::vector<std::int64_t>& flat, std::size_t width);
// Parses what encode_int_rows wrote into `flat`; false, with `flat` unspecified, unless `text`
// is an array of arrays of exactly `width` (> 0) integers each (or booleans, as 1 / 0), every one
// within int64.
bool decode_int_rows(std::string_view text, std::size_t width, std::vector<std::int64_t>& flat);

// [1,2,3]
std::string encode_int_array(const std::vector<std::int64_t>& values);
// ["a","b"]
std::string encode_string_array(const std::vector<std::string>& values);

}  // namespace gridcase::storage
