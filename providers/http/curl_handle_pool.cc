#include "providers/http/curl_handle_pool.h"

#include "absl/status/status.h"

namespace osp::providers::http {

CurlHandlePool::~CurlHandlePool() {
  absl::MutexLock lock(&mu_);
  for (CURL* easy : idle_) curl_easy_cleanup(easy);
}

absl::StatusOr<CurlHandlePool::Lease> CurlHandlePool::Checkout() {
  {
    absl::MutexLock lock(&mu_);
    if (!idle_.empty()) {
      CURL* easy = idle_.back();
      idle_.pop_back();
      return Lease(easy, Returner{this});
    }
  }
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return absl::ResourceExhaustedError("libcurl could not create a handle");
  return Lease(easy, Returner{this});
}

void CurlHandlePool::Return(CURL* easy) {
  // Drops the options (and with them pointers into the finished request) but keeps the
  // connection cache.
  curl_easy_reset(easy);
  {
    absl::MutexLock lock(&mu_);
    if (idle_.size() < max_idle_) {
      idle_.push_back(easy);
      return;
    }
  }
  curl_easy_cleanup(easy);
}

}  // namespace osp::providers::http
