#include "token_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "cli_error.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

// mkdir -p with mode 0700 for what it creates.
void make_parents(const std::string& path) {
  for (std::size_t pos = 1; (pos = path.find('/', pos)) != std::string::npos; ++pos) {
    std::string dir = path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      throw CliError(kExitServerError, std::string(tr("无法创建目录 ", "cannot create directory ")) +
                                           dir + ": " + std::strerror(errno));
    }
  }
}

}  // namespace

std::string default_token_path() {
  if (const char* env = std::getenv("GRIDCASE_TOKEN_FILE"); env != nullptr && *env != '\0') {
    return env;
  }
  std::string base;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    base = std::string(home) + "/.config";
  } else {
    base = ".";
  }
  return base + "/gridcase/token";
}

std::optional<StoredToken> TokenStore::load() const {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  StoredToken t;
  std::getline(in, t.token);
  std::getline(in, t.username);
  std::getline(in, t.server);
  if (t.token.empty()) return std::nullopt;
  return t;
}

void TokenStore::save(const StoredToken& token) const {
  make_parents(path_);
  std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  auto fail = [&](const char* what) {
    std::string err = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw CliError(kExitServerError, std::string(tr("无法保存登录凭据 ", "cannot save the token ")) +
                                         path_ + " (" + what + "): " + err);
  };
  if (fd < 0) fail("open");
  ::fchmod(fd, 0600);  // in case an older file with wider permissions was truncated
  std::string body = token.token + "\n" + token.username + "\n" + token.server + "\n";
  const char* p = body.data();
  std::size_t left = body.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("fsync");
  if (::close(fd) != 0) {
    fd = -1;
    fail("close");
  }
  fd = -1;
  if (::rename(tmp.c_str(), path_.c_str()) != 0) fail("rename");
}

bool TokenStore::remove() const { return ::unlink(path_.c_str()) == 0; }

}  // namespace gridcase::cli
