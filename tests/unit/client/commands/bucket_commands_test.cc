#include "client/commands/bucket_commands.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class BucketCommandsTest : public FakeServerTest {};

v1::Bucket SampleBucket(const std::string& name) {
  v1::Bucket bucket;
  bucket.mutable_spec()->set_name(name);
  bucket.mutable_spec()->set_owner("acct-1");
  bucket.mutable_spec()->mutable_quota()->set_max_bytes(10LL << 30);
  bucket.mutable_spec()->set_versioning(v1::VERSIONING_STATE_ENABLED);
  bucket.mutable_usage()->set_bytes(1536 * 1024);
  bucket.mutable_usage()->set_objects(12);
  bucket.mutable_created_at()->set_seconds(1714557600);  // 2024-05-01 10:00:00 UTC
  return bucket;
}

v1::ListBucketsResponse Page(const std::vector<std::string>& names, const std::string& next) {
  v1::ListBucketsResponse page;
  for (const std::string& name : names) *page.add_buckets() = SampleBucket(name);
  page.set_next_page_token(next);
  return page;
}

TEST_F(BucketCommandsTest, CreateSendsTheWholeSpec) {
  v1::CreateBucketResponse response;
  *response.mutable_bucket() = SampleBucket("photos");
  service_.Respond("CreateBucket", response);
  const OspctlResult result =
      Run({"bucket", "create",          "photos",        "--owner",      "acct-1",  "--quota-bytes",
           "10GiB",  "--quota-objects", "500",           "--versioning", "enabled", "--encryption",
           "sse-s3", "--object-lock",   "--policy",      "public-read",  "--tag",   "env=prod",
           "--tag",  "team=x",          "--cors-origin", "https://app"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::CreateBucketRequest>("CreateBucket");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].backend(), "b1");
  const v1::BucketSpec& spec = requests[0].bucket();
  EXPECT_EQ(spec.name(), "photos");
  EXPECT_EQ(spec.owner(), "acct-1");
  EXPECT_EQ(spec.quota().max_bytes(), 10LL << 30);
  EXPECT_EQ(spec.quota().max_objects(), 500);
  EXPECT_EQ(spec.versioning(), v1::VERSIONING_STATE_ENABLED);
  EXPECT_EQ(spec.encryption(), v1::ENCRYPTION_SSE_S3);
  EXPECT_TRUE(spec.object_lock());
  EXPECT_EQ(spec.policy().kind(), v1::POLICY_KIND_PUBLIC_READ);
  EXPECT_THAT(spec.tags(), UnorderedElementsAre(Pair("env", "prod"), Pair("team", "x")));
  EXPECT_THAT(spec.cors_rules(0).allowed_origins(), ElementsAre("https://app"));
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("name         photos"), HasSubstr("1.5 MiB"),
                    HasSubstr("10.0 GiB, unlimited objects"), HasSubstr("2024-05-01 10:00:00")));
}

TEST_F(BucketCommandsTest, CreateWithoutOwnerIsAUsageError) {
  const OspctlResult result = Run({"bucket", "create", "photos"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_THAT(result.err, HasSubstr("--owner"));
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(BucketCommandsTest, ListFollowsEveryPageIntoOneTable) {
  service_.Respond("ListBuckets", Page({"a", "b"}, "t1"));
  service_.Respond("ListBuckets", Page({"c"}, ""));
  const OspctlResult result = Run({"bucket", "list", "--owner", "acct-1", "--page-size", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::ListBucketsRequest>("ListBuckets");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].page_token(), "");
  EXPECT_EQ(requests[1].page_token(), "t1");
  EXPECT_EQ(requests[1].owner(), "acct-1");
  EXPECT_EQ(requests[1].page_size(), 2);
  EXPECT_EQ(result.out,
            "NAME  OWNER      SIZE  OBJECTS  QUOTA     VERSIONING  CREATED\n"
            "a     acct-1  1.5 MiB       12  10.0 GiB  enabled     2024-05-01 10:00:00\n"
            "b     acct-1  1.5 MiB       12  10.0 GiB  enabled     2024-05-01 10:00:00\n"
            "c     acct-1  1.5 MiB       12  10.0 GiB  enabled     2024-05-01 10:00:00\n");
}

TEST_F(BucketCommandsTest, ListJsonIsOneDocumentWithAllItems) {
  service_.Respond("ListBuckets", Page({"a"}, "t1"));
  service_.Respond("ListBuckets", Page({"b"}, ""));
  const OspctlResult result = Run({"bucket", "list", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.front(), '{');
  EXPECT_EQ(result.out.find("\n{"), std::string::npos);
  EXPECT_THAT(result.out, AllOf(HasSubstr("\"name\": \"a\""), HasSubstr("\"name\": \"b\""),
                                HasSubstr("\"nextPageToken\": \"\"")));
}

TEST_F(BucketCommandsTest, PageTokenFetchesOnePageAndShowsTheNext) {
  service_.Respond("ListBuckets", Page({"c"}, "t3"));
  const OspctlResult result = Run({"bucket", "list", "--page-token", "t2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::ListBucketsRequest>("ListBuckets");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].page_token(), "t2");
  EXPECT_THAT(result.out, HasSubstr("next page: --page-token t3\n"));
}

TEST_F(BucketCommandsTest, ListStopsOnARepeatedToken) {
  service_.Respond("ListBuckets", Page({"a"}, "t1"));
  service_.Respond("ListBuckets", Page({"a"}, "t1"));
  EXPECT_EQ(Run({"bucket", "list"}).exit_code, 13);
}

TEST_F(BucketCommandsTest, UpdateSendsTheFieldMaskOfTheFlags) {
  const OspctlResult result =
      Run({"bucket", "update", "photos", "--versioning", "suspended", "--policy", "private"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::UpdateBucketRequest>("UpdateBucket");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].bucket().name(), "photos");
  EXPECT_THAT(requests[0].update_mask().paths(), ElementsAre("versioning", "policy"));
  EXPECT_EQ(requests[0].bucket().versioning(), v1::VERSIONING_STATE_SUSPENDED);
  EXPECT_EQ(service_.calls().count("GetBucket"), 0u);
}

TEST_F(BucketCommandsTest, UpdateOfOneQuotaHalfKeepsTheOther) {
  v1::GetBucketResponse current;
  *current.mutable_bucket() = SampleBucket("photos");
  current.mutable_bucket()->mutable_spec()->mutable_quota()->set_max_objects(77);
  service_.Respond("GetBucket", current);
  const OspctlResult result = Run({"bucket", "update", "photos", "--quota-bytes", "1GiB"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::UpdateBucketRequest>("UpdateBucket");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_THAT(requests[0].update_mask().paths(), ElementsAre("quota"));
  EXPECT_EQ(requests[0].bucket().quota().max_bytes(), 1LL << 30);
  EXPECT_EQ(requests[0].bucket().quota().max_objects(), 77);
}

TEST_F(BucketCommandsTest, UpdateWithoutFlagsCallsNothing) {
  const OspctlResult result = Run({"bucket", "update", "photos"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(BucketCommandsTest, DeleteForwardsForceEmpty) {
  const OspctlResult result = Run({"bucket", "delete", "photos", "--force-empty"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "deleted bucket photos\n");
  const auto requests = service_.Requests<v1::DeleteBucketRequest>("DeleteBucket");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].force_empty());
}

TEST_F(BucketCommandsTest, DeleteNotEmptyExits9) {
  service_.Fail("DeleteBucket",
                grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "bucket 'p' is not empty"));
  const OspctlResult result = Run({"bucket", "delete", "p"});
  EXPECT_EQ(result.exit_code, 9);
  EXPECT_EQ(result.err, "FAILED_PRECONDITION: bucket 'p' is not empty\n");
}

TEST_F(BucketCommandsTest, UsageNamesBucketsAndTotals) {
  v1::GetUsageResponse response;
  for (const auto& [name, bytes] : {std::pair<std::string, int64_t>{"a", 1024}, {"b", 2048}}) {
    v1::BucketUsage* usage = response.add_usage();
    usage->set_bucket(name);
    usage->set_bytes(bytes);
    usage->set_objects(3);
  }
  service_.Respond("GetUsage", response);
  const OspctlResult result = Run({"usage", "a", "b", "--owner", "acct-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::GetUsageRequest>("GetUsage");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_THAT(requests[0].buckets(), ElementsAre("a", "b"));
  EXPECT_EQ(requests[0].owner(), "acct-1");
  EXPECT_EQ(result.out,
            "BUCKET     SIZE  OBJECTS\n"
            "a       1.0 KiB        3\n"
            "b       2.0 KiB        3\n"
            "TOTAL   3.0 KiB        6\n");
}

}  // namespace
}  // namespace osp::client::testing
