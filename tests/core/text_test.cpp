#include <catch2/catch.hpp>

#include "gridcase/clock.hpp"
#include "gridcase/names.hpp"
#include "gridcase/text.hpp"

using namespace gridcase;

TEST_CASE("clean text is valid UTF-8 without control characters") {
  CHECK(is_clean_text("三楼漏水严重 water leak", false));
  CHECK(is_clean_text("第一行\n第二行", true));
  CHECK_FALSE(is_clean_text("第一行\n第二行", false));
  CHECK_FALSE(is_clean_text(std::string("nul\0byte", 8), true));
  CHECK_FALSE(is_clean_text("\xff\xfe", true));
  CHECK_FALSE(is_clean_text("\xe6\xbc", true));          // truncated sequence
  CHECK_FALSE(is_clean_text("\xc0\xaf", true));          // overlong '/'
  CHECK_FALSE(is_clean_text("\xed\xa0\x80", true));      // a surrogate
  CHECK(is_clean_text("\xf0\x9f\x98\x80", true));        // an emoji
  CHECK(utf8_length("漏水") == 2);
  CHECK(utf8_length("ab漏") == 3);
}

TEST_CASE("texts are compared without blanks, punctuation or full-width forms") {
  CHECK(text_key("河畔小区 3号楼东侧") == "河畔小区3号楼东侧");
  CHECK(text_key("河畔小区\xE3\x80\x80３号楼，东侧。") == "河畔小区3号楼东侧");  // 　 and full-width ３
  CHECK(text_key("Ａ栋 B-2 室") == "a栋b2室");
  CHECK(text_key("  ，。 ").empty());
}

TEST_CASE("two addresses are the same place when their keys match or one begins the other") {
  CHECK(same_address("河畔小区3号楼东侧", "河畔小区 3号楼东侧"));
  CHECK(same_address("河畔小区 3号楼", "河畔小区3号楼东侧"));
  CHECK_FALSE(same_address("河畔小区3号楼东侧", "河畔小区5号楼东侧"));
  CHECK_FALSE(same_address("河畔路1", "河畔路12号"));      // not inside a number
  CHECK_FALSE(same_address("河畔", "河畔小区3号楼"));      // too short to say
  CHECK_FALSE(same_address("", ""));
  CHECK_FALSE(same_address("，", "，"));
}

TEST_CASE("similar Chinese texts share most of their character pairs") {
  CHECK(text_similarity("3号楼东侧垃圾堆积", "3号楼东侧垃圾堆积") == Approx(1.0));
  CHECK(text_similarity("3号楼东侧 垃圾堆积！", "３号楼东侧垃圾堆积") == Approx(1.0));
  // Reworded, the same matter: above the threshold of a suggestion (duplicates.hpp: 0.4).
  CHECK(text_similarity("3号楼东侧垃圾堆积多日无人清运", "3号楼东侧垃圾堆积，多日没人清运") >= 0.4);
  // Another matter in the same words' neighbourhood: well below.
  CHECK(text_similarity("3号楼东侧垃圾堆积多日无人清运", "井盖缺失，行人易跌落") < 0.1);
  CHECK(text_similarity("", "垃圾") == 0);
  CHECK(text_similarity("漏", "漏") == Approx(1.0));
}

TEST_CASE("names parse back, case-insensitively, and UNSPECIFIED is never parsed") {
  CHECK(parse_name<CaseState>("in_progress") == CaseState::kInProgress);
  CHECK(parse_name<CaseKind>("DISPUTE") == CaseKind::kDispute);
  CHECK(parse_name<Action>("assign_leader") == Action::kAssignLeader);
  CHECK_FALSE(parse_name<CaseKind>("UNSPECIFIED").has_value());
  CHECK_FALSE(parse_name<CaseKind>("nonsense").has_value());
  CHECK(std::string(name(CaseState::kNotAccepted)) == "NOT_ACCEPTED");
  CHECK(std::string(label_zh(CaseState::kInProgress)) == "处置中");
}

TEST_CASE("times are shown in Asia/Shanghai") {
  CHECK(format_shanghai(1773626400000LL) == "2026-03-16 10:00");
  CHECK(format_shanghai(0) == "1970-01-01 08:00");
  ShanghaiTime t = to_shanghai(1798734600000LL);
  CHECK(t.year == 2027);
  CHECK(t.month == 1);
  CHECK(t.day == 1);
  CHECK(t.hour == 0);
  CHECK(t.minute == 30);
}
