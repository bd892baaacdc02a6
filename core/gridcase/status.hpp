// Status and Result<T>: errors are values in the core.
//
// Codes follow google.rpc.Code so that the wire can carry them unchanged. A Status carries a
// machine reason from the catalogue of reasons (reasons.hpp: `Status(reason::STALE_VERSION,
// "...")`) and a message; adapters (storage, net) map their own exceptions to a Status once,
// at their boundary.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gridcase {

enum class Code : int {
  kOk = 0,
  kCancelled = 1,
  kUnknown = 2,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kResourceExhausted = 8,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

// The canonical upper-case name of a code, e.g. "FAILED_PRECONDITION".
const char* code_name(Code code);

// An error reason: its name on the wire ("TRANSITION_NOT_ALLOWED"), the code it is answered
// with, and what it means for people in Chinese and English. Every reason is an entry of the
// catalogue (reasons.def, reasons.hpp); a Status can only be made from one of them.
struct Reason {
  const char* name;
  Code code;
  const char* zh;
  const char* en;
};

class Status {
 public:
  Status() = default;  // OK
  // A failure for `reason`, with the code the catalogue gives it and a message that says what
  // exactly went wrong (in English, for logs and developers; people read the reason's text).
  Status(const Reason& reason, std::string message)
      : code_(reason.code), reason_(&reason), message_(std::move(message)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  // The reason's name ("" when OK).
  std::string reason() const { return reason_ != nullptr ? reason_->name : ""; }
  // The catalogue entry (nullptr when OK).
  const Reason* reason_entry() const { return reason_; }
  const std::string& message() const { return message_; }
  Status& with_message(std::string message) {
    message_ = std::move(message);
    return *this;
  }

  // Extra machine-readable values, e.g. the allowed actions of a TRANSITION_NOT_ALLOWED error
  // (as action names).
  const std::vector<std::string>& details() const { return details_; }
  Status& with_details(std::vector<std::string> details) {
    details_ = std::move(details);
    return *this;
  }

  // "FAILED_PRECONDITION TRANSITION_NOT_ALLOWED: cannot close a REPORTED case"
  std::string to_string() const;

 private:
  Code code_ = Code::kOk;
  const Reason* reason_ = nullptr;
  std::string message_;
  std::vector<std::string> details_;
};

// Either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.is_ok()); }  // NOLINT

  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }

  T& value() & { assert(value_); return *value_; }
  const T& value() const& { assert(value_); return *value_; }
  T&& value() && { assert(value_); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace gridcase

// Returns early with the status when an expression yields a non-OK Status.
#define GRIDCASE_RETURN_IF_ERROR(expr)              \
  do {                                               \
    ::gridcase::Status gridcase_status_ = (expr);    \
    if (!gridcase_status_.is_ok()) return gridcase_status_; \
  } while (0)

// The catalogue of reasons, wherever a Status can be made.
#include "gridcase/reasons.hpp"  // IWYU pragma: export
