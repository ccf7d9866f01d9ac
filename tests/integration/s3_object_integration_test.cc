// S3Client object calls against radosgw (fixture s3_server), with awscli and curl as witnesses.
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/s3_client.h"
#include "tests/integration/s3_integration_test.h"
#include "tests/integration/s3_test_server.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::CommandResult;
using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::OneChunk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  void Update(absl::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
  std::string Hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, digest, &len);
    return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(digest), len));
  }

 private:
  EVP_MD_CTX* ctx_;
};

// `total` pseudo-random bytes in 1 MiB chunks, hashed as they are handed out.
ChunkReader RandomData(int64_t total, Sha256* hash) {
  auto state = std::make_shared<std::pair<int64_t, uint64_t>>(0, 0x9E3779B97F4A7C15ull);
  return [=](std::string* out) -> absl::StatusOr<bool> {
    if (state->first == total) return false;
    const int64_t n = std::min<int64_t>(1 << 20, total - state->first);
    out->resize(n);
    for (int64_t i = 0; i < n; i += 8) {
      uint64_t& x = state->second;  // xorshift64
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      memcpy(&(*out)[i], &x, std::min<int64_t>(8, n - i));
    }
    state->first += n;
    hash->Update(*out);
    return true;
  };
}

// Each test gets a fresh bucket, emptied and deleted afterwards.
class S3ObjectIntegrationTest : public S3IntegrationTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(S3IntegrationTest::SetUp());
    bucket_ = server_->BucketName("obj");
    ASSERT_THAT(client_->CreateBucket(bucket_, {}, ctx_), IsOk());
  }
  void TearDown() override {
    if (server_ != nullptr) testutil::EmptyAndDelete(*client_, bucket_);
  }

  absl::StatusOr<std::string> Get(const std::string& key, std::optional<ByteRange> range = {},
                                  const std::string& version = "") {
    std::string data;
    absl::StatusOr<ObjectInfo> info = client_->GetObject(
        {bucket_, key, version, range},
        [&](absl::string_view piece) {
          data.append(piece.data(), piece.size());
          return absl::OkStatus();
        },
        ctx_);
    if (!info.ok()) return info.status();
    return data;
  }

  std::string bucket_;
};

TEST_F(S3ObjectIntegrationTest, PutGetHeadWithMetadata) {
  const std::string data = "hello radosgw";
  size_t offset = 0;
  auto put = client_->PutObject(
      bucket_, "dir/hello.txt", {"text/plain", {{"origin", "it"}}}, data.size(),
      [&](char* out, size_t max) -> absl::StatusOr<size_t> {
        const size_t n = std::min(max, data.size() - offset);
        data.copy(out, n, offset);
        offset += n;
        return n;
      },
      ctx_);
  ASSERT_THAT(put, IsOk());
  EXPECT_FALSE(put->etag.empty());

  auto head = client_->HeadObject(bucket_, "dir/hello.txt", "", ctx_);
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->size, static_cast<int64_t>(data.size()));
  EXPECT_EQ(head->etag, put->etag);
  EXPECT_EQ(head->content_type, "text/plain");
  EXPECT_THAT(head->metadata, ElementsAre(Pair("origin", "it")));
  EXPECT_TRUE(head->last_modified.has_value());

  EXPECT_THAT(Get("dir/hello.txt"), IsOkAndHolds(data));
  EXPECT_THAT(Get("dir/hello.txt", ByteRange{6, 3}), IsOkAndHolds("rad"));
  EXPECT_THAT(Get("dir/hello.txt", ByteRange{6, 0}), IsOkAndHolds("radosgw"));
  EXPECT_THAT(Get("dir/hello.txt", ByteRange{100, 0}),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("S3 InvalidRange")));
  EXPECT_THAT(Get("missing"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NoSuchKey")));
  EXPECT_THAT(client_->HeadObject(bucket_, "missing", "", ctx_),
              StatusIs(absl::StatusCode::kNotFound));
  // awscli sees what we wrote.
  EXPECT_EQ(server_->Aws("s3 cp s3://" + bucket_ + "/dir/hello.txt -").output, data);
  EXPECT_THAT(server_->Aws("s3api head-object --bucket " + bucket_ + " --key dir/hello.txt").output,
              HasSubstr("\"origin\": \"it\""));
}

TEST_F(S3ObjectIntegrationTest, HundredMiBMultipartAndRangedDownload) {
  const int64_t size = 100 << 20;
  Sha256 uploaded;
  auto put = client_->Upload(bucket_, "big.bin", {"application/octet-stream", {}},
                             RandomData(size, &uploaded), ctx_);
  ASSERT_THAT(put, IsOk());
  EXPECT_EQ(put->size, size);
  EXPECT_THAT(put->etag, HasSubstr("-13"));  // 100 MiB in 8 MiB parts.
  const std::string expected = uploaded.Hex();

  // Ranges that do not line up with parts, streamed into one hash.
  Sha256 downloaded;
  const int64_t step = 33 * 1000 * 1000 + 7;
  for (int64_t offset = 0; offset < size; offset += step) {
    auto info = client_->GetObject(
        {bucket_, "big.bin", "", ByteRange{offset, std::min(step, size - offset)}},
        [&](absl::string_view piece) {
          downloaded.Update(piece);
          return absl::OkStatus();
        },
        ctx_);
    ASSERT_THAT(info, IsOk());
    EXPECT_EQ(info->size, size);
  }
  EXPECT_EQ(downloaded.Hex(), expected);
  // Independent witness: awscli downloads the same bytes.
  EXPECT_EQ(server_->Aws("s3 cp s3://" + bucket_ + "/big.bin - | sha256sum | cut -c1-64").output,
            expected + "\n");
  EXPECT_THAT(server_->Aws("s3api list-multipart-uploads --bucket " + bucket_).output,
              Not(HasSubstr("UploadId")));
}

TEST_F(S3ObjectIntegrationTest, DeclaredSizeStreamsOnePut) {
  const int64_t size = 20 << 20;
  Sha256 uploaded;
  auto put = client_->Upload(bucket_, "sized.bin", {}, size, RandomData(size, &uploaded), ctx_);
  ASSERT_THAT(put, IsOk());
  EXPECT_EQ(put->size, size);
  EXPECT_THAT(put->etag, Not(HasSubstr("-")));  // One PUT, not a multipart object.
  Sha256 downloaded;
  ASSERT_THAT(client_->GetObject(
                  {bucket_, "sized.bin", "", std::nullopt},
                  [&](absl::string_view piece) {
                    downloaded.Update(piece);
                    return absl::OkStatus();
                  },
                  ctx_),
              IsOk());
  EXPECT_EQ(downloaded.Hex(), uploaded.Hex());

  // Data that fails its check at the very end leaves nothing behind.
  Sha256 ignored;
  ChunkReader data = RandomData(size, &ignored);
  int64_t given = 0;
  ChunkReader failing_at_end = [&](std::string* out) -> absl::StatusOr<bool> {
    if (given == size) return absl::InvalidArgumentError("sha256_hex: mismatch");
    auto more = data(out);
    given += static_cast<int64_t>(out->size());
    return more;
  };
  EXPECT_THAT(client_->Upload(bucket_, "bad.bin", {}, size, failing_at_end, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sha256_hex")));
  EXPECT_THAT(client_->HeadObject(bucket_, "bad.bin", "", ctx_),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(S3ObjectIntegrationTest, AFailingUploadLeavesNoParts) {
  Sha256 ignored;
  ChunkReader data = RandomData(40 << 20, &ignored);
  int64_t given = 0;
  ChunkReader failing = [&](std::string* out) -> absl::StatusOr<bool> {
    if (given >= (20 << 20)) return absl::CancelledError("client went away");
    auto more = data(out);
    given += static_cast<int64_t>(out->size());
    return more;
  };
  EXPECT_THAT(client_->Upload(bucket_, "partial.bin", {}, failing, ctx_),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_THAT(client_->HeadObject(bucket_, "partial.bin", "", ctx_),
              StatusIs(absl::StatusCode::kNotFound));
  CommandResult uploads = server_->Aws("s3api list-multipart-uploads --bucket " + bucket_);
  EXPECT_EQ(uploads.exit_code, 0);
  EXPECT_THAT(uploads.output, Not(HasSubstr("UploadId")));
}

TEST_F(S3ObjectIntegrationTest, ListObjectsV2PagesPrefixesAndOddKeys) {
  const std::vector<std::string> keys = {"a.txt",      "dir/b c.txt", "dir/sub/d.txt",
                                         "e&f<g>.txt", "x+y z",       "t\x01u"};
  for (const std::string& key : keys) {
    ASSERT_THAT(client_->Upload(bucket_, key, {}, OneChunk("data:" + key), ctx_), IsOk()) << key;
  }
  std::vector<std::string> listed;
  ListObjectsV2Request request;
  request.max_keys = 2;
  int pages = 0;
  for (;;) {
    auto page = client_->ListObjectsV2(bucket_, request, ctx_);
    ASSERT_THAT(page, IsOk());
    for (const ObjectInfo& o : page->objects) listed.push_back(o.key);
    ++pages;
    if (!page->is_truncated) break;
    request.continuation_token = page->next_continuation_token;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(listed, UnorderedElementsAre("a.txt", "dir/b c.txt", "dir/sub/d.txt", "e&f<g>.txt",
                                           "x+y z", "t\x01u"));

  auto top = client_->ListObjectsV2(bucket_, {"", "/", "", "", 0}, ctx_);
  ASSERT_THAT(top, IsOk());
  EXPECT_THAT(top->common_prefixes, ElementsAre("dir/"));
  EXPECT_EQ(top->objects.size(), 4u);
  auto sub = client_->ListObjectsV2(bucket_, {"dir/", "/", "", "", 0}, ctx_);
  ASSERT_THAT(sub, IsOk());
  EXPECT_THAT(sub->common_prefixes, ElementsAre("dir/sub/"));
  ASSERT_EQ(sub->objects.size(), 1u);
  EXPECT_EQ(sub->objects[0].key, "dir/b c.txt");
  EXPECT_EQ(sub->objects[0].size, 16);
  // awscli agrees on what exists.
  EXPECT_THAT(server_->Aws("s3api list-objects-v2 --bucket " + bucket_ + " --prefix dir/").output,
              HasSubstr("dir/sub/d.txt"));
  // Every key, odd ones included, can be read back and deleted.
  EXPECT_THAT(Get("t\x01u"), IsOkAndHolds("data:t\x01u"));
  std::vector<ObjectIdentifier> all;
  for (const std::string& key : keys) all.push_back({key, ""});
  auto deleted = client_->DeleteObjects(bucket_, all, ctx_);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_THAT(deleted->errors, IsEmpty());
  EXPECT_THAT(client_->ListObjectsV2(bucket_, {}, ctx_),
              IsOkAndHolds(Field(&ListObjectsV2Result::objects, IsEmpty())));
}

TEST_F(S3ObjectIntegrationTest, VersionsAndDeletingOneVersion) {
  ASSERT_THAT(client_->PutBucketVersioning(bucket_, Versioning::kEnabled, ctx_), IsOk());
  auto v1 = client_->Upload(bucket_, "doc", {}, OneChunk("first"), ctx_);
  auto v2 = client_->Upload(bucket_, "doc", {}, OneChunk("second"), ctx_);
  ASSERT_THAT(v1, IsOk());
  ASSERT_THAT(v2, IsOk());
  ASSERT_FALSE(v1->version_id.empty());
  ASSERT_NE(v1->version_id, v2->version_id);
  EXPECT_THAT(Get("doc", std::nullopt, v1->version_id), IsOkAndHolds("first"));

  auto page = client_->ListObjectVersions(bucket_, {}, ctx_);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->versions.size(), 2u);
  EXPECT_EQ(page->versions[0].version_id, v2->version_id);
  EXPECT_TRUE(page->versions[0].is_latest);
  EXPECT_EQ(page->versions[1].version_id, v1->version_id);

  // Paging with key / version markers.
  auto first = client_->ListObjectVersions(bucket_, {"", "", "", "", 1}, ctx_);
  ASSERT_THAT(first, IsOk());
  ASSERT_TRUE(first->is_truncated);
  auto second = client_->ListObjectVersions(
      bucket_, {"", "", first->next_key_marker, first->next_version_id_marker, 1}, ctx_);
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->versions.size(), 1u);
  EXPECT_EQ(second->versions[0].version_id, v1->version_id);

  // Deleting the old version leaves the new one untouched.
  auto deleted = client_->DeleteObjects(bucket_, {{"doc", v1->version_id}}, ctx_);
  ASSERT_THAT(deleted, IsOk());
  EXPECT_THAT(deleted->deleted, ElementsAre(Field(&ObjectIdentifier::version_id, v1->version_id)));
  EXPECT_THAT(Get("doc", std::nullopt, v1->version_id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get("doc"), IsOkAndHolds("second"));
  EXPECT_THAT(server_->Aws("s3api list-object-versions --bucket " + bucket_).output,
              Not(HasSubstr(v1->version_id)));

  // A plain delete adds a delete marker; deleting the marker's version brings "doc" back.
  ASSERT_THAT(client_->DeleteObject(bucket_, "doc", "", ctx_), IsOk());
  EXPECT_THAT(Get("doc"), StatusIs(absl::StatusCode::kNotFound));
  auto with_marker = client_->ListObjectVersions(bucket_, {}, ctx_);
  ASSERT_THAT(with_marker, IsOk());
  ASSERT_EQ(with_marker->versions.size(), 2u);
  ASSERT_TRUE(with_marker->versions[0].delete_marker);
  ASSERT_THAT(client_->DeleteObject(bucket_, "doc", with_marker->versions[0].version_id, ctx_),
              IsOk());
  EXPECT_THAT(Get("doc"), IsOkAndHolds("second"));
}

// radosgw honours If-Match with the quoted ETag: ObjectPlane's read of what HEAD saw.
TEST_F(S3ObjectIntegrationTest, AGetPinnedToAReplacedETagIsAborted) {
  ASSERT_THAT(client_->Upload(bucket_, "doc", {}, OneChunk("first"), ctx_), IsOk());
  auto first = client_->HeadObject(bucket_, "doc", "", ctx_);
  ASSERT_THAT(client_->Upload(bucket_, "doc", {}, OneChunk("second"), ctx_), IsOk());
  auto second = client_->HeadObject(bucket_, "doc", "", ctx_);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  ASSERT_NE(first->etag, second->etag);
  std::string data;
  auto sink = [&](absl::string_view piece) {
    data.append(piece.data(), piece.size());
    return absl::OkStatus();
  };
  EXPECT_THAT(client_->GetObject({bucket_, "doc", "", std::nullopt}, first->etag, sink, ctx_),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("key \"doc\"")));
  EXPECT_THAT(client_->GetObject({bucket_, "doc", "", ByteRange{1, 3}}, first->etag, sink, ctx_),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(data, "");
  EXPECT_THAT(client_->GetObject({bucket_, "doc", "", ByteRange{1, 3}}, second->etag, sink, ctx_),
              IsOk());
  EXPECT_EQ(data, "eco");
}

TEST_F(S3ObjectIntegrationTest, DeleteObjectsInBatches) {
  std::unique_ptr<S3Client> batched = server_->Client(S3ClientOptions{8 << 20, 10});
  std::vector<ObjectIdentifier> ids;
  for (int i = 0; i < 25; ++i) {
    const std::string key = absl::StrCat("k", i);
    ASSERT_THAT(client_->Upload(bucket_, key, {}, OneChunk("x"), ctx_), IsOk());
    ids.push_back({key, ""});
  }
  ids.push_back({"never-existed", ""});
  auto result = batched->DeleteObjects(bucket_, ids, ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->deleted.size(), 26u);
  EXPECT_THAT(result->errors, IsEmpty());
  EXPECT_THAT(client_->ListObjectsV2(bucket_, {}, ctx_),
              IsOkAndHolds(Field(&ListObjectsV2Result::objects, IsEmpty())));
}

TEST_F(S3ObjectIntegrationTest, PresignedUrlsWorkWithCurl) {
  auto put_url =
      client_->Presign({bucket_, "shared.txt", "", PresignMethod::kPut, absl::Minutes(5)});
  ASSERT_THAT(put_url, IsOk());
  const std::string put = testutil::ShellQuote(put_url->url.Reveal());
  // radosgw wants a Content-Length: upload a file, not a chunked stdin stream.
  EXPECT_EQ(server_
                ->Shell("f=$(mktemp) && printf 'via presigned PUT' > $f && curl -s -f -T $f " +
                        put + "; rc=$?; rm -f $f; exit $rc")
                .exit_code,
            0);
  EXPECT_THAT(Get("shared.txt"), IsOkAndHolds("via presigned PUT"));

  auto get_url =
      client_->Presign({bucket_, "shared.txt", "", PresignMethod::kGet, absl::Minutes(5)});
  ASSERT_THAT(get_url, IsOk());
  EXPECT_EQ(server_->Shell("curl -s -f " + testutil::ShellQuote(get_url->url.Reveal())).output,
            "via presigned PUT");
  // A tampered URL is refused.
  std::string tampered = get_url->url.Reveal();
  tampered.replace(tampered.find("shared.txt"), 10, "other.txt!");
  EXPECT_EQ(
      server_->Shell("curl -s -o /dev/null -w '%{http_code}' " + testutil::ShellQuote(tampered))
          .output,
      "403");
}

TEST_F(S3ObjectIntegrationTest, AwsWritesWeRead) {
  ASSERT_EQ(server_
                ->Shell("printf 'from awscli' | /usr/bin/aws --endpoint-url " +
                        server_->endpoint() + " s3 cp - s3://" + bucket_ + "/aws.txt")
                .exit_code,
            0);
  EXPECT_THAT(Get("aws.txt"), IsOkAndHolds("from awscli"));
}

}  // namespace
}  // namespace osp::providers::s3
