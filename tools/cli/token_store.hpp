// Where the session token is kept between runs: a file readable by its owner only (0600).
//
// Location: --token-file, else $GRIDCASE_TOKEN_FILE, else ~/.config/gridcase/token. The file
// holds the token on its first line, the username on its second and the server it was issued
// by on its third (files written before the server was kept have two lines).
#pragma once

#include <optional>
#include <string>

namespace gridcase::cli {

struct StoredToken {
  std::string token;
  std::string username;
  std::string server;  // ws://HOST:PORT/PATH as the login reached it; empty when not known
};

std::string default_token_path();

class TokenStore {
 public:
  explicit TokenStore(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  // nullopt when there is no file or it holds no token.
  std::optional<StoredToken> load() const;
  // Creates missing directories (0700) and writes the file with mode 0600, replacing it
  // atomically. Throws CliError (exit 1) when the file cannot be written.
  void save(const StoredToken& token) const;
  // Removes the file; true when there was one.
  bool remove() const;

 private:
  std::string path_;
};

}  // namespace gridcase::cli
