// The catalogue of error reasons: each (reason, code) once, each with a Chinese and an English
// text, and the README's list equal to it.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "gridcase/reasons.hpp"

using namespace gridcase;

namespace {

bool upper_snake(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool has_non_ascii(const char* s) {
  for (; *s != '\0'; ++s) {
    if (static_cast<unsigned char>(*s) >= 0x80) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every reason of the catalogue is named once per code, in Chinese and in English") {
  REQUIRE(reason_catalogue().size() > 200);
  std::set<std::pair<std::string, int>> seen;
  for (const Reason* r : reason_catalogue()) {
    INFO(r->name);
    CHECK(upper_snake(r->name));
    CHECK(seen.insert({r->name, static_cast<int>(r->code)}).second);
    CHECK(r->code != Code::kOk);
    CHECK(has_non_ascii(r->zh));
    CHECK(std::string(r->en).size() > 5);
    CHECK_FALSE(has_non_ascii(r->en));
    CHECK(find_reason(r->name, r->code) == r);
  }
  CHECK(find_reason("NO_SUCH_REASON", Code::kInvalidArgument) == nullptr);
  // A wire name answered with two codes is two entries, found by its code.
  CHECK(find_reason("NOT_A_PETITION", Code::kFailedPrecondition) == &reason::NOT_A_PETITION);
  CHECK(find_reason("NOT_A_PETITION", Code::kInvalidArgument) == &reason::NOT_A_PETITION_INTAKE);
}

TEST_CASE("a status carries its reason's code, name and texts") {
  Status s(reason::STALE_VERSION, "the case is at version 3, not 2");
  CHECK(s.code() == Code::kAborted);
  CHECK(s.reason() == "STALE_VERSION");
  CHECK(s.reason_entry() == &reason::STALE_VERSION);
  CHECK(s.to_string() == "ABORTED STALE_VERSION: the case is at version 3, not 2");
  CHECK(Status().reason().empty());
  CHECK(Status().reason_entry() == nullptr);
}

TEST_CASE("the README lists exactly the catalogue's reasons with their codes") {
  std::ifstream in(GRIDCASE_SOURCE_DIR "/README.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const auto start = readme.find("### Error reasons");
  REQUIRE(start != std::string::npos);
  std::set<std::pair<std::string, std::string>> listed;
  std::istringstream lines(readme.substr(start));
  const std::regex row(R"(^\| `([A-Z0-9_]+)` \| ([A-Z_]+) \|)");
  std::string line;
  std::getline(lines, line);  // the heading
  while (std::getline(lines, line) && line.rfind("#", 0) != 0) {
    std::smatch m;
    if (std::regex_search(line, m, row)) CHECK(listed.insert({m[1], m[2]}).second);
  }
  std::set<std::pair<std::string, std::string>> catalogue;
  for (const Reason* r : reason_catalogue()) catalogue.insert({r->name, code_name(r->code)});
  CHECK(listed == catalogue);
}
