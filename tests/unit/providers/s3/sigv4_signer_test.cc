#include "providers/s3/sigv4_signer.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::nlohmann::json;
using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAreArray;

json LoadVectors() {
  std::ifstream in(OSP_TESTDATA_DIR "/sigv4-vectors.json");
  EXPECT_TRUE(in.good()) << "missing " OSP_TESTDATA_DIR "/sigv4-vectors.json";
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

absl::Time ParseTime(const std::string& s, const char* format) {
  absl::Time t;
  std::string err;
  EXPECT_TRUE(absl::ParseTime(format, s, absl::UTCTimeZone(), &t, &err)) << s << ": " << err;
  return t;
}

SigV4Signer MakeSigner(const std::string& access_key, const std::string& secret,
                       const std::string& token, const std::string& region,
                       const std::string& service, bool normalize) {
  return SigV4Signer(SigV4Credentials{access_key, base::Secret(secret), base::Secret(token)},
                     region, service, normalize);
}

// A raw request of the test suite: "METHOD /path?query HTTP/1.1\nName:value\n  folded\n\nbody".
struct RawRequest {
  std::string method;
  std::string target;
  http::Headers headers;
  std::string body;
};

RawRequest ParseRaw(const std::string& raw) {
  RawRequest r;
  std::string head = raw;
  size_t blank = raw.find("\n\n");
  if (blank != std::string::npos) {
    head = raw.substr(0, blank);
    r.body = raw.substr(blank + 2);
  }
  std::vector<std::string> lines = absl::StrSplit(head, '\n', absl::SkipEmpty());
  std::vector<std::string> request_line = absl::StrSplit(lines[0], ' ');
  r.method = request_line[0];
  // The target may hold spaces ("/example space/"): everything between method and version.
  r.target = lines[0].substr(r.method.size() + 1,
                             lines[0].size() - r.method.size() - 1 - strlen(" HTTP/1.1"));
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i][0] == ' ' || lines[i][0] == '\t') {  // obs-fold continuation line
      absl::StrAppend(&r.headers.back().second, " ", absl::StripAsciiWhitespace(lines[i]));
      continue;
    }
    size_t colon = lines[i].find(':');
    r.headers.emplace_back(lines[i].substr(0, colon), lines[i].substr(colon + 1));
  }
  return r;
}

std::string HeaderLine(const std::string& signed_request, const std::string& name) {
  for (absl::string_view line : absl::StrSplit(signed_request, '\n')) {
    if (absl::StartsWithIgnoreCase(line, absl::StrCat(name, ":"))) {
      return std::string(line.substr(name.size() + 1));
    }
  }
  return "";
}

std::vector<std::string> QueryParams(absl::string_view url) {
  size_t q = url.find('?');
  if (q == absl::string_view::npos) return {};
  return absl::StrSplit(url.substr(q + 1), '&');
}

std::string Find(const http::Headers& headers, const std::string& name) {
  for (const auto& [k, v] : headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

TEST(SigV4SignerTest, AwsSuiteHeaderAndQuerySigning) {
  json vectors = LoadVectors();
  int cases = 0;
  for (const json& c : vectors["suite"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const json& ctx = c["context"];
    const json& creds = ctx["credentials"];
    SigV4Signer signer =
        MakeSigner(creds["access_key_id"], creds["secret_access_key"], creds.value("token", ""),
                   ctx["region"], ctx["service"], ctx["normalize"]);
    RawRequest raw = ParseRaw(c["request"]);
    SigV4Request request;
    request.method = raw.method;
    request.url = absl::StrCat("https://", Find(raw.headers, "host"), raw.target);
    request.headers = raw.headers;
    request.payload_hash = SigV4Signer::Sha256Hex(raw.body);
    const absl::Time now = ParseTime(ctx["timestamp"], "%Y-%m-%dT%H:%M:%SZ");

    SigV4Request header_request = request;
    if (ctx["sign_body"].get<bool>()) {
      header_request.headers.emplace_back("x-amz-content-sha256", request.payload_hash);
    }
    absl::StatusOr<SigV4Signature> header = signer.Sign(header_request, now);
    ASSERT_THAT(header, IsOk());
    EXPECT_EQ(header->canonical_request, c["header"]["canonical_request"]);
    EXPECT_EQ(header->string_to_sign, c["header"]["string_to_sign"]);
    EXPECT_EQ(header->signature, c["header"]["signature"]);
    const std::string signed_request = c["header"]["signed_request"];
    EXPECT_THAT(header->headers,
                Contains(Pair("Authorization", HeaderLine(signed_request, "Authorization"))));
    EXPECT_THAT(header->headers,
                Contains(Pair("X-Amz-Date", HeaderLine(signed_request, "X-Amz-Date"))));

    absl::StatusOr<SigV4Signature> query =
        signer.Presign(request, now, absl::Seconds(ctx["expiration_in_seconds"].get<int>()));
    ASSERT_THAT(query, IsOk());
    EXPECT_EQ(query->canonical_request, c["query"]["canonical_request"]);
    EXPECT_EQ(query->string_to_sign, c["query"]["string_to_sign"]);
    EXPECT_EQ(query->signature, c["query"]["signature"]);
    std::string expected_line = c["query"]["signed_request"].get<std::string>();
    expected_line = expected_line.substr(0, expected_line.find(" HTTP/1.1"));
    EXPECT_THAT(QueryParams(query->url), UnorderedElementsAreArray(QueryParams(expected_line)));
    ++cases;
  }
  EXPECT_EQ(cases, 21);
}

TEST(SigV4SignerTest, OriginalSuiteVariantWithoutContentHashHeader) {
  const json c = LoadVectors()["original_suite_variant"];
  SigV4Signer signer =
      MakeSigner(c["access_key_id"], c["secret_access_key"], "", c["region"], c["service"], true);
  SigV4Request request;
  request.method = c["method"];
  for (const auto& [name, value] : c["headers"].items()) request.headers.emplace_back(name, value);
  request.url =
      absl::StrCat("https://", Find(request.headers, "host"), c["path"].get<std::string>());
  request.payload_hash = SigV4Signer::Sha256Hex(c["body"].get<std::string>());
  EXPECT_EQ(request.payload_hash, c["payload_hash"]);
  absl::StatusOr<SigV4Signature> sig =
      signer.Sign(request, ParseTime(c["x_amz_date"], "%E4Y%m%dT%H%M%SZ"));
  ASSERT_THAT(sig, IsOk());
  EXPECT_EQ(sig->canonical_request, c["canonical_request"]);
  EXPECT_EQ(sig->string_to_sign, c["string_to_sign"]);
  EXPECT_EQ(sig->signature, c["signature"]);
  // The request carried X-Amz-Date already: only Authorization is added.
  EXPECT_THAT(sig->headers, UnorderedElementsAreArray({Pair("Authorization", c["authorization"])}));
}

TEST(SigV4SignerTest, S3DocumentationExamples) {
  int cases = 0;
  const json vectors = LoadVectors();
  for (const json& c : vectors["s3_documentation_examples"]["examples"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    SigV4Signer signer = MakeSigner(c["access_key_id"], c["secret_access_key"], "", c["region"],
                                    c["service"], false);
    SigV4Request request;
    request.method = c["method"];
    request.url =
        absl::StrCat("https://", c["host"].get<std::string>(), c["path"].get<std::string>());
    std::vector<std::string> query;
    for (const json& kv : c["query"]) {
      query.push_back(absl::StrCat(kv[0].get<std::string>(), "=", kv[1].get<std::string>()));
    }
    if (!query.empty()) absl::StrAppend(&request.url, "?", absl::StrJoin(query, "&"));
    for (const auto& [name, value] : c["headers"].items())
      request.headers.emplace_back(name, value);
    request.payload_hash = c["payload_hash"];
    if (c["body"] != "" || request.payload_hash != SigV4Signer::kUnsignedPayload) {
      EXPECT_EQ(SigV4Signer::Sha256Hex(c["body"].get<std::string>()), c["payload_hash"]);
    }
    const absl::Time now = ParseTime(c["x_amz_date"], "%E4Y%m%dT%H%M%SZ");
    absl::StatusOr<SigV4Signature> sig =
        c.contains("presigned_url")
            ? signer.Presign(request, now, absl::Seconds(c["expires"].get<int>()))
            : signer.Sign(request, now);
    ASSERT_THAT(sig, IsOk());
    EXPECT_EQ(sig->canonical_request, c["canonical_request"]);
    EXPECT_EQ(sig->string_to_sign, c["string_to_sign"]);
    EXPECT_EQ(sig->signature, c["signature"]);
    if (c.contains("presigned_url")) {
      EXPECT_EQ(sig->url, c["presigned_url"]);
    } else {
      // The documentation writes the Authorization value without spaces after commas.
      EXPECT_EQ(absl::StrReplaceAll(Find(sig->headers, "Authorization"), {{", ", ","}}),
                c["authorization"]);
    }
    ++cases;
  }
  EXPECT_EQ(cases, 5);
}

TEST(SigV4SignerTest, DerivedAdminExamplesIncludingEmptyRegion) {
  int cases = 0;
  const json vectors = LoadVectors();
  for (const json& c : vectors["derived_admin_examples"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    SigV4Signer signer = MakeSigner(c["access_key_id"], c["secret_access_key"], "", c["region"],
                                    c["service"], false);
    SigV4Request request;
    request.method = c["method"];
    request.url = c["url"];
    for (const auto& [name, value] : c["headers"].items())
      request.headers.emplace_back(name, value);
    request.payload_hash = c["payload_hash"];
    absl::StatusOr<SigV4Signature> sig =
        signer.Sign(request, ParseTime(c["x_amz_date"], "%E4Y%m%dT%H%M%SZ"));
    ASSERT_THAT(sig, IsOk());
    EXPECT_EQ(sig->canonical_request, c["canonical_request"]);
    EXPECT_EQ(sig->string_to_sign, c["string_to_sign"]);
    EXPECT_EQ(sig->signature, c["signature"]);
    EXPECT_THAT(sig->headers, Contains(Pair("Authorization", c["authorization"])));
    ++cases;
  }
  EXPECT_EQ(cases, 4);
}

SigV4Signer S3Signer() {
  return MakeSigner("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "",
                    "us-east-1", "s3", false);
}

const absl::Time kNow = absl::FromUnixSeconds(1369353600);  // 2013-05-24T00:00:00Z

TEST(SigV4SignerTest, HostComesFromTheUrlWithoutDefaultPort) {
  SigV4Signer signer = S3Signer();
  for (const auto& [url, host] : std::vector<std::pair<std::string, std::string>>{
           {"http://127.0.0.1:8080/b/k", "127.0.0.1:8080"},
           {"http://example.com:80/b", "example.com"},
           {"https://example.com:443", "example.com"},
           {"HTTPS://example.com:8443?x", "example.com:8443"}}) {
    SigV4Request request{"GET", url, {}, std::string(SigV4Signer::kUnsignedPayload)};
    absl::StatusOr<SigV4Signature> sig = signer.Sign(request, kNow);
    ASSERT_THAT(sig, IsOk()) << url;
    EXPECT_THAT(sig->canonical_request, HasSubstr(absl::StrCat("\nhost:", host, "\n"))) << url;
  }
}

TEST(SigV4SignerTest, S3KeysAreEncodedOnceAndPathsAreNotNormalized) {
  SigV4Request request{
      "GET", "http://h/bucket/a%20b/../c//d%2Bx+y", {}, std::string(SigV4Signer::kEmptySha256)};
  absl::StatusOr<SigV4Signature> sig = S3Signer().Sign(request, kNow);
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(sig->canonical_request, HasSubstr("GET\n/bucket/a%20b/../c//d%2Bx%2By\n"));
}

TEST(SigV4SignerTest, QueryIsSortedAndReencoded) {
  SigV4Request request{"GET",
                       "http://h/b?versions&prefix=a b&key-marker=x%2Fy&delimiter=/",
                       {},
                       std::string(SigV4Signer::kEmptySha256)};
  absl::StatusOr<SigV4Signature> sig = S3Signer().Sign(request, kNow);
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(sig->canonical_request,
              HasSubstr("\ndelimiter=%2F&key-marker=x%2Fy&prefix=a%20b&versions=\n"));
}

TEST(SigV4SignerTest, SessionTokenIsSignedAndSent) {
  SigV4Signer signer(SigV4Credentials{"AK", base::Secret("SK"), base::Secret("TOKEN")}, "r", "s3");
  SigV4Request request{"GET", "http://h/", {}, std::string(SigV4Signer::kEmptySha256)};
  absl::StatusOr<SigV4Signature> sig = signer.Sign(request, kNow);
  ASSERT_THAT(sig, IsOk());
  EXPECT_THAT(sig->headers, Contains(Pair("X-Amz-Security-Token", "TOKEN")));
  EXPECT_THAT(Find(sig->headers, "Authorization"), HasSubstr("x-amz-security-token"));
  absl::StatusOr<SigV4Signature> presigned = signer.Presign(request, kNow, absl::Minutes(5));
  ASSERT_THAT(presigned, IsOk());
  EXPECT_THAT(presigned->url, HasSubstr("X-Amz-Security-Token=TOKEN"));
}

TEST(SigV4SignerTest, TheSecretNeverAppearsInTheOutput) {
  SigV4Request request{"PUT",
                       "http://h/b/k?x=1",
                       {{"Content-Type", "text/plain"}},
                       std::string(SigV4Signer::kUnsignedPayload)};
  SigV4Signer signer = S3Signer();
  for (const absl::StatusOr<SigV4Signature>& sig :
       {signer.Sign(request, kNow), signer.Presign(request, kNow, absl::Hours(1))}) {
    ASSERT_THAT(sig, IsOk());
    std::string all = absl::StrCat(sig->url, sig->canonical_request, sig->string_to_sign);
    for (const auto& [k, v] : sig->headers) absl::StrAppend(&all, k, v);
    EXPECT_THAT(all, Not(HasSubstr("wJalrXUtnFEMI")));
  }
}

TEST(SigV4SignerTest, SigningDependsOnEveryInput) {
  SigV4Request request{"GET", "http://h/b/k", {}, std::string(SigV4Signer::kEmptySha256)};
  const std::string base = S3Signer().Sign(request, kNow)->signature;
  SigV4Request other_method = request;
  other_method.method = "DELETE";
  SigV4Request other_hash = request;
  other_hash.payload_hash = std::string(SigV4Signer::kUnsignedPayload);
  EXPECT_NE(S3Signer().Sign(other_method, kNow)->signature, base);
  EXPECT_NE(S3Signer().Sign(other_hash, kNow)->signature, base);
  EXPECT_NE(S3Signer().Sign(request, kNow + absl::Seconds(1))->signature, base);
  EXPECT_NE(MakeSigner("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "",
                       "eu-west-1", "s3", false)
                .Sign(request, kNow)
                ->signature,
            base);
  EXPECT_EQ(S3Signer().Sign(request, kNow)->signature, base);  // Pure: same input, same output.
}

TEST(SigV4SignerTest, RejectsBadInput) {
  SigV4Signer signer = S3Signer();
  SigV4Request relative{"GET", "/b/k", {}, std::string(SigV4Signer::kEmptySha256)};
  EXPECT_THAT(signer.Sign(relative, kNow), StatusIs(absl::StatusCode::kInvalidArgument));
  SigV4Request no_host{"GET", "http:///b", {}, std::string(SigV4Signer::kEmptySha256)};
  EXPECT_THAT(signer.Sign(no_host, kNow), StatusIs(absl::StatusCode::kInvalidArgument));
  SigV4Request no_hash{"GET", "http://h/b", {}, ""};
  EXPECT_THAT(signer.Sign(no_hash, kNow), StatusIs(absl::StatusCode::kInvalidArgument));
  SigV4Request ok{"GET", "http://h/b", {}, std::string(SigV4Signer::kUnsignedPayload)};
  EXPECT_THAT(signer.Presign(ok, kNow, absl::ZeroDuration()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(signer.Presign(ok, kNow, absl::Hours(24 * 7) + absl::Seconds(1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(signer.Presign(ok, kNow, absl::Hours(24 * 7)), IsOk());
}

TEST(SigV4SignerTest, Sha256Hex) {
  EXPECT_EQ(SigV4Signer::Sha256Hex(""), SigV4Signer::kEmptySha256);
  EXPECT_EQ(SigV4Signer::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace osp::providers::s3
