#include "client.hpp"

#include "cli_error.hpp"
#include "messages.hpp"
#include "output.hpp"

namespace gridcase::cli {

namespace {

bool failed(const v1::Reply& reply) { return reply.has_error() && reply.error().code() != 0; }

}  // namespace

Client::Client(GlobalOptions options)
    : options_(std::move(options)),
      tokens_(options_.token_file.empty() ? default_token_path() : options_.token_file) {
  // The server asked for, else the one the saved login came from, else the default.
  std::string chosen = options_.server;
  if (chosen.empty()) {
    auto stored = tokens_.load();
    chosen = stored && !stored->server.empty() ? stored->server : kDefaultServer;
  }
  auto url = parse_server_url(chosen);
  if (!url) {
    throw UsageError(std::string(tr("无效的服务器地址 ", "invalid server address ")) + chosen +
                     std::string(tr("（应为 ws://主机:端口/ws）", " (expected ws://HOST:PORT/ws)")));
  }
  url_ = *url;
  server_ = format_server_url(url_);
}

ServerConnection& Client::connection() {
  if (!connection_) connection_ = std::make_unique<ServerConnection>(url_);
  return *connection_;
}

v1::Reply Client::call(v1::ClientFrame frame) {
  v1::Reply reply = connection().call(std::move(frame));
  if (failed(reply)) throw ServerError(reply.error());
  return reply;
}

const v1::Reply& Client::resume() {
  if (resumed_) return *resumed_;
  auto stored = tokens_.load();
  if (!stored) {
    throw CliError(kExitNotLoggedIn, tr("未登录，请先运行 gridcase login 用户名",
                                        "not logged in: run gridcase login USER first"));
  }
  const std::string user = stored->username.empty() ? tr("用户名", "USER") : stored->username;
  const bool en = lang() == Lang::kEn;
  // A token goes only to the server that issued it.
  auto saved = parse_server_url(stored->server);
  if (saved && *saved != url_) {
    const std::string was = format_server_url(*saved);
    const std::string& now = server_;
    throw CliError(kExitNotLoggedIn,
                   en ? "the saved login (" + user + ") is for the server " + was + ", not " + now +
                            ". To use " + now + ", run gridcase --server " + now + " login " + user +
                            "; to use the saved one, leave out --server and GRIDCASE_SERVER"
                      : "保存的登录（" + user + "）属于服务器 " + was + "，不是本次连接的 " + now +
                            "。要使用 " + now + "，请运行 gridcase --server " + now + " login " + user +
                            "；要使用原服务器，请去掉 --server 选项和环境变量 GRIDCASE_SERVER");
  }
  v1::ClientFrame frame;
  frame.mutable_resume()->set_token(stored->token);
  v1::Reply reply = connection().call(std::move(frame));
  if (failed(reply)) {
    if (reply.error().code() == 16) {
      // A file written before the server was kept may hold another server's token.
      throw CliError(kExitNotLoggedIn,
                     en ? "the server " + server_ +
                              (saved ? " no longer accepts the saved login (expired, logged out or ended)"
                                     : " does not accept the saved login (expired, logged out, or issued by another server)") +
                              ": run gridcase login " + user
                        : "服务器 " + server_ +
                              (saved ? " 不再接受保存的登录（已过期、已退出或已被结束）"
                                     : " 不接受保存的登录（已过期、已退出，或登录的是另一台服务器）") +
                              "，请重新运行 gridcase login " + user);
    }
    throw ServerError(reply.error());
  }
  resumed_ = std::move(reply);
  return *resumed_;
}

v1::Reply Client::authed_call(v1::ClientFrame frame) {
  resume();
  return call(std::move(frame));
}

void Client::print_message_json(const google::protobuf::Message& message) {
  print_json(std::cout, message);
}

std::string Client::unit_name(std::int64_t unit_id) {
  if (unit_id == 0) return "-";
  if (!units_loaded_) {
    units_loaded_ = true;
    v1::ClientFrame frame;
    frame.mutable_get_org_tree()->set_include_retired(true);
    frame.mutable_get_org_tree()->set_all_units(true);
    try {
      v1::Reply reply = authed_call(std::move(frame));
      for (const auto& u : reply.org_tree().units()) units_[u.id()] = u.name();
    } catch (const ServerError&) {
      // Display only: fall back to ids.
    }
  }
  auto it = units_.find(unit_id);
  return it != units_.end() ? it->second : "#" + std::to_string(unit_id);
}

std::string Client::user_name(std::int64_t user_id) {
  if (user_id == 0) return "-";
  if (!users_loaded_) {
    users_loaded_ = true;
    // The logged-in user is always known; others only to those who may list users.
    const v1::Reply& me = resume();
    if (me.has_login() && me.login().has_user()) {
      const auto& u = me.login().user();
      users_[u.id()] = u.display_name().empty() ? u.username() : u.display_name();
    }
    v1::ClientFrame frame;
    frame.mutable_list_users();
    try {
      v1::Reply reply = authed_call(std::move(frame));
      for (const auto& u : reply.users().users()) {
        users_.emplace(u.id(), u.display_name().empty() ? u.username() : u.display_name());
      }
    } catch (const ServerError&) {
    }
  }
  auto it = users_.find(user_id);
  return it != users_.end() ? it->second : "#" + std::to_string(user_id);
}

void Client::remember_users(const google::protobuf::Map<std::int64_t, std::string>& names) {
  for (const auto& [id, name] : names) users_[id] = name;
}

std::string Client::category_name(const std::string& code) {
  if (code.empty()) return "-";
  if (!categories_loaded_) {
    categories_loaded_ = true;
    v1::ClientFrame frame;
    frame.mutable_list_categories();
    try {
      v1::Reply reply = authed_call(std::move(frame));
      for (const auto& c : reply.categories().categories()) categories_[c.code()] = c.name();
    } catch (const ServerError&) {
    }
  }
  auto it = categories_.find(code);
  return it != categories_.end() ? it->second : code;
}

}  // namespace gridcase::cli
