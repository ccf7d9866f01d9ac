// Tables for bucket results: a list of buckets, one bucket in detail, and usage per bucket.
// Thread-safe (pure functions).
#pragma once

#include "client/table.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "osp/v1/provider.pb.h"

namespace osp::client::commands {

// NAME OWNER SIZE OBJECTS QUOTA VERSIONING CREATED, one row per bucket.
Table BucketListTable(const google::protobuf::RepeatedPtrField<v1::Bucket>& buckets);

// "field  value" rows: name, owner, quota, versioning, encryption, object lock, policy, tags,
// CORS, usage, URLs, creation time.
Table BucketDetailTable(const v1::Bucket& bucket);

// BUCKET SIZE OBJECTS, plus a TOTAL row when there is more than one bucket.
Table UsageTable(const google::protobuf::RepeatedPtrField<v1::BucketUsage>& usage);

}  // namespace osp::client::commands
