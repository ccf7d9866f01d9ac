// S3TestServer: what integration tests need to reach the radosgw of the s3_server ctest fixture
// (tests/sim/s3-server.sh): its endpoint and admin keys from the env file named by
// OSP_S3_SERVER_ENV, a real CurlHttpTransport, unique bucket names, and shell helpers for the
// independent witnesses (awscli, curl) and radosgw-admin. Test-only; not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport.h"
#include "providers/s3/s3_client.h"

namespace osp::testutil {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout only
};

class S3TestServer final {
 public:
  // Reads the env file; fails when the fixture did not run.
  static absl::StatusOr<std::unique_ptr<S3TestServer>> FromEnvironment();

  const std::string& endpoint() const { return endpoint_; }
  const std::string& access_key() const { return access_key_; }
  const std::string& secret_key() const { return secret_key_; }
  providers::http::HttpTransport* transport() { return transport_.get(); }
  providers::base::Clock* clock() { return &clock_; }

  // A client with the admin keys (or the given ones), path-style, us-east-1.
  std::unique_ptr<providers::s3::S3Client> Client(providers::s3::S3ClientOptions options = {});
  std::unique_ptr<providers::s3::S3Client> ClientFor(const std::string& access_key,
                                                     const std::string& secret_key);
  // "it-<tag>-<pid>-<n>": unique within the run and across runs sharing the server.
  std::string BucketName(absl::string_view tag);

  // Runs `command` with /bin/sh; CEPH_CONF is set for radosgw-admin.
  CommandResult Shell(const std::string& command) const;
  // /usr/bin/aws with the admin keys and --endpoint-url, e.g. Aws("s3api head-bucket --bucket b").
  CommandResult Aws(const std::string& args) const;
  // radosgw-admin with the server's ceph.conf.
  CommandResult RadosgwAdmin(const std::string& args) const;

 private:
  S3TestServer() = default;

  std::string endpoint_;
  std::string access_key_;
  std::string secret_key_;
  std::string ceph_conf_;
  providers::base::RealClock clock_;
  providers::base::NullLogger logger_;
  std::unique_ptr<providers::http::HttpTransport> transport_;
  int buckets_made_ = 0;
};

// Single-quotes `s` for /bin/sh.
std::string ShellQuote(absl::string_view s);

// A reader that yields `data` once.
providers::ChunkReader OneChunk(std::string data);

// Deletes every version and delete marker in `bucket`, then the bucket (gtest failures on error).
void EmptyAndDelete(providers::s3::S3Client& client, const std::string& bucket);

}  // namespace osp::testutil
