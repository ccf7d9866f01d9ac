// Conversions between the backend-level messages of osp.v1 (Capabilities, BackendCheck,
// BackendEndpoint) and providers/types.h. Stateless; thread-safe.
#pragma once

#include <vector>

#include "osp/v1/provider.pb.h"
#include "providers/types.h"

namespace osp::server {

providers::Capabilities FromProto(const v1::Capabilities& capabilities);
v1::Capabilities ToProto(const providers::Capabilities& capabilities);
providers::BackendCheck FromProto(const v1::BackendCheck& check);
v1::BackendCheck ToProto(const providers::BackendCheck& check);
providers::BackendEndpoint FromProto(const v1::BackendEndpoint& endpoint);
v1::BackendEndpoint ToProto(const providers::BackendEndpoint& endpoint);

// The checks, with `ok` set when every one of them passed (and when there are none).
v1::CheckBackendResponse ToCheckBackendResponse(const std::vector<providers::BackendCheck>& checks);

}  // namespace osp::server
