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

}  // namespace
}  // namespace sales::analytics::domain
