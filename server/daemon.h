// Daemon: the gRPC server of ospd built from DaemonConfig: a Unix domain socket and/or a TCP
// listener (plaintext, TLS or mTLS, optionally restricted to listed client certificate subjects),
// a bounded thread pool, grpc.health.v1 health and server reflection. Start once, Shutdown once
// (from any thread, e.g. the one that received SIGTERM). Start and Shutdown are not meant to race
// each other; tcp_address() is safe after Start.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server.h"
#include "osp/v1/config.pb.h"
#include "providers/base/logger.h"

namespace osp::server {

// Health service names: "" (the whole daemon), "osp.v1.ObjectStoreProvider", and
// "osp.v1.ObjectStoreProvider/<id>" for each backend id, in that order.
std::vector<std::string> HealthServiceNames(const std::vector<std::string>& backend_ids);

class Daemon final {
 public:
  // `config` must be validated (ValidateConfig). `logger` must outlive the daemon.
  Daemon(v1::DaemonConfig config, providers::base::Logger* logger);
  // Shuts down if still serving.
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Starts serving `services` (not owned; they must outlive the daemon) on the configured
  // listeners. A stale socket file at listen.unix is removed first; once bound, the socket gets
  // listen.unix_group (if set) and listen.unix_mode (default 0660), see UnixSocketAccess. Health
  // reports NOT_SERVING for every HealthServiceNames() name until everything is up, then
  // SERVING. With listen.tls.allowed_client_subjects, every call on the TCP listener (the
  // services, health and reflection alike) must come from a listed certificate subject, see
  // AllowListProcessor. Logs one info line
  //   {"msg":"serving","unix":"<path>","unix_mode":"0660","unix_group":"ospd","unix_gid":"990",
  //    "tcp":"<host>:<bound port>","tls":"off|tls|mtls"}
  // (unix* / tcp only when configured). Failures (nothing is left listening):
  //   FAILED_PRECONDITION "listen.unix: '/x' exists and is not a socket" / "... is in use" /
  //     "directory '/x' does not exist"; credential errors from MakeTcpServerCredentials;
  //   UNAVAILABLE "listen: cannot listen on ..." when a port cannot be bound;
  //   UnixSocketAccess errors (unknown group, chown/chmod refused).
  // Calling Start twice -> FAILED_PRECONDITION.
  absl::Status Start(const std::vector<grpc::Service*>& services,
                     const std::vector<std::string>& backend_ids);

  // "host:port" actually bound by the TCP listener (the chosen port when configured with port
  // 0); empty without a TCP listener or before Start.
  std::string tcp_address() const;

  // Sets every health name to NOT_SERVING, stops accepting RPCs, gives in-flight RPCs up to
  // shutdown_grace_seconds (default 10) to finish, cancels the rest, and returns when the server
  // has stopped (the socket file is removed). Idempotent; no-op before Start.
  void Shutdown();

 private:
  absl::Status PrepareUnixSocket() const;

  const v1::DaemonConfig config_;
  providers::base::Logger* const logger_;
  mutable absl::Mutex mu_;
  std::unique_ptr<grpc::Server> server_ ABSL_GUARDED_BY(mu_);
  std::string tcp_address_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace osp::server
