#include "server/daemon.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/server_builder.h"
#include "osp/v1/provider.grpc.pb.h"
#include "providers/base/status_macros.h"
#include "server/allow_list_processor.h"
#include "server/config_validator.h"
#include "server/server_credentials.h"
#include "server/undecodable_request_interceptor.h"
#include "server/unix_socket_access.h"

namespace osp::server {
namespace {

using providers::base::LogLevel;

// Per-stream HTTP/2 receive window. gRPC's default grows it with bandwidth-delay probing, and
// an upload whose backend is slower than its caller then piles up tens of MiB inside the
// daemon. A fixed window bounds that per stream, and still fills a link of 4 MiB x RTT (over
// 400 MB/s at 10 ms).
constexpr int kStreamWindowBytes = 4 << 20;
// Largest HTTP/2 frame a caller may send (its upload chunks). HTTP/2's 16 KiB default cuts a
// 1 MiB chunk into 64 frames, each parsed and flow-controlled on its own; 1 MiB frames cost
// about a tenth less CPU per byte in ospd (tests/bench/throughput, alternating runs).
constexpr int kMaxFrameBytes = 1 << 20;
// How long a keepalive ping may go unanswered before the connection counts as dead.
constexpr int kKeepaliveTimeoutSeconds = 20;
// How often clients may ping without sending data (gRPC's server default is every 5 minutes,
// and a client pinging more often gets its connection closed).
constexpr int kMinClientPingIntervalMs = 10 * 1000;

// True if something accepts connections on the Unix socket at `path`.
bool SocketIsLive(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  bool live = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return live;
}

// `address` ("host:port") with its port replaced by `port`.
std::string WithPort(const std::string& address, int port) {
  return absl::StrCat(address.substr(0, address.rfind(':')), ":", port);
}

}  // namespace

std::vector<std::string> HealthServiceNames(const std::vector<std::string>& backend_ids) {
  std::string service = v1::ObjectStoreProvider::service_full_name();
  std::vector<std::string> names = {"", service};
  for (const std::string& id : backend_ids) names.push_back(absl::StrCat(service, "/", id));
  return names;
}

Daemon::Daemon(v1::DaemonConfig config, providers::base::Logger* logger)
    : config_(std::move(config)), logger_(logger) {}

Daemon::~Daemon() { Shutdown(); }

std::string Daemon::tcp_address() const {
  absl::MutexLock lock(&mu_);
  return tcp_address_;
}

absl::Status Daemon::PrepareUnixSocket() const {
  const std::string& path = config_.listen().unix();
  std::string dir = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  struct stat st {};
  if (!dir.empty() && ::stat(dir.c_str(), &st) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("listen.unix: directory '", dir, "' does not exist"));
  }
  if (::lstat(path.c_str(), &st) != 0) return absl::OkStatus();
  if (!S_ISSOCK(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("listen.unix: '", path, "' exists and is not a socket"));
  }
  if (SocketIsLive(path)) {
    return absl::FailedPreconditionError(
        absl::StrCat("listen.unix: '", path, "' is in use by another process"));
  }
  if (::unlink(path.c_str()) != 0) {
    return absl::FailedPreconditionError(absl::StrCat("listen.unix: cannot remove stale socket '",
                                                      path, "': ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status Daemon::Start(const std::vector<grpc::Service*>& services,
                           const std::vector<std::string>& backend_ids) {
  absl::MutexLock lock(&mu_);
  if (started_) return absl::FailedPreconditionError("daemon: already started");
  started_ = true;
  const v1::ListenConfig& listen = config_.listen();

  // Reflection must be able to describe grpc.health.v1.Health: keep its descriptor linked in.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  // Resolved before anything listens, so that an unknown group leaves nothing behind.
  ASSIGN_OR_RETURN(const UnixSocketAccess unix_access, UnixSocketAccess::FromConfig(listen));
  grpc::ServerBuilder builder;
  std::vector<std::string> addresses;
  if (!listen.unix().empty()) {
    RETURN_IF_ERROR(PrepareUnixSocket());
    addresses.push_back("unix:" + listen.unix());
    builder.AddListeningPort(addresses.back(), grpc::InsecureServerCredentials());
  }
  int tcp_port = 0;
  if (!listen.tcp().empty()) {
    ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                     MakeTcpServerCredentials(listen));
    if (!listen.tls().allowed_client_subjects().empty()) {
      credentials->SetAuthMetadataProcessor(std::make_shared<AllowListProcessor>(
          std::vector<std::string>(listen.tls().allowed_client_subjects().begin(),
                                   listen.tls().allowed_client_subjects().end()),
          logger_));
    }
    addresses.push_back(listen.tcp());
    builder.AddListeningPort(listen.tcp(), credentials, &tcp_port);
  }
  grpc::ResourceQuota quota("ospd");
  quota.SetMaxThreads(config_.max_threads() > 0 ? config_.max_threads() : kDefaultMaxThreads);
  builder.SetResourceQuota(quota);
  // Two daemons must not silently share a port.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_FRAME_SIZE, kMaxFrameBytes);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, kStreamWindowBytes);
  // A client that vanished without closing its connection leaves its RPCs waiting forever for
  // its next message; only an unanswered ping ends them.
  const int keepalive =
      listen.keepalive_seconds() > 0 ? listen.keepalive_seconds() : kDefaultKeepaliveSeconds;
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, keepalive * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             std::min(keepalive, kKeepaliveTimeoutSeconds) * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             kMinClientPingIntervalMs);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<UndecodableRequestInterceptorFactory>(logger_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || (!listen.tcp().empty() && tcp_port == 0)) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("listen: cannot listen on ", absl::StrJoin(addresses, " and ")));
  }
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  std::vector<std::string> health_names = HealthServiceNames(backend_ids);
  for (const std::string& name : health_names) health->SetServingStatus(name, false);

  providers::base::LogFields fields;
  if (!listen.unix().empty()) {
    if (absl::Status s = unix_access.Apply(listen.unix()); !s.ok()) {
      server_->Shutdown();
      server_.reset();
      return s;
    }
    fields.emplace_back("unix", listen.unix());
    unix_access.AppendLogFields(&fields);
  }
  if (!listen.tcp().empty()) {
    tcp_address_ = WithPort(listen.tcp(), tcp_port);
    fields.emplace_back("tcp", tcp_address_);
  }
  fields.emplace_back("tls", TlsModeName(listen));
  for (const std::string& name : health_names) health->SetServingStatus(name, true);
  logger_->Log(LogLevel::kInfo, "serving", fields);
  return absl::OkStatus();
}

void Daemon::Shutdown() {
  std::unique_ptr<grpc::Server> server;
  {
    absl::MutexLock lock(&mu_);
    server = std::move(server_);
  }
  if (server == nullptr) return;
  int grace = config_.shutdown_grace_seconds() > 0 ? config_.shutdown_grace_seconds()
                                                   : kDefaultShutdownGraceSeconds;
  logger_->Log(LogLevel::kInfo, "shutting down", {{"grace_seconds", absl::StrCat(grace)}});
  // Health first, so that load balancers and watchers see NOT_SERVING while RPCs drain.
  server->GetHealthCheckService()->Shutdown();
  server->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(grace)));
  server->Wait();
  logger_->Log(LogLevel::kInfo, "stopped");
}

}  // namespace osp::server
