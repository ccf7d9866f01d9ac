// Registration of the "minio" backend type: reads MinioConfig from the settings, builds the
// backend's HTTP transport (TLS options from the config) and the MinioProvider. Start-up only.
#pragma once

#include "absl/status/status.h"
#include "providers/registry.h"

namespace osp::providers::minio {

// Registers type "minio". ALREADY_EXISTS if it is registered already.
absl::Status RegisterMinioProvider(Registry* registry);

}  // namespace osp::providers::minio
