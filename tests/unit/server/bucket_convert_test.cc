#include "server/bucket_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/proto_matchers.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::EqualsProto;
using ::osp::testutil::HasEveryFieldSet;
using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

v1::BucketSpec FullSpec() {
  v1::BucketSpec spec;
  spec.set_name("photos");
  spec.set_owner("acct-1");
  spec.mutable_quota()->set_max_bytes(1 << 30);
  spec.mutable_quota()->set_max_objects(1000);
  spec.set_versioning(v1::VERSIONING_STATE_SUSPENDED);
  spec.set_encryption(v1::ENCRYPTION_SSE_S3);
  spec.set_object_lock(true);
  spec.mutable_policy()->set_kind(v1::POLICY_KIND_CUSTOM);
  spec.mutable_policy()->set_json(R"({"Version":"2012-10-17"})");
  (*spec.mutable_tags())["team"] = "infra";
  (*spec.mutable_tags())["cost"] = "42";
  v1::CorsRule* rule = spec.add_cors_rules();
  rule->add_allowed_origins("https://a.example");
  rule->add_allowed_origins("https://b.example");
  rule->add_allowed_methods("GET");
  rule->add_allowed_headers("*");
  rule->add_expose_headers("ETag");
  rule->set_max_age_seconds(600);
  spec.add_cors_rules()->add_allowed_methods("PUT");
  return spec;
}

TEST(BucketConvertTest, BucketSpecRoundTripsEveryField) {
  const v1::BucketSpec spec = FullSpec();
  ASSERT_THAT(spec, HasEveryFieldSet());
  absl::StatusOr<providers::BucketSpec> domain = FromProto(spec);
  ASSERT_THAT(domain, IsOk());
  EXPECT_EQ(domain->name, "photos");
  EXPECT_EQ(domain->owner, "acct-1");
  EXPECT_EQ(domain->quota, (providers::Quota{1 << 30, 1000}));
  EXPECT_EQ(domain->versioning, providers::Versioning::kSuspended);
  EXPECT_EQ(domain->encryption, providers::Encryption::kSseS3);
  EXPECT_TRUE(domain->object_lock);
  EXPECT_EQ(domain->policy.kind, providers::PolicyKind::kCustom);
  EXPECT_EQ(domain->tags.at("team"), "infra");
  ASSERT_EQ(domain->cors_rules.size(), 2u);
  EXPECT_EQ(domain->cors_rules[0].max_age_seconds, 600);
  EXPECT_THAT(ToProto(*domain), EqualsProto(spec));
}

TEST(BucketConvertTest, BucketRoundTripsEveryField) {
  v1::Bucket bucket;
  *bucket.mutable_spec() = FullSpec();
  bucket.mutable_usage()->set_bucket("photos");
  bucket.mutable_usage()->set_bytes(123);
  bucket.mutable_usage()->set_objects(4);
  bucket.set_public_url("https://s3.example/photos");
  bucket.set_private_url("http://10.0.0.1:9020/photos");
  bucket.mutable_created_at()->set_seconds(1700000000);
  bucket.mutable_created_at()->set_nanos(5);
  ASSERT_THAT(bucket, HasEveryFieldSet());
  absl::StatusOr<providers::Bucket> domain = FromProto(bucket);
  ASSERT_THAT(domain, IsOk());
  EXPECT_EQ(domain->created_at, absl::FromUnixSeconds(1700000000) + absl::Nanoseconds(5));
  EXPECT_THAT(ToProto(*domain), EqualsProto(bucket));
}

TEST(BucketConvertTest, MissingCreatedAtStaysMissing) {
  providers::Bucket bucket;
  EXPECT_FALSE(ToProto(bucket).has_created_at());
  EXPECT_THAT(FromProto(v1::Bucket()), IsOk());
  EXPECT_FALSE(FromProto(v1::Bucket())->created_at.has_value());
}

TEST(BucketConvertTest, EveryEnumValueRoundTrips) {
  for (v1::VersioningState v : {v1::VERSIONING_STATE_UNSPECIFIED, v1::VERSIONING_STATE_OFF,
                                v1::VERSIONING_STATE_ENABLED, v1::VERSIONING_STATE_SUSPENDED}) {
    absl::StatusOr<providers::Versioning> domain = FromProto(v);
    ASSERT_THAT(domain, IsOk());
    EXPECT_EQ(ToProto(*domain), v);
  }
  for (v1::Encryption v :
       {v1::ENCRYPTION_UNSPECIFIED, v1::ENCRYPTION_NONE, v1::ENCRYPTION_SSE_S3}) {
    absl::StatusOr<providers::Encryption> domain = FromProto(v);
    ASSERT_THAT(domain, IsOk());
    EXPECT_EQ(ToProto(*domain), v);
  }
  for (v1::PolicyKind v : {v1::POLICY_KIND_UNSPECIFIED, v1::POLICY_KIND_PRIVATE,
                           v1::POLICY_KIND_PUBLIC_READ, v1::POLICY_KIND_CUSTOM}) {
    absl::StatusOr<providers::PolicyKind> domain = FromProto(v);
    ASSERT_THAT(domain, IsOk());
    EXPECT_EQ(ToProto(*domain), v);
  }
}

TEST(BucketConvertTest, UnknownEnumValuesNameTheirField) {
  v1::BucketSpec spec = FullSpec();
  spec.set_versioning(static_cast<v1::VersioningState>(9));
  EXPECT_THAT(FromProto(spec), StatusIs(absl::StatusCode::kInvalidArgument,
                                        Eq("versioning: unknown VersioningState value 9")));
  spec = FullSpec();
  spec.set_encryption(static_cast<v1::Encryption>(-1));
  EXPECT_THAT(FromProto(spec),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("encryption: unknown")));
  v1::Bucket bucket;
  *bucket.mutable_spec() = FullSpec();
  bucket.mutable_spec()->mutable_policy()->set_kind(static_cast<v1::PolicyKind>(4));
  EXPECT_THAT(FromProto(bucket), StatusIs(absl::StatusCode::kInvalidArgument,
                                          Eq("spec.policy.kind: unknown PolicyKind value 4")));
}

TEST(BucketConvertTest, FieldMaskSelectsEachKnownPath) {
  google::protobuf::FieldMask mask;
  for (const char* path : kBucketUpdatePaths) mask.add_paths(path);
  absl::StatusOr<providers::BucketUpdateMask> all = FromProto(mask);
  ASSERT_THAT(all, IsOk());
  EXPECT_TRUE(all->quota && all->versioning && all->policy && all->encryption && all->tags &&
              all->cors_rules);
  EXPECT_THAT(ToProto(*all), EqualsProto(mask));

  google::protobuf::FieldMask one;
  one.add_paths("versioning");
  one.add_paths("versioning");
  absl::StatusOr<providers::BucketUpdateMask> versioning = FromProto(one);
  ASSERT_THAT(versioning, IsOk());
  EXPECT_TRUE(versioning->versioning);
  EXPECT_FALSE(versioning->quota || versioning->policy || versioning->encryption ||
               versioning->tags || versioning->cors_rules);
}

TEST(BucketConvertTest, FieldMaskNamesTheUnknownPath) {
  google::protobuf::FieldMask mask;
  mask.add_paths("quota");
  mask.add_paths("owner");
  EXPECT_THAT(FromProto(mask),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("paths[1]: unknown path 'owner' (known: quota, versioning, policy, "
                          "encryption, tags, cors_rules)")));
  google::protobuf::FieldMask sub_path;
  sub_path.add_paths("quota.max_bytes");
  EXPECT_THAT(FromProto(sub_path), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("paths[0]: unknown path 'quota.max_bytes'")));
}

TEST(BucketConvertTest, EmptyFieldMaskIsAnEmptyUpdate) {
  EXPECT_THAT(FromProto(google::protobuf::FieldMask()),
              IsOkAndHolds(testing::Property(&providers::BucketUpdateMask::empty, true)));
}

}  // namespace
}  // namespace osp::server
