#include "providers/s3/s3_xml_builder.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/xml_document.h"
#include "providers/s3/s3_xml_parser.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kDecl[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr char kNs[] = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

TEST(S3XmlBuilderTest, Versioning) {
  EXPECT_THAT(BuildVersioning(Versioning::kEnabled),
              IsOkAndHolds(std::string(kDecl) + "<VersioningConfiguration" + kNs +
                           "><Status>Enabled</Status></VersioningConfiguration>\n"));
  EXPECT_THAT(BuildVersioning(Versioning::kSuspended), IsOkAndHolds(HasSubstr("Suspended")));
  EXPECT_THAT(BuildVersioning(Versioning::kOff), StatusIs(absl::StatusCode::kInvalidArgument));
  // What we write, we read back.
  EXPECT_THAT(ParseVersioning(*BuildVersioning(Versioning::kSuspended)),
              IsOkAndHolds(Versioning::kSuspended));
}

TEST(S3XmlBuilderTest, Encryption) {
  auto body = BuildEncryption(Encryption::kSseS3);
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, HasSubstr("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256"
                               "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>"));
  EXPECT_THAT(ParseEncryption(*body), IsOkAndHolds(Encryption::kSseS3));
  EXPECT_THAT(BuildEncryption(Encryption::kNone), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(S3XmlBuilderTest, CreateBucketConfiguration) {
  EXPECT_THAT(BuildCreateBucketConfiguration("eu-west-1"),
              IsOkAndHolds(HasSubstr("<LocationConstraint>eu-west-1</LocationConstraint>")));
}

TEST(S3XmlBuilderTest, CorsRoundTrip) {
  CorsRule rule;
  rule.allowed_origins = {"https://a.example", "https://b.example?x=1&y=<2>"};
  rule.allowed_methods = {"GET", "PUT"};
  rule.allowed_headers = {"*"};
  rule.expose_headers = {"ETag"};
  rule.max_age_seconds = 300;
  CorsRule minimal;
  minimal.allowed_origins = {"*"};
  minimal.allowed_methods = {"HEAD"};
  auto body = BuildCors({rule, minimal});
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, HasSubstr("https://b.example?x=1&amp;y=&lt;2&gt;"));
  EXPECT_THAT(ParseCors(*body), IsOkAndHolds(ElementsAre(rule, minimal)));

  EXPECT_THAT(BuildCors({}), StatusIs(absl::StatusCode::kInvalidArgument));
  CorsRule no_method;
  no_method.allowed_origins = {"*"};
  EXPECT_THAT(BuildCors({minimal, no_method}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("rule 1")));
}

TEST(S3XmlBuilderTest, ObjectLock) {
  ObjectLockConfiguration enabled_only{true, "", 0, 0};
  EXPECT_THAT(BuildObjectLock(enabled_only),
              IsOkAndHolds(HasSubstr("<ObjectLockEnabled>Enabled</ObjectLockEnabled>"
                                     "</ObjectLockConfiguration>")));
  ObjectLockConfiguration governance{true, "GOVERNANCE", 30, 0};
  auto body = BuildObjectLock(governance);
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, HasSubstr("<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>30</Days>"
                               "</DefaultRetention></Rule>"));
  EXPECT_THAT(ParseObjectLock(*body), IsOkAndHolds(governance));
  ObjectLockConfiguration compliance{true, "COMPLIANCE", 0, 2};
  EXPECT_THAT(ParseObjectLock(*BuildObjectLock(compliance)), IsOkAndHolds(compliance));

  for (const ObjectLockConfiguration& bad : {ObjectLockConfiguration{true, "LEGAL", 1, 0},
                                             ObjectLockConfiguration{true, "GOVERNANCE", 0, 0},
                                             ObjectLockConfiguration{true, "GOVERNANCE", 1, 1},
                                             ObjectLockConfiguration{true, "COMPLIANCE", -1, 0}}) {
    EXPECT_THAT(BuildObjectLock(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad.mode;
  }
}

TEST(S3XmlBuilderTest, CompleteMultipartUploadQuotesEtags) {
  auto body = BuildCompleteMultipartUpload({{1, "aa"}, {2, "bb"}});
  ASSERT_THAT(body, IsOk());
  auto doc = base::XmlDocument::Parse(*body, "test");
  ASSERT_THAT(doc, IsOk());
  std::vector<base::XmlElement> parts = doc->root().Children("Part");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].ChildText("PartNumber"), "1");
  EXPECT_EQ(parts[0].ChildText("ETag"), "\"aa\"");
  EXPECT_EQ(parts[1].ChildText("PartNumber"), "2");
  EXPECT_EQ(parts[1].ChildText("ETag"), "\"bb\"");
}

TEST(S3XmlBuilderTest, DeleteEscapesKeysAndRefusesWhatXmlCannotCarry) {
  auto body = BuildDelete({{"a&b</Key>", ""}, {"dir/c", "v1"}});
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, HasSubstr("<Object><Key>a&amp;b&lt;/Key&gt;</Key></Object>"
                               "<Object><Key>dir/c</Key><VersionId>v1</VersionId></Object>"));
  EXPECT_THAT(BuildDelete({{"bad\x01key", ""}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("<Key>")));
}

}  // namespace
}  // namespace osp::providers::s3
