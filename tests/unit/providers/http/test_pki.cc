#include "tests/unit/providers/http/test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "gtest/gtest.h"

namespace osp::providers::http {
namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

bool AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return false;
  bool added = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return added;
}

// A certificate for `key` named `cn`; self-signed when `issuer` is null.
Cert MakeCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, long serial,
              const char* san, const char* usage) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 7 * 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  bool ok = AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer == nullptr) {
    ok = ok && AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE") &&
         AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && AddExtension(cert.get(), signer, NID_authority_key_identifier, "keyid:always") &&
         AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
         AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature") &&
         AddExtension(cert.get(), signer, NID_ext_key_usage, usage);
    if (san != nullptr) ok = ok && AddExtension(cert.get(), signer, NID_subject_alt_name, san);
  }
  if (!ok || X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) == 0) {
    return nullptr;
  }
  return cert;
}

bool WriteCert(const std::string& path, X509* cert) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  bool ok = PEM_write_X509(file, cert) == 1;
  return std::fclose(file) == 0 && ok;
}

bool WriteKey(const std::string& path, EVP_PKEY* key) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  bool ok = PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  return std::fclose(file) == 0 && ok;
}

}  // namespace

TestPki::TestPki() { ok_ = Generate(); }

TestPki::~TestPki() {
  if (dir_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool TestPki::Generate() {
  std::string pattern = testing::TempDir() + "/osp_pki_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return false;
  dir_ = pattern;

  Key ca_key(EVP_EC_gen("P-256"));
  Key server_key(EVP_EC_gen("P-256"));
  Key wrong_key(EVP_EC_gen("P-256"));
  Key client_key(EVP_EC_gen("P-256"));
  if (!ca_key || !server_key || !wrong_key || !client_key) return false;
  Cert ca = MakeCert(ca_key.get(), "osp test CA", nullptr, nullptr, 1, nullptr, nullptr);
  if (!ca) return false;
  Cert server = MakeCert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2,
                         "IP:127.0.0.1,DNS:localhost", "serverAuth");
  Cert wrong = MakeCert(wrong_key.get(), "wrong.example", ca.get(), ca_key.get(), 3,
                        "DNS:wrong.example", "serverAuth");
  Cert client = MakeCert(client_key.get(), "osp test client", ca.get(), ca_key.get(), 4, nullptr,
                         "clientAuth");
  if (!server || !wrong || !client) return false;

  ca_cert_ = dir_ + "/ca.pem";
  server_cert_ = dir_ + "/server.pem";
  server_key_ = dir_ + "/server.key";
  wrong_host_cert_ = dir_ + "/wrong.pem";
  wrong_host_key_ = dir_ + "/wrong.key";
  client_cert_ = dir_ + "/client.pem";
  client_key_ = dir_ + "/client.key";
  garbage_ = dir_ + "/garbage.pem";
  std::ofstream(garbage_) << "this is not PEM\n";
  return WriteCert(ca_cert_, ca.get()) && WriteCert(server_cert_, server.get()) &&
         WriteKey(server_key_, server_key.get()) && WriteCert(wrong_host_cert_, wrong.get()) &&
         WriteKey(wrong_host_key_, wrong_key.get()) && WriteCert(client_cert_, client.get()) &&
         WriteKey(client_key_, client_key.get());
}

}  // namespace osp::providers::http
