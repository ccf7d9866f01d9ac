#include "providers/minio/madmin_crypto.h"

#include <deque>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::providers::base::CallContext;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

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
  testutil::FakeClock clock;
  MadminCrypto crypto(&random, &clock);
  const auto vectors = Vectors()["upstream_decrypt_vectors"]["vectors"];
  ASSERT_EQ(vectors.size(), 4u);
  for (const auto& v : vectors) {
    SCOPED_TRACE(v["ciphertext_hex"].get<std::string>());
    const base::Secret password(v["password"].get<std::string>());
    EXPECT_THAT(crypto.DeriveKey(password, Hex(v["parsed"]["salt"]), MadminAead::kArgon2idAesGcm,
                                 CallContext()),
                IsOkAndHolds(Eq(Hex(v["computed"]["derived_key"]))));
    EXPECT_THAT(crypto.Decrypt(Hex(v["ciphertext_hex"]), password, CallContext()),
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
    testutil::FakeClock clock;
    MadminCrypto crypto(&random, &clock);
    const base::Secret password(v["password"].get<std::string>());
    const auto aead = static_cast<MadminAead>(v["aead_id"].get<int>());
    const std::string plaintext = Plaintext(v["plaintext"]);
    const std::string ciphertext = Hex(v["ciphertext_hex"]);
    EXPECT_THAT(crypto.Encrypt(plaintext, password, aead, CallContext()),
                IsOkAndHolds(Eq(ciphertext)));
    EXPECT_THAT(crypto.Decrypt(ciphertext, password, CallContext()), IsOkAndHolds(Eq(plaintext)));
  }
}

TEST(MadminCryptoTest, WrongPasswordAndGarbageAreRejected) {
  base::SystemRandomSource random;
  testutil::FakeClock clock;
  MadminCrypto crypto(&random, &clock);
  auto sealed = crypto.Encrypt("{\"secretKey\":\"s\"}", base::Secret("right"),
                               MadminAead::kPbkdf2AesGcm, CallContext());
  ASSERT_TRUE(sealed.ok());
  EXPECT_THAT(crypto.Decrypt(*sealed, base::Secret("wrong"), CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(crypto.Decrypt("{\"plain\":\"json\"}", base::Secret("right"), CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  std::string bad_id = *sealed;
  bad_id[32] = 7;
  EXPECT_THAT(crypto.Decrypt(bad_id, base::Secret("right"), CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MadminCryptoTest, RoundTripsWithRandomSaltAndNonce) {
  base::SystemRandomSource random;
  testutil::FakeClock clock;
  MadminCrypto crypto(&random, &clock);
  const std::string plaintext(40000, 'x');
  auto a =
      crypto.Encrypt(plaintext, base::Secret("pw"), MadminAead::kArgon2idAesGcm, CallContext());
  auto b =
      crypto.Encrypt(plaintext, base::Secret("pw"), MadminAead::kArgon2idAesGcm, CallContext());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_THAT(crypto.Decrypt(*a, base::Secret("pw"), CallContext()), IsOkAndHolds(Eq(plaintext)));
}

// PBKDF2 needs no memory and takes milliseconds: it never queues. Argon2id goes through the
// slots, so a caller already past its deadline or gone derives nothing.
TEST(MadminCryptoTest, OnlyArgon2idWaitsForASlotAndHonoursTheContext) {
  base::SystemRandomSource random;
  testutil::FakeClock clock;
  MadminCrypto crypto(&random, &clock);
  const std::string salt(32, 's');
  const base::Secret password("pw");
  const CallContext expired(clock.Now() - absl::Seconds(1), nullptr);
  EXPECT_THAT(crypto.DeriveKey(password, salt, MadminAead::kPbkdf2AesGcm, expired),
              IsOkAndHolds(testing::SizeIs(32)));
  EXPECT_THAT(crypto.DeriveKey(password, salt, MadminAead::kArgon2idAesGcm, expired),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("Argon2id key derivation")));
  const CallContext gone(absl::InfiniteFuture(), [] { return true; });
  EXPECT_THAT(crypto.DeriveKey(password, salt, MadminAead::kArgon2idChaCha20Poly1305, gone),
              StatusIs(absl::StatusCode::kCancelled));
  auto body = crypto.Encrypt("{}", password, MadminAead::kPbkdf2AesGcm, CallContext());
  ASSERT_TRUE(body.ok());
  EXPECT_THAT(crypto.Decrypt(*body, password, expired), IsOkAndHolds(Eq("{}")));
}

}  // namespace
}  // namespace osp::providers::minio
