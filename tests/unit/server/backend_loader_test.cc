#include "server/backend_loader.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/logger.h"
#include "server/config_loader.h"
#include "server/json_logger.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/mock_provider.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;

constexpr char kSecret[] = "s3cr3t-Pa55";

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char path[] = "/tmp/ospd-secret-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = path;
    std::ofstream(path_) << content;
  }
  ~TempFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

v1::BackendConfig Backend(const std::string& yaml) {
  absl::StatusOr<v1::DaemonConfig> config = ParseConfig("backends: [" + yaml + "]");
  EXPECT_THAT(config, IsOk()) << yaml;
  return config.ok() && config->backends_size() == 1 ? config->backends(0) : v1::BackendConfig();
}

TEST(MakeBackendSettingsTest, SetScalarsBecomeTextValues) {
  TempFile password(std::string(kSecret) + "\n");
  absl::StatusOr<providers::BackendSettings> settings = MakeBackendSettings(
      Backend("{id: e1, type: ecs, ecs: {management_url: 'https://ecs:4443', namespace: ns, "
              "insecure_skip_verify: true, request_timeout_seconds: 7, ca_file: /ca.pem, "
              "s3_region: '', password_file: " +
              password.path() + "}}"),
      0, {});
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->id, "e1");
  EXPECT_EQ(settings->type, "ecs");
  EXPECT_THAT(settings->values,
              ElementsAre(Pair("ca_file", "/ca.pem"), Pair("insecure_skip_verify", "true"),
                          Pair("management_url", "https://ecs:4443"), Pair("namespace", "ns"),
                          Pair("request_timeout_seconds", "7")));
  ASSERT_EQ(settings->secrets.count("password"), 1u);
  EXPECT_EQ(settings->secrets.at("password").Reveal(), kSecret);
}

TEST(MakeBackendSettingsTest, FalseAndZeroAreAbsent) {
  absl::StatusOr<providers::BackendSettings> settings = MakeBackendSettings(
      Backend("{id: m, type: minio, minio: {insecure_skip_verify: false, "
              "request_timeout_seconds: 0, secret_key_env: SK, user_secret_seed_env: SEED}}"),
      0, {{"SK", kSecret}, {"SEED", "seed"}});
  ASSERT_THAT(settings, IsOk());
  EXPECT_THAT(settings->values, IsEmpty());
  EXPECT_EQ(settings->secrets.at("secret_key").Reveal(), kSecret);
  EXPECT_EQ(settings->secrets.at("user_secret_seed").Reveal(), "seed");
}

TEST(MakeBackendSettingsTest, AnEmptyUserPrefixIsPassedOnNotTakenForTheDefault) {
  const Environment env = {{"PW", kSecret}, {"SEED", "seed"}};
  for (const char* backend : {"{id: e, type: ecs, ecs: {user_prefix: '', password_env: PW}}",
                              "{id: m, type: minio, minio: {user_prefix: '', secret_key_env: PW, "
                              "user_secret_seed_env: SEED}}"}) {
    absl::StatusOr<providers::BackendSettings> settings =
        MakeBackendSettings(Backend(backend), 0, env);
    ASSERT_THAT(settings, IsOk());
    EXPECT_THAT(settings->values, ElementsAre(Pair("user_prefix", ""))) << backend;
  }
  absl::StatusOr<providers::BackendSettings> absent =
      MakeBackendSettings(Backend("{id: e, type: ecs, ecs: {password_env: PW}}"), 0, env);
  ASSERT_THAT(absent, IsOk());
  EXPECT_EQ(absent->values.count("user_prefix"), 0u);
}

TEST(MakeBackendSettingsTest, SecretFromEnvironment) {
  absl::StatusOr<providers::BackendSettings> settings = MakeBackendSettings(
      Backend("{id: e1, type: ecs, ecs: {password_env: ECS_PW}}"), 0, {{"ECS_PW", kSecret}});
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->secrets.at("password").Reveal(), kSecret);
  EXPECT_EQ(settings->values.count("password_env"), 0u);
}

TEST(MakeBackendSettingsTest, FileStripsOnlyTrailingNewlines) {
  TempFile password(std::string(" ") + kSecret + "\r\n\n");
  absl::StatusOr<providers::BackendSettings> settings = MakeBackendSettings(
      Backend("{id: e1, type: ecs, ecs: {password_file: " + password.path() + "}}"), 0, {});
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->secrets.at("password").Reveal(), std::string(" ") + kSecret);
}

TEST(MakeBackendSettingsTest, PluginTypeTakesItsSettingsMapWithSecretsResolved) {
  TempFile token(std::string(kSecret) + "\n");
  absl::StatusOr<providers::BackendSettings> settings = MakeBackendSettings(
      Backend("{id: p1, type: s4, settings: {endpoint: 'https://s4', port: 8443, token_file: " +
              token.path() + ", key_env: KEY}}"),
      0, {{"KEY", "k3y"}});
  ASSERT_THAT(settings, IsOk());
  EXPECT_EQ(settings->id, "p1");
  EXPECT_EQ(settings->type, "s4");
  EXPECT_THAT(settings->values, ElementsAre(Pair("endpoint", "https://s4"), Pair("port", "8443")));
  ASSERT_EQ(settings->secrets.size(), 2u);
  EXPECT_EQ(settings->secrets.at("token").Reveal(), kSecret);
  EXPECT_EQ(settings->secrets.at("key").Reveal(), "k3y");
}

TEST(MakeBackendSettingsTest, PluginSecretsFollowTheSameRules) {
  EXPECT_THAT(
      MakeBackendSettings(Backend("{id: p1, type: s4, settings: {token_file: /t, token_env: T}}"),
                          2, {{"T", "x"}}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "backends[2].settings.token_file or token_env: exactly one is required"));
  EXPECT_THAT(MakeBackendSettings(Backend("{id: p1, type: s4, settings: {token_env: T}}"), 0, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "backends[0].settings.token_env: 'T' is not set"));
  // Without settings at all: an empty set of values.
  absl::StatusOr<providers::BackendSettings> empty =
      MakeBackendSettings(Backend("{id: p1, type: s4}"), 0, {});
  ASSERT_THAT(empty, IsOk());
  EXPECT_THAT(empty->values, IsEmpty());
}

struct SecretErrorCase {
  std::string ecs_section;
  absl::StatusCode code;
  std::string message;
};

void PrintTo(const SecretErrorCase& c, std::ostream* os) { *os << c.ecs_section; }

class SecretErrorTest : public ::testing::TestWithParam<SecretErrorCase> {};

TEST_P(SecretErrorTest, NamesTheFieldNeverTheSecret) {
  TempFile password(kSecret);
  TempFile empty("\n");
  std::string section = GetParam().ecs_section;
  for (auto [from, to] : {std::pair<std::string, std::string>("$FILE", password.path()),
                          std::pair<std::string, std::string>("$EMPTY", empty.path())}) {
    if (size_t at = section.find(from); at != std::string::npos)
      section.replace(at, from.size(), to);
  }
  absl::StatusOr<providers::BackendSettings> settings =
      MakeBackendSettings(Backend("{id: e1, type: ecs, ecs: " + section + "}"), 2,
                          {{"ECS_PW", kSecret}, {"BLANK", ""}});
  EXPECT_THAT(settings, StatusIs(GetParam().code, HasSubstr(GetParam().message)));
  EXPECT_THAT(std::string(settings.status().message()), Not(HasSubstr(kSecret)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, SecretErrorTest,
    ::testing::Values(
        SecretErrorCase{"{password_file: $FILE, password_env: ECS_PW}",
                        absl::StatusCode::kInvalidArgument,
                        "backends[2].ecs.password_file or password_env: exactly one is required"},
        SecretErrorCase{"{namespace: ns}", absl::StatusCode::kInvalidArgument,
                        "backends[2].ecs.password_file or password_env: exactly one is required"},
        SecretErrorCase{"{password_file: /nonexistent/pw}", absl::StatusCode::kNotFound,
                        "backends[2].ecs.password_file: cannot read '/nonexistent/pw'"},
        SecretErrorCase{"{password_file: /tmp}", absl::StatusCode::kFailedPrecondition,
                        "backends[2].ecs.password_file: cannot read '/tmp': Is a directory"},
        SecretErrorCase{"{password_file: $EMPTY}", absl::StatusCode::kInvalidArgument,
                        "backends[2].ecs.password_file: '/tmp/ospd-secret-"},
        SecretErrorCase{"{password_env: NOPE}", absl::StatusCode::kInvalidArgument,
                        "backends[2].ecs.password_env: 'NOPE' is not set"},
        SecretErrorCase{"{password_env: BLANK}", absl::StatusCode::kInvalidArgument,
                        "backends[2].ecs.password_env: 'BLANK' is empty"}));

// Builds providers of `type` and records the settings each factory saw.
class LoadBackendsTest : public ::testing::Test {
 protected:
  void RegisterFake(const std::string& type, absl::Status result = absl::OkStatus()) {
    ASSERT_THAT(registry_.Register(
                    type,
                    [this, result](const providers::BackendSettings& settings,
                                   const providers::ProviderDeps& deps)
                        -> absl::StatusOr<std::unique_ptr<providers::Provider>> {
                      EXPECT_EQ(deps.logger, &logger_);
                      seen_.push_back(settings);
                      if (!result.ok()) return result;
                      // The loader only builds and stores providers: any call would fail the test.
                      return std::make_unique<::testing::StrictMock<testutil::MockProvider>>();
                    }),
                IsOk());
  }
  absl::Status Load(const std::string& yaml) {
    absl::StatusOr<v1::DaemonConfig> config = ParseConfig(yaml);
    EXPECT_THAT(config, IsOk());
    providers::ProviderDeps deps;
    deps.clock = &clock_;
    deps.logger = &logger_;
    return LoadBackends(*config, {{"PW", kSecret}}, registry_, deps, &backends_);
  }

  testutil::FakeClock clock_;
  std::ostringstream log_;
  JsonLogger logger_{&log_, &clock_, providers::base::LogLevel::kInfo};
  providers::Registry registry_;
  BackendSet backends_;
  std::vector<providers::BackendSettings> seen_;
};

TEST_F(LoadBackendsTest, BuildsEveryBackendInOrderAndLogsIt) {
  RegisterFake("ecs");
  RegisterFake("minio");
  ASSERT_THAT(Load(R"(backends:
  - {id: b, type: minio, minio: {endpoint: "http://m:9000", secret_key_env: PW,
                                 user_secret_seed_env: PW}}
  - {id: a, type: ecs, ecs: {namespace: ns, password_env: PW}})"),
              IsOk());
  ASSERT_EQ(backends_.entries().size(), 2u);
  EXPECT_EQ(backends_.entries()[0].id, "b");
  EXPECT_EQ(backends_.entries()[0].type, "minio");
  EXPECT_EQ(backends_.entries()[1].id, "a");
  EXPECT_THAT(backends_.Find("a"), IsOk());
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_EQ(seen_[0].values.at("endpoint"), "http://m:9000");
  EXPECT_EQ(seen_[1].values.at("namespace"), "ns");
  EXPECT_THAT(log_.str(), HasSubstr(R"("msg":"backend loaded","id":"b","type":"minio"})"));
  EXPECT_THAT(log_.str(), HasSubstr(R"("msg":"backend loaded","id":"a","type":"ecs"})"));
  EXPECT_THAT(log_.str(), Not(HasSubstr(kSecret)));
}

TEST_F(LoadBackendsTest, PrefixesFactoryErrorsWithTheSectionPath) {
  RegisterFake("ecs", absl::InvalidArgumentError("namespace: required"));
  RegisterFake("minio");
  EXPECT_THAT(Load(R"(backends:
  - {id: m, type: minio, minio: {secret_key_env: PW, user_secret_seed_env: PW}}
  - {id: a, type: ecs, ecs: {password_env: PW}})"),
              StatusIs(absl::StatusCode::kInvalidArgument, "backends[1].ecs.namespace: required"));
  EXPECT_EQ(log_.str(), "") << "nothing is logged for a config that fails";
}

TEST_F(LoadBackendsTest, PluginTypeFactoryErrorsNameTheSettings) {
  RegisterFake("s4", absl::InvalidArgumentError("endpoint: required"));
  EXPECT_THAT(
      Load("backends: [{id: p, type: s4, settings: {region: r}}]"),
      StatusIs(absl::StatusCode::kInvalidArgument, "backends[0].settings.endpoint: required"));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].values.at("region"), "r");
}

TEST_F(LoadBackendsTest, UnregisteredTypeNamesTheField) {
  RegisterFake("minio");
  EXPECT_THAT(Load("backends: [{id: a, type: ecs, ecs: {password_env: PW}}]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "backends[0].type: no provider registered for 'ecs' (registered: minio)"));
  EXPECT_TRUE(seen_.empty());
}

TEST_F(LoadBackendsTest, SecretErrorStopsBeforeTheFactory) {
  RegisterFake("ecs");
  EXPECT_THAT(Load("backends: [{id: a, type: ecs, ecs: {password_env: MISSING}}]"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "backends[0].ecs.password_env: 'MISSING' is not set"));
  EXPECT_TRUE(seen_.empty());
}

}  // namespace
}  // namespace osp::server
