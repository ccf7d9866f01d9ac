#include "providers/base/xml_document.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::base {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kListing[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name>
  <KeyCount>2</KeyCount>
  <Contents><Key>a &amp; b</Key><Size>10</Size></Contents>
  <Contents><Key>c</Key><Size>x1</Size></Contents>
  <CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>
</ListBucketResult>)";

std::vector<std::string> Names(const std::vector<XmlElement>& elements) {
  std::vector<std::string> names;
  for (const XmlElement& e : elements) names.emplace_back(e.name());
  return names;
}

TEST(XmlDocumentTest, NavigatesByLocalName) {
  auto doc = XmlDocument::Parse(kListing, "S3 ListObjectsV2");
  ASSERT_THAT(doc, IsOk());
  XmlElement root = doc->root();
  EXPECT_EQ(root.name(), "ListBucketResult");
  EXPECT_EQ(root.ChildText("Name"), "bucket");
  EXPECT_THAT(root.ChildInt("KeyCount"), IsOkAndHolds(2));
  std::vector<XmlElement> contents = root.Children("Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(contents[0].ChildText("Key"), "a & b");
  EXPECT_THAT(contents[0].ChildInt("Size"), IsOkAndHolds(10));
  EXPECT_EQ(Names(root.Children()), (std::vector<std::string>{"Name", "KeyCount", "Contents",
                                                              "Contents", "CommonPrefixes"}));
  EXPECT_TRUE(root.HasChild("CommonPrefixes"));
  EXPECT_FALSE(root.HasChild("Prefix"));  // Only direct children.
}

TEST(XmlDocumentTest, IgnoresNamespacePrefixes) {
  auto doc = XmlDocument::Parse(
      R"(<s3:Error xmlns:s3="urn:x"><s3:Code>NoSuchKey</s3:Code></s3:Error>)", "S3");
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(doc->root().name(), "Error");
  EXPECT_EQ(doc->root().ChildText("Code"), "NoSuchKey");
}

TEST(XmlDocumentTest, MissingChildren) {
  auto doc = XmlDocument::Parse("<a><b/></a>", "test");
  ASSERT_THAT(doc, IsOk());
  EXPECT_FALSE(doc->root().Child("c").has_value());
  EXPECT_TRUE(doc->root().Children("c").empty());
  EXPECT_EQ(doc->root().ChildText("c"), "");
  EXPECT_EQ(doc->root().ChildText("b"), "");
  EXPECT_THAT(doc->root().ChildIntOr("c", 7), IsOkAndHolds(7));
  EXPECT_THAT(doc->root().ChildInt("c"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed XML from test: <a>")));
}

TEST(XmlDocumentTest, TextKeepsWhitespaceAndDescendants) {
  auto doc = XmlDocument::Parse("<a><k> x </k><m>1<n>2</n>3</m></a>", "test");
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(doc->root().ChildText("k"), " x ");
  EXPECT_EQ(doc->root().ChildText("m"), "123");
}

TEST(XmlDocumentTest, IntParsing) {
  auto doc = XmlDocument::Parse(
      "<a><big>9223372036854775807</big><neg>-3</neg><bad>x1</bad><over>9223372036854775808</over>"
      "<empty/></a>",
      "S3 HeadObject");
  ASSERT_THAT(doc, IsOk());
  EXPECT_THAT(doc->root().ChildInt("big"), IsOkAndHolds(INT64_MAX));
  EXPECT_THAT(doc->root().ChildInt("neg"), IsOkAndHolds(-3));
  for (const char* name : {"bad", "over", "empty"}) {
    EXPECT_THAT(
        doc->root().ChildInt(name),
        StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed XML from S3 HeadObject: <")))
        << name;
    EXPECT_THAT(doc->root().ChildIntOr(name, 0), Not(IsOk())) << name;
  }
}

TEST(XmlDocumentTest, RejectsMalformedDocuments) {
  for (const char* xml : {"", "not xml", "<a><b></a>", "<a>", "<a></a><b></b>",
                          "<a>&undefined;</a>", "<html><body>502 Bad Gateway<br></body></html>"}) {
    EXPECT_THAT(
        XmlDocument::Parse(xml, "ECS GET /login"),
        StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed XML from ECS GET /login: ")))
        << xml;
  }
}

TEST(XmlDocumentTest, BytesInvalidInTheDeclaredEncodingAreMalformedAndPrintNothing) {
  // libxml2 reports a failed encoding conversion on the thread's error handler, stderr by
  // default, whatever the parse options: a raw line among the daemon's JSON log lines.
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><Error><Code>\xff\xff</Code></Error>";
  testing::internal::CaptureStderr();
  absl::StatusOr<XmlDocument> parsed = XmlDocument::Parse(xml, "S3 PUT /b");
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed XML from S3")));
  EXPECT_EQ(printed, "");
}

TEST(XmlDocumentTest, RejectsDtdsSoEntitiesCannotExpand) {
  constexpr char kLaughs[] =
      R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]>)"
      "<a>&y;</a>";
  EXPECT_THAT(XmlDocument::Parse(kLaughs, "S3"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("DTD")));
  constexpr char kExternal[] =
      R"(<?xml version="1.0"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><a>&ext;</a>)";
  EXPECT_THAT(XmlDocument::Parse(kExternal, "S3"), StatusIs(absl::StatusCode::kInternal));
}

TEST(XmlDocumentTest, SurvivesMoves) {
  auto doc = XmlDocument::Parse("<a><b>1</b></a>", "moved");
  ASSERT_THAT(doc, IsOk());
  XmlDocument moved = std::move(doc).value();
  XmlElement root = moved.root();
  XmlDocument again = std::move(moved);
  EXPECT_THAT(root.ChildInt("c"), StatusIs(absl::StatusCode::kInternal, HasSubstr("moved")));
  EXPECT_THAT(again.root().ChildInt("b"), IsOkAndHolds(1));
}

TEST(XmlDocumentTest, MalformedBuildsTheSharedMessage) {
  auto doc = XmlDocument::Parse("<a/>", "S3 GetBucketVersioning");
  ASSERT_THAT(doc, IsOk());
  EXPECT_THAT(doc->root().Malformed("unexpected <a>"),
              StatusIs(absl::StatusCode::kInternal,
                       "malformed XML from S3 GetBucketVersioning: unexpected <a>"));
}

}  // namespace
}  // namespace osp::providers::base
