#include "errors.hpp"

#include <new>
#include <string>

#include <sqlite3.h>

namespace gridcase::storage {

Status storage_fault(const std::string& message) {
  return Status(Code::kUnavailable, "STORAGE_FAULT", message);
}

Status status_from(const SQLite::Exception& e, const char* conflict_reason) {
  const std::string message = e.what();
  const int extended = e.getExtendedErrorCode();
  // SQLiteCpp sets -1 when the error did not come from SQLite itself (misuse of the wrapper).
  const int primary = e.getErrorCode() < 0 ? -1 : (e.getErrorCode() & 0xff);
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
    case SQLITE_READONLY:
      return storage_fault(message);
    case SQLITE_CONSTRAINT:
      if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status(Code::kAlreadyExists, conflict_reason, message);
      }
      return Status(Code::kInvalidArgument, "CONSTRAINT_VIOLATION", message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(Code::kDataLoss, "DATABASE_CORRUPT", message);
    default:
      return Status(Code::kInternal, "STORAGE_ERROR", message);
  }
}

Status status_from_current_exception(const char* conflict_reason) {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    return status_from(e, conflict_reason);
  } catch (const std::bad_alloc&) {
    return Status(Code::kResourceExhausted, "OUT_OF_MEMORY", "out of memory");
  } catch (const std::exception& e) {
    return Status(Code::kInternal, "STORAGE_ERROR", e.what());
  } catch (...) {
    return Status(Code::kInternal, "STORAGE_ERROR", "unknown exception");
  }
}

}  // namespace gridcase::storage
