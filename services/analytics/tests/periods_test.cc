#include "services/analytics/src/domain/periods.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"

namespace sales::analytics::domain {
namespace {

absl::TimeZone Zone(const char* name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name << ": is tzdata installed?";
  return zone;
}

absl::Time Utc(int y, int mo, int d, int h, int mi, int s) {
  return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone());
}

TEST(PeriodsTest, ADayEndsAtMidnightInTheBusinessZoneOnBothSidesOfIt) {
  const absl::TimeZone shanghai = Zone("Asia/Shanghai");  // UTC+8, no daylight saving
  const absl::Time last = Utc(2026, 11, 30, 15, 59, 59) + absl::Microseconds(999999);
  const absl::Time first = Utc(2026, 11, 30, 16, 0, 0);
  const Period nov30 = PeriodContaining(Granularity::kDay, last, shanghai);
  const Period dec1 = PeriodContaining(Granularity::kDay, first, shanghai);
  EXPECT_EQ(PeriodLabel(nov30), "2026-11-30");
  EXPECT_EQ(PeriodLabel(dec1), "2026-12-01");
  EXPECT_EQ(nov30.start, Utc(2026, 11, 29, 16, 0, 0));
  EXPECT_EQ(nov30.end, first);
  EXPECT_TRUE(nov30.Contains(last));
  EXPECT_FALSE(nov30.Contains(first));
  EXPECT_EQ(dec1.start, nov30.end);
  // The same moments fall in other months and years in the business zone than in UTC.
  EXPECT_EQ(PeriodLabel(PeriodContaining(Granularity::kMonth, first, shanghai)), "2026-12");
  EXPECT_EQ(PeriodLabel(PeriodContaining(Granularity::kMonth, first, absl::UTCTimeZone())),
            "2026-11");
  EXPECT_EQ(
      PeriodLabel(PeriodContaining(Granularity::kYear, Utc(2026, 12, 31, 16, 0, 0), shanghai)),
      "2027");
}

TEST(PeriodsTest, DaylightSavingDaysAreOneDayOf23Or25Hours) {
  const absl::TimeZone berlin = Zone("Europe/Berlin");
  const Period spring = PeriodContaining(Granularity::kDay, Utc(2026, 3, 29, 12, 0, 0), berlin);
  EXPECT_EQ(spring.end - spring.start, absl::Hours(23));
  EXPECT_EQ(spring.Days(), 1);
  EXPECT_EQ(spring.start, Utc(2026, 3, 28, 23, 0, 0));  // midnight CET
  EXPECT_EQ(spring.end, Utc(2026, 3, 29, 22, 0, 0));    // midnight CEST
  const Period autumn = PeriodContaining(Granularity::kDay, Utc(2026, 10, 25, 12, 0, 0), berlin);
  EXPECT_EQ(autumn.end - autumn.start, absl::Hours(25));
  // The week holding the change still has seven days and 167 hours.
  const Period week = PeriodContaining(Granularity::kIsoWeek, Utc(2026, 3, 29, 12, 0, 0), berlin);
  EXPECT_EQ(week.Days(), 7);
  EXPECT_EQ(week.end - week.start, absl::Hours(7 * 24 - 1));
}

TEST(PeriodsTest, WhereMidnightIsSkippedOrRepeatedTheDayStartsAtItsFirstMoment) {
  // Cuba moves its clocks at midnight: 2026-03-08 00:00 CST never happens (05:00 UTC is
  // 01:00 CDT), and 2026-11-01 00:00 happens twice (04:00 UTC in CDT, 05:00 UTC in CST).
  const absl::TimeZone havana = Zone("America/Havana");
  const Period skipped = PeriodContaining(Granularity::kDay, Utc(2026, 3, 8, 12, 0, 0), havana);
  EXPECT_EQ(skipped.start, Utc(2026, 3, 8, 5, 0, 0));
  EXPECT_EQ(skipped.end, Utc(2026, 3, 9, 4, 0, 0));
  EXPECT_EQ(PeriodContaining(Granularity::kDay, Utc(2026, 3, 8, 4, 59, 59), havana).first_day,
            absl::CivilDay(2026, 3, 7));
  const Period repeated = PeriodContaining(Granularity::kDay, Utc(2026, 11, 1, 12, 0, 0), havana);
  EXPECT_EQ(repeated.start, Utc(2026, 11, 1, 4, 0, 0));
  EXPECT_EQ(repeated.end, Utc(2026, 11, 2, 5, 0, 0));
  EXPECT_EQ(PreviousPeriod(repeated, havana).end, repeated.start);
}

TEST(PeriodsTest, IsoWeeksStartOnMondayAndBelongToTheYearOfTheirThursday) {
  // Checked against GNU date's %G-W%V.
  EXPECT_EQ(IsoWeekOf(absl::CivilDay(2026, 11, 30)).week, 49);
  const IsoWeek new_year = IsoWeekOf(absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(new_year.year, 2026);
  EXPECT_EQ(new_year.week, 53);
  const IsoWeek sunday = IsoWeekOf(absl::CivilDay(2021, 1, 3));
  EXPECT_EQ(sunday.year, 2020);
  EXPECT_EQ(sunday.week, 53);
  EXPECT_EQ(IsoWeekOf(absl::CivilDay(2025, 12, 28)).week, 52);
  EXPECT_EQ(IsoWeekOf(absl::CivilDay(2028, 2, 29)).week, 9);

  const absl::TimeZone utc = absl::UTCTimeZone();
  const Period week = PeriodContaining(Granularity::kIsoWeek, Utc(2027, 1, 1, 10, 0, 0), utc);
  EXPECT_EQ(week.first_day, absl::CivilDay(2026, 12, 28));
  EXPECT_EQ(week.end_day, absl::CivilDay(2027, 1, 4));
  EXPECT_EQ(PeriodLabel(week), "2026-W53");
  // A Sunday belongs to the week that started the Monday before.
  EXPECT_EQ(PeriodContaining(Granularity::kIsoWeek, Utc(2026, 12, 6, 23, 0, 0), utc).first_day,
            absl::CivilDay(2026, 11, 30));
}

TEST(PeriodsTest, MonthsQuartersAndYearsAndTheirLabels) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::Time t = Utc(2026, 11, 30, 10, 0, 0);
  const Period month = PeriodContaining(Granularity::kMonth, t, utc);
  EXPECT_EQ(month.first_day, absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(month.Days(), 30);
  EXPECT_EQ(PeriodLabel(month), "2026-11");
  const Period quarter = PeriodContaining(Granularity::kQuarter, t, utc);
  EXPECT_EQ(quarter.first_day, absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(quarter.end_day, absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(PeriodLabel(quarter), "2026-Q4");
  EXPECT_EQ(PeriodLabel(PeriodContaining(Granularity::kQuarter, Utc(2026, 4, 1, 0, 0, 0), utc)),
            "2026-Q2");
  const Period year = PeriodContaining(Granularity::kYear, t, utc);
  EXPECT_EQ(year.Days(), 365);
  EXPECT_EQ(PeriodLabel(year), "2026");
}

TEST(PeriodsTest, ThePreviousPeriodEndsWhereThePeriodStarts) {
  const absl::TimeZone shanghai = Zone("Asia/Shanghai");
  const absl::Time t = Utc(2026, 1, 1, 1, 0, 0);  // 2026-01-01 09:00 in Shanghai
  for (Granularity g : {Granularity::kDay, Granularity::kIsoWeek, Granularity::kMonth,
                        Granularity::kQuarter, Granularity::kYear}) {
    const Period period = PeriodContaining(g, t, shanghai);
    const Period previous = PreviousPeriod(period, shanghai);
    EXPECT_EQ(previous.end, period.start) << PeriodLabel(period);
    EXPECT_EQ(previous.granularity, g);
    EXPECT_EQ(previous, PeriodContaining(g, period.start - absl::Nanoseconds(1), shanghai));
  }
  EXPECT_EQ(
      PeriodLabel(PreviousPeriod(PeriodContaining(Granularity::kQuarter, t, shanghai), shanghai)),
      "2025-Q4");
  EXPECT_EQ(
      PeriodLabel(PreviousPeriod(PeriodContaining(Granularity::kIsoWeek, t, shanghai), shanghai)),
      "2025-W52");
}

TEST(PeriodsTest, TheSamePeriodAYearBefore) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto year_before = [&](Granularity g, absl::Time t) {
    return PeriodLabel(YearBefore(PeriodContaining(g, t, utc), utc));
  };
  EXPECT_EQ(year_before(Granularity::kDay, Utc(2026, 11, 11, 12, 0, 0)), "2025-11-11");
  EXPECT_EQ(year_before(Granularity::kDay, Utc(2028, 2, 29, 12, 0, 0)), "2027-02-28");
  EXPECT_EQ(year_before(Granularity::kIsoWeek, Utc(2026, 11, 30, 12, 0, 0)), "2025-W49");
  // 2025 has 52 ISO weeks: 2026's week 53 compares with 2025's week 52.
  EXPECT_EQ(year_before(Granularity::kIsoWeek, Utc(2026, 12, 30, 12, 0, 0)), "2025-W52");
  EXPECT_EQ(year_before(Granularity::kMonth, Utc(2026, 6, 18, 12, 0, 0)), "2025-06");
  EXPECT_EQ(year_before(Granularity::kQuarter, Utc(2026, 6, 18, 12, 0, 0)), "2025-Q2");
  EXPECT_EQ(year_before(Granularity::kYear, Utc(2026, 6, 18, 12, 0, 0)), "2025");
}

TEST(PeriodsTest, ACustomRangeOfWholeDays) {
  const absl::TimeZone shanghai = Zone("Asia/Shanghai");
  const absl::StatusOr<Period> range =
      CustomPeriod(absl::CivilDay(2026, 11, 1), absl::CivilDay(2026, 11, 16), shanghai, "range");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(PeriodLabel(*range), "2026-11-01..2026-11-15");
  EXPECT_EQ(range->Days(), 15);
  EXPECT_EQ(range->start, Utc(2026, 10, 31, 16, 0, 0));
  const Period previous = PreviousPeriod(*range, shanghai);
  EXPECT_EQ(PeriodLabel(previous), "2026-10-17..2026-10-31");
  EXPECT_EQ(previous.end, range->start);
  EXPECT_EQ(PeriodLabel(YearBefore(*range, shanghai)), "2025-11-01..2025-11-15");

  for (absl::CivilDay to : {absl::CivilDay(2026, 11, 1), absl::CivilDay(2026, 10, 1)}) {
    const absl::StatusOr<Period> bad =
        CustomPeriod(absl::CivilDay(2026, 11, 1), to, shanghai, "range");
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StartsWith(bad.status().message(), "range: ")) << bad.status();
  }
}

}  // namespace
}  // namespace sales::analytics::domain
