#include "tests/unit/server/test_certs.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdlib>
#include <memory>
#include <utility>

namespace osp::testutil {
namespace {

struct Key {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{EVP_EC_gen("P-256"), EVP_PKEY_free};
};
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

void Check(bool ok) {
  if (!ok) std::abort();
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr && X509_add_ext(cert, ext, -1) == 1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, signed by `issuer_key` (self-signed when `issuer` is null),
// with `usage` as its extended key usage (none for the CA) and `san` as subjectAltName if set.
Cert MakeCert(const Key& key, const char* cn, X509* issuer, const Key& issuer_key, long serial,
              const char* usage = nullptr, const char* san = nullptr) {
  Cert cert(X509_new(), X509_free);
  Check(cert != nullptr && key.pkey != nullptr);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key.pkey.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (issuer == nullptr) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    AddExtension(cert.get(), signer, NID_ext_key_usage, usage);
  }
  if (san != nullptr) AddExtension(cert.get(), signer, NID_subject_alt_name, san);
  Check(X509_sign(cert.get(), issuer_key.pkey.get(), EVP_sha256()) > 0);
  return cert;
}

std::string ToPem(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  Check(PEM_write_bio_X509(bio.get(), cert) == 1);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string ToPem(const Key& key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  Check(PEM_write_bio_PrivateKey(bio.get(), key.pkey.get(), nullptr, nullptr, 0, nullptr,
                                 nullptr) == 1);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

TestPki MakeTestPki() {
  Key ca_key, server_key, client_key;
  Cert ca = MakeCert(ca_key, "ospd test CA", nullptr, ca_key, 1);
  Cert server = MakeCert(server_key, "localhost", ca.get(), ca_key, 2, "serverAuth",
                         "DNS:localhost,IP:127.0.0.1");
  Cert client = MakeCert(client_key, "ospd test client", ca.get(), ca_key, 3, "clientAuth");
  return TestPki{ToPem(ca.get()), ToPem(server.get()), ToPem(server_key), ToPem(client.get()),
                 ToPem(client_key)};
}

}  // namespace osp::testutil
