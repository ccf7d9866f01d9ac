// Translation between the provider's bucket and user values (providers/types.h) and what ECS
// stores: quota in whole GiB, owners as object users <user_prefix><account>, canned policies as
// bucket policy documents, and the choice of a user's current key among its two slots.
// Stateless functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/ecs/ecs_types.h"
#include "providers/s3/bucket_policy.h"
#include "providers/types.h"

namespace osp::providers::ecs {

inline constexpr int64_t kGiB = int64_t{1} << 30;

// What BucketSpec asks for that ECS cannot do, as INVALID_ARGUMENT naming the field (object lock,
// object-count quota, quota not in whole GiB, tags, a CORS rule without origin or method, an
// empty custom policy). OK otherwise.
absl::Status CheckSupported(const BucketSpec& spec);

// Whether two CORS configurations allow the same requests: the order of the rules matters (the
// first matching rule applies), the order of the values within a rule does not (a backend may
// store them in another order).
bool SameCorsRules(const std::vector<CorsRule>& a, const std::vector<CorsRule>& b);

// Quota in bytes -> ECS hard quota in GiB (notification quota unset). Zero bytes: no quota.
// Call CheckSupported first.
EcsQuota ToEcsQuota(const Quota& quota);
// The hard quota in bytes; no quota -> zero.
Quota FromEcsQuota(const EcsQuota& quota);

// Object user of `account`, and back (a user without the prefix maps to itself).
std::string UserName(absl::string_view prefix, absl::string_view account);
std::string AccountOf(absl::string_view prefix, absl::string_view user);

// Canned policies are the same documents on every backend.
using s3::PolicyDocument;
using s3::PolicyFromDocument;
using s3::PublicReadPolicy;
using s3::SamePolicy;

// The key EnsureUser hands out and S3 calls sign with: of the slots in use, one without an expiry
// before one with, then the newer (slot 2 on a tie), so that after CreateAccessKey the new key is
// current. nullptr when no slot is in use.
const EcsSecretKeySlot* CurrentKey(const EcsSecretKeys& keys);
// With both slots in use, the older key (the one a rotation replaces; slot 1 on a tie); else
// nullptr.
const EcsSecretKeySlot* OlderKey(const EcsSecretKeys& keys);

}  // namespace osp::providers::ecs
