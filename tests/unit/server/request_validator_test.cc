#include "server/request_validator.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::StartsWith;

// One bad input: how to spoil a valid request, and the field path the error must start with.
template <typename Request>
struct BadCase {
  std::function<void(Request*)> spoil;
  std::string path;
};

// The valid request passes; every spoiled copy fails with INVALID_ARGUMENT naming its field.
template <typename Request>
void ExpectTable(const Request& valid, const std::vector<BadCase<Request>>& cases) {
  ASSERT_THAT(ValidateRequest(valid), IsOk()) << valid.ShortDebugString();
  for (size_t i = 0; i < cases.size(); ++i) {
    Request request = valid;
    cases[i].spoil(&request);
    EXPECT_THAT(ValidateRequest(request),
                StatusIs(absl::StatusCode::kInvalidArgument, StartsWith(cases[i].path + ": ")))
        << "case " << i << ": " << request.ShortDebugString();
  }
}

TEST(RequestValidatorTest, ProviderInfoNeedsNothing) {
  EXPECT_THAT(ValidateRequest(v1::GetProviderInfoRequest()), IsOk());
}

TEST(RequestValidatorTest, BackendOnlyRequests) {
  v1::GetCapabilitiesRequest capabilities;
  capabilities.set_backend("ecs1");
  ExpectTable<v1::GetCapabilitiesRequest>(
      capabilities, {{[](auto* r) { r->clear_backend(); }, "backend"},
                     {[](auto* r) { r->set_backend(std::string(129, 'b')); }, "backend"},
                     {[](auto* r) { r->set_backend("a\nb"); }, "backend"}});
  v1::CheckBackendRequest check;
  check.set_backend("ecs1");
  ExpectTable<v1::CheckBackendRequest>(check, {{[](auto* r) { r->clear_backend(); }, "backend"}});
}

TEST(RequestValidatorTest, EnsureUser) {
  v1::EnsureUserRequest valid;
  valid.set_backend("ecs1");
  valid.set_account_id("acct-1");
  valid.set_display_name("Alice's team");
  ExpectTable<v1::EnsureUserRequest>(
      valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
              {[](auto* r) { r->clear_account_id(); }, "account_id"},
              {[](auto* r) { r->set_account_id("a b"); }, "account_id"},
              {[](auto* r) { r->set_account_id(std::string(65, 'a')); }, "account_id"},
              {[](auto* r) { r->set_display_name(std::string(257, 'n')); }, "display_name"},
              {[](auto* r) { r->set_display_name("bad\xff"); }, "display_name"}});
}

TEST(RequestValidatorTest, DeleteUserAndKeys) {
  v1::DeleteUserRequest delete_user;
  delete_user.set_backend("m");
  delete_user.set_account_id("a");
  ExpectTable<v1::DeleteUserRequest>(delete_user,
                                     {{[](auto* r) { r->clear_backend(); }, "backend"},
                                      {[](auto* r) { r->set_account_id("a/b"); }, "account_id"}});

  v1::CreateAccessKeyRequest create_key;
  create_key.set_backend("m");
  create_key.set_account_id("a");
  create_key.mutable_old_key_expiry()->set_seconds(3600);
  ExpectTable<v1::CreateAccessKeyRequest>(
      create_key,
      {{[](auto* r) { r->clear_account_id(); }, "account_id"},
       {[](auto* r) { r->mutable_old_key_expiry()->set_seconds(-1); }, "old_key_expiry"},
       {[](auto* r) { r->mutable_old_key_expiry()->set_nanos(-5); }, "old_key_expiry"},
       {[](auto* r) { r->mutable_old_key_expiry()->set_seconds(366 * 86400); }, "old_key_expiry"}});

  v1::DeleteAccessKeyRequest delete_key;
  delete_key.set_backend("m");
  delete_key.set_account_id("a");
  delete_key.set_access_key_id("AKIA1");
  ExpectTable<v1::DeleteAccessKeyRequest>(
      delete_key, {{[](auto* r) { r->clear_backend(); }, "backend"},
                   {[](auto* r) { r->clear_account_id(); }, "account_id"},
                   {[](auto* r) { r->clear_access_key_id(); }, "access_key_id"},
                   {[](auto* r) { r->set_access_key_id("with space"); }, "access_key_id"}});
}

v1::CreateBucketRequest ValidCreateBucket() {
  v1::CreateBucketRequest request;
  request.set_backend("ecs1");
  v1::BucketSpec* spec = request.mutable_bucket();
  spec->set_name("photos");
  spec->set_owner("acct-1");
  spec->mutable_quota()->set_max_bytes(1 << 20);
  spec->set_versioning(v1::VERSIONING_STATE_ENABLED);
  spec->set_encryption(v1::ENCRYPTION_SSE_S3);
  spec->mutable_policy()->set_kind(v1::POLICY_KIND_CUSTOM);
  spec->mutable_policy()->set_json(R"({"Version":"2012-10-17","Statement":[]})");
  (*spec->mutable_tags())["team"] = "infra";
  v1::CorsRule* rule = spec->add_cors_rules();
  rule->add_allowed_origins("*");
  rule->add_allowed_methods("GET");
  return request;
}

TEST(RequestValidatorTest, CreateBucket) {
  ExpectTable<v1::CreateBucketRequest>(
      ValidCreateBucket(),
      {{[](auto* r) { r->clear_backend(); }, "backend"},
       {[](auto* r) { r->clear_bucket(); }, "bucket.name"},
       {[](auto* r) { r->mutable_bucket()->set_name("Photos"); }, "bucket.name"},
       {[](auto* r) { r->mutable_bucket()->set_name("10.0.0.1"); }, "bucket.name"},
       {[](auto* r) { r->mutable_bucket()->clear_owner(); }, "bucket.owner"},
       {[](auto* r) { r->mutable_bucket()->mutable_quota()->set_max_bytes(-1); },
        "bucket.quota.max_bytes"},
       {[](auto* r) { r->mutable_bucket()->mutable_quota()->set_max_objects(int64_t{1} << 54); },
        "bucket.quota.max_objects"},
       {[](auto* r) { r->mutable_bucket()->set_versioning(static_cast<v1::VersioningState>(9)); },
        "bucket.versioning"},
       {[](auto* r) { r->mutable_bucket()->set_encryption(static_cast<v1::Encryption>(3)); },
        "bucket.encryption"},
       {[](auto* r) { r->mutable_bucket()->mutable_policy()->set_json("[]"); },
        "bucket.policy.json"},
       {[](auto* r) { r->mutable_bucket()->mutable_policy()->clear_json(); }, "bucket.policy.json"},
       {[](auto* r) { r->mutable_bucket()->mutable_policy()->set_kind(v1::POLICY_KIND_PRIVATE); },
        "bucket.policy.json"},
       {[](auto* r) {
          r->mutable_bucket()->mutable_policy()->set_kind(static_cast<v1::PolicyKind>(8));
        },
        "bucket.policy.kind"},
       {[](auto* r) { (*r->mutable_bucket()->mutable_tags())["k"] = std::string(300, 'v'); },
        "bucket.tags[k]"},
       {[](auto* r) { r->mutable_bucket()->mutable_cors_rules(0)->clear_allowed_methods(); },
        "bucket.cors_rules[0].allowed_methods"}});
}

TEST(RequestValidatorTest, CreateBucketDefaultsAreValid) {
  v1::CreateBucketRequest minimal;
  minimal.set_backend("ecs1");
  minimal.mutable_bucket()->set_name("abc");
  minimal.mutable_bucket()->set_owner("o");
  EXPECT_THAT(ValidateRequest(minimal), IsOk());
}

TEST(RequestValidatorTest, BucketByName) {
  v1::GetBucketRequest get;
  get.set_backend("e");
  get.set_name("abc");
  ExpectTable<v1::GetBucketRequest>(get, {{[](auto* r) { r->clear_backend(); }, "backend"},
                                          {[](auto* r) { r->clear_name(); }, "name"},
                                          {[](auto* r) { r->set_name("a..b"); }, "name"}});
  v1::DeleteBucketRequest del;
  del.set_backend("e");
  del.set_name("abc");
  del.set_force_empty(true);
  ExpectTable<v1::DeleteBucketRequest>(del, {{[](auto* r) { r->clear_backend(); }, "backend"},
                                             {[](auto* r) { r->set_name("xn--abc"); }, "name"}});
}

TEST(RequestValidatorTest, ListBuckets) {
  v1::ListBucketsRequest valid;
  valid.set_backend("e");
  valid.set_owner("acct");
  valid.set_page_size(1000);
  valid.set_page_token("opaque");
  ExpectTable<v1::ListBucketsRequest>(
      valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
              {[](auto* r) { r->set_owner("a b"); }, "owner"},
              {[](auto* r) { r->set_page_size(1001); }, "page_size"},
              {[](auto* r) { r->set_page_size(-1); }, "page_size"},
              {[](auto* r) { r->set_page_token("a\nb"); }, "page_token"},
              {[](auto* r) { r->set_page_token(std::string(4097, 't')); }, "page_token"}});
}

v1::UpdateBucketRequest ValidUpdate() {
  v1::UpdateBucketRequest request;
  request.set_backend("e");
  request.mutable_bucket()->set_name("abc");
  request.mutable_bucket()->set_versioning(v1::VERSIONING_STATE_SUSPENDED);
  request.mutable_update_mask()->add_paths("versioning");
  return request;
}

TEST(RequestValidatorTest, UpdateBucket) {
  ExpectTable<v1::UpdateBucketRequest>(
      ValidUpdate(),
      {{[](auto* r) { r->clear_backend(); }, "backend"},
       {[](auto* r) { r->mutable_bucket()->set_name("AB"); }, "bucket.name"},
       {[](auto* r) { r->clear_update_mask(); }, "update_mask"},
       {[](auto* r) { r->mutable_update_mask()->add_paths("owner"); }, "update_mask.paths[1]"},
       {[](auto* r) { r->mutable_bucket()->clear_versioning(); }, "bucket.versioning"},
       {[](auto* r) {
          r->mutable_update_mask()->add_paths("encryption");
          r->mutable_bucket()->set_encryption(v1::ENCRYPTION_UNSPECIFIED);
        },
        "bucket.encryption"},
       {[](auto* r) { r->mutable_update_mask()->add_paths("policy"); }, "bucket.policy.kind"},
       {[](auto* r) {
          r->mutable_update_mask()->add_paths("quota");
          r->mutable_bucket()->mutable_quota()->set_max_bytes(-5);
        },
        "bucket.quota.max_bytes"},
       {[](auto* r) {
          r->mutable_update_mask()->add_paths("tags");
          (*r->mutable_bucket()->mutable_tags())[""] = "v";
        },
        "bucket.tags"},
       {[](auto* r) {
          r->mutable_update_mask()->add_paths("cors_rules");
          r->mutable_bucket()->add_cors_rules();
        },
        "bucket.cors_rules[0].allowed_origins"}});
}

TEST(RequestValidatorTest, UpdateBucketIgnoresFieldsOutsideTheMaskButUnknownEnums) {
  v1::UpdateBucketRequest request = ValidUpdate();
  request.mutable_bucket()->mutable_quota()->set_max_bytes(-1);
  (*request.mutable_bucket()->mutable_tags())[""] = "";
  request.mutable_bucket()->mutable_policy()->set_json("not json");
  EXPECT_THAT(ValidateRequest(request), IsOk());
  request.mutable_bucket()->set_encryption(static_cast<v1::Encryption>(99));
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 StartsWith("bucket.encryption: unknown value")));
  request.mutable_bucket()->clear_encryption();
  request.mutable_bucket()->mutable_policy()->set_kind(static_cast<v1::PolicyKind>(12));
  EXPECT_THAT(ValidateRequest(request), StatusIs(absl::StatusCode::kInvalidArgument,
                                                 StartsWith("bucket.policy.kind: unknown value")));
}

TEST(RequestValidatorTest, GetUsage) {
  v1::GetUsageRequest valid;
  valid.set_backend("e");
  valid.add_buckets("abc");
  valid.add_buckets("def");
  valid.set_owner("o");
  ExpectTable<v1::GetUsageRequest>(valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
                                           {[](auto* r) { r->set_buckets(1, "A"); }, "buckets[1]"},
                                           {[](auto* r) { r->set_owner("o o"); }, "owner"},
                                           {[](auto* r) {
                                              for (int i = 0; i < 1000; ++i) r->add_buckets("abc");
                                            },
                                            "buckets"}});
}

TEST(RequestValidatorTest, ListObjects) {
  v1::ListObjectsRequest valid;
  valid.set_backend("e");
  valid.set_bucket("abc");
  valid.set_prefix("dir/");
  valid.set_delimiter("/");
  valid.set_page_size(10);
  ExpectTable<v1::ListObjectsRequest>(
      valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
              {[](auto* r) { r->clear_bucket(); }, "bucket"},
              {[](auto* r) { r->set_prefix(std::string(1025, 'p')); }, "prefix"},
              {[](auto* r) { r->set_prefix(std::string("a\0b", 3)); }, "prefix"},
              {[](auto* r) { r->set_delimiter("\xff"); }, "delimiter"},
              {[](auto* r) { r->set_page_size(5000); }, "page_size"},
              {[](auto* r) { r->set_page_token(std::string("a\0b", 3)); }, "page_token"},
              {[](auto* r) { r->set_page_token("\xc0\xaf"); }, "page_token"}});
}

TEST(RequestValidatorTest, PutObjectHeader) {
  v1::PutObjectHeader valid;
  valid.set_backend("e");
  valid.set_bucket("abc");
  valid.set_key("dir/file.bin");
  valid.set_content_type("application/octet-stream");
  (*valid.mutable_metadata())["owner"] = "alice";
  valid.set_size(10);
  valid.set_sha256(std::string(64, 'F'));
  ExpectTable<v1::PutObjectHeader>(
      valid,
      {{[](auto* r) { r->clear_backend(); }, "header.backend"},
       {[](auto* r) { r->set_bucket("a"); }, "header.bucket"},
       {[](auto* r) { r->set_key("a/../b"); }, "header.key"},
       {[](auto* r) { r->set_content_type("text/plain\r\nX-Evil: 1"); }, "header.content_type"},
       {[](auto* r) { (*r->mutable_metadata())["a b"] = "v"; }, "header.metadata"},
       {[](auto* r) { (*r->mutable_metadata())["big"] = std::string(3000, 'v'); },
        "header.metadata[big]"},
       {[](auto* r) { r->set_size(-1); }, "header.size"},
       {[](auto* r) { r->set_sha256("abc"); }, "header.sha256"},
       {[](auto* r) { r->set_sha256(std::string(64, 'g')); }, "header.sha256"}});
}

TEST(RequestValidatorTest, GetObject) {
  v1::GetObjectRequest valid;
  valid.set_backend("e");
  valid.set_bucket("abc");
  valid.set_key("k");
  valid.set_version_id("v1");
  valid.mutable_range()->set_offset(5);
  ExpectTable<v1::GetObjectRequest>(
      valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
              {[](auto* r) { r->set_bucket("-abc"); }, "bucket"},
              {[](auto* r) { r->clear_key(); }, "key"},
              {[](auto* r) { r->set_version_id(std::string(1025, 'v')); }, "version_id"},
              {[](auto* r) { r->mutable_range()->set_offset(-1); }, "range.offset"},
              {[](auto* r) { r->mutable_range()->set_length(-1); }, "range.length"}});
}

TEST(RequestValidatorTest, DeleteObjects) {
  v1::DeleteObjectsRequest valid;
  valid.set_backend("e");
  valid.set_bucket("abc");
  for (int i = 0; i < 4; ++i) valid.add_objects()->set_key("k" + std::to_string(i));
  ExpectTable<v1::DeleteObjectsRequest>(
      valid,
      {{[](auto* r) { r->clear_backend(); }, "backend"},
       {[](auto* r) { r->set_bucket("ab"); }, "bucket"},
       {[](auto* r) { r->clear_objects(); }, "objects"},
       {[](auto* r) { r->mutable_objects(3)->set_key(".."); }, "objects[3].key"},
       {[](auto* r) { r->mutable_objects(2)->clear_key(); }, "objects[2].key"},
       {[](auto* r) { r->mutable_objects(1)->set_version_id("a\tb"); }, "objects[1].version_id"},
       {[](auto* r) {
          while (r->objects_size() <= 1000) r->add_objects()->set_key("k");
        },
        "objects"}});
}

TEST(RequestValidatorTest, PresignObject) {
  v1::PresignObjectRequest valid;
  valid.set_backend("e");
  valid.set_bucket("abc");
  valid.set_key("k");
  valid.set_method(v1::PRESIGN_METHOD_GET);
  valid.mutable_ttl()->set_seconds(3600);
  ExpectTable<v1::PresignObjectRequest>(
      valid, {{[](auto* r) { r->clear_backend(); }, "backend"},
              {[](auto* r) { r->set_bucket("ABC"); }, "bucket"},
              {[](auto* r) { r->clear_key(); }, "key"},
              {[](auto* r) { r->clear_method(); }, "method"},
              {[](auto* r) { r->set_method(static_cast<v1::PresignMethod>(5)); }, "method"},
              {[](auto* r) { r->mutable_ttl()->set_seconds(0); }, "ttl"},
              {[](auto* r) { r->mutable_ttl()->set_seconds(7 * 86400 + 1); }, "ttl"},
              {[](auto* r) { r->set_version_id("\x01"); }, "version_id"}});
  valid.clear_ttl();
  EXPECT_THAT(ValidateRequest(valid), IsOk());
}

}  // namespace
}  // namespace osp::server
