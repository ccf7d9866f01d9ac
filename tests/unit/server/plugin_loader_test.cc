// PluginLoader against real plugin libraries built in tests/plugin (paths from the build). The
// test binary is a plugin host (osp_plugin_host), as ospd is.
#include "server/plugin_loader.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/plugin_api.h"
#include "tests/testutil/recording_logger.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class PluginLoaderTest : public ::testing::Test {
 protected:
  testutil::RecordingLogger logger_;
  // Before the registry, as in main: the factories it holds are the plugins' code.
  PluginLoader loader_{&logger_};
  providers::Registry registry_;
};

TEST_F(PluginLoaderTest, LoadsAPluginThatRegistersItsTypeAndLogsIt) {
  v1::DaemonConfig config;
  config.add_plugins(MEMORY_PLUGIN);
  ASSERT_THAT(loader_.LoadAll(config, &registry_), IsOk());
  EXPECT_THAT(registry_.Types(), ElementsAre("memory"));
  ASSERT_EQ(logger_.lines().size(), 1u);
  EXPECT_EQ(logger_.lines()[0].message, "plugin loaded");
  EXPECT_EQ(logger_.lines()[0].Field("path"), MEMORY_PLUGIN);
  EXPECT_EQ(logger_.lines()[0].Field("types"), "memory");

  // The registered factory is the plugin's code, and it reads BackendSettings through the host.
  providers::BackendSettings settings;
  settings.id = "m1";
  settings.type = "memory";
  EXPECT_THAT(registry_.Create(settings, providers::ProviderDeps()),
              StatusIs(absl::StatusCode::kInvalidArgument, "public_url: required"));
  settings.values["public_url"] = "https://m";
  auto provider = registry_.Create(settings, providers::ProviderDeps());
  ASSERT_THAT(provider, IsOk());
  EXPECT_EQ((*provider)->Endpoints().at(0).url, "https://m");
}

TEST_F(PluginLoaderTest, RefusesAnotherAbiVersionWithoutRegistering) {
  EXPECT_THAT(loader_.Load(WRONG_ABI_PLUGIN, 3, &registry_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       absl::StrCat("plugins[3]: '", WRONG_ABI_PLUGIN, "' uses plugin ABI ",
                                    providers::kPluginAbiVersion + 1, ", this ospd ABI ",
                                    providers::kPluginAbiVersion,
                                    ": rebuild it from this ospd's sources")));
  EXPECT_THAT(registry_.Types(), IsEmpty());
  EXPECT_THAT(logger_.lines(), IsEmpty());
}

TEST_F(PluginLoaderTest, RefusesLibrariesWithoutTheEntryPoints) {
  EXPECT_THAT(loader_.Load(NOT_A_PLUGIN, 0, &registry_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("is not an ospd plugin (no ospd_plugin_abi_version)")));
  EXPECT_THAT(loader_.Load("/nonexistent/lib.so", 1, &registry_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("plugins[1]: cannot load '/nonexistent/lib.so': ")));
}

TEST_F(PluginLoaderTest, RegistrationErrorsAreReportedWithTheFile) {
  ASSERT_THAT(registry_.Register("ecs", nullptr), IsOk());
  EXPECT_THAT(loader_.Load(DUPLICATE_TYPE_PLUGIN, 0, &registry_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       absl::StrCat("plugins[0]: '", DUPLICATE_TYPE_PLUGIN,
                                    "' failed to register: ALREADY_EXISTS: provider type 'ecs' "
                                    "already registered")));
}

TEST_F(PluginLoaderTest, LoadAllStopsAtTheFirstFailure) {
  v1::DaemonConfig config;
  config.add_plugins(MEMORY_PLUGIN);
  config.add_plugins(NOT_A_PLUGIN);
  config.add_plugins(DUPLICATE_TYPE_PLUGIN);
  EXPECT_THAT(loader_.LoadAll(config, &registry_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("plugins[1]: ")));
  EXPECT_THAT(registry_.Types(), ElementsAre("memory"));
  EXPECT_THAT(logger_.lines(), IsEmpty()) << "nothing is logged for a config that fails";
}

TEST_F(PluginLoaderTest, HostFingerprintNamesCompilerAndAbseil) {
  EXPECT_THAT(HostBuildFingerprint(), HasSubstr("compiler="));
  EXPECT_THAT(HostBuildFingerprint(), HasSubstr(";abseil="));
}

}  // namespace
}  // namespace osp::server
