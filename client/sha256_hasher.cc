#include "client/sha256_hasher.h"

#include <openssl/evp.h>

#include <string>

#include "absl/strings/escaping.h"

namespace osp::client {

Sha256Hasher::Sha256Hasher() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(context_, EVP_sha256(), nullptr);
}

Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(context_); }

void Sha256Hasher::Update(absl::string_view data) {
  EVP_DigestUpdate(context_, data.data(), data.size());
}

std::string Sha256Hasher::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, digest, &length);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

absl::StatusOr<StreamDigest> Sha256Hasher::DigestStream(std::istream& in) {
  Sha256Hasher hasher;
  StreamDigest result;
  std::string block(1 << 20, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const std::streamsize n = in.gcount();
    hasher.Update(absl::string_view(block.data(), static_cast<size_t>(n)));
    result.size += n;
  }
  if (in.bad()) return absl::InternalError("read failed while computing the SHA-256");
  result.sha256_hex = hasher.HexDigest();
  return result;
}

}  // namespace osp::client
