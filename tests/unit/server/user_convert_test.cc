#include "server/user_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/proto_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::EqualsProto;
using ::osp::testutil::HasEveryFieldSet;

TEST(UserConvertTest, EnsureUserResponseRoundTripsEveryField) {
  v1::EnsureUserResponse response;
  response.set_user_name("cs-acct-1");
  response.set_created(true);
  response.mutable_credentials()->set_access_key_id("AKIA1");
  response.mutable_credentials()->set_secret_access_key("s3cr3t");
  response.mutable_credentials()->mutable_expires_at()->set_seconds(1800000000);
  response.mutable_credentials()->mutable_expires_at()->set_nanos(1);
  ASSERT_THAT(response, HasEveryFieldSet());
  const providers::UserResult domain = FromProto(response);
  EXPECT_EQ(domain.user_name, "cs-acct-1");
  EXPECT_TRUE(domain.created);
  EXPECT_EQ(domain.credentials.secret_access_key.Reveal(), "s3cr3t");
  EXPECT_THAT(ToProto(domain), EqualsProto(response));
}

TEST(UserConvertTest, CredentialsWithoutExpiryHaveNoExpiresAt) {
  providers::Credentials credentials;
  credentials.access_key_id = "AKIA2";
  credentials.secret_access_key = providers::base::Secret("x");
  const v1::Credentials proto = ToProto(credentials);
  EXPECT_FALSE(proto.has_expires_at());
  EXPECT_EQ(proto.secret_access_key(), "x");
  EXPECT_FALSE(FromProto(proto).expires_at.has_value());
}

}  // namespace
}  // namespace osp::server
