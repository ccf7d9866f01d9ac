// S3Client: the S3 calls the backends need (buckets, bucket configuration, listings, streamed
// object transfers, multipart uploads, presigned URLs) over an injected HttpTransport, signed
// with SigV4. Knows nothing about providers: backends wrap it. Cheap to construct (one per user
// and call is fine); holds no connection state of its own (the transport pools connections).
// Thread-safe: calls may run concurrently; streamed callbacks run on the calling thread.
//
// Errors: S3 error answers map through s3_error.h (NoSuchBucket -> NOT_FOUND, ...; messages read
// "S3 <Code> (HTTP <n>) in <Op>, bucket ..., key ..."); transport failures pass through
// (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED); an unreadable answer -> INTERNAL "malformed XML
// from S3 <Op>". Bucket names and keys are sent as given: validating them is the caller's job.
// Requests for whole resources (GET, HEAD, PUT of configuration, DELETE) are marked idempotent
// for the transport's retries; POSTs and streamed transfers are not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/secret.h"
#include "providers/http/http_transport.h"
#include "providers/s3/s3_types.h"
#include "providers/s3/sigv4_signer.h"
#include "providers/types.h"

namespace osp::providers::s3 {

using base::CallContext;

class S3Client final {
 public:
  // `transport` and `clock` must outlive the client.
  S3Client(S3Endpoint endpoint, std::string access_key_id, base::Secret secret_access_key,
           http::HttpTransport* transport, base::Clock* clock, S3ClientOptions options = {});
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // ---- Buckets ----
  // Creates `bucket`. Idempotent: a bucket we already own -> OK (BucketAlreadyOwnedByYou), or
  // ALREADY_EXISTS with options.refuse_existing unless that answer came to the transport's
  // resend of this create (then OK); owned by someone else -> ALREADY_EXISTS; bad name ->
  // INVALID_ARGUMENT.
  absl::Status CreateBucket(absl::string_view bucket, const CreateBucketOptions& options,
                            const CallContext& ctx);
  // OK if the bucket exists and we may access it; NOT_FOUND / PERMISSION_DENIED otherwise.
  absl::Status HeadBucket(absl::string_view bucket, const CallContext& ctx);
  // Missing -> NOT_FOUND; not empty -> FAILED_PRECONDITION.
  absl::Status DeleteBucket(absl::string_view bucket, const CallContext& ctx);
  // Every bucket the credentials own.
  absl::StatusOr<std::vector<BucketEntry>> ListBuckets(const CallContext& ctx);

  // kOff for a bucket never versioned.
  absl::StatusOr<Versioning> GetBucketVersioning(absl::string_view bucket, const CallContext& ctx);
  // kEnabled or kSuspended (else INVALID_ARGUMENT before any call). Idempotent.
  absl::Status PutBucketVersioning(absl::string_view bucket, Versioning versioning,
                                   const CallContext& ctx);

  // kNone when no default encryption is configured.
  absl::StatusOr<Encryption> GetBucketEncryption(absl::string_view bucket, const CallContext& ctx);
  // SSE-S3 (AES256) default encryption; only kSseS3 (else INVALID_ARGUMENT). Idempotent.
  absl::Status PutBucketEncryption(absl::string_view bucket, Encryption encryption,
                                   const CallContext& ctx);
  // Idempotent: none configured -> OK.
  absl::Status DeleteBucketEncryption(absl::string_view bucket, const CallContext& ctx);

  // The policy JSON, or nullopt when the bucket has none.
  absl::StatusOr<std::optional<std::string>> GetBucketPolicy(absl::string_view bucket,
                                                             const CallContext& ctx);
  // Replaces the policy. Malformed JSON -> INVALID_ARGUMENT (S3 MalformedPolicy). Idempotent.
  absl::Status PutBucketPolicy(absl::string_view bucket, absl::string_view policy_json,
                               const CallContext& ctx);
  // Idempotent: none configured -> OK.
  absl::Status DeleteBucketPolicy(absl::string_view bucket, const CallContext& ctx);

  // The CORS rules; empty when none are configured.
  absl::StatusOr<std::vector<CorsRule>> GetBucketCors(absl::string_view bucket,
                                                      const CallContext& ctx);
  // Replaces the rules (at least one; else INVALID_ARGUMENT). Idempotent.
  absl::Status PutBucketCors(absl::string_view bucket, const std::vector<CorsRule>& rules,
                             const CallContext& ctx);
  // Idempotent: none configured -> OK.
  absl::Status DeleteBucketCors(absl::string_view bucket, const CallContext& ctx);

  // enabled == false for a bucket created without object lock.
  absl::StatusOr<ObjectLockConfiguration> GetObjectLockConfiguration(absl::string_view bucket,
                                                                     const CallContext& ctx);
  // Sets the default retention of an object-lock bucket. Idempotent.
  absl::Status PutObjectLockConfiguration(absl::string_view bucket,
                                          const ObjectLockConfiguration& config,
                                          const CallContext& ctx);

  // ---- Listings ----
  // One page of objects (max_keys outside 0..1000 -> INVALID_ARGUMENT).
  absl::StatusOr<ListObjectsV2Result> ListObjectsV2(absl::string_view bucket,
                                                    const ListObjectsV2Request& request,
                                                    const CallContext& ctx);
  // One page of versions and delete markers.
  absl::StatusOr<ListVersionsResult> ListObjectVersions(absl::string_view bucket,
                                                        const ListVersionsRequest& request,
                                                        const CallContext& ctx);

  // ---- Objects ----
  // Streams `size` bytes from `body` into one object. Not retried (the body cannot be rewound).
  absl::StatusOr<PutObjectResult> PutObject(absl::string_view bucket, absl::string_view key,
                                            const ObjectWriteOptions& options, int64_t size,
                                            http::BodyReader body, const CallContext& ctx);
  // Stores the data `reader` yields as `key`: one PUT up to S3ClientOptions::part_size bytes,
  // a multipart upload above, sending upload_concurrency parts at once from a fixed set of part
  // buffers (memory does not grow with the object). `reader` runs on the calling thread. Any
  // failure, including the reader's error or the caller cancelling, aborts the multipart upload
  // (no orphaned parts) and returns that failure. A cancellation after the request that stores the
  // object (the one PUT, or Complete) has been sent no longer fails the call: the object exists, so
  // the answer says so. etag/version_id come from a HEAD when S3 answers Complete without an ETag
  // (radosgw). Idempotent in effect: the same data gives the same object.
  absl::StatusOr<PutObjectResult> Upload(absl::string_view bucket, absl::string_view key,
                                         const ObjectWriteOptions& options,
                                         const ChunkReader& reader, const CallContext& ctx);

  // Upload of data whose size the caller declares. Up to part_size bytes: as above. Up to
  // S3ClientOptions::single_put_limit: one PUT streamed straight from `reader`, holding only its
  // current chunk; the last bytes go out only after `reader` has confirmed the end of the data,
  // so a reader error (a failed checksum, a broken client stream) still leaves nothing stored.
  // Not retried. Larger: multipart as above. Data longer or shorter than `size` ->
  // INVALID_ARGUMENT, nothing stored.
  absl::StatusOr<PutObjectResult> Upload(absl::string_view bucket, absl::string_view key,
                                         const ObjectWriteOptions& options, int64_t size,
                                         const ChunkReader& reader, const CallContext& ctx);

  // Multipart steps, for callers that drive uploads themselves. Create returns the upload id.
  absl::StatusOr<std::string> CreateMultipartUpload(absl::string_view bucket, absl::string_view key,
                                                    const ObjectWriteOptions& options,
                                                    const CallContext& ctx);
  // Uploads part `part_number` (1..10000) and returns its ETag. Idempotent.
  absl::StatusOr<std::string> UploadPart(absl::string_view bucket, absl::string_view key,
                                         absl::string_view upload_id, int part_number,
                                         absl::string_view data, const CallContext& ctx);
  // Joins the parts (ascending part numbers). The result has key, etag (empty on radosgw) and
  // version_id; size is 0 (unknown here). Unknown upload -> NOT_FOUND; bad part list ->
  // INVALID_ARGUMENT.
  absl::StatusOr<PutObjectResult> CompleteMultipartUpload(absl::string_view bucket,
                                                          absl::string_view key,
                                                          absl::string_view upload_id,
                                                          const std::vector<CompletedPart>& parts,
                                                          const CallContext& ctx);
  // Discards an upload and its parts. Unknown upload -> NOT_FOUND.
  absl::Status AbortMultipartUpload(absl::string_view bucket, absl::string_view key,
                                    absl::string_view upload_id, const CallContext& ctx);

  // Streams the object (or `request.range` of it) to `writer` and returns its metadata; size is
  // the whole object's. A writer error aborts the transfer and is returned. Missing ->
  // NOT_FOUND; range beyond the end -> OUT_OF_RANGE.
  absl::StatusOr<ObjectInfo> GetObject(const GetObjectRequest& request, const ChunkWriter& writer,
                                       const CallContext& ctx);
  // As above, but only while the object still has ETag `if_match` (ObjectInfo::etag as HeadObject
  // reported it; empty: no condition): the GET carries If-Match with the ETag quoted as S3 sends
  // it, and S3's 412 (the key now holds another object) -> ABORTED, before any byte reaches
  // `writer`; reading again gets the new object. Other errors as above.
  absl::StatusOr<ObjectInfo> GetObject(const GetObjectRequest& request, absl::string_view if_match,
                                       const ChunkWriter& writer, const CallContext& ctx);
  // Metadata only. Missing object (or a delete marker) -> NOT_FOUND ("S3 NotFound").
  absl::StatusOr<ObjectInfo> HeadObject(absl::string_view bucket, absl::string_view key,
                                        absl::string_view version_id, const CallContext& ctx);
  // Deletes one object, or one version of it. Missing -> OK (S3 semantics). Idempotent.
  absl::Status DeleteObject(absl::string_view bucket, absl::string_view key,
                            absl::string_view version_id, const CallContext& ctx);
  // Deletes many objects / versions, in batches of S3ClientOptions::delete_batch_size (each
  // signed with the Content-MD5 S3 requires). Missing keys count as deleted; per-object
  // refusals are reported in `errors`, not as a status. Keys XML cannot carry are deleted one
  // by one.
  absl::StatusOr<DeleteObjectsResult> DeleteObjects(absl::string_view bucket,
                                                    const std::vector<ObjectIdentifier>& objects,
                                                    const CallContext& ctx);

  // A presigned GET or PUT URL for the object, valid for request.ttl (1 s to 7 days, else
  // INVALID_ARGUMENT). No network call. The URL is a bearer credential: never log it.
  absl::StatusOr<PresignResult> Presign(const PresignRequest& request) const;

 private:
  // One S3 request before signing.
  struct Call {
    Call(absl::string_view operation, absl::string_view method, absl::string_view bucket = {},
         absl::string_view key = {})
        : operation(operation), method(method), bucket(bucket), key(key) {}

    std::string operation;  // "GetObject", for errors.
    std::string method;
    std::string bucket;
    std::string key;
    std::vector<std::pair<std::string, std::string>> query;  // Raw; empty value: "?name".
    http::Headers headers;
    std::string body;  // Signed with its SHA-256 unless unsigned_payload.
    bool unsigned_payload = false;
    bool content_md5 = false;
    http::BodyReader body_reader;  // Streamed body of body_size bytes (unsigned payload).
    int64_t body_size = 0;
    http::BodyWriter response_writer;
    bool idempotent = true;
  };

  // Signs and sends `call` and returns the answer, whatever its HTTP status. `call->body` is
  // moved into the request and back, so large part buffers are never copied.
  absl::StatusOr<http::HttpResponse> SendRaw(Call* call, const CallContext& ctx);
  // SendRaw, with a non-2xx answer turned into its status.
  absl::StatusOr<http::HttpResponse> Send(Call* call, const CallContext& ctx);
  absl::Status ErrorStatus(const Call& call, const http::HttpResponse& response) const;
  // Sends and maps a "not configured" S3 error code to nullopt (GET of optional configuration).
  absl::StatusOr<std::optional<http::HttpResponse>> SendOptional(Call* call,
                                                                 absl::string_view missing_code,
                                                                 const CallContext& ctx);
  // scheme://host/bucket/key?query, path or virtual-host style, every part encoded.
  std::string Url(const Call& call) const;
  static void AddWriteHeaders(const ObjectWriteOptions& options, http::Headers* headers);
  absl::StatusOr<std::string> SendPart(absl::string_view bucket, absl::string_view key,
                                       absl::string_view upload_id, int part_number,
                                       std::string* data, const CallContext& ctx);

  S3Endpoint endpoint_;
  std::string scheme_;     // "https"
  std::string authority_;  // "s3.example.net:9021"
  std::string base_path_;  // "" or "/prefix"
  SigV4Signer signer_;
  http::HttpTransport* transport_;
  base::Clock* clock_;
  S3ClientOptions options_;
};

}  // namespace osp::providers::s3
