// libFuzzer target for decrypting MinIO admin bodies (MadminCrypto, providers/minio): the
// envelope (salt | AEAD id | nonce) and the sio stream behind it. The key derivation is skipped
// (one Argon2id run takes 64 MiB and ~0.1 s): the keys are those the known-answer vectors of
// tests/testdata/madmin-encrypt-vectors.json derive, so the seeds built from those vectors open.
// A body that opens must be exactly what sealing its plaintext again produces.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/sio_stream.h"

namespace {

using osp::providers::minio::MadminAead;
using osp::providers::minio::MadminCrypto;
using osp::providers::minio::MadminEnvelope;
using osp::providers::minio::SioCipher;
using osp::providers::minio::SioStream;

// derived_vectors[*].derived_key for the password "minio-secret-key-EXAMPLE/K7MDENG".
const std::string& Argon2idKey() {
  static const std::string* key = new std::string(
      absl::HexStringToBytes("68aefdfbf59e1430520a78fecf2e1027b9e0b460dcae731a1b820b57423b7599"));
  return *key;
}
const std::string& Pbkdf2Key() {
  static const std::string* key = new std::string(
      absl::HexStringToBytes("7a12b08c6c97149ca9623e85c40e2633a907b20e73226d9ca0ca06d69e520153"));
  return *key;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

bool Refused(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument &&
         absl::StartsWith(status.message(), "encrypted body: ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view body(reinterpret_cast<const char*>(data), size);
  auto envelope = MadminCrypto::ParseEnvelope(body);
  if (!envelope.ok()) {
    Check(Refused(envelope.status()));
    return 0;
  }
  Check(envelope->salt.size() == 32 && envelope->nonce.size() == 8);
  const std::string& key =
      envelope->aead == MadminAead::kPbkdf2AesGcm ? Pbkdf2Key() : Argon2idKey();
  auto plaintext = MadminCrypto::Open(*envelope, key);
  if (!plaintext.ok()) {
    Check(Refused(plaintext.status()));
    return 0;
  }
  const SioCipher cipher = envelope->aead == MadminAead::kArgon2idChaCha20Poly1305
                               ? SioCipher::kChaCha20Poly1305
                               : SioCipher::kAesGcm;
  auto sealed = SioStream(cipher, key, std::string(envelope->nonce)).Seal(*plaintext);
  Check(sealed.ok() && *sealed == envelope->sealed);
  return 0;
}
