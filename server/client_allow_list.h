// ClientAllowList: which callers on the TCP listener may use the daemon when
// listen.tls.allowed_client_subjects is set. A caller is admitted when the subject DN of its
// verified client certificate, in RFC 2253 form ("CN=ospctl,O=Example", as gRPC and
// `openssl x509 -noout -subject -nameopt RFC2253` print it), equals one entry exactly
// (case-sensitive, no normalisation). AllowListProcessor applies it to every call on the TCP
// listener; the Unix socket's mode and group decide who can connect there. Knows nothing of gRPC.
// Immutable; thread-safe.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace osp::server {

// Who is calling, as the transport tells it.
struct CallerIdentity {
  // Subject DN (RFC 2253) of the client certificate the TLS handshake verified; empty when the
  // caller presented none (or the connection is not TLS).
  std::string certificate_subject;
};

class ClientAllowList final {
 public:
  // `subjects` as in the config (validated by ValidateConfig); empty admits every caller.
  explicit ClientAllowList(const std::vector<std::string>& subjects);
  ClientAllowList(const ClientAllowList&) = delete;
  ClientAllowList& operator=(const ClientAllowList&) = delete;

  // OK when the list is empty or the caller's certificate subject is listed. Otherwise
  //   UNAUTHENTICATED "no verified client certificate (listen.tls.allowed_client_subjects is
  //     set)" for a TCP caller without one;
  //   PERMISSION_DENIED "client certificate subject 'CN=x' is not in
  //     listen.tls.allowed_client_subjects".
  // Subjects are not secret: the caller is told its own. Idempotent.
  absl::Status Check(const CallerIdentity& caller) const;

 private:
  const std::set<std::string, std::less<>> subjects_;
};

}  // namespace osp::server
