// S3Client::Upload with a declared size: one streamed PUT up to single_put_limit.
#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
using ::testing::HasSubstr;

// Pulls a streamed body like libcurl does, and notes how much of it had gone out each time the
// upload's reader was called.
class PullingTransport final : public http::HttpTransport {
 public:
  absl::StatusOr<http::HttpResponse> Send(const http::HttpRequest& request,
                                          const base::CallContext&) override {
    last_ = request;
    last_.body.clear();
    if (request.body_reader) {
      char buf[100000];
      for (;;) {
        auto n = request.body_reader(buf, sizeof(buf));
        if (!n.ok()) return n.status();
        if (*n == 0) break;
        last_.body.append(buf, *n);
        pulled_ += static_cast<int64_t>(*n);
      }
    }
    return http::HttpResponse{200, {{"ETag", "\"whole\""}}, ""};
  }
  int64_t pulled() const { return pulled_; }
  const http::HttpRequest& last() const { return last_; }

 private:
  http::HttpRequest last_;
  int64_t pulled_ = 0;
};

// `total` bytes in 1 MiB chunks; optionally fails when asked past the end.
struct Data {
  int64_t total;
  absl::Status at_end = absl::OkStatus();
  int64_t given = 0;
  int64_t pulled_at_end = -1;
  const PullingTransport* transport = nullptr;

  ChunkReader Reader() {
    return [this](std::string* out) -> absl::StatusOr<bool> {
      if (given == total) {
        if (transport != nullptr) pulled_at_end = transport->pulled();
        if (!at_end.ok()) return at_end;
        return false;
      }
      const int64_t n = std::min<int64_t>(1 << 20, total - given);
      out->assign(static_cast<size_t>(n), static_cast<char>('a' + given % 26));
      given += n;
      return true;
    };
  }
};

class SizedUploadTest : public S3UploadFixture {
 protected:
  S3Client Client(http::HttpTransport* transport) {
    return S3UploadFixture::Client(transport, S3ClientOptions{kPart, 1000, 2, 20 << 20});
  }
};

TEST_F(SizedUploadTest, StreamsOnePutAndConfirmsTheEndBeforeTheLastByte) {
  PullingTransport transport;
  S3Client client = Client(&transport);
  Data data{12 << 20};
  data.transport = &transport;
  auto result = client.Upload("b", "k", {"text/plain", {}}, 12 << 20, data.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->size, 12 << 20);
  EXPECT_EQ(result->etag, "whole");
  EXPECT_EQ(transport.last().method, "PUT");
  EXPECT_EQ(transport.last().url, "http://127.0.0.1:8080/b/k");
  EXPECT_EQ(transport.last().body_size, 12 << 20);
  EXPECT_EQ(transport.last().body.size(), static_cast<size_t>(12 << 20));
  EXPECT_FALSE(transport.last().idempotent);
  // The reader was asked for the end while the last bytes were still held back.
  EXPECT_GE(data.pulled_at_end, 0);
  EXPECT_LT(data.pulled_at_end, 12 << 20);
}

TEST_F(SizedUploadTest, AReaderErrorAtTheEndKeepsTheLastBytes) {
  PullingTransport transport;
  S3Client client = Client(&transport);
  Data data{12 << 20, absl::InvalidArgumentError("sha256_hex: the data does not match")};
  EXPECT_THAT(client.Upload("b", "k", {}, 12 << 20, data.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sha256_hex")));
  EXPECT_LT(transport.pulled(), 12 << 20);  // The server never saw a complete body.
}

TEST_F(SizedUploadTest, WrongSizesAreRefused) {
  PullingTransport transport;
  S3Client client = Client(&transport);
  Data longer{12 << 20};
  EXPECT_THAT(client.Upload("b", "k", {}, 11 << 20, longer.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("runs past")));
  EXPECT_LT(transport.pulled(), 11 << 20);
  Data shorter{10 << 20};
  EXPECT_THAT(client.Upload("b", "k", {}, 11 << 20, shorter.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ends after 10485760")));
  EXPECT_THAT(client.Upload("b", "k", {}, -1, shorter.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(SizedUploadTest, ASizeOfExactlyOnePartIsOneBufferedPut) {
  FakeHttpTransport transport;
  S3Client client = Client(&transport);
  transport.Enqueue(200, "", {{"ETag", "\"e\""}});
  Data data{kPart};
  auto result = client.Upload("b", "k", {}, kPart, data.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->size, kPart);
  ASSERT_EQ(transport.requests().size(), 1u);
  EXPECT_EQ(transport.requests()[0].method, "PUT");
  EXPECT_EQ(transport.requests()[0].body.size(), static_cast<size_t>(kPart));
  EXPECT_TRUE(transport.requests()[0].idempotent);
}

TEST_F(SizedUploadTest, SmallAndHugeSizesUseTheOtherPaths) {
  FakeHttpTransport transport;
  S3Client client = Client(&transport);
  transport.SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (absl::StrContains(r.url, "?uploads")) {
      return http::HttpResponse{200,
                                {},
                                "<InitiateMultipartUploadResult><UploadId>U</UploadId>"
                                "</InitiateMultipartUploadResult>"};
    }
    if (r.method == "POST") {
      return http::HttpResponse{200,
                                {},
                                "<CompleteMultipartUploadResult><ETag>m-5</ETag>"
                                "</CompleteMultipartUploadResult>"};
    }
    return http::HttpResponse{200, {{"ETag", "\"p\""}}, ""};
  });
  // Small: buffered, retryable PUT.
  Data small{1000};
  ASSERT_THAT(client.Upload("b", "small", {}, 1000, small.Reader(), ctx_), IsOk());
  EXPECT_TRUE(transport.requests().back().idempotent);
  // Above single_put_limit (20 MiB here): multipart.
  Data huge{21 << 20};
  auto result = client.Upload("b", "huge", {}, 21 << 20, huge.Reader(), ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->etag, "m-5");
  EXPECT_EQ(result->size, 21 << 20);
  // A wrong size on those paths is caught before anything is committed.
  const size_t before = transport.requests().size();
  Data shorter{500};
  EXPECT_THAT(client.Upload("b", "small", {}, 1000, shorter.Reader(), ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(transport.requests().size(), before);
}

}  // namespace
}  // namespace osp::providers::s3
