// Runs the ospd binary (path from the build: OSPD_BINARY) for what needs no backend: flags,
// --version and config errors (exit code 2, exactly one line on stderr naming the field).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace osp::server {
namespace {

using ::testing::MatchesRegex;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class OspdCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ospd-cli-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  std::string WriteConfig(const std::string& text) {
    std::string path = dir_ + "/config.yaml";
    std::ofstream(path) << text;
    return path;
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // Runs ospd with `args` (shell words) and an empty environment.
  Result Run(const std::string& args) {
    std::string command =
        "env -i " OSPD_BINARY " " + args + " >'" + dir_ + "/out' 2>'" + dir_ + "/err' </dev/null";
    int status = std::system(command.c_str());
    Result result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = Slurp(dir_ + "/out");
    result.err = Slurp(dir_ + "/err");
    return result;
  }

  std::string dir_;
};

TEST_F(OspdCliTest, Version) {
  Result r = Run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, MatchesRegex("ospd [0-9]+\\.[0-9]+\\.[0-9]+\n"));
  EXPECT_EQ(r.err, "");
}

TEST_F(OspdCliTest, Help) {
  Result r = Run("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, ::testing::HasSubstr("--check-config FILE"));
}

TEST_F(OspdCliTest, BadFlagsExitTwoWithOneLine) {
  Result r = Run("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "ospd: one of --config or --check-config is required (see --help)\n");
  r = Run("--config");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "ospd: --config: requires a file (see --help)\n");
}

TEST_F(OspdCliTest, ConfigErrorsNameTheFieldOnOneLine) {
  struct Case {
    std::string config;
    std::string message;
  };
  for (const Case& c : {
           Case{"listen: {tcp: '127.0.0.1:0'}\nbackends: [{id: a, type: ecs, ecs: {pasword: x}}]",
                "backends[0].ecs.pasword: unknown field"},
           Case{"backends: [{id: a, type: ecs, ecs: {}}]",
                "listen: at least one of unix or tcp is required"},
           Case{"listen: {tcp: '127.0.0.1:0'}\nbackends: [{id: a, type: ecs, ecs: {}}, "
                "{id: a, type: ecs, ecs: {}}]",
                "backends[1].id: duplicate 'a'"},
           Case{"listen: {tcp: '127.0.0.1:0', tls: {cert_file: /c.pem}}\n",
                "listen.tls.key_file: required with cert_file"},
       }) {
    std::string path = WriteConfig(c.config);
    for (const char* flag : {"--check-config", "--config"}) {
      Result r = Run(std::string(flag) + " " + path);
      EXPECT_EQ(r.exit_code, 2) << flag << " " << c.config;
      EXPECT_EQ(r.err, "ospd: " + path + ": " + c.message + "\n") << flag;
      EXPECT_EQ(r.out, "");
    }
  }
}

TEST_F(OspdCliTest, UnreadableConfigFile) {
  Result r = Run("--check-config " + dir_ + "/missing.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, MatchesRegex("ospd: .*missing.yaml: cannot read '.*missing.yaml': No such "
                                  "file or directory\n"));
}

}  // namespace
}  // namespace osp::server
