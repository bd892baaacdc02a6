// users list | create.
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

}  // namespace gridcase::cli
