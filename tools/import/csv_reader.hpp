// A small RFC 4180 CSV reader: quoted fields with doubled quotes, commas and newlines inside
// quotes, CRLF or LF line ends.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace gridcase::import {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  // Reads the next record into `fields`; false at the end of the input.
  bool next(std::vector<std::string>& fields);

 private:
  std::istream& in_;
};

}  // namespace gridcase::import
