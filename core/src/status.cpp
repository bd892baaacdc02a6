#include "gridcase/status.hpp"

namespace gridcase {

const char* code_name(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kCancelled: return "CANCELLED";
    case Code::kUnknown: return "UNKNOWN";
    case Code::kInvalidArgument: return "INVALID_ARGUMENT";
    case Code::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case Code::kNotFound: return "NOT_FOUND";
    case Code::kAlreadyExists: return "ALREADY_EXISTS";
    case Code::kPermissionDenied: return "PERMISSION_DENIED";
    case Code::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case Code::kFailedPrecondition: return "FAILED_PRECONDITION";
    case Code::kAborted: return "ABORTED";
    case Code::kOutOfRange: return "OUT_OF_RANGE";
    case Code::kUnimplemented: return "UNIMPLEMENTED";
    case Code::kInternal: return "INTERNAL";
    case Code::kUnavailable: return "UNAVAILABLE";
    case Code::kDataLoss: return "DATA_LOSS";
    case Code::kUnauthenticated: return "UNAUTHENTICATED";
  }
  return "UNKNOWN";
}

std::string Status::to_string() const {
  if (is_ok()) return "OK";
  std::string out = code_name(code_);
  if (!reason_.empty()) out += " " + reason_;
  if (!message_.empty()) out += ": " + message_;
  return out;
}

#define GRIDCASE_STATUS_MAKER(fn, code)                          \
  Status fn(std::string reason, std::string message) {            \
    return Status(Code::code, std::move(reason), std::move(message)); \
  }
GRIDCASE_STATUS_MAKER(invalid_argument, kInvalidArgument)
GRIDCASE_STATUS_MAKER(not_found, kNotFound)
GRIDCASE_STATUS_MAKER(already_exists, kAlreadyExists)
GRIDCASE_STATUS_MAKER(permission_denied, kPermissionDenied)
GRIDCASE_STATUS_MAKER(failed_precondition, kFailedPrecondition)
GRIDCASE_STATUS_MAKER(aborted, kAborted)
GRIDCASE_STATUS_MAKER(unauthenticated, kUnauthenticated)
GRIDCASE_STATUS_MAKER(resource_exhausted, kResourceExhausted)
GRIDCASE_STATUS_MAKER(unavailable, kUnavailable)
GRIDCASE_STATUS_MAKER(internal_error, kInternal)
#undef GRIDCASE_STATUS_MAKER

}  // namespace gridcase
