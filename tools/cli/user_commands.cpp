// users list | create | reset-password | disable | enable | end-sessions.
#include <iostream>

#include "args.hpp"
#include "cli_error.hpp"
#include "commands.hpp"
#include "enum_args.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

int list_users(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"unit"}});
  args.expect_at_most(0);
  v1::ClientFrame frame;
  frame.mutable_list_users()->set_unit_id(args.integer("unit").value_or(0));
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto& users = reply.users();
  client.emit(users, [&] {
    Table table({"ID", tr("用户名", "Username"), tr("姓名", "Name"), tr("角色", "Role"),
                 tr("范围单位", "Scope unit"), tr("状态", "Status")});
    for (const auto& u : users.users()) {
      table.add({std::to_string(u.id()), u.username(), u.display_name(), label(u.role()),
                 client.unit_name(u.scope_unit_id()) + " (#" + std::to_string(u.scope_unit_id()) + ")",
                 u.disabled() ? tr("已停用", "disabled") : tr("正常", "active")});
    }
    table.print(std::cout);
  });
  return kExitOk;
}

int create_user(Client& client, const Words& words) {
  Args args = Args::parse(
      words, {{"username"}, {"password"}, {"role"}, {"scope"}, {"name"}, {"request-id"}});
  args.expect_at_most(0);
  v1::CreateUserRequest req;
  req.set_request_id(args.value_or("request-id", new_request_id()));
  req.set_username(args.require("username"));
  req.set_password(args.require("password"));
  req.set_role(parse_enum<v1::Role>(args.require("role"), "role"));
  auto scope = args.integer("scope");
  if (!scope) throw UsageError(std::string(tr("缺少选项", "missing option")) + " --scope");
  req.set_scope_unit_id(*scope);
  req.set_display_name(args.value_or("name", req.username()));
  v1::ClientFrame frame;
  *frame.mutable_create_user() = req;
  v1::Reply reply = client.authed_call(std::move(frame));
  const v1::User& u = reply.user().user();
  client.emit(reply.user(), [&] {
    std::cout << tr("已创建用户 ", "Created user ") << u.username() << " (#" << u.id() << ")  "
              << label(u.role()) << '\n';
  });
  return kExitOk;
}

namespace {

struct UserRef {
  std::int64_t id = 0;
  std::string username;
};

// A user named by id, or by username among the users the admin may list.
UserRef find_user(Client& client, const std::string& who) {
  UserRef out;
  v1::ClientFrame frame;
  frame.mutable_list_users();
  v1::Reply reply = client.authed_call(std::move(frame));
  const auto id = parse_int(who);
  const v1::User* match = nullptr;
  for (const auto& u : reply.users().users()) {
    if (id && u.id() == *id) match = &u;
  }
  for (const auto& u : reply.users().users()) {
    if (match == nullptr && u.username() == who) match = &u;
  }
  if (match == nullptr) {
    throw CliError(kExitServerError, std::string(tr("您的管辖范围内没有用户 ", "no user in your scope is ")) + who);
  }
  out.id = match->id();
  out.username = match->username();
  return out;
}

}  // namespace

int set_user_disabled(Client& client, const Words& words, bool disabled) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  const UserRef user = find_user(client, args.require_positional(0, tr("用户ID或用户名", "USER_ID_OR_NAME")));
  v1::ClientFrame frame;
  frame.mutable_update_user()->set_user_id(user.id);
  frame.mutable_update_user()->set_set_disabled(true);
  frame.mutable_update_user()->set_disabled(disabled);
  v1::Reply reply = client.authed_call(std::move(frame));
  client.emit(reply.user(), [&] {
    if (disabled) {
      std::cout << tr("已停用用户 ", "Disabled user ") << user.username << " (#" << user.id
                << tr(")：其登录均失效，不能再登录。", "): their sessions no longer work and they cannot log in.")
                << '\n';
    } else {
      std::cout << tr("已启用用户 ", "Enabled user ") << user.username << " (#" << user.id << ")" << tr("。", ".")
                << '\n';
    }
  });
  return kExitOk;
}

int end_user_sessions(Client& client, const Words& words) {
  Args args = Args::parse(words, {});
  args.expect_at_most(1);
  const UserRef user = find_user(client, args.require_positional(0, tr("用户ID或用户名", "USER_ID_OR_NAME")));
  v1::ClientFrame frame;
  frame.mutable_revoke_sessions()->set_user_id(user.id);
  v1::Reply reply = client.authed_call(std::move(frame));
  client.emit(reply.done(), [&] {
    std::cout << tr("已退出用户 ", "Ended every session of ") << user.username << " (#" << user.id
              << tr(") 的所有登录。", ").") << '\n';
  });
  return kExitOk;
}

int reset_password(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"password"}});
  args.expect_at_most(1);
  const UserRef user = find_user(client, args.require_positional(0, tr("用户ID或用户名", "USER_ID_OR_NAME")));
  const std::int64_t user_id = user.id;
  const std::string& username = user.username;
  const std::string password = args.has("password") ? *args.value("password") : read_new_password();
  if (password.empty()) throw UsageError(tr("新密码不能为空", "the new password is empty"));
  v1::ClientFrame frame;
  frame.mutable_update_user()->set_user_id(user_id);
  frame.mutable_update_user()->set_new_password(password);
  v1::Reply reply = client.authed_call(std::move(frame));
  const bool own = client.resume().login().user().id() == user_id;  // the admin chose it
  client.emit(reply.user(), [&] {
    std::cout << tr("已重置用户 ", "Reset the password of ") << username << " (#" << user_id << tr(") 的密码。", ").")
              << '\n';
    if (own) {
      std::cout << tr("您的所有登录也已退出，请用新密码重新登录: gridcase login ",
                      "Every session of yours ended too; log in with the new password: gridcase login ")
                << username << '\n';
      return;
    }
    std::cout << tr("其所有登录已退出；下次登录后须先修改密码（gridcase passwd），才能进行其他操作。",
                    "Every session of theirs ended; after their next login they must change it (gridcase passwd) "
                    "before anything else.")
              << '\n';
  });
  return kExitOk;
}

}  // namespace gridcase::cli
