// MadminCrypto: MinIO admin API body encryption (madmin EncryptData / DecryptData): salt(32) |
// aead id(1) | nonce(8) | sio stream, with the key derived from the signing secret key by
// Argon2id (ids 0, 1) or PBKDF2-SHA256 (id 2). Thread-safe; Argon2id derivations (64 MiB each)
// run at most kArgon2Slots at a time, and a caller waiting for one honours its deadline.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/random_source.h"
#include "providers/base/secret.h"
#include "providers/minio/derivation_gate.h"

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
  // Argon2id derivations that may run at once. madmin runs one at a time; two bound ospd's
  // extra memory at 128 MiB while letting a second caller in on a host with more cores (each
  // derivation already runs 4 lanes in parallel, so more slots would not finish sooner on the
  // 2-4 core hosts ospd runs on, only hold more memory).
  static constexpr int kArgon2Slots = 2;

  // `random` (not owned) supplies salts and nonces; `clock` (not owned) is what callers'
  // deadlines are compared with while they wait for an Argon2id slot.
  MadminCrypto(base::RandomSource* random, base::Clock* clock, int argon2_slots = kArgon2Slots)
      : random_(random), argon2_gate_(argon2_slots, clock) {}
  MadminCrypto(const MadminCrypto&) = delete;
  MadminCrypto& operator=(const MadminCrypto&) = delete;

  // Encrypts `plaintext` for a server that knows `password` (the signing secret key), with a
  // fresh salt and nonce. DeriveKey's errors for Argon2id ids.
  absl::StatusOr<std::string> Encrypt(absl::string_view plaintext, const base::Secret& password,
                                      MadminAead aead, const base::CallContext& ctx);
  // Decrypts a body of any of the three ids. Not an encrypted body, wrong password or tampered
  // data -> INVALID_ARGUMENT "encrypted body: ..." (never partial plaintext); DeriveKey's errors.
  absl::StatusOr<std::string> Decrypt(absl::string_view ciphertext, const base::Secret& password,
                                      const base::CallContext& ctx);

  // Decrypt in two steps around the key derivation (exposed for the fuzzer, which cannot afford
  // a derivation per input). ParseEnvelope: too short or unknown AEAD id -> INVALID_ARGUMENT
  // "encrypted body: ...". Open: as Decrypt, with `key` instead of a password.
  static absl::StatusOr<MadminEnvelope> ParseEnvelope(absl::string_view ciphertext);
  static absl::StatusOr<std::string> Open(const MadminEnvelope& envelope, absl::string_view key);

  // The 32-byte key for `aead` (exposed for known-answer tests). PBKDF2 (a few milliseconds of
  // CPU, no memory) runs at once; Argon2id waits for a slot: DEADLINE_EXCEEDED / CANCELLED when
  // `ctx` ends first (DerivationGate::Run).
  absl::StatusOr<std::string> DeriveKey(const base::Secret& password, absl::string_view salt,
                                        MadminAead aead, const base::CallContext& ctx);

 private:
  base::RandomSource* random_;
  DerivationGate argon2_gate_;
};

}  // namespace osp::providers::minio
