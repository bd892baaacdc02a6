// users list | create | reset-password.
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

int reset_password(Client& client, const Words& words) {
  Args args = Args::parse(words, {{"password"}});
  args.expect_at_most(1);
  const std::string who = args.require_positional(0, tr("用户ID或用户名", "USER_ID_OR_NAME"));
  // An id, or a username among the users the admin may list.
  std::int64_t user_id = 0;
  std::string username;
  {
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
    if (match != nullptr) {
      user_id = match->id();
      username = match->username();
    }
    if (user_id == 0) {
      throw CliError(kExitServerError, std::string(tr("您的管辖范围内没有用户 ", "no user in your scope is ")) + who);
    }
  }
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
