// MadminCrypto: MinIO admin API body encryption (madmin EncryptData / DecryptData): salt(32) |
// aead id(1) | nonce(8) | sio stream, with the key derived from the signing secret key by
// Argon2id (ids 0, 1) or PBKDF2-SHA256 (id 2). Thread-safe; key derivations (64 MiB each for
// Argon2id) run one at a time, as in madmin, so memory stays bounded under concurrency.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "providers/base/random_source.h"
#include "providers/base/secret.h"

namespace osp::providers::minio {

enum class MadminAead : unsigned char {
  kArgon2idAesGcm = 0,
  kArgon2idChaCha20Poly1305 = 1,
  kPbkdf2AesGcm = 2,
};

// The parts of an encrypted body; `sealed` points into the body it was parsed from.
struct MadminEnvelope {
  absl::string_view salt;
  MadminAead aead = MadminAead::kArgon2idAesGcm;
  absl::string_view nonce;
  absl::string_view sealed;
};

class MadminCrypto final {
 public:
  // `random` (not owned) supplies salts and nonces.
  explicit MadminCrypto(base::RandomSource* random) : random_(random) {}
  MadminCrypto(const MadminCrypto&) = delete;
  MadminCrypto& operator=(const MadminCrypto&) = delete;

  // Encrypts `plaintext` for a server that knows `password` (the signing secret key).
  absl::StatusOr<std::string> Encrypt(absl::string_view plaintext, const base::Secret& password,
                                      MadminAead aead = MadminAead::kArgon2idAesGcm);
  // Decrypts a body of any of the three ids. Not an encrypted body, wrong password or tampered
  // data -> INVALID_ARGUMENT "encrypted body: ..." (never partial plaintext).
  absl::StatusOr<std::string> Decrypt(absl::string_view ciphertext, const base::Secret& password);

  // Decrypt in two steps around the key derivation (exposed for the fuzzer, which cannot afford
  // a derivation per input). ParseEnvelope: too short or unknown AEAD id -> INVALID_ARGUMENT
  // "encrypted body: ...". Open: as Decrypt, with `key` instead of a password.
  static absl::StatusOr<MadminEnvelope> ParseEnvelope(absl::string_view ciphertext);
  static absl::StatusOr<std::string> Open(const MadminEnvelope& envelope, absl::string_view key);

  // The 32-byte key for `aead` (exposed for known-answer tests).
  absl::StatusOr<std::string> DeriveKey(const base::Secret& password, absl::string_view salt,
                                        MadminAead aead);

 private:
  base::RandomSource* random_;
  absl::Mutex derive_mu_;  // Serialises derivations: each Argon2id run takes 64 MiB.
};

}  // namespace osp::providers::minio
