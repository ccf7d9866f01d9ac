#include "server/object_store_service.h"

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "tests/testutil/proto_matchers.h"
#include "tests/unit/server/service_fixture.h"

namespace osp::server {
namespace {

using ::osp::testutil::EqualsProto;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::Return;
using ::testing::StartsWith;

class ObjectStoreServiceTest : public ServiceFixture {};

providers::Bucket SampleBucket(const std::string& name) {
  providers::Bucket bucket;
  bucket.spec.name = name;
  bucket.spec.owner = "acct-1";
  bucket.spec.versioning = providers::Versioning::kEnabled;
  bucket.usage.bucket = name;
  bucket.usage.bytes = 42;
  bucket.public_url = "https://s3.example/" + name;
  return bucket;
}

TEST_F(ObjectStoreServiceTest, GetProviderInfoListsBackendsWithEndpoints) {
  EXPECT_CALL(*provider_, Endpoints())
      .WillOnce(Return(std::vector<providers::BackendEndpoint>{
          {"management", "https://ecs.example:4443"}, {"s3_public", "https://s3.example"}}));
  grpc::ClientContext ctx;
  v1::GetProviderInfoResponse response;
  ASSERT_TRUE(stub_->GetProviderInfo(&ctx, v1::GetProviderInfoRequest(), &response).ok());
  EXPECT_EQ(response.name(), "ospd");
  EXPECT_EQ(response.version(), "1.2.3");
  ASSERT_EQ(response.backends_size(), 1);
  EXPECT_EQ(response.backends(0).id(), "ecs1");
  EXPECT_EQ(response.backends(0).type(), "ecs");
  ASSERT_EQ(response.backends(0).endpoints_size(), 2);
  EXPECT_EQ(response.backends(0).endpoints(1).url(), "https://s3.example");
}

TEST_F(ObjectStoreServiceTest, GetCapabilitiesAndCheckBackend) {
  providers::Capabilities capabilities;
  capabilities.presign = true;
  capabilities.max_access_keys = 2;
  EXPECT_CALL(*provider_, GetCapabilities()).WillOnce(Return(capabilities));
  grpc::ClientContext ctx1;
  v1::GetCapabilitiesRequest capabilities_request;
  capabilities_request.set_backend("ecs1");
  v1::GetCapabilitiesResponse capabilities_response;
  ASSERT_TRUE(stub_->GetCapabilities(&ctx1, capabilities_request, &capabilities_response).ok());
  EXPECT_EQ(capabilities_response.backend(), "ecs1");
  EXPECT_TRUE(capabilities_response.capabilities().presign());
  EXPECT_EQ(capabilities_response.capabilities().max_access_keys(), 2);

  EXPECT_CALL(*provider_, CheckBackend(_))
      .WillOnce(Return(std::vector<providers::BackendCheck>{
          {"login", true, "", absl::Milliseconds(5)},
          {"namespace", false, "namespace 'ns1' not found", absl::Milliseconds(7)}}));
  grpc::ClientContext ctx2;
  v1::CheckBackendRequest check_request;
  check_request.set_backend("ecs1");
  v1::CheckBackendResponse check_response;
  ASSERT_TRUE(stub_->CheckBackend(&ctx2, check_request, &check_response).ok());
  EXPECT_FALSE(check_response.ok());
  ASSERT_EQ(check_response.checks_size(), 2);
  EXPECT_EQ(check_response.checks(1).message(), "namespace 'ns1' not found");
  EXPECT_EQ(check_response.checks(1).latency().nanos(), 7000000);
}

TEST_F(ObjectStoreServiceTest, UsersAndKeys) {
  providers::UserResult user;
  user.user_name = "cs-acct-1";
  user.credentials.access_key_id = "AKIA1";
  user.credentials.secret_access_key = providers::base::Secret("secret-1");
  user.created = true;
  EXPECT_CALL(*provider_, EnsureUser("acct-1", "Team A", _)).WillOnce(Return(user));
  grpc::ClientContext ctx1;
  v1::EnsureUserRequest ensure;
  ensure.set_backend("ecs1");
  ensure.set_account_id("acct-1");
  ensure.set_display_name("Team A");
  v1::EnsureUserResponse ensured;
  ASSERT_TRUE(stub_->EnsureUser(&ctx1, ensure, &ensured).ok());
  EXPECT_EQ(ensured.user_name(), "cs-acct-1");
  EXPECT_EQ(ensured.credentials().secret_access_key(), "secret-1");
  EXPECT_TRUE(ensured.created());

  providers::Credentials second;
  second.access_key_id = "AKIA2";
  second.secret_access_key = providers::base::Secret("secret-2");
  EXPECT_CALL(*provider_, CreateAccessKey("acct-1", Optional(absl::Minutes(90)), _))
      .WillOnce(Return(second));
  EXPECT_CALL(*provider_, CreateAccessKey("acct-2", Eq(std::nullopt), _)).WillOnce(Return(second));
  v1::CreateAccessKeyRequest create;
  create.set_backend("ecs1");
  create.set_account_id("acct-1");
  create.mutable_old_key_expiry()->set_seconds(90 * 60);
  v1::CreateAccessKeyResponse created;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stub_->CreateAccessKey(&ctx2, create, &created).ok());
  EXPECT_EQ(created.credentials().access_key_id(), "AKIA2");
  create.set_account_id("acct-2");
  create.clear_old_key_expiry();
  grpc::ClientContext ctx3;
  ASSERT_TRUE(stub_->CreateAccessKey(&ctx3, create, &created).ok());

  EXPECT_CALL(*provider_, DeleteAccessKey("acct-1", "AKIA1", _)).WillOnce(Return(absl::OkStatus()));
  v1::DeleteAccessKeyRequest delete_key;
  delete_key.set_backend("ecs1");
  delete_key.set_account_id("acct-1");
  delete_key.set_access_key_id("AKIA1");
  v1::DeleteAccessKeyResponse deleted_key;
  grpc::ClientContext ctx4;
  EXPECT_TRUE(stub_->DeleteAccessKey(&ctx4, delete_key, &deleted_key).ok());

  EXPECT_CALL(*provider_, DeleteUser("acct-1", _))
      .WillOnce(Return(absl::FailedPreconditionError("user 'cs-acct-1' owns bucket 'b'")));
  v1::DeleteUserRequest delete_user;
  delete_user.set_backend("ecs1");
  delete_user.set_account_id("acct-1");
  v1::DeleteUserResponse deleted_user;
  grpc::ClientContext ctx5;
  const grpc::Status status = stub_->DeleteUser(&ctx5, delete_user, &deleted_user);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "user 'cs-acct-1' owns bucket 'b'");
}

TEST_F(ObjectStoreServiceTest, CreateBucketPassesTheSpecAndReturnsTheBucket) {
  EXPECT_CALL(
      *provider_,
      CreateBucket(testing::AllOf(
                       Field(&providers::BucketSpec::name, "photos"),
                       Field(&providers::BucketSpec::owner, "acct-1"),
                       Field(&providers::BucketSpec::quota, providers::Quota{100, 0}),
                       Field(&providers::BucketSpec::versioning, providers::Versioning::kEnabled)),
                   _))
      .WillOnce(Return(SampleBucket("photos")));
  v1::CreateBucketRequest request;
  request.set_backend("ecs1");
  request.mutable_bucket()->set_name("photos");
  request.mutable_bucket()->set_owner("acct-1");
  request.mutable_bucket()->mutable_quota()->set_max_bytes(100);
  request.mutable_bucket()->set_versioning(v1::VERSIONING_STATE_ENABLED);
  grpc::ClientContext ctx;
  v1::CreateBucketResponse response;
  ASSERT_TRUE(stub_->CreateBucket(&ctx, request, &response).ok());
  EXPECT_EQ(response.bucket().spec().name(), "photos");
  EXPECT_EQ(response.bucket().usage().bytes(), 42);
  EXPECT_EQ(response.bucket().public_url(), "https://s3.example/photos");
}

TEST_F(ObjectStoreServiceTest, BucketReadsUpdatesAndDeletes) {
  EXPECT_CALL(*provider_, GetBucket("photos", _)).WillOnce(Return(SampleBucket("photos")));
  v1::GetBucketRequest get;
  get.set_backend("ecs1");
  get.set_name("photos");
  v1::GetBucketResponse got;
  grpc::ClientContext ctx1;
  ASSERT_TRUE(stub_->GetBucket(&ctx1, get, &got).ok());
  EXPECT_EQ(got.bucket().spec().versioning(), v1::VERSIONING_STATE_ENABLED);

  providers::BucketPage page;
  page.buckets = {SampleBucket("a1b"), SampleBucket("a2b")};
  page.next_page_token = "next";
  EXPECT_CALL(*provider_, ListBuckets("acct-1", 100, "", _)).WillOnce(Return(page));
  v1::ListBucketsRequest list;
  list.set_backend("ecs1");
  list.set_owner("acct-1");
  v1::ListBucketsResponse listed;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stub_->ListBuckets(&ctx2, list, &listed).ok());
  ASSERT_EQ(listed.buckets_size(), 2);
  EXPECT_EQ(listed.buckets(1).spec().name(), "a2b");
  EXPECT_EQ(listed.next_page_token(), "next");

  EXPECT_CALL(
      *provider_,
      UpdateBucket(Field(&providers::BucketSpec::versioning, providers::Versioning::kSuspended),
                   testing::AllOf(Field(&providers::BucketUpdateMask::versioning, true),
                                  Field(&providers::BucketUpdateMask::quota, false)),
                   _))
      .WillOnce(Return(SampleBucket("photos")));
  v1::UpdateBucketRequest update;
  update.set_backend("ecs1");
  update.mutable_bucket()->set_name("photos");
  update.mutable_bucket()->set_versioning(v1::VERSIONING_STATE_SUSPENDED);
  update.mutable_update_mask()->add_paths("versioning");
  v1::UpdateBucketResponse updated;
  grpc::ClientContext ctx3;
  ASSERT_TRUE(stub_->UpdateBucket(&ctx3, update, &updated).ok());

  EXPECT_CALL(*provider_, DeleteBucket("photos", true, _)).WillOnce(Return(absl::OkStatus()));
  v1::DeleteBucketRequest del;
  del.set_backend("ecs1");
  del.set_name("photos");
  del.set_force_empty(true);
  v1::DeleteBucketResponse deleted;
  grpc::ClientContext ctx4;
  EXPECT_TRUE(stub_->DeleteBucket(&ctx4, del, &deleted).ok());

  EXPECT_CALL(*provider_, GetUsage(ElementsAre("a1b", "a2b"), "", _))
      .WillOnce(Return(std::vector<providers::BucketUsage>{{"a1b", 10, 1}, {"a2b", 20, 2}}));
  v1::GetUsageRequest usage;
  usage.set_backend("ecs1");
  usage.add_buckets("a1b");
  usage.add_buckets("a2b");
  v1::GetUsageResponse usage_response;
  grpc::ClientContext ctx5;
  ASSERT_TRUE(stub_->GetUsage(&ctx5, usage, &usage_response).ok());
  ASSERT_EQ(usage_response.usage_size(), 2);
  EXPECT_EQ(usage_response.usage(1).objects(), 2);
}

TEST_F(ObjectStoreServiceTest, ObjectListingDeletionAndPresign) {
  providers::ObjectPage page;
  page.objects.push_back(providers::ObjectInfo{});
  page.objects[0].key = "dir/a";
  page.common_prefixes = {"dir/sub/"};
  EXPECT_CALL(*provider_,
              ListObjects("photos",
                          testing::AllOf(Field(&providers::ListObjectsOptions::prefix, "dir/"),
                                         Field(&providers::ListObjectsOptions::page_size, 1000)),
                          _))
      .WillOnce(Return(page));
  v1::ListObjectsRequest list;
  list.set_backend("ecs1");
  list.set_bucket("photos");
  list.set_prefix("dir/");
  v1::ListObjectsResponse listed;
  grpc::ClientContext ctx1;
  ASSERT_TRUE(stub_->ListObjects(&ctx1, list, &listed).ok());
  EXPECT_EQ(listed.objects(0).key(), "dir/a");
  EXPECT_THAT(listed.common_prefixes(), ElementsAre("dir/sub/"));

  providers::DeleteObjectsResult result;
  result.deleted = {{"a", ""}};
  result.errors = {{{"b", "v2"}, "AccessDenied", "denied"}};
  EXPECT_CALL(*provider_,
              DeleteObjects("photos",
                            ElementsAre(Field(&providers::ObjectIdentifier::key, "a"),
                                        Field(&providers::ObjectIdentifier::version_id, "v2")),
                            _))
      .WillOnce(Return(result));
  v1::DeleteObjectsRequest del;
  del.set_backend("ecs1");
  del.set_bucket("photos");
  del.add_objects()->set_key("a");
  v1::ObjectIdentifier* versioned = del.add_objects();
  versioned->set_key("b");
  versioned->set_version_id("v2");
  v1::DeleteObjectsResponse deleted;
  grpc::ClientContext ctx2;
  ASSERT_TRUE(stub_->DeleteObjects(&ctx2, del, &deleted).ok());
  EXPECT_EQ(deleted.errors(0).code(), "AccessDenied");

  providers::PresignResult presigned;
  presigned.url = providers::base::Secret("https://s3.example/photos/a?X-Amz-Signature=abc");
  presigned.expires_at = absl::FromUnixSeconds(1700000900);
  EXPECT_CALL(
      *provider_,
      PresignObject(
          testing::AllOf(Field(&providers::PresignRequest::method, providers::PresignMethod::kPut),
                         Field(&providers::PresignRequest::ttl, absl::Minutes(15))),
          _))
      .WillOnce(Return(presigned));
  v1::PresignObjectRequest presign;
  presign.set_backend("ecs1");
  presign.set_bucket("photos");
  presign.set_key("a");
  presign.set_method(v1::PRESIGN_METHOD_PUT);
  v1::PresignObjectResponse presign_response;
  grpc::ClientContext ctx3;
  ASSERT_TRUE(stub_->PresignObject(&ctx3, presign, &presign_response).ok());
  EXPECT_EQ(presign_response.url(), "https://s3.example/photos/a?X-Amz-Signature=abc");
  EXPECT_EQ(presign_response.expires_at().seconds(), 1700000900);
}

class ProviderCodeTest : public ServiceFixture,
                         public testing::WithParamInterface<absl::StatusCode> {};

TEST_P(ProviderCodeTest, ProviderErrorsReachTheCallerWithTheirCodeAndMessage) {
  EXPECT_CALL(*provider_, GetBucket("photos", _))
      .WillOnce(Return(absl::Status(GetParam(), "bucket 'photos' on backend 'ecs1': S3 Oops")));
  v1::GetBucketRequest request;
  request.set_backend("ecs1");
  request.set_name("photos");
  v1::GetBucketResponse response;
  grpc::ClientContext ctx;
  const grpc::Status status = stub_->GetBucket(&ctx, request, &response);
  EXPECT_EQ(static_cast<int>(status.error_code()), static_cast<int>(GetParam()));
  EXPECT_EQ(status.error_message(), "bucket 'photos' on backend 'ecs1': S3 Oops");
}

INSTANTIATE_TEST_SUITE_P(
    AllErrorCodes, ProviderCodeTest,
    testing::Values(absl::StatusCode::kCancelled, absl::StatusCode::kUnknown,
                    absl::StatusCode::kInvalidArgument, absl::StatusCode::kDeadlineExceeded,
                    absl::StatusCode::kNotFound, absl::StatusCode::kAlreadyExists,
                    absl::StatusCode::kPermissionDenied, absl::StatusCode::kResourceExhausted,
                    absl::StatusCode::kFailedPrecondition, absl::StatusCode::kAborted,
                    absl::StatusCode::kOutOfRange, absl::StatusCode::kUnimplemented,
                    absl::StatusCode::kInternal, absl::StatusCode::kUnavailable,
                    absl::StatusCode::kDataLoss, absl::StatusCode::kUnauthenticated));

TEST_F(ObjectStoreServiceTest, UnknownBackendIsNotFoundWithoutAProviderCall) {
  v1::GetBucketRequest request;
  request.set_backend("nope");
  request.set_name("photos");
  v1::GetBucketResponse response;
  grpc::ClientContext ctx;
  const grpc::Status status = stub_->GetBucket(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "backend 'nope' is not configured");
}

// Every RPC that names a backend, called with one bad field: INVALID_ARGUMENT naming the field,
// and the StrictMock provider sees no call.
TEST_F(ObjectStoreServiceTest, InvalidRequestsNeverReachTheProvider) {
  using Stub = v1::ObjectStoreProvider::Stub;
  const struct {
    std::function<grpc::Status(Stub*, grpc::ClientContext*)> call;
    std::string path;
  } cases[] = {
      {[](Stub* s, grpc::ClientContext* c) {
         v1::GetCapabilitiesResponse r;
         return s->GetCapabilities(c, v1::GetCapabilitiesRequest(), &r);
       },
       "backend"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::CheckBackendResponse r;
         return s->CheckBackend(c, v1::CheckBackendRequest(), &r);
       },
       "backend"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::EnsureUserRequest q;
         q.set_backend("ecs1");
         q.set_account_id("bad id");
         v1::EnsureUserResponse r;
         return s->EnsureUser(c, q, &r);
       },
       "account_id"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::DeleteUserRequest q;
         q.set_backend("ecs1");
         v1::DeleteUserResponse r;
         return s->DeleteUser(c, q, &r);
       },
       "account_id"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::CreateAccessKeyRequest q;
         q.set_backend("ecs1");
         q.set_account_id("a");
         q.mutable_old_key_expiry()->set_seconds(-5);
         v1::CreateAccessKeyResponse r;
         return s->CreateAccessKey(c, q, &r);
       },
       "old_key_expiry"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::DeleteAccessKeyRequest q;
         q.set_backend("ecs1");
         q.set_account_id("a");
         v1::DeleteAccessKeyResponse r;
         return s->DeleteAccessKey(c, q, &r);
       },
       "access_key_id"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::CreateBucketRequest q;
         q.set_backend("ecs1");
         q.mutable_bucket()->set_name("Bad_Name");
         v1::CreateBucketResponse r;
         return s->CreateBucket(c, q, &r);
       },
       "bucket.name"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::GetBucketRequest q;
         q.set_backend("ecs1");
         q.set_name("ab");
         v1::GetBucketResponse r;
         return s->GetBucket(c, q, &r);
       },
       "name"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::ListBucketsRequest q;
         q.set_backend("ecs1");
         q.set_page_size(1001);
         v1::ListBucketsResponse r;
         return s->ListBuckets(c, q, &r);
       },
       "page_size"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::UpdateBucketRequest q;
         q.set_backend("ecs1");
         q.mutable_bucket()->set_name("abc");
         v1::UpdateBucketResponse r;
         return s->UpdateBucket(c, q, &r);
       },
       "update_mask"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::DeleteBucketRequest q;
         q.set_backend("ecs1");
         v1::DeleteBucketResponse r;
         return s->DeleteBucket(c, q, &r);
       },
       "name"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::GetUsageRequest q;
         q.set_backend("ecs1");
         q.add_buckets("abc");
         q.add_buckets("a");
         v1::GetUsageResponse r;
         return s->GetUsage(c, q, &r);
       },
       "buckets[1]"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::ListObjectsRequest q;
         q.set_backend("ecs1");
         q.set_bucket("abc");
         q.set_page_size(-1);
         v1::ListObjectsResponse r;
         return s->ListObjects(c, q, &r);
       },
       "page_size"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::GetObjectRequest q;
         q.set_backend("ecs1");
         q.set_bucket("abc");
         q.set_key("a/../b");
         auto reader = s->GetObject(c, q);
         v1::GetObjectResponse r;
         while (reader->Read(&r)) {
         }
         return reader->Finish();
       },
       "key"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::DeleteObjectsRequest q;
         q.set_backend("ecs1");
         q.set_bucket("abc");
         for (int i = 0; i < 4; ++i) q.add_objects()->set_key("k");
         q.mutable_objects(3)->set_key(".");
         v1::DeleteObjectsResponse r;
         return s->DeleteObjects(c, q, &r);
       },
       "objects[3].key"},
      {[](Stub* s, grpc::ClientContext* c) {
         v1::PresignObjectRequest q;
         q.set_backend("ecs1");
         q.set_bucket("abc");
         q.set_key("k");
         v1::PresignObjectResponse r;
         return s->PresignObject(c, q, &r);
       },
       "method"},
  };
  for (const auto& c : cases) {
    grpc::ClientContext ctx;
    const grpc::Status status = c.call(stub_.get(), &ctx);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.path;
    EXPECT_THAT(status.error_message(), StartsWith(c.path + ": "));
  }
}

TEST_F(ObjectStoreServiceTest, CallersDeadlineReachesTheProvider) {
  absl::Time seen = absl::InfinitePast();
  EXPECT_CALL(*provider_, GetBucket("photos", _))
      .WillOnce([&](const std::string&, const providers::CallContext& call) {
        seen = call.deadline();
        return SampleBucket("photos");
      });
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(deadline));
  v1::GetBucketRequest request;
  request.set_backend("ecs1");
  request.set_name("photos");
  v1::GetBucketResponse response;
  ASSERT_TRUE(stub_->GetBucket(&ctx, request, &response).ok());
  EXPECT_LT(absl::AbsDuration(seen - deadline), absl::Seconds(5));
}

TEST_F(ObjectStoreServiceTest, NoDeadlineIsInfinite) {
  absl::Time seen = absl::InfinitePast();
  bool cancelled = true;
  EXPECT_CALL(*provider_, DeleteUser("a", _))
      .WillOnce([&](const std::string&, const providers::CallContext& call) {
        seen = call.deadline();
        cancelled = call.cancelled();
        return absl::OkStatus();
      });
  grpc::ClientContext ctx;
  v1::DeleteUserRequest request;
  request.set_backend("ecs1");
  request.set_account_id("a");
  v1::DeleteUserResponse response;
  ASSERT_TRUE(stub_->DeleteUser(&ctx, request, &response).ok());
  EXPECT_EQ(seen, absl::InfiniteFuture());
  EXPECT_FALSE(cancelled);
}

TEST_F(ObjectStoreServiceTest, CancellationReachesTheProvider) {
  absl::Notification started;
  absl::Notification finished;
  bool saw_cancel = false;
  EXPECT_CALL(*provider_, CheckBackend(_))
      .WillOnce([&](const providers::CallContext& call)
                    -> absl::StatusOr<std::vector<providers::BackendCheck>> {
        started.Notify();
        // Providers poll cancelled() between steps; so does this stand-in, bounded.
        const absl::Time give_up = absl::Now() + absl::Seconds(30);
        while (!call.cancelled() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
        saw_cancel = call.cancelled();
        finished.Notify();
        return absl::CancelledError("stopped");
      });
  grpc::ClientContext ctx;
  std::thread canceller([&] {
    started.WaitForNotification();
    ctx.TryCancel();
  });
  v1::CheckBackendRequest request;
  request.set_backend("ecs1");
  v1::CheckBackendResponse response;
  const grpc::Status status = stub_->CheckBackend(&ctx, request, &response);
  canceller.join();
  finished.WaitForNotification();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(saw_cancel);
}

TEST_F(ObjectStoreServiceTest, AnExpiredDeadlineIsNotACancellation) {
  // gRPC marks a call cancelled once its deadline passes; the provider must keep seeing a
  // deadline (and answer DEADLINE_EXCEEDED), not a caller who went away.
  absl::Notification finished;
  bool saw_cancel = true;
  EXPECT_CALL(*provider_, CheckBackend(_))
      .WillOnce([&](const providers::CallContext& call)
                    -> absl::StatusOr<std::vector<providers::BackendCheck>> {
        // Bounded: well past the moment gRPC marks the expired call cancelled.
        const absl::Time give_up = call.deadline() + absl::Seconds(1);
        while (!call.cancelled() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
        saw_cancel = call.cancelled();
        finished.Notify();
        return absl::DeadlineExceededError("backend too slow");
      });
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(100)));
  v1::CheckBackendRequest request;
  request.set_backend("ecs1");
  v1::CheckBackendResponse response;
  const grpc::Status status = stub_->CheckBackend(&ctx, request, &response);
  finished.WaitForNotification();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_FALSE(saw_cancel);
}

}  // namespace
}  // namespace osp::server
