#include "providers/http/curl_http_transport_factory.h"

#include "providers/base/status_macros.h"
#include "providers/http/curl_http_transport.h"

namespace osp::providers::http {

absl::StatusOr<std::unique_ptr<HttpTransport>> CurlHttpTransportFactory::Create(
    const HttpTransportOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpTransport> transport,
                   CurlHttpTransport::Create(options, logger_, clock_));
  return std::unique_ptr<HttpTransport>(std::move(transport));
}

}  // namespace osp::providers::http
