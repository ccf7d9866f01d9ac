#include "tests/unit/providers/http/local_server.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace osp::providers::http {

LocalServer::LocalServer() : LocalServer(std::make_unique<httplib::Server>(), false) {}

LocalServer::LocalServer(std::unique_ptr<httplib::Server> server, bool tls)
    : server_(std::move(server)), tls_(tls) {}

LocalServer::~LocalServer() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

bool LocalServer::Start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs; wait for it so that the destructor can stop it.
  while (!server_->is_running()) std::this_thread::yield();
  return true;
}

std::string LocalServer::Url(absl::string_view path_and_query) const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", port_, path_and_query);
}

}  // namespace osp::providers::http
