#include "args.hpp"

#include <cerrno>
#include <cstdlib>
#include <utility>

#include <CLI/CLI.hpp>

#include "cli_error.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

// The words CLI11 did not take as declared options, in their order: positional words (classified
// NONE, as is everything after a lone "--"), that "--" (POSITIONAL_MARK) and unknown options
// (LONG or SHORT).
class WordsApp : public CLI::App {
 public:
  const std::vector<std::pair<CLI::detail::Classifier, std::string>>& words() const { return missing_; }
};

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
  WordsApp app;
  app.set_help_flag();  // --help and -h belong to the whole CLI: main prints the usage
  app.allow_extras();   // positional words, and unknown options to refuse in the user's language
  std::vector<std::pair<const OptionSpec*, CLI::Option*>> declared;
  for (const auto& spec : specs) {
    CLI::Option* option = spec.takes_value ? app.add_option("--" + spec.name) : app.add_flag("--" + spec.name);
    if (spec.takes_value) {
      // One word per occurrence, the next one whatever it looks like (`--reason -` is a reason).
      option->expected(1)->allow_extra_args(false);
    } else {
      option->disable_flag_override();  // --flag=value is refused
    }
    // Every occurrence is kept: a repeat of a non-repeatable option is refused below, in our words.
    option->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    declared.emplace_back(&spec, option);
  }

  std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::ArgumentMismatch& e) {
    // "--unit: 1 required TEXT missing" or "all was given a disallowed flag override": the
    // message starts with the option's name; the spec says which of the two it is.
    std::string name = e.what();
    name = name.substr(0, name.find_first_of(": "));
    name.erase(0, name.find_first_not_of('-'));
    const OptionSpec* spec = find_spec(specs, name);
    if (spec != nullptr && !spec->takes_value) {
      throw UsageError(std::string(tr("选项不接受取值", "option takes no value")) + " --" + name);
    }
    throw UsageError(std::string(tr("选项缺少取值", "option needs a value")) + " --" + name);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }

  Args out;
  for (const auto& [kind, word] : app.words()) {
    if (kind == CLI::detail::Classifier::POSITIONAL_MARK) continue;  // the "--" that ends the options
    if (kind != CLI::detail::Classifier::NONE) {
      throw UsageError(std::string(tr("未知选项", "unknown option")) + " " + word.substr(0, word.find('=')));
    }
    out.positional_.push_back(word);
  }
  for (const auto& [spec, option] : declared) {
    if (option->count() == 0) continue;
    if (option->count() > 1 && !spec->repeatable) {
      throw UsageError(std::string(tr("选项重复", "option given twice")) + " --" + spec->name);
    }
    // A flag's results are CLI11's "true"s; it is kept as one empty value per occurrence.
    out.options_[spec->name] = spec->takes_value ? option->results() : std::vector<std::string>(option->count());
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
