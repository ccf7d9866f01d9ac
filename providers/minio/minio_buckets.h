// MinioBuckets: the provider's bucket calls on MinIO. Buckets and their S3 settings (object lock,
// versioning, default encryption, policy) go through S3 with the admin credentials; hard
// quota and usage through the admin API; ownership through the owner's canned policy
// (MinioUsers), which is written before the bucket is created so that a retry after a crash
// adopts the half-made bucket. Contracts and codes are those of providers/provider.h, for the
// buckets ospd manages: those some account's ownership record names. Any other bucket (of
// another application on a shared MinIO) is never changed: Get, Update and named Usage answer
// NOT_FOUND, as ECS does for a bucket outside its namespace; List and Usage of all leave it out;
// Delete refuses it with FAILED_PRECONDITION (it exists, so OK would claim a deletion);
// Create refuses its name with ALREADY_EXISTS. An ownership record ospd did not write (edited
// by hand) is not taken for "unmanaged": every call whose answer depends on it is
// FAILED_PRECONDITION naming the policy (MinioUsers): calls on a bucket it names, and List and
// Usage that read every record. Thread-safe.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "providers/base/call_context.h"
#include "providers/minio/minio_admin_client.h"
#include "providers/minio/minio_admin_json.h"
#include "providers/minio/minio_config.h"
#include "providers/minio/minio_users.h"
#include "providers/s3/s3_client.h"
#include "providers/types.h"

namespace osp::providers::minio {

class MinioBuckets final {
 public:
  // Every pointer outlives this object. `s3` signs with the admin credentials.
  MinioBuckets(const MinioConfig& config, MinioAdminClient* admin, MinioUsers* users,
               s3::S3Client* s3);
  MinioBuckets(const MinioBuckets&) = delete;
  MinioBuckets& operator=(const MinioBuckets&) = delete;

  // An existing bucket of the same owner whose settings are either the requested ones or a fresh
  // bucket's defaults is completed (a retry of a create that stopped half-way); any other
  // difference, or another owner -> ALREADY_EXISTS naming it. Object lock with suspended
  // versioning -> INVALID_ARGUMENT before any call. The answer is built from what was written
  // (every write answered 2xx), not read back: a new bucket costs 6 requests plus one per
  // setting that differs from the defaults. Creates of one name are serialised in this process.
  // A missing bucket is claimed in the owner's record before it is made; when another account
  // claims it too (a create racing through another daemon), or the bucket appears before the S3
  // create (made outside ospd), the claim is withdrawn -> ALREADY_EXISTS, nothing adopted.
  absl::StatusOr<Bucket> Create(const BucketSpec& spec, const CallContext& ctx);
  // Missing, or not managed by ospd -> NOT_FOUND.
  absl::StatusOr<Bucket> Get(const std::string& name, const CallContext& ctx);
  // Pages are in name order; the token is the last name of the previous page. Settings other than
  // the owner are not read for lists (several requests per bucket): they stay unspecified.
  // Buckets ospd does not manage are left out. With `owner`, only its record is read: its being
  // one ospd did not write -> FAILED_PRECONDITION. Without, any record ospd did not write ->
  // FAILED_PRECONDITION naming it: the buckets it records cannot be told, and leaving them out
  // would report managed buckets as gone to a caller that reconciles against the list.
  absl::StatusOr<BucketPage> List(const std::string& owner, int32_t page_size,
                                  const std::string& page_token, const CallContext& ctx);
  // Missing, or not managed by ospd -> NOT_FOUND before any write.
  absl::StatusOr<Bucket> Update(const BucketSpec& spec, const BucketUpdateMask& mask,
                                const CallContext& ctx);
  // `empty` deletes every object version first (force_empty); it runs only when asked. Missing
  // -> OK; an existing bucket ospd does not manage -> FAILED_PRECONDITION "not managed by ospd",
  // before anything is deleted.
  absl::Status Delete(const std::string& name, bool force_empty,
                      const std::function<absl::Status()>& empty, const CallContext& ctx);
  // With `owner`, a bucket of its ownership record that does not exist (see ForgetMissing) is
  // left out. Named buckets that are missing or not managed by ospd -> NOT_FOUND; without names
  // or owner, every bucket ospd manages. As for List, `owner` reads only its record; named
  // buckets and all of them read every record, refused by any that ospd did not write.
  absl::StatusOr<std::vector<BucketUsage>> Usage(const std::vector<std::string>& buckets,
                                                 const std::string& owner, const CallContext& ctx);
  // Drops from the account's ownership record the buckets that do not exist: a CreateBucket that
  // died after recording the owner and before creating the bucket, and was not retried. Runs
  // before DeleteUser so that such a bucket does not keep the user alive. OK when nothing was
  // missing; backend errors as they come. Idempotent.
  absl::Status ForgetMissing(const std::string& account, const CallContext& ctx);

 private:
  // Create of a bucket HeadBucket found missing, under the name's create lock.
  absl::StatusOr<Bucket> CreateMissing(const BucketSpec& spec, const CallContext& ctx);
  // Create of a bucket that exists and is the owner's on record (a retry): writes the settings
  // that differ from `spec` and answers with the bucket's usage.
  absl::StatusOr<Bucket> CompleteExisting(const BucketSpec& spec, const CallContext& ctx);
  absl::Mutex& CreateLockFor(const std::string& name);
  // The bucket's S3 settings and quota into `bucket->spec` (name and owner already set).
  absl::Status ReadSettings(Bucket* bucket, const CallContext& ctx);
  // Applies the settings selected by `mask` from `spec`.
  absl::Status Apply(const BucketSpec& spec, const BucketUpdateMask& mask, const CallContext& ctx);
  // What Get would answer once every setting of `spec` is written, with the bucket's `usage`.
  Bucket Completed(const BucketSpec& spec,
                   const std::map<std::string, MinioBucketUsage>& usage) const;
  Bucket WithUrls(Bucket bucket) const;

  const MinioConfig config_;
  MinioAdminClient* const admin_;
  MinioUsers* const users_;
  s3::S3Client* const s3_;
  std::array<absl::Mutex, 32> create_locks_;
};

}  // namespace osp::providers::minio
