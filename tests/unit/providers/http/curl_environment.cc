// libcurl's process-wide set-up, done once per test binary as main() does in the daemon.
#include <curl/curl.h>

#include "gtest/gtest.h"

namespace osp::providers::http {
namespace {

class CurlEnvironment final : public testing::Environment {
 public:
  void SetUp() override { ASSERT_EQ(curl_global_init(CURL_GLOBAL_DEFAULT), CURLE_OK); }
  void TearDown() override { curl_global_cleanup(); }
};

const testing::Environment* const kCurlEnvironment =
    testing::AddGlobalTestEnvironment(new CurlEnvironment);

}  // namespace
}  // namespace osp::providers::http
