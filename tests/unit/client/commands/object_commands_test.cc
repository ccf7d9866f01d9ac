#include "client/commands/object_commands.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ObjectCommandsTest : public FakeServerTest {};

v1::ObjectInfo Object(const std::string& key, int64_t size) {
  v1::ObjectInfo object;
  object.set_key(key);
  object.set_size(size);
  object.mutable_last_modified()->set_seconds(1714557600);
  return object;
}

TEST_F(ObjectCommandsTest, LsShowsFoldersAndObjectsRelativeToThePrefixOverAllPages) {
  v1::ListObjectsResponse first;
  first.add_common_prefixes("photos/2024/");
  *first.add_objects() = Object("photos/a.jpg", 1536);
  first.set_next_page_token("p2");
  v1::ListObjectsResponse second;
  *second.add_objects() = Object("photos/b.jpg", 10);
  service_.Respond("ListObjects", first);
  service_.Respond("ListObjects", second);
  const OspctlResult result = Run({"ls", "media/photos/"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::ListObjectsRequest>("ListObjects");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].bucket(), "media");
  EXPECT_EQ(requests[0].prefix(), "photos/");
  EXPECT_EQ(requests[0].delimiter(), "/");
  EXPECT_FALSE(requests[0].versions());
  EXPECT_EQ(requests[1].page_token(), "p2");
  EXPECT_EQ(result.out,
            "                           PRE 2024/\n"
            "2024-05-01 10:00:00    1.5 KiB a.jpg\n"
            "2024-05-01 10:00:00       10 B b.jpg\n");
}

TEST_F(ObjectCommandsTest, LsRecursiveHasNoDelimiterAndShowsWholeKeys) {
  v1::ListObjectsResponse page;
  *page.add_objects() = Object("photos/2024/x.jpg", 1);
  service_.Respond("ListObjects", page);
  const OspctlResult result = Run({"ls", "s3://media/photos", "--recursive"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::ListObjectsRequest>("ListObjects");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].prefix(), "photos");
  EXPECT_EQ(requests[0].delimiter(), "");
  EXPECT_THAT(result.out, HasSubstr(" photos/2024/x.jpg\n"));
}

TEST_F(ObjectCommandsTest, LsVersionsTable) {
  v1::ListObjectsResponse page;
  v1::ObjectInfo v2 = Object("a.txt", 5);
  v2.set_version_id("v2");
  v2.set_is_latest(true);
  v1::ObjectInfo marker = Object("b.txt", 0);
  marker.set_version_id("v9");
  marker.set_delete_marker(true);
  page.add_common_prefixes("dir/");
  *page.add_objects() = v2;
  *page.add_objects() = marker;
  service_.Respond("ListObjects", page);
  const OspctlResult result = Run({"ls", "media", "--versions"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(service_.Requests<v1::ListObjectsRequest>("ListObjects")[0].versions());
  EXPECT_EQ(result.out,
            "LAST MODIFIED                   SIZE  VERSION ID  LATEST  KEY\n"
            "                                 PRE                      dir/\n"
            "2024-05-01 10:00:00              5 B  v2          yes     a.txt\n"
            "2024-05-01 10:00:00  (delete marker)  v9          no      b.txt\n");
}

TEST_F(ObjectCommandsTest, LsJsonIsOneDocumentWithEveryPage) {
  v1::ListObjectsResponse first;
  *first.add_objects() = Object("a", 1);
  first.set_next_page_token("p2");
  v1::ListObjectsResponse second;
  second.add_common_prefixes("dir/");
  service_.Respond("ListObjects", first);
  service_.Respond("ListObjects", second);
  const OspctlResult result = Run({"ls", "media", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("\n{"), std::string::npos);
  EXPECT_THAT(result.out, AllOf(HasSubstr("\"key\": \"a\""), HasSubstr("\"dir/\"")));
}

TEST_F(ObjectCommandsTest, LsNeedsABucket) {
  EXPECT_EQ(Run({"ls"}).exit_code, 64);
  EXPECT_EQ(Run({"ls", "/key"}).exit_code, 64);
}

TEST_F(ObjectCommandsTest, RmDeletesKeysOfOneBucket) {
  v1::DeleteObjectsResponse response;
  response.add_deleted()->set_key("a");
  response.add_deleted()->set_key("dir/b");
  service_.Respond("DeleteObjects", response);
  const OspctlResult result = Run({"rm", "media/a", "media/dir/b"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::DeleteObjectsRequest>("DeleteObjects");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].bucket(), "media");
  ASSERT_EQ(requests[0].objects_size(), 2);
  EXPECT_EQ(requests[0].objects(1).key(), "dir/b");
  EXPECT_EQ(result.out,
            "RESULT   OBJECT       VERSION ID  ERROR\n"
            "deleted  media/a      -\n"
            "deleted  media/dir/b  -\n");
}

TEST_F(ObjectCommandsTest, RmSendsTheVersionId) {
  ASSERT_EQ(Run({"rm", "media/a", "--version-id", "v3"}).exit_code, 0);
  const auto requests = service_.Requests<v1::DeleteObjectsRequest>("DeleteObjects");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].objects(0).version_id(), "v3");
}

TEST_F(ObjectCommandsTest, RmBatchesByAThousand) {
  std::vector<std::string> args = {"rm"};
  for (int i = 0; i < 1001; ++i) args.push_back("media/k" + std::to_string(i));
  ASSERT_EQ(Run(args).exit_code, 0);
  const auto requests = service_.Requests<v1::DeleteObjectsRequest>("DeleteObjects");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].objects_size(), 1000);
  EXPECT_EQ(requests[1].objects_size(), 1);
  EXPECT_EQ(requests[1].objects(0).key(), "k1000");
}

TEST_F(ObjectCommandsTest, RmReportsRefusedKeysAndExitsUnknown) {
  v1::DeleteObjectsResponse response;
  v1::DeleteObjectError* error = response.add_errors();
  error->mutable_object()->set_key("locked");
  error->set_code("AccessDenied");
  error->set_message("Access Denied");
  service_.Respond("DeleteObjects", response);
  const OspctlResult result = Run({"rm", "media/locked"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.out,
              HasSubstr("failed  media/locked  -           AccessDenied: Access Denied"));
  EXPECT_EQ(result.err, "UNKNOWN: 1 of 1 objects not deleted; first: media/locked: AccessDenied\n");
}

TEST_F(ObjectCommandsTest, RmUsageErrors) {
  EXPECT_EQ(Run({"rm"}).exit_code, 64);
  EXPECT_EQ(Run({"rm", "media"}).exit_code, 64);
  EXPECT_EQ(Run({"rm", "media/a", "other/b"}).exit_code, 64);
  EXPECT_EQ(Run({"rm", "media/a", "media/b", "--version-id", "v1"}).exit_code, 64);
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(ObjectCommandsTest, RmRecursiveDeletesEveryKeyOfEveryPage) {
  v1::ListObjectsResponse first;
  *first.add_objects() = Object("logs/a", 1);
  *first.add_objects() = Object("logs/2024/b", 2);
  first.set_next_page_token("p2");
  v1::ListObjectsResponse second;
  *second.add_objects() = Object("logs/c", 3);
  service_.Respond("ListObjects", first);
  service_.Respond("ListObjects", second);
  const OspctlResult result = Run({"rm", "--recursive", "s3://media/logs", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto lists = service_.Requests<v1::ListObjectsRequest>("ListObjects");
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].bucket(), "media");
  EXPECT_EQ(lists[0].prefix(), "logs/");
  EXPECT_THAT(lists[0].delimiter(), IsEmpty());
  EXPECT_FALSE(lists[0].versions());
  EXPECT_EQ(lists[1].page_token(), "p2");
  const auto deletes = service_.Requests<v1::DeleteObjectsRequest>("DeleteObjects");
  ASSERT_EQ(deletes.size(), 1u);
  ASSERT_EQ(deletes[0].objects_size(), 3);
  EXPECT_EQ(deletes[0].objects(1).key(), "logs/2024/b");
  EXPECT_EQ(deletes[0].objects(2).key(), "logs/c");
  EXPECT_THAT(deletes[0].objects(2).version_id(), IsEmpty());
  EXPECT_EQ(result.out.find('{'), 0u);
}

TEST_F(ObjectCommandsTest, RmRecursiveVersionsDeletesEveryVersionAndMarker) {
  v1::ListObjectsResponse page;
  v1::ObjectInfo version = Object("p/a", 1);
  version.set_version_id("va1");
  v1::ObjectInfo marker = Object("p/a", 0);
  marker.set_version_id("vm");
  marker.set_delete_marker(true);
  *page.add_objects() = version;
  *page.add_objects() = marker;
  service_.Respond("ListObjects", page);
  ASSERT_EQ(Run({"rm", "--recursive", "--versions", "media/p"}).exit_code, 0);
  EXPECT_TRUE(service_.Requests<v1::ListObjectsRequest>("ListObjects")[0].versions());
  const auto deletes = service_.Requests<v1::DeleteObjectsRequest>("DeleteObjects");
  ASSERT_EQ(deletes.size(), 1u);
  ASSERT_EQ(deletes[0].objects_size(), 2);
  EXPECT_EQ(deletes[0].objects(0).version_id(), "va1");
  EXPECT_EQ(deletes[0].objects(1).version_id(), "vm");
}

TEST_F(ObjectCommandsTest, RmRecursiveOfNothingDeletesNothing) {
  const OspctlResult result = Run({"rm", "--recursive", "media/none/"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(service_.calls(), (std::map<std::string, int>{{"ListObjects", 1}}));
}

TEST_F(ObjectCommandsTest, RmRecursiveUsageErrors) {
  EXPECT_EQ(Run({"rm", "--recursive", "media/a", "media/b"}).exit_code, 64);
  EXPECT_EQ(Run({"rm", "--recursive", "media/a", "--version-id", "v"}).exit_code, 64);
  EXPECT_EQ(Run({"rm", "media/a", "--versions"}).exit_code, 64);
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(ObjectCommandsTest, PresignPrintsOnlyTheUrl) {
  v1::PresignObjectResponse response;
  response.set_url("https://s3.example/media/a?X-Amz-Signature=abc");
  service_.Respond("PresignObject", response);
  const OspctlResult result =
      Run({"presign", "media/a", "--method", "put", "--ttl", "1h", "--version-id", "v1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "https://s3.example/media/a?X-Amz-Signature=abc\n");
  const auto requests = service_.Requests<v1::PresignObjectRequest>("PresignObject");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method(), v1::PRESIGN_METHOD_PUT);
  EXPECT_EQ(requests[0].ttl().seconds(), 3600);
  EXPECT_EQ(requests[0].version_id(), "v1");
  EXPECT_EQ(requests[0].key(), "a");
}

TEST_F(ObjectCommandsTest, PresignDefaultsToGetWithTheServersTtl) {
  ASSERT_EQ(Run({"presign", "media/a"}).exit_code, 0);
  const auto requests = service_.Requests<v1::PresignObjectRequest>("PresignObject");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method(), v1::PRESIGN_METHOD_GET);
  EXPECT_FALSE(requests[0].has_ttl());
}

TEST_F(ObjectCommandsTest, PresignUsageErrors) {
  EXPECT_EQ(Run({"presign", "media/a", "--method", "delete"}).exit_code, 64);
  EXPECT_EQ(Run({"presign", "media/a", "--ttl", "soon"}).exit_code, 64);
  EXPECT_EQ(Run({"presign", "media"}).exit_code, 64);
  EXPECT_THAT(service_.calls(), IsEmpty());
}

}  // namespace
}  // namespace osp::client::testing
