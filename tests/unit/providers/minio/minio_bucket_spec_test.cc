#include "providers/minio/minio_bucket_spec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/bucket_policy.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

// A bucket as MinIO reports it right after an S3 CreateBucket.
BucketSpec Fresh(bool object_lock = false) {
  BucketSpec s;
  s.name = "b1";
  s.owner = "a1";
  s.versioning = object_lock ? Versioning::kEnabled : Versioning::kOff;
  s.encryption = Encryption::kNone;
  s.object_lock = object_lock;
  s.policy.kind = PolicyKind::kPrivate;
  return s;
}

BucketSpec Wanted() {
  BucketSpec s;
  s.name = "b1";
  s.owner = "a1";
  s.quota.max_bytes = 1 << 30;
  s.versioning = Versioning::kEnabled;
  s.encryption = Encryption::kSseS3;
  s.policy.kind = PolicyKind::kPublicRead;
  return s;
}

// The state a completed create of Wanted() leaves.
BucketSpec Done() { return Wanted(); }

TEST(MinioBucketSpecTest, CreateMaskSetsOnlyNonDefaults) {
  BucketUpdateMask mask = CreateMask(Wanted());
  EXPECT_TRUE(mask.quota && mask.versioning && mask.encryption && mask.policy);
  EXPECT_FALSE(mask.cors_rules || mask.tags);
  EXPECT_TRUE(CreateMask(BucketSpec{}).empty());
}

TEST(MinioBucketSpecTest, RetryOfAHalfDoneCreateCompletesIt) {
  auto todo = Remaining(Wanted(), Fresh());
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->quota && todo->versioning && todo->encryption && todo->policy);

  BucketSpec half = Fresh();
  half.versioning = Versioning::kEnabled;
  half.encryption = Encryption::kSseS3;
  todo = Remaining(Wanted(), half);
  ASSERT_THAT(todo, IsOk());
  EXPECT_FALSE(todo->versioning || todo->encryption);
  EXPECT_TRUE(todo->policy && todo->quota);
}

TEST(MinioBucketSpecTest, SameSpecLeavesNothingToDo) {
  auto todo = Remaining(Wanted(), Done());
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->empty());
  // Unspecified fields mean the defaults.
  BucketSpec plain;
  plain.name = "b1";
  plain.owner = "a1";
  todo = Remaining(plain, Fresh());
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->empty());
  // Object lock implies versioning.
  BucketSpec locked = plain;
  locked.object_lock = true;
  EXPECT_THAT(Remaining(locked, Fresh(/*object_lock=*/true)), IsOk());
  // Also when versioning is asked to be off: object lock keeps it on.
  locked.versioning = Versioning::kOff;
  todo = Remaining(locked, Fresh(/*object_lock=*/true));
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->empty());
}

TEST(MinioBucketSpecTest, ObjectLockLeavesNoVersioningToSet) {
  BucketSpec locked = Wanted();
  locked.object_lock = true;
  EXPECT_FALSE(CreateMask(locked).versioning);
  EXPECT_TRUE(CreateMask(locked).encryption);
}

TEST(MinioBucketSpecTest, SettledIsWhatReadingBackACompletedCreateReturns) {
  BucketSpec done = Settled(Wanted());
  EXPECT_EQ(done.name, "b1");
  EXPECT_EQ(done.owner, "a1");
  EXPECT_EQ(done.quota.max_bytes, 1 << 30);
  EXPECT_EQ(done.versioning, Versioning::kEnabled);
  EXPECT_EQ(done.encryption, Encryption::kSseS3);
  EXPECT_EQ(done.policy.kind, PolicyKind::kPublicRead);
  EXPECT_FALSE(done.object_lock);

  BucketSpec plain;
  plain.name = "b1";
  plain.owner = "a1";
  BucketSpec fresh = Settled(plain);
  EXPECT_EQ(fresh.versioning, Versioning::kOff);
  EXPECT_EQ(fresh.encryption, Encryption::kNone);
  EXPECT_EQ(fresh.policy.kind, PolicyKind::kPrivate);
  EXPECT_EQ(fresh.quota, Quota{});

  plain.object_lock = true;
  plain.versioning = Versioning::kOff;
  EXPECT_EQ(Settled(plain).versioning, Versioning::kEnabled);
  EXPECT_TRUE(Settled(plain).object_lock);

  // A custom document that is the public-read one reads back as public-read.
  BucketSpec custom = plain;
  custom.policy = Policy{PolicyKind::kCustom, s3::PublicReadPolicy("b1")};
  EXPECT_EQ(Settled(custom).policy.kind, PolicyKind::kPublicRead);
  custom.policy.json = R"({"Version":"2012-10-17","Statement":[]})";
  EXPECT_EQ(Settled(custom).policy, custom.policy);
}

TEST(MinioBucketSpecTest, RetryWithACustomPolicyMinioRewroteLeavesNothingToDo) {
  BucketSpec want = Fresh();
  want.policy = Policy{PolicyKind::kCustom,
                       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
                       R"("Action":"s3:ListBucket","Resource":"arn:aws:s3:::b1"}]})"};
  BucketSpec current = Fresh();
  // What MinIO's GetBucketPolicy answers (json.Marshal of its policy.BucketPolicy).
  current.policy = s3::PolicyFromDocument(
      std::string(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                  R"("Principal":{"AWS":["*"]},"Action":["s3:ListBucket"],)"
                  R"("Resource":["arn:aws:s3:::b1"]}]})"),
      "b1");
  auto todo = Remaining(want, current);
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->empty());
}

TEST(MinioBucketSpecTest, RetryWithTheCustomPublicReadDocumentLeavesNothingToDo) {
  BucketSpec want = Fresh();
  want.policy = Policy{PolicyKind::kCustom, s3::PublicReadPolicy("b1")};
  BucketSpec current = Fresh();
  current.policy = s3::PolicyFromDocument(s3::PublicReadPolicy("b1"), "b1");
  auto todo = Remaining(want, current);
  ASSERT_THAT(todo, IsOk());
  EXPECT_TRUE(todo->empty());
}

TEST(MinioBucketSpecTest, AnyOtherDifferenceIsAlreadyExists) {
  BucketSpec other_quota = Done();
  other_quota.quota.max_bytes = 2LL << 30;
  EXPECT_THAT(Remaining(Wanted(), other_quota),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("different quota")));
  BucketSpec custom = Done();
  custom.policy = Policy{PolicyKind::kCustom, R"({"Version":"2012-10-17","Statement":[]})"};
  EXPECT_THAT(Remaining(Wanted(), custom),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("different policy")));
  BucketSpec suspended = Done();
  suspended.versioning = Versioning::kSuspended;
  EXPECT_THAT(Remaining(Wanted(), suspended),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("different versioning")));
  // A plain request against an encrypted bucket: the existing bucket is not a fresh default.
  BucketSpec plain;
  plain.name = "b1";
  plain.owner = "a1";
  EXPECT_THAT(Remaining(plain, Done()), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Remaining(Wanted(), Fresh(/*object_lock=*/true)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("object_lock")));
}

TEST(MinioBucketSpecTest, UnsupportedFieldsNameTheField) {
  BucketSpec s = Wanted();
  s.quota.max_objects = 10;
  EXPECT_THAT(CheckSupported(s, CreateMask(s)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("quota.max_objects")));
  s = Wanted();
  s.tags["k"] = "v";
  EXPECT_THAT(CheckSupported(s, CreateMask(s)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tags")));
  s = Wanted();
  s.cors_rules.push_back(CorsRule{{"*"}, {"GET"}, {}, {}, 0});
  EXPECT_THAT(CheckSupported(s, CreateMask(s)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cors_rules")));
  EXPECT_THAT(CheckSupported(Wanted(), CreateMask(Wanted())), IsOk());
}

}  // namespace
}  // namespace osp::providers::minio
