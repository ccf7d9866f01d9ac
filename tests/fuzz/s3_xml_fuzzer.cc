// libFuzzer target for one S3 body parser, chosen at build time by OSP_FUZZ_PARSER (one binary
// per parser, see CMakeLists.txt). Besides crashes and sanitizer reports, it checks what each
// parser promises: failures are INTERNAL "malformed XML" statuses, and results keep their
// invariants (non-empty keys and ids, a continuation token on truncated pages).
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/s3/s3_error.h"
#include "providers/s3/s3_xml_parser.h"

namespace osp::providers::s3 {
namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

template <typename T>
bool Malformed(const absl::StatusOr<T>& result) {
  return !result.ok() && result.status().code() == absl::StatusCode::kInternal &&
         absl::StartsWith(result.status().message(), "malformed XML from S3 ");
}

void FuzzError(absl::string_view body) {
  S3Error error = ParseS3Error(404, body);
  Check(!error.code.empty());
  absl::Status status = S3ErrorToStatus(error, "Op", "b", "k");
  Check(!status.ok());
  Check(absl::StartsWith(status.message(), "S3 "));
}

void FuzzListBuckets(absl::string_view body) {
  auto r = ParseListBuckets(body);
  if (!r.ok()) return Check(Malformed(r));
  for (const auto& b : *r) Check(!b.name.empty());
}

void FuzzVersioning(absl::string_view body) {
  auto r = ParseVersioning(body);
  Check(r.ok() || Malformed(r));
}

void FuzzEncryption(absl::string_view body) {
  auto r = ParseEncryption(body);
  Check(r.ok() || Malformed(r));
}

void FuzzCors(absl::string_view body) {
  auto r = ParseCors(body);
  Check(r.ok() || Malformed(r));
}

void FuzzObjectLock(absl::string_view body) {
  auto r = ParseObjectLock(body);
  Check(r.ok() || Malformed(r));
}

void FuzzListObjectsV2(absl::string_view body) {
  auto r = ParseListObjectsV2(body);
  if (!r.ok()) return Check(Malformed(r));
  for (const auto& o : r->objects) Check(!o.key.empty());
  Check(!r->is_truncated || !r->next_continuation_token.empty());
}

void FuzzListVersions(absl::string_view body) {
  auto r = ParseListVersions(body);
  if (!r.ok()) return Check(Malformed(r));
  for (const auto& v : r->versions) Check(!v.key.empty());
  Check(!r->is_truncated || !r->next_key_marker.empty());
}

void FuzzInitiateMultipart(absl::string_view body) {
  auto r = ParseInitiateMultipartUpload(body);
  if (!r.ok()) return Check(Malformed(r));
  Check(!r->empty());
}

void FuzzCompleteMultipart(absl::string_view body) {
  auto r = ParseCompleteMultipartUpload(body, "b", "k");
  // An <Error> document becomes its S3 status; anything else unreadable is malformed.
  Check(r.ok() || Malformed(r) || absl::StartsWith(r.status().message(), "S3 "));
}

void FuzzDeleteResult(absl::string_view body) {
  auto r = ParseDeleteResult(body);
  Check(r.ok() || Malformed(r));
}

struct Target {
  const char* name;
  void (*fuzz)(absl::string_view);
};

constexpr Target kTargets[] = {
    {"error", FuzzError},
    {"list_buckets", FuzzListBuckets},
    {"versioning", FuzzVersioning},
    {"encryption", FuzzEncryption},
    {"cors", FuzzCors},
    {"object_lock", FuzzObjectLock},
    {"list_objects_v2", FuzzListObjectsV2},
    {"list_versions", FuzzListVersions},
    {"initiate_multipart", FuzzInitiateMultipart},
    {"complete_multipart", FuzzCompleteMultipart},
    {"delete_result", FuzzDeleteResult},
};

void (*Selected())(absl::string_view) {
  for (const Target& t : kTargets) {
    if (std::strcmp(t.name, OSP_FUZZ_PARSER) == 0) return t.fuzz;
  }
  std::abort();  // A CMake target names a parser this file lacks.
}

}  // namespace
}  // namespace osp::providers::s3

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static void (*const fuzz)(absl::string_view) = osp::providers::s3::Selected();
  fuzz(absl::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
