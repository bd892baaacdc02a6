#include "gridcase/net/server_state.hpp"

#include <vector>

namespace gridcase::net {

ServerState::ServerState(Engine& engine, SubscriptionHub& hub, ServerConfig config, AttachmentStore* attachments)
    : engine_(engine), hub_(hub), config_(std::move(config)), dispatcher_(engine, &metrics_, attachments),
      web_(config_.web_root) {}

std::uint64_t ServerState::add_connection(std::weak_ptr<LiveConnection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  return id;
}

void ServerState::remove_connection(std::uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  connections_.erase(id);
  if (connections_.empty()) empty_.notify_all();
}

std::size_t ServerState::connection_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return connections_.size();
}

void ServerState::go_away_all() {
  std::vector<std::shared_ptr<LiveConnection>> open;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, weak] : connections_) {
      if (auto c = weak.lock()) open.push_back(std::move(c));
    }
  }
  for (const auto& c : open) c->go_away();
}

bool ServerState::wait_until_no_connections(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return empty_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

}  // namespace gridcase::net
