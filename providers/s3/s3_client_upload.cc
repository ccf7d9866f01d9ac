// S3Client::Upload: one PUT for small data, else a multipart upload sending a few parts at once
// from a fixed set of buffers, aborted on any failure.
#include <algorithm>
#include <cstring>
#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
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
    // Growing by doubling would overshoot the part size and copy on the way.
    if (part->capacity() < part_size_) part->reserve(part_size_);
    while (part->size() < part_size_) {
      RETURN_IF_ERROR(HoldData());
      if (pos_ == chunk_.size()) return absl::OkStatus();  // The data ended.
      const size_t n = std::min(chunk_.size() - pos_, part_size_ - part->size());
      part->append(chunk_, pos_, n);
      pos_ += n;
    }
    return absl::OkStatus();
  }

  // Whether every byte of the data has been handed out. Reads the next chunk ahead when the
  // last part ended on a chunk boundary, so that data of exactly one part is known to be
  // complete (and goes out as one PUT).
  absl::StatusOr<bool> AtEnd() {
    RETURN_IF_ERROR(HoldData());
    return pos_ == chunk_.size();
  }

 private:
  // Makes the held chunk non-empty unless the data has ended.
  absl::Status HoldData() {
    while (pos_ == chunk_.size() && !done_) {
      chunk_.clear();
      pos_ = 0;
      ASSIGN_OR_RETURN(bool more, reader_(&chunk_));
      // A reader may hand over a last chunk together with "no more".
      done_ = !more;
    }
    return absl::OkStatus();
  }

  const ChunkReader& reader_;
  const size_t part_size_;
  std::string chunk_;
  size_t pos_ = 0;
  bool done_ = false;
};

absl::Status SizeMismatch(int64_t declared, int64_t seen, bool more) {
  return absl::InvalidArgumentError(absl::StrCat(
      "upload declared ", declared, " bytes but the data ", more ? "runs past that" : "ends after ",
      more ? "" : absl::StrCat(seen, " bytes")));
}

// Feeds a streamed PUT body of a declared size from a ChunkReader. The final bytes are handed
// out only after the reader has reported the end of the data (and no error): until then the
// server cannot have the whole body, so it stores nothing if the reader fails.
class StreamedBody {
 public:
  StreamedBody(const ChunkReader& reader, int64_t size) : reader_(reader), size_(size) {}

  absl::StatusOr<size_t> Read(char* out, size_t max) {
    while (pos_ == chunk_.size()) {
      if (done_) return size_t{0};
      chunk_.clear();
      pos_ = 0;
      ASSIGN_OR_RETURN(bool more, reader_(&chunk_));
      done_ = !more;
      received_ += static_cast<int64_t>(chunk_.size());
      if (received_ > size_ || (done_ && received_ < size_)) {
        return SizeMismatch(size_, received_, received_ > size_);
      }
    }
    const size_t n = std::min(max, chunk_.size() - pos_);
    if (sent_ + static_cast<int64_t>(n) == size_ && !done_) {
      std::string extra;
      ASSIGN_OR_RETURN(bool more, reader_(&extra));
      if (more || !extra.empty()) return SizeMismatch(size_, size_, true);
      done_ = true;
    }
    std::memcpy(out, chunk_.data() + pos_, n);
    pos_ += n;
    sent_ += static_cast<int64_t>(n);
    return n;
  }

 private:
  const ChunkReader& reader_;
  const int64_t size_;
  std::string chunk_;
  size_t pos_ = 0;
  int64_t received_ = 0;
  int64_t sent_ = 0;
  bool done_ = false;
};

// Sends parts on `workers` threads while the caller fills the next one. There are workers + 1
// part buffers, reused: memory stays at (workers + 1) * part size however large the object.
// After the first failure no further part is sent. Thread-safe.
class PartPipeline {
 public:
  using SendFn = std::function<absl::StatusOr<std::string>(int number, std::string* data)>;

  PartPipeline(int workers, SendFn send) : send_(std::move(send)) {
    workers = std::max(workers, 1);
    free_.resize(static_cast<size_t>(workers));  // The caller holds the (workers + 1)th.
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~PartPipeline() { Finish().IgnoreError(); }
  PartPipeline(const PartPipeline&) = delete;
  PartPipeline& operator=(const PartPipeline&) = delete;

  // Queues part `number`; its buffer comes back through TakeBuffer once sent.
  void Submit(int number, std::string data) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(Job{number, std::move(data)});
  }

  // Waits for a free (empty) buffer. False once a part has failed.
  bool TakeBuffer(std::string* out) {
    absl::MutexLock lock(&mu_, absl::Condition(this, &PartPipeline::BufferOrError));
    if (!error_.ok()) return false;
    *out = std::move(free_.back());
    free_.pop_back();
    out->clear();
    return true;
  }

  // Waits for the queued parts, stops the workers, and returns the parts sent in ascending
  // order, or the first failure.
  absl::StatusOr<std::vector<CompletedPart>> Finish() {
    {
      absl::MutexLock lock(&mu_);
      closing_ = true;
    }
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) return error_;
    std::sort(done_.begin(), done_.end(), [](const CompletedPart& a, const CompletedPart& b) {
      return a.part_number < b.part_number;
    });
    return done_;
  }

 private:
  struct Job {
    int number;
    std::string data;
  };

  bool BufferOrError() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !free_.empty() || !error_.ok();
  }
  bool JobOrClosing() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() || closing_;
  }

  void Work() {
    for (;;) {
      Job job;
      bool skip;
      {
        absl::MutexLock lock(&mu_, absl::Condition(this, &PartPipeline::JobOrClosing));
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
        skip = !error_.ok();
      }
      absl::StatusOr<std::string> etag =
          skip ? absl::StatusOr<std::string>("") : send_(job.number, &job.data);
      absl::MutexLock lock(&mu_);
      if (!skip && etag.ok()) {
        done_.push_back(CompletedPart{job.number, *std::move(etag)});
      } else if (!skip && error_.ok()) {
        error_ = etag.status();
      }
      free_.push_back(std::move(job.data));
    }
  }

  const SendFn send_;
  absl::Mutex mu_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> free_ ABSL_GUARDED_BY(mu_);
  std::vector<CompletedPart> done_ ABSL_GUARDED_BY(mu_);
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
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
  RETURN_IF_ERROR(filler.Fill(&part));
  ASSIGN_OR_RETURN(const bool one_put, filler.AtEnd());
  const auto cancelled = [&] {
    return absl::CancelledError(absl::StrCat("upload of key \"", key, "\" cancelled"));
  };
  // The requests after which the object may exist (the one PUT, Complete and the HEAD after
  // it) and those that leave something to clean up (the upload's creation, its parts) are
  // carried to the end once sent, even when the caller cancels; the deadline still bounds
  // them. A PUT or Complete cut off after the backend took it would store an object the caller
  // is told failed; a creation cut off after the backend made the upload leaves no id to abort,
  // and a part cut off mid-body can be recorded by radosgw after the abort below, orphaning
  // the upload (seen in e2e test_objects). Cancellation is checked before the creation, each
  // part, and the one PUT or Complete.
  const CallContext carried_ctx(ctx.deadline(), nullptr);

  if (one_put) {
    if (ctx.cancelled()) return cancelled();
    Call call("PutObject", "PUT", std::string(bucket), std::string(key));
    AddWriteHeaders(options, &call.headers);
    call.unsigned_payload = true;
    const auto size = static_cast<int64_t>(part.size());
    call.body = std::move(part);
    ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, carried_ctx));
    return PutObjectResult{std::string(key), size, Unquote(response.Header("ETag")),
                           response.Header("x-amz-version-id")};
  }

  if (ctx.cancelled()) return cancelled();
  ASSIGN_OR_RETURN(std::string upload_id, CreateMultipartUpload(bucket, key, options, carried_ctx));
  PartPipeline pipeline(options_.upload_concurrency, [&](int number, std::string* data) {
    return SendPart(bucket, key, upload_id, number, data, carried_ctx);
  });
  absl::Status stopped;
  int number = 0;
  int64_t size = 0;
  while (!part.empty()) {
    if (ctx.cancelled()) {
      stopped = cancelled();
      break;
    }
    size += static_cast<int64_t>(part.size());
    pipeline.Submit(++number, std::move(part));
    if (!pipeline.TakeBuffer(&part)) break;  // A part failed: Finish() reports it.
    stopped = filler.Fill(&part);
    if (!stopped.ok()) break;
  }
  absl::StatusOr<std::vector<CompletedPart>> parts = pipeline.Finish();
  if (stopped.ok() && ctx.cancelled()) stopped = cancelled();
  absl::StatusOr<PutObjectResult> result =
      !stopped.ok() ? stopped
      : !parts.ok() ? parts.status()
                    : CompleteMultipartUpload(bucket, key, upload_id, *parts, carried_ctx);
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
    ASSIGN_OR_RETURN(ObjectInfo info, HeadObject(bucket, key, result->version_id, carried_ctx));
    result->etag = info.etag;
    result->version_id = info.version_id;
  }
  return result;
}

absl::StatusOr<PutObjectResult> S3Client::Upload(absl::string_view bucket, absl::string_view key,
                                                 const ObjectWriteOptions& options, int64_t size,
                                                 const ChunkReader& reader,
                                                 const CallContext& ctx) {
  if (size < 0) return absl::InvalidArgumentError("upload size must not be negative");
  if (size > options_.part_size && size <= options_.single_put_limit) {
    StreamedBody body(reader, size);
    Call call("PutObject", "PUT", bucket, key);
    AddWriteHeaders(options, &call.headers);
    call.body_reader = [&body](char* out, size_t max) { return body.Read(out, max); };
    call.body_size = size;
    ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
    return PutObjectResult{std::string(key), size, Unquote(response.Header("ETag")),
                           response.Header("x-amz-version-id")};
  }
  // Both other paths read to the end of the data before committing: check the size there.
  int64_t seen = 0;
  const ChunkReader checked = [&](std::string* chunk) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(bool more, reader(chunk));
    seen += static_cast<int64_t>(chunk->size());
    if (seen > size || (!more && seen < size)) return SizeMismatch(size, seen, seen > size);
    return more;
  };
  return Upload(bucket, key, options, checked, ctx);
}

}  // namespace osp::providers::s3
