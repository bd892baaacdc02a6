#include "errors.hpp"

#include <new>
#include <string>

#include <sqlite3.h>

namespace gridcase::storage {

Status storage_fault(const std::string& message) {
  return Status(reason::STORAGE_FAULT, message);
}

Status status_from(const SQLite::Exception& e, const Reason& conflict_reason) {
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
        return Status(conflict_reason, message);
      }
      return Status(reason::CONSTRAINT_VIOLATION, message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(reason::DATABASE_CORRUPT, message);
    default:
      return Status(reason::STORAGE_ERROR, message);
  }
}

Status status_from_current_exception(const Reason& conflict_reason) {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    return status_from(e, conflict_reason);
  } catch (const std::bad_alloc&) {
    return Status(reason::OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Status(reason::STORAGE_ERROR, e.what());
  } catch (...) {
    return Status(reason::STORAGE_ERROR, "unknown exception");
  }
}

}  // namespace gridcase::storage
