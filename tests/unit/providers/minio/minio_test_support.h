// Fixtures shared by the MinIO unit tests that talk to a fake MinIO (buckets, users, S3 access):
// the backend's config, canned HTTP answers and policy documents. Header-only, for tests only;
// every function returns a fresh value, so tests may use them from any thread.
#pragma once

#include <string>
#include <utility>

#include "providers/base/secret.h"
#include "providers/http/http_transport.h"
#include "providers/minio/minio_config.h"

namespace osp::providers::minio {

// The fake MinIO's private endpoint; request URLs start with it.
inline constexpr char kEndpoint[] = "http://minio.test:9000";
inline const base::Secret kAdminSecret("admin-secret-EXAMPLE");

// A valid config of backend "minio1" on kEndpoint with the admin key "admin" / kAdminSecret,
// public S3 URL https://s3.example.com and user prefix "acs-" (the default).
inline MinioConfig Config() {
  MinioConfig config;
  config.backend_id = "minio1";
  config.endpoint = kEndpoint;
  config.s3_public_url = "https://s3.example.com";
  config.access_key = "admin";
  config.secret_key = kAdminSecret;
  config.user_secret_seed = base::Secret(std::string(32, 's'));
  return config;
}

// An HTTP response with `status` and `body`.
inline http::HttpResponse Answer(int status, std::string body = "") {
  http::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// The ownership record ospd writes for `bucket` (UserPolicyJson), as an operator may have edited
// it: a Sid added, so that it is no longer of the exact shape ospd writes.
inline std::string EditedUserPolicy(const std::string& bucket) {
  return R"({"Version":"2012-10-17","Statement":[{"Sid":"ops","Effect":"Allow","Action":["s3:*"],)"
         R"("Resource":["arn:aws:s3:::)" +
         bucket + R"(","arn:aws:s3:::)" + bucket + R"(/*"]}]})";
}

}  // namespace osp::providers::minio
