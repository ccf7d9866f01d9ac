#include "client/sha256_hasher.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;

// FIPS 180-2 test vectors.
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kMillionA[] = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256HasherTest, KnownVectors) {
  Sha256Hasher empty;
  EXPECT_EQ(empty.HexDigest(), kEmpty);
  Sha256Hasher abc;
  abc.Update("a");
  abc.Update("bc");
  EXPECT_EQ(abc.HexDigest(), kAbc);
}

TEST(Sha256HasherTest, DigestStreamSpansSeveralBlocks) {
  std::istringstream in(std::string(1'000'000, 'a'));
  auto digest = Sha256Hasher::DigestStream(in);
  ASSERT_THAT(digest, IsOk());
  EXPECT_EQ(digest->size, 1'000'000);
  EXPECT_EQ(digest->sha256_hex, kMillionA);

  std::istringstream big(std::string(3 << 20, 'a'));
  digest = Sha256Hasher::DigestStream(big);
  ASSERT_THAT(digest, IsOk());
  EXPECT_EQ(digest->size, 3 << 20);
}

}  // namespace
}  // namespace osp::client
