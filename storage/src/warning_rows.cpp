#include "warning_rows.hpp"

#include <nlohmann/json.hpp>

namespace gridcase::storage {

using nlohmann::json;

std::string encode_warning(const Warning& w) {
  json steps = json::array();
  for (const WarningStep& s : w.steps) {
    steps.push_back({{"action", static_cast<int>(s.action)},
                     {"by", s.by},
                     {"at", s.at},
                     {"reason", s.reason},
                     {"case_id", s.case_id}});
  }
  json j = {{"kind", static_cast<int>(w.kind)},
            {"state", static_cast<int>(w.state)},
            {"unit_id", w.unit_id},
            {"key", w.key},
            {"subject", w.subject},
            {"category_code", w.category_code},
            {"count", w.count},
            {"threshold", w.threshold},
            {"baseline", w.baseline},
            {"window_days", w.window_days},
            {"case_ids", w.case_ids},
            {"party_index", w.party_index},
            {"raised_at", w.raised_at},
            {"holds_until", w.holds_until},
            {"policy_version", w.policy_version},
            {"case_id", w.case_id},
            {"steps", steps},
            {"version", w.version}};
  return j.dump();
}

bool decode_warning(std::string_view text, Warning& out) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    out.kind = static_cast<WarningKind>(j.at("kind").get<int>());
    out.state = static_cast<WarningState>(j.at("state").get<int>());
    out.unit_id = j.at("unit_id").get<UnitId>();
    out.key = j.at("key").get<std::string>();
    out.subject = j.at("subject").get<std::string>();
    out.category_code = j.at("category_code").get<std::string>();
    out.count = j.at("count").get<int>();
    out.threshold = j.at("threshold").get<int>();
    out.baseline = j.at("baseline").get<double>();
    out.window_days = j.at("window_days").get<int>();
    out.case_ids = j.at("case_ids").get<std::vector<CaseId>>();
    out.party_index = j.at("party_index").get<int>();
    out.raised_at = j.at("raised_at").get<TimeMs>();
    out.holds_until = j.at("holds_until").get<TimeMs>();
    out.policy_version = j.at("policy_version").get<int>();
    out.case_id = j.at("case_id").get<CaseId>();
    out.version = j.at("version").get<std::int64_t>();
    out.steps.clear();
    for (const json& s : j.at("steps")) {
      WarningStep step;
      step.action = static_cast<WarningAction>(s.at("action").get<int>());
      step.by = s.at("by").get<UserId>();
      step.at = s.at("at").get<TimeMs>();
      step.reason = s.at("reason").get<std::string>();
      step.case_id = s.at("case_id").get<CaseId>();
      out.steps.push_back(std::move(step));
    }
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

std::string encode_warning_policy(const WarningPolicy& p) {
  json j = {{"version", p.version},
            {"repeat_count", p.repeat_count},
            {"repeat_days", p.repeat_days},
            {"hot_window_days", p.hot_window_days},
            {"hot_baseline_days", p.hot_baseline_days},
            {"hot_min_count", p.hot_min_count},
            {"hot_factor_percent", p.hot_factor_percent},
            {"group_persons", p.group_persons},
            {"petition_levels_above", p.petition_levels_above},
            {"stalled_working_days", p.stalled_working_days},
            {"basis", p.basis},
            {"set_by", p.set_by},
            {"set_at", p.set_at}};
  return j.dump();
}

bool decode_warning_policy(std::string_view text, WarningPolicy& out) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    out.version = j.at("version").get<int>();
    out.repeat_count = j.at("repeat_count").get<int>();
    out.repeat_days = j.at("repeat_days").get<int>();
    out.hot_window_days = j.at("hot_window_days").get<int>();
    out.hot_baseline_days = j.at("hot_baseline_days").get<int>();
    out.hot_min_count = j.at("hot_min_count").get<int>();
    out.hot_factor_percent = j.at("hot_factor_percent").get<int>();
    // Versions stored before these thresholds existed hold the built-in ones.
    const WarningPolicy builtin;
    out.group_persons = j.value("group_persons", builtin.group_persons);
    out.petition_levels_above = j.value("petition_levels_above", builtin.petition_levels_above);
    out.stalled_working_days = j.value("stalled_working_days", builtin.stalled_working_days);
    out.basis = j.at("basis").get<std::string>();
    out.set_by = j.at("set_by").get<UserId>();
    out.set_at = j.at("set_at").get<TimeMs>();
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

}  // namespace gridcase::storage
