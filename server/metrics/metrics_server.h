// MetricsServer: the Prometheus endpoint of ospd, GET /metrics on its own small HTTP listener
// (cpp-httplib, two threads), rendering a MetricRegistry on every scrape. Any other path is 404.
// Start once, Stop once (from any thread); address() is safe after Start.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "providers/base/logger.h"
#include "server/metrics/metric_registry.h"

namespace httplib {
class Server;
}

namespace osp::server::metrics {

class MetricsServer final {
 public:
  // Threads answering scrapes at once.
  static constexpr int kThreads = 2;

  // `registry` and `logger` must outlive the server.
  MetricsServer(const MetricRegistry* registry, providers::base::Logger* logger);
  // Stops if still serving.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Listens on `listen` ("host:port", "[::]:port" for IPv6; port 0 picks a free port) and serves
  // until Stop. Logs one info line {"msg":"metrics serving","listen":"<host>:<bound port>"}.
  // Errors: UNAVAILABLE "metrics.listen: cannot listen on '<listen>'" (bad host, port in use);
  // INVALID_ARGUMENT "metrics.listen: must be host:port"; FAILED_PRECONDITION if started before.
  absl::Status Start(const std::string& listen);

  // "host:port" actually bound; empty before Start.
  std::string address() const;

  // Closes the listener and waits for the serving thread. Idempotent; no-op before Start.
  void Stop();

 private:
  const MetricRegistry* const registry_;
  providers::base::Logger* const logger_;
  const std::unique_ptr<httplib::Server> http_;
  mutable absl::Mutex mu_;
  std::thread thread_ ABSL_GUARDED_BY(mu_);
  std::string address_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  // Set by the serving thread when its accept loop has returned.
  std::atomic<bool> loop_done_{false};
};

}  // namespace osp::server::metrics
