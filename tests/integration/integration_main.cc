// main() of the integration tests: libcurl is initialised once, as the daemon's main does.
#include <curl/curl.h>

#include "gtest/gtest.h"

int main(int argc, char** argv) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  curl_global_cleanup();
  return rc;
}
