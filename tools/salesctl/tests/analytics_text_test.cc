#include "tools/salesctl/analytics_text.h"

#include <gtest/gtest.h>

namespace sales::salesctl {
namespace {

google::protobuf::Duration Seconds(int64_t seconds) {
  google::protobuf::Duration d;
  d.set_seconds(seconds);
  return d;
}

TEST(AnalyticsText, BridgeStepsCarryTheirSign) {
  EXPECT_EQ(SignedMoneyText(400, 2), "+4.00");
  EXPECT_EQ(SignedMoneyText(-2000, 2), "-20.00");
  EXPECT_EQ(SignedMoneyText(0, 2), "0.00");
  EXPECT_EQ(SignedMoneyText(-5, 2), "-0.05");
  EXPECT_EQ(SignedMoneyText(1500, 0), "+1500");  // JPY
}

TEST(AnalyticsText, ExpectedAmountsRoundHalfAwayFromZeroToAMinorUnit) {
  EXPECT_EQ(MoneyFromDoubleText(1234.5, 2), "12.35");
  EXPECT_EQ(MoneyFromDoubleText(1234.49, 2), "12.34");
  EXPECT_EQ(MoneyFromDoubleText(-0.5, 2), "-0.01");
  EXPECT_EQ(MoneyFromDoubleText(0, 2), "0.00");
}

TEST(AnalyticsText, PercentagesAndAbsentFigures) {
  EXPECT_EQ(PercentText(0.256), "25.6%");
  EXPECT_EQ(PercentText(1.0), "100.0%");
  EXPECT_EQ(PercentText(std::nullopt), "\u2014");
}

TEST(AnalyticsText, DurationsInTheirTwoLargestUnits) {
  EXPECT_EQ(DurationText(Seconds(0)), "0s");
  EXPECT_EQ(DurationText(Seconds(42)), "42s");
  EXPECT_EQ(DurationText(Seconds(5 * 60 + 3)), "5m 3s");
  EXPECT_EQ(DurationText(Seconds(2 * 3600 + 5 * 60 + 59)), "2h 5m");
  EXPECT_EQ(DurationText(Seconds(3 * 86400 + 4 * 3600 + 10)), "3d 4h");
  EXPECT_EQ(DurationText(Seconds(-90)), "-1m 30s");
}

TEST(AnalyticsText, SegmentsAndStagesReadAsPeopleSayThem) {
  EXPECT_EQ(SegmentText("potential_loyalists"), "potential loyalists");
  EXPECT_EQ(SegmentText("cant_lose"), "can't lose");
  EXPECT_EQ(SegmentText("champions"), "champions");
  EXPECT_EQ(LeadStageText("LEAD_STAGE_QUALIFIED"), "qualified");
  EXPECT_EQ(LeadStageText("LEAD_STAGE_WON"), "won");
}

TEST(AnalyticsText, ModelFiguresKeepFourSignificantDigitsWithoutExponents) {
  EXPECT_EQ(FigureText(0.24312), "0.2431");
  EXPECT_EQ(FigureText(4.41), "4.41");
  EXPECT_EQ(FigureText(-958.1234), "-958.1");
  EXPECT_EQ(FigureText(123456.71), "123456.7");
  EXPECT_EQ(FigureText(0.00012344), "0.0001234");
  EXPECT_EQ(FigureText(0.1123, 3), "0.112");
}

}  // namespace
}  // namespace sales::salesctl
