// Turns an ECS management API error response into an absl::Status: the ECS error document
// (<error><code/><description/><details/><retryable/></error>, or its JSON forms) decides the code
// by the table of reference/ecs-management-api.md §3.4, then the text, then the HTTP status. The
// message carries the ECS code ("ECS 1004: ...") and the operation, never a header or token.
// Stateless; thread-safe.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "providers/http/http_transport.h"

namespace osp::providers::ecs {

// The status for a non-2xx `response` to `operation` ("GET /object/bucket/b/info"). When the body
// was an ECS error document, its code is also attached as a payload (see EcsErrorCode).
absl::Status EcsErrorStatus(const http::HttpResponse& response, absl::string_view operation);

// The ECS error code a status from EcsErrorStatus carries, for callers that must tell apart
// errors sharing a canonical code (40010 "owner not valid" among the INVALID_ARGUMENTs).
std::optional<int> EcsErrorCode(const absl::Status& status);

}  // namespace osp::providers::ecs
