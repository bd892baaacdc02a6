// Maps SQLite failures to Status values, once, at the storage boundary.
#pragma once

#include <exception>

#include <SQLiteCpp/Exception.h>

#include "gridcase/status.hpp"

namespace gridcase::storage {

// Busy, locked, I/O, full disk, cannot open     -> UNAVAILABLE "STORAGE_FAULT"
// UNIQUE / PRIMARY KEY constraint               -> ALREADY_EXISTS `conflict_reason`
// other constraints                             -> INVALID_ARGUMENT "CONSTRAINT_VIOLATION"
// corrupt file, not a database                  -> DATA_LOSS "DATABASE_CORRUPT"
// anything else                                 -> INTERNAL "STORAGE_ERROR"
Status status_from(const SQLite::Exception& e, const Reason& conflict_reason = reason::ALREADY_EXISTS);

// The status of the exception currently being handled (call only inside a catch block).
Status status_from_current_exception(const Reason& conflict_reason = reason::ALREADY_EXISTS);

// UNAVAILABLE "STORAGE_FAULT" with `message`.
Status storage_fault(const std::string& message);

// Runs body (returning Status or Result<T>) and turns any exception it throws into a Status.
template <typename F>
auto guarded(F&& body, const Reason& conflict_reason = reason::ALREADY_EXISTS) -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    return status_from_current_exception(conflict_reason);
  }
}

}  // namespace gridcase::storage
