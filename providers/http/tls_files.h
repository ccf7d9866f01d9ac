// CheckTlsFiles: reads the PEM files named in HttpTransportOptions once, when a transport is made,
// so that a wrong path or a broken file fails at start-up naming the option rather than on the
// first backend call. Thread-safe (no shared state).
#pragma once

#include "absl/status/status.h"
#include "providers/http/http_transport_factory.h"

namespace osp::providers::http {

// OK if every file named in `options` is readable PEM: ca_file holds at least one certificate,
// client_cert_file a certificate and client_key_file an unencrypted private key that matches it
// (the two go together). Otherwise INVALID_ARGUMENT whose message starts with the option name.
absl::Status CheckTlsFiles(const HttpTransportOptions& options);

}  // namespace osp::providers::http
