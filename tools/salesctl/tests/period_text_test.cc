#include "tools/salesctl/period_text.h"

#include <gtest/gtest.h>

namespace sales::salesctl {
namespace {

PeriodLabel Label(absl::string_view text) {
  absl::StatusOr<PeriodLabel> label = ParsePeriodLabel("--at", text);
  EXPECT_TRUE(label.ok()) << text << ": " << label.status();
  return label.value_or(PeriodLabel{});
}

// The message of a refusal, which must blame the flag first.
std::string Refusal(absl::string_view text) {
  absl::StatusOr<PeriodLabel> label = ParsePeriodLabel("--at", text);
  EXPECT_FALSE(label.ok()) << text << " parsed as " << label.value_or(PeriodLabel{}).label;
  if (label.ok()) return "";
  EXPECT_EQ(label.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(label.status().message().substr(0, 6), "--at: ") << label.status();
  return std::string(label.status().message());
}

TEST(PeriodText, EachLabelFormNamesItsDays) {
  PeriodLabel day = Label("2026-10-15");
  EXPECT_EQ(day.granularity, av1::GRANULARITY_DAY);
  EXPECT_EQ(day.label, "2026-10-15");
  EXPECT_EQ(day.first_day, absl::CivilDay(2026, 10, 15));
  EXPECT_EQ(day.last_day, absl::CivilDay(2026, 10, 15));

  PeriodLabel month = Label("2026-02");
  EXPECT_EQ(month.granularity, av1::GRANULARITY_MONTH);
  EXPECT_EQ(month.first_day, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(month.last_day, absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(Label("2024-02").last_day, absl::CivilDay(2024, 2, 29));

  PeriodLabel quarter = Label("2026-q3");
  EXPECT_EQ(quarter.granularity, av1::GRANULARITY_QUARTER);
  EXPECT_EQ(quarter.label, "2026-Q3");
  EXPECT_EQ(quarter.first_day, absl::CivilDay(2026, 7, 1));
  EXPECT_EQ(quarter.last_day, absl::CivilDay(2026, 9, 30));

  PeriodLabel year = Label("2026");
  EXPECT_EQ(year.granularity, av1::GRANULARITY_YEAR);
  EXPECT_EQ(year.first_day, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(year.last_day, absl::CivilDay(2026, 12, 31));
}

TEST(PeriodText, IsoWeeksFollowIso8601) {
  // Python's date.fromisocalendar gives the same Mondays.
  PeriodLabel w42 = Label("2026-W42");
  EXPECT_EQ(w42.granularity, av1::GRANULARITY_ISO_WEEK);
  EXPECT_EQ(w42.label, "2026-W42");
  EXPECT_EQ(w42.first_day, absl::CivilDay(2026, 10, 12));
  EXPECT_EQ(w42.last_day, absl::CivilDay(2026, 10, 18));
  // Week 1 of 2026 starts in 2025; 2026 (starting on a Thursday) has 53 weeks, 2025 has 52.
  EXPECT_EQ(Label("2026-w01").first_day, absl::CivilDay(2025, 12, 29));
  EXPECT_EQ(Label("2026-W53").first_day, absl::CivilDay(2026, 12, 28));
  EXPECT_NE(Refusal("2025-W53").find("W01 to W52"), std::string::npos);
  EXPECT_EQ(Label("2021-W01").first_day, absl::CivilDay(2021, 1, 4));
}

TEST(PeriodText, RefusesWhatIsNoPeriodNamingTheFlag) {
  EXPECT_NE(Refusal("2026-13").find("no month"), std::string::npos);
  EXPECT_NE(Refusal("2026-00").find("no month"), std::string::npos);
  EXPECT_NE(Refusal("2026-Q5").find("no quarter"), std::string::npos);
  EXPECT_NE(Refusal("2026-W00").find("no ISO week"), std::string::npos);
  Refusal("2026-02-30");
  Refusal("2026-1");
  Refusal("26-10");
  Refusal("2026-10-15T00:00");
  Refusal("");
  Refusal("october");
  // Every refusal shows the forms that work.
  EXPECT_NE(Refusal("2026-13").find("2026-W42"), std::string::npos);
}

TEST(PeriodText, MiddleDaysLieWellInsideTheirPeriods) {
  EXPECT_EQ(MiddleDay(Label("2026-10-15")), absl::CivilDay(2026, 10, 15));
  // The Thursday: an ISO week belongs to the year of its Thursday.
  EXPECT_EQ(MiddleDay(Label("2026-W01")), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(MiddleDay(Label("2026-10")), absl::CivilDay(2026, 10, 15));
  EXPECT_EQ(MiddleDay(Label("2026-Q4")), absl::CivilDay(2026, 11, 15));
  EXPECT_EQ(MiddleDay(Label("2026")), absl::CivilDay(2026, 7, 1));
}

TEST(PeriodText, ALabelFitsItsOwnKindAndCoarserPeriodsHoldingIt) {
  EXPECT_TRUE(LabelFitsPeriod(av1::GRANULARITY_DAY, av1::GRANULARITY_ISO_WEEK));
  EXPECT_TRUE(LabelFitsPeriod(av1::GRANULARITY_DAY, av1::GRANULARITY_YEAR));
  EXPECT_TRUE(LabelFitsPeriod(av1::GRANULARITY_MONTH, av1::GRANULARITY_QUARTER));
  EXPECT_TRUE(LabelFitsPeriod(av1::GRANULARITY_ISO_WEEK, av1::GRANULARITY_ISO_WEEK));
  // A week may straddle two months (or years); a month is not inside a day.
  EXPECT_FALSE(LabelFitsPeriod(av1::GRANULARITY_ISO_WEEK, av1::GRANULARITY_MONTH));
  EXPECT_FALSE(LabelFitsPeriod(av1::GRANULARITY_MONTH, av1::GRANULARITY_DAY));
  EXPECT_FALSE(LabelFitsPeriod(av1::GRANULARITY_YEAR, av1::GRANULARITY_QUARTER));
}

TEST(PeriodText, GranularitiesByName) {
  EXPECT_EQ(ParseGranularity("--period", "Week").value(), av1::GRANULARITY_ISO_WEEK);
  EXPECT_EQ(ParseGranularity("--period", "quarter").value(), av1::GRANULARITY_QUARTER);
  absl::StatusOr<av1::Granularity> bad = ParseGranularity("--period", "fortnight");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "--period: 'fortnight' is none of day, week, month, quarter, year");
  EXPECT_FALSE(ParseDay("--from", "2026-02-29").ok());
  EXPECT_EQ(DayText(ParseDay("--from", "2024-02-29").value()), "2024-02-29");
}

}  // namespace
}  // namespace sales::salesctl
