#include "providers/s3/s3_error.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

std::string ErrorBody(const std::string& code) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code +
         "</Code><Message>m</Message><RequestId>tx1</RequestId></Error>";
}

struct Row {
  const char* code;
  int http;
  absl::StatusCode status;
};

TEST(S3ErrorTest, TheIssueTable) {
  const Row rows[] = {
      {"NoSuchBucket", 404, absl::StatusCode::kNotFound},
      {"NoSuchKey", 404, absl::StatusCode::kNotFound},
      {"BucketNotEmpty", 409, absl::StatusCode::kFailedPrecondition},
      {"BucketAlreadyExists", 409, absl::StatusCode::kAlreadyExists},
      {"BucketAlreadyOwnedByYou", 409, absl::StatusCode::kAlreadyExists},
      {"AccessDenied", 403, absl::StatusCode::kPermissionDenied},
      {"InvalidAccessKeyId", 403, absl::StatusCode::kUnauthenticated},
      {"SignatureDoesNotMatch", 403, absl::StatusCode::kUnauthenticated},
      {"QuotaExceeded", 403, absl::StatusCode::kResourceExhausted},
      {"XMinioAdminBucketQuotaExceeded", 400, absl::StatusCode::kResourceExhausted},
      {"SlowDown", 503, absl::StatusCode::kUnavailable},
      {"ServiceUnavailable", 503, absl::StatusCode::kUnavailable},
      {"InvalidBucketName", 400, absl::StatusCode::kInvalidArgument},
      {"InvalidRange", 416, absl::StatusCode::kOutOfRange},
      {"PreconditionFailed", 412, absl::StatusCode::kFailedPrecondition},
      {"NoSuchUpload", 404, absl::StatusCode::kNotFound},
      {"NoSuchBucketPolicy", 404, absl::StatusCode::kNotFound},
      {"NoSuchCORSConfiguration", 404, absl::StatusCode::kNotFound},
      {"ObjectLockConfigurationNotFoundError", 404, absl::StatusCode::kNotFound},
      {"ServerSideEncryptionConfigurationNotFoundError", 404, absl::StatusCode::kNotFound},
      {"InternalError", 500, absl::StatusCode::kUnavailable},
      {"MalformedXML", 400, absl::StatusCode::kInvalidArgument},
      {"NotImplemented", 501, absl::StatusCode::kUnimplemented},
  };
  for (const Row& row : rows) {
    S3Error error = ParseS3Error(row.http, ErrorBody(row.code));
    EXPECT_EQ(error.code, row.code);
    EXPECT_THAT(S3ErrorToStatus(error, "Op", "b", "k"),
                StatusIs(row.status, HasSubstr(std::string("S3 ") + row.code)))
        << row.code;
  }
}

TEST(S3ErrorTest, UnknownCodesFallBackToTheHttpStatus) {
  EXPECT_EQ(S3StatusCode("Whatever", 404), absl::StatusCode::kNotFound);
  EXPECT_EQ(S3StatusCode("Whatever", 403), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(S3StatusCode("Whatever", 400), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(S3StatusCode("Whatever", 502), absl::StatusCode::kUnavailable);
  EXPECT_EQ(S3StatusCode("Whatever", 409), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(S3StatusCode("Whatever", 302), absl::StatusCode::kUnknown);
}

TEST(S3ErrorTest, BodilessAnswersGetACodeFromTheStatus) {
  EXPECT_EQ(ParseS3Error(404, "").code, "NotFound");
  EXPECT_EQ(ParseS3Error(403, "").code, "Forbidden");
  EXPECT_EQ(ParseS3Error(502, "<html>Bad Gateway</html>").code, "HTTP502");
  EXPECT_THAT(
      S3ErrorToStatus(ParseS3Error(404, ""), "HeadBucket", "b", ""),
      StatusIs(absl::StatusCode::kNotFound, "S3 NotFound (HTTP 404) in HeadBucket, bucket \"b\""));
  EXPECT_THAT(S3ErrorToStatus(ParseS3Error(502, "<html/>"), "ListBuckets", "", ""),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("HTTP 502")));
}

TEST(S3ErrorTest, MessageNamesBucketKeyAndOperation) {
  S3Error error = ParseS3Error(
      404,
      "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
      "<BucketName>photos</BucketName><Key>a/b.jpg</Key><RequestId>tx00</RequestId></Error>");
  EXPECT_THAT(S3ErrorToStatus(error, "GetObject", "", ""),
              StatusIs(absl::StatusCode::kNotFound,
                       "S3 NoSuchKey (HTTP 404) in GetObject, bucket \"photos\", key \"a/b.jpg\": "
                       "The specified key does not exist. (request id tx00)"));
}

TEST(S3ErrorTest, NeverRepeatsSigningDetails) {
  const std::string body =
      "<Error><Code>SignatureDoesNotMatch</Code><Message>does not match</Message>"
      "<AWSAccessKeyId>AKIA</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 secretish</StringToSign>"
      "<SignatureProvided>deadbeef</SignatureProvided><CanonicalRequest>GET /x?X-Amz-Signature=1"
      "</CanonicalRequest></Error>";
  absl::Status status = S3ErrorToStatus(ParseS3Error(403, body), "GetObject", "b", "k");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated,
                               AllOf(HasSubstr("S3 SignatureDoesNotMatch"),
                                     Not(HasSubstr("AWS4-HMAC")), Not(HasSubstr("deadbeef")),
                                     Not(HasSubstr("X-Amz-Signature")), Not(HasSubstr("AKIA")))));
}

TEST(S3ErrorTest, LongMessagesAreCut) {
  S3Error error = ParseS3Error(400, "<Error><Code>InvalidArgument</Code><Message>" +
                                        std::string(5000, 'x') + "</Message></Error>");
  EXPECT_LE(error.message.size(), 256u);
}

}  // namespace
}  // namespace osp::providers::s3
