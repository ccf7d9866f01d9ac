#include "server/metrics/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/metrics/text_format.h"

namespace osp::server::metrics {
namespace {

using providers::base::LogLevel;

// Seconds a scraper may take to send its request or read the answer.
constexpr time_t kIoTimeoutSeconds = 10;

}  // namespace

MetricsServer::MetricsServer(const MetricRegistry* registry, providers::base::Logger* logger)
    : registry_(registry), logger_(logger), http_(std::make_unique<httplib::Server>()) {
  // Two daemons must not silently share a port: SO_REUSEADDR (restart while old connections
  // linger) but not httplib's default SO_REUSEPORT.
  http_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  http_->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  http_->set_read_timeout(kIoTimeoutSeconds);
  http_->set_write_timeout(kIoTimeoutSeconds);
  http_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry_->Render(), kTextContentType);
  });
}

MetricsServer::~MetricsServer() { Stop(); }

std::string MetricsServer::address() const {
  absl::MutexLock lock(&mu_);
  return address_;
}

absl::Status MetricsServer::Start(const std::string& listen) {
  absl::MutexLock lock(&mu_);
  if (started_) return absl::FailedPreconditionError("metrics: already started");
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError("metrics.listen: must be host:port");
  }
  const std::string host = listen.substr(0, colon);
  // httplib takes an IPv6 address without its brackets.
  const std::string bind_host = host.size() > 2 && host.front() == '[' && host.back() == ']'
                                    ? host.substr(1, host.size() - 2)
                                    : host;
  if (port == 0) {
    port = http_->bind_to_any_port(bind_host);
  } else if (!http_->bind_to_port(bind_host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(absl::StrCat("metrics.listen: cannot listen on '", listen, "'"));
  }
  started_ = true;
  thread_ = std::thread([this] {
    http_->listen_after_bind();
    loop_done_ = true;
  });
  // stop() does nothing until the accept loop runs: wait for it, so that Stop always works.
  while (!http_->is_running() && !loop_done_) std::this_thread::yield();
  address_ = absl::StrCat(host, ":", port);
  logger_->Log(LogLevel::kInfo, "metrics serving", {{"listen", address_}});
  return absl::OkStatus();
}

void MetricsServer::Stop() {
  std::thread thread;
  {
    absl::MutexLock lock(&mu_);
    thread = std::move(thread_);
  }
  if (!thread.joinable()) return;
  http_->stop();
  thread.join();
}

}  // namespace osp::server::metrics
