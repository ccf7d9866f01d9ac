#include "client/progress_meter.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"

namespace osp::client {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr int64_t kMiB = 1 << 20;

TEST(ProgressMeterRenderTest, KnownTotalShowsPercentRateAndEta) {
  EXPECT_EQ(ProgressMeter::Render(25 * kMiB, 100 * kMiB, 0, 1, absl::Seconds(5)),
            "25.0 MiB / 100.0 MiB  25%  5.0 MiB/s  ETA 0:15");
}

TEST(ProgressMeterRenderTest, SeveralFilesShowTheFileCount) {
  EXPECT_EQ(ProgressMeter::Render(10 * kMiB, 40 * kMiB, 3, 10, absl::Seconds(2)),
            "3/10 files  10.0 MiB / 40.0 MiB  25%  5.0 MiB/s  ETA 0:06");
}

TEST(ProgressMeterRenderTest, UnknownTotalHasNoPercentOrEta) {
  EXPECT_EQ(ProgressMeter::Render(3 * kMiB, -1, 0, 1, absl::Seconds(3)), "3.0 MiB  1.0 MiB/s");
}

TEST(ProgressMeterRenderTest, NoTimeYetHasNoRate) {
  EXPECT_EQ(ProgressMeter::Render(0, 5 * kMiB, 0, 1, absl::ZeroDuration()),
            "0 B / 5.0 MiB  0%  - /s");
}

TEST(ProgressMeterRenderTest, LongEtaShowsHoursAndEmptyTotalIsComplete) {
  EXPECT_THAT(ProgressMeter::Render(kMiB, 7201 * kMiB, 0, 1, absl::Seconds(1)),
              EndsWith("ETA 2:00:00"));
  EXPECT_EQ(ProgressMeter::Render(0, 0, 1, 1, absl::Seconds(1)), "0 B / 0 B  100%  0 B/s");
}

class ProgressMeterTest : public ::testing::Test {
 protected:
  testutil::FakeClock clock_;
  std::ostringstream out_;
};

TEST_F(ProgressMeterTest, DrawsAtMostOncePerInterval) {
  ProgressMeter meter(out_, clock_, 10 * kMiB);
  meter.Add(kMiB);  // the first Add draws
  meter.Add(kMiB);
  clock_.Advance(ProgressMeter::kRedrawInterval / 2);
  meter.Add(kMiB);
  EXPECT_EQ(out_.str(), "\r1.0 MiB / 10.0 MiB  10%  - /s\x1b[K");
  clock_.Advance(ProgressMeter::kRedrawInterval / 2);
  meter.Add(kMiB);
  EXPECT_THAT(out_.str(), EndsWith("\r4.0 MiB / 10.0 MiB  40%  40.0 MiB/s  ETA 0:00\x1b[K"));
}

TEST_F(ProgressMeterTest, FinishDrawsTheFinalStateOnceAndEndsTheLine) {
  {
    ProgressMeter meter(out_, clock_, -1);
    meter.LearnTotal(4 * kMiB);
    meter.LearnTotal(99 * kMiB);  // only an unknown total is learned
    clock_.Advance(absl::Seconds(2));
    meter.Add(4 * kMiB);
    meter.Finish();
    meter.Finish();
  }
  EXPECT_EQ(out_.str(),
            "\r4.0 MiB / 4.0 MiB  100%  2.0 MiB/s  ETA 0:00\x1b[K"
            "\r4.0 MiB / 4.0 MiB  100%  2.0 MiB/s  ETA 0:00\x1b[K\n");
}

TEST_F(ProgressMeterTest, ClearErasesTheLineAndTheNextAddRedraws) {
  ProgressMeter meter(out_, clock_, 2 * kMiB, 2);
  meter.Clear();  // nothing drawn yet: nothing to erase
  EXPECT_THAT(out_.str(), IsEmpty());
  meter.Add(kMiB);
  meter.FileDone();
  meter.Clear();
  EXPECT_THAT(out_.str(), EndsWith("\x1b[K\r\x1b[K"));
  meter.Add(kMiB);  // no time passed, but the line was erased
  EXPECT_THAT(out_.str(), EndsWith("\r1/2 files  2.0 MiB / 2.0 MiB  100%  - /s\x1b[K"));
}

TEST_F(ProgressMeterTest, NothingAfterFinish) {
  ProgressMeter meter(out_, clock_, kMiB);
  meter.Finish();
  const std::string finished = out_.str();
  EXPECT_THAT(finished, StartsWith("\r0 B / 1.0 MiB"));
  clock_.Advance(absl::Seconds(1));
  meter.Add(kMiB);
  meter.Clear();
  EXPECT_EQ(out_.str(), finished);
  EXPECT_THAT(finished, Not(HasSubstr("\n\r")));
}

}  // namespace
}  // namespace osp::client
