#include "providers/ecs/ecs_config.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

BackendSettings Minimal() {
  BackendSettings s;
  s.id = "ecs1";
  s.type = "ecs";
  s.values = {{"management_url", "https://ecs.example.net:4443/"},
              {"username", "admin"},
              {"namespace", "ns1"},
              {"s3_private_url", "http://ecs.example.net:9020"}};
  s.secrets.emplace("password", base::Secret("pw"));
  return s;
}

TEST(EcsConfigTest, MinimalSettingsGetTheDefaults) {
  absl::StatusOr<EcsConfig> c = EcsConfig::FromSettings(Minimal());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->backend_id, "ecs1");
  EXPECT_EQ(c->management_url, "https://ecs.example.net:4443");
  EXPECT_EQ(c->username, "admin");
  EXPECT_EQ(c->password.Reveal(), "pw");
  EXPECT_EQ(c->namespace_name, "ns1");
  EXPECT_EQ(c->replication_group, "");
  EXPECT_EQ(c->s3_private_url, "http://ecs.example.net:9020");
  EXPECT_EQ(c->s3_public_url, "http://ecs.example.net:9020");
  EXPECT_EQ(c->user_prefix, "cs-");
  EXPECT_FALSE(c->insecure_skip_verify);
  EXPECT_EQ(c->ca_file, "");
  EXPECT_EQ(c->request_timeout, absl::Seconds(30));
  EXPECT_EQ(c->s3_region, "us-east-1");
  EXPECT_EQ(c->max_presign_ttl, absl::Hours(168));
}

TEST(EcsConfigTest, ReadsEveryField) {
  BackendSettings s = Minimal();
  s.values["replication_group"] = "urn:storageos:ReplicationGroupInfo:2ef0a92d:global";
  s.values["s3_public_url"] = "https://s3.example.com/";
  s.values["user_prefix"] = "acct-";
  s.values["ca_file"] = "/etc/ospd/ca.pem";
  s.values["request_timeout_seconds"] = "12";
  s.values["s3_region"] = "eu-west-1";
  s.values["max_presign_ttl_seconds"] = "3600";
  absl::StatusOr<EcsConfig> c = EcsConfig::FromSettings(s);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->replication_group, "urn:storageos:ReplicationGroupInfo:2ef0a92d:global");
  EXPECT_EQ(c->s3_public_url, "https://s3.example.com");
  EXPECT_EQ(c->user_prefix, "acct-");
  EXPECT_EQ(c->ca_file, "/etc/ospd/ca.pem");
  EXPECT_EQ(c->request_timeout, absl::Seconds(12));
  EXPECT_EQ(c->s3_region, "eu-west-1");
  EXPECT_EQ(c->max_presign_ttl, absl::Hours(1));
}

struct BadCase {
  std::string field;  // Setting to change ("password" removes the secret).
  std::string value;  // Empty: remove the setting.
  std::string message;
};

class EcsConfigBadFieldTest : public testing::TestWithParam<BadCase> {};

TEST_P(EcsConfigBadFieldTest, NamesTheField) {
  const BadCase& bad = GetParam();
  BackendSettings s = Minimal();
  if (bad.field == "password") {
    s.secrets.clear();
  } else if (bad.value.empty()) {
    s.values.erase(bad.field);
  } else {
    s.values[bad.field] = bad.value;
  }
  EXPECT_THAT(EcsConfig::FromSettings(s),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(bad.message)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, EcsConfigBadFieldTest,
    testing::Values(
        BadCase{"management_url", "", "management_url: required"},
        BadCase{"management_url", "ecs:4443", "management_url: must be an https:// or http:// URL"},
        BadCase{"management_url", "ftp://ecs", "management_url: must be an https:// or http://"},
        BadCase{"management_url", "https://", "management_url: must be an https:// or http://"},
        BadCase{"management_url", "https://a b", "management_url: must be an https:// or http://"},
        BadCase{"management_url", "https://u@ecs", "management_url: must be an https:// or"},
        BadCase{"username", "", "username: required"},
        BadCase{"password", "", "password_file or password_env: required"},
        BadCase{"namespace", "", "namespace: required"},
        BadCase{"namespace", "ns/1", "namespace: only letters"},
        BadCase{"replication_group", "rg 1", "replication_group: only letters"},
        BadCase{"s3_private_url", "", "s3_private_url: required"},
        BadCase{"s3_private_url", "ecs:9020", "s3_private_url: must be an https:// or http://"},
        BadCase{"s3_public_url", "s3.example.com", "s3_public_url: must be an https:// or"},
        BadCase{"user_prefix", "cs/", "user_prefix: only letters"},
        BadCase{"insecure_skip_verify", "yes", "insecure_skip_verify: not a boolean"},
        BadCase{"request_timeout_seconds", "0", "request_timeout_seconds: must be positive"},
        BadCase{"request_timeout_seconds", "x", "request_timeout_seconds: not an integer"},
        BadCase{"max_presign_ttl_seconds", "604801", "max_presign_ttl_seconds: must be between"},
        BadCase{"max_presign_ttl_seconds", "-5", "max_presign_ttl_seconds: must be between"}));

TEST(EcsConfigTest, EmptyUserPrefixIsRefused) {
  BackendSettings s = Minimal();
  s.values["user_prefix"] = "";
  EXPECT_THAT(EcsConfig::FromSettings(s), StatusIs(absl::StatusCode::kInvalidArgument,
                                                   HasSubstr("user_prefix: must not be empty")));
}

TEST(EcsConfigTest, InsecureAndCaFileExcludeEachOther) {
  BackendSettings s = Minimal();
  s.values["insecure_skip_verify"] = "true";
  s.values["ca_file"] = "/etc/ospd/ca.pem";
  EXPECT_THAT(EcsConfig::FromSettings(s),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("insecure_skip_verify: cannot be combined with ca_file")));
}

TEST(EcsConfigTest, EmptyRegionIsRefusedByValidate) {
  absl::StatusOr<EcsConfig> c = EcsConfig::FromSettings(Minimal());
  ASSERT_THAT(c, IsOk());
  c->s3_region.clear();
  EXPECT_THAT(c->Validate(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("s3_region: must not be")));
}

}  // namespace
}  // namespace osp::providers::ecs
