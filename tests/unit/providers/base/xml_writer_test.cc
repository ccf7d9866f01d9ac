#include "providers/base/xml_writer.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/xml_document.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::base {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(XmlWriterTest, WritesNestedElementsWithNamespace) {
  XmlWriter w("VersioningConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
  w.Element("Status", "Enabled");
  w.StartElement("Rule").Element("Id", "1").EndElement();
  EXPECT_THAT(
      w.Finish(),
      IsOkAndHolds("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                   "<Status>Enabled</Status><Rule><Id>1</Id></Rule></VersioningConfiguration>\n"));
}

TEST(XmlWriterTest, FinishClosesOpenElements) {
  XmlWriter w("Delete");
  w.StartElement("Object").Element("Key", "k");
  EXPECT_THAT(w.Finish(),
              IsOkAndHolds(HasSubstr("<Delete><Object><Key>k</Key></Object></Delete>")));
}

TEST(XmlWriterTest, EscapesTextAndRoundTrips) {
  const std::string nasty = "a<b>&c\"d'e]]>f </Key><Key>g \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  XmlWriter w("Delete");
  w.Element("Key", nasty);
  auto body = w.Finish();
  ASSERT_THAT(body, IsOk());
  EXPECT_THAT(*body, Not(HasSubstr("</Key><Key>g")));
  auto doc = XmlDocument::Parse(*body, "round trip");
  ASSERT_THAT(doc, IsOk());
  ASSERT_EQ(doc->root().Children("Key").size(), 1u);
  EXPECT_EQ(doc->root().ChildText("Key"), nasty);
}

TEST(XmlWriterTest, KeepsCarriageReturnsAndTabs) {
  XmlWriter w("a");
  w.Element("k", "x\r\ny\tz");
  auto body = w.Finish();
  ASSERT_THAT(body, IsOk());
  auto doc = XmlDocument::Parse(*body, "round trip");
  ASSERT_THAT(doc, IsOk());
  EXPECT_EQ(doc->root().ChildText("k"), "x\r\ny\tz");
}

TEST(XmlWriterTest, RejectsTextXmlCannotCarry) {
  for (const std::string& bad :
       {std::string("nul\0inside", 10), std::string("bell\x07"), std::string("\xff\xfe"),
        std::string("\xc0\xaf"),         // Overlong '/'.
        std::string("\xed\xa0\x80"),     // A UTF-16 surrogate.
        std::string("\xe2\x82"),         // Truncated sequence.
        std::string("\xef\xbf\xbe")}) {  // U+FFFE.
    XmlWriter w("Delete");
    w.StartElement("Object").Element("Key", bad).Element("VersionId", "v");
    EXPECT_THAT(w.Finish(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("<Key>")));
  }
}

TEST(XmlWriterTest, EmptyTextAndFinishTwice) {
  XmlWriter w("a");
  w.Element("b", "");
  EXPECT_THAT(w.Finish(), IsOkAndHolds(HasSubstr("<a><b></b></a>")));
  EXPECT_THAT(w.Finish(), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace osp::providers::base
