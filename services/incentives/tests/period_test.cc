#include "services/incentives/src/domain/period.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

TEST(PeriodTest, ParsesMonthsQuartersAndYears) {
  const Period month = *ParsePeriod("period", "2026-10");
  EXPECT_EQ(month.kind, PeriodKind::kMonth);
  EXPECT_EQ(month.FirstDay(), absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(month.EndDay(), absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(month.Days(), 31);
  EXPECT_EQ(month.Label(), "2026-10");

  const Period quarter = *ParsePeriod("period", "2026-Q4");
  EXPECT_EQ(quarter.FirstDay(), absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(quarter.EndDay(), absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(quarter.Days(), 92);
  ASSERT_EQ(quarter.Months().size(), 3u);
  EXPECT_EQ(quarter.Months()[2].Label(), "2026-12");

  const Period year = *ParsePeriod("period", "2028");
  EXPECT_EQ(year.Days(), 366);  // a leap year
  EXPECT_EQ(year.Months().size(), 12u);
  EXPECT_TRUE(year.Contains(*ParsePeriod("p", "2028-Q1")));
  EXPECT_FALSE(quarter.Contains(*ParsePeriod("p", "2026-09")));
}

TEST(PeriodTest, RefusesBadLabelsNamingTheField) {
  for (const char* bad : {"", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-10", "2026-1", "1969",
                          "2026/10", "2026-10-01", "２０２６"}) {
    const absl::StatusOr<Period> p = ParsePeriod("target.period", bad);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(p.status().message().substr(0, 14), "target.period:") << bad;
  }
}

TEST(PeriodTest, ParsesRealDaysOnly) {
  EXPECT_EQ(*ParseDay("day", "2028-02-29"), absl::CivilDay(2028, 2, 29));
  EXPECT_FALSE(ParseDay("day", "2026-02-29").ok());
  EXPECT_FALSE(ParseDay("day", "2026-2-01").ok());
  EXPECT_FALSE(ParseDay("day", "").ok());
  EXPECT_EQ(DayText(absl::CivilDay(2026, 1, 5)), "2026-01-05");
}

TEST(PeriodTest, DayStartIsMidnightInTheZone) {
  absl::TimeZone shanghai;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &shanghai));
  // 2026-11-01 00:00 in Shanghai (UTC+8) is 2026-10-31 16:00 UTC.
  EXPECT_EQ(DayStart(absl::CivilDay(2026, 11, 1), shanghai),
            absl::FromCivil(absl::CivilSecond(2026, 10, 31, 16, 0, 0), absl::UTCTimeZone()));
  absl::TimeZone sao_paulo;
  ASSERT_TRUE(absl::LoadTimeZone("America/Sao_Paulo", &sao_paulo));
  // 2018-11-04: clocks jumped from 00:00 to 01:00 (UTC-3 -> UTC-2); the day starts at the jump.
  EXPECT_EQ(DayStart(absl::CivilDay(2018, 11, 4), sao_paulo),
            absl::FromCivil(absl::CivilSecond(2018, 11, 4, 3, 0, 0), absl::UTCTimeZone()));
}

}  // namespace
}  // namespace sales::incentives::domain
