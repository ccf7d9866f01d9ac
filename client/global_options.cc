#include "client/global_options.h"

#include "absl/strings/str_cat.h"
#include "client/duration_parser.h"
#include "providers/base/status_macros.h"

namespace osp::client {

std::vector<FlagSpec> GlobalFlagSpecs() {
  using Kind = FlagSpec::Kind;
  return {
      {"target", Kind::kValue, "TARGET",
       absl::StrCat("ospd address: unix:///path, unix:/path, /path or host:port (default: "
                    "$OSPCTL_TARGET, else ",
                    kDefaultTarget, ")")},
      {"backend", Kind::kValue, "ID", "backend id from the ospd config (default: $OSPCTL_BACKEND)"},
      {"tls", Kind::kBool, "", "connect with TLS (system roots unless --ca-file)"},
      {"ca-file", Kind::kValue, "PEM", "CA bundle to verify ospd's certificate (implies --tls)"},
      {"cert-file", Kind::kValue, "PEM", "client certificate for mTLS (with --key-file)"},
      {"key-file", Kind::kValue, "PEM", "client private key for mTLS (with --cert-file)"},
      {"server-name", Kind::kValue, "NAME", "name to check ospd's certificate against"},
      {"timeout", Kind::kValue, "DURATION",
       "deadline of each call, e.g. 10s, 2m; 0 = none (default 30s; put/get data streams: none)"},
      {"output", Kind::kValue, "FORMAT", "table or json (default table)"},
      {"quiet", Kind::kBool, "", "no progress line on stderr (drawn only on a terminal anyway)"},
      {"help", Kind::kBool, "", "show help (also -h)"},
  };
}

absl::StatusOr<GlobalOptions> GlobalOptionsFromArgs(const ParsedArgs& args,
                                                    const OspctlDefaults& defaults) {
  GlobalOptions options;
  options.channel.target = args.Value("target", defaults.target);
  options.channel.tls = args.Bool("tls");
  options.channel.ca_file = args.Value("ca-file");
  options.channel.cert_file = args.Value("cert-file");
  options.channel.key_file = args.Value("key-file");
  options.channel.server_name = args.Value("server-name");
  options.backend = args.Value("backend", defaults.backend);
  if (args.Has("timeout")) {
    ASSIGN_OR_RETURN(options.timeout, ParseDuration(args.Value("timeout")));
    options.stream_timeout = options.timeout;
  }
  options.quiet = args.Bool("quiet");
  ASSIGN_OR_RETURN(options.output, ParseOutputFormat(args.Value("output", "table")));
  return options;
}

}  // namespace osp::client
