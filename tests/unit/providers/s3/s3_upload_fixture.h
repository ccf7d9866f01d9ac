// S3UploadFixture: what the S3Client upload tests share: 5 MiB parts (kPart), a FakeClock, a
// default CallContext, and clients on a path-style http://127.0.0.1:8080 with fixed keys over the
// test's transport. Test-only; not thread-safe.
#pragma once

#include <cstdint>

#include "gtest/gtest.h"
#include "providers/base/secret.h"
#include "providers/s3/s3_client.h"
#include "tests/testutil/fake_clock.h"

namespace osp::providers::s3 {

// The smallest part size S3 allows; the upload tests' part size.
inline constexpr int64_t kPart = 5 << 20;

class S3UploadFixture : public ::testing::Test {
 protected:
  // A client sending through `transport`, which must outlive it.
  S3Client Client(http::HttpTransport* transport, S3ClientOptions options) {
    return S3Client({"http://127.0.0.1:8080", "us-east-1", true}, "AK", base::Secret("SK"),
                    transport, &clock_, options);
  }

  testutil::FakeClock clock_;
  CallContext ctx_;
};

}  // namespace osp::providers::s3
