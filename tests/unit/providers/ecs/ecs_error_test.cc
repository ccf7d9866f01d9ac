#include "providers/ecs/ecs_error.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_recorded_bodies.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

http::HttpResponse Response(int status, std::string body) {
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string ErrorXml(int code, const std::string& description) {
  return absl::StrCat("<?xml version=\"1.0\"?><error><code>", code, "</code><description>",
                      description, "</description><details>d</details>",
                      "<retryable>false</retryable></error>");
}

struct MappingCase {
  int http_status;
  int ecs_code;  // 0: no error document.
  std::string description;
  absl::StatusCode expected;
};

class EcsErrorMappingTest : public testing::TestWithParam<MappingCase> {};

TEST_P(EcsErrorMappingTest, MapsToTheCanonicalCode) {
  const MappingCase& c = GetParam();
  std::string body = c.ecs_code == 0 ? "" : ErrorXml(c.ecs_code, c.description);
  absl::Status s = EcsErrorStatus(Response(c.http_status, body), "POST /object/bucket");
  EXPECT_EQ(s.code(), c.expected) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("POST /object/bucket"));
  if (c.ecs_code != 0) {
    EXPECT_THAT(std::string(s.message()), HasSubstr(absl::StrCat("ECS ", c.ecs_code, ": ")));
  } else {
    EXPECT_THAT(std::string(s.message()), HasSubstr(absl::StrCat("ECS HTTP ", c.http_status)));
  }
}

using C = absl::StatusCode;
INSTANTIATE_TEST_SUITE_P(
    Table, EcsErrorMappingTest,
    testing::Values(
        MappingCase{400, 1004, "Request parameter cannot be found", C::kNotFound},
        MappingCase{404, 2000, "Unable to find entity specified in URL", C::kNotFound},
        MappingCase{404, 1019, "Resource not found", C::kNotFound},
        MappingCase{400, 1015, "Resource already exists", C::kAlreadyExists},
        MappingCase{400, 40008, "Bucket already exists", C::kAlreadyExists},
        MappingCase{403, 3000, "Operation forbidden", C::kPermissionDenied},
        MappingCase{401, 4000, "Invalid credentials", C::kUnauthenticated},
        MappingCase{503, 6000, "Service unavailable", C::kUnavailable},
        MappingCase{503, 30026, "Service busy", C::kUnavailable},
        MappingCase{500, 30024, "Internal exception", C::kUnavailable},
        MappingCase{400, 1031, "Exceeding limit", C::kResourceExhausted},
        MappingCase{409, 60019, "Bucket is not empty", C::kFailedPrecondition},
        MappingCase{405, 1007, "Method not supported", C::kUnimplemented},
        MappingCase{400, 1002, "Invalid URI parameter", C::kInvalidArgument},
        MappingCase{415, 1003, "Unsupported media type", C::kInvalidArgument},
        MappingCase{400, 1005, "Required parameter is missing or empty", C::kInvalidArgument},
        MappingCase{400, 1008, "Parameter was provided but invalid", C::kInvalidArgument},
        MappingCase{400, 1013, "Bad request body", C::kInvalidArgument},
        MappingCase{400, 1014, "Parameter value out of range", C::kInvalidArgument},
        MappingCase{400, 40009, "Invalid bucket name", C::kInvalidArgument},
        MappingCase{400, 40010, "Bucket owner not valid", C::kInvalidArgument},
        // Known by their text only (observed on real clusters).
        MappingCase{400, 1008, "keypool not empty", C::kFailedPrecondition},
        MappingCase{400, 1008, "User cs-a already exists", C::kAlreadyExists},
        MappingCase{400, 1008, "User cs-a already has 2 valid keys", C::kFailedPrecondition},
        MappingCase{400, 99999, "Bucket acct1 is not empty", C::kFailedPrecondition},
        // No error document: the HTTP status decides.
        MappingCase{400, 0, "", C::kInvalidArgument}, MappingCase{401, 0, "", C::kUnauthenticated},
        MappingCase{403, 0, "", C::kPermissionDenied}, MappingCase{404, 0, "", C::kNotFound},
        MappingCase{405, 0, "", C::kUnimplemented}, MappingCase{409, 0, "", C::kFailedPrecondition},
        MappingCase{429, 0, "", C::kUnavailable}, MappingCase{500, 0, "", C::kUnavailable},
        MappingCase{502, 0, "", C::kUnavailable}, MappingCase{503, 0, "", C::kUnavailable},
        MappingCase{418, 0, "", C::kUnknown}));

TEST(EcsErrorTest, MessageCarriesCodeDescriptionDetailsAndOperation) {
  absl::Status s =
      EcsErrorStatus(Response(400, recorded::kError1004), "GET /object/bucket/testbucket2/info");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound,
                          "ECS 1004: Request parameter cannot be found: Unable to find entity "
                          "with the given id testbucket2 (GET /object/bucket/testbucket2/info, "
                          "HTTP 400)"));
}

TEST(EcsErrorTest, CarriesTheEcsCodeAsPayload) {
  EXPECT_EQ(EcsErrorCode(EcsErrorStatus(Response(400, ErrorXml(40010, "owner")), "op")), 40010);
  EXPECT_EQ(EcsErrorCode(EcsErrorStatus(Response(503, ""), "op")), std::nullopt);
  EXPECT_EQ(EcsErrorCode(absl::InvalidArgumentError("x")), std::nullopt);
}

TEST(EcsErrorTest, ReadsTheFlatJsonForm) {
  absl::Status s = EcsErrorStatus(
      Response(400, R"({"code":"1015","description":"Resource already exists","details":"u1"})"),
      "POST /object/users");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kAlreadyExists,
                          HasSubstr("ECS 1015: Resource already exists: u1")));
}

TEST(EcsErrorTest, ReadsTheObjectScaleGatewayForm) {
  absl::Status s = EcsErrorStatus(
      Response(401, R"({"http_status_code":401,"messages":[{"code":"4000","message":"Invalid )"
                    R"(credentials","severity":"ERROR"}]})"),
      "GET /object/users");
  EXPECT_THAT(
      s, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("ECS 4000: Invalid credentials")));
}

TEST(EcsErrorTest, GarbageBodyFallsBackToTheHttpStatus) {
  for (const char* body :
       {"<html><body>Bad Gateway</body></html>", "<error><code>", "{not json", "plain text"}) {
    absl::Status s = EcsErrorStatus(Response(502, body), "GET /object/bucket");
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnavailable,
                            AllOf(HasSubstr("ECS HTTP 502"), Not(HasSubstr("html")))))
        << body;
  }
}

TEST(EcsErrorTest, LongBackendTextIsCut) {
  absl::Status s =
      EcsErrorStatus(Response(400, ErrorXml(1008, std::string(5000, 'x'))), "POST /object/bucket");
  EXPECT_LT(s.message().size(), 700u);
  EXPECT_THAT(std::string(s.message()), HasSubstr("x..."));
}

}  // namespace
}  // namespace osp::providers::ecs
