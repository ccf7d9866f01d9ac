// S3Client::Upload: one PUT for small data, else a multipart upload holding one part in memory,
// aborted on any failure.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "providers/s3/s3_client.h"
#include "providers/s3/s3_xml_parser.h"

namespace osp::providers::s3 {
namespace {

// S3's smallest part (all but the last).
constexpr int64_t kMinPartSize = 5 << 20;
// Bound on the abort call made after the caller's context failed or was cancelled.
constexpr absl::Duration kAbortTimeout = absl::Seconds(30);

// Cuts the reader's chunks, whatever their size, into parts of exactly `part_size` bytes
// (the last one shorter). Holds at most one chunk besides the part being filled.
class PartFiller {
 public:
  PartFiller(const ChunkReader& reader, size_t part_size)
      : reader_(reader), part_size_(part_size) {}

  // Appends to `part` until it is full or the data ends.
  absl::Status Fill(std::string* part) {
    while (part->size() < part_size_) {
      if (pos_ == chunk_.size()) {
        if (done_) return absl::OkStatus();
        chunk_.clear();
        pos_ = 0;
        ASSIGN_OR_RETURN(bool more, reader_(&chunk_));
        // A reader may hand over a last chunk together with "no more".
        done_ = !more;
        continue;
      }
      const size_t n = std::min(chunk_.size() - pos_, part_size_ - part->size());
      part->append(chunk_, pos_, n);
      pos_ += n;
    }
    return absl::OkStatus();
  }

  // True once every byte the reader gave has been handed out.
  bool exhausted() const { return done_ && pos_ == chunk_.size(); }

 private:
  const ChunkReader& reader_;
  const size_t part_size_;
  std::string chunk_;
  size_t pos_ = 0;
  bool done_ = false;
};

}  // namespace

absl::StatusOr<PutObjectResult> S3Client::Upload(absl::string_view bucket, absl::string_view key,
                                                 const ObjectWriteOptions& options,
                                                 const ChunkReader& reader,
                                                 const CallContext& ctx) {
  if (options_.part_size < kMinPartSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("S3 part size must be at least 5 MiB, not ", options_.part_size));
  }
  const auto part_size = static_cast<size_t>(options_.part_size);
  PartFiller filler(reader, part_size);
  std::string part;
  part.reserve(part_size);
  RETURN_IF_ERROR(filler.Fill(&part));

  if (filler.exhausted()) {
    Call call("PutObject", "PUT", std::string(bucket), std::string(key));
    AddWriteHeaders(options, &call.headers);
    call.unsigned_payload = true;
    const auto size = static_cast<int64_t>(part.size());
    call.body = std::move(part);
    ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
    return PutObjectResult{std::string(key), size, Unquote(response.Header("ETag")),
                           response.Header("x-amz-version-id")};
  }

  ASSIGN_OR_RETURN(std::string upload_id, CreateMultipartUpload(bucket, key, options, ctx));
  std::vector<CompletedPart> parts;
  int64_t size = 0;
  absl::StatusOr<PutObjectResult> result = [&]() -> absl::StatusOr<PutObjectResult> {
    while (!part.empty()) {
      if (ctx.cancelled()) {
        return absl::CancelledError(absl::StrCat("upload of key \"", key, "\" cancelled"));
      }
      const int number = static_cast<int>(parts.size()) + 1;
      size += static_cast<int64_t>(part.size());
      ASSIGN_OR_RETURN(std::string etag, SendPart(bucket, key, upload_id, number, &part, ctx));
      parts.push_back(CompletedPart{number, std::move(etag)});
      part.clear();
      RETURN_IF_ERROR(filler.Fill(&part));
    }
    return CompleteMultipartUpload(bucket, key, upload_id, parts, ctx);
  }();
  if (!result.ok()) {
    // The caller's context may be the reason we stopped: abort under a fresh, bounded one. The
    // abort's own failure is secondary to the one being reported.
    const CallContext abort_ctx(clock_->Now() + kAbortTimeout, nullptr);
    AbortMultipartUpload(bucket, key, upload_id, abort_ctx).IgnoreError();
    return result.status();
  }
  result->size = size;
  if (result->etag.empty()) {
    // radosgw completes without an ETag; HEAD knows it.
    ASSIGN_OR_RETURN(ObjectInfo info, HeadObject(bucket, key, result->version_id, ctx));
    result->etag = info.etag;
    result->version_id = info.version_id;
  }
  return result;
}

}  // namespace osp::providers::s3
