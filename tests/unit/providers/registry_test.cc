#include "providers/registry.h"

#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ProviderFactory FailingFactory(absl::Status status) {
  return
      [status](const BackendSettings&,
               const ProviderDeps&) -> absl::StatusOr<std::unique_ptr<Provider>> { return status; };
}

TEST(RegistryTest, CreateCallsTheFactoryOfTheType) {
  Registry registry;
  ASSERT_THAT(
      registry.Register("ecs", FailingFactory(absl::InvalidArgumentError("namespace: required"))),
      IsOk());
  BackendSettings settings;
  settings.type = "ecs";
  EXPECT_THAT(registry.Create(settings, ProviderDeps{}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("namespace")));
}

TEST(RegistryTest, UnknownTypeListsKnownTypes) {
  Registry registry;
  ASSERT_THAT(registry.Register("minio", FailingFactory(absl::OkStatus())), IsOk());
  ASSERT_THAT(registry.Register("ecs", FailingFactory(absl::OkStatus())), IsOk());
  BackendSettings settings;
  settings.type = "s4";
  EXPECT_THAT(registry.Create(settings, ProviderDeps{}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'s4' (known: ecs, minio)")));
  EXPECT_THAT(registry.Types(), ElementsAre("ecs", "minio"));
}

TEST(RegistryTest, RefusesDuplicateAndEmptyTypes) {
  Registry registry;
  ASSERT_THAT(registry.Register("ecs", FailingFactory(absl::OkStatus())), IsOk());
  EXPECT_THAT(registry.Register("ecs", FailingFactory(absl::OkStatus())),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(registry.Register("", FailingFactory(absl::OkStatus())),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace osp::providers
