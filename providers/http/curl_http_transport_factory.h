// CurlHttpTransportFactory: the production HttpTransportFactory; makes one CurlHttpTransport per
// backend, sharing the process's logger and clock. Thread-safe.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport.h"
#include "providers/http/http_transport_factory.h"

namespace osp::providers::http {

class CurlHttpTransportFactory final : public HttpTransportFactory {
 public:
  // `logger` and `clock` must be non-null and outlive every transport made.
  CurlHttpTransportFactory(base::Logger* logger, base::Clock* clock)
      : logger_(logger), clock_(clock) {}
  CurlHttpTransportFactory(const CurlHttpTransportFactory&) = delete;
  CurlHttpTransportFactory& operator=(const CurlHttpTransportFactory&) = delete;

  // See CurlHttpTransport::Create: bad options or TLS files -> INVALID_ARGUMENT naming the option.
  absl::StatusOr<std::unique_ptr<HttpTransport>> Create(
      const HttpTransportOptions& options) override;

 private:
  base::Logger* const logger_;
  base::Clock* const clock_;
};

}  // namespace osp::providers::http
