#include "providers/minio/minio_config.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

BackendSettings Valid() {
  BackendSettings s;
  s.id = "minio-lab";
  s.type = "minio";
  s.values = {{"endpoint", "https://minio.example.com:9000/"}, {"access_key", "admin"}};
  s.secrets.emplace("secret_key", base::Secret("admin-secret"));
  s.secrets.emplace("user_secret_seed", base::Secret(std::string(32, 's')));
  return s;
}

TEST(MinioConfigTest, DefaultsAndTrailingSlash) {
  auto c = MinioConfig::FromSettings(Valid());
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->endpoint, "https://minio.example.com:9000");
  EXPECT_EQ(c->s3_public_url, c->endpoint);
  EXPECT_EQ(c->user_prefix, "acs-");
  EXPECT_EQ(c->region, "us-east-1");
  EXPECT_EQ(c->request_timeout, absl::Seconds(30));
  EXPECT_EQ(c->backend_id, "minio-lab");
}

TEST(MinioConfigTest, EachBadFieldIsNamed) {
  const std::vector<std::pair<std::function<void(BackendSettings&)>, std::string>> cases = {
      {[](BackendSettings& s) { s.values.erase("endpoint"); }, "endpoint: required"},
      {[](BackendSettings& s) { s.values["endpoint"] = "minio:9000"; }, "endpoint: must be"},
      {[](BackendSettings& s) { s.values.erase("access_key"); }, "access_key: required"},
      {[](BackendSettings& s) { s.secrets.erase("secret_key"); },
       "secret_key_file or secret_key_env: required"},
      {[](BackendSettings& s) { s.secrets.erase("user_secret_seed"); },
       "user_secret_seed_file or user_secret_seed_env: required"},
      {[](BackendSettings& s) { s.secrets["user_secret_seed"] = base::Secret("short"); },
       "user_secret_seed_file or user_secret_seed_env: must hold at least 32 bytes"},
      {[](BackendSettings& s) { s.values["user_prefix"] = "a b"; }, "user_prefix:"},
      {[](BackendSettings& s) { s.values["user_prefix"] = ""; }, "user_prefix: must not be empty"},
      {[](BackendSettings& s) { s.values["s3_public_url"] = "ftp://x"; }, "s3_public_url:"},
      {[](BackendSettings& s) {
         s.values["insecure_skip_verify"] = "true";
         s.values["ca_file"] = "/ca.pem";
       },
       "insecure_skip_verify: cannot be combined with ca_file"},
      {[](BackendSettings& s) { s.values["request_timeout_seconds"] = "0"; },
       "request_timeout_seconds: must be positive"},
      {[](BackendSettings& s) { s.values["max_presign_ttl_seconds"] = "604801"; },
       "max_presign_ttl_seconds:"},
      {[](BackendSettings& s) { s.values["insecure_skip_verify"] = "maybe"; },
       "insecure_skip_verify: not a boolean"},
  };
  for (const auto& [mutate, expected] : cases) {
    BackendSettings s = Valid();
    mutate(s);
    auto c = MinioConfig::FromSettings(s);
    EXPECT_THAT(c, StatusIs(absl::StatusCode::kInvalidArgument, StartsWith(expected))) << expected;
    if (!c.ok()) {
      EXPECT_THAT(std::string(c.status().message()), Not(HasSubstr("admin-secret")));
    }
  }
}

}  // namespace
}  // namespace osp::providers::minio
