#include "server/field_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(FieldRulesTest, AcceptsGoodBucketNames) {
  for (const std::string& name : std::vector<std::string>{
           "abc", "my-bucket.v2", "0day", std::string(63, 'a'), "1.2.3.a", "192.168.5"}) {
    EXPECT_THAT(CheckBucketName("bucket.name", name), IsOk()) << name;
  }
}

TEST(FieldRulesTest, RefusesBadBucketNamesNamingTheField) {
  const struct {
    std::string name;
    std::string why;
  } cases[] = {
      {"", "required"},
      {"ab", "3-63 characters"},
      {std::string(64, 'a'), "3-63 characters"},
      {"My-Bucket", "only lower-case letters"},
      {"bucket_1", "only lower-case letters"},
      {"-abc", "start and end"},
      {"abc.", "start and end"},
      {"a..b", "'..'"},
      {"192.168.5.4", "IP address"},
      {"xn--abc", "start with 'xn--'"},
      {"sthree-abc", "start with 'sthree-'"},
      {"abc-s3alias", "end with '-s3alias'"},
      {"abc--ol-s3", "end with '--ol-s3'"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(CheckBucketName("bucket.name", c.name),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         testing::AllOf(StartsWith("bucket.name: "), HasSubstr(c.why))))
        << c.name;
  }
}

TEST(FieldRulesTest, AccountIds) {
  EXPECT_THAT(CheckAccountId("account_id", "a"), IsOk());
  EXPECT_THAT(CheckAccountId("account_id", "Acct_1.x@corp-2"), IsOk());
  EXPECT_THAT(CheckAccountId("account_id", std::string(64, 'x')), IsOk());
  EXPECT_THAT(CheckAccountId("account_id", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("account_id: required")));
  EXPECT_THAT(CheckAccountId("account_id", std::string(65, 'x')),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("account_id: longer")));
  EXPECT_THAT(CheckAccountId("account_id", "a b"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("account_id: may contain")));
  EXPECT_THAT(CheckAccountId("account_id", "a/b"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("account_id: may contain")));
  EXPECT_THAT(CheckOptionalAccountId("owner", ""), IsOk());
  EXPECT_THAT(CheckOptionalAccountId("owner", "a:b"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("owner: ")));
}

TEST(FieldRulesTest, ObjectKeys) {
  for (const std::string& key :
       std::vector<std::string>{"a", "dir/sub/file.txt", "dir/", "/lead", "a..b", ".hidden",
                                "caf\xc3\xa9", "\xf0\x9f\x98\x80", std::string(1024, 'k')}) {
    EXPECT_THAT(CheckObjectKey("key", key), IsOk()) << key;
  }
  const struct {
    std::string key;
    std::string why;
  } cases[] = {
      {"", "required"},
      {std::string(1025, 'k'), "longer than 1024 bytes"},
      {"bad\xff", "UTF-8"},
      {"overlong\xc0\xaf", "UTF-8"},
      {"surrogate\xed\xa0\x80", "UTF-8"},
      {"truncated\xe2\x82", "UTF-8"},
      {std::string("nul\0x", 5), "NUL"},
      {".", "'.' path segment"},
      {"a/./b", "'.' path segment"},
      {"..", "'..' path segment"},
      {"a/../b", "'..' path segment"},
      {"a/..", "'..' path segment"},
  };
  for (const auto& c : cases) {
    EXPECT_THAT(CheckObjectKey("objects[3].key", c.key),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         testing::AllOf(StartsWith("objects[3].key: "), HasSubstr(c.why))));
  }
}

TEST(FieldRulesTest, Quota) {
  v1::Quota quota;
  quota.set_max_bytes(int64_t{1} << 53);
  quota.set_max_objects(0);
  EXPECT_THAT(CheckQuota("bucket.quota", quota), IsOk());
  quota.set_max_bytes((int64_t{1} << 53) + 1);
  EXPECT_THAT(CheckQuota("bucket.quota", quota),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("bucket.quota.max_bytes: ")));
  quota.set_max_bytes(1);
  quota.set_max_objects(-1);
  EXPECT_THAT(CheckQuota("bucket.quota", quota),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.quota.max_objects: must not be negative")));
}

TEST(FieldRulesTest, Policy) {
  v1::Policy policy;
  EXPECT_THAT(CheckPolicy("p", policy, /*require_kind=*/false), IsOk());
  EXPECT_THAT(CheckPolicy("p", policy, /*require_kind=*/true),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("p.kind: required")));
  policy.set_kind(static_cast<v1::PolicyKind>(7));
  EXPECT_THAT(CheckPolicy("p", policy, false),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("p.kind: unknown value 7")));
  policy.set_kind(v1::POLICY_KIND_PUBLIC_READ);
  policy.set_json("{}");
  EXPECT_THAT(CheckPolicy("p", policy, false),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("p.json: allowed only")));
  policy.set_kind(v1::POLICY_KIND_CUSTOM);
  EXPECT_THAT(CheckPolicy("p", policy, true), IsOk());
  policy.set_json(R"( {"Statement": [{"Effect": "Allow"}]} )");
  EXPECT_THAT(CheckPolicy("p", policy, true), IsOk());
  for (const std::string bad : {"", "[1]", "\"str\"", "{", "{\"a\":}", "{} x"}) {
    policy.set_json(bad);
    EXPECT_THAT(CheckPolicy("p", policy, true),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("p.json: ")))
        << bad;
  }
  policy.set_json("{\"a\":\"" + std::string(20 * 1024, 'x') + "\"}");
  EXPECT_THAT(CheckPolicy("p", policy, true),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("p.json: longer than 20 KiB")));
}

TEST(FieldRulesTest, Tags) {
  google::protobuf::Map<std::string, std::string> tags;
  tags["k"] = "";
  tags[std::string(128, 'k')] = std::string(256, 'v');
  tags["\xc3\xa9t\xc3\xa9"] = std::string(128, 'v');
  EXPECT_THAT(CheckTags("bucket.tags", tags), IsOk());

  google::protobuf::Map<std::string, std::string> long_value;
  long_value["k"] = std::string(257, 'v');
  EXPECT_THAT(CheckTags("bucket.tags", long_value),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.tags[k]: longer than 256 characters")));
  google::protobuf::Map<std::string, std::string> long_key;
  long_key[std::string(129, 'k')] = "v";
  EXPECT_THAT(CheckTags("bucket.tags", long_key),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.tags: key longer than 128 characters")));
  google::protobuf::Map<std::string, std::string> empty_key;
  empty_key[""] = "v";
  EXPECT_THAT(CheckTags("bucket.tags", empty_key),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("bucket.tags: key required")));
  google::protobuf::Map<std::string, std::string> many;
  for (int i = 0; i < 51; ++i) many[std::to_string(i)] = "v";
  EXPECT_THAT(CheckTags("bucket.tags", many),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("bucket.tags: more than 50 tags")));
}

TEST(FieldRulesTest, CorsRules) {
  google::protobuf::RepeatedPtrField<v1::CorsRule> rules;
  v1::CorsRule* rule = rules.Add();
  rule->add_allowed_origins("*");
  rule->add_allowed_methods("GET");
  rule->add_allowed_methods("HEAD");
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules), IsOk());
  rule->add_allowed_methods("PATCH");
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("bucket.cors_rules[0].allowed_methods[2]: 'PATCH'")));
  rule->mutable_allowed_methods()->RemoveLast();
  rule->set_max_age_seconds(-1);
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.cors_rules[0].max_age_seconds: must not be negative")));
  rule->set_max_age_seconds(0);
  rules.Add()->add_allowed_methods("GET");
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.cors_rules[1].allowed_origins: required")));
  rules[1].add_allowed_origins("https://x.example\r\n");
  EXPECT_THAT(
      CheckCorsRules("bucket.cors_rules", rules),
      StatusIs(absl::StatusCode::kInvalidArgument,
               Eq("bucket.cors_rules[1].allowed_origins[0]: contains a control character")));
}

TEST(FieldRulesTest, CorsWildcardsAndRuleCount) {
  google::protobuf::RepeatedPtrField<v1::CorsRule> rules;
  v1::CorsRule* rule = rules.Add();
  rule->add_allowed_origins("https://*.example.com");
  rule->add_allowed_methods("GET");
  rule->add_allowed_headers("x-amz-*");
  rule->add_expose_headers("x-*-*");  // Exposed headers are names, not patterns.
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules), IsOk());
  rule->add_allowed_headers("*-*");
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.cors_rules[0].allowed_headers[1]: at most one '*' wildcard")));
  rule->mutable_allowed_headers()->RemoveLast();
  rule->add_allowed_origins("https://*.*.example.com");
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.cors_rules[0].allowed_origins[1]: at most one '*' wildcard")));
  rule->mutable_allowed_origins()->RemoveLast();
  while (rules.size() < kMaxCorsRules) *rules.Add() = rules[0];
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules), IsOk());
  *rules.Add() = rules[0];
  EXPECT_THAT(
      CheckCorsRules("bucket.cors_rules", rules),
      StatusIs(absl::StatusCode::kInvalidArgument, Eq("bucket.cors_rules: more than 100 rules")));
}

TEST(FieldRulesTest, CorsConfigurationFitsS3sSizeLimit) {
  google::protobuf::RepeatedPtrField<v1::CorsRule> rules;
  // 100 rules of 7 origins of 40 bytes: about 58 KiB of XML.
  for (int i = 0; i < kMaxCorsRules; ++i) {
    v1::CorsRule* rule = rules.Add();
    for (int o = 0; o < 7; ++o) rule->add_allowed_origins(std::string(40, 'a' + o));
    rule->add_allowed_methods("GET");
  }
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules), IsOk());
  // One more origin per rule: about 65 KiB.
  for (v1::CorsRule& rule : rules) rule.add_allowed_origins(std::string(40, 'z'));
  EXPECT_THAT(CheckCorsRules("bucket.cors_rules", rules),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("bucket.cors_rules: larger than S3's 64 KiB limit for a CORS "
                          "configuration")));
}

TEST(FieldRulesTest, Metadata) {
  google::protobuf::Map<std::string, std::string> metadata;
  metadata["Content-Owner_1"] = "alice";
  EXPECT_THAT(CheckMetadata("header.metadata", metadata), IsOk());
  metadata["x"] = "line\r\nInjected: yes";
  EXPECT_THAT(CheckMetadata("header.metadata", metadata),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("header.metadata[x]: contains a control character")));
  metadata.erase("x");
  metadata["bad key"] = "v";
  EXPECT_THAT(CheckMetadata("header.metadata", metadata),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("header.metadata: keys")));
  metadata.erase("bad key");
  metadata["big"] = std::string(2048 - 3 - 15 - 5 + 1, 'v');
  EXPECT_THAT(CheckMetadata("header.metadata", metadata),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("header.metadata: keys and values exceed 2 KiB")));
  metadata["big"].pop_back();
  EXPECT_THAT(CheckMetadata("header.metadata", metadata), IsOk());
}

TEST(FieldRulesTest, PageSize) {
  EXPECT_THAT(CheckPageSize("page_size", 0), IsOk());
  EXPECT_THAT(CheckPageSize("page_size", 1000), IsOk());
  EXPECT_THAT(CheckPageSize("page_size", 1001),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_size: ")));
  EXPECT_THAT(CheckPageSize("page_size", -1),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("page_size: ")));
}

TEST(FieldRulesTest, Durations) {
  google::protobuf::Duration d;
  d.set_seconds(1);
  EXPECT_THAT(CheckDuration("ttl", d, absl::Seconds(1), absl::Hours(168)), IsOk());
  d.set_seconds(7 * 24 * 3600);
  EXPECT_THAT(CheckDuration("ttl", d, absl::Seconds(1), absl::Hours(168)), IsOk());
  d.set_nanos(1);
  EXPECT_THAT(CheckDuration("ttl", d, absl::Seconds(1), absl::Hours(168)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       Eq("ttl: 168h0.000000001s is not within 1s to 168h")));
  d.set_seconds(0);
  d.set_nanos(999999999);
  EXPECT_THAT(CheckDuration("ttl", d, absl::Seconds(1), absl::Hours(168)),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("ttl: ")));
  d.set_seconds(5);
  d.set_nanos(-1);
  EXPECT_THAT(CheckDuration("ttl", d, absl::Seconds(1), absl::Hours(168)),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("ttl: not a valid Duration")));
}

TEST(FieldRulesTest, Enums) {
  EXPECT_THAT(CheckVersioning("v", 0, false), IsOk());
  EXPECT_THAT(CheckVersioning("v", 3, true), IsOk());
  EXPECT_THAT(CheckVersioning("v", 0, true),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("v: required")));
  EXPECT_THAT(CheckVersioning("v", 4, false),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("v: unknown value 4")));
  EXPECT_THAT(CheckEncryption("e", 2, true), IsOk());
  EXPECT_THAT(CheckEncryption("e", -3, false),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("e: unknown value -3")));
}

TEST(FieldRulesTest, TextAndKeys) {
  EXPECT_THAT(CheckText("display_name", "", 8), IsOk());
  EXPECT_THAT(
      CheckText("display_name", "123456789", 8),
      StatusIs(absl::StatusCode::kInvalidArgument, Eq("display_name: longer than 8 bytes")));
  EXPECT_THAT(CheckText("display_name", "tab\there", 64),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control character")));
  EXPECT_THAT(CheckAccessKeyId("access_key_id", "AKIA123"), IsOk());
  EXPECT_THAT(CheckAccessKeyId("access_key_id", "AK IA"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("access_key_id: ")));
  EXPECT_THAT(CheckVersionId("version_id", ""), IsOk());
  EXPECT_THAT(CheckVersionId("version_id", std::string(1025, 'v')),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("version_id: ")));
  EXPECT_THAT(CheckRequired("backend", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("backend: required")));
}

}  // namespace
}  // namespace osp::server
