#include "providers/s3/object_plane.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "providers/base/status_macros.h"
#include "providers/s3/chunk_prefetcher.h"

namespace osp::providers::s3 {
namespace {

constexpr int32_t kMaxPage = 1000;
// Upload chunks received ahead of the S3 send: a few of the caller's messages (1 MiB from
// ospctl, at most gRPC's 4 MiB limit each).
constexpr size_t kPrefetchChunks = 2;

// Incremental SHA-256 of an upload.
class Sha256 final {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    ok_ = ctx_ != nullptr && EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) == 1;
  }
  void Update(absl::string_view data) {
    ok_ = ok_ && EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1;
  }
  absl::StatusOr<std::string> HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!ok_ || EVP_DigestFinal_ex(ctx_.get(), digest, &size) != 1) {
      return absl::InternalError("SHA-256 of the upload failed");
    }
    return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
  bool ok_ = false;
};

int32_t PageSize(int32_t requested) {
  return requested <= 0 ? kMaxPage : std::min(requested, kMaxPage);
}

std::string VersionToken(const std::string& key_marker, const std::string& version_marker) {
  if (key_marker.empty() && version_marker.empty()) return "";
  return absl::WebSafeBase64Escape(absl::StrCat(key_marker, "\n", version_marker));
}

absl::Status ParseVersionToken(const std::string& token, std::string* key_marker,
                               std::string* version_marker) {
  std::string decoded;
  if (!absl::WebSafeBase64Unescape(token, &decoded) || decoded.find('\n') == std::string::npos) {
    return absl::InvalidArgumentError("page_token: not a token from a previous version listing");
  }
  std::pair<std::string, std::string> parts = absl::StrSplit(decoded, absl::MaxSplits('\n', 1));
  *key_marker = std::move(parts.first);
  *version_marker = std::move(parts.second);
  return absl::OkStatus();
}

}  // namespace

ObjectPlane::ObjectPlane(S3Access* s3, absl::Duration max_presign_ttl)
    : s3_(s3), max_presign_ttl_(max_presign_ttl) {}

absl::StatusOr<ObjectPage> ObjectPlane::List(const std::string& bucket,
                                             const ListObjectsOptions& options,
                                             const CallContext& ctx) {
  ObjectPage page;
  if (options.versions) {
    ListVersionsRequest request;
    request.prefix = options.prefix;
    request.delimiter = options.delimiter;
    request.max_keys = PageSize(options.page_size);
    if (!options.page_token.empty()) {
      RETURN_IF_ERROR(
          ParseVersionToken(options.page_token, &request.key_marker, &request.version_id_marker));
    }
    RETURN_IF_ERROR(s3_->AsOwner(bucket, ctx, [&](S3Client& s3) -> absl::Status {
      ASSIGN_OR_RETURN(ListVersionsResult result, s3.ListObjectVersions(bucket, request, ctx));
      page.objects = std::move(result.versions);
      page.common_prefixes = std::move(result.common_prefixes);
      if (result.is_truncated) {
        page.next_page_token = VersionToken(result.next_key_marker, result.next_version_id_marker);
      }
      return absl::OkStatus();
    }));
    return page;
  }
  ListObjectsV2Request request;
  request.prefix = options.prefix;
  request.delimiter = options.delimiter;
  request.continuation_token = options.page_token;
  request.max_keys = PageSize(options.page_size);
  RETURN_IF_ERROR(s3_->AsOwner(bucket, ctx, [&](S3Client& s3) -> absl::Status {
    ASSIGN_OR_RETURN(ListObjectsV2Result result, s3.ListObjectsV2(bucket, request, ctx));
    page.objects = std::move(result.objects);
    page.common_prefixes = std::move(result.common_prefixes);
    if (result.is_truncated) page.next_page_token = std::move(result.next_continuation_token);
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<PutObjectResult> ObjectPlane::Put(const PutObjectHeader& header,
                                                 const ChunkReader& next_chunk,
                                                 const CallContext& ctx) {
  // A stream cannot be replayed: one attempt with the owner's current key.
  ASSIGN_OR_RETURN(std::unique_ptr<S3Client> s3,
                   s3_->ClientFor(header.bucket, /*public_endpoint=*/false, ctx));
  ObjectWriteOptions options;
  options.content_type = header.content_type;
  options.metadata = header.metadata;
  int64_t size = 0;
  Sha256 sha256;
  // Checks the data at its end, before the S3 client commits the object: a mismatch aborts the
  // upload and nothing is stored.
  ChunkReader checked = [&](std::string* chunk) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(bool more, next_chunk(chunk));
    if (more) {
      size += static_cast<int64_t>(chunk->size());
      if (!header.sha256_hex.empty()) sha256.Update(*chunk);
      return true;
    }
    if (header.size.has_value() && *header.size != size) {
      return absl::InvalidArgumentError(
          absl::StrCat("size: declared ", *header.size, " bytes, received ", size));
    }
    if (!header.sha256_hex.empty()) {
      ASSIGN_OR_RETURN(std::string actual, sha256.HexDigest());
      if (actual != absl::AsciiStrToLower(header.sha256_hex)) {
        return absl::InvalidArgumentError("sha256_hex: the data does not match the declared hash");
      }
    }
    return false;
  };
  // The data is received and checked on a second thread while S3 takes the chunks before it.
  ChunkPrefetcher prefetcher(checked, kPrefetchChunks);
  const ChunkReader prefetched = [&](std::string* chunk) { return prefetcher.Next(chunk); };
  // A declared size lets the client stream one PUT (no part buffers) up to its limit.
  absl::StatusOr<PutObjectResult> result =
      header.size.has_value()
          ? s3->Upload(header.bucket, header.key, options, *header.size, prefetched, ctx)
          : s3->Upload(header.bucket, header.key, options, prefetched, ctx);
  prefetcher.Stop();  // `size` and `sha256` are the prefetcher thread's until it stops.
  if (result.ok()) result->size = size;
  return result;
}

absl::Status ObjectPlane::Get(const GetObjectRequest& request,
                              const std::function<absl::Status(const ObjectInfo&)>& on_info,
                              const ChunkWriter& write, const CallContext& ctx) {
  // The S3 client reports metadata after the body; the caller needs it first. Both requests
  // go to the same object: the version HEAD saw, when the bucket keeps versions, and in any
  // bucket only while the key still has HEAD's ETag (a PUT in between, unversioned or "null"
  // version, would otherwise pair HEAD's metadata with another object's bytes).
  ObjectInfo info;
  RETURN_IF_ERROR(s3_->AsOwner(request.bucket, ctx, [&](S3Client& s3) -> absl::Status {
    ASSIGN_OR_RETURN(info, s3.HeadObject(request.bucket, request.key, request.version_id, ctx));
    return absl::OkStatus();
  }));
  // Without a version id, HEAD answered for the current version of a versioned bucket.
  if (request.version_id.empty() && !info.version_id.empty()) info.is_latest = true;
  RETURN_IF_ERROR(on_info(info));
  GetObjectRequest pinned = request;
  if (pinned.version_id.empty() && !info.version_id.empty() && info.version_id != "null") {
    pinned.version_id = info.version_id;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<S3Client> s3,
                   s3_->ClientFor(request.bucket, /*public_endpoint=*/false, ctx));
  return s3->GetObject(pinned, info.etag, write, ctx).status();
}

absl::StatusOr<DeleteObjectsResult> ObjectPlane::Delete(
    const std::string& bucket, const std::vector<ObjectIdentifier>& objects,
    const CallContext& ctx) {
  DeleteObjectsResult result;
  RETURN_IF_ERROR(s3_->AsOwner(bucket, ctx, [&](S3Client& s3) -> absl::Status {
    ASSIGN_OR_RETURN(result, s3.DeleteObjects(bucket, objects, ctx));
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<PresignResult> ObjectPlane::Presign(const PresignRequest& request,
                                                   const CallContext& ctx) {
  if (request.ttl <= absl::ZeroDuration() || request.ttl > max_presign_ttl_) {
    return absl::InvalidArgumentError(absl::StrCat("ttl: must be between 1 and ",
                                                   max_presign_ttl_ / absl::Seconds(1),
                                                   " seconds on this backend"));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<S3Client> s3,
                   s3_->ClientFor(request.bucket, /*public_endpoint=*/true, ctx));
  return s3->Presign(request);
}

absl::Status ObjectPlane::Empty(const std::string& bucket, const CallContext& ctx) {
  return s3_->AsOwner(bucket, ctx, [&](S3Client& s3) -> absl::Status {
    ListVersionsRequest request;
    request.max_keys = kEmptyBatch;
    for (;;) {
      if (ctx.cancelled()) return absl::CancelledError("cancelled while emptying the bucket");
      ASSIGN_OR_RETURN(ListVersionsResult page, s3.ListObjectVersions(bucket, request, ctx));
      std::vector<ObjectIdentifier> batch;
      for (const ObjectInfo& v : page.versions) batch.push_back({v.key, v.version_id});
      if (!batch.empty()) {
        ASSIGN_OR_RETURN(DeleteObjectsResult deleted, s3.DeleteObjects(bucket, batch, ctx));
        if (!deleted.errors.empty()) {
          const DeleteObjectError& e = deleted.errors.front();
          return absl::FailedPreconditionError(absl::StrCat(
              "bucket '", bucket, "': ", deleted.errors.size(), " object(s) could not be deleted, ",
              "e.g. '", e.object.key, "': S3 ", e.code, ": ", e.message));
        }
      }
      if (!page.is_truncated) return absl::OkStatus();
      request.key_marker = page.next_key_marker;
      request.version_id_marker = page.next_version_id_marker;
    }
  });
}

}  // namespace osp::providers::s3
