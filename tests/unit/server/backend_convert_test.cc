#include "server/backend_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/proto_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::EqualsProto;
using ::osp::testutil::HasEveryFieldSet;

TEST(BackendConvertTest, CapabilitiesRoundTripEveryField) {
  v1::Capabilities capabilities;
  const google::protobuf::Descriptor* descriptor = capabilities.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_BOOL) {
      capabilities.GetReflection()->SetBool(&capabilities, field, true);
    }
  }
  capabilities.set_max_access_keys(2);
  ASSERT_THAT(capabilities, HasEveryFieldSet());
  EXPECT_THAT(ToProto(FromProto(capabilities)), EqualsProto(capabilities));
}

TEST(BackendConvertTest, EachCapabilityMapsToItsOwnField) {
  providers::Capabilities only_presign;
  only_presign.presign = true;
  v1::Capabilities expected;
  expected.set_presign(true);
  EXPECT_THAT(ToProto(only_presign), EqualsProto(expected));
}

TEST(BackendConvertTest, BackendCheckAndEndpointRoundTripEveryField) {
  v1::BackendCheck check;
  check.set_name("login");
  check.set_ok(true);
  check.set_message("fine");
  check.mutable_latency()->set_seconds(1);
  check.mutable_latency()->set_nanos(500000000);
  ASSERT_THAT(check, HasEveryFieldSet());
  EXPECT_EQ(FromProto(check).latency, absl::Milliseconds(1500));
  EXPECT_THAT(ToProto(FromProto(check)), EqualsProto(check));

  v1::BackendEndpoint endpoint;
  endpoint.set_name("s3_public");
  endpoint.set_url("https://s3.example");
  ASSERT_THAT(endpoint, HasEveryFieldSet());
  EXPECT_THAT(ToProto(FromProto(endpoint)), EqualsProto(endpoint));
}

TEST(BackendConvertTest, CheckBackendResponseIsOkOnlyIfEveryCheckIs) {
  providers::BackendCheck good{"login", true, "", absl::Milliseconds(3)};
  providers::BackendCheck bad{"namespace", false, "namespace 'ns' missing", absl::Milliseconds(4)};
  EXPECT_TRUE(ToCheckBackendResponse({good, good}).ok());
  const v1::CheckBackendResponse mixed = ToCheckBackendResponse({good, bad});
  EXPECT_FALSE(mixed.ok());
  ASSERT_EQ(mixed.checks_size(), 2);
  EXPECT_EQ(mixed.checks(1).message(), "namespace 'ns' missing");
}

}  // namespace
}  // namespace osp::server
