#include "server/redaction.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>

#include <memory>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "osp/v1/options.pb.h"
#include "osp/v1/provider.pb.h"

namespace osp::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactionTest, ContractMarksTheCredentialFields) {
  std::set<std::string> secret_fields;
  const google::protobuf::FileDescriptor* file = v1::EnsureUserRequest::descriptor()->file();
  for (int m = 0; m < file->message_type_count(); ++m) {
    const google::protobuf::Descriptor* message = file->message_type(m);
    for (int f = 0; f < message->field_count(); ++f) {
      if (IsSecretField(*message->field(f))) secret_fields.insert(message->field(f)->full_name());
    }
  }
  EXPECT_THAT(secret_fields, testing::IsSupersetOf({"osp.v1.Credentials.secret_access_key",
                                                    "osp.v1.PresignObjectResponse.url"}));
  EXPECT_FALSE(IsSecretField(*v1::Credentials::descriptor()->FindFieldByName("access_key_id")));
}

TEST(RedactionTest, RedactsNestedSecretsAndKeepsTheRest) {
  v1::EnsureUserResponse response;
  response.set_user_name("cs-acct");
  response.mutable_credentials()->set_access_key_id("AKIAVISIBLE");
  response.mutable_credentials()->set_secret_access_key("wJalrXUtnFEMI-topsecret");
  const std::string json = RedactedJson(response);
  EXPECT_THAT(json, Not(HasSubstr("topsecret")));
  EXPECT_THAT(json, HasSubstr(R"("secret_access_key":"[redacted]")"));
  EXPECT_THAT(json, HasSubstr(R"("access_key_id":"AKIAVISIBLE")"));
  EXPECT_THAT(json, HasSubstr(R"("user_name":"cs-acct")"));
  // The original is untouched.
  EXPECT_EQ(response.credentials().secret_access_key(), "wJalrXUtnFEMI-topsecret");
}

TEST(RedactionTest, RedactsPresignedUrl) {
  v1::PresignObjectResponse response;
  response.set_url("https://s3.example/b/k?X-Amz-Signature=deadbeef");
  EXPECT_THAT(RedactedJson(response), Not(HasSubstr("deadbeef")));
}

TEST(RedactionTest, UnsetSecretsStayUnset) {
  v1::EnsureUserResponse response;
  response.mutable_credentials()->set_access_key_id("A");
  Redact(&response);
  EXPECT_EQ(response.credentials().secret_access_key(), "");
}

// A schema built at run time with secrets in every position the contract might use later:
// nested, repeated message, map of messages, repeated string, map of strings, a number.
constexpr char kTestSchema[] = R"pb(
  name: "redaction_test.proto"
  package: "osp.test"
  syntax: "proto3"
  message_type {
    name: "Inner"
    field {
      name: "token"
      number: 1
      type: TYPE_STRING
      label: LABEL_OPTIONAL
      options {
        [osp.v1.secret]: true
      }
    }
    field { name: "plain" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL }
  }
  message_type {
    name: "Outer"
    field {
      name: "one"
      number: 1
      type: TYPE_MESSAGE
      label: LABEL_OPTIONAL
      type_name: ".osp.test.Inner"
    }
    field {
      name: "many"
      number: 2
      type: TYPE_MESSAGE
      label: LABEL_REPEATED
      type_name: ".osp.test.Inner"
    }
    field {
      name: "by_name"
      number: 3
      type: TYPE_MESSAGE
      label: LABEL_REPEATED
      type_name: ".osp.test.Outer.ByNameEntry"
    }
    field {
      name: "passwords"
      number: 4
      type: TYPE_STRING
      label: LABEL_REPEATED
      options {
        [osp.v1.secret]: true
      }
    }
    field {
      name: "labels"
      number: 5
      type: TYPE_MESSAGE
      label: LABEL_REPEATED
      type_name: ".osp.test.Outer.LabelsEntry"
      options {
        [osp.v1.secret]: true
      }
    }
    field {
      name: "pin"
      number: 6
      type: TYPE_INT64
      label: LABEL_OPTIONAL
      options {
        [osp.v1.secret]: true
      }
    }
    field { name: "note" number: 7 type: TYPE_STRING label: LABEL_OPTIONAL }
    field {
      name: "blob"
      number: 8
      type: TYPE_BYTES
      label: LABEL_OPTIONAL
      options {
        [osp.v1.secret]: true
      }
    }
    nested_type {
      name: "ByNameEntry"
      options { map_entry: true }
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field {
        name: "value"
        number: 2
        type: TYPE_MESSAGE
        label: LABEL_OPTIONAL
        type_name: ".osp.test.Inner"
      }
    }
    nested_type {
      name: "LabelsEntry"
      options { map_entry: true }
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field { name: "value" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
  }
)pb";

constexpr char kTestData[] = R"pb(
  one { token: "s1-nested" plain: "p1" }
  many { token: "s2-repeated" plain: "p2" }
  many { token: "s3-repeated" }
  by_name {
    key: "k1"
    value { token: "s4-map" plain: "p4" }
  }
  passwords: "s5-list"
  passwords: "s6-list"
  labels { key: "visible-key" value: "s7-map-value" }
  pin: 987654321
  note: "p-note"
  blob: "s8-bytes"
)pb";

class DynamicRedactionTest : public testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTestSchema, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    const google::protobuf::Descriptor* outer = pool_.FindMessageTypeByName("osp.test.Outer");
    ASSERT_NE(outer, nullptr);
    message_.reset(factory_.GetPrototype(outer)->New());
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kTestData, message_.get()));
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
  std::unique_ptr<google::protobuf::Message> message_;
};

TEST_F(DynamicRedactionTest, RedactsSecretsInEveryPosition) {
  Redact(message_.get());
  const std::string text = message_->ShortDebugString();
  for (const char* secret : {"s1-nested", "s2-repeated", "s3-repeated", "s4-map", "s5-list",
                             "s6-list", "s7-map-value", "987654321", "s8-bytes"}) {
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  }
  for (const char* kept : {"p1", "p2", "p4", "k1", "visible-key", "p-note"}) {
    EXPECT_THAT(text, HasSubstr(kept));
  }
  // Presence and list lengths stay visible.
  const google::protobuf::Descriptor* outer = message_->GetDescriptor();
  const google::protobuf::Reflection* reflection = message_->GetReflection();
  EXPECT_EQ(reflection->FieldSize(*message_, outer->FindFieldByName("passwords")), 2);
  EXPECT_EQ(reflection->GetRepeatedString(*message_, outer->FindFieldByName("passwords"), 1),
            kRedacted);
  EXPECT_FALSE(reflection->HasField(*message_, outer->FindFieldByName("pin")));
}

TEST_F(DynamicRedactionTest, JsonHasNoSecret) {
  const std::string json = RedactedJson(*message_);
  EXPECT_THAT(json, HasSubstr("p-note"));
  EXPECT_THAT(json, Not(HasSubstr("s7-map-value")));
  EXPECT_THAT(json, Not(HasSubstr("s1-nested")));
  EXPECT_THAT(json, Not(HasSubstr("s8-bytes")));
}

}  // namespace
}  // namespace osp::server
