// Sha256Hasher: incremental SHA-256 (OpenSSL) for the digest ospctl sends in a PutObject header,
// so that the server can verify the upload. Thread-compatible; not copyable.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace osp::client {

// Size and hex digest of a whole stream.
struct StreamDigest {
  int64_t size = 0;
  std::string sha256_hex;
};

class Sha256Hasher final {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(absl::string_view data);
  // Lower-case hex of the digest of everything passed to Update. Call once.
  std::string HexDigest();

  // Reads `in` to its end in 1 MiB blocks and returns its size and digest; INTERNAL (the caller
  // names the file) if reading fails before the end.
  static absl::StatusOr<StreamDigest> DigestStream(std::istream& in);

 private:
  EVP_MD_CTX* context_;
};

}  // namespace osp::client
