// gridcase-import's parsers: CSV records, mapping files, times and unit-code patterns.
#include <catch2/catch.hpp>

#include <sstream>

#include "csv_reader.hpp"
#include "gridcase/figures.hpp"
#include "mapping.hpp"

using namespace gridcase;
using namespace gridcase::import;

TEST_CASE("the CSV reader handles quotes, doubled quotes, commas and newlines in fields") {
  std::istringstream in("a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\n,,\nlast,row,");
  CsvReader csv(in);
  std::vector<std::string> f;
  REQUIRE(csv.next(f));
  CHECK(f == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(csv.next(f));
  CHECK(f == std::vector<std::string>{"1", "x, \"y\"\nz", "3"});
  REQUIRE(csv.next(f));
  CHECK(f == std::vector<std::string>{"", "", ""});
  REQUIRE(csv.next(f));
  CHECK(f == std::vector<std::string>{"last", "row", ""});
  CHECK_FALSE(csv.next(f));
}

TEST_CASE("times in the Boston format are local times at the mapping's offset") {
  const TimeMs offset = -5LL * 3600 * 1000;
  auto t = parse_time("01/05/2015 10:24:30 AM", "mdy12", offset);
  REQUIRE(t);
  // 10:24:30 in Boston (UTC-5) is 15:24:30 UTC.
  CHECK(*t == (static_cast<TimeMs>(day_from_date(2015, 1, 5)) * 86400 + 15 * 3600 + 24 * 60 + 30) * 1000);
  CHECK(*parse_time("01/05/2015 12:00:00 AM", "mdy12", 0) == static_cast<TimeMs>(day_from_date(2015, 1, 5)) * 86400000);
  CHECK(*parse_time("01/05/2015 12:00:00 PM", "mdy12", 0) == static_cast<TimeMs>(day_from_date(2015, 1, 5)) * 86400000 + 12 * 3600000LL);
  CHECK_FALSE(parse_time("", "mdy12", 0));
  CHECK_FALSE(parse_time("13/05/2015 10:00:00 AM", "mdy12", 0));
  CHECK(parse_time("2015-01-05 10:24:30", "iso", 0).has_value());
}

TEST_CASE("a mapping file maps columns and values, with defaults") {
  auto m = parse_mapping(R"(# comment
[source]
name = demo
key = ID
opened = OPEN
title = TITLE
utc_offset = +08:00
[channel:Source]
Constituent Call = PHONE
* = ONLINE
[category:SUBJECT]
Mayor's 24 Hour Hotline = INC.X.HOT
[new_categories]
INC.X = | 测试
INC.X.HOT = INC.X | 热线
)");
  REQUIRE(m.is_ok());
  CHECK(m->get("key") == "ID");
  CHECK(m->utc_offset_ms == 8LL * 3600 * 1000);
  CHECK(m->channel.lookup("Constituent Call") == std::string("PHONE"));
  CHECK(m->channel.lookup("Twitter") == std::string("ONLINE"));
  CHECK(m->category.lookup("Mayor's 24 Hour Hotline") == std::string("INC.X.HOT"));
  CHECK_FALSE(m->category.lookup("Other").has_value());
  REQUIRE(m->new_categories.size() == 2);
  CHECK(m->new_categories[1].parent == "INC.X");
  CHECK(m->new_categories[1].name == "热线");
  CHECK(parse_mapping("[source]\nkey = ID\n").status().reason() == "BAD_MAPPING");
  CHECK(parse_mapping("[channel:S]\nx = TELEPATHY\n").status().reason() == "BAD_MAPPING");
  CHECK(fill("{sd}-W{ward:02}-P{precinct:02}", {{"sd", "BOS"}, {"ward", "5"}, {"precinct", "3"}}) == "BOS-W05-P03");
}
