// How an event's details (a map of strings) are stored. Since schema version 19 in a binary
// form, about half the length of the JSON object earlier versions wrote (which is still read):
// every event of every case carries them, and they were a third of an event's bytes.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace gridcase::storage {

// Empty for no details; otherwise a marker byte, then each member: its key (one of a fixed list
// of frequent keys, by number, or its text) and its value (a decimal integer as a varint, or
// its text). Bind it as a BLOB.
std::string encode_event_details(const std::map<std::string, std::string>& details);

// Reads what encode_event_details writes, or the JSON object of strings of schema versions 1 to
// 18 (encode_string_map); false, with `out` unspecified, for anything else.
bool decode_event_details(std::string_view stored, std::map<std::string, std::string>& out);

}  // namespace gridcase::storage
