// ID numbers (GB 11643-1999) and phone numbers as parties give them, and numbers typed into a
// name: each refusal says in Chinese what is wrong.
#include <catch2/catch.hpp>

#include "fixture.hpp"
#include "gridcase/identity.hpp"

using namespace gridcase;
using testing::World;

namespace {

constexpr int kToday = 20261206;

std::string message_of(const Status& s) { return s.message(); }

}  // namespace

TEST_CASE("an ID number has 18 characters, a known province, a real birth date and the check character its digits call for") {
  std::string out;
  CHECK(check_id_number("370102198001011237", kToday, &out).is_ok());
  CHECK(out == "370102198001011237");
  CHECK(check_id_number("37010219800101004x", kToday, &out).is_ok());
  CHECK(out == "37010219800101004X");  // stored with an upper-case X

  const Status wrong_check = check_id_number("370102198001011234", kToday);
  CHECK(wrong_check.reason() == "BAD_ID_NUMBER");
  CHECK(message_of(wrong_check).find("校验位不符：按前17位应为7") != std::string::npos);
  CHECK(message_of(check_id_number("370102198002301235", kToday)).find("出生日期19800230不是有效日期") != std::string::npos);
  CHECK(message_of(check_id_number("370102203001011235", kToday)).find("晚于今天") != std::string::npos);
  CHECK(message_of(check_id_number("000102198001011237", kToday)).find("省级行政区划代码") != std::string::npos);
  CHECK(message_of(check_id_number("370102800101123", kToday)).find("15位") != std::string::npos);
  CHECK(message_of(check_id_number("3701021980010112", kToday)).find("应为18位") != std::string::npos);
  CHECK(message_of(check_id_number("37010219800101123A", kToday)).find("最后一位") != std::string::npos);
  CHECK(id_check_character("37010219800101123") == '7');
}

TEST_CASE("a phone is a mainland mobile or a landline with its area code") {
  std::string out;
  CHECK(check_phone("13800000000", &out).is_ok());
  CHECK(out == "13800000000");
  CHECK(check_phone("+86 138-0000-0000", &out).is_ok());
  CHECK(out == "13800000000");
  CHECK(check_phone("010-62345678", &out).is_ok());
  CHECK(out == "010-62345678");
  CHECK(check_phone("024 2345 6789", &out).is_ok());
  CHECK(out == "024-23456789");
  CHECK(check_phone("0371-6512345", &out).is_ok());
  CHECK(out == "0371-6512345");

  for (const char* bad : {"1380000", "12800000000", "138000000001", "2345678", "010-1234", "138O0000000",
                          "0371-16512345"}) {
    INFO(bad);
    const Status s = check_phone(bad);
    CHECK(s.reason() == "BAD_PHONE");
    CHECK(message_of(s).find("无效") != std::string::npos);
  }
}

TEST_CASE("a run of six digits in a name is a number typed into it") {
  CHECK(has_number_run("张三，13800000000，申请人"));
  CHECK(has_number_run("李四１３８００００００００"));  // full-width digits
  CHECK_FALSE(has_number_run("王芳"));
  CHECK_FALSE(has_number_run("3号楼502室住户"));
}

TEST_CASE("a case is refused with a Chinese message when a party's name holds a number or its ID or phone is wrong") {
  World w;
  auto with_party = [&](CaseParty p) {
    NewCase n = w.new_case(w.grid_a, CaseKind::kDispute, "DSP.NEIGHBOR.NOISE");
    n.parties = {p};
    return w.engine.commands().create_case_sync(w.worker_a, n);
  };
  CaseParty p;
  p.role = PartyRole::kApplicant;
  // What a Chinese keyboard gives when the fields are typed with full-width commas.
  p.name = "张三，13800000000，370102198001011237，申请人";
  auto r = with_party(p);
  CHECK(r.status().reason() == "PARTY_NAME_HAS_NUMBER");
  CHECK(r.status().message().find("第1位当事人") != std::string::npos);

  p.name = "张三";
  p.id_number = "370102198001011234";
  r = with_party(p);
  CHECK(r.status().reason() == "BAD_ID_NUMBER");
  CHECK(r.status().message().find("第1位当事人：身份证号校验位不符") != std::string::npos);

  p.id_number = "";
  p.phone = "1380000";
  CHECK(with_party(p).status().reason() == "BAD_PHONE");

  // Nothing was stored by the refusals; a valid party is stored in one form.
  p.phone = "+86 138 0000 0000";
  p.id_number = "37010219800101004x";
  r = with_party(p);
  REQUIRE(r.is_ok());
  auto revealed = w.engine.queries().reveal_party_sync(w.supervisor, r->c.id, 0, "核对当事人联系方式");
  REQUIRE(revealed.is_ok());
  CHECK(revealed->phone == "13800000000");
  CHECK(revealed->id_number == "37010219800101004X");
  CaseQuery all;
  auto listed = w.engine.queries().list_cases(w.supervisor, all);
  REQUIRE(listed.is_ok());
  CHECK(listed->cases.size() == 1);
}
