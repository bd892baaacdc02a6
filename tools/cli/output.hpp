// Output for people (aligned tables that allow for wide Chinese characters) and for scripts
// (one JSON object per result, proto3 JSON mapping with the .proto field names).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

namespace gridcase::cli {

// Columns a UTF-8 string takes in a terminal: East Asian wide characters count 2.
std::size_t display_width(std::string_view text);

// Cuts `text` to at most `width` columns, ending in "…" when something was cut. Newlines and
// tabs become spaces.
std::string fit(std::string_view text, std::size_t width);

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Limits a column's width (cells are cut with "…"); 0 means no limit.
  void limit(std::size_t column, std::size_t width);
  void add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::size_t> limits_;
  std::vector<std::vector<std::string>> rows_;
};

// The message as one line of JSON, followed by a newline.
void print_json(std::ostream& out, const google::protobuf::Message& message);

}  // namespace gridcase::cli
