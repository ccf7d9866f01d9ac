#include "providers/ecs/ecs_spec.h"

#include <functional>
#include <iterator>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

BucketSpec Spec() {
  BucketSpec s;
  s.name = "acct1-data";
  s.owner = "acct1";
  return s;
}

TEST(EcsSpecTest, SupportedSpecsPass) {
  BucketSpec s = Spec();
  EXPECT_THAT(CheckSupported(s), IsOk());
  s.quota.max_bytes = 10 * kGiB;
  s.versioning = Versioning::kEnabled;
  s.encryption = Encryption::kSseS3;
  s.policy = Policy{PolicyKind::kPublicRead, ""};
  s.cors_rules.push_back(CorsRule{{"*"}, {"GET"}, {}, {}, 0});
  EXPECT_THAT(CheckSupported(s), IsOk());
}

TEST(EcsSpecTest, UnsupportedOptionsAreInvalidArgumentNamingTheField) {
  struct Case {
    std::function<void(BucketSpec*)> change;
    std::string message;
  };
  const Case cases[] = {
      {[](BucketSpec* s) { s->object_lock = true; },
       "object_lock: object lock is not supported by the ECS backend"},
      {[](BucketSpec* s) { s->quota.max_objects = 5; }, "quota.max_objects"},
      {[](BucketSpec* s) { s->quota.max_bytes = kGiB + 1; },
       "quota.max_bytes: ECS quotas are whole GiB"},
      {[](BucketSpec* s) { s->quota.max_bytes = -kGiB; }, "quota.max_bytes"},
      {[](BucketSpec* s) { s->tags["a"] = "b"; }, "tags"},
      {[](BucketSpec* s) {
         s->cors_rules = {CorsRule{{"*"}, {"GET"}, {}, {}, 0}, CorsRule{{"*"}, {}, {}, {}, 0}};
       },
       "cors_rules[1]: a CORS rule needs an allowed origin and an allowed method"},
      {[](BucketSpec* s) {
         s->policy = Policy{PolicyKind::kCustom, " "};
       },
       "policy.json"},
  };
  for (const Case& c : cases) {
    BucketSpec s = Spec();
    c.change(&s);
    EXPECT_THAT(CheckSupported(s),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.message)));
  }
}

TEST(EcsSpecTest, CorsRulesCompareInOrderButValuesAsSets) {
  const CorsRule browse{{"https://a.example", "https://b.example"}, {"GET", "HEAD"}, {"*"}, {}, 60};
  const CorsRule upload{{"https://a.example"}, {"PUT"}, {}, {"ETag"}, 0};
  EXPECT_TRUE(SameCorsRules({}, {}));
  EXPECT_TRUE(SameCorsRules({browse, upload}, {browse, upload}));
  CorsRule reordered = browse;
  std::swap(reordered.allowed_origins[0], reordered.allowed_origins[1]);
  std::swap(reordered.allowed_methods[0], reordered.allowed_methods[1]);
  EXPECT_TRUE(SameCorsRules({reordered, upload}, {browse, upload}));
  // The first matching rule applies: another rule order is another configuration.
  EXPECT_FALSE(SameCorsRules({upload, browse}, {browse, upload}));
  EXPECT_FALSE(SameCorsRules({browse}, {browse, upload}));
  EXPECT_FALSE(SameCorsRules({}, {browse}));
  const std::function<void(CorsRule*)> changes[] = {
      [](CorsRule* r) { r->allowed_origins.pop_back(); },
      [](CorsRule* r) { r->allowed_methods = {"GET"}; },
      [](CorsRule* r) { r->allowed_headers.clear(); },
      [](CorsRule* r) { r->expose_headers = {"ETag"}; },
      [](CorsRule* r) { r->max_age_seconds = 61; },
  };
  for (size_t i = 0; i < std::size(changes); ++i) {
    CorsRule other = browse;
    changes[i](&other);
    EXPECT_FALSE(SameCorsRules({other}, {browse})) << "change " << i;
  }
}

TEST(EcsSpecTest, QuotaInWholeGiB) {
  EcsQuota q = ToEcsQuota(Quota{10 * kGiB, 0});
  EXPECT_THAT(q.block_gb, Optional(10));
  EXPECT_EQ(q.notification_gb, std::nullopt);
  EXPECT_EQ(ToEcsQuota(Quota{}).block_gb, std::nullopt);
  EXPECT_EQ(FromEcsQuota(EcsQuota{3, 2}).max_bytes, 3 * kGiB);
  EXPECT_EQ(FromEcsQuota(EcsQuota{}).max_bytes, 0);
}

TEST(EcsSpecTest, UserNamesCarryThePrefix) {
  EXPECT_EQ(UserName("cs-", "4f1c"), "cs-4f1c");
  EXPECT_EQ(AccountOf("cs-", "cs-4f1c"), "4f1c");
  EXPECT_EQ(AccountOf("cs-", "root"), "root");
  EXPECT_EQ(AccountOf("", "root"), "root");
}

TEST(EcsSpecTest, PublicReadPolicyRoundTrips) {
  const std::string doc = PublicReadPolicy("acct1-data");
  EXPECT_EQ(doc, R"({"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Principal":"*",)"
                 R"("Resource":["arn:aws:s3:::acct1-data/*"],"Sid":"PublicReadGetObject"}],)"
                 R"("Version":"2012-10-17"})");
  EXPECT_EQ(PolicyFromDocument(doc, "acct1-data").kind, PolicyKind::kPublicRead);
  // The same policy as CloudStack writes it, and with an AWS principal.
  EXPECT_EQ(
      PolicyFromDocument(R"({"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow",)"
                         R"("Principal":{"AWS":["*"]},"Action":"s3:GetObject",)"
                         R"("Resource":"arn:aws:s3:::acct1-data/*"}]})",
                         "acct1-data")
          .kind,
      PolicyKind::kPublicRead);
  // Another bucket's public policy is custom here.
  Policy other = PolicyFromDocument(doc, "acct2");
  EXPECT_EQ(other.kind, PolicyKind::kCustom);
  EXPECT_EQ(other.json, doc);
}

TEST(EcsSpecTest, NoPolicyIsPrivate) {
  EXPECT_EQ(PolicyFromDocument(std::nullopt, "b").kind, PolicyKind::kPrivate);
  EXPECT_EQ(PolicyFromDocument(std::string("  "), "b").kind, PolicyKind::kPrivate);
  EXPECT_EQ(PolicyDocument(Policy{PolicyKind::kPrivate, ""}, "b"), std::nullopt);
  EXPECT_EQ(PolicyDocument(Policy{PolicyKind::kUnspecified, ""}, "b"), std::nullopt);
  EXPECT_THAT(PolicyDocument(Policy{PolicyKind::kCustom, "{}"}, "b"), Optional(std::string("{}")));
}

TEST(EcsSpecTest, NonStringEffectIsACustomPolicyNotAnException) {
  const std::string doc = R"({"Statement":[{"Effect":1,"Principal":"*","Action":"s3:GetObject",)"
                          R"("Resource":"arn:aws:s3:::b/*"}]})";
  EXPECT_EQ(PolicyFromDocument(doc, "b").kind, PolicyKind::kCustom);
}

TEST(EcsSpecTest, SamePolicyComparesJsonValues) {
  Policy a{PolicyKind::kCustom, R"({"Version":"2012-10-17","Statement":[]})"};
  Policy b{PolicyKind::kCustom, "{ \"Statement\": [], \"Version\": \"2012-10-17\" }"};
  Policy c{PolicyKind::kCustom, R"({"Version":"2008-10-17","Statement":[]})"};
  EXPECT_TRUE(SamePolicy(a, b, "b"));
  EXPECT_FALSE(SamePolicy(a, c, "b"));
  EXPECT_TRUE(
      SamePolicy(Policy{PolicyKind::kUnspecified, ""}, Policy{PolicyKind::kPrivate, ""}, "b"));
  EXPECT_FALSE(
      SamePolicy(Policy{PolicyKind::kPublicRead, ""}, Policy{PolicyKind::kPrivate, ""}, "b"));
}

TEST(EcsSpecTest, CurrentKeyPrefersUnexpiredThenNewer) {
  EcsSecretKeys keys;
  keys.key1 = {true, base::Secret("a"), "2020-01-01 00:00:01.000", ""};
  keys.key2 = {true, base::Secret("b"), "2020-01-01 00:00:02.000", ""};
  EXPECT_EQ(CurrentKey(keys), &keys.key2);
  EXPECT_EQ(OlderKey(keys), &keys.key1);
  keys.key1.expires = "2020-01-01 01:00:00.000";  // Rotated out with an expiry.
  EXPECT_EQ(CurrentKey(keys), &keys.key2);
  keys.key1.expires = "";
  keys.key2.expires = "2020-01-01 01:00:00.000";  // An expiring key loses to a lasting one.
  EXPECT_EQ(CurrentKey(keys), &keys.key1);
  EXPECT_EQ(OlderKey(keys), &keys.key1);
  keys.key1.exists = false;
  EXPECT_EQ(CurrentKey(keys), &keys.key2);
  EXPECT_EQ(OlderKey(keys), nullptr);
  keys.key2.exists = false;
  EXPECT_EQ(CurrentKey(keys), nullptr);
}

TEST(EcsSpecTest, EqualTimestampsOrderTheSlots) {
  EcsSecretKeys keys;
  keys.key1 = {true, base::Secret("a"), "2020-01-01 00:00:01.000", ""};
  keys.key2 = {true, base::Secret("b"), "2020-01-01 00:00:01.000", ""};
  EXPECT_EQ(CurrentKey(keys), &keys.key2);
  EXPECT_EQ(OlderKey(keys), &keys.key1);
}

}  // namespace
}  // namespace osp::providers::ecs
