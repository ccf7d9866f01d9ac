// Server credentials of the TCP listener from the `listen` config: plaintext (h2c), TLS, or mTLS
// (client certificates required and verified against listen.tls.client_ca_file). The PEM files
// are read and checked (parsable, key matches certificate) here so that a bad file fails at start
// and in --check-config with the field's name, not deep inside gRPC. Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"
#include "osp/v1/config.pb.h"

namespace osp::server {

// "off" (no listen.tls), "tls" (server certificate) or "mtls" (client_ca_file set).
std::string TlsModeName(const v1::ListenConfig& listen);

// Credentials for the TCP listener of a validated `listen`. Failures name the field:
// "listen.tls.key_file: cannot read '/etc/k.pem': ..." (code from ReadFile),
// INVALID_ARGUMENT "listen.tls.cert_file: no PEM certificate in '/etc/c.pem'",
// INVALID_ARGUMENT "listen.tls.key_file: does not match listen.tls.cert_file".
// No message holds key material.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeTcpServerCredentials(
    const v1::ListenConfig& listen);

}  // namespace osp::server
