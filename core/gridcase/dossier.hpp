// The case file (卷宗) of a mediated dispute: one printable HTML page in Chinese.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gridcase/case.hpp"

namespace gridcase {

// Display names the file needs: of users (reporter, mediators, recorders), units and the category.
struct DossierNames {
  std::map<UserId, std::string> users;
  std::map<UnitId, std::string> units;
  std::string category;  // the case category's name under its parent ("邻里纠纷/漏水"); its code when empty
};

// Which copy: the draft for work, parties masked as everywhere; or the file that is archived,
// the parties' basic details in full (人民调解法 art. 29), printed through an audited reveal
// (case_queries.hpp: archive_dossier). The case given is already presented accordingly.
enum class DossierCopy { kDraft, kArchive };

// The sections, in order, each an HTML <section> with the id in brackets: 申请书 (application),
// 受理登记表 (intake), 调查笔录 (investigation), 调解笔录 (mediation), 调解协议书 (agreement),
// 回访记录 (follow-up), 结案情况 (closing). A section with nothing recorded says so. Every text
// from the case is HTML-escaped; the page prints one section per sheet.
// The agreement gives each party's name, sex, age (both from an 18-digit ID number), ethnicity,
// occupation, address, phone and ID number; signatures carry their time; deadlines at midnight
// read as their last day ("2027-01-05 当日").
std::string render_dossier(const Case& c, const std::vector<Event>& history, const DossierNames& names,
                           TimeMs printed_at, DossierCopy copy = DossierCopy::kDraft);

// Sex and age on `on` from an 18-digit ID number (birth date at 7-14, sex by the parity of the
// 17th digit): {"男"/"女", age}; {"", -1} when the number is not one (or is masked).
std::pair<std::string, int> sex_and_age(const std::string& id_number, TimeMs on);

// "&<>\"'" escaped for HTML text and attribute values.
std::string html_escape(const std::string& text);

}  // namespace gridcase
