// Enumerations on the command line and on screen: wire enums by their names without prefix,
// accepted case-insensitively ("dispute", "in_progress", "IN-PROGRESS").
#pragma once

#include <optional>
#include <string>

#include <google/protobuf/generated_enum_reflection.h>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

// The identifier of an enum value without its prefix: CASE_STATE_IN_PROGRESS → "IN_PROGRESS".
std::string enum_id(const google::protobuf::EnumDescriptor* type, int value);

// The value of `type` named `text` (without prefix, any case), or nullopt.
std::optional<int> find_enum_value(const google::protobuf::EnumDescriptor* type,
                                   const std::string& text);

// Parses `text` as a value of `type` other than UNSPECIFIED. Throws UsageError naming `option`
// and listing the accepted values.
int parse_enum_value(const google::protobuf::EnumDescriptor* type, const std::string& text,
                     const std::string& option);

template <typename Enum>
Enum parse_enum(const std::string& text, const std::string& option) {
  return static_cast<Enum>(
      parse_enum_value(google::protobuf::GetEnumDescriptor<Enum>(), text, option));
}

template <typename Enum>
std::string enum_id(Enum value) {
  return enum_id(google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

}  // namespace gridcase::cli
