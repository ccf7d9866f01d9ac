// TestPki: a throw-away certificate authority and certificates made with OpenSSL at test start,
// written as PEM files into a fresh temporary directory (removed by the destructor). Server
// certificates name 127.0.0.1 and localhost unless said otherwise. Not thread-safe.
#pragma once

#include <string>

namespace osp::providers::http {

class TestPki final {
 public:
  // Generates everything; ok() tells whether it worked.
  TestPki();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  bool ok() const { return ok_; }
  const std::string& ca_cert() const { return ca_cert_; }
  // Signed by the CA, for 127.0.0.1 and localhost.
  const std::string& server_cert() const { return server_cert_; }
  const std::string& server_key() const { return server_key_; }
  // Signed by the CA, for wrong.example only.
  const std::string& wrong_host_cert() const { return wrong_host_cert_; }
  const std::string& wrong_host_key() const { return wrong_host_key_; }
  // Signed by the CA, for client authentication.
  const std::string& client_cert() const { return client_cert_; }
  const std::string& client_key() const { return client_key_; }
  // A file that is not PEM.
  const std::string& garbage() const { return garbage_; }
  // A path that does not exist.
  std::string missing() const { return dir_ + "/missing.pem"; }

 private:
  bool Generate();

  bool ok_ = false;
  std::string dir_;
  std::string ca_cert_, server_cert_, server_key_, wrong_host_cert_, wrong_host_key_, client_cert_,
      client_key_, garbage_;
};

}  // namespace osp::providers::http
