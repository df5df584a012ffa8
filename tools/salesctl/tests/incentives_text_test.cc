#include "tools/salesctl/incentives_text.h"

#include <gtest/gtest.h>

namespace sales::salesctl {
namespace {

TEST(IncentivesText, RatesAndAttainmentReadAsExactPercentages) {
  EXPECT_EQ(PpmText(50000), "5%");
  EXPECT_EQ(PpmText(12345), "1.2345%");
  EXPECT_EQ(PpmText(125000), "12.5%");
  EXPECT_EQ(PpmText(0), "0%");
  EXPECT_EQ(BpText(10400), "104.00%");
  EXPECT_EQ(BpText(9714), "97.14%");
  EXPECT_EQ(BpText(-50), "-0.50%");
  EXPECT_EQ(AmountText(-6000, "CNY"), "-60.00");
  EXPECT_EQ(AmountText(1500, "JPY"), "1500");
  EXPECT_EQ(AmountText(300, ""), "300");  // a count
}

TEST(IncentivesText, PercentagesParseExactlyToBasisPointsAndPartsPerMillion) {
  EXPECT_EQ(ParsePercent("--rate", "5%", 4).value(), 50000);
  EXPECT_EQ(ParsePercent("--rate", "2.5", 4).value(), 25000);
  EXPECT_EQ(ParsePercent("--rate", "1.2345%", 4).value(), 12345);
  EXPECT_EQ(ParsePercent("--tiers", "100%", 2).value(), 10000);
  EXPECT_EQ(ParsePercent("--tiers", "97.14%", 2).value(), 9714);
  for (const char* bad : {"", "%", "-5%", "5.%", "1.23456%", "five", "5%%", "1e3"}) {
    const absl::StatusOr<int64_t> parsed = ParsePercent("--rate", bad, 4);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message().substr(0, 8), "--rate: ") << parsed.status();
  }
  EXPECT_FALSE(ParsePercent("--tiers", "97.145%", 2).ok());
}

TEST(IncentivesText, OwnersAndPeriodsAsTheServiceNamesThem) {
  EXPECT_EQ(ParseOwner("--owner", "company").value(), "company");
  EXPECT_EQ(ParseOwner("--owner", "teams/3").value(), "teams/3");
  EXPECT_EQ(ParseOwner("--owner", "reps/li").value(), "reps/li");
  EXPECT_FALSE(ParseOwner("--owner", "reps/").ok());
  EXPECT_FALSE(ParseOwner("--owner", "everyone").ok());
  EXPECT_EQ(ParseIncentivesPeriod("--period", "2026-10").value(), "2026-10");
  EXPECT_EQ(ParseIncentivesPeriod("--period", "2026-q4").value(), "2026-Q4");
  EXPECT_EQ(ParseIncentivesPeriod("--period", "2026").value(), "2026");
  EXPECT_FALSE(ParseIncentivesPeriod("--period", "2026-10-15").ok());
  EXPECT_FALSE(ParseIncentivesPeriod("--period", "2026-W42").ok());
  EXPECT_FALSE(ParseIncentivesPeriod("--period", "2026-13").ok());
  EXPECT_FALSE(ParseIncentivesPeriod("--period", "2026-Q4", /*months_only=*/true).ok());
  const absl::Status refused = ParseIncentivesPeriod("--period", "2026", true).status();
  EXPECT_EQ(refused.message(), "--period: '2026' is not a month YYYY-MM");
}

TEST(IncentivesText, AStatementLineReadsInTheUnitsOfItsKind) {
  iv1::StatementLine line;
  line.set_kind(iv1::LINE_KIND_COMMISSION);
  line.set_rate_ppm(100000);
  line.set_base(2000);
  EXPECT_EQ(LineRateText(line, 2), "10%");
  EXPECT_EQ(LineBaseText(line, 2), "20.00");
  line.set_kind(iv1::LINE_KIND_SPIFF);
  line.set_rate_ppm(200);
  line.set_base(3);
  EXPECT_EQ(LineRateText(line, 2), "2.00/unit");
  EXPECT_EQ(LineBaseText(line, 2), "3 units");
  line.set_kind(iv1::LINE_KIND_ALLOWANCE);
  line.set_rate_ppm(31);
  line.set_base(16);
  EXPECT_EQ(LineRateText(line, 2), "/31 days");
  EXPECT_EQ(LineBaseText(line, 2), "16 days");
  line.set_kind(iv1::LINE_KIND_BONUS);
  line.set_base(10400);
  EXPECT_EQ(LineBaseText(line, 2), "104.00%");
  EXPECT_EQ(LineKindText(iv1::LINE_KIND_DRAW_RECOVERY), "draw_recovery");
}

}  // namespace
}  // namespace sales::salesctl
