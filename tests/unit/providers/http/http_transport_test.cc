#include "providers/http/http_transport.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace osp::providers::http {
namespace {

TEST(HttpResponseTest, HeaderIgnoresCaseAndReturnsTheFirst) {
  HttpResponse response;
  response.headers = {{"ETag", "\"a\""}, {"x-amz-meta-k", "v1"}, {"X-Amz-Meta-K", "v2"}};
  EXPECT_EQ(response.Header("etag"), "\"a\"");
  EXPECT_EQ(response.Header("X-AMZ-META-K"), "v1");
  EXPECT_EQ(response.Header("Content-Length"), "");
}

TEST(RedactedUrlTest, DropsQueryAndFragment) {
  EXPECT_EQ(RedactedUrl("https://s3.example:9021/b/k?X-Amz-Signature=abc&X-Amz-Credential=AK"),
            "https://s3.example:9021/b/k");
  EXPECT_EQ(RedactedUrl("http://h/p#frag"), "http://h/p");
  EXPECT_EQ(RedactedUrl("http://h?q=1"), "http://h");
}

TEST(RedactedUrlTest, DropsUserInfo) {
  EXPECT_EQ(RedactedUrl("https://user:pass@h:1/p?q"), "https://h:1/p");
  EXPECT_EQ(RedactedUrl("https://user:pass@h"), "https://h");
}

TEST(RedactedUrlTest, KeepsPlainUrls) {
  EXPECT_EQ(RedactedUrl("https://h:4443/login"), "https://h:4443/login");
  EXPECT_EQ(RedactedUrl("https://h/a@b"), "https://h/a@b");
}

}  // namespace
}  // namespace osp::providers::http
