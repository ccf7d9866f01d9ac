// libFuzzer target for ECS management API error bodies (providers/ecs/ecs_error.h): XML, ECS's
// flat JSON and the ObjectScale gateway's JSON. The first input byte picks the HTTP status
// ((byte - '0') % 8 in kStatuses), the rest is the body. Every error response must become a non-OK
// status whose message names the operation and quotes at most a bounded part of the body.
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/ecs/ecs_error.h"
#include "providers/http/http_transport.h"

namespace {

constexpr int kStatuses[] = {400, 401, 403, 404, 405, 409, 500, 503};

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  osp::providers::http::HttpResponse response;
  response.status =
      kStatuses[static_cast<uint8_t>(data[0] - '0') % (sizeof(kStatuses) / sizeof(kStatuses[0]))];
  response.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  const absl::Status status = osp::providers::ecs::EcsErrorStatus(response, "GET /fuzz");
  Check(!status.ok());
  Check(absl::StrContains(status.message(), "GET /fuzz"));
  // Description and details are quoted up to 300 characters each.
  Check(status.message().size() < 1024);
  return 0;
}
