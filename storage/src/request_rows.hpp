// How an idempotency record (`requests`) keeps its request's fingerprint. Since schema version 19
// a fingerprint of lowercase hex digits (what SodiumCrypto makes: 32 of them) is stored as the
// bytes it spells, a BLOB of half the length; any other is stored as TEXT, as before. Read back,
// either is the same string that was written, so a resend's fingerprint compares as it did.
#pragma once

#include <string>
#include <string_view>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

namespace gridcase::storage {

// True, with the bytes in `bytes`, when `fingerprint` is a non-empty, even-length string of
// lowercase hex digits; false otherwise (`bytes` unspecified).
bool fingerprint_bytes(std::string_view fingerprint, std::string& bytes);

// Binds `fingerprint` to parameter `index`: a BLOB of its bytes when fingerprint_bytes says so,
// TEXT otherwise.
void bind_fingerprint(SQLite::Statement& s, int index, const std::string& fingerprint);

// The fingerprint stored in `column`: a BLOB as lowercase hex, TEXT as it is.
std::string read_fingerprint(const SQLite::Column& column);

}  // namespace gridcase::storage
