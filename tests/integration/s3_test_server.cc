#include "tests/integration/s3_test_server.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "providers/http/curl_http_transport.h"

namespace osp::testutil {

std::string ShellQuote(absl::string_view s) {
  return absl::StrCat("'", absl::StrReplaceAll(s, {{"'", "'\\''"}}), "'");
}

absl::StatusOr<std::unique_ptr<S3TestServer>> S3TestServer::FromEnvironment() {
  const char* path = std::getenv("OSP_S3_SERVER_ENV");
  if (path == nullptr) {
    return absl::FailedPreconditionError(
        "OSP_S3_SERVER_ENV is not set: run through ctest (fixture s3_server)");
  }
  std::ifstream in(path);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path));
  std::map<std::string, std::string> env;
  for (std::string line; std::getline(in, line);) {
    size_t eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  auto server = std::unique_ptr<S3TestServer>(new S3TestServer());
  server->endpoint_ = env["RGW_ENDPOINT"];
  server->access_key_ = env["RGW_ACCESS_KEY"];
  server->secret_key_ = env["RGW_SECRET_KEY"];
  server->ceph_conf_ = env["CEPH_CONF"];
  if (server->endpoint_.empty() || server->secret_key_.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(path, " lacks RGW_ENDPOINT or keys"));
  }
  providers::http::HttpTransportOptions options;
  options.backend_id = "radosgw";
  auto transport =
      providers::http::CurlHttpTransport::Create(options, &server->logger_, &server->clock_);
  if (!transport.ok()) return transport.status();
  server->transport_ = *std::move(transport);
  return server;
}

std::unique_ptr<providers::s3::S3Client> S3TestServer::Client(
    providers::s3::S3ClientOptions options) {
  return std::make_unique<providers::s3::S3Client>(
      providers::s3::S3Endpoint{endpoint_, "us-east-1", true}, access_key_,
      providers::base::Secret(secret_key_), transport_.get(), &clock_, options);
}

std::unique_ptr<providers::s3::S3Client> S3TestServer::ClientFor(const std::string& access_key,
                                                                 const std::string& secret_key) {
  return std::make_unique<providers::s3::S3Client>(
      providers::s3::S3Endpoint{endpoint_, "us-east-1", true}, access_key,
      providers::base::Secret(secret_key), transport_.get(), &clock_);
}

std::string S3TestServer::BucketName(absl::string_view tag) {
  return absl::StrCat("it-", tag, "-", getpid(), "-", ++buckets_made_);
}

CommandResult S3TestServer::Shell(const std::string& command) const {
  const std::string full = absl::StrCat(
      "export CEPH_CONF=", ShellQuote(ceph_conf_), " AWS_ACCESS_KEY_ID=", ShellQuote(access_key_),
      " AWS_SECRET_ACCESS_KEY=", ShellQuote(secret_key_),
      " AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true; ", command);
  CommandResult result;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.output.append(buf, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult S3TestServer::Aws(const std::string& args) const {
  return Shell(absl::StrCat("/usr/bin/aws --endpoint-url ", ShellQuote(endpoint_), " ", args));
}

CommandResult S3TestServer::RadosgwAdmin(const std::string& args) const {
  return Shell(absl::StrCat("radosgw-admin ", args, " 2>/dev/null"));
}

providers::ChunkReader OneChunk(std::string data) {
  auto given = std::make_shared<bool>(false);
  return [data = std::move(data), given](std::string* out) -> absl::StatusOr<bool> {
    if (*given) return false;
    *given = true;
    *out = data;
    return true;
  };
}

void EmptyAndDelete(providers::s3::S3Client& client, const std::string& bucket) {
  providers::base::CallContext ctx;
  providers::s3::ListVersionsRequest request;
  for (;;) {
    auto page = client.ListObjectVersions(bucket, request, ctx);
    ASSERT_TRUE(page.ok()) << page.status();
    std::vector<providers::ObjectIdentifier> ids;
    for (const auto& v : page->versions) ids.push_back({v.key, v.version_id});
    auto deleted = client.DeleteObjects(bucket, ids, ctx);
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    ASSERT_TRUE(deleted->errors.empty()) << deleted->errors[0].code;
    if (!page->is_truncated) break;
    request.key_marker = page->next_key_marker;
    request.version_id_marker = page->next_version_id_marker;
  }
  absl::Status status = client.DeleteBucket(bucket, ctx);
  EXPECT_TRUE(status.ok()) << status;
}

}  // namespace osp::testutil
