// What a MinIO bucket can be asked for, and how a requested BucketSpec relates to an existing
// bucket: which fields a create sets, and what is left to do when a create is retried.
// Pure functions; thread-safe.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/types.h"

namespace osp::providers::minio {

// INVALID_ARGUMENT naming the field for what MinIO cannot do: object-count quotas, bucket tags,
// CORS (when selected by `mask`).
absl::Status CheckSupported(const BucketSpec& spec, const BucketUpdateMask& mask);

// The fields a create sets: those whose value differs from a fresh bucket's defaults. Object lock
// turns versioning on by itself, so a bucket with object lock has no versioning to set.
BucketUpdateMask CreateMask(const BucketSpec& spec);

// The settings (name, owner, quota, versioning, encryption, object lock, policy) that reading a
// bucket back returns once every field of CreateMask(spec) or Remaining(spec, ...) has been
// written with a 2xx answer: a create need not read them back.
BucketSpec Settled(const BucketSpec& spec);

// What is left to turn `current` (an existing bucket of the same owner) into `want`. Each field
// must already match or still hold a fresh bucket's default (a create that stopped half-way);
// anything else -> ALREADY_EXISTS naming the field.
absl::StatusOr<BucketUpdateMask> Remaining(const BucketSpec& want, const BucketSpec& current);

}  // namespace osp::providers::minio
