// The JSON kept in TEXT columns: what the hand-written encoders write is what nlohmann-json writes
// for the same value, every string reads back exactly, and malformed text is refused.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "event_rows.hpp"
#include "json_text.hpp"

namespace gridcase::storage {
namespace {

TEST_CASE("an event's details are written as nlohmann-json writes them and read back exactly", "[json]") {
  const std::map<std::string, std::string> details = {
      {"reason", "请尽快调处，居民反映噪音扰民"},
      {"quote\"back\\slash", "line\nfeed\ttab\r\b\f"},
      {"controls", std::string("nul\0bell\x07 del\x7f", 15)},
      {"emoji", "\xF0\x9F\x98\x80"},
      {"", ""},
  };
  const std::string text = encode_string_map(details);
  CHECK(text == nlohmann::json(details).dump());
  std::map<std::string, std::string> back;
  REQUIRE(decode_string_map(text, back));
  CHECK(back == details);
  CHECK(encode_string_map({}) == "{}");
}

TEST_CASE("clock rows and records are written as before and read back", "[json]") {
  const std::vector<std::int64_t> flat = {1, -2, 9223372036854775807, -9223372036854775807 - 1, 0, 5};
  const std::string rows = encode_int_rows(flat, 3);
  CHECK(rows == "[[1,-2,9223372036854775807],[-9223372036854775808,0,5]]");
  std::vector<std::int64_t> back;
  REQUIRE(decode_int_rows(rows, 3, back));
  CHECK(back == flat);
  CHECK(encode_int_rows({}, 3) == "[]");

  const std::string records = encode_int_records({{{"kind", 2}, {"amount", -5}, {"run", 1, true}}, {}});
  CHECK(records == R"([{"kind":2,"amount":-5,"run":true},{}])");
  std::vector<std::map<std::string, std::int64_t>> read;
  REQUIRE(decode_int_records(records, read));
  CHECK(read == std::vector<std::map<std::string, std::int64_t>>{{{"kind", 2}, {"amount", -5}, {"run", 1}}, {}});

  CHECK(encode_int_array({3, -1}) == "[3,-1]");
  CHECK(encode_string_array({"a\"", "网格"}) == R"(["a\"","网格"])");
}

TEST_CASE("malformed JSON text is refused", "[json]") {
  std::map<std::string, std::string> map;
  for (const char* bad : {"", "{", "{\"a\":\"b\",}", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "[\"a\"]", "\"a\"",
                          "{\"a\":\"b\"} x", "{\"a\":\"\\ud800\"}", "{\"a\":\"\xff\"}", "{\"a\":\"raw\nline\"}"}) {
    INFO(bad);
    CHECK_FALSE(decode_string_map(bad, map));
  }
  std::vector<std::map<std::string, std::int64_t>> records;
  for (const char* bad : {"", "{}", "[1]", "[{\"a\":1.5}]", "[{\"a\":1e3}]", "[{\"a\":\"1\"}]", "[{\"a\":null}]",
                          "[{\"a\":9223372036854775808}]", "[{\"a\":-9223372036854775809}]", "[{\"a\":{}}]",
                          "[[1]]", "[{\"a\":1}"}) {
    INFO(bad);
    CHECK_FALSE(decode_int_records(bad, records));
  }
  std::vector<std::int64_t> flat;
  for (const char* bad : {"", "{}", "[1]", "[[1,2]]", "[[1,2,3,4]]", "[[1,2,3],[4]]", "[[1,2,3.5]]", "[[1,2,1e3]]",
                          "[[1,2,9223372036854775808]]", "[[1,2,null]]", "[[1,2,3]", "[[1,2,3]]]", "[[[1,2,3]]]"}) {
    INFO(bad);
    CHECK_FALSE(decode_int_rows(bad, 3, flat));
  }
  CHECK_FALSE(decode_int_rows("[]", 0, flat));
}

// Every event stores its details (schema version 19): about half the bytes of the JSON object
// they were, and the same map read back, whatever its keys and values.
TEST_CASE("an event's details read back the same from the binary form, and from JSON", "[json]") {
  const std::vector<std::map<std::string, std::string>> maps = {
      {},
      {{"category", "DSP.LABOUR.WAGES"}, {"channel", "PATROL"}, {"policy", "5v1"}},
      {{"clock", "RESOLVE"}, {"deadline", "1764000000000"}, {"due_at", "1763978400000"}},
      {{"unit", "第二网格"}, {"unit_id", "61"}},
      // Numbers that are not written as std::to_string writes them stay text.
      {{"a", "007"}, {"b", "-0"}, {"c", "+1"}, {"d", "9223372036854775808"}, {"e", "-9223372036854775808"},
       {"f", "0"}, {"g", "-12"}, {"h", ""}, {"i", "1e3"}, {"j", " 1"}},
      {{"note", "说明：\"紧急\"\n第二行\t\\结束"}, {std::string("nul\0key", 7), std::string("v\0\x01", 3)}, {"", "x"}},
  };
  for (const auto& map : maps) {
    const std::string stored = encode_event_details(map);
    std::map<std::string, std::string> read{{"stale", "entry"}};
    REQUIRE(decode_event_details(stored, read));
    CHECK(read == map);
    if (!map.empty() && map.count("note") == 0 && map.count("a") == 0) {
      CHECK(stored.size() * 2 <= encode_string_map(map).size() + 2);
    }
    // What versions 1 to 18 stored.
    read.clear();
    REQUIRE(decode_event_details(encode_string_map(map), read));
    CHECK(read == map);
  }
  CHECK(encode_event_details({}).empty());
  std::map<std::string, std::string> read;
  for (const std::string& bad : {std::string("\x01\x03"), std::string("\x01\x7f\x01\x02"),
                                 std::string("\x01\x08" "ab"), std::string("\x01\x01\x03\x05"),
                                 std::string("\x01\x01\x01"), std::string("{")}) {
    CHECK_FALSE(decode_event_details(bad, read));
  }
}

}  // namespace
}  // namespace gridcase::storage
