// TestPki: a throw-away certificate authority with one server and one client certificate
// (EC P-256, valid from an hour ago for a day), generated in memory with OpenSSL for TLS and
// mTLS tests. The server certificate is for DNS:localhost and IP:127.0.0.1. Thread-compatible.
#pragma once

#include <string>

namespace osp::testutil {

struct TestPki {
  std::string ca_cert;  // PEM
  std::string server_cert;
  std::string server_key;
  std::string client_cert;
  std::string client_key;
};

// A fresh PKI; aborts the test binary if OpenSSL fails (never expected).
TestPki MakeTestPki();

}  // namespace osp::testutil
