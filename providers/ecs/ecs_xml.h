// The XML documents of the ECS management API (reference/ecs-management-api.md): request bodies
// written with XmlWriter, responses read with XmlDocument. Readers match children by name and
// ignore unknown ones, accept booleans in any case and numbers written as decimals, and return
// INTERNAL "malformed XML from <what>" when a document is not what ECS documents.
// Stateless functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/secret.h"
#include "providers/ecs/ecs_types.h"

namespace osp::providers::ecs::xml {

// Request bodies. INVALID_ARGUMENT when a value cannot be carried in XML.
absl::StatusOr<std::string> UserCreate(absl::string_view user, absl::string_view ns);
absl::StatusOr<std::string> UserDelete(absl::string_view user, absl::string_view ns);
// `existing_key_expiry_minutes`: how long the user's current key stays valid (omitted: ECS's
// default, the old key stays valid). No <secretkey>: ECS generates the key.
absl::StatusOr<std::string> SecretKeyCreate(absl::string_view ns,
                                            std::optional<int64_t> existing_key_expiry_minutes);
absl::StatusOr<std::string> SecretKeyDelete(const base::Secret& secret, absl::string_view ns);
absl::StatusOr<std::string> BucketCreate(const EcsBucketCreate& create, absl::string_view ns);
absl::StatusOr<std::string> QuotaUpdate(const EcsQuota& quota, absl::string_view ns);

// Response bodies; `what` names the call in error messages.
absl::StatusOr<EcsNamespace> ParseNamespace(absl::string_view body, absl::string_view what);
absl::StatusOr<std::vector<EcsReplicationGroup>> ParseReplicationGroups(absl::string_view body,
                                                                        absl::string_view what);
absl::StatusOr<EcsUserInfo> ParseUserInfo(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsUserPage> ParseUserPage(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsSecretKeys> ParseSecretKeys(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsNewSecretKey> ParseNewSecretKey(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsBucket> ParseBucket(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsBucketPage> ParseBucketPage(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsQuota> ParseQuota(absl::string_view body, absl::string_view what);
absl::StatusOr<EcsBucketBilling> ParseBilling(absl::string_view body, absl::string_view what);

}  // namespace osp::providers::ecs::xml
