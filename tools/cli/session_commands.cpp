// login, logout, whoami.
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "labels.hpp"
#include "messages.hpp"

namespace gridcase::cli {

namespace {

// Reads a password from the terminal without echo, or a line from stdin when it is not a
// terminal (scripts: `echo secret | gridcase login grid1`).
std::string read_password() {
  std::string password;
  if (::isatty(STDIN_FILENO)) {
    std::cerr << tr("密码: ", "Password: ") << std::flush;
    termios old{};
    bool restore = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::getline(std::cin, password);
    if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << '\n';
  } else {
    std::getline(std::cin, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

void print_user(const v1::User& u) {
  std::cout << tr("用户: ", "User: ") << (u.display_name().empty() ? u.username() : u.display_name())
            << " (" << u.username() << ", #" << u.id() << ")\n"
            << tr("角色: ", "Role: ") << label(u.role()) << '\n'
            << tr("范围单位: ", "Scope unit: ") << "#" << u.scope_unit_id() << '\n';
}

}  // namespace

int login(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"password"}});
  args.expect_at_most(1);
  const std::string username = args.require_positional(0, tr("用户名", "USER"));
  std::string password = args.has("password") ? *args.value("password") : read_password();

  v1::ClientFrame frame;
  frame.mutable_login()->set_username(username);
  frame.mutable_login()->set_password(password);
  v1::Reply reply;
  try {
    reply = client.call(std::move(frame));
  } catch (const ServerError& e) {
    throw ServerError(e.error(), kExitServerError);  // wrong credentials: the server said no
  }
  const v1::LoginResponse& r = reply.login();
  client.tokens().save({r.token(), username, client.server()});

  v1::LoginResponse shown = r;
  shown.clear_token();  // the token is a secret: it goes to the token file only
  client.emit(shown, [&] {
    std::cout << tr("登录成功。", "Logged in.") << '\n';
    print_user(r.user());
    std::cout << tr("有效期至: ", "Expires: ") << format_time(r.expires_at()) << '\n';
  });
  if (r.demo_password()) {
    std::cerr << tr("提示: 此账号仍在使用演示密码，请尽快修改。",
                    "note: this account still has its demo password; change it soon.")
              << '\n';
  }
  return kExitOk;
}

int logout(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(0);
  if (!client.tokens().load()) {
    if (client.json()) {
      v1::LogoutResponse empty;
      client.print_message_json(empty);
    } else {
      std::cout << tr("当前未登录。", "Not logged in.") << '\n';
    }
    return kExitOk;
  }
  // End the session on the server too; a session it no longer knows is as good as ended.
  try {
    v1::ClientFrame frame;
    frame.mutable_logout();
    client.authed_call(std::move(frame));
  } catch (const CliError& e) {
    if (e.exit_code() != kExitNotLoggedIn) throw;
  }
  client.tokens().remove();
  v1::LogoutResponse done;
  client.emit(done, [] { std::cout << tr("已退出登录。", "Logged out.") << '\n'; });
  return kExitOk;
}

int whoami(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(0);
  const v1::Reply& reply = client.resume();
  if (reply.has_login() && reply.login().has_user()) {
    client.emit(reply.login().user(), [&] {
      print_user(reply.login().user());
      std::cout << tr("服务器: ", "Server: ") << client.server() << '\n';
    });
  } else {
    auto stored = client.tokens().load();
    v1::User u;
    u.set_username(stored ? stored->username : "");
    client.emit(u, [&] { std::cout << tr("用户: ", "User: ") << u.username() << '\n'; });
  }
  return kExitOk;
}

}  // namespace gridcase::cli
