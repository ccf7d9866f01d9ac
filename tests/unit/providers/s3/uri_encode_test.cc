#include "providers/s3/uri_encode.h"

#include <string>

#include "gtest/gtest.h"

namespace osp::providers::s3 {
namespace {

TEST(UriEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b+c/d=e&f%g"), "a%20b%2Bc%2Fd%3De%26f%25g");
  EXPECT_EQ(UriEncode("dir/sub dir/x$", Slash::kKeep), "dir/sub%20dir/x%24");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4"), "%E1%88%B4");
  EXPECT_EQ(UriEncode(std::string("\0\xff", 2)), "%00%FF");
}

TEST(UriEncodeTest, DecodeInvertsEncodeAndKeepsStrayPercents) {
  const std::string all = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
    return s;
  }();
  EXPECT_EQ(UriDecode(UriEncode(all)), all);
  EXPECT_EQ(UriDecode("%e1%88%B4"), "\xe1\x88\xb4");
  EXPECT_EQ(UriDecode("100%"), "100%");
  EXPECT_EQ(UriDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(UriDecode("a+b"), "a+b");
}

}  // namespace
}  // namespace osp::providers::s3
