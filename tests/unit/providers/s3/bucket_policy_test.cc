#include "providers/s3/bucket_policy.h"

#include <string>

#include "gtest/gtest.h"

namespace osp::providers::s3 {
namespace {

Policy Custom(const std::string& json) { return Policy{PolicyKind::kCustom, json}; }

// A policy as a caller writes it: single values, "*" principal, one Statement object.
const char kWritten[] = R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*",)"
                        R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"}})";
// The same policy as MinIO answers GetBucketPolicy (json.Marshal of its BucketPolicy).
const char kMinioRead[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},)"
    R"("Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::b1"]}]})";

TEST(BucketPolicyTest, MinioSpellingOfAWrittenPolicyIsTheSame) {
  EXPECT_TRUE(
      SamePolicy(Custom(kWritten), PolicyFromDocument(std::string(kMinioRead), "b1"), "b1"));
  EXPECT_TRUE(SamePolicy(Custom(kMinioRead), Custom(kWritten), "b1"));
}

TEST(BucketPolicyTest, AValueIsAOneElementArray) {
  EXPECT_TRUE(SamePolicy(Custom(R"({"Statement":[{"Action":"s3:GetObject"}]})"),
                         Custom(R"({"Statement":[{"Action":["s3:GetObject"]}]})"), "b1"));
}

TEST(BucketPolicyTest, ArraysAreSets) {
  EXPECT_TRUE(SamePolicy(Custom(R"({"Statement":[{"Action":["s3:GetObject","s3:PutObject"]}]})"),
                         Custom(R"({"Statement":[{"Action":["s3:PutObject","s3:GetObject",)"
                                R"("s3:GetObject"]}]})"),
                         "b1"));
  EXPECT_TRUE(SamePolicy(Custom(R"({"Statement":[{"Sid":"1"},{"Sid":"2"}]})"),
                         Custom(R"({"Statement":[{"Sid":"2"},{"Sid":"1"}]})"), "b1"));
}

TEST(BucketPolicyTest, AnyonePrincipalSpellingsAreTheSame) {
  const std::string star = R"({"Statement":[{"Principal":"*"}]})";
  EXPECT_TRUE(
      SamePolicy(Custom(star), Custom(R"({"Statement":[{"Principal":{"AWS":"*"}}]})"), "b1"));
  EXPECT_TRUE(
      SamePolicy(Custom(star), Custom(R"({"Statement":[{"Principal":{"AWS":["*"]}}]})"), "b1"));
  EXPECT_TRUE(SamePolicy(Custom(R"({"Statement":[{"NotPrincipal":"*"}]})"),
                         Custom(R"({"Statement":[{"NotPrincipal":{"AWS":["*"]}}]})"), "b1"));
}

TEST(BucketPolicyTest, AStatementObjectIsAOneStatementList) {
  EXPECT_TRUE(SamePolicy(Custom(R"({"Version":"2012-10-17","Statement":{"Sid":"1"}})"),
                         Custom(R"({"Version":"2012-10-17","Statement":[{"Sid":"1"}]})"), "b1"));
}

TEST(BucketPolicyTest, RealDifferencesStayDifferent) {
  const Policy written = Custom(kWritten);
  for (const std::string& other : {
           std::string(R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":"*",)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"}})"),
           std::string(R"({"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*",)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"}})"),
           std::string(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",)"
                       R"("Principal":{"AWS":["arn:aws:iam:::user/u1"]},)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"}})"),
           std::string(
               R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*",)"
               R"("Action":["s3:ListBucket","s3:GetObject"],"Resource":"arn:aws:s3:::b1"}})"),
           std::string(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*",)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b2"}})"),
           std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"},{"Sid":"x"}]})"),
       }) {
    EXPECT_FALSE(SamePolicy(written, Custom(other), "b1")) << other;
    EXPECT_FALSE(SamePolicy(Custom(other), written, "b1")) << other;
  }
}

TEST(BucketPolicyTest, TheCustomPublicReadDocumentIsPublicRead) {
  const Policy stored = PolicyFromDocument(PublicReadPolicy("b1"), "b1");
  ASSERT_EQ(stored.kind, PolicyKind::kPublicRead);
  EXPECT_TRUE(SamePolicy(Custom(PublicReadPolicy("b1")), stored, "b1"));
  EXPECT_TRUE(SamePolicy(stored, Custom(PublicReadPolicy("b1")), "b1"));
  // Another bucket's public-read document is a custom policy here.
  EXPECT_FALSE(SamePolicy(Custom(PublicReadPolicy("b2")), stored, "b1"));
}

TEST(BucketPolicyTest, KindsWithoutDocuments) {
  const Policy unspecified{PolicyKind::kUnspecified, ""};
  const Policy private_policy{PolicyKind::kPrivate, ""};
  const Policy public_read{PolicyKind::kPublicRead, ""};
  EXPECT_TRUE(SamePolicy(unspecified, private_policy, "b1"));
  EXPECT_TRUE(SamePolicy(public_read, public_read, "b1"));
  EXPECT_FALSE(SamePolicy(public_read, private_policy, "b1"));
  EXPECT_FALSE(SamePolicy(Custom(kWritten), private_policy, "b1"));
}

TEST(BucketPolicyTest, TextThatIsNotJsonIsComparedAsText) {
  EXPECT_TRUE(SamePolicy(Custom("{not json"), Custom("{not json"), "b1"));
  EXPECT_FALSE(SamePolicy(Custom("{not json"), Custom("{not json "), "b1"));
}

}  // namespace
}  // namespace osp::providers::s3
