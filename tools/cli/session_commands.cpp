// login, logout, whoami, passwd.
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

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) != 0; }

void print_user(const v1::User& u) {
  std::cout << tr("用户: ", "User: ") << (u.display_name().empty() ? u.username() : u.display_name())
            << " (" << u.username() << ", #" << u.id() << ")\n"
            << tr("角色: ", "Role: ") << label(u.role()) << '\n'
            << tr("范围单位: ", "Scope unit: ") << "#" << u.scope_unit_id() << '\n';
}

}  // namespace

std::string read_secret(const char* prompt) {
  std::string secret;
  if (stdin_is_terminal()) {
    std::cerr << prompt << std::flush;
    termios old{};
    bool restore = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
      termios quiet = old;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::getline(std::cin, secret);
    if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << '\n';
  } else {
    std::getline(std::cin, secret);
  }
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  return secret;
}

std::string read_new_password() {
  std::string password = read_secret(tr("新密码: ", "New password: "));
  if (password.empty()) throw UsageError(tr("新密码不能为空", "the new password is empty"));
  if (stdin_is_terminal() && read_secret(tr("再次输入新密码: ", "New password again: ")) != password) {
    throw UsageError(tr("两次输入的新密码不一致，密码未修改", "the two new passwords differ; nothing was changed"));
  }
  return password;
}

int login(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"password"}});
  args.expect_at_most(1);
  const std::string username = args.require_positional(0, tr("用户名", "USER"));
  std::string password = args.has("password") ? *args.value("password") : read_secret(tr("密码: ", "Password: "));

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
  if (r.must_change_password()) {
    std::cerr << tr("注意: 管理员已重置此账号的密码，修改密码之前不能进行其他操作。请运行 gridcase passwd 修改密码。",
                    "note: an admin reset this account's password; nothing else works until you change "
                    "it. Run gridcase passwd to change it.")
              << '\n';
  } else if (r.demo_password()) {
    std::cerr << tr("提示: 此账号仍在使用演示密码，请尽快修改：运行 gridcase passwd。",
                    "note: this account still has its demo password; change it soon: run gridcase passwd.")
              << '\n';
  }
  return kExitOk;
}

int change_password(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"old"}, {"new"}});
  args.expect_at_most(0);
  const v1::Reply& me = client.resume();  // logged in, on the login's server
  std::string username = me.login().user().username();
  if (username.empty()) username = client.tokens().load().value_or(StoredToken{}).username;
  const std::string old_password = args.has("old") ? *args.value("old") : read_secret(tr("当前密码: ", "Current password: "));
  const std::string new_password = args.has("new") ? *args.value("new") : read_new_password();
  if (new_password.empty()) throw UsageError(tr("新密码不能为空", "the new password is empty"));

  v1::ClientFrame frame;
  frame.mutable_change_password()->set_old_password(old_password);
  frame.mutable_change_password()->set_new_password(new_password);
  try {
    client.authed_call(std::move(frame));
  } catch (const ServerError& e) {
    // The session is fine: it is the current password that is wrong.
    if (e.error().reason() != "BAD_CREDENTIALS") throw;
    throw CliError(kExitServerError, tr("当前密码不正确，密码未修改", "the current password is wrong; nothing was changed"));
  }

  // Every session of the user ended, this one too: log in again with the new password, so
  // that the next command works as before.
  v1::ClientFrame again;
  again.mutable_login()->set_username(username);
  again.mutable_login()->set_password(new_password);
  bool logged_in = false;
  try {
    v1::Reply reply = client.call(std::move(again));
    client.tokens().save({reply.login().token(), username, client.server()});
    logged_in = true;
  } catch (const std::runtime_error&) {  // refused, or the connection broke
    client.tokens().remove();              // the saved token no longer works
  }
  v1::Done done;
  client.emit(done, [&] {
    std::cout << tr("密码已修改，此账号在其他地方的登录均已退出。", "Password changed; every other session of this account ended.")
              << '\n';
    if (logged_in) {
      std::cout << tr("已用新密码重新登录。", "Logged in again with the new password.") << '\n';
    } else {
      std::cout << tr("请用新密码重新登录: gridcase login ", "Log in again with the new password: gridcase login ")
                << username << '\n';
    }
  });
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
      if (reply.login().must_change_password()) {
        std::cout << tr("须先修改密码: gridcase passwd", "must change the password first: gridcase passwd") << '\n';
      }
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
