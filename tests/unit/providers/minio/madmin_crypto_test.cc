#include "providers/minio/madmin_crypto.h"

#include <deque>
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

// Hands out queued byte strings so that encryption reproduces fixed-salt vectors.
class QueuedRandomSource final : public base::RandomSource {
 public:
  void Push(std::string bytes) { queue_.push_back(std::move(bytes)); }
  absl::StatusOr<std::string> Bytes(size_t n) override {
    if (queue_.empty()) return std::string(n, '\x42');
    std::string out = queue_.front();
    queue_.pop_front();
    EXPECT_EQ(out.size(), n);
    return out;
  }

 private:
  std::deque<std::string> queue_;
};

nlohmann::json Vectors() {
  std::ifstream in(OSP_TESTDATA_DIR "/madmin-encrypt-vectors.json");
  return nlohmann::json::parse(in);
}

std::string Hex(const nlohmann::json& v) { return absl::HexStringToBytes(v.get<std::string>()); }

std::string Plaintext(const nlohmann::json& p) {
  if (p.contains("utf8")) return p["utf8"].get<std::string>();
  return std::string(p["zero_bytes"].get<size_t>(), '\0');
}

TEST(MadminCryptoTest, DecryptsMadminGoVectors) {
  base::SystemRandomSource random;
  MadminCrypto crypto(&random);
  const auto vectors = Vectors()["upstream_decrypt_vectors"]["vectors"];
  ASSERT_EQ(vectors.size(), 4u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["ciphertext_hex"].get<std::string>());
    const base::Secret password(v["password"].get<std::string>());
    EXPECT_THAT(crypto.DeriveKey(password, Hex(v["parsed"]["salt"]), MadminAead::kArgon2idAesGcm),
                IsOkAndHolds(Eq(Hex(v["computed"]["derived_key"]))));
    EXPECT_THAT(crypto.Decrypt(Hex(v["ciphertext_hex"]), password),
                IsOkAndHolds(Eq(Plaintext(v["plaintext"]))));
  }
}

// Fixed salt and nonce: every AEAD id, empty input and fragment boundaries, byte for byte.
TEST(MadminCryptoTest, EncryptsDerivedVectorsByteForByte) {
  const auto vectors = Vectors()["derived_vectors"]["vectors"];
  ASSERT_EQ(vectors.size(), 7u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["description"].get<std::string>());
    QueuedRandomSource random;
    random.Push(Hex(v["salt"]));
    random.Push(Hex(v["nonce"]));
    MadminCrypto crypto(&random);
    const base::Secret password(v["password"].get<std::string>());
    const auto aead = static_cast<MadminAead>(v["aead_id"].get<int>());
    const std::string plaintext = Plaintext(v["plaintext"]);
    const std::string ciphertext = Hex(v["ciphertext_hex"]);
    EXPECT_THAT(crypto.Encrypt(plaintext, password, aead), IsOkAndHolds(Eq(ciphertext)));
    EXPECT_THAT(crypto.Decrypt(ciphertext, password), IsOkAndHolds(Eq(plaintext)));
  }
}

TEST(MadminCryptoTest, WrongPasswordAndGarbageAreRejected) {
  base::SystemRandomSource random;
  MadminCrypto crypto(&random);
  auto sealed =
      crypto.Encrypt("{\"secretKey\":\"s\"}", base::Secret("right"), MadminAead::kPbkdf2AesGcm);
  ASSERT_TRUE(sealed.ok());
  EXPECT_THAT(crypto.Decrypt(*sealed, base::Secret("wrong")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(crypto.Decrypt("{\"plain\":\"json\"}", base::Secret("right")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  std::string bad_id = *sealed;
  bad_id[32] = 7;
  EXPECT_THAT(crypto.Decrypt(bad_id, base::Secret("right")),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MadminCryptoTest, RoundTripsWithRandomSaltAndNonce) {
  base::SystemRandomSource random;
  MadminCrypto crypto(&random);
  const std::string plaintext(40000, 'x');
  auto a = crypto.Encrypt(plaintext, base::Secret("pw"));
  auto b = crypto.Encrypt(plaintext, base::Secret("pw"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_THAT(crypto.Decrypt(*a, base::Secret("pw")), IsOkAndHolds(Eq(plaintext)));
}

}  // namespace
}  // namespace osp::providers::minio
