// SioStream: the secure-io/sio-go authenticated stream format that MinIO's admin API wraps
// around secret-bearing bodies (not DARE). A message is cut into fragments of `buffer_size`
// bytes, each sealed with AES-GCM or ChaCha20-Poly1305 under nonce || LE32(counter) and
// associated data flag || T, where T is the tag of an empty message sealed with counter 0 and the
// caller's associated data. Stateless and thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::providers::minio {

enum class SioCipher { kAesGcm, kChaCha20Poly1305 };

class SioStream final {
 public:
  // `key` is 16 or 32 bytes for AES-GCM (AES-128/256), 32 for ChaCha20-Poly1305; `nonce` is 8
  // bytes; `buffer_size` > 0 (sio-go and madmin use 16384).
  SioStream(SioCipher cipher, std::string key, std::string nonce, size_t buffer_size = 16384);

  // Seals `plaintext`. INVALID_ARGUMENT for a bad key or nonce size.
  absl::StatusOr<std::string> Seal(absl::string_view plaintext,
                                   absl::string_view associated_data = "") const;
  // Opens a sealed stream. Any tag failure, truncation or trailing garbage ->
  // INVALID_ARGUMENT "encrypted body: ..."; no partial plaintext is ever returned.
  absl::StatusOr<std::string> Open(absl::string_view ciphertext,
                                   absl::string_view associated_data = "") const;

 private:
  // Seals (encrypt) or opens `input` fragment by fragment.
  absl::StatusOr<std::string> Process(absl::string_view input, absl::string_view associated_data,
                                      bool encrypt) const;

  SioCipher cipher_;
  std::string key_;
  std::string nonce_;
  size_t buffer_size_;
};

}  // namespace osp::providers::minio
