// RandomSource: cryptographically secure random bytes (salts, nonces, backoff jitter). Injected
// so that tests can fix the bytes and reproduce known-answer vectors. Implementations are
// thread-safe.
#pragma once

#include <openssl/rand.h>

#include <string>

#include "absl/status/statusor.h"

namespace osp::providers::base {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // `n` random bytes. INTERNAL if the system source fails.
  virtual absl::StatusOr<std::string> Bytes(size_t n) = 0;
};

// OpenSSL's CSPRNG. Users link OpenSSL::Crypto.
class SystemRandomSource final : public RandomSource {
 public:
  absl::StatusOr<std::string> Bytes(size_t n) override {
    std::string out(n, '\0');
    if (n > 0 &&
        RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
      return absl::InternalError("random source failed");
    }
    return out;
  }
};

}  // namespace osp::providers::base
