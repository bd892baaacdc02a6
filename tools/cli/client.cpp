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
  auto url = parse_server_url(options_.server);
  if (!url) {
    throw UsageError(std::string(tr("无效的服务器地址 ", "invalid server address ")) + options_.server +
                     std::string(tr("（应为 ws://主机:端口/ws）", " (expected ws://HOST:PORT/ws)")));
  }
  url_ = *url;
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
  v1::ClientFrame frame;
  frame.mutable_resume()->set_token(stored->token);
  v1::Reply reply = connection().call(std::move(frame));
  if (failed(reply)) {
    if (reply.error().code() == 16) {
      throw CliError(kExitNotLoggedIn, tr("登录已失效，请重新运行 gridcase login",
                                          "the session has expired: run gridcase login again"));
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
