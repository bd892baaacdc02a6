// The JSON kept in TEXT columns: what the hand-written encoders write is what nlohmann-json writes
// for the same value, every string reads back exactly, and malformed text is refused.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace gridcase::storage
