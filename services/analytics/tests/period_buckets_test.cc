// The periods a trend, a forecast's history and an anomaly check cover, and daily measures
// summed into them.
#include "services/analytics/src/domain/period_buckets.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone));
  return zone;
}

std::vector<std::string> Labels(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const Period& p : periods) out.push_back(PeriodLabel(p));
  return out;
}

TEST(PeriodsCoveringTest, HoldsThePeriodsOfTheFirstAndLastDayWithNoGap) {
  // Wednesday 2026-11-04 .. Tuesday 2026-11-17: three ISO weeks.
  const absl::StatusOr<std::vector<Period>> weeks =
      PeriodsCovering(Granularity::kIsoWeek, absl::CivilDay(2026, 11, 4),
                      absl::CivilDay(2026, 11, 17), Shanghai(), 10, "last_day");
  ASSERT_TRUE(weeks.ok());
  EXPECT_EQ(Labels(*weeks), (std::vector<std::string>{"2026-W45", "2026-W46", "2026-W47"}));
  EXPECT_EQ(weeks->front().first_day, absl::CivilDay(2026, 11, 2));
}

TEST(PeriodsCoveringTest, RefusesMoreThanTheLimitNamingTheField) {
  const absl::StatusOr<std::vector<Period>> days =
      PeriodsCovering(Granularity::kDay, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 11),
                      Shanghai(), 10, "last_day");
  ASSERT_EQ(days.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(days.status().message().substr(0, 9), "last_day:");
}

TEST(PeriodsEndingByTest, EndsWithTheLastPeriodCompleteOnTheDay) {
  // 29 November is not the end of November: the history ends with October.
  EXPECT_EQ(
      Labels(PeriodsEndingBy(Granularity::kMonth, absl::CivilDay(2026, 11, 29), 3, Shanghai())),
      (std::vector<std::string>{"2026-08", "2026-09", "2026-10"}));
  EXPECT_EQ(
      Labels(PeriodsEndingBy(Granularity::kMonth, absl::CivilDay(2026, 11, 30), 2, Shanghai())),
      (std::vector<std::string>{"2026-10", "2026-11"}));
  // Sunday 2026-11-29 ends ISO week 48.
  EXPECT_EQ(
      Labels(PeriodsEndingBy(Granularity::kIsoWeek, absl::CivilDay(2026, 11, 29), 1, Shanghai())),
      (std::vector<std::string>{"2026-W48"}));
  EXPECT_EQ(Labels(PeriodsEndingBy(Granularity::kDay, absl::CivilDay(2026, 3, 1), 2, Shanghai())),
            (std::vector<std::string>{"2026-02-28", "2026-03-01"}));
}

TEST(PeriodsAfterTest, FollowsThePeriodAcrossTheYear) {
  const Period october =
      PeriodStartingOn(Granularity::kMonth, absl::CivilDay(2026, 10, 1), Shanghai());
  EXPECT_EQ(Labels(PeriodsAfter(october, 4, Shanghai())),
            (std::vector<std::string>{"2026-11", "2026-12", "2027-01", "2027-02"}));
}

TEST(SumPerPeriodTest, SumsTheDaysOfEachPeriodAndIgnoresOthers) {
  const absl::StatusOr<std::vector<Period>> weeks =
      PeriodsCovering(Granularity::kIsoWeek, absl::CivilDay(2026, 11, 2),
                      absl::CivilDay(2026, 11, 15), Shanghai(), 10, "last_day");
  ASSERT_TRUE(weeks.ok());
  const auto day = [](int month, int d, int64_t units) {
    Measures m;
    m[Measure::kUnits] = units;
    return std::pair{absl::CivilDay(2026, month, d), m};
  };
  // 1 Nov is before the first week, 16 Nov after the last one.
  const std::vector<Measures> sums = SumPerPeriod(
      *weeks, {day(11, 1, 100), day(11, 2, 1), day(11, 8, 2), day(11, 9, 4), day(11, 16, 100)});
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums[0][Measure::kUnits], 3);
  EXPECT_EQ(sums[1][Measure::kUnits], 4);
}

}  // namespace
}  // namespace sales::analytics::domain
