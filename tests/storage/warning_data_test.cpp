// Hot spots on real data: the 2019 citizen messages of the TipDM 2020 contest
// (../shared/data/zh_taidi2020_messages.csv; the test says so and passes when it is absent),
// imported in time order as cases through the engine over a real SQLite file, each at the place
// it names. Reading the messages, three places stand out, each with many messages within a few
// weeks; the test asserts each is among the first hot spots raised, at the time it happened:
//   伊景园滨河苑 (A7县): parking spaces sold bundled with the flats, about 40 messages in
//     July-August 2019;
//   魅力之城 (A5区, 万科魅力之城): restaurant fumes and noise under the flats, July-October 2019;
//   丽发新城 (A2区): a concrete mixing plant beside the estate, about 50 messages in November-
//     December 2019.
//
// The import path is this test's own: each message becomes an INCIDENT of one category
// (网络问政留言) located at a grid named for its place: the estate the contest's heuristic
// column names (without "小区", its last four characters), else the first four characters of the
// title once "投诉/反映/关于/请…" and "西地省/A市/A<n>区|县" are taken off its front. No party is
// imported (user ids are pseudonyms).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "fake_crypto.hpp"
#include "gridcase/clock.hpp"
#include "gridcase/engine.hpp"
#include "gridcase/storage/sqlite_repository.hpp"
#include "make_unit.hpp"
#include "gridcase/text.hpp"
#include "storage_fixtures.hpp"

namespace gridcase::testing {
namespace {

#ifndef GRIDCASE_SOURCE_DIR
#define GRIDCASE_SOURCE_DIR "."
#endif

// One RFC 4180 record (quoted fields may hold commas, quotes and newlines); false at the end.
bool read_record(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  char ch;
  while (in.get(ch)) {
    any = true;
    if (quoted) {
      if (ch == '"') {
        if (in.peek() == '"') {
          field.push_back('"');
          in.get(ch);
        } else {
          quoted = false;
        }
      } else {
        field.push_back(ch);
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n') {
      break;
    } else if (ch != '\r') {
      field.push_back(ch);
    }
  }
  if (!any) return false;
  fields.push_back(std::move(field));
  return true;
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// The last `n` characters of UTF-8 `s`.
std::string last_chars(const std::string& s, std::size_t n) {
  const std::size_t len = utf8_length(s);
  if (len <= n) return s;
  return s.substr(std::string(utf8_prefix(s, len - n)).size());
}

std::string place_of(const std::string& estate, std::string title) {
  if (!estate.empty() && estate != "宅小区" && estate != "投诉小区") {
    std::string e = ends_with(estate, "小区") ? estate.substr(0, estate.size() - std::string("小区").size()) : estate;
    return last_chars(e, 4);
  }
  for (const char* p : {"投诉", "举报", "反映", "关于", "请问", "咨询", "建议", "请"}) {
    if (starts_with(title, p)) {
      title = title.substr(std::string(p).size());
      break;
    }
  }
  for (const char* p : {"西地省", "A市"}) {
    if (starts_with(title, p)) title = title.substr(std::string(p).size());
  }
  if (title.size() > 1 && title[0] == 'A' && title[1] >= '0' && title[1] <= '9') {
    std::size_t i = 1;
    while (i < title.size() && title[i] >= '0' && title[i] <= '9') ++i;
    for (const char* p : {"区", "县"}) {
      if (title.compare(i, std::string(p).size(), p) == 0) title = title.substr(i + std::string(p).size());
    }
  }
  return std::string(utf8_prefix(title, 4));
}

// "YYYY-MM-DD HH:MM:SS" in Asia/Shanghai as Unix milliseconds.
TimeMs shanghai_ms(const std::string& t) {
  const int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
  const int hh = std::stoi(t.substr(11, 2)), mm = std::stoi(t.substr(14, 2)), ss = std::stoi(t.substr(17, 2));
  // days_from_civil (H. Hinnant)
  const int yy = y - (m <= 2);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = era * 146097LL + static_cast<long long>(doe) - 719468;
  return ((days * 24 + hh - 8) * 60 + mm) * 60000LL + ss * 1000LL;
}

}  // namespace

TEST_CASE("the 2019 citizen messages raise hot spots at the places a reader names first",
          "[warning][data]") {
  const std::string path = std::string(GRIDCASE_SOURCE_DIR) + "/../shared/data/zh_taidi2020_messages.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    WARN("no " << path << ": the test on real messages does not run here");
    return;
  }
  std::vector<std::string> f;
  REQUIRE(read_record(in, f));
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
  struct Message {
    TimeMs at;
    std::string place, title, content;
  };
  std::vector<Message> messages;
  while (read_record(in, f)) {
    if (f.size() != col.size() || !starts_with(f[col["created_at"]], "2019")) continue;
    messages.push_back({shanghai_ms(f[col["created_at"]]), place_of(f[col["parsed_estate"]], f[col["title"]]),
                        f[col["title"]], f[col["content"]]});
  }
  std::stable_sort(messages.begin(), messages.end(), [](const Message& a, const Message& b) { return a.at < b.at; });
  REQUIRE(messages.size() > 5000);

  TempDir dir;
  auto opened = storage::SqliteRepository::open(dir.file("messages.db"));
  REQUIRE(opened.is_ok());
  auto& repo = **opened;
  REQUIRE(repo.write_sync([](WriteView& v) -> Status {
                Category top{"INC.MSG", CaseKind::kIncident, "", "网络问政", UnitType::kGrid};
                Category leaf{"INC.MSG.ONLINE", CaseKind::kIncident, "INC.MSG", "网络问政留言", UnitType::kGrid};
                GRIDCASE_RETURN_IF_ERROR(v.upsert_category(top));
                return v.upsert_category(leaf);
              }).is_ok());
  FakeCrypto crypto;
  ManualClock clock(messages.front().at);
  Engine engine(repo, crypto, clock, nullptr);
  REQUIRE(engine.load().is_ok());
  const UnitId city = make_unit(engine, 0, UnitType::kDistrict, "A", "A市");
  const UnitId office = make_unit(engine, city, UnitType::kSubDistrict, "A-MSG", "A市网络问政", "WZ");
  const UnitId places = make_unit(engine, office, UnitType::kCommunity, "A-MSG-P", "留言所涉地点");
  std::map<std::string, UnitId> grid_of;

  // The hot spots in the order raised: (place, when).
  std::vector<std::pair<std::string, TimeMs>> raised;
  std::map<UnitId, std::string> place_of_grid;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const Message& m = messages[i];
    auto g = grid_of.find(m.place);
    if (g == grid_of.end()) {
      const std::string code = "P" + std::to_string(grid_of.size());
      g = grid_of.emplace(m.place, make_unit(engine, places, UnitType::kGrid, code, m.place)).first;
      place_of_grid[g->second] = m.place;
    }
    clock.set(std::max(clock.now(), m.at));
    NewCase c;
    c.request_id = "msg-" + std::to_string(i);
    c.kind = CaseKind::kIncident;
    c.category_code = "INC.MSG.ONLINE";
    c.channel = Channel::kOnline;
    c.title = std::string(utf8_prefix(m.title.empty() ? std::string("（无标题）") : m.title, kMaxTitle));
    c.description = std::string(utf8_prefix(m.content, 1000));
    c.location.unit_id = g->second;
    auto made = engine.commands().create_case_sync(kSystemActor, std::move(c));
    INFO(made.status().to_string());
    REQUIRE(made.is_ok());
  }
  WarningFilter hot;
  hot.kinds = {WarningKind::kHotSpot};
  hot.limit = 500;
  auto found = engine.queries().list_warnings(kSystemActor, 0, hot);
  REQUIRE(found.is_ok());
  std::vector<Warning> spots(found->rbegin(), found->rend());  // oldest first
  std::cout << "hot spots raised on " << messages.size() << " messages of 2019 in " << grid_of.size()
            << " places: " << spots.size() << "\n";
  for (const auto& w : spots) {
    std::cout << "  " << format_shanghai(w.raised_at) << "  " << place_of_grid[w.unit_id] << "  " << w.count
              << " in " << w.window_days << " days (threshold " << w.threshold << ")\n";
  }
  // Among the first ten, each of the three places, in the weeks its messages came.
  auto first_raised = [&](const std::string& place) -> TimeMs {
    for (std::size_t i = 0; i < spots.size() && i < 10; ++i) {
      if (place_of_grid[spots[i].unit_id] == place) return spots[i].raised_at;
    }
    return 0;
  };
  const TimeMs yijingyuan = first_raised("伊景园滨");
  const TimeMs meili = first_raised("魅力之城");
  const TimeMs lifa = first_raised("丽发新城");
  CHECK(yijingyuan >= shanghai_ms("2019-07-01 00:00:00"));
  CHECK(yijingyuan < shanghai_ms("2019-09-01 00:00:00"));
  CHECK(meili >= shanghai_ms("2019-07-01 00:00:00"));
  CHECK(meili < shanghai_ms("2019-11-01 00:00:00"));
  CHECK(lifa >= shanghai_ms("2019-11-01 00:00:00"));
  CHECK(lifa < shanghai_ms("2020-01-01 00:00:00"));
}

}  // namespace gridcase::testing
