// libFuzzer target for what ospd reads from the MinIO admin API: the JSON response readers
// (providers/minio/minio_admin_json.h), error bodies (minio_error.h) and the user policies ospd
// wrote (user_policy.h). The first input byte picks the reader ((byte - '0') % 9 in the order of
// kReaders, so seeds start with a digit), the rest is the body. Failures must be statuses, never
// exceptions or crashes.
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/minio/minio_admin_json.h"
#include "providers/minio/minio_error.h"
#include "providers/minio/user_policy.h"

namespace osp::providers::minio {
namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// A reader's failure: INTERNAL naming MinIO (docs/errors.md: an answer ospd cannot understand).
bool BackendFault(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInternal &&
         absl::StrContains(status.message(), "MinIO");
}

void UserInfo(absl::string_view body) {
  auto r = admin_json::ParseUserInfo(body);
  Check(r.ok() || BackendFault(r.status()));
}
void CannedPolicy(absl::string_view body) {
  auto r = admin_json::ParseCannedPolicy(body);
  Check(r.ok() ? !r->empty() : BackendFault(r.status()));
}
void CannedPolicies(absl::string_view body) {
  auto r = admin_json::ParseCannedPolicies(body);
  Check(r.ok() || BackendFault(r.status()));
}
void BucketQuota(absl::string_view body) {
  auto r = admin_json::ParseBucketQuota(body);
  Check(r.ok() || BackendFault(r.status()));
}
void DataUsage(absl::string_view body) {
  auto r = admin_json::ParseDataUsage(body);
  Check(r.ok() || BackendFault(r.status()));
}
void ServiceAccount(absl::string_view body) {
  auto r = admin_json::ParseServiceAccount(body);
  Check(r.ok() ? !r->access_key.empty() : BackendFault(r.status()));
}
void ServiceAccounts(absl::string_view body) {
  auto r = admin_json::ParseServiceAccounts(body);
  Check(r.ok() || BackendFault(r.status()));
}
void Error(absl::string_view body) {
  (void)MinioErrorCode(body);
  const absl::Status status = MinioErrorToStatus(404, body, "fuzz");
  Check(!status.ok() && absl::StartsWith(status.message(), "MinIO "));
}
void UserPolicy(absl::string_view body) {
  auto r = BucketsOfUserPolicy(body);
  Check(r.ok() || r.status().code() == absl::StatusCode::kInvalidArgument);
}

constexpr void (*kReaders[])(absl::string_view) = {
    UserInfo,       CannedPolicy,    CannedPolicies, BucketQuota, DataUsage,
    ServiceAccount, ServiceAccounts, Error,          UserPolicy,
};

}  // namespace
}  // namespace osp::providers::minio

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using osp::providers::minio::kReaders;
  if (size == 0) return 0;
  const size_t reader =
      static_cast<uint8_t>(data[0] - '0') % (sizeof(kReaders) / sizeof(kReaders[0]));
  kReaders[reader](absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
