// ChannelFactory: the gRPC channel to ospd from ospctl's connection flags: a Unix socket
// ("unix:///run/ospd/ospd.sock", "unix:/path" or a bare absolute path) or "host:port", in plain
// text or TLS, with a client certificate for mTLS and an authority override for the TLS check.
// Thread-safe (stateless).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"

namespace osp::client {

struct ChannelOptions {
  // Where ospd listens; see NormalizeTarget. Required.
  std::string target;
  // Use TLS. Implied by any of the files below.
  bool tls = false;
  // PEM CA bundle to verify the server; empty uses the system roots.
  std::string ca_file;
  // PEM client certificate and key for mTLS; both or neither.
  std::string cert_file;
  std::string key_file;
  // Name to verify the server certificate against instead of the target's host (TLS only).
  std::string server_name;
  // Time between keepalive pings while calls are open. A ping not answered within 20 s (or
  // `keepalive`, if shorter) ends the open calls with UNAVAILABLE, so a transfer without a
  // deadline does not wait forever on a connection whose server vanished. ospd accepts pings
  // every 10 s or less often.
  absl::Duration keepalive = absl::Seconds(30);
};

class ChannelFactory final {
 public:
  // The gRPC target for `target`: a bare absolute path becomes "unix:<path>", everything else
  // is passed on. Empty or whitespace-containing targets are usage errors.
  static absl::StatusOr<std::string> NormalizeTarget(absl::string_view target);

  // A channel for `options`; it connects lazily on the first call. Usage errors for a bad
  // target, only one of cert/key, or --server-name without TLS; the ReadLocalFile errors for
  // unreadable PEM files.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> Create(const ChannelOptions& options) const;
};

}  // namespace osp::client
