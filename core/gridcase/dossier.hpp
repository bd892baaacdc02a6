// The case file (卷宗) of a mediated dispute: one printable HTML page in Chinese.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gridcase/case.hpp"

namespace gridcase {

// Display names the file needs: of users (reporter, mediators, recorders), units and the category.
struct DossierNames {
  std::map<UserId, std::string> users;
  std::map<UnitId, std::string> units;
  std::string category;  // the case category's name under its parent ("邻里纠纷/漏水"); its code when empty
};

// The sections, in order, each an HTML <section> with the id in brackets: 申请书 (application),
// 受理登记表 (intake), 调查笔录 (investigation), 调解笔录 (mediation), 调解协议书 (agreement),
// 回访记录 (follow-up), 结案情况 (closing). A section with nothing recorded says so. Every text
// from the case is HTML-escaped; the page prints one section per sheet.
std::string render_dossier(const Case& c, const std::vector<Event>& history, const DossierNames& names,
                           TimeMs printed_at);

// "&<>\"'" escaped for HTML text and attribute values.
std::string html_escape(const std::string& text);

}  // namespace gridcase
