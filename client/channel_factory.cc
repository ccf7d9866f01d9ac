#include "client/channel_factory.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/local_files.h"
#include "client/usage_error.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "providers/base/status_macros.h"

namespace osp::client {
namespace {

// Responses such as a page of 1000 objects with metadata may exceed gRPC's 4 MiB default.
constexpr int kMaxReceiveMessageBytes = 64 << 20;
// Largest HTTP/2 frame the daemon may send (download chunks): fewer, larger frames than
// HTTP/2's 16 KiB default save CPU on both ends, as the daemon's own setting does for uploads.
constexpr int kMaxFrameBytes = 1 << 20;
// How long a keepalive ping may go unanswered before the connection counts as dead.
constexpr absl::Duration kKeepaliveTimeout = absl::Seconds(20);

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsCredentials(
    const ChannelOptions& options) {
  grpc::SslCredentialsOptions ssl;
  if (!options.ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadLocalFile(options.ca_file));
  }
  if (!options.cert_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadLocalFile(options.cert_file));
    ASSIGN_OR_RETURN(ssl.pem_private_key, ReadLocalFile(options.key_file));
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

absl::StatusOr<std::string> ChannelFactory::NormalizeTarget(absl::string_view target) {
  if (target.empty()) return UsageError("--target is empty");
  for (char c : target) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return UsageError(absl::StrCat("invalid --target '", target, "': contains whitespace"));
    }
  }
  if (absl::StartsWith(target, "/")) return absl::StrCat("unix:", target);
  return std::string(target);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelFactory::Create(
    const ChannelOptions& options) const {
  ASSIGN_OR_RETURN(const std::string target, NormalizeTarget(options.target));
  if (options.cert_file.empty() != options.key_file.empty()) {
    return UsageError("--cert-file and --key-file go together (mTLS)");
  }
  const bool tls = options.tls || !options.ca_file.empty() || !options.cert_file.empty();
  if (!tls && !options.server_name.empty()) {
    return UsageError("--server-name needs TLS (--tls or --ca-file)");
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
  args.SetInt(GRPC_ARG_HTTP2_MAX_FRAME_SIZE, kMaxFrameBytes);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, absl::ToInt64Milliseconds(options.keepalive));
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
              absl::ToInt64Milliseconds(std::min(options.keepalive, kKeepaliveTimeout)));
  // Keep pinging through a long wait for the next download chunk (gRPC stops after two pings
  // without data by default).
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (tls) {
    ASSIGN_OR_RETURN(credentials, TlsCredentials(options));
    if (!options.server_name.empty()) args.SetSslTargetNameOverride(options.server_name);
  }
  return grpc::CreateCustomChannel(target, credentials, args);
}

}  // namespace osp::client
