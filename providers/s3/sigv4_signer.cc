#include "providers/s3/sigv4_signer.h"

#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "providers/s3/uri_encode.h"

namespace osp::providers::s3 {
namespace {

constexpr absl::string_view kAlgorithm = "AWS4-HMAC-SHA256";

struct ParsedUrl {
  std::string scheme;
  std::string authority;
  std::string path;
  std::string query;
};

absl::StatusOr<ParsedUrl> ParseUrl(absl::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == absl::string_view::npos || scheme_end == 0) {
    return absl::InvalidArgumentError("SigV4: the request URL is not absolute");
  }
  ParsedUrl parsed;
  parsed.scheme = absl::AsciiStrToLower(url.substr(0, scheme_end));
  absl::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('#'));
  size_t path_start = rest.find_first_of("/?");
  parsed.authority = std::string(rest.substr(0, path_start));
  if (parsed.authority.empty()) return absl::InvalidArgumentError("SigV4: the URL has no host");
  rest = path_start == absl::string_view::npos ? absl::string_view() : rest.substr(path_start);
  size_t query_start = rest.find('?');
  parsed.path = std::string(rest.substr(0, query_start));
  if (query_start != absl::string_view::npos)
    parsed.query = std::string(rest.substr(query_start + 1));
  return parsed;
}

// The Host header libcurl sends for `url`: the authority without a default port.
std::string HostHeader(const ParsedUrl& url) {
  absl::string_view host = url.authority;
  if ((url.scheme == "http" && absl::ConsumeSuffix(&host, ":80")) ||
      (url.scheme == "https" && absl::ConsumeSuffix(&host, ":443"))) {
    return std::string(host);
  }
  return url.authority;
}

std::string CanonicalPath(absl::string_view raw_path, bool normalize) {
  std::string path = UriDecode(raw_path);
  if (path.empty()) return "/";
  if (!normalize) return UriEncode(path, Slash::kKeep);
  std::vector<absl::string_view> segments;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string result = "/";
  for (absl::string_view segment : segments) {
    absl::StrAppend(&result, UriEncode(segment), "/");
  }
  if (!segments.empty() && !absl::EndsWith(path, "/")) result.pop_back();
  return result;
}

using Params = std::vector<std::pair<std::string, std::string>>;

// Query parameters, decoded then re-encoded (so raw and pre-encoded URLs sign alike).
Params EncodedQuery(absl::string_view query) {
  Params params;
  for (absl::string_view part : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    params.emplace_back(UriEncode(UriDecode(kv.first)), UriEncode(UriDecode(kv.second)));
  }
  return params;
}

std::string CanonicalQuery(Params params) {
  std::sort(params.begin(), params.end());
  return absl::StrJoin(params, "&", absl::PairFormatter("="));
}

// Trims and collapses runs of whitespace to one space (folded header lines included).
std::string CanonicalHeaderValue(absl::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : absl::StripAsciiWhitespace(value)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = true;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;         // "name:value\n" lines.
  std::string signed_names;  // "host;x-amz-date".
};

// Lowercased names in order, values of repeated names joined with ',' in request order.
CanonicalHeaders Canonicalize(const http::Headers& headers) {
  std::vector<std::pair<std::string, std::string>> lowered;
  for (const auto& [name, value] : headers) {
    lowered.emplace_back(absl::AsciiStrToLower(name), CanonicalHeaderValue(value));
  }
  std::stable_sort(lowered.begin(), lowered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders result;
  std::vector<std::string> names;
  for (size_t i = 0; i < lowered.size();) {
    std::string values = lowered[i].second;
    size_t j = i + 1;
    for (; j < lowered.size() && lowered[j].first == lowered[i].first; ++j) {
      absl::StrAppend(&values, ",", lowered[j].second);
    }
    absl::StrAppend(&result.block, lowered[i].first, ":", values, "\n");
    names.push_back(lowered[i].first);
    i = j;
  }
  result.signed_names = absl::StrJoin(names, ";");
  return result;
}

bool HasHeader(const http::Headers& headers, absl::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return absl::EqualsIgnoreCase(h.first, name); });
}

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

SigV4Signer::SigV4Signer(SigV4Credentials credentials, std::string region, std::string service,
                         bool normalize_path)
    : credentials_(std::move(credentials)),
      region_(std::move(region)),
      service_(std::move(service)),
      normalize_path_(normalize_path) {}

std::string SigV4Signer::Sha256Hex(absl::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

namespace {

// Everything both signing modes share, from the canonical pieces to the signature.
struct Signing {
  std::string amz_date;  // 20150830T123600Z
  std::string scope;     // 20150830/us-east-1/service/aws4_request
};

Signing MakeSigning(absl::Time now, absl::string_view region, absl::string_view service) {
  Signing s;
  s.amz_date = absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone());
  s.scope = absl::StrCat(s.amz_date.substr(0, 8), "/", region, "/", service, "/aws4_request");
  return s;
}

void Finish(absl::string_view secret, const Signing& signing, absl::string_view region,
            absl::string_view service, SigV4Signature* out) {
  out->string_to_sign = absl::StrCat(kAlgorithm, "\n", signing.amz_date, "\n", signing.scope, "\n",
                                     SigV4Signer::Sha256Hex(out->canonical_request));
  std::string key = HmacSha256(absl::StrCat("AWS4", secret), signing.amz_date.substr(0, 8));
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  out->signature = absl::BytesToHexString(HmacSha256(key, out->string_to_sign));
}

}  // namespace

absl::StatusOr<SigV4Signature> SigV4Signer::Sign(const SigV4Request& request,
                                                 absl::Time now) const {
  if (request.payload_hash.empty()) {
    return absl::InvalidArgumentError("SigV4: payload hash is empty");
  }
  absl::StatusOr<ParsedUrl> url = ParseUrl(request.url);
  if (!url.ok()) return url.status();
  const Signing signing = MakeSigning(now, region_, service_);

  SigV4Signature out;
  http::Headers headers = request.headers;
  if (!HasHeader(headers, "host")) headers.emplace_back("host", HostHeader(*url));
  if (!HasHeader(headers, "x-amz-date")) {
    headers.emplace_back("X-Amz-Date", signing.amz_date);
    out.headers.emplace_back("X-Amz-Date", signing.amz_date);
  }
  if (!credentials_.session_token.empty()) {
    headers.emplace_back("X-Amz-Security-Token", credentials_.session_token.Reveal());
    out.headers.emplace_back("X-Amz-Security-Token", credentials_.session_token.Reveal());
  }
  const CanonicalHeaders canonical = Canonicalize(headers);
  out.canonical_request =
      absl::StrCat(request.method, "\n", CanonicalPath(url->path, normalize_path_), "\n",
                   CanonicalQuery(EncodedQuery(url->query)), "\n", canonical.block, "\n",
                   canonical.signed_names, "\n", request.payload_hash);
  Finish(credentials_.secret_access_key.Reveal(), signing, region_, service_, &out);
  out.headers.emplace_back(
      "Authorization",
      absl::StrCat(kAlgorithm, " Credential=", credentials_.access_key_id, "/", signing.scope,
                   ", SignedHeaders=", canonical.signed_names, ", Signature=", out.signature));
  return out;
}

absl::StatusOr<SigV4Signature> SigV4Signer::Presign(const SigV4Request& request, absl::Time now,
                                                    absl::Duration expires) const {
  if (expires < absl::Seconds(1) || expires > kMaxPresignTtl) {
    return absl::InvalidArgumentError("SigV4: presigned URL lifetime must be 1 s to 7 days");
  }
  if (request.payload_hash.empty()) {
    return absl::InvalidArgumentError("SigV4: payload hash is empty");
  }
  absl::StatusOr<ParsedUrl> url = ParseUrl(request.url);
  if (!url.ok()) return url.status();
  const Signing signing = MakeSigning(now, region_, service_);

  http::Headers headers = request.headers;
  if (!HasHeader(headers, "host")) headers.emplace_back("host", HostHeader(*url));
  const CanonicalHeaders canonical = Canonicalize(headers);

  // In the order the S3 documentation shows them; the canonical query sorts anyway.
  Params added = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", UriEncode(absl::StrCat(credentials_.access_key_id, "/", signing.scope))},
      {"X-Amz-Date", signing.amz_date},
      {"X-Amz-Expires", absl::StrCat(absl::ToInt64Seconds(expires))},
      {"X-Amz-SignedHeaders", UriEncode(canonical.signed_names)},
  };
  if (!credentials_.session_token.empty()) {
    added.emplace_back("X-Amz-Security-Token", UriEncode(credentials_.session_token.Reveal()));
  }
  Params all = EncodedQuery(url->query);
  all.insert(all.end(), added.begin(), added.end());

  SigV4Signature out;
  out.canonical_request = absl::StrCat(
      request.method, "\n", CanonicalPath(url->path, normalize_path_), "\n", CanonicalQuery(all),
      "\n", canonical.block, "\n", canonical.signed_names, "\n", request.payload_hash);
  Finish(credentials_.secret_access_key.Reveal(), signing, region_, service_, &out);

  added.emplace_back("X-Amz-Signature", out.signature);
  out.url = absl::StrCat(request.url, url->query.empty() ? "?" : "&",
                         absl::StrJoin(added, "&", absl::PairFormatter("=")));
  return out;
}

}  // namespace osp::providers::s3
