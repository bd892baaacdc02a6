#include "csv_reader.hpp"

namespace gridcase::import {

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  for (;;) {
    const int ch = in_.get();
    if (ch == EOF) {
      if (!any && field.empty() && fields.empty()) return false;
      fields.push_back(std::move(field));
      return true;
    }
    any = true;
    const char c = static_cast<char>(ch);
    if (quoted) {
      if (c == '"') {
        if (in_.peek() == '"') {
          in_.get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields.push_back(std::move(field));
      return true;
    } else if (c != '\r') {
      field += c;
    }
  }
}

}  // namespace gridcase::import
