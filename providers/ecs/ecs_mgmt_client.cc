#include "providers/ecs/ecs_mgmt_client.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_error.h"
#include "providers/ecs/ecs_xml.h"

namespace osp::providers::ecs {
namespace {

constexpr absl::string_view kTokenHeader = "X-SDS-AUTH-TOKEN";
constexpr absl::string_view kMaxAgeHeader = "X-SDS-AUTH-MAX-AGE";
constexpr absl::string_view kXml = "application/xml";
// Logout at shutdown must not hold the process up for long.
constexpr absl::Duration kLogoutBound = absl::Seconds(5);

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string Encode(absl::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

bool IsSuccess(int status) { return status >= 200 && status < 300; }

// ECS answers an expired or unknown token with 401, or with a redirect to /login when the
// client does not follow redirects (ours does not).
bool TokenRejected(const http::HttpResponse& r) {
  if (r.status == 401) return true;
  return (r.status == 302 || r.status == 303 || r.status == 307) &&
         absl::StrContains(r.Header("Location"), "/login");
}

}  // namespace

EcsMgmtClient::EcsMgmtClient(const EcsConfig& config, http::HttpTransport* transport,
                             base::Clock* clock, base::Logger* logger)
    : config_(config),
      transport_(transport),
      logger_(logger),
      tokens_(
          clock, [this](const CallContext& ctx) { return Login(ctx); },
          [this](const base::Secret& token, const CallContext& ctx) { Logout(token, ctx); }) {}

EcsMgmtClient::~EcsMgmtClient() { Close(); }

void EcsMgmtClient::Close() {
  tokens_.Close(CallContext().WithDeadline(absl::Now() + kLogoutBound));
}

absl::Status EcsMgmtClient::EnsureSession(const CallContext& ctx) {
  return tokens_.Get(ctx).status();
}

absl::StatusOr<EcsTokenCache::LoginResult> EcsMgmtClient::Login(const CallContext& ctx) {
  http::HttpRequest request;
  request.method = "GET";
  request.url = absl::StrCat(config_.management_url, "/login");
  request.headers = {
      {"Authorization",
       absl::StrCat("Basic ", absl::Base64Escape(
                                  absl::StrCat(config_.username, ":", config_.password.Reveal())))},
      {"Accept", std::string(kXml)}};
  request.idempotent = true;
  request.operation = "ecs.login";
  absl::StatusOr<http::HttpResponse> response = transport_->Send(request, ctx);
  if (!response.ok()) return response.status();  // Names the operation, host and path.
  if (response->status == 401) {
    return absl::UnauthenticatedError(
        absl::StrCat("ECS login as '", config_.username,
                     "' refused (HTTP 401): check username and password_file/password_env"));
  }
  if (!IsSuccess(response->status)) return EcsErrorStatus(*response, "GET /login");
  EcsTokenCache::LoginResult result;
  result.token = base::Secret(response->Header(kTokenHeader));
  if (result.token.empty()) {
    return absl::UnavailableError(absl::StrCat("ECS login answered HTTP ", response->status,
                                               " without ", kTokenHeader,
                                               ": is management_url the ECS management API?"));
  }
  int64_t max_age_seconds = 0;
  if (absl::SimpleAtoi(response->Header(kMaxAgeHeader), &max_age_seconds) && max_age_seconds > 0) {
    result.max_age = absl::Seconds(max_age_seconds);
  }
  logger_->Log(base::LogLevel::kInfo, "ECS login",
               {{"backend", config_.backend_id}, {"user", config_.username}});
  return result;
}

void EcsMgmtClient::Logout(const base::Secret& token, const CallContext& ctx) {
  http::HttpRequest request;
  request.method = "GET";
  request.url = absl::StrCat(config_.management_url, "/logout");
  request.headers = {{std::string(kTokenHeader), token.Reveal()}, {"Accept", std::string(kXml)}};
  request.idempotent = true;
  request.operation = "ecs.logout";
  absl::StatusOr<http::HttpResponse> response = transport_->Send(request, ctx);
  if (!response.ok() || !IsSuccess(response->status)) {
    logger_->Log(base::LogLevel::kWarn, "ECS logout failed",
                 {{"backend", config_.backend_id},
                  {"error", response.ok() ? absl::StrCat("HTTP ", response->status)
                                          : std::string(response.status().message())}});
  }
}

std::string EcsMgmtClient::Describe(const Request& request) {
  return absl::StrCat(request.method, " /", absl::StrJoin(request.path, "/"));
}

absl::StatusOr<http::HttpResponse> EcsMgmtClient::Send(const Request& request,
                                                       const base::Secret& token,
                                                       const CallContext& ctx) {
  http::HttpRequest r;
  r.method = request.method;
  r.url = config_.management_url;
  for (const std::string& segment : request.path) absl::StrAppend(&r.url, "/", Encode(segment));
  for (size_t i = 0; i < request.query.size(); ++i) {
    absl::StrAppend(&r.url, i == 0 ? "?" : "&", Encode(request.query[i].first), "=",
                    Encode(request.query[i].second));
  }
  r.headers = {{std::string(kTokenHeader), token.Reveal()}, {"Accept", std::string(kXml)}};
  if (!request.body.empty()) r.headers.emplace_back("Content-Type", std::string(kXml));
  r.body = request.body;
  r.idempotent = request.method != "POST" || request.repeatable_post;
  r.operation = request.operation;
  // Transport errors already name the operation, host and path.
  return transport_->Send(r, ctx);
}

absl::StatusOr<http::HttpResponse> EcsMgmtClient::Call(const Request& request,
                                                       const CallContext& ctx) {
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(base::Secret token, tokens_.Get(ctx));
    ASSIGN_OR_RETURN(http::HttpResponse response, Send(request, token, ctx));
    if (!TokenRejected(response)) {
      if (IsSuccess(response.status)) return response;
      return EcsErrorStatus(response, Describe(request));
    }
    tokens_.Invalidate(token);
    if (attempt > 0) {
      return absl::UnauthenticatedError(
          absl::StrCat("ECS rejected a freshly issued session token (", Describe(request),
                       ", HTTP ", response.status, ")"));
    }
    logger_->Log(base::LogLevel::kInfo, "ECS session token rejected; logging in again",
                 {{"backend", config_.backend_id}, {"request", Describe(request)}});
  }
}

absl::StatusOr<EcsNamespace> EcsMgmtClient::GetNamespace(const CallContext& ctx) {
  Request r{"ecs.GetNamespace",
            "GET",
            {"object", "namespaces", "namespace", config_.namespace_name},
            {},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseNamespace(response.body, Describe(r));
}

absl::StatusOr<std::vector<EcsReplicationGroup>> EcsMgmtClient::ListReplicationGroups(
    const CallContext& ctx) {
  Request r{"ecs.ListReplicationGroups", "GET", {"vdc", "data-service", "vpools"}, {}, ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseReplicationGroups(response.body, Describe(r));
}

absl::Status EcsMgmtClient::CreateUser(const std::string& user, const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string body, xml::UserCreate(user, config_.namespace_name));
  return Call({"ecs.CreateUser", "POST", {"object", "users"}, {}, std::move(body), true}, ctx)
      .status();
}

absl::StatusOr<EcsUserInfo> EcsMgmtClient::GetUser(const std::string& user,
                                                   const CallContext& ctx) {
  Request r{"ecs.GetUser",
            "GET",
            {"object", "users", user, "info"},
            {{"namespace", config_.namespace_name}},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseUserInfo(response.body, Describe(r));
}

absl::StatusOr<EcsUserPage> EcsMgmtClient::ListUsers(const std::string& marker, int32_t limit,
                                                     const CallContext& ctx) {
  Request r{"ecs.ListUsers",
            "GET",
            {"object", "users", config_.namespace_name},
            {{"limit", absl::StrCat(limit)}},
            ""};
  if (!marker.empty()) r.query.emplace_back("marker", marker);
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseUserPage(response.body, Describe(r));
}

absl::Status EcsMgmtClient::DeleteUser(const std::string& user, const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string body, xml::UserDelete(user, config_.namespace_name));
  return Call({"ecs.DeleteUser",
               "POST",
               {"object", "users", "deactivate"},
               {},
               std::move(body),
               true},
              ctx)
      .status();
}

absl::StatusOr<EcsSecretKeys> EcsMgmtClient::GetSecretKeys(const std::string& user,
                                                           const CallContext& ctx) {
  Request r{"ecs.GetSecretKeys",
            "GET",
            {"object", "user-secret-keys", user, config_.namespace_name},
            {},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseSecretKeys(response.body, Describe(r));
}

absl::StatusOr<EcsNewSecretKey> EcsMgmtClient::CreateSecretKey(
    const std::string& user, std::optional<absl::Duration> existing_key_expiry,
    const CallContext& ctx) {
  std::optional<int64_t> minutes;
  if (existing_key_expiry.has_value()) {
    minutes = absl::ToInt64Minutes(*existing_key_expiry + absl::Minutes(1) - absl::Nanoseconds(1));
  }
  ASSIGN_OR_RETURN(std::string body, xml::SecretKeyCreate(config_.namespace_name, minutes));
  Request r{
      "ecs.CreateSecretKey", "POST", {"object", "user-secret-keys", user}, {}, std::move(body)};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseNewSecretKey(response.body, Describe(r));
}

absl::Status EcsMgmtClient::DeleteSecretKey(const std::string& user, const base::Secret& secret,
                                            const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string body, xml::SecretKeyDelete(secret, config_.namespace_name));
  return Call({"ecs.DeleteSecretKey",
               "POST",
               {"object", "user-secret-keys", user, "deactivate"},
               {},
               std::move(body),
               true},
              ctx)
      .status();
}

absl::Status EcsMgmtClient::CreateBucket(const EcsBucketCreate& create, const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string body, xml::BucketCreate(create, config_.namespace_name));
  return Call({"ecs.CreateBucket", "POST", {"object", "bucket"}, {}, std::move(body), true}, ctx)
      .status();
}

absl::StatusOr<EcsBucket> EcsMgmtClient::GetBucket(const std::string& name,
                                                   const CallContext& ctx) {
  Request r{"ecs.GetBucket",
            "GET",
            {"object", "bucket", name, "info"},
            {{"namespace", config_.namespace_name}},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseBucket(response.body, Describe(r));
}

absl::StatusOr<EcsBucketPage> EcsMgmtClient::ListBuckets(const std::string& marker, int32_t limit,
                                                         const CallContext& ctx) {
  Request r{"ecs.ListBuckets",
            "GET",
            {"object", "bucket"},
            {{"namespace", config_.namespace_name}, {"limit", absl::StrCat(limit)}},
            ""};
  if (!marker.empty()) r.query.emplace_back("marker", marker);
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseBucketPage(response.body, Describe(r));
}

absl::Status EcsMgmtClient::DeactivateBucket(const std::string& name, const CallContext& ctx) {
  return Call({"ecs.DeactivateBucket",
               "POST",
               {"object", "bucket", name, "deactivate"},
               {{"namespace", config_.namespace_name}},
               "",
               true},
              ctx)
      .status();
}

absl::StatusOr<EcsQuota> EcsMgmtClient::GetQuota(const std::string& bucket,
                                                 const CallContext& ctx) {
  Request r{"ecs.GetQuota",
            "GET",
            {"object", "bucket", bucket, "quota"},
            {{"namespace", config_.namespace_name}},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseQuota(response.body, Describe(r));
}

absl::Status EcsMgmtClient::SetQuota(const std::string& bucket, const EcsQuota& quota,
                                     const CallContext& ctx) {
  // The namespace goes in the body for this call, not in the query.
  ASSIGN_OR_RETURN(std::string body, xml::QuotaUpdate(quota, config_.namespace_name));
  return Call({"ecs.SetQuota", "PUT", {"object", "bucket", bucket, "quota"}, {}, std::move(body)},
              ctx)
      .status();
}

absl::Status EcsMgmtClient::DeleteQuota(const std::string& bucket, const CallContext& ctx) {
  return Call({"ecs.DeleteQuota",
               "DELETE",
               {"object", "bucket", bucket, "quota"},
               {{"namespace", config_.namespace_name}},
               ""},
              ctx)
      .status();
}

absl::StatusOr<EcsBucketBilling> EcsMgmtClient::GetBilling(const std::string& bucket,
                                                           const CallContext& ctx) {
  Request r{"ecs.GetBilling",
            "GET",
            {"object", "billing", "buckets", config_.namespace_name, bucket, "info"},
            {{"sizeunit", "KB"}},
            ""};
  ASSIGN_OR_RETURN(http::HttpResponse response, Call(r, ctx));
  return xml::ParseBilling(response.body, Describe(r));
}

}  // namespace osp::providers::ecs
