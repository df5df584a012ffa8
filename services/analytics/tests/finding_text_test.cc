// The wording of findings in English and Chinese, with their figures.
#include "services/analytics/src/domain/finding_text.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

const TextContext kEnWeek{Language::kEnglish, Granularity::kIsoWeek, 2};
const TextContext kZhWeek{Language::kChinese, Granularity::kIsoWeek, 2};

Finding CategoryFall() {
  Finding f;
  f.kind = FindingKind::kMemberChange;
  f.dimension = Dimension::kCategory;
  f.subject = "tea";
  f.up = false;
  f.base_value = 100000;
  f.current_value = 70000;
  f.change = -0.3;
  f.driver = FindingDriver::kVolume;
  f.driver_value = -30000;
  return f;
}

TEST(FindingText, ACategoryFallInBothLanguages) {
  EXPECT_EQ(FindingText(CategoryFall(), kEnWeek),
            "Category tea fell 30% week on week (from 1000.00 to 700.00), mostly volume.");
  EXPECT_EQ(FindingText(CategoryFall(), kZhWeek),
            "品类tea环比下降30%（从1000.00降至700.00），主要由于销量。");
  const TextContext quarter{Language::kEnglish, Granularity::kQuarter, 0};
  EXPECT_EQ(FindingText(CategoryFall(), quarter),
            "Category tea fell 30% quarter on quarter (from 100000 to 70000), mostly volume.");
}

TEST(FindingText, ChannelsLoseTheirPrefixAndPriceIsNamed) {
  Finding f = CategoryFall();
  f.dimension = Dimension::kChannel;
  f.subject = "CHANNEL_WEB";
  f.up = true;
  f.base_value = 2000;
  f.current_value = 2090;
  f.change = 0.045;
  f.driver = FindingDriver::kPrice;
  EXPECT_EQ(FindingText(f, {Language::kEnglish, Granularity::kMonth, 2}),
            "Channel web rose 4.5% month on month (from 20.00 to 20.90), mostly price.");
  EXPECT_EQ(FindingText(f, {Language::kChinese, Granularity::kMonth, 2}),
            "渠道web环比上升4.5%（从20.00增至20.90），主要由于价格。");
}

TEST(FindingText, CompanyRevenueWithItsLargestBridgePart) {
  Finding f;
  f.kind = FindingKind::kRevenueChange;
  f.up = true;
  f.base_value = 100000;
  f.current_value = 125000;
  f.change = 0.25;
  f.driver = FindingDriver::kNewCustomers;
  f.driver_value = 20000;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Revenue rose 25% week on week (from 1000.00 to 1250.00); the largest part of the "
            "change was new customers (+200.00).");
  EXPECT_EQ(FindingText(f, kZhWeek),
            "收入环比上升25%（从1000.00增至1250.00），影响最大的是新客户（+200.00）。");
  f.kind = FindingKind::kRevenueChangeYear;
  f.driver = FindingDriver::kNone;
  EXPECT_EQ(FindingText(f, kEnWeek), "Revenue rose 25% year on year (from 1000.00 to 1250.00).");
  EXPECT_EQ(FindingText(f, kZhWeek), "收入同比上升25%（从1000.00增至1250.00）。");
}

TEST(FindingText, MarginInPercentOfRevenue) {
  Finding f;
  f.kind = FindingKind::kMarginChange;
  f.unit = FindingUnit::kBasisPoints;
  f.base_value = 4000;
  f.current_value = 3550;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Gross margin fell from 40.0% to 35.5% of revenue week on week.");
  EXPECT_EQ(FindingText(f, kZhWeek), "毛利率环比从40.0%降至35.5%。");
}

TEST(FindingText, ChampionsNowAtRisk) {
  Finding f;
  f.kind = FindingKind::kSegmentMovement;
  f.subject = "champions";
  f.to_subject = "at_risk";
  f.unit = FindingUnit::kCustomers;
  f.current_value = 12;
  EXPECT_EQ(FindingText(f, kEnWeek), "12 champions are now at risk.");
  EXPECT_EQ(FindingText(f, kZhWeek), "12位冠军客户现已有流失风险。");
  f.current_value = 1;
  f.subject = "loyal";
  f.to_subject = "hibernating";
  EXPECT_EQ(FindingText(f, kEnWeek), "1 loyal customer is now hibernating.");
}

TEST(FindingText, AmountsAndPercents) {
  EXPECT_EQ(AmountText(123456, 2), "1234.56");
  EXPECT_EQ(AmountText(-5, 2), "-0.05");
  EXPECT_EQ(AmountText(1500, 0), "1500");
  EXPECT_EQ(AmountText(7, 3), "0.007");
  EXPECT_EQ(AmountText(INT64_MIN, 0), "-9223372036854775808");
  EXPECT_EQ(PercentText(-0.3), "30%");
  EXPECT_EQ(PercentText(0.0449), "4.5%");
  EXPECT_EQ(LanguageOf("zh"), Language::kChinese);
  EXPECT_EQ(LanguageOf("en"), Language::kEnglish);
  EXPECT_FALSE(LanguageOf("fr").has_value());
  EXPECT_FALSE(LanguageOf("").has_value());
}

TEST(FindingText, ARevenueAnomalyInBothLanguages) {
  Finding f;
  f.kind = FindingKind::kRevenueAnomaly;
  f.subject = "2026-10-14";
  f.up = true;
  f.base_value = 850000;
  f.current_value = 1234500;
  f.change = 0.4524;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Revenue on 2026-10-14 was 12345.00, 45% above the expected 8500.00, above the "
            "forecast interval.");
  EXPECT_EQ(FindingText(f, kZhWeek),
            "2026-10-14的收入为12345.00，比预期的8500.00高45%，高于预测区间。");
  f.up = false;
  f.base_value = -500;
  f.current_value = -90000;
  f.change.reset();
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Revenue on 2026-10-14 was -900.00, against an expected -5.00, below the forecast "
            "interval.");
  EXPECT_EQ(FindingText(f, kZhWeek), "2026-10-14的收入为-900.00，预期为-5.00，低于预测区间。");
}

TEST(FindingText, HotAndSlowProducts) {
  Finding f;
  f.kind = FindingKind::kHotProduct;
  f.dimension = Dimension::kProduct;
  f.subject = "products/3";
  f.up = true;
  f.unit = FindingUnit::kUnits;
  f.base_value = 10;
  f.current_value = 24;
  f.change = 1.4;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product products/3 sold 24 units, 2.4× its usual 10 units per week.");
  EXPECT_EQ(FindingText(f, kZhWeek), "产品products/3售出24件，是平时每周10件的2.4倍。");
  f.kind = FindingKind::kSlowProduct;
  f.up = false;
  f.current_value = 2;
  f.change = -0.8;
  EXPECT_EQ(FindingText(f, {Language::kEnglish, Granularity::kMonth, 2}),
            "Product products/3 sold 2 units, 80% below its usual 10 units per month.");
  EXPECT_EQ(FindingText(f, {Language::kChinese, Granularity::kMonth, 2}),
            "产品products/3售出2件，比平时每月10件低80%。");
  f.current_value = 0;
  f.change = -1.0;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product products/3 sold nothing, against its usual 10 units per week.");
  EXPECT_EQ(FindingText(f, kZhWeek), "产品products/3本期没有销售，平时每周售出10件。");
}

// Issue 11: a product with a display name is named by it, in both languages; a channel's
// name is taken as given too.
TEST(FindingText, AProductIsNamedByItsDisplayNameWhenKnown) {
  Finding f;
  f.kind = FindingKind::kHotProduct;
  f.dimension = Dimension::kProduct;
  f.subject = "products/3";
  f.subject_name = "Green tea 250 g";
  f.up = true;
  f.unit = FindingUnit::kUnits;
  f.base_value = 10;
  f.current_value = 24;
  f.change = 1.4;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product Green tea 250 g sold 24 units, 2.4× its usual 10 units per week.");
  f.subject_name = "绿茶250克";
  EXPECT_EQ(FindingText(f, kZhWeek), "产品绿茶250克售出24件，是平时每周10件的2.4倍。");
  f.kind = FindingKind::kLowStockCover;
  f.up = false;
  f.subject_name = "Green tea 250 g";
  f.base_value = 56;
  f.current_value = 10;
  f.change.reset();
  f.days_of_cover = 5.0;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product Green tea 250 g has 5.0 days of stock left (10 units available) at the rate "
            "of the last 28 days.");
}

TEST(FindingText, LowStockCover) {
  Finding f;
  f.kind = FindingKind::kLowStockCover;
  f.dimension = Dimension::kProduct;
  f.subject = "products/7";
  f.unit = FindingUnit::kUnits;
  f.base_value = 56;
  f.current_value = 10;
  f.days_of_cover = 5.0;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product products/7 has 5.0 days of stock left (10 units available) at the rate of "
            "the last 28 days.");
  EXPECT_EQ(FindingText(f, kZhWeek),
            "产品products/7的库存按近28天的销售速度仅够5.0天（可售10件）。");
  f.current_value = 0;
  f.days_of_cover = 0.0;
  EXPECT_EQ(FindingText(f, kEnWeek),
            "Product products/7 has no stock available, after selling 56 units in the last 28 "
            "days.");
  EXPECT_EQ(FindingText(f, kZhWeek), "产品products/7已无可售库存，近28天售出56件。");
}

TEST(FindingText, WhyASectionIsEmpty) {
  EXPECT_EQ(SectionGapText(Section::kForecast, SectionGap::kHistoryTooShort, 5, Granularity::kMonth,
                           kEnWeek),
            "No forecast: the history holds only 5 months of revenue since the first sale, too "
            "few to fit a model and backtest it.");
  EXPECT_EQ(SectionGapText(Section::kForecast, SectionGap::kHistoryTooShort, 5, Granularity::kMonth,
                           kZhWeek),
            "无法预测：自首笔销售以来仅有5个月的收入历史，不足以拟合模型并回测。");
  EXPECT_EQ(SectionGapText(Section::kAnomalies, SectionGap::kHistoryTooShort, 1, Granularity::kDay,
                           kEnWeek),
            "No anomaly check: the history holds only 1 day of revenue since the first sale, too "
            "few to fit a model and backtest it.");
  EXPECT_EQ(
      SectionGapText(Section::kAnomalies, SectionGap::kNoSales, 0, Granularity::kDay, kZhWeek),
      "无法检测异常：历史中没有任何收入。");
  EXPECT_EQ(SectionGapText(Section::kForecast, SectionGap::kPeriodIncomplete, 0,
                           Granularity::kIsoWeek, kEnWeek),
            "No forecast: the period has not ended, and a forecast fitted on a partial period "
            "would mislead.");
  EXPECT_EQ(SectionGapText(Section::kAnomalies, SectionGap::kNoCompleteDay, 0, Granularity::kDay,
                           kEnWeek),
            "No anomaly check: no whole day of the period has passed yet.");
}

}  // namespace
}  // namespace sales::analytics::domain
