#include "args.hpp"

#include <cerrno>
#include <cstdlib>

#include "cli_error.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

const OptionSpec* find_spec(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const auto& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

std::optional<std::int64_t> parse_int(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || end == text.c_str() || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(v);
}

Args Args::parse(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs) {
  Args out;
  bool options_done = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (options_done || w.size() < 3 || w.compare(0, 2, "--") != 0) {
      if (w == "--") {
        options_done = true;
        continue;
      }
      out.positional_.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = find_spec(specs, name);
    if (spec == nullptr) throw UsageError(std::string(tr("未知选项", "unknown option")) + " --" + name);
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < words.size()) {
        value = words[++i];
      } else {
        throw UsageError(std::string(tr("选项缺少取值", "option needs a value")) + " --" + name);
      }
    } else if (inline_value) {
      throw UsageError(std::string(tr("选项不接受取值", "option takes no value")) + " --" + name);
    }
    auto& slot = out.options_[name];
    if (!slot.empty() && !spec->repeatable) {
      throw UsageError(std::string(tr("选项重复", "option given twice")) + " --" + name);
    }
    slot.push_back(value);
  }
  return out;
}

const std::string& Args::require_positional(std::size_t index, const std::string& what) const {
  if (index >= positional_.size()) throw UsageError(std::string(tr("缺少参数", "missing argument")) + " " + what);
  return positional_[index];
}

void Args::expect_at_most(std::size_t count) const {
  if (positional_.size() > count) {
    throw UsageError(std::string(tr("多余的参数", "unexpected argument")) + " " + positional_[count]);
  }
}

bool Args::has(const std::string& name) const { return options_.count(name) != 0; }

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Args::value_or(const std::string& name, const std::string& fallback) const {
  auto v = value(name);
  return v ? *v : fallback;
}

std::vector<std::string> Args::values(const std::string& name) const {
  auto it = options_.find(name);
  return it == options_.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::require(const std::string& name) const {
  auto v = value(name);
  if (!v) throw UsageError(std::string(tr("缺少选项", "missing option")) + " --" + name);
  return *v;
}

std::optional<std::int64_t> Args::integer(const std::string& name) const {
  auto v = value(name);
  if (!v) return std::nullopt;
  auto n = parse_int(*v);
  if (!n) throw UsageError(std::string(tr("需要整数", "not an integer")) + " --" + name + " " + *v);
  return n;
}

}  // namespace gridcase::cli
