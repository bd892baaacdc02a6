// A command's words: positional words and `--name value` / `--name=value` / `--flag` options,
// checked against the options the command declares.
//
// The parsing is CLI11's (args.cpp); this facade stays because some forty commands read their
// options through it, each with its own checks, and because its errors are in the user's
// language (--lang zh|en), which CLI11's English messages are not. Help is the CLI's bilingual
// usage text (main.cpp), not a per-command CLI11 help.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gridcase::cli {

struct OptionSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  bool repeatable = false;
};

class Args {
 public:
  // Parses `words` against `specs`. Throws UsageError for an unknown option (a word starting with
  // "-" and a letter counts as one), a missing value or a non-repeatable option given twice. An
  // option takes the next word as its value whatever it looks like (`--lat -36.5`, `--reason -`).
  // A lone "--" ends the options.
  static Args parse(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positional() const { return positional_; }
  // The positional word at `index`; throws UsageError naming `what` when absent.
  const std::string& require_positional(std::size_t index, const std::string& what) const;
  // Throws UsageError when there are more than `count` positional words.
  void expect_at_most(std::size_t count) const;

  bool has(const std::string& name) const;
  std::optional<std::string> value(const std::string& name) const;
  std::string value_or(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> values(const std::string& name) const;
  // Throws UsageError when the option is missing.
  std::string require(const std::string& name) const;
  // An integer option; throws UsageError when it is not one.
  std::optional<std::int64_t> integer(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> options_;
};

// Parses a decimal integer; nullopt when `text` is not one (surrounding text not allowed).
std::optional<std::int64_t> parse_int(const std::string& text);

}  // namespace gridcase::cli
