// CurlHandlePool: idle libcurl easy handles of one transport. A handle keeps its open connections
// (and TLS sessions, DNS cache) between requests, so reusing handles is what makes keep-alive work;
// checking one out gives the calling thread sole use of it until the lease ends. Thread-safe.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace osp::providers::http {

class CurlHandlePool final {
 private:
  struct Returner {
    CurlHandlePool* pool;
    void operator()(CURL* easy) const { pool->Return(easy); }
  };

 public:
  // An easy handle used by one thread; goes back to the pool (options reset) when destroyed.
  using Lease = std::unique_ptr<CURL, Returner>;

  // Keeps at most `max_idle` handles; more may be out at once, the surplus is closed on return.
  explicit CurlHandlePool(size_t max_idle) : max_idle_(max_idle) {}
  ~CurlHandlePool();
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // The most recently returned handle (the one most likely to hold a live connection) or a new
  // one. RESOURCE_EXHAUSTED if libcurl cannot allocate a handle.
  absl::StatusOr<Lease> Checkout();

 private:
  void Return(CURL* easy);

  const size_t max_idle_;
  absl::Mutex mu_;
  std::vector<CURL*> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::providers::http
