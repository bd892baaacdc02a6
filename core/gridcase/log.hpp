// Structured logs: one line per record, "ts=... level=... msg=... key=value ...", to stderr.
// Thread-safe. The level is global and set once at start.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace gridcase::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void set_level(Level level);
Level level();
// "debug", "info", "warn", "error"; false when unknown.
bool parse_level(std::string_view text, Level& out);

using Field = std::pair<std::string_view, std::string>;

void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void debug(std::string_view msg, std::initializer_list<Field> f = {}) { write(Level::kDebug, msg, f); }
inline void info(std::string_view msg, std::initializer_list<Field> f = {}) { write(Level::kInfo, msg, f); }
inline void warn(std::string_view msg, std::initializer_list<Field> f = {}) { write(Level::kWarn, msg, f); }
inline void error(std::string_view msg, std::initializer_list<Field> f = {}) { write(Level::kError, msg, f); }

}  // namespace gridcase::log
