// libFuzzer target for the ECS management API response readers (providers/ecs/ecs_xml.h). The
// first input byte picks the reader ((byte - '0') % 10 in the order of kReaders, so seeds start
// with a digit), the rest is the body. Besides crashes and sanitizer reports it checks what the
// readers promise: failures are INTERNAL "malformed XML from <what>", user names are not empty.
#include <cstdint>
#include <cstdlib>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/ecs/ecs_xml.h"

namespace osp::providers::ecs {
namespace {

constexpr absl::string_view kWhat = "fuzz";

void Check(bool condition) {
  if (!condition) std::abort();
}

template <typename T>
bool Malformed(const absl::StatusOr<T>& result) {
  return !result.ok() && result.status().code() == absl::StatusCode::kInternal &&
         absl::StartsWith(result.status().message(), "malformed XML from fuzz");
}

template <typename T>
void CheckResult(const absl::StatusOr<T>& result) {
  Check(result.ok() || Malformed(result));
}

void Namespace(absl::string_view body) { CheckResult(xml::ParseNamespace(body, kWhat)); }
void ReplicationGroups(absl::string_view body) {
  CheckResult(xml::ParseReplicationGroups(body, kWhat));
}
void UserInfo(absl::string_view body) { CheckResult(xml::ParseUserInfo(body, kWhat)); }
void UserPage(absl::string_view body) {
  auto r = xml::ParseUserPage(body, kWhat);
  if (!r.ok()) return Check(Malformed(r));
  for (const auto& user : r->users) Check(!user.empty());
}
void SecretKeys(absl::string_view body) { CheckResult(xml::ParseSecretKeys(body, kWhat)); }
void NewSecretKey(absl::string_view body) { CheckResult(xml::ParseNewSecretKey(body, kWhat)); }
void Bucket(absl::string_view body) { CheckResult(xml::ParseBucket(body, kWhat)); }
void BucketPage(absl::string_view body) { CheckResult(xml::ParseBucketPage(body, kWhat)); }
void Quota(absl::string_view body) { CheckResult(xml::ParseQuota(body, kWhat)); }
void Billing(absl::string_view body) { CheckResult(xml::ParseBilling(body, kWhat)); }

constexpr void (*kReaders[])(absl::string_view) = {
    Namespace, ReplicationGroups, UserInfo, UserPage, SecretKeys, NewSecretKey,
    Bucket,    BucketPage,        Quota,    Billing,
};

}  // namespace
}  // namespace osp::providers::ecs

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using osp::providers::ecs::kReaders;
  if (size == 0) return 0;
  const size_t reader =
      static_cast<uint8_t>(data[0] - '0') % (sizeof(kReaders) / sizeof(kReaders[0]));
  kReaders[reader](absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
