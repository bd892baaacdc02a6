// What every command works with: the global options, one connection to the server (opened on
// first use) and the stored session token.
#pragma once

#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "server_connection.hpp"
#include "gridcase/v1/gridcase.pb.h"
#include "server_url.hpp"
#include "token_store.hpp"

namespace gridcase::cli {

struct GlobalOptions {
  // --server or $GRIDCASE_SERVER. Empty: the server of the saved login, else kDefaultServer.
  std::string server;
  bool json = false;
  std::string token_file;
};

class Client {
 public:
  explicit Client(GlobalOptions options);

  bool json() const { return options_.json; }
  const TokenStore& tokens() const { return tokens_; }
  // The server this run talks to, written out in full (kept with the token at login).
  const std::string& server() const { return server_; }

  // The connection, opened on first use. Throws CliError (exit 3) when it cannot be opened.
  ServerConnection& connection();

  // Sends a call that needs no session; throws ServerError when the reply carries an error.
  v1::Reply call(v1::ClientFrame frame);

  // Resumes the stored session on this connection (once). Throws CliError (exit 4) when there
  // is no stored token, when it was issued by another server than this run's (--server; the
  // token is not sent there) or when the server no longer accepts it. Returns the resume reply,
  // which may carry the user.
  const v1::Reply& resume();

  // resume() followed by call(): for every command that needs a logged-in user.
  v1::Reply authed_call(v1::ClientFrame frame);

  // Prints a result: as JSON when --json, else with `human`.
  template <typename Human>
  void emit(const google::protobuf::Message& message, Human&& human) {
    if (json()) {
      print_message_json(message);
    } else {
      human();
    }
  }
  void print_message_json(const google::protobuf::Message& message);

  // Best-effort lookups for display: "#ID" when the name cannot be had. Every unit's name is
  // (names of units are not secret); users come from the list the caller may read and from
  // the cases read so far (remember_users).
  std::string unit_name(std::int64_t unit_id);
  std::string user_name(std::int64_t user_id);
  // Keeps the user names a case came with (GetCaseResponse.user_names) for user_name.
  void remember_users(const google::protobuf::Map<std::int64_t, std::string>& names);
  std::string category_name(const std::string& code);

 private:
  GlobalOptions options_;
  ServerUrl url_;
  std::string server_;
  TokenStore tokens_;
  std::unique_ptr<ServerConnection> connection_;
  std::optional<v1::Reply> resumed_;

  bool units_loaded_ = false;
  std::map<std::int64_t, std::string> units_;
  bool users_loaded_ = false;
  std::map<std::int64_t, std::string> users_;
  bool categories_loaded_ = false;
  std::map<std::string, std::string> categories_;
};

}  // namespace gridcase::cli
