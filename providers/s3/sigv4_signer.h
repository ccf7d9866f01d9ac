// SigV4Signer: AWS Signature Version 4 for S3 and for the SigV4-signed admin APIs (MinIO admin,
// radosgw admin). A pure function of (request, credentials, region, service, time): it reads no
// clock and sends nothing. Header signing (Authorization) and query-string presigning.
// Immutable after construction: any number of threads may sign with one signer.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/base/secret.h"
#include "providers/http/http_transport.h"

namespace osp::providers::s3 {

struct SigV4Credentials {
  std::string access_key_id;
  base::Secret secret_access_key;
  // Temporary credentials only; empty: none.
  base::Secret session_token;
};

struct SigV4Request {
  std::string method = "GET";
  // Absolute URL (scheme://host[:port]/path?query). Path and query may be percent-encoded or raw;
  // both are decoded and re-encoded the SigV4 way (RFC 3986 unreserved characters kept, '/'
  // kept in the path, each path segment encoded once as S3 expects).
  std::string url;
  // Headers sent with the request; all of them are signed. `host` is taken from the URL when
  // absent (without a default port: what libcurl sends).
  http::Headers headers;
  // Lowercase hex SHA-256 of the body, or kUnsignedPayload.
  std::string payload_hash;
};

struct SigV4Signature {
  // Sign(): headers to add to the request: X-Amz-Date (unless the request had one),
  // X-Amz-Security-Token (with a session token) and Authorization.
  http::Headers headers;
  // Presign(): the URL with the X-Amz-* parameters. A bearer credential until it expires: never
  // log it.
  std::string url;
  // The intermediate values, for tests and signature-mismatch debugging.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

class SigV4Signer final {
 public:
  static constexpr absl::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
  // SHA-256 of the empty string, the payload hash of body-less requests.
  static constexpr absl::string_view kEmptySha256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  // Longest presigned URL lifetime SigV4 allows.
  static constexpr absl::Duration kMaxPresignTtl = absl::Hours(24 * 7);

  // `region` may be empty (MinIO admin clients sign with an empty region). `normalize_path`
  // removes dot segments and duplicate slashes before signing: false for S3 and the admin APIs,
  // whose paths are taken literally.
  SigV4Signer(SigV4Credentials credentials, std::string region, std::string service,
              bool normalize_path = false);

  // Signs `request` at time `now` for the Authorization header. INVALID_ARGUMENT if the URL is not
  // absolute or the payload hash is empty.
  absl::StatusOr<SigV4Signature> Sign(const SigV4Request& request, absl::Time now) const;

  // A presigned URL valid for `expires` from `now` (1 s to 7 days, else INVALID_ARGUMENT).
  // Signs `request.headers` plus host; the payload hash is usually kUnsignedPayload.
  absl::StatusOr<SigV4Signature> Presign(const SigV4Request& request, absl::Time now,
                                         absl::Duration expires) const;

  // Lowercase hex SHA-256 of `data`.
  static std::string Sha256Hex(absl::string_view data);

 private:
  SigV4Credentials credentials_;
  std::string region_;
  std::string service_;
  bool normalize_path_;
};

}  // namespace osp::providers::s3
