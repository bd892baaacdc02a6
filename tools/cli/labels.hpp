// Labels of wire enums for people, in the current language: Chinese from the core's name
// tables ("处置中"), English spelled out ("in progress").
#pragma once

#include <string>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

std::string label(v1::UnitType v);
std::string label(v1::Role v);
std::string label(v1::CaseKind v);
std::string label(v1::Channel v);
std::string label(v1::CaseState v);
std::string label(v1::Level v);
std::string label(v1::Outcome v);
std::string label(v1::Priority v);
std::string label(v1::PartyRole v);
std::string label(v1::EscalationReason v);
std::string label(v1::Action v);
std::string label(v1::PartyPostKind v);
std::string label(v1::ClockKind v);     // 办结时限
std::string label(v1::ClockRun v);      // 计时中
std::string label(v1::Colour v);        // 红
std::string label(v1::BudgetUnit v);    // 工作日
std::string label(v1::ExpiryAction v);  // 自动上报
std::string label(v1::Consent v);               // 同意调解
std::string label(v1::ReferralRoute v);         // 诉讼
std::string label(v1::SignMark v);              // 按指印
std::string label(v1::SessionKind v);           // 调解笔录
std::string label(v1::PetitionDecision v);      // 予以支持
std::string label(v1::NoticeKind v);            // 受理告知书
std::string label(v1::PetitionRule v);          // 越级提出
std::string label(v1::HotlineDeadlineClass v);  // 一般（5个工作日）
std::string label(v1::HotlineContactMethod v);  // 电话
std::string label(v1::HazardSeverity v);        // 重大隐患
std::string label(v1::ResponsibleKind v);       // 经营单位

// A value of a wire enum as the core writes it in event details ("THUMBPRINT"), as its label
// ("按指印"); the value itself when it is not one of the enum's.
template <typename Wire>
std::string label_of_name(const std::string& value);

// Unix milliseconds as "2026-11-28 16:05" in Asia/Shanghai; "-" for 0.
std::string format_time(std::int64_t ms);

}  // namespace gridcase::cli
