// Early warnings (warning.hpp) as the SQLite and PostgreSQL stores keep them: the columns a
// query filters on (id, key, unit, kind, state) and the rest of the record as one JSON text;
// a warning policy version as one JSON text.
#pragma once

#include <string>
#include <string_view>

#include "gridcase/warning.hpp"

namespace gridcase::storage {

std::string encode_warning(const Warning& w);
// False, with `out` unspecified, when `text` is not what encode_warning wrote.
bool decode_warning(std::string_view text, Warning& out);

std::string encode_warning_policy(const WarningPolicy& p);
bool decode_warning_policy(std::string_view text, WarningPolicy& out);

}  // namespace gridcase::storage
