// Petitions (信访工作条例): the acceptance check and the written notices of petition.hpp. The
// rules of a petition's intake and steps are in petition_rules.cpp.
#include "gridcase/petition.hpp"

#include <algorithm>
#include <set>

#include "gridcase/access.hpp"
#include "gridcase/calendar.hpp"
#include "gridcase/case.hpp"
#include "gridcase/deadlines.hpp"
#include "gridcase/lifecycle.hpp"
#include "gridcase/names.hpp"

namespace gridcase {

namespace {

std::string date_zh(TimeMs t) {
  const ShanghaiTime s = to_shanghai(t);
  return std::to_string(s.year) + "年" + std::to_string(s.month) + "月" + std::to_string(s.day) + "日";
}

// A petition still inside its handling or review chain, with the running clock not run out.
bool pending_in_time(const Case& o, TimeMs now) {
  if (o.petition.concluded || o.state == CaseState::kReported || is_terminal(o.state)) return false;
  for (const auto& k : o.clocks) {
    const bool chain = k.kind == ClockKind::kResolve || k.kind == ClockKind::kReviewRequest ||
                       k.kind == ClockKind::kReview || k.kind == ClockKind::kReReviewRequest ||
                       k.kind == ClockKind::kReReview;
    if (!chain) continue;
    if (k.run == ClockRun::kPaused) return true;
    if (k.run == ClockRun::kRunning && k.deadline > now) return true;
  }
  return false;
}

// "信访工作条例 第十九条" → "《信访工作条例》第十九条".
std::string cited(PetitionRule rule) {
  std::string a = rule_article(rule);
  const auto space = a.find(' ');
  if (space == std::string::npos) return a;
  return "《" + a.substr(0, space) + "》" + a.substr(space + 1);
}

}  // namespace

const char* rule_article(PetitionRule rule) {
  switch (rule) {
    case PetitionRule::kSameMatterPending: return "信访工作条例 第十九条";
    case PetitionRule::kSkipsLevels: return "信访工作条例 第二十条";
    case PetitionRule::kLegalRoute: return "信访工作条例 第三十一条";
    case PetitionRule::kAfterReReview: return "信访工作条例 第三十六条";
    default: return "";
  }
}

AcceptanceCheck check_acceptance(const Case& p, const std::vector<Case>& others, TimeMs now) {
  AcceptanceCheck out;
  const PetitionIntake& in = p.petition.intake;
  std::vector<const Case*> same;
  std::set<CaseId> seen;
  for (const auto& o : others) {
    if (o.id == p.id || o.kind != CaseKind::kPetition || !seen.insert(o.id).second) continue;
    if (o.petition.intake.matter != in.matter) continue;
    if (o.state == CaseState::kNotAccepted || o.state == CaseState::kMerged) continue;
    same.push_back(&o);
    out.related_cases.push_back(o.number);
  }
  auto found = [&](PetitionRule rule, std::string why) {
    out.rule = rule;
    out.article = rule_article(rule);
    out.explanation = std::move(why);
    return out;
  };
  for (const Case* o : same) {
    if (o->petition.concluded) {
      return found(PetitionRule::kAfterReReview,
                   "该信访事项已经复核终结（" + o->number + "），以同一事实和理由再次提出的，不再受理");
    }
  }
  for (const Case* o : same) {
    if (pending_in_time(*o, now) &&
        static_cast<int>(in.received_level) > static_cast<int>(o->petition.intake.received_level)) {
      return found(PetitionRule::kSameMatterPending,
                   "该信访事项已由" + std::string(label_zh(o->petition.intake.received_level)) + "机关受理或者正在办理（" +
                       o->number + "），尚在规定期限内，向上级机关再次提出的，上级机关不予受理");
    }
  }
  if (static_cast<int>(in.received_level) - static_cast<int>(in.competent_level) >= 2) {
    return found(PetitionRule::kSkipsLevels,
                 "该信访事项应向依法有权处理的" + std::string(label_zh(in.competent_level)) +
                     "机关或者其上一级机关提出，越级向" + label_zh(in.received_level) + "机关提出的，不予受理");
  }
  if (in.legal_route != LegalRoute::kUnspecified) {
    return found(PetitionRule::kLegalRoute,
                 "该事项应当依法通过" + std::string(label_zh(in.legal_route)) + "途径解决，请依照有关法律、行政法规规定的程序向有关机关提出");
  }
  return out;
}

std::string notice_text(NoticeKind kind, const Case& c, PetitionRule rule, PetitionDecision decision,
                        const std::string& extra, TimeMs at) {
  std::string names;
  for (const auto& p : c.parties) {
    if (p.role != PartyRole::kApplicant && p.role != PartyRole::kReporter) continue;
    names += (names.empty() ? "" : "、") + (p.confidential ? mask_name(p.name) : p.name);
  }
  if (names.empty()) names = "信访人";
  std::string t = std::string(label_zh(kind)) + "\n\n" + names + "：\n";
  t += "　　您于" + date_zh(c.created_at) + "以" + label_zh(c.channel) + "形式提出的“" + c.petition.intake.matter +
       "”信访事项（编号 " + c.number + "）";
  switch (kind) {
    case NoticeKind::kAccepted:
      t += "，本机关已依法受理，将自受理之日起60日内办结（《信访工作条例》第三十四条）。";
      if (rule != PetitionRule::kUnspecified) t += "\n　　（经审查，" + extra + "）";
      break;
    case NoticeKind::kNotAccepted:
      if (rule != PetitionRule::kUnspecified) {
        t += "，经审查，" + extra + "。根据" + cited(rule) + "的规定，本机关不予受理。";
      } else {
        t += "，经审查，" + extra + "。本机关不予受理。";
      }
      break;
    case NoticeKind::kExtension:
      t += "，因" + extra + "，经批准，办理期限延长（《信访工作条例》第三十四条）。";
      break;
    case NoticeKind::kDecision:
      t += "，经调查核实，处理意见如下：" + std::string(label_zh(decision)) + "。\n　　依据：" + extra +
           "\n　　如不服本处理意见，可以自收到本意见书之日起30日内请求原办理机关的上一级机关复查（《信访工作条例》第三十五条）。";
      break;
    case NoticeKind::kReviewDecision:
      t += "，经复查，复查意见如下：" + std::string(label_zh(decision)) + "。\n　　依据：" + extra +
           "\n　　如不服本复查意见，可以自收到本意见书之日起30日内向复查机关的上一级机关请求复核（《信访工作条例》第三十五条）。";
      break;
    case NoticeKind::kReReviewDecision:
      t += "，经复核，复核意见如下：" + std::string(label_zh(decision)) + "。\n　　依据：" + extra +
           "\n　　本复核意见为终结意见。信访人对复核意见不服，仍然以同一事实和理由提出信访事项的，各级机关不再受理（《信访工作条例》第三十六条）。";
      break;
    default:
      break;
  }
  t += "\n\n" + date_zh(at) + "\n";
  return t;
}

}  // namespace gridcase
