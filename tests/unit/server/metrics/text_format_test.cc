#include "server/metrics/text_format.h"

#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace osp::server::metrics {
namespace {

TEST(TextFormatTest, FormatsValuesSoThatTheyParseBackExactly) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  // Byte counters stay exact (no %g rounding to 6 digits).
  EXPECT_EQ(FormatValue(123456789012.0), "123456789012");
  EXPECT_EQ(std::stod(FormatValue(1.0 / 3)), 1.0 / 3);
}

TEST(TextFormatTest, FormatsSpecialValuesAsPrometheusSpellsThem) {
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(TextFormatTest, EscapesBackslashQuoteAndNewlineInLabelValues) {
  EXPECT_EQ(EscapeLabelValue("plain-value_1.2"), "plain-value_1.2");
  EXPECT_EQ(EscapeLabelValue("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapeLabelValue("say \"hi\""), "say \\\"hi\\\"");
  EXPECT_EQ(EscapeLabelValue("two\nlines"), "two\\nlines");
  EXPECT_EQ(EscapeLabelValue("tab\tstays"), "tab\tstays");
}

TEST(TextFormatTest, EscapesBackslashAndNewlineButNotQuotesInHelp) {
  EXPECT_EQ(EscapeHelp("a \"quoted\" \\ word\nnext"), "a \"quoted\" \\\\ word\\nnext");
}

TEST(TextFormatTest, FormatsLabelPairsInOrder) {
  EXPECT_EQ(FormatLabels({}, {}), "");
  EXPECT_EQ(FormatLabels({"method", "code"}, {"GetBucket", "OK"}),
            "method=\"GetBucket\",code=\"OK\"");
  EXPECT_EQ(FormatLabels({"x"}, {"a\"b"}), "x=\"a\\\"b\"");
}

TEST(TextFormatTest, AppendsSampleLinesWithAndWithoutLabels) {
  std::string out;
  AppendSampleLine("up", "", 1, &out);
  AppendSampleLine("req_total", "code=\"OK\"", 2.5, &out);
  EXPECT_EQ(out, "up 1\nreq_total{code=\"OK\"} 2.5\n");
}

TEST(TextFormatTest, ChecksMetricAndLabelNames) {
  EXPECT_TRUE(IsValidMetricName("osp_rpc_requests_total"));
  EXPECT_TRUE(IsValidMetricName("job:rate5m"));
  EXPECT_TRUE(IsValidMetricName("_x"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_FALSE(IsValidMetricName("1abc"));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_FALSE(IsValidMetricName("a b"));

  EXPECT_TRUE(IsValidLabelName("method"));
  EXPECT_TRUE(IsValidLabelName("_x1"));
  EXPECT_FALSE(IsValidLabelName(""));
  EXPECT_FALSE(IsValidLabelName("__name__"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("9"));
}

}  // namespace
}  // namespace osp::server::metrics
