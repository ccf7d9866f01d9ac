#include "providers/backend_settings.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

BackendSettings Sample() {
  BackendSettings s;
  s.values = {{"namespace", "ns1"},
              {"insecure_skip_verify", "true"},
              {"timeout", "12"},
              {"bad_bool", "yes"},
              {"bad_int", "12x"}};
  s.secrets.emplace("password", base::Secret("pw"));
  return s;
}

TEST(BackendSettingsTest, ReadsValuesAndDefaults) {
  BackendSettings s = Sample();
  EXPECT_THAT(s.GetString("namespace"), IsOkAndHolds(Eq("ns1")));
  EXPECT_THAT(s.GetString("user_prefix", "cs-"), IsOkAndHolds(Eq("cs-")));
  EXPECT_THAT(s.GetBool("insecure_skip_verify", false), IsOkAndHolds(Eq(true)));
  EXPECT_THAT(s.GetBool("missing", true), IsOkAndHolds(Eq(true)));
  EXPECT_THAT(s.GetInt("timeout", 30), IsOkAndHolds(Eq(12)));
  EXPECT_THAT(s.GetInt("missing", 30), IsOkAndHolds(Eq(30)));
  EXPECT_EQ(s.GetSecret("password")->Reveal(), "pw");
}

TEST(BackendSettingsTest, BadValuesNameTheField) {
  BackendSettings s = Sample();
  EXPECT_THAT(s.GetBool("bad_bool", false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad_bool: not a boolean")));
  EXPECT_THAT(s.GetInt("bad_int", 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad_int: not an integer")));
  EXPECT_THAT(s.GetSecret("secret_key"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("secret_key_file or secret_key_env: required")));
}

}  // namespace
}  // namespace osp::providers
