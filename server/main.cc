// ospd: wires the daemon together. Parses flags, loads and validates the config, registers the
// built-in backend types and those of the configured plugins, builds the backends, serves until
// SIGTERM/SIGINT, shuts down.
// Exit codes: 0 after a clean shutdown (or --check-config OK), 2 for a bad command line or
// config (one line on stderr naming the field), 1 when the daemon cannot start.
#include <curl/curl.h>
#include <grpc/support/log.h>
#include <malloc.h>
#include <signal.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "providers/base/clock.h"
#include "providers/http/curl_http_transport_factory.h"
#include "providers/registry.h"
#include "server/backend_loader.h"
#include "server/backend_set.h"
#include "server/builtin_providers.h"
#include "server/command_line.h"
#include "server/config_loader.h"
#include "server/config_validator.h"
#include "server/daemon.h"
#include "server/json_logger.h"
#include "server/metrics/daemon_metrics.h"
#include "server/metrics/instrumented_http_transport_factory.h"
#include "server/metrics/metric_registry.h"
#include "server/metrics/metrics_server.h"
#include "server/object_store_service.h"
#include "server/plugin_loader.h"
#include "server/server_credentials.h"
#include "server/shutdown_signals.h"
#include "server/unix_socket_access.h"
#include "server/version.h"

namespace osp::server {
namespace {

using providers::base::LogLevel;

constexpr int kExitStartFailed = 1;
constexpr int kExitUsage = 2;

// gRPC's own messages (bind errors, TLS handshake failures) go to our logger, so that stderr
// stays one JSON object per line. gRPC takes a plain function, hence the one pointer here.
providers::base::Logger* grpc_logger = nullptr;

void LogGrpcMessage(gpr_log_func_args* args) {
  LogLevel level = args->severity == GPR_LOG_SEVERITY_ERROR  ? LogLevel::kError
                   : args->severity == GPR_LOG_SEVERITY_INFO ? LogLevel::kInfo
                                                             : LogLevel::kDebug;
  grpc_logger->Log(level, args->message,
                   {{"source", "grpc"}, {"at", absl::StrCat(args->file, ":", args->line)}});
}

class GrpcLogRedirect final {
 public:
  explicit GrpcLogRedirect(providers::base::Logger* logger) {
    grpc_logger = logger;
    gpr_set_log_function(LogGrpcMessage);
  }
  ~GrpcLogRedirect() { gpr_set_log_function(nullptr); }
  GrpcLogRedirect(const GrpcLogRedirect&) = delete;
  GrpcLogRedirect& operator=(const GrpcLogRedirect&) = delete;
};

class CurlGlobal final {
 public:
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

int ConfigError(const std::string& path, const absl::Status& status) {
  std::cerr << "ospd: " << path << ": " << status.message() << std::endl;
  return kExitUsage;
}

Environment ProcessEnvironment(char** envp) {
  Environment env;
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    absl::string_view text = *entry;
    size_t eq = text.find('=');
    if (eq != absl::string_view::npos) {
      env.emplace(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
    }
  }
  return env;
}

int Run(const CommandLine& flags, const Environment& env) {
  absl::StatusOr<v1::DaemonConfig> config = LoadConfigFile(flags.config_path);
  if (!config.ok()) return ConfigError(flags.config_path, config.status());
  if (absl::Status s = ValidateConfig(*config); !s.ok()) return ConfigError(flags.config_path, s);
  // The socket's group by name: an unknown one is a config error, found before anything starts.
  if (auto access = UnixSocketAccess::FromConfig(config->listen()); !access.ok()) {
    return ConfigError(flags.config_path, access.status());
  }
  std::string level_name = !flags.log_level.empty()         ? flags.log_level
                           : !config->log().level().empty() ? config->log().level()
                                                            : "info";
  providers::base::RealClock clock;
  JsonLogger logger(&std::cerr, &clock, *ParseLogLevel(level_name));
  GrpcLogRedirect grpc_log(&logger);

  // Declared first, destroyed last: the plugins' code stays loaded while the registry and the
  // backends (which hold it) exist.
  PluginLoader plugins(&logger);
  providers::Registry registry;
  if (absl::Status s = RegisterBuiltinProviders(&registry); !s.ok()) {
    logger.Log(LogLevel::kError, "cannot register backend types", {{"error", s.ToString()}});
    return kExitStartFailed;
  }
  if (absl::Status s = plugins.LoadAll(*config, &registry); !s.ok()) {
    return ConfigError(flags.config_path, s);
  }
  metrics::MetricRegistry metric_registry;
  absl::StatusOr<std::unique_ptr<metrics::DaemonMetrics>> daemon_metrics =
      metrics::DaemonMetrics::Create(&metric_registry, kVersion);
  if (!daemon_metrics.ok()) {
    logger.Log(LogLevel::kError, "cannot register metrics",
               {{"error", daemon_metrics.status().ToString()}});
    return kExitStartFailed;
  }
  providers::http::CurlHttpTransportFactory curl_transports(&logger, &clock);
  // Every backend call is counted, timed and logged at debug; providers do not know.
  metrics::InstrumentedHttpTransportFactory transports(&curl_transports, daemon_metrics->get(),
                                                       &logger, &clock);
  providers::ProviderDeps deps;
  deps.clock = &clock;
  deps.transports = &transports;
  deps.logger = &logger;
  BackendSet backends;
  if (absl::Status s = LoadBackends(*config, env, registry, deps, &backends); !s.ok()) {
    return ConfigError(flags.config_path, s);
  }
  if (!config->listen().tcp().empty()) {
    if (auto credentials = MakeTcpServerCredentials(config->listen()); !credentials.ok()) {
      return ConfigError(flags.config_path, credentials.status());
    }
  }
  if (flags.check_only) {
    std::cout << "config OK" << std::endl;
    return 0;
  }

  ObjectStoreService service(&backends, &logger, daemon_metrics->get(), kVersion);
  metrics::MetricsServer metrics_server(&metric_registry, &logger);
  if (!config->metrics().listen().empty()) {
    if (absl::Status s = metrics_server.Start(config->metrics().listen()); !s.ok()) {
      logger.Log(LogLevel::kError, "cannot start", {{"error", std::string(s.message())}});
      return kExitStartFailed;
    }
  }
  Daemon daemon(*config, &logger);
  std::vector<std::string> ids;
  for (const BackendEntry& entry : backends.entries()) ids.push_back(entry.id);
  if (absl::Status s = daemon.Start({&service}, ids); !s.ok()) {
    logger.Log(LogLevel::kError, "cannot start", {{"error", std::string(s.message())}});
    return kExitStartFailed;
  }
  int signal = WaitForShutdownSignal();
  logger.Log(LogLevel::kInfo, "signal received",
             {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
  daemon.Shutdown();
  metrics_server.Stop();
  return 0;
}

}  // namespace
}  // namespace osp::server

int main(int argc, char** argv, char** envp) {
  using namespace osp::server;  // NOLINT: main is the only caller
  // Multipart part buffers (8 MiB) get their own mappings and go back to the system when a
  // transfer ends. glibc would otherwise raise its mmap threshold on the first free and keep
  // later buffers in per-thread arenas: about 30 MiB more RSS after three 1 GiB uploads.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  // First, before gRPC or curl start a thread: every later thread inherits the blocked signals,
  // and WaitForShutdownSignal receives them.
  if (absl::Status s = BlockShutdownSignals(); !s.ok()) {
    std::cerr << "ospd: " << s.message() << std::endl;
    return kExitStartFailed;
  }
  absl::StatusOr<CommandLine> flags = ParseCommandLine(argc, argv);
  if (!flags.ok()) {
    std::cerr << "ospd: " << flags.status().message() << " (see --help)" << std::endl;
    return kExitUsage;
  }
  if (flags->help) {
    std::cout << Usage();
    return 0;
  }
  if (flags->version) {
    std::cout << "ospd " << kVersion << std::endl;
    return 0;
  }
  CurlGlobal curl;
  return Run(*flags, ProcessEnvironment(envp));
}
