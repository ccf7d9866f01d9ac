#include <algorithm>
#include <atomic>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/s3_client.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/s3/s3_upload_fixture.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::FakeHttpTransport;
using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Le;

// Data byte i is a function of i, so any reordering or loss shows.
char ByteAt(int64_t i) { return static_cast<char>((i * 7 + i / 4096) & 0xFF); }

// Hands out `total` bytes in chunks of `chunk` bytes and counts what it handed out.
class Source {
 public:
  Source(int64_t total, size_t chunk) : total_(total), chunk_(chunk) {}
  ChunkReader Reader() {
    return [this](std::string* out) -> absl::StatusOr<bool> {
      if (fail_at_ >= 0 && given_ >= fail_at_) return absl::AbortedError("client stream broke");
      if (given_ == total_) return false;
      const int64_t n = std::min<int64_t>(chunk_, total_ - given_);
      for (int64_t i = 0; i < n; ++i) out->push_back(ByteAt(given_ + i));
      given_ += n;
      return true;
    };
  }
  int64_t given() const { return given_; }
  void FailAt(int64_t offset) { fail_at_ = offset; }

 private:
  const int64_t total_;
  const size_t chunk_;
  std::atomic<int64_t> given_{0};
  int64_t fail_at_ = -1;
};

std::string Expected(int64_t from, int64_t n) {
  std::string s;
  for (int64_t i = 0; i < n; ++i) s.push_back(ByteAt(from + i));
  return s;
}

std::string Header(const http::HttpRequest& r, absl::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

bool IsPart(const http::HttpRequest& r) { return absl::StrContains(r.url, "partNumber="); }

// CompleteMultipartUpload (creation is a POST too, to "?uploads").
bool IsComplete(const http::HttpRequest& r) {
  return r.method == "POST" && absl::StrContains(r.url, "uploadId");
}

int PartNumber(const http::HttpRequest& r) {
  int n = 0;
  const size_t at = r.url.find("partNumber=") + 11;
  EXPECT_TRUE(absl::SimpleAtoi(r.url.substr(at, r.url.find('&', at) - at), &n)) << r.url;
  return n;
}

class S3ClientUploadTest : public S3UploadFixture {
 protected:
  S3ClientUploadTest() : client_(Client(&transport_, S3ClientOptions{kPart, 1000, 2})) {}

  // A well-behaved S3: parts get ETags "p<n>", Complete answers without an ETag (radosgw).
  void ServeMultipart(std::vector<std::pair<int, int64_t>>* read_at_part = nullptr,
                      Source* source = nullptr) {
    transport_.SetHandler([=](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
      if (absl::StrContains(r.url, "?uploads")) {
        return http::HttpResponse{200,
                                  {},
                                  "<InitiateMultipartUploadResult><UploadId>U1</UploadId>"
                                  "</InitiateMultipartUploadResult>"};
      }
      if (IsPart(r)) {
        if (read_at_part != nullptr) {
          absl::MutexLock lock(&mu_);
          read_at_part->emplace_back(PartNumber(r), source->given());
        }
        return http::HttpResponse{200, {{"ETag", absl::StrCat("\"p", PartNumber(r), "\"")}}, ""};
      }
      if (r.method == "POST") {
        return http::HttpResponse{
            200,
            {{"x-amz-version-id", "v7"}},
            "<CompleteMultipartUploadResult><ETag></ETag></CompleteMultipartUploadResult>"};
      }
      if (r.method == "HEAD") {
        return http::HttpResponse{200, {{"ETag", "\"full-3\""}, {"x-amz-version-id", "v7"}}, ""};
      }
      return http::HttpResponse{204, {}, ""};
    });
  }

  absl::Mutex mu_;  // Parts arrive on several threads.
  FakeHttpTransport transport_;
  S3Client client_;
};

TEST_F(S3ClientUploadTest, SmallDataIsOnePut) {
  Source source(1000, 64);
  transport_.Enqueue(200, "", {{"ETag", "\"e1\""}});
  auto result = client_.Upload("b", "k", {"text/plain", {{"a", "1"}}}, source.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->size, 1000);
  EXPECT_EQ(result->etag, "e1");
  ASSERT_EQ(transport_.requests().size(), 1u);
  http::HttpRequest put = transport_.requests()[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "http://127.0.0.1:8080/b/k");
  EXPECT_EQ(put.body, Expected(0, 1000));
  EXPECT_TRUE(put.idempotent);  // The body is in memory: safe to resend.
  EXPECT_EQ(Header(put, "Content-Type"), "text/plain");
  EXPECT_EQ(Header(put, "x-amz-meta-a"), "1");
}

TEST_F(S3ClientUploadTest, EmptyDataIsAnEmptyPut) {
  Source source(0, 64);
  transport_.Enqueue(200, "", {{"ETag", "\"d41d8cd98f00b204e9800998ecf8427e\""}});
  auto result = client_.Upload("b", "empty", {}, source.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->size, 0);
  EXPECT_EQ(transport_.requests()[0].body, "");
}

// Data of exactly one part ends on a chunk boundary: the end is only known from the reader's
// next answer, which must be awaited before choosing between one PUT and multipart.
TEST_F(S3ClientUploadTest, DataOfExactlyOnePartIsOnePut) {
  for (size_t chunk : {size_t{1} << 20, static_cast<size_t>(kPart)}) {
    SCOPED_TRACE(chunk);
    const size_t before = transport_.requests().size();
    Source source(kPart, chunk);
    transport_.Enqueue(200, "", {{"ETag", "\"e1\""}});
    auto result = client_.Upload("b", "k", {}, source.Reader(), ctx_);
    ASSERT_THAT(result, IsOk());
    EXPECT_EQ(result->size, kPart);
    EXPECT_EQ(result->etag, "e1");
    ASSERT_EQ(transport_.requests().size(), before + 1);
    const http::HttpRequest put = transport_.requests().back();
    EXPECT_EQ(put.method, "PUT");
    EXPECT_EQ(put.url, "http://127.0.0.1:8080/b/k");
    EXPECT_TRUE(put.body == Expected(0, kPart));
  }
}

TEST_F(S3ClientUploadTest, AReaderErrorAfterExactlyOnePartSendsNothing) {
  Source source(kPart, 1 << 20);
  source.FailAt(kPart);  // E.g. the SHA-256 checked at the end does not match.
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("client stream broke")));
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(S3ClientUploadTest, OneByteMoreThanAPartIsTwoParts) {
  Source source(kPart + 1, 1 << 20);
  ServeMultipart();
  ASSERT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_), IsOk());
  int parts = 0;
  for (const http::HttpRequest& r : transport_.requests()) parts += IsPart(r) ? 1 : 0;
  EXPECT_EQ(parts, 2);
}

TEST_F(S3ClientUploadTest, LargeDataIsMultipartWithExactParts) {
  const int64_t total = 5 * kPart + 12345;
  Source source(total, 100003);  // Chunks that never line up with parts.
  std::vector<std::pair<int, int64_t>> read_at_part;
  ServeMultipart(&read_at_part, &source);
  auto result = client_.Upload("b", "big", {"application/x-tar", {}}, source.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->size, total);
  EXPECT_EQ(result->etag, "full-3");
  EXPECT_EQ(result->version_id, "v7");

  std::vector<http::HttpRequest> sent = transport_.requests();
  ASSERT_EQ(sent.size(), 9u);  // create, 6 parts (in any order), complete, head
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:8080/b/big?uploads");
  EXPECT_EQ(Header(sent[0], "Content-Type"), "application/x-tar");
  std::map<int, const http::HttpRequest*> parts;
  for (const http::HttpRequest& r : sent) {
    if (IsPart(r)) parts[PartNumber(r)] = &r;
  }
  ASSERT_EQ(parts.size(), 6u);
  int64_t offset = 0;
  for (const auto& [number, r] : parts) {
    EXPECT_EQ(r->url,
              absl::StrCat("http://127.0.0.1:8080/b/big?partNumber=", number, "&uploadId=U1"));
    EXPECT_EQ(Header(*r, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
    EXPECT_TRUE(r->idempotent);  // The part is in memory: the transport may resend it.
    const int64_t n = number < 6 ? kPart : 12345;
    EXPECT_EQ(r->body.size(), static_cast<size_t>(n));
    EXPECT_TRUE(r->body == Expected(offset, n)) << "part " << number;
    offset += n;
  }
  EXPECT_EQ(sent[7].url, "http://127.0.0.1:8080/b/big?uploadId=U1");
  // Complete lists the parts in ascending order whatever order they finished in.
  size_t at = 0;
  for (int i = 1; i <= 6; ++i) {
    size_t next = sent[7].body.find(absl::StrCat("<PartNumber>", i, "</PartNumber>"));
    ASSERT_NE(next, std::string::npos) << i;
    EXPECT_GT(next, at);
    at = next;
  }
  EXPECT_EQ(sent[8].method, "HEAD");

  // Constant memory: when part n goes out, the reader has handed out at most the parts that fit
  // in the (upload_concurrency + 1) buffers plus one chunk, whatever the total size.
  ASSERT_EQ(read_at_part.size(), 6u);
  for (const auto& [number, given] : read_at_part) {
    EXPECT_THAT(given, Le((number + 2) * kPart + 100003)) << "part " << number;
  }
}

TEST_F(S3ClientUploadTest, SendsUpToConcurrencyPartsAtOnce) {
  Source source(8 * kPart, 1 << 20);
  absl::Mutex mu;
  int in_flight = 0;
  int most = 0;
  transport_.SetHandler([&](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    if (!IsPart(r)) {
      return http::HttpResponse{200,
                                {},
                                "<CompleteMultipartUploadResult><ETag>e-8</ETag>"
                                "</CompleteMultipartUploadResult>"};
    }
    absl::MutexLock lock(&mu);
    ++in_flight;
    most = std::max(most, in_flight);
    // Hold the first parts until a second one arrives (bounded: a sequential client fails).
    auto two = [&] { return in_flight >= 2 || most >= 2; };
    mu.AwaitWithTimeout(absl::Condition(&two), absl::Seconds(10));
    --in_flight;
    return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
  });
  ASSERT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_), IsOk());
  absl::MutexLock lock(&mu);
  EXPECT_EQ(most, 2);  // S3ClientOptions::upload_concurrency.
}

TEST_F(S3ClientUploadTest, AFailedPartAbortsTheUpload) {
  Source source(8 * kPart, 1 << 20);
  transport_.SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U2</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    if (absl::StrContains(r.url, "partNumber=2")) {
      return http::HttpResponse{403, {}, "<Error><Code>QuotaExceeded</Code></Error>"};
    }
    if (IsPart(r)) return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
    return http::HttpResponse{204, {}, ""};
  });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("S3 QuotaExceeded")));
  http::HttpRequest last = transport_.requests().back();
  EXPECT_EQ(last.method, "DELETE");
  EXPECT_EQ(last.url, "http://127.0.0.1:8080/b/k?uploadId=U2");
  // Stopped reading: at most the parts that fit in the buffers after part 2, plus one chunk.
  EXPECT_LE(source.given(), 4 * kPart + (1 << 20));
  for (const http::HttpRequest& r : transport_.requests()) {
    EXPECT_FALSE(IsComplete(r)) << "completed";
  }
}

TEST_F(S3ClientUploadTest, AReaderErrorAbortsTheUpload) {
  Source source(3 * kPart, 1 << 20);
  source.FailAt(kPart + (1 << 20));
  ServeMultipart();
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("client stream broke")));
  std::vector<http::HttpRequest> sent = transport_.requests();
  EXPECT_EQ(sent.back().method, "DELETE");
  EXPECT_EQ(sent.back().url, "http://127.0.0.1:8080/b/k?uploadId=U1");
  for (const auto& r : sent) {
    EXPECT_FALSE(IsComplete(r)) << "completed";
  }
}

TEST_F(S3ClientUploadTest, CancellingAbortsWithAFreshContext) {
  Source source(20 * kPart, 1 << 20);
  std::atomic<bool> cancelled{false};
  CallContext ctx(absl::InfiniteFuture(), [&] { return cancelled.load(); });
  transport_.SetHandler([&](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U3</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    if (IsPart(r)) {
      cancelled = true;  // The caller goes away during the first part.
      return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
    }
    return http::HttpResponse{204, {}, ""};
  });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  std::vector<http::HttpRequest> sent = transport_.requests();
  EXPECT_EQ(sent.back().method, "DELETE");
  EXPECT_EQ(sent.back().url, "http://127.0.0.1:8080/b/k?uploadId=U3");
  EXPECT_LE(sent.size(), 6u);  // create, at most the buffered parts, abort
  EXPECT_LE(source.given(), 4 * kPart);
}

TEST_F(S3ClientUploadTest, CancellingWhileTheUploadIsCreatedAbortsItWithoutSendingParts) {
  Source source(4 * kPart, 1 << 20);
  std::atomic<bool> cancelled{false};
  CallContext ctx(absl::InfiniteFuture(), [&] { return cancelled.load(); });
  transport_.SetHandler([&](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      cancelled = true;  // The caller goes away while the backend creates the upload.
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U5</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    return http::HttpResponse{204, {}, ""};
  });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  std::vector<http::HttpRequest> sent = transport_.requests();
  ASSERT_EQ(sent.size(), 2u);  // create, abort
  EXPECT_EQ(sent[1].method, "DELETE");
  EXPECT_EQ(sent[1].url, "http://127.0.0.1:8080/b/k?uploadId=U5");
}

// A multipart S3 on which the caller cancels when part 2 arrives, or Complete when
// `cancel_at_complete`.
absl::StatusOr<http::HttpResponse> CancellingS3(const http::HttpRequest& r, bool cancel_at_complete,
                                                std::atomic<bool>* cancelled) {
  if (absl::StrContains(r.url, "?uploads")) {
    return http::HttpResponse{
        200,
        {},
        "<InitiateMultipartUploadResult><UploadId>U6</UploadId></InitiateMultipartUploadResult>"};
  }
  if (IsPart(r)) {
    if (!cancel_at_complete && PartNumber(r) == 2) *cancelled = true;
    return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
  }
  if (r.method == "POST") {
    if (cancel_at_complete) *cancelled = true;
    return http::HttpResponse{
        200, {}, "<CompleteMultipartUploadResult><ETag></ETag></CompleteMultipartUploadResult>"};
  }
  if (r.method == "HEAD") return http::HttpResponse{200, {{"ETag", "\"full-2\""}}, ""};
  return http::HttpResponse{204, {}, ""};
}

TEST_F(S3ClientUploadTest, CancellingDuringTheLastPartAbortsInsteadOfCompleting) {
  Source source(kPart + 1, 1 << 20);
  std::atomic<bool> cancelled{false};
  CallContext ctx(absl::InfiniteFuture(), [&] { return cancelled.load(); });
  transport_.SetHandler(
      [&](const http::HttpRequest& r) { return CancellingS3(r, false, &cancelled); });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  std::vector<http::HttpRequest> sent = transport_.requests();
  EXPECT_EQ(sent.back().method, "DELETE");
  for (const http::HttpRequest& r : sent) {
    EXPECT_FALSE(IsComplete(r)) << "completed";
  }
}

TEST_F(S3ClientUploadTest, CancellingOnceCompleteIsSentStillReportsTheStoredObject) {
  // The object exists once S3 has taken Complete: the caller is not told the upload failed.
  Source source(kPart + 1, 1 << 20);
  std::atomic<bool> cancelled{false};
  CallContext ctx(absl::InfiniteFuture(), [&] { return cancelled.load(); });
  transport_.SetHandler(
      [&](const http::HttpRequest& r) { return CancellingS3(r, true, &cancelled); });
  transport_.HonourCancellation();
  absl::StatusOr<PutObjectResult> result = client_.Upload("b", "k", {}, source.Reader(), ctx);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->etag, "full-2");  // From the HEAD after Complete, also carried through.
  EXPECT_EQ(transport_.requests().back().method, "HEAD");
}

TEST_F(S3ClientUploadTest, ACancelledCallerGetsNoSinglePut) {
  Source source(100, 100);
  CallContext ctx(absl::InfiniteFuture(), [] { return true; });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(S3ClientUploadTest, ACompleteThatFailsIn200IsAnError) {
  Source source(kPart + 1, 1 << 20);
  transport_.SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U4</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    if (IsPart(r)) return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
    if (r.method == "POST") {
      return http::HttpResponse{200, {}, "<Error><Code>InternalError</Code></Error>"};
    }
    return http::HttpResponse{204, {}, ""};
  });
  EXPECT_THAT(client_.Upload("b", "k", {}, source.Reader(), ctx_),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("S3 InternalError")));
  EXPECT_EQ(transport_.requests().back().method, "DELETE");
}

TEST_F(S3ClientUploadTest, RefusesPartsBelowTheS3Minimum) {
  S3Client tiny = Client(&transport_, S3ClientOptions{1 << 20, 1000});
  Source source(10, 10);
  EXPECT_THAT(tiny.Upload("b", "k", {}, source.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(transport_.requests().empty());
}

TEST_F(S3ClientUploadTest, MultipartSteps) {
  ServeMultipart();
  auto id = client_.CreateMultipartUpload("b", "k", {}, ctx_);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(*id, "U1");
  EXPECT_THAT(client_.UploadPart("b", "k", *id, 1, "data", ctx_),
              testutil::IsOkAndHolds(std::string("p1")));
  EXPECT_EQ(transport_.requests().back().body, "data");
  EXPECT_THAT(client_.UploadPart("b", "k", *id, 0, "data", ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  auto done = client_.CompleteMultipartUpload("b", "k", *id, {{1, "p1"}}, ctx_);
  ASSERT_THAT(done, IsOk());
  EXPECT_EQ(done->version_id, "v7");
  EXPECT_THAT(client_.AbortMultipartUpload("b", "k", *id, ctx_), IsOk());
  transport_.Enqueue(404, "<Error><Code>NoSuchUpload</Code></Error>");
  EXPECT_THAT(client_.AbortMultipartUpload("b", "k", "nope", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NoSuchUpload")));
}

}  // namespace
}  // namespace osp::providers::s3
