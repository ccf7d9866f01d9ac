#include "providers/minio/madmin_crypto.h"

#include <argon2.h>
#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "providers/minio/sio_stream.h"

namespace osp::providers::minio {
namespace {

constexpr size_t kSaltSize = 32;
constexpr size_t kNonceSize = 8;
constexpr size_t kHeaderSize = kSaltSize + 1 + kNonceSize;
constexpr size_t kKeySize = 32;

SioCipher CipherFor(MadminAead aead) {
  return aead == MadminAead::kArgon2idChaCha20Poly1305 ? SioCipher::kChaCha20Poly1305
                                                       : SioCipher::kAesGcm;
}

}  // namespace

absl::StatusOr<std::string> MadminCrypto::DeriveKey(const base::Secret& password,
                                                    absl::string_view salt, MadminAead aead,
                                                    const base::CallContext& ctx) {
  const std::string& pwd = password.Reveal();
  if (aead == MadminAead::kPbkdf2AesGcm) {
    std::string key(kKeySize, '\0');
    if (PKCS5_PBKDF2_HMAC(pwd.data(), static_cast<int>(pwd.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), 8192, EVP_sha256(), kKeySize,
                          reinterpret_cast<unsigned char*>(key.data())) != 1) {
      return absl::InternalError("encrypted body: PBKDF2 failed");
    }
    return key;
  }
  return argon2_gate_.Run("Argon2id key derivation", ctx, [&]() -> absl::StatusOr<std::string> {
    std::string key(kKeySize, '\0');
    const int rc = argon2id_hash_raw(/*t_cost=*/1, /*m_cost=*/65536, /*parallelism=*/4, pwd.data(),
                                     pwd.size(), salt.data(), salt.size(), key.data(), key.size());
    if (rc != ARGON2_OK) {
      return absl::InternalError(
          absl::StrCat("encrypted body: Argon2id failed: ", argon2_error_message(rc)));
    }
    return key;
  });
}

absl::StatusOr<std::string> MadminCrypto::Encrypt(absl::string_view plaintext,
                                                  const base::Secret& password, MadminAead aead,
                                                  const base::CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string salt, random_->Bytes(kSaltSize));
  ASSIGN_OR_RETURN(std::string nonce, random_->Bytes(kNonceSize));
  ASSIGN_OR_RETURN(std::string key, DeriveKey(password, salt, aead, ctx));
  ASSIGN_OR_RETURN(std::string sealed, SioStream(CipherFor(aead), key, nonce).Seal(plaintext));
  return absl::StrCat(salt, std::string(1, static_cast<char>(aead)), nonce, sealed);
}

absl::StatusOr<MadminEnvelope> MadminCrypto::ParseEnvelope(absl::string_view ciphertext) {
  if (ciphertext.size() < kHeaderSize) {
    return absl::InvalidArgumentError("encrypted body: too short");
  }
  const auto id = static_cast<unsigned char>(ciphertext[kSaltSize]);
  if (id > static_cast<unsigned char>(MadminAead::kPbkdf2AesGcm)) {
    return absl::InvalidArgumentError(absl::StrCat("encrypted body: unknown AEAD id ", id));
  }
  return MadminEnvelope{ciphertext.substr(0, kSaltSize), static_cast<MadminAead>(id),
                        ciphertext.substr(kSaltSize + 1, kNonceSize),
                        ciphertext.substr(kHeaderSize)};
}

absl::StatusOr<std::string> MadminCrypto::Open(const MadminEnvelope& envelope,
                                               absl::string_view key) {
  return SioStream(CipherFor(envelope.aead), std::string(key), std::string(envelope.nonce))
      .Open(envelope.sealed);
}

absl::StatusOr<std::string> MadminCrypto::Decrypt(absl::string_view ciphertext,
                                                  const base::Secret& password,
                                                  const base::CallContext& ctx) {
  ASSIGN_OR_RETURN(MadminEnvelope envelope, ParseEnvelope(ciphertext));
  ASSIGN_OR_RETURN(std::string key, DeriveKey(password, envelope.salt, envelope.aead, ctx));
  return Open(envelope, key);
}

}  // namespace osp::providers::minio
