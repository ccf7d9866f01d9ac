#include "providers/ecs/ecs_xml.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/xml_document.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_recorded_bodies.h"

namespace osp::providers::ecs::xml {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::Pair;

constexpr char kHeader[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

std::string Doc(const std::string& body) { return kHeader + body + "\n"; }

TEST(EcsXmlRequestTest, UserCreateAndDelete) {
  EXPECT_THAT(UserCreate("cs-acct1", "ns1"),
              IsOkAndHolds(Eq(Doc("<user_create_param><user>cs-acct1</user>"
                                  "<namespace>ns1</namespace></user_create_param>"))));
  EXPECT_THAT(UserDelete("cs-a&b", "ns1"),
              IsOkAndHolds(Eq(Doc("<user_delete_param><user>cs-a&amp;b</user>"
                                  "<namespace>ns1</namespace></user_delete_param>"))));
}

TEST(EcsXmlRequestTest, SecretKeyCreateLetsEcsGenerateTheKey) {
  EXPECT_THAT(SecretKeyCreate("ns1", std::nullopt),
              IsOkAndHolds(Eq(Doc("<user_secret_key_create><namespace>ns1</namespace>"
                                  "</user_secret_key_create>"))));
  EXPECT_THAT(SecretKeyCreate("ns1", 60),
              IsOkAndHolds(Eq(Doc("<user_secret_key_create><existing_key_expiry_time_mins>60"
                                  "</existing_key_expiry_time_mins><namespace>ns1</namespace>"
                                  "</user_secret_key_create>"))));
}

TEST(EcsXmlRequestTest, SecretKeyDeleteUsesTheUnderscoredField) {
  EXPECT_THAT(SecretKeyDelete(base::Secret("k+/<1"), "ns1"),
              IsOkAndHolds(Eq(Doc("<user_secret_key_delete><secret_key>k+/&lt;1</secret_key>"
                                  "<namespace>ns1</namespace></user_secret_key_delete>"))));
}

TEST(EcsXmlRequestTest, BucketCreateWithoutQuotaSendsNoQuotaFields) {
  EcsBucketCreate create;
  create.name = "acct1-data";
  create.owner = "cs-acct1";
  EXPECT_THAT(BucketCreate(create, "ns1"),
              IsOkAndHolds(Eq(Doc("<object_bucket_create><name>acct1-data</name>"
                                  "<namespace>ns1</namespace><head_type>s3</head_type>"
                                  "<filesystem_enabled>false</filesystem_enabled>"
                                  "<is_encryption_enabled>false</is_encryption_enabled>"
                                  "<owner>cs-acct1</owner></object_bucket_create>"))));
}

TEST(EcsXmlRequestTest, BucketCreateWithEverything) {
  EcsBucketCreate create;
  create.name = "acct1-data";
  create.owner = "cs-acct1";
  create.replication_group = "urn:storageos:ReplicationGroupInfo:rg:global";
  create.encryption = true;
  create.quota.block_gb = 10;
  EXPECT_THAT(BucketCreate(create, "ns1"),
              IsOkAndHolds(Eq(Doc("<object_bucket_create><name>acct1-data</name>"
                                  "<namespace>ns1</namespace>"
                                  "<vpool>urn:storageos:ReplicationGroupInfo:rg:global</vpool>"
                                  "<head_type>s3</head_type>"
                                  "<filesystem_enabled>false</filesystem_enabled>"
                                  "<is_encryption_enabled>true</is_encryption_enabled>"
                                  "<owner>cs-acct1</owner><blockSize>10</blockSize>"
                                  "<notificationSize>-1</notificationSize>"
                                  "</object_bucket_create>"))));
}

TEST(EcsXmlRequestTest, QuotaUpdateCarriesTheNamespaceInTheBody) {
  EXPECT_THAT(QuotaUpdate(EcsQuota{10, 8}, "ns1"),
              IsOkAndHolds(Eq(Doc("<bucket_quota_param><blockSize>10</blockSize>"
                                  "<notificationSize>8</notificationSize>"
                                  "<namespace>ns1</namespace></bucket_quota_param>"))));
}

TEST(EcsXmlRequestTest, TextXmlCannotCarryIsRefused) {
  EXPECT_THAT(UserCreate(std::string("cs-\x01", 4), "ns1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(EcsXmlResponseTest, Namespace) {
  absl::StatusOr<EcsNamespace> ns = ParseNamespace(recorded::kNamespace, "ns");
  ASSERT_THAT(ns, IsOk());
  EXPECT_EQ(ns->name, "ns1");
  EXPECT_EQ(ns->default_replication_group,
            "urn:storageos:ReplicationGroupInfo:7b6e12ad-0001:global");
  EXPECT_THAT(ns->allowed_replication_groups,
              ElementsAre("urn:storageos:ReplicationGroupInfo:7b6e12ad-0001:global"));
  EXPECT_FALSE(ns->encryption_enabled);
}

TEST(EcsXmlResponseTest, ReplicationGroups) {
  absl::StatusOr<std::vector<EcsReplicationGroup>> groups =
      ParseReplicationGroups(recorded::kVpools, "vpools");
  ASSERT_THAT(groups, IsOk());
  ASSERT_EQ(groups->size(), 2u);
  EXPECT_EQ((*groups)[0].id,
            "urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global");
  EXPECT_EQ((*groups)[0].name, "rg1");
  EXPECT_EQ((*groups)[1].name, "rg-default");
}

TEST(EcsXmlResponseTest, UserInfoAndPage) {
  absl::StatusOr<EcsUserInfo> info = ParseUserInfo(recorded::kUserInfo, "info");
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->name, "cs-acct1");
  EXPECT_EQ(info->namespace_name, "ns1");
  EXPECT_FALSE(info->locked);
  absl::StatusOr<EcsUserPage> page = ParseUserPage(recorded::kUsers, "users");
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->users, ElementsAre("cs-acct1", "cs-acct2"));
  EXPECT_EQ(page->next_marker, "cs-acct2");
}

TEST(EcsXmlResponseTest, UserPageEntryWithoutUseridIsMalformed) {
  // Found by ecs_xml_fuzzer: a <blobuser> without <userid> read as a user with an empty name.
  EXPECT_THAT(ParseUserPage("<users><blobuser><namespace>ns1</namespace></blobuser>"
                            "<blobuser><userid> </userid></blobuser></users>",
                            "GET /object/users"),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("malformed XML from GET /object/users: <blobuser> without")));
}

TEST(EcsXmlResponseTest, SecretKeySlots) {
  absl::StatusOr<EcsSecretKeys> one = ParseSecretKeys(recorded::kSecretKeysOne, "keys");
  ASSERT_THAT(one, IsOk());
  EXPECT_TRUE(one->key1.exists);
  EXPECT_EQ(one->key1.secret.Reveal(), "iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z");
  EXPECT_EQ(one->key1.created, "2015-02-25 11:16:50.632");
  EXPECT_EQ(one->key1.expires, "");
  EXPECT_FALSE(one->key2.exists);

  absl::StatusOr<EcsSecretKeys> two = ParseSecretKeys(recorded::kSecretKeysTwo, "keys");
  ASSERT_THAT(two, IsOk());
  EXPECT_EQ(two->key1.expires, "2015-02-25 12:16:50.632");
  EXPECT_TRUE(two->key2.exists);
  EXPECT_EQ(two->key2.secret.Reveal(), "R6JUtI6hK2rDxY2fKuaQ51OL2tfyoHjPp8xL2y3T");

  absl::StatusOr<EcsSecretKeys> hidden = ParseSecretKeys(recorded::kSecretKeysHidden, "keys");
  ASSERT_THAT(hidden, IsOk());
  EXPECT_TRUE(hidden->key1.exists);
  EXPECT_TRUE(hidden->key1.secret.empty());
}

TEST(EcsXmlResponseTest, SecretKeySlotsWithoutExistFlags) {
  absl::StatusOr<EcsSecretKeys> keys = ParseSecretKeys(
      "<user_secret_keys><secret_key_1>abc</secret_key_1><secret_key_2/>"
      "</user_secret_keys>",
      "keys");
  ASSERT_THAT(keys, IsOk());
  EXPECT_TRUE(keys->key1.exists);
  EXPECT_FALSE(keys->key2.exists);
}

TEST(EcsXmlResponseTest, NewSecretKey) {
  absl::StatusOr<EcsNewSecretKey> key = ParseNewSecretKey(recorded::kNewSecretKey, "create");
  ASSERT_THAT(key, IsOk());
  EXPECT_EQ(key->secret.Reveal(), "R6JUtI6hK2rDxY2fKuaQ51OL2tfyoHjPp8xL2y3T");
  EXPECT_THAT(ParseNewSecretKey(recorded::kUserCreated, "create"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed XML from create")));
}

TEST(EcsXmlResponseTest, BucketInfo) {
  absl::StatusOr<EcsBucket> b = ParseBucket(recorded::kBucketInfo, "info");
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->name, "acct1-data");
  EXPECT_EQ(b->owner, "cs-acct1");
  EXPECT_EQ(b->replication_group,
            "urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-90245aa031b1:global");
  EXPECT_EQ(b->created, "2017-07-11T16:26:13.357Z");
  EXPECT_TRUE(b->encryption);
  EXPECT_THAT(b->quota.block_gb, Optional(10));
  EXPECT_EQ(b->quota.notification_gb, std::nullopt);
  EXPECT_THAT(b->tags, ElementsAre(Pair("project", "blue")));
}

TEST(EcsXmlResponseTest, BucketPage) {
  absl::StatusOr<EcsBucketPage> page = ParseBucketPage(recorded::kBuckets, "list");
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->buckets.size(), 2u);
  EXPECT_EQ(page->buckets[0].name, "acct1-data");
  EXPECT_EQ(page->buckets[0].quota.block_gb, std::nullopt);
  EXPECT_FALSE(page->buckets[0].encryption);
  EXPECT_EQ(page->buckets[1].owner, "cs-acct2");
  EXPECT_TRUE(page->buckets[1].encryption);  // "TRUE": any case.
  EXPECT_THAT(page->buckets[1].quota.notification_gb, Optional(4));
  EXPECT_EQ(page->next_marker, "acct2-logs");
}

TEST(EcsXmlResponseTest, QuotaAndBilling) {
  absl::StatusOr<EcsQuota> quota = ParseQuota(recorded::kQuota, "quota");
  ASSERT_THAT(quota, IsOk());
  EXPECT_THAT(quota->block_gb, Optional(10));
  EXPECT_THAT(quota->notification_gb, Optional(8));

  absl::StatusOr<EcsBucketBilling> billing = ParseBilling(recorded::kBilling, "billing");
  ASSERT_THAT(billing, IsOk());
  EXPECT_EQ(billing->name, "acct1-data");
  EXPECT_EQ(billing->bytes, 123 * 1024);
  EXPECT_EQ(billing->objects, 42);
  EXPECT_EQ(billing->up_to_date_till, "2015-04-13T08:30:00Z");
}

TEST(EcsXmlResponseTest, WrappedBillingIsAccepted) {
  absl::StatusOr<EcsBucketBilling> billing = ParseBilling(
      "<bucket_billing_infos><bucket_billing_info><name>b</name><total_size>2</total_size>"
      "<total_size_unit>MB</total_size_unit><total_objects>3</total_objects>"
      "</bucket_billing_info></bucket_billing_infos>",
      "billing");
  ASSERT_THAT(billing, IsOk());
  EXPECT_EQ(billing->bytes, 2 * 1024 * 1024);
  EXPECT_EQ(billing->objects, 3);
}

TEST(EcsXmlResponseTest, WrongDocumentsAreMalformed) {
  EXPECT_THAT(ParseBucket(recorded::kQuota, "GET /object/bucket/b/info"),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("malformed XML from GET /object/bucket/b/info")));
  EXPECT_THAT(ParseNamespace("", "ns"), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(ParseBilling("<bucket_billing_info><name>b</name></bucket_billing_info>", "b"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("total_size")));
  EXPECT_THAT(ParseUserInfo("<user_info></user_info>", "u"), StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace osp::providers::ecs::xml
