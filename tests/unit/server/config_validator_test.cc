#include "server/config_validator.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/config_loader.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;

// A valid config; each case below appends or overrides one thing.
constexpr char kValidBase[] = R"(
listen: {unix: /run/ospd.sock, tcp: "127.0.0.1:0"}
backends:
  - {id: ecs-1, type: ecs, ecs: {namespace: ns1}}
  - {id: minio-1, type: minio, minio: {}}
)";

v1::DaemonConfig Parse(const std::string& yaml) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig(yaml);
  EXPECT_THAT(config, IsOk()) << yaml;
  return config.ok() ? *config : v1::DaemonConfig();
}

TEST(ConfigValidatorTest, AcceptsAValidConfig) {
  EXPECT_THAT(ValidateConfig(Parse(kValidBase)), IsOk());
  EXPECT_THAT(ValidateConfig(Parse(std::string(kValidBase) + R"(
log: {level: warn}
metrics: {listen: "0.0.0.0:9090"}
shutdown_grace_seconds: 300
max_threads: 1024
)")),
              IsOk());
  EXPECT_THAT(ValidateConfig(Parse(R"(
listen:
  tcp: "[::]:7443"
  tls: {cert_file: c.pem, key_file: k.pem, client_ca_file: ca.pem}
backends: [{id: a, type: ecs, ecs: {}}]
)")),
              IsOk());
  // A plugin's type: settings, no built-in section; whether it is registered is checked later.
  EXPECT_THAT(ValidateConfig(Parse(R"(
listen: {unix: /x.sock}
plugins: [/usr/lib/ospd/plugins/libs4.so]
backends:
  - {id: a, type: s4, settings: {endpoint: "https://s4", token_file: /t}}
  - {id: b, type: s4}
)")),
              IsOk());
  EXPECT_THAT(ValidateConfig(Parse(R"(
listen: {unix: /x.sock, unix_mode: "600"}
backends: [{id: a, type: ecs, ecs: {}}]
)")),
              IsOk());
}

TEST(ConfigValidatorTest, AcceptsUnixGroupsByNameOrNumber) {
  for (const char* group : {"ospd", "nogroup", "0", "65534", "cloud_stack.ops-1"}) {
    EXPECT_THAT(ValidateConfig(Parse(absl::StrCat("listen: {unix: /x.sock, unix_group: '", group,
                                                  "'}\nbackends: [{id: a, type: ecs, ecs: {}}]"))),
                IsOk())
        << group;
  }
}

TEST(ConfigValidatorTest, AcceptsAllowedClientSubjectsWithMutualTls) {
  EXPECT_THAT(ValidateConfig(Parse(R"(
listen:
  tcp: "127.0.0.1:0"
  tls:
    cert_file: c.pem
    key_file: k.pem
    client_ca_file: ca.pem
    allowed_client_subjects: ["CN=cloudstack,O=Example", "CN=ospctl", "CN=a\\,b"]
backends: [{id: a, type: ecs, ecs: {}}]
)")),
              IsOk());
}

struct ErrorCase {
  const char* yaml;  // a complete config with exactly one problem
  const char* message;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.yaml; }

class ConfigValidatorErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigValidatorErrorTest, NamesTheField) {
  EXPECT_THAT(ValidateConfig(Parse(GetParam().yaml)),
              StatusIs(absl::StatusCode::kInvalidArgument, std::string(GetParam().message)));
}

#define LISTEN_TCP "listen: {tcp: '127.0.0.1:0'}\n"

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigValidatorErrorTest,
    ::testing::Values(
        ErrorCase{"backends: [{id: a, type: ecs, ecs: {}}]",
                  "listen: at least one of unix or tcp is required"},
        ErrorCase{"listen: {unix: /x, unix_mode: rw-rw----}\nbackends: []",
                  "listen.unix_mode: must be an octal mode such as 0660"},
        ErrorCase{"listen: {unix: /x, unix_mode: '1777'}",
                  "listen.unix_mode: must be an octal mode such as 0660"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', unix_mode: '0600'}",
                  "listen.unix_mode: requires unix"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', unix_group: ospd}",
                  "listen.unix_group: requires unix"},
        ErrorCase{"listen: {unix: /x, unix_group: 'ospd users'}",
                  "listen.unix_group: must be a group name or a numeric gid"},
        ErrorCase{"listen: {unix: /x, unix_group: '-1'}",
                  "listen.unix_group: must be a group name or a numeric gid"},
        ErrorCase{"listen: {unix: /x, unix_group: 'a:b'}",
                  "listen.unix_group: must be a group name or a numeric gid"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c, key_file: k, "
                  "allowed_client_subjects: [CN=a]}}",
                  "listen.tls.allowed_client_subjects: requires client_ca_file"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c, key_file: k, "
                  "client_ca_file: ca, allowed_client_subjects: [CN=a, ospctl]}}",
                  "listen.tls.allowed_client_subjects[1]: must be a subject DN in RFC 2253 form "
                  "such as CN=ospctl,O=Example"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c, key_file: k, "
                  "client_ca_file: ca, allowed_client_subjects: ['subject=CN=a']}}",
                  "listen.tls.allowed_client_subjects[0]: must be a subject DN in RFC 2253 form "
                  "such as CN=ospctl,O=Example"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c, key_file: k, "
                  "client_ca_file: ca, allowed_client_subjects: ['CN=a ']}}",
                  "listen.tls.allowed_client_subjects[0]: must be a subject DN in RFC 2253 form "
                  "such as CN=ospctl,O=Example"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c, key_file: k, "
                  "client_ca_file: ca, allowed_client_subjects: [CN=a, CN=b, CN=a]}}",
                  "listen.tls.allowed_client_subjects[2]: duplicate 'CN=a'"},
        ErrorCase{"listen: {tcp: 'localhost'}", "listen.tcp: must be host:port"},
        ErrorCase{"listen: {tcp: 'localhost:http'}", "listen.tcp: must be host:port"},
        ErrorCase{"listen: {tcp: 'localhost:65536'}", "listen.tcp: must be host:port"},
        ErrorCase{"listen: {tcp: '::1:80'}", "listen.tcp: must be host:port"},
        ErrorCase{"listen: {unix: /s, keepalive_seconds: -1}",
                  "listen.keepalive_seconds: must be 1..7200 (0 for 60)"},
        ErrorCase{"listen: {unix: /s, keepalive_seconds: 7201}",
                  "listen.keepalive_seconds: must be 1..7200 (0 for 60)"},
        ErrorCase{"listen: {unix: /x, tls: {cert_file: c, key_file: k}}",
                  "listen.tls: requires tcp"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: c}}",
                  "listen.tls.key_file: required with cert_file"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {key_file: k}}",
                  "listen.tls.cert_file: required with key_file"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {client_ca_file: ca}}",
                  "listen.tls.cert_file: required with client_ca_file"},
        ErrorCase{"listen: {tcp: '127.0.0.1:0', tls: {}}", "listen.tls.cert_file: required"},
        ErrorCase{LISTEN_TCP "metrics: {listen: '9090'}", "metrics.listen: must be host:port"},
        ErrorCase{LISTEN_TCP "log: {level: verbose}",
                  "log.level: must be one of debug, info, warn, error"},
        ErrorCase{LISTEN_TCP "log: {level: INFO}",
                  "log.level: must be one of debug, info, warn, error"},
        ErrorCase{LISTEN_TCP "shutdown_grace_seconds: -1",
                  "shutdown_grace_seconds: must be 0..300"},
        ErrorCase{LISTEN_TCP "shutdown_grace_seconds: 301",
                  "shutdown_grace_seconds: must be 0..300"},
        ErrorCase{LISTEN_TCP "max_threads: 1025", "max_threads: must be 2..1024 (0 for 128)"},
        ErrorCase{LISTEN_TCP "max_threads: 1", "max_threads: must be 2..1024 (0 for 128)"},
        ErrorCase{LISTEN_TCP "max_threads: -2", "max_threads: must be 2..1024 (0 for 128)"},
        ErrorCase{LISTEN_TCP, "backends: at least one backend is required"},
        ErrorCase{LISTEN_TCP "backends: [{type: ecs, ecs: {}}]", "backends[0].id: required"},
        ErrorCase{LISTEN_TCP "backends: [{id: ECS, type: ecs, ecs: {}}]",
                  "backends[0].id: must match [a-z0-9-]{1,63}"},
        ErrorCase{LISTEN_TCP "backends: [{id: a_b, type: ecs, ecs: {}}]",
                  "backends[0].id: must match [a-z0-9-]{1,63}"},
        ErrorCase{LISTEN_TCP "backends: [{id: "
                             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, "
                             "type: ecs, ecs: {}}]",
                  "backends[0].id: must match [a-z0-9-]{1,63}"},
        ErrorCase{LISTEN_TCP "backends: [{id: x, type: ecs, ecs: {}}, {id: y, type: ecs, ecs: {}},"
                             " {id: x, type: minio, minio: {}}]",
                  "backends[2].id: duplicate 'x'"},
        ErrorCase{LISTEN_TCP "backends: [{id: a, ecs: {}}]", "backends[0].type: required"},
        ErrorCase{LISTEN_TCP "backends: [{id: a, type: s4, ecs: {}}]",
                  "backends[0].ecs: only allowed for type ecs"},
        ErrorCase{LISTEN_TCP "backends: [{id: a, type: ecs, ecs: {}, settings: {x: y}}]",
                  "backends[0].settings: only for plugin types, not ecs"},
        ErrorCase{LISTEN_TCP "plugins: [libs4.so]\nbackends: [{id: a, type: s4}]",
                  "plugins[0]: must be an absolute path"},
        ErrorCase{LISTEN_TCP "plugins: [/p/a.so, /p/a.so]\nbackends: [{id: a, type: s4}]",
                  "plugins[1]: duplicate '/p/a.so'"},
        ErrorCase{LISTEN_TCP "backends: [{id: a, type: ecs, ecs: {}}, {id: b, type: ecs}]",
                  "backends[1].ecs: required for type ecs"},
        ErrorCase{LISTEN_TCP "backends: [{id: a, type: ecs, ecs: {}, minio: {}}]",
                  "backends[0].minio: only allowed for type minio"}));

TEST(ConfigValidatorTest, ParsesUnixModes) {
  unsigned mode = 0;
  EXPECT_TRUE(ParseUnixMode("0660", &mode));
  EXPECT_EQ(mode, 0660u);
  EXPECT_TRUE(ParseUnixMode("600", &mode));
  EXPECT_EQ(mode, 0600u);
  EXPECT_FALSE(ParseUnixMode("", &mode));
  EXPECT_FALSE(ParseUnixMode("0680", &mode));
  EXPECT_FALSE(ParseUnixMode("01777", &mode));
  EXPECT_FALSE(ParseUnixMode("4755", &mode));
}

}  // namespace
}  // namespace osp::server
