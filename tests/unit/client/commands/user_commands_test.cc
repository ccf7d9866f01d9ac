#include "client/commands/user_commands.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class UserCommandsTest : public FakeServerTest {};

TEST_F(UserCommandsTest, EnsureUserPrintsTheCredentials) {
  v1::EnsureUserResponse response;
  response.set_user_name("cs-acct-1");
  response.set_created(true);
  response.mutable_credentials()->set_access_key_id("AKIA1");
  response.mutable_credentials()->set_secret_access_key("s3cr3t");
  service_.Respond("EnsureUser", response);
  const OspctlResult result =
      Run({"user", "ensure", "--account", "acct-1", "--display-name", "Acme Ltd"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::EnsureUserRequest>("EnsureUser");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].backend(), "b1");
  EXPECT_EQ(requests[0].account_id(), "acct-1");
  EXPECT_EQ(requests[0].display_name(), "Acme Ltd");
  EXPECT_EQ(result.out,
            "user        cs-acct-1\n"
            "created     yes\n"
            "access key  AKIA1\n"
            "secret key  s3cr3t\n"
            "expires     -\n");
}

TEST_F(UserCommandsTest, EnsureUserJsonCarriesTheSecret) {
  v1::EnsureUserResponse response;
  response.mutable_credentials()->set_secret_access_key("s3cr3t");
  service_.Respond("EnsureUser", response);
  const OspctlResult result = Run({"user", "ensure", "--account", "a", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("\"secretAccessKey\": \"s3cr3t\""));
}

TEST_F(UserCommandsTest, AccountIsRequired) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"user", "ensure"}, {"user", "delete"}, {"key", "create"}, {"key", "delete"}}) {
    const OspctlResult result = Run(args);
    EXPECT_EQ(result.exit_code, 64) << args[0] << " " << args[1];
    EXPECT_THAT(result.err, HasSubstr("--account"));
  }
  EXPECT_THAT(service_.calls(), IsEmpty());
}

TEST_F(UserCommandsTest, DeleteUser) {
  const OspctlResult result = Run({"user", "delete", "--account", "acct-1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "deleted user of account acct-1\n");
  const auto requests = service_.Requests<v1::DeleteUserRequest>("DeleteUser");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].account_id(), "acct-1");
}

TEST_F(UserCommandsTest, CreateKeyPassesTheOldKeyExpiry) {
  v1::CreateAccessKeyResponse response;
  response.mutable_credentials()->set_access_key_id("AKIA2");
  response.mutable_credentials()->set_secret_access_key("n3w");
  response.mutable_credentials()->mutable_expires_at()->set_seconds(1714557600);
  service_.Respond("CreateAccessKey", response);
  const OspctlResult result =
      Run({"key", "create", "--account", "acct-1", "--old-key-expiry", "24h"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::CreateAccessKeyRequest>("CreateAccessKey");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].old_key_expiry().seconds(), 86400);
  EXPECT_THAT(result.out, AllOf(HasSubstr("access key  AKIA2"), HasSubstr("secret key  n3w"),
                                HasSubstr("expires     2024-05-01 10:00:00")));
}

TEST_F(UserCommandsTest, CreateKeyWithoutExpiryLeavesItUnset) {
  ASSERT_EQ(Run({"key", "create", "--account", "a"}).exit_code, 0);
  const auto requests = service_.Requests<v1::CreateAccessKeyRequest>("CreateAccessKey");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_FALSE(requests[0].has_old_key_expiry());
}

TEST_F(UserCommandsTest, BadExpiryIsAUsageError) {
  EXPECT_EQ(Run({"key", "create", "--account", "a", "--old-key-expiry", "tomorrow"}).exit_code, 64);
}

TEST_F(UserCommandsTest, DeleteKeyNeedsTheAccessKey) {
  EXPECT_EQ(Run({"key", "delete", "--account", "a"}).exit_code, 64);
  const OspctlResult result = Run({"key", "delete", "--account", "a", "--access-key", "AKIA1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "deleted access key AKIA1\n");
  const auto requests = service_.Requests<v1::DeleteAccessKeyRequest>("DeleteAccessKey");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].access_key_id(), "AKIA1");
  EXPECT_EQ(requests[0].account_id(), "a");
}

}  // namespace
}  // namespace osp::client::testing
