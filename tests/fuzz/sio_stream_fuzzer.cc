// libFuzzer target for SioStream (providers/minio/sio_stream.h), the authenticated stream
// format of MinIO's encrypted admin bodies. Input layout (the seeds are sio-go's test vectors):
//   cipher(1: %3 -> AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305) | buffer size(1: 0 -> 16384,
//   else the byte) | key(16 or 32) | nonce(8) | associated data length(1) | associated data |
//   stream
// Opening must fail with INVALID_ARGUMENT "encrypted body: ..." or give a plaintext whose
// sealing is the stream again; sealing the stream bytes as plaintext must open to them.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/minio/sio_stream.h"

namespace {

using osp::providers::minio::SioCipher;
using osp::providers::minio::SioStream;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Takes `n` bytes off the front of `in`; false when it is shorter.
bool Take(absl::string_view* in, size_t n, absl::string_view* out) {
  if (in->size() < n) return false;
  *out = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view in(reinterpret_cast<const char*>(data), size);
  absl::string_view header, key, nonce, ad_size, ad;
  if (!Take(&in, 2, &header)) return 0;
  const int kind = static_cast<unsigned char>(header[0]) % 3;
  const size_t buffer_size =
      header[1] == 0 ? 16384 : static_cast<size_t>(static_cast<unsigned char>(header[1]));
  if (!Take(&in, kind == 0 ? 16 : 32, &key) || !Take(&in, 8, &nonce) || !Take(&in, 1, &ad_size) ||
      !Take(&in, static_cast<unsigned char>(ad_size[0]), &ad)) {
    return 0;
  }
  const SioStream stream(kind == 2 ? SioCipher::kChaCha20Poly1305 : SioCipher::kAesGcm,
                         std::string(key), std::string(nonce), buffer_size);

  auto opened = stream.Open(in, ad);
  if (opened.ok()) {
    auto again = stream.Seal(*opened, ad);
    Check(again.ok() && *again == in);
  } else {
    Check(opened.status().code() == absl::StatusCode::kInvalidArgument &&
          absl::StartsWith(opened.status().message(), "encrypted body: "));
  }

  auto sealed = stream.Seal(in, ad);
  Check(sealed.ok());
  auto round_trip = stream.Open(*sealed, ad);
  Check(round_trip.ok() && *round_trip == in);
  return 0;
}
