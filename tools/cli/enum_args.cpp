#include "enum_args.hpp"

#include <cctype>

#include "cli_error.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

namespace pb = google::protobuf;

// "CASE_STATE_UNSPECIFIED" → "CASE_STATE_": every wire enum starts with X_UNSPECIFIED = 0.
std::string prefix_of(const pb::EnumDescriptor* type) {
  const pb::EnumValueDescriptor* zero = type->FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& n = zero->name();
  const std::string suffix = "UNSPECIFIED";
  if (n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return n.substr(0, n.size() - suffix.size());
  }
  return "";
}

std::string normalise(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == ' ') {
      out += '_';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace

std::string enum_id(const pb::EnumDescriptor* type, int value) {
  const pb::EnumValueDescriptor* v = type->FindValueByNumber(value);
  if (v == nullptr) return std::to_string(value);
  std::string prefix = prefix_of(type);
  const std::string& n = v->name();
  return n.compare(0, prefix.size(), prefix) == 0 ? n.substr(prefix.size()) : n;
}

std::optional<int> find_enum_value(const pb::EnumDescriptor* type, const std::string& text) {
  const std::string prefix = prefix_of(type);
  std::string wanted = normalise(text);
  if (wanted.compare(0, prefix.size(), prefix) == 0) wanted = wanted.substr(prefix.size());
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->name().substr(prefix.size()) == wanted) return type->value(i)->number();
  }
  return std::nullopt;
}

int parse_enum_value(const pb::EnumDescriptor* type, const std::string& text,
                     const std::string& option) {
  const std::string prefix = prefix_of(type);
  std::string wanted = normalise(text);
  if (wanted.compare(0, prefix.size(), prefix) == 0) wanted = wanted.substr(prefix.size());
  std::string accepted;
  for (int i = 0; i < type->value_count(); ++i) {
    const pb::EnumValueDescriptor* v = type->value(i);
    if (v->number() == 0) continue;
    std::string id = v->name().substr(prefix.size());
    if (id == wanted) return v->number();
    if (!accepted.empty()) accepted += ", ";
    for (char c : id) accepted += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  throw UsageError(std::string(tr("无效的取值 ", "invalid value ")) + "--" + option + " " + text +
                   std::string(tr("；可选: ", "; one of: ")) + accepted);
}

}  // namespace gridcase::cli
