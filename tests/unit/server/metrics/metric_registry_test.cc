// MetricRegistry with its Counter, Gauge, Histogram and MetricFamily: the rendered exposition,
// name checks, and the value types under concurrent use.
#include "server/metrics/metric_registry.h"

#include <atomic>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server::metrics {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

TEST(MetricRegistryTest, RendersCountersWithHelpTypeAndSortedLabelSets) {
  MetricRegistry registry;
  auto family =
      registry.AddCounter("osp_test_total", "Test \"requests\"\nsecond line.", {"method", "code"});
  ASSERT_THAT(family, IsOk());
  (*family)->With({"Put", "OK"})->Increment();
  (*family)->With({"Get", "OK"})->Increment(2);
  (*family)->With({"Get", "OK"})->Increment();

  EXPECT_EQ(registry.Render(),
            "# HELP osp_test_total Test \"requests\"\\nsecond line.\n"
            "# TYPE osp_test_total counter\n"
            "osp_test_total{method=\"Get\",code=\"OK\"} 3\n"
            "osp_test_total{method=\"Put\",code=\"OK\"} 1\n");
}

TEST(MetricRegistryTest, EscapesLabelValuesWhenRendering) {
  MetricRegistry registry;
  auto family = registry.AddGauge("g", "h", {"v"});
  ASSERT_THAT(family, IsOk());
  (*family)->With({"a\\b\"c\nd"})->Set(-1.5);

  EXPECT_THAT(registry.Render(), HasSubstr("g{v=\"a\\\\b\\\"c\\nd\"} -1.5\n"));
}

TEST(MetricRegistryTest, FamiliesRenderInTheOrderAdded) {
  MetricRegistry registry;
  ASSERT_THAT(registry.AddGauge("zeta", "z", {}), IsOk());
  ASSERT_THAT(registry.AddCounter("alpha_total", "a", {}), IsOk());

  const std::string text = registry.Render();
  EXPECT_LT(text.find("# TYPE zeta gauge"), text.find("# TYPE alpha_total counter"));
}

TEST(MetricRegistryTest, FamilyWithoutSamplesRendersOnlyItsHeader) {
  MetricRegistry registry;
  ASSERT_THAT(registry.AddCounter("empty_total", "nothing yet", {"x"}), IsOk());
  EXPECT_EQ(registry.Render(), "# HELP empty_total nothing yet\n# TYPE empty_total counter\n");
}

TEST(MetricRegistryTest, LabelValuesOfTheWrongCountArePaddedOrCut) {
  MetricRegistry registry;
  auto family = registry.AddCounter("c_total", "h", {"a", "b"});
  ASSERT_THAT(family, IsOk());
  (*family)->With({"1"})->Increment();
  (*family)->With({"1", "2", "3"})->Increment();

  EXPECT_THAT(registry.Render(), HasSubstr("c_total{a=\"1\",b=\"\"} 1\n"));
  EXPECT_THAT(registry.Render(), HasSubstr("c_total{a=\"1\",b=\"2\"} 1\n"));
}

TEST(MetricRegistryTest, SameLabelValuesGiveTheSameMetric) {
  MetricRegistry registry;
  auto family = registry.AddCounter("c_total", "h", {"a"});
  ASSERT_THAT(family, IsOk());
  EXPECT_EQ((*family)->With({"x"}), (*family)->With({"x"}));
  EXPECT_NE((*family)->With({"x"}), (*family)->With({"y"}));
}

TEST(MetricRegistryTest, RefusesBadNamesAndDuplicates) {
  MetricRegistry registry;
  EXPECT_THAT(registry.AddCounter("bad-name", "h", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'bad-name'")));
  EXPECT_THAT(registry.AddCounter("c", "h", {"__reserved"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'__reserved'")));
  EXPECT_THAT(registry.AddCounter("c", "h", {"a", "a"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
  ASSERT_THAT(registry.AddCounter("c", "h", {}), IsOk());
  EXPECT_THAT(registry.AddGauge("c", "h", {}), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(registry.AddHistogram("h", "h", {"le"}, {1}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'le'")));
  EXPECT_THAT(registry.AddHistogram("h", "h", {}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(registry.AddHistogram("h", "h", {}, {1, 1}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("increasing")));
  EXPECT_THAT(registry.AddHistogram("h", "h", {}, {1, INFINITY}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("finite")));
  // Nothing was added by the failures.
  EXPECT_EQ(registry.Render(), "# HELP c h\n# TYPE c counter\n");
}

TEST(MetricRegistryTest, RendersHistogramBucketsCumulativelyWithInfSumAndCount) {
  MetricRegistry registry;
  auto family = registry.AddHistogram("lat_seconds", "Latency.", {"method"}, {0.1, 0.5, 1});
  ASSERT_THAT(family, IsOk());
  Histogram* h = (*family)->With({"Get"});
  for (double v : {0.05, 0.1, 0.3, 0.7, 2.0, 2.0}) h->Observe(v);

  EXPECT_EQ(registry.Render(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{method=\"Get\",le=\"0.5\"} 3\n"
            "lat_seconds_bucket{method=\"Get\",le=\"1\"} 4\n"
            "lat_seconds_bucket{method=\"Get\",le=\"+Inf\"} 6\n"
            "lat_seconds_sum{method=\"Get\"} 5.15\n"
            "lat_seconds_count{method=\"Get\"} 6\n");
}

TEST(MetricRegistryTest, HistogramWithoutLabelsHasOnlyLe) {
  MetricRegistry registry;
  auto family = registry.AddHistogram("h", "h", {}, {1});
  ASSERT_THAT(family, IsOk());
  (*family)->With({})->Observe(1);
  EXPECT_THAT(registry.Render(), HasSubstr("h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\n"
                                           "h_sum 1\nh_count 1\n"));
}

TEST(MetricRegistryTest, HistogramIgnoresNaNAndCountsValuesOnABoundInThatBucket) {
  Histogram h({1, 2});
  h.Observe(std::nan(""));
  h.Observe(2);
  Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{0, 1, 1}));
  EXPECT_EQ(s.count, 1u);
  EXPECT_EQ(s.sum, 2);
}

TEST(MetricRegistryTest, CounterNeverGoesDown) {
  Counter c;
  c.Increment(5);
  c.Increment(-3);
  c.Increment(std::nan(""));
  EXPECT_EQ(c.Value(), 5);
}

TEST(MetricRegistryTest, GaugeGoesUpAndDown) {
  Gauge g;
  g.Add(3);
  g.Add(-1);
  EXPECT_EQ(g.Value(), 2);
  g.Set(7);
  EXPECT_EQ(g.Value(), 7);
}

// Many threads record into shared and fresh label sets while another renders: no update is lost
// and every rendered histogram is consistent (+Inf bucket == count).
TEST(MetricRegistryTest, ConcurrentUpdatesAndScrapesLoseNothing) {
  MetricRegistry registry;
  auto counters = registry.AddCounter("c_total", "h", {"t"});
  auto histograms = registry.AddHistogram("h_seconds", "h", {}, {0.5});
  ASSERT_THAT(counters, IsOk());
  ASSERT_THAT(histograms, IsOk());
  constexpr int kThreads = 8;
  constexpr int kIterations = 2000;
  std::atomic<bool> done{false};
  std::thread scraper([&] {
    while (!done) {
      std::string inf_bucket = "0";
      std::string count = "0";
      for (absl::string_view line : absl::StrSplit(registry.Render(), '\n')) {
        if (absl::ConsumePrefix(&line, "h_seconds_bucket{le=\"+Inf\"} "))
          inf_bucket = std::string(line);
        if (absl::ConsumePrefix(&line, "h_seconds_count ")) count = std::string(line);
      }
      ASSERT_EQ(inf_bucket, count);
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        (*counters)->With({"shared"})->Increment();
        (*counters)->With({std::to_string(t)})->Increment(0.5);
        (*histograms)->With({})->Observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  done = true;
  scraper.join();

  EXPECT_EQ((*counters)->With({"shared"})->Value(), kThreads * kIterations);
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ((*counters)->With({std::to_string(t)})->Value(), kIterations * 0.5);
  }
  Histogram::Snapshot s = (*histograms)->With({})->Read();
  EXPECT_EQ(s.count, static_cast<uint64_t>(kThreads * kIterations));
  EXPECT_EQ(s.cumulative[0], static_cast<uint64_t>(kThreads * kIterations / 2));
  EXPECT_EQ(s.sum, kThreads * kIterations / 2 * 1.25);
}

}  // namespace
}  // namespace osp::server::metrics
