// The log line of each RPC, and that no secret reaches a log at any level.
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "tests/unit/server/service_fixture.h"

namespace osp::server {
namespace {

using ::osp::providers::base::LogLevel;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::Return;

constexpr char kSecretKey[] = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
constexpr char kPresignedUrl[] =
    "https://s3.example/photos/a?X-Amz-Credential=AKIA1&X-Amz-Signature=0f1e2d3c4b5a";

class ServiceLogTest : public ServiceFixture {
 protected:
  explicit ServiceLogTest(LogLevel level = LogLevel::kDebug) : ServiceFixture(level) {}

  grpc::Status GetBucket(const std::string& backend) {
    v1::GetBucketRequest request;
    request.set_backend(backend);
    request.set_name("photos");
    v1::GetBucketResponse response;
    grpc::ClientContext ctx;
    return stub_->GetBucket(&ctx, request, &response);
  }

  // EnsureUser and PresignObject, whose responses carry credentials, and a PutObject whose
  // stream carries a secret-looking chunk.
  void RunRpcsWithSecrets() {
    providers::UserResult user;
    user.user_name = "cs-acct-1";
    user.credentials.access_key_id = "AKIA1";
    user.credentials.secret_access_key = providers::base::Secret(kSecretKey);
    EXPECT_CALL(*provider_, EnsureUser("acct-1", _, _)).WillOnce(Return(user));
    v1::EnsureUserRequest ensure;
    ensure.set_backend("ecs1");
    ensure.set_account_id("acct-1");
    v1::EnsureUserResponse ensured;
    grpc::ClientContext ctx1;
    ASSERT_TRUE(stub_->EnsureUser(&ctx1, ensure, &ensured).ok());
    ASSERT_EQ(ensured.credentials().secret_access_key(), kSecretKey);

    providers::PresignResult presigned;
    presigned.url = providers::base::Secret(kPresignedUrl);
    EXPECT_CALL(*provider_, PresignObject(_, _)).WillOnce(Return(presigned));
    v1::PresignObjectRequest presign;
    presign.set_backend("ecs1");
    presign.set_bucket("photos");
    presign.set_key("a");
    presign.set_method(v1::PRESIGN_METHOD_GET);
    v1::PresignObjectResponse presign_response;
    grpc::ClientContext ctx2;
    ASSERT_TRUE(stub_->PresignObject(&ctx2, presign, &presign_response).ok());
    ASSERT_EQ(presign_response.url(), kPresignedUrl);

    EXPECT_CALL(*provider_, PutObject(_, _, _))
        .WillOnce([](const providers::PutObjectHeader&, const providers::ChunkReader& next,
                     const providers::CallContext&) -> absl::StatusOr<providers::PutObjectResult> {
          std::string chunk;
          while (true) {
            absl::StatusOr<bool> more = next(&chunk);
            if (!more.ok()) return more.status();
            if (!*more) break;
          }
          return providers::PutObjectResult{"a", 30, "e", ""};
        });
    grpc::ClientContext ctx3;
    v1::PutObjectResponse put_response;
    auto writer = stub_->PutObject(&ctx3, &put_response);
    v1::PutObjectRequest header;
    header.mutable_header()->set_backend("ecs1");
    header.mutable_header()->set_bucket("photos");
    header.mutable_header()->set_key("a");
    v1::PutObjectRequest chunk;
    chunk.set_chunk(kSecretKey);
    ASSERT_TRUE(writer->Write(header));
    ASSERT_TRUE(writer->Write(chunk));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }

  void ExpectNoSecretInAnyLine() {
    ASSERT_FALSE(logger_.lines().empty());
    for (const testutil::LogLine& line : logger_.lines()) {
      EXPECT_THAT(line.Text(), Not(HasSubstr(kSecretKey)));
      EXPECT_THAT(line.Text(), Not(HasSubstr("0f1e2d3c4b5a")));
      EXPECT_THAT(line.Text(), Not(HasSubstr("X-Amz-Signature")));
    }
  }
};

TEST_F(ServiceLogTest, OneInfoLinePerRpcWithItsFields) {
  EXPECT_CALL(*provider_, GetBucket("photos", _)).WillOnce(Return(providers::Bucket{}));
  ASSERT_TRUE(GetBucket("ecs1").ok());
  const std::vector<testutil::LogLine> lines = LinesOf("GetBucket");
  ASSERT_EQ(lines.size(), 1u);
  const testutil::LogLine& line = lines[0];
  EXPECT_EQ(line.level, LogLevel::kInfo);
  EXPECT_EQ(line.message, "rpc");
  EXPECT_THAT(line.Field("backend"), Optional(std::string("ecs1")));
  EXPECT_THAT(line.Field("bucket"), Optional(std::string("photos")));
  EXPECT_THAT(line.Field("code"), Optional(std::string("OK")));
  EXPECT_THAT(line.Field("peer"), Optional(Not(std::string(""))));
  EXPECT_EQ(line.Field("error"), std::nullopt);
  double duration_ms = -1;
  ASSERT_TRUE(line.Field("duration_ms").has_value());
  EXPECT_TRUE(absl::SimpleAtod(*line.Field("duration_ms"), &duration_ms));
  EXPECT_GE(duration_ms, 0);
}

TEST_F(ServiceLogTest, ErrorLinesCarryTheStatusMessage) {
  ASSERT_FALSE(GetBucket("nope").ok());
  const std::vector<testutil::LogLine> lines = LinesOf("GetBucket");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, LogLevel::kInfo);
  EXPECT_THAT(lines[0].Field("backend"), Optional(std::string("nope")));
  EXPECT_THAT(lines[0].Field("code"), Optional(std::string("NOT_FOUND")));
  EXPECT_THAT(lines[0].Field("error"), Optional(std::string("backend 'nope' is not configured")));
  EXPECT_EQ(lines[0].Field("response"), std::nullopt);
}

TEST_F(ServiceLogTest, ServerSideFailuresLogAboveInfo) {
  EXPECT_CALL(*provider_, GetBucket("photos", _))
      .WillOnce(Return(absl::UnavailableError("backend 'ecs1': connection refused")))
      .WillOnce(Return(absl::InternalError("unexpected ECS answer")));
  ASSERT_FALSE(GetBucket("ecs1").ok());
  ASSERT_FALSE(GetBucket("ecs1").ok());
  const std::vector<testutil::LogLine> lines = LinesOf("GetBucket");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].level, LogLevel::kWarn);
  EXPECT_EQ(lines[1].level, LogLevel::kError);
}

TEST_F(ServiceLogTest, RpcsWithoutABucketHaveNoBucketField) {
  RunRpcsWithSecrets();
  const std::vector<testutil::LogLine> lines = LinesOf("EnsureUser");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].Field("bucket"), std::nullopt);
  EXPECT_THAT(LinesOf("PutObject").at(0).Field("bucket"), Optional(std::string("photos")));
}

TEST_F(ServiceLogTest, DebugAddsRedactedRequestAndResponse) {
  RunRpcsWithSecrets();
  const testutil::LogLine ensure = LinesOf("EnsureUser").at(0);
  ASSERT_TRUE(ensure.Field("request").has_value());
  EXPECT_THAT(*ensure.Field("request"), HasSubstr(R"("account_id":"acct-1")"));
  ASSERT_TRUE(ensure.Field("response").has_value());
  EXPECT_THAT(*ensure.Field("response"), HasSubstr(R"("access_key_id":"AKIA1")"));
  EXPECT_THAT(*ensure.Field("response"), HasSubstr(R"("secret_access_key":"[redacted]")"));
  const testutil::LogLine presign = LinesOf("PresignObject").at(0);
  EXPECT_THAT(presign.Field("response"), Optional(HasSubstr(R"("url":"[redacted]")")));
  // A stream logs its header, never its data.
  const testutil::LogLine put = LinesOf("PutObject").at(0);
  EXPECT_THAT(put.Field("request"), Optional(HasSubstr(R"("key":"a")")));
  ExpectNoSecretInAnyLine();
}

class InfoLevelLogTest : public ServiceLogTest {
 protected:
  InfoLevelLogTest() : ServiceLogTest(LogLevel::kInfo) {}
};

TEST_F(InfoLevelLogTest, NoMessagesAndNoSecretsAtInfo) {
  RunRpcsWithSecrets();
  for (const testutil::LogLine& line : logger_.lines()) {
    EXPECT_EQ(line.Field("request"), std::nullopt);
    EXPECT_EQ(line.Field("response"), std::nullopt);
  }
  EXPECT_EQ(LinesOf("EnsureUser").size(), 1u);
  ExpectNoSecretInAnyLine();
}

}  // namespace
}  // namespace osp::server
