// The bucket option flags shared by `bucket create` and `bucket update` (quota, versioning,
// encryption, object lock, policy, tags, CORS), turned into a BucketSpec plus the field-mask
// paths of the options given. Thread-safe (pure functions; reads a policy file for @file).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/arg_parser.h"
#include "client/parsed_args.h"
#include "osp/v1/provider.pb.h"

namespace osp::client::commands {

enum class BucketFlagsMode { kCreate, kUpdate };

struct BucketChange {
  // The options given; other fields keep their proto defaults. name and owner are not set.
  v1::BucketSpec spec;
  // BucketSpec paths of the options given, in the order quota, versioning, encryption,
  // policy, tags, cors_rules (UpdateBucketRequest.update_mask).
  std::vector<std::string> mask_paths;
  // Which half of the quota was given: an update that gives one keeps the other.
  bool quota_bytes_given = false;
  bool quota_objects_given = false;
};

// The option flags: create adds --owner (required) and --object-lock; update adds --clear-tags
// and --clear-cors.
std::vector<FlagSpec> BucketFlagSpecs(BucketFlagsMode mode);

// The change the flags in `args` ask for. Usage errors for malformed sizes, counts, enum
// values, tags (k=v) and CORS methods, --cors-method without --cors-origin, --tag with
// --clear-tags; and, for an update, when no option is given at all. An unreadable @policy file
// returns the ReadLocalFile error.
absl::StatusOr<BucketChange> BucketChangeFromFlags(const ParsedArgs& args, BucketFlagsMode mode);

}  // namespace osp::client::commands
