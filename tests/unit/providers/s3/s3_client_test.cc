#include "providers/s3/s3_client.h"

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/sigv4_signer.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::FakeClock;
using ::osp::testutil::FakeHttpTransport;
using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using ::testing::Pair;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

std::string Header(const http::HttpRequest& r, absl::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

std::string ErrorXml(absl::string_view code) {
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>", code,
                      "</Code><Message></Message><RequestId>tx1</RequestId></Error>");
}

std::string Md5Base64(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return absl::Base64Escape(absl::string_view(reinterpret_cast<const char*>(digest), len));
}

class S3ClientTest : public ::testing::Test {
 protected:
  S3Client MakeClient(S3Endpoint endpoint = {"http://127.0.0.1:8080", "us-east-1", true},
                      S3ClientOptions options = {}) {
    return S3Client(std::move(endpoint), "AKIAIOSFODNN7EXAMPLE", base::Secret(kSecret), &transport_,
                    &clock_, options);
  }
  http::HttpRequest Last() { return transport_.requests().back(); }

  FakeHttpTransport transport_;
  FakeClock clock_{absl::FromUnixSeconds(1369353600)};  // 2013-05-24T00:00:00Z
  CallContext ctx_;
  S3Client client_ = MakeClient();
};

TEST_F(S3ClientTest, SignsWhatItSends) {
  transport_.Enqueue(200, "<VersioningConfiguration/>");
  ASSERT_THAT(client_.GetBucketVersioning("photos", ctx_), IsOkAndHolds(Versioning::kOff));
  http::HttpRequest sent = Last();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://127.0.0.1:8080/photos?versioning");
  EXPECT_EQ(sent.operation, "s3.GetBucketVersioning");
  EXPECT_TRUE(sent.idempotent);
  EXPECT_EQ(Header(sent, "x-amz-content-sha256"), SigV4Signer::kEmptySha256);
  EXPECT_EQ(Header(sent, "X-Amz-Date"), "20130524T000000Z");
  const std::string authorization = Header(sent, "Authorization");
  EXPECT_THAT(authorization,
              HasSubstr("Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"));

  // An independent signature over exactly the headers sent reproduces it.
  http::Headers unsigned_headers;
  for (const auto& h : sent.headers) {
    if (h.first != "Authorization") unsigned_headers.push_back(h);
  }
  SigV4Signer signer(SigV4Credentials{"AKIAIOSFODNN7EXAMPLE", base::Secret(kSecret), {}},
                     "us-east-1", "s3");
  auto expected = signer.Sign(
      SigV4Request{"GET", sent.url, unsigned_headers, std::string(SigV4Signer::kEmptySha256)},
      clock_.Now());
  ASSERT_THAT(expected, IsOk());
  EXPECT_THAT(expected->headers, Contains(Pair("Authorization", authorization)));
}

TEST_F(S3ClientTest, AddressingStyles) {
  S3Client virtual_host = MakeClient({"https://s3.example.net/", "eu-west-1", false});
  transport_.SetHandler([](const http::HttpRequest&) {
    return http::HttpResponse{200, {}, "<ListAllMyBucketsResult/>"};
  });
  ASSERT_THAT(virtual_host.HeadBucket("b", ctx_), IsOk());
  EXPECT_EQ(Last().url, "https://b.s3.example.net/");
  ASSERT_THAT(virtual_host.DeleteObject("b", "dir/a b+c", "", ctx_), IsOk());
  EXPECT_EQ(Last().url, "https://b.s3.example.net/dir/a%20b%2Bc");
  ASSERT_THAT(virtual_host.ListBuckets(ctx_), IsOk());
  EXPECT_EQ(Last().url, "https://s3.example.net/");
  EXPECT_THAT(Header(Last(), "Authorization"), HasSubstr("/eu-west-1/s3/aws4_request"));

  S3Client prefixed = MakeClient({"http://gw.example.net:9020/s3", "us-east-1", true});
  ASSERT_THAT(prefixed.DeleteObject("b", "k", "v1", ctx_), IsOk());
  EXPECT_EQ(Last().url, "http://gw.example.net:9020/s3/b/k?versionId=v1");
}

TEST_F(S3ClientTest, CreateBucket) {
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.CreateBucket("b1", {true}, ctx_), IsOk());
  http::HttpRequest sent = Last();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "http://127.0.0.1:8080/b1");
  EXPECT_EQ(Header(sent, "x-amz-bucket-object-lock-enabled"), "true");
  EXPECT_EQ(sent.body, "");

  transport_.Enqueue(409, ErrorXml("BucketAlreadyOwnedByYou"));
  EXPECT_THAT(client_.CreateBucket("b1", {}, ctx_), IsOk());
  transport_.Enqueue(409, ErrorXml("BucketAlreadyOwnedByYou"));
  s3::CreateBucketOptions refuse;
  refuse.refuse_existing = true;
  EXPECT_THAT(client_.CreateBucket("b1", refuse, ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("BucketAlreadyOwnedByYou")));
  // The same answer to a resend may be about the lost answer of this call's own first send.
  http::HttpResponse to_resend{409, {}, ErrorXml("BucketAlreadyOwnedByYou")};
  to_resend.attempts = 2;
  transport_.Enqueue(to_resend);
  EXPECT_THAT(client_.CreateBucket("b1", refuse, ctx_), IsOk());
  transport_.Enqueue(409, ErrorXml("BucketAlreadyExists"));
  EXPECT_THAT(client_.CreateBucket("b1", {}, ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("S3 BucketAlreadyExists (HTTP 409) in CreateBucket, bucket "
                                 "\"b1\"")));
  transport_.Enqueue(400, ErrorXml("InvalidBucketName"));
  EXPECT_THAT(client_.CreateBucket("B", {}, ctx_), StatusIs(absl::StatusCode::kInvalidArgument));

  S3Client eu = MakeClient({"http://127.0.0.1:8080", "eu-west-1", true});
  transport_.Enqueue(200, "");
  ASSERT_THAT(eu.CreateBucket("b2", {}, ctx_), IsOk());
  EXPECT_THAT(Last().body, HasSubstr("<LocationConstraint>eu-west-1</LocationConstraint>"));
  EXPECT_EQ(Header(Last(), "x-amz-bucket-object-lock-enabled"), "");
}

TEST_F(S3ClientTest, HeadAndDeleteBucketErrors) {
  transport_.Enqueue(404, "");
  EXPECT_THAT(client_.HeadBucket("gone", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("bucket \"gone\"")));
  EXPECT_EQ(Last().method, "HEAD");
  transport_.Enqueue(409, ErrorXml("BucketNotEmpty"));
  EXPECT_THAT(client_.DeleteBucket("full", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("S3 BucketNotEmpty")));
  EXPECT_EQ(Last().method, "DELETE");
  transport_.Enqueue(absl::UnavailableError("connection refused"));
  EXPECT_THAT(client_.DeleteBucket("b", ctx_), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(S3ClientTest, ListBuckets) {
  transport_.Enqueue(200,
                     "<ListAllMyBucketsResult><Buckets><Bucket><Name>a</Name><CreationDate>"
                     "2026-01-02T03:04:05.000Z</CreationDate></Bucket><Bucket><Name>b</Name>"
                     "</Bucket></Buckets></ListAllMyBucketsResult>");
  auto buckets = client_.ListBuckets(ctx_);
  ASSERT_THAT(buckets, IsOk());
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "a");
  EXPECT_TRUE((*buckets)[0].created_at.has_value());
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/");
}

TEST_F(S3ClientTest, PutVersioningSendsBodyWithItsHashes) {
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.PutBucketVersioning("b", Versioning::kEnabled, ctx_), IsOk());
  http::HttpRequest sent = Last();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_THAT(sent.body, HasSubstr("<Status>Enabled</Status>"));
  EXPECT_EQ(Header(sent, "x-amz-content-sha256"), SigV4Signer::Sha256Hex(sent.body));
  EXPECT_EQ(Header(sent, "Content-MD5"), Md5Base64(sent.body));
  EXPECT_THAT(client_.PutBucketVersioning("b", Versioning::kOff, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(transport_.requests().size(), 1u);  // Refused before any call.
}

TEST_F(S3ClientTest, Encryption) {
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.PutBucketEncryption("b", Encryption::kSseS3, ctx_), IsOk());
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b?encryption");
  EXPECT_THAT(Last().body, HasSubstr("<SSEAlgorithm>AES256</SSEAlgorithm>"));
  EXPECT_EQ(Header(Last(), "Content-MD5"), Md5Base64(Last().body));

  transport_.Enqueue(200, Last().body);
  EXPECT_THAT(client_.GetBucketEncryption("b", ctx_), IsOkAndHolds(Encryption::kSseS3));
  transport_.Enqueue(404, ErrorXml("ServerSideEncryptionConfigurationNotFoundError"));
  EXPECT_THAT(client_.GetBucketEncryption("b", ctx_), IsOkAndHolds(Encryption::kNone));
  transport_.Enqueue(404, ErrorXml("NoSuchBucket"));
  EXPECT_THAT(client_.GetBucketEncryption("b", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NoSuchBucket")));
  transport_.Enqueue(204, "");
  ASSERT_THAT(client_.DeleteBucketEncryption("b", ctx_), IsOk());
  EXPECT_EQ(Last().method, "DELETE");
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b?encryption");
}

TEST_F(S3ClientTest, Policy) {
  const std::string policy = R"({"Version":"2012-10-17","Statement":[]})";
  transport_.Enqueue(204, "");
  ASSERT_THAT(client_.PutBucketPolicy("b", policy, ctx_), IsOk());
  EXPECT_EQ(Last().body, policy);
  EXPECT_EQ(Header(Last(), "Content-Type"), "application/json");
  transport_.Enqueue(200, policy);
  EXPECT_THAT(client_.GetBucketPolicy("b", ctx_), IsOkAndHolds(Optional(policy)));
  transport_.Enqueue(404, ErrorXml("NoSuchBucketPolicy"));
  EXPECT_THAT(client_.GetBucketPolicy("b", ctx_), IsOkAndHolds(std::nullopt));
  transport_.Enqueue(400, ErrorXml("MalformedPolicy"));
  EXPECT_THAT(client_.PutBucketPolicy("b", "{", ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  transport_.Enqueue(204, "");
  ASSERT_THAT(client_.DeleteBucketPolicy("b", ctx_), IsOk());
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b?policy");
}

TEST_F(S3ClientTest, Cors) {
  CorsRule rule;
  rule.allowed_origins = {"*"};
  rule.allowed_methods = {"GET"};
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.PutBucketCors("b", {rule}, ctx_), IsOk());
  EXPECT_EQ(Header(Last(), "Content-MD5"), Md5Base64(Last().body));
  transport_.Enqueue(200, Last().body);
  EXPECT_THAT(client_.GetBucketCors("b", ctx_), IsOkAndHolds(ElementsAre(rule)));
  transport_.Enqueue(404, ErrorXml("NoSuchCORSConfiguration"));
  EXPECT_THAT(client_.GetBucketCors("b", ctx_), IsOkAndHolds(IsEmpty()));
  transport_.Enqueue(204, "");
  ASSERT_THAT(client_.DeleteBucketCors("b", ctx_), IsOk());
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b?cors");
  // Deleting rules that are not there is done (radosgw says so with an error); a missing bucket
  // is not.
  transport_.Enqueue(404, ErrorXml("NoSuchCORSConfiguration"));
  EXPECT_THAT(client_.DeleteBucketCors("b", ctx_), IsOk());
  transport_.Enqueue(404, ErrorXml("NoSuchBucket"));
  EXPECT_THAT(client_.DeleteBucketCors("b", ctx_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(S3ClientTest, ObjectLock) {
  ObjectLockConfiguration config{true, "COMPLIANCE", 0, 1};
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.PutObjectLockConfiguration("b", config, ctx_), IsOk());
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b?object-lock");
  EXPECT_EQ(Header(Last(), "Content-MD5"), Md5Base64(Last().body));
  transport_.Enqueue(200, Last().body);
  EXPECT_THAT(client_.GetObjectLockConfiguration("b", ctx_), IsOkAndHolds(config));
  transport_.Enqueue(404, ErrorXml("ObjectLockConfigurationNotFoundError"));
  EXPECT_THAT(client_.GetObjectLockConfiguration("b", ctx_),
              IsOkAndHolds(ObjectLockConfiguration{}));
}

TEST_F(S3ClientTest, ListObjectsV2Query) {
  transport_.Enqueue(200,
                     "<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>a%2Fb"
                     "</Key><Size>3</Size></Contents></ListBucketResult>");
  ListObjectsV2Request request{"dir/", "/", "tok en", "", 10};
  auto page = client_.ListObjectsV2("b", request, ctx_);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a/b");
  EXPECT_EQ(Last().url,
            "http://127.0.0.1:8080/b?list-type=2&encoding-type=url&prefix=dir%2F&delimiter=%2F&"
            "continuation-token=tok%20en&max-keys=10");
  EXPECT_THAT(client_.ListObjectsV2("b", {"", "", "", "", 1001}, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(S3ClientTest, ListObjectVersionsQuery) {
  transport_.Enqueue(200,
                     "<ListVersionsResult><DeleteMarker><Key>k</Key><VersionId>v2</VersionId>"
                     "<IsLatest>true</IsLatest></DeleteMarker></ListVersionsResult>");
  auto page = client_.ListObjectVersions("b", {"p", "", "k0", "v0", 5}, ctx_);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->versions.size(), 1u);
  EXPECT_TRUE(page->versions[0].delete_marker);
  EXPECT_EQ(Last().url,
            "http://127.0.0.1:8080/b?versions&encoding-type=url&prefix=p&key-marker=k0&"
            "version-id-marker=v0&max-keys=5");
}

TEST_F(S3ClientTest, PutObjectStreams) {
  transport_.Enqueue(200, "", {{"ETag", "\"abc\""}, {"x-amz-version-id", "v1"}});
  std::string data = "hello world";
  size_t offset = 0;
  http::BodyReader reader = [&](char* out, size_t max) -> absl::StatusOr<size_t> {
    size_t n = std::min<size_t>({max, 4, data.size() - offset});
    data.copy(out, n, offset);
    offset += n;
    return n;
  };
  ObjectWriteOptions options{"text/plain", {{"owner", "me"}}};
  auto result = client_.PutObject("b", "k", options, data.size(), reader, ctx_);
  EXPECT_THAT(result, IsOk());
  EXPECT_EQ(result->etag, "abc");
  EXPECT_EQ(result->version_id, "v1");
  EXPECT_EQ(result->size, 11);
  http::HttpRequest sent = Last();
  EXPECT_EQ(sent.body, data);
  EXPECT_FALSE(sent.idempotent);
  EXPECT_EQ(Header(sent, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_EQ(Header(sent, "Content-Type"), "text/plain");
  EXPECT_EQ(Header(sent, "x-amz-meta-owner"), "me");
}

TEST_F(S3ClientTest, GetObjectStreamsARange) {
  transport_.Enqueue(206, "23456",
                     {{"Content-Range", "bytes 2-6/100"},
                      {"Content-Length", "5"},
                      {"ETag", "\"e\""},
                      {"Last-Modified", "Fri, 24 May 2013 00:00:00 GMT"},
                      {"Content-Type", "text/plain"},
                      {"x-amz-version-id", "v9"},
                      {"X-Amz-Meta-Color", "blue"}});
  std::string received;
  GetObjectRequest request{"b", "k", "v9", ByteRange{2, 5}};
  auto info = client_.GetObject(
      request,
      [&](absl::string_view piece) {
        received.append(piece.data(), piece.size());
        return absl::OkStatus();
      },
      ctx_);
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(received, "23456");
  EXPECT_EQ(info->size, 100);
  EXPECT_EQ(info->etag, "e");
  EXPECT_EQ(info->version_id, "v9");
  EXPECT_EQ(info->content_type, "text/plain");
  EXPECT_EQ(info->last_modified, absl::FromUnixSeconds(1369353600));
  EXPECT_THAT(info->metadata, ElementsAre(Pair("color", "blue")));
  EXPECT_EQ(Header(Last(), "Range"), "bytes=2-6");
  EXPECT_EQ(Last().url, "http://127.0.0.1:8080/b/k?versionId=v9");

  transport_.Enqueue(200, "whole", {{"Content-Length", "5"}});
  request.range = ByteRange{3, 0};
  auto open_ended = client_.GetObject(
      request, [](absl::string_view) { return absl::OkStatus(); }, ctx_);
  ASSERT_THAT(open_ended, IsOk());
  EXPECT_EQ(open_ended->size, 5);
  EXPECT_EQ(Header(Last(), "Range"), "bytes=3-");

  // Offset 0 to the end is the whole object: no Range, so that an empty object reads as empty.
  transport_.Enqueue(200, "", {{"Content-Length", "0"}});
  request.range = ByteRange{0, 0};
  auto whole = client_.GetObject(
      request, [](absl::string_view) { return absl::OkStatus(); }, ctx_);
  ASSERT_THAT(whole, IsOk());
  EXPECT_EQ(whole->size, 0);
  EXPECT_EQ(Header(Last(), "Range"), "");
}

TEST_F(S3ClientTest, GetObjectErrors) {
  auto sink = [](absl::string_view) { return absl::OkStatus(); };
  transport_.Enqueue(416, ErrorXml("InvalidRange"));
  EXPECT_THAT(client_.GetObject({"b", "k", "", ByteRange{1000, 0}}, sink, ctx_),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("key \"k\"")));
  transport_.Enqueue(404, ErrorXml("NoSuchKey"));
  EXPECT_THAT(client_.GetObject({"b", "k", "", std::nullopt}, sink, ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NoSuchKey")));
  transport_.Enqueue(200, "data");
  EXPECT_THAT(client_.GetObject(
                  {"b", "k", "", std::nullopt},
                  [](absl::string_view) { return absl::DataLossError("client went away"); }, ctx_),
              StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(client_.GetObject({"b", "k", "", ByteRange{-1, 0}}, sink, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(S3ClientTest, ConditionalGetObject) {
  std::string received;
  auto sink = [&](absl::string_view piece) {
    received.append(piece.data(), piece.size());
    return absl::OkStatus();
  };
  transport_.Enqueue(200, "data");
  ASSERT_THAT(client_.GetObject({"b", "k", "", ByteRange{1, 2}}, "e-2", sink, ctx_), IsOk());
  EXPECT_EQ(Header(Last(), "If-Match"), "\"e-2\"");
  EXPECT_EQ(Header(Last(), "Range"), "bytes=1-2");
  // Only the conditional GET turns S3's 412 into ABORTED, before any byte is written.
  received.clear();
  transport_.Enqueue(412, ErrorXml("PreconditionFailed"));
  EXPECT_THAT(client_.GetObject({"b", "k", "", std::nullopt}, "e-2", sink, ctx_),
              StatusIs(absl::StatusCode::kAborted,
                       AllOf(HasSubstr("key \"k\""), HasSubstr("S3 PreconditionFailed"),
                             HasSubstr("(request id tx1)"))));
  EXPECT_EQ(received, "");
  transport_.Enqueue(412, ErrorXml("PreconditionFailed"));
  EXPECT_THAT(client_.GetObject({"b", "k", "", std::nullopt}, sink, ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Header(Last(), "If-Match"), "");
}

TEST_F(S3ClientTest, HeadObject) {
  transport_.Enqueue(200, "", {{"Content-Length", "42"}, {"ETag", "\"x-2\""}});
  auto info = client_.HeadObject("b", "dir/k", "", ctx_);
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->key, "dir/k");
  EXPECT_EQ(info->size, 42);
  EXPECT_EQ(info->etag, "x-2");
  EXPECT_EQ(Last().method, "HEAD");
  transport_.Enqueue(404, "");
  EXPECT_THAT(client_.HeadObject("b", "k", "v", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NotFound")));
}

TEST_F(S3ClientTest, DeleteObjectsBatchesWithContentMd5) {
  S3Client client = MakeClient({"http://127.0.0.1:8080", "us-east-1", true}, {8 << 20, 2});
  transport_.SetHandler([](const http::HttpRequest& r) {
    std::string body = "<DeleteResult>";
    if (r.method == "POST") {
      // Echo every key as deleted.
      size_t pos = 0;
      while ((pos = r.body.find("<Key>", pos)) != std::string::npos) {
        size_t end = r.body.find("</Key>", pos);
        absl::StrAppend(&body, "<Deleted>", r.body.substr(pos, end + 6 - pos), "</Deleted>");
        pos = end;
      }
    }
    return http::HttpResponse{200, {}, body + "</DeleteResult>"};
  });
  std::vector<ObjectIdentifier> objects = {
      {"a", ""}, {"b", "v1"}, {"c&d", ""}, {"bad\x01key", "v2"}, {"e", ""}};
  auto result = client.DeleteObjects("bk", objects, ctx_);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->deleted.size(), 5u);
  EXPECT_THAT(result->errors, IsEmpty());
  std::vector<http::HttpRequest> sent = transport_.requests();
  ASSERT_EQ(sent.size(), 3u);  // {a, b}, the odd key alone, {c&d, e}
  EXPECT_EQ(sent[0].url, "http://127.0.0.1:8080/bk?delete");
  EXPECT_FALSE(sent[0].idempotent);
  EXPECT_THAT(sent[0].body, HasSubstr("<Object><Key>b</Key><VersionId>v1</VersionId></Object>"));
  for (int i : {0, 2}) {
    EXPECT_EQ(sent[i].method, "POST");
    EXPECT_EQ(Header(sent[i], "Content-MD5"), Md5Base64(sent[i].body));
  }
  // The key XML cannot carry goes alone, in the URL.
  EXPECT_EQ(sent[1].method, "DELETE");
  EXPECT_EQ(sent[1].url, "http://127.0.0.1:8080/bk/bad%01key?versionId=v2");
  EXPECT_THAT(sent[2].body, HasSubstr("<Key>c&amp;d</Key>"));

  transport_.Enqueue(200,
                     "<DeleteResult><Error><Key>a</Key><Code>AccessDenied</Code>"
                     "<Message>no</Message></Error></DeleteResult>");
  auto refused = client_.DeleteObjects("bk", {{"a", ""}}, ctx_);
  ASSERT_THAT(refused, IsOk());
  ASSERT_EQ(refused->errors.size(), 1u);
  EXPECT_EQ(refused->errors[0].code, "AccessDenied");

  const size_t before = transport_.requests().size();
  EXPECT_THAT(client_.DeleteObjects("bk", {}, ctx_), IsOk());
  EXPECT_EQ(transport_.requests().size(), before);
}

TEST_F(S3ClientTest, PresignNeedsNoNetwork) {
  auto get = client_.Presign({"b", "dir/k", "v1", PresignMethod::kGet, absl::Minutes(10)});
  ASSERT_THAT(get, IsOk());
  EXPECT_TRUE(transport_.requests().empty());
  EXPECT_EQ(get->expires_at, clock_.Now() + absl::Minutes(10));
  const std::string& url = get->url.Reveal();
  EXPECT_THAT(url, HasSubstr("http://127.0.0.1:8080/b/dir/k?versionId=v1&X-Amz-Algorithm="));
  EXPECT_THAT(url, AllOf(HasSubstr("X-Amz-Expires=600"), HasSubstr("X-Amz-SignedHeaders=host"),
                         HasSubstr("X-Amz-Signature="), Not(HasSubstr(kSecret))));

  auto put = client_.Presign({"b", "k", "", PresignMethod::kPut, absl::Hours(1)});
  ASSERT_THAT(put, IsOk());
  SigV4Signer signer(SigV4Credentials{"AKIAIOSFODNN7EXAMPLE", base::Secret(kSecret), {}},
                     "us-east-1", "s3");
  auto expected = signer.Presign(
      SigV4Request{
          "PUT", "http://127.0.0.1:8080/b/k", {}, std::string(SigV4Signer::kUnsignedPayload)},
      clock_.Now(), absl::Hours(1));
  ASSERT_THAT(expected, IsOk());
  EXPECT_EQ(put->url.Reveal(), expected->url);

  EXPECT_THAT(client_.Presign({"b", "k", "", PresignMethod::kGet, absl::Hours(24 * 8)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(S3ClientTest, ErrorsNeverCarrySigningMaterial) {
  transport_.Enqueue(403,
                     "<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message><StringToSign>"
                     "AWS4-HMAC-SHA256 x</StringToSign><SignatureProvided>abc</SignatureProvided>"
                     "</Error>");
  absl::Status status = client_.HeadBucket("b", ctx_);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated,
                               AllOf(HasSubstr("S3 SignatureDoesNotMatch"), Not(HasSubstr("AWS4")),
                                     Not(HasSubstr(kSecret)), Not(HasSubstr("Signature=")))));
}

}  // namespace
}  // namespace osp::providers::s3
