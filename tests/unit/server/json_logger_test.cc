#include "server/json_logger.h"

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using providers::base::LogLevel;
using ::testing::Eq;

class JsonLoggerTest : public ::testing::Test {
 protected:
  testutil::FakeClock clock_{absl::FromUnixMillis(1700000000123)};
  std::ostringstream out_;
};

TEST_F(JsonLoggerTest, WritesOneObjectPerLineWithFixedKeysFirst) {
  JsonLogger logger(&out_, &clock_, LogLevel::kInfo);
  logger.Log(LogLevel::kInfo, "serving", {{"unix", "/run/ospd.sock"}, {"tcp", "127.0.0.1:4"}});
  EXPECT_EQ(out_.str(), R"({"time":"2023-11-14T22:13:20.123Z","level":"info","msg":"serving",)"
                        R"("unix":"/run/ospd.sock","tcp":"127.0.0.1:4"})"
                        "\n");
}

TEST_F(JsonLoggerTest, EscapesQuotesControlCharactersAndNewlines) {
  JsonLogger logger(&out_, &clock_, LogLevel::kDebug);
  logger.Log(LogLevel::kWarn, "a \"quoted\"\nline\\",
             {{"k\"ey", std::string("tab\there\x01", 10)}});
  std::string text = out_.str();
  ASSERT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);
  nlohmann::json line = nlohmann::json::parse(text);
  EXPECT_EQ(line["msg"], "a \"quoted\"\nline\\");
  EXPECT_EQ(line["k\"ey"], std::string("tab\there\x01", 10));
  EXPECT_EQ(line["level"], "warn");
}

TEST_F(JsonLoggerTest, InvalidUtf8IsReplacedNotDropped) {
  JsonLogger logger(&out_, &clock_, LogLevel::kDebug);
  logger.Log(LogLevel::kError, "bad \xff byte");
  nlohmann::json line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["msg"], "bad \xEF\xBF\xBD byte");
}

TEST_F(JsonLoggerTest, FieldsCannotReplaceFixedKeysOrEachOther) {
  JsonLogger logger(&out_, &clock_, LogLevel::kDebug);
  logger.Log(LogLevel::kInfo, "real", {{"msg", "fake"}, {"level", "x"}, {"b", "1"}, {"b", "2"}});
  nlohmann::json line = nlohmann::json::parse(out_.str());
  EXPECT_EQ(line["msg"], "real");
  EXPECT_EQ(line["msg_"], "fake");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["level_"], "x");
  EXPECT_EQ(line["b"], "1");
  EXPECT_EQ(line["b_"], "2");
}

TEST_F(JsonLoggerTest, DropsLinesBelowTheThreshold) {
  JsonLogger logger(&out_, &clock_, LogLevel::kWarn);
  EXPECT_FALSE(logger.Enabled(LogLevel::kDebug));
  EXPECT_FALSE(logger.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(logger.Enabled(LogLevel::kWarn));
  EXPECT_TRUE(logger.Enabled(LogLevel::kError));
  logger.Log(LogLevel::kDebug, "d");
  logger.Log(LogLevel::kInfo, "i");
  logger.Log(LogLevel::kWarn, "w");
  logger.Log(LogLevel::kError, "e");
  std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["msg"], "w");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["level"], "error");
}

TEST_F(JsonLoggerTest, ConcurrentLinesStayWhole) {
  JsonLogger logger(&out_, &clock_, LogLevel::kInfo);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < 200; ++i) {
        logger.Log(LogLevel::kInfo, std::string(100, static_cast<char>('a' + t)),
                   {{"i", std::to_string(i)}});
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<std::string> lines = absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 800u);
  for (const std::string& line : lines) {
    std::string msg = nlohmann::json::parse(line)["msg"];
    EXPECT_EQ(msg, std::string(100, msg[0]));
  }
}

TEST(ParseLogLevelTest, KnowsTheFourNames) {
  EXPECT_THAT(ParseLogLevel("debug"), IsOkAndHolds(Eq(LogLevel::kDebug)));
  EXPECT_THAT(ParseLogLevel("info"), IsOkAndHolds(Eq(LogLevel::kInfo)));
  EXPECT_THAT(ParseLogLevel("warn"), IsOkAndHolds(Eq(LogLevel::kWarn)));
  EXPECT_THAT(ParseLogLevel("error"), IsOkAndHolds(Eq(LogLevel::kError)));
  EXPECT_THAT(ParseLogLevel("warning"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(LogLevelName(LogLevel::kWarn), "warn");
}

}  // namespace
}  // namespace osp::server
