// Values of the ECS management API as EcsMgmtClient sends and returns them: close to the wire
// documents (reference/ecs-management-api.md), in ECS units (quota in GiB, billing in KiB).
// The provider turns them into providers/types.h values. Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/secret.h"

namespace osp::providers::ecs {

// GET /object/namespaces/namespace/{ns}.
struct EcsNamespace {
  std::string name;
  // Replication group id used for buckets created without one.
  std::string default_replication_group;
  // Replication groups the namespace may use; empty means any.
  std::vector<std::string> allowed_replication_groups;
  bool encryption_enabled = false;
};

// One entry of GET /vdc/data-service/vpools.
struct EcsReplicationGroup {
  std::string id;  // urn:storageos:ReplicationGroupInfo:...:global
  std::string name;
};

// GET /object/users/{uid}/info.
struct EcsUserInfo {
  std::string name;
  std::string namespace_name;
  bool locked = false;
};

struct EcsUserPage {
  std::vector<std::string> users;
  std::string next_marker;  // Empty on the last page.
};

// One of a user's two secret-key slots. With ECS's "hide secret key" option the secret is
// empty while `exists` is true.
struct EcsSecretKeySlot {
  bool exists = false;
  base::Secret secret;
  std::string created;  // As ECS formats it, e.g. "2015-02-25 11:16:50.632".
  std::string expires;  // Empty when the key does not expire.
};

// GET /object/user-secret-keys/{uid}/{ns}.
struct EcsSecretKeys {
  EcsSecretKeySlot key1;
  EcsSecretKeySlot key2;
};

// POST /object/user-secret-keys/{uid}: the key ECS generated.
struct EcsNewSecretKey {
  base::Secret secret;
  std::string created;
};

// Bucket quota in whole GiB; nullopt: not set (-1 on the wire).
struct EcsQuota {
  std::optional<int64_t> block_gb;         // Hard limit: writes fail above it.
  std::optional<int64_t> notification_gb;  // Soft limit: an alert only.
};

// POST /object/bucket.
struct EcsBucketCreate {
  std::string name;
  std::string owner;              // Object user id.
  std::string replication_group;  // Id; empty: the namespace default.
  bool encryption = false;
  EcsQuota quota;
};

// GET /object/bucket/{b}/info and the entries of GET /object/bucket.
struct EcsBucket {
  std::string name;
  std::string owner;
  std::string replication_group;
  std::string created;  // ISO-8601, e.g. 2017-07-11T16:26:13.357Z.
  bool encryption = false;
  EcsQuota quota;
  // ECS 4.x only: "Enabled" / "Suspended"; empty when not reported.
  std::string versioning_status;
  bool object_lock = false;
  std::map<std::string, std::string> tags;
};

struct EcsBucketPage {
  std::vector<EcsBucket> buckets;
  std::string next_marker;  // Empty on the last page.
};

// GET /object/billing/buckets/{ns}/{b}/info (sampled by ECS every few minutes).
struct EcsBucketBilling {
  std::string name;
  int64_t bytes = 0;
  int64_t objects = 0;
  std::string up_to_date_till;
};

}  // namespace osp::providers::ecs
