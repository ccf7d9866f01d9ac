// ObjectPlane::Get: the GET that follows HEAD reads the object HEAD described (same version, same
// ETag) or fails, whatever the bucket's versioning. ObjectPlane's other calls are tested through
// the providers (tests/unit/providers/ecs/ecs_provider_test.cc).
#include "providers/s3/object_plane.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

constexpr char kETag[] = "\"9b2cf535f27731c974343645a3985328-2\"";

// Every bucket on one S3 endpoint of the fake transport, with one key.
class FakeS3Access final : public S3Access {
 public:
  FakeS3Access(http::HttpTransport* transport, base::Clock* clock)
      : transport_(transport), clock_(clock) {}

  absl::Status AsOwner(const std::string&, const CallContext&, const S3Call& call) override {
    return call(*Client());
  }
  absl::StatusOr<std::unique_ptr<S3Client>> ClientFor(const std::string&, bool,
                                                      const CallContext&) override {
    return Client();
  }

 private:
  std::unique_ptr<S3Client> Client() {
    return std::make_unique<S3Client>(S3Endpoint{"http://127.0.0.1:8080"}, "AKIDEXAMPLE",
                                      base::Secret("secret"), transport_, clock_);
  }

  http::HttpTransport* const transport_;
  base::Clock* const clock_;
};

// The value of header `name` in `request`, if it has one.
std::optional<std::string> HeaderOf(const http::HttpRequest& request, absl::string_view name) {
  for (const auto& [k, v] : request.headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return std::nullopt;
}

class ObjectPlaneTest : public testing::Test {
 protected:
  // Get of `request`; what the writer received goes to `received_`.
  absl::Status Get(const GetObjectRequest& request) {
    return plane_.Get(
        request, [](const ObjectInfo&) { return absl::OkStatus(); },
        [this](absl::string_view chunk) {
          absl::StrAppend(&received_, chunk);
          return absl::OkStatus();
        },
        ctx_);
  }
  // The last request: the GET that followed HEAD.
  http::HttpRequest SentGet() const {
    std::vector<http::HttpRequest> sent = transport_.requests();
    EXPECT_GE(sent.size(), 2u);
    if (sent.size() < 2) return {};
    EXPECT_EQ(sent[sent.size() - 2].method, "HEAD");
    EXPECT_EQ(sent.back().method, "GET");
    return sent.back();
  }

  testutil::FakeHttpTransport transport_;
  testutil::FakeClock clock_;
  FakeS3Access access_{&transport_, &clock_};
  ObjectPlane plane_{&access_, absl::Hours(1)};
  CallContext ctx_;
  std::string received_;
};

TEST_F(ObjectPlaneTest, GetReadsOnlyTheObjectHeadSaw) {
  transport_.Enqueue(200, "", {{"Content-Length", "5"}, {"ETag", kETag}});
  transport_.Enqueue(200, "hello", {{"Content-Length", "5"}, {"ETag", kETag}});
  ASSERT_THAT(Get({"b", "k", "", std::nullopt}), IsOk());
  EXPECT_EQ(received_, "hello");
  EXPECT_THAT(HeaderOf(SentGet(), "If-Match"), Optional(std::string(kETag)));
}

TEST_F(ObjectPlaneTest, RangedAndVersionedGetsCarryIfMatchToo) {
  // A suspended bucket's "null" version is not pinned, so only the ETag holds the object still.
  transport_.Enqueue(200, "",
                     {{"Content-Length", "5"}, {"ETag", kETag}, {"x-amz-version-id", "null"}});
  transport_.Enqueue(206, "ell", {{"Content-Range", "bytes 1-3/5"}});
  ASSERT_THAT(Get({"b", "k", "", ByteRange{1, 3}}), IsOk());
  http::HttpRequest get = SentGet();
  EXPECT_EQ(get.url, "http://127.0.0.1:8080/b/k");
  EXPECT_THAT(HeaderOf(get, "Range"), Optional(std::string("bytes=1-3")));
  EXPECT_THAT(HeaderOf(get, "If-Match"), Optional(std::string(kETag)));

  transport_.Enqueue(200, "",
                     {{"Content-Length", "5"}, {"ETag", "\"e\""}, {"x-amz-version-id", "v7"}});
  transport_.Enqueue(200, "hello", {{"Content-Length", "5"}});
  ASSERT_THAT(Get({"b", "k", "", std::nullopt}), IsOk());
  get = SentGet();
  EXPECT_EQ(get.url, "http://127.0.0.1:8080/b/k?versionId=v7");
  EXPECT_THAT(HeaderOf(get, "If-Match"), Optional(std::string("\"e\"")));
}

TEST_F(ObjectPlaneTest, AnObjectReplacedAfterHeadIsAbortedWithNothingWritten) {
  transport_.Enqueue(200, "", {{"Content-Length", "5"}, {"ETag", kETag}});
  transport_.Enqueue(412,
                     "<Error><Code>PreconditionFailed</Code><Message>At least one of the "
                     "pre-conditions you specified did not hold</Message></Error>");
  EXPECT_THAT(
      Get({"b", "dir/k", "", std::nullopt}),
      StatusIs(absl::StatusCode::kAborted, AllOf(HasSubstr("bucket \"b\", key \"dir/k\""),
                                                 HasSubstr("changed while it was being read"),
                                                 HasSubstr(kETag), HasSubstr("can be retried"))));
  EXPECT_THAT(received_, IsEmpty());
}

TEST_F(ObjectPlaneTest, IfMatchOnlyWhenHeadGaveAnETag) {
  transport_.Enqueue(200, "", {{"Content-Length", "5"}, {"ETag", kETag}});
  transport_.Enqueue(200, "hello", {{"Content-Length", "5"}});
  ASSERT_THAT(Get({"b", "k", "", std::nullopt}), IsOk());
  EXPECT_THAT(HeaderOf(SentGet(), "If-Match"), Optional(std::string(kETag)));

  transport_.Enqueue(200, "", {{"Content-Length", "5"}});
  transport_.Enqueue(200, "hello", {{"Content-Length", "5"}});
  ASSERT_THAT(Get({"b", "k", "", std::nullopt}), IsOk());
  EXPECT_EQ(HeaderOf(SentGet(), "If-Match"), std::nullopt);
}

}  // namespace
}  // namespace osp::providers::s3
