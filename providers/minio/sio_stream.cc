#include "providers/minio/sio_stream.h"

#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::providers::minio {
namespace {

constexpr size_t kTagSize = 16;
constexpr char kFinalFlag = static_cast<char>(0x80);

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

const EVP_CIPHER* CipherFor(SioCipher cipher, size_t key_size) {
  if (cipher == SioCipher::kChaCha20Poly1305) {
    return key_size == 32 ? EVP_chacha20_poly1305() : nullptr;
  }
  if (key_size == 16) return EVP_aes_128_gcm();
  if (key_size == 32) return EVP_aes_256_gcm();
  return nullptr;
}

std::string NonceFor(const std::string& nonce8, uint32_t counter) {
  std::string iv = nonce8;
  for (int i = 0; i < 4; ++i) iv.push_back(static_cast<char>((counter >> (8 * i)) & 0xff));
  return iv;
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// A cipher context set up once for `evp` and direction `encrypt`; each fragment then sets only
// its key and nonce (setting up the cipher is most of the cost of a small fragment).
absl::StatusOr<CipherCtx> NewContext(const EVP_CIPHER* evp, bool encrypt) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr) return absl::ResourceExhaustedError("encrypted body: out of memory");
  if (EVP_CipherInit_ex(ctx.get(), evp, nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr) != 1) {
    return absl::InternalError("encrypted body: cipher failure");
  }
  return ctx;
}

// Seals (encrypt = true) or opens one fragment with `ctx`, which NewContext made for the same
// direction. For opening, `in` ends with the tag.
absl::StatusOr<std::string> Crypt(EVP_CIPHER_CTX* ctx, const std::string& key,
                                  const std::string& iv, absl::string_view aad,
                                  absl::string_view in, bool encrypt) {
  absl::string_view data = in;
  absl::string_view tag;
  if (!encrypt) {
    if (in.size() < kTagSize) return absl::InvalidArgumentError("encrypted body: truncated");
    data = in.substr(0, in.size() - kTagSize);
    tag = in.substr(in.size() - kTagSize);
  }
  int len = 0;
  std::string out(data.size() + kTagSize, '\0');
  auto* out_bytes = reinterpret_cast<unsigned char*>(out.data());
  bool ok = EVP_CipherInit_ex(ctx, nullptr, nullptr, Bytes(key), Bytes(iv), encrypt ? 1 : 0) == 1;
  if (ok && !aad.empty()) {
    ok = EVP_CipherUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1;
  }
  int written = 0;
  if (ok && !data.empty()) {
    ok = EVP_CipherUpdate(ctx, out_bytes, &len, Bytes(data), static_cast<int>(data.size())) == 1;
    written = len;
  }
  if (ok && !encrypt) {
    ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, kTagSize, const_cast<char*>(tag.data())) ==
         1;
  }
  if (ok) ok = EVP_CipherFinal_ex(ctx, out_bytes + written, &len) == 1;
  if (!ok) {
    return encrypt ? absl::InternalError("encrypted body: cipher failure")
                   : absl::InvalidArgumentError("encrypted body: authentication failed");
  }
  written += len;
  if (encrypt) {
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, kTagSize, out_bytes + written) != 1) {
      return absl::InternalError("encrypted body: cipher failure");
    }
    written += kTagSize;
  }
  out.resize(written);
  return out;
}

}  // namespace

SioStream::SioStream(SioCipher cipher, std::string key, std::string nonce, size_t buffer_size)
    : cipher_(cipher), key_(std::move(key)), nonce_(std::move(nonce)), buffer_size_(buffer_size) {}

absl::StatusOr<std::string> SioStream::Seal(absl::string_view plaintext,
                                            absl::string_view associated_data) const {
  return Process(plaintext, associated_data, /*encrypt=*/true);
}

absl::StatusOr<std::string> SioStream::Open(absl::string_view ciphertext,
                                            absl::string_view associated_data) const {
  return Process(ciphertext, associated_data, /*encrypt=*/false);
}

absl::StatusOr<std::string> SioStream::Process(absl::string_view input,
                                               absl::string_view associated_data,
                                               bool encrypt) const {
  const EVP_CIPHER* evp = CipherFor(cipher_, key_.size());
  if (evp == nullptr || nonce_.size() != 8 || buffer_size_ == 0) {
    return absl::InvalidArgumentError("encrypted body: bad key, nonce or buffer size");
  }
  ASSIGN_OR_RETURN(CipherCtx sealer, NewContext(evp, /*encrypt=*/true));
  ASSIGN_OR_RETURN(std::string header_tag, Crypt(sealer.get(), key_, NonceFor(nonce_, 0),
                                                 associated_data, "", /*encrypt=*/true));
  CipherCtx opener;
  if (!encrypt) {
    ASSIGN_OR_RETURN(opener, NewContext(evp, /*encrypt=*/false));
  }
  EVP_CIPHER_CTX* ctx = encrypt ? sealer.get() : opener.get();
  // Sealed fragments carry a tag; when opening, a fragment is final iff nothing follows it.
  const size_t fragment = encrypt ? buffer_size_ : buffer_size_ + kTagSize;
  std::string out;
  uint32_t counter = 1;
  size_t offset = 0;
  do {
    const size_t n = std::min(fragment, input.size() - offset);
    const bool final = offset + n == input.size();
    const std::string aad = std::string(1, final ? kFinalFlag : '\0') + header_tag;
    ASSIGN_OR_RETURN(std::string piece, Crypt(ctx, key_, NonceFor(nonce_, counter++), aad,
                                              input.substr(offset, n), encrypt));
    out += piece;
    offset += n;
  } while (offset < input.size());
  return out;
}

}  // namespace osp::providers::minio
