// The SVG charts: exact values in data-value, escaped labels, and the waterfall's floating
// steps.
#include "tools/salesctl/svg_charts.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace sales::salesctl {
namespace {

int Count(const std::string& text, const std::string& what) {
  return static_cast<int>(std::vector<std::string>(absl::StrSplit(text, what)).size()) - 1;
}

TEST(SvgCharts, EscapeHtml) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("品类"), "品类");
}

TEST(SvgCharts, BarsCarryTheirExactValuesAndEscapedLabels) {
  const std::string svg = VerticalBarChart(
      "trend", {{"2026-W01", 123456789012, "1234567890.12"}, {"<b>", -5, "-0.05"}});
  EXPECT_TRUE(absl::StartsWith(svg, "<svg class=\"chart\""));  // inline SVG: no namespace
  EXPECT_TRUE(absl::EndsWith(svg, "</svg>"));
  EXPECT_TRUE(absl::StrContains(svg, "data-label=\"2026-W01\" data-value=\"123456789012\""));
  EXPECT_TRUE(absl::StrContains(svg, "data-label=\"&lt;b&gt;\" data-value=\"-5\""));
  EXPECT_FALSE(absl::StrContains(svg, "<b>"));
  EXPECT_EQ(Count(svg, "<rect class=\"bar\""), 2);
}

TEST(SvgCharts, WaterfallStepsFloatFromTheRunningTotal) {
  // 100 + 50 - 30 = 120: the step of -30 spans 150 down to 120.
  const std::string svg = WaterfallChart(
      "bridge",
      {{"base", 100, "1.00"}, {"up", 50, "0.50"}, {"down", -30, "-0.30"}, {"now", 120, "1.20"}});
  EXPECT_EQ(Count(svg, "class=\"bar total\""), 2);
  EXPECT_EQ(Count(svg, "class=\"bar step\""), 2);
  EXPECT_TRUE(absl::StrContains(svg, "fill=\"#c00000\" data-label=\"down\" data-value=\"-30\""));
  // Range 0..150 over 220 px from y=16: the down step's top is at 150 (y 16), its height 30.
  EXPECT_TRUE(absl::StrContains(svg, "y=\"16.0\" width=\"108.0\" height=\"44.0\" fill=\"#c00000\""))
      << svg;
}

TEST(SvgCharts, SharesAndHorizontalBars) {
  const std::string mix =
      StackedShareBar("mix", {{"CHANNEL_WEB", 300, "3.00"}, {"CHANNEL_STORE", 100, "1.00"}});
  EXPECT_TRUE(absl::StrContains(mix, "CHANNEL_WEB: 3.00 (75.0%)"));
  EXPECT_TRUE(absl::StrContains(mix, "width=\"540.0\""));  // 75% of 720
  const std::string bars = HorizontalBarChart("funnel", {{"LEAD", 4, "4"}, {"WON", 1, "1"}});
  EXPECT_EQ(Count(bars, "<rect class=\"bar\""), 2);
  EXPECT_TRUE(absl::StrContains(bars, "data-label=\"WON\" data-value=\"1\""));
  // No data: an empty chart, not a broken one.
  EXPECT_TRUE(absl::StrContains(VerticalBarChart("none", {}), "</svg>"));
  EXPECT_TRUE(absl::StrContains(StackedShareBar("none", {{"x", 0, "0"}}), "</svg>"));
}

}  // namespace
}  // namespace sales::salesctl
