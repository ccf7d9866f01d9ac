// MockProvider: a gMock providers::Provider with every method mocked, for tests of the service,
// main wiring and anything else that holds a Provider. Use it as StrictMock<MockProvider> so that
// an unexpected backend call fails the test.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "providers/provider.h"

namespace osp::testutil {

class MockProvider : public providers::Provider {
 public:
  MOCK_METHOD(providers::Capabilities, GetCapabilities, (), (const, override));
  MOCK_METHOD(std::vector<providers::BackendEndpoint>, Endpoints, (), (const, override));
  MOCK_METHOD(absl::StatusOr<std::vector<providers::BackendCheck>>, CheckBackend,
              (const providers::CallContext& ctx), (override));

  MOCK_METHOD(absl::StatusOr<providers::UserResult>, EnsureUser,
              (const std::string& account_id, const std::string& display_name,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::Status, DeleteUser,
              (const std::string& account_id, const providers::CallContext& ctx), (override));
  MOCK_METHOD(absl::StatusOr<providers::Credentials>, CreateAccessKey,
              (const std::string& account_id, std::optional<absl::Duration> old_key_expiry,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::Status, DeleteAccessKey,
              (const std::string& account_id, const std::string& access_key_id,
               const providers::CallContext& ctx),
              (override));

  MOCK_METHOD(absl::StatusOr<providers::Bucket>, CreateBucket,
              (const providers::BucketSpec& spec, const providers::CallContext& ctx), (override));
  MOCK_METHOD(absl::StatusOr<providers::Bucket>, GetBucket,
              (const std::string& name, const providers::CallContext& ctx), (override));
  MOCK_METHOD(absl::StatusOr<providers::BucketPage>, ListBuckets,
              (const std::string& owner, int32_t page_size, const std::string& page_token,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::StatusOr<providers::Bucket>, UpdateBucket,
              (const providers::BucketSpec& spec, const providers::BucketUpdateMask& mask,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::Status, DeleteBucket,
              (const std::string& name, bool force_empty, const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::StatusOr<std::vector<providers::BucketUsage>>, GetUsage,
              (const std::vector<std::string>& buckets, const std::string& owner,
               const providers::CallContext& ctx),
              (override));

  MOCK_METHOD(absl::StatusOr<providers::ObjectPage>, ListObjects,
              (const std::string& bucket, const providers::ListObjectsOptions& options,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::StatusOr<providers::PutObjectResult>, PutObject,
              (const providers::PutObjectHeader& header, const providers::ChunkReader& next_chunk,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::Status, GetObject,
              (const providers::GetObjectRequest& request,
               const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
               const providers::ChunkWriter& write, const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::StatusOr<providers::DeleteObjectsResult>, DeleteObjects,
              (const std::string& bucket, const std::vector<providers::ObjectIdentifier>& objects,
               const providers::CallContext& ctx),
              (override));
  MOCK_METHOD(absl::StatusOr<providers::PresignResult>, PresignObject,
              (const providers::PresignRequest& request, const providers::CallContext& ctx),
              (override));
};

}  // namespace osp::testutil
