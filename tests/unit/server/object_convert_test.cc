#include "server/object_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/proto_matchers.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::EqualsProto;
using ::osp::testutil::HasEveryFieldSet;
using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::Eq;

v1::ObjectInfo FullInfo() {
  v1::ObjectInfo info;
  info.set_key("dir/a.txt");
  info.set_size(11);
  info.set_etag("\"abc\"");
  info.mutable_last_modified()->set_seconds(1700000001);
  info.mutable_last_modified()->set_nanos(7);
  info.set_content_type("text/plain");
  info.set_version_id("v1");
  info.set_is_latest(true);
  info.set_delete_marker(true);
  info.set_storage_class("STANDARD");
  (*info.mutable_metadata())["color"] = "blue";
  return info;
}

TEST(ObjectConvertTest, ObjectInfoRoundTripsEveryField) {
  const v1::ObjectInfo info = FullInfo();
  ASSERT_THAT(info, HasEveryFieldSet());
  const providers::ObjectInfo domain = FromProto(info);
  EXPECT_EQ(domain.key, "dir/a.txt");
  EXPECT_EQ(domain.metadata.at("color"), "blue");
  EXPECT_THAT(ToProto(domain), EqualsProto(info));
}

TEST(ObjectConvertTest, ListObjectsResponseRoundTripsEveryField) {
  v1::ListObjectsResponse response;
  *response.add_objects() = FullInfo();
  response.add_common_prefixes("dir/");
  response.add_common_prefixes("other/");
  response.set_next_page_token("tok");
  ASSERT_THAT(response, HasEveryFieldSet());
  EXPECT_THAT(ToProto(FromProto(response)), EqualsProto(response));
}

TEST(ObjectConvertTest, ListObjectsRequestDefaultsThePageSize) {
  v1::ListObjectsRequest request;
  request.set_prefix("dir/");
  request.set_delimiter("/");
  request.set_page_token("tok");
  request.set_versions(true);
  providers::ListObjectsOptions options = FromProto(request);
  EXPECT_EQ(options.prefix, "dir/");
  EXPECT_EQ(options.delimiter, "/");
  EXPECT_EQ(options.page_token, "tok");
  EXPECT_TRUE(options.versions);
  EXPECT_EQ(options.page_size, kDefaultObjectPageSize);
  request.set_page_size(7);
  EXPECT_EQ(FromProto(request).page_size, 7);
}

TEST(ObjectConvertTest, PutObjectHeaderRoundTripsEveryFieldButBackend) {
  v1::PutObjectHeader header;
  header.set_bucket("b");
  header.set_key("k");
  header.set_content_type("application/octet-stream");
  (*header.mutable_metadata())["m"] = "v";
  header.set_size(0);  // Set but zero: presence must survive.
  header.set_sha256(std::string(64, 'a'));
  const providers::PutObjectHeader domain = FromProto(header);
  ASSERT_TRUE(domain.size.has_value());
  EXPECT_EQ(*domain.size, 0);
  EXPECT_EQ(domain.sha256_hex, std::string(64, 'a'));
  EXPECT_THAT(ToProto(domain), EqualsProto(header));
  header.clear_size();
  EXPECT_FALSE(FromProto(header).size.has_value());
}

TEST(ObjectConvertTest, PutObjectResponseRoundTripsEveryField) {
  v1::PutObjectResponse response;
  response.set_key("k");
  response.set_size(5);
  response.set_etag("e");
  response.set_version_id("v");
  ASSERT_THAT(response, HasEveryFieldSet());
  EXPECT_THAT(ToProto(FromProto(response)), EqualsProto(response));
}

TEST(ObjectConvertTest, GetObjectRequestKeepsRangePresence) {
  v1::GetObjectRequest request;
  request.set_bucket("b");
  request.set_key("k");
  request.set_version_id("v");
  EXPECT_FALSE(FromProto(request).range.has_value());
  request.mutable_range()->set_offset(10);
  request.mutable_range()->set_length(20);
  providers::GetObjectRequest domain = FromProto(request);
  EXPECT_EQ(domain.bucket, "b");
  EXPECT_EQ(domain.key, "k");
  EXPECT_EQ(domain.version_id, "v");
  ASSERT_TRUE(domain.range.has_value());
  EXPECT_THAT(ToProto(*domain.range), EqualsProto(request.range()));
}

TEST(ObjectConvertTest, DeleteObjectsResponseRoundTripsEveryField) {
  v1::DeleteObjectsResponse response;
  v1::ObjectIdentifier* deleted = response.add_deleted();
  deleted->set_key("a");
  deleted->set_version_id("1");
  v1::DeleteObjectError* error = response.add_errors();
  error->mutable_object()->set_key("b");
  error->mutable_object()->set_version_id("2");
  error->set_code("AccessDenied");
  error->set_message("no");
  ASSERT_THAT(response, HasEveryFieldSet());
  EXPECT_THAT(ToProto(FromProto(response)), EqualsProto(response));
}

TEST(ObjectConvertTest, PresignRequestConvertsMethodAndDefaultsTtl) {
  v1::PresignObjectRequest request;
  request.set_bucket("b");
  request.set_key("k");
  request.set_version_id("v");
  request.set_method(v1::PRESIGN_METHOD_PUT);
  absl::StatusOr<providers::PresignRequest> domain = FromProto(request);
  ASSERT_THAT(domain, IsOk());
  EXPECT_EQ(domain->method, providers::PresignMethod::kPut);
  EXPECT_EQ(domain->ttl, kDefaultPresignTtl);
  EXPECT_EQ(domain->version_id, "v");
  request.mutable_ttl()->set_seconds(60);
  EXPECT_EQ(FromProto(request)->ttl, absl::Seconds(60));
  EXPECT_EQ(ToProto(providers::PresignMethod::kGet), v1::PRESIGN_METHOD_GET);
  EXPECT_EQ(ToProto(providers::PresignMethod::kPut), v1::PRESIGN_METHOD_PUT);
}

TEST(ObjectConvertTest, PresignRequestNeedsAKnownMethod) {
  v1::PresignObjectRequest request;
  EXPECT_THAT(FromProto(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                           Eq("method: required (PRESIGN_METHOD_GET or "
                                              "PRESIGN_METHOD_PUT)")));
  request.set_method(static_cast<v1::PresignMethod>(3));
  EXPECT_THAT(FromProto(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                           Eq("method: unknown PresignMethod value 3")));
}

TEST(ObjectConvertTest, PresignResponseCarriesTheUrl) {
  v1::PresignObjectResponse response;
  response.set_url("https://s3.example/b/k?X-Amz-Signature=abc");
  response.mutable_expires_at()->set_seconds(1700000900);
  response.mutable_expires_at()->set_nanos(1);
  ASSERT_THAT(response, HasEveryFieldSet());
  const providers::PresignResult domain = FromProto(response);
  EXPECT_EQ(domain.url.Reveal(), response.url());
  EXPECT_THAT(ToProto(domain), EqualsProto(response));
}

}  // namespace
}  // namespace osp::server
