// How the CLI fails: every failure carries the exit code the user (or script) sees.
#pragma once

#include <stdexcept>
#include <string>

#include "gridcase/v1/gridcase.pb.h"

namespace gridcase::cli {

// Exit codes of `gridcase`.
enum ExitCode : int {
  kExitOk = 0,
  kExitServerError = 1,  // the server refused or failed the call
  kExitUsage = 2,        // bad command line
  kExitConnect = 3,      // the server cannot be reached, or the connection broke
  kExitNotLoggedIn = 4,  // no token, or the server no longer accepts it
};

// A failure with a message already in the user's language.
class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// The command line is wrong. The message says what is wrong; usage help follows it.
class UsageError : public CliError {
 public:
  explicit UsageError(const std::string& message) : CliError(kExitUsage, message) {}
};

// The server answered a call with an error.
class ServerError : public std::runtime_error {
 public:
  // UNAUTHENTICATED maps to "not logged in" unless `exit_code` says otherwise (a refused login
  // is a server error); everything else to a server error.
  explicit ServerError(v1::Error error, int exit_code = -1)
      : std::runtime_error(error.message()),
        error_(std::move(error)),
        exit_code_(exit_code >= 0 ? exit_code
                                  : error_.code() == 16 ? kExitNotLoggedIn : kExitServerError) {}
  const v1::Error& error() const { return error_; }
  int exit_code() const { return exit_code_; }

 private:
  v1::Error error_;
  int exit_code_;
};

}  // namespace gridcase::cli
