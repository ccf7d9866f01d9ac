#include "server/config_loader.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

constexpr char kYaml[] = R"(
listen:
  unix: /run/ospd/ospd.sock
  unix_mode: 0660          # stays the string "0660", not the number 432
  tcp: "127.0.0.1:0"
  tls:
    cert_file: /etc/ospd/tls.crt
    key_file: /etc/ospd/tls.key
log:
  level: debug
shutdown_grace_seconds: 5
max_threads: "8"
backends:
  - id: ecs-1
    type: ecs
    ecs:
      management_url: https://ecs:4443
      password_file: /etc/ospd/ecs-pw
      insecure_skip_verify: true
      request_timeout_seconds: 30
  - id: minio-1
    type: minio
    minio: {endpoint: "http://minio:9000", secret_key_env: MINIO_SECRET}
)";

constexpr char kJson[] = R"({
  "listen": {"tcp": "[::]:7443"},
  "backends": [
    {"id": "m", "type": "minio",
     "minio": {"endpoint": "http://minio:9000", "insecure_skip_verify": false,
               "request_timeout_seconds": 12}}
  ],
  "max_threads": 4
})";

TEST(ConfigLoaderTest, ParsesPluginsAndPluginSettingsAsText) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig(R"(
plugins: [/usr/lib/ospd/plugins/libs4.so]
backends:
  - id: s4-1
    type: s4
    settings:
      endpoint: https://s4.example.com
      port: 8443
      verify: true
      token_file: /etc/ospd/s4-token
)");
  ASSERT_THAT(config, IsOk());
  ASSERT_EQ(config->plugins_size(), 1);
  EXPECT_EQ(config->plugins(0), "/usr/lib/ospd/plugins/libs4.so");
  const auto& settings = config->backends(0).settings();
  EXPECT_EQ(settings.size(), 4u);
  EXPECT_EQ(settings.at("endpoint"), "https://s4.example.com");
  EXPECT_EQ(settings.at("port"), "8443");
  EXPECT_EQ(settings.at("verify"), "true");
  EXPECT_EQ(settings.at("token_file"), "/etc/ospd/s4-token");
}

TEST(ConfigLoaderTest, ParsesYaml) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig(kYaml);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->listen().unix(), "/run/ospd/ospd.sock");
  EXPECT_EQ(config->listen().unix_mode(), "0660");
  EXPECT_EQ(config->listen().tcp(), "127.0.0.1:0");
  EXPECT_EQ(config->listen().tls().key_file(), "/etc/ospd/tls.key");
  EXPECT_EQ(config->log().level(), "debug");
  EXPECT_EQ(config->shutdown_grace_seconds(), 5);
  EXPECT_EQ(config->max_threads(), 8);
  ASSERT_EQ(config->backends_size(), 2);
  EXPECT_EQ(config->backends(0).id(), "ecs-1");
  EXPECT_EQ(config->backends(0).ecs().management_url(), "https://ecs:4443");
  EXPECT_TRUE(config->backends(0).ecs().insecure_skip_verify());
  EXPECT_EQ(config->backends(0).ecs().request_timeout_seconds(), 30);
  EXPECT_FALSE(config->backends(0).has_minio());
  EXPECT_EQ(config->backends(1).minio().secret_key_env(), "MINIO_SECRET");
}

TEST(ConfigLoaderTest, ParsesJson) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig(kJson);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->listen().tcp(), "[::]:7443");
  EXPECT_EQ(config->max_threads(), 4);
  ASSERT_EQ(config->backends_size(), 1);
  EXPECT_EQ(config->backends(0).minio().request_timeout_seconds(), 12);
  EXPECT_TRUE(config->backends(0).has_minio());
}

TEST(ConfigLoaderTest, EmptyDocumentIsAnEmptyConfig) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig("");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->backends_size(), 0);
}

TEST(ConfigLoaderTest, KeyWithoutValueIsLeftOut) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig("listen:\n  unix:\n  tcp: ':1'\nlog:\n");
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->listen().unix(), "");
  EXPECT_FALSE(config->has_log());
}

TEST(ConfigLoaderTest, EmptySectionIsPresent) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig("backends: [{id: a, type: ecs, ecs: {}}]");
  ASSERT_THAT(config, IsOk());
  EXPECT_TRUE(config->backends(0).has_ecs());
}

struct ParseErrorCase {
  const char* text;
  const char* message;
};

void PrintTo(const ParseErrorCase& c, std::ostream* os) { *os << c.text; }

class ConfigParseErrorTest : public ::testing::TestWithParam<ParseErrorCase> {};

TEST_P(ConfigParseErrorTest, NamesTheField) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig(GetParam().text);
  EXPECT_THAT(config,
              StatusIs(absl::StatusCode::kInvalidArgument, std::string(GetParam().message)));
  EXPECT_EQ(config.status().message().find('\n'), absl::string_view::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ConfigParseErrorTest,
    ::testing::Values(
        ParseErrorCase{"lissen: {}", "lissen: unknown field"},
        ParseErrorCase{"backends: [{id: a, type: ecs, ecs: {pasword_file: x}}]",
                       "backends[0].ecs.pasword_file: unknown field"},
        ParseErrorCase{"backends: [{id: a}, {id: b, typ: ecs}]", "backends[1].typ: unknown field"},
        ParseErrorCase{"{\"listen\": {\"unixMode\": \"0600\"}}", "listen.unixMode: unknown field"},
        ParseErrorCase{"shutdown_grace_seconds: soon",
                       "shutdown_grace_seconds: must be an integer"},
        ParseErrorCase{"max_threads: 1.5", "max_threads: must be an integer"},
        ParseErrorCase{"max_threads: 99999999999", "max_threads: must be an integer"},
        ParseErrorCase{"backends: [{ecs: {insecure_skip_verify: maybe}}]",
                       "backends[0].ecs.insecure_skip_verify: must be true or false"},
        ParseErrorCase{"listen: /run/x.sock", "listen: must be a mapping"},
        ParseErrorCase{"listen: {unix: [a, b]}", "listen.unix: must be a single value"},
        ParseErrorCase{"backends: {id: a}", "backends: must be a list"},
        ParseErrorCase{"backends: [~]", "backends[0]: must not be empty"},
        ParseErrorCase{"listen: {tcp: ':1', tcp: ':2'}", "listen.tcp: given twice"},
        ParseErrorCase{"- a\n- b\n", "config: must be a mapping"},
        ParseErrorCase{"backends: [{settings: [a]}]", "backends[0].settings: must be a mapping"},
        ParseErrorCase{"backends: [{settings: {a: }}]",
                       "backends[0].settings.a: must not be empty"},
        ParseErrorCase{"backends: [{settings: {a: {b: c}}}]",
                       "backends[0].settings.a: must be a single value"},
        ParseErrorCase{"backends: [{settings: {a: x, a: y}}]",
                       "backends[0].settings.a: given twice"},
        ParseErrorCase{"plugins: /p.so", "plugins: must be a list"},
        ParseErrorCase{"listen: {unix: x\n", "line 2, column 1: end of map flow not found"}));

TEST(ConfigLoaderTest, ReportsSyntaxErrorsWithLineAndColumn) {
  EXPECT_THAT(ParseConfig("listen:\n  unix: a\n tcp: b\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 3, column")));
}

TEST(ConfigLoaderTest, LoadsAFile) {
  char path[] = "/tmp/ospd-config-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << kJson;
  absl::StatusOr<v1::DaemonConfig> config = LoadConfigFile(path);
  unlink(path);
  ASSERT_THAT(config, IsOk());
  EXPECT_EQ(config->max_threads(), 4);
}

TEST(ConfigLoaderTest, MissingFileNamesThePath) {
  EXPECT_THAT(LoadConfigFile("/nonexistent/ospd.yaml"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'/nonexistent/ospd.yaml'")));
}

}  // namespace
}  // namespace osp::server
