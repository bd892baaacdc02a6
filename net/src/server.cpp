#include "gridcase/net/server.hpp"

#include <chrono>
#include <fstream>

#include <google/protobuf/stubs/logging.h>

#include "gridcase/log.hpp"
#include "gridcase/net/listener.hpp"

namespace gridcase::net {

namespace asio = boost::asio;

void route_protobuf_logs() {
  google::protobuf::SetLogHandler(
      [](google::protobuf::LogLevel level, const char* file, int line, const std::string& message) {
        if (level >= google::protobuf::LOGLEVEL_FATAL) {
          log::error("protobuf", {{"where", std::string(file) + ":" + std::to_string(line)}, {"message", message}});
        } else {
          log::debug("protobuf", {{"message", message}});
        }
      });
}

Server::Server(Engine& engine, SubscriptionHub& hub, ServerConfig config, AttachmentStore* attachments)
    : state_(engine, hub, std::move(config), attachments),
      ioc_(state_.config().threads) {
  route_protobuf_logs();
}

Server::~Server() { stop(); }

Status Server::start() {
  const ServerConfig& config = state_.config();
  GRIDCASE_RETURN_IF_ERROR(config.validate());
  if (config.tls()) {
    auto context = make_tls_context(config.tls_cert_file, config.tls_key_file);
    if (!context) return context.status();
    tls_.emplace(std::move(*context));
  }
  listener_ = std::make_shared<Listener>(ioc_, state_, tls_ ? &*tls_ : nullptr);
  GRIDCASE_RETURN_IF_ERROR(listener_->open(config.host, config.port));
  const auto endpoint = listener_->local_endpoint();
  port_ = endpoint.port();
  bound_host_ = endpoint.address().to_string();
  listener_->run();

  work_.emplace(ioc_.get_executor());
  for (int i = 0; i < config.threads; ++i) {
    threads_.emplace_back([this] { ioc_.run(); });
  }
  running_ = true;
  log::info("server started", {{"listen", authority()},
                               {"threads", std::to_string(config.threads)}});
  return Status::ok();
}

void Server::stop() {
  if (!running_) return;
  running_ = false;
  log::info("server stopping", {{"connections", std::to_string(state_.connection_count())}});

  listener_->stop();
  state_.go_away_all();
  const auto deadline = std::chrono::steady_clock::now() + state_.config().shutdown_grace;
  if (!state_.wait_until_no_connections(deadline)) {
    log::warn("connections still open at shutdown deadline",
              {{"connections", std::to_string(state_.connection_count())}});
  }

  work_.reset();
  ioc_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  log::info("server stopped");
}

std::string Server::authority() const {
  const bool v6 = bound_host_.find(':') != std::string::npos;
  return (v6 ? "[" + bound_host_ + "]" : bound_host_) + ":" + std::to_string(port_);
}

std::string Server::ws_url() const { return (tls_ ? "wss://" : "ws://") + authority() + "/ws"; }

std::string Server::http_url() const { return (tls_ ? "https://" : "http://") + authority(); }

Result<asio::ssl::context> make_tls_context(const std::string& cert_file, const std::string& key_file) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  for (const auto& file : {cert_file, key_file}) {
    if (!std::ifstream(file)) return Status(reason::BAD_TLS_CONFIG, "cannot read " + file);
  }
  boost::system::error_code ec;
  context.use_certificate_chain_file(cert_file, ec);
  if (ec) {
    return Status(reason::BAD_TLS_CONFIG, "cannot use TLS certificate " + cert_file + ": " + ec.message());
  }
  context.use_private_key_file(key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return Status(reason::BAD_TLS_CONFIG, "cannot use TLS key " + key_file + ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    return Status(reason::BAD_TLS_CONFIG, "the TLS key " + key_file + " does not match the certificate " + cert_file);
  }
  return context;
}

}  // namespace gridcase::net
