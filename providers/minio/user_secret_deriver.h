// UserSecretDeriver: MinIO never returns a user's secret key after creation, so ospd derives it:
// secret = base64url(HMAC-SHA256(seed, "ospd-minio-user-secret/v1\n" + backend id + "\n" + user))
// truncated to 40 characters. The same (seed, backend id, user) always gives the same secret, so
// EnsureUser stays idempotent without local state. Immutable; thread-safe.
#pragma once

#include <string>

#include "providers/base/secret.h"

namespace osp::providers::minio {

class UserSecretDeriver final {
 public:
  UserSecretDeriver(base::Secret seed, std::string backend_id)
      : seed_(std::move(seed)), backend_id_(std::move(backend_id)) {}

  // The secret key of `user_name`: 40 characters of [A-Za-z0-9_-].
  base::Secret Derive(const std::string& user_name) const;

 private:
  base::Secret seed_;
  std::string backend_id_;
};

}  // namespace osp::providers::minio
