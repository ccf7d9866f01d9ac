#include "providers/minio/sio_stream.h"

#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Eq;

nlohmann::json Vectors() {
  std::ifstream in(OSP_TESTDATA_DIR "/madmin-encrypt-vectors.json");
  return nlohmann::json::parse(in);
}

std::string Hex(const nlohmann::json& v) { return absl::HexStringToBytes(v.get<std::string>()); }

// The sio-go known answers: multi-fragment streams with small buffers and associated data.
TEST(SioStreamTest, SioGoVectorsSealAndOpen) {
  const auto vectors = Vectors()["sio_stream_vectors"]["vectors"];
  ASSERT_EQ(vectors.size(), 14u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.dump());
    SioStream stream(SioCipher::kAesGcm, Hex(v["Key"]), Hex(v["Nonce"]), v["BufSize"].get<int>());
    const std::string plaintext = Hex(v["Plaintext"]);
    const std::string ciphertext = Hex(v["Ciphertext"]);
    const std::string aad = Hex(v["AssociatedData"]);
    EXPECT_THAT(stream.Seal(plaintext, aad), IsOkAndHolds(Eq(ciphertext)));
    EXPECT_THAT(stream.Open(ciphertext, aad), IsOkAndHolds(Eq(plaintext)));
  }
}

TEST(SioStreamTest, RejectsTamperingTruncationAndWrongAssociatedData) {
  SioStream stream(SioCipher::kChaCha20Poly1305, std::string(32, 'k'), "12345678", 16);
  const std::string plaintext(40, 'p');  // Three fragments: 16 + 16 + 8.
  auto sealed = stream.Seal(plaintext);
  ASSERT_TRUE(sealed.ok());
  ASSERT_EQ(sealed->size(), 40u + 3 * 16);

  std::string flipped = *sealed;
  flipped[5] ^= 1;
  EXPECT_THAT(stream.Open(flipped), StatusIs(absl::StatusCode::kInvalidArgument));
  // Dropping the final fragment leaves a stream ending on a non-final fragment.
  EXPECT_THAT(stream.Open(sealed->substr(0, 64)), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(stream.Open(*sealed + "x"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(stream.Open(""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(stream.Open(*sealed, "other aad"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(stream.Open(*sealed), IsOkAndHolds(Eq(plaintext)));
}

TEST(SioStreamTest, ExactMultipleOfBufferEndsWithAFullFinalFragment) {
  SioStream stream(SioCipher::kAesGcm, std::string(32, 'k'), "abcdefgh", 16);
  const std::string plaintext(32, 'p');
  auto sealed = stream.Seal(plaintext);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), 64u);  // Two fragments of 16 + 16; no trailing empty fragment.
  EXPECT_THAT(stream.Open(*sealed), IsOkAndHolds(Eq(plaintext)));
}

TEST(SioStreamTest, BadParametersAreInvalidArgument) {
  EXPECT_THAT(SioStream(SioCipher::kAesGcm, "short", "12345678").Seal("x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(SioStream(SioCipher::kAesGcm, std::string(32, 'k'), "123").Seal("x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace osp::providers::minio
