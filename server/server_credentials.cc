#include "server/server_credentials.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "server/read_file.h"

namespace osp::server {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::unique_ptr<X509, X509Free> FirstCertificate(const std::string& pem) {
  auto bio = MemoryBio(pem);
  return std::unique_ptr<X509, X509Free>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

absl::StatusOr<std::string> ReadField(const std::string& field, const std::string& path) {
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) {
    return absl::Status(content.status().code(),
                        absl::StrCat(field, ": ", content.status().message()));
  }
  return content;
}

absl::StatusOr<std::string> ReadCertificates(const std::string& field, const std::string& path) {
  ASSIGN_OR_RETURN(std::string pem, ReadField(field, path));
  if (FirstCertificate(pem) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": no PEM certificate in '", path, "'"));
  }
  return pem;
}

}  // namespace

std::string TlsModeName(const v1::ListenConfig& listen) {
  if (!listen.has_tls()) return "off";
  return listen.tls().client_ca_file().empty() ? "tls" : "mtls";
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeTcpServerCredentials(
    const v1::ListenConfig& listen) {
  if (!listen.has_tls()) return grpc::InsecureServerCredentials();
  const v1::TlsConfig& tls = listen.tls();
  ASSIGN_OR_RETURN(std::string cert, ReadCertificates("listen.tls.cert_file", tls.cert_file()));
  ASSIGN_OR_RETURN(std::string key, ReadField("listen.tls.key_file", tls.key_file()));
  {
    auto bio = MemoryBio(key);
    std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (pkey == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("listen.tls.key_file: no PEM private key in '", tls.key_file(), "'"));
    }
    if (X509_check_private_key(FirstCertificate(cert).get(), pkey.get()) != 1) {
      return absl::InvalidArgumentError("listen.tls.key_file: does not match listen.tls.cert_file");
    }
  }
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({std::move(key), std::move(cert)});
  if (!tls.client_ca_file().empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs,
                     ReadCertificates("listen.tls.client_ca_file", tls.client_ca_file()));
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace osp::server
