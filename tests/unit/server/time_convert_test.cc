#include "server/time_convert.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace osp::server {
namespace {

TEST(TimeConvertTest, TimestampsRoundTripIncludingBeforeTheEpoch) {
  for (absl::Time t : {absl::UnixEpoch(), absl::FromUnixSeconds(1700000000) + absl::Nanoseconds(9),
                       absl::UnixEpoch() - absl::Nanoseconds(1),
                       absl::FromUnixSeconds(-86400) + absl::Milliseconds(250)}) {
    const google::protobuf::Timestamp proto = ToProto(t);
    EXPECT_GE(proto.nanos(), 0);
    EXPECT_LT(proto.nanos(), 1000000000);
    EXPECT_EQ(FromProto(proto), t);
  }
  const google::protobuf::Timestamp before_epoch =
      ToProto(absl::UnixEpoch() - absl::Nanoseconds(1));
  EXPECT_EQ(before_epoch.seconds(), -1);
  EXPECT_EQ(before_epoch.nanos(), 999999999);
}

TEST(TimeConvertTest, InfiniteTimesClampToTheTimestampRange) {
  EXPECT_EQ(ToProto(absl::InfiniteFuture()).seconds(), 253402300799);
  EXPECT_EQ(ToProto(absl::InfiniteFuture()).nanos(), 999999999);
  EXPECT_EQ(ToProto(absl::InfinitePast()).seconds(), -62135596800);
  EXPECT_EQ(ToProto(absl::InfinitePast()).nanos(), 0);
}

TEST(TimeConvertTest, DurationsRoundTripWithSameSignParts) {
  for (absl::Duration d : {absl::ZeroDuration(), absl::Milliseconds(1500),
                           -absl::Milliseconds(1500), absl::Hours(24 * 7), -absl::Nanoseconds(1)}) {
    const google::protobuf::Duration proto = ToProto(d);
    EXPECT_FALSE(proto.seconds() > 0 && proto.nanos() < 0);
    EXPECT_FALSE(proto.seconds() < 0 && proto.nanos() > 0);
    EXPECT_EQ(FromProto(proto), d);
  }
  const google::protobuf::Duration negative = ToProto(-absl::Milliseconds(1500));
  EXPECT_EQ(negative.seconds(), -1);
  EXPECT_EQ(negative.nanos(), -500000000);
}

TEST(TimeConvertTest, InfiniteDurationsClampToTheDurationRange) {
  EXPECT_EQ(ToProto(absl::InfiniteDuration()).seconds(), 315576000000);
  EXPECT_EQ(ToProto(-absl::InfiniteDuration()).seconds(), -315576000000);
}

}  // namespace
}  // namespace osp::server
