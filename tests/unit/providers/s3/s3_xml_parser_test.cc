#include "providers/s3/s3_xml_parser.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/s3_error.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Bodies recorded from Ceph radosgw 16.2.15 (tests/testdata/SOURCES.md).
std::string Recorded(const std::string& name) {
  std::ifstream in(OSP_TESTDATA_DIR "/s3/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Time At(const char* rfc3339) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &err)) << err;
  return t;
}

TEST(S3XmlParserTest, ListBuckets) {
  auto buckets = ParseListBuckets(Recorded("list_buckets.xml"));
  ASSERT_THAT(buckets, IsOk());
  ASSERT_EQ(buckets->size(), 2u);
  EXPECT_EQ((*buckets)[0].name, "rec-bucket");
  EXPECT_EQ((*buckets)[0].created_at, At("2026-11-25T21:52:02.309Z"));
  EXPECT_EQ((*buckets)[1].name, "rec-lock");
  EXPECT_THAT(ParseListBuckets("<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>"),
              IsOkAndHolds(IsEmpty()));
}

TEST(S3XmlParserTest, Versioning) {
  EXPECT_THAT(ParseVersioning(Recorded("versioning_off.xml")), IsOkAndHolds(Versioning::kOff));
  EXPECT_THAT(ParseVersioning(Recorded("versioning_enabled.xml")),
              IsOkAndHolds(Versioning::kEnabled));
  EXPECT_THAT(ParseVersioning(
                  "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>"),
              IsOkAndHolds(Versioning::kSuspended));
  EXPECT_THAT(
      ParseVersioning("<VersioningConfiguration><Status>Maybe</Status></VersioningConfiguration>"),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("S3 GetBucketVersioning")));
}

TEST(S3XmlParserTest, Encryption) {
  // AWS shape (radosgw 16 has no ?encryption).
  constexpr char kAes[] =
      "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
      "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
      "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>"
      "</ServerSideEncryptionConfiguration>";
  EXPECT_THAT(ParseEncryption(kAes), IsOkAndHolds(Encryption::kSseS3));
  EXPECT_THAT(ParseEncryption("<ServerSideEncryptionConfiguration/>"),
              IsOkAndHolds(Encryption::kNone));
  EXPECT_THAT(ParseEncryption("<ServerSideEncryptionConfiguration><Rule>"
                              "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms"
                              "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>"
                              "</ServerSideEncryptionConfiguration>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("aws:kms")));
  // What radosgw 16 answers to GET ?encryption: a listing, not a configuration.
  EXPECT_THAT(ParseEncryption("<ListBucketResult><Name>b</Name></ListBucketResult>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("got <ListBucketResult>")));
}

TEST(S3XmlParserTest, Cors) {
  CorsRule first;
  first.allowed_origins = {"https://a.example"};
  first.allowed_methods = {"GET", "PUT"};
  first.allowed_headers = {"*"};
  first.expose_headers = {"ETag"};
  first.max_age_seconds = 300;
  CorsRule second;
  second.allowed_origins = {"*"};
  second.allowed_methods = {"HEAD"};
  EXPECT_THAT(ParseCors(Recorded("cors.xml")), IsOkAndHolds(ElementsAre(first, second)));
}

TEST(S3XmlParserTest, ObjectLock) {
  EXPECT_THAT(ParseObjectLock(Recorded("object_lock_enabled.xml")),
              IsOkAndHolds(ObjectLockConfiguration{true, "", 0, 0}));
  EXPECT_THAT(ParseObjectLock(Recorded("object_lock_retention.xml")),
              IsOkAndHolds(ObjectLockConfiguration{true, "GOVERNANCE", 3, 0}));
  EXPECT_THAT(ParseObjectLock("<ObjectLockConfiguration><Rule><DefaultRetention><Days>x</Days>"
                              "</DefaultRetention></Rule></ObjectLockConfiguration>"),
              StatusIs(absl::StatusCode::kInternal));
}

TEST(S3XmlParserTest, ListObjectsV2Truncated) {
  auto page = ParseListObjectsV2(Recorded("list_objects_v2_truncated.xml"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->objects.size(), 2u);
  const ObjectInfo& a = page->objects[0];
  EXPECT_EQ(a.key, "a.txt");
  EXPECT_EQ(a.size, 2);
  EXPECT_EQ(a.etag, "1b267619c4812cc46ee281747884ca50");
  EXPECT_EQ(a.last_modified, At("2026-11-25T21:52:08.929Z"));
  EXPECT_EQ(a.storage_class, "STANDARD");
  EXPECT_TRUE(a.is_latest);
  EXPECT_EQ(page->objects[1].key, "dir/b c.txt");  // Sent url-encoded.
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "dir/b c.txt");
}

TEST(S3XmlParserTest, ListObjectsV2WithDelimiterAndEncodedKeys) {
  auto page = ParseListObjectsV2(Recorded("list_objects_v2_delimiter.xml"));
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->common_prefixes, ElementsAre("dir/"));
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[1].key, "e&f<g>.txt");
  EXPECT_FALSE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "");

  // A control character and a '+' survive only because the listing was url-encoded.
  auto encoded = ParseListObjectsV2(Recorded("list_objects_v2_encoded.xml"));
  ASSERT_THAT(encoded, IsOk());
  ASSERT_EQ(encoded->objects.size(), 2u);
  EXPECT_EQ(encoded->objects[0].key, "t\x01u");
  EXPECT_EQ(encoded->objects[1].key, "x+y z");
}

TEST(S3XmlParserTest, ListObjectsV2Malformed) {
  EXPECT_THAT(ParseListObjectsV2("<ListBucketResult><Contents><Size>1</Size></Contents>"
                                 "</ListBucketResult>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("without <Key>")));
  EXPECT_THAT(ParseListObjectsV2("<ListBucketResult><Contents><Key>k</Key><Size>big</Size>"
                                 "</Contents></ListBucketResult>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("<Size>")));
  EXPECT_THAT(ParseListObjectsV2("<ListBucketResult><IsTruncated>true</IsTruncated>"
                                 "</ListBucketResult>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("NextContinuationToken")));
  EXPECT_THAT(ParseListObjectsV2("<ListVersionsResult/>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("S3 ListObjectsV2")));
}

TEST(S3XmlParserTest, ListVersionsKeepsDocumentOrderAndDeleteMarkers) {
  auto page = ParseListVersions(Recorded("list_versions.xml"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->versions.size(), 6u);
  EXPECT_EQ(page->versions[0].key, "a.txt");
  EXPECT_EQ(page->versions[0].version_id, "sudWhzh6GmqQ27nLHz6zSkg0r461K5C");
  EXPECT_TRUE(page->versions[0].is_latest);
  EXPECT_EQ(page->versions[1].version_id, "n333JZAC5sQB0w6m8ZN1DjYHd.LYFVY");
  EXPECT_FALSE(page->versions[1].is_latest);
  EXPECT_EQ(page->versions[1].size, 11);
  EXPECT_EQ(page->versions[2].key, "dir/b c.txt");
  const ObjectInfo& marker = page->versions[3];
  EXPECT_EQ(marker.key, "dir/sub/d.txt");
  EXPECT_TRUE(marker.delete_marker);
  EXPECT_TRUE(marker.is_latest);
  EXPECT_EQ(marker.version_id, "CDKIUhGIzaUnGIbW53RURL2MrPUWY5J");
  EXPECT_FALSE(page->versions[4].delete_marker);
  EXPECT_FALSE(page->is_truncated);
}

TEST(S3XmlParserTest, ListVersionsTruncated) {
  auto page = ParseListVersions(Recorded("list_versions_truncated.xml"));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->versions.size(), 2u);
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_key_marker, "a.txt");
  EXPECT_EQ(page->next_version_id_marker, "n333JZAC5sQB0w6m8ZN1DjYHd.LYFVY");
}

TEST(S3XmlParserTest, Multipart) {
  EXPECT_THAT(ParseInitiateMultipartUpload(Recorded("initiate_multipart.xml")),
              IsOkAndHolds("2~4QHVG1qi2jDQaoNX9j2y2EfeNTpcpc6"));
  EXPECT_THAT(ParseInitiateMultipartUpload("<InitiateMultipartUploadResult/>"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("UploadId")));
  // radosgw answers an empty ETag.
  EXPECT_THAT(ParseCompleteMultipartUpload(Recorded("complete_multipart.xml"), "b", "k"),
              IsOkAndHolds(""));
  EXPECT_THAT(
      ParseCompleteMultipartUpload("<CompleteMultipartUploadResult><ETag>&quot;abc-2&quot;</ETag>"
                                   "</CompleteMultipartUploadResult>",
                                   "b", "k"),
      IsOkAndHolds("abc-2"));
  // S3 may report a failure in a 200 answer.
  EXPECT_THAT(
      ParseCompleteMultipartUpload(
          "<Error><Code>InternalError</Code><Message>try again</Message></Error>", "b", "big.bin"),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr("S3 InternalError (HTTP 200) in CompleteMultipartUpload, bucket "
                         "\"b\", key \"big.bin\"")));
}

TEST(S3XmlParserTest, DeleteResult) {
  auto result = ParseDeleteResult(Recorded("delete_result.xml"));
  ASSERT_THAT(result, IsOk());
  ASSERT_EQ(result->deleted.size(), 3u);
  EXPECT_EQ(result->deleted[0].key, "nope");
  EXPECT_EQ(result->deleted[2].key, "dir/b c.txt");
  EXPECT_EQ(result->deleted[2].version_id, "qJnJUWKh2MF43ZS9pt9zn.Pb37D5nyC");
  EXPECT_THAT(result->errors, IsEmpty());

  auto errors = ParseDeleteResult(
      "<DeleteResult><Error><Key>k</Key><VersionId>v</VersionId><Code>AccessDenied</Code>"
      "<Message>no</Message></Error></DeleteResult>");
  ASSERT_THAT(errors, IsOk());
  ASSERT_EQ(errors->errors.size(), 1u);
  EXPECT_EQ(errors->errors[0].object.key, "k");
  EXPECT_EQ(errors->errors[0].object.version_id, "v");
  EXPECT_EQ(errors->errors[0].code, "AccessDenied");
}

TEST(S3XmlParserTest, RecordedErrors) {
  const std::pair<const char*, absl::StatusCode> cases[] = {
      {"error_access_denied.xml", absl::StatusCode::kPermissionDenied},
      {"error_bucket_already_exists.xml", absl::StatusCode::kAlreadyExists},
      {"error_bucket_not_empty.xml", absl::StatusCode::kFailedPrecondition},
      {"error_invalid_access_key.xml", absl::StatusCode::kUnauthenticated},
      {"error_invalid_bucket_name.xml", absl::StatusCode::kInvalidArgument},
      {"error_invalid_range.xml", absl::StatusCode::kOutOfRange},
      {"error_no_such_key.xml", absl::StatusCode::kNotFound},
      {"error_quota_exceeded.xml", absl::StatusCode::kResourceExhausted},
      {"error_signature_does_not_match.xml", absl::StatusCode::kUnauthenticated},
  };
  for (const auto& [file, code] : cases) {
    S3Error error = ParseS3Error(400, Recorded(file));
    EXPECT_THAT(S3ErrorToStatus(error, "Op", "", ""), StatusIs(code)) << file;
    EXPECT_FALSE(error.request_id.empty()) << file;
  }
  EXPECT_EQ(ParseS3Error(409, Recorded("error_bucket_not_empty.xml")).bucket, "rec-bucket");
}

TEST(S3XmlParserTest, Times) {
  EXPECT_EQ(ParseIsoTime("2009-10-12T17:50:30.000Z"), absl::FromUnixSeconds(1255369830));
  EXPECT_EQ(ParseIsoTime("yesterday"), std::nullopt);
  EXPECT_EQ(ParseHttpTime("Mon, 12 Oct 2009 17:50:30 GMT"), absl::FromUnixSeconds(1255369830));
  EXPECT_EQ(ParseHttpTime("2009-10-12"), std::nullopt);
}

TEST(S3XmlParserTest, Unquote) {
  EXPECT_EQ(Unquote("\"abc\""), "abc");
  EXPECT_EQ(Unquote("abc"), "abc");
  EXPECT_EQ(Unquote("\""), "\"");
}

}  // namespace
}  // namespace osp::providers::s3
