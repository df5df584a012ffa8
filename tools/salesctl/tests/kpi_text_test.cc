#include "tools/salesctl/kpi_text.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::salesctl {
namespace {

const KpiDef& Kpi(const std::string& key) {
  absl::StatusOr<std::vector<const KpiDef*>> kpis = ParseKpiKeys("--kpi", {key});
  EXPECT_TRUE(kpis.ok()) << kpis.status();
  return *kpis.value().front();
}

TEST(KpiText, ValuesReadAsTheirKind) {
  av1::KpiValues v;
  v.set_revenue_minor(89820);
  v.set_orders(3);
  v.set_gross_margin_ratio(0.25);
  v.set_return_rate(0.0126);
  v.set_nps(-12.5);
  v.set_average_order_value_minor(-5);
  EXPECT_EQ(KpiValueText(Kpi("revenue"), v, 2), "898.20");
  EXPECT_EQ(KpiValueText(Kpi("revenue"), v, 0), "89820");  // JPY has no decimals
  EXPECT_EQ(KpiValueText(Kpi("aov"), v, 2), "-0.05");
  EXPECT_EQ(KpiValueText(Kpi("orders"), v, 2), "3");
  EXPECT_EQ(KpiValueText(Kpi("margin_pct"), v, 2), "25.0%");
  EXPECT_EQ(KpiValueText(Kpi("return_rate"), v, 2), "1.3%");
  EXPECT_EQ(KpiValueText(Kpi("nps"), v, 2), "-12.5");
  EXPECT_EQ(KpiNumber(Kpi("revenue"), v), 89820);
}

TEST(KpiText, InputBasedKpisAreADashWhenTheServiceLeavesThemOut) {
  av1::KpiValues v;
  v.set_marketing_spend_minor(120000);
  v.set_site_visits(4000);
  // Spend but no new customers, no market size, visits: CAC and market share are absent.
  EXPECT_EQ(KpiValueText(Kpi("marketing_spend"), v, 2), "1200.00");
  EXPECT_EQ(KpiValueText(Kpi("cac"), v, 2), "\u2014");
  EXPECT_FALSE(KpiPresent(Kpi("cac"), v));
  EXPECT_EQ(KpiNumber(Kpi("cac"), v), 0);
  EXPECT_EQ(KpiValueText(Kpi("market_size"), v, 2), "0.00");
  EXPECT_EQ(KpiValueText(Kpi("market_share"), v, 2), "\u2014");
  EXPECT_EQ(KpiValueText(Kpi("site_visits"), v, 2), "4000");
  EXPECT_EQ(KpiValueText(Kpi("visitor_conversion"), v, 2), "\u2014");
  // Present, even at 0.
  v.set_acquisition_cost_minor(0);
  EXPECT_EQ(KpiValueText(Kpi("cac"), v, 2), "0.00");
  v.set_acquisition_cost_minor(40000);
  EXPECT_EQ(KpiValueText(Kpi("cac"), v, 2), "400.00");
  v.set_market_share(0.0126);
  EXPECT_EQ(KpiValueText(Kpi("market_share"), v, 2), "1.3%");
  v.set_visitor_conversion(0.0005);
  EXPECT_EQ(KpiValueText(Kpi("visitor_conversion"), v, 2), "0.1%");
  EXPECT_DOUBLE_EQ(KpiNumber(Kpi("visitor_conversion"), v), 0.0005);
  // Every KPI of the list reads, and the input-based ones come last, in this order.
  const std::vector<KpiDef>& all = AllKpis();
  ASSERT_GE(all.size(), 6u);
  const char* kInputs[] = {"marketing_spend", "cac",         "market_size",
                           "market_share",    "site_visits", "visitor_conversion"};
  for (size_t i = 0; i < 6; ++i) EXPECT_STREQ(all[all.size() - 6 + i].key, kInputs[i]);
}

TEST(KpiText, GrowthIsBlankWhenTheServiceLeavesItUnset) {
  av1::Growth g;
  g.set_revenue(0.123);
  g.set_orders(-0.04);
  EXPECT_EQ(GrowthText(Kpi("revenue"), g), "+12.3%");
  EXPECT_EQ(GrowthText(Kpi("orders"), g), "-4.0%");
  EXPECT_EQ(GrowthText(Kpi("units"), g), "");       // unset: its base was 0
  EXPECT_EQ(GrowthText(Kpi("margin_pct"), g), "");  // no growth for a ratio
  g.set_units(0);
  EXPECT_EQ(GrowthText(Kpi("units"), g), "+0.0%");
}

TEST(KpiText, KpiKeysAreCheckedAndKeepTheirOrder) {
  absl::StatusOr<std::vector<const KpiDef*>> kpis = ParseKpiKeys("--kpi", {"orders", "Revenue"});
  ASSERT_TRUE(kpis.ok());
  EXPECT_STREQ((*kpis)[0]->key, "orders");
  EXPECT_STREQ((*kpis)[1]->key, "revenue");
  absl::StatusOr<std::vector<const KpiDef*>> unknown = ParseKpiKeys("--kpi", {"profit"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(absl::StartsWith(unknown.status().message(), "--kpi: 'profit' is no KPI; one of "))
      << unknown.status();
  EXPECT_FALSE(ParseKpiKeys("--kpi", {"units", "units"}).ok());
  EXPECT_TRUE(ParseKpiKeys("--kpi", DefaultTrendKpis()).ok());
}

TEST(KpiText, SlicesReadAsPeopleSayThem) {
  av1::Slice s;
  EXPECT_EQ(SliceText(s), "whole company");
  s.set_dimension(av1::SLICE_DIMENSION_CHANNEL);
  s.set_member("CHANNEL_WEB");
  EXPECT_EQ(SliceText(s), "channel web");
  s.set_dimension(av1::SLICE_DIMENSION_PRODUCT);
  s.set_member("products/3");
  EXPECT_EQ(SliceText(s), "product products/3");
}

TEST(KpiText, BarsScaleInEighths) {
  EXPECT_EQ(InlineBar(10, 10, 3), "\u2588\u2588\u2588");
  EXPECT_EQ(InlineBar(5, 10, 3), "\u2588\u258C");  // 1.5 cells
  EXPECT_EQ(InlineBar(0.001, 10, 3), "\u258F");    // tiny but not nothing
  EXPECT_EQ(InlineBar(0, 10, 3), "");
  EXPECT_EQ(InlineBar(-4, 10, 3), "");
  EXPECT_EQ(InlineBar(4, 0, 3), "");
}

}  // namespace
}  // namespace sales::salesctl
