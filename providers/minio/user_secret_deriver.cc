#include "providers/minio/user_secret_deriver.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace osp::providers::minio {

base::Secret UserSecretDeriver::Derive(const std::string& user_name) const {
  const std::string message =
      absl::StrCat("ospd-minio-user-secret/v1\n", backend_id_, "\n", user_name);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  const std::string& key = seed_.Reveal();
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  std::string encoded =
      absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(mac), mac_len));
  encoded.resize(40);
  return base::Secret(std::move(encoded));
}

}  // namespace osp::providers::minio
