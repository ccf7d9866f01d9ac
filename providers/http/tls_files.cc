#include "providers/http/tls_files.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::providers::http {
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
struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// Refuses to prompt on the terminal for the pass phrase of an encrypted key.
int NoPassphrase(char*, int, int, void*) { return 0; }

absl::StatusOr<std::string> ReadFile(absl::string_view option, const std::string& path) {
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  std::string content;
  char buffer[16384];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) content.append(buffer, n);
  if (std::ferror(file.get())) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  return content;
}

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& content) {
  return std::unique_ptr<BIO, BioFree>(
      BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
}

absl::StatusOr<std::unique_ptr<X509, X509Free>> ReadCertificate(absl::string_view option,
                                                                const std::string& path) {
  ASSIGN_OR_RETURN(std::string pem, ReadFile(option, path));
  auto bio = MemoryBio(pem);
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (!cert) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": ", path, " holds no PEM certificate"));
  }
  return cert;
}

absl::Status CheckClientCertificate(const HttpTransportOptions& options) {
  if (options.client_cert_file.empty() != options.client_key_file.empty()) {
    return absl::InvalidArgumentError(options.client_key_file.empty()
                                          ? "client_key_file: required with client_cert_file"
                                          : "client_cert_file: required with client_key_file");
  }
  if (options.client_cert_file.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto cert, ReadCertificate("client_cert_file", options.client_cert_file));
  ASSIGN_OR_RETURN(std::string key_pem, ReadFile("client_key_file", options.client_key_file));
  auto bio = MemoryBio(key_pem);
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (!key) {
    return absl::InvalidArgumentError(absl::StrCat("client_key_file: ", options.client_key_file,
                                                   " holds no unencrypted PEM private key"));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat("client_key_file: ", options.client_key_file,
                                                   " does not match client_cert_file"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckTlsFiles(const HttpTransportOptions& options) {
  if (!options.ca_file.empty()) {
    RETURN_IF_ERROR(ReadCertificate("ca_file", options.ca_file).status());
  }
  return CheckClientCertificate(options);
}

}  // namespace osp::providers::http
