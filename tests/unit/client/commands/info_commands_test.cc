#include "client/commands/info_commands.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class InfoCommandsTest : public FakeServerTest {};

v1::GetProviderInfoResponse SampleInfo() {
  v1::GetProviderInfoResponse info;
  info.set_name("ospd");
  info.set_version("0.1.0");
  v1::BackendInfo* ecs = info.add_backends();
  ecs->set_id("ecs1");
  ecs->set_type("ecs");
  *ecs->add_endpoints() = [] {
    v1::BackendEndpoint e;
    e.set_name("management");
    e.set_url("https://ecs:4443");
    return e;
  }();
  *ecs->add_endpoints() = [] {
    v1::BackendEndpoint e;
    e.set_name("s3_public");
    e.set_url("https://s3.example");
    return e;
  }();
  return info;
}

TEST_F(InfoCommandsTest, InfoTableListsBackendsAndEndpoints) {
  service_.Respond("GetProviderInfo", SampleInfo());
  const OspctlResult result = RunOspctl({"info", "--target", server_.target()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "ospd 0.1.0\n"
            "BACKEND  TYPE  ENDPOINT    URL\n"
            "ecs1     ecs   management  https://ecs:4443\n"
            "               s3_public   https://s3.example\n");
}

TEST_F(InfoCommandsTest, InfoJsonIsTheResponse) {
  service_.Respond("GetProviderInfo", SampleInfo());
  const OspctlResult result = Run({"info", "--output", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, AllOf(HasSubstr("\"version\": \"0.1.0\""),
                                HasSubstr("\"url\": \"https://ecs:4443\"")));
}

TEST_F(InfoCommandsTest, CapabilitiesShowsEveryFeature) {
  v1::GetCapabilitiesResponse response;
  response.set_backend("b1");
  response.mutable_capabilities()->set_versioning(true);
  response.mutable_capabilities()->set_max_access_keys(2);
  service_.Respond("GetCapabilities", response);
  const OspctlResult result = Run({"capabilities"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("versioning            yes"), HasSubstr("object lock           no"),
                    HasSubstr("max access keys       2")));
  const auto requests = service_.Requests<v1::GetCapabilitiesRequest>("GetCapabilities");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].backend(), "b1");
}

TEST_F(InfoCommandsTest, CheckFailureExitsFailedPrecondition) {
  v1::CheckBackendResponse response;
  response.set_ok(false);
  v1::BackendCheck* login = response.add_checks();
  login->set_name("login");
  login->set_ok(true);
  login->mutable_latency()->set_nanos(15'000'000);
  v1::BackendCheck* s3 = response.add_checks();
  s3->set_name("s3_endpoint");
  s3->set_message("TLS certificate not trusted");
  service_.Respond("CheckBackend", response);
  const OspctlResult result = Run({"check"});
  EXPECT_EQ(result.exit_code, 9);
  EXPECT_THAT(result.out,
              AllOf(HasSubstr("login        yes  15ms"),
                    HasSubstr("s3_endpoint  no   0us      TLS certificate not trusted")));
  EXPECT_EQ(result.err, "FAILED_PRECONDITION: backend 'b1' failed 1 of 2 checks\n");
}

TEST_F(InfoCommandsTest, CheckSuccessExitsZero) {
  v1::CheckBackendResponse response;
  response.set_ok(true);
  service_.Respond("CheckBackend", response);
  EXPECT_EQ(Run({"check"}).exit_code, 0);
}

}  // namespace
}  // namespace osp::client::testing
